// Ctrl-C during a run: the first SIGINT/SIGTERM aborts (in-flight invocations finish, what was measured is written,
// containers are removed); a second one exits at once.
export function interruptOnSignals(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write(
        '\ninterrupted: finishing the invocations in flight, writing what was measured, removing containers (Ctrl-C again to force)\n',
      );
      controller.abort();
    } else process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
