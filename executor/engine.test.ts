// The engine flags take effect in worker threads too (V8 flags are per process): checked by asking V8 which tier
// a hot wasm function ended in, inside a worker, in a fresh process per engine.
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { wat } from '../test-support/wat.js';

const HOT = `(module (func (export "spin") (param $n i32) (result i32) (local $a i32)
  (loop $l (local.set $a (i32.add (local.get $a) (local.get $n)))
    (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br_if $l (local.get $n))) (local.get $a)))`;

const cases = [
  { engine: 'tiered', expect: { liftoff: false, turbofan: true } }, // hot code tiers up
  { engine: 'liftoff', expect: { liftoff: true, turbofan: false } }, // stays in the baseline compiler
  { engine: 'turbofan', expect: { liftoff: false, turbofan: true } },
] as const;

for (const { engine, expect } of cases) {
  test(`engine ${engine}: a hot function in a worker thread ends in ${expect.liftoff ? 'Liftoff' : 'TurboFan'}`, async (t) => {
    const bytes = Buffer.from(await wat(HOT)).toString('base64');
    const script = `
      import v8 from 'node:v8';
      import { Worker } from 'node:worker_threads';
      import { applyEngine } from ${JSON.stringify(new URL('./engine.js', import.meta.url).href)};
      applyEngine(${JSON.stringify(engine)});
      v8.setFlagsFromString('--allow-natives-syntax');
      const worker = new Worker(\`
        const m = new WebAssembly.Module(Buffer.from('${bytes}', 'base64'));
        const f = new WebAssembly.Instance(m, {}).exports.spin;
        for (let i = 0; i < 100; i++) f(1e6);
        const tier = new Function('f', 'return [%IsLiftoffFunction(f), %IsTurboFanFunction(f)]')(f);
        require('node:worker_threads').parentPort.postMessage({ liftoff: tier[0], turbofan: tier[1] });\`, { eval: true, execArgv: [] });
      worker.once('message', (m) => { process.stdout.write(JSON.stringify(m)); void worker.terminate(); });`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    t.assert.deepEqual(JSON.parse(out), expect);
  });
}
