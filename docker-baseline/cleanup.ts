// Leaving nothing behind: `ow-eval cleanup` removes every container ow-eval labelled, and removeOnSignal makes an
// interrupted run (Ctrl-C, SIGTERM) remove its own containers before it exits. A SIGKILLed run cannot clean up:
// its Docker containers stay until `ow-eval cleanup`; its node-process runtimes exit when their stdin pipe closes.
import { connectDocker } from './docker-client.js';
import { removeContainers } from './docker-driver.js';
import type { ContainerDriver } from './driver-types.js';
import { pruneOldBaselineImages } from './image.js';
import { MANAGED_LABEL } from './labels.js';

/** Removes every container carrying ow-eval.managed=true, whoever started it; returns how many. */
export async function removeAllManagedContainers(options: { socketPath?: string } = {}): Promise<number> {
  return removeContainers(connectDocker(options.socketPath), [`${MANAGED_LABEL}=true`]);
}

/** Removes old baseline images that a rebuild untagged and no container uses; returns how many. */
export async function pruneUnusedBaselineImages(options: { socketPath?: string } = {}): Promise<number> {
  return pruneOldBaselineImages(connectDocker(options.socketPath));
}

/**
 * On SIGINT/SIGTERM: removes the driver's containers, then exits with 128 + signal number (130, 143).
 * Returns a function that unregisters the handlers (call it after driver.close()).
 */
export function removeOnSignal(driver: ContainerDriver, onSignal?: (signal: NodeJS.Signals) => void): () => void {
  const handlers = new Map<NodeJS.Signals, () => void>();
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    const handler = (): void => {
      onSignal?.(signal);
      const exit = (): never => process.exit(code);
      const timer = setTimeout(exit, 10_000); // never hang on the way out
      void driver.removeAll().catch(() => undefined).finally(() => {
        clearTimeout(timer);
        exit();
      });
    };
    handlers.set(signal, handler);
    process.once(signal, handler);
  }
  return () => {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  };
}
