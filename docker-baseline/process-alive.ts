// Whether a process of this host is alive: the one check behind a run's liveness (cleanup) and a lock's owner.

/** True while `pid` runs, also when it belongs to another user (EPERM); false once it is gone. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
