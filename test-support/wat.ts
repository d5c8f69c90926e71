// WAT fixtures for the executor's tests, compiled with wabt at test time (until the real actions exist they are the
// only modules; afterwards they still cover what the actions cannot: missing exports, bad imports, probes).
import wabtInit from 'wabt';

let wabt: Awaited<ReturnType<typeof wabtInit>> | undefined;

export async function wat(source: string, features: { reference_types?: boolean } = {}): Promise<Uint8Array> {
  wabt ??= await wabtInit();
  const module = wabt.parseWat('fixture.wat', source, { bulk_memory: true, ...features });
  try {
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

const FD_WRITE = '(import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))';

/** A wow-ABI module (docs/openwhisk-protocols.md §6.3); `start` is the body of _start, the input is at $ptr/$len. */
export function wowModule(start: string, extraImports = ''): string {
  return `(module
  ${FD_WRITE}
  ${extraImports}
  (memory (export "memory") 2)
  (data (i32.const 0) "{\\"Ok\\":}")
  (data (i32.const 16) "hello stdout\\n")
  (data (i32.const 32) "hello stderr\\n")
  (data (i32.const 128) "{\\"Err\\":{\\"error\\":\\"sorry\\"}}")
  (data (i32.const 200) "{\\"Ok\\":\\"")
  (data (i32.const 210) "\\"}")
  (global $ptr (mut i32) (i32.const 4096))
  (global $len (mut i32) (i32.const 0))
  (func $print (param $fd i32) (param $p i32) (param $n i32)
    (i32.store (i32.const 64) (local.get $p))
    (i32.store (i32.const 68) (local.get $n))
    (drop (call $fd_write (local.get $fd) (i32.const 64) (i32.const 1) (i32.const 72))))
  (func $okWrap (local $out i32)
    (local.set $out (i32.add (i32.const 4160) (global.get $len)))
    (memory.copy (local.get $out) (i32.const 0) (i32.const 6))
    (memory.copy (i32.add (local.get $out) (i32.const 6)) (global.get $ptr) (global.get $len))
    (i32.store8 (i32.add (i32.add (local.get $out) (i32.const 6)) (global.get $len)) (i32.const 125))
    (global.set $len (i32.add (global.get $len) (i32.const 7)))
    (global.set $ptr (local.get $out)))
  (func (export "get_wasm_memory_buffer_pointer") (result i32) global.get $ptr)
  (func (export "get_wasm_memory_buffer_len") (result i32) global.get $len)
  (func (export "wasm_memory_buffer_allocate_space") (param $n i32) (local $need i32)
    (global.set $len (local.get $n))
    (local.set $need (i32.add (i32.const 4224) (i32.shl (local.get $n) (i32.const 1))))
    (block $done (loop $grow
      (br_if $done (i32.ge_u (i32.shl (memory.size) (i32.const 16)) (local.get $need)))
      (drop (memory.grow (i32.const 1)))
      (br $grow))))
  (func (export "_start") (local $out i32) ${start}))`;
}

export const fixtures = {
  /** Echoes its params and writes one line to stdout and one to stderr. */
  echo: wowModule(
    '(call $print (i32.const 1) (i32.const 16) (i32.const 13)) (call $print (i32.const 2) (i32.const 32) (i32.const 13)) (call $okWrap)',
  ),
  /** Answers {"Err": {"error": "sorry"}}. */
  appError: wowModule('(global.set $ptr (i32.const 128)) (global.set $len (i32.const 25))'),
  trap: wowModule('unreachable'),
  /** Counts down from 4e8 (a few hundred ms of CPU), then echoes. */
  spin: wowModule(
    '(local.set $out (i32.const 400000000)) (loop $l (local.set $out (i32.sub (local.get $out) (i32.const 1))) (br_if $l (local.get $out))) (call $okWrap)',
  ),
  loop: wowModule('(loop $forever (br $forever))'),
  /** Grows memory until refused, then traps, as an allocator does. */
  memoryBomb: wowModule('(loop $more (br_if $more (i32.ne (memory.grow (i32.const 16)) (i32.const -1)))) unreachable'),
  /** A result of 1,200,009 bytes. */
  bigResult: wowModule(`(drop (memory.grow (i32.const 40)))
    (memory.copy (i32.const 262144) (i32.const 200) (i32.const 7))
    (memory.fill (i32.const 262151) (i32.const 97) (i32.const 1200000))
    (memory.copy (i32.const 1462151) (i32.const 210) (i32.const 2))
    (global.set $ptr (i32.const 262144)) (global.set $len (i32.const 1200009))`),
  /** Calls http.get, then echoes. */
  block: wowModule('(drop (call $get)) (call $okWrap)', '(import "http" "get" (func $get (result i32)))'),
  /** Returns a JSON string instead of an object: fine for the fork, "not a dictionary" for the runtime protocol. */
  scalar: wowModule(
    '(global.set $ptr (i32.const 200)) (global.set $len (i32.const 8)) (i32.store8 (i32.const 206) (i32.const 49)) (i32.store8 (i32.const 207) (i32.const 125))',
  ),
  missingExports:
    '(module (memory (export "memory") 1) (func (export "get_wasm_memory_buffer_pointer") (result i32) i32.const 0))',
  unknownImport: wowModule('(call $abort)', '(import "env" "abort" (func $abort))'),
  importedMemory: '(module (import "env" "memory" (memory 1)) (func (export "_start")))',
  /** A plain WASI command: stdin (params) copied to stdout (result), one line on stderr. */
  commandEcho: `(module
    (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
    ${FD_WRITE}
    (memory (export "memory") 2)
    (data (i32.const 32) "command log\\n")
    (func (export "_start") (local $total i32)
      (loop $read
        (i32.store (i32.const 0) (i32.add (i32.const 1024) (local.get $total)))
        (i32.store (i32.const 4) (i32.const 60000))
        (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
        (local.set $total (i32.add (local.get $total) (i32.load (i32.const 8))))
        (br_if $read (i32.ne (i32.load (i32.const 8)) (i32.const 0))))
      (i32.store (i32.const 0) (i32.const 1024)) (i32.store (i32.const 4) (local.get $total))
      (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
      (i32.store (i32.const 0) (i32.const 32)) (i32.store (i32.const 4) (i32.const 12))
      (drop (call $fd_write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 8)))))`,
};

/** A WASI command printing {"value": N} where the body leaves N (an i32) on the stack; helpers $itoa, $print. */
export function commandProbe(body: string, imports: string, data = ''): string {
  return `(module
    ${imports}
    ${FD_WRITE}
    (memory (export "memory") 2)
    (data (i32.const 100) "{\\"value\\":")
    ${data}
    (func $itoa (param $v i32) (param $p i32) (result i32) (local $n i32) (local $t i32) (local $i i32)
      (local.set $t (local.get $v)) (local.set $n (i32.const 1))
      (block $d (loop $c
        (br_if $d (i32.lt_u (local.get $t) (i32.const 10)))
        (local.set $t (i32.div_u (local.get $t) (i32.const 10)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $c)))
      (local.set $i (local.get $n)) (local.set $t (local.get $v))
      (loop $w
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (i32.store8 (i32.add (local.get $p) (local.get $i)) (i32.add (i32.const 48) (i32.rem_u (local.get $t) (i32.const 10))))
        (local.set $t (i32.div_u (local.get $t) (i32.const 10)))
        (br_if $w (i32.gt_u (local.get $i) (i32.const 0))))
      (local.get $n))
    (func $print (param $fd i32) (param $p i32) (param $n i32)
      (i32.store (i32.const 64) (local.get $p)) (i32.store (i32.const 68) (local.get $n))
      (drop (call $fd_write (local.get $fd) (i32.const 64) (i32.const 1) (i32.const 72))))
    (func (export "_start") (local $v i32) (local $n i32)
      (local.set $v (block (result i32) ${body}))
      (memory.copy (i32.const 512) (i32.const 100) (i32.const 9))
      (local.set $n (call $itoa (local.get $v) (i32.const 521)))
      (i32.store8 (i32.add (i32.const 521) (local.get $n)) (i32.const 125))
      (call $print (i32.const 1) (i32.const 512) (i32.add (local.get $n) (i32.const 10)))))`;
}

/** {"value": errno} of path_open(fd 3, `path`, read-only, following symlinks); 8 = EBADF, 76 = ENOTCAPABLE. */
export function openProbe(path: string): string {
  const bytes = Buffer.from(path);
  return commandProbe(
    `(call $path_open (i32.const 3) (i32.const 1) (i32.const 2048) (i32.const ${bytes.length}) (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 16))`,
    '(import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))',
    `(data (i32.const 2048) "${[...bytes].map((b) => '\\' + b.toString(16).padStart(2, '0')).join('')}")`,
  );
}

/** {"value": number of environment variables}; the variables themselves ("K=V" joined by NUL) go to stderr. */
export const envProbe = commandProbe(
  `(drop (call $environ_sizes_get (i32.const 0) (i32.const 4)))
   (drop (call $environ_get (i32.const 4096) (i32.const 8192)))
   (call $print (i32.const 2) (i32.const 8192) (i32.load (i32.const 4)))
   (i32.load (i32.const 0))`,
  `(import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
   (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))`,
);

/** {"value": errno} of path_symlink(`target`, fd 3, `link`); the executor refuses it (76 = ENOTCAPABLE). */
export function symlinkProbe(target: string, link: string): string {
  const hex = (text: string): string =>
    [...Buffer.from(text)].map((b) => '\\' + b.toString(16).padStart(2, '0')).join('');
  return commandProbe(
    `(call $path_symlink (i32.const 2048) (i32.const ${Buffer.byteLength(target)}) (i32.const 3) (i32.const 3072) (i32.const ${Buffer.byteLength(link)}))`,
    '(import "wasi_snapshot_preview1" "path_symlink" (func $path_symlink (param i32 i32 i32 i32 i32) (result i32)))',
    `(data (i32.const 2048) "${hex(target)}") (data (i32.const 3072) "${hex(link)}")`,
  );
}

const hexBytes = (text: string): string =>
  [...Buffer.from(text)].map((b) => '\\' + b.toString(16).padStart(2, '0')).join('');

/**
 * A wow-ABI module whose result is {"Ok": {"s": S}}, S being what `$probe` left: its length at 300, its bytes at 320.
 * - `start-args`: `$probe` is the module's start function and reads argv (args_sizes_get/args_get), as an
 *   AssemblyScript module reading `process.argv` at top level does: WASI calls inside `new WebAssembly.Instance`.
 * - `ctor-prestat`: no start function; every export calls `$probe` first, as wasm-ld wraps a command module's
 *   exports in `__wasm_call_ctors`, and `$probe` asks for the preopen's name (fd_prestat_get/fd_prestat_dir_name, as
 *   wasi-libc's `__wasilibc_populate_preopens` does): WASI calls before `_start`. S is empty without a preopen.
 */
export function beforeStartProbe(kind: 'start-args' | 'ctor-prestat'): string {
  const probe =
    kind === 'start-args'
      ? `(drop (call $args_sizes_get (i32.const 308) (i32.const 300)))
       (drop (call $args_get (i32.const 312) (i32.const 320)))
       (i32.store (i32.const 300) (i32.sub (i32.load (i32.const 300)) (i32.const 1)))`
      : `(if (i32.eqz (call $fd_prestat_get (i32.const 3) (i32.const 600)))
         (then (drop (call $fd_prestat_dir_name (i32.const 3) (i32.const 320) (i32.load (i32.const 604))))
               (i32.store (i32.const 300) (i32.load (i32.const 604)))))`;
  const ctor = kind === 'ctor-prestat' ? '(call $probe)' : '';
  return `(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $fd_prestat_dir_name (param i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 480) "${hexBytes('{"Ok":{"s":"')}")
  (data (i32.const 500) "${hexBytes('"}}')}")
  (global $ptr (mut i32) (i32.const 4096))
  (global $len (mut i32) (i32.const 0))
  (func $probe ${probe})
  (func (export "get_wasm_memory_buffer_pointer") (result i32) global.get $ptr)
  (func (export "get_wasm_memory_buffer_len") (result i32) global.get $len)
  (func (export "wasm_memory_buffer_allocate_space") (param $n i32) ${ctor} (global.set $len (local.get $n)))
  (func (export "_start") (local $n i32)
    ${ctor}
    (local.set $n (i32.load (i32.const 300)))
    (memory.copy (i32.const 1024) (i32.const 480) (i32.const 12))
    (memory.copy (i32.const 1036) (i32.const 320) (local.get $n))
    (memory.copy (i32.add (i32.const 1036) (local.get $n)) (i32.const 500) (i32.const 3))
    (global.set $ptr (i32.const 1024))
    (global.set $len (i32.add (local.get $n) (i32.const 15))))
  ${kind === 'start-args' ? '(start $probe)' : ''})`;
}

const PATH_OPEN =
  '(import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))';

/**
 * {"value": errno} of path_open(fd 3, `path`, O_CREAT, read+write) followed by a write of "x"; the descriptor is
 * left open on purpose (the activation's end must close it). With `thenLoop` the module then never returns.
 */
export function openAndKeepProbe(path: string, thenLoop = false): string {
  return commandProbe(
    `(local.set $v (call $path_open (i32.const 3) (i32.const 0) (i32.const 2048) (i32.const ${Buffer.byteLength(path)})
        (i32.const 1) (i64.const 66) (i64.const 0) (i32.const 0) (i32.const 16)))
     (i32.store (i32.const 24) (i32.const 3000)) (i32.store (i32.const 28) (i32.const 1))
     (drop (call $fd_write (i32.load (i32.const 16)) (i32.const 24) (i32.const 1) (i32.const 32)))
     ${thenLoop ? '(loop $forever (br $forever))' : ''}
     (local.get $v)`,
    PATH_OPEN,
    `(data (i32.const 2048) "${hexBytes(path)}") (data (i32.const 3000) "x")`,
  );
}

/** {"value": nevents} of poll_oneoff with one relative monotonic clock subscription of `ms` (a Rust thread::sleep). */
export function sleepProbe(ms: number): string {
  return commandProbe(
    `(i64.store (i32.const 4096) (i64.const 42))
     (i32.store8 (i32.const 4104) (i32.const 0))
     (i32.store (i32.const 4112) (i32.const 1))
     (i64.store (i32.const 4120) (i64.const ${ms * 1_000_000}))
     (i64.store (i32.const 4128) (i64.const 0))
     (i32.store16 (i32.const 4136) (i32.const 0))
     (drop (call $poll_oneoff (i32.const 4096) (i32.const 5120) (i32.const 1) (i32.const 6144)))
     (i32.load (i32.const 6144))`,
    '(import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))',
  );
}

/**
 * Reports what an earlier activation could have left behind, then leaves all of it behind itself. A WASI command
 * whose stdout is {"dirty":"<9 digits>"}: digit k is 1 when check k found a leftover: 0 memory size, 1 the data
 * segment "ABCD" at 16, 2 nonzero bytes in [1024, 65536) or in the iovec at 512, 3/4/5 the non-exported i32/i64/f64
 * globals, 6 table slot 0 (initially $one), 7 table slot 1 (initially null), 8 descriptor 4 open (EBADF expected).
 * Then it overwrites the data, fills [1024, 65536) with 0xff, changes every global and both table slots, and opens
 * file "f" below descriptor 3 (the granted dir, when there is one) as descriptor 4, which it does not close.
 * Compile with { reference_types: true }.
 */
export const leftoverProbe = `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fdstat (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "ABCD")
  (data (i32.const 32) "{\\"dirty\\":\\"000000000\\"}")
  (data (i32.const 96) "f")
  (global $g32 (mut i32) (i32.const 7))
  (global $g64 (mut i64) (i64.const 8))
  (global $gf (mut f64) (f64.const 9.5))
  (type $ret (func (result i32)))
  (table $t 2 funcref)
  (elem (i32.const 0) $one)
  (elem declare func $two $one)
  (func $one (result i32) (i32.const 1))
  (func $two (result i32) (i32.const 2))
  (func $flag (param $k i32) (param $bad i32)
    (if (local.get $bad) (then (i32.store8 (i32.add (i32.const 42) (local.get $k)) (i32.const 0x31)))))
  (func $zeroFrom1024 (result i32) (local $i i32)
    (local.set $i (i32.const 1024))
    (loop $scan
      (if (i64.ne (i64.load (local.get $i)) (i64.const 0)) (then (return (i32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br_if $scan (i32.lt_u (local.get $i) (i32.const 65536))))
    (i32.const 1))
  (func (export "_start")
    (call $flag (i32.const 0) (i32.ne (memory.size) (i32.const 1)))
    (call $flag (i32.const 1) (i32.ne (i32.load (i32.const 16)) (i32.const 0x44434241)))
    (call $flag (i32.const 2) (i32.or (i32.eqz (call $zeroFrom1024))
      (i64.ne (i64.or (i64.load (i32.const 512)) (i64.load (i32.const 520))) (i64.const 0))))
    (call $flag (i32.const 3) (i32.ne (global.get $g32) (i32.const 7)))
    (call $flag (i32.const 4) (i64.ne (global.get $g64) (i64.const 8)))
    (call $flag (i32.const 5) (f64.ne (global.get $gf) (f64.const 9.5)))
    (call $flag (i32.const 6) (i32.ne (call_indirect (type $ret) (i32.const 0)) (i32.const 1)))
    (call $flag (i32.const 7) (i32.eqz (ref.is_null (table.get $t (i32.const 1)))))
    (call $flag (i32.const 8) (i32.ne (call $fdstat (i32.const 4) (i32.const 600)) (i32.const 8)))
    (i32.store (i32.const 512) (i32.const 32))
    (i32.store (i32.const 516) (i32.const 21))
    (drop (call $fd_write (i32.const 1) (i32.const 512) (i32.const 1) (i32.const 524)))
    (i32.store (i32.const 16) (i32.const 0x5a595857))
    (memory.fill (i32.const 1024) (i32.const 0xff) (i32.const 64512))
    (global.set $g32 (i32.const 70))
    (global.set $g64 (i64.const 80))
    (global.set $gf (f64.const 95))
    (table.set $t (i32.const 0) (ref.func $two))
    (table.set $t (i32.const 1) (ref.func $one))
    (drop (call $path_open (i32.const 3) (i32.const 0) (i32.const 96) (i32.const 1) (i32.const 1)
      (i64.const 0x42) (i64.const 0) (i32.const 0) (i32.const 608)))))`;

/** A WASI command that grows its memory by a page and prints {}: its instance cannot be put back. */
export const growProbe = `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "{}")
  (func (export "_start")
    (drop (memory.grow (i32.const 1)))
    (i32.store (i32.const 8) (i32.const 0))
    (i32.store (i32.const 12) (i32.const 2))
    (drop (call $fd_write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 16)))))`;

/** A WASI command with a passive data segment (bulk memory): data.drop cannot be undone, so never reused. */
export const passiveDataProbe = `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data $p "{}")
  (func (export "_start")
    (memory.init $p (i32.const 0) (i32.const 0) (i32.const 2))
    (data.drop $p)
    (i32.store (i32.const 8) (i32.const 0))
    (i32.store (i32.const 12) (i32.const 2))
    (drop (call $fd_write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 16)))))`;
