// Small pieces every long-running or numeric command shares.
import { appendFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { UsageError } from '../model/usage-error.js';

/** A commander option parser for whole numbers in [min, max]; commander prints "option … is invalid" with the reason. */
export function integerOption(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}

/**
 * Keeps a server in the foreground until SIGTERM or SIGINT, then closes it and resolves (exit code 0).
 * The listeners stay installed until close() has finished: were ours removed first, signal-exit (loaded with execa by
 * the node-process driver) would find itself the last listener and re-raise the signal, killing the process before
 * it removed its containers and its executor.
 */
export function serveUntilSignal(close: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let closing: Promise<void> | undefined;
    const stop = (): void => {
      closing ??= close().then(() => {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
        resolve();
      }, reject);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
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
  if (!file) throw new UsageError('--summary without a FILE needs GITHUB_STEP_SUMMARY set (GitHub Actions sets it)');
  return file;
}

/** Appends, as GitHub Actions expects of every step that writes to the job summary. */
export function appendSummary(file: string | undefined, markdown: string): void {
  if (file !== undefined) appendFileSync(file, `${markdown}\n`);
}
