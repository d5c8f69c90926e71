// Builds ow-eval's runtime images with dockerode, offline: the baseline here, the executor image from a recipe in
// experiment/images/. Default: FROM scratch with the host's own Node.js binary, the shared libraries `ldd` lists for it, and
// the recipe's files. With a base image (node:20-slim, or openwhisk/action-nodejs-v20 where present locally) only the
// files are added on top.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { execa } from 'execa';
import type { DockerConnection } from './docker-client.js';
import { BUILD_TIMEOUT_MS, dockerCall, dockerFailure, getJson, withTimeout } from './docker-client.js';
import { withBuildLock } from './build-lock.js';
import { BaselineError } from './errors.js';
import { DEFAULT_IMAGE_TAG, MANAGED_LABEL, ROLE_LABEL, RUNTIME_HASH_LABEL } from './labels.js';
import { tarStream, type ContextEntry } from './tar-context.js';

export interface BuildImageOptions {
  /** Build FROM this local image instead of FROM scratch. @default undefined (scratch) */
  baseImage?: string;
  /** @default the recipe's own tag ('ow-eval/nodejs-baseline:latest' for the baseline) */
  tag?: string;
  /** Called with each line of Docker's build output. */
  onProgress?: (line: string) => void;
}

export interface BaselineImage {
  id: string;
  tag: string;
  sizeBytes: number;
  /** 'scratch + host node vX' or the base image name. */
  base: string;
  runtimeHash: string;
  /** `ow-eval.role`: 'baseline-image' for images of this runtime (they can listen on a Unix socket). */
  role?: string;
  /** Registry digest if the image has one (locally built images do not). */
  digest?: string;
}

export interface BuiltImage extends BaselineImage {
  buildMs: number;
}

/**
 * What an ow-eval runtime image holds besides Node.js: files under /ow, npm packages bundled with their dependencies,
 * and the node arguments it starts with. The baseline and the executor image (experiment/images/) are both built from one.
 */
export interface ImageRecipe {
  /** The `ow-eval.role` label; pruning of superseded builds filters on it. */
  role: string;
  defaultTag: string;
  /** Files of the image under /ow, `path` relative to it; host files are hashed, so a change rebuilds the image. */
  appEntries(): ContextEntry[];
  /** npm packages copied to /ow/node_modules with their dependencies. */
  packages: readonly string[];
  /** What follows `node` in CMD. */
  nodeArgs: readonly string[];
  /** ENV lines of the image (defaults the container's own environment can override). */
  env?: Readonly<Record<string, string>>;
}

const RUNTIME_DIR = fileURLToPath(new URL('./runtime/', import.meta.url));
/** The shared leaves the runtime imports (`../../archive/`, `../../errors/`): copied beside it, as laid out in dist/. */
const SHARED_LEAF_DIRS = ['archive', 'errors'].map((leaf) => ({
  leaf,
  dir: fileURLToPath(new URL(`../${leaf}/`, import.meta.url)),
}));
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NODE_IN_IMAGE = '/usr/local/bin/node';
/** Untagged images younger than this are never pruned (Docker's `until` filter). */
const PRUNE_MIN_AGE = '10m';

/** The compiled files of one folder (no tests, no source maps), sorted. */
function compiledFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js') && !f.endsWith('.test.js'))
    .sort();
}

/** The shared zip reader (`archive/`) and the error base it extends (`errors/`) as image entries, at their paths under
 * dist/; every runtime that unzips needs them. */
export function sharedLeafEntries(): ContextEntry[] {
  return SHARED_LEAF_DIRS.flatMap(({ leaf, dir }) =>
    compiledFiles(dir).map((f): ContextEntry => ({
      path: `${leaf}/${f}`,
      kind: 'host-file',
      source: path.join(dir, f),
      mode: 0o644,
    })),
  );
}

/** The baseline: the Node.js action runtime and the zip reader it imports, at their paths under dist/, with the
 * packages the reference image has globally (§3.3). */
export const baselineRecipe: ImageRecipe = {
  role: 'baseline-image',
  defaultTag: DEFAULT_IMAGE_TAG,
  appEntries: () => [
    ...sharedLeafEntries(),
    ...compiledFiles(RUNTIME_DIR).map((f): ContextEntry => ({
      path: `docker-baseline/runtime/${f}`,
      kind: 'host-file',
      source: path.join(RUNTIME_DIR, f),
      mode: 0o644,
    })),
  ],
  packages: ['openwhisk'],
  nodeArgs: ['--expose-gc', '/ow/docker-baseline/runtime/main.js'],
};

/** Identifies what the image must contain, so a stale image (older runtime, other Node.js) is rebuilt. */
export function runtimeHash(baseImage?: string, recipe: ImageRecipe = baselineRecipe): string {
  const hash = createHash('sha256').update(baseImage ?? `scratch ${process.version} ${process.execPath}`);
  for (const entry of recipe.appEntries()) {
    hash.update(entry.path);
    if (entry.kind === 'host-file') hash.update(readFileSync(entry.source));
    else if (entry.kind === 'file') hash.update(entry.data);
  }
  hash.update(JSON.stringify([recipe.nodeArgs, recipe.env ?? {}]));
  for (const dir of packageClosure(recipe.packages))
    hash.update(path.relative(PROJECT_ROOT, dir)).update(readFileSync(path.join(dir, 'package.json')));
  return hash.digest('hex').slice(0, 16);
}

export async function buildBaselineImage(
  connection: DockerConnection,
  options: BuildImageOptions = {},
): Promise<BuiltImage> {
  return buildRuntimeImage(connection, baselineRecipe, options);
}

/** Builds `recipe` offline: FROM scratch with the host's Node.js, or FROM a base image that is already local. */
export async function buildRuntimeImage(
  connection: DockerConnection,
  recipe: ImageRecipe,
  options: BuildImageOptions = {},
): Promise<BuiltImage> {
  const tag = options.tag ?? recipe.defaultTag;
  const hash = runtimeHash(options.baseImage, recipe);
  if (options.baseImage) await requireLocalImage(connection, options.baseImage);
  const entries = options.baseImage ? baseImageContext(recipe, options.baseImage) : await scratchContext(recipe);
  const started = performance.now();
  let output: NodeJS.ReadableStream;
  try {
    output = await dockerCall(
      connection,
      `build ${tag}`,
      (abortSignal) =>
        connection.docker.buildImage(tarStream(entries), {
          t: tag,
          rm: true,
          forcerm: true,
          labels: { [MANAGED_LABEL]: 'true', [ROLE_LABEL]: recipe.role, [RUNTIME_HASH_LABEL]: hash },
          abortSignal,
        }),
      BUILD_TIMEOUT_MS,
    );
  } catch (error) {
    throw wrapBuildError(dockerFailure(error, connection.endpoint));
  }
  try {
    await withTimeout(
      followBuild(connection, output, options.onProgress),
      BUILD_TIMEOUT_MS,
      `the build of ${tag} did not finish within ${BUILD_TIMEOUT_MS} ms`,
    );
  } catch (error) {
    (output as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    throw wrapBuildError(error);
  }
  const buildMs = performance.now() - started;
  const image = await inspectBaselineImage(connection, tag);
  if (!image) throw new BaselineError('ERR_IMAGE_BUILD', `the build finished but ${tag} is not in \`docker images\``);
  await pruneOldBaselineImages(connection, recipe.role);
  return { ...image, buildMs };
}

/** The image behind `tag`, or undefined when Docker has none. */
export async function inspectBaselineImage(
  connection: DockerConnection,
  tag = DEFAULT_IMAGE_TAG,
): Promise<BaselineImage | undefined> {
  try {
    const info = await dockerCall(connection, `inspect ${tag}`, (abortSignal) =>
      getJson<Docker.ImageInspectInfo>(connection, `/images/${tag}/json`, abortSignal),
    );
    const labels = info.Config?.Labels ?? {};
    return {
      id: info.Id,
      tag,
      sizeBytes: info.Size,
      base: labels['ow-eval.base'] ?? 'unknown',
      runtimeHash: labels[RUNTIME_HASH_LABEL] ?? '',
      ...(labels[ROLE_LABEL] ? { role: labels[ROLE_LABEL] } : {}),
      ...(info.RepoDigests?.[0] ? { digest: info.RepoDigests[0] } : {}),
    };
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw dockerFailure(error, connection.endpoint);
  }
}

/**
 * The default image, built if it is missing or was built from another runtime or Node.js.
 *
 * The recipe's default tag (`…:latest`) is shared by every checkout of ow-eval on this engine, and checkouts with
 * different runtime files need different images at the same time (two worktrees, two versions). So a FROM scratch
 * build of the default tag is made under a tag of its own runtime hash (`…:rt-<hash>`), which no other runtime ever
 * moves, and the default tag is then pointed at it for people (`docker run …:latest`). Moving the default tag leaves
 * every other version tagged by its hash: none becomes dangling, so no prune removes an image that another checkout is
 * about to start containers from, and two checkouts never rebuild one tag back and forth.
 */
export async function ensureBaselineImage(
  connection: DockerConnection,
  tag = DEFAULT_IMAGE_TAG,
  recipe: ImageRecipe = baselineRecipe,
): Promise<BaselineImage & { built: boolean }> {
  if (tag === recipe.defaultTag) {
    const latest = await inspectBaselineImage(connection, tag);
    // An operator's build FROM a base image (`baseline build --base-image`) keeps the default tag as it was.
    const fromBase = latest && !latest.base.startsWith('scratch') && latest.base !== 'unknown';
    if (!fromBase) {
      const image = await ensureTaggedImage(connection, versionTag(tag, recipe), recipe);
      if (latest?.id !== image.id) await pointTag(connection, image.id, tag);
      return image;
    }
  }
  return ensureTaggedImage(connection, tag, recipe);
}

/** `repo:rt-<runtime hash>`: the tag of one runtime version of a FROM scratch image (see ensureBaselineImage). */
export function versionTag(tag: string, recipe: ImageRecipe = baselineRecipe): string {
  const colon = tag.lastIndexOf(':');
  const repository = colon > tag.lastIndexOf('/') ? tag.slice(0, colon) : tag;
  return `${repository}:rt-${runtimeHash(undefined, recipe)}`;
}

async function pointTag(connection: DockerConnection, imageId: string, tag: string): Promise<void> {
  const colon = tag.lastIndexOf(':');
  const [repo, version] = colon > tag.lastIndexOf('/') ? [tag.slice(0, colon), tag.slice(colon + 1)] : [tag, 'latest'];
  await dockerCall(connection, `tag ${tag}`, (abortSignal) =>
    connection.docker.getImage(imageId).tag({ repo, tag: version, abortSignal } as { repo: string; tag: string }),
  );
}

async function ensureTaggedImage(
  connection: DockerConnection,
  tag: string,
  recipe: ImageRecipe,
): Promise<BaselineImage & { built: boolean }> {
  const current = await currentImage(connection, tag, recipe);
  if (current) return { ...current, built: false };
  // Checked again under the lock: the build another process just finished is then used, not repeated.
  return withBuildLock(connection.endpoint, tag, BUILD_TIMEOUT_MS, async () => {
    const existing = await inspectBaselineImage(connection, tag);
    if (existing && isCurrent(existing, recipe)) return { ...existing, built: false };
    const baseImage =
      existing && !existing.base.startsWith('scratch') && existing.base !== 'unknown' ? existing.base : undefined;
    const built = await buildRuntimeImage(connection, recipe, { tag, ...(baseImage ? { baseImage } : {}) });
    return { ...built, built: true };
  });
}

function isCurrent(image: BaselineImage, recipe: ImageRecipe): boolean {
  return image.runtimeHash === runtimeHash(image.base.startsWith('scratch') ? undefined : image.base, recipe);
}

async function currentImage(
  connection: DockerConnection,
  tag: string,
  recipe: ImageRecipe,
): Promise<BaselineImage | undefined> {
  const existing = await inspectBaselineImage(connection, tag);
  return existing && isCurrent(existing, recipe) ? existing : undefined;
}

function envLines(recipe: ImageRecipe): string[] {
  return Object.entries(recipe.env ?? {}).map(([key, value]) => `ENV ${key}=${JSON.stringify(value)}`);
}

async function scratchContext(recipe: ImageRecipe): Promise<ContextEntry[]> {
  const base = `scratch + host node ${process.version}`;
  const libraries = await sharedLibraries(process.execPath);
  const entries: ContextEntry[] = [
    { path: 'rootfs/tmp', kind: 'dir', mode: 0o1777 },
    // os.homedir() and os.userInfo() read these; without them they throw in an empty image.
    { path: 'rootfs/root', kind: 'dir', mode: 0o700 },
    {
      path: 'rootfs/etc/passwd',
      kind: 'file',
      data: 'root:x:0:0:root:/root:/usr/local/bin/node\nnobody:x:65534:65534:nobody:/nonexistent:/usr/local/bin/node\n',
    },
    { path: 'rootfs/etc/group', kind: 'file', data: 'root:x:0:\nnogroup:x:65534:\n' },
    { path: `rootfs${NODE_IN_IMAGE}`, kind: 'host-file', source: realpathSync(process.execPath), mode: 0o755 },
    ...libraries.map((lib): ContextEntry => ({
      path: `rootfs${lib}`,
      kind: 'host-file',
      source: realpathSync(lib),
      mode: 0o755,
    })),
    ...appEntries(recipe, 'rootfs/ow'),
    {
      path: 'Dockerfile',
      kind: 'file',
      data: [
        'FROM scratch',
        'COPY rootfs/ /',
        'ENV PATH=/usr/local/bin',
        ...envLines(recipe),
        'WORKDIR /ow',
        `LABEL ow-eval.base=${JSON.stringify(base)}`,
        `CMD ${JSON.stringify([NODE_IN_IMAGE, ...recipe.nodeArgs])}`,
        '',
      ].join('\n'),
    },
  ];
  return entries;
}

function baseImageContext(recipe: ImageRecipe, baseImage: string): ContextEntry[] {
  return [
    ...appEntries(recipe, 'ow'),
    {
      path: 'Dockerfile',
      kind: 'file',
      data: [
        `FROM ${baseImage}`,
        'COPY ow/ /ow/',
        ...envLines(recipe),
        'WORKDIR /ow',
        `LABEL ow-eval.base=${JSON.stringify(baseImage)}`,
        'ENTRYPOINT []',
        `CMD ${JSON.stringify(['node', ...recipe.nodeArgs])}`,
        '',
      ].join('\n'),
    },
  ];
}

function appEntries(recipe: ImageRecipe, root: string): ContextEntry[] {
  const packages = packageClosure(recipe.packages).flatMap((dir) =>
    packageFiles(dir).map((file): ContextEntry => ({
      path: `${root}/${path.relative(PROJECT_ROOT, file)}`,
      kind: 'host-file',
      source: file,
      mode: 0o644,
    })),
  );
  return [
    { path: `${root}/package.json`, kind: 'file', data: '{"type":"module","private":true}\n' },
    ...recipe.appEntries().map((entry) => ({ ...entry, path: `${root}/${entry.path}` })),
    ...packages,
  ];
}

/** The installed folders of `names` and their dependencies, found as Node resolves them (nearest node_modules up). */
function packageClosure(names: readonly string[]): string[] {
  const found = new Set<string>();
  const visit = (name: string, from: string): void => {
    for (let dir = from; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', name);
      if (existsSync(path.join(candidate, 'package.json'))) {
        if (found.has(candidate)) return;
        found.add(candidate);
        const manifest = JSON.parse(readFileSync(path.join(candidate, 'package.json'), 'utf8')) as {
          dependencies?: Record<string, string>;
        };
        for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency, candidate);
        return;
      }
      if (path.dirname(dir) === dir)
        throw new BaselineError(
          'ERR_IMAGE_BUILD',
          `package ${name} (bundled into the image) is not installed; run npm ci`,
        );
    }
  };
  for (const name of names) visit(name, PROJECT_ROOT);
  return [...found].filter((dir) => path.relative(PROJECT_ROOT, dir).startsWith('node_modules')).sort();
}

/** A package's regular files, without its nested node_modules (those are packages of their own in the closure). */
function packageFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    const stat = lstatSync(full);
    if (stat.isDirectory() && entry !== 'node_modules') files.push(...packageFiles(full));
    else if (stat.isFile()) files.push(full);
  }
  return files;
}

/** Absolute paths `ldd` prints for a binary ("libc.so.6 => /lib/…/libc.so.6 (0x…)", "/lib64/ld-linux-x86-64.so.2 (0x…)"). */
export async function sharedLibraries(binary: string): Promise<string[]> {
  let stdout: string;
  try {
    ({ stdout } = await execa('ldd', [binary]));
  } catch (error) {
    throw new BaselineError(
      'ERR_IMAGE_BUILD',
      `cannot list the shared libraries of ${binary} with ldd (${(error as Error).message}); use --base-image instead`,
      { cause: error },
    );
  }
  if (/not a dynamic executable|statically linked/.test(stdout)) return [];
  const paths = new Set<string>();
  for (const line of stdout.split('\n')) {
    const match = /(?:=>\s*)?(\/\S+)\s+\(0x[0-9a-f]+\)/.exec(line);
    if (match) paths.add(match[1]!);
    else if (/=> not found/.test(line)) throw new BaselineError('ERR_IMAGE_BUILD', `ldd: ${line.trim()}`);
  }
  return [...paths].sort();
}

async function followBuild(
  connection: DockerConnection,
  output: NodeJS.ReadableStream,
  onProgress?: (line: string) => void,
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    connection.docker.modem.followProgress(
      output,
      (error: Error | null, events: Array<{ error?: string; errorDetail?: { message?: string } }>) => {
        const failed = error?.message ?? events.find((e) => e.error)?.error;
        if (failed) reject(new BaselineError('ERR_IMAGE_BUILD', `docker build failed: ${failed.trim()}`));
        else resolve();
      },
      (event: { stream?: string; status?: string }) => {
        const text = (event.stream ?? event.status ?? '').trimEnd();
        if (text && onProgress) for (const line of text.split('\n')) onProgress(line);
      },
    );
  });
}

/**
 * Images a rebuild of `role` untagged would linger as <none>: removes those no container uses and that are older than
 * PRUNE_MIN_AGE (an image untagged a moment ago may be one that another process has just resolved to an id and is
 * about to start containers from); returns how many.
 */
export async function pruneOldBaselineImages(
  connection: DockerConnection,
  role = baselineRecipe.role,
): Promise<number> {
  try {
    const pruned = await dockerCall(connection, 'prune images', (abortSignal) =>
      connection.docker.pruneImages({
        filters: { dangling: ['true'], label: [`${ROLE_LABEL}=${role}`], until: [PRUNE_MIN_AGE] },
        abortSignal,
      }),
    );
    return pruned.ImagesDeleted?.filter((d) => d.Deleted).length ?? 0;
  } catch (error) {
    // Another process's prune (a parallel build on a shared engine) is already removing the same leftovers.
    if ((error as { statusCode?: number }).statusCode === 409) return 0;
    throw dockerFailure(error, connection.endpoint);
  }
}

/** There is no registry: a base image must already be in this engine, or the build would try to pull it. */
async function requireLocalImage(connection: DockerConnection, image: string): Promise<void> {
  if (await inspectBaselineImage(connection, image)) return;
  throw new BaselineError(
    'ERR_IMAGE_MISSING',
    `base image ${image} is not in this Docker engine, and ow-eval never pulls: load it first (docker load -i <file>) or build FROM scratch (leave out --base-image)`,
  );
}

function wrapBuildError(error: unknown): unknown {
  if (error instanceof BaselineError) return error;
  return new BaselineError('ERR_IMAGE_BUILD', `docker build failed: ${(error as Error).message ?? String(error)}`, {
    cause: error,
  });
}
