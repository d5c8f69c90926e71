// `npm run bench -- warm`: the two warm ratios, the executor's warm `/run` and the platform's warm invoke, each ÷ the
// loopback round trip, with their floors, all in ONE loop (issue 26).
//
// Why one loop for both: the same floor measured in two loops a few minutes apart (the executor area's and the
// platform area's, until 2026-12-07) differed by 10-38 % in 8 of 11 runs alone on the machine, in either direction,
// with CIs of ±1-3 %. A probe then called two identical sets of floor servers in one loop for four minutes: in every
// 1.5 s window the two sets agreed within a few per cent, while both moved together between 0.08 and 0.20 ms from one
// window to the next (docs/performance-journal.md). The machine drifts; a floor stands beside its numerator only if
// both are sampled over the same seconds. So each numerator keeps floor servers of its own (processes of their own,
// as each area had) and all eight arms alternate call by call after one burst of all of them together (floor.ts):
// each floor is still measured twice, on different processes beside different numerators, over the same time.
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import openwhisk from 'openwhisk';
import { guestKey } from '../platform/options.js';
import { KeepAliveClient } from '../http-client/http1-client.js';
import type { OwEvalAnnotation } from '../platform/types.js';
import { dockerAvailability } from '../docker-baseline/driver.js';
import { buildActions } from '../scenarios/actions/build.js';
import { readWasmZip } from '../scenarios/actions/catalog.js';
import { abab, burst, floorMeasurement, settle } from './floor.js';
import { startFloorServers } from './empty-server.js';
import { init, readAction, request, runBody, startChild, stopChild, WARMUP } from './executor.js';
import { harnessInvoker, startPlatformProcess } from './platform.js';
import { fmtMs, p50, p99, reportDesignSplit, reportFloorOnly, reportRatio } from './ratios.js';
import { benchContext, formatBenchTable, formatRatio, saveBenchResult, type BenchRow } from './report.js';

const N = 500;
const bin = fileURLToPath(new URL('../../bin/ow-eval.js', import.meta.url));

export async function runBenchmark(): Promise<void> {
  const context = benchContext('warm');
  await buildActions();
  const noop = await readAction('noop');
  const addZip = await readWasmZip('add');
  // The platform as the `platform` area starts it (same baseline rule), though only wasm runs here.
  const baseline = (await dockerAvailability()).ok ? ('docker' as const) : ('node-process' as const);
  const stops: Array<() => Promise<void>> = [];
  try {
    const executor = await startChild([bin, 'executor', '--port', '0', '--code-cache']);
    stops.push(() => stopChild(executor.child));
    const platform = await startPlatformProcess(baseline);
    stops.push(() => platform.stop());
    const executorFloors = await startFloorServers();
    stops.push(() => executorFloors.stop());
    const platformFloors = await startFloorServers();
    stops.push(() => platformFloors.stop());

    const client = new KeepAliveClient(executor.url);
    stops.push(async () => client.close());
    const initStatus = await request(client, `${executor.url}/warm/init`, init(noop));
    if (initStatus !== 200) throw new Error(`the executor's /init of noop answered ${initStatus}`);
    const warmBody = runBody({});
    const run = async (): Promise<void> => {
      const status = await request(client, `${executor.url}/warm/run`, warmBody);
      if (status !== 200) throw new Error(`the executor's warm /run answered ${status}`);
    };

    const { harness, invoke: harnessInvoke } = await harnessInvoker(platform.url, baseline);
    stops.push(() => harness.close());
    // Created with the openwhisk npm client, as the platform area does (no logs: the loop measures the invoke).
    const agent = new http.Agent({ keepAlive: true });
    stops.push(async () => agent.destroy());
    const ow = openwhisk({ apihost: platform.url, api_key: guestKey, agent });
    await ow.actions.update({ name: 'add', action: addZip, kind: 'wasm:0.1', limits: { logs: 0 } });
    // The invoke's phases as the platform recorded them (queue + run), kept beside the client's time.
    const inside: number[] = [];
    // The burst starts containers (cold starts, untimed); from the loop on, every invoke must be warm.
    let burstDone = false;
    const invoke = async (): Promise<void> => {
      const { record } = await harnessInvoke('add');
      if (!burstDone) return;
      const annotation = record.annotations.find((a) => a.key === 'ow-eval')?.value as OwEvalAnnotation | undefined;
      if (annotation?.startKind !== 'warm') throw new Error(`expected a warm start, got ${annotation?.startKind}`);
      inside.push(annotation.phases.queueMs + annotation.phases.runMs);
    };
    // Timed by the loop's clock like every other arm (the harness's own sent → received differs by microseconds).
    const arms = {
      run,
      executorProxyThread: executorFloors.arms.proxyThread,
      executorThread: executorFloors.arms.thread,
      executorLoopback: executorFloors.arms.loopback,
      invoke,
      platformProxyThread: platformFloors.arms.proxyThread,
      platformThread: platformFloors.arms.thread,
      platformLoopback: platformFloors.arms.loopback,
    };
    await burst(Object.values(arms));
    burstDone = true;
    const s = await abab(arms, N, WARMUP, { settle });
    const invokeInside = inside.slice(-N);

    const rows: BenchRow[] = [
      { case: 'executor /run, warm noop', samplesMs: s.run, goal: 'p50 ≤ 0.2 ms' },
      { case: '  its floor: loopback HTTP, empty handler', samplesMs: s.executorLoopback },
      { case: '  its floor server: loopback + thread round trip', samplesMs: s.executorThread },
      { case: '  its floor server: proxy process → the above', samplesMs: s.executorProxyThread },
      { case: 'API wasm:0.1 warm invoke (harness invoke path)', samplesMs: s.invoke, goal: 'p50 ≤ 0.5 ms' },
      { case: '  of which waitTime+run (record)', samplesMs: invokeInside },
      { case: '  its floor: loopback HTTP, empty handler', samplesMs: s.platformLoopback },
      { case: '  its floor server: loopback + thread round trip', samplesMs: s.platformThread },
      { case: '  its floor server: proxy process → the above', samplesMs: s.platformProxyThread },
    ];

    reportWarmRatio('run', s.run, 'warm loop, servers beside the executor /run', {
      loopback: s.executorLoopback,
      thread: s.executorThread,
      proxyThread: s.executorProxyThread,
    });
    // The same client's tail against the empty handler shows how much of the p99 is the machine's scheduling.
    const floorTail = (p99(s.executorLoopback) / p50(s.executorLoopback)).toFixed(2);
    const tailDetail = `${fmtMs(p99(s.run))} ÷ ${fmtMs(p50(s.run))}, n = ${N}; the empty handler's own: ${floorTail}`;
    reportRatio('run-tail', p99(s.run) / p50(s.run), tailDetail, `its own p50 ${fmtMs(p50(s.run))}`);
    reportWarmRatio('platform', s.invoke, 'warm loop, servers beside the platform invoke', {
      loopback: s.platformLoopback,
      thread: s.platformThread,
      proxyThread: s.platformProxyThread,
    });

    const ratioLines = [
      formatRatio('executor warm /run', s.run, 'its loopback round trip (same loop)', s.executorLoopback),
      formatRatio('API wasm:0.1 warm invoke', s.invoke, 'its loopback round trip (same loop)', s.platformLoopback),
      formatRatio('the empty handler beside /run', s.executorLoopback, 'the one beside the invoke', s.platformLoopback),
    ];
    process.stdout.write(formatBenchTable(context, rows));
    process.stdout.write(`${ratioLines.join('\n')}\n`);
    const settings = {
      baseline,
      engine: platform.engine,
      rounds: N,
      warmupRounds: WARMUP,
      ratios: ratioLines,
    };
    process.stderr.write(`saved ${saveBenchResult(context, rows, settings)}\n`);
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

/**
 * One numerator against its own three floors: the goal ratio (÷ loopback), its split at the floor server of the
 * numerator's shape (thread for the executor's /run, proxy → thread for the platform's invoke), and the third floor
 * for the agreement check only.
 */
function reportWarmRatio(
  prefix: 'run' | 'platform',
  numeratorMs: readonly number[],
  where: string,
  floors: { loopback: number[]; thread: number[]; proxyThread: number[] },
): void {
  const loopback = floorMeasurement('loopback', where, floors.loopback);
  const thread = floorMeasurement('loopback+thread', where, floors.thread);
  const proxyThread = floorMeasurement('proxy+thread', where, floors.proxyThread);
  const detail = `${fmtMs(p50(numeratorMs))} ÷ ${fmtMs(p50(floors.loopback))}, n = ${N}, one loop of eight arms`;
  reportRatio(`${prefix}-p50`, p50(numeratorMs) / p50(floors.loopback), detail, loopback);
  const [shape, other] =
    prefix === 'run'
      ? [{ samplesMs: floors.thread, floor: thread }, proxyThread]
      : [{ samplesMs: floors.proxyThread, floor: proxyThread }, thread];
  reportDesignSplit(prefix, numeratorMs, shape, { samplesMs: floors.loopback, floor: loopback });
  reportFloorOnly(other);
}
