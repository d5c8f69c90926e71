// The platform with its real runtimes, through the real `openwhisk` client: wasm:0.1 on the executor process (the
// README's tutorial flow), nodejs:20 in node-process and in Docker (skipped with a reason when Docker is missing,
// unless OW_EVAL_REQUIRE_DOCKER=1).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import openwhisk from 'openwhisk';
import { skipReason } from '../test-support/optional-dependency.js';
import { connectDocker } from '../docker-baseline/docker-client.js';
import { launchPlatform } from '../platform/launch.js';
import type { ActivationRecord, OwEvalAnnotation } from '../platform/types.js';
import { buildActions } from '../scenarios/actions/build.js';
import { readJsSource, readWasmZip, wasmZipPath } from '../scenarios/actions/catalog.js';

/** Why this file's Docker tests cannot run (undefined: they can); a required Docker that is missing is a failing test. */
const dockerMissing = await skipReason('docker', 'nodejs:20 on Docker');

const annotation = (record: ActivationRecord, key: string): unknown =>
  record.annotations.find((a) => a.key === key)?.value;
const owEval = (record: ActivationRecord): OwEvalAnnotation => annotation(record, 'ow-eval') as OwEvalAnnotation;

async function failure(promise: Promise<unknown>): Promise<{ statusCode: number; error: ActivationRecord }> {
  try {
    await promise;
  } catch (error) {
    return error as { statusCode: number; error: ActivationRecord };
  }
  throw new Error('expected the invocation to fail');
}

async function ensureActionsBuilt(): Promise<void> {
  if (!existsSync(wasmZipPath('add'))) await buildActions();
}

test('wasm:0.1 on the executor: add from its zip answers {"result":4}, cold with initTime, then warm without', async (t) => {
  await ensureActionsBuilt();
  const platform = await launchPlatform({ port: 0, families: ['wasm'] });
  t.after(() => platform.close());
  const ow = openwhisk({ apihost: platform.url, api_key: platform.apiKey });
  await ow.actions.create({ name: 'add', action: await readWasmZip('add'), kind: 'wasm:0.1' });

  const cold = (await ow.actions.invoke({
    name: 'add',
    blocking: true,
    params: { param1: 2, param2: 2 },
  })) as unknown as ActivationRecord;
  assert.deepEqual(cold.response, { result: { result: 4 }, size: 12, status: 'success', success: true });
  assert.equal(typeof annotation(cold, 'initTime'), 'number');
  assert.equal(typeof annotation(cold, 'waitTime'), 'number');
  assert.equal(owEval(cold).startKind, 'cold');
  assert.equal(owEval(cold).runtime, 'executor');
  assert.match(owEval(cold).containerId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.ok(owEval(cold).engine, 'the executor names its engine');

  const warm = (await ow.actions.invoke({
    name: 'add',
    blocking: true,
    params: { param1: 40, param2: 2 },
  })) as unknown as ActivationRecord;
  assert.deepEqual(warm.response.result, { result: 42 });
  assert.equal(annotation(warm, 'initTime'), undefined);
  assert.equal(owEval(warm).containerId, owEval(cold).containerId);

  const memory = await fetch(`${platform.url}/admin/memory?actions=add`, {
    headers: { authorization: `Basic ${Buffer.from(platform.apiKey).toString('base64')}` },
  });
  const usage = (await memory.json()) as { bytes: number; containers: number };
  assert.equal(usage.containers, 1);
  assert.ok(usage.bytes > 0);
});

test('wasm:0.1 outcomes: an Err is an application error (502), a trap a developer error that replaces the container, a loop times out', async (t) => {
  await ensureActionsBuilt();
  const platform = await launchPlatform({ port: 0, families: ['wasm'] });
  t.after(() => platform.close());
  const ow = openwhisk({ apihost: platform.url, api_key: platform.apiKey });
  await ow.actions.create({ name: 'add', action: await readWasmZip('add'), kind: 'wasm:0.1' });
  const app = await failure(ow.actions.invoke({ name: 'add', blocking: true, params: { param1: 2 } }));
  assert.equal(app.statusCode, 502);
  assert.equal(app.error.response.status, 'application error');
  assert.equal(typeof (app.error.response.result as { error: unknown }).error, 'string');

  await ow.actions.create({ name: 'trap', action: await readWasmZip('trap'), kind: 'wasm:0.1' });
  const trap = await failure(ow.actions.invoke({ name: 'trap', blocking: true }));
  assert.equal(trap.statusCode, 502);
  assert.equal(trap.error.response.status, 'action developer error');
  const again = await failure(ow.actions.invoke({ name: 'trap', blocking: true }));
  assert.equal(owEval(again.error).startKind, 'cold');

  await ow.actions.create({
    name: 'loop',
    action: await readWasmZip('loop'),
    kind: 'wasm:0.1',
    limits: { timeout: 300 },
  });
  const loop = await failure(ow.actions.invoke({ name: 'loop', blocking: true }));
  assert.equal(loop.error.response.status, 'action developer error');
  assert.equal(annotation(loop.error, 'timeout'), true);
});

test('a killed executor is replaced: in-flight work fails as an internal error, the next run is cold there', async (t) => {
  await ensureActionsBuilt();
  const said: string[] = [];
  const platform = await launchPlatform({ port: 0, families: ['wasm'], log: (line) => said.push(line) });
  t.after(() => platform.close());
  const ow = openwhisk({ apihost: platform.url, api_key: platform.apiKey });
  await ow.actions.create({
    name: 'block',
    action: await readWasmZip('block'),
    kind: 'wasm:0.1',
    annotations: { net_access: true },
  });
  await ow.actions.create({ name: 'add', action: await readWasmZip('add'), kind: 'wasm:0.1' });
  const before = (await ow.actions.invoke({
    name: 'add',
    blocking: true,
    params: { param1: 1, param2: 1 },
  })) as unknown as ActivationRecord;
  assert.equal(owEval(before).restarts, 0);

  const running = failure(ow.actions.invoke({ name: 'block', blocking: true }));
  await sleep(100);
  process.kill(platform.runtimes.wasm!.pid!, 'SIGKILL');
  const died = await running;
  assert.equal(died.statusCode, 500);
  assert.equal(died.error.response.status, 'whisk internal error');
  assert.match(String((died.error.response.result as { error: string }).error), /executor died/);

  // Later invocations are served by a new executor process (started with backoff), cold: the old container is gone.
  const after = (await ow.actions.invoke({
    name: 'add',
    blocking: true,
    params: { param1: 2, param2: 2 },
  })) as unknown as ActivationRecord;
  assert.deepEqual(after.response.result, { result: 4 });
  assert.equal(owEval(after).startKind, 'cold');
  assert.notEqual(owEval(after).containerId, owEval(before).containerId);
  assert.equal(owEval(after).restarts, 1);
  const warm = (await ow.actions.invoke({
    name: 'add',
    blocking: true,
    params: { param1: 2, param2: 2 },
  })) as unknown as ActivationRecord;
  assert.equal(owEval(warm).startKind, 'warm');
  assert.ok(
    said.some((line) => /wasm executor \(pid \d+\) exited \(SIGKILL\)/.test(line)),
    said.join('\n'),
  );
  assert.ok(
    said.some((line) => /wasm executor restarted .* restart 1\)/.test(line)),
    said.join('\n'),
  );
  assert.equal((await ow.actions.list()).length, 2);
});

for (const variant of ['node-process', 'docker'] as const) {
  test(`nodejs:20 in ${variant}: the JS add answers {"result":4}, cold with initTime, then warm without`, async (t) => {
    if (variant === 'docker' && !dockerOrSkip(t)) return;
    const platform = await launchPlatform({ port: 0, families: ['nodejs'], baseline: variant });
    t.after(() => platform.close());
    const info = (await (await fetch(`${platform.url}/api/v1`)).json()) as {
      ow_eval: { runtimes: { nodejs: { runtime: string } } };
    };
    assert.equal(info.ow_eval.runtimes.nodejs.runtime, variant);
    const ow = openwhisk({ apihost: platform.url, api_key: platform.apiKey });
    await ow.actions.create({ name: 'add-js', action: await readJsSource('add'), kind: 'nodejs:20' });
    const cold = (await ow.actions.invoke({
      name: 'add-js',
      blocking: true,
      params: { param1: 2, param2: 2 },
    })) as unknown as ActivationRecord;
    assert.deepEqual(cold.response.result, { result: 4 });
    assert.equal(typeof annotation(cold, 'initTime'), 'number');
    assert.equal(owEval(cold).runtime, variant);
    assert.equal(owEval(cold).startKind, 'cold');
    const warm = (await ow.actions.invoke({
      name: 'add-js',
      blocking: true,
      params: { param1: 2, param2: 2 },
    })) as unknown as ActivationRecord;
    assert.equal(annotation(warm, 'initTime'), undefined);
    assert.equal(owEval(warm).containerId, owEval(cold).containerId);
    const app = await failure(ow.actions.invoke({ name: 'add-js', blocking: true, params: { param1: 2 } }));
    assert.equal(app.statusCode, 502);
    assert.deepEqual(app.error.response.result, { error: 'Expected param2.' });
  });

  test(`nodejs:20 in ${variant}: a container killed mid-run is replaced, the next run is cold in a new one`, async (t) => {
    if (variant === 'docker' && !dockerOrSkip(t)) return;
    const platform = await launchPlatform({ port: 0, families: ['nodejs'], baseline: variant });
    t.after(() => platform.close());
    const ow = openwhisk({ apihost: platform.url, api_key: platform.apiKey });
    const code =
      'function main(a) { return a.waitMs ? new Promise((r) => setTimeout(() => r({ ok: 1 }), a.waitMs)) : { ok: 1 }; }';
    await ow.actions.create({ name: 'nap', action: code, kind: 'nodejs:20' });
    const first = (await ow.actions.invoke({ name: 'nap', blocking: true })) as unknown as ActivationRecord;
    const victim = owEval(first).containerId;
    const running = failure(ow.actions.invoke({ name: 'nap', blocking: true, params: { waitMs: 20_000 } }));
    await sleep(300);
    if (variant === 'docker') await connectDocker().docker.getContainer(victim).kill();
    else process.kill(Number(victim.replace('node-process-', '')), 'SIGKILL');
    const died = await running;
    assert.equal(died.error.response.status, 'action developer error');
    const next = (await ow.actions.invoke({ name: 'nap', blocking: true })) as unknown as ActivationRecord;
    assert.deepEqual(next.response.result, { ok: 1 });
    assert.equal(owEval(next).startKind, 'cold');
    assert.notEqual(owEval(next).containerId, victim);
  });
}

/** Runs the rest of a Docker test when Docker answers; skips it (or fails it, when required) otherwise. */
function dockerOrSkip(t: TestContext): boolean {
  const reason = dockerMissing;
  if (reason === undefined) return true;
  t.skip(reason);
  return false;
}
