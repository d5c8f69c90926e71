// Resolves a guest path inside the granted tree, one component at a time, without ever letting the host follow a
// symlink: every component is lstat'ed; a symlink is followed by this code only when its target is relative and the
// result stays inside the directory the path started from; `..` never climbs above that directory; absolute paths
// are refused. The caller opens the result with O_NOFOLLOW, so a final component swapped for a symlink meanwhile
// fails (ELOOP) instead of being followed. What this cannot stop (README "Sandbox"): another host process swapping
// a directory in the middle of a path for a symlink between the lstat and the open.
import { lstatSync, readlinkSync, type Stats } from 'node:fs';
import { errno } from './wasi-abi.js';

/** Symlinks followed in one resolution before ELOOP (Linux's limit). */
const MAX_SYMLINKS = 40;

export interface Resolved {
  /** Absolute host path. */
  host: string;
  /** Components below the granted root. */
  components: string[];
  /** lstat of the final component; undefined when it does not exist (its parent does). */
  stat: Stats | undefined;
  /** The path ended with '/': the caller wants a directory. */
  trailingSlash: boolean;
}

/**
 * `root` is the granted directory's real host path, `base` the components (below root) of the directory descriptor
 * the path is relative to. Returns the resolution or a WASI errno.
 */
export function resolvePath(
  root: string,
  base: readonly string[],
  path: string,
  followFinal: boolean,
): Resolved | number {
  if (path.length === 0) return errno.noent;
  if (path.includes('\0')) return errno.inval;
  if (path.startsWith('/')) return errno.notcapable;
  const stack = [...base];
  const pending = path.split('/').reverse(); // pop() yields the next component
  const trailingSlash = path.endsWith('/');
  let links = 0;
  while (pending.length > 0) {
    const part = pending.pop()!;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (stack.length <= base.length) return errno.notcapable;
      stack.pop();
      continue;
    }
    const last = pending.every((p) => p === '' || p === '.');
    const candidate = hostPath(root, [...stack, part]);
    const stat = lstatOrUndefined(candidate);
    if (stat === undefined) {
      if (!last) return errno.noent;
      stack.push(part);
      return { host: candidate, components: stack, stat, trailingSlash };
    }
    if (stat.isSymbolicLink() && (!last || followFinal || trailingSlash)) {
      if (++links > MAX_SYMLINKS) return errno.loop;
      const target = readlinkSync(candidate, 'utf8');
      if (target.startsWith('/')) return errno.notcapable;
      pending.push(...target.split('/').reverse());
      continue;
    }
    if (!last && !stat.isDirectory()) return errno.notdir;
    stack.push(part);
    if (last) return { host: candidate, components: stack, stat, trailingSlash };
  }
  const host = hostPath(root, stack);
  return { host, components: stack, stat: lstatOrUndefined(host), trailingSlash };
}

export function hostPath(root: string, components: readonly string[]): string {
  return components.length === 0 ? root : `${root}/${components.join('/')}`;
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
