// Modules built the way wow's users build them (executor/fixtures: Rust wasm32-wasi, C with wasi-libc,
// AssemblyScript reading process.argv at top level, WAT for the two WASI-timing patterns), run through
// `ow-eval executor` (the fork protocol over HTTP, as a separate process) and through the embedded platform as
// wasm:0.1 actions with the real `openwhisk` client. Each expectation is what wow's ABI defines: the module leaves
// {"Ok": v} or {"Err": {"error": m}} in its buffer; a trap is a failed activation with the trap and stderr.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openwhisk from 'openwhisk';
import { initBody, post, runBody, zip } from '../test-support/executor-http.js';
import { spawnExecutor, type ExecutorProcess } from '../platform/runtimes/executor-process.js';
import { launchPlatform } from '../platform/launch.js';
import type { ActivationRecord } from '../platform/types.js';

const fixturesDir = fileURLToPath(new URL('../../executor/fixtures/modules/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'ow-eval-wow-modules-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

type Expected = { Ok: unknown } | { Err: { error: string | RegExp } } | { trap: RegExp[] } | { initError: RegExp };

interface Case {
  name: string;
  module: string;
  params: Record<string, unknown>;
  annotations?: Record<string, unknown>;
  expect: Expected;
}

const granted = join(scratch, 'granted');
mkdirSync(granted);
/** The operator's grant (`--allow-dir`): a `dir` annotation must lie below it. */
const allowDirs = [scratch];
const cases: Case[] = [
  { name: 'Rust add', module: 'rust-add', params: { param1: 2, param2: 3 }, expect: { Ok: { result: 5 } } },
  {
    name: 'Rust add, a missing parameter',
    module: 'rust-add',
    params: { param1: 2 },
    expect: { Err: { error: 'Expected param2.' } },
  },
  {
    name: 'Rust add with DWARF (822 KiB)',
    module: 'rust-add-debug',
    params: { param1: 40, param2: 2 },
    expect: { Ok: { result: 42 } },
  },
  {
    name: 'Rust filesystem under the granted dir',
    module: 'rust-filesystem',
    params: { dir: granted, name: 'note.txt', text: 'kept' },
    annotations: { dir: granted },
    expect: { Ok: { read: 'kept', entries: ['note.txt'] } },
  },
  {
    name: 'Rust filesystem without a grant',
    module: 'rust-filesystem',
    params: { dir: join(scratch, 'not-granted'), name: 'x', text: 'x' },
    expect: { Err: { error: /^cannot write / } },
  },
  {
    name: 'Rust random_get',
    module: 'rust-random',
    params: { len: 32 },
    expect: { Ok: { errno: 0, len: 32, differ: true } },
  },
  { name: 'Rust clocks', module: 'rust-clocks', params: {}, expect: { Ok: { after2020: true, monotonic: true } } },
  {
    name: 'Rust sleep (poll_oneoff)',
    module: 'rust-sleep',
    params: { ms: 30 },
    expect: { Ok: { sleptAtLeast: true } },
  },
  {
    name: 'Rust http.get with net_access',
    module: 'rust-http',
    params: {},
    annotations: { net_access: true },
    expect: { Ok: { status: 0 } },
  },
  {
    name: 'Rust http.get without net_access',
    module: 'rust-http',
    params: {},
    expect: { initError: /imports http\.get.*'net_access' is true/ },
  },
  {
    name: 'Rust panic',
    module: 'rust-panic',
    params: { why: 1 },
    expect: { trap: [/^The action trapped: /, /the fixture panics on purpose with \{"why":1\}/] },
  },
  {
    name: 'C echo',
    module: 'c-echo',
    params: { a: [1, 'b'] },
    expect: { Ok: { params: { a: [1, 'b'] }, after2020: true } },
  },
  {
    name: 'AssemblyScript process.argv at top level',
    module: 'as-argv',
    params: { a: 1 },
    expect: { Ok: { argc: 1, params: { a: 1 } } },
  },
  { name: 'WAT: WASI before _start', module: 'wat-wasi-before-start', params: { x: 'y' }, expect: { Ok: { x: 'y' } } },
  {
    name: 'WAT: WASI in the start function',
    module: 'wat-wasi-in-start-function',
    params: {},
    expect: { Ok: { argc: 1 } },
  },
];

const zipped = (module: string): Uint8Array =>
  zip([['action.wasm', readFileSync(join(fixturesDir, `${module}.wasm`))]]);

describe('through `ow-eval executor` (fork protocol)', () => {
  let executor: ExecutorProcess;
  before(async () => {
    executor = await spawnExecutor({ workers: 2, allowDirs });
  });
  after(() => executor.stop());

  for (const c of cases) {
    test(c.name, async () => {
      const id = crypto.randomUUID();
      const init = await post(`${executor.url}/${id}/init`, initBody(zipped(c.module), c.annotations ?? {}), {
        'x-ow-eval-secret': executor.secret,
      });
      if ('initError' in c.expect) {
        assert.equal(init.status, 502);
        assert.match((init.body as { error: string }).error, c.expect.initError);
        return;
      }
      assert.equal(init.status, 200, init.text);
      const run = await post(`${executor.url}/${id}/run`, runBody(c.params), {
        'x-ow-eval-logs': 'true',
        'x-ow-eval-secret': executor.secret,
      });
      if ('trap' in c.expect) {
        assert.equal(run.status, 502, run.text);
        for (const pattern of c.expect.trap) assert.match((run.body as { error: string }).error, pattern);
        return;
      }
      assert.equal(run.status, 200, run.text);
      const body = run.body as { status: string; status_code: number; success: boolean; result: unknown };
      if ('Ok' in c.expect) {
        assert.deepEqual([body.status, body.status_code, body.success, body.result], ['success', 0, true, c.expect.Ok]);
      } else {
        assert.deepEqual([body.status, body.status_code, body.success], ['application error', 1, false]);
        assertError((body.result as { error: string }).error, c.expect.Err.error);
      }
    });
  }
});

describe('through the platform as wasm:0.1 actions (openwhisk client)', () => {
  let platform: Awaited<ReturnType<typeof launchPlatform>>;
  let ow: ReturnType<typeof openwhisk>;
  before(async () => {
    platform = await launchPlatform({ port: 0, families: ['wasm'], executorWorkers: 2, allowDirs });
    ow = openwhisk({ apihost: platform.url, api_key: platform.apiKey });
  });
  after(() => platform.close());

  for (const [i, c] of cases.entries()) {
    test(c.name, async () => {
      const name = `fixture-${i}`;
      const annotations = c.annotations ?? {};
      await ow.actions.create({ name, action: Buffer.from(zipped(c.module)), kind: 'wasm:0.1', annotations });
      let record: ActivationRecord;
      let statusCode = 200;
      try {
        record = (await ow.actions.invoke({ name, blocking: true, params: c.params })) as unknown as ActivationRecord;
      } catch (error) {
        ({ statusCode, error: record } = error as { statusCode: number; error: ActivationRecord });
      }
      const { response } = record;
      if ('Ok' in c.expect) {
        assert.equal(statusCode, 200, JSON.stringify(response));
        assert.deepEqual([response.status, response.success, response.result], ['success', true, c.expect.Ok]);
      } else if ('Err' in c.expect) {
        assert.deepEqual([statusCode, response.status], [502, 'application error'], JSON.stringify(response));
        assertError((response.result as { error: string }).error, c.expect.Err.error);
      } else {
        assert.deepEqual([statusCode, response.status], [502, 'action developer error'], JSON.stringify(response));
        const error = (response.result as { error: string }).error;
        for (const pattern of 'trap' in c.expect ? c.expect.trap : [c.expect.initError]) assert.match(error, pattern);
      }
    });
  }
});

function assertError(actual: string, expected: string | RegExp): void {
  if (typeof expected === 'string') assert.equal(actual, expected);
  else assert.match(actual, expected);
}
