// Entry point of the `ow-eval` binary (bin/ow-eval.js imports this file).
import { buildProgram } from './program.js';
import { describeError, exitCodeFor } from './exit-code.js';

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  const line = describeError(error);
  if (line !== undefined) process.stderr.write(`${line}\n`);
  process.exitCode = exitCodeFor(error);
}
