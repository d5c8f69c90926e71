// The one base of every error ow-eval throws on purpose. Each carries a stable `code` (what callers and tests branch
// on, never the message text) and says whether the user can fix it: the CLI maps `userFixable` to exit status 2 and
// everything else to 1 (cli/exit-code.ts). A shared leaf with no imports, so every layer, and the baseline runtime
// that is copied into its image, can extend it.

export interface OwEvalErrorOptions {
  /** Input or configuration the user can correct (a flag, a file, credentials): exit status 2. Default false. */
  userFixable?: boolean;
  /** The lower-level error this one explains (a system error, a failed request). */
  cause?: unknown;
}

export class OwEvalError extends Error {
  readonly code: string;
  readonly userFixable: boolean;

  constructor(code: string, message: string, options: OwEvalErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.userFixable = options.userFixable ?? false;
  }

  override get name(): string {
    return this.constructor.name;
  }
}

/** The code of an error of ours, or of a Node.js system error (`ECONNREFUSED`, `ENOSPC`, …); undefined otherwise. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
