// Web actions over real HTTP (fetch), created with the real `openwhisk` client, on fake containers whose result is
// their input (so an action's parameters choose its answer): every extension, the annotations, the `__ow_*` context,
// and the error answers of WhiskWebActionsApi (docs/openwhisk-triggers-web.md §4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import openwhisk from 'openwhisk';
import { FakeFactory } from '../../test-support/fake-factory.js';
import { guestKey, type PlatformOptions } from '../options.js';
import { startPlatformWithFactories } from '../server.js';

async function platform(t: { after: (fn: () => Promise<void>) => void }, options: PlatformOptions = {}) {
  const factory = new FakeFactory();
  const running = await startPlatformWithFactories({
    port: 0,
    factories: { wasm: factory, nodejs: factory },
    ...options,
  });
  t.after(() => running.close());
  const ow = openwhisk({ apihost: running.url, api_key: guestKey });
  const web = (path: string, init: RequestInit = {}) => fetch(`${running.url}/api/v1/web/guest/${path}`, init);
  const action = (name: string, annotations: Record<string, unknown>, params: Record<string, unknown> = {}) =>
    ow.actions.create({ name, action: 'code', annotations, params });
  return { running, ow, web, action, factory };
}

const basic = (key: string) => `Basic ${Buffer.from(key).toString('base64')}`;
const sending = (method: string, body: string | Buffer, type: string): RequestInit => ({
  method,
  body,
  headers: { 'content-type': type },
});
const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;
type Echo = Record<string, unknown> & { __ow_headers: Record<string, string> };

test('.json: query and body become parameters beside the __ow_* context, no key needed, CORS headers', async (t) => {
  const { web, action, ow } = await platform(t);
  await action('echo', { 'web-export': true });
  const get = await web('default/echo.json/some/path?name=Jane&n=1');
  assert.equal(get.status, 200);
  assert.equal(get.headers.get('content-type'), 'application/json');
  assert.equal(get.headers.get('access-control-allow-origin'), '*');
  assert.equal(get.headers.get('access-control-allow-methods'), 'OPTIONS, GET, DELETE, POST, PUT, HEAD, PATCH');
  const id = get.headers.get('x-openwhisk-activation-id')!;
  const echo = (await get.json()) as Echo;
  assert.deepEqual([echo.name, echo.n, echo.__ow_method, echo.__ow_path], ['Jane', '1', 'get', '/some/path']);
  assert.equal(echo.__ow_user, undefined);
  assert.equal(typeof echo.__ow_headers.host, 'string');
  assert.equal(echo.__ow_headers['content-type'], undefined);
  const record = (await ow.activations.get({ name: id })) as unknown as { name: string };
  assert.equal(record.name, 'echo');

  const json = (await (
    await web('default/echo.json?name=Jane', sending('POST', '{"name":"Joe","deep":{"a":1}}', 'application/json'))
  ).json()) as Echo;
  assert.deepEqual([json.name, json.deep, json.__ow_method], ['Joe', { a: 1 }, 'post']); // the body wins over the query
  assert.equal(json.__ow_headers['content-type'], 'application/json');
  const array = (await (await web('default/echo.json', sending('PUT', '[1,2]', 'application/json'))).json()) as Echo;
  assert.deepEqual(array.__ow_body, [1, 2]);
  const form = (await (
    await web('default/echo.json', sending('POST', 'name=Ann&x=y', 'application/x-www-form-urlencoded'))
  ).json()) as Echo;
  assert.deepEqual([form.name, form.x], ['Ann', 'y']);
  const plain = (await (await web('default/echo.json', sending('POST', 'Jane', 'text/plain'))).json()) as Echo;
  assert.equal(plain.__ow_body, 'Jane');
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]);
  const binary = (await (await web('default/echo.json', sending('POST', png, 'image/png'))).json()) as Echo;
  assert.equal(binary.__ow_body, png.toString('base64'));
  const del = (await (await web('default/echo.json', { method: 'DELETE' })).json()) as Echo;
  assert.equal(del.__ow_method, 'delete');
  const patch = (await (
    await web('default/echo.json', sending('PATCH', '{"a":1}', 'application/json'))
  ).json()) as Echo;
  assert.deepEqual([patch.__ow_method, patch.a], ['patch', 1]);
  const head = await web('default/echo.json', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), '');
  const badJson = await web('default/echo.json', sending('POST', '{', 'application/json'));
  assert.equal(badJson.status, 400);
  assert.match(((await badJson.json()) as { error: string }).error, /^The request content was malformed/);
});

test('.http: statusCode, headers (arrays repeat), body; base64 for binary types; JSON; empty is 204', async (t) => {
  const { web, action } = await platform(t);
  const headers = { 'Set-Cookie': ['a=1', 'b=2'], 'X-Count': 5 };
  await action('page', { 'web-export': true }, { statusCode: 201, headers, body: '<h1>hi</h1>' });
  const page = await web('default/page.http');
  assert.equal(page.status, 201);
  assert.equal(page.headers.get('content-type'), 'text/html; charset=UTF-8');
  assert.deepEqual(page.headers.getSetCookie(), ['a=1', 'b=2']);
  assert.equal(page.headers.get('x-count'), '5');
  assert.equal(await page.text(), '<h1>hi</h1>');
  assert.equal((await web('default/page')).status, 201); // no extension means .http

  const pixels = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 254, 255]);
  const png = { headers: { 'Content-Type': 'image/png' }, body: pixels.toString('base64') };
  await action('image', { 'web-export': true }, png);
  const image = await web('default/image.http');
  assert.equal(image.status, 200);
  assert.equal(image.headers.get('content-type'), 'image/png');
  assert.deepEqual(Buffer.from(await image.arrayBuffer()), pixels);
  await action('notbase64', { 'web-export': true }, { headers: { 'content-type': 'image/png' }, body: 'not base64!' });
  const bad = await web('default/notbase64.http');
  assert.equal(bad.status, 400);
  assert.equal(await errorOf(bad), 'Response type in header did not match generated content type.');

  await action('data', { 'web-export': true }, { body: { ok: true } });
  const data = await web('default/data.http');
  assert.equal(data.headers.get('content-type'), 'application/json');
  assert.deepEqual(await data.json(), { ok: true });
  const location = 'http://127.0.0.1/elsewhere';
  await action('redirect', { 'web-export': true }, { statusCode: 302, headers: { location } });
  const redirect = await web('default/redirect.http', { redirect: 'manual' });
  assert.equal(redirect.status, 302);
  assert.equal(redirect.headers.get('location'), location);
  await action('nothing', { 'web-export': true }, { body: '' });
  assert.equal((await web('default/nothing.http')).status, 204);
  await action('badcode', { 'web-export': true }, { statusCode: 'abc' });
  const badCode = await web('default/badcode.http');
  assert.equal(badCode.status, 400);
  assert.equal(((await badCode.json()) as { error: string }).error, "Response is not valid 'message/http'.");
});

test(".html, .svg and .text take the body property; without one it is an error in OpenWhisk's words", async (t) => {
  const { web, action } = await platform(t);
  await action('markup', { 'web-export': true }, { body: '<p>x</p>' });
  const html = await web('default/markup.html');
  assert.equal(html.headers.get('content-type'), 'text/html; charset=UTF-8');
  assert.equal(await html.text(), '<p>x</p>');
  const svg = await web('default/markup.svg');
  assert.equal(svg.headers.get('content-type'), 'image/svg+xml');
  const text = await web('default/markup.text');
  assert.equal(text.headers.get('content-type'), 'text/plain; charset=UTF-8');
  assert.equal(await text.text(), '<p>x</p>');
  await action('bare', { 'web-export': true });
  const noHtml = await web('default/bare.html');
  assert.equal(noHtml.status, 400);
  assert.equal(((await noHtml.json()) as { error: string }).error, "Response is not valid 'text/html'.");
  const noText = await web('default/bare.text');
  assert.equal(noText.status, 404);
  assert.equal(((await noText.json()) as { error: string }).error, 'Response does not include requested property.');
});

test("errors: an application error's `error` is the answer; a developer error 400; unexported 404", async (t) => {
  const { web, action, running } = await platform(t);
  await action('teapot', { 'web-export': true }, { fail: { statusCode: 418, body: 'short and stout' } });
  const teapot = await web('default/teapot.http');
  assert.equal(teapot.status, 418);
  assert.equal(await teapot.text(), 'short and stout');
  await action('crash', { 'web-export': true }, { crash: true });
  const crash = await web('default/crash.json');
  assert.equal(crash.status, 400);
  assert.equal(((await crash.json()) as { error: string }).error, 'There was an error processing your request.');
  assert.equal(crash.headers.get('access-control-allow-origin'), '*');
  await action('private', {});
  await action('stringly', { 'web-export': 'true' });
  for (const path of ['default/private.json', 'default/stringly.json', 'default/missing.json', 'pkg/private.json']) {
    const missing = await web(path);
    assert.equal(missing.status, 404, path);
    assert.equal(((await missing.json()) as { error: string }).error, 'The requested resource does not exist.');
  }
  await action('shared', { 'web-export': true });
  assert.equal((await fetch(`${running.url}/api/v1/web/other/default/shared.json`)).status, 404);
  assert.equal((await fetch(`${running.url}/api/v1/web/guest/default`)).status, 404);
});

test('no overriding __ow_* names or, under `final`, parameters; raw-http gets the request opaque', async (t) => {
  const { web, action } = await platform(t);
  await action('open', { 'web-export': true }, { token: 'mine' });
  assert.equal(((await (await web('default/open.json?token=yours')).json()) as Echo).token, 'yours');
  const reserved = await web('default/open.json?__ow_method=put');
  assert.equal(reserved.status, 400);
  assert.equal(await errorOf(reserved), 'Request defines parameters that are not allowed (e.g., reserved properties).');
  await action('sealed', { 'web-export': true, final: true }, { token: 'mine' });
  assert.equal((await web('default/sealed.json?token=yours')).status, 400);
  assert.equal(
    (
      await web('default/sealed.json', {
        method: 'POST',
        body: '{"token":"yours"}',
        headers: { 'content-type': 'application/json' },
      })
    ).status,
    400,
  );
  assert.equal(((await (await web('default/sealed.json?other=1')).json()) as Echo).token, 'mine');

  await action('raw', { 'web-export': true, 'raw-http': true });
  const raw = (await (
    await web('default/raw.json?a=1&__ow_method=x', {
      method: 'POST',
      body: '{"name":"Jane"}',
      headers: { 'content-type': 'application/json' },
    })
  ).json()) as Echo;
  assert.equal(raw.__ow_query, 'a=1&__ow_method=x');
  assert.equal(raw.__ow_body, Buffer.from('{"name":"Jane"}').toString('base64'));
  assert.deepEqual([raw.a, raw.name, raw.__ow_method], [undefined, undefined, 'post']);
  const text = (await (await web('default/raw.json', sending('POST', 'hi', 'text/plain'))).json()) as Echo;
  assert.equal(text.__ow_body, 'hi');
  assert.equal(((await (await web('default/raw.json')).json()) as Echo).__ow_body, '');
});

test('require-whisk-auth: true needs the key (then __ow_user is set); a string must match the header', async (t) => {
  const { web, action } = await platform(t);
  await action('keyed', { 'web-export': true, 'require-whisk-auth': true });
  const anonymous = await web('default/keyed.json');
  assert.equal(anonymous.status, 401);
  assert.equal(await errorOf(anonymous), 'Authentication is possible but has failed or not yet been provided.');
  assert.equal((await web('default/keyed.json', { headers: { authorization: basic('nobody:wrong') } })).status, 401);
  const keyed = await web('default/keyed.json', { headers: { authorization: basic(guestKey) } });
  assert.equal(keyed.status, 200);
  assert.equal(((await keyed.json()) as Echo).__ow_user, 'guest');

  await action('secret', { 'web-export': true, 'require-whisk-auth': 'my-secret' });
  assert.equal((await web('default/secret.json')).status, 401);
  assert.equal((await web('default/secret.json', { headers: { 'x-require-whisk-auth': 'wrong' } })).status, 401);
  assert.equal((await web('default/secret.json', { headers: { 'x-require-whisk-auth': 'my-secret' } })).status, 200);
  await action('number', { 'web-export': true, 'require-whisk-auth': 1234 });
  assert.equal((await web('default/number.json', { headers: { 'x-require-whisk-auth': '1234' } })).status, 200);
  await action('unlocked', { 'web-export': true, 'require-whisk-auth': false });
  assert.equal((await web('default/unlocked.json')).status, 200);
});

test('OPTIONS answers CORS without running the action, unless web-custom-options hands it to the action', async (t) => {
  const { web, action, factory } = await platform(t);
  await action('cors', { 'web-export': true });
  const ask = { 'access-control-request-headers': 'x-mine' };
  const preflight = await web('default/cors.http', { method: 'OPTIONS', headers: ask });
  assert.equal(preflight.status, 200);
  assert.equal(preflight.headers.get('access-control-allow-headers'), 'x-mine');
  assert.equal(factory.count('run'), 0);
  await action(
    'custom',
    { 'web-export': true, 'web-custom-options': true, 'require-whisk-auth': 'guarded' },
    { statusCode: 200, headers: { 'Access-Control-Allow-Origin': 'example.com' } },
  );
  const custom = await web('default/custom.http', { method: 'OPTIONS' });
  assert.equal(custom.status, 200);
  assert.equal(custom.headers.get('access-control-allow-origin'), 'example.com');
  assert.equal(custom.headers.get('access-control-allow-methods'), null);
  assert.equal(factory.count('run'), 1);
  assert.equal((await web('default/custom.http')).status, 401); // other methods still need the secret
});

test('a web action that outlives the wait answers 202 "Response not yet ready." with its activation id', async (t) => {
  const { web, action } = await platform(t, { blockingWaitMs: 100 });
  await action('slow', { 'web-export': true }, { sleepMs: 1000 });
  const slow = await web('default/slow.json');
  assert.equal(slow.status, 202);
  assert.equal(((await slow.json()) as { error: string }).error, 'Response not yet ready.');
  assert.match(slow.headers.get('x-openwhisk-activation-id') ?? '', /^[0-9a-f]{32}$/);
});
