// Turns a web action's result into the HTTP answer its extension asks for (.json, .html, .svg, .text, .http), with
// the status codes and messages of WhiskWebActionsApi's transcoders (docs/openwhisk-triggers-web.md §4.5-4.6).
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { isBinaryCode } from './action-input.js';
import { ApiError } from '../api-error.js';

export const webExtensions = ['.http', '.json', '.html', '.svg', '.text'] as const;
export type WebExtension = (typeof webExtensions)[number];

/** Status, headers and bytes of the answer; the caller adds CORS and the activation id. */
export interface WebAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export const webMessages = {
  invalidMedia: (type: string) => `Response is not valid '${type}'.`,
  propertyNotFound: 'Response does not include requested property.',
  unknownContentType: 'Response did not specify a known content-type.',
  contentTypeMismatch: 'Response type in header did not match generated content type.',
} as const;

export function transcode(result: unknown, extension: WebExtension): WebAnswer {
  switch (extension) {
    case '.json':
      return asJson(result);
    case '.html':
      return asMarkup(result, 'html', 'text/html; charset=UTF-8', 'text/html');
    case '.svg':
      return asMarkup(result, 'svg', 'image/svg+xml', 'image/svg+xml');
    case '.text':
      return asText(result);
    case '.http':
      return asHttp(result);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (status: number, contentType: string, body: string): WebAnswer => ({
  status,
  headers: { 'Content-Type': contentType },
  body: Buffer.from(body),
});

function asJson(result: unknown): WebAnswer {
  if (typeof result !== 'object' || result === null) {
    throw new ApiError(400, webMessages.invalidMedia('application/json'));
  }
  return text(200, 'application/json', JSON.stringify(result));
}

/** `.html` and `.svg`: the `body` (else `html`/`svg`) property, which must be a string. */
function asMarkup(result: unknown, field: string, contentType: string, media: string): WebAnswer {
  const value = isObject(result) ? (Object.hasOwn(result, 'body') ? result.body : result[field]) : result;
  if (typeof value !== 'string') throw new ApiError(400, webMessages.invalidMedia(media));
  return text(200, contentType, value);
}

/** `.text`: the `body` (else `text`) property; objects and arrays pretty-printed, scalars as their text. */
function asText(result: unknown): WebAnswer {
  const value = isObject(result) ? (Object.hasOwn(result, 'body') ? result.body : result.text) : result;
  if (value === undefined) throw new ApiError(404, webMessages.propertyNotFound);
  const scalar = value === null || typeof value === 'number' || typeof value === 'boolean';
  const shown = typeof value === 'string' ? value : scalar ? String(value) : JSON.stringify(value, null, 2);
  return text(200, 'text/plain; charset=UTF-8', shown);
}

/**
 * `.http`: `{statusCode, headers, body}`. A non-empty string body is text, or base64 for a binary content type
 * (default text/html); any other JSON body is JSON (default application/json); no or empty body answers 204 unless
 * a status is given. Anything malformed is a 400 "Response is not valid 'message/http'.".
 */
function asHttp(result: unknown): WebAnswer {
  const invalid = () => new ApiError(400, webMessages.invalidMedia('message/http'));
  if (!isObject(result)) throw invalid();
  const headers = httpHeaders(result.headers, invalid);
  const status = statusCode(result.statusCode, invalid);
  const contentTypeKey = Object.keys(headers).find((k) => k.toLowerCase() === 'content-type');
  const declared = contentTypeKey === undefined ? undefined : headers[contentTypeKey];
  if (contentTypeKey !== undefined) delete headers[contentTypeKey];
  const body = result.body;
  if (body === undefined || body === null || body === '') {
    return { status: status ?? 204, headers, body: Buffer.alloc(0) };
  }
  const type = parseMediaType(Array.isArray(declared) ? declared[0] : declared);
  if (typeof body === 'string') {
    if (type === undefined && declared !== undefined) throw new ApiError(400, webMessages.unknownContentType);
    const media = type ?? { essence: 'text/html', value: 'text/html', charset: false };
    const encoded = isBinary(media) || (isJsonFamily(media.essence) && isBinaryCode(body));
    const bytes = encoded ? decodeBase64(body) : Buffer.from(body);
    return { status: status ?? 200, headers: { ...headers, 'Content-Type': contentTypeOf(media) }, body: bytes };
  }
  const media = type ?? { essence: 'application/json', value: 'application/json', charset: false };
  if (!isJsonFamily(media.essence)) throw new ApiError(400, webMessages.contentTypeMismatch);
  const json = media.essence === 'application/json' ? JSON.stringify(body) : JSON.stringify(body, null, 2);
  const contentType = media.essence === 'application/json' ? 'application/json' : `${media.essence}; charset=UTF-8`;
  return { status: status ?? 200, headers: { ...headers, 'Content-Type': contentType }, body: Buffer.from(json) };
}

/** Header values may be strings, numbers, booleans or arrays of them (one header line per element). */
function httpHeaders(raw: unknown, invalid: () => ApiError): Record<string, string | string[]> {
  if (raw === undefined) return {};
  if (!isObject(raw)) throw invalid();
  const out: Record<string, string | string[]> = {};
  const flat = (v: unknown): string[] => {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return [String(v)];
    if (Array.isArray(v)) return v.flatMap(flat);
    throw invalid();
  };
  for (const [key, value] of Object.entries(raw)) {
    const values = flat(value);
    // Node refuses what HTTP forbids; the framing headers are the platform's to set.
    try {
      validateHeaderName(key);
      for (const v of values) validateHeaderValue(key, v);
    } catch {
      throw invalid();
    }
    if (['content-length', 'transfer-encoding', 'connection'].includes(key.toLowerCase())) continue;
    out[key] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

/**
 * A whole number or a string of one, 200-999. WebActions.scala (L251-262) takes 100-999 and refuses the rest with
 * this 400; a 1xx there reaches Pekko HTTP as a final status, but HTTP has no final 1xx answer (RFC 9110 §15.2):
 * Node would send it as an interim response and the client would wait for another (or, pipelined, read the next
 * request's answer as this one's). So 1xx gets the same 400 as any status WebActions cannot use.
 */
function statusCode(raw: unknown, invalid: () => ApiError): number | undefined {
  if (raw === undefined) return undefined;
  const given = typeof raw === 'string' ? raw.trim() : undefined;
  const code = typeof raw === 'number' ? raw : given !== undefined && /^[+-]?\d+$/.test(given) ? Number(given) : NaN;
  if (!Number.isInteger(code) || code < 200 || code > 999) throw invalid();
  return code;
}

interface MediaType {
  essence: string;
  value: string;
  charset: boolean;
}

function parseMediaType(value: string | undefined): MediaType | undefined {
  if (value === undefined) return undefined;
  const [essence, ...params] = value.split(';').map((p) => p.trim());
  if (!essence || !/^[\w.+-]+\/[\w.+-]+$/.test(essence)) return undefined;
  return { essence: essence.toLowerCase(), value: value.trim(), charset: params.some((p) => /^charset=/i.test(p)) };
}

const isJsonFamily = (essence: string): boolean => essence === 'application/json' || essence.endsWith('+json');

/**
 * Binary unless it is text (text/*, JSON, JavaScript, XML, form data) or declares a charset: the split Pekko
 * HTTP's media-type registry makes (image/svg+xml is registered as binary there).
 */
export function isBinary(media: { essence: string; charset: boolean }): boolean {
  if (media.charset) return false;
  const { essence } = media;
  if (essence.startsWith('text/') || isJsonFamily(essence)) return false;
  if (essence === 'image/svg+xml') return true;
  return (
    ![
      'application/javascript',
      'application/ecmascript',
      'application/xml',
      'application/x-www-form-urlencoded',
    ].includes(essence) && !(essence.startsWith('application/') && essence.endsWith('+xml'))
  );
}

/** Text types get `charset=UTF-8` unless they name one; application/json has a fixed charset and gets none. */
function contentTypeOf(media: MediaType): string {
  if (isBinary(media) || media.charset || media.essence === 'application/json') return media.value;
  return `${media.value}; charset=UTF-8`;
}

const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;
function isBase64(value: string): boolean {
  return base64Pattern.test(value) && value.replace(/=+$/, '').length % 4 !== 1;
}

/** Strict, as java.util.Base64's basic decoder: anything outside the alphabet is an error, not skipped. */
function decodeBase64(value: string): Buffer {
  if (!isBase64(value)) throw new ApiError(400, webMessages.contentTypeMismatch);
  return Buffer.from(value, 'base64');
}
