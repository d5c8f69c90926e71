// `skip`, `limit` and `count` of a collection list, with OpenWhisk's bounds and messages (RestApiCommons.ListLimit,
// ListSkip): limit 0-200 where 0 means 200, default 30; skip ≥ 0.
import { messages } from './api-error.js';
import { intParam } from './http-io.js';

export interface ListWindow { skip: number; limit: number; count: boolean }

export function listWindow(query: URLSearchParams, collection: string): ListWindow {
  const rawLimit = query.get('limit');
  const rawSkip = query.get('skip');
  const limit = intParam(rawLimit, 30, 0, 200, messages.listLimit(rawLimit ?? '', collection)) || 200;
  const skip = intParam(rawSkip, 0, 0, Number.MAX_SAFE_INTEGER, messages.listSkip(rawSkip ?? '', collection));
  return { skip, limit, count: query.get('count') === 'true' };
}
