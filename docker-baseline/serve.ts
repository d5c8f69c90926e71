// `ow-eval baseline serve`: the runtime's own entry (runtime/main.ts, the image's CMD) in a child process, with the
// environment OpenWhisk's invoker sets (PORT, HOST, __OW_ALLOW_CONCURRENT) and its stdout/stderr passed straight
// through, as they are the activation logs. Why a child: an action stuck in `for(;;){}` blocks the runtime's event
// loop, so its own SIGTERM handler never runs; this thin parent stays responsive, forwards SIGTERM and kills the
// runtime if it has not exited within `graceMs`.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const RUNTIME_MAIN = fileURLToPath(new URL('./runtime/main.js', import.meta.url));

export interface ServeOptions {
  host: string;
  port: number;
  /** Overlapping /run calls; `undefined` leaves __OW_ALLOW_CONCURRENT as the environment has it. */
  allowConcurrent?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface ServedRuntime {
  url: string;
  /** Resolves with the runtime's exit code when it exits on its own. */
  exited: Promise<number>;
  /** SIGTERM, then SIGKILL after graceMs; resolves once the runtime is gone. */
  stop(graceMs?: number): Promise<void>;
}

export async function serveRuntime(options: ServeOptions): Promise<ServedRuntime> {
  const env: NodeJS.ProcessEnv = {
    ...(options.env ?? process.env),
    PORT: String(options.port),
    HOST: options.host,
    // Our stdin pipe closes when this process dies, even by SIGKILL: the runtime then exits too.
    OW_EVAL_EXIT_WITH_PARENT: '1',
    ...(options.allowConcurrent === true ? { __OW_ALLOW_CONCURRENT: 'true' } : {}),
  };
  const child = fork(RUNTIME_MAIN, [], { env, stdio: ['pipe', 'inherit', 'inherit', 'ipc'] });
  const exitCode = once(child, 'exit').then(([code]) => (typeof code === 'number' ? code : 1));
  const url = await new Promise<string>((resolve, reject) => {
    child.on('message', (message: { type?: string; url?: string }) => {
      if (message.type === 'listening' && typeof message.url === 'string') resolve(message.url);
    });
    void exitCode.then((code) => reject(new Error(`the runtime exited with code ${code} before it listened`)));
  });
  child.disconnect(); // the channel was only for the address; the runtime must not depend on it
  return { url, exited: exitCode, stop: (graceMs = 1_500) => stop(child, exitCode, graceMs) };
}

async function stop(child: ChildProcess, exited: Promise<number>, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
