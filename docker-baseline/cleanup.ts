// Leaving nothing behind: `ow-eval cleanup` removes the containers ow-eval labelled for runs that are gone, whoever
// started them (live runs, a second terminal's experiment of your own included, only with --all), and removeOnSignal makes an
// interrupted run (Ctrl-C, SIGTERM) remove its own containers before it exits. A SIGKILLed run cannot clean up:
// its Docker containers stay until `ow-eval cleanup`; its node-process runtimes exit when their stdin pipe closes.
import { hostname } from 'node:os';
import type Docker from 'dockerode';
import { connectDocker, dockerCall, dockerFailure } from './docker-client.js';
import { removeSocketFolders } from './docker-driver.js';
import type { ContainerDriver } from './driver-types.js';
import { pruneOldBaselineImages } from './image.js';
import { MANAGED_LABEL, OWNER_LABEL, USER_LABEL, userLabelValue } from './labels.js';
import { processAlive } from './process-alive.js';

export interface CleanedContainer {
  id: string;
  name: string;
  /** `<hostname>:<pid>` that created it, and its user, as labelled. */
  owner: string;
  user?: string;
  /** Why it was removed or kept. */
  reason: string;
}

export interface CleanupResult {
  removed: CleanedContainer[];
  kept: CleanedContainer[];
}

export interface CleanupOptions {
  socketPath?: string;
  /** Remove every ow-eval container, live runs (of any user) and other hosts' included. @default false */
  all?: boolean;
  /** More label filters (`key=value`) that narrow the search, e.g. one run. */
  labels?: string[];
}

/**
 * Removes the ow-eval containers whose creating process on this host is gone (a run killed with SIGKILL), whoever
 * started it; keeps live runs (of any user, this one's included) and containers made on other hosts unless `all`.
 */
export async function cleanupContainers(options: CleanupOptions = {}): Promise<CleanupResult> {
  const connection = connectDocker(options.socketPath);
  let found: Docker.ContainerInfo[];
  try {
    found = await dockerCall(connection, 'list containers', (abortSignal) =>
      connection.docker.listContainers({
        all: true,
        filters: { label: [`${MANAGED_LABEL}=true`, ...(options.labels ?? [])] },
        abortSignal,
      }),
    );
  } catch (error) {
    throw dockerFailure(error, connection.endpoint);
  }
  const result: CleanupResult = { removed: [], kept: [] };
  const me = { host: hostname(), user: userLabelValue() };
  await Promise.all(
    found.map(async (info) => {
      const owner = info.Labels[OWNER_LABEL] ?? 'unknown';
      const user = info.Labels[USER_LABEL];
      const reason = options.all ? '--all' : whyRemovable(owner, user, me);
      const item: CleanedContainer = {
        id: info.Id,
        name: (info.Names[0] ?? info.Id).replace(/^\//, ''),
        owner,
        ...(user ? { user } : {}),
        reason: reason ?? keptBecause(owner, user, me),
      };
      if (reason === undefined) {
        result.kept.push(item);
        return;
      }
      try {
        await dockerCall(connection, `remove ${item.name}`, (abortSignal) =>
          connection.docker.getContainer(info.Id).remove({ force: true, abortSignal }),
        );
        removeSocketFolders(info);
        result.removed.push(item);
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) {
          removeSocketFolders(info);
          result.removed.push(item); // gone meanwhile
        } else result.kept.push({ ...item, reason: `could not remove: ${(error as Error).message}` });
      }
    }),
  );
  return result;
}

function parseOwner(owner: string): { host: string; pid: number } {
  const at = owner.lastIndexOf(':');
  return { host: owner.slice(0, at), pid: Number(owner.slice(at + 1)) };
}

/** Liveness decides, not the user: a run of yours in another terminal is as alive as anyone's. */
function whyRemovable(owner: string, user: string | undefined, me: { host: string; user: string }): string | undefined {
  const { host, pid } = parseOwner(owner);
  if (host !== me.host) return undefined; // another host's process: its liveness cannot be checked from here
  if (Number.isInteger(pid) && pid > 0 && !processAlive(pid))
    return `its run (pid ${pid}${user === me.user ? ', yours' : ''}) is no longer alive`;
  return undefined;
}

function keptBecause(owner: string, user: string | undefined, me: { host: string; user: string }): string {
  const { host, pid } = parseOwner(owner);
  if (host !== me.host)
    return `kept: made on ${host || 'an unknown host'}, whose runs cannot be checked from here (--all removes it)`;
  const whose = user === me.user ? 'of yours' : `of ${user ?? 'an unknown user'}`;
  return Number.isInteger(pid) && pid > 0
    ? `kept: a live run ${whose} (pid ${pid}; --all removes it)`
    : `kept: its owner label '${owner}' names no process (--all removes it)`;
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
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    const handler = (): void => {
      onSignal?.(signal);
      const exit = (): never => process.exit(code);
      const timer = setTimeout(exit, 10_000); // never hang on the way out
      void driver
        .removeAll()
        .catch(() => undefined)
        .finally(() => {
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
