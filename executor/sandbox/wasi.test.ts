// The WASI layer's functions called as a module would call them, against a real memory and a real granted folder:
// the file round trip wasi-libc and Rust's std make, readdir, prestat, poll_oneoff sleeps, errors, and ENOSYS.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFdSlots, HostFdSlots } from './host-fds.js';
import { OutputCapture } from './stdio.js';
import { activate, WasiExit, WasiHost, wasiImport } from './wasi.js';
import { ALL_RIGHTS, oflag, right } from './wasi-abi.js';

const scratch = mkdtempSync(join(tmpdir(), 'ow-eval-wasi-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function setup(dir?: string) {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const sleeps: number[] = [];
  const host = new WasiHost({
    args: ['5'],
    env: {},
    stdin: new Uint8Array(0),
    stdout: new OutputCapture(),
    stderr: new OutputCapture(),
    fds: new HostFdSlots(createFdSlots()),
    sleep: (ms) => sleeps.push(ms),
    ...(dir === undefined ? {} : { dir }),
  });
  host.bindMemory(memory);
  activate(host);
  const view = new DataView(memory.buffer);
  const bytes = new Uint8Array(memory.buffer);
  const call = (name: string, ...args: (number | bigint)[]): number => wasiImport(name)(...args) as number;
  /** Puts `text` at 1024 and returns [pointer, length]. */
  const str = (text: string, at = 1024): [number, number] => {
    const encoded = Buffer.from(text);
    bytes.set(encoded, at);
    return [at, encoded.length];
  };
  return { host, view, bytes, call, str, sleeps };
}

test('a file round trip below the granted dir: mkdir, open+create, write, seek, read, stat, rename, unlink, rmdir', () => {
  const dir = mkdtempSync(join(scratch, 'grant-'));
  const { host, view, bytes, call, str } = setup(dir);
  try {
    assert.equal(call('path_create_directory', 3, ...str('d')), 0);
    assert.equal(call('path_create_directory', 3, ...str('d')), 20); // EEXIST
    const rw = right.fdRead | right.fdWrite | right.fdSeek | right.fdTell | right.fdFilestatGet;
    assert.equal(call('path_open', 3, 0, ...str('d/f.txt'), oflag.creat, rw, 0n, 0, 100), 0);
    const fd = view.getUint32(100, true);
    bytes.set(Buffer.from('hello'), 2048);
    view.setUint32(200, 2048, true);
    view.setUint32(204, 5, true);
    assert.equal(call('fd_write', fd, 200, 1, 300), 0);
    assert.equal(view.getUint32(300, true), 5);
    assert.equal(call('fd_seek', fd, 1n, 0, 304), 0); // SET 1
    view.setUint32(200, 4096, true);
    view.setUint32(204, 10, true);
    assert.equal(call('fd_read', fd, 200, 1, 300), 0);
    assert.equal(Buffer.from(bytes.subarray(4096, 4096 + view.getUint32(300, true))).toString(), 'ello');
    assert.equal(call('fd_filestat_get', fd, 512), 0);
    assert.deepEqual([view.getUint8(512 + 16), view.getBigUint64(512 + 32, true)], [4, 5n]); // regular file, 5 bytes
    assert.equal(call('path_filestat_get', 3, 0, ...str('d'), 512), 0);
    assert.equal(view.getUint8(512 + 16), 3); // directory
    assert.equal(call('path_remove_directory', 3, ...str('d')), 55); // ENOTEMPTY
    const [from, fromLen] = str('d/f.txt', 1024);
    const [to, toLen] = str('d/g.txt', 1100);
    assert.equal(call('path_rename', 3, from, fromLen, 3, to, toLen), 0);
    assert.deepEqual(readdirSync(join(dir, 'd')), ['g.txt']);
    assert.equal(call('fd_close', fd), 0);
    assert.equal(call('fd_close', fd), 8); // EBADF
    assert.equal(call('path_unlink_file', 3, ...str('d/g.txt')), 0);
    assert.equal(call('path_remove_directory', 3, ...str('d')), 0);
    assert.equal(existsSync(join(dir, 'd')), false);
    assert.equal(call('path_remove_directory', 3, ...str('.')), 76); // the granted directory itself stays
  } finally {
    host.close();
    activate(undefined);
  }
});

test('fd_readdir lists . .. and the entries; fd_prestat_* names the preopen and answers EBADF past it', () => {
  const dir = mkdtempSync(join(scratch, 'grant-'));
  const { host, view, bytes, call, str } = setup(dir);
  try {
    assert.equal(call('path_open', 3, 0, ...str('only.txt'), oflag.creat, right.fdWrite, 0n, 0, 100), 0);
    assert.equal(call('fd_readdir', 3, 2048, 1024, 0n, 300), 0);
    const names: string[] = [];
    for (let at = 2048; at < 2048 + view.getUint32(300, true);) {
      const length = view.getUint32(at + 16, true);
      names.push(Buffer.from(bytes.subarray(at + 24, at + 24 + length)).toString());
      at += 24 + length;
    }
    assert.deepEqual(names.sort(), ['.', '..', 'only.txt']);
    assert.equal(call('fd_prestat_get', 3, 400), 0);
    const length = view.getUint32(404, true);
    assert.equal(call('fd_prestat_dir_name', 3, 3000, length), 0);
    assert.equal(Buffer.from(bytes.subarray(3000, 3000 + length)).toString(), dir);
    assert.equal(call('fd_prestat_get', 4, 400), 8); // fd 4 is the file just opened: not a preopen, so EBADF
    assert.equal(call('fd_prestat_get', 5, 400), 8); // nor is a descriptor that does not exist
    assert.equal(call('fd_fdstat_get', 3, 400), 0);
    assert.equal(view.getUint8(400), 3); // directory
    assert.equal(view.getBigUint64(416, true), ALL_RIGHTS); // what files opened below it may get
  } finally {
    host.close();
    activate(undefined);
  }
});

test('poll_oneoff sleeps for a relative clock subscription; unknown functions are ENOSYS; proc_exit throws', () => {
  const { host, view, call, sleeps } = setup();
  try {
    view.setBigUint64(0, 7n, true); // userdata
    view.setUint8(8, 0); // clock
    view.setUint32(16, 1, true); // monotonic
    view.setBigUint64(24, 20_000_000n, true); // 20 ms
    assert.equal(call('poll_oneoff', 0, 256, 1, 512), 0);
    assert.equal(sleeps.length, 1);
    assert.ok(sleeps[0]! > 15 && sleeps[0]! <= 20, String(sleeps[0]));
    assert.equal(call('sock_accept', 3, 0, 100), 52);
    assert.equal(call('clock_time_get', 0, 0n, 600), 0);
    const ms = Number(view.getBigUint64(600, true) / 1_000_000n);
    assert.ok(Math.abs(ms - Date.now()) < 1000);
    assert.equal(call('random_get', 70_000, 16), 21); // EFAULT: past the end of the memory
    assert.throws(
      () => call('proc_exit', 3),
      (error) => error instanceof WasiExit && error.exitCode === 3,
    );
  } finally {
    host.close();
    activate(undefined);
  }
});
