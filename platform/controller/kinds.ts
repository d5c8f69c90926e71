// The kinds this platform can run and how `<family>:default` resolves (docs/openwhisk-protocols.md §1.3, the fork's runtimes.json
// §6.1), plus `blackbox` (any OpenWhisk-compatible runtime image present in the local Docker engine). A platform
// offers a subset (`--kinds`): `nodejs:20,blackbox` is what a vanilla OpenWhisk without the wasm fork accepts.
import { ApiError, messages } from '../api-error.js';

export type KindFamily = 'nodejs' | 'wasm' | 'blackbox';

interface KindEntry {
  kind: string;
  family: KindFamily;
  default: boolean;
}

const manifest: readonly KindEntry[] = [
  { kind: 'nodejs:20', family: 'nodejs', default: true },
  { kind: 'wasm:0.1', family: 'wasm', default: true },
  { kind: 'blackbox', family: 'blackbox', default: false },
];

export const supportedKinds: readonly string[] = manifest.map((k) => k.kind);

/** Checks a `--kinds` list; returns it lowercased, in the manifest's order, or throws naming what is unknown. */
export function parseKindList(kinds: readonly string[]): string[] {
  const asked = kinds.map((k) => k.trim().toLowerCase()).filter((k) => k.length > 0);
  const unknown = asked.filter((k) => !supportedKinds.includes(k));
  if (unknown.length > 0)
    throw new RangeError(`unknown kind ${unknown.join(', ')}: expected some of ${supportedKinds.join(', ')}`);
  if (asked.length === 0) throw new RangeError(`no kinds: expected some of ${supportedKinds.join(', ')}`);
  return supportedKinds.filter((k) => asked.includes(k));
}

/**
 * Lowercases and trims like Exec.scala, resolves `<family>:default`, and rejects kinds this platform does not offer
 * with OpenWhisk's 400.
 */
export function resolveKind(
  raw: unknown,
  offered: readonly string[] = supportedKinds,
): { kind: string; family: KindFamily } {
  if (typeof raw !== 'string') throw new ApiError(400, messages.malformed);
  const asked = raw.trim().toLowerCase();
  const [family, version] = asked.split(':');
  const available = manifest.filter((k) => offered.includes(k.kind));
  const entry =
    version === 'default'
      ? available.find((k) => k.family === family && k.default)
      : available.find((k) => k.kind === asked);
  if (!entry) {
    const defaults = available.filter((k) => k.default).map((k) => `${k.family}:default`);
    throw new ApiError(400, messages.unsupportedKind(asked, [...available.map((k) => k.kind), ...defaults]));
  }
  return { kind: entry.kind, family: entry.family };
}

export function familyOf(kind: string): KindFamily {
  const entry = manifest.find((k) => k.kind === kind);
  if (!entry) throw new Error(`unknown kind ${kind}`);
  return entry.family;
}

/** The families of `kinds`, each once. */
export function familiesOf(kinds: readonly string[]): KindFamily[] {
  return [...new Set(kinds.map(familyOf))];
}
