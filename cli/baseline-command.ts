// `ow-eval baseline build|serve|doctor`: the Docker Node.js baseline (docker-baseline/).
import { writeSync } from 'node:fs';
import { type Command } from 'commander';
import { integerOption, serveUntilSignal } from './cli-support.js';
import { listenFailure } from './port-in-use.js';
import { DEFAULT_IMAGE_TAG } from '../docker-baseline/labels.js';
import type { BuildImageOptions, BuiltImage } from '../docker-baseline/image.js';
import type { DockerConnection } from '../docker-baseline/docker-client.js';

interface BuildFlags {
  baseImage?: string;
  tag: string;
  verbose: boolean;
}
interface ServeFlags {
  host: string;
  port: number;
  allowConcurrent?: boolean;
  verbose: boolean;
  readyFd?: number;
}

export function registerBaseline(program: Command): void {
  const baseline = program
    .command('baseline')
    .description('build, serve and check the Docker Node.js baseline runtime');

  addImageBuildCommand(
    baseline,
    'baseline',
    DEFAULT_IMAGE_TAG,
    async () => (await import('../docker-baseline/image.js')).buildBaselineImage,
  );

  baseline
    .command('serve')
    .description(
      'run the Node.js action runtime in the foreground (POST /init, /run) as the image does: PORT, HOST and ' +
        '__OW_ALLOW_CONCURRENT from the environment; its stdout/stderr are the activation logs, nothing else is printed',
    )
    .option('--host <address>', 'address to bind (loopback by default)', '127.0.0.1')
    .option('--port <n>', 'port to listen on; 0 picks a free one', integerOption(0, 65535), 8080)
    .option('--allow-concurrent', 'allow overlapping /run calls (same as __OW_ALLOW_CONCURRENT=true)')
    .option('--verbose', 'say on stderr where it listens', false)
    .option(
      '--ready-fd <fd>',
      'write the listening URL and a newline to this open file descriptor',
      integerOption(3, 1023),
    )
    .action(async (flags: ServeFlags) => {
      const { serveRuntime } = await import('../docker-baseline/serve.js');
      const runtime = await serveRuntime({
        host: flags.host,
        port: flags.port,
        ...(flags.allowConcurrent ? { allowConcurrent: true } : {}),
      }).catch((error: unknown) => {
        throw listenFailure(error, flags.host, flags.port, 'baseline serve');
      });
      if (flags.verbose)
        process.stderr.write(`ow-eval baseline runtime listening on ${runtime.url} (POST /init, POST /run)\n`);
      if (flags.readyFd !== undefined) writeSync(flags.readyFd, `${runtime.url}\n`);
      const exitedAlone = runtime.exited.then((code) => {
        process.exitCode = code;
      });
      await Promise.race([serveUntilSignal(() => runtime.stop()), exitedAlone]);
    });

  baseline
    .command('doctor')
    .description('say whether Docker is usable for the baseline here and, if not, why and how to fix it')
    .action(async () => {
      const { diagnoseBaseline } = await import('../docker-baseline/doctor.js');
      const report = await diagnoseBaseline();
      process.stdout.write(report.lines.map((l) => `${l}\n`).join(''));
      if (!report.dockerUsable) process.exitCode = 1;
    });
}

type ImageBuilder = (connection: DockerConnection, options: BuildImageOptions) => Promise<BuiltImage>;

/** `<parent> build`: an offline image build with --base-image, --tag and --verbose (baseline, executor image). */
export function addImageBuildCommand(
  parent: Command,
  what: string,
  defaultTag: string,
  builder: () => Promise<ImageBuilder>,
): void {
  parent
    .command('build')
    .description(`build the ${what} image offline (FROM scratch with this machine's Node.js, or FROM --base-image)`)
    .option('--base-image <image>', 'build FROM this local image instead of scratch (e.g. node:20-slim)')
    .option('--tag <tag>', 'image tag', defaultTag)
    .option('--verbose', "print Docker's build output (to stderr)", false)
    .action(async (flags: BuildFlags) => {
      const { connectDocker } = await import('../docker-baseline/docker-client.js');
      const build = await builder();
      const image = await build(connectDocker(), {
        tag: flags.tag,
        ...(flags.baseImage ? { baseImage: flags.baseImage } : {}),
        ...(flags.verbose ? { onProgress: (line: string) => process.stderr.write(`  ${line}\n`) } : {}),
      });
      process.stdout.write(describeBuiltImage(image));
    });
}

/** What `baseline build` and `executor image build` print about the image they built. */
export function describeBuiltImage(image: BuiltImage): string {
  return [
    `built ${image.tag}`,
    `  id        ${image.id}`,
    `  base      ${image.base}`,
    `  size      ${(image.sizeBytes / 1e6).toFixed(1)} MB`,
    `  runtime   ${image.runtimeHash}`,
    `  digest    ${image.digest ?? 'none (built locally)'}`,
    `  build     ${(image.buildMs / 1000).toFixed(2)} s`,
    '',
  ].join('\n');
}
