// A server started through a wrapper (`npx ow-eval executor &`: npm exec → sh -c → node) stops when the wrapper stops.
// Stopping the wrapper (`kill %1`, its PID) does not reach the node process: it is orphaned and keeps the port, and
// the next start fails with EADDRINUSE. So the server remembers the chain of processes from its parent up to the npm
// wrapper and stops itself, as on SIGTERM, when a link of that chain breaks (a process in it was reparented or is gone).
// Only under `npm exec`/`npx` (npm sets npm_command=exec for what it runs; not under `npm test`, whose children's
// children also inherit it); a server started directly keeps running when its shell exits, as servers do (SIGHUP aside).
import { readFileSync } from 'node:fs';
import { errorCode } from '../errors/ow-eval-error.js';

/** The parent of `pid` from /proc (Linux): 'gone' when the process is, undefined when /proc cannot say (no /proc, EMFILE). */
function parentOf(pid: number): number | 'gone' | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after its last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch (error) {
    // Only a missing entry means the process is gone; out of descriptors (or no /proc) is no evidence either way.
    return errorCode(error) === 'ENOENT' && process.platform === 'linux' ? 'gone' : undefined;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** [parent, grandparent, …] up to the npm process that started us; [] when not started by npm. */
export function wrapperChain(env: NodeJS.ProcessEnv = process.env): number[] {
  if (env.npm_command !== 'exec') return [];
  const chain: number[] = [];
  let pid = process.ppid;
  for (let depth = 0; depth < 4 && pid > 1; depth++) {
    chain.push(pid);
    if (/(^|[\s/])(npm|npx)(-cli\.js)?(\s|$)/.test(commandOf(pid))) return chain;
    const parent = parentOf(pid);
    if (typeof parent !== 'number') break;
    pid = parent;
  }
  // No npm process found above us: watch the direct parent only, which process.ppid reports on every platform.
  return [process.ppid];
}

/** Whether every link of `chain` still holds: our parent is chain[0], and each one's parent is the next. */
export function chainIntact(chain: readonly number[]): boolean {
  if (chain.length === 0) return true;
  if (process.ppid !== chain[0]) return false;
  for (let i = 0; i + 1 < chain.length; i++) {
    const parent = parentOf(chain[i]!);
    if (parent === 'gone') return false;
    if (parent !== undefined && parent !== chain[i + 1]) return false; // reparented: the next link is gone
  }
  return true;
}

/** Calls `stop` once when the wrapper chain breaks; returns a function that stops watching. */
export function stopWithWrapper(stop: () => void, env: NodeJS.ProcessEnv = process.env, everyMs = 500): () => void {
  const chain = wrapperChain(env);
  if (chain.length === 0) return () => {};
  const timer = setInterval(() => {
    if (chainIntact(chain)) return;
    clearInterval(timer);
    process.stderr.write('ow-eval: the process that started this server (npx/npm) is gone; stopping\n');
    stop();
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
