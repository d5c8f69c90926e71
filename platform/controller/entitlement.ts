// Who may do what to which entity: OpenWhisk's implicit entitlement (entitlement/Collection.scala implicitRights,
// ActionCollection.scala, PackageCollection.scala; docs/openwhisk-entities.md §6). One function answers a direct
// read or invoke and every reference another entity makes (a rule's trigger and action, a sequence's components, a
// binding's package), so a shared package works wherever OpenWhisk lets it.
import { ApiError, messages } from '../api-error.js';
import type { EntityStore } from '../store/entity-store.js';

export type Privilege = 'read' | 'put' | 'delete' | 'activate';

export type EntitledCollection = 'actions' | 'packages' | 'triggers' | 'rules' | 'activations' | 'limits';

/** OpenWhisk's `Resource`: an entity path (`ns` or `ns/pkg`), its collection, and the entity's name if one. */
export interface Resource {
  collection: EntitledCollection;
  path: string;
  name?: string;
}

/**
 * Throws 403 unless `user` holds `right` on `resource`; 404 for a package of the caller's own that does not exist
 * (another namespace's missing package is a 403, so nothing leaks about it).
 */
export function checkEntitled(entities: EntityStore, user: string, right: Privilege, resource: Resource): void {
  if (!entitled(entities, user, right, resource)) throw new ApiError(403, messages.notAuthorized);
}

function entitled(entities: EntityStore, user: string, right: Privilege, resource: Resource): boolean {
  const [root, ...inner] = resource.path.split('/');
  const owner = root === user;
  if (resource.name === undefined) {
    // A collection: only read (list); any subject may list another namespace's packages (the public ones are shown).
    return right === 'read' && (owner || resource.collection === 'packages');
  }
  switch (resource.collection) {
    case 'packages':
      if (right === 'read') return packageReadable(entities, user, root!, resource.name, new Set());
      return owner;
    case 'actions':
      // An action in a package is shared with the package: read and activate follow a read of the package.
      if ((right === 'read' || right === 'activate') && inner.length === 1) {
        return packageReadable(entities, user, root!, inner[0]!, new Set());
      }
      return owner;
    case 'activations':
    case 'limits':
      return owner && right === 'read';
    default:
      return owner;
  }
}

/** A package: own or published; a binding: own, and its package readable by the binding's owner (the caller). */
function packageReadable(
  entities: EntityStore,
  user: string,
  namespace: string,
  name: string,
  seen: Set<string>,
): boolean {
  const owner = namespace === user;
  const pkg = entities.getPackage(namespace, name);
  if (pkg === undefined) {
    if (owner) throw new ApiError(404, messages.notFound);
    return false;
  }
  if (pkg.binding === undefined) return owner || pkg.publish;
  if (!owner) return false;
  const key = `${pkg.binding.namespace}/${pkg.binding.name}`;
  if (seen.has(key)) return false;
  seen.add(key);
  return packageReadable(entities, user, pkg.binding.namespace, pkg.binding.name, seen);
}
