// results/<UTC timestamp>-<scenario>/: created at the start of a run; records are appended as they complete, so an
// interrupted or crashed run keeps everything measured up to that point.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { InvocationRecord } from './records.js';
import type { RunSummary } from './summary.js';

export const resultFiles = {
  manifest: 'manifest.json',
  invocations: 'invocations.jsonl',
  invocationsCsv: 'invocations.csv',
  summaryCsv: 'summary.csv',
  summaryJson: 'summary.json',
  notes: 'measurements.json',
} as const;

/** `2026-11-26T14-05-09Z`: sortable, and safe in file names on every OS. */
export function runTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
}

export class RunDirectory {
  readonly dir: string;
  #count = 0;

  private constructor(dir: string) {
    this.dir = dir;
  }

  /** Creates a fresh folder under `root`; a second run in the same second gets a suffix instead of overwriting. */
  static create(root: string, scenario: string, startedAt: Date): RunDirectory {
    const base = path.join(path.resolve(root), `${runTimestamp(startedAt)}-${scenario}`);
    let dir = base;
    for (let i = 2; existsSync(dir); i++) dir = `${base}-${i}`;
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, resultFiles.invocations), '');
    return new RunDirectory(dir);
  }

  get recordCount(): number {
    return this.#count;
  }

  writeManifest(manifest: unknown): void {
    writeFileSync(this.file('manifest'), JSON.stringify(manifest, null, 2) + '\n');
  }

  /** Synchronous on purpose: a record that was appended survives a crash or a kill right after. */
  append(record: InvocationRecord): void {
    appendFileSync(this.file('invocations'), JSON.stringify(record) + '\n');
    this.#count++;
  }

  readRecords(): InvocationRecord[] {
    return readRecords(this.dir);
  }

  /** invocations.csv (flattened, without the nested activation), summary.csv and summary.json. */
  writeSummary(records: readonly InvocationRecord[], summary: RunSummary): void {
    const flat = records.map(({ activation: _activation, error, ...rest }) => ({ ...rest, errorCode: error?.code ?? '', errorMessage: error?.message ?? '' }));
    writeFileSync(this.file('invocationsCsv'), stringify(flat, { header: true, columns: invocationColumns }));
    writeFileSync(this.file('summaryCsv'), stringify(summary.rows, { header: true }));
    writeFileSync(this.file('summaryJson'), JSON.stringify(summary, null, 2) + '\n');
  }

  /** Measurements that are not invocations (memory per container, …). */
  writeNotes(notes: Record<string, unknown>): void {
    writeFileSync(this.file('notes'), JSON.stringify(notes, null, 2) + '\n');
  }

  file(name: keyof typeof resultFiles): string {
    return path.join(this.dir, resultFiles[name]);
  }
}

export function readRecords(dir: string): InvocationRecord[] {
  const text = readFileSync(path.join(dir, resultFiles.invocations), 'utf8');
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as InvocationRecord);
}

const invocationColumns = ['seq', 'scenario', 'runtime', 'engine', 'action', 'actionName', 'level', 'repetition', 'sentAt',
  'receivedAt', 'latencyMs', 'httpStatus', 'outcome', 'start', 'startReason', 'activationId', 'timeResolution', 'waitTimeMs', 'initTimeMs',
  'durationMs', 'coldStartMs', 'status', 'errorCode', 'errorMessage'];
