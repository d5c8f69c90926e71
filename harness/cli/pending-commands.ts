// Commands whose issues have not landed yet. Each one says so and fails, instead of pretending to work;
// a command leaves this list when its own register function exists.
import type { Command } from 'commander';

interface PendingCommand { name: string; description: string; issue: string }

const pending: PendingCommand[] = [
  { name: 'executor', description: 'run the built-in WebAssembly executor (fork or runtime protocol)', issue: 'the WebAssembly executor' },
  { name: 'baseline', description: 'build, serve and check the Docker Node.js baseline runtime', issue: 'the Docker Node.js baseline' },
  { name: 'platform', description: 'start the embedded OpenWhisk-compatible API (controller + invoker)', issue: 'the OpenWhisk API' },
  { name: 'run', description: 'run a scenario (coldstart, warm, concurrency, realistic, memory, prime)', issue: 'the harness' },
  { name: 'report', description: 'render results as an HTML or Markdown report', issue: 'reports' },
  { name: 'compare', description: 'compare two runs metric by metric', issue: 'reports' },
  { name: 'reproduce', description: "reproduce the thesis's experiments and print the claims table", issue: 'thesis reproduction' },
  { name: 'cleanup', description: 'remove every container ow-eval left behind', issue: 'the Docker Node.js baseline' },
];

export function registerPendingCommands(program: Command, skip: ReadonlySet<string> = new Set()): void {
  for (const command of pending) {
    if (skip.has(command.name) || program.commands.some((c) => c.name() === command.name)) continue;
    program
      .command(command.name)
      .description(`${command.description} (not built yet)`)
      .allowUnknownOption(true)
      .allowExcessArguments(true)
      .action(() => {
        throw new Error(`'${command.name}' is not available yet: it arrives with the issue "${command.issue}".`);
      });
  }
}
