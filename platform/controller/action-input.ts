// Validates an action PUT (WhiskActionPut, docs/openwhisk-protocols.md §1.3) into the stored entity: kinds, server-side
// `binary`, limits with OpenWhisk's bounds and messages, version bump on update, server-added annotations.
import { createHash } from 'node:crypto';
import { ApiError, messages } from '../api-error.js';
import { resolveKind } from './kinds.js';
import { parseFullyQualified, qualifiedName } from './entity-names.js';
import { isSequence, type ActionEntity, type ActionExec, type ActionLimits, type KeyValue } from '../types.js';

const namePattern = /^([\w]|[\w][\w@ .&-]{0,254}[\w@.&-])$/; // EntityPath.scala L199-206

export const limitBounds = {
  timeout: { min: 100, max: 300_000, std: 60_000 },
  memory: { min: 128, max: 512, std: 256 },
  logs: { min: 0, max: 10, std: 10 },
  concurrency: { min: 1, std: 1 },
} as const;

export function checkEntityName(name: string): void {
  if (!namePattern.test(name))
    throw new ApiError(400, `The name '${name}' is not a valid entity name: it must match ${namePattern.source}.`);
}

/**
 * True iff the string code is base64 (Exec.isBinaryCode, Exec.scala L358-365: trimmed, non-empty, a multiple of 4,
 * the alphabet with at most two `=` at the end). One pass over the characters: a regular expression with a repeated
 * group over the whole text overflowed V8's regexp stack at a few MB of code.
 */
export function isBinaryCode(code: string): boolean {
  const trimmed = code.trim();
  const length = trimmed.length;
  if (length === 0 || length % 4 !== 0) return false;
  let padding = 0;
  while (padding < 2 && trimmed.charCodeAt(length - 1 - padding) === 0x3d) padding += 1;
  for (let i = 0; i < length - padding; i++) if (!isBase64Char(trimmed.charCodeAt(i))) return false;
  return true;
}

function isBase64Char(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x2b || // +
    c === 0x2f // /
  );
}

// A Docker reference: [registry[:port]/]path[:tag][@digest], lowercase path components (docker/distribution reference).
const imagePattern =
  /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

export function parseActionPut(
  body: unknown,
  id: { namespace: string; name: string },
  existing: ActionEntity | undefined,
  concurrencyMax: number,
  offeredKinds?: readonly string[],
): ActionEntity {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, messages.malformed);
  const put = body as Record<string, unknown>;
  let exec: ActionExec | undefined = existing?.exec;
  if (put.exec !== undefined) {
    const raw = put.exec as Record<string, unknown>;
    if (typeof raw !== 'object' || raw === null) throw new ApiError(400, messages.malformed);
    if (raw.kind === 'sequence') return parseSequencePut(put, raw, id, existing, concurrencyMax);
    const { kind } = resolveKind(raw.kind, offeredKinds);
    if (raw.main !== undefined && typeof raw.main !== 'string') throw new ApiError(400, messages.malformed);
    const main = raw.main ? { main: raw.main } : {};
    if (kind === 'blackbox') {
      // Exec.scala's BlackBoxExec: an image, and optionally code the image's /init receives.
      if (typeof raw.image !== 'string' || !imagePattern.test(raw.image)) {
        throw new ApiError(
          400,
          "exec malformed: kind blackbox needs 'image', a Docker image reference such as ow-eval/wasm-executor:local.",
        );
      }
      if (raw.code !== undefined && raw.code !== null && typeof raw.code !== 'string')
        throw new ApiError(400, "exec malformed: 'code' must be a string.");
      const code = typeof raw.code === 'string' ? raw.code : '';
      exec = { kind, code, binary: isBinaryCode(code), image: raw.image, ...main };
    } else {
      if (typeof raw.code !== 'string')
        throw new ApiError(400, `exec malformed: 'code' must be a string for kind ${kind}.`);
      exec = { kind, code: raw.code, binary: isBinaryCode(raw.code), ...main };
    }
  }
  if (!exec) throw new ApiError(400, 'exec undefined');
  const limits = parseLimits(put.limits, existing?.limits, concurrencyMax);
  // Actions.updateWhiskAction: a sequence's `_actions` parameter never leaks into the code action that replaces it,
  // and an update that leaves a sequence a sequence ignores the parameters sent.
  const parameters =
    existing && isSequence(existing.exec)
      ? put.exec === undefined
        ? existing.parameters
        : put.parameters === undefined
          ? []
          : parseKeyValues(put.parameters, 'parameters')
      : put.parameters === undefined
        ? (existing?.parameters ?? [])
        : parseKeyValues(put.parameters, 'parameters');
  return finishAction(put, id, existing, exec, limits, parameters);
}

/** `exec: {kind: "sequence", components}`: names parsed here; existence, access, cycles and length in sequence-check.ts. */
function parseSequencePut(
  put: Record<string, unknown>,
  raw: Record<string, unknown>,
  id: { namespace: string; name: string },
  existing: ActionEntity | undefined,
  concurrencyMax: number,
): ActionEntity {
  if (!Array.isArray(raw.components)) {
    throw new ApiError(
      400,
      `${messages.malformed}\n'components' must be ${raw.components === undefined ? 'defined for sequence kind' : 'an array'}`,
    );
  }
  const user = id.namespace.split('/')[0]!;
  const components = raw.components.map((c: unknown) => qualifiedName(parseFullyQualified(c, user)));
  const exec = { kind: 'sequence' as const, components };
  const limits = parseLimits(put.limits, existing?.limits, concurrencyMax);
  return finishAction(put, id, existing, exec, limits, [{ key: '_actions', value: components }]);
}

function finishAction(
  put: Record<string, unknown>,
  id: { namespace: string; name: string },
  existing: ActionEntity | undefined,
  exec: ActionExec,
  limits: ActionLimits,
  parameters: KeyValue[],
): ActionEntity {
  let annotations =
    put.annotations === undefined ? (existing?.annotations ?? []) : parseKeyValues(put.annotations, 'annotations');
  if (Array.isArray(put.delAnnotations))
    annotations = annotations.filter((a) => !(put.delAnnotations as unknown[]).includes(a.key));
  // Actions.scala L62-86: provide-api-key false on create unless given; exec is (re)set on every write.
  if (!existing && !annotations.some((a) => a.key === 'provide-api-key'))
    annotations = [...annotations, { key: 'provide-api-key', value: false }];
  annotations = [...annotations.filter((a) => a.key !== 'exec'), { key: 'exec', value: exec.kind }];
  const version = typeof put.version === 'string' ? put.version : existing ? bumpPatch(existing.version) : '0.0.1';
  const publish = typeof put.publish === 'boolean' ? put.publish : (existing?.publish ?? false);
  // ContainerPool.schedule reuses a warm container only for an equal ExecutableWhiskAction, whose case class holds
  // the version, all parameters, limits and annotations: an update (version bump) makes old containers unusable.
  const fingerprint = createHash('sha1')
    .update(JSON.stringify([id.namespace, id.name, exec, limits, parameters, annotations, version]))
    .digest('hex');
  return {
    namespace: id.namespace,
    name: id.name,
    exec,
    parameters,
    annotations,
    limits,
    version,
    publish,
    updated: Date.now(),
    fingerprint,
  };
}

function parseLimits(raw: unknown, old: ActionLimits | undefined, concurrencyMax: number): ActionLimits {
  const base: ActionLimits = old ?? {
    timeout: limitBounds.timeout.std,
    memory: limitBounds.memory.std,
    logs: limitBounds.logs.std,
    concurrency: limitBounds.concurrency.std,
  };
  if (raw === undefined || raw === null) return { ...base };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ApiError(400, messages.malformed);
  const given = raw as Record<string, unknown>;
  const limits = { ...base };
  for (const key of ['timeout', 'memory', 'logs', 'concurrency'] as const) {
    if (given[key] === undefined) continue;
    if (!Number.isInteger(given[key]))
      throw new ApiError(400, `The request content was malformed: limits.${key} must be an integer.`);
    limits[key] = given[key] as number;
  }
  const { timeout, memory, logs, concurrency } = limitBounds;
  if (limits.timeout < timeout.min)
    throw new ApiError(
      400,
      `duration ${limits.timeout} milliseconds below allowed threshold of ${timeout.min} milliseconds`,
    );
  if (limits.timeout > timeout.max)
    throw new ApiError(
      400,
      `duration ${limits.timeout} milliseconds exceeds allowed threshold of ${timeout.max} milliseconds`,
    );
  if (limits.memory < memory.min)
    throw new ApiError(400, `memory size ${limits.memory} MB below allowed threshold of ${memory.min} MB`);
  if (limits.memory > memory.max)
    throw new ApiError(400, `memory size ${limits.memory} MB exceeds allowed threshold of ${memory.max} MB`);
  if (limits.logs < logs.min || limits.logs > logs.max)
    throw new ApiError(400, `log size ${limits.logs} MB exceeds allowed threshold of ${logs.max} MB`);
  if (limits.concurrency < concurrency.min)
    throw new ApiError(400, `concurrency ${limits.concurrency} below allowed threshold of ${concurrency.min}`);
  if (limits.concurrency > concurrencyMax)
    throw new ApiError(400, `concurrency ${limits.concurrency} exceeds allowed threshold of ${concurrencyMax}`);
  return limits;
}

/**
 * `[{key, value, init?}]` as OpenWhisk's Parameters reads it (Parameter.scala L308-335, `.toMap`): a key given twice
 * keeps its last value, so every later reader (web auth, `final`, `dir`, the runtimes) sees the one OpenWhisk sees.
 */
export function parseKeyValues(raw: unknown, field: string): KeyValue[] {
  if (!Array.isArray(raw))
    throw new ApiError(400, `The request content was malformed: '${field}' must be an array of {key, value}.`);
  const byKey = new Map<string, KeyValue>();
  for (const item of raw as unknown[]) {
    const kv = item as Record<string, unknown>;
    if (typeof kv !== 'object' || kv === null || typeof kv.key !== 'string')
      throw new ApiError(400, `The request content was malformed: every item of '${field}' needs a string 'key'.`);
    byKey.delete(kv.key); // the last occurrence keeps its place too
    byKey.set(kv.key, { key: kv.key, value: kv.value ?? null, ...(kv.init === true ? { init: true } : {}) });
  }
  return [...byKey.values()];
}

export function bumpPatch(version: string): string {
  const parts = version.split('.').map(Number);
  if (parts.length !== 3 || parts.some((p) => !Number.isInteger(p))) return '0.0.1';
  return `${parts[0]}.${parts[1]}.${parts[2]! + 1}`;
}

/** The action JSON of GET/PUT/DELETE (WhiskAction.scala L356-366); `code=false` drops the code. */
export function actionJson(action: ActionEntity, withCode = true): Record<string, unknown> {
  if (isSequence(action.exec)) return { ...actionFields(action), exec: action.exec };
  const { code, ...execRest } = action.exec;
  return { ...actionFields(action), exec: withCode ? { ...execRest, code } : execRest };
}

/** A list item (WhiskAction.summaryAsJson): no code. */
export function actionSummary(action: ActionEntity): Record<string, unknown> {
  const { parameters: _parameters, ...fields } = actionFields(action);
  return { ...fields, exec: { binary: isSequence(action.exec) ? false : action.exec.binary } };
}

/** An action of a package's `actions` list (WhiskPackageAction). */
export function actionSummaryInPackage(action: ActionEntity): Record<string, unknown> {
  return { name: action.name, version: action.version, annotations: action.annotations };
}

function actionFields(action: ActionEntity): Record<string, unknown> {
  return {
    namespace: action.namespace,
    name: action.name,
    version: action.version,
    publish: action.publish,
    annotations: action.annotations,
    parameters: action.parameters,
    limits: action.limits,
    updated: action.updated,
  };
}
