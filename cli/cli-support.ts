// Small pieces every long-running or numeric command shares.
import { appendFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { UsageError } from '../model/usage-error.js';
import { stopWithWrapper } from './wrapper-watch.js';

/** A commander option parser for whole numbers in [min, max]; commander prints "option … is invalid" with the reason. */
export function integerOption(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}

/** A bound on shutdown, for servers whose close() waits on something outside (Docker). */
export interface ShutdownLimit {
  /** Who speaks, e.g. "ow-eval platform". */
  name: string;
  ms: number;
  /** What was not done, said when the limit is reached. */
  unfinished: () => string;
  /** What a finished close() still left behind (containers Docker would not remove), or undefined. */
  leftBehind?: () => string | undefined;
}

/**
 * Keeps a server in the foreground until SIGTERM or SIGINT, then closes it and resolves (exit code 0).
 * The listeners stay installed until close() has finished: were ours removed first, signal-exit (loaded with execa by
 * the node-process driver) would find itself the last listener and re-raise the signal, killing the process before
 * it removed its containers and its executor.
 */
export function serveUntilSignal(close: () => Promise<void>, limit?: ShutdownLimit): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let closing: Promise<void> | undefined;
    const stop = (): void => {
      if (closing !== undefined) return;
      unwatch();
      // Past the limit the process ends anyway, whatever close() still waits for (a Docker daemon that never
      // answers), saying what it left behind; the timer is unref'd so it never keeps a finished process alive.
      const timer =
        limit === undefined
          ? undefined
          : setTimeout(() => {
              process.stderr.write(
                `${limit.name}: shutdown did not finish within ${limit.ms} ms; exiting anyway. ${limit.unfinished()}\n`,
              );
              process.exit(1);
            }, limit.ms).unref();
      closing = close().then(() => {
        clearTimeout(timer);
        const left = limit?.leftBehind?.();
        if (left) process.stderr.write(`${limit!.name}: ${left}\n`);
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
        process.off('SIGHUP', stop);
        resolve();
      }, reject);
    };
    // Stopping the npx wrapper stops the server too (it would otherwise keep its port: wrapper-watch.ts).
    const unwatch = stopWithWrapper(stop);
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    process.on('SIGHUP', stop); // the terminal closed
  });
}

/** `--summary [file]` as commander hands it over: a file, `true` for the flag alone, undefined without it. */
export type SummaryOption = string | true | undefined;

export const summaryOptionHelp =
  'append the result as Markdown to FILE, or without FILE to $GITHUB_STEP_SUMMARY (a GitHub Actions job summary)';

/** The file `--summary` names; checked before any work starts, so a long run does not end in a usage error. */
export function summaryFile(option: SummaryOption): string | undefined {
  if (option === undefined) return undefined;
  const file = option === true ? process.env.GITHUB_STEP_SUMMARY : option;
  if (!file)
    throw new UsageError(
      'ERR_SUMMARY_FILE',
      '--summary without a FILE needs GITHUB_STEP_SUMMARY set (GitHub Actions sets it)',
    );
  return file;
}

/** Appends, as GitHub Actions expects of every step that writes to the job summary. */
export function appendSummary(file: string | undefined, markdown: string): void {
  if (file !== undefined) appendFileSync(file, `${markdown}\n`);
}
