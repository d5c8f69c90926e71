// GET /admin/budgets: every budget of the platform with its limit and what is in use now, so an operator (and the
// soak test) can see a store approach its bound. The defaults and what a tenant sees at each limit are in
// docs/trust-model.md ("Platform budgets").
import type { PlatformContext } from '../context.js';
import { limitBounds } from './action-input.js';
import { maxNestedSequences, maxSequenceLength } from './sequence-check.js';

export function budgetsOf(ctx: PlatformContext): Record<string, unknown> {
  const o = ctx.options;
  const code = ctx.entities.usage();
  return {
    code: { bytes: code.bytes, maxBytes: code.maxBytes, actions: code.items, maxActions: code.maxItems },
    activations: ctx.activations.usage(),
    requestBytes: { invoke: o.maxPayloadBytes, actionPut: o.maxEntityBytes },
    resultBytes: 1_048_576,
    logBytesPerActivation: { default: limitBounds.logs.std * 1024 * 1024, max: limitBounds.logs.max * 1024 * 1024 },
    sequence: { atomicActions: maxSequenceLength, nestedSequences: maxNestedSequences },
    deadlines: {
      provisionMs: o.provisionTimeoutMs,
      containerCallGraceMs: o.containerCallGraceMs,
      blockingWaitMs: o.blockingWaitMs,
    },
    pool: {
      userMemoryMb: o.userMemoryMb,
      memoryInUseMb: ctx.pool.state().memoryInUseMb,
      queued: ctx.pool.state().queued,
    },
    throttles: o.throttles,
  };
}
