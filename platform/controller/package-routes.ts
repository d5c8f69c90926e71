// /namespaces/{ns}/packages[/{name}]: packages and package bindings as Packages.scala serves them: create/update
// with `overwrite`, bindings checked at write time, GET of a binding merged with its package, delete refused while
// a package holds actions (unless `force=true`), lists of one's own packages or another namespace's public ones.
import { actionSummaryInPackage, bumpPatch, checkEntityName, parseKeyValues } from './action-input.js';
import { ApiError, messages } from '../api-error.js';
import type { PlatformContext, RequestInfo } from '../context.js';
import { checkNameFree, listReply } from './collection-route.js';
import { checkEntitled } from './entitlement.js';
import type { Reply } from './http-io.js';
import { packageBehind, readablePackage } from './resolve.js';
import type { PackageEntity } from '../types.js';

export const packageMessages = {
  bindingDoesNotExist: 'Binding references a package that does not exist.',
  packageCannotBecomeBinding: 'Resource is a package and cannot be converted into a binding.',
  bindingCannotReferenceBinding: 'Cannot bind to another package binding.',
  requestedBindingIsNotValid: 'Cannot bind to a resource that is not a package.',
  notAllowedOnBinding: 'Operation not permitted on package binding.',
  nameIsReserved: (name: string) => `Package name '${name}' is reserved.`,
  notEmpty: (count: number) =>
    `Package not empty (contains ${count} ${count === 1 ? 'entity' : 'entities'}). ` +
    'Set force param or delete package contents.',
} as const;

/** `namespace` is the one of the URL, already checked readable; only the caller's own packages are listed fully. */
export function listPackages(ctx: PlatformContext, req: RequestInfo, namespace: string): Reply {
  const all = ctx.entities.listPackages(namespace).filter((p) => namespace === req.namespace || p.publish);
  return listReply(req.query, 'packages', all, packageSummary);
}

/** A binding comes back as itself with its package's parameters under its own and its package's actions. */
export function getPackage(ctx: PlatformContext, req: RequestInfo, namespace: string, name: string): Reply {
  const outer = readablePackage(ctx.entities, req.namespace, namespace, name);
  const { pkg, parameters } = packageBehind(ctx.entities, req.namespace, outer);
  const actions = ctx.entities.listIn(`${pkg.namespace}/${pkg.name}`).map(actionSummaryInPackage);
  return { status: 200, body: { ...packageJson({ ...outer, parameters }), actions, feeds: [] } };
}

export function putPackage(ctx: PlatformContext, req: RequestInfo, name: string): Reply {
  if (name === 'default') throw new ApiError(400, packageMessages.nameIsReserved(name));
  checkEntityName(name);
  const body = req.body ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, messages.malformed);
  const put = body as Record<string, unknown>;
  const existing = ctx.entities.getPackage(req.namespace, name);
  if (!existing) checkNameFree(ctx, req.namespace, name, 'packages');
  if (existing && req.query.get('overwrite') !== 'true') throw new ApiError(409, messages.exists);
  const binding = parseBinding(put.binding, req.namespace);
  if (binding) {
    if (existing && !existing.binding) throw new ApiError(409, packageMessages.packageCannotBecomeBinding);
    checkBindingTarget(ctx, req.namespace, binding);
  }
  const effectiveBinding = binding ?? existing?.binding;
  const sent =
    put.annotations === undefined ? (existing?.annotations ?? []) : parseKeyValues(put.annotations, 'annotations');
  const annotations = sent.filter((a) => a.key !== 'binding');
  const pkg: PackageEntity = {
    namespace: req.namespace,
    name,
    ...(effectiveBinding ? { binding: effectiveBinding } : {}),
    parameters:
      put.parameters === undefined ? (existing?.parameters ?? []) : parseKeyValues(put.parameters, 'parameters'),
    annotations: effectiveBinding ? [...annotations, { key: 'binding', value: effectiveBinding }] : annotations,
    version: typeof put.version === 'string' ? put.version : existing ? bumpPatch(existing.version) : '0.0.1',
    publish: typeof put.publish === 'boolean' ? put.publish : (existing?.publish ?? false),
    updated: Date.now(),
  };
  ctx.entities.putPackage(pkg);
  return { status: 200, body: packageJson(pkg) };
}

export function deletePackage(ctx: PlatformContext, req: RequestInfo, name: string): Reply {
  const pkg = ctx.entities.getPackage(req.namespace, name);
  if (!pkg) throw new ApiError(404, messages.notFound);
  if (!pkg.binding) {
    const contents = ctx.entities.listIn(`${req.namespace}/${name}`);
    if (contents.length > 0 && req.query.get('force') !== 'true') {
      throw new ApiError(409, packageMessages.notEmpty(contents.length));
    }
    for (const action of contents) ctx.entities.delete(action.namespace, action.name);
  }
  ctx.entities.deletePackage(req.namespace, name);
  return { status: 200, body: packageJson(pkg) };
}

/** `{}` (or nothing) means no binding; `_` is the caller's namespace (Binding.resolve). */
function parseBinding(raw: unknown, user: string): { namespace: string; name: string } | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ApiError(400, messages.malformed);
  const b = raw as Record<string, unknown>;
  if (Object.keys(b).length === 0) return undefined;
  if (typeof b.namespace !== 'string' || typeof b.name !== 'string' || !b.namespace || !b.name) {
    throw new ApiError(400, `${messages.malformed}\nA binding needs a string 'namespace' and 'name'.`);
  }
  return { namespace: b.namespace === '_' ? user : b.namespace, name: b.name };
}

/** Packages.checkBinding with the entitlement rewrite: missing 400, an action 409, a binding 400, not shared 403. */
function checkBindingTarget(ctx: PlatformContext, user: string, binding: { namespace: string; name: string }): void {
  // The read right a direct GET of the package needs (entitlement.ts): a 403 for another namespace's private or
  // missing package; one's own missing package falls through to the messages below.
  try {
    checkEntitled(ctx.entities, user, 'read', { collection: 'packages', path: binding.namespace, name: binding.name });
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }
  const target = ctx.entities.getPackage(binding.namespace, binding.name);
  if (!target) {
    if (ctx.entities.get(binding.namespace, binding.name)) {
      throw new ApiError(409, packageMessages.requestedBindingIsNotValid);
    }
    throw new ApiError(400, packageMessages.bindingDoesNotExist);
  }
  if (target.binding) throw new ApiError(400, packageMessages.bindingCannotReferenceBinding);
}

/** WhiskPackage as JSON: `binding` is `{}` for a package. */
export function packageJson(pkg: PackageEntity): Record<string, unknown> {
  return {
    namespace: pkg.namespace,
    name: pkg.name,
    binding: pkg.binding ?? {},
    parameters: pkg.parameters,
    version: pkg.version,
    publish: pkg.publish,
    annotations: pkg.annotations,
    updated: pkg.updated,
  };
}

/** A list item (WhiskPackage.summaryAsJson): no parameters, `binding` false for a package. */
function packageSummary(pkg: PackageEntity): Record<string, unknown> {
  return {
    namespace: pkg.namespace,
    name: pkg.name,
    version: pkg.version,
    publish: pkg.publish,
    annotations: pkg.annotations,
    binding: pkg.binding ?? false,
    updated: pkg.updated,
  };
}
