// /namespaces/{ns}/triggers[/{name}]: CRUD, list and fire, as Triggers.scala answers them
// (docs/openwhisk-triggers-web.md §1, §3).
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { bumpPatch, checkEntityName, parseKeyValues } from './action-input.js';
import { invokeAction } from './action-routes.js';
import { ApiError, messages } from '../api-error.js';
import type { PlatformContext, RequestInfo } from '../context.js';
import { qualified, type TriggerEntity } from '../store/event-store.js';
import type { Reply } from './http-io.js';
import { owHeaders } from './request-headers.js';
import { absent, checkNameFree, collectionRoute, listReply } from './collection-route.js';
import type { ActivationRecord, KeyValue } from '../types.js';

/** A request to fire: the headers become `__ow_headers` of the rules' actions, as OpenWhisk forwards them. */
export interface FireRequest extends RequestInfo {
  headers: IncomingHttpHeaders;
  apiKey: string;
}

const entityPathSegment = /^[\w]([\w@ .&-]{0,254}[\w@.&-])?$/;

export function triggerRoute(
  ctx: PlatformContext,
  method: string,
  rest: string[],
  req: FireRequest,
): Reply | Promise<Reply> {
  return collectionRoute(method, rest, {
    list: () => listTriggers(ctx, req),
    GET: (name) => getTrigger(ctx, req, name),
    PUT: (name) => putTrigger(ctx, req, name),
    DELETE: (name) => deleteTrigger(ctx, req, name),
    POST: (name) => fireTrigger(ctx, req, name),
  });
}

export function listTriggers(ctx: PlatformContext, req: RequestInfo): Reply {
  // The list view carries no parameters, limits or rules (the `triggers` view of the entities database).
  const view = ({ namespace, name, version, publish, annotations, updated }: TriggerEntity) => ({
    namespace,
    name,
    version,
    publish,
    annotations,
    updated,
  });
  return listReply(req.query, 'triggers', ctx.events.triggers.list(req.namespace), view);
}

export function getTrigger(ctx: PlatformContext, req: RequestInfo, name: string): Reply {
  const trigger = ctx.events.triggers.get(req.namespace, name);
  if (!trigger) throw absent(ctx, req.namespace, name, 'triggers');
  return { status: 200, body: triggerJson(trigger) };
}

/** Create, or with `overwrite=true` update: omitted fields keep their values, the version's patch goes up. */
export function putTrigger(ctx: PlatformContext, req: RequestInfo, name: string): Reply {
  checkEntityName(name);
  const existing = ctx.events.triggers.get(req.namespace, name);
  if (existing && req.query.get('overwrite') !== 'true') throw new ApiError(409, messages.exists);
  if (!existing) checkNameFree(ctx, req.namespace, name, 'triggers');
  const put = req.body ?? {};
  if (typeof put !== 'object' || put === null || Array.isArray(put)) throw new ApiError(400, messages.malformed);
  const fields = put as Record<string, unknown>;
  const parameters =
    fields.parameters === undefined ? (existing?.parameters ?? []) : parseKeyValues(fields.parameters, 'parameters');
  const annotations =
    fields.annotations === undefined
      ? (existing?.annotations ?? [])
      : parseKeyValues(fields.annotations, 'annotations');
  if (fields.version !== undefined && typeof fields.version !== 'string') throw new ApiError(400, messages.malformed);
  if (fields.publish !== undefined && typeof fields.publish !== 'boolean') throw new ApiError(400, messages.malformed);
  checkFeed(annotations);
  const trigger: TriggerEntity = {
    namespace: req.namespace,
    name,
    parameters,
    annotations,
    version: fields.version ?? (existing ? bumpPatch(existing.version) : '0.0.1'),
    publish: fields.publish ?? existing?.publish ?? false,
    updated: Date.now(),
    ...(existing?.rules ? { rules: existing.rules } : {}),
  };
  ctx.events.triggers.put(trigger);
  return { status: 200, body: triggerJson(trigger) };
}

/** Deleting a trigger leaves its rules in place; they then read as inactive and cannot be enabled. */
export function deleteTrigger(ctx: PlatformContext, req: RequestInfo, name: string): Reply {
  const trigger = ctx.events.triggers.delete(req.namespace, name);
  if (!trigger) throw absent(ctx, req.namespace, name, 'triggers');
  return { status: 200, body: triggerJson(trigger) };
}

/**
 * Fires: 204 when no rule of the trigger is active (and no record is written); otherwise every rule's action is
 * invoked without blocking, the trigger's own record lists the outcomes in `logs`, and the answer is 202.
 */
export async function fireTrigger(ctx: PlatformContext, req: FireRequest, name: string): Promise<Reply> {
  const trigger = ctx.events.triggers.get(req.namespace, name);
  if (!trigger) throw absent(ctx, req.namespace, name, 'triggers');
  const payload = req.body ?? {};
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new ApiError(400, `${messages.malformed}\nThe payload must be a JSON object.`);
  }
  const links = Object.entries(trigger.rules ?? {});
  if (!links.some(([, link]) => link.status === 'active')) {
    return { status: 204, body: undefined, raw: Buffer.alloc(0) };
  }
  const start = Date.now();
  const activationId = randomUUID().replaceAll('-', '');
  // Trigger parameters < request headers (as __ow_headers) < payload, as Triggers.scala merges them.
  const args: Record<string, unknown> = {};
  for (const p of trigger.parameters) args[p.key] = p.value;
  Object.assign(args, { __ow_headers: owHeaders(req.headers) }, payload);
  const logs: string[] = [];
  for (const [rule, link] of links) {
    const action = qualified(link.action);
    if (link.status !== 'active') {
      const error = `Rule '${rule}' is inactive, action '${action}' was not activated.`;
      logs.push(ruleResult(rule, action, 1, { error }));
      continue;
    }
    logs.push(ruleResult(rule, action, ...(await postActivation(ctx, req, link.action, args))));
  }
  const record: ActivationRecord = {
    namespace: req.namespace,
    name: trigger.name,
    subject: req.namespace,
    activationId,
    start,
    end: 0,
    duration: 0,
    response: { result: payload, status: 'success', success: true },
    logs,
    version: trigger.version,
    publish: false,
    annotations: [],
  };
  ctx.activations.put(record);
  return { status: 202, body: { activationId }, headers: { 'x-openwhisk-activation-id': activationId } };
}

/** Invokes the rule's action as a non-blocking POST of the caller would; an error answer becomes the rule's result. */
async function postActivation(
  ctx: PlatformContext,
  req: FireRequest,
  action: { path: string; name: string },
  args: Record<string, unknown>,
): Promise<[number, { activationId: string } | { error: string }]> {
  const [namespace, ...pkg] = action.path.split('/') as [string, ...string[]];
  // The invoke checks the trigger owner's entitlement, so a rule may run a shared action (`/whisk.system/utils/echo`).
  const ref =
    pkg.length === 0 ? { namespace, name: action.name } : { namespace, pkg: pkg.join('/'), name: action.name };
  const post: RequestInfo = { ...req, query: new URLSearchParams(), body: args };
  try {
    const reply = await invokeAction(ctx, post, ref, req.apiKey);
    return [0, { activationId: (reply.body as { activationId: string }).activationId }];
  } catch (error) {
    if (error instanceof ApiError) return [error.status >= 500 ? 3 : 1, { error: error.message }];
    return [3, { error: 'There was an internal server error.' }];
  }
}

function ruleResult(rule: string, action: string, statusCode: number, outcome: object): string {
  return JSON.stringify({ rule, action, statusCode, success: statusCode === 0, ...outcome });
}

/** A `feed` annotation must name an entity (`name`, `ns/name` or `ns/pkg/name`); its action is not run here. */
function checkFeed(annotations: KeyValue[]): void {
  const feed = annotations.find((a) => a.key === 'feed');
  if (feed === undefined) return;
  const parts = typeof feed.value === 'string' ? feed.value.split('/').filter((p) => p.length > 0) : [];
  if (parts.length === 0 || !parts.every((p) => entityPathSegment.test(p))) {
    throw new ApiError(400, 'Feed name is not valid');
  }
}

/** WhiskTrigger as JSON: `limits` is always `{}`; `rules` only once a rule has named the trigger. */
export function triggerJson(trigger: TriggerEntity): Record<string, unknown> {
  const { namespace, name, parameters, annotations, version, publish, rules, updated } = trigger;
  return {
    namespace,
    name,
    parameters,
    limits: {},
    version,
    publish,
    annotations,
    ...(rules ? { rules } : {}),
    updated,
  };
}
