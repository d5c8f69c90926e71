// A RunTarget over the `openwhisk` npm client: the same code drives the embedded platform and a real OpenWhisk.
// On the embedded platform, cold starts are forced with its admin drain hook; on a real OpenWhisk, with a fresh
// action version (a structurally different action gets no warm container) — verified afterwards by initTime.
// The blocking invoke, the one call a load scenario repeats, goes over a direct keep-alive request to the same URL
// with the same headers and the client's response handling: `npm run bench -- harness-load` measured the client
// (needle) as the bottleneck of load generation. Everything else goes through the client.
import { STATUS_CODES } from 'node:http';
import type openwhisk from 'openwhisk';
import { Http1Pool, type Http1Reply } from '../../http-client/http1-client.js';
import type { Target } from '../target/target.js';
import { ThrottleGate } from './throttle-gate.js';
import type { DeploySpec, InvokeResult, MemoryUsage, RunTarget, TargetDescription, ActivationLike } from './run-target.js';

export interface OpenWhiskRunTargetOptions {
  description: TargetDescription;
  /** How often to poll for an activation after a 202 (blocking call outlived its wait). @default 500 */
  pollMs?: number;
  /**
   * How blocking invokes are sent: 'direct' (keep-alive node:http, when the client's settings allow it) or 'client'
   * (the openwhisk client for every call; the benchmark compares both). @default 'direct'
   */
  invokeVia?: 'direct' | 'client';
}

const now = (): number => performance.timeOrigin + performance.now();

export class OpenWhiskRunTarget implements RunTarget {
  readonly description: TargetDescription;
  readonly #client: openwhisk.Client;
  readonly #target: Target;
  readonly #options: OpenWhiskRunTargetOptions;
  readonly #deployed = new Map<string, DeploySpec>();
  readonly #gate: ThrottleGate;
  readonly #direct: DirectInvoke | undefined;

  constructor(target: Target, options: OpenWhiskRunTargetOptions) {
    this.#target = target;
    this.#client = target.client;
    this.#options = options;
    this.description = options.description;
    this.#gate = new ThrottleGate(options.description.throttles);
    this.#direct = options.invokeVia === 'client' ? undefined : DirectInvoke.from(target.client);
  }

  /** Whether blocking invokes bypass the client ('direct') or not ('client'), for the run manifest and the bench. */
  get invokeVia(): 'direct' | 'client' {
    return this.#direct === undefined ? 'client' : 'direct';
  }

  async deploy(spec: DeploySpec): Promise<void> {
    this.#deployed.set(spec.name, spec);
    await this.#client.actions.update({
      name: spec.name,
      action: spec.code,
      kind: spec.kind,
      ...(spec.image === undefined ? {} : { exec: { image: spec.image } }),
      limits: { memory: spec.memoryMb, timeout: spec.timeoutMs, concurrency: spec.concurrency },
      annotations: spec.annotations ?? {},
    });
  }

  invoke(name: string, params: Record<string, unknown>): Promise<InvokeResult> {
    // Without throttles the gate has nothing to enforce (it would only record every start for a minute).
    return this.#gate.limited ? this.#gate.run(() => this.#invoke(name, params)) : this.#invoke(name, params);
  }

  async #invoke(name: string, params: Record<string, unknown>): Promise<InvokeResult> {
    const sentAt = now();
    try {
      const direct = this.#direct?.eligible(name) ? this.#direct : undefined;
      const reply = (direct ? await direct.invoke(name, params) : await this.#client.actions.invoke({ name, params, blocking: true })) as ActivationLike & { response?: unknown };
      const receivedAt = now();
      if (reply.response === undefined) {
        // 202: the blocking wait ran out; the activation finishes later and is fetched by id.
        const activation = await this.#pollActivation(reply.activationId);
        return { sentAt, receivedAt: now(), httpStatus: 202, ...(activation ? { activation } : { error: { code: 'TIMEOUT', message: `activation ${reply.activationId} did not finish` } }) };
      }
      return { sentAt, receivedAt, httpStatus: 200, activation: reply };
    } catch (error) {
      const receivedAt = now();
      const failed = error as { statusCode?: number; error?: unknown; message?: string };
      const body = failed.error as (ActivationLike & { response?: unknown }) | undefined;
      if (body && typeof body === 'object' && 'activationId' in body && 'response' in body) {
        return { sentAt, receivedAt, ...(failed.statusCode ? { httpStatus: failed.statusCode } : {}), activation: body };
      }
      return {
        sentAt, receivedAt, ...(failed.statusCode ? { httpStatus: failed.statusCode } : {}),
        error: { code: failed.statusCode ? String(failed.statusCode) : 'NETWORK', message: failed.message ?? String(error) },
      };
    }
  }

  async ensureNoContainers(names: readonly string[]): Promise<void> {
    const admin = this.#target.admin;
    if (admin) {
      for (const name of names) await admin.drain({ action: name });
      return;
    }
    // A real OpenWhisk has no drain: a new version is a different action, so the next invocation needs a new container.
    for (const name of names) {
      const spec = this.#deployed.get(name);
      if (spec) await this.deploy(spec);
    }
  }

  async remove(names: readonly string[]): Promise<void> {
    for (const name of names) {
      this.#deployed.delete(name);
      await this.#client.actions.delete({ name }).catch(() => undefined);
    }
  }

  async memoryUsage(names: readonly string[]): Promise<MemoryUsage | undefined> {
    return this.#target.admin?.memory(names);
  }

  async close(): Promise<void> {
    await this.remove([...this.#deployed.keys()]);
    this.#direct?.close();
  }

  async #pollActivation(id: string): Promise<ActivationLike | undefined> {
    const deadline = Date.now() + 360_000; // OpenWhisk's longest action timeout (5 min), plus a minute
    while (Date.now() < deadline) {
      try {
        return await this.#client.activations.get({ name: id });
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode !== 404) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, this.#options.pollMs ?? 500));
    }
    return undefined;
  }
}

/** The parts of the client's resolved options (openwhisk 3.x `Client.options`) that decide the request it sends. */
interface ClientOptions {
  api?: unknown; apiKey?: unknown; namespace?: unknown; ignoreCerts?: unknown; noUserAgent?: unknown;
  authHandler?: unknown; proxy?: unknown; agent?: unknown; cert?: unknown; key?: unknown; retry?: unknown;
}

/** Thrown as the client throws its OpenWhiskError (message, body as `error`, statusCode), so #invoke's catch treats
 * both paths alike. */
class ClientLikeError extends Error {
  override readonly name = 'OpenWhiskError';
  constructor(message: string, readonly error: unknown, readonly statusCode?: number) {
    super(message);
  }
}

/**
 * POST <api>namespaces/<ns>/actions/<name>?blocking=true exactly as the openwhisk client sends it (URL, Basic auth,
 * User-Agent, JSON body), over keep-alive sockets (the platform's hand-rolled HTTP/1.1 client), answered as the
 * client answers: the parsed body below 400, an OpenWhiskError-shaped rejection at 400 and above (same message
 * text), "Unknown Error From API" for a network failure. Only when the client was set up plainly (no auth handler,
 * proxy, own agent, client certificate or retries).
 */
class DirectInvoke {
  readonly #paths = new Map<string, string>();
  readonly #pool: Http1Pool;

  private constructor(private readonly api: URL, private readonly headers: string[], private readonly namespace: string, ignoreCerts: boolean) {
    this.#pool = new Http1Pool(api.origin, { rejectUnauthorized: !ignoreCerts, maxSockets: 1024 });
  }

  static from(client: openwhisk.Client): DirectInvoke | undefined {
    const options = (client.actions as unknown as { client?: { options?: ClientOptions } }).client?.options;
    if (!options || typeof options.api !== 'string' || typeof options.apiKey !== 'string') return undefined;
    if (options.authHandler || options.proxy || options.agent || options.cert || options.retry) return undefined;
    let api: URL;
    try {
      api = new URL(options.api.endsWith('/') ? options.api : `${options.api}/`);
    } catch {
      return undefined;
    }
    if (api.protocol !== 'http:' && api.protocol !== 'https:') return undefined;
    const headers = [
      `authorization: Basic ${Buffer.from(options.apiKey).toString('base64')}`,
      'accept: application/json',
      'content-type: application/json',
    ];
    if (options.noUserAgent !== true) headers.push(`user-agent: ${process.env.__OW_USER_AGENT || 'openwhisk-client-js'}`);
    if (typeof options.namespace === 'string') headers.push(`x-namespace-id: ${options.namespace}`);
    if (process.env.__OW_TRANSACTION_ID) headers.push(`x-request-id: ${process.env.__OW_TRANSACTION_ID}`);
    if (headers.some((h) => /[\r\n]/.test(h))) return undefined;
    const namespace = typeof options.namespace === 'string' ? options.namespace : process.env.__OW_NAMESPACE || '_';
    return new DirectInvoke(api, headers, namespace, options.ignoreCerts === true);
  }

  /** `name` and `package/name` in the default namespace; anything else (`/ns/name`) goes through the client. */
  eligible(name: string): boolean {
    if (this.#paths.has(name)) return true;
    return name.length > 0 && !name.startsWith('/') && (name.match(/\//g) ?? []).length <= 1;
  }

  async invoke(name: string, params: Record<string, unknown>): Promise<unknown> {
    const path = this.#pathOf(name);
    let reply: Http1Reply;
    try {
      reply = await this.#pool.request('POST', path, this.headers, JSON.stringify(params));
    } catch (error) {
      const message = (error as Error).message;
      throw new ClientLikeError(`Unknown Error From API: ${message}`, { error: message });
    }
    const text = reply.body.toString('utf8');
    let parsed: unknown = text;
    if ((reply.headers['content-type'] ?? '').toLowerCase().includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch { /* the client keeps an unparsable body as it came */ }
    }
    if (reply.status < 400) return parsed;
    const message = `POST ${this.api.origin}${path.slice(0, path.indexOf('?'))} Returned HTTP ${reply.status} (${STATUS_CODES[reply.status]}) --> "${errMessage(parsed)}"`;
    throw new ClientLikeError(message, parsed, reply.status);
  }

  close(): void {
    this.#pool.close();
  }

  /** The path the client would request: new URL('namespaces/<ns>/actions/<name>', api) plus `?blocking=true`. */
  #pathOf(name: string): string {
    let path = this.#paths.get(name);
    if (path === undefined) {
      const url = new URL(`namespaces/${encodeURIComponent(this.namespace)}/actions/${name}`, this.api);
      path = `${url.pathname}?blocking=true`;
      this.#paths.set(name, path);
    }
    return path;
  }
}

/** The client's own `errMessage` (openwhisk/lib/client.js): the text it puts after `-->`. */
function errMessage(body: unknown): string {
  if (body === null || typeof body !== 'object') return 'Response Missing Error Message.';
  const b = body as { error?: unknown; response?: { result?: { error?: unknown } } };
  if (typeof b.error === 'string') return b.error;
  const error = b.response?.result?.error as { error?: unknown; statusCode?: unknown } | string | undefined;
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object') {
    if (typeof error.error === 'string') return error.error;
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the client prints statusCode as it is, so do we
    if (error.statusCode) return `application error, status code: ${String(error.statusCode)}`;
  }
  return 'Response Missing Error Message.';
}
