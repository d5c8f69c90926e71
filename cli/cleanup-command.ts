// `ow-eval cleanup`: removes the containers ow-eval left behind (label ow-eval.managed=true) whose run on this host is
// no longer alive, e.g. after a run was killed with SIGKILL, whoever started it; `--all` also removes live runs (a
// second terminal's experiment, another user's) and those made on other hosts sharing the Docker engine. Also removes old baseline images a rebuild left untagged. The current
// image stays (`docker rmi ow-eval/nodejs-baseline` removes it). Prints every container it removed and why.
import type { Command } from 'commander';

export function registerCleanup(program: Command): void {
  program
    .command('cleanup')
    .description('remove ow-eval containers of runs that are no longer alive (--all: live runs too)')
    .option('--socket <path>', 'Docker socket (default: DOCKER_HOST or /var/run/docker.sock)')
    .option('--all', 'also remove the containers of live runs (any user, yours included) and of other hosts')
    .action(async (flags: { socket?: string; all?: boolean }) => {
      const { cleanupContainers, pruneUnusedBaselineImages } = await import('../docker-baseline/cleanup.js');
      const options = flags.socket ? { socketPath: flags.socket } : {};
      const { removed, kept } = await cleanupContainers({ ...options, all: flags.all === true });
      for (const c of removed)
        process.stdout.write(`removed ${c.name} (${c.owner}${c.user ? `, ${c.user}` : ''}: ${c.reason})\n`);
      for (const c of kept) process.stdout.write(`${c.reason.replace(/^kept:/, `kept ${c.name}:`)}\n`);
      process.stdout.write(
        `removed ${removed.length} ow-eval container${removed.length === 1 ? '' : 's'}` +
          `${kept.length > 0 ? `; kept ${kept.length} of live runs or other hosts (--all removes them)` : ''}\n`,
      );
      const pruned = await pruneUnusedBaselineImages(options);
      if (pruned > 0) process.stdout.write(`removed ${pruned} unused old baseline image${pruned === 1 ? '' : 's'}\n`);
    });
}
