// One image build per tag and Docker engine at a time, across the processes of this host (test files, worktrees,
// runs sharing one daemon). Concurrent first builds of one tag each made their own image, each re-tag left the
// previous one dangling, and each build's prune removed the others' images: callers got image ids that no longer
// existed ("No such image: sha256:…", reproduced with four concurrent ensures: three of four ids were gone).
// The lock is a directory (mkdir is atomic) holding the owner's pid; a lock whose owner is dead is taken over.
// Not proper-lockfile: it brings signal-exit 3, which the CLI must not load (cli/cli-support.ts explains why).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BaselineError } from './errors.js';
import { processAlive } from './process-alive.js';

const POLL_MS = 100;

export async function withBuildLock<T>(
  endpoint: string,
  tag: string,
  timeoutMs: number,
  work: () => Promise<T>,
): Promise<T> {
  const dir = join(
    tmpdir(),
    `ow-eval-build-${createHash('sha256').update(`${endpoint} ${tag}`).digest('hex').slice(0, 16)}.lock`,
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (take(dir)) break;
    const owner = ownerOf(dir);
    if (owner !== undefined && !processAlive(owner)) {
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline)
      throw new BaselineError(
        'ERR_IMAGE_BUILD',
        `another build of ${tag} (process ${owner ?? 'unknown'}, lock ${dir}) did not finish within ${timeoutMs} ms`,
      );
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  try {
    return await work();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function take(dir: string): boolean {
  try {
    mkdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  writeFileSync(join(dir, 'pid'), String(process.pid));
  return true;
}

function ownerOf(dir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined; // just created, pid not written yet (or just released)
  }
}
