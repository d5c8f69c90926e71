// /namespaces/{ns}/actions[/{pkg}]/{name}: CRUD, list and invoke with OpenWhisk's response matrix (docs/openwhisk-protocols.md
// §1.3, §1.4), in the default package, a package or through a binding; sequences run through sequence-runner.ts.
import { actionJson, actionSummary, checkEntityName, parseActionPut } from './action-input.js';
import { ApiError, messages } from '../api-error.js';
import type { PlatformContext, RequestInfo } from '../context.js';
import { entityPathOf, type EntityRef } from './entity-names.js';
import { checkNameFree, listReply } from './collection-route.js';
import { intParam, type Reply } from './http-io.js';
import { familyOf } from './kinds.js';
import { packageMessages } from './package-routes.js';
import { packageBehind, readablePackage, resolveAction } from './resolve.js';
import { checkSequence } from './sequence-check.js';
import { launchActivation } from './activation-launch.js';
import { isSequence, isSequenceAction, type ActionEntity, type ActivationRecord, type CodeAction } from '../types.js';

/** `pkg` set: the actions of that package, or of the package a binding stands for (`GET actions/{pkg}/`). */
export function listActions(ctx: PlatformContext, req: RequestInfo, namespace: string, pkg?: string): Reply {
  let all: ActionEntity[];
  if (pkg === undefined) {
    if (namespace !== req.namespace) throw new ApiError(403, messages.notAuthorized);
    all = ctx.entities.list(namespace);
  } else {
    const outer = readablePackage(ctx.entities, req.namespace, namespace, pkg);
    const { pkg: behind } = packageBehind(ctx.entities, req.namespace, outer);
    all = ctx.entities.listIn(`${behind.namespace}/${behind.name}`);
  }
  return listReply(req.query, 'actions', all, actionSummary);
}

/** Parameters come merged across package and binding, as OpenWhisk's GET shows them. */
export function getAction(ctx: PlatformContext, req: RequestInfo, ref: EntityRef): Reply {
  const { action } = resolveAction(ctx.entities, req.namespace, ref);
  return { status: 200, body: actionJson(action, req.query.get('code') !== 'false') };
}

export async function putAction(ctx: PlatformContext, req: RequestInfo, ref: EntityRef): Promise<Reply> {
  const path = writablePath(ctx, req, ref);
  checkEntityName(ref.name);
  const existing = ctx.entities.get(path, ref.name);
  if (!existing && ref.pkg === undefined) checkNameFree(ctx, req.namespace, ref.name, 'actions');
  if (existing && req.query.get('overwrite') !== 'true') throw new ApiError(409, messages.exists);
  const id = { namespace: path, name: ref.name };
  const action = parseActionPut(req.body ?? {}, id, existing, ctx.options.concurrencyMax, ctx.options.kinds);
  if (isSequenceAction(action)) {
    if (action.exec !== existing?.exec) {
      checkSequence(ctx.entities, req.namespace, `${path}/${ref.name}`, action.exec.components);
    }
  } else {
    await checkCodeAction(ctx, action as CodeAction);
  }
  ctx.entities.put(action);
  return { status: 200, body: actionJson(action) };
}

/** What only a code action needs at write time: its host directory and, for blackbox, a local image. */
async function checkCodeAction(ctx: PlatformContext, action: CodeAction): Promise<void> {
  checkHostDirectory(ctx, action);
  if (action.exec.image !== undefined) {
    // Never pulled: an image that is not in the local engine is refused now rather than at every activation.
    const factory = ctx.options.factories.blackbox;
    const problem = factory
      ? await factory.imageProblem?.(action.exec.image)
      : 'no Docker engine is available for blackbox actions';
    if (problem !== undefined) throw new ApiError(400, `The image '${action.exec.image}' cannot run here: ${problem}.`);
  }
}

/**
 * A wasm action's `dir` annotation grants a host directory: annotations come from API users, so only directories
 * the operator allowed (--allow-dir) may be named. Checked on every write, so a kind change cannot slip one in.
 */
function checkHostDirectory(ctx: PlatformContext, action: CodeAction): void {
  const dir = action.annotations.find((a) => a.key === 'dir');
  if (dir === undefined || familyOf(action.exec.kind) !== 'wasm') return;
  if (typeof dir.value !== 'string')
    throw new ApiError(400, "The annotation 'dir' must be a string: an absolute host path.");
  const decision = ctx.allowedDirs.check(dir.value);
  if (!decision.ok) throw new ApiError(400, decision.message);
}

export function deleteAction(ctx: PlatformContext, req: RequestInfo, ref: EntityRef): Reply {
  const action = ctx.entities.delete(writablePath(ctx, req, ref), ref.name);
  if (!action) throw new ApiError(404, messages.notFound);
  return { status: 200, body: actionJson(action) };
}

/** Where the caller may create or delete: its own namespace, in the default package or a package (not a binding). */
function writablePath(ctx: PlatformContext, req: RequestInfo, ref: EntityRef): string {
  if (ref.namespace !== req.namespace) throw new ApiError(403, messages.notAuthorized);
  if (ref.pkg === undefined) return ref.namespace;
  const pkg = ctx.entities.getPackage(ref.namespace, ref.pkg);
  if (!pkg) throw new ApiError(404, messages.notFound);
  if (pkg.binding) throw new ApiError(400, packageMessages.notAllowedOnBinding);
  return entityPathOf(ref);
}

/** Blocking: 200/502/500 with the record (or its result), 202 when it outlives the wait; non-blocking: 202. */
export async function invokeAction(
  ctx: PlatformContext,
  req: RequestInfo,
  ref: EntityRef,
  apiKey: string,
): Promise<Reply> {
  const { action, binding } = resolveAction(ctx.entities, req.namespace, ref);
  const blocking = req.query.get('blocking') === 'true';
  const resultOnly = req.query.get('result') === 'true';
  const wait = intParam(req.query.get('timeout'), ctx.options.blockingWaitMs, 1, 60_000, messages.badTimeout);
  const payload = req.body ?? {};
  if (typeof payload !== 'object' || payload === null)
    throw new ApiError(400, `${messages.malformed}\nThe payload must be a JSON object or array.`);
  if (!Array.isArray(payload))
    checkFinalParameters(action.parameters, action.annotations, payload as Record<string, unknown>);
  const { activationId, run } = launchActivation(ctx, req, action, payload, apiKey, binding);
  const headers = { 'x-openwhisk-activation-id': activationId };
  if (!blocking) return { status: 202, body: { activationId }, headers };
  // One promise for the wait (rather than a timer promise raced with the run): this is the warm invoke's hot path.
  const record = await new Promise<ActivationRecord | undefined>((resolve, reject) => {
    const timer = setTimeout(resolve, wait, undefined);
    run.then(
      (done) => {
        clearTimeout(timer);
        resolve(done);
      },
      (error: Error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
  if (!record) return { status: 202, body: { activationId }, headers };
  return { status: httpStatusOf(record), body: blockingBody(record, resultOnly, isSequence(action.exec)), headers };
}

function httpStatusOf(record: ActivationRecord): number {
  switch (record.response.status) {
    case 'success':
      return 200;
    case 'whisk internal error':
      return 500;
    default:
      return 502;
  }
}

/**
 * Logs are collected after the blocking answer in OpenWhisk, so the reply carries `logs: []`, except a sequence's,
 * which the controller itself writes (the component ids); arrays come back bare.
 */
function blockingBody(record: ActivationRecord, resultOnly: boolean, sequence: boolean): unknown {
  const result = record.response.result;
  if (Array.isArray(result) || resultOnly) return result ?? {};
  return sequence ? record : { ...record, logs: [] };
}

function checkFinalParameters(
  parameters: { key: string }[],
  annotations: { key: string; value: unknown }[],
  payload: Record<string, unknown>,
): void {
  if (!annotations.some((a) => a.key === 'final' && a.value === true)) return;
  if (parameters.some((p) => Object.hasOwn(payload, p.key))) throw new ApiError(400, messages.reservedParams);
}
