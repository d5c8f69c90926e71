// The shape every entity collection shares: `/{collection}` lists (GET only), `/{collection}/{name}` gets, puts,
// deletes and posts; `skip`, `limit` and `count` of a list with OpenWhisk's bounds and messages
// (RestApiCommons.ListLimit, ListSkip): limit 0-200 where 0 means 200, default 30; skip ≥ 0.
import { ApiError, messages } from '../api-error.js';
import type { PlatformContext } from '../context.js';
import { intParam, type Reply } from './http-io.js';

type Handler = (name: string) => Reply | Promise<Reply>;

export interface CollectionHandlers {
  list: () => Reply;
  GET: Handler;
  PUT: Handler;
  DELETE: Handler;
  POST: Handler;
}

/** Dispatches by method; names with a `/` are 404 (triggers and rules live in no package). */
export function collectionRoute(method: string, rest: string[], handlers: CollectionHandlers): Reply | Promise<Reply> {
  if (rest.length === 0) {
    if (method !== 'GET') throw new ApiError(405, messages.methodNotAllowed);
    return handlers.list();
  }
  if (rest.length > 1) throw new ApiError(404, messages.notFound);
  if (method !== 'GET' && method !== 'PUT' && method !== 'DELETE' && method !== 'POST') {
    throw new ApiError(405, messages.methodNotAllowed);
  }
  return handlers[method](rest[0]!);
}

export interface ListWindow {
  skip: number;
  limit: number;
  count: boolean;
}

export function listWindow(query: URLSearchParams, collection: string): ListWindow {
  const rawLimit = query.get('limit');
  const rawSkip = query.get('skip');
  const limit = intParam(rawLimit, 30, 0, 200, messages.listLimit(rawLimit ?? '', collection)) || 200;
  const skip = intParam(rawSkip, 0, 0, Number.MAX_SAFE_INTEGER, messages.listSkip(rawSkip ?? '', collection));
  return { skip, limit, count: query.get('count') === 'true' };
}

/** A list answer: `{<collection>: N}` for `count=true`, else the window of items, each shown by `view`. */
export function listReply<T>(query: URLSearchParams, collection: string, all: T[], view: (item: T) => unknown): Reply {
  const { skip, limit, count } = listWindow(query, collection);
  if (count) return { status: 200, body: { [collection]: all.length } };
  return { status: 200, body: all.slice(skip, skip + limit).map(view) };
}

export type Collection = 'actions' | 'packages' | 'triggers' | 'rules';

const conformance = 'Resource by this name exists but is not in this collection.';

/** OpenWhisk keys every entity of a namespace by `namespace/name` in one store, across collections. */
function heldElsewhere(ctx: PlatformContext, namespace: string, name: string, collection: Collection): boolean {
  return (
    (collection !== 'actions' && ctx.entities.get(namespace, name) !== undefined) ||
    (collection !== 'packages' && ctx.entities.getPackage(namespace, name) !== undefined) ||
    (collection !== 'triggers' && ctx.events.triggers.get(namespace, name) !== undefined) ||
    (collection !== 'rules' && ctx.events.rules.get(namespace, name) !== undefined)
  );
}

/** The error for a name this collection lacks: 409 when another collection holds it (ApiUtils), else 404. */
export function absent(ctx: PlatformContext, namespace: string, name: string, collection: Collection): ApiError {
  if (heldElsewhere(ctx, namespace, name, collection)) return new ApiError(409, conformance);
  return new ApiError(404, messages.notFound);
}

/** A create must not take a name another collection holds (409, as putEntity answers). */
export function checkNameFree(ctx: PlatformContext, namespace: string, name: string, collection: Collection): void {
  if (heldElsewhere(ctx, namespace, name, collection)) throw new ApiError(409, conformance);
}
