// Compiles one AssemblyScript action to a WASI module with the assemblyscript compiler's API (asc.main).
import { readFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { type ActionName, type WasmVariant, actionsDir } from './catalog.js';

export interface CompiledModule {
  wasm: Uint8Array;
  /** Only for the debug variant. */
  sourceMap?: Uint8Array;
}

const require = createRequire(import.meta.url);

/** The AssemblyScript sources: one file per action plus lib/. */
export const wasmSourceDir = join(actionsDir, 'wasm');

interface ShimConfig {
  options: { lib: string; use: string[]; exportStart?: string };
}

/**
 * The WASI shim's asconfig.json, applied as flags: its `lib` and `use` entries, but not `exportStart`. With
 * exportStart the start function (global initialisers, the allocator's offset) would run inside `_start`, after
 * the host has already called wasm_memory_buffer_allocate_space, and would reset the heap under the params buffer.
 * Without it the start function runs at instantiation and each action exports its own `_start` (wasm/lib/abi.ts).
 */
function shimFlags(): string[] {
  const configPath = require.resolve('@assemblyscript/wasi-shim/asconfig.json');
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as ShimConfig;
  return [
    '--lib',
    join(dirname(configPath), config.options.lib),
    ...config.options.use.flatMap((use) => ['--use', use]),
  ];
}

/** The flags that make each variant; part of the build fingerprint, so changing them rebuilds. */
export function variantFlags(variant: WasmVariant): string[] {
  // The stub runtime is a bump allocator without a collector: each activation gets a fresh instance (wow's ABI),
  // so nothing would ever be collected, and the module stays small.
  const common = ['--runtime', 'stub', '--noColors'];
  switch (variant) {
    case 'O3':
    case 'wizer': // compiled as O3; the build then runs Wizer over it (build.ts, wizer.ts)
      return ['-O3', ...common];
    case 'O0':
      return ['-O0', ...common];
    case 'debug':
      return ['-O0', '--debug', '--sourceMap', ...common];
  }
}

/**
 * The slice of the `assemblyscript/asc` API used here. Its own typings declare globals (`console`, `require`) that
 * break the rest of the package's type check, so the module is imported by a specifier TypeScript does not follow.
 */
interface AscApi {
  version: string;
  main(
    argv: string[],
    options: {
      stdout: AscMemoryStream;
      stderr: AscMemoryStream;
      writeFile: (filename: string, contents: Uint8Array | string, baseDir: string) => void;
      readFile: (filename: string, baseDir: string) => Promise<string | null>;
      listFiles: (dirname: string, baseDir: string) => Promise<string[] | null>;
    },
  ): Promise<{ error: Error | null }>;
  createMemoryStream(): AscMemoryStream;
}
interface AscMemoryStream {
  write(chunk: Uint8Array | string): void;
  toString(): string;
}

const ascSpecifier: string = 'assemblyscript/asc';
let ascLoading: Promise<AscApi> | undefined;

// Loaded on first use: the compiler takes a while to load, and most ow-eval commands never compile.
function loadAsc(): Promise<AscApi> {
  ascLoading ??= import(ascSpecifier).then((module: { default: AscApi }) => module.default);
  return ascLoading;
}

/** Compiler and shim versions, read from package.json so checking whether a build is up to date loads no compiler. */
export const compilerVersion: string = ['assemblyscript', '@assemblyscript/wasi-shim']
  .map((name) => `${name}@${(require(`${name}/package.json`) as { version: string }).version}`)
  .join(' ');

export async function compileAction(name: ActionName, variant: WasmVariant, outFile: string): Promise<CompiledModule> {
  const asc = await loadAsc();
  const outputs = new Map<string, Uint8Array>();
  const stderr = asc.createMemoryStream();
  const args = [
    `${name}.ts`,
    '--baseDir',
    wasmSourceDir,
    '--outFile',
    outFile,
    ...variantFlags(variant),
    ...shimFlags(),
  ];
  const result = await asc.main(args, {
    stdout: asc.createMemoryStream(),
    stderr,
    // Outputs stay in memory; the build writes them (atomically) where the catalog says.
    writeFile: (filename, contents) => {
      outputs.set(filename, typeof contents === 'string' ? new TextEncoder().encode(contents) : contents);
    },
    // asc's defaults list a --lib folder with path.join(baseDir, lib) but read its files relative to the working
    // directory; path.resolve does both right, wherever ow-eval is run from.
    readFile: (filename, baseDir) => readFile(resolve(wasmSourceDir, baseDir, filename), 'utf8').catch(() => null),
    listFiles: (dirname, baseDir) =>
      readdir(resolve(wasmSourceDir, baseDir, dirname)).then(
        (files) => files.filter((file) => /(?<!\.d)\.ts$/.test(file)),
        () => null,
      ),
  });
  if (result.error) {
    throw new Error(
      `AssemblyScript could not compile ${name} (${variant}): ${result.error.message}\n${stderr.toString()}`,
      { cause: result.error },
    );
  }
  const wasm = outputs.get(outFile);
  if (wasm === undefined) throw new Error(`AssemblyScript wrote no ${outFile} for ${name} (${variant})`);
  const sourceMap = outputs.get(`${outFile}.map`);
  return sourceMap === undefined ? { wasm } : { wasm, sourceMap };
}
