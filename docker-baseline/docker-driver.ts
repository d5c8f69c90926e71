// The Docker variant: one container per action container, created the way OpenWhisk's invoker does
// (DockerContainer.scala: --memory/--memory-swap in MB, --cpu-shares, -e __OW_API_HOST, a wsk-style name), except
// for the network. By default (`none`) a container has no network at all, not even a route to the host's loopback:
// its runtime listens on a Unix socket in a folder of this host mounted into it, which the platform's client dials.
// `host` (an operator's `--allow-network`, and any blackbox image, which only knows TCP) shares the host's network on
// a port allocated on 127.0.0.1. Why not a bridge: this engine runs with `--bridge=none --iptables=false`
// (docs/trust-model.md).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Writable } from 'node:stream';
import type Docker from 'dockerode';
import { BaseActionContainer, type Death } from './action-container.js';
import { dockerCall, dockerFailure, type DockerConnection } from './docker-client.js';
import type { ActionContainer, ContainerDriver, ContainerNetwork, StartContainerOptions } from './driver-types.js';
import { BaselineError } from './errors.js';
import {
  containerName,
  cpuShares,
  MANAGED_LABEL,
  newRunId,
  OWNER_LABEL,
  ownerLabelValue,
  ROLE_LABEL,
  RUN_LABEL,
  USER_LABEL,
  userLabelValue,
  VARIANT_LABEL,
} from './labels.js';
import type { ActivationLogs } from './activation-logs.js';
import { allocatePort } from './ports.js';
import { waitUntilAnswering } from './runtime-client.js';

const READY_TIMEOUT_MS = 30_000;
/** Where a container without network finds its folder, and the socket its runtime listens on. */
export const SOCKET_DIR_IN_CONTAINER = '/ow-run';
/** The per-container folder's name on this host: `$TMPDIR/ow-eval-rt-XXXXXX` (cleanup.ts removes leftovers). */
export const SOCKET_DIR_PREFIX = 'ow-eval-rt-';
const SOCKET_NAME = 'runtime.sock';

const START_ATTEMPTS = 3; // a port taken between allocation and bind is retried with another port

class DockerContainer extends BaseActionContainer {
  readonly variant = 'docker' as const;
  private streamEnded = false;

  constructor(
    private readonly connection: DockerConnection,
    private readonly container: Docker.Container,
    readonly name: string,
    url: string,
    startup: { createMs: number; startMs: number; readyMs: number },
    private readonly socketDir?: string,
  ) {
    super(url, startup, socketDir === undefined ? undefined : join(socketDir, SOCKET_NAME));
  }

  get id(): string {
    return this.container.id;
  }

  get exited(): boolean {
    return this.streamEnded;
  }

  /** Attaches before start so no output is missed; works whatever log driver the daemon uses. */
  async attach(): Promise<void> {
    const stream = (await dockerCall(this.connection, `attach to ${this.name}`, (abortSignal) =>
      this.container.attach({ stream: true, stdout: true, stderr: true, abortSignal }),
    )) as NodeJS.ReadableStream;
    const sink = (logs: ActivationLogs, name: 'stdout' | 'stderr'): Writable =>
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          logs.push(name, chunk);
          done();
        },
      });
    this.connection.docker.modem.demuxStream(stream, sink(this.logs, 'stdout'), sink(this.logs, 'stderr'));
    const ended = (): void => {
      if (this.streamEnded) return;
      this.streamEnded = true;
      this.logs.end('stdout');
      this.logs.end('stderr');
    };
    stream.on('end', ended);
    stream.on('close', ended);
    stream.on('error', ended);
  }

  async pause(): Promise<number> {
    return this.timed(`pause ${this.name}`, (abortSignal) => this.container.pause({ abortSignal }));
  }

  async unpause(): Promise<number> {
    return this.timed(`unpause ${this.name}`, (abortSignal) => this.container.unpause({ abortSignal }));
  }

  async remove(): Promise<number> {
    if (this.removed) return 0;
    this.removed = true;
    this.client.close();
    try {
      const ms = await this.timed(`remove ${this.name}`, async (abortSignal) => {
        try {
          await this.container.remove({ force: true, abortSignal });
        } catch (error) {
          const status = (error as { statusCode?: number }).statusCode;
          if (status !== 404 && status !== 409) throw error; // already gone, or removal already in progress
        }
      });
      started.delete(this.id);
      return ms;
    } finally {
      if (this.socketDir !== undefined) rmSync(this.socketDir, { recursive: true, force: true });
    }
  }

  async memoryBytes(): Promise<number | undefined> {
    try {
      const stats = await dockerCall(this.connection, `stats of ${this.name}`, (abortSignal) =>
        // dockerode passes abortSignal on for stats too; its types only lack the field.
        this.container.stats({ stream: false, 'one-shot': true, abortSignal } as { stream: false }),
      );
      const memory = stats.memory_stats as { usage?: number; stats?: Record<string, number> };
      if (memory.usage === undefined) return undefined;
      // What `docker stats` shows: usage minus inactive page cache (cgroup v1 total_inactive_file, v2 inactive_file).
      const inactive = memory.stats?.total_inactive_file ?? memory.stats?.inactive_file ?? 0;
      return memory.usage - inactive;
    } catch (error) {
      throw dockerFailure(error, this.connection.endpoint);
    }
  }

  protected async diagnose(): Promise<Death> {
    const deadline = Date.now() + 2000;
    for (;;) {
      let state: Docker.ContainerInspectInfo['State'];
      try {
        state = (
          await dockerCall(this.connection, `inspect ${this.name}`, (abortSignal) =>
            this.container.inspect({ abortSignal }),
          )
        ).State;
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404)
          return { kind: 'crashed', detail: 'the container was removed from outside' };
        throw error;
      }
      if (state.OOMKilled)
        return { kind: 'memory', detail: `the container was OOM-killed (exit code ${state.ExitCode})` };
      if (!state.Running)
        return {
          kind: 'crashed',
          detail: `the container exited with code ${state.ExitCode}${state.Error ? `: ${state.Error}` : ''}`,
        };
      if (Date.now() > deadline) return undefined;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async timed(what: string, action: (abortSignal: AbortSignal) => Promise<unknown>): Promise<number> {
    const began = performance.now();
    await dockerCall(this.connection, what, action);
    return performance.now() - began;
  }
}

export class DockerDriver implements ContainerDriver {
  readonly variant = 'docker' as const;
  readonly runId = newRunId();
  private sequence = 0;

  constructor(
    private readonly connection: DockerConnection,
    readonly imageId: string,
    readonly network: ContainerNetwork = 'none',
  ) {}

  async start(options: StartContainerOptions): Promise<ActionContainer> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return await this.startOnce(options);
      } catch (error) {
        lastError = error;
        if (!(error instanceof BaselineError && /EADDRINUSE/.test(error.message))) throw error;
      }
    }
    throw lastError;
  }

  private async startOnce(options: StartContainerOptions): Promise<ActionContainer> {
    const isolated = this.network === 'none';
    const port = isolated ? 8080 : await allocatePort();
    const name = containerName(options.name, this.runId, ++this.sequence);
    const socketDir = isolated ? mkdtempSync(join(tmpdir(), SOCKET_DIR_PREFIX)) : undefined;
    const env: Record<string, string> = {
      ...options.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ...(isolated ? { SOCKET: `${SOCKET_DIR_IN_CONTAINER}/${SOCKET_NAME}` } : {}),
      ...(options.allowConcurrent ? { __OW_ALLOW_CONCURRENT: 'true' } : {}),
    };
    const bytes = options.memoryMb * 1024 * 1024;
    const { docker, endpoint } = this.connection;
    const createdAt = performance.now();
    let handle: Docker.Container;
    try {
      handle = await dockerCall(this.connection, `create ${name}`, (abortSignal) =>
        docker.createContainer({
          abortSignal,
          name,
          Image: this.imageId,
          Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
          Labels: {
            ...options.labels,
            [MANAGED_LABEL]: 'true',
            [OWNER_LABEL]: ownerLabelValue(),
            [USER_LABEL]: userLabelValue(),
            [RUN_LABEL]: this.runId,
            [VARIANT_LABEL]: 'docker',
            [ROLE_LABEL]: 'action',
          },
          AttachStdout: true,
          AttachStderr: true,
          Tty: false,
          HostConfig: {
            NetworkMode: this.network,
            ...(socketDir === undefined ? {} : { Binds: [`${socketDir}:${SOCKET_DIR_IN_CONTAINER}`] }),
            Memory: bytes,
            MemorySwap: bytes,
            CpuShares: cpuShares(options.userMemoryMb, options.memoryMb),
          },
        }),
      );
    } catch (error) {
      if (socketDir !== undefined) rmSync(socketDir, { recursive: true, force: true });
      // A create that timed out may still happen later: the run label lets close() and `ow-eval cleanup` find it.
      throw error;
    }
    const createMs = performance.now() - createdAt;
    const url = isolated ? 'http://localhost' : `http://127.0.0.1:${port}`;
    const container = new DockerContainer(
      this.connection,
      handle,
      name,
      url,
      { createMs, startMs: 0, readyMs: 0 },
      socketDir,
    );
    try {
      started.set(handle.id, name);
      await container.attach();
      const startAt = performance.now();
      await dockerCall(this.connection, `start ${name}`, (abortSignal) => handle.start({ abortSignal }));
      const startMs = performance.now() - startAt;
      const readyAt = performance.now();
      const ready = await waitUntilAnswering(url, READY_TIMEOUT_MS, () => !container.exited, 2, container.socketPath);
      if (!ready) {
        const stderr = container.output().stderr.trim().split('\n').slice(-5).join('\n');
        const why = container.exited ? 'exited before it answered' : `did not answer within ${READY_TIMEOUT_MS} ms`;
        throw new BaselineError(
          'ERR_CONTAINER_START',
          `container ${name} on ${container.socketPath ?? url} ${why}${stderr ? `:\n${stderr}` : ''}`,
        );
      }
      Object.assign(container.startup, { startMs, readyMs: performance.now() - readyAt });
      return container;
    } catch (error) {
      await container.remove().catch(() => undefined);
      throw dockerFailure(error, endpoint);
    }
  }

  async removeAll(): Promise<number> {
    return removeContainers(this.connection, [`${RUN_LABEL}=${this.runId}`]);
  }

  /** This driver's containers not yet removed, by name. */
  get live(): string[] {
    return liveContainers().filter((name) => name.includes(`_${this.runId}_`));
  }

  async close(): Promise<void> {
    await this.removeAll();
  }
}

/**
 * Force-removes every container matching all `labels` (["key=value", …]); returns how many. When the daemon does not
 * list them in time, the containers this process started are removed by id instead. Any it could not remove are
 * named in an ERR_CONTAINER_REMOVE (`ow-eval cleanup` finds them later by their labels).
 */
export async function removeContainers(connection: DockerConnection, labels: string[]): Promise<number> {
  let found: { Id: string; Names: string[]; Mounts?: Docker.ContainerInfo['Mounts'] }[];
  let listFailure: unknown;
  try {
    found = await dockerCall(connection, 'list containers', (abortSignal) =>
      connection.docker.listContainers({ all: true, filters: { label: labels }, abortSignal }),
    );
  } catch (error) {
    listFailure = error;
    const run = labels.find((l) => l.startsWith(`${RUN_LABEL}=`))?.slice(RUN_LABEL.length + 1);
    found = [...started]
      .filter(([, name]) => run !== undefined && name.includes(`_${run}_`))
      .map(([Id, name]) => ({ Id, Names: [name] }));
  }
  const results = await Promise.allSettled(
    found.map((c) =>
      dockerCall(connection, `remove ${c.Names[0] ?? c.Id}`, (abortSignal) =>
        connection.docker.getContainer(c.Id).remove({ force: true, abortSignal }),
      ).then(
        () => {
          started.delete(c.Id);
          removeSocketFolders(c);
        },
        (error: unknown) => {
          if ((error as { statusCode?: number }).statusCode !== 404) throw error;
          started.delete(c.Id);
          removeSocketFolders(c);
        },
      ),
    ),
  );
  const left = found
    .filter((_, i) => results[i]!.status === 'rejected')
    .map((c) => (c.Names[0] ?? c.Id).replace(/^\//, ''));
  if (left.length > 0 || listFailure !== undefined) {
    const why = (listFailure ??
      (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason) as Error;
    throw new BaselineError(
      'ERR_CONTAINER_REMOVE',
      `could not remove ${left.length > 0 ? left.join(', ') : 'the containers of this run (the daemon did not list them)'}: ${why.message}; \`ow-eval cleanup\` removes them later`,
      { cause: why },
    );
  }
  return found.length;
}

/** The folder a removed container without network had its runtime's socket in (left there by a killed run). */
export function removeSocketFolders(info: { Mounts?: Docker.ContainerInfo['Mounts'] }): void {
  for (const mount of info.Mounts ?? []) {
    if (mount.Destination === SOCKET_DIR_IN_CONTAINER && basename(mount.Source).startsWith(SOCKET_DIR_PREFIX))
      rmSync(mount.Source, { recursive: true, force: true });
  }
}

/** Containers this process created and has not removed yet (id → name), for a shutdown to say what is left. */
const started = new Map<string, string>();

export function liveContainers(): string[] {
  return [...started.values()];
}
