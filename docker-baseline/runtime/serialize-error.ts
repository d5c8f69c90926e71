// What a rejected promise becomes in `{"error": …}`: the reference runtime uses the serialize-error package (9.x);
// this keeps its observable behaviour for the cases that matter (Errors → {name, message, stack, …own fields},
// plain values unchanged, circular references → "[Circular]", functions dropped) without the dependency.

const ERROR_FIELDS = ['name', 'message', 'stack', 'code', 'cause'] as const;

export function serializeError(value: unknown): unknown {
  if (typeof value === 'function') return `[Function: ${(value as { name?: string }).name || 'anonymous'}]`;
  if (value === null || typeof value !== 'object') return value;
  return copy(value, new Set());
}

function copy(value: object, seen: Set<object>): unknown {
  if (seen.has(value)) return '[Circular]';
  if (Buffer.isBuffer(value)) return '[object Buffer]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => nested(item, seen));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (typeof item !== 'function') out[key] = nested(item, seen);
    }
    if (value instanceof Error) {
      const error = value as unknown as Record<string, unknown>;
      for (const key of ERROR_FIELDS) {
        if (!(key in out) && error[key] !== undefined && typeof error[key] !== 'function')
          out[key] = nested(error[key], seen);
      }
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

function nested(item: unknown, seen: Set<object>): unknown {
  if (item === null || typeof item !== 'object') return item;
  if (typeof (item as { toJSON?: unknown }).toJSON === 'function' && !(item instanceof Error)) return item;
  return copy(item, seen);
}
