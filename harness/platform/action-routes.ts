// /namespaces/{ns}/actions[/{name}]: CRUD, list and invoke with OpenWhisk's response matrix (docs/openwhisk.md §1.3, §1.4).
import { randomUUID } from 'node:crypto';
import { actionJson, actionSummary, checkEntityName, parseActionPut } from './action-input.js';
import { ApiError, messages } from './api-error.js';
import type { PlatformContext, RequestInfo } from './context.js';
import { intParam, type Reply } from './http-io.js';
import { familyOf } from './kinds.js';
import type { ActionEntity, ActivationRecord } from './types.js';

export function listActions(ctx: PlatformContext, req: RequestInfo): Reply {
  const limit = intParam(req.query.get('limit'), 30, 0, 200, messages.listLimit(req.query.get('limit') ?? '', 'actions')) || 200;
  const skip = intParam(req.query.get('skip'), 0, 0, Number.MAX_SAFE_INTEGER, messages.listSkip(req.query.get('skip') ?? '', 'actions'));
  const all = ctx.entities.list(req.namespace);
  if (req.query.get('count') === 'true') return { status: 200, body: { actions: all.length } };
  return { status: 200, body: all.slice(skip, skip + limit).map(actionSummary) };
}

export function getAction(ctx: PlatformContext, req: RequestInfo, name: string): Reply {
  const action = ctx.entities.get(req.namespace, name);
  if (!action) throw new ApiError(404, messages.notFound);
  return { status: 200, body: actionJson(action, req.query.get('code') !== 'false') };
}

export async function putAction(ctx: PlatformContext, req: RequestInfo, name: string): Promise<Reply> {
  checkEntityName(name);
  const existing = ctx.entities.get(req.namespace, name);
  if (existing && req.query.get('overwrite') !== 'true') throw new ApiError(409, messages.exists);
  const action = parseActionPut(req.body ?? {}, { namespace: req.namespace, name }, existing, ctx.options.concurrencyMax, ctx.options.kinds);
  checkHostDirectory(ctx, action);
  if (action.exec.image !== undefined) {
    // Never pulled: an image that is not in the local engine is refused now rather than at every activation.
    const factory = ctx.options.factories.blackbox;
    const problem = factory ? await factory.imageProblem?.(action.exec.image) : 'no Docker engine is available for blackbox actions';
    if (problem !== undefined) throw new ApiError(400, `The image '${action.exec.image}' cannot run here: ${problem}.`);
  }
  ctx.entities.put(action);
  return { status: 200, body: actionJson(action) };
}

/**
 * A wasm action's `dir` annotation grants a host directory: annotations come from API users, so only directories
 * the operator allowed (--allow-dir) may be named. Checked on every write, so a kind change cannot slip one in.
 */
function checkHostDirectory(ctx: PlatformContext, action: ActionEntity): void {
  const dir = action.annotations.find((a) => a.key === 'dir');
  if (dir === undefined || familyOf(action.exec.kind) !== 'wasm') return;
  if (typeof dir.value !== 'string') throw new ApiError(400, "The annotation 'dir' must be a string: an absolute host path.");
  const decision = ctx.allowedDirs.check(dir.value);
  if (!decision.ok) throw new ApiError(400, decision.message);
}

export function deleteAction(ctx: PlatformContext, req: RequestInfo, name: string): Reply {
  const action = ctx.entities.delete(req.namespace, name);
  if (!action) throw new ApiError(404, messages.notFound);
  return { status: 200, body: actionJson(action) };
}

/** Blocking: 200/502/500 with the record (or its result), 202 when it outlives the wait; non-blocking: 202. */
export async function invokeAction(ctx: PlatformContext, req: RequestInfo, name: string, apiKey: string): Promise<Reply> {
  const action = ctx.entities.get(req.namespace, name);
  if (!action) throw new ApiError(404, messages.notFound);
  const blocking = req.query.get('blocking') === 'true';
  const resultOnly = req.query.get('result') === 'true';
  const wait = intParam(req.query.get('timeout'), ctx.options.blockingWaitMs, 1, 60_000, messages.badTimeout);
  const payload = req.body ?? {};
  if (typeof payload !== 'object' || payload === null) throw new ApiError(400, `${messages.malformed}\nThe payload must be a JSON object or array.`);
  if (!Array.isArray(payload)) checkFinalParameters(action.parameters, action.annotations, payload as Record<string, unknown>);
  const { activationId, run } = launchActivation(ctx, req, action, payload, apiKey);
  const headers = { 'x-openwhisk-activation-id': activationId };
  if (!blocking) return { status: 202, body: { activationId }, headers };
  let timer: NodeJS.Timeout | undefined;
  const outlived = new Promise<undefined>((resolve) => { timer = setTimeout(resolve, wait, undefined); });
  const record = await Promise.race([run, outlived]);
  clearTimeout(timer);
  if (!record) return { status: 202, body: { activationId }, headers };
  return { status: httpStatusOf(record), body: blockingBody(record, resultOnly), headers };
}

/**
 * Admits one activation under the namespace throttles (429 otherwise), starts it and stores its record when it ends;
 * `run` settles with the record. Shared by invoke, trigger firing and web actions.
 */
export function launchActivation(ctx: PlatformContext, req: RequestInfo, action: ActionEntity, payload: unknown,
  apiKey: string): { activationId: string; run: Promise<ActivationRecord> } {
  const done = ctx.throttle.admit(req.namespace);
  const activationId = randomUUID().replaceAll('-', '');
  const run = ctx.invoker.invoke({ action, payload, namespace: req.namespace, subject: req.namespace, apiKey,
    activationId, transactionId: req.tid, arrivedAt: req.arrivedAt })
    .then((record) => { ctx.activations.put(record); return record; })
    .finally(done);
  ctx.inFlight.add(run);
  void run.finally(() => ctx.inFlight.delete(run)).catch(() => undefined);
  return { activationId, run };
}

function httpStatusOf(record: ActivationRecord): number {
  switch (record.response.status) {
    case 'success': return 200;
    case 'whisk internal error': return 500;
    default: return 502;
  }
}

/** Logs are collected after the blocking answer in OpenWhisk, so the reply carries `logs: []`; arrays come back bare. */
function blockingBody(record: ActivationRecord, resultOnly: boolean): unknown {
  const result = record.response.result;
  if (Array.isArray(result) || resultOnly) return result ?? {};
  return { ...record, logs: [] };
}

function checkFinalParameters(parameters: { key: string }[], annotations: { key: string; value: unknown }[], payload: Record<string, unknown>): void {
  if (!annotations.some((a) => a.key === 'final' && a.value === true)) return;
  if (parameters.some((p) => Object.hasOwn(payload, p.key))) throw new ApiError(400, messages.reservedParams);
}
