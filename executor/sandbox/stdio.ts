// A thread's capture files for the activations it runs, one at a time: stdout and stderr are opened append-only, so
// truncating them to 0 before an activation restarts both at offset 0 (skipped when the previous activation made no
// WASI call that can write); stdin is rewritten for each WASI command.
import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActivationStdio } from './activation.js';

/** OpenWhisk's default log limit (docs/openwhisk.md §1.3: logs 10 MB). */
export const MAX_LOG_BYTES = 10 * 1024 * 1024;

export class CaptureFiles {
  readonly stdout: number;
  readonly stderr: number;
  private readonly devNull: number;
  private readonly stdinPath: string;

  constructor(dir: string) {
    this.stdout = openSync(join(dir, 'stdout'), 'a+');
    this.stderr = openSync(join(dir, 'stderr'), 'a+');
    this.devNull = openSync('/dev/null', 'r');
    this.stdinPath = join(dir, 'stdin');
  }

  /**
   * Whether the files may hold output since they were last emptied. The caller clears it only through prepare() and
   * sets it when an activation made a WASI call that can write (ActivationHooks.onOutput), or failed unexpectedly.
   */
  dirty = true;

  /** Empties the output files (if dirty); for a WASI command also writes the params as stdin (a new fd, read from 0). */
  prepare(stdinText: string | undefined): ActivationStdio & { release(): void } {
    if (this.dirty) {
      ftruncateSync(this.stdout, 0);
      ftruncateSync(this.stderr, 0);
      this.dirty = false;
    }
    if (stdinText === undefined) return { stdin: this.devNull, stdout: this.stdout, stderr: this.stderr, release: () => {} };
    writeFileSync(this.stdinPath, stdinText);
    const stdin = openSync(this.stdinPath, 'r');
    return { stdin, stdout: this.stdout, stderr: this.stderr, release: () => closeSync(stdin) };
  }

  close(): void {
    for (const fd of [this.stdout, this.stderr, this.devNull]) closeSync(fd);
  }

  read(fd: number, tailOnly = 0): string {
    const size = fstatSync(fd).size;
    if (size === 0) return '';
    const want = tailOnly > 0 ? Math.min(size, tailOnly) : Math.min(size, MAX_LOG_BYTES);
    const buffer = Buffer.allocUnsafe(want);
    const read = readSync(fd, buffer, 0, want, tailOnly > 0 ? size - want : 0);
    const text = buffer.subarray(0, read).toString('utf8');
    return size > want && tailOnly === 0 ? `${text}\n[logs truncated at ${MAX_LOG_BYTES} bytes]` : text;
  }
}
