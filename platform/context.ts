// What every route handler gets: the resolved options, the stores, the invoker and pool, and the request's identity.
import type { AllowedDirs } from '../executor/allowed-dirs.js';
import type { ActivationStore } from './store/activation-store.js';
import type { EntityStore } from './store/entity-store.js';
import type { EventStore } from './store/event-store.js';
import type { Invoker } from './invoker/invoker.js';
import type { ResolvedPlatformOptions } from './options.js';
import type { ContainerPool } from './invoker/container-pool.js';
import type { Throttle } from './controller/throttle.js';

export interface PlatformContext {
  options: ResolvedPlatformOptions;
  /** The operator's --allow-dir list: the only host directories a `dir` annotation may name. */
  allowedDirs: AllowedDirs;
  entities: EntityStore;
  /** Triggers and rules (trigger-routes.ts, rule-routes.ts). */
  events: EventStore;
  activations: ActivationStore;
  invoker: Invoker;
  pool: ContainerPool;
  throttle: Throttle;
  /** Activations started and not yet stored, so close() can wait for them. */
  inFlight: Set<Promise<unknown>>;
}

export interface RequestInfo {
  tid: string;
  /** performance.now() at arrival: the origin of waitTime. */
  arrivedAt: number;
  /** The caller's namespace (the `_` alias already resolved). */
  namespace: string;
  query: URLSearchParams;
  body: unknown;
}
