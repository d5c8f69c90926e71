// What runs inside a pool thread: keeps the modules it was sent, runs one activation at a time, reports back.
import { parentPort, workerData } from 'node:worker_threads';
import { HostFdSlots } from '../sandbox/host-fds.js';
import { runActivation } from '../sandbox/activation.js';
import { ParkedInstances } from '../sandbox/instance-reuse.js';
import type { FromWorker, RunMessage, TaskResult, ToWorker, WorkerData } from './messages.js';

const data = workerData as WorkerData;
const port = parentPort!;
const fds = new HostFdSlots(data.fds);
const wake = new Int32Array(data.wake);
const fence = new Int32Array(data.fence);
const modules = new Map<string, { module: WebAssembly.Module; reusable: boolean }>();
const parked = new ParkedInstances({
  total: new Int32Array(data.reuseTotal),
  own: new Int32Array(data.reuseOwn),
  maxPages: data.reusePages,
});

const send = (message: FromWorker): void => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  if (message.type === 'drop') {
    modules.delete(message.moduleKey);
    parked.drop(message.moduleKey);
    return;
  }
  // The module is kept even for a task taken back: the pool counts it as sent to this thread.
  if (message.module !== undefined)
    modules.set(message.moduleKey, { module: message.module, reusable: message.reusable === true });
  if (!claim(message.taskId)) return; // taken back by the pool, which has sent it elsewhere
  send({ type: 'done', taskId: message.taskId, result: run(message) });
  parked.tidy(); // after the reply: restoring the instance just used costs the caller nothing
});
send({ type: 'ready' });

function run(message: RunMessage): TaskResult {
  const entry = modules.get(message.moduleKey);
  if (entry === undefined) {
    return {
      outcome: {
        kind: 'failure',
        failure: { code: 'ERR_INTERNAL', message: `worker has no module for ${message.moduleKey}` },
      },
      stdout: '',
      stderr: '',
    };
  }
  const { spec, taskId } = message;
  const reuse = entry.reusable && data.reusePages > 0 ? { parked, key: message.moduleKey } : undefined;
  const hooks = {
    sleep: (ms: number) => void Atomics.wait(wake, 0, 0, ms),
    onBlock: () => send({ type: 'blocked', taskId }),
    onUnblock: () => send({ type: 'unblocked', taskId }),
    fds,
  };
  const { outcome, stdout, stderr, instance } = runActivation(entry.module, spec, hooks, reuse);
  if (!message.wantLogs) return { outcome, stdout: '', stderr: '', instance };
  // A WASI command's stdout is its result, not its log.
  return { outcome, stdout: spec.abi === 'wow' ? stdout.text() : '', stderr: stderr.text(), instance };
}

/** Raises the fence to this task's id unless the pool already raised it past (then the task is no longer ours). */
function claim(taskId: number): boolean {
  for (;;) {
    const seen = Atomics.load(fence, 0);
    if (seen >= taskId) return false;
    if (Atomics.compareExchange(fence, 0, seen, taskId) === seen) return true;
  }
}
