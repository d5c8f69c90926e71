// `npm run bench -- platform`: client-observed cold and warm latency through the OpenWhisk API for wasm:0.1 and
// nodejs:20, next to the executor's own /init + /run and a bare loopback HTTP round trip measured in the same run,
// so the platform's own overhead is visible. The platform runs as its own process (`ow-eval platform start`), as a
// user runs it; cold starts are forced with its admin drain, which is not timed.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import openwhisk from 'openwhisk';
import { dockerAvailability } from '../docker-baseline/driver.js';
import { post, isFailure } from '../harness/platform/loopback-http.js';
import { spawnExecutor } from '../harness/platform/executor-process.js';
import { guestKey } from '../harness/platform/options.js';
import type { ActivationRecord, OwEvalAnnotation } from '../harness/platform/types.js';
import { buildActions } from '../scenarios/actions/build.js';
import { readJsSource, readWasmZip } from '../scenarios/actions/catalog.js';
import { benchContext, formatBenchTable, formatRatio, saveBenchResult, type BenchRow } from './report.js';

const bin = fileURLToPath(new URL('../../bin/ow-eval.js', import.meta.url));
const n = { loopback: 500, executorCold: 200, executorWarm: 500, wasmCold: 150, wasmWarm: 500, nodeCold: 15, nodeWarm: 200 };
const params = { param1: 2, param2: 2 };

export async function runBenchmark(): Promise<void> {
  const context = benchContext('platform');
  await buildActions();
  const zip = await readWasmZip('add');
  const rows: BenchRow[] = [];

  const loopback = await measureLoopback(n.loopback);
  rows.push({ case: 'loopback HTTP, empty handler', samplesMs: loopback });
  const executor = await measureExecutor(zip);
  rows.push({ case: 'executor /init + /run (add, cold)', samplesMs: executor.cold }, { case: 'executor /run (add, warm)', samplesMs: executor.warm });

  const baseline = (await dockerAvailability()).ok ? 'docker' : 'node-process';
  if (baseline !== 'docker') process.stderr.write('bench platform: Docker unavailable, nodejs:20 runs in node-process\n');
  const platform = await startPlatformProcess(baseline);
  try {
    const agent = new http.Agent({ keepAlive: true });
    const ow = openwhisk({ apihost: platform.url, api_key: guestKey, agent });
    await ow.actions.update({ name: 'add', action: zip, kind: 'wasm:0.1', limits: { logs: 0 } as never });
    await ow.actions.update({ name: 'add-js', action: await readJsSource('add'), kind: 'nodejs:20' });
    const invoke = async (name: string) => {
      const began = performance.now();
      const record = await ow.actions.invoke({ name, blocking: true, params }) as unknown as ActivationRecord;
      const ms = performance.now() - began;
      if (JSON.stringify(record.response.result) !== '{"result":4}') throw new Error(`${name} answered ${JSON.stringify(record.response)}`);
      return { ms, record };
    };
    const wasmCold = await coldLoop(n.wasmCold, () => platform.drain('add'), () => invoke('add'));
    rows.push({ case: 'API wasm:0.1 cold (openwhisk client)', samplesMs: wasmCold.ms, goal: 'p50 ≤ 1.5 ms' });
    rows.push({ case: '  of which waitTime+initTime+run (record)', samplesMs: wasmCold.inside });
    const wasmWarm = await warmLoop(n.wasmWarm, () => invoke('add'));
    rows.push({ case: 'API wasm:0.1 warm (openwhisk client)', samplesMs: wasmWarm.ms, goal: 'p50 ≤ 0.5 ms' });
    rows.push({ case: '  of which waitTime+run (record)', samplesMs: wasmWarm.inside });
    const plain = await measurePlainApi(platform.url, n.wasmWarm);
    rows.push({ case: 'API wasm:0.1 warm (node:http, no client)', samplesMs: plain });
    const plainCold: number[] = [];
    for (let i = 0; i < n.wasmCold; i += 1) {
      await platform.drain('add');
      plainCold.push(...await measurePlainApi(platform.url, 1));
    }
    rows.push({ case: 'API wasm:0.1 cold (node:http, no client)', samplesMs: plainCold });
    const nodeCold = await coldLoop(n.nodeCold, () => platform.drain('add-js'), () => invoke('add-js'));
    rows.push({ case: `API nodejs:20 cold (${baseline})`, samplesMs: nodeCold.ms });
    const nodeWarm = await warmLoop(n.nodeWarm, () => invoke('add-js'));
    rows.push({ case: `API nodejs:20 warm (${baseline})`, samplesMs: nodeWarm.ms });
    agent.destroy();

    process.stdout.write(formatBenchTable(context, rows) + '\n');
    process.stdout.write([
      formatRatio('API wasm:0.1 warm', wasmWarm.ms, 'a loopback round trip', loopback),
      formatRatio('API wasm:0.1 cold', wasmCold.ms, 'the executor\'s own /init + /run', executor.cold),
      formatRatio('API nodejs:20 cold', nodeCold.ms, 'API wasm:0.1 cold', wasmCold.ms),
      formatRatio('API wasm:0.1 warm via the openwhisk client', wasmWarm.ms, 'the same call via node:http', plain),
      '',
    ].join('\n'));
    const file = saveBenchResult(context, rows, { baseline, engine: platform.engine });
    process.stdout.write(`saved ${file}\n`);
  } finally {
    await platform.stop();
  }
}

async function coldLoop(count: number, drain: () => Promise<void>, invoke: () => Promise<{ ms: number; record: ActivationRecord }>) {
  const ms: number[] = [];
  const inside: number[] = [];
  for (let i = 0; i < count; i += 1) {
    await drain();
    const { ms: took, record } = await invoke();
    const ow = record.annotations.find((a) => a.key === 'ow-eval')?.value as OwEvalAnnotation;
    if (ow.startKind !== 'cold') throw new Error(`expected a cold start, got ${ow.startKind}`);
    ms.push(took);
    inside.push(ow.phases.queueMs + (ow.phases.createMs ?? 0) + (ow.phases.initMs ?? 0) + ow.phases.runMs);
  }
  return { ms, inside };
}

async function warmLoop(count: number, invoke: () => Promise<{ ms: number; record: ActivationRecord }>) {
  for (let i = 0; i < 20; i += 1) await invoke(); // warm-up, not recorded
  const ms: number[] = [];
  const inside: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const { ms: took, record } = await invoke();
    const ow = record.annotations.find((a) => a.key === 'ow-eval')?.value as OwEvalAnnotation;
    if (ow.startKind !== 'warm') throw new Error(`expected a warm start, got ${ow.startKind}`);
    ms.push(took);
    inside.push(ow.phases.queueMs + ow.phases.runMs);
  }
  return { ms, inside };
}

async function measureLoopback(count: number): Promise<number[]> {
  const server = http.createServer((req, res) => { req.resume(); req.on('end', () => res.end('{}')); });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const samples: number[] = [];
  for (let i = 0; i < count + 50; i += 1) {
    const began = performance.now();
    await post(url, '{"value":{}}', 'application/json', 5000);
    if (i >= 50) samples.push(performance.now() - began);
  }
  server.close();
  server.closeAllConnections();
  return samples;
}

async function measureExecutor(zip: Buffer): Promise<{ cold: number[]; warm: number[] }> {
  const executor = await spawnExecutor();
  try {
    const code = zip.toString('base64');
    const init = (id: string) => post(`${executor.url}/${id}/init`, JSON.stringify({ value: { name: 'add', main: 'main', code, binary: true, env: {}, annotations: {} } }), 'application/json', 60_000);
    const run = (id: string) => post(`${executor.url}/${id}/run`, JSON.stringify({ value: params, namespace: 'guest', action_name: '/guest/add', activation_id: '0'.repeat(32), transaction_id: 'bench', deadline: String(Date.now() + 60_000) }), 'application/json', 60_000);
    const cold: number[] = [];
    for (let i = 0; i < n.executorCold; i += 1) {
      const id = randomUUID();
      const began = performance.now();
      const a = await init(id);
      const b = await run(id);
      cold.push(performance.now() - began);
      if (isFailure(a) || isFailure(b) || b.status !== 200) throw new Error(`executor: ${JSON.stringify(isFailure(b) ? b : b.text)}`);
      await post(`${executor.url}/${id}/destroy`, id, 'text/plain', 10_000);
    }
    const id = randomUUID();
    await init(id);
    const warm: number[] = [];
    for (let i = 0; i < n.executorWarm + 20; i += 1) {
      const began = performance.now();
      await run(id);
      if (i >= 20) warm.push(performance.now() - began);
    }
    return { cold, warm };
  } finally {
    await executor.stop();
  }
}

async function measurePlainApi(apihost: string, count: number): Promise<number[]> {
  const url = `${apihost}/api/v1/namespaces/_/actions/add?blocking=true`;
  const auth = { authorization: `Basic ${Buffer.from(guestKey).toString('base64')}` };
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const began = performance.now();
    const reply = await post(url, JSON.stringify(params), 'application/json', 60_000, auth);
    samples.push(performance.now() - began);
    if (isFailure(reply) || reply.status !== 200) throw new Error(`plain API call failed: ${JSON.stringify(reply)}`);
  }
  return samples;
}

interface PlatformProcess { url: string; engine: string; drain(action: string): Promise<void>; stop(): Promise<void> }

async function startPlatformProcess(baseline: string): Promise<PlatformProcess> {
  const child: ChildProcess = spawn(process.execPath, [bin, 'platform', 'start', '--port', '0', '--baseline', baseline], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`ow-eval platform start exited with ${code}`)));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match && out.includes('export __OW_API_HOST')) resolve(match[1]!);
    });
  });
  child.removeAllListeners('exit');
  const auth = { authorization: `Basic ${Buffer.from(guestKey).toString('base64')}`, 'content-type': 'application/json' };
  return {
    url,
    engine: /engine (\w+)/.exec(out)?.[1] ?? 'unknown',
    async drain(action) {
      const response = await fetch(`${url}/admin/drain`, { method: 'POST', headers: auth, body: JSON.stringify({ action }) });
      if (!response.ok) throw new Error(`drain ${action}: HTTP ${response.status}`);
    },
    async stop() {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
