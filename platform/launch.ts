// launchPlatform(): the platform with its real runtimes — the wasm executor (a process it starts, or one it is given)
// and the Node.js baseline (Docker, or node-process when configured or when Docker is unavailable, and then it says so).
import {
  createDriver,
  dockerAvailability,
  type BaselineVariant,
  type ContainerNetwork,
} from '../docker-baseline/driver.js';
import type { ContainerFactory } from './invoker/container.js';
import { SupervisedExecutor } from './runtimes/executor-supervisor.js';
import { BlackboxFactory } from './runtimes/blackbox-factory.js';
import { familiesOf, supportedKinds, type KindFamily } from './controller/kinds.js';
import { NodejsFactory } from './runtimes/nodejs-factory.js';
import { resolvePlatformOptions, type PlatformOptions } from './options.js';
import { startPlatformWithFactories, type RunningPlatform } from './server.js';
import { WasmFactory } from './runtimes/wasm-factory.js';

export interface RuntimeOptions {
  /** Use a running executor instead of starting one. */
  executorUrl?: string;
  /** V8 strategy of a started executor: tiered | liftoff | turbofan. @default the executor's own default */
  engine?: string;
  executorWorkers?: number;
  /** Where the platform tells about a restarted executor. @default stderr */
  log?: (line: string) => void;
  /** `--code-cache` for a started executor (off by default: every cold start compiles). */
  codeCache?: boolean;
  /** `auto` picks docker when the engine answers, else node-process. @default 'auto' */
  baseline?: BaselineVariant | 'auto';
  /** Image for the docker variant. @default the baseline's own image, built if missing */
  baselineImage?: string;
  /** Families to provide, when `kinds` is not given. @default all */
  families?: KindFamily[];
  /**
   * `--allow-network`: nodejs containers share the host's network (outbound access, and the host's loopback
   * services). Without it they have none (docs/trust-model.md). @default false
   */
  allowNetwork?: boolean;
  /** The deadline of each Docker API call of the nodejs driver. @default 30000 */
  dockerCallTimeoutMs?: number;
}

export interface RuntimeDescription {
  wasm?: {
    runtime: 'executor';
    url: string;
    engine: string;
    codeCache?: boolean;
    instanceReuse?: boolean;
    started: boolean;
    pid?: number;
  };
  /** `network`: the Docker containers' network mode (it shapes their start time, so manifests record it). */
  nodejs?: { runtime: BaselineVariant; image?: string; why?: string; network?: ContainerNetwork };
  blackbox?: { runtime: 'docker' };
}

export async function launchPlatform(
  options: PlatformOptions & RuntimeOptions = {},
): Promise<RunningPlatform & { runtimes: RuntimeDescription }> {
  const kinds =
    options.kinds ?? supportedKinds.filter((k) => familiesOf([k]).every((f) => (options.families ?? [f]).includes(f)));
  // Bad options fail here, before any process is started.
  const { allowDirs } = resolvePlatformOptions({ ...options, kinds });
  const families = familiesOf(kinds);
  const factories: Partial<Record<KindFamily, ContainerFactory>> = { ...options.factories };
  const runtimes: RuntimeDescription = {};
  let url = '';
  try {
    if (families.includes('wasm') && !factories.wasm) {
      if (options.executorUrl) {
        factories.wasm = new WasmFactory(options.executorUrl.replace(/\/$/, ''));
        runtimes.wasm = {
          runtime: 'executor',
          url: options.executorUrl,
          engine: options.engine ?? 'as configured there',
          started: false,
        };
      } else {
        const executor = await SupervisedExecutor.start({
          ...(options.engine ? { engine: options.engine } : {}),
          ...(options.executorWorkers ? { workers: options.executorWorkers } : {}),
          ...(options.log ? { log: options.log } : {}),
          codeCache: options.codeCache === true,
          allowDirs,
        });
        factories.wasm = new WasmFactory(executor);
        // `url` and `pid` are those of the first process; a restarted one is counted in `restarts` of the annotation.
        runtimes.wasm = {
          runtime: 'executor',
          url: executor.url,
          engine: executor.engine,
          codeCache: executor.codeCache,
          instanceReuse: executor.instanceReuse,
          started: true,
          pid: executor.pid,
        };
      }
    }
    if (families.includes('nodejs') && !factories.nodejs) {
      const { variant, why } = await chooseBaseline(options.baseline ?? 'auto');
      const driver = await createDriver(variant, {
        ...(options.baselineImage ? { image: options.baselineImage } : {}),
        network: options.allowNetwork === true ? 'host' : 'none',
        ...(options.dockerCallTimeoutMs === undefined ? {} : { callTimeoutMs: options.dockerCallTimeoutMs }),
      });
      factories.nodejs = new NodejsFactory(driver, { userMemoryMb: options.userMemoryMb ?? 1024, apiHost: () => url });
      runtimes.nodejs = {
        runtime: variant,
        ...(driver.imageId ? { image: driver.imageId } : {}),
        ...(driver.network ? { network: driver.network } : {}),
        ...(why ? { why } : {}),
      };
    }
    if (families.includes('blackbox') && !factories.blackbox) {
      factories.blackbox = new BlackboxFactory({ userMemoryMb: options.userMemoryMb ?? 1024, apiHost: () => url });
      runtimes.blackbox = { runtime: 'docker' };
    }
  } catch (error) {
    await Promise.allSettled(Object.values(factories).map((f) => f?.close()));
    throw error;
  }
  let platform: RunningPlatform;
  try {
    platform = await startPlatformWithFactories({
      ...options,
      kinds,
      factories,
      describe: { ...options.describe, runtimes },
    });
  } catch (error) {
    await Promise.allSettled(Object.values(factories).map((f) => f?.close()));
    throw error;
  }
  url = platform.url;
  return Object.assign(platform, { runtimes });
}

async function chooseBaseline(asked: BaselineVariant | 'auto'): Promise<{ variant: BaselineVariant; why?: string }> {
  if (asked !== 'auto') return { variant: asked, why: 'configured' };
  const availability = await dockerAvailability();
  if (availability.ok) return { variant: 'docker' };
  return { variant: 'node-process', why: `Docker unavailable: ${availability.reason}` };
}
