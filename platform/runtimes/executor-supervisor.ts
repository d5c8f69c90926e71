// Keeps the executor the platform started alive: when its process dies (kill -9, out of memory, an executor that can
// no longer serve and exits), the exit is noticed, the containers that lived there are declared lost (each counts
// as a new generation), and a new process is started with exponential backoff. Each restart is logged and counted;
// the count goes into every wasm activation's `ow-eval` annotation.
import { spawnExecutor, type ExecutorProcess } from './executor-process.js';

/** What the wasm containers need from the executor behind them, whether supervised or given by URL. */
export interface ExecutorLink {
  /** Base URL of the live executor; changes after a restart. */
  readonly url: string;
  /** Bumped at every death: a container created under an older generation is gone. */
  readonly generation: number;
  /** Restarts so far. */
  readonly restarts: number;
  readonly pid?: number;
  /** The live executor's per-launch secret (changes after a restart); none for an executor run by someone else. */
  readonly secret?: string;
  /** Resolves when an executor is up (waits while one is being restarted); rejects when none can be started. */
  ready(): Promise<void>;
  /** Whether the executor of that generation died, waiting up to `ms` for its exit to be seen. */
  diedWithin(generation: number, ms: number): Promise<boolean>;
  close(): Promise<void>;
}

/** An executor the platform did not start: never restarted, and a failed call is never blamed on its death. */
export function fixedLink(url: string): ExecutorLink {
  return {
    url,
    generation: 0,
    restarts: 0,
    ready: async () => {},
    diedWithin: async () => false,
    close: async () => {},
  };
}

export interface SupervisorOptions {
  engine?: string;
  workers?: number;
  /** Host directories the operator allows (`--allow-dir`), passed to every executor started. */
  allowDirs?: readonly string[];
  /** `--code-cache` for every executor started. */
  codeCache?: boolean;
  /** Where restarts are told. @default a line on stderr */
  log?: (line: string) => void;
  /** First delay before a restart; doubled per failed start up to maxBackoffMs. @default 100 */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export class SupervisedExecutor implements ExecutorLink {
  generation = 0;
  restarts = 0;
  private current: ExecutorProcess;
  private up: Promise<void> = Promise.resolve();
  private deaths: { generation: number; resolve: () => void; promise: Promise<void> }[] = [];
  private closed = false;

  private constructor(
    first: ExecutorProcess,
    private readonly options: SupervisorOptions,
  ) {
    this.current = first;
    this.watch(first);
  }

  static async start(options: SupervisorOptions = {}): Promise<SupervisedExecutor> {
    return new SupervisedExecutor(await spawnExecutor(spawnOptions(options)), options);
  }

  get url(): string {
    return this.current.url;
  }

  get engine(): string {
    return this.current.engine;
  }

  get codeCache(): boolean {
    return this.current.codeCache;
  }

  get instanceReuse(): boolean {
    return this.current.instanceReuse;
  }

  get pid(): number {
    return this.current.pid;
  }

  get secret(): string {
    return this.current.secret;
  }

  ready(): Promise<void> {
    return this.up;
  }

  async diedWithin(generation: number, ms: number): Promise<boolean> {
    if (generation !== this.generation) return true;
    const death = this.deathOf(generation);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const died = await Promise.race([death.promise.then(() => true as const), late]);
    clearTimeout(timer);
    return died;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.up.catch(() => undefined);
    await this.current.stop();
  }

  private deathOf(generation: number): { promise: Promise<void>; resolve: () => void } {
    let death = this.deaths.find((d) => d.generation === generation);
    if (death === undefined) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      death = { generation, resolve, promise };
      this.deaths.push(death);
    }
    return death;
  }

  private watch(child: ExecutorProcess): void {
    void child.exited.then(({ code, signal }) => {
      if (this.closed || child !== this.current) return;
      const generation = this.generation;
      this.generation++;
      this.deathOf(generation).resolve();
      this.deaths = this.deaths.filter((d) => d.generation > generation);
      const how = signal ?? `code ${code}`;
      this.log(
        `ow-eval platform: the wasm executor (pid ${child.pid}) exited (${how}); its containers are lost, restarting it`,
      );
      this.up = this.restart();
      this.up.catch(() => undefined);
    });
  }

  private async restart(): Promise<void> {
    let delay = this.options.backoffMs ?? 100;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (this.closed) throw new Error('the platform is closing');
      try {
        const child = await spawnExecutor(spawnOptions(this.options));
        if (this.closed) {
          await child.stop();
          throw new Error('the platform is closing');
        }
        this.current = child;
        this.restarts++;
        this.watch(child);
        this.log(
          `ow-eval platform: wasm executor restarted at ${child.url} (pid ${child.pid}, restart ${this.restarts})`,
        );
        return;
      } catch (error) {
        if (this.closed) throw error;
        this.log(
          `ow-eval platform: restarting the wasm executor failed (${(error as Error).message}); retrying in ${delay * 2} ms`,
        );
        delay = Math.min(delay * 2, this.options.maxBackoffMs ?? 5_000);
      }
    }
  }

  private log(line: string): void {
    (this.options.log ?? ((text: string) => void process.stderr.write(`${text}\n`)))(line);
  }
}

function spawnOptions(options: SupervisorOptions): Parameters<typeof spawnExecutor>[0] {
  return {
    ...(options.engine ? { engine: options.engine } : {}),
    ...(options.workers ? { workers: options.workers } : {}),
    ...(options.allowDirs ? { allowDirs: options.allowDirs } : {}),
    ...(options.codeCache ? { codeCache: true } : {}),
  };
}
