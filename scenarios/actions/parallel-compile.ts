// Compiles several modules at once on worker threads: asc is single-threaded and a full build is a dozen
// compiles of about a second each, so two cores nearly halve it. One task compiles in-process (no worker start-up).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ActionName, WasmVariant } from './catalog.js';
import { compileAction, type CompiledModule } from './compile.js';

export interface CompileTask {
  name: ActionName;
  variant: WasmVariant;
  outFile: string;
}

/** Worker messages, declared once for both sides (compile-worker.ts). Errors cross the thread boundary as data. */
export type CompileRequest = CompileTask & { id: number };
export type CompileResponse =
  { id: number; ok: true; module: CompiledModule; millis: number } | { id: number; ok: false; message: string };

const MAX_WORKERS = 4;

/** Runs every task; `onCompiled` sees each result as it arrives. The first failure rejects after all workers stop. */
export async function compileAll<T extends CompileTask>(
  tasks: readonly T[],
  onCompiled: (task: T, module: CompiledModule, millis: number) => Promise<void>,
): Promise<void> {
  if (tasks.length === 0) return;
  if (tasks.length === 1) {
    const task = tasks[0]!;
    const started = performance.now();
    const module = await compileAction(task.name, task.variant, task.outFile);
    await onCompiled(task, module, performance.now() - started);
    return;
  }

  const queue = tasks.map((task, id) => ({ task, id }));
  const workerCount = Math.min(queue.length, Math.max(1, availableParallelism()), MAX_WORKERS);
  const failures: string[] = [];
  await Promise.all(Array.from({ length: workerCount }, () => drain(queue, onCompiled, failures)));
  if (failures.length > 0) throw new Error(failures.join('\n'));
}

async function drain<T extends CompileTask>(
  queue: Array<{ task: T; id: number }>,
  onCompiled: (task: T, module: CompiledModule, millis: number) => Promise<void>,
  failures: string[],
): Promise<void> {
  const worker = new Worker(new URL('./compile-worker.js', import.meta.url));
  try {
    for (let next = queue.shift(); next !== undefined && failures.length === 0; next = queue.shift()) {
      const { name, variant, outFile } = next.task;
      const response = await ask(worker, { id: next.id, name, variant, outFile });
      if (response.ok) await onCompiled(next.task, response.module, response.millis);
      else failures.push(response.message);
    }
  } finally {
    await worker.terminate();
  }
}

function ask(worker: Worker, request: CompileRequest): Promise<CompileResponse> {
  return new Promise((resolve, reject) => {
    const onMessage = (response: CompileResponse): void => {
      if (response.id !== request.id) return;
      worker.off('error', onError).off('exit', onExit).off('message', onMessage);
      resolve(response);
    };
    const onError = (error: Error): void => reject(error);
    const onExit = (code: number): void =>
      reject(
        new Error(`the compile worker exited with code ${code} while compiling ${request.name} (${request.variant})`),
      );
    worker.on('message', onMessage).once('error', onError).once('exit', onExit);
    worker.postMessage(request);
  });
}
