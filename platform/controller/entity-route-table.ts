// The route tables of actions and packages under /namespaces/{ns}/: which handler a method and the path after the
// collection reach (`name`, `pkg/name`, `pkg/` for a package's list). `namespace` is the URL's, `_` resolved.
import { deleteAction, getAction, invokeAction, listActions, putAction } from './action-routes.js';
import { ApiError, messages } from '../api-error.js';
import type { PlatformContext, RequestInfo } from '../context.js';
import type { EntityRef } from './entity-names.js';
import type { Reply } from './http-io.js';
import { deletePackage, getPackage, listPackages, putPackage } from './package-routes.js';
import { checkSystemPackage } from './unsupported.js';

export function actionRoute(
  ctx: PlatformContext,
  method: string,
  info: RequestInfo,
  namespace: string,
  rest: string[],
  trailingSlash: boolean,
): Reply | Promise<Reply> {
  if (rest.length === 0) return onlyGet(method, () => listActions(ctx, info, namespace));
  if (rest.length === 1 && trailingSlash) return onlyGet(method, () => listActions(ctx, info, namespace, rest[0]));
  if (rest.length > 2) throw new ApiError(404, messages.notFound);
  const ref: EntityRef =
    rest.length === 2 ? { namespace, pkg: rest[0]!, name: rest[1]! } : { namespace, name: rest[0]! };
  checkSystemPackage(namespace, ref.pkg);
  switch (method) {
    case 'GET':
      return getAction(ctx, info, ref);
    case 'PUT':
      return putAction(ctx, info, ref);
    case 'DELETE':
      return deleteAction(ctx, info, ref);
    case 'POST':
      return invokeAction(ctx, info, ref, ctx.options.auth);
    default:
      throw new ApiError(405, messages.methodNotAllowed);
  }
}

export function packageRoute(
  ctx: PlatformContext,
  method: string,
  info: RequestInfo,
  namespace: string,
  rest: string[],
): Reply {
  if (rest.length === 0) return onlyGet(method, () => listPackages(ctx, info, namespace));
  if (rest.length > 1) throw new ApiError(404, messages.notFound);
  const name = rest[0]!;
  checkSystemPackage(namespace, name);
  if (method === 'GET') return getPackage(ctx, info, namespace, name);
  if (namespace !== info.namespace) throw new ApiError(403, messages.notAuthorized);
  if (method === 'PUT') return putPackage(ctx, info, name);
  if (method === 'DELETE') return deletePackage(ctx, info, name);
  throw new ApiError(405, messages.methodNotAllowed);
}

function onlyGet<T>(method: string, handler: () => T): T {
  if (method !== 'GET') throw new ApiError(405, messages.methodNotAllowed);
  return handler();
}
