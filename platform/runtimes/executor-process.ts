// Starts the wasm executor as its own process, as the fork runs it beside the invoker:
// `node bin/ow-eval.js executor --port 0 [--engine …]`, then reads the URL from its one "listening on" line.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export interface ExecutorProcess {
  url: string;
  engine: string;
  codeCache: boolean;
  /** The executor's instance reuse (read from its listening line; on by default). */
  instanceReuse: boolean;
  pid: number;
  /** The per-launch secret this executor requires in `x-ow-eval-secret` on every request. */
  secret: string;
  stderrTail(): string;
  /** Settles when the process exits, however (its code, or the signal that ended it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

const bin = fileURLToPath(new URL('../../../bin/ow-eval.js', import.meta.url));

export async function spawnExecutor(
  options: {
    engine?: string;
    workers?: number;
    codeCache?: boolean;
    startTimeoutMs?: number;
    allowDirs?: readonly string[];
  } = {},
): Promise<ExecutorProcess> {
  const args = [
    bin,
    'executor',
    '--port',
    '0',
    '--exit-with-stdin',
    ...(options.engine ? ['--engine', options.engine] : []),
    ...(options.workers ? ['--workers', String(options.workers)] : []),
    ...(options.codeCache ? ['--code-cache'] : []),
    ...(options.allowDirs ?? []).flatMap((dir) => ['--allow-dir', dir]),
  ];
  // stdin is a pipe only so that the executor sees it close, and exits, when this process dies without stopping it.
  // A new secret per launch, in the environment (argv is world-readable in /proc): the executor answers only requests
  // that carry it, so no other process on this host, and no container sharing its network, can drive it.
  const secret = randomBytes(32).toString('hex');
  const child = spawn(process.execPath, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, OW_EVAL_EXECUTOR_SECRET: secret },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const line = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(
      () => fail(`no "listening" line within ${options.startTimeoutMs ?? 15_000} ms`),
      options.startTimeoutMs ?? 15_000,
    );
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`the wasm executor did not start (${why}); its stderr: ${stderr.trim() || '(empty)'}`));
    };
    child.once('exit', (code) => fail(`it exited with code ${code}`));
    child.once('error', (error) => fail(error.message));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const found = /ow-eval executor listening on (http:\/\/127\.0\.0\.1:\d+)[^\n]*\n/.exec(stdout);
      if (found) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.removeAllListeners('error');
        resolve(found[0]);
      }
    });
  });
  child.stdout.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(line)![1]!;
  const engine = /engine ([\w-]+)/.exec(line)?.[1] ?? 'unknown';
  const codeCache = /code cache on/.test(line);
  const instanceReuse = /instance reuse on/.test(line);
  return {
    url,
    engine,
    codeCache,
    instanceReuse,
    pid: child.pid!,
    secret,
    stderrTail: () => stderr,
    exited,
    stop: () => stop(child),
  };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
