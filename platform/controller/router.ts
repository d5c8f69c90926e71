// Maps method + path to a handler: the routes the `openwhisk` client uses (docs/openwhisk-protocols.md §1.8), the admin hooks
// for experiments under /admin, and `GET /api/v1`. Auth is checked before anything else is read.
import type { IncomingMessage } from 'node:http';
import { getActivation, listActivations } from './activation-routes.js';
import { ApiError, messages } from '../api-error.js';
import type { PlatformContext, RequestInfo } from '../context.js';
import { authenticate, decodePathSegment, readJsonBody, type Reply } from './http-io.js';
import { checkEntitled, type Privilege } from './entitlement.js';
import { parseNamespaceSegment } from './entity-names.js';
import { limitBounds } from './action-input.js';
import { familyOf } from './kinds.js';
import { budgetsOf } from './budgets.js';
import { controllerInfo } from './controller-info.js';
import { actionRoute, packageRoute } from './entity-route-table.js';
import { ruleRoute } from './rule-routes.js';
import { systemNamespace } from './system-catalog.js';
import { triggerRoute } from './trigger-routes.js';
import { checkSystemPackage, notSupported, unsupportedSystemPackages } from './unsupported.js';
import { webRoute } from './web-routes.js';

export async function route(
  ctx: PlatformContext,
  req: IncomingMessage,
  tid: string,
  arrivedAt: number,
): Promise<Reply> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = req.method ?? 'GET';
  // Split before decoding, so an encoded slash stays inside its segment (`guest%2Fdemo` is one namespace segment).
  const segments = url.pathname
    .split('/')
    .filter((s) => s.length > 0)
    .map(decodePathSegment);
  if (segments.length === 2 && segments[0] === 'api' && segments[1] === 'v1') {
    req.resume();
    return { status: 200, body: apiInfo(ctx) };
  }
  if (segments.length === 0) {
    req.resume();
    return only(method, 'GET', () => ({ status: 200, body: controllerInfo(ctx.options) }));
  }
  const isApi = segments[0] === 'api' && segments[1] === 'v1';
  // The client's route commands (`ow.routes`) call the API gateway's actions as web actions: never a 404.
  if (isApi && segments[2] === 'web' && segments[3] === systemNamespace && segments[4] !== undefined) {
    const what = unsupportedSystemPackages[segments[4].replace(/\.[a-z]+$/, '')];
    if (what !== undefined) {
      req.resume();
      throw notSupported(what);
    }
  }
  if (isApi && segments[2] === 'web') return webRoute(ctx, req, tid, arrivedAt); // no API key unless the action asks
  if (!isApi && segments[0] !== 'admin') {
    req.resume();
    throw new ApiError(404, messages.notFound);
  }
  authenticate(req, ctx.options.auth);
  const isInvoke = method === 'POST' && (segments[4] === 'actions' || segments[4] === 'triggers');
  const limit = isInvoke ? ctx.options.maxPayloadBytes : method === 'PUT' ? ctx.options.maxEntityBytes : 1_048_576;
  const body = await readJsonBody(req, limit);
  const info: RequestInfo = { tid, arrivedAt, namespace: ctx.options.namespace, query: url.searchParams, body };
  if (segments[0] === 'admin') return adminRoute(ctx, method, segments.slice(1), info);

  const [, , collection, ns, resource] = segments;
  if (collection !== 'namespaces') throw new ApiError(404, messages.notFound);
  if (ns === undefined) return only(method, 'GET', () => ({ status: 200, body: [ctx.options.namespace] }));
  const path = parseNamespaceSegment(ns, info.namespace);
  // Names may arrive with their slash percent-encoded (`pkg%2Fname`): split after decoding.
  const rest = segments
    .slice(5)
    .join('/')
    .split('/')
    .filter((s) => s.length > 0);
  if (resource === 'actions') return actionRoute(ctx, method, info, path, rest, url.pathname.endsWith('/'));
  if (resource === 'apis') throw notSupported('The API gateway');
  if (!isCollection(resource)) throw new ApiError(404, messages.notFound);
  return namespacedRoute(ctx, req, method, info, resource, path, rest);
}

const collections = ['packages', 'activations', 'triggers', 'rules', 'limits'] as const;
type NamespacedCollection = (typeof collections)[number];
const isCollection = (name: string | undefined): name is NamespacedCollection =>
  (collections as readonly (string | undefined)[]).includes(name);

const rights: Readonly<Record<string, Privilege>> = { GET: 'read', PUT: 'put', DELETE: 'delete', POST: 'activate' };

/**
 * Every collection but actions, under the entity path `path` of the namespace segment: the entitlement check first
 * (AuthorizedRouteDispatcher.authorizeAndDispatch), then the collection's routes for a namespace. These entities
 * live in no package, so under a path such as `guest/demo` a list is empty and an entity does not exist.
 */
function namespacedRoute(
  ctx: PlatformContext,
  req: IncomingMessage,
  method: string,
  info: RequestInfo,
  collection: NamespacedCollection,
  path: readonly string[],
  rest: string[],
): Reply | Promise<Reply> {
  const name = collection === 'activations' || collection === 'limits' ? undefined : rest[0];
  // A collection is only ever listed: another method is the route's 405, as OpenWhisk's collectionOps answer it.
  const right = name === undefined && method !== 'GET' ? undefined : rights[method];
  if (right !== undefined) {
    if (name !== undefined) checkSystemPackage(path[0]!, collection === 'packages' ? name : undefined);
    checkEntitled(ctx.entities, info.namespace, right, { collection, path: path.join('/'), name });
  }
  const namespace = path[0]!;
  if (collection === 'limits') return only(method, 'GET', () => ({ status: 200, body: limitsOf(ctx) }));
  if (path.length > 1) {
    if (rest.length > 0) throw new ApiError(404, messages.notFound);
    return only(method, 'GET', () => ({
      status: 200,
      body: info.query.get('count') === 'true' ? { [collection]: 0 } : [],
    }));
  }
  switch (collection) {
    case 'packages':
      return packageRoute(ctx, method, info, namespace, rest);
    case 'activations':
      if (rest.length === 0) return only(method, 'GET', () => listActivations(ctx, info));
      if (rest.length === 1) return only(method, 'GET', () => getActivation(ctx, info, rest[0]!, 'record'));
      if (rest.length === 2 && (rest[1] === 'result' || rest[1] === 'logs'))
        return only(method, 'GET', () => getActivation(ctx, info, rest[0]!, rest[1] as 'result' | 'logs'));
      throw new ApiError(404, messages.notFound);
    case 'triggers':
      return triggerRoute(ctx, method, rest, { ...info, headers: req.headers, apiKey: ctx.options.auth });
    case 'rules':
      return ruleRoute(ctx, method, rest, info);
  }
}

async function adminRoute(ctx: PlatformContext, method: string, path: string[], info: RequestInfo): Promise<Reply> {
  const [what] = path;
  if (what === 'pool' && path.length === 1) return only(method, 'GET', () => ({ status: 200, body: ctx.pool.state() }));
  if (what === 'memory' && path.length === 1) return only(method, 'GET', () => memoryOf(ctx, info));
  if (what === 'budgets' && path.length === 1)
    return only(method, 'GET', () => ({ status: 200, body: budgetsOf(ctx) }));
  if (what === 'process' && path.length === 1) return only(method, 'GET', () => processMemory(info));
  if (what === 'drain' && path.length === 1) {
    if (method !== 'POST') throw new ApiError(405, messages.methodNotAllowed);
    const body = (info.body ?? {}) as { action?: unknown; kind?: unknown };
    const action =
      typeof body.action === 'string'
        ? body.action.includes('/')
          ? body.action
          : `${ctx.options.namespace}/${body.action}`
        : undefined;
    const kind = typeof body.kind === 'string' ? body.kind : undefined;
    if (action === undefined && kind === undefined)
      throw new ApiError(400, 'admin/drain needs {"action": "name"} or {"kind": "wasm:0.1"}.');
    const removed = await ctx.pool.drain({ action, kind });
    return { status: 200, body: { removed, pool: ctx.pool.state() } };
  }
  throw new ApiError(404, messages.notFound);
}

/**
 * GET /admin/process[?gc=true]: the platform process's own memory by kind, so a soak can tell the JavaScript heap from
 * Buffers and native memory. With `gc=true` and a platform started with node's --expose-gc, a full collection runs
 * first: what remains is retained, not garbage waiting for the next collection.
 */
function processMemory(info: RequestInfo): Reply {
  const gc = (globalThis as { gc?: () => void }).gc;
  const collected = info.query.get('gc') === 'true' && typeof gc === 'function';
  if (collected) gc();
  return { status: 200, body: { memory: process.memoryUsage(), collected } };
}

/** GET /admin/memory?actions=a,b: wasm containers share the executor's RSS; Docker/node-process ones are summed. */
async function memoryOf(ctx: PlatformContext, info: RequestInfo): Promise<Reply> {
  const actions = (info.query.get('actions') ?? '')
    .split(',')
    .filter((a) => a.length > 0)
    .map((a) => (a.includes('/') ? a : `${ctx.options.namespace}/${a}`));
  const containers = ctx.pool.containersOf(actions);
  let bytes = 0;
  const methods = new Set<string>();
  // The executor's RSS counts whenever a wasm action is asked about, with or without live containers: a caller
  // measures before and after starting them and divides the growth.
  const asksWasm = actions.some((path) => {
    const [namespace, ...name] = path.split('/');
    const entity = ctx.entities.get(namespace!, name.join('/'));
    return entity !== undefined && entity.exec.kind !== 'sequence' && familyOf(entity.exec.kind) === 'wasm';
  });
  if (asksWasm || containers.some((c) => familyOf(c.kind) === 'wasm')) {
    const shared = await ctx.options.factories.wasm?.sharedMemoryBytes?.();
    if (shared !== undefined) {
      bytes += shared;
      methods.add('executor process VmRSS (shared by all wasm containers)');
    }
  }
  for (const { kind, container } of containers) {
    if (familyOf(kind) === 'wasm') continue;
    const own = await container.memoryBytes?.();
    if (own !== undefined) {
      bytes += own;
      methods.add(`${container.runtime} container memory`);
    }
  }
  return {
    status: 200,
    body: { bytes, containers: containers.length, method: [...methods].join(' + ') || 'none measurable' },
  };
}

function only(method: string, allowed: string, handler: () => Reply | Promise<Reply>): Reply | Promise<Reply> {
  if (method !== allowed) throw new ApiError(405, messages.methodNotAllowed);
  return handler();
}

function apiInfo(ctx: PlatformContext): Record<string, unknown> {
  return {
    description: 'OpenWhisk API',
    api_version: '1.0.0',
    api_version_path: 'v1',
    build: 'ow-eval embedded platform',
    buildno: '0',
    ow_eval: {
      served: servedPaths,
      notSupported: Object.values(unsupportedSystemPackages),
      kinds: ctx.options.kinds,
      throttles: ctx.options.throttles,
      userMemoryMb: ctx.options.userMemoryMb,
      pauseGraceMs: ctx.options.pauseGraceMs,
      idleTimeoutMs: ctx.options.idleTimeoutMs,
      prewarm: ctx.options.prewarm,
      concurrencyMax: ctx.options.concurrencyMax,
      ...ctx.options.describe,
    },
  };
}

/** What this platform serves under /api/v1 (apiv1swagger.json's paths, plus the binding/package list form). */
const servedPaths = [
  '/namespaces',
  '/namespaces/{namespace}/actions',
  '/namespaces/{namespace}/actions/{actionName}',
  '/namespaces/{namespace}/actions/{packageName}/',
  '/namespaces/{namespace}/actions/{packageName}/{actionName}',
  '/namespaces/{namespace}/packages',
  '/namespaces/{namespace}/packages/{packageName}',
  '/namespaces/{namespace}/activations',
  '/namespaces/{namespace}/activations/{activationid}',
  '/namespaces/{namespace}/activations/{activationid}/logs',
  '/namespaces/{namespace}/activations/{activationid}/result',
  '/namespaces/{namespace}/triggers',
  '/namespaces/{namespace}/triggers/{triggerName}',
  '/namespaces/{namespace}/rules',
  '/namespaces/{namespace}/rules/{ruleName}',
  '/web/{namespace}/{packageName}/{actionName}.{extension}',
  '/namespaces/{namespace}/limits',
];

function limitsOf(ctx: PlatformContext): Record<string, unknown> {
  const t = ctx.options.throttles;
  return {
    ...(t.invocationsPerMinute === undefined ? {} : { invocationsPerMinute: t.invocationsPerMinute }),
    ...(t.concurrentInvocations === undefined ? {} : { concurrentInvocations: t.concurrentInvocations }),
    minActionMemory: limitBounds.memory.min,
    maxActionMemory: limitBounds.memory.max,
    minActionTimeout: limitBounds.timeout.min,
    maxActionTimeout: limitBounds.timeout.max,
    minActionLogs: limitBounds.logs.min,
    maxActionLogs: limitBounds.logs.max,
    minActionConcurrency: 1,
    maxActionConcurrency: ctx.options.concurrencyMax,
    maxParameterSize: ctx.options.maxPayloadBytes,
  };
}
