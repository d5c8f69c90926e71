// Concurrent first builds of one tag: one builds, the others wait for it and use its image. Before the build lock
// each built its own, re-tagging left the earlier ones dangling and each build's prune removed them, so callers got
// ids of images that no longer existed ("No such image: sha256:…" on a fresh engine).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectDocker } from './docker-client.js';
import { ensureBaselineImage } from './image.js';
import { skipReason } from '../test-support/optional-dependency.js';

const skip = await skipReason('docker', 'concurrent image builds');

test(
  'four concurrent ensures of a missing tag build it once and all get an image that exists',
  { skip: skip ?? false },
  async () => {
    const connection = connectDocker();
    const tag = `ow-eval/build-race-test:${process.pid}`; // ours alone: other processes on this engine never use it
    try {
      const images = await Promise.all([1, 2, 3, 4].map(() => ensureBaselineImage(connection, tag)));
      assert.equal(images.filter((i) => i.built).length, 1);
      assert.equal(new Set(images.map((i) => i.id)).size, 1);
      await connection.docker.getImage(images[0]!.id).inspect(); // throws 404 when it was pruned
    } finally {
      await connection.docker
        .getImage(tag)
        .remove({ force: true })
        .catch(() => undefined);
    }
  },
);
