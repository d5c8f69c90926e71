// Small pieces every long-running or numeric command shares.
import { InvalidArgumentError } from 'commander';
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
      unwatch();
      closing ??= close().then(() => {
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
