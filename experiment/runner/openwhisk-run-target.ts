// A RunTarget over the `openwhisk` npm client: the same code drives the embedded platform and a real OpenWhisk.
// On the embedded platform, cold starts are forced with its admin drain hook; on a real OpenWhisk, with a fresh
// action version (a structurally different action gets no warm container) — verified afterwards by initTime.
// The blocking invoke, the one call a load scenario repeats, goes over a direct keep-alive request (the platform's
// HTTP/1.1 client) to the URL the client would use, built from the target's own connection settings:
// `npm run bench -- harness-load` measured the client (needle) as the bottleneck of load generation. Everything else
// goes through the client. Both paths end in the same InvokeResult: an activation record when the API sent one,
// otherwise an error whose code is the HTTP status (or NETWORK) and whose message is the API's own `error` text.
import { STATUS_CODES } from 'node:http';
import type openwhisk from 'openwhisk';
import { KeepAliveClient, type Http1Reply } from '../../http-client/http1-client.js';
import type { Target, TargetConnection } from '../target/target.js';
import { ThrottleGate } from './throttle-gate.js';
import type {
  DeploySpec,
  InvokeResult,
  MemoryUsage,
  RunTarget,
  TargetDescription,
  ActivationLike,
} from './run-target.js';

export interface OpenWhiskRunTargetOptions {
  description: TargetDescription;
  /** How often to poll for an activation after a 202 (blocking call outlived its wait). @default 500 */
  pollMs?: number;
  /**
   * How blocking invokes are sent: 'direct' (keep-alive HTTP/1.1 from the target's connection settings, when nothing in
   * the environment changes how the client sends, e.g. a proxy) or 'client' (the openwhisk client for every call; the
   * benchmark compares both). @default 'direct'
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
  /** Sequences deployed, removed before the actions they reference. */
  readonly #sequences = new Set<string>();
  readonly #gate: ThrottleGate;
  readonly #direct: DirectInvoke | undefined;

  constructor(target: Target, options: OpenWhiskRunTargetOptions) {
    this.#target = target;
    this.#client = target.client;
    this.#options = options;
    this.description = options.description;
    this.#gate = new ThrottleGate(options.description.throttles);
    this.#direct = options.invokeVia === 'client' ? undefined : DirectInvoke.from(target.connection);
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

  async deploySequence(name: string, components: readonly string[]): Promise<void> {
    this.#sequences.add(name);
    // `/_/name`: fully qualified in the caller's own namespace, as OpenWhisk requires of sequence components.
    await this.#client.actions.update({ name, sequence: components.map((c) => `/_/${c}`) } as never);
  }

  activation(id: string): Promise<ActivationLike | undefined> {
    return this.#pollActivation(id);
  }

  invoke(name: string, params: Record<string, unknown>): Promise<InvokeResult> {
    // Without throttles the gate has nothing to enforce (it would only record every start for a minute).
    return this.#gate.limited ? this.#gate.run(() => this.#invoke(name, params)) : this.#invoke(name, params);
  }

  async #invoke(name: string, params: Record<string, unknown>): Promise<InvokeResult> {
    const sentAt = now();
    const direct = this.#direct?.eligible(name) ? this.#direct : undefined;
    const reply = direct ? await direct.invoke(name, params) : await this.#invokeWithClient(name, params);
    const receivedAt = now();
    if ('network' in reply) return { sentAt, receivedAt, error: { code: 'NETWORK', message: reply.network } };
    const { status, body } = reply;
    if (isActivation(body)) {
      if (body.response === undefined) {
        // 202: the blocking wait ran out; the activation finishes later and is fetched by id.
        const activation = await this.#pollActivation(body.activationId);
        const missing = { code: 'TIMEOUT', message: `activation ${body.activationId} did not finish` };
        return { sentAt, receivedAt: now(), httpStatus: 202, ...(activation ? { activation } : { error: missing }) };
      }
      return { sentAt, receivedAt, httpStatus: status, activation: body };
    }
    const error = { code: String(status), message: apiErrorMessage(status, body) };
    return { sentAt, receivedAt, httpStatus: status, error };
  }

  /**
   * The blocking invoke through the client, as an ApiReply. The client resolves with the body below HTTP 400 and
   * rejects with its documented OpenWhiskError otherwise: `statusCode` and the body as `error`, or for a network
   * failure no `statusCode` and `error: { error: <the cause's message> }`. Only those public fields are read.
   */
  async #invokeWithClient(name: string, params: Record<string, unknown>): Promise<ApiReply> {
    try {
      const body: unknown = await this.#client.actions.invoke({ name, params, blocking: true });
      return { status: isActivation(body) && body.response === undefined ? 202 : 200, body };
    } catch (error) {
      const failed = error as { statusCode?: unknown; error?: unknown; message?: unknown };
      if (typeof failed.statusCode === 'number') return { status: failed.statusCode, body: failed.error };
      const cause = (failed.error as { error?: unknown } | undefined)?.error;
      return { network: typeof cause === 'string' ? cause : String(failed.message ?? error) };
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

  /**
   * Resolves once no stem cell of the embedded platform is still starting (the pool's replacements of used ones), true
   * when it got there before `deadlineMs`. A target without admin hooks (a real OpenWhisk) cannot be asked: false.
   */
  async settleStemCells(deadlineMs = 60_000, pollMs = 50): Promise<boolean> {
    const admin = this.#target.admin;
    if (!admin) return false;
    const until = performance.now() + deadlineMs;
    for (;;) {
      const state = await admin.poolState();
      if (!state.containers.some((c) => c.action === undefined && c.state === 'creating')) return true;
      if (performance.now() >= until) return false;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  async remove(names: readonly string[]): Promise<void> {
    for (const name of names) {
      this.#deployed.delete(name);
      this.#sequences.delete(name);
      await this.#client.actions.delete({ name }).catch(() => undefined);
    }
  }

  async memoryUsage(names: readonly string[]): Promise<MemoryUsage | undefined> {
    return this.#target.admin?.memory(names);
  }

  async close(): Promise<void> {
    await this.remove([...this.#sequences, ...this.#deployed.keys()]);
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

/** What came back from the API: a status and its parsed body, or a request that never got an answer. */
type ApiReply = { status: number; body: unknown } | { network: string };

function isActivation(body: unknown): body is ActivationLike & { response?: unknown } {
  if (typeof body !== 'object' || body === null) return false;
  return typeof (body as { activationId?: unknown }).activationId === 'string';
}

/** `HTTP 404 (Not Found): <the API's error text>`; OpenWhisk's error bodies are `{"error": "...", "code": "..."}`. */
function apiErrorMessage(status: number, body: unknown): string {
  const text = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : body;
  const detail = typeof text === 'string' && text !== '' ? text : 'no error message';
  return `HTTP ${status} (${STATUS_CODES[status] ?? 'unknown status'}): ${detail}`;
}

/** Environment variables with which the client would send differently (openwhisk 3.x README, "proxy"). */
const proxyVariables = ['PROXY', 'proxy', 'HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy'];

/**
 * POST <api>namespaces/<ns>/actions/<name>?blocking=true with the client's URL, Basic auth, User-Agent and JSON body,
 * over keep-alive sockets, built from the target's connection settings. Not used when a proxy is configured in the
 * environment (the client would go through it) or the settings do not form a plain http(s) URL.
 */
class DirectInvoke {
  readonly #paths = new Map<string, string>();
  readonly #pool: KeepAliveClient;

  private constructor(
    private readonly api: URL,
    private readonly headers: string[],
    private readonly namespace: string,
    ignoreCerts: boolean,
  ) {
    this.#pool = new KeepAliveClient(api.origin, { rejectUnauthorized: !ignoreCerts, maxSockets: 1024 });
  }

  static from(connection: TargetConnection, env: NodeJS.ProcessEnv = process.env): DirectInvoke | undefined {
    if (proxyVariables.some((name) => env[name])) return undefined;
    let api: URL;
    try {
      api = new URL(connection.api.endsWith('/') ? connection.api : `${connection.api}/`);
    } catch {
      return undefined;
    }
    if (api.protocol !== 'http:' && api.protocol !== 'https:') return undefined;
    const headers = [
      `authorization: Basic ${Buffer.from(connection.apiKey).toString('base64')}`,
      'accept: application/json',
      'content-type: application/json',
      `user-agent: ${env.__OW_USER_AGENT || 'openwhisk-client-js'}`,
    ];
    if (connection.namespace !== undefined) headers.push(`x-namespace-id: ${connection.namespace}`);
    if (env.__OW_TRANSACTION_ID) headers.push(`x-request-id: ${env.__OW_TRANSACTION_ID}`);
    if (headers.some((h) => /[\r\n]/.test(h))) return undefined;
    const namespace = connection.namespace ?? (env.__OW_NAMESPACE || '_');
    return new DirectInvoke(api, headers, namespace, connection.ignoreCerts);
  }

  /** `name` and `package/name` in the default namespace; anything else (`/ns/name`) goes through the client. */
  eligible(name: string): boolean {
    if (this.#paths.has(name)) return true;
    return name.length > 0 && !name.startsWith('/') && (name.match(/\//g) ?? []).length <= 1;
  }

  async invoke(name: string, params: Record<string, unknown>): Promise<ApiReply> {
    let reply: Http1Reply;
    try {
      reply = await this.#pool.request('POST', this.#pathOf(name), this.headers, JSON.stringify(params));
    } catch (error) {
      return { network: (error as Error).message };
    }
    const text = reply.body.toString('utf8');
    let body: unknown = text;
    if ((reply.headers['content-type'] ?? '').toLowerCase().includes('json')) {
      try {
        body = JSON.parse(text);
      } catch {
        /* an unparsable body is kept as text, as the client keeps it */
      }
    }
    return { status: reply.status, body };
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
