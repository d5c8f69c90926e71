// results/<UTC timestamp>-<scenario>/: created at the start of a run; records are appended as they complete, so an
// interrupted or crashed run keeps everything measured up to that point. A write that fails (a full disk) leaves no
// cut line or file behind: a record line that was only partly appended is cut off again, every other file is written
// whole under a temporary name and renamed, and the failure is an error naming the system's code (ENOSPC).
import {
  appendFileSync,
  closeSync,
  existsSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { InvocationRecord } from './records.js';
import type { RunSummary } from './summary.js';
import { errorCode, OwEvalError } from '../../errors/ow-eval-error.js';

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

/** A result file could not be written; `code` ERR_RESULTS_DISK_FULL when the disk (or quota) is full, else ERR_RESULTS_WRITE. */
export class ResultsWriteError extends OwEvalError {
  constructor(file: string, cause: unknown, kept: string) {
    const system = errorCode(cause) ?? 'unknown';
    const full = system === 'ENOSPC' || system === 'EDQUOT';
    const why = full ? `the disk is full (${system})` : `${system}: ${cause instanceof Error ? cause.message : String(cause)}`;
    super(full ? 'ERR_RESULTS_DISK_FULL' : 'ERR_RESULTS_WRITE', `cannot write ${file}: ${why}; ${kept}`, { cause });
  }
}

export class RunDirectory {
  readonly dir: string;
  #count = 0;
  /** Bytes of invocations.jsonl that hold whole lines: where a failed append is cut back to. */
  #bytes = 0;

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

  /**
   * Whole or not at all. On a full disk the new copy cannot be made, so the manifest is overwritten in place when
   * the text fits the blocks the file already holds; otherwise it is left as it was and the error says so.
   * `reserveBytes` of trailing whitespace (valid JSON) keep room for a longer manifest later: a run's `running`
   * manifests reserve it, so its final status is recorded even with 0 bytes free.
   */
  writeManifest(manifest: unknown, reserveBytes = 0): void {
    const file = this.file('manifest');
    const text = JSON.stringify(manifest, null, 2) + '\n';
    try {
      writeWhole(file, text + ' '.repeat(reserveBytes));
    } catch (error) {
      if (!overwriteInPlace(file, text)) throw new ResultsWriteError(file, error, 'the manifest was left as it was');
    }
  }

  /** Synchronous on purpose: a record that was appended survives a crash or a kill right after. */
  append(record: InvocationRecord): void {
    const file = this.file('invocations');
    const line = JSON.stringify(record) + '\n';
    try {
      appendFileSync(file, line);
    } catch (error) {
      // Part of the line may have reached the file before the error: cut back to the last whole line.
      try {
        truncateSync(file, this.#bytes);
      } catch {
        // Shrinking a file needs no space; if even that fails, readRecords still skips an unterminated last line.
      }
      throw new ResultsWriteError(file, error, `the ${this.#count} records before it are kept whole`);
    }
    this.#bytes += Buffer.byteLength(line);
    this.#count++;
  }

  readRecords(): InvocationRecord[] {
    return readRecords(this.dir);
  }

  /** invocations.csv (flattened, without the nested activation), summary.csv and summary.json. */
  writeSummary(records: readonly InvocationRecord[], summary: RunSummary): void {
    const flat = records.map(({ activation: _activation, error, ...rest }) => ({ ...rest, errorCode: error?.code ?? '', errorMessage: error?.message ?? '' }));
    this.#writeWhole('invocationsCsv', stringify(flat, { header: true, columns: invocationColumns }));
    this.#writeWhole('summaryCsv', stringify(summary.rows, { header: true }));
    this.#writeWhole('summaryJson', JSON.stringify(summary, null, 2) + '\n');
  }

  /** Measurements that are not invocations (memory per container, …). */
  writeNotes(notes: Record<string, unknown>): void {
    this.#writeWhole('notes', JSON.stringify(notes, null, 2) + '\n');
  }

  #writeWhole(name: keyof typeof resultFiles, text: string): void {
    const file = this.file(name);
    try {
      writeWhole(file, text);
    } catch (error) {
      throw new ResultsWriteError(file, error, 'no part of it was written');
    }
  }

  file(name: keyof typeof resultFiles): string {
    return path.join(this.dir, resultFiles[name]);
  }
}

/** The whole lines: text after the last newline is a write cut short by a crash, not a record. */
export function readRecords(dir: string): InvocationRecord[] {
  const text = readFileSync(path.join(dir, resultFiles.invocations), 'utf8');
  const whole = text.slice(0, text.lastIndexOf('\n') + 1);
  return whole.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as InvocationRecord);
}

/** Writes `file.tmp` and renames it over `file`: a reader sees the old text or the new one, never a cut one. */
function writeWhole(file: string, text: string): void {
  const temporary = `${file}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Overwrites `file` in place when `text` fits the blocks it already has (so no new space is needed); false if not. */
function overwriteInPlace(file: string, text: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r+');
    const bytes = Buffer.from(text);
    const { blocks } = fstatSync(fd);
    if (bytes.length > blocks * 512) return false;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written, written);
    ftruncateSync(fd, bytes.length);
    return true;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const invocationColumns = ['seq', 'scenario', 'runtime', 'engine', 'action', 'actionName', 'level', 'repetition', 'sentAt',
  'receivedAt', 'latencyMs', 'httpStatus', 'outcome', 'start', 'startReason', 'activationId', 'timeResolution', 'waitTimeMs', 'initTimeMs',
  'durationMs', 'coldStartMs', 'status', 'errorCode', 'errorMessage'];
