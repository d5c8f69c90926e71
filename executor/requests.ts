// The one place where incoming JSON becomes the protocol types (protocol/fork.ts, protocol/runtime.ts).
// Every refusal names the field, what was expected and what arrived.
import { ExecutorError } from './errors.js';
import type { InitAnnotations, InitValue, RunRequest } from './protocol/fork.js';
import { jsonTooDeep, tooDeepMessage } from './protocol/json-depth.js';

const DIGITS = /^\d{1,16}$/;

export function parseJsonBody(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (jsonTooDeep(text)) throw new ExecutorError('ERR_BAD_REQUEST', tooDeepMessage());
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ExecutorError('ERR_BAD_REQUEST', `The request body is not valid JSON: ${(error as Error).message}.`);
  }
}

/** The init body's `value`; `code` is required, the other fields are checked when present. */
export function parseInitValue(
  body: unknown,
  options: { codeRequired: boolean } = { codeRequired: true },
): InitValue | undefined {
  const value = field(objectOf(body, 'the request body'), 'value');
  const v = objectOf(value, "'value'");
  if (v.code === undefined || v.code === null || v.code === '') {
    if (options.codeRequired)
      throw bad("'value.code' is missing: expected the base64 of a zip or of a WebAssembly module");
    return undefined;
  }
  const init: InitValue = { code: stringOf(v.code, 'value.code') };
  if (v.name !== undefined && v.name !== null) init.name = stringOf(v.name, 'value.name');
  if (v.main !== undefined && v.main !== null) init.main = stringOf(v.main, 'value.main');
  if (v.binary !== undefined && v.binary !== null) init.binary = booleanOf(v.binary, 'value.binary');
  if (v.env !== undefined && v.env !== null) init.env = envOf(v.env);
  if (v.annotations !== undefined && v.annotations !== null) init.annotations = annotationsOf(v.annotations);
  if (v.limits !== undefined && v.limits !== null) {
    const limits = objectOf(v.limits, "'value.limits'");
    init.limits = limits.memory === undefined ? {} : { memory: memoryOf(limits.memory, 'value.limits.memory') };
  }
  return init;
}

/** A run body. The fork requires `deadline` as a string of digits; the runtime protocol tolerates its absence. */
export function parseRun(
  body: unknown,
  options: { deadlineRequired: boolean },
): RunRequest | (Omit<RunRequest, 'deadline'> & { deadline?: string }) {
  const b = objectOf(body, 'the request body');
  const run: Omit<RunRequest, 'deadline'> & { deadline?: string } = {
    value: b.value === undefined || b.value === null ? {} : b.value,
  };
  for (const key of [
    'namespace',
    'action_name',
    'action_version',
    'api_host',
    'api_key',
    'activation_id',
    'transaction_id',
  ] as const) {
    if (b[key] !== undefined && b[key] !== null) run[key] = stringOf(b[key], key);
  }
  if (b.deadline === undefined || b.deadline === null) {
    if (options.deadlineRequired) throw bad("'deadline' is missing: expected epoch milliseconds as a string of digits");
  } else {
    if (typeof b.deadline !== 'string' || !DIGITS.test(b.deadline)) {
      throw bad(`'deadline' must be epoch milliseconds as a string of digits, got ${describe(b.deadline)}`);
    }
    run.deadline = b.deadline;
  }
  return run;
}

/** `__OW_<KEY>` for every string field of the run body but `value`, as the Node.js runtime exports them (§2.2). */
export function owEnvironment(run: Record<string, unknown>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, val] of Object.entries(run)) {
    if (key !== 'value' && typeof val === 'string') env[`__OW_${key.toUpperCase()}`] = val;
  }
  return env;
}

function annotationsOf(value: unknown): InitAnnotations {
  const a = objectOf(value, "'value.annotations'");
  const out: InitAnnotations = { ...a };
  if (a.dir !== undefined && a.dir !== null) out.dir = stringOf(a.dir, 'value.annotations.dir');
  else delete out.dir;
  if (a.net_access !== undefined && a.net_access !== null)
    out.net_access = booleanOf(a.net_access, 'value.annotations.net_access');
  else delete out.net_access;
  if (a.memory !== undefined && a.memory !== null) out.memory = memoryOf(a.memory, 'value.annotations.memory');
  else delete out.memory;
  return out;
}

function envOf(value: unknown): Record<string, string> {
  const env = objectOf(value, "'value.env'");
  const out: Record<string, string> = {};
  for (const [key, val] of Object.entries(env)) {
    // OpenWhisk stringifies init parameters (§2.1); anything else is refused rather than guessed.
    if (typeof val !== 'string') throw bad(`'value.env.${key}' must be a string, got ${describe(val)}`);
    out[key] = val;
  }
  return out;
}

function memoryOf(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 4096) {
    throw bad(`'${name}' must be a whole number of MB from 1 to 4096, got ${describe(value)}`);
  }
  return value;
}

function field(obj: Record<string, unknown>, key: string): unknown {
  if (obj[key] === undefined) throw bad(`'${key}' is missing`);
  return obj[key];
}

function objectOf(value: unknown, name: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw bad(`${name} must be a JSON object, got ${describe(value)}`);
  return value as Record<string, unknown>;
}

function stringOf(value: unknown, name: string): string {
  if (typeof value !== 'string') throw bad(`'${name}' must be a string, got ${describe(value)}`);
  return value;
}

function booleanOf(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw bad(`'${name}' must be a JSON boolean, got ${describe(value)}`);
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'object') return 'an object';
  // What is left is a primitive (number, boolean, bigint, undefined, symbol) or a function: no "[object Object]".
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return `the ${typeof value} ${String(value)}`;
}

function bad(message: string): ExecutorError {
  return new ExecutorError('ERR_BAD_REQUEST', `${message}.`);
}
