// Reads one results/<UTC timestamp>-<scenario>/ folder into memory, and finds the folders a report is made of.
// Only result files are read: a report can be made offline, long after the run, on another machine.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { readRecords, resultFiles } from '../model/results/run-directory.js';
import type { InvocationRecord, RuntimeLabel } from '../model/results/records.js';
import { enforcePolicy, type RunSummary } from '../model/results/summary.js';
import { UsageError } from '../model/usage-error.js';

/** The parts of manifest.json a report shows (run-scenario.ts writes more; the rest is ignored, never required). */
export interface RunManifest {
  tool?: { name?: string; version?: string; gitSha?: string | null };
  scenario: string;
  config?: Record<string, unknown>;
  seed?: number;
  startedAt?: string;
  endedAt?: string;
  status?: 'running' | 'finished' | 'interrupted' | 'failed';
  error?: string;
  targets?: Array<{
    runtime: RuntimeLabel;
    engine: string | null;
    actionKind?: string;
    image?: string;
    label?: string;
    explanation?: string;
    /** A snapshot variant's kind and what its snapshot cost, and where (the snapshot scenario). */
    snapshot?: { kind: string; cost: Record<string, unknown> };
    target?: { kind?: string; apihost?: string; baseline?: string } & Record<string, unknown>;
  }>;
  versions?: {
    node?: string;
    v8?: string;
    modules?: Array<{ action: string; runtime: string; variant?: string; bytes: number; sha256: string }>;
  };
  host?: {
    cpuModel?: string;
    cores?: number;
    memoryBytes?: number;
    kernel?: string;
    platform?: string;
    loadAverage?: number[];
  };
  comparability?: { comparable: boolean; reasons: string[] };
  counts?: { records: number; ok: number; error: number; dropped: number };
}

/** One memory measurement as memory.ts notes it. */
export interface MemoryNote {
  runtime: string;
  engine?: string;
  variant: string;
  containers: number;
  perContainerBytes: number;
  method: string;
}

export interface LoadedRun {
  dir: string;
  /** The folder name, e.g. 2026-11-26T14-52-23Z-coldstart: how runs are named in reports. */
  name: string;
  manifest: RunManifest;
  records: InvocationRecord[];
  summary: RunSummary;
  /** measurements.json, when the scenario wrote one (memory, warm). */
  notes: Record<string, unknown>;
}

export function loadRun(dir: string): LoadedRun {
  const resolved = path.resolve(dir);
  const manifestPath = path.join(resolved, resultFiles.manifest);
  if (!existsSync(manifestPath))
    throw new UsageError('ERR_NOT_A_RUN', `${dir} is not a run folder: it has no ${resultFiles.manifest}`);
  const manifest = readJson<RunManifest>(manifestPath);
  const records = existsSync(path.join(resolved, resultFiles.invocations)) ? readRecords(resolved) : [];
  const summaryPath = path.join(resolved, resultFiles.summaryJson);
  const summary = enforcePolicy(
    existsSync(summaryPath) ? readJson<RunSummary>(summaryPath) : { rows: [], ratios: [] },
    manifest.scenario,
  );
  const notesPath = path.join(resolved, resultFiles.notes);
  const notes = existsSync(notesPath) ? readJson<Record<string, unknown>>(notesPath) : {};
  const run = { dir: resolved, name: path.basename(resolved), manifest, records, summary, notes };
  return manifest.config?.codeCache === true ? labelCodeCache(run) : run;
}

/**
 * A run with the executor's code cache on is a different variant of wasm: its engine reads `tiered + code cache`
 * wherever the report names a series (labels, colours, tables), so it is never mistaken for the cold default.
 */
function labelCodeCache(run: LoadedRun): LoadedRun {
  const label = (engine: string | null | undefined): string => `${engine || 'default'} + code cache`;
  for (const record of run.records) if (record.runtime === 'wasm') record.engine = label(record.engine);
  for (const row of run.summary.rows) if (row.runtime === 'wasm') row.engine = label(row.engine);
  for (const ratio of run.summary.ratios) ratio.engine = label(ratio.engine);
  for (const target of run.manifest.targets ?? []) if (target.runtime === 'wasm') target.engine = label(target.engine);
  return run;
}

/** A run folder passed over by `latestRuns`, and why. */
export interface SkippedRun {
  name: string;
  why: string;
}

/**
 * The newest run folder of each scenario under `root` that recorded samples (names start with a sortable UTC
 * timestamp). A run that failed before its first invocation (no credentials, an unreachable --apihost) or recorded no
 * successful one is never "the latest": it is listed in `skipped` (newest first) so the caller can say so.
 */
export function latestRunsWithSamples(root: string): { dirs: string[]; skipped: SkippedRun[] } {
  if (!existsSync(root))
    throw new UsageError(
      'ERR_NO_RESULTS',
      `no results folder at ${root}: run a scenario first (ow-eval run coldstart)`,
    );
  const latest = new Map<string, string>();
  const skipped: SkippedRun[] = [];
  const folders = readdirSync(root)
    .filter((name) => /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-/.test(name))
    .filter(
      (name) =>
        existsSync(path.join(root, name, resultFiles.manifest)) && statSync(path.join(root, name)).isDirectory(),
    )
    .sort()
    .reverse();
  for (const name of folders) {
    const manifest = readJson<RunManifest>(path.join(root, name, resultFiles.manifest));
    if (latest.has(manifest.scenario)) continue;
    const ok = samplesOf(path.join(root, name), manifest);
    if (ok === 0) {
      skipped.push({
        name,
        why: `${manifest.status ?? 'unknown status'}${manifest.error ? ` (${manifest.error})` : ''}, no successful invocation recorded`,
      });
      continue;
    }
    latest.set(manifest.scenario, path.join(root, name));
  }
  if (latest.size === 0)
    throw new UsageError(
      'ERR_NO_RUNS',
      `no run folder with samples under ${root}${skipped.length > 0 ? ` (${skipped.length} without: the newest is ${skipped[0]!.name}, ${skipped[0]!.why})` : ''}: run a scenario first (ow-eval run coldstart)`,
    );
  return { dirs: [...latest.values()].sort(), skipped };
}

/**
 * For `compare` without arguments: the newest run with samples under `root` (B) and the newest earlier one of the
 * same scenario with samples (A), plus the newer runs without samples that were passed over.
 */
export function lastTwoRunsWithSamples(root: string): { a: string; b: string; skipped: SkippedRun[] } {
  const { dirs, skipped } = latestRunsWithSamples(root);
  const newest = [...dirs].sort().at(-1)!;
  const scenario = readJson<RunManifest>(path.join(newest, resultFiles.manifest)).scenario;
  const earlier = readdirSync(root)
    .filter((name) => /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-/.test(name) && name < path.basename(newest))
    .filter((name) => existsSync(path.join(root, name, resultFiles.manifest)))
    .sort()
    .reverse()
    .find((name) => {
      const manifest = readJson<RunManifest>(path.join(root, name, resultFiles.manifest));
      return manifest.scenario === scenario && samplesOf(path.join(root, name), manifest) > 0;
    });
  if (!earlier)
    throw new UsageError(
      'ERR_ONE_RUN',
      `only one ${scenario} run with samples under ${root} (${path.basename(newest)}): run it again, or name two run folders (ow-eval compare RUN_A RUN_B)`,
    );
  return { a: path.join(root, earlier), b: newest, skipped };
}

/** The newest run folder with samples of each scenario under `root`. */
export function latestRuns(root: string): string[] {
  return latestRunsWithSamples(root).dirs;
}

/** Successful invocations of a run: the manifest's count when it has one, else the records on disk. */
function samplesOf(dir: string, manifest: RunManifest): number {
  if (manifest.counts) return manifest.counts.ok;
  if (!existsSync(path.join(dir, resultFiles.invocations))) return 0;
  return readRecords(dir).filter((r) => r.outcome === 'ok').length;
}

/** Memory measurements of a memory run, [] when there are none. */
export function memoryNotes(run: LoadedRun): MemoryNote[] {
  const memory = run.notes['memory'];
  return Array.isArray(memory) ? (memory as MemoryNote[]).filter((m) => typeof m.perContainerBytes === 'number') : [];
}

/** What the baseline of this run was: docker, node-process, or undefined when the run had none. */
export function baselineOf(run: LoadedRun): RuntimeLabel | undefined {
  const runtimes = new Set([
    ...(run.manifest.targets ?? []).map((t) => t.runtime),
    ...run.records.map((r) => r.runtime),
  ]);
  if (runtimes.has('docker')) return 'docker';
  if (runtimes.has('node-process')) return 'node-process';
  return undefined;
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new UsageError('ERR_RUN_UNREADABLE', `cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}
