// Fault injection on the activation path (issue 21): each step of an invoke (container acquire, /init, /run, log
// collection, result serialisation, record store, sequence step, web response) is made to throw, and each step that
// waits on something is made to hang, in turn, on each way in (a blocking invoke, a sequence, a web action). After
// each: the request was answered, the activation's record exists in OpenWhisk's shape, no container lease is held,
// and an unrelated action is still served.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OwEvalError } from '../errors/ow-eval-error.js';
import { asyncFaultSteps, faultSteps, type FaultInjector, type FaultStep } from '../platform/invoker/faults.js';
import { platform, raw } from '../test-support/platform-testing.js';
import { activationStatuses, type ActivationRecord } from '../platform/types.js';

type Mode = 'throw' | 'hang';

/** Fires once at the armed step, then lets everything through. */
class OneShot implements FaultInjector {
  armed: { step: FaultStep; mode: Mode } | undefined;
  fired = 0;
  at(step: FaultStep): void | Promise<void> {
    if (this.armed?.step !== step) return;
    const { mode } = this.armed;
    this.armed = undefined;
    this.fired += 1;
    if (mode === 'throw') throw new OwEvalError('FAULT_INJECTED', `injected at ${step}`);
    return new Promise<void>(() => undefined); // never settles: the path's deadline must end it
  }
}

const paths = ['invoke', 'sequence', 'web'] as const;

test('every step of the activation path, made to throw or hang: answered, recorded, lease free, others served', async (t) => {
  const faults = new OneShot();
  const { running, ow } = await platform(t, { faults, provisionTimeoutMs: 300, containerCallGraceMs: 300 });
  await ow.actions.create({
    name: 'target',
    action: 'code',
    kind: 'nodejs:20',
    limits: { timeout: 1000 },
    annotations: { 'web-export': true },
  });
  await ow.actions.create({ name: 'other', action: 'code', kind: 'nodejs:20' });
  await ow.actions.create({
    name: 'seq',
    action: { exec: { kind: 'sequence', components: ['/guest/target'] } },
  } as never);
  let cases = 0;
  for (const path of paths) {
    for (const step of faultSteps) {
      if (step === 'web-response' && path !== 'web') continue;
      if (step === 'sequence-step' && path !== 'sequence') continue;
      for (const mode of ['throw', 'hang'] as const) {
        if (mode === 'hang' && !asyncFaultSteps.includes(step)) continue;
        const name = `${path}/${step}/${mode}`;
        // Cold each time, so that /init is on the path.
        assert.equal((await raw(running, 'POST', '/admin/drain', '{"action":"target"}')).status, 200);
        faults.armed = { step, mode };
        const before = faults.fired;
        const answer =
          path === 'web'
            ? await fetch(`${running.url}/api/v1/web/guest/default/target.json`)
            : await raw(
                running,
                'POST',
                `/api/v1/namespaces/guest/actions/${path === 'sequence' ? 'seq' : 'target'}?blocking=true`,
                '{}',
              );
        const text = await answer.text();
        assert.equal(faults.fired, before + 1, `${name}: the fault fired`);
        assert.notEqual(answer.status, 202, `${name}: answered within the wait (${text})`);
        const id = answer.headers.get('x-openwhisk-activation-id');
        assert.ok(id, `${name}: activation id header (${answer.status} ${text})`);
        const stored = await raw(running, 'GET', `/api/v1/namespaces/guest/activations/${id}`);
        assert.equal(stored.status, 200, `${name}: the record exists`);
        const record = (await stored.json()) as ActivationRecord;
        assert.ok(activationStatuses.includes(record.response.status), `${name}: ${record.response.status}`);
        assert.equal(record.response.success, record.response.status === 'success', name);
        if (record.response.status !== 'success') {
          assert.equal(typeof (record.response.result as { error?: unknown }).error, 'string', `${name}: {error}`);
        }
        const leased = running.poolState().containers.filter((c) => c.active > 0);
        assert.deepEqual(leased, [], `${name}: no lease held`);
        const other = await ow.actions.invoke({ name: 'other', blocking: true });
        assert.equal((other as unknown as ActivationRecord).response.status, 'success', `${name}: others served`);
        cases += 1;
      }
    }
  }
  assert.equal(cases, 3 * 6 + 1 + 1 + 3 * 3 + 1, 'every case ran');
});
