// Instance reuse must be invisible: no activation may observe another's writes to memory, globals (exported or
// not), tables, WASI state or descriptors. Three angles: a probe module that looks for every kind of leftover and
// leaves every kind behind (with a control that shows it sees them when nothing is restored); every fixture module,
// whose restored instance is compared, byte for byte and slot for slot, with a new instance of the same module; and
// the executor over HTTP, where the run reply says whether the instance was reused.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileAction, type LoadedCode } from '../code.js';
import { INSTANCE_HEADER } from '../reply.js';
import { startExecutor } from '../server.js';
import { initBody, post, runBody } from '../../test-support/executor-http.js';
import { growProbe, leftoverProbe, passiveDataProbe, wat } from '../../test-support/wat.js';
import { type ActivationSpec, type InstanceReuse, runActivation } from './activation.js';
import { createFdSlots, HostFdSlots } from './host-fds.js';
import { ParkedInstances, type SavedState } from './instance-reuse.js';
import { wasiImport } from './wasi.js';

const MB = 1024 * 1024;
const CLEAN = '{"dirty":"000000000"}';
const scratch = mkdtempSync(join(tmpdir(), 'ow-eval-reuse-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const fds = new HostFdSlots(createFdSlots());
const hooks = { sleep: () => {}, fds };
let keys = 0;

function parkedInstances(maxPages = 4096): ParkedInstances {
  const counter = (): Int32Array => new Int32Array(new SharedArrayBuffer(4));
  return new ParkedInstances({ total: counter(), own: counter(), maxPages });
}

function specFor(code: LoadedCode, extra: Partial<ActivationSpec> = {}): ActivationSpec {
  return { abi: code.abi, input: '{}', env: {}, netAccess: false, memoryLimitBytes: 256 * MB, ...extra };
}

const probeCode = async (): Promise<LoadedCode> =>
  compileAction(await wat(leftoverProbe, { reference_types: true }), 256 * MB);

test('the leftover probe finds nothing in 25 activations that reuse one instance', async () => {
  const code = await probeCode();
  assert.equal(code.reusable, true);
  const dir = mkdtempSync(join(scratch, 'granted-'));
  const reuse: InstanceReuse = { parked: parkedInstances(), key: `k${++keys}` };
  const origins: string[] = [];
  for (let i = 0; i < 25; i++) {
    const result = runActivation(code.module, specFor(code, { dir }), hooks, reuse);
    assert.deepEqual(result.outcome, { kind: 'success', resultJson: CLEAN }, `activation ${i}`);
    origins.push(result.instance);
  }
  assert.deepEqual(origins, ['fresh', ...Array<string>(24).fill('reused')]);
  assert.ok(existsSync(join(dir, 'f')), 'the probe opened a file, so a descriptor left open would have been seen');
});

test('control: the same probe on an instance used again without restoring sees memory, globals and tables', async () => {
  const code = await probeCode();
  let kept: SavedState | undefined;
  const neverRestores = { take: () => kept, park: (_key: string, state: SavedState) => void (kept = state) };
  const reuse: InstanceReuse = { parked: neverRestores, key: 'control' };
  const first = runActivation(code.module, specFor(code), hooks, reuse);
  assert.deepEqual(first.outcome, { kind: 'success', resultJson: CLEAN });
  const second = runActivation(code.module, specFor(code), hooks, reuse);
  assert.equal(second.instance, 'reused');
  // Descriptors are per activation whatever happens to the instance: check 8 stays clean even here.
  assert.deepEqual(second.outcome, { kind: 'success', resultJson: '{"dirty":"011111110"}' });
});

test('an instance whose memory grew, or whose activation failed, is not used again', async () => {
  const grow = await compileAction(await wat(growProbe), 256 * MB);
  const parked = parkedInstances();
  const reuse: InstanceReuse = { parked, key: `k${++keys}` };
  for (let i = 0; i < 3; i++) {
    const result = runActivation(grow.module, specFor(grow), hooks, reuse);
    assert.deepEqual([result.outcome.kind, result.instance], ['success', 'fresh']);
  }
  const trapping = await compileAction(
    await wat(`(module (memory (export "memory") 1) (func (export "_start") unreachable))`),
    256 * MB,
  );
  const trapReuse = { parked, key: `k${++keys}` };
  for (let i = 0; i < 2; i++) {
    const result = runActivation(trapping.module, specFor(trapping), hooks, trapReuse);
    assert.deepEqual([result.outcome.kind, result.instance], ['failure', 'fresh']);
  }
});

test('modules with passive segments are marked for fresh instances only', async () => {
  const passive = await compileAction(await wat(passiveDataProbe), 256 * MB);
  assert.equal(passive.reusable, false);
  const passiveElements = await compileAction(
    await wat(
      `(module (memory (export "memory") 1) (table 1 funcref) (elem $e func $f) (func $f)
        (func (export "_start") (table.init $e (i32.const 0) (i32.const 0) (i32.const 1)) (elem.drop $e)))`,
      { reference_types: true },
    ),
    256 * MB,
  );
  assert.equal(passiveElements.reusable, false);
});

// Every module the project ships: the actions of the benchmarks and the fixtures built as wow's users build them.
const actionsDir = fileURLToPath(new URL('../../../scenarios/actions/build/', import.meta.url));
const fixturesDir = fileURLToPath(new URL('../../../executor/fixtures/modules/', import.meta.url));
const modules = [
  ...readdirSync(actionsDir)
    .filter((f) => f.endsWith('.wasm') && f !== 'loop.wasm') // loop never ends (the pool's tests stop it)
    .map((f) => join(actionsDir, f)),
  ...readdirSync(fixturesDir)
    .filter((f) => f.endsWith('.wasm'))
    .map((f) => join(fixturesDir, f)),
];
/** Results that vary from run to run by design (random bytes, clocks, elapsed time): only their kind is compared. */
const varying = new Set(['rust-random.wasm', 'rust-clocks.wasm', 'rust-sleep.wasm', 'block.wasm', 'c-echo.wasm']);
const inputs = [
  { param1: 2, param2: 3, iterations: 3, upperBound: 50, len: 4, ms: 1, a: [1, 'b'], x: 'y' },
  { param1: 40, param2: 2, input: 'other', iterations: 5, upperBound: 10, len: 8, ms: 2, why: 'none' },
  { param1: 7 },
  { param1: 1, param2: 1, iterations: 1, upperBound: 3, len: 1, ms: 1 },
];

interface InstanceView {
  memory: Buffer;
  globals: Record<string, unknown>;
  tables: Record<string, (string | null)[]>;
}

/** Everything of an instance a later activation could read, as data (a table slot by its function's index). */
function viewOf(instance: WebAssembly.Instance): InstanceView {
  const view: InstanceView = { memory: Buffer.alloc(0), globals: {}, tables: {} };
  for (const [name, value] of Object.entries(instance.exports)) {
    if (value instanceof WebAssembly.Memory) view.memory = Buffer.from(value.buffer.slice(0));
    else if (value instanceof WebAssembly.Global) view.globals[name] = value.value;
    else if (value instanceof WebAssembly.Table) {
      view.tables[name] = Array.from({ length: value.length }, (_, i) => {
        const entry = value.get(i);
        return entry === null ? null : (entry as { name: string }).name;
      });
    }
  }
  return view;
}

function freshView(module: WebAssembly.Module): InstanceView {
  const preview1: Record<string, unknown> = {};
  for (const imp of WebAssembly.Module.imports(module))
    if (imp.module === 'wasi_snapshot_preview1') preview1[imp.name] = wasiImport(imp.name);
  const imports = { wasi_snapshot_preview1: preview1, http: { get: () => 0 } } as WebAssembly.Imports;
  return viewOf(new WebAssembly.Instance(module, imports));
}

test('every shipped module: after each activation the kept instance equals a new one, and results do not change', async () => {
  const dir = mkdtempSync(join(scratch, 'fixtures-'));
  const compared: string[] = [];
  for (const path of modules) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    const code = await compileAction(readFileSync(path), 256 * MB);
    if (!code.reusable) continue;
    const expected = freshView(code.module);
    const parked = parkedInstances();
    const key = `k${++keys}`;
    for (const [i, params] of inputs.entries()) {
      const spec = specFor(code, { input: JSON.stringify({ ...params, dir }), dir, netAccess: code.importsHttpGet });
      const reused = runActivation(code.module, spec, hooks, { parked, key });
      const fresh = runActivation(code.module, spec, hooks);
      if (varying.has(name)) assert.equal(reused.outcome.kind, fresh.outcome.kind, `${name} #${i}`);
      else assert.deepEqual(reused.outcome, fresh.outcome, `${name} #${i}`);
      assert.equal(reused.stderr.text(), fresh.stderr.text(), `${name} #${i} stderr`);
      const kept = parked.take(key);
      // A failed activation's instance is never kept; a normal one is, unless its memory grew (memory.wasm's does).
      if (reused.outcome.kind === 'failure') assert.equal(kept, undefined, `${name} #${i}: kept after a failure`);
      if (kept === undefined) continue;
      const actual = viewOf(kept.instance);
      assert.ok(actual.memory.equals(expected.memory), `${name} #${i}: memory differs from a new instance's`);
      assert.deepEqual(actual.globals, expected.globals, `${name} #${i}: globals`);
      assert.deepEqual(actual.tables, expected.tables, `${name} #${i}: tables`);
      parked.park(key, kept);
      compared.push(name);
    }
  }
  // The comparison above must have happened for the modules that run normally (not vacuously for none).
  for (const name of ['noop.wasm', 'add.wasm', 'hash.wasm', 'rust-add.wasm', 'rust-filesystem.wasm', 'as-argv.wasm'])
    assert.ok(compared.includes(name), `${name} was never compared`);
});

test('over HTTP: the probe stays clean on one thread, reused instances are reported, a re-init starts afresh', async (t) => {
  const dir = mkdtempSync(join(scratch, 'http-'));
  const executor = await startExecutor({ port: 0, workers: 1, allowDirs: [scratch] });
  t.after(() => executor.close());
  const probe = await wat(leftoverProbe, { reference_types: true });
  const init = await post(`${executor.url}/probe/init`, initBody(probe, { dir }));
  assert.equal(init.status, 200, init.text);
  const origins: (string | null)[] = [];
  for (let i = 0; i < 20; i++) {
    const run = await post(`${executor.url}/probe/run`, runBody({}));
    assert.equal(run.status, 200, run.text);
    assert.deepEqual((run.body as { result: unknown }).result, { dirty: '000000000' }, `run ${i}`);
    origins.push(run.headers.get(INSTANCE_HEADER));
  }
  assert.equal(origins[0], 'fresh');
  assert.ok(origins.filter((o) => o === 'reused').length >= 15, origins.join(' '));
  const again = await post(`${executor.url}/probe/init`, initBody(probe, { dir }));
  assert.equal(again.status, 200, again.text);
  const afterReinit = await post(`${executor.url}/probe/run`, runBody({}));
  assert.equal(afterReinit.headers.get(INSTANCE_HEADER), 'fresh');
  const passive = await post(`${executor.url}/passive/init`, initBody(await wat(passiveDataProbe)));
  assert.equal(passive.status, 200, passive.text);
  for (let i = 0; i < 3; i++) {
    const run = await post(`${executor.url}/passive/run`, runBody({}));
    assert.deepEqual([run.status, run.headers.get(INSTANCE_HEADER)], [200, 'fresh'], run.text);
  }
});

test('kept instances stay within the memory budget, least recently used out first, and the counts add up', async () => {
  const code = await probeCode(); // one page each
  const total = new Int32Array(new SharedArrayBuffer(4));
  const own = new Int32Array(new SharedArrayBuffer(4));
  const parked = new ParkedInstances({ total, own, maxPages: 2 });
  const runOnce = (key: string): string => runActivation(code.module, specFor(code), hooks, { parked, key }).instance;
  for (const key of ['a', 'b', 'c']) assert.equal(runOnce(key), 'fresh');
  assert.deepEqual([total[0], own[0]], [2, 2]); // 'a' made room for 'c'
  assert.equal(runOnce('a'), 'fresh');
  assert.equal(runOnce('c'), 'reused');
  parked.drop('c');
  parked.drop('a');
  assert.deepEqual([total[0], own[0]], [0, 0]);
  const none = new ParkedInstances({ total, own, maxPages: 0 });
  for (let i = 0; i < 2; i++)
    assert.equal(runActivation(code.module, specFor(code), hooks, { parked: none, key: 'x' }).instance, 'fresh');
});
