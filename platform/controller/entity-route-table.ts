// The route tables of actions and packages under /namespaces/{ns}/: which handler a method and the path after the
// collection reach (`name`, `pkg/name`, `pkg/` for a package's list). `namespace` is the URL's, `_` resolved.
import { deleteAction, getAction, invokeAction, listActions, putAction } from './action-routes.js';
import { ApiError, messages } from '../api-error.js';
import type { PlatformContext, RequestInfo } from '../context.js';
import type { EntityRef } from './entity-names.js';
import { checkEntitled } from './entitlement.js';
import type { Reply } from './http-io.js';
import { deletePackage, getPackage, listPackages, putPackage } from './package-routes.js';
import { checkSystemPackage } from './unsupported.js';

export function actionRoute(
  ctx: PlatformContext,
  method: string,
  info: RequestInfo,
  path: readonly string[],
  rest: string[],
  trailingSlash: boolean,
): Reply | Promise<Reply> {
  // The namespace segment's second part is a package (Actions.scala: `guest%2Fdemo/actions/greet` is `demo/greet`);
  // listing the path `ns/pkg` is a list of the collection there, so only its owner may (ActionCollection).
  if (path.length > 2) throw new ApiError(404, messages.notFound);
  const [namespace, ...inPath] = path as [string, ...string[]];
  if (rest.length === 0 && inPath.length === 1) {
    checkEntitled(ctx.entities, info.namespace, 'read', { collection: 'actions', path: path.join('/') });
    return onlyGet(method, () => listActions(ctx, info, namespace, inPath[0]));
  }
  const names = [...inPath, ...rest];
  if (names.length === 0) return onlyGet(method, () => listActions(ctx, info, namespace));
  if (names.length === 1 && trailingSlash) return onlyGet(method, () => listActions(ctx, info, namespace, names[0]));
  if (names.length > 2) throw new ApiError(404, messages.notFound);
  const ref: EntityRef =
    names.length === 2 ? { namespace, pkg: names[0]!, name: names[1]! } : { namespace, name: names[0]! };
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

/** `namespace` is a one-part path: the router answers deeper ones (packages live in no package). */
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
  if (method !== 'PUT' && method !== 'DELETE') throw new ApiError(405, messages.methodNotAllowed);
  checkEntitled(ctx.entities, info.namespace, method === 'PUT' ? 'put' : 'delete', {
    collection: 'packages',
    path: namespace,
    name,
  });
  return method === 'PUT' ? putPackage(ctx, info, name) : deletePackage(ctx, info, name);
}

function onlyGet<T>(method: string, handler: () => T): T {
  if (method !== 'GET') throw new ApiError(405, messages.methodNotAllowed);
  return handler();
}
