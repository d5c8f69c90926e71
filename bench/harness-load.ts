// `npm run bench -- harness-load`: can the harness generate load fast enough not to be the bottleneck? Its blocking
// invoke path (OpenWhiskRunTarget in the scenarios' closed loop) against `autocannon`, both driving the same null
// HTTP server on 127.0.0.1 that answers every invoke with an OpenWhisk-shaped activation record. Goal: the harness
// reaches ≥ 80 % of autocannon's rate at the same concurrency. Also printed: the same loop building an
// InvocationRecord per result as the scenarios do, and with the openwhisk client for the invokes (the reason the
// direct keep-alive path exists).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { closedLoop } from '../experiment/runner/closed-loop.js';
import { toInvocationRecord } from '../experiment/runner/invocation-record.js';
import { OpenWhiskRunTarget } from '../experiment/runner/openwhisk-run-target.js';
import { guestKey, openTarget } from '../experiment/target/target.js';
import { benchContext, formatBenchTable, saveBenchResult, type BenchRow } from './report.js';
import { reportRatio } from './ratios.js';
import { rotated } from './floor.js';

const LEVELS = [16, 64];
/** Seconds per block, and rounds of the rotated alternation (each arm runs once per round). */
const SECONDS = 2;
const ROUNDS = 4;
const GOAL = 0.8;
const params = { param1: 2, param2: 2 };

export async function runBenchmark(): Promise<void> {
  const context = benchContext('harness-load');
  const server = await startNullServer();
  const target = await openTarget({ apihost: server.url, auth: guestKey });
  const description = {
    kind: 'remote' as const,
    apihost: server.url,
    baseline: 'docker' as const,
    throttles: {},
    details: {},
  };
  const direct = new OpenWhiskRunTarget(target, { description, invokeVia: 'direct' });
  const viaClient = new OpenWhiskRunTarget(target, { description, invokeVia: 'client' });
  if (direct.invokeVia !== 'direct') throw new Error('the direct invoke path is not available for this target');
  const rows: BenchRow[] = [];
  const summary: string[] = [];
  try {
    const invokeUrl = `${server.url}/api/v1/namespaces/_/actions/noop?blocking=true`;
    const headers = {
      authorization: `Basic ${Buffer.from(guestKey).toString('base64')}`,
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': 'openwhisk-client-js',
    };
    await harnessRate(direct, 16, 1, true); // warm-up: sockets, JIT
    await harnessRate(viaClient, 16, 1, true);
    await autocannon({
      url: invokeUrl,
      method: 'POST',
      headers,
      body: JSON.stringify(params),
      connections: 16,
      duration: 1,
    });
    for (const level of LEVELS) {
      // autocannon (the floor), the plain harness loop and the loop with records (the ratio's numerator) in
      // alternating blocks, the order rotated each round (A B C, B C A, …): two blocks of one arm 3 s apart, both
      // sampled early or both late, came out 33,797 and 15,336 req/s on a loaded machine. Each arm's rate is the
      // mean of its blocks; the spread of the per-round ratios is printed with it.
      const rates = { autocannon: [] as number[], plain: [] as number[], recorded: [] as number[] };
      const errors = { autocannon: 0, plain: 0, recorded: 0 };
      const arms = Object.keys(rates) as Array<keyof typeof rates>;
      for (let round = 0; round < ROUNDS; round++) {
        for (const arm of rotated(arms, round)) {
          const r =
            arm === 'autocannon'
              ? await autocannonRate(invokeUrl, headers, level)
              : await harnessRate(direct, level, SECONDS, arm === 'recorded');
          rates[arm].push(r.rate);
          errors[arm] += r.errors;
        }
      }
      const client = await harnessRate(viaClient, level, SECONDS, true);
      const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
      const each = (xs: number[]): string => xs.map((x) => Math.round(x)).join(', ');
      const reference = mean(rates.autocannon);
      const harness = { rate: mean(rates.plain), errors: errors.plain };
      const recorded = { rate: mean(rates.recorded), errors: errors.recorded };
      const perRound = rates.recorded.map((r, i) => r / rates.autocannon[i]!);
      const note = (r: { errors: number }) => (r.errors > 0 ? { note: `${r.errors} errors` } : {});
      rows.push(
        {
          case: `autocannon, ${level} connections (mean of ${ROUNDS}: ${each(rates.autocannon)})`,
          value: { amount: reference, unit: 'req/s' },
          ...note({ errors: errors.autocannon }),
        },
        {
          case: `harness invoke path, ${level} clients (mean of ${ROUNDS}: ${each(rates.plain)})`,
          value: { amount: harness.rate, unit: 'req/s' },
          goal: `≥ ${Math.round(GOAL * reference)} req/s (80 %)`,
          ...note(harness),
        },
        {
          case: `  + an InvocationRecord per result (as scenarios; mean of ${ROUNDS}: ${each(rates.recorded)})`,
          value: { amount: recorded.rate, unit: 'req/s' },
          ...note(recorded),
        },
        {
          case: `  same, blocking invokes via the openwhisk client`,
          value: { amount: client.rate, unit: 'req/s' },
          ...note(client),
        },
      );
      const spread = `per round ${Math.min(...perRound).toFixed(2)}–${Math.max(...perRound).toFixed(2)}`;
      const detail = `${recorded.rate.toFixed(0)} ÷ ${reference.toFixed(0)} req/s, ${ROUNDS} rotated rounds of ${SECONDS} s, ${spread}`;
      const floorText = `autocannon ${Math.round(reference)} req/s (${each(rates.autocannon)})`;
      reportRatio(level === 64 ? 'harness' : 'harness-16', recorded.rate / reference, detail, floorText);
      const pct = (rate: number) => `${((100 * rate) / reference).toFixed(0)} %`;
      summary.push(
        `at ${level}: harness invoke path = ${pct(harness.rate)} of autocannon (goal ≥ ${100 * GOAL} %: ${harness.rate >= GOAL * reference ? 'met' : 'not met'}); with records ${pct(recorded.rate)}; via the openwhisk client ${pct(client.rate)}`,
      );
    }
  } finally {
    await direct.close();
    await viaClient.close();
    await target.close();
    await server.stop();
  }
  process.stdout.write(formatBenchTable(context, rows) + '\n' + summary.join('\n') + '\n');
  const errored = rows.filter((r) => r.note !== undefined);
  if (errored.length > 0) process.stdout.write(`errors: ${errored.map((r) => `${r.case}: ${r.note}`).join('; ')}\n`);
  process.stderr.write(`saved ${saveBenchResult(context, rows, { summary })}\n`);
}

async function autocannonRate(
  url: string,
  headers: Record<string, string>,
  connections: number,
): Promise<{ rate: number; errors: number }> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers,
    body: JSON.stringify(params),
    connections,
    duration: SECONDS,
  });
  return { rate: result['2xx'] / result.duration, errors: result.errors + result.timeouts + result.non2xx };
}

/**
 * The harness's own closed loop (closed-loop.ts) over the target; with `record`, each result also becomes an
 * InvocationRecord as the scenarios build them (the file writer is left out: it is not load generation).
 */
async function harnessRate(
  target: OpenWhiskRunTarget,
  clients: number,
  seconds: number,
  record: boolean,
): Promise<{ rate: number; errors: number }> {
  let ok = 0;
  let errors = 0;
  const started = performance.now();
  await closedLoop({
    target,
    clients,
    durationMs: seconds * 1000,
    signal: new AbortController().signal,
    next: () => ({ name: 'noop', action: 'noop', params }),
    onResult: (request, result) => {
      const good = record
        ? toInvocationRecord(
            {
              scenario: 'harness-load',
              runtime: 'wasm',
              action: request.action,
              actionName: request.name,
              level: clients,
              repetition: 0,
            },
            result,
          ).outcome === 'ok'
        : result.activation?.response?.success === true;
      if (good) ok++;
      else errors++;
    },
  });
  return { rate: ok / ((performance.now() - started) / 1000), errors };
}

/** What a blocking invoke of a warm wasm action answers on the embedded platform, byte for byte in shape. */
const RECORD = JSON.stringify({
  namespace: 'guest',
  name: 'noop',
  subject: 'guest',
  activationId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  start: 1764169200000,
  end: 1764169200001,
  duration: 1,
  response: { result: { result: 4 }, size: 12, status: 'success', success: true },
  logs: [],
  version: '0.0.1',
  publish: false,
  annotations: [
    { key: 'limits', value: { concurrency: 1, logs: 10, memory: 256, timeout: 60000 } },
    { key: 'path', value: 'guest/noop' },
    { key: 'kind', value: 'wasm:0.1' },
    { key: 'timeout', value: false },
    { key: 'waitTime', value: 0 },
  ],
});

const NULL_SERVER = `import http from 'node:http';
const record = ${JSON.stringify(RECORD)};
const info = JSON.stringify({ description: 'null server', api_version: '1.0.0' });
const s = http.createServer((q, r) => {
  q.resume();
  q.on('end', () => {
    const body = q.method === 'GET' ? info : record;
    r.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-openwhisk-activation-id': 'a1b2c3d4e5f60718293a4b5c6d7e8f90' });
    r.end(body);
  });
});
s.keepAliveTimeout = 65000;
s.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + s.address().port));
process.on('SIGTERM', () => process.exit(0));`;

async function startNullServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', NULL_SERVER], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(chunk.toString())?.[1];
  if (url === undefined) throw new Error(`null server: no URL in ${chunk.toString()}`);
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
