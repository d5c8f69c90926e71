// Fully qualified entity names as OpenWhisk parses them (EntityPath / FullyQualifiedEntityName): `/ns/name` or
// `/ns/pkg/name`, the leading slash optional, `_` standing for the caller's namespace.
import { ApiError } from '../api-error.js';

export interface EntityRef {
  namespace: string;
  pkg?: string;
  name: string;
}

export const malformedFqn =
  'The fully qualified name of the entity must contain at least the namespace and the name of the entity.';

/** Parses a component or rule target; a 400 in OpenWhisk's words when it has fewer than 2 or more than 3 parts. */
export function parseFullyQualified(raw: unknown, userNamespace: string): EntityRef {
  const parts = typeof raw === 'string' ? raw.split('/').filter((s) => s.length > 0) : [];
  if (parts.length < 2 || parts.length > 3) {
    throw new ApiError(400, `The request content was malformed:\n${malformedFqn}`);
  }
  const namespace = parts[0] === '_' ? userNamespace : parts[0]!;
  return parts.length === 3 ? { namespace, pkg: parts[1]!, name: parts[2]! } : { namespace, name: parts[1]! };
}

/** `/ns/pkg/name` with the leading slash, as a sequence's `components` and `_actions` show it. */
export function qualifiedName(ref: EntityRef): string {
  return `/${ref.namespace}/${ref.pkg === undefined ? '' : `${ref.pkg}/`}${ref.name}`;
}

/** The entity path an action of this reference lives in: `ns` or `ns/pkg`. */
export function entityPathOf(ref: { namespace: string; pkg?: string }): string {
  return ref.pkg === undefined ? ref.namespace : `${ref.namespace}/${ref.pkg}`;
}

const entityNamePattern = /^([\w]|[\w][\w@ .&-]{0,254}[\w@.&-])$/; // EntityPath.scala L199-206
const entityNameMaxLength = 256;

export const namespaceIllegal = 'The namespace contains illegal characters.';

/**
 * The `{namespace}` segment of `/api/v1/namespaces/{namespace}/…`, already percent-decoded, as OpenWhisk's
 * AuthorizedRouteDispatcher reads it (`namespace(user, ns)`): an EntityPath, i.e. split on `/` with empty parts
 * dropped (so `/whisk.system` and `whisk.system` are one path), every part an entity name, and `_` as the whole
 * segment standing for the caller's namespace. `guest/demo` is the path of package `demo` in `guest`. 400 in
 * OpenWhisk's words when the segment is too long or a part is not a name.
 */
export function parseNamespaceSegment(segment: string, userNamespace: string): string[] {
  if (segment.length > entityNameMaxLength) {
    throw new ApiError(400, `Namespace longer than allowed: ${segment.length} > ${entityNameMaxLength}.`);
  }
  const parts = segment.split('/').filter((s) => s.length > 0);
  if (parts.length === 0 || !parts.every((p) => entityNamePattern.test(p))) throw new ApiError(400, namespaceIllegal);
  // EntityPath(ns) == EntityPath.DEFAULT: only a path that is `_` alone is the caller's (`_/pkg` is not).
  return parts.length === 1 && parts[0] === '_' ? [userNamespace] : parts;
}
