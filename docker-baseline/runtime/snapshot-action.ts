// A runtime started from a V8 startup snapshot that already holds one action's evaluated code (the `docker · node
// snapshot` variant, docs/methodology.md "Snapshot variants"). The snapshot is built at image build time
// (docker-baseline/snapshot-image.ts) by running `snapshotEntryScript()` under `node --build-snapshot`: the script
// evaluates the action's source exactly as action-loader.ts does at /init, keeps the entry function on a global,
// and sets the deserialised main function, which loads process-entry.js and starts the runtime as main.ts would.
// At /init the runtime then compares the code it is sent with the snapshot's and uses the preloaded function instead
// of evaluating the code again; a different action is refused, never silently evaluated.
import { createHash } from 'node:crypto';

/** The global the snapshot keeps the action on (a plain string key: it must survive V8's serialisation). */
export const SNAPSHOT_GLOBAL = '__owEvalSnapshotAction';

export interface SnapshotAction {
  /** `main` of the /init message the snapshot was built for. */
  main: string;
  /** SHA-256 (hex) of the action's source. */
  sha256: string;
  handler: (args: unknown) => unknown;
}

/** The action this process was started with from a snapshot, if any. */
export function snapshotAction(): SnapshotAction | undefined {
  return (globalThis as Record<string, unknown>)[SNAPSHOT_GLOBAL] as SnapshotAction | undefined;
}

export function sourceDigest(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

/**
 * The CommonJS script `node --build-snapshot` runs. `body` is the function body action-loader.ts compiles for a
 * source action (sourceFunctionBody), so the action is evaluated in the same wrapper; only built-in modules can be
 * required while a snapshot is built (Node.js 20), so actions that require packages at load time cannot be
 * snapshotted this way.
 */
export function snapshotEntryScript(action: { main: string; code: string; body: string }): string {
  return `'use strict';
const v8 = require('node:v8');
const body = ${JSON.stringify(action.body)};
const factory = new Function('exports', 'require', 'module', '__filename', '__dirname', body);
const module = { exports: {} };
const handler = factory(module.exports, require, module, '/action.js', '/');
if (typeof handler !== 'function') throw new Error('the snapshotted action has no function ' + ${JSON.stringify(action.main)});
globalThis[${JSON.stringify(SNAPSHOT_GLOBAL)}] = { main: ${JSON.stringify(action.main)}, sha256: ${JSON.stringify(sourceDigest(action.code))}, handler };
v8.startupSnapshot.setDeserializeMainFunction(() => {
  // Started as \`node --snapshot-blob <blob> <dir>/main.js\`: the runtime's files sit beside the named entry.
  const path = require('node:path');
  const entry = path.join(path.dirname(process.argv[1]), 'process-entry.js');
  require('node:module').createRequire(entry)(entry).runRuntimeProcess();
});
`;
}
