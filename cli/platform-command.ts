// `ow-eval platform start`: the embedded OpenWhisk-compatible API until SIGTERM/SIGINT. Prints where it listens, what
// runs each kind, and the settings for wsk and the openwhisk client.
import { type Command, InvalidArgumentError, Option } from 'commander';
import { liveContainers } from '../docker-baseline/driver.js';
import { integerOption, serveUntilSignal } from './cli-support.js';
import { listenFailure } from './port-in-use.js';
import { launchPlatform } from '../platform/launch.js';
import type { PrewarmSpec } from '../platform/options.js';

interface StartFlags {
  port: number;
  auth?: string;
  namespace?: string;
  executorUrl?: string;
  engine?: string;
  baseline: 'docker' | 'node-process' | 'auto';
  userMemory?: number;
  pauseGrace?: number;
  idleTimeout?: number;
  prewarm: PrewarmSpec[];
  concurrencyMax?: number;
  throttlePerMinute?: number;
  throttleConcurrent?: number;
  maxActivations?: number;
  maxActivationBytes?: number;
  maxCodeBytes?: number;
  allowDir: string[];
  allowNetwork?: boolean;
  kinds?: string[];
  codeCache: boolean;
}

export function registerPlatform(program: Command): void {
  const platform = program
    .command('platform')
    .description('start the embedded OpenWhisk-compatible API (controller + invoker)');
  platform
    .command('start')
    .description('serve the OpenWhisk REST API on 127.0.0.1 with the wasm:0.1, nodejs:20 and blackbox kinds')
    .option(
      '--kinds <list>',
      'offer only these kinds, e.g. nodejs:20,blackbox for a vanilla OpenWhisk (default: all)',
      kindList,
    )
    .option('--port <n>', 'port on 127.0.0.1; 0 picks a free one', integerOption(0, 65535), 3233)
    .option('--auth <uuid:key>', 'the accepted API key (default: the standalone guest key)')
    .option('--namespace <name>', 'namespace of that key (default: guest)')
    .option('--executor-url <url>', 'use a running wasm executor instead of starting one')
    .addOption(
      new Option('--engine <engine>', "the started executor's V8 wasm strategy").choices([
        'tiered',
        'liftoff',
        'turbofan',
      ]),
    )
    .option('--code-cache', 'let the started executor reuse compiled code for identical bytes (default: off)', false)
    .addOption(
      new Option('--baseline <variant>', 'what runs nodejs:20')
        .choices(['docker', 'node-process', 'auto'])
        .default('auto'),
    )
    .option(
      '--user-memory <mb>',
      'memory for containers, prewarms included (default 1024)',
      integerOption(128, 1_048_576),
    )
    .option(
      '--pause-grace <ms>',
      'idle time before a container is paused (default 10000)',
      integerOption(0, 86_400_000),
    )
    .option('--idle-timeout <ms>', 'time a paused container is kept (default 600000)', integerOption(1, 86_400_000))
    .option('--prewarm <kind:memoryMb:count>', 'keep stem cells (repeatable), e.g. nodejs:20:256:2', prewarmSpec, [])
    .option('--concurrency-max <n>', 'highest limits.concurrency allowed (default 1)', integerOption(1, 10_000))
    .option('--throttle-per-minute <n>', 'namespace invocations per minute (default: off)', integerOption(1, 1e9))
    .option('--throttle-concurrent <n>', 'namespace concurrent invocations (default: off)', integerOption(1, 1e9))
    .option('--max-activations <n>', 'activation records kept in memory (default 10000)', integerOption(1, 1e8))
    .option(
      '--max-activation-bytes <n>',
      'bytes of activation records kept in memory, the oldest dropped first (default 134217728)',
      integerOption(1024, 2 ** 40),
    )
    .option(
      '--max-code-bytes <n>',
      'bytes of stored actions (code, parameters, annotations); a create past it gets 413 (default 536870912)',
      integerOption(1024, 2 ** 40),
    )
    .option(
      '--allow-dir <path>',
      "a host directory (with its subfolders) a wasm action's dir annotation may grant (repeatable; none by default)",
      (value: string, all: string[]) => [...all, value],
      [],
    )
    .option(
      '--allow-network',
      "nodejs:20 containers share the host's network (outbound access, and this host's 127.0.0.1 services); none by default",
    )
    .action(async (flags: StartFlags) => {
      const throttles = {
        ...(flags.throttlePerMinute ? { invocationsPerMinute: flags.throttlePerMinute } : {}),
        ...(flags.throttleConcurrent ? { concurrentInvocations: flags.throttleConcurrent } : {}),
      };
      const running = await launchPlatform({
        port: flags.port,
        baseline: flags.baseline,
        prewarm: flags.prewarm,
        throttles,
        allowDirs: flags.allowDir,
        allowNetwork: flags.allowNetwork === true,
        codeCache: flags.codeCache,
        ...defined({
          auth: flags.auth,
          namespace: flags.namespace,
          executorUrl: flags.executorUrl,
          engine: flags.engine,
          userMemoryMb: flags.userMemory,
          pauseGraceMs: flags.pauseGrace,
          idleTimeoutMs: flags.idleTimeout,
          concurrencyMax: flags.concurrencyMax,
          maxActivations: flags.maxActivations,
          maxActivationBytes: flags.maxActivationBytes,
          maxCodeBytes: flags.maxCodeBytes,
          kinds: flags.kinds,
        }),
      }).catch((error: unknown) => {
        throw listenFailure(error, '127.0.0.1', flags.port, 'platform start');
      });
      const { wasm, nodejs, blackbox } = running.runtimes;
      const o = running.options;
      process.stdout.write(
        [
          `ow-eval platform listening on ${running.url} (namespace ${running.namespace})`,
          `  wasm:0.1   ${wasm ? `executor ${wasm.url} (engine ${wasm.engine}${wasm.started ? `, code cache ${wasm.codeCache ? 'on' : 'off'}, instance reuse ${wasm.instanceReuse ? 'on' : 'off'}, started by the platform` : ''})` : 'not available'}`,
          `  nodejs:20  ${nodejs ? `${nodejs.runtime}${nodejs.image ? ` (image ${nodejs.image.slice(0, 19)}, network ${nodejs.network === 'host' ? 'host: --allow-network' : 'none'})` : ''}${nodejs.why && nodejs.why !== 'configured' ? ` — ${nodejs.why}` : ''}` : 'not available'}`,
          `  blackbox   ${blackbox ? 'local Docker images (never pulled; docker load them first)' : 'not available'}`,
          `  pool       ${o.userMemoryMb} MB, pause after ${o.pauseGraceMs} ms, remove after ${o.idleTimeoutMs} ms more, prewarm ${o.prewarm.length ? o.prewarm.map((p) => `${p.count}×${p.kind}/${p.memoryMb}MB`).join(', ') : 'off'}`,
          `  throttles  ${Object.keys(o.throttles).length ? JSON.stringify(o.throttles) : 'off'}`,
          `  host dirs  ${o.allowDirs.length ? o.allowDirs.join(', ') : 'none (grant with --allow-dir PATH)'}`,
          'use it with:',
          `  wsk property set --apihost ${running.url} --auth ${running.apiKey}`,
          `  openwhisk({ apihost: '${running.url}', api_key: '${running.apiKey}' })`,
          `  export __OW_API_HOST=${running.url} __OW_API_KEY=${running.apiKey}`,
          '',
        ].join('\n'),
      );
      await serveUntilSignal(() => running.close(), {
        name: 'ow-eval platform',
        ms: SHUTDOWN_LIMIT_MS,
        unfinished: () => leftovers() ?? 'Every container it started was removed.',
        leftBehind: leftovers,
      });
    });
}

function kindList(value: string): string[] {
  return value
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k.length > 0);
}

function prewarmSpec(value: string, all: PrewarmSpec[]): PrewarmSpec[] {
  const match = /^([a-z]+:[\w.]+):(\d+):(\d+)$/.exec(value);
  if (!match) throw new InvalidArgumentError('expected <kind>:<memoryMb>:<count>, e.g. nodejs:20:256:2');
  return [...all, { kind: match[1]!, memoryMb: Number(match[2]), count: Number(match[3]) }];
}

function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** SIGTERM ends the platform within 10 s whatever Docker does: 9 s for close(), then it exits (docs/trust-model.md). */
const SHUTDOWN_LIMIT_MS = 9_000;

/** The Docker containers this process started and could not remove yet, said so that an operator can act. */
function leftovers(): string | undefined {
  const names = liveContainers();
  if (names.length === 0) return undefined;
  return `Could not remove ${names.length} container(s): ${names.join(', ')}; \`ow-eval cleanup\` removes them.`;
}
