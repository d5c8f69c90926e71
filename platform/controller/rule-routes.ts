// /namespaces/{ns}/rules[/{name}]: CRUD, list and enable/disable, as Rules.scala answers them
// (docs/openwhisk-triggers-web.md §2). A rule's status is kept in its trigger's `rules` map.
import { bumpPatch, checkEntityName, parseKeyValues } from './action-input.js';
import { ApiError, messages } from '../api-error.js';
import type { PlatformContext, RequestInfo } from '../context.js';
import { qualified, type QualifiedName, type RuleEntity, type RuleStatus } from '../store/event-store.js';
import type { Reply } from './http-io.js';
import { absent, checkNameFree, collectionRoute, listReply } from './collection-route.js';
import { checkEntitled } from './entitlement.js';
import { resolveAction } from './resolve.js';
import { checkSystemPackage } from './unsupported.js';

/** How `POST /rules/{name}` answers, state changed or not: 200 with akka's text entity for a bare status. */
const okText: Reply = {
  status: 200,
  body: undefined,
  raw: Buffer.from('OK'),
  headers: { 'Content-Type': 'text/plain; charset=UTF-8' },
};

export function ruleRoute(
  ctx: PlatformContext,
  method: string,
  rest: string[],
  req: RequestInfo,
): Reply | Promise<Reply> {
  return collectionRoute(method, rest, {
    list: () => listRules(ctx, req),
    GET: (name) => getRule(ctx, req, name),
    PUT: (name) => putRule(ctx, req, name),
    DELETE: (name) => deleteRule(ctx, req, name),
    POST: (name) => setRuleStatus(ctx, req, name),
  });
}

export function listRules(ctx: PlatformContext, req: RequestInfo): Reply {
  // Listed with their documents, which carry no status (the status lives in the trigger).
  return listReply(req.query, 'rules', ctx.events.rules.list(req.namespace), (rule) => ruleJson(rule));
}

export function getRule(ctx: PlatformContext, req: RequestInfo, name: string): Reply {
  const rule = ctx.events.rules.get(req.namespace, name);
  if (!rule) throw absent(ctx, req.namespace, name, 'rules');
  return { status: 200, body: ruleJson(rule, ctx.events.statusOf(rule)) };
}

/**
 * Create (active at once) or, with `overwrite=true`, update (keeping the status): trigger and action must exist;
 * the rule is linked into the trigger, and out of the old trigger when it moves.
 */
export function putRule(ctx: PlatformContext, req: RequestInfo, name: string): Reply {
  checkEntityName(name);
  const existing = ctx.events.rules.get(req.namespace, name);
  if (existing && req.query.get('overwrite') !== 'true') throw new ApiError(409, messages.exists);
  if (!existing) checkNameFree(ctx, req.namespace, name, 'rules');
  const put = req.body ?? {};
  if (typeof put !== 'object' || put === null || Array.isArray(put)) throw new ApiError(400, messages.malformed);
  const fields = put as Record<string, unknown>;
  const given = {
    trigger: fields.trigger === undefined ? undefined : parseQualifiedName(fields.trigger, req.namespace),
    action: fields.action === undefined ? undefined : parseQualifiedName(fields.action, req.namespace),
  };
  if (fields.version !== undefined && typeof fields.version !== 'string') throw new ApiError(400, messages.malformed);
  if (fields.publish !== undefined && typeof fields.publish !== 'boolean') throw new ApiError(400, messages.malformed);
  const trigger = given.trigger ?? existing?.trigger;
  const action = given.action ?? existing?.action;
  if (!trigger || !action) throw new ApiError(400, 'rule requires a valid trigger and a valid action');
  // Both references need the caller's read right, as a direct read would (Rules.scala: referencedEntities): the
  // trigger its own, the action its own or in a shared package such as `/whisk.system/utils`.
  const missingAction = new ApiError(400, `action /${qualified(action)} does not exist`);
  checkEntitled(ctx.entities, req.namespace, 'read', {
    collection: 'triggers',
    path: trigger.path,
    name: trigger.name,
  });
  const [namespace, ...pkg] = action.path.split('/') as [string, ...string[]];
  const ref =
    pkg.length === 0 ? { namespace, name: action.name } : { namespace, pkg: pkg.join('/'), name: action.name };
  checkSystemPackage(ref.namespace, ref.pkg); // a package left out is 501, not a 403
  notFoundAs(missingAction, () =>
    checkEntitled(ctx.entities, req.namespace, 'read', { collection: 'actions', path: action.path, name: action.name }),
  );
  const triggerEntity = ctx.events.triggers.get(trigger.path, trigger.name);
  if (!triggerEntity) throw new ApiError(400, `trigger /${qualified(trigger)} does not exist`);
  notFoundAs(missingAction, () => resolveAction(ctx.entities, req.namespace, ref));
  const status: RuleStatus = existing ? ctx.events.statusOf(existing) : 'active';
  const rule: RuleEntity = {
    namespace: req.namespace,
    name,
    trigger,
    action,
    version: fields.version ?? (existing ? bumpPatch(existing.version) : '0.0.1'),
    publish: fields.publish ?? existing?.publish ?? false,
    annotations:
      fields.annotations === undefined
        ? (existing?.annotations ?? [])
        : parseKeyValues(fields.annotations, 'annotations'),
    updated: Date.now(),
  };
  const key = `${req.namespace}/${name}`;
  if (existing && qualified(existing.trigger) !== qualified(trigger)) {
    const old = ctx.events.triggers.get(existing.trigger.path, existing.trigger.name);
    if (old?.rules) delete old.rules[key];
  }
  ctx.events.rules.put(rule);
  triggerEntity.rules = { ...triggerEntity.rules, [key]: { action, status } };
  return { status: 200, body: ruleJson(rule, status) };
}

/** Deleting unlinks the rule from its trigger, whatever its status; the answer shows it inactive. */
export function deleteRule(ctx: PlatformContext, req: RequestInfo, name: string): Reply {
  const rule = ctx.events.rules.delete(req.namespace, name);
  if (!rule) throw absent(ctx, req.namespace, name, 'rules');
  const trigger = ctx.events.triggers.get(rule.trigger.path, rule.trigger.name);
  if (trigger?.rules) delete trigger.rules[`${rule.namespace}/${rule.name}`];
  return { status: 200, body: ruleJson(rule, 'inactive') };
}

/** `{status: "active"|"inactive"}`: 200 whether or not the state changes; activating needs the trigger. */
export function setRuleStatus(ctx: PlatformContext, req: RequestInfo, name: string): Reply {
  const requested = parseStatus(req.body);
  const rule = ctx.events.rules.get(req.namespace, name);
  if (!rule) throw absent(ctx, req.namespace, name, 'rules');
  if (ctx.events.statusOf(rule) === requested) return okText;
  const trigger = ctx.events.triggers.get(rule.trigger.path, rule.trigger.name);
  if (!trigger) throw new ApiError(404, 'Only rules with existing triggers can be activated');
  trigger.rules = { ...trigger.rules, [`${rule.namespace}/${rule.name}`]: { action: rule.action, status: requested } };
  return okText;
}

function parseStatus(body: unknown): RuleStatus {
  const status = (body as { status?: unknown } | undefined)?.status;
  if (status === 'active' || status === 'inactive') return status;
  const shown = typeof status === 'string' ? status : JSON.stringify(status ?? null);
  throw new ApiError(400, `${messages.malformed}\nrequirement failed: ${shown} is not a recognized rule state`);
}

/**
 * `/ns/name`, `/ns/pkg/name` or `ns/name` (a string, as clients send it) or `{path, name}`; `_` as the namespace is
 * the caller's. A single segment is refused, as EntityPath.toFullyQualifiedEntityName does.
 */
const malformedName =
  'The fully qualified name of the entity must contain at least the namespace and the name of the entity.';

function parseQualifiedName(raw: unknown, namespace: string): QualifiedName {
  let parts: string[];
  if (typeof raw === 'string') parts = raw.split('/').filter((p) => p.length > 0);
  else if (
    typeof raw === 'object' &&
    raw !== null &&
    typeof (raw as QualifiedName).path === 'string' &&
    typeof (raw as QualifiedName).name === 'string'
  ) {
    parts = [...(raw as QualifiedName).path.split('/').filter((p) => p.length > 0), (raw as QualifiedName).name];
  } else throw new ApiError(400, `${messages.malformed}\nfully qualified name malformed`);
  if (parts.length < 2 || parts.length > 3) {
    throw new ApiError(400, `${messages.malformed}\n${malformedName}`);
  }
  for (const part of parts) checkEntityName(part);
  if (parts[0] === '_') parts[0] = namespace;
  return { path: parts.slice(0, -1).join('/'), name: parts.at(-1)! };
}

/** Runs `check`; its 404 becomes `instead` (a rule names what does not exist: 400). */
function notFoundAs(instead: ApiError, check: () => unknown): void {
  try {
    check();
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) throw instead;
    throw error;
  }
}

/** WhiskRuleResponse (with status) or the stored WhiskRule (list items, without). */
function ruleJson(rule: RuleEntity, status?: RuleStatus): Record<string, unknown> {
  const { namespace, name, trigger, action, version, publish, annotations, updated } = rule;
  return { namespace, name, ...(status ? { status } : {}), trigger, action, version, publish, annotations, updated };
}
