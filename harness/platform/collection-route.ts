// The shape every entity collection shares: `/{collection}` lists (GET only), `/{collection}/{name}` gets, puts,
// deletes and posts; `skip`, `limit` and `count` of a list with OpenWhisk's bounds and messages
// (RestApiCommons.ListLimit, ListSkip): limit 0-200 where 0 means 200, default 30; skip ≥ 0.
import { ApiError, messages } from './api-error.js';
import { intParam, type Reply } from './http-io.js';

type Handler = (name: string) => Reply | Promise<Reply>;

export interface CollectionHandlers { list: () => Reply; GET: Handler; PUT: Handler; DELETE: Handler; POST: Handler }

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

export interface ListWindow { skip: number; limit: number; count: boolean }

export function listWindow(query: URLSearchParams, collection: string): ListWindow {
  const rawLimit = query.get('limit');
  const rawSkip = query.get('skip');
  const limit = intParam(rawLimit, 30, 0, 200, messages.listLimit(rawLimit ?? '', collection)) || 200;
  const skip = intParam(rawSkip, 0, 0, Number.MAX_SAFE_INTEGER, messages.listSkip(rawSkip ?? '', collection));
  return { skip, limit, count: query.get('count') === 'true' };
}
