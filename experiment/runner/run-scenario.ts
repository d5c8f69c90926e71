// Runs one scenario end to end: results folder, manifest, records appended as they complete, progress, Ctrl-C,
// summary. Whatever happens (finish, interrupt, crash) the summary of what was measured is written, the manifest
// says how the run ended, and the targets are closed so their actions and containers are removed.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScenarioConfig } from '../../scenarios/config/schemas.js';
import { RunDirectory } from '../../model/results/run-directory.js';
import { errorCode, OwEvalError } from '../../errors/ow-eval-error.js';
import { summarizeRun, type RunSummary } from '../../model/results/summary.js';
import { comparability, gitSha, hostInfo, packageVersion } from '../../model/results/host-info.js';
import { seededRandom } from '../../model/stats/random.js';
import { runtimeRestarts } from './runtime-restarts.js';
import type { InvocationRecord } from '../../model/results/records.js';
import type { RuntimeUnit, ScenarioRunner } from './scenario.js';
import type { Progress } from '../output/progress-line.js';

export interface RunScenarioOptions {
  /** Folder that receives `<UTC timestamp>-<scenario>/`. @default 'results' */
  outRoot?: string;
  /** Opened after the results folder exists; closed at the end whatever happens. */
  openUnits: () => Promise<{ units: RuntimeUnit[]; close: () => Promise<void> }>;
  actionCode: (action: string, unit: RuntimeUnit, variant?: string) => Buffer | string;
  onProgress?: (progress: Progress) => void;
  /** Aborting stops new work; what was measured is kept and the manifest says `interrupted`. */
  signal?: AbortSignal;
  /** Reasons the numbers are not comparable beyond the machine's (e.g. node-process instead of Docker). */
  notComparableBecause?: string[];
}

export interface RunOutcome {
  dir: string;
  status: 'finished' | 'interrupted' | 'failed';
  summary: RunSummary;
  records: InvocationRecord[];
  error?: Error;
  notes: Record<string, unknown>;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export async function runScenario<C extends ScenarioConfig>(
  config: C,
  runner: ScenarioRunner<C>,
  options: RunScenarioOptions,
): Promise<RunOutcome> {
  const startedAt = new Date();
  // The targets are opened before the results folder exists: a target that cannot be used (no credentials, no
  // answer, a missing kind) is a configuration error, not a run, and leaves nothing behind.
  const { units, close } = await options.openUnits();
  let runDir: RunDirectory;
  try {
    runDir = RunDirectory.create(options.outRoot ?? 'results', config.scenario, startedAt);
  } catch (error) {
    await close();
    throw error;
  }
  const interrupt = options.signal ?? new AbortController().signal;
  // A record that cannot be written (a full disk) stops the run as an interrupt would: measuring on is wasted.
  const writeFailed = new AbortController();
  const signal = AbortSignal.any([interrupt, writeFailed.signal]);
  let writeFailure: Error | undefined;
  const modules = new Map<
    string,
    { action: string; runtime: string; variant?: string; bytes: number; sha256: string }
  >();
  const notes: Record<string, unknown> = {};
  const counts = { ok: 0, error: 0, dropped: 0 };
  let status: RunOutcome['status'] = 'finished';
  let failure: Error | undefined;

  const manifest = (extra: Record<string, unknown>) => ({
    tool: {
      name: 'ow-eval',
      version: packageVersion(path.join(repoRoot, 'package.json')),
      gitSha: gitSha(repoRoot) ?? null,
    },
    scenario: config.scenario,
    config,
    seed: config.seed,
    startedAt: startedAt.toISOString(),
    targets: units.map((u) => ({
      runtime: u.runtime,
      engine: u.engine ?? null,
      actionKind: u.kind,
      ...(u.image ? { image: u.image } : {}),
      ...(u.label ? { label: u.label.name, explanation: u.label.explanation } : {}),
      ...(u.snapshot ? { snapshot: u.snapshot } : {}),
      target: u.target.description,
    })),
    versions: { node: process.version, v8: process.versions.v8, modules: [...modules.values()] },
    code: codeRecord(config.codeCache),
    instances: INSTANCES_RECORD,
    host: hostInfo(),
    comparability: comparability([
      ...(options.notComparableBecause ?? []),
      ...(units.some((u) => u.runtime === 'node-process') ? ['node-process baseline instead of Docker'] : []),
    ]),
    ...extra,
  });

  try {
    runDir.writeManifest(manifest({ status: 'running' }), manifestReserve);
    const plan = runner.plan(config, units);
    const context = {
      config,
      units,
      namePrefix: `owe${startedAt.getTime().toString(36)}`,
      random: seededRandom(config.seed),
      signal,
      record: (record: Omit<InvocationRecord, 'seq'>) => {
        if (writeFailure) return;
        try {
          runDir.append({ seq: runDir.recordCount, ...record });
        } catch (error) {
          writeFailure = error instanceof Error ? error : new Error(String(error));
          writeFailed.abort();
          return;
        }
        counts[record.outcome]++;
        options.onProgress?.({
          done: runDir.recordCount,
          total: plan.invocations,
          errors: counts.error,
          dropped: counts.dropped,
          label: config.scenario,
          estimatedSeconds: plan.estimatedSeconds,
          ...(plan.pacedBy ? { pacedBy: plan.pacedBy } : {}),
        });
      },
      actionCode: (action: string, unit: RuntimeUnit, variant?: string) => {
        const code = options.actionCode(action, unit, variant);
        const bytes = typeof code === 'string' ? Buffer.from(code) : code;
        modules.set(`${action}/${unit.runtime}/${variant ?? ''}`, {
          action,
          runtime: unit.runtime,
          ...(variant ? { variant } : {}),
          bytes: bytes.length,
          sha256: createHash('sha256').update(bytes).digest('hex'),
        });
        return code;
      },
      note: (key: string, value: unknown) => {
        notes[key] = value;
      },
    };
    await runner.run(context);
    if (interrupt.aborted) status = 'interrupted';
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    status = interrupt.aborted ? 'interrupted' : 'failed';
  } finally {
    try {
      await close();
    } catch (error) {
      failure ??= error instanceof Error ? error : new Error(String(error));
    }
  }

  if (writeFailure) {
    // The cause of whatever the runner threw after it: a run whose results cannot be written has failed.
    failure = writeFailure;
    status = 'failed';
  }
  const records = runDir.readRecords();
  const summary = summarizeRun(records, runner.metrics, config.seed);
  try {
    runDir.writeSummary(records, summary);
    if (Object.keys(notes).length > 0) runDir.writeNotes(notes);
  } catch (error) {
    failure ??= error instanceof Error ? error : new Error(String(error));
    status = 'failed';
  }
  // The manifest last, so it says how everything above ended; if even it cannot be written, the run's own failure
  // leads the error (the manifest's is its consequence).
  const final = manifest({
    status,
    endedAt: new Date().toISOString(),
    counts: { records: records.length, ...counts },
    runtimeRestarts: runtimeRestarts(records),
    ...(failure ? { error: failure.message } : {}),
  });
  try {
    runDir.writeManifest(final);
  } catch (error) {
    if (!failure) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new OwEvalError(errorCode(failure) ?? 'RUN_FAILED', `${failure.message} (and the manifest: ${reason})`, {
      cause: failure,
    });
  }
  return { dir: runDir.dir, status, summary, records, notes, ...(failure ? { error: failure } : {}) };
}

/** Room the running manifest keeps for its final fields (status, counts, the error), enough for a long message. */
const manifestReserve = 8192;

/** How warm activations find their state (the executor's default, which the platform starts it with). */
const INSTANCES_RECORD = {
  wasm:
    'fresh-instance semantics: each executor thread keeps one instance per module and restores its memory, globals ' +
    'and tables to their state right after instantiation before the next activation (a new instance when that ' +
    'cannot be done: grown memory, a failed activation, passive segments); a cold start always instantiates',
  nodejs: 'a warm container keeps its Node.js process and the action module between activations',
};

/** What `codeCache` meant for this run, on both sides, in words a reader of the manifest needs no code for. */
function codeRecord(codeCache: boolean): { cache: boolean; wasm: string; nodejs: string } {
  return codeCache
    ? {
        cache: true,
        wasm: 'the executor reuses compiled code for identical bytes (and V8 shares native modules)',
        nodejs: 'copies share one source; every container is a fresh Node.js process',
      }
    : {
        cache: false,
        wasm: 'distinct bytes per deployed copy, and in coldstart per cold start (custom section ow-eval.nonce); executor cache off',
        nodejs:
          'distinct source per deployed copy, and in coldstart per cold start (trailing nonce comment); every container is a fresh Node.js process',
      };
}
