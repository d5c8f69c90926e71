// Resolves an action reference the way OpenWhisk's controller does before a read or an invoke
// (WhiskAction.resolveActionAndMergeParameters, WhiskPackage.resolveBinding): through a package or a binding to
// the stored action, with parameters merged package → binding → action (each later one wins), and the access
// rule of one user namespace plus the public packages of `/whisk.system`.
import { ApiError, messages } from '../api-error.js';
import type { EntityStore } from '../store/entity-store.js';
import type { EntityRef } from './entity-names.js';
import { systemNamespace } from './system-catalog.js';
import { checkSystemPackage } from './unsupported.js';
import type { ActionEntity, KeyValue, PackageEntity } from '../types.js';

export interface ResolvedAction {
  /** The stored action with `parameters` replaced by the merged ones (its fingerprint unchanged: same container). */
  action: ActionEntity;
  /** `ns/binding` when reached through a package binding (the activation's `binding` annotation). */
  binding?: string;
}

/** A package the caller may read: its own, or a published one elsewhere; 404/403/501 otherwise. */
export function readablePackage(entities: EntityStore, user: string, namespace: string, name: string): PackageEntity {
  checkSystemPackage(namespace, name);
  if (namespace !== user && namespace !== systemNamespace) throw new ApiError(403, messages.notAuthorized);
  const pkg = entities.getPackage(namespace, name);
  if (!pkg) throw new ApiError(404, messages.notFound);
  if (namespace !== user && !pkg.publish) throw new ApiError(403, messages.notAuthorized);
  return pkg;
}

/** The package a package or binding stands for, and the parameters of both merged (binding wins). */
export function packageBehind(
  entities: EntityStore,
  user: string,
  pkg: PackageEntity,
): { pkg: PackageEntity; parameters: KeyValue[] } {
  if (!pkg.binding) return { pkg, parameters: pkg.parameters };
  const target = readablePackage(entities, user, pkg.binding.namespace, pkg.binding.name);
  return { pkg: target, parameters: mergeParameters(target.parameters, pkg.parameters) };
}

export function resolveAction(entities: EntityStore, user: string, ref: EntityRef): ResolvedAction {
  if (ref.pkg === undefined) {
    if (ref.namespace !== user) throw new ApiError(403, messages.notAuthorized);
    const action = entities.get(ref.namespace, ref.name);
    if (!action) throw new ApiError(404, messages.notFound);
    return { action };
  }
  const outer = readablePackage(entities, user, ref.namespace, ref.pkg);
  const { pkg, parameters } = packageBehind(entities, user, outer);
  const action = entities.get(`${pkg.namespace}/${pkg.name}`, ref.name);
  if (!action) throw new ApiError(404, messages.notFound);
  return {
    action: { ...action, parameters: mergeParameters(parameters, action.parameters) },
    ...(outer.binding ? { binding: `${outer.namespace}/${outer.name}` } : {}),
  };
}

/** `base ++ over` of OpenWhisk's Parameters: a key of `over` replaces the same key of `base`. */
export function mergeParameters(base: readonly KeyValue[], over: readonly KeyValue[]): KeyValue[] {
  const keys = new Set(over.map((p) => p.key));
  return [...base.filter((p) => !keys.has(p.key)), ...over];
}
