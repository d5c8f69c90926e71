// End to end with the real `/whisk.system/utils/echo` (nodejs:20 as node-process) and the real `openwhisk` client: a
// rule of the guest namespace names the shared action, and firing its trigger runs echo with the trigger's payload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import openwhisk from 'openwhisk';
import { waitForActivation } from '../test-support/activation-wait.js';
import { launchPlatform } from '../platform/launch.js';

test('a fired trigger whose rule names /whisk.system/utils/echo runs echo with the payload', async (t) => {
  const platform = await launchPlatform({ port: 0, families: ['nodejs'], baseline: 'node-process' });
  t.after(() => platform.close());
  const ow = openwhisk({ apihost: platform.url, api_key: platform.apiKey });
  await ow.triggers.create({ name: 'tick', trigger: { parameters: [{ key: 'from', value: 'trigger' }] } });
  await ow.rules.create({ name: 'echo_rule', trigger: 'tick', action: '/whisk.system/utils/echo' });

  const fired = await ow.triggers.invoke({ name: 'tick', params: { hello: 'world' } });
  const trigger = await waitForActivation(ow, fired.activationId);
  type RuleResult = { rule: string; action: string; success: boolean; activationId: string };
  const [ruleResult] = trigger.logs.map((line) => JSON.parse(line) as RuleResult);
  assert.deepEqual(
    [ruleResult!.rule, ruleResult!.action, ruleResult!.success],
    ['guest/echo_rule', 'whisk.system/utils/echo', true],
  );
  const run = await waitForActivation(ow, ruleResult!.activationId);
  assert.equal(run.response.status, 'success');
  const result = run.response.result as Record<string, unknown>;
  assert.deepEqual([result.hello, result.from], ['world', 'trigger']);
  assert.equal(run.annotations.find((a) => a.key === 'path')?.value, 'whisk.system/utils/echo');
});
