// The `memory` annotation cannot lift a wasm action above its limits.memory through the platform: an action with
// limits.memory 128 and the annotation memory 4096 can grow its memory to 128 MB and no further (before, the
// executor took the annotation: the action grew to 640 MiB while the pool accounted 128 MB).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import openwhisk from 'openwhisk';
import { launchPlatform } from '../platform/launch.js';
import { commandProbe, wat } from '../test-support/wat.js';

/** Grows by 1 MiB until refused and answers {"value": pages of 64 KiB}. */
const grower = commandProbe(
  '(loop $more (br_if $more (i32.ne (memory.grow (i32.const 16)) (i32.const -1)))) (memory.size)',
  '',
);

test('limits.memory 128 with the annotation memory 4096: the action gets at most 128 MB', async () => {
  const platform = await launchPlatform({ port: 0, families: ['wasm'], executorWorkers: 1 });
  try {
    const ow = openwhisk({ apihost: platform.url, api_key: platform.apiKey });
    const code = Buffer.from(await wat(grower)).toString('base64');
    for (const [name, annotation, pages] of [
      ['raised', 4096, 2048],
      ['lowered', 64, 1024],
    ] as const) {
      await ow.actions.create({
        name,
        action: { exec: { kind: 'wasm:0.1', code, binary: true }, limits: { memory: 128 } },
        annotations: { memory: annotation },
      });
      const activation = await ow.actions.invoke({ name, blocking: true });
      // Grown 16 pages at a time from 2: the last step that fits ends within 16 pages (1 MiB) of the limit.
      const grown = (activation.response?.result as { value: number }).value;
      assert.ok(grown <= pages && grown > pages - 16, `${name}: ${grown} pages, limit ${pages}`);
    }
  } finally {
    await platform.close();
  }
});
