// `npm run bench -- platform`: client-observed cold and warm latency through the OpenWhisk API for wasm:0.1 and
// nodejs:20, next to the executor's own /init + /run measured in the same run, so the platform's own overhead is
// visible (the warm invoke's ratio to a loopback round trip is measured in the `warm` area, warm.ts). wasm is
// measured through the harness's invoke path (the goals), the openwhisk npm client and a bare keep-alive POST;
// nodejs:20 through the openwhisk client. The platform runs as its own process (`ow-eval platform start`), as a user
// runs it; cold starts are forced with its admin drain, which is not timed.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import openwhisk from 'openwhisk';
import { dockerAvailability } from '../docker-baseline/driver.js';
import { ContainerClient, type ContainerReply } from '../http-client/container-client.js';
import { spawnExecutor } from '../platform/runtimes/executor-process.js';
import { guestKey } from '../platform/options.js';
import { OpenWhiskRunTarget } from '../experiment/runner/openwhisk-run-target.js';
import { openTarget } from '../experiment/target/target.js';
import type { ActivationRecord, OwEvalAnnotation } from '../platform/types.js';
import { buildActions } from '../scenarios/actions/build.js';
import { readJsSource, readWasmZip } from '../scenarios/actions/catalog.js';
import { benchContext, formatBenchTable, formatRatio, saveBenchResult, type BenchRow } from './report.js';
import { closedLoop } from '../experiment/runner/closed-loop.js';
import type { BenchOptions } from './main.js';
import { fmtMs, p50, p99, reportRatio } from './ratios.js';
import { settle } from './floor.js';
import { startEmptyServer } from './empty-server.js';

const bin = fileURLToPath(new URL('../../bin/ow-eval.js', import.meta.url));
const n = {
  executorCold: 200,
  executorWarm: 500,
  wasmCold: 200,
  wasmWarm: 500,
  nodeCold: 15,
  nodeWarm: 200,
};
const params = { param1: 2, param2: 2 };
const WARMUP_ROUNDS = { cold: 100, warm: 400 };

/** Keep-alive POSTs through the platform's own container client, one per origin, closed at the end of the bench. */
const clients = new Map<string, ContainerClient>();
function post(
  url: string,
  body: string,
  contentType: string,
  timeoutMs: number,
  headers: Record<string, string> = {},
): Promise<ContainerReply> {
  const origin = new URL(url).origin;
  let client = clients.get(origin);
  if (client === undefined) clients.set(origin, (client = new ContainerClient(origin)));
  return client.post(url.slice(origin.length), body, timeoutMs, contentType, headers);
}
const isFailure = (reply: ContainerReply): reply is Extract<ContainerReply, { ok: false }> => !reply.ok;

/** Clients of the closed loop whose p99 ÷ p50 is the platform's tail-latency goal. */
const LOAD_CLIENTS = 32;

export async function runBenchmark(options: BenchOptions = { loadSeconds: 10 }): Promise<void> {
  const context = benchContext('platform');
  await buildActions();
  const zip = await readWasmZip('add');
  const rows: BenchRow[] = [];

  const executor = await measureExecutor(zip);
  rows.push(
    { case: 'executor /init + /run (add, cold)', samplesMs: executor.cold },
    { case: 'executor /run (add, warm)', samplesMs: executor.warm },
  );

  const baseline = (await dockerAvailability()).ok ? ('docker' as const) : ('node-process' as const);
  if (baseline !== 'docker')
    process.stderr.write('bench platform: Docker unavailable, nodejs:20 runs in node-process\n');
  const platform = await startPlatformProcess(baseline);
  try {
    const agent = new http.Agent({ keepAlive: true });
    const ow = openwhisk({ apihost: platform.url, api_key: guestKey, agent });
    await ow.actions.update({ name: 'add', action: zip, kind: 'wasm:0.1', limits: { logs: 0 } });
    await ow.actions.update({ name: 'add-js', action: await readJsSource('add'), kind: 'nodejs:20' });
    const invoke = async (name: string) => {
      const began = performance.now();
      const record = (await ow.actions.invoke({ name, blocking: true, params })) as unknown as ActivationRecord;
      const ms = performance.now() - began;
      if (JSON.stringify(record.response.result) !== '{"result":4}')
        throw new Error(`${name} answered ${JSON.stringify(record.response)}`);
      return { ms, record };
    };
    // Three clients of the same API: the harness's own invoke path (what every experiment measures with), the
    // openwhisk npm client, and a bare keep-alive POST. The goals are end to end as the harness observes them.
    const { harness, invoke: harnessInvoke } = await harnessInvoker(platform.url, baseline);
    const bareInvoke = async (name: string) => {
      const began = performance.now();
      const reply = await post(
        `${platform.url}/api/v1/namespaces/_/actions/${name}?blocking=true`,
        JSON.stringify(params),
        'application/json',
        60_000,
        { authorization: `Basic ${Buffer.from(guestKey).toString('base64')}` },
      );
      const ms = performance.now() - began;
      if (isFailure(reply) || reply.status !== 200) throw new Error(`bare POST failed: ${JSON.stringify(reply)}`);
      return { ms, record: JSON.parse(reply.text) as ActivationRecord };
    };
    // The three are interleaved sample by sample, so that drift on a shared machine does not favour one of them.
    const ways = [harnessInvoke, invoke, bareInvoke];
    const cold = await interleaved(
      n.wasmCold,
      ways.map((way) => () => way('add')),
      'cold',
      () => platform.drain('add'),
    );
    rows.push({ case: 'API wasm:0.1 cold (harness invoke path)', samplesMs: cold[0]!.ms, goal: 'p50 ≤ 1.5 ms' });
    rows.push({ case: '  of which waitTime+initTime+run (record)', samplesMs: cold[0]!.inside });
    rows.push({ case: 'API wasm:0.1 cold (openwhisk client)', samplesMs: cold[1]!.ms });
    rows.push({ case: 'API wasm:0.1 cold (bare keep-alive POST)', samplesMs: cold[2]!.ms });
    // The three clients, warm, call by call, each after the same pause (floor.ts SETTLE_MS).
    const warm = await interleaved(
      n.wasmWarm,
      ways.map((way) => () => way('add')),
      'warm',
      settle,
    );
    rows.push({ case: 'API wasm:0.1 warm (harness invoke path, beside the next two)', samplesMs: warm[0]!.ms });
    rows.push({ case: 'API wasm:0.1 warm (openwhisk client)', samplesMs: warm[1]!.ms });
    rows.push({ case: 'API wasm:0.1 warm (bare keep-alive POST)', samplesMs: warm[2]!.ms });
    const wasmCold = cold[0]!;
    const wasmWarm = warm[0]!;
    const clientWarm = warm[1]!.ms;
    const load = await underLoad(harness, LOAD_CLIENTS, options.loadSeconds);
    const loadCase = `API wasm:0.1 warm, ${LOAD_CLIENTS} clients for ${options.loadSeconds} s (harness)`;
    rows.push({ case: loadCase, samplesMs: load.ms, ...(load.errors > 0 ? { note: `${load.errors} errors` } : {}) });
    rows.push({ case: '  of which waitTime (record)', samplesMs: load.queueMs });
    // The same closed loop against the empty handler: how much tail the machine itself adds at this concurrency.
    const bare = await loopbackUnderLoad(LOAD_CLIENTS, options.loadSeconds);
    const bareCase = `loopback HTTP, empty handler, ${LOAD_CLIENTS} clients for ${options.loadSeconds} s`;
    rows.push({ case: bareCase, samplesMs: bare });
    const tail = (ms: number[]): string => (p99(ms) / p50(ms)).toFixed(2);
    const loadDetail = `${fmtMs(p99(load.ms))} ÷ ${fmtMs(p50(load.ms))}, ${options.loadSeconds} s, ${load.ms.length} calls`;
    reportRatio(
      'load-tail',
      p99(load.ms) / p50(load.ms),
      `${loadDetail}; empty handler, same loop: ${tail(bare)}`,
      `its own p50 ${fmtMs(p50(load.ms))}`,
    );
    await platform.drain('add'); // the load filled the user memory with add's containers: the cold rows need room
    const nodeCold = await coldLoop(
      n.nodeCold,
      () => platform.drain('add-js'),
      () => invoke('add-js'),
    );
    rows.push({ case: `API nodejs:20 cold (${baseline})`, samplesMs: nodeCold.ms });
    const nodeWarm = await warmLoop(n.nodeWarm, () => harnessInvoke('add-js'));
    rows.push({ case: `API nodejs:20 warm (${baseline}, harness invoke path)`, samplesMs: nodeWarm.ms });
    await harness.close();
    agent.destroy();
    // The platform's per-call overhead per runtime, both through the same container client: the /run call as the
    // platform timed it (client + container), and what the platform adds around it (API latency − that call).
    // The floor both calls stand on, an empty handler's round trip, is in the `warm` area's table.
    rows.push({ case: 'platform → container /run call, wasm:0.1 warm', samplesMs: wasmWarm.runMs });
    rows.push({ case: `platform → container /run call, nodejs:20 warm (${baseline})`, samplesMs: nodeWarm.runMs });
    rows.push({
      case: 'platform per-call overhead, wasm:0.1 warm (API − /run call)',
      samplesMs: warm[0]!.ms.map((ms, i) => ms - wasmWarm.runMs[i]!),
    });
    rows.push({
      case: `platform per-call overhead, nodejs:20 warm (API − /run call)`,
      samplesMs: nodeWarm.ms.map((ms, i) => ms - nodeWarm.runMs[i]!),
    });

    process.stdout.write(formatBenchTable(context, rows) + '\n');
    process.stdout.write(
      [
        formatRatio('API wasm:0.1 cold', wasmCold.ms, "the executor's own /init + /run", executor.cold),
        formatRatio('API nodejs:20 cold', nodeCold.ms, 'API wasm:0.1 cold', wasmCold.ms),
        formatRatio(
          'API wasm:0.1 warm via the openwhisk client',
          clientWarm,
          'the same call via the harness invoke path',
          warm[0]!.ms,
        ),
        '',
      ].join('\n'),
    );
    const file = saveBenchResult(context, rows, { baseline, engine: platform.engine });
    process.stdout.write(`saved ${file}\n`);
  } finally {
    await platform.stop();
    for (const client of clients.values()) client.close();
  }
}

/** One sample of a way to call: its time and, for an invoke, the activation record (checked for the start kind). */
type Way = () => Promise<{ ms: number; record?: ActivationRecord }>;

/**
 * The harness's closed loop (as the scenarios drive the platform) with `clients` loops for `seconds`, after a
 * one-second warm-up at the same concurrency; the latency of every successful invoke, as the harness records it.
 */
async function underLoad(target: OpenWhiskRunTarget, clients: number, seconds: number) {
  const ms: number[] = [];
  const queueMs: number[] = [];
  let errors = 0;
  for (const [durationMs, keep] of [
    [1000, false],
    [seconds * 1000, true],
  ] as const) {
    await closedLoop({
      target,
      clients,
      durationMs,
      signal: new AbortController().signal,
      next: () => ({ name: 'add', action: 'add', params }),
      onResult: (_request, result) => {
        if (!keep) return;
        const record = result.activation as unknown as ActivationRecord | undefined;
        const ow = record?.annotations.find((a) => a.key === 'ow-eval')?.value as OwEvalAnnotation | undefined;
        if (record?.response.success !== true || ow === undefined) {
          errors++;
          return;
        }
        ms.push(result.receivedAt - result.sentAt);
        queueMs.push(ow.phases.queueMs);
      },
    });
  }
  return { ms, queueMs, errors };
}

/** `clients` closed loops of POSTs to an empty handler in another process for `seconds`, after a 1 s warm-up. */
async function loopbackUnderLoad(clients: number, seconds: number): Promise<number[]> {
  const server = await startEmptyServer();
  try {
    const url = server.url;
    const ms: number[] = [];
    for (const [durationMs, keep] of [
      [1000, false],
      [seconds * 1000, true],
    ] as const) {
      const end = performance.now() + durationMs;
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (performance.now() < end) {
            const began = performance.now();
            await post(`${url}/`, '{"value":{}}', 'application/json', 5000);
            if (keep) ms.push(performance.now() - began);
          }
        }),
      );
    }
    return ms;
  } finally {
    await server.stop();
  }
}

async function coldLoop(
  count: number,
  drain: () => Promise<void>,
  invoke: () => Promise<{ ms: number; record: ActivationRecord }>,
) {
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
  const runMs: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const { ms: took, record } = await invoke();
    const ow = record.annotations.find((a) => a.key === 'ow-eval')?.value as OwEvalAnnotation;
    if (ow.startKind !== 'warm') throw new Error(`expected a warm start, got ${ow.startKind}`);
    ms.push(took);
    inside.push(ow.phases.queueMs + ow.phases.runMs);
    runMs.push(ow.phases.runMs);
  }
  return { ms, inside, runMs };
}

/** `count` rounds; each round runs every way once (each after `prepare`, untimed), checking the start kind it got. */
async function interleaved(count: number, ways: Way[], expect: 'cold' | 'warm', prepare?: () => Promise<void>) {
  const out = ways.map(() => ({ ms: [] as number[], inside: [] as number[], runMs: [] as number[] }));
  // Warm-up rounds, not recorded: both processes are fresh, and their hot paths take ~1,000 calls to be optimized
  // (a warm /run measured right after start was 0.47 ms, and 0.20 ms a few thousand calls later).
  for (let round = -WARMUP_ROUNDS[expect]; round < count; round += 1) {
    for (const [i, way] of ways.entries()) {
      if (prepare) await prepare();
      const { ms, record } = await way();
      // A way without a record (the loopback floor) has no start kind and no phases: only its time is kept.
      const ow = record?.annotations.find((a) => a.key === 'ow-eval')?.value as OwEvalAnnotation | undefined;
      if (record !== undefined && ow?.startKind !== expect)
        throw new Error(`expected a ${expect} start, got ${ow?.startKind}`);
      if (round < 0) continue;
      out[i]!.ms.push(ms);
      if (ow === undefined) continue;
      out[i]!.inside.push(ow.phases.queueMs + (ow.phases.createMs ?? 0) + (ow.phases.initMs ?? 0) + ow.phases.runMs);
      out[i]!.runMs.push(ow.phases.runMs);
    }
  }
  return out;
}

async function measureExecutor(zip: Buffer): Promise<{ cold: number[]; warm: number[] }> {
  const executor = await spawnExecutor({ codeCache: true }); // the code cache on: the same bytes at every /init, as the goals were set
  try {
    const code = zip.toString('base64');
    const init = (id: string) =>
      post(
        `${executor.url}/${id}/init`,
        JSON.stringify({ value: { name: 'add', main: 'main', code, binary: true, env: {}, annotations: {} } }),
        'application/json',
        60_000,
        { 'x-ow-eval-secret': executor.secret },
      );
    const run = (id: string) =>
      post(
        `${executor.url}/${id}/run`,
        JSON.stringify({
          value: params,
          namespace: 'guest',
          action_name: '/guest/add',
          activation_id: '0'.repeat(32),
          transaction_id: 'bench',
          deadline: String(Date.now() + 60_000),
        }),
        'application/json',
        60_000,
        { 'x-ow-eval-secret': executor.secret },
      );
    const cold: number[] = [];
    for (let i = -WARMUP_ROUNDS.cold; i < n.executorCold; i += 1) {
      const id = randomUUID();
      const began = performance.now();
      const a = await init(id);
      const b = await run(id);
      if (i >= 0) cold.push(performance.now() - began);
      if (isFailure(a) || isFailure(b) || b.status !== 200)
        throw new Error(`executor: ${JSON.stringify(isFailure(b) ? b : b.text)}`);
      await post(`${executor.url}/${id}/destroy`, id, 'text/plain', 10_000);
    }
    const id = randomUUID();
    await init(id);
    const warm: number[] = [];
    for (let i = 0; i < n.executorWarm + 1000; i += 1) {
      // 1,000 warm-up calls: see WARMUP_ROUNDS
      const began = performance.now();
      await run(id);
      if (i >= 1000) warm.push(performance.now() - began);
    }
    return { cold, warm };
  } finally {
    await executor.stop();
  }
}

/**
 * The harness's own invoke path (what every experiment measures with) against a running platform, each call checked
 * for add's answer; `ms` is the time the harness recorded (sent → received).
 */
export async function harnessInvoker(url: string, baseline: 'docker' | 'node-process') {
  const harness = new OpenWhiskRunTarget(await openTarget({ apihost: url, auth: guestKey }), {
    description: { kind: 'embedded', apihost: url, baseline, throttles: {}, details: {} },
  });
  if (harness.invokeVia !== 'direct') throw new Error('the harness does not use its direct invoke path here');
  const invoke = async (name: string): Promise<{ ms: number; record: ActivationRecord }> => {
    const result = await harness.invoke(name, params);
    const record = result.activation as unknown as ActivationRecord | undefined;
    if (!record || JSON.stringify(record.response.result) !== '{"result":4}')
      throw new Error(`${name} answered ${JSON.stringify(result)}`);
    return { ms: result.receivedAt - result.sentAt, record };
  };
  return { harness, invoke };
}

export interface PlatformProcess {
  url: string;
  pid: number;
  engine: string;
  drain(action: string): Promise<void>;
  stop(): Promise<void>;
}

/** `ow-eval platform start` as a user runs it (also used by the soak); `extra` are more command-line flags. */
export async function startPlatformProcess(
  baseline: string,
  extra: readonly string[] = ['--code-cache'],
  nodeFlags: readonly string[] = [],
): Promise<PlatformProcess> {
  // --code-cache (the default here): the cold rows re-send one action's bytes, as the goals were set (docs/methodology.md
  // has the cache-off cost).
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeFlags, bin, 'platform', 'start', '--port', '0', '--baseline', baseline, ...extra],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
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
  const auth = {
    authorization: `Basic ${Buffer.from(guestKey).toString('base64')}`,
    'content-type': 'application/json',
  };
  return {
    url,
    pid: child.pid!,
    engine: /engine (\w+)/.exec(out)?.[1] ?? 'unknown',
    async drain(action) {
      const reply = await post(`${url}/admin/drain`, JSON.stringify({ action }), 'application/json', 60_000, {
        authorization: auth.authorization,
      });
      if (isFailure(reply) || reply.status !== 200) throw new Error(`drain ${action}: ${JSON.stringify(reply)}`);
    },
    async stop() {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
