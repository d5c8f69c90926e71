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
