// wow's precompiled archives (wasmtime-serialized code in `*-wasmtime.zip`, wasmer and WAMR AOT files) get a 502
// that names the engine, over HTTP; other native code and plain junk still get "not a WebAssembly module".
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startExecutor, type RunningExecutor } from './server.js';
import { decodeBase64 } from './code.js';
import { precompiledEngine } from './precompiled.js';
import { initBody, post, zip } from '../test-support/executor-http.js';

let executor: RunningExecutor;
before(async () => {
  executor = await startExecutor({ port: 0, workers: 1 });
});
after(() => executor.close());

/** An ELF header (64-bit, little endian) with the given OS ABI, followed by `tail` (where string tables would be). */
function elf(osAbi: number, tail: string): Uint8Array {
  const header = Buffer.alloc(64);
  header.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, osAbi]);
  return Buffer.concat([header, Buffer.alloc(256), Buffer.from(tail, 'latin1')]);
}

const artifacts: { name: string; bytes: Uint8Array; engine: 'wasmtime' | 'wasmer' | 'WAMR'; artifact: RegExp }[] = [
  {
    name: 'wasmtime 0.2x bincode',
    bytes: Buffer.from('\0wasmtime-aot\x0407.0.0\x01\x02\x03', 'latin1'),
    engine: 'wasmtime',
    artifact: /wow's `\*-wasmtime\.zip`/,
  },
  {
    name: 'wasmtime ELF (OS ABI 200)',
    bytes: elf(200, '.text\0.data\0'),
    engine: 'wasmtime',
    artifact: /wow's `\*-wasmtime\.zip`/,
  },
  {
    name: 'wasmtime ELF (.wasmtime.engine section)',
    bytes: elf(0, '\0.text\0.wasmtime.engine\0'),
    engine: 'wasmtime',
    artifact: /wasmtime/,
  },
  {
    name: 'wasmer universal',
    bytes: Buffer.from('wasmer-universalWASMER\0\0\x01\0\0\0\x10\0\0\0', 'latin1'),
    engine: 'wasmer',
    artifact: /`\.wasmer` file/,
  },
  {
    name: 'wasmer native (dylib)',
    bytes: elf(0, '\0WASMER_METADATA\0wasmer_function_0\0'),
    engine: 'wasmer',
    artifact: /wasmer/,
  },
  {
    name: 'WAMR AOT',
    bytes: Buffer.from('\0aot\x03\0\0\0\0\0\0\0', 'latin1'),
    engine: 'WAMR',
    artifact: /WAMR `\.aot` file/,
  },
];

for (const { name, bytes, engine, artifact } of artifacts) {
  test(`${name}: recognised as ${engine}-precompiled, zipped (entry 'content') and raw`, async () => {
    assert.equal(precompiledEngine(bytes), engine);
    const zipped = await post(`${executor.url}/${crypto.randomUUID()}/init`, initBody(zip([['content', bytes]])));
    assert.equal(zipped.status, 502);
    const message = (zipped.body as { error: string }).error;
    assert.match(message, new RegExp(`^The action archive holds ${engine}-precompiled code \\(`));
    assert.match(message, artifact);
    assert.match(message, /; upload the `\.wasm` module zipped instead\.$/);
    const raw = await post(`${executor.url}/${crypto.randomUUID()}/init`, initBody(bytes));
    assert.equal(raw.status, 502);
    assert.match((raw.body as { error: string }).error, new RegExp(`^The action code is ${engine}-precompiled \\(`));
  });
}

test("the exact sentence for wow's add-wasmtime.zip", async () => {
  const answer = await post(`${executor.url}/tutorial/init`, initBody(zip([['content', artifacts[0]!.bytes]])));
  assert.deepEqual(
    [answer.status, answer.body],
    [
      502,
      {
        error:
          "The action archive holds wasmtime-precompiled code (wow's `*-wasmtime.zip`); upload the `.wasm` module zipped instead.",
      },
    ],
  );
});

test('other native code and junk are still "not a WebAssembly module"', async () => {
  for (const bytes of [elf(0, '\0.text\0.data\0'), Buffer.from('wasmer'), Buffer.from('\0ao')]) {
    assert.equal(precompiledEngine(bytes), undefined);
    const answer = await post(`${executor.url}/${crypto.randomUUID()}/init`, initBody(zip([['content', bytes]])));
    assert.equal(answer.status, 502);
    assert.match((answer.body as { error: string }).error, /first entry 'content' is not a WebAssembly module/);
  }
});

test('base64: only canonical text decodes; line breaks are tolerated', () => {
  const bytes = Buffer.from('any bytes at all, 0123456789');
  const text = bytes.toString('base64');
  assert.deepEqual(decodeBase64(text), bytes);
  assert.deepEqual(decodeBase64(text.replace(/(.{8})/g, '$1\n')), bytes);
  for (const bad of ['', 'abc', 'ab!d', `${text.slice(0, -4)}*${text.slice(-3)}`, 'QQ=A', 'QUJD====']) {
    assert.throws(() => decodeBase64(bad), { code: 'ERR_BAD_REQUEST' }, bad);
  }
});
