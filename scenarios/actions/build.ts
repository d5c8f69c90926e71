// `ow-eval actions build`: every wasm module (and its variants) and every zip, into build/.
// Incremental: a module is recompiled only when its fingerprint (compiler version, flags, its source and lib/)
// differs from the one recorded in build/manifest.json, or when its files are missing.
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  type ActionName,
  type WasmVariant,
  actions,
  buildDir,
  jsSourcePath,
  jsZipPath,
  wasmModulePath,
  wasmSourcePath,
  wasmZipPath,
} from './catalog.js';
import { type CompiledModule, compilerVersion, variantFlags, wasmSourceDir } from './compile.js';
import { type CompileTask, compileAll } from './parallel-compile.js';
import { zipJsAction, zipWasmModule } from './package.js';
import { preinitialise, wizerFlags, wizerVersion } from './wizer.js';

export interface BuildOptions {
  /** Recompile everything, ignoring the manifest. @default false */
  force?: boolean;
  /** Called after each artifact, for progress output. */
  onArtifact?: (artifact: BuiltArtifact) => void;
}

export interface BuiltArtifact {
  action: ActionName;
  form: 'wasm' | 'js';
  /** 'O3' | 'O0' | 'debug' | 'wizer' for wasm; 'source' for the JavaScript twin. */
  variant: WasmVariant | 'source';
  /** The module or source file. */
  path: string;
  bytes: number;
  zipPath: string;
  zipBytes: number;
  /** False when the files on disk were already up to date. */
  rebuilt: boolean;
  /** Compile time (with the Wizer pre-initialisation for the wizer variant); 0 when not rebuilt. */
  millis: number;
  /** The wizer variant: how long Wizer took (the snapshot's cost, paid here at build time), as recorded when built. */
  preinitMs?: number;
}

export interface BuildReport {
  artifacts: BuiltArtifact[];
  buildDir: string;
  millis: number;
}

interface Manifest {
  version: 1;
  entries: Record<string, { fingerprint: string; bytes: number; zipBytes: number; preinitMs?: number }>;
}

const manifestPath = join(buildDir, 'manifest.json');

export async function buildActions(options: BuildOptions = {}): Promise<BuildReport> {
  const started = performance.now();
  await mkdir(buildDir, { recursive: true });
  const manifest = options.force ? emptyManifest() : await readManifest();
  const libDigest = await digestLibSources();
  const artifacts: BuiltArtifact[] = [];
  const record = (artifact: BuiltArtifact): void => {
    artifacts.push(artifact);
    options.onArtifact?.(artifact);
  };

  const stale: StaleModule[] = [];
  for (const action of actions) {
    for (const variant of action.variants) {
      const upToDate = await checkWasm(action.name, variant, libDigest, manifest);
      if (upToDate.artifact !== undefined) record(upToDate.artifact);
      else
        stale.push({
          name: action.name,
          variant,
          outFile: basename(wasmModulePath(action.name, variant)),
          fingerprint: upToDate.fingerprint,
        });
    }
  }
  await compileAll(stale, async (task, module, millis) => {
    record(await writeWasm(task, module, millis, manifest));
    await writeManifest(manifest); // after each module, so an interrupted build keeps what it finished
  });
  for (const action of actions) record(await buildJs(action.name, manifest));
  await writeManifest(manifest);
  return { artifacts: artifacts.sort(byCatalogOrder), buildDir, millis: performance.now() - started };
}

interface StaleModule extends CompileTask {
  fingerprint: string;
}

/** The recorded artifact when the module on disk is up to date, else the fingerprint the new build will carry. */
async function checkWasm(
  name: ActionName,
  variant: WasmVariant,
  libDigest: string,
  manifest: Manifest,
): Promise<{ artifact?: BuiltArtifact; fingerprint: string }> {
  const wasmPath = wasmModulePath(name, variant);
  const zipPath = wasmZipPath(name, variant);
  const fingerprint = sha256(
    JSON.stringify({
      compilerVersion,
      flags: variantFlags(variant),
      ...(variant === 'wizer' ? { wizer: [wizerVersion(), ...wizerFlags] } : {}),
      source: await readFile(wasmSourcePath(name), 'utf8'),
      libDigest,
    }),
  );
  const previous = manifest.entries[basename(wasmPath)];
  if (
    previous?.fingerprint === fingerprint &&
    (await sizeOf(wasmPath)) === previous.bytes &&
    (await sizeOf(zipPath)) === previous.zipBytes
  ) {
    const artifact: BuiltArtifact = {
      action: name,
      form: 'wasm',
      variant,
      path: wasmPath,
      bytes: previous.bytes,
      zipPath,
      zipBytes: previous.zipBytes,
      rebuilt: false,
      millis: 0,
      ...(previous.preinitMs === undefined ? {} : { preinitMs: previous.preinitMs }),
    };
    return { artifact, fingerprint };
  }
  return { fingerprint };
}

async function writeWasm(
  task: StaleModule,
  compiled: CompiledModule,
  millis: number,
  manifest: Manifest,
): Promise<BuiltArtifact> {
  const wasmPath = wasmModulePath(task.name, task.variant);
  const zipPath = wasmZipPath(task.name, task.variant);
  let wasm = compiled.wasm;
  let preinitMs: number | undefined;
  if (task.variant === 'wizer') {
    // The snapshot is taken here, once per build: its cost is a build cost, not a cold-start cost.
    const started = performance.now();
    wasm = await preinitialise(compiled.wasm);
    preinitMs = performance.now() - started;
  }
  const zip = zipWasmModule(task.outFile, wasm);
  await writeAtomically(wasmPath, wasm);
  if (compiled.sourceMap !== undefined) await writeAtomically(`${wasmPath}.map`, compiled.sourceMap);
  await writeAtomically(zipPath, zip);
  manifest.entries[task.outFile] = {
    fingerprint: task.fingerprint,
    bytes: wasm.byteLength,
    zipBytes: zip.byteLength,
    ...(preinitMs === undefined ? {} : { preinitMs }),
  };
  return {
    action: task.name,
    form: 'wasm',
    variant: task.variant,
    path: wasmPath,
    bytes: wasm.byteLength,
    zipPath,
    zipBytes: zip.byteLength,
    rebuilt: true,
    millis: millis + (preinitMs ?? 0),
    ...(preinitMs === undefined ? {} : { preinitMs }),
  };
}

// The twin's zip is cheap, but it is still skipped when the source has not changed, so a build that changes
// nothing writes nothing.
async function buildJs(name: ActionName, manifest: Manifest): Promise<BuiltArtifact> {
  const sourcePath = jsSourcePath(name);
  const zipPath = jsZipPath(name);
  const key = basename(zipPath);
  const source = await readFile(sourcePath, 'utf8');
  const bytes = Buffer.byteLength(source);
  const fingerprint = sha256(source);
  const base = { action: name, form: 'js' as const, variant: 'source' as const, path: sourcePath, bytes, zipPath };

  const previous = manifest.entries[key];
  if (previous?.fingerprint === fingerprint && (await sizeOf(zipPath)) === previous.zipBytes) {
    return { ...base, zipBytes: previous.zipBytes, rebuilt: false, millis: 0 };
  }
  const zip = zipJsAction(source);
  await writeAtomically(zipPath, zip);
  manifest.entries[key] = { fingerprint, bytes, zipBytes: zip.byteLength };
  return { ...base, zipBytes: zip.byteLength, rebuilt: true, millis: 0 };
}

// Worker results arrive in any order; the report lists the catalog's order, wasm forms first.
const order = new Map(
  actions
    .flatMap((action) => action.variants.map((variant) => `${action.name} ${variant}`))
    .map((key, index) => [key, index]),
);
function byCatalogOrder(a: BuiltArtifact, b: BuiltArtifact): number {
  const rank = (artifact: BuiltArtifact): number =>
    artifact.form === 'wasm'
      ? (order.get(`${artifact.action} ${artifact.variant}`) ?? 0)
      : order.size + actions.findIndex((x) => x.name === artifact.action);
  return rank(a) - rank(b);
}

/** One digest over every file in wasm/lib/: each action imports some of them, so any change rebuilds all. */
async function digestLibSources(): Promise<string> {
  const libDir = join(wasmSourceDir, 'lib');
  const names = (await readdir(libDir)).filter((file) => file.endsWith('.ts')).sort();
  const hash = createHash('sha256');
  for (const name of names)
    hash
      .update(name)
      .update('\0')
      .update(await readFile(join(libDir, name)))
      .update('\0');
  return hash.digest('hex');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function emptyManifest(): Manifest {
  return { version: 1, entries: {} };
}

async function readManifest(): Promise<Manifest> {
  try {
    const parsed = JSON.parse(await readFile(manifestPath, 'utf8')) as Partial<Manifest>;
    return parsed.version === 1 && typeof parsed.entries === 'object' && parsed.entries !== null
      ? { version: 1, entries: parsed.entries }
      : emptyManifest();
  } catch {
    return emptyManifest(); // missing or unreadable: rebuild everything
  }
}

async function writeManifest(manifest: Manifest): Promise<void> {
  await writeAtomically(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

let temporaryCounter = 0;

// Readers (a running executor, a parallel build) never see a half-written file. The temporary name is unique per
// write: two compiles finishing together both write the manifest.
async function writeAtomically(path: string, contents: Uint8Array | string): Promise<void> {
  const temporary = `${path}.${process.pid}.${++temporaryCounter}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, path);
}
