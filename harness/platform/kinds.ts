// The kinds this platform runs and how `<family>:default` resolves (docs/openwhisk.md §1.3, the fork's runtimes.json §6.1).
import { ApiError, messages } from './api-error.js';

export type KindFamily = 'nodejs' | 'wasm';

interface KindEntry { kind: string; family: KindFamily; default: boolean }

const manifest: readonly KindEntry[] = [
  { kind: 'nodejs:20', family: 'nodejs', default: true },
  { kind: 'wasm:0.1', family: 'wasm', default: true },
];

export const supportedKinds: readonly string[] = manifest.map((k) => k.kind);

/** Lowercases and trims like Exec.scala, resolves `<family>:default`, and rejects unknown kinds with OpenWhisk's 400. */
export function resolveKind(raw: unknown): { kind: string; family: KindFamily } {
  if (typeof raw !== 'string') throw new ApiError(400, messages.malformed);
  const asked = raw.trim().toLowerCase();
  const [family, version] = asked.split(':');
  const entry = version === 'default'
    ? manifest.find((k) => k.family === family && k.default)
    : manifest.find((k) => k.kind === asked);
  if (!entry) throw new ApiError(400, messages.unsupportedKind(asked, [...supportedKinds, 'nodejs:default', 'wasm:default']));
  return { kind: entry.kind, family: entry.family };
}

export function familyOf(kind: string): KindFamily {
  const entry = manifest.find((k) => k.kind === kind);
  if (!entry) throw new Error(`unknown kind ${kind}`);
  return entry.family;
}
