// The `docker · node snapshot` image: the baseline image plus a V8 startup snapshot that holds one source action,
// already evaluated (runtime/snapshot-action.ts), started as `node --expose-gc --snapshot-blob <blob> main.js`.
// Where its cost is paid: here, at image build (deploy) time, once per action, runtime and Node.js version; a cold
// start then deserialises the snapshot instead of evaluating the action at /init. The blob is made on this host with
// the same Node.js binary the scratch image copies (a blob only loads into the binary and V8 flags that made it),
// so only the default FROM scratch build is supported.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUILD_TIMEOUT_MS, checkDocker, connectDocker } from './docker-client.js';
import { withBuildLock } from './build-lock.js';
import { BaselineError } from './errors.js';
import { baselineRecipe, buildRuntimeImage, inspectBaselineImage, runtimeHash, type ImageRecipe } from './image.js';
import { sourceFunctionBody } from './runtime/action-loader.js';
import { snapshotEntryScript } from './runtime/snapshot-action.js';

export interface SnapshotSpec {
  /** A short name for the tag (the benchmark action's name). */
  name: string;
  /** `main` and `code` exactly as the /init message will carry them (a source action, not a zip). */
  main: string;
  code: string;
}

export interface SnapshotImage {
  tag: string;
  id: string;
  /** False when an image for this action, runtime and Node.js already existed: nothing was paid this time. */
  built: boolean;
  /** The snapshot blob's size. */
  blobBytes: number;
  /** `node --build-snapshot` (evaluating the action) and the image build, when built now. */
  snapshotBuildMs?: number;
  imageBuildMs?: number;
}

/** The flags the blob is built with and the runtime starts with: V8 refuses a blob made under other flags. */
const NODE_FLAGS = ['--expose-gc'];
const BLOB_IN_IMAGE = 'snapshot/action.blob';
const SNAPSHOT_TIMEOUT_MS = 120_000;

/** One tag per action source, runtime files and Node.js: an image under it is current by construction. */
export function snapshotTag(spec: SnapshotSpec): string {
  const digest = createHash('sha256')
    .update(runtimeHash(undefined, baselineRecipe))
    .update('\0')
    .update(spec.main)
    .update('\0')
    .update(spec.code)
    .digest('hex')
    .slice(0, 16);
  const name = spec.name.toLowerCase().replace(/[^a-z0-9_.-]/g, '-');
  return `ow-eval/nodejs-snapshot:${name}-${digest}`;
}

/** The snapshot image of `spec`, built (blob, then image) when this engine does not have it yet. */
export async function ensureSnapshotImage(
  spec: SnapshotSpec,
  options: { socketPath?: string } = {},
): Promise<SnapshotImage> {
  const connection = connectDocker(options.socketPath);
  const availability = await checkDocker(connection);
  if (!availability.ok)
    throw new BaselineError('ERR_DOCKER_UNAVAILABLE', `${availability.reason} (${availability.fix})`);
  const tag = snapshotTag(spec);
  const existing = await inspectBaselineImage(connection, tag);
  if (existing) return { tag, id: existing.id, built: false, blobBytes: await blobSize(connection, tag) };
  return withBuildLock(connection.endpoint, tag, BUILD_TIMEOUT_MS, async () => {
    const again = await inspectBaselineImage(connection, tag);
    if (again) return { tag, id: again.id, built: false, blobBytes: await blobSize(connection, tag) };
    const snapshot = await buildSnapshotBlob(spec);
    const built = await buildRuntimeImage(connection, snapshotRecipe(tag, snapshot.blob), { tag });
    return {
      tag,
      id: built.id,
      built: true,
      blobBytes: snapshot.blob.byteLength,
      snapshotBuildMs: snapshot.ms,
      imageBuildMs: built.buildMs,
    };
  });
}

/** The baseline's files plus the blob; same role, so the driver gives it no network and a Unix socket. */
function snapshotRecipe(tag: string, blob: Buffer): ImageRecipe {
  return {
    ...baselineRecipe,
    defaultTag: tag,
    appEntries: () => [...baselineRecipe.appEntries(), { path: BLOB_IN_IMAGE, kind: 'file', data: blob, mode: 0o644 }],
    nodeArgs: [...NODE_FLAGS, '--snapshot-blob', `/ow/${BLOB_IN_IMAGE}`, '/ow/docker-baseline/runtime/main.js'],
    env: { OW_EVAL_SNAPSHOT_BLOB_BYTES: String(blob.byteLength) },
  };
}

/** The blob's size, as the image recorded it (its ENV), so a reused image still reports it. */
async function blobSize(connection: ReturnType<typeof connectDocker>, tag: string): Promise<number> {
  const info = (await connection.docker.getImage(tag).inspect()) as { Config?: { Env?: string[] } };
  const line = info.Config?.Env?.find((e) => e.startsWith('OW_EVAL_SNAPSHOT_BLOB_BYTES='));
  return line ? Number(line.split('=')[1]) : 0;
}

/** Runs `node --build-snapshot` on the action's entry script with an empty environment, under a deadline. */
export async function buildSnapshotBlob(spec: SnapshotSpec): Promise<{ blob: Buffer; ms: number }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ow-eval-snapshot-'));
  try {
    const entry = path.join(dir, 'entry.js');
    const blobPath = path.join(dir, 'action.blob');
    await writeFile(
      entry,
      snapshotEntryScript({ main: spec.main, code: spec.code, body: sourceFunctionBody(spec.code, spec.main) }),
    );
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        [...NODE_FLAGS, '--snapshot-blob', blobPath, '--build-snapshot', entry],
        { cwd: dir, env: {}, timeout: SNAPSHOT_TIMEOUT_MS, maxBuffer: 1 << 20 },
        (error, _stdout, stderr) => {
          if (error)
            reject(
              new BaselineError(
                'ERR_IMAGE_BUILD',
                `node --build-snapshot failed for ${spec.name}: ${stderr.trim() || error.message}`,
                { cause: error },
              ),
            );
          else resolve();
        },
      );
    });
    const ms = performance.now() - started;
    return { blob: await readFile(blobPath), ms };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
