// The OpenWhisk deployment an experiment talks to, behind one interface: the embedded platform (in this process),
// a running `ow-eval platform start`, or a real OpenWhisk. All API traffic goes through the `openwhisk` client;
// only the admin hooks of an ow-eval platform (pool state, drain) are plain HTTP, because OpenWhisk has no such API.
import openwhisk from 'openwhisk';
import { launchPlatform, type RuntimeOptions } from '../../platform/launch.js';
import { guestKey, type PlatformOptions } from '../../platform/options.js';
import type { PoolState } from '../../platform/invoker/container-pool.js';
import { readWskProps, wskpropsPath } from './wskprops.js';
import { apihostSetting, describeNetworkFailure } from './network-failure.js';
import { OwEvalError } from '../../errors/ow-eval-error.js';

export type TargetErrorCode = 'ERR_TARGET_CONFIG' | 'ERR_TARGET_AUTH' | 'ERR_TARGET_UNREACHABLE' | 'ERR_TARGET_KINDS';

/** The target the user named cannot be used (no credentials, a wrong key, no answer, no kind to run on): the user
 * fixes it with the target flags, so every code is user-fixable. */
export class TargetError extends OwEvalError {
  declare readonly code: TargetErrorCode;
  constructor(code: TargetErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, { ...options, userFixable: true });
  }
}

export interface AdminHooks {
  poolState(): Promise<PoolState>;
  /** Removes the containers of an action (name) or a kind and resolves once they are gone. */
  drain(filter: { action?: string; kind?: string }): Promise<{ removed: number }>;
  /** Memory the containers of these actions account for (executor RSS for wasm, summed container usage otherwise). */
  memory(actions: readonly string[]): Promise<{ bytes: number; containers: number; method: string }>;
}

/** What a run manifest records about the target. */
export interface TargetInfo {
  kind: 'embedded' | 'remote';
  /** Where the settings came from. */
  source: 'embedded' | 'flags' | 'env' | 'wskprops';
  apihost: string;
  /** True when the target is an ow-eval platform (admin hooks available). */
  owEval: boolean;
  /** `GET /api/v1` of the target: build, and for ow-eval the kinds' runtimes, pool settings and throttles. */
  info?: Record<string, unknown>;
  /** `GET /`, the controller's info route: `runtimes` by family (the kinds it offers) and `limits`. */
  controller?: Record<string, unknown>;
}

/**
 * The settings the client is built from, so that other code can talk to the same API (the runner's direct invoke
 * path) without reading the client's internals. Never written into a manifest (the key).
 */
export interface TargetConnection {
  /** The API base the client requests under, `<scheme>://<host>/api/v1/`; a bare host gets https://, as in the client. */
  readonly api: string;
  readonly apiKey: string;
  /** The namespace the client was given; undefined means the client's default (`__OW_NAMESPACE`, else `_`). */
  readonly namespace?: string;
  readonly ignoreCerts: boolean;
}

export interface Target {
  readonly client: openwhisk.Client;
  /** The key the client uses; never written into a manifest. */
  readonly apiKey: string;
  /** What the client was built from. */
  readonly connection: TargetConnection;
  readonly info: TargetInfo;
  /** Present only for ow-eval platforms; a real OpenWhisk offers no way to drain or inspect its pool. */
  readonly admin?: AdminHooks;
  close(): Promise<void>;
}

export interface TargetOptions {
  /** `--apihost`: a remote (or separately started) deployment. Without it and without `remote`, the platform is embedded. */
  apihost?: string;
  /** `--auth uuid:key`. */
  auth?: string;
  /** Use __OW_API_HOST/__OW_API_KEY or ~/.wskprops even without --apihost. @default false */
  remote?: boolean;
  /** Options of the embedded platform. */
  embedded?: PlatformOptions & RuntimeOptions;
  env?: NodeJS.ProcessEnv;
  wskprops?: string;
}

export async function openTarget(options: TargetOptions = {}): Promise<Target> {
  const env = options.env ?? process.env;
  if (options.apihost === undefined && !options.remote) {
    const platform = await launchPlatform({ port: 0, ...options.embedded });
    return connect(
      { apihost: platform.url, apiKey: platform.apiKey, source: 'embedded', kind: 'embedded', ignoreCerts: false },
      () => platform.close(),
    );
  }
  const props =
    options.apihost !== undefined && options.auth !== undefined
      ? undefined
      : await readWskProps(options.wskprops ?? wskpropsPath(env));
  const apihost = options.apihost ?? env.__OW_API_HOST ?? props?.APIHOST;
  const apiKey = options.auth ?? env.__OW_API_KEY ?? props?.AUTH;
  const source = options.apihost !== undefined ? 'flags' : env.__OW_API_HOST !== undefined ? 'env' : 'wskprops';
  if (!apihost)
    throw new TargetError(
      'ERR_TARGET_CONFIG',
      `no API host: pass --apihost, set __OW_API_HOST, or set APIHOST in ${options.wskprops ?? wskpropsPath(env)}`,
    );
  if (!apiKey)
    throw new TargetError(
      'ERR_TARGET_AUTH',
      `no API key for ${apihost}: pass --auth, set __OW_API_KEY, or set AUTH in ${options.wskprops ?? wskpropsPath(env)}`,
    );
  const ignoreCerts = env.__OW_IGNORE_CERTS === 'true' || props?.INSECURE_SSL === 'true';
  return connect({ apihost, apiKey, source, kind: 'remote', ignoreCerts }, async () => {});
}

interface Connection {
  apihost: string;
  apiKey: string;
  source: TargetInfo['source'];
  kind: TargetInfo['kind'];
  ignoreCerts: boolean;
}

async function connect(c: Connection, close: () => Promise<void>): Promise<Target> {
  // The client prefixes https:// to a bare host; the same base serves GET /api/v1, the admin hooks and the direct path.
  const base = /^https?:\/\//.test(c.apihost) ? c.apihost.replace(/\/$/, '') : `https://${c.apihost}`;
  const connection: TargetConnection = { api: `${base}/api/v1/`, apiKey: c.apiKey, ignoreCerts: c.ignoreCerts };
  const client = openwhisk({ api: connection.api, api_key: connection.apiKey, ignore_certs: connection.ignoreCerts });
  let info: Record<string, unknown> | undefined;
  try {
    const response = await fetch(`${base}/api/v1`);
    if (response.ok) info = (await response.json()) as Record<string, unknown>;
  } catch (error) {
    // An HTTP error status is an answer (a proxy may hide GET /api/v1); a failed connection is not.
    const failure = describeNetworkFailure(error, base);
    throw new TargetError(
      'ERR_TARGET_UNREACHABLE',
      c.kind === 'embedded'
        ? `the embedded platform at ${base} did not answer: ${failure.text}`
        : `cannot reach the OpenWhisk API at ${base}: ${failure.text}; check ${apihostSetting(c.source)}`,
      { cause: error },
    );
  }
  const controller = await readJson(`${base}/`);
  const owEval = info !== undefined && typeof info.ow_eval === 'object';
  const auth = `Basic ${Buffer.from(c.apiKey).toString('base64')}`;
  const admin: AdminHooks | undefined = owEval
    ? {
        poolState: async () =>
          adminCall(`${base}/admin/pool`, { headers: { authorization: auth } }) as Promise<PoolState>,
        memory: async (actions) =>
          adminCall(`${base}/admin/memory?${new URLSearchParams({ actions: actions.join(',') }).toString()}`, {
            headers: { authorization: auth },
          }) as Promise<{ bytes: number; containers: number; method: string }>,
        drain: async (filter) =>
          adminCall(`${base}/admin/drain`, {
            method: 'POST',
            body: JSON.stringify(filter),
            headers: { authorization: auth, 'content-type': 'application/json' },
          }) as Promise<{ removed: number }>,
      }
    : undefined;
  return {
    client,
    admin,
    close,
    apiKey: c.apiKey,
    connection,
    info: {
      kind: c.kind,
      source: c.source,
      apihost: base,
      owEval,
      ...(info ? { info } : {}),
      ...(controller ? { controller } : {}),
    },
  };
}

/** A JSON object from an unauthenticated GET, or undefined when there is none (a proxy in front may hide `GET /`). */
async function readJson(url: string): Promise<Record<string, unknown> | undefined> {
  try {
    const response = await fetch(url, { headers: { accept: 'application/json' } });
    if (!response.ok) return undefined;
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

async function adminCall(url: string, init: RequestInit): Promise<unknown> {
  const response = await fetch(url, init);
  const body = (await response.json()) as { error?: string };
  if (!response.ok)
    throw new TargetError(
      response.status === 401 ? 'ERR_TARGET_AUTH' : 'ERR_TARGET_UNREACHABLE',
      `${url}: HTTP ${response.status}: ${body.error ?? ''}`,
    );
  return body;
}

export { guestKey };
