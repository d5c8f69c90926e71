// The HTTP plumbing shared by all routes: transaction ids, Basic auth, bounded JSON bodies, JSON replies with
// OpenWhisk's headers (docs/openwhisk-protocols.md §1.1, §1.2).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { jsonTooDeep, tooDeepMessage } from '../../executor/protocol/json-depth.js';
import { ApiError, messages } from '../api-error.js';

export interface Reply {
  status: number;
  body: unknown;
  /** Header values; an array sends the header once per value (a web action's `Set-Cookie`s). */
  headers?: Record<string, string | string[]>;
  /** Sent as is instead of `body` as JSON, with only `headers` and X-Request-ID (web actions set their own). */
  raw?: Buffer;
}

const alphanumeric = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random bytes drawn 4 KiB at a time: one randomBytes(32) per request cost ~8 µs of the warm invoke here. */
let entropy = Buffer.alloc(0);
let entropyAt = 0;

/** An incoming X-Request-ID is reused as the tid; otherwise 32 chars [A-Za-z0-9] (TransactionId.scala L268-272). */
export function transactionId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  if (typeof given === 'string' && given.length > 0 && given.length <= 128) return given;
  if (entropyAt + 32 > entropy.length) {
    entropy = randomBytes(4096);
    entropyAt = 0;
  }
  let id = '';
  for (let i = entropyAt; i < entropyAt + 32; i++) id += alphanumeric[entropy[i]! % alphanumeric.length];
  entropyAt += 32;
  return id;
}

/** The configured key's bytes, made once per key rather than on every request. */
let expectedKey: { key: string; bytes: Buffer } | undefined;
function keyBytes(key: string): Buffer {
  if (expectedKey?.key !== key) expectedKey = { key, bytes: Buffer.from(key) };
  return expectedKey.bytes;
}

/** Checks Basic credentials against the one configured key; 401 with the realm header otherwise. */
export function authenticate(req: IncomingMessage, key: string): void {
  const header = req.headers.authorization ?? '';
  const match = /^Basic\s+(\S+)$/i.exec(header);
  const given = match ? Buffer.from(match[1]!, 'base64') : Buffer.alloc(0);
  const expected = keyBytes(key);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ApiError(401, messages.unauthenticated, { 'WWW-Authenticate': 'Basic realm="OpenWhisk secure realm"' });
  }
}

/** Reads the body up to `limit` bytes; beyond it, drains the rest (so the client reads our answer) and answers 413. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const bytes = await readBody(req, limit);
  if (bytes === undefined) return undefined;
  const text = bytes.toString('utf8');
  if (jsonTooDeep(text)) throw new ApiError(400, tooDeepMessage());
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError(400, `${messages.malformed}\n${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The body's bytes up to `limit` (413 beyond it); undefined when there is none. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) {
    req.resume();
    throw new ApiError(413, messages.entityTooBig(declared, limit), { Connection: 'close' });
  }
  // Plain events rather than `for await`: the async iterator's promises showed in every invoke's profile.
  const { chunks, size } = await new Promise<{ chunks: Buffer[]; size: number }>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      // The parser has the whole message and every byte is handed over: no need to wait a tick for 'end'.
      if (req.complete && req.readableLength === 0) resolve({ chunks, size });
    });
    req.once('end', () => resolve({ chunks, size }));
    req.once('error', reject);
    req.once('close', () => {
      // 'close' also follows every completed request: build the Error (a stack trace, ≈ 7 µs) only when it matters.
      if (!req.complete) reject(new Error('the request was aborted before its body arrived'));
    });
  });
  if (size > limit) throw new ApiError(413, messages.entityTooBig(size, limit));
  if (size === 0) return undefined;
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

export function writeReply(res: ServerResponse, tid: string, reply: Reply): void {
  if (reply.raw !== undefined) {
    res.writeHead(reply.status, { 'Content-Length': reply.raw.length, 'X-Request-ID': tid, ...reply.headers });
    res.end(reply.raw);
    return;
  }
  const text = JSON.stringify(reply.body);
  const headers: Record<string, string | string[] | number> = {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'X-Request-ID': tid,
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'GET, DELETE, POST, PUT, HEAD',
    'Access-Control-Allow-Headers': 'Authorization, Origin, X-Requested-With, Content-Type, Accept, User-Agent',
  };
  // Copied rather than spread into the literal: every reply passes here.
  for (const name in reply.headers) headers[name] = reply.headers[name]!;
  res.writeHead(reply.status, headers);
  res.end(text);
}

export function errorReply(error: unknown, tid: string): Reply {
  if (error instanceof ApiError)
    return { status: error.status, body: { error: error.message, code: tid }, headers: error.headers };
  return {
    status: 500,
    body: { error: `Internal server error: ${error instanceof Error ? error.message : String(error)}`, code: tid },
  };
}

/**
 * Percent-decodes one path segment; a malformed escape (`%ZZ`, a lone `%`, bytes that are not UTF-8) is the client's
 * error: 400 in OpenWhisk's error shape (its HTTP layer refuses such a request target with 400 too), never a 500.
 */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiError(
      400,
      `${messages.malformed}\nThe path segment '${segment.slice(0, 256)}' is not valid percent-encoding.`,
    );
  }
}

/** Parses an integer query value in [min, max] or throws the given 400 message. */
export function intParam(raw: string | null, fallback: number, min: number, max: number, message: string): number {
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || value < min || value > max) throw new ApiError(400, message);
  return value;
}
