// `ow-eval cleanup`: removes every container ow-eval left behind (label ow-eval.managed=true), e.g. after a run was
// killed with SIGKILL, and old baseline images a rebuild left untagged. The current image stays
// (`docker rmi ow-eval/nodejs-baseline` removes it).
import type { Command } from 'commander';

export function registerCleanup(program: Command): void {
  program
    .command('cleanup')
    .description('remove every container ow-eval left behind')
    .option('--socket <path>', 'Docker socket (default: DOCKER_HOST or /var/run/docker.sock)')
    .action(async (flags: { socket?: string }) => {
      const { removeAllManagedContainers, pruneUnusedBaselineImages } = await import('../../docker-baseline/cleanup.js');
      const options = flags.socket ? { socketPath: flags.socket } : {};
      const removed = await removeAllManagedContainers(options);
      process.stdout.write(`removed ${removed} ow-eval container${removed === 1 ? '' : 's'}\n`);
      const pruned = await pruneUnusedBaselineImages(options);
      if (pruned > 0) process.stdout.write(`removed ${pruned} unused old baseline image${pruned === 1 ? '' : 's'}\n`);
    });
}
