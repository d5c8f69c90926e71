// The standard action-runtime protocol (protocol/runtime.ts): POST /init once, POST /run many times, OpenWhisk-native
// results, and the log sentinels after each activation (docs/openwhisk-protocols.md §2.2, §2.3). Mirrors the Node.js runtime's
// status machine and messages.
import type { Writable } from 'node:stream';
import type { ContainerStore } from './containers.js';
import { ExecutorError } from './errors.js';
import { CODE_HEADER, errorReply, jsonReply, type Reply } from './reply.js';
import { parseInitValue, parseJsonBody, parseRun } from './requests.js';

export const SENTINEL = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX';
const CONTAINER_ID = 'runtime';

type Status = 'ready' | 'starting' | 'initialized' | 'stopped';

export class RuntimeRoutes {
  private status: Status = 'ready';

  constructor(
    private readonly store: ContainerStore,
    private readonly logs: { stdout: Writable; stderr: Writable },
  ) {}

  async init(body: Buffer): Promise<Reply> {
    if (this.status === 'initialized') {
      const message = 'Cannot initialize the action more than once.';
      this.logs.stderr.write(`Internal system error: ${message}\n`);
      return errorReply(403, message);
    }
    if (this.status !== 'ready') return errorReply(403, `System not ready, status is ${this.status}.`);
    let value;
    try {
      value = parseInitValue(parseJsonBody(body), { codeRequired: false });
    } catch (error) {
      return error instanceof ExecutorError &&
        error.code === 'ERR_BAD_REQUEST' &&
        error.message.startsWith('The request body is not valid JSON')
        ? errorReply(500, 'Bad request.')
        : errorReply(403, (error as Error).message);
    }
    if (value === undefined) return errorReply(403, 'Missing main/no code to execute.');
    this.status = 'starting';
    try {
      const container = await this.store.init(CONTAINER_ID, value);
      this.status = 'initialized';
      return { ...jsonReply(200, { OK: true }), headers: { [CODE_HEADER]: container.codeFrom } };
    } catch (error) {
      this.status = 'stopped';
      const message = `Initialization has failed due to: ${(error as Error).message}`;
      this.endActivation('', message);
      return errorReply(502, message);
    }
  }

  async run(body: Buffer): Promise<Reply> {
    if (this.status === 'ready') return errorReply(403, 'System not initialized.');
    const container = this.store.get(CONTAINER_ID);
    if (this.status !== 'initialized' || container === undefined)
      return errorReply(403, `System not ready, status is ${this.status}.`);
    let parsed: unknown;
    let run;
    try {
      parsed = parseJsonBody(body);
      run = parseRun(parsed, { deadlineRequired: false });
    } catch {
      return errorReply(500, 'Bad request.');
    }
    if (run.value === null || typeof run.value !== 'object' || Array.isArray(run.value)) {
      const type = Array.isArray(run.value) ? 'array' : typeof run.value;
      return errorReply(403, `Internal system error: the argument must be a dictionary but has type '${type}'.`);
    }
    const result = await this.store.run(container, {
      value: run.value,
      ...(run.deadline === undefined ? {} : { deadline: Number(run.deadline) }),
      fields: parsed as Record<string, unknown>,
      wantLogs: true,
    });
    this.endActivation(result.stdout, result.stderr);
    const { outcome } = result;
    if (outcome.kind === 'failure') return errorReply(502, outcome.failure.message);
    if (!outcome.resultJson.startsWith('{') && !outcome.resultJson.startsWith('[')) {
      this.logs.stderr.write(
        `Result must be of type object but has type "${typeof JSON.parse(outcome.resultJson)}": ${outcome.resultJson.slice(0, 200)}\n`,
      );
      return errorReply(502, 'The action did not return a dictionary.');
    }
    // An application error is the guest's {"error": …} itself, answered with 200 as OpenWhisk runtimes do.
    return { status: 200, body: outcome.resultJson };
  }

  /** The activation's output, then one sentinel line on each stream. */
  private endActivation(stdout: string, stderr: string): void {
    this.logs.stdout.write(`${withNewline(stdout)}${SENTINEL}\n`);
    this.logs.stderr.write(`${withNewline(stderr)}${SENTINEL}\n`);
  }
}

function withNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}
