// The one error type every layer may throw for input the user can fix (a flag value, a config file, a folder that
// is not a run). It lives at the bottom of harness/ so that runners and reports can throw it without importing the
// CLI; the CLI (cli/exit-code.ts) maps it to exit code 2.

/** Bad input the user can fix: the CLI prints the message and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
