// The units of the `snapshot` scenario: the plain wasm and baseline units openRunUnits made (kept when `snapshots`
// has `none`), plus (with `snapshot`) `wasm · wizer` on the same platform as plain wasm, and `docker · node
// snapshot` on a platform of its own whose nodejs image is the snapshot image of the action. Each snapshot unit
// carries what its snapshot cost and where that cost was paid, for the manifest.
import { readFileSync } from 'node:fs';
import type { SnapshotConfig } from '../../scenarios/config/schemas.js';
import { builtModuleRecord, getAction, isActionName, jsSourcePath } from '../../scenarios/actions/catalog.js';
import { ensureSnapshotImage } from '../../docker-baseline/snapshot-image.js';
import type { PlatformOptions } from '../../platform/options.js';
import type { RuntimeOptions } from '../../platform/launch.js';
import { UsageError } from '../../model/usage-error.js';
import {
  NODE_SNAPSHOT_ENGINE,
  NODE_SNAPSHOT_EXPLANATION,
  NODE_SNAPSHOT_LABEL,
  WIZER_EXPLANATION,
  WIZER_LABEL,
  wizerEngine,
} from '../../model/results/snapshot-labels.js';
import type { OpenWhiskRunTarget } from './openwhisk-run-target.js';
import type { RuntimeUnit } from './scenario.js';

type Open = (
  engine: string | undefined,
  withBaseline: boolean,
  embeddedExtra?: Partial<PlatformOptions & RuntimeOptions>,
) => Promise<OpenWhiskRunTarget>;

/** The lines a snapshot run will have, for its plan (`--dry-run`, reproduce's estimate), before anything is opened. */
export function plannedSnapshotUnits<U extends Pick<RuntimeUnit, 'runtime' | 'engine' | 'tag'>>(
  config: SnapshotConfig,
  plain: U[],
  remote: boolean,
): Array<Pick<RuntimeUnit, 'runtime' | 'engine' | 'tag'>> {
  const units: Array<Pick<RuntimeUnit, 'runtime' | 'engine' | 'tag'>> = config.snapshots.includes('none')
    ? [...plain]
    : [];
  if (!config.snapshots.includes('snapshot')) return units;
  const wasm = plain.find((u) => u.runtime === 'wasm');
  if (wasm) units.push({ runtime: 'wasm', engine: wizerEngine(wasm.engine ?? 'tiered'), tag: `${wasm.tag}-wizer` });
  if (!remote && plain.some((u) => u.runtime === 'docker'))
    units.push({ runtime: 'docker', engine: NODE_SNAPSHOT_ENGINE, tag: 'docker-snap' });
  return units;
}

export async function snapshotUnits(
  config: SnapshotConfig,
  plain: RuntimeUnit[],
  open: Open,
  remote: boolean,
): Promise<RuntimeUnit[]> {
  const action = config.action;
  if (!isActionName(action) || !getAction(action).variants.includes('wizer'))
    throw new UsageError(
      'ERR_UNKNOWN_ACTION',
      `the snapshot scenario needs an action with a wizer variant (table); '${action}' has none`,
    );
  const units = config.snapshots.includes('none') ? [...plain] : [];
  if (!config.snapshots.includes('snapshot')) return units;

  const wasm = plain.find((u) => u.runtime === 'wasm');
  if (wasm) {
    const plainModule = await builtModuleRecord(action, 'O3');
    const wizerModule = await builtModuleRecord(action, 'wizer');
    units.push({
      ...wasm,
      engine: wizerEngine(wasm.engine ?? 'tiered'),
      tag: `${wasm.tag}-wizer`,
      label: { name: WIZER_LABEL, explanation: WIZER_EXPLANATION },
      snapshot: {
        kind: 'wizer',
        cost: {
          paidAt: 'ow-eval actions build (once per module build; not part of any cold start)',
          ...(wizerModule?.preinitMs === undefined ? {} : { wizerMs: wizerModule.preinitMs }),
          ...(wizerModule ? { moduleBytes: wizerModule.bytes } : {}),
          ...(plainModule ? { plainModuleBytes: plainModule.bytes } : {}),
        },
      },
    });
  }
  const baseline = plain.find((u) => u.runtime !== 'wasm');
  if (baseline && remote) {
    // A remote OpenWhisk runs its own nodejs image; ow-eval cannot put a snapshot into it.
    process.stderr.write(`note: ${NODE_SNAPSHOT_LABEL} needs the embedded platform; left out on a remote target\n`);
  } else if (baseline?.runtime === 'docker') {
    const image = await ensureSnapshotImage({
      name: action,
      main: 'main',
      code: readFileSync(jsSourcePath(action), 'utf8'),
    });
    const target = await open(undefined, true, { families: ['nodejs'], baselineImage: image.tag });
    units.push({
      ...baseline,
      engine: NODE_SNAPSHOT_ENGINE,
      tag: 'docker-snap',
      target,
      label: { name: NODE_SNAPSHOT_LABEL, explanation: NODE_SNAPSHOT_EXPLANATION },
      snapshot: {
        kind: 'node-snapshot',
        cost: {
          paidAt: image.built
            ? 'image build, in this run before any measurement (once per action source, runtime and Node.js)'
            : 'image build in an earlier run (the image for this action source, runtime and Node.js was reused)',
          image: image.tag,
          imageId: image.id,
          builtThisRun: image.built,
          blobBytes: image.blobBytes,
          ...(image.snapshotBuildMs === undefined ? {} : { buildSnapshotMs: image.snapshotBuildMs }),
          ...(image.imageBuildMs === undefined ? {} : { imageBuildMs: image.imageBuildMs }),
        },
      },
    });
  } else if (baseline) {
    process.stderr.write(
      `note: ${NODE_SNAPSHOT_LABEL} needs Docker; the baseline here is ${baseline.runtime}, so that line is left out\n`,
    );
  }
  return units;
}
