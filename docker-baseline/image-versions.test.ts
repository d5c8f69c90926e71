// Two checkouts with different runtime files on one engine (two worktrees, two versions of ow-eval): each ensure of
// the shared default tag gets its own version's image, under a tag of its runtime hash that the other never moves,
// so neither is rebuilt back and forth and no prune removes the image the other is about to start containers from.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectDocker } from './docker-client.js';
import { baselineRecipe, ensureBaselineImage, pruneOldBaselineImages, versionTag, type ImageRecipe } from './image.js';
import { skipReason } from '../test-support/optional-dependency.js';

const skip = await skipReason('docker', 'image versions on a shared engine');

test(
  'two runtime versions of one default tag coexist; ensuring either again builds nothing; a prune keeps both',
  { skip: skip ?? false },
  async () => {
    const connection = connectDocker();
    const defaultTag = `ow-eval/version-test-${process.pid}:latest`; // ours alone on this engine
    // Two "checkouts": the same recipe with one file that differs, as a changed runtime file would.
    const version = (n: number): ImageRecipe => ({
      ...baselineRecipe,
      defaultTag,
      appEntries: () => [...baselineRecipe.appEntries(), { path: 'version.txt', kind: 'file', data: `v${n}\n` }],
    });
    const [one, two] = [version(1), version(2)];
    const tags = [defaultTag, versionTag(defaultTag, one), versionTag(defaultTag, two)];
    try {
      assert.notEqual(tags[1], tags[2]);
      const a = await ensureBaselineImage(connection, defaultTag, one);
      const b = await ensureBaselineImage(connection, defaultTag, two);
      assert.ok(a.built && b.built);
      assert.notEqual(a.id, b.id);
      assert.equal((await connection.docker.getImage(defaultTag).inspect()).Id, b.id, 'the default tag follows');
      await pruneOldBaselineImages(connection);
      const again = await ensureBaselineImage(connection, defaultTag, one);
      assert.equal(again.built, false, 'version 1 was not rebuilt');
      assert.equal(again.id, a.id);
      await connection.docker.getImage(b.id).inspect(); // throws 404 if version 2 had been pruned
      assert.equal((await connection.docker.getImage(defaultTag).inspect()).Id, a.id);
    } finally {
      for (const tag of tags)
        await connection.docker
          .getImage(tag)
          .remove({ force: true })
          .catch(() => undefined);
    }
  },
);
