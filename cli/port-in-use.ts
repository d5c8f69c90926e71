// A server that cannot listen says why in words a user can act on: which port, which process most likely holds it
// (usually an earlier `ow-eval executor` or `platform start` whose npx wrapper was stopped while it lived on), and
// how to pick another port. The holder is looked up on Linux through /proc, for processes this user may inspect.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { OwEvalError, errorCode } from '../errors/ow-eval-error.js';

/** A listen failure as a user-fixable error, or the error unchanged when it is not one (EADDRINUSE, EACCES). */
export function listenFailure(error: unknown, host: string, port: number, command: string): unknown {
  const code = errorCode(error);
  if (code === 'EADDRINUSE') {
    const holder = listenerOf(port);
    return new OwEvalError(
      'ERR_PORT_IN_USE',
      `port ${port} on ${host} is in use (EADDRINUSE)` +
        (holder
          ? `, by pid ${holder.pid}: ${holder.command}`
          : `, most likely by an earlier \`ow-eval ${command}\` still running`) +
        `; stop it (${holder ? `kill ${holder.pid}` : `\`ss -ltnp 'sport = :${port}'\` shows the holder`}), or pass --port 0 for a free port or another --port`,
      { userFixable: true, cause: error },
    );
  }
  if (code === 'EACCES')
    return new OwEvalError(
      'ERR_PORT_FORBIDDEN',
      `may not listen on port ${port} on ${host} (EACCES): ports below 1024 need privileges; pass --port 0 or a port from 1024`,
      { userFixable: true, cause: error },
    );
  return error;
}

/** The process listening on TCP `port`, when /proc says so and lets us look; undefined otherwise. */
export function listenerOf(port: number): { pid: number; command: string } | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT; state 0A is LISTEN; the inode is the 10th field.
      const local = fields[1];
      if (!local || fields[3] !== '0A') continue;
      if (parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port && fields[9]) inodes.add(fields[9]);
    }
  }
  if (inodes.size === 0) return undefined;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // another user's process, or gone meanwhile
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (inode && inodes.has(inode)) {
        let command = '';
        try {
          command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
        } catch {
          // gone meanwhile; the pid is still the best hint
        }
        return { pid: Number(pid), command: command.slice(0, 200) || '(command unknown)' };
      }
    }
  }
  return undefined;
}
