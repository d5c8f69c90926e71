// The fork's external-executor protocol (protocol/fork.ts): POST /:containerId/init | run | destroy.
import type { ContainerStore } from './containers.js';
import { ExecutorError } from './errors.js';
import type { TaskResult } from './pool/messages.js';
import { caught, CODE_HEADER, INSTANCE_HEADER, failureReply, jsonReply, type Reply } from './reply.js';
import { parseInitValue, parseJsonBody, parseRun } from './requests.js';

export interface ForkRequest {
  containerId: string;
  action: 'init' | 'run' | 'destroy';
  body: Buffer;
  wantLogs: boolean;
}

export async function handleFork(store: ContainerStore, request: ForkRequest): Promise<Reply> {
  try {
    switch (request.action) {
      case 'init': {
        const container = await store.init(request.containerId, parseInitValue(parseJsonBody(request.body))!);
        return { ...jsonReply(200, { OK: true }), headers: { [CODE_HEADER]: container.codeFrom } };
      }
      case 'run':
        return await run(store, request);
      case 'destroy':
        return destroy(store, request);
    }
  } catch (error) {
    return caught(error);
  }
}

async function run(store: ContainerStore, request: ForkRequest): Promise<Reply> {
  const body = parseJsonBody(request.body);
  const run = parseRun(body, { deadlineRequired: true });
  const container = store.get(request.containerId);
  if (container === undefined) {
    if (store.isInitializing(request.containerId))
      throw new ExecutorError('ERR_BUSY', `Container ${request.containerId} is still being initialized.`);
    throw new ExecutorError(
      'ERR_NOT_FOUND',
      `Container ${request.containerId} is not initialized (never, or destroyed).`,
    );
  }
  const result = await store.run(container, {
    value: run.value,
    deadline: Number(run.deadline),
    fields: body as Record<string, unknown>,
    wantLogs: request.wantLogs,
  });
  return runReply(result, request.wantLogs);
}

const instanceHeader = { fresh: { [INSTANCE_HEADER]: 'fresh' }, reused: { [INSTANCE_HEADER]: 'reused' } } as const;

/** wow's ActivationResponse, spliced from the worker's JSON text so the result is not parsed again here. */
function runReply(result: TaskResult, wantLogs: boolean): Reply {
  const { outcome } = result;
  if (outcome.kind === 'failure') return failureReply(outcome.failure);
  const head =
    outcome.kind === 'success'
      ? '{"status":"success","status_code":0,"success":true,"result":'
      : '{"status":"application error","status_code":1,"success":false,"result":';
  const logs = wantLogs ? `,"logs":${JSON.stringify({ stdout: result.stdout, stderr: result.stderr })}` : '';
  const body = `${head}${outcome.resultJson}${logs}}`;
  return result.instance === undefined
    ? { status: 200, body }
    : { status: 200, body, headers: instanceHeader[result.instance] };
}

/** The fork sends the id as a text/plain body as well; it must match the path when present. Unknown ids are fine. */
function destroy(store: ContainerStore, request: ForkRequest): Reply {
  const named = request.body.toString('utf8').trim();
  const bodyId = named.startsWith('"') ? safeJsonString(named) : named;
  if (bodyId !== '' && bodyId !== request.containerId) {
    throw new ExecutorError(
      'ERR_BAD_REQUEST',
      `The destroy body names container '${bodyId.slice(0, 80)}' but the path names '${request.containerId}'.`,
    );
  }
  store.destroy(request.containerId);
  return jsonReply(200, { OK: true });
}

function safeJsonString(text: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'string' ? parsed : text;
  } catch {
    return text;
  }
}
