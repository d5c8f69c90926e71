// The `node-process` variant: the same runtime as a child process on 127.0.0.1, for machines without Docker.
// It is not a container: no cgroup memory limit (V8's --max-old-space-size is the honest approximation, and it does
// not bound Buffers or native memory), no cpu-shares, pause = SIGSTOP. Everything it produces is labelled node-process.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import { BaseActionContainer, type Death } from './action-container.js';
import type { ActionContainer, ContainerDriver, StartContainerOptions } from './driver-types.js';
import { BaselineError } from './errors.js';
import { allocatePort } from './ports.js';
import { waitUntilAnswering } from './runtime-client.js';

const RUNTIME_MAIN = fileURLToPath(new URL('./runtime/main.js', import.meta.url));
const READY_TIMEOUT_MS = 30_000;

type Child = ResultPromise<{ stdin: 'pipe'; stdout: 'pipe'; stderr: 'pipe'; buffer: false; reject: false }>;

class ProcessContainer extends BaseActionContainer {
  readonly variant = 'node-process' as const;
  readonly id: string;
  private exit: { code: number | null; signal: string | null } | undefined;
  private readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    url: string,
    private readonly child: Child,
    startup: { createMs: number; startMs: number; readyMs: number },
    /** The driver forgets a removed container: it tracked every one it started for removeAll(), removed or not. */
    private readonly onRemoved: () => void,
  ) {
    super(url, startup);
    this.id = `node-process-${child.pid ?? 'unknown'}`;
    child.stdout.on('data', (chunk: Buffer) => this.logs.push('stdout', chunk));
    child.stderr.on('data', (chunk: Buffer) => this.logs.push('stderr', chunk));
    child.stdout.on('end', () => this.logs.end('stdout'));
    child.stderr.on('end', () => this.logs.end('stderr'));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve();
      }),
    );
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  async pause(): Promise<number> {
    return this.timed(() => this.signal('SIGSTOP'));
  }

  async unpause(): Promise<number> {
    return this.timed(() => this.signal('SIGCONT'));
  }

  async remove(): Promise<number> {
    const started = performance.now();
    if (!this.removed) {
      this.removed = true;
      this.client.close();
      if (this.alive) this.child.kill('SIGKILL');
      await this.exited;
      this.onRemoved();
    }
    return performance.now() - started;
  }

  async memoryBytes(): Promise<number | undefined> {
    if (!this.alive || this.child.pid === undefined) return undefined;
    try {
      const status = await readFile(`/proc/${this.child.pid}/status`, 'utf8');
      const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
      return kb === undefined ? undefined : Number(kb) * 1024;
    } catch {
      return undefined;
    }
  }

  protected async diagnose(): Promise<Death> {
    await Promise.race([this.exited, new Promise((r) => setTimeout(r, 2000))]);
    if (!this.exit) return undefined;
    const how = this.exit.signal ? `killed by ${this.exit.signal}` : `exit code ${this.exit.code}`;
    return { kind: 'crashed', detail: `the runtime process ${how}` }; // a V8 heap OOM is recognised from stderr
  }

  private signal(signal: NodeJS.Signals): void {
    if (!this.alive) throw new BaselineError('ERR_CONFIG', `${this.id} is not running`);
    this.child.kill(signal);
  }

  private async timed(action: () => void | Promise<void>): Promise<number> {
    const started = performance.now();
    await action();
    return performance.now() - started;
  }
}

export class ProcessDriver implements ContainerDriver {
  readonly variant = 'node-process' as const;
  private readonly containers = new Set<ProcessContainer>();

  async start(options: StartContainerOptions): Promise<ActionContainer> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.startOnce(options);
      } catch (error) {
        // A port taken by someone else between allocation and bind: try another one.
        if (attempt >= 3 || !(error instanceof BaselineError && /EADDRINUSE/.test(error.message))) throw error;
      }
    }
  }

  private async startOnce(options: StartContainerOptions): Promise<ActionContainer> {
    const port = await allocatePort();
    const env: Record<string, string> = {
      ...options.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      OW_EVAL_EXIT_WITH_PARENT: '1',
      ...(options.allowConcurrent ? { __OW_ALLOW_CONCURRENT: 'true' } : {}),
    };
    const created = performance.now();
    // extendEnv: false — the action sees only what the invoker would give it, not this machine's environment.
    const child = execa(process.execPath, ['--expose-gc', `--max-old-space-size=${options.memoryMb}`, RUNTIME_MAIN], {
      env,
      extendEnv: false,
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      reject: false,
      cleanup: true,
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    const spawned = performance.now();
    const url = `http://127.0.0.1:${port}`;
    const container: ProcessContainer = new ProcessContainer(
      options.name,
      url,
      child,
      { createMs: spawned - created, startMs: 0, readyMs: 0 },
      () => this.containers.delete(container),
    );
    this.containers.add(container);
    const ready = await waitUntilAnswering(url, READY_TIMEOUT_MS, () => container.alive);
    if (!ready) {
      await container.remove();
      this.containers.delete(container);
      const stderr = container.output().stderr.trim().split('\n').slice(-5).join('\n');
      const why = container.alive ? `did not answer within ${READY_TIMEOUT_MS} ms` : 'exited before it answered';
      throw new BaselineError(
        'ERR_CONTAINER_START',
        `the node-process runtime on port ${port} ${why}${stderr ? `:\n${stderr}` : ''}`,
      );
    }
    (container.startup as { readyMs: number }).readyMs = performance.now() - spawned;
    return container;
  }

  async removeAll(): Promise<number> {
    const all = [...this.containers].filter((c) => !c.isRemoved);
    this.containers.clear();
    await Promise.all(all.map((c) => c.remove()));
    return all.length;
  }

  async close(): Promise<void> {
    await this.removeAll();
  }
}
