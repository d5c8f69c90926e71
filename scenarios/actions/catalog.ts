// The benchmark actions as other folders see them: names, what each does, and where its built forms live.
// The executor, the baseline, the platform and the scenarios import this module; keep its exports stable.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const actionNames = [
  'noop',
  'echo',
  'add',
  'hash',
  'prime',
  'block',
  'memory',
  'loop',
  'fail',
  'trap',
  'table',
] as const;
export type ActionName = (typeof actionNames)[number];

/**
 * `O3` is the optimised build every action has (`<name>.wasm`); `O0` (unoptimised) and `debug` (unoptimised, with a
 * name section and a source map) exist only where `variants` lists them, for the memory scenario. `wizer` is the O3
 * module pre-initialised by Wizer (its exported `wizer_initialize` run at build time, memory and globals snapshotted),
 * for actions whose initialisation is heavy (the snapshot scenario).
 */
export type WasmVariant = 'O3' | 'O0' | 'debug' | 'wizer';

/** What a successful activation looks like, so callers can tell a broken action from one that fails on purpose. */
export type ActionBehaviour = 'result' | 'application-error' | 'trap' | 'never-returns';

export interface ActionInfo {
  readonly name: ActionName;
  /** One line: what the action does. */
  readonly summary: string;
  /** Its params with their defaults, as prose. */
  readonly params: string;
  readonly behaviour: ActionBehaviour;
  /** The wasm form imports `http.get` (annotation `net_access: true` in wow); the JS twin awaits a timer instead. */
  readonly importsHttpGet: boolean;
  readonly variants: readonly WasmVariant[];
  /** Params that make a quick, valid activation. */
  readonly exampleParams: Readonly<Record<string, unknown>>;
}

export const actions: readonly ActionInfo[] = [
  {
    name: 'noop',
    summary: 'returns {}',
    params: 'none',
    behaviour: 'result',
    importsHttpGet: false,
    variants: ['O3'],
    exampleParams: {},
  },
  {
    name: 'echo',
    summary: 'returns its params',
    params: 'any',
    behaviour: 'result',
    importsHttpGet: false,
    variants: ['O3'],
    exampleParams: { hello: 'world' },
  },
  {
    name: 'add',
    summary: 'returns {result: param1 + param2}; an error when either is missing or not an integer',
    params: 'param1, param2: safe integers (required)',
    behaviour: 'result',
    importsHttpGet: false,
    variants: ['O3'],
    exampleParams: { param1: 2, param2: 2 },
  },
  {
    name: 'hash',
    summary:
      'CPU-bound: SHA-256 of input, then iterations - 1 more times over the digest; returns {digest, iterations}',
    params: 'input: string = "ow-eval"; iterations: integer 1..1e8 = 1000',
    behaviour: 'result',
    importsHttpGet: false,
    variants: ['O3', 'O0', 'debug'],
    exampleParams: { input: 'ow-eval', iterations: 1000 },
  },
  {
    name: 'prime',
    summary: 'sieve of Eratosthenes up to upperBound (inclusive); returns {count, upperBound}',
    params: 'upperBound: integer 0..1e8 = 1000000',
    behaviour: 'result',
    importsHttpGet: false,
    variants: ['O3'],
    exampleParams: { upperBound: 1000000 },
  },
  {
    name: 'block',
    summary: 'I/O-bound: blocks about 300 ms in the host (wasm: import http.get; JS: a timer); returns {sleep_ms}',
    params: 'none',
    behaviour: 'result',
    importsHttpGet: true,
    variants: ['O3'],
    exampleParams: {},
  },
  {
    name: 'memory',
    summary: 'allocates mb MiB and touches every 4 KiB page; returns {mb, pages, checksum}',
    params: 'mb: integer 0..4000 = 16',
    behaviour: 'result',
    importsHttpGet: false,
    variants: ['O3'],
    exampleParams: { mb: 16 },
  },
  {
    name: 'loop',
    summary: 'never returns (timeout tests)',
    params: 'none',
    behaviour: 'never-returns',
    importsHttpGet: false,
    variants: ['O3'],
    exampleParams: {},
  },
  {
    name: 'fail',
    summary: 'returns an application error: {"Err": {"error": …}} in wasm, {error: …} in JS',
    params: 'none',
    behaviour: 'application-error',
    importsHttpGet: false,
    variants: ['O3'],
    exampleParams: {},
  },
  {
    name: 'trap',
    summary: 'traps (wasm `unreachable`); the JS twin throws',
    params: 'none',
    behaviour: 'trap',
    importsHttpGet: false,
    variants: ['O3'],
    exampleParams: {},
  },
  {
    name: 'table',
    summary:
      'heavy initialisation: builds a 4 MiB table (2^20 entries, 32 mixing rounds each) once per instance, then returns {key, value, checksum}',
    params: 'key: integer 0..1048575 = 12345',
    behaviour: 'result',
    importsHttpGet: false,
    variants: ['O3', 'wizer'],
    exampleParams: { key: 12345 },
  },
];

/** The package root: this file is compiled to dist/scenarios/actions/catalog.js. */
const packageRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** scenarios/actions/ in the source tree (not under dist/). */
export const actionsDir = join(packageRoot, 'scenarios', 'actions');
/** Where `ow-eval actions build` writes the modules and zips (git-ignored). */
export const buildDir = join(actionsDir, 'build');

export function isActionName(name: string): name is ActionName {
  return (actionNames as readonly string[]).includes(name);
}

export function getAction(name: ActionName): ActionInfo {
  const info = actions.find((action) => action.name === name);
  if (info === undefined) throw new Error(`unknown action '${name}'`);
  return info;
}

/** The AssemblyScript source of an action. */
export function wasmSourcePath(name: ActionName): string {
  return join(actionsDir, 'wasm', `${name}.ts`);
}

/** build/<name>.wasm, or build/<name>.<variant>.wasm for the O0 and debug variants. */
export function wasmModulePath(name: ActionName, variant: WasmVariant = 'O3'): string {
  return join(buildDir, `${name}${variantSuffix(variant)}.wasm`);
}

/** The zip the WebAssembly fork expects (its first entry is the module), for `kind: 'wasm:0.1'`. */
export function wasmZipPath(name: ActionName, variant: WasmVariant = 'O3'): string {
  return join(buildDir, `${name}${variantSuffix(variant)}.zip`);
}

/** The JavaScript twin, an OpenWhisk Node.js source action (`function main(params)`). */
export function jsSourcePath(name: ActionName): string {
  return join(actionsDir, 'js', `${name}.js`);
}

/** The JavaScript twin as a binary Node.js action: a zip with index.js exporting `main`. */
export function jsZipPath(name: ActionName): string {
  return join(buildDir, `${name}.js.zip`);
}

export function readWasmModule(name: ActionName, variant: WasmVariant = 'O3'): Promise<Buffer> {
  return readBuilt(wasmModulePath(name, variant));
}

export function readWasmZip(name: ActionName, variant: WasmVariant = 'O3'): Promise<Buffer> {
  return readBuilt(wasmZipPath(name, variant));
}

export function readJsZip(name: ActionName): Promise<Buffer> {
  return readBuilt(jsZipPath(name));
}

export function readJsSource(name: ActionName): Promise<string> {
  return readFile(jsSourcePath(name), 'utf8');
}

/**
 * What the last `ow-eval actions build` recorded for one module in build/manifest.json (written by build.ts): its
 * sizes and, for the wizer variant, how long Wizer took; undefined when it was never built.
 */
export async function builtModuleRecord(
  name: ActionName,
  variant: WasmVariant,
): Promise<{ bytes: number; zipBytes: number; preinitMs?: number } | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(buildDir, 'manifest.json'), 'utf8')) as {
      entries?: Record<string, { bytes?: unknown; zipBytes?: unknown; preinitMs?: unknown }>;
    };
    const entry = manifest.entries?.[`${name}${variantSuffix(variant)}.wasm`];
    if (typeof entry?.bytes !== 'number' || typeof entry.zipBytes !== 'number') return undefined;
    return {
      bytes: entry.bytes,
      zipBytes: entry.zipBytes,
      ...(typeof entry.preinitMs === 'number' ? { preinitMs: entry.preinitMs } : {}),
    };
  } catch {
    return undefined; // no build yet: the run's manifest then has no cost to copy
  }
}

function variantSuffix(variant: WasmVariant): string {
  return variant === 'O3' ? '' : `.${variant}`;
}

// A missing build output is the usual first-run mistake; say how to fix it.
async function readBuilt(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${path} is missing; run \`npx ow-eval actions build\` first`, { cause: error });
    }
    throw error;
  }
}
