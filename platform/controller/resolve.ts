// Resolves an action reference the way OpenWhisk's controller does before a read or an invoke
// (WhiskAction.resolveActionAndMergeParameters, WhiskPackage.resolveBinding): through a package or a binding to
// the stored action, with parameters merged package → binding → action (each later one wins), and the access
// rule of entitlement.ts (own entities, and the actions of published packages such as `/whisk.system/utils`).
import { ApiError, messages } from '../api-error.js';
import { checkEntitled, type Privilege } from './entitlement.js';
import type { EntityStore } from '../store/entity-store.js';
import { entityPathOf, type EntityRef } from './entity-names.js';
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
  checkEntitled(entities, user, 'read', { collection: 'packages', path: namespace, name });
  const pkg = entities.getPackage(namespace, name);
  if (!pkg) throw new ApiError(404, messages.notFound);
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

/** `right` is `read` for a GET or a reference another entity makes, `activate` for an invoke. */
export function resolveAction(
  entities: EntityStore,
  user: string,
  ref: EntityRef,
  right: Privilege = 'read',
): ResolvedAction {
  checkSystemPackage(ref.namespace, ref.pkg);
  checkEntitled(entities, user, right, { collection: 'actions', path: entityPathOf(ref), name: ref.name });
  if (ref.pkg === undefined) {
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
