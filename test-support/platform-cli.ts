// `ow-eval platform start` as a child process, for tests that meet the platform as a user does: resolves once it
// prints its client settings, with the URL it listens on.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const owEvalBin = fileURLToPath(new URL('../../bin/ow-eval.js', import.meta.url));

export async function spawnPlatformCli(
  args: string[],
): Promise<{ child: ChildProcess; out: string; url: string | undefined }> {
  const argv = [owEvalBin, 'platform', 'start', ...args];
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('export __OW_API_HOST')) resolve();
    });
  });
  child.removeAllListeners('exit');
  return { child, out, url: /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] };
}
