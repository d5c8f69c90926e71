// `npm test`: Node's test runner over the given paths, with a temporary directory of the run's own (TMPDIR, which
// os.tmpdir() and every child process read). Whatever a test, a spawned CLI or a killed runtime leaves there is
// counted, named on stderr and removed with it, so a run leaves nothing in the machine's temp directory.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const runDir = mkdtempSync(path.join(os.tmpdir(), 'ow-eval-tests-'));
const child = spawn(process.execPath, ['--test', '--test-concurrency=1', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, TMPDIR: runDir },
});
const forward = (signal: NodeJS.Signals): void => {
  child.kill(signal);
};
process.on('SIGINT', forward);
process.on('SIGTERM', forward);

child.on('exit', (code, signal) => {
  const left = readdirSync(runDir);
  if (left.length > 0)
    process.stderr.write(
      `# ${left.length} entries left in the tests' temp directory, removed: ${left.slice(0, 10).join(', ')}${left.length > 10 ? ', …' : ''}\n`,
    );
  rmSync(runDir, { recursive: true, force: true });
  process.exitCode = code ?? (signal === null ? 1 : 128 + (os.constants.signals[signal] ?? 0));
});
