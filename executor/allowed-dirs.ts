// Which host directories an action's `dir` annotation may name: only those below a directory the operator allowed on
// the command line (`--allow-dir`, repeatable, none by default). Annotations come from API users and are untrusted;
// both the platform (at action create/update) and the executor (at /init) apply this one rule. Paths are compared
// as real paths, so a symlink cannot make an outside directory look inside. Nothing is ever created here.
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, sep } from 'node:path';
import { OwEvalError } from '../errors/ow-eval-error.js';

export type DirRefusal = 'ERR_DIR_NOT_ABSOLUTE' | 'ERR_DIR_MISSING' | 'ERR_DIR_NOT_ALLOWED';

export type DirDecision = { ok: true; real: string } | { ok: false; code: DirRefusal; message: string };

/** The operator's own `--allow-dir` list is wrong: a configuration error the operator can fix. */
export class AllowedDirsError extends OwEvalError {
  declare readonly code: DirRefusal;
  constructor(code: DirRefusal, message: string) {
    super(code, message, { userFixable: true });
  }
}

export class AllowedDirs {
  private constructor(readonly roots: readonly string[]) {}

  /** The operator's list as real paths; each must be an existing directory. */
  static resolve(paths: readonly string[] = []): AllowedDirs {
    const roots = paths.map((path) => {
      let real: string;
      try {
        real = realpathSync(path);
      } catch (error) {
        throw new AllowedDirsError(
          'ERR_DIR_MISSING',
          `--allow-dir ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (error as Error).message}`,
        );
      }
      if (!statSync(real).isDirectory())
        throw new AllowedDirsError('ERR_DIR_MISSING', `--allow-dir ${path}: not a directory`);
      return real;
    });
    return new AllowedDirs([...new Set(roots)]);
  }

  /** Whether `dir` (an annotation's value) may be granted, and as which real path. */
  check(dir: string): DirDecision {
    if (!isAbsolute(dir) || dir.split('/').includes('..')) {
      return {
        ok: false,
        code: 'ERR_DIR_NOT_ABSOLUTE',
        message: `The annotation 'dir' must be an absolute path without '..', got '${dir}'.`,
      };
    }
    if (this.roots.length === 0) {
      return {
        ok: false,
        code: 'ERR_DIR_NOT_ALLOWED',
        message: `The annotation 'dir' names the host directory '${dir}', but no host directory is allowed; the operator grants them with --allow-dir PATH.`,
      };
    }
    let real: string;
    try {
      real = realpathSync(dir);
      if (!statSync(real).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    } catch {
      return {
        ok: false,
        code: 'ERR_DIR_MISSING',
        message: `The directory '${dir}' of the annotation 'dir' does not exist (or is not a directory); ow-eval never creates it.`,
      };
    }
    if (this.roots.some((root) => real === root || real.startsWith(root === sep ? root : root + sep)))
      return { ok: true, real };
    return {
      ok: false,
      code: 'ERR_DIR_NOT_ALLOWED',
      message: `The directory '${dir}' of the annotation 'dir' is outside every directory allowed with --allow-dir (${this.roots.join(', ')}).`,
    };
  }
}
