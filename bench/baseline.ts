// `npm run bench -- baseline`: cold-start phases of the Docker baseline and the node-process variant (create, start,
// ready, /init, first /run), warm /run latency, memory per warm container (running and paused), pause/unpause/remove,
// next to a plain `docker run` of the same image to its first HTTP answer, all measured in this run.
// Rounds alternate the variant order. OW_EVAL_BENCH_ROUNDS sets the number of cold starts per variant (default 15).
import http from 'node:http';
import { execa } from 'execa';
import {
  createDriver,
  dockerAvailability,
  type ActionContainer,
  type BaselineVariant,
  type ContainerDriver,
} from '../docker-baseline/driver.js';
import { allocatePort } from '../docker-baseline/ports.js';
import { benchContext, formatBenchTable, formatRatio, saveBenchResult, type BenchRow } from './report.js';

const ROUNDS = Number(process.env.OW_EVAL_BENCH_ROUNDS ?? 15);
const WARM_ROUNDS = 3; // rounds whose container also serves warm runs
const WARM_RUNS = 100;
const ECHO = {
  value: { name: 'echo', main: 'main', code: 'function main(args) { return args }', binary: false, env: {} },
};

interface VariantSamples {
  create: number[];
  start: number[];
  ready: number[];
  init: number[];
  firstRun: number[];
  cold: number[];
  warmRun: number[];
  pause: number[];
  unpause: number[];
  remove: number[];
  memoryRunning: number[];
  memoryPaused: number[];
}

const emptySamples = (): VariantSamples => ({
  create: [],
  start: [],
  ready: [],
  init: [],
  firstRun: [],
  cold: [],
  warmRun: [],
  pause: [],
  unpause: [],
  remove: [],
  memoryRunning: [],
  memoryPaused: [],
});

export async function runBenchmark(): Promise<void> {
  const context = benchContext('baseline');
  const docker = await dockerAvailability();
  if (!docker.ok)
    process.stderr.write(`bench baseline: Docker unavailable (${docker.reason}); measuring node-process only\n`);
  const variants: BaselineVariant[] = docker.ok ? ['docker', 'node-process'] : ['node-process'];
  const drivers = new Map<BaselineVariant, ContainerDriver>();
  for (const variant of variants) drivers.set(variant, await createDriver(variant));
  const imageId = drivers.get('docker')?.imageId;

  const samples = new Map<BaselineVariant, VariantSamples>(variants.map((v) => [v, emptySamples()]));
  const plainDockerRun: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? variants : [...variants].reverse();
      for (const variant of order) await coldStart(drivers.get(variant)!, samples.get(variant)!, round < WARM_ROUNDS);
      if (imageId) plainDockerRun.push(await plainDockerRunToFirstAnswer(imageId));
      process.stderr.write(`\rbench baseline: round ${round + 1}/${ROUNDS}`);
    }
    process.stderr.write('\n');
  } finally {
    for (const driver of drivers.values()) await driver.close();
  }

  const rows: BenchRow[] = [];
  for (const [variant, s] of samples) {
    rows.push(
      { case: `${variant}: create`, samplesMs: s.create },
      ...(variant === 'docker' ? [{ case: `${variant}: start`, samplesMs: s.start }] : []), // node-process: spawning is the start
      { case: `${variant}: ready (first HTTP answer)`, samplesMs: s.ready },
      { case: `${variant}: /init (echo action)`, samplesMs: s.init },
      { case: `${variant}: first /run`, samplesMs: s.firstRun },
      { case: `${variant}: cold start, create → first /run done`, samplesMs: s.cold },
      { case: `${variant}: warm /run`, samplesMs: s.warmRun },
      { case: `${variant}: pause`, samplesMs: s.pause },
      { case: `${variant}: unpause`, samplesMs: s.unpause },
      { case: `${variant}: remove`, samplesMs: s.remove },
    );
    for (const [label, bytes] of [
      ['running', s.memoryRunning],
      ['paused', s.memoryPaused],
    ] as const) {
      const average = mean(bytes);
      if (Number.isFinite(average))
        rows.push({
          case: `${variant}: memory, warm and ${label} (mean)`,
          value: { amount: average / 2 ** 20, unit: 'MiB' },
          note: memoryNote(variant),
        });
    }
  }
  if (imageId) rows.push({ case: 'reference: plain `docker run` → first HTTP answer', samplesMs: plainDockerRun });

  process.stdout.write(formatBenchTable(context, rows));
  const ratios: string[] = [];
  const dockerCold = samples.get('docker')?.cold;
  const processCold = samples.get('node-process')?.cold;
  if (dockerCold && processCold)
    ratios.push(formatRatio('docker cold start', dockerCold, 'the node-process cold start', processCold));
  if (dockerCold && plainDockerRun.length) {
    const dockerToReady = samples
      .get('docker')!
      .create.map((c, i) => c + samples.get('docker')!.start[i]! + samples.get('docker')!.ready[i]!);
    ratios.push(
      formatRatio('driver create+start+ready', dockerToReady, 'a plain `docker run` to first answer', plainDockerRun),
    );
  }
  process.stdout.write(
    `${ratios.join('\n')}\nmemory: docker = cgroup usage minus inactive file cache (as docker stats); node-process = VmRSS\n`,
  );
  const file = saveBenchResult(context, rows, { imageId, rounds: ROUNDS, warmRuns: WARM_RUNS * WARM_ROUNDS });
  process.stderr.write(`saved ${file}\n`);
}

async function coldStart(driver: ContainerDriver, s: VariantSamples, warm: boolean): Promise<void> {
  const began = performance.now();
  const container = await driver.start({ name: 'bench', memoryMb: 256, userMemoryMb: 1024 });
  try {
    const init = await container.init(ECHO, 60_000);
    const first = await container.run({ value: { round: 1 } }, 60_000);
    const cold = performance.now() - began;
    if (init.status !== 200 || first.status !== 200)
      throw new Error(`bench action failed: init ${init.status}, run ${first.status}`);
    s.create.push(container.startup.createMs);
    s.start.push(container.startup.startMs);
    s.ready.push(container.startup.readyMs);
    s.init.push(init.ms);
    s.firstRun.push(first.ms);
    s.cold.push(cold);
    if (warm) await warmRuns(container, s);
    s.memoryRunning.push((await container.memoryBytes()) ?? NaN);
    s.pause.push(await container.pause());
    s.memoryPaused.push((await container.memoryBytes()) ?? NaN);
    s.unpause.push(await container.unpause());
  } finally {
    s.remove.push(await container.remove());
  }
}

async function warmRuns(container: ActionContainer, s: VariantSamples): Promise<void> {
  for (let i = 0; i < WARM_RUNS; i++) {
    const call = await container.run({ value: { i } }, 60_000);
    if (call.status !== 200) throw new Error(`warm run failed with ${call.status}`);
    s.warmRun.push(call.ms);
  }
}

/** The physical reference: the docker CLI starting the same image (host network) until it answers HTTP. */
async function plainDockerRunToFirstAnswer(imageId: string): Promise<number> {
  const port = await allocatePort();
  const started = performance.now();
  const { stdout } = await execa('docker', [
    'run',
    '-d',
    '--network',
    'host',
    '-e',
    `PORT=${port}`,
    '-e',
    'HOST=127.0.0.1',
    '--label',
    'ow-eval.managed=true',
    '--label',
    'ow-eval.role=reference',
    imageId,
  ]);
  try {
    for (;;) {
      if (await answers(`http://127.0.0.1:${port}/`)) return performance.now() - started;
      if (performance.now() - started > 30_000) throw new Error('plain docker run did not answer within 30 s');
      await new Promise((r) => setTimeout(r, 2));
    }
  } finally {
    await execa('docker', ['rm', '-f', stdout.trim()]);
  }
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
  });
}

function mean(xs: number[]): number {
  const ok = xs.filter(Number.isFinite);
  return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : NaN;
}

function memoryNote(variant: BaselineVariant): string {
  return variant === 'docker' ? 'cgroup usage − inactive file' : 'VmRSS of the child process';
}
