// A RunTarget over the `openwhisk` npm client: the same code drives the embedded platform and a real OpenWhisk.
// On the embedded platform, cold starts are forced with its admin drain hook; on a real OpenWhisk, with a fresh
// action version (a structurally different action gets no warm container) — verified afterwards by initTime.
import type openwhisk from 'openwhisk';
import type { Target } from '../target/target.js';
import { ThrottleGate } from './throttle-gate.js';
import type { DeploySpec, InvokeResult, MemoryUsage, RunTarget, TargetDescription, ActivationLike } from './run-target.js';

export interface OpenWhiskRunTargetOptions {
  description: TargetDescription;
  /** How often to poll for an activation after a 202 (blocking call outlived its wait). @default 500 */
  pollMs?: number;
}

const now = (): number => performance.timeOrigin + performance.now();

export class OpenWhiskRunTarget implements RunTarget {
  readonly description: TargetDescription;
  readonly #client: openwhisk.Client;
  readonly #target: Target;
  readonly #options: OpenWhiskRunTargetOptions;
  readonly #deployed = new Map<string, DeploySpec>();
  readonly #gate: ThrottleGate;

  constructor(target: Target, options: OpenWhiskRunTargetOptions) {
    this.#target = target;
    this.#client = target.client;
    this.#options = options;
    this.description = options.description;
    this.#gate = new ThrottleGate(options.description.throttles);
  }

  async deploy(spec: DeploySpec): Promise<void> {
    this.#deployed.set(spec.name, spec);
    await this.#client.actions.update({
      name: spec.name,
      action: spec.code,
      kind: spec.kind as openwhisk.Kind,
      limits: { memory: spec.memoryMb, timeout: spec.timeoutMs, concurrency: spec.concurrency } as openwhisk.Limits,
      annotations: spec.annotations ?? {},
    });
  }

  invoke(name: string, params: Record<string, unknown>): Promise<InvokeResult> {
    return this.#gate.run(() => this.#invoke(name, params));
  }

  async #invoke(name: string, params: Record<string, unknown>): Promise<InvokeResult> {
    const sentAt = now();
    try {
      const reply = (await this.#client.actions.invoke({ name, params, blocking: true })) as unknown as ActivationLike & { response?: unknown };
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
  }

  async #pollActivation(id: string): Promise<ActivationLike | undefined> {
    const deadline = Date.now() + 360_000; // OpenWhisk's longest action timeout (5 min), plus a minute
    while (Date.now() < deadline) {
      try {
        return (await this.#client.activations.get({ name: id })) as unknown as ActivationLike;
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode !== 404) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, this.#options.pollMs ?? 500));
    }
    return undefined;
  }
}
