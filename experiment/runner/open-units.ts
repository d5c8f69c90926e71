// Turns a scenario's runtimes and engines into the units it compares, each with its RunTarget: by default one
// embedded platform per wasm engine (V8 flags are per process, so each engine needs its own executor), the first of
// which also runs the baseline; or one real OpenWhisk for everything. Docker falls back to node-process, loudly.
import type { ScenarioConfig } from '../../scenarios/config/schemas.js';
import { dockerAvailability } from '../../docker-baseline/driver.js';
import { openTarget, TargetError, type Target } from '../target/target.js';
import { authSetting } from '../target/network-failure.js';
import type { PlatformOptions } from '../../platform/options.js';
import type { RuntimeOptions } from '../../platform/launch.js';
import type { RuntimeLabel } from '../../model/results/records.js';
import { OpenWhiskRunTarget } from './openwhisk-run-target.js';
import { EXECUTOR_IMAGE_TAG } from '../images/image-tags.js';
import { checkBaselineKind, chooseWasmDelivery } from '../target/wasm-delivery.js';
import {
  BLACKBOX_ENGINE,
  BLACKBOX_EXPLANATION,
  BLACKBOX_LABEL,
  RUNTIME_IMAGE_ENGINE,
  RUNTIME_IMAGE_EXPLANATION,
  RUNTIME_IMAGE_LABEL,
} from '../../model/results/wasm-labels.js';
import {
  STEM_CELL_ENGINE,
  STEM_CELL_EXPLANATION,
  STEM_CELL_LABEL,
  openwhiskDefaultStemCells,
} from '../../model/results/baseline-variants.js';
import { UsageError } from '../../model/usage-error.js';
import type { PrewarmSpec } from '../../platform/options.js';
import type { TargetDescription } from './run-target.js';
import type { RuntimeUnit } from './scenario.js';
import { plannedSnapshotUnits, snapshotUnits } from './snapshot-units.js';

export interface TargetFlags {
  apihost?: string;
  auth?: string;
  /** Use __OW_API_HOST/__OW_API_KEY or ~/.wskprops. */
  remote?: boolean;
  baseline?: string;
  /** Treat the target as a plain OpenWhisk even when it is an ow-eval platform: no admin hooks (drain, memory). */
  asOpenwhisk?: boolean;
  /** The executor image wasm actions run in when the target has no wasm:0.1 (`blackbox`). @default EXECUTOR_IMAGE_TAG */
  wasmImage?: string;
}

export interface PlannedUnits {
  units: Array<Pick<RuntimeUnit, 'runtime' | 'engine' | 'tag'>>;
  targetLabel: string;
  /** Said loudly before the run and kept in the manifest: why these numbers are not what was asked for. */
  warnings: string[];
}

const isRemote = (flags: TargetFlags): boolean => flags.apihost !== undefined || flags.remote === true;

export async function planUnits(config: ScenarioConfig, flags: TargetFlags): Promise<PlannedUnits> {
  const planned = await planPlainUnits(config, flags);
  return config.scenario === 'snapshot'
    ? { ...planned, units: plannedSnapshotUnits(config, planned.units, isRemote(flags)) }
    : planned;
}

/** The wasm units (one per engine) and the baseline unit, before any scenario adds its own variants. */
async function planPlainUnits(config: ScenarioConfig, flags: TargetFlags): Promise<PlannedUnits> {
  const warnings: string[] = [];
  const units: PlannedUnits['units'] = [];
  const remote = isRemote(flags);
  if (config.runtimes.includes('wasm')) {
    if (remote) {
      units.push({ runtime: 'wasm', engine: 'remote', tag: 'wasm' });
      if (config.engines.length > 1)
        warnings.push(
          `a remote OpenWhisk runs wasm on its own executor: engines ${config.engines.join(', ')} are not selectable there`,
        );
    } else {
      for (const engine of config.engines) units.push({ runtime: 'wasm', engine, tag: `wasm-${engine}` });
    }
  }
  const wantsBaseline = config.runtimes.includes('docker') || config.runtimes.includes('node-process');
  if (wantsBaseline) {
    let baseline: RuntimeLabel =
      flags.baseline === 'node-process' ||
      (config.runtimes.includes('node-process') && !config.runtimes.includes('docker'))
        ? 'node-process'
        : 'docker';
    if (flags.baseline !== undefined && flags.baseline !== 'docker' && flags.baseline !== 'node-process') {
      throw new Error(`--baseline: expected docker or node-process, got '${flags.baseline}'`);
    }
    if (!remote && baseline === 'docker') {
      const docker = await dockerAvailability();
      if (!docker.ok) {
        baseline = 'node-process';
        warnings.push(
          `Docker is unavailable (${docker.reason}); the baseline runs as node-process, NOT Docker. ${docker.fix}`,
        );
      }
    }
    if (baseline === 'node-process')
      warnings.push('baseline is node-process (a Node.js child process per container), not a Docker container');
    units.push({ runtime: baseline, tag: baseline });
    if (wantsStemCells(config)) {
      // A real OpenWhisk's stem cells are whatever its operator configured; ow-eval cannot set them there.
      if (remote)
        throw new UsageError(
          'ERR_BASELINE_REMOTE',
          "baseline=openwhisk-default configures the embedded platform's stem cells; a remote OpenWhisk keeps its own (drop the setting, or run without --apihost/--remote)",
        );
      if (config.memoryMb !== openwhiskDefaultStemCells.memoryMb)
        warnings.push(
          `baseline=openwhisk-default: the actions ask for ${config.memoryMb} MB and the stem cells hold ${openwhiskDefaultStemCells.memoryMb} MB, so no stem cell can take them (OpenWhisk matches kind and memory exactly)`,
        );
      units.push({ runtime: baseline, engine: STEM_CELL_ENGINE, tag: `${baseline}-owd` });
    }
  }
  return {
    units,
    targetLabel: remote
      ? `remote OpenWhisk (${flags.apihost ?? '__OW_API_HOST or ~/.wskprops'})`
      : 'embedded ow-eval platform on 127.0.0.1',
    warnings: [...new Set(warnings)],
  };
}

export async function openRunUnits(
  config: ScenarioConfig,
  flags: TargetFlags,
): Promise<{ units: RuntimeUnit[]; close: () => Promise<void> }> {
  // The snapshot scenario's extra lines are added after the plain ones are open (snapshot-units.ts).
  const planned = await planPlainUnits(config, flags);
  const targets: Target[] = [];
  const runTargets: OpenWhiskRunTarget[] = [];
  const close = async (): Promise<void> => {
    // Actions first (the run's own), then the platforms, which remove every container they started.
    await Promise.allSettled(runTargets.map((t) => t.close()));
    await Promise.allSettled(targets.map((t) => t.close()));
  };
  try {
    const units: RuntimeUnit[] = [];
    const baselineUnit = planned.units.find((u) => u.runtime !== 'wasm' && u.engine === undefined);
    const stemUnit = planned.units.find((u) => u.runtime !== 'wasm' && u.engine === STEM_CELL_ENGINE);
    const wasmUnits = planned.units.filter((u) => u.runtime === 'wasm');
    const open = async (
      engine: string | undefined,
      withBaseline: boolean,
      embeddedExtra: Partial<PlatformOptions & RuntimeOptions> = {},
    ): Promise<OpenWhiskRunTarget> => {
      const target = isRemote(flags)
        ? await openTarget({
            ...(flags.apihost ? { apihost: flags.apihost } : {}),
            ...(flags.auth ? { auth: flags.auth } : {}),
            remote: true,
          })
        : await openTarget({
            embedded: {
              ...embeddedOptions(config, engine, withBaseline ? baselineUnit?.runtime : undefined),
              ...embeddedExtra,
            },
          });
      targets.push(target);
      const seen = flags.asOpenwhisk ? { ...target, admin: undefined, close: () => target.close() } : target;
      const runTarget = new OpenWhiskRunTarget(seen, {
        description: describe(seen, engine, baselineUnit?.runtime ?? 'docker', await readThrottles(seen)),
      });
      // The manifest says how blocking invokes were sent: the openwhisk client, or the direct keep-alive path.
      runTarget.description.details.invokeVia = runTarget.invokeVia;
      // And which stem cells the platform keeps (none: every cold start creates a container).
      runTarget.description.details.stemCells = embeddedExtra.prewarm?.[0] ?? null;
      runTargets.push(runTarget);
      return runTarget;
    };
    if (isRemote(flags)) {
      const shared = await open(undefined, true);
      const host = shared.description.apihost;
      const controller = (shared.description.details.controller ?? undefined) as Record<string, unknown> | undefined;
      // Decided before anything is deployed: a target that cannot run a unit fails here, naming what is missing.
      if (baselineUnit) checkBaselineKind(host, controller);
      const wasm =
        wasmUnits.length > 0 ? chooseWasmDelivery(host, controller, flags.wasmImage ?? EXECUTOR_IMAGE_TAG) : undefined;
      shared.description.details.wasmDelivery = wasm ?? null;
      for (const unit of planned.units) {
        if (unit.runtime !== 'wasm') units.push({ ...unit, kind: 'nodejs:20', target: shared });
        else if (wasm?.kind === 'blackbox') {
          units.push({
            ...unit,
            engine: BLACKBOX_ENGINE,
            tag: 'wasm-bb',
            kind: 'blackbox',
            image: wasm.image,
            target: shared,
            label: { name: BLACKBOX_LABEL, explanation: BLACKBOX_EXPLANATION },
          });
          process.stderr.write(
            `note: ${host} has no wasm:0.1; ${BLACKBOX_LABEL} runs image ${wasm.image}: ${BLACKBOX_EXPLANATION}\n`,
          );
        } else if (wasm?.image !== undefined) {
          units.push({
            ...unit,
            engine: RUNTIME_IMAGE_ENGINE,
            kind: 'wasm:0.1',
            target: shared,
            label: { name: RUNTIME_IMAGE_LABEL, explanation: RUNTIME_IMAGE_EXPLANATION },
          });
          process.stderr.write(`note: ${RUNTIME_IMAGE_LABEL} (image ${wasm.image}): ${RUNTIME_IMAGE_EXPLANATION}\n`);
        } else units.push({ ...unit, kind: 'wasm:0.1', target: shared });
      }
    } else {
      for (const [i, unit] of wasmUnits.entries()) {
        units.push({
          ...unit,
          kind: 'wasm:0.1',
          target: await open(unit.engine, i === 0 && baselineUnit !== undefined),
        });
      }
      if (baselineUnit) {
        const host = wasmUnits.length > 0 ? units[0]!.target : await open(undefined, true);
        units.push({ ...baselineUnit, kind: 'nodejs:20', target: host });
      }
      if (stemUnit) {
        // A platform of its own: its stem cells must not serve the fresh-container baseline, nor take its memory.
        const { kind, initialCount, memoryMb, reactive, checkIntervalMs } = openwhiskDefaultStemCells;
        const spec: PrewarmSpec = { kind, memoryMb, count: initialCount, reactive: { ...reactive, checkIntervalMs } };
        units.push({
          ...stemUnit,
          kind: 'nodejs:20',
          target: await open(undefined, true, { prewarm: [spec], families: ['nodejs'] }),
          label: { name: STEM_CELL_LABEL, explanation: STEM_CELL_EXPLANATION },
        });
      }
    }
    if (config.scenario === 'snapshot')
      return { units: await snapshotUnits(config, units, open, isRemote(flags)), close };
    return { units, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Whether a scenario asks for the OpenWhisk-default stem-cell baseline beside the fresh-container one. */
export function wantsStemCells(config: ScenarioConfig): boolean {
  return config.scenario === 'coldstart' && config.baseline === 'openwhisk-default';
}

function embeddedOptions(
  config: ScenarioConfig,
  engine: string | undefined,
  baseline: RuntimeLabel | undefined,
): PlatformOptions & RuntimeOptions {
  const containersNeeded = config.scenario === 'memory' ? config.containers * config.memoryMb : 0;
  const concurrencyNeeded =
    config.scenario === 'concurrency' ? config.actionConcurrency : config.scenario === 'prime' ? config.clients : 1;
  return {
    ...(engine ? { engine } : {}),
    codeCache: config.codeCache,
    families: baseline ? ['wasm', 'nodejs'] : ['wasm'],
    ...(baseline ? { baseline: baseline === 'node-process' ? ('node-process' as const) : ('docker' as const) } : {}),
    // The memory scenario needs all its containers alive at once; the others keep OpenWhisk's capacity.
    userMemoryMb: Math.max(config.platform.userMemoryMb, containersNeeded),
    concurrencyMax: Math.max(1, concurrencyNeeded),
    prewarm:
      config.platform.prewarmCount > 0 && baseline
        ? [{ kind: 'nodejs:20', memoryMb: config.memoryMb, count: config.platform.prewarmCount }]
        : [],
  };
}

/** The namespace's throttles as the target states them (`GET …/namespaces/_/limits`); none when it states none. */
async function readThrottles(target: Target): Promise<TargetDescription['throttles']> {
  const response = await fetch(`${target.info.apihost}/api/v1/namespaces/_/limits`, {
    headers: { authorization: `Basic ${Buffer.from(target.apiKey).toString('base64')}` },
  });
  if (response.status === 401)
    throw new TargetError(
      'ERR_TARGET_AUTH',
      `${target.info.apihost} refused the API key (HTTP 401): check ${authSetting(target.info.source)}`,
    );
  if (!response.ok) return {};
  const limits = (await response.json()) as { invocationsPerMinute?: unknown; concurrentInvocations?: unknown };
  return {
    ...(typeof limits.invocationsPerMinute === 'number' ? { invocationsPerMinute: limits.invocationsPerMinute } : {}),
    ...(typeof limits.concurrentInvocations === 'number'
      ? { concurrentInvocations: limits.concurrentInvocations }
      : {}),
  };
}

function describe(
  target: Target,
  engine: string | undefined,
  baseline: RuntimeLabel,
  throttles: TargetDescription['throttles'],
): TargetDescription {
  return {
    kind: target.info.kind,
    apihost: target.info.apihost,
    baseline,
    ...(engine ? { engine } : {}),
    throttles,
    details: {
      source: target.info.source,
      owEval: target.info.owEval,
      api: target.info.info ?? null,
      controller: target.info.controller ?? null,
    },
  };
}
