// Turns an /init message into the action's entry function, as the reference runner.js does:
// plain source is evaluated in a function wrapper with CommonJS `require`/`module`/`exports`;
// a base64 zip or tar.gz is unpacked into a fresh folder that becomes the cwd, and `main` is looked up in it.
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { OwEvalError } from '../../errors/ow-eval-error.js';
import { snapshotAction, sourceDigest } from './snapshot-action.js';

export type ActionHandler = (args: unknown) => unknown;

/** A failure the reference runtime reports as a bare message (it rejects with a string, so no stack is shown). */
export class ActionLoadError extends OwEvalError {
  constructor(message: string) {
    super('ERR_ACTION_LOAD', message);
  }
}

/** User code resolves packages from the runtime's folder upwards (in the image: /ow/node_modules). */
const requireFromRuntime = createRequire(import.meta.url);

/** `main` is spliced into the wrapper, so it must be a dotted identifier path and nothing else. */
const IDENTIFIER_PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

export async function loadAction(message: { main: string; code: string; binary?: unknown }): Promise<ActionHandler> {
  const preloaded = snapshotAction();
  if (preloaded !== undefined) {
    // Started from a startup snapshot of one action: that action, already evaluated, and no other.
    if (!message.binary && preloaded.main === message.main && preloaded.sha256 === sourceDigest(message.code))
      return preloaded.handler;
    throw new ActionLoadError(
      `This runtime was started from a snapshot of another action (main '${preloaded.main}', source sha256 ${preloaded.sha256.slice(0, 12)}).`,
    );
  }
  return message.binary ? loadArchive(message.code, message.main) : loadSource(message.code, message.main);
}

/** What a source action compiles to: its code, then the lookup of `main` (also the snapshot's, snapshot-action.ts). */
export function sourceFunctionBody(code: string, main: string): string {
  if (!IDENTIFIER_PATH.test(main)) throw notAFunction(main);
  return `${code}\n;try { return ${main}; } catch (e) { if (e && e.name === 'ReferenceError') return module.exports.${main} || exports.${main}; throw e; }`;
}

function loadSource(code: string, main: string): ActionHandler {
  // The Function constructor compiles sloppy-mode code in this context, like the reference's direct eval inside a
  // CommonJS module: undeclared assignments become globals, `global.main = f` (webpack output) is found by the
  // `return main` below, and `await import()` works (a vm.Script would need --experimental-vm-modules for that).
  const body = sourceFunctionBody(code, main);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- compiling the user's action is the runtime's job
  const factory = new Function('exports', 'require', 'module', '__filename', '__dirname', body) as (
    ...args: unknown[]
  ) => unknown;
  const module = { exports: {} as Record<string, unknown> };
  const cwd = process.cwd();
  return asFunction(factory(module.exports, requireFromRuntime, module, path.join(cwd, 'action.js'), cwd), main);
}

async function loadArchive(base64: string, main: string): Promise<ActionHandler> {
  const { detectArchiveKind, extractArchive, ArchiveError } = await import('./archive.js');
  const bytes = Buffer.from(base64, 'base64');
  const kind = detectArchiveKind(bytes);
  if (kind === 'unsupported')
    throw new ActionLoadError('There was an error uncompressing the action archive. The file type is unsupported');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'action-'));
  try {
    extractArchive(bytes, kind, dir);
  } catch (error) {
    const detail = error instanceof ArchiveError ? `: ${error.message}` : '';
    throw new ActionLoadError(
      `There was an error uncompressing the action ${kind === 'zip' ? 'Zip' : 'Tar GZ'} archive${detail}.`,
    );
  }

  // splitMainHandler: "fn" → [undefined, "fn"]; "file.fn.nested" → ["file", "fn.nested"].
  const match = /^([^.]+)$|^([^.]+)\.(.+)$/.exec(main);
  if (!match) throw new ActionLoadError('Name of main function is not valid.');
  const file = match[2];
  const property = (match[3] ?? match[1])!;
  process.chdir(dir);
  if (file === undefined && !existsSync('package.json') && !existsSync('index.js')) {
    throw new ActionLoadError('Zipped actions must contain either package.json or index.js at the root.');
  }
  const required = requireFromRuntime(file === undefined ? dir : path.join(dir, file)) as unknown;
  let handler: unknown = required;
  for (const key of property.split('.')) {
    handler = handler === null || handler === undefined ? undefined : (handler as Record<string, unknown>)[key];
  }
  return asFunction(handler, main);
}

function asFunction(handler: unknown, main: string): ActionHandler {
  if (typeof handler !== 'function') throw notAFunction(main);
  return handler as ActionHandler;
}

function notAFunction(main: string): Error {
  return new ActionLoadError(`Action entrypoint '${main}' is not a function.`);
}
