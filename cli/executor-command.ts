// `ow-eval executor`: serves the built-in WebAssembly executor until SIGTERM/SIGINT. Prints one line once listening
// (the platform waits for it to learn the port when it starts the executor with --port 0).
import { type Command, Option } from 'commander';
import { integerOption, serveUntilSignal } from './cli-support.js';
import { listenFailure } from './port-in-use.js';
import { engines, type Engine } from '../executor/engine.js';
import type { Mode } from '../executor/options.js';
import { addImageBuildCommand } from './baseline-command.js';
import { EXECUTOR_IMAGE_TAG } from '../experiment/images/image-tags.js';

interface ExecutorFlags {
  host: string;
  port: number;
  engine: Engine;
  workers?: number;
  mode: Mode;
  maxWorkers: number;
  maxThreads?: number;
  exitWithStdin: boolean;
  allowDir: string[];
  codeCache: boolean;
  instanceReuse: boolean;
}

/** Exit code of an executor that can no longer serve (EX_SOFTWARE): its parent sees it and can replace it. */
export const EXIT_CANNOT_SERVE = 70;

export function registerExecutor(program: Command): void {
  const command = program
    .command('executor')
    .description('run the built-in WebAssembly executor (fork or runtime protocol)')
    .option('--host <address>', 'address to bind (loopback by default)', '127.0.0.1')
    .option('--port <n>', 'port to listen on; 0 picks a free one', integerOption(0, 65535), 9000)
    .addOption(new Option('--engine <engine>', "V8's wasm compilation strategy").choices(engines).default('tiered'))
    .option('--workers <n>', 'activations computing at once (default: the number of cores)', integerOption(1, 256))
    .option(
      '--max-workers <n>',
      'threads at most: running, blocked in http.get or looping (grown on demand, idle ones stop)',
      integerOption(1, 4096),
      256,
    )
    .addOption(
      new Option('--max-threads <n>', 'the former name of --max-workers').argParser(integerOption(1, 4096)).hideHelp(),
    )
    .option('--code-cache', 'reuse compiled code for identical init bytes (off: every /init compiles)', false)
    .option(
      '--no-instance-reuse',
      'instantiate afresh for every activation (default: reuse an instance per module and thread, restored to its ' +
        'state right after instantiation)',
    )
    .addOption(
      new Option('--exit-with-stdin', 'stop when standard input closes (set by a parent that starts the executor)')
        .default(false)
        .hideHelp(),
    )
    .option(
      '--allow-dir <path>',
      'a host directory (with its subfolders) that a dir annotation may grant (repeatable; none by default)',
      collect,
      [],
    )
    .addOption(
      new Option('--mode <mode>', 'fork: POST /:id/init|run|destroy; runtime: POST /init, /run')
        .choices(['fork', 'runtime'])
        .default('fork'),
    )
    .action(async (flags: ExecutorFlags) => {
      const { startExecutor } = await import('../executor/server.js'); // loaded only when this command runs
      const executor = await startExecutor({
        host: flags.host,
        port: flags.port,
        engine: flags.engine,
        mode: flags.mode,
        maxThreads: Math.max(flags.maxThreads ?? flags.maxWorkers, flags.workers ?? 1),
        codeCache: flags.codeCache,
        instanceReuse: flags.instanceReuse,
        allowDirs: flags.allowDir,
        ...platformSecret(),
        onFatal: (reason) => {
          process.stderr.write(
            `ow-eval executor: cannot serve any more (${reason}); exiting with code ${EXIT_CANNOT_SERVE}\n`,
          );
          process.exit(EXIT_CANNOT_SERVE);
        },
        ...(flags.workers === undefined ? {} : { workers: flags.workers }),
      }).catch((error: unknown) => {
        throw listenFailure(error, flags.host, flags.port, 'executor');
      });
      process.stdout.write(
        `ow-eval executor listening on ${executor.url} (mode ${executor.mode}, engine ${executor.engine}, workers ${executor.workers}, code cache ${executor.codeCache ? 'on' : 'off'}, instance reuse ${executor.instanceReuse ? 'on' : 'off'})\n`,
      );
      // A parent that dies, even by SIGKILL, closes our stdin: then there is no one left to stop us but ourselves.
      if (flags.exitWithStdin)
        process.stdin.on('end', () => void executor.close().then(() => process.exit(0))).resume();
      await serveUntilSignal(() => executor.close());
    });

  const image = command
    .command('image')
    .description('the executor as an OpenWhisk runtime image (/init + /run on port 8080, one action per container)');
  addImageBuildCommand(
    image,
    'executor',
    EXECUTOR_IMAGE_TAG,
    async () => (await import('../experiment/images/executor-image.js')).buildExecutorImage,
  );
}

function collect(value: string, all: string[]): string[] {
  return [...all, value];
}

/** The secret a platform hands the executor it starts, taken out of the environment so nothing inherits it. */
function platformSecret(): { secret?: string } {
  const secret = process.env.OW_EVAL_EXECUTOR_SECRET;
  delete process.env.OW_EVAL_EXECUTOR_SECRET;
  return secret ? { secret } : {};
}
