// `npm run bench -- executor`: the executor against raw V8 and a bare loopback round trip, in one run. Its warm
// `/run` ratio to the loopback is measured in the `warm` area (warm.ts), in one loop with the platform's.
// The executor runs in its own process (as the platform starts it); the client and the reference rows run here.
// The client is the platform's own keep-alive HTTP/1.1 client (http-client/http1-client.ts), for the reference
// rows and the executor rows alike; reference rows use node:http's client and undici's Pool against the same empty
// handler, to show what keeping a hand-written client is worth (latency, and throughput in a closed loop).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { Pool } from 'undici';
import { KeepAliveClient } from '../http-client/http1-client.js';
import { withNonce } from '../experiment/runner/distinct-code.js';
import { benchContext, formatBenchTable, formatRatio, saveBenchResult, type BenchRow } from './report.js';
import { capMemory } from '../executor/wasm-binary.js';
import { fmtMs, p50, p99, reportRatio } from './ratios.js';
import { abab, settle } from './floor.js';
import { startEmptyServer } from './empty-server.js';
import { readWasmModule, type ActionName } from '../scenarios/actions/catalog.js';
import { runActivation } from '../executor/sandbox/activation.js';
import { createFdSlots, HostFdSlots } from '../executor/sandbox/host-fds.js';

const N = 500;
const LEVELS = [1, 4, 16, 64];
const bin = fileURLToPath(new URL('../../bin/ow-eval.js', import.meta.url));
/** The ≥ 500 KiB Rust module with DWARF (executor/fixtures): the slow-/init case of issue 12. */
const bigModule = fileURLToPath(new URL('../../executor/fixtures/modules/rust-add-debug.wasm', import.meta.url));
const N_BIG = 200;

export async function runBenchmark(): Promise<void> {
  const context = benchContext('executor');
  const noop = await readAction('noop');
  const rows: BenchRow[] = [];
  const ratioLines: string[] = [];
  let unique = 0;
  // Distinct bytes defeat the executor's code cache and V8's native module cache.
  const fresh = (bytes: Uint8Array): Uint8Array => withNonce(Buffer.from(bytes), String(++unique)) as Buffer;

  // Reference rows: raw V8 in this process, main thread, same module.
  rows.push({
    case: `raw V8 compile, noop (${kib(noop)} KiB)`,
    samplesMs: await sample(N, async () => void (await WebAssembly.compile(fresh(noop)))),
  });
  const module = await WebAssembly.compile(noop);
  const fds = new HostFdSlots(createFdSlots());
  const spec = { abi: 'wow' as const, input: '{}', env: {}, netAccess: false, memoryLimitBytes: 256 * 1024 * 1024 };
  rows.push({
    case: 'raw V8 instantiate + run, noop (own WASI layer)',
    samplesMs: await sample(N, async () => void runActivation(module, spec, { sleep: () => {}, fds })),
  });

  const empty = await startEmptyServer();
  const compileServer = await startEmptyServer('compile');
  // With the code cache on, so the same-bytes row shows what it saves; every other row sends distinct bytes.
  const executor = await startChild([bin, 'executor', '--port', '0', '--code-cache']);
  try {
    const emptyPool = new KeepAliveClient(empty.url);
    const compilePool = new KeepAliveClient(compileServer.url);
    const client = new KeepAliveClient(executor.url);
    const nodeAgent = new http.Agent({ keepAlive: true });
    // undici 7's Pool with the same socket settings as the container client (256 connections, no pipelining).
    const undici = new Pool(empty.url, { connections: 256, pipelining: 1, keepAliveTimeout: 30_000 });
    // The three clients call by call (A B C A B C …) after a common warm-up, so none is measured colder or under
    // other load than the others (sampled one after the other, the first block ran right after the processes
    // started and came out 0.33 ms where the same round trip was 0.21 ms minutes later).
    const clients = await abab(
      {
        own: () => request(emptyPool, `${empty.url}/x`, '{}'),
        node: () => nodeHttpRequest(nodeAgent, `${empty.url}/x`, '{}'),
        undici: () => undiciRequest(undici, '/x', '{}'),
      },
      N,
      WARMUP,
      { settle },
    );
    nodeAgent.destroy();
    rows.push({ case: 'loopback HTTP, empty handler (alternating with the next two)', samplesMs: clients.own });
    rows.push({ case: 'loopback HTTP, empty handler, node:http client', samplesMs: clients.node });
    rows.push({ case: 'loopback HTTP, empty handler, undici Pool', samplesMs: clients.undici });
    // The ceiling each client reaches on this machine: the same closed loop against a handler that does nothing,
    // alternating the clients so that drift on a shared machine hits both.
    for (const level of [16, 64]) {
      for (const round of [1, 2]) {
        const own = await closedLoop((body) => request(emptyPool, `${empty.url}/x`, body), {}, level, 2);
        rows.push({
          case: `throughput loopback empty handler, concurrency ${level} (#${round})`,
          value: { amount: own.completed / own.seconds, unit: 'req/s' },
        });
        const other = await closedLoop((body) => undiciRequest(undici, '/x', body), {}, level, 2);
        rows.push({
          case: `  the same, undici Pool (#${round})`,
          value: { amount: other.completed / other.seconds, unit: 'req/s' },
        });
      }
    }
    await undici.close();

    let id = 0;
    const initMs: number[] = [];
    const coldMs: number[] = [];
    for (let i = 0; i < N; i++) {
      const body = init(fresh(noop));
      const c = `c${++id}`;
      const t0 = performance.now();
      await request(client, `${executor.url}/${c}/init`, body);
      const t1 = performance.now();
      await request(client, `${executor.url}/${c}/run`, runBody({}));
      coldMs.push(performance.now() - t0);
      initMs.push(t1 - t0);
      await request(client, `${executor.url}/${c}/destroy`, c);
    }
    rows.push({
      case: `executor /init, noop (${kib(noop)} KiB, unique bytes)`,
      samplesMs: initMs,
      goal: 'p50 ≤ 0.3 ms',
    });
    // /init against its floor, paired: each iteration measures the floor's parts and then the executor's /init with
    // the same body, so both see the same machine load.
    const big = new Uint8Array(readFileSync(bigModule));
    for (const [label, bytes, n] of [
      ['noop', noop, N],
      ['Rust add with DWARF', big, N_BIG],
    ] as const) {
      const paired = await initAgainstFloor(
        { emptyPool, emptyUrl: `${empty.url}/x`, compilePool, compileUrl: `${compileServer.url}/init` },
        client,
        executor.url,
        n,
        () => init(fresh(bytes)),
      );
      rows.push({
        case: `executor /init, ${label} (${kib(bytes)} KiB, unique bytes, paired)`,
        samplesMs: paired.initMs,
        goal: '≤ 1.3 × floor',
      });
      rows.push(...paired.floorRows(label));
      ratioLines.push(
        formatRatio(
          `executor /init, ${label}`,
          paired.initMs,
          'its parts timed here (base64 + inflate + compile + round trip, same iterations)',
          paired.floorMs,
        ),
      );
      rows.push({
        case: `  /init floor server, ${label} (alternating with the executor's /init)`,
        samplesMs: paired.serverMs,
      });
      const serverDetail = `${fmtMs(p50(paired.initMs))} ÷ ${fmtMs(p50(paired.serverMs))}, alternating, n = ${n}`;
      const serverFloor = `/init floor server ${fmtMs(p50(paired.serverMs))} (same bodies, alternating)`;
      reportRatio(
        label === 'noop' ? 'init' : 'init-big',
        p50(paired.initMs) / p50(paired.serverMs),
        serverDetail,
        serverFloor,
      );
      if (label === 'noop') {
        // The former floor (until 2026-12-07), now a breakdown: V8's compile in this thread plus the round trip of
        // the same body, summed per iteration.
        const { compile, roundTrip } = paired.parts;
        const floor = compile.map((c, i) => c + roundTrip[i]!);
        const detail = `${fmtMs(p50(paired.initMs))} ÷ (${fmtMs(p50(compile))} + ${fmtMs(p50(roundTrip))}), paired`;
        const floorText = `compile + round trip ${fmtMs(p50(floor))} (same iterations)`;
        reportRatio('init-parts', p50(paired.initMs) / p50(floor), detail, floorText);
      } else {
        const detail = `${fmtMs(p50(paired.initMs))} ÷ ${fmtMs(p50(paired.floorMs))}, paired, n = ${n}`;
        const floorText = `base64 + inflate + compile + round trip ${fmtMs(p50(paired.floorMs))} (same iterations)`;
        reportRatio('init-big-parts', p50(paired.initMs) / p50(paired.floorMs), detail, floorText);
      }
    }
    // N copies of one action (the thesis's way to get N cold starts), or every cold start of one action, send the same
    // code: the executor's code cache (code.ts) hits.
    const same = init(noop);
    const sameMs: number[] = [];
    for (let i = 0; i < N; i++) {
      const c = `s${++id}`;
      const t0 = performance.now();
      await request(client, `${executor.url}/${c}/init`, same);
      sameMs.push(performance.now() - t0);
      await request(client, `${executor.url}/${c}/destroy`, c);
    }
    rows.push({ case: 'executor /init, noop, same bytes each time', samplesMs: sameMs });
    rows.push({ case: 'executor cold: /init + first /run', samplesMs: coldMs });
    const reuse = await instanceReuseRows(client, executor.url, init);
    rows.push(...reuse.rows);
    ratioLines.push(...reuse.ratioLines);

    for (const [name, params, seconds, annotations] of [
      ['noop', {}, 2, {}],
      ['hash', { iterations: 1000 }, 2, {}],
      ['block', {}, 3, { net_access: true }],
    ] as const) {
      await request(client, `${executor.url}/t-${name}/init`, init(await readAction(name), annotations));
      await closedLoop((body) => request(client, `${executor.url}/t-${name}/run`, body), params, 64, 1); // warm-up: threads, tier-up
      if (name === 'noop') {
        // The throughput ratio: the empty handler and the executor in alternating 2 s closed loops of 64 clients
        // (A B A B), so both rates see the same machine; the ratio is the mean rate over the mean rate.
        const rates = { loopback: [] as number[], noop: [] as number[] };
        for (let round = 0; round < 2; round++) {
          const a = await closedLoop((body) => request(emptyPool, `${empty.url}/x`, body), {}, 64, 2);
          rates.loopback.push(a.completed / a.seconds);
          const b = await closedLoop((body) => request(client, `${executor.url}/t-noop/run`, body), {}, 64, 2);
          rates.noop.push(b.completed / b.seconds);
        }
        const mean = (xs: number[]): number => xs.reduce((x, y) => x + y, 0) / xs.length;
        const each = (xs: number[]): string => xs.map((x) => x.toFixed(0)).join(', ');
        const detail = `${mean(rates.loopback).toFixed(0)} req/s ÷ ${mean(rates.noop).toFixed(0)} act/s, ABAB 2 × 2 s`;
        const floorText = `empty handler at 64 clients ${each(rates.loopback)} req/s (ABAB with noop ${each(rates.noop)} act/s)`;
        reportRatio('throughput', mean(rates.loopback) / mean(rates.noop), detail, floorText);
      }
      for (const level of LEVELS) {
        const r = await closedLoop(
          (body) => request(client, `${executor.url}/t-${name}/run`, body),
          params,
          level,
          seconds,
        );
        rows.push({
          case: `throughput ${name}, concurrency ${level}`,
          value: { amount: r.completed / r.seconds, unit: 'act/s' },
          ...(r.errors > 0 ? { note: `${r.errors} errors` } : {}),
          ...(name === 'noop' && level === 64
            ? { goal: '≥ 8,000 act/s' }
            : name === 'block'
              ? { goal: `linear: ${Math.round((level * 1000) / 300)} act/s` }
              : {}),
        });
      }
    }

    const before = rssMiB(executor.child);
    for (let i = 0; i < 1000; i++) {
      await request(client, `${executor.url}/m${i}/init`, init(fresh(noop)));
      await request(client, `${executor.url}/m${i}/run`, runBody({}));
    }
    const after = rssMiB(executor.child);
    rows.push({
      case: 'RSS per warm container (1,000 noop, unique bytes)',
      value: { amount: (after - before) / 1000, unit: 'MiB' },
      goal: '≤ 0.25 MiB',
    });
    client.close();
    compilePool.close();
    emptyPool.close();
  } finally {
    await stopChild(executor.child);
    await empty.stop();
    await compileServer.stop();
  }

  rows.sort((a, b) => Number(b.note !== undefined) - Number(a.note !== undefined)); // errored rows (note = errors) first
  process.stdout.write(formatBenchTable(context, rows));
  process.stdout.write(`${ratioLines.join('\n')}\n`);
  process.stderr.write(`saved ${saveBenchResult(context, rows, { ratios: ratioLines })}\n`);
}

/**
 * The least /init can cost for a module, measured here with the same bodies the executor gets: decoding the base64,
 * inflating the zip entry (node:zlib, one output chunk), V8 compiling the module without its `.debug_*` sections
 * (synchronously, no hop to V8's background threads: what V8 cannot avoid), and a loopback round trip carrying the
 * same body to an empty handler with the same client. Summed per iteration, then the executor's /init of that body.
 */
async function initAgainstFloor(
  floors: { emptyPool: KeepAliveClient; emptyUrl: string; compilePool: KeepAliveClient; compileUrl: string },
  client: KeepAliveClient,
  executorUrl: string,
  n: number,
  nextBody: () => string,
) {
  const parts = {
    base64: [] as number[],
    inflate: [] as number[],
    compile: [] as number[],
    compileAsUploaded: [] as number[],
    roundTrip: [] as number[],
  };
  const floorMs: number[] = [];
  const initMs: number[] = [];
  const serverMs: number[] = [];
  for (let i = 0; i < n + 20; i++) {
    const body = nextBody();
    const code = (JSON.parse(body) as { value: { code: string } }).value.code;
    let t0 = performance.now();
    const zip = Buffer.from(code, 'base64');
    const base64 = performance.now() - t0;
    const start = 30 + zip.readUInt16LE(26) + zip.readUInt16LE(28); // the first local header is at 0 (fflate's zipSync)
    const size = zip.readUInt32LE(22);
    t0 = performance.now();
    const bytes = zlib.inflateRawSync(zip.subarray(start, start + zip.readUInt32LE(18)), {
      chunkSize: size,
      maxOutputLength: size,
    });
    const inflate = performance.now() - t0;
    const stripped = capMemory(bytes, 256 * 1024 * 1024).bytes; // not timed: the executor's own work, not the floor
    // Both compiles, in alternating order (the first compile of an iteration pays for more than the second).
    const compileOf = (module: Uint8Array): number => {
      const c0 = performance.now();
      new WebAssembly.Module(module);
      return performance.now() - c0;
    };
    let compile: number;
    let compileAsUploaded: number;
    if (i % 2 === 0) {
      compile = compileOf(stripped);
      compileAsUploaded = compileOf(bytes);
    } else {
      compileAsUploaded = compileOf(bytes);
      compile = compileOf(stripped);
    }
    t0 = performance.now();
    await request(floors.emptyPool, floors.emptyUrl, body);
    const roundTrip = performance.now() - t0;
    // The executor's /init and the /init floor server (the same body, in a process of its own: the floor measured
    // the way the numerator is), in alternating order.
    const id = `f${i}-${Math.random()}`;
    const executorInit = async (): Promise<number> => {
      const began = performance.now();
      await request(client, `${executorUrl}/${id}/init`, body);
      const took = performance.now() - began;
      await request(client, `${executorUrl}/${id}/destroy`, id);
      return took;
    };
    const serverInit = async (): Promise<number> => {
      const began = performance.now();
      const status = await request(floors.compilePool, floors.compileUrl, body);
      if (status !== 200) throw new Error(`the /init floor server answered ${status}`);
      return performance.now() - began;
    };
    let initTime: number;
    let serverTime: number;
    if (i % 2 === 0) {
      initTime = await executorInit();
      serverTime = await serverInit();
    } else {
      serverTime = await serverInit();
      initTime = await executorInit();
    }
    if (i < 20) continue; // warm-up
    parts.base64.push(base64);
    parts.inflate.push(inflate);
    parts.compile.push(compile);
    parts.compileAsUploaded.push(compileAsUploaded);
    parts.roundTrip.push(roundTrip);
    floorMs.push(base64 + inflate + compile + roundTrip);
    initMs.push(initTime);
    serverMs.push(serverTime);
  }
  return {
    initMs,
    serverMs,
    floorMs,
    parts,
    floorRows: (label: string): BenchRow[] => [
      { case: `  floor ${label}: base64 decode`, samplesMs: parts.base64 },
      { case: `  floor ${label}: inflate`, samplesMs: parts.inflate },
      { case: `  floor ${label}: V8 compile without .debug_*`, samplesMs: parts.compile },
      { case: `  (V8 compile as uploaded, ${label})`, samplesMs: parts.compileAsUploaded },
      { case: `  floor ${label}: round trip, same body`, samplesMs: parts.roundTrip },
      { case: `  floor ${label}: sum`, samplesMs: floorMs },
    ],
  };
}

/** Rounds of every ABAB loop that are not kept: both processes are fresh, their hot paths take ~1,000 calls to tier up. */
export const WARMUP = 500;

export async function readAction(name: ActionName): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readWasmModule(name));
  } catch {
    throw new Error(`scenarios/actions/build/${name}.wasm is missing: run \`npx ow-eval actions build\` first`);
  }
}

/** The rust-add fixture: 17 pages of memory (Rust's 1 MiB stack), where restoring an instance costs the most. */
const rustAdd = fileURLToPath(new URL('../../executor/fixtures/modules/rust-add.wasm', import.meta.url));

/**
 * The same warm runs against a second executor with `--no-instance-reuse`, alternating call by call so that both see
 * the same load: what reusing instances (sandbox/instance-reuse.ts) changes, for the 1-page noop and the 17-page Rust
 * add, and for noop's throughput at 64 clients.
 */
async function instanceReuseRows(
  client: KeepAliveClient,
  executorUrl: string,
  init: (bytes: Uint8Array) => string,
): Promise<{ rows: BenchRow[]; ratioLines: string[] }> {
  const rows: BenchRow[] = [];
  const ratioLines: string[] = [];
  const off = await startChild([bin, 'executor', '--port', '0', '--no-instance-reuse']);
  const offClient = new KeepAliveClient(off.url);
  try {
    for (const [label, bytes, params] of [
      ['noop', await readAction('noop'), {}],
      ['Rust add (17 pages)', new Uint8Array(readFileSync(rustAdd)), { param1: 1, param2: 2 }],
    ] as const) {
      const id = label === 'noop' ? 'reuse-noop' : 'reuse-rust';
      await request(client, `${executorUrl}/${id}/init`, init(bytes));
      await request(offClient, `${off.url}/${id}/init`, init(bytes));
      const onMs: number[] = [];
      const offMs: number[] = [];
      for (let i = 0; i < N + 50; i++) {
        const t0 = performance.now();
        await request(client, `${executorUrl}/${id}/run`, runBody(params));
        const t1 = performance.now();
        await request(offClient, `${off.url}/${id}/run`, runBody(params));
        const t2 = performance.now();
        if (i < 50) continue; // warm-up
        onMs.push(t1 - t0);
        offMs.push(t2 - t1);
      }
      rows.push({ case: `executor /run, warm ${label}, instance reuse on (alternating)`, samplesMs: onMs });
      rows.push({ case: `executor /run, warm ${label}, instance reuse off (alternating)`, samplesMs: offMs });
      ratioLines.push(formatRatio(`warm /run of ${label}, instance reuse on,`, onMs, 'reuse off', offMs));
      ratioLines.push(
        `warm /run of ${label}: p99 ÷ p50 ${(p99(onMs) / p50(onMs)).toFixed(2)} with instance reuse, ` +
          `${(p99(offMs) / p50(offMs)).toFixed(2)} without (n = ${N} each, alternating)`,
      );
    }
    for (const round of [1, 2]) {
      for (const [setting, c, url] of [
        ['on', client, executorUrl],
        ['off', offClient, off.url],
      ] as const) {
        const r = await closedLoop((body) => request(c, `${url}/reuse-noop/run`, body), {}, 64, 2);
        rows.push({
          case: `throughput noop, concurrency 64, instance reuse ${setting} (#${round})`,
          value: { amount: r.completed / r.seconds, unit: 'act/s' },
        });
      }
    }
  } finally {
    offClient.close();
    await stopChild(off.child);
  }
  return { rows, ratioLines };
}

/** An /init body for a wasm module, zipped and base64-encoded as the platform sends it. */
export function init(bytes: Uint8Array, annotations: Record<string, unknown> = {}): string {
  return JSON.stringify({
    value: {
      name: 'a',
      main: 'main',
      code: Buffer.from(zipSync({ 'a.wasm': bytes })).toString('base64'),
      binary: true,
      env: {},
      annotations,
    },
  });
}

export function runBody(value: unknown): string {
  return JSON.stringify({ value, activation_id: 'bench', deadline: String(Date.now() + 60_000) });
}

async function sample(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < Math.min(50, n); i++) await fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

async function closedLoop(
  send: (body: string) => Promise<number>,
  params: unknown,
  concurrency: number,
  seconds: number,
) {
  const body = runBody(params);
  const end = performance.now() + seconds * 1000;
  let completed = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const status = await send(body);
        if (status === 200) completed++;
        else errors++;
      }
    }),
  );
  return { completed, errors, seconds: (performance.now() - started) / 1000 };
}

/** node:http's client, for the reference row that shows what the lighter client saves. */
function nodeHttpRequest(agent: http.Agent, url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** undici's Pool, the well-kept alternative to http1-client.ts; the body is read in full, as the platform must. */
async function undiciRequest(pool: Pool, path: string, body: string): Promise<number> {
  const reply = await pool.request({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body });
  await reply.body.text();
  return reply.statusCode;
}

/** The platform's own keep-alive client (http1-client.ts), so client CPU takes as little of the 2 cores as it can. */
export async function request(pool: KeepAliveClient, url: string, body: string): Promise<number> {
  const slash = url.indexOf('/', url.indexOf('//') + 2);
  const reply = await pool.request('POST', url.slice(slash), ['content-type: application/json'], body);
  return reply.status;
}

export async function startChild(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(chunk.toString())?.[1];
  if (url === undefined) throw new Error(`no URL in: ${chunk.toString()}`);
  return { child, url };
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

function rssMiB(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

const kib = (bytes: Uint8Array): string => (bytes.length / 1024).toFixed(1);
