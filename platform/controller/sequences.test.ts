// Sequences through the real `openwhisk` client (fake containers): create-time checks with OpenWhisk's messages,
// invocation in order with each result the next input, the first error stopping it, and the records' annotations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annotation, platform, rejection } from '../../test-support/platform-testing.js';
import type { ActivationRecord } from '../types.js';

test('a sequence runs its components in order, each result the next input, and records them', async (t) => {
  const { ow } = await platform(t);
  await ow.packages.create({ name: 'pkg', package: { parameters: [{ key: 'fromPackage', value: true }] } });
  await ow.actions.create({ name: 'first', action: 'code', params: { step1: true } });
  await ow.actions.create({ name: 'pkg/second', action: 'code', params: { step2: true } });
  const sequence = ['/guest/first', '/_/pkg/second', '/whisk.system/utils/echo'];
  type Seq = { exec: { kind: string; components: string[] }; parameters: unknown[]; annotations: unknown[] };
  const seq = (await ow.actions.create({ name: 'seq', sequence } as never)) as unknown as Seq;
  assert.deepEqual(seq.exec, { kind: 'sequence', components: ['/guest/first', '/guest/pkg/second', sequence[2]] });
  assert.deepEqual(seq.parameters, [{ key: '_actions', value: seq.exec.components }]);
  assert.deepEqual(seq.annotations, [
    { key: 'provide-api-key', value: false },
    { key: 'exec', value: 'sequence' },
  ]);
  const invoked = await ow.actions.invoke({ name: 'seq', blocking: true, params: { input: 1 } });
  const record = invoked as unknown as ActivationRecord;
  assert.equal(record.response.status, 'success');
  const result = record.response.result as Record<string, unknown>;
  assert.equal(result.input, 1);
  assert.equal(result.step1, true);
  assert.equal(result.step2, true);
  assert.equal(result.fromPackage, true);
  assert.equal(annotation(record, 'topmost'), true);
  assert.equal(annotation(record, 'kind'), 'sequence');
  assert.equal(annotation(record, 'path'), 'guest/seq');
  assert.equal(typeof annotation(record, 'waitTime'), 'number');
  assert.deepEqual(annotation(record, 'limits'), { timeout: 60000, memory: 256, logs: 10 });
  assert.equal(record.logs.length, 3);
  const stored = (await ow.activations.get({ name: record.activationId })) as unknown as ActivationRecord;
  assert.deepEqual(stored.logs, record.logs);
  let durations = 0;
  for (const [i, id] of record.logs.entries()) {
    const component = (await ow.activations.get({ name: id })) as unknown as ActivationRecord;
    assert.equal(component.cause, record.activationId);
    assert.equal(annotation(component, 'causedBy'), 'sequence');
    assert.equal(annotation(component, 'path'), ['guest/first', 'guest/pkg/second', 'whisk.system/utils/echo'][i]);
    durations += component.duration;
  }
  assert.equal(record.duration, durations);
});

test('the first error stops a sequence; nested sequences carry causedBy and their cause', async (t) => {
  const { ow } = await platform(t);
  await ow.actions.create({ name: 'ok', action: 'code' });
  await ow.actions.create({ name: 'inner', sequence: ['/guest/ok', '/guest/ok'] } as never);
  await ow.actions.create({ name: 'outer', sequence: ['/guest/inner', '/guest/ok'] } as never);
  const record = (await ow.actions.invoke({ name: 'outer', blocking: true })) as unknown as ActivationRecord;
  assert.equal(record.logs.length, 2);
  const inner = (await ow.activations.get({ name: record.logs[0]! })) as unknown as ActivationRecord;
  assert.equal(annotation(inner, 'topmost'), false);
  assert.equal(annotation(inner, 'causedBy'), 'sequence');
  assert.equal(inner.cause, record.activationId);
  assert.equal(inner.logs.length, 2);
  const failure = await rejection(ow.actions.invoke({ name: 'outer', blocking: true, params: { fail: 'boom' } }));
  assert.equal(failure.statusCode, 502);
  const failed = failure.error as unknown as ActivationRecord;
  assert.deepEqual(failed.response.result, { error: 'boom' });
  assert.equal(failed.logs.length, 1, 'the outer sequence stopped after the inner one failed');
  const innerFailed = (await ow.activations.get({ name: failed.logs[0]! })) as unknown as ActivationRecord;
  assert.equal(innerFailed.logs.length, 1, 'the inner sequence stopped at its first component');
  await ow.actions.delete({ name: 'ok' });
  const gone = await rejection(ow.actions.invoke({ name: 'outer', blocking: true }));
  const goneRecord = gone.error as unknown as ActivationRecord;
  assert.deepEqual(goneRecord.response.result, { error: 'Sequence component does not exist.' });
});

test("sequence create errors carry OpenWhisk's codes and messages", async (t) => {
  const { ow } = await platform(t);
  const fail = async (sequence: unknown, status: number, message: string, name = 's') => {
    const error = await rejection(ow.actions.update({ name, sequence } as never));
    assert.equal(error.statusCode, status, message);
    assert.equal(error.error.error, message);
  };
  await ow.actions.create({ name: 'a', action: 'code' });
  await fail(['/guest/missing'], 400, 'Sequence component does not exist.');
  await fail(
    Array.from({ length: 51 }, () => '/guest/a'),
    400,
    'Too many actions in the sequence.',
  );
  await fail(['/someone/a'], 403, 'The supplied authentication is not authorized to access this resource.');
  await fail(
    ['a'],
    400,
    'The request content was malformed:\nThe fully qualified name of the entity must contain ' +
      'at least the namespace and the name of the entity.',
  );
  const exec = { kind: 'sequence', components: [] };
  const empty = await rejection(ow.actions.create({ name: 's', action: { exec } } as never));
  assert.equal(empty.statusCode, 400);
  assert.equal(empty.error.error, 'No component specified for the sequence.');
  await ow.actions.create({ name: 's1', sequence: ['/guest/a'] } as never);
  await fail(['/guest/s1'], 400, 'Sequence may not refer to itself.', 's1');
  await fail(['/guest/a'], 400, 'Sequence may not refer to itself.', 'a');
  await ow.actions.create({ name: 'long', sequence: Array.from({ length: 30 }, () => '/guest/a') } as never);
  await fail(['/guest/long', '/guest/long'], 400, 'Too many actions in the sequence.');
  // A sequence has no host directory to check: a `dir` annotation on it is just an annotation.
  const annotated = await ow.actions.create({ name: 's3', sequence: ['/guest/a'], annotations: { dir: '/' } } as never);
  assert.equal((annotated as unknown as { name: string }).name, 's3');
  const alarms = await rejection(ow.actions.create({ name: 's2', sequence: ['/whisk.system/alarms/alarm'] } as never));
  assert.equal(alarms.statusCode, 501);
});
