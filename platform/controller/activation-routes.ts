// /namespaces/{ns}/activations[/{id}[/result|/logs]] (docs/openwhisk-protocols.md §1.5).
import { ApiError, messages } from '../api-error.js';
import type { PlatformContext, RequestInfo } from '../context.js';
import { intParam, type Reply } from './http-io.js';
import { activationStatuses, type ActivationRecord } from '../types.js';

export function listActivations(ctx: PlatformContext, req: RequestInfo): Reply {
  const q = req.query;
  const docs = q.get('docs') === 'true';
  const count = q.get('count') === 'true';
  if (docs && count) throw new ApiError(400, messages.docsWithCount);
  const name = q.get('name') ?? undefined;
  if (name !== undefined && (name.split('/').length > 2 || name.length === 0)) {
    throw new ApiError(400, `Parameter may be a 'simple' name or 'package-name/simple' name: ${name}`);
  }
  const limit = intParam(q.get('limit'), 30, 0, 200, messages.listLimit(q.get('limit') ?? '', 'activations')) || 200;
  const skip = intParam(
    q.get('skip'),
    0,
    0,
    Number.MAX_SAFE_INTEGER,
    messages.listSkip(q.get('skip') ?? '', 'activations'),
  );
  const since = epochParam(q.get('since'), 'since');
  const upto = epochParam(q.get('upto'), 'upto');
  const { items, total } = ctx.activations.query({ namespace: req.namespace, name, since, upto, skip, limit });
  if (count) return { status: 200, body: { activations: total } };
  return { status: 200, body: docs ? items.map(apiRecord) : items.map(summary) };
}

export function getActivation(
  ctx: PlatformContext,
  req: RequestInfo,
  id: string,
  part: 'record' | 'result' | 'logs',
): Reply {
  if (id.length !== 32) throw new ApiError(400, `Activation id length is ${id.length} but must be 32.`);
  if (!/^[0-9a-f]{32}$/.test(id)) throw new ApiError(400, 'The activation id is not valid.');
  const record = ctx.activations.get(req.namespace, id);
  if (!record) throw new ApiError(404, messages.notFound);
  if (part === 'logs') return { status: 200, body: { logs: record.logs } };
  if (part === 'result') return { status: 200, body: record.response };
  return { status: 200, body: apiRecord(record) };
}

/** A trigger's record has no end (stored as 0): OpenWhisk then leaves out `end` and `duration` (toExtendedJson). */
function apiRecord(record: ActivationRecord): unknown {
  if (record.end !== 0) return record;
  const { end: _end, duration: _duration, ...rest } = record;
  return rest;
}

function summary(record: ActivationRecord): Record<string, unknown> {
  const { namespace, name, version, publish, annotations, activationId, start, end, duration } = record;
  // The view leaves out end, duration and statusCode when end is 0 (a trigger's record).
  if (end === 0) return { namespace, name, version, publish, annotations, activationId, start };
  return {
    namespace,
    name,
    version,
    publish,
    annotations,
    activationId,
    start,
    end,
    duration,
    statusCode: activationStatuses.indexOf(record.response.status),
  };
}

/** Epoch milliseconds (Instant.ofEpochMilli, Activations.scala L55-62). */
function epochParam(raw: string | null, field: string): number | undefined {
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw))
    throw new ApiError(400, `Parameter '${field}' is not a valid epoch time in milliseconds: ${raw}`);
  return Number(raw);
}
