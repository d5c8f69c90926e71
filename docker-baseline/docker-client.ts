// One place that knows how to reach the Docker engine and how to say, clearly, that it cannot.
import Docker from 'dockerode';
import { BaselineError } from './errors.js';

export interface DockerConnection {
  docker: Docker;
  /** What we tried to reach, for error messages: "/var/run/docker.sock" or "tcp://host:port". */
  endpoint: string;
  /** The deadline of one API call (create, start, remove, inspect, …); an image build gets BUILD_TIMEOUT_MS. */
  callTimeoutMs: number;
}

/**
 * Every Docker API call has a deadline: a daemon that answers slowly or never must not hold an invocation, a
 * container start or a shutdown. 30 s is 100× the slowest remove measured here (docker-baseline/README.md).
 */
export const DOCKER_CALL_TIMEOUT_MS = 30_000;
/** An offline image build copies Node.js and its libraries: seconds here; ten minutes is for a loaded machine. */
export const BUILD_TIMEOUT_MS = 600_000;

/** socketPath option, else DOCKER_HOST (unix:// only: ow-eval talks to a local engine), else /var/run/docker.sock. */
export function connectDocker(socketPath?: string, options: { callTimeoutMs?: number } = {}): DockerConnection {
  const fromEnv = process.env.DOCKER_HOST;
  const path =
    socketPath ??
    (fromEnv?.startsWith('unix://') ? fromEnv.slice('unix://'.length) : undefined) ??
    '/var/run/docker.sock';
  return {
    docker: new Docker({ socketPath: path }),
    endpoint: path,
    callTimeoutMs: options.callTimeoutMs ?? DOCKER_CALL_TIMEOUT_MS,
  };
}

/**
 * A GET that can be aborted: dockerode's version() and image inspect() take no abort signal, and a request left
 * open to a daemon that never answers would keep the process alive after its deadline.
 */
export function getJson<T>(connection: DockerConnection, path: string, abortSignal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    connection.docker.modem.dial(
      {
        path: `${path}?`,
        method: 'GET',
        abortSignal,
        statusCodes: { 200: true, 404: 'not found', 500: 'server error' },
      },
      (error: Error | null, data: unknown) => (error ? reject(error) : resolve(data as T)),
    );
  });
}

/**
 * One Docker API call under a deadline: past it the request is aborted (dockerode's `abortSignal`) and the call
 * rejects with ERR_DOCKER_TIMEOUT naming what was asked. The signal is only ever aborted by the deadline, so a
 * stream the call returns (attach) lives on after it. Connection failures become ERR_DOCKER_UNAVAILABLE.
 */
export async function dockerCall<T>(
  connection: DockerConnection,
  what: string,
  call: (signal: AbortSignal) => Promise<T>,
  ms = connection.callTimeoutMs,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(
        new BaselineError(
          'ERR_DOCKER_TIMEOUT',
          `the Docker daemon at ${connection.endpoint} did not answer ${what} within ${ms} ms`,
        ),
      );
    }, ms);
  });
  const answer = call(controller.signal);
  answer.catch(() => {}); // after the deadline its rejection (the abort) has no one to tell
  try {
    return await Promise.race([answer, late]);
  } catch (error) {
    throw dockerFailure(error, connection.endpoint);
  } finally {
    clearTimeout(timer);
  }
}

export type DockerAvailability = { ok: true; version: string } | { ok: false; reason: string; fix: string };

export async function checkDocker(connection: DockerConnection, timeoutMs = 5000): Promise<DockerAvailability> {
  try {
    const version = await dockerCall(
      connection,
      'a version request',
      (abortSignal) => getJson<Docker.DockerVersion>(connection, '/version', abortSignal),
      timeoutMs,
    );
    return { ok: true, version: `${version.Version} (API ${version.ApiVersion}, ${version.Os}/${version.Arch})` };
  } catch (error) {
    // dockerCall already wrapped a connection failure; explain the original errno.
    const raw = error instanceof BaselineError && error.code === 'ERR_DOCKER_UNAVAILABLE' ? error.cause : error;
    return { ok: false, ...explain(raw, connection.endpoint) };
  }
}

/** Rewrites a dockerode connection failure into a BaselineError that names the socket; other errors pass through. */
export function dockerFailure(error: unknown, endpoint: string): unknown {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'EACCES' || code === 'ECONNRESET' || code === 'EPIPE') {
    const { reason, fix } = explain(error, endpoint);
    return new BaselineError('ERR_DOCKER_UNAVAILABLE', `${reason} (${fix})`, { cause: error });
  }
  return error;
}

function explain(error: unknown, endpoint: string): { reason: string; fix: string } {
  const code = (error as { code?: string }).code;
  if (code === 'ERR_DOCKER_TIMEOUT')
    return { reason: (error as Error).message, fix: 'check that dockerd is responsive (docker info)' };
  const start = 'install docker.io and start the engine: dockerd --bridge=none --iptables=false &';
  if (code === 'ENOENT') return { reason: `the Docker daemon is not reachable: no socket at ${endpoint}`, fix: start };
  if (code === 'ECONNREFUSED')
    return { reason: `the Docker daemon is not running (connection refused on ${endpoint})`, fix: start };
  if (code === 'EACCES') {
    return {
      reason: `permission denied on the Docker socket ${endpoint}`,
      fix: 'run as root or add your user to the docker group',
    };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return {
      reason: `the Docker daemon at ${endpoint} dropped the connection`,
      fix: 'check that dockerd is still running (docker info)',
    };
  }
  return {
    reason: `the Docker daemon at ${endpoint} did not answer: ${(error as Error).message ?? String(error)}`,
    fix: 'check `docker info`',
  };
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(message), { code: 'ETIMEDOUT' })), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
