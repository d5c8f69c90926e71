// The request headers an action sees as `__ow_headers` (fired triggers, web actions): lower-cased, one string per
// header. Pekko HTTP models Content-Type, Content-Length and Transfer-Encoding as part of the entity, not as headers,
// so OpenWhisk's list never has them; web actions add the content type back (docs/openwhisk-triggers-web.md §3, §4.4).
import type { IncomingHttpHeaders } from 'node:http';

const entityHeaders = ['content-type', 'content-length', 'transfer-encoding'];

export function owHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined || entityHeaders.includes(key)) continue;
    out[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
