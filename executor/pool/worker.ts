// What runs inside a pool thread: keeps the modules it was sent, runs one activation at a time, reports back.
import { parentPort, workerData } from 'node:worker_threads';
import { CaptureFiles } from '../sandbox/stdio.js';
import { runActivation } from '../sandbox/activation.js';
import { loadWasi } from '../sandbox/wasi.js';
import type { FromWorker, RunMessage, TaskResult, ToWorker, WorkerData } from './messages.js';

const data = workerData as WorkerData;
const port = parentPort!;
const Wasi = await loadWasi();
const files = new CaptureFiles(data.stdioDir);
const control = new Int32Array(data.control);
const modules = new Map<string, WebAssembly.Module>();

const send = (message: FromWorker): void => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  if (message.type === 'drop') {
    modules.delete(message.moduleKey);
    return;
  }
  // The module is kept even for a task taken back: the pool counts it as sent to this thread.
  if (message.module !== undefined) modules.set(message.moduleKey, message.module);
  if (!claim(message.taskId)) return; // taken back by the pool, which has sent it elsewhere
  send({ type: 'done', taskId: message.taskId, result: run(message) });
});
send({ type: 'ready' });

function run(message: RunMessage): TaskResult {
  const module = modules.get(message.moduleKey);
  if (module === undefined) {
    return { outcome: { kind: 'failure', failure: { code: 'ERR_INTERNAL', message: `worker has no module for ${message.moduleKey}` } }, stdout: '', stderr: '' };
  }
  const { spec, taskId } = message;
  const stdio = files.prepare(spec.abi === 'wasi-command' ? spec.input : undefined);
  try {
    const outcome = runActivation(Wasi, module, spec, stdio, {
      sleep: (ms) => void Atomics.wait(control, 0, 0, ms),
      onBlock: () => send({ type: 'blocked', taskId }),
      onUnblock: () => send({ type: 'unblocked', taskId }),
      readStdout: () => files.read(files.stdout),
      readStderrTail: () => files.read(files.stderr, 400),
      onOutput: markDirty,
    });
    // A WASI command's stdout is its result, not its log.
    const stdout = message.wantLogs && spec.abi === 'wow' ? files.read(files.stdout) : '';
    const stderr = message.wantLogs ? files.read(files.stderr) : '';
    return { outcome, stdout, stderr };
  } catch (error) {
    files.dirty = true; // runActivation does not throw by design; if it ever does, assume output was written
    throw error;
  } finally {
    stdio.release();
  }
}

/** Raises the fence to this task's id unless the pool already raised it past (then the task is no longer ours). */
function claim(taskId: number): boolean {
  for (;;) {
    const fence = Atomics.load(control, 1);
    if (fence >= taskId) return false;
    if (Atomics.compareExchange(control, 1, fence, taskId) === fence) return true;
  }
}

function markDirty(): void {
  files.dirty = true;
}
