// /api/v1/web/{namespace}/{package|default}/{action}[.ext][/more/path]: web actions, as WhiskWebActionsApi serves
// them (docs/openwhisk-triggers-web.md §4): no API key unless the action requires one, the HTTP request handed to the
// action as `__ow_*` parameters, its result turned into the answer by the extension. Every answer of an exported
// action carries the CORS headers unless the action handles OPTIONS itself (`web-custom-options`).
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { launchActivation } from './activation-launch.js';
import { ApiError, messages } from '../api-error.js';
import type { PlatformContext, RequestInfo } from '../context.js';
import { faultAt } from '../invoker/faults.js';
import { authenticate, decodePathSegment, readBody, type Reply } from './http-io.js';
import { owHeaders } from './request-headers.js';
import { resolveAction } from './resolve.js';
import type { ActionEntity, KeyValue } from '../types.js';
import { isBinary, transcode, webExtensions, webMessages, type WebExtension } from './web-response.js';

const entityName = /^([\w]|[\w][\w@ .&-]{0,254}[\w@.&-])$/;
const methods = ['GET', 'DELETE', 'POST', 'PUT', 'HEAD', 'OPTIONS', 'PATCH'];
const reserved = ['__ow_method', '__ow_headers', '__ow_path', '__ow_user', '__ow_query', '__ow_body'];

export const webWords = {
  unauthorized: 'Authentication is possible but has failed or not yet been provided.',
  notReady: 'Response not yet ready.',
  processingError: 'There was an error processing your request.',
  /** Pekko's default message for 500, what `terminate(InternalServerError)` sends. */
  internal: 'There was an internal server error.',
} as const;

/**
 * Finds the action a web path names; `pkg` is undefined for `default`. A seam for tests; the default resolves
 * through packages and bindings with their parameters merged in.
 */
export type WebActionLookup = (
  ctx: PlatformContext,
  namespace: string,
  pkg: string | undefined,
  name: string,
) => ActionEntity | undefined;

export const lookupOwnAction: WebActionLookup = (ctx, namespace, pkg, name) => {
  // Through packages and bindings, parameters merged (resolve.ts); what the caller cannot reach is not found here.
  try {
    const ref = pkg === undefined ? { namespace, name } : { namespace, pkg, name };
    return resolveAction(ctx.entities, ctx.options.namespace, ref).action;
  } catch (error) {
    if (error instanceof ApiError && error.status !== 501) return undefined;
    throw error;
  }
};

export async function webRoute(
  ctx: PlatformContext,
  req: IncomingMessage,
  tid: string,
  arrivedAt: number,
  lookup: WebActionLookup = lookupOwnAction,
): Promise<Reply> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = req.method ?? 'GET';
  // ['', 'api', 'v1', 'web', namespace, package, action, ...rest]; the rest is the unmatched path.
  const raw = url.pathname.split('/');
  const [namespace, pkg, last] = raw.slice(4, 7).map(decodePathSegment);
  if (namespace === undefined || pkg === undefined || last === undefined) throw new ApiError(404, messages.notFound);
  if (!methods.includes(method)) throw new ApiError(405, messages.methodNotAllowed);
  const extension = webExtensions.find((e) => last.endsWith(e));
  const name = extension === undefined ? last : last.slice(0, -extension.length);
  if (![namespace, pkg, name].every((s) => entityName.test(s))) throw new ApiError(404, messages.notFound);
  const action = lookup(ctx, namespace, pkg === 'default' ? undefined : pkg, name);
  if (!action || annotation(action, 'web-export') !== true) throw new ApiError(404, messages.notFound);

  const customOptions = annotation(action, 'web-custom-options') === true;
  const cors = customOptions ? {} : corsHeaders(req.headers);
  try {
    if (!customOptions && method === 'OPTIONS') {
      return { status: 200, body: undefined, raw: Buffer.alloc(0), headers: cors };
    }
    const user = authenticatedAs(ctx, req);
    // With web-custom-options, OPTIONS reaches the action even without credentials, so it can answer preflights.
    if (!(customOptions && method === 'OPTIONS') && !authorized(action.annotations, req.headers, user !== undefined)) {
      throw new ApiError(401, webWords.unauthorized);
    }
    const body = await readBody(req, ctx.options.maxPayloadBytes);
    const rawHttp = annotation(action, 'raw-http') === true;
    const context = { method, headers: req.headers, path: raw.length > 7 ? `/${raw.slice(7).join('/')}` : '', user };
    const args = actionArguments(context, url, body, rawHttp);
    if (!rawHttp) checkOverrides(action, url.searchParams, body === undefined ? undefined : args.bodyFields);
    const info: RequestInfo = { tid, arrivedAt, namespace: action.namespace, query: url.searchParams, body: args.all };
    const answer = await runForAnswer(ctx, info, action, args.all, extension ?? '.http');
    return { ...answer, headers: { ...answer.headers, ...cors } };
  } catch (error) {
    if (error instanceof ApiError) throw new ApiError(error.status, error.message, { ...error.headers, ...cors });
    throw error;
  }
}

/** Blocks up to the platform's wait, then projects the result (or an application error's `error`) and transcodes. */
async function runForAnswer(
  ctx: PlatformContext,
  info: RequestInfo,
  action: ActionEntity,
  payload: object,
  extension: WebExtension,
): Promise<Reply> {
  const { activationId, run } = launchActivation(ctx, info, action, payload, ctx.options.auth);
  const idHeader = { 'x-openwhisk-activation-id': activationId };
  let timer: NodeJS.Timeout | undefined;
  const outlived = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ctx.options.blockingWaitMs, undefined);
  });
  const record = await Promise.race([run, outlived]);
  clearTimeout(timer);
  if (!record) throw new ApiError(202, webWords.notReady, idHeader);
  const { status, result } = record.response;
  if (status !== 'success' && status !== 'application error') {
    throw new ApiError(400, webWords.processingError, idHeader);
  }
  const projection = status === 'success' ? result : (result as { error?: unknown } | undefined)?.error;
  if (projection === undefined) throw new ApiError(404, webMessages.propertyNotFound, idHeader);
  try {
    faultAt(ctx.options.faults, 'web-response');
    const answer = transcode(projection, extension);
    return { status: answer.status, body: undefined, raw: answer.body, headers: { ...answer.headers, ...idHeader } };
  } catch (error) {
    if (error instanceof ApiError) throw new ApiError(error.status, error.message, idHeader);
    // completeRequest (WebActions.scala L680-684): a transcoder that fails is a 500 with the activation id.
    throw new ApiError(500, webWords.internal, idHeader);
  }
}

interface RequestContext {
  method: string;
  headers: IncomingHttpHeaders;
  path: string;
  user: string | undefined;
}

/**
 * The action's input: `__ow_method` (lower case), `__ow_headers`, `__ow_path`, `__ow_user` when authenticated, then
 * query parameters, then body fields (last wins). A raw-http action gets `__ow_query` and `__ow_body` instead.
 */
function actionArguments(
  context: RequestContext,
  url: URL,
  body: Buffer | undefined,
  rawHttp: boolean,
): { all: Record<string, unknown>; bodyFields: Record<string, unknown> } {
  const contentType = mediaOf(context.headers['content-type'], body !== undefined);
  const all: Record<string, unknown> = {
    __ow_method: context.method.toLowerCase(),
    __ow_headers: { ...owHeaders(context.headers), ...(contentType ? { 'content-type': contentType.value } : {}) },
    __ow_path: context.path,
    ...(context.user === undefined ? {} : { __ow_user: context.user }),
  };
  if (rawHttp) {
    all.__ow_query = url.search.replace(/^\?/, '');
    all.__ow_body = body === undefined ? '' : opaque(body, contentType!, true);
    return { all, bodyFields: {} };
  }
  for (const [key, value] of url.searchParams) all[key] = value;
  if (body === undefined) return { all, bodyFields: {} };
  const parsed = structuredBody(body, contentType!);
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    Object.assign(all, parsed);
    return { all, bodyFields: parsed as Record<string, unknown> };
  }
  all.__ow_body = parsed;
  return { all, bodyFields: {} };
}

/** JSON is parsed (any JSON value), form data becomes an object, anything else stays opaque. */
function structuredBody(body: Buffer, media: Media): unknown {
  if (media.essence === 'application/json' || media.essence.endsWith('+json')) {
    try {
      return JSON.parse(body.toString('utf8')) as unknown;
    } catch (error) {
      throw new ApiError(400, `${messages.malformed}\n${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (media.essence === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  }
  return opaque(body, media, false);
}

/** Base64 for binary types (and, for a raw-http action, for application/json too, as OpenWhisk still does). */
function opaque(body: Buffer, media: Media, rawHttp: boolean): string {
  const base64 = isBinary(media) || (rawHttp && media.essence === 'application/json');
  return body.toString(base64 ? 'base64' : 'utf8');
}

interface Media {
  essence: string;
  value: string;
  charset: boolean;
}

const octetStream: Media = { essence: 'application/octet-stream', value: 'application/octet-stream', charset: false };

/** A body without a content type is application/octet-stream, as Pekko HTTP takes it. */
function mediaOf(header: string | undefined, hasBody: boolean): Media | undefined {
  if (header === undefined) return hasBody ? octetStream : undefined;
  const [essence = '', ...params] = header.split(';').map((p) => p.trim());
  return { essence: essence.toLowerCase(), value: header, charset: params.some((p) => /^charset=/i.test(p)) };
}

/** Query or body may not set a reserved `__ow_*` name, nor, under `final`, a parameter the action defines. */
function checkOverrides(
  action: ActionEntity,
  query: URLSearchParams,
  bodyFields: Record<string, unknown> | undefined,
): void {
  const final = annotation(action, 'final') === true;
  const defined = final ? action.parameters.filter((p) => p.value !== null).map((p) => p.key) : [];
  const immutable = new Set([...reserved, ...defined]);
  const given = [...query.keys(), ...Object.keys(bodyFields ?? {})];
  if (given.some((key) => immutable.has(key))) throw new ApiError(400, messages.reservedParams);
}

/** The namespace of valid Basic credentials, if the request carries them; wrong ones count as none. */
function authenticatedAs(ctx: PlatformContext, req: IncomingMessage): string | undefined {
  if (req.headers.authorization === undefined) return undefined;
  try {
    authenticate(req, ctx.options.auth);
    return ctx.options.namespace;
  } catch {
    return undefined;
  }
}

/**
 * `require-whisk-auth`: absent or false lets everyone in; true needs valid credentials; a string or number must
 * equal the X-Require-Whisk-Auth header; any other value lets nobody in.
 */
function authorized(annotations: KeyValue[], headers: IncomingHttpHeaders, authenticated: boolean): boolean {
  const required = annotations.find((a) => a.key === 'require-whisk-auth');
  if (required === undefined || required.value === false) return true;
  if (required.value === true) return authenticated;
  if (typeof required.value === 'string' || typeof required.value === 'number') {
    return headers['x-require-whisk-auth'] === String(required.value);
  }
  return false;
}

const defaultAllowHeaders = 'Authorization, Origin, X-Requested-With, Content-Type, Accept, User-Agent';

function corsHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const asked = headers['access-control-request-headers'];
  return {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'OPTIONS, GET, DELETE, POST, PUT, HEAD, PATCH',
    'Access-Control-Allow-Headers': asked ?? defaultAllowHeaders,
  };
}

const annotation = (action: ActionEntity, key: string): unknown => action.annotations.find((a) => a.key === key)?.value;
