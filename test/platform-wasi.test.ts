// Host directories and the WASI layer through the platform, with the real `openwhisk` client and the guest key: a
// `dir` annotation outside every --allow-dir is refused at create and update (OpenWhisk's 400 shape), nothing is
// created on the host, an allowed dir works, and the WAT fixtures of WASI calls before `_start` run as wasm:0.1.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openwhisk from 'openwhisk';
import { zip } from '../test-support/executor-http.js';
import { beforeStartProbe, openAndKeepProbe, wat } from '../test-support/wat.js';
import { launchPlatform } from '../platform/launch.js';
import type { ActivationRecord } from '../platform/types.js';

const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'ow-eval-platform-wasi-')));
const allowed = join(scratch, 'allowed');
const outside = join(scratch, 'outside');
mkdirSync(allowed);
mkdirSync(outside);
let platform: Awaited<ReturnType<typeof launchPlatform>>;
let ow: ReturnType<typeof openwhisk>;

before(async () => {
  platform = await launchPlatform({ port: 0, families: ['wasm'], allowDirs: [allowed] });
  ow = openwhisk({ apihost: platform.url, api_key: platform.apiKey }); // the guest key: any API user
});
after(async () => {
  await platform.close();
  rmSync(scratch, { recursive: true, force: true });
});

const zipOf = async (source: string): Promise<Buffer> => Buffer.from(zip([['action.wasm', await wat(source)]]));

async function refusal(
  promise: Promise<unknown>,
): Promise<{ statusCode: number; error: { error: string; code: string } }> {
  try {
    await promise;
  } catch (error) {
    return error as { statusCode: number; error: { error: string; code: string } };
  }
  throw new Error('expected a refusal');
}

test('an API user cannot make a module write outside the allowed dirs: dir is refused at create and update', async () => {
  const action = await zipOf(openAndKeepProbe('pwned.txt'));
  const escape = join(allowed, 'escape');
  symlinkSync(outside, escape); // below an allowed dir by name, outside it by real path
  for (const dir of [outside, escape, '/', join(allowed, '..', 'outside')]) {
    const refused = await refusal(ow.actions.create({ name: 'pwn', action, kind: 'wasm:0.1', annotations: { dir } }));
    assert.equal(refused.statusCode, 400, dir);
    assert.match(refused.error.error, /--allow-dir/, dir);
    assert.equal(typeof refused.error.code, 'string');
  }
  const missing = join(allowed, 'not-yet', 'deeper');
  const absent = await refusal(
    ow.actions.create({ name: 'pwn', action, kind: 'wasm:0.1', annotations: { dir: missing } }),
  );
  assert.equal(absent.statusCode, 400);
  assert.equal(existsSync(join(allowed, 'not-yet')), false, "no host folder is created on an action's behalf");

  await ow.actions.create({ name: 'pwn', action, kind: 'wasm:0.1' });
  const update = await refusal(
    ow.actions.update({ name: 'pwn', action, kind: 'wasm:0.1', annotations: { dir: outside } }),
  );
  assert.equal(update.statusCode, 400);
  const run = (await ow.actions.invoke({ name: 'pwn', blocking: true })) as unknown as ActivationRecord;
  assert.deepEqual(run.response.result, { value: 8 }); // EBADF: without a granted dir there is no fd 3
  assert.deepEqual(readdirSync(outside), []);
  rmSync(escape); // the executor refuses to grant a tree holding an outward symlink; the next tests grant `allowed`
});

test('an allowed dir (or a folder below it) is granted: the module creates its file there', async () => {
  const below = join(allowed, 'below');
  mkdirSync(below);
  for (const [name, dir] of [
    ['writer', allowed],
    ['writer-below', below],
  ] as const) {
    await ow.actions.create({
      name,
      action: await zipOf(openAndKeepProbe('made.txt')),
      kind: 'wasm:0.1',
      annotations: { dir },
    });
    const run = (await ow.actions.invoke({ name, blocking: true })) as unknown as ActivationRecord;
    assert.deepEqual(run.response.result, { value: 0 });
    assert.equal(readFileSync(join(dir, 'made.txt'), 'utf8'), 'x');
  }
});

test('wasm:0.1 runs WASI calls made in the start function and in constructor wrappers before _start', async () => {
  await ow.actions.create({
    name: 'start-args',
    action: await zipOf(beforeStartProbe('start-args')),
    kind: 'wasm:0.1',
  });
  const params = { abc: 1 };
  const args = (await ow.actions.invoke({ name: 'start-args', blocking: true, params })) as unknown as ActivationRecord;
  assert.deepEqual(args.response.result, { s: String(Buffer.byteLength(JSON.stringify(params))) });

  await ow.actions.create({
    name: 'ctor-prestat',
    action: await zipOf(beforeStartProbe('ctor-prestat')),
    kind: 'wasm:0.1',
    annotations: { dir: allowed },
  });
  const prestat = (await ow.actions.invoke({ name: 'ctor-prestat', blocking: true })) as unknown as ActivationRecord;
  assert.deepEqual(prestat.response.result, { s: allowed });
});
