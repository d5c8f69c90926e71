// The executor as an OpenWhisk runtime image: executor/runtime-main.js (the standard /init + /run on port 8080, one
// action per container) and the compiled executor beside it, built by the baseline's offline image builder — FROM
// scratch with the host's Node.js, or FROM a local base image. A vanilla OpenWhisk runs wasm actions in it as
// `blackbox` actions, or as a `wasm` family of its own (docs/real-openwhisk.md).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DockerConnection } from '../../docker-baseline/docker-client.js';
import {
  sharedLeafEntries,
  buildRuntimeImage,
  ensureBaselineImage,
  type BuildImageOptions,
  type BuiltImage,
  type ImageRecipe,
} from '../../docker-baseline/image.js';
import type { ContextEntry } from '../../docker-baseline/tar-context.js';

import { EXECUTOR_IMAGE_TAG } from './image-tags.js';

export { EXECUTOR_IMAGE_TAG };

const EXECUTOR_DIR = fileURLToPath(new URL('../../executor/', import.meta.url));

/** The executor's compiled modules, without tests and their helpers. */
function executorFiles(dir = EXECUTOR_DIR): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'test-support') files.push(...executorFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.js') && !entry.name.endsWith('.test.js')) files.push(full);
  }
  return files;
}

export const executorRecipe: ImageRecipe = {
  role: 'executor-image',
  defaultTag: EXECUTOR_IMAGE_TAG,
  appEntries: () => [
    // The executor reads zips with the shared reader (`archive/`) and throws the shared error base (`errors/`),
    // imported at their paths under dist/.
    ...sharedLeafEntries(),
    ...executorFiles().map((file): ContextEntry => ({
      path: `executor/${path.relative(EXECUTOR_DIR, file)}`,
      kind: 'host-file',
      source: file,
      mode: 0o644,
    })),
  ],
  packages: [],
  nodeArgs: ['/ow/executor/runtime-main.js'],
  // OpenWhisk's runtime contract: listen on 8080 on the container's own address.
  env: { HOST: '0.0.0.0', PORT: '8080' },
};

export function buildExecutorImage(connection: DockerConnection, options: BuildImageOptions = {}): Promise<BuiltImage> {
  return buildRuntimeImage(connection, executorRecipe, options);
}

/** The image at `tag`, rebuilt when it is missing or holds another executor build. */
export function ensureExecutorImage(
  connection: DockerConnection,
  tag = EXECUTOR_IMAGE_TAG,
): ReturnType<typeof ensureBaselineImage> {
  return ensureBaselineImage(connection, tag, executorRecipe);
}
