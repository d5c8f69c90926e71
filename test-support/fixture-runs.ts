// Deterministic, synthetic result folders for the report tests: written through the harness's own RunDirectory and
// summarizeRun, so they have exactly the shape of a real run. Their manifest says they are synthetic, and the report
// shows that as a banner: these numbers are never measurements.
import { RunDirectory } from '../model/results/run-directory.js';
import { summaryMetrics, type InvocationRecord, type RuntimeLabel, type StartKind } from '../model/results/records.js';
import { summarizeRun } from '../model/results/summary.js';
import { seededRandom } from '../model/stats/random.js';

export type FixtureScenario = 'coldstart' | 'warm' | 'concurrency' | 'realistic' | 'prime' | 'memory';

export interface FixtureOptions {
  /** Multiplies every synthetic time of the wasm runtime (e.g. 1.5 to simulate a regression). @default 1 */
  wasmScale?: number;
  baseline?: 'docker' | 'node-process';
  /** coldstart: add the baseline with OpenWhisk's default stem cells (`baseline=openwhisk-default`) as a third line. */
  stemCells?: boolean;
  seed?: number;
  /** The run's start time (folder name). @default 2026-01-02T03:04:05Z */
  startedAt?: Date;
}

export const syntheticReason = 'synthetic fixture written by a test: not a measurement';

interface Unit {
  runtime: RuntimeLabel;
  engine?: string;
}

export function writeFixtureRun(root: string, scenario: FixtureScenario, options: FixtureOptions = {}): string {
  const startedAt = options.startedAt ?? new Date('2026-01-02T03:04:05Z');
  const random = seededRandom(options.seed ?? 7);
  const jitter = (x: number) => x * (0.85 + 0.3 * random());
  const units: Unit[] = [
    { runtime: 'wasm', engine: 'tiered' },
    { runtime: options.baseline ?? 'docker' },
    ...(options.stemCells ? [{ runtime: options.baseline ?? 'docker', engine: 'openwhisk-default' }] : []),
  ];
  const records: InvocationRecord[] = [];
  let clock = startedAt.getTime();
  const add = (
    unit: Unit,
    action: string,
    level: number,
    repetition: number,
    t: { wait: number; init?: number; run: number; start: StartKind },
    outcome: InvocationRecord['outcome'] = 'ok',
  ) => {
    const scale = unit.runtime === 'wasm' ? (options.wasmScale ?? 1) : 1;
    const wait = jitter(t.wait) * scale;
    const init = t.init === undefined ? undefined : jitter(t.init) * scale;
    const run = jitter(t.run) * scale;
    const latency = wait + (init ?? 0) + run + 1;
    const sentAt = (clock += 3);
    records.push({
      seq: records.length,
      scenario,
      runtime: unit.runtime,
      ...(unit.engine ? { engine: unit.engine } : {}),
      action,
      actionName: `fixture-${unit.runtime}-${action}-${level}`,
      level,
      repetition,
      sentAt,
      receivedAt: sentAt + latency,
      latencyMs: latency,
      outcome,
      start: t.start,
      startReason: 'synthetic',
      ...(outcome === 'ok'
        ? {
            httpStatus: 200,
            waitTimeMs: wait,
            ...(init === undefined ? {} : { initTimeMs: init, coldStartMs: wait + init }),
            durationMs: run,
            status: 'success',
          }
        : { httpStatus: 502, error: { code: 'APPLICATION_ERROR', message: 'synthetic failure' } }),
    });
  };
  const isWasm = (u: Unit) => u.runtime === 'wasm';
  const notes: Record<string, unknown> = {};

  if (scenario === 'coldstart') {
    for (let level = 1; level <= 4; level++) {
      for (let rep = 1; rep <= 3; rep++) {
        for (const u of units) {
          for (let i = 0; i < level; i++)
            add(
              u,
              'hash',
              level,
              rep,
              isWasm(u)
                ? { wait: 1 + level, init: 8 + level, run: 12, start: 'cold' }
                : // The first two concurrent starts of the stem-cell line find a stem cell: /init only.
                  u.engine === 'openwhisk-default' && i < 2
                  ? { wait: 1, init: 20, run: 15, start: 'prewarm' }
                  : { wait: 400 + 220 * level, init: 3, run: 15, start: 'cold' },
            );
        }
      }
    }
    add(units[1]!, 'hash', 4, 3, { wait: 1, run: 15, start: 'warm' }, 'dropped');
  } else if (scenario === 'concurrency') {
    for (const workload of ['hash', 'block', 'mixed']) {
      for (let clients = 1; clients <= 3; clients++) {
        for (const u of units) {
          for (let i = 0; i < 12 * clients; i++) {
            const block = workload === 'block' || (workload === 'mixed' && i % 2 === 1);
            add(u, workload, clients, i + 1, {
              wait: 1,
              run: block ? 300 : isWasm(u) ? 14 : 9,
              start: i === 0 ? 'cold' : 'warm',
            });
          }
        }
      }
    }
  } else if (scenario === 'realistic') {
    for (const u of units) {
      for (let i = 0; i < 60; i++) {
        const cold = i % 5 === 0;
        add(
          u,
          i % 2 ? 'block' : 'hash',
          4,
          i + 1,
          cold
            ? isWasm(u)
              ? { wait: 2, init: 9, run: i % 2 ? 300 : 14, start: 'cold' }
              : { wait: 900, init: 3, run: i % 2 ? 300 : 9, start: 'cold' }
            : { wait: 1, run: i % 2 ? 300 : isWasm(u) ? 14 : 9, start: 'warm' },
        );
      }
    }
    add(units[0]!, 'hash', 4, 61, { wait: 1, run: 1, start: 'warm' }, 'error');
  } else if (scenario === 'prime') {
    for (const u of units) {
      add(u, 'prime', 0, 0, { wait: isWasm(u) ? 2 : 500, init: isWasm(u) ? 9 : 3, run: 20, start: 'cold' });
      for (let i = 1; i <= 40; i++) add(u, 'prime', 2, i, { wait: 1, run: isWasm(u) ? 8 : 11, start: 'warm' });
    }
  } else if (scenario === 'warm') {
    for (const u of units) {
      for (const action of ['noop', 'hash']) {
        add(u, action, 0, 0, { wait: isWasm(u) ? 2 : 500, init: isWasm(u) ? 9 : 3, run: 2, start: 'cold' });
        for (let i = 1; i <= 20; i++)
          add(u, action, i === 1 ? 1 : 2, i, { wait: 0.5, run: action === 'hash' ? 4 : 1, start: 'warm' });
      }
    }
  } else if (scenario === 'memory') {
    const measurements = [];
    for (const u of units) {
      for (const variant of isWasm(u) ? ['optimized', 'unoptimized', 'debug'] : ['javascript']) {
        for (let i = 1; i <= 3; i++)
          add(
            u,
            `hash/${variant}`,
            3,
            i,
            isWasm(u) ? { wait: 2, init: 9, run: 2, start: 'cold' } : { wait: 500, init: 3, run: 2, start: 'cold' },
          );
        const mib = isWasm(u) ? { optimized: 2.5, unoptimized: 3.5, debug: 6 }[variant]! : 40;
        measurements.push({
          ...u,
          variant,
          containers: 3,
          beforeBytes: 100 * 2 ** 20,
          afterBytes: (100 + 3 * mib) * 2 ** 20,
          perContainerBytes: mib * 2 ** 20,
          method: isWasm(u) ? 'executor RSS' : 'cgroup memory.usage_in_bytes',
        });
      }
    }
    notes['memory'] = measurements;
  }

  const dir = RunDirectory.create(root, scenario, startedAt);
  for (const record of records) dir.append(record);
  const counts = { records: records.length, ok: 0, error: 0, dropped: 0 };
  for (const r of records) counts[r.outcome]++;
  dir.writeSummary(records, summarizeRun(records, summaryMetrics, options.seed ?? 1));
  if (Object.keys(notes).length > 0) dir.writeNotes(notes);
  dir.writeManifest({
    tool: { name: 'ow-eval', version: '0.0.0-fixture', gitSha: null },
    scenario,
    config: {
      scenario,
      fixture: true,
      codeCache: false,
      ...(options.stemCells ? { baseline: 'openwhisk-default' } : {}),
    },
    seed: options.seed ?? 7,
    startedAt: startedAt.toISOString(),
    endedAt: new Date(clock + 1000).toISOString(),
    status: 'finished',
    targets: units.map((u) => ({
      runtime: u.runtime,
      engine: u.engine ?? null,
      actionKind: isWasm(u) ? 'wasm:0.1' : 'nodejs:20',
      target: { kind: 'embedded', apihost: 'fixture', baseline: options.baseline ?? 'docker' },
    })),
    versions: { node: process.version, v8: process.versions.v8, modules: [] },
    host: {
      cpuModel: 'fixture',
      cores: 4,
      memoryBytes: 8 * 2 ** 30,
      kernel: 'fixture',
      platform: 'fixture',
      loadAverage: [0, 0, 0],
    },
    comparability: {
      comparable: false,
      reasons: [
        syntheticReason,
        ...(options.baseline === 'node-process' ? ['node-process baseline instead of Docker'] : []),
      ],
    },
    counts,
  });
  return dir.dir;
}

export const fixtureScenarios: FixtureScenario[] = ['coldstart', 'concurrency', 'realistic', 'prime', 'warm', 'memory'];
