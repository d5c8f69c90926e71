// The runtime's status machine (reference: core/nodejsActionBase/src/service.js), status codes and messages as in
// docs/openwhisk-protocols.md §2.2. Handlers return a RuntimeReply and never throw; server.ts writes it to HTTP.
import { ACTIVATION_LOG_SENTINEL, type RuntimeReply, type RuntimeStatus } from './protocol.js';
import { ActionLoadError, loadAction, type ActionHandler } from './action-loader.js';
import { serializeError } from './serialize-error.js';

export interface RuntimeService {
  init(body: unknown): Promise<RuntimeReply>;
  run(body: unknown): Promise<RuntimeReply>;
  readonly status: RuntimeStatus;
}

export interface RuntimeServiceOptions {
  /** `__OW_ALLOW_CONCURRENT=true`: overlapping /run calls are allowed. */
  allowConcurrent: boolean;
}

const fail = (status: number, error: string): RuntimeReply => ({ status, body: { error } });

export function createRuntimeService(options: RuntimeServiceOptions): RuntimeService {
  let status: RuntimeStatus = 'ready';
  let handler: ActionHandler | undefined;
  // Once stopped, a runtime stays stopped: the invoker destroys it.
  const setStatus = (next: RuntimeStatus): void => {
    if (status !== 'stopped') status = next;
  };

  async function init(body: unknown): Promise<RuntimeReply> {
    if (handler !== undefined) {
      console.error('Internal system error:', 'Cannot initialize the action more than once.');
      return fail(403, 'Cannot initialize the action more than once.');
    }
    if (status !== 'ready') {
      const msg = `System not ready, status is ${status}.`;
      console.error('Internal system error:', msg);
      return fail(403, msg);
    }
    setStatus('starting');
    const message = objectOr(objectOr(body).value);
    const { main, code } = message;
    if (typeof main !== 'string' || typeof code !== 'string' || main === '' || code === '') {
      setStatus('ready');
      return fail(403, 'Missing main/no code to execute.');
    }
    exportInitEnv(message.env);
    try {
      handler = await loadAction({ main, code, binary: message.binary });
      setStatus('ready');
      return { status: 200, body: { OK: true } };
    } catch (error) {
      const shown = error instanceof ActionLoadError ? error.message : error;
      console.error('Error during initialization:', shown);
      writeSentinels();
      setStatus('stopped');
      const text =
        error instanceof ActionLoadError
          ? error.message
          : error instanceof Error && error.stack
            ? error.stack
            : String(error);
      return fail(502, `Initialization has failed due to: ${text}`);
    }
  }

  async function run(body: unknown): Promise<RuntimeReply> {
    if (status !== 'ready' || handler === undefined) {
      const msg = handler ? `System not ready, status is ${status}.` : 'System not initialized.';
      console.error('Internal system error:', msg);
      return fail(403, msg);
    }
    const message = objectOr(body);
    let value = message.value;
    if (value === null || value === undefined) value = {};
    else if (typeof value !== 'object') {
      // The reference also leaves its status at `running` here, which wedges the runtime; this one does not.
      const msg = `Internal system error: the argument must be a dictionary but has type '${typeof value}'.`;
      console.error('Internal system error:', msg);
      return fail(403, msg);
    }
    if (!options.allowConcurrent) setStatus('running');
    exportActivationEnv(message);

    let result: unknown;
    try {
      result = await invoke(handler, value);
    } catch (error) {
      console.error(error);
      writeSentinels();
      setStatus('stopped');
      return fail(502, `An error has occurred: ${String(error)}`);
    }
    if (typeof result !== 'object')
      console.error(`Result must be of type object but has type "${typeof result}":`, result);
    writeSentinels();
    if (!options.allowConcurrent) setStatus('ready');
    return typeof result === 'object'
      ? { status: 200, body: result }
      : fail(502, 'The action did not return a dictionary.');
  }

  return {
    init,
    run,
    get status() {
      return status;
    },
  };
}

/** NodeActionRunner.run: a synchronous throw rejects; a rejected promise becomes `{error}`; `undefined` → `{}`. */
async function invoke(handler: ActionHandler, args: unknown): Promise<unknown> {
  const returned = handler(args); // a synchronous throw propagates to the caller → 502
  try {
    const resolved = await returned;
    return resolved === undefined ? {} : resolved;
  } catch (error) {
    return error ? { error: serializeError(error) } : { error: {} };
  }
}

/** doInit: init `env` goes into process.env before the code is evaluated (objects as JSON, falsy as ""). */
function exportInitEnv(env: unknown): void {
  if (!env || typeof env !== 'object') return;
  for (const [key, value] of Object.entries(env)) {
    process.env[key] =
      value === null || typeof value !== 'object' ? (value ? String(value) : '') : JSON.stringify(value);
  }
}

/** doRun: every string-valued top-level key except `value` becomes `__OW_<KEY>`. */
function exportActivationEnv(message: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(message)) {
    if (key !== 'value' && typeof value === 'string') process.env[`__OW_${key.toUpperCase()}`] = value;
  }
}

function writeSentinels(): void {
  console.log(ACTIVATION_LOG_SENTINEL);
  console.error(ACTIVATION_LOG_SENTINEL);
}

function objectOr(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}
