// The executor's own WASI preview1 layer (README "WASI"): one WasiHost per activation, with its own descriptor
// table (0-2 stdio in memory, 3 the granted directory when there is one) and the host files it opened, which close()
// releases when the activation ends. Directories are never held open on the host: a directory descriptor is a path
// below the granted root, resolved component by component at every use (wasi-paths.ts). It has no "started" state:
// every call works once the instance's memory is known (bindMemory), which activation.ts does before the module's
// start function runs (code.ts defers it), so WASI calls from the start function and from wasm-ld's constructor
// wrappers before `_start` work as they do in wasmtime.
import { randomFillSync } from 'node:crypto';
import {
  constants,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readlinkSync,
  readSync,
  renameSync,
  rmdirSync,
  unlinkSync,
  writeSync,
  type BigIntStats,
} from 'node:fs';
import type { HostFdSlots } from './host-fds.js';
import {
  ALL_RIGHTS,
  clock,
  DIRECTORY_RIGHTS,
  errno,
  errnoOfNodeCode,
  eventtype,
  fdflag,
  FILE_RIGHTS,
  filetype,
  LOOKUP_SYMLINK_FOLLOW,
  oflag,
  right,
  size,
  STDIN_RIGHTS,
  STDOUT_RIGHTS,
  SUBSCRIPTION_CLOCK_ABSTIME,
  whence,
  WRITE_RIGHTS,
} from './wasi-abi.js';
import type { OutputCapture } from './stdio.js';
import { hostPath, resolvePath, type Resolved } from './wasi-paths.js';
import { OwEvalError } from '../../errors/ow-eval-error.js';

export interface WasiConfig {
  args: readonly string[];
  env: Readonly<Record<string, string>>;
  /** The granted directory's real host path; preopened as fd 3 under the same guest path. */
  dir?: string;
  stdin: Uint8Array;
  stdout: OutputCapture;
  stderr: OutputCapture;
  /** Where the host descriptors this activation opens are recorded (host-fds.ts). */
  fds: HostFdSlots;
  /** Blocks the thread for `ms` (poll_oneoff's clock subscriptions). */
  sleep(ms: number): void;
  onBlock?(): void;
  onUnblock?(): void;
}

/** Thrown by proc_exit through the guest's frames; activation.ts turns it into the exit code. */
export class WasiExit extends OwEvalError {
  constructor(readonly exitCode: number) {
    super('ERR_WASI_EXIT', `proc_exit(${exitCode})`);
  }
}

type Entry =
  | { kind: 'stdin'; position: number }
  | { kind: 'stdout' | 'stderr' }
  | { kind: 'dir'; components: string[]; preopen?: string; base: bigint; inheriting: bigint }
  | { kind: 'file'; slot: number; fd: number; position: number; append: boolean; base: bigint; inheriting: bigint };

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
/** Sleeps shorter than this do not tell the pool (its round trip would cost more than the sleep). */
const BLOCK_NOTICE_MS = 1;

export class WasiHost {
  private memory: WebAssembly.Memory | undefined;
  private bytes = new Uint8Array(0);
  private data = new DataView(this.bytes.buffer);
  private readonly table: (Entry | undefined)[];
  private readonly args: Uint8Array[];
  private readonly environ: Uint8Array[];
  private readonly started = process.hrtime.bigint();

  constructor(private readonly config: WasiConfig) {
    this.table = [{ kind: 'stdin', position: 0 }, { kind: 'stdout' }, { kind: 'stderr' }];
    if (config.dir !== undefined) {
      this.table.push({
        kind: 'dir',
        components: [],
        preopen: config.dir,
        base: DIRECTORY_RIGHTS,
        inheriting: ALL_RIGHTS,
      });
    }
    this.args = config.args.map((a) => encoder.encode(`${a}\0`));
    this.environ = Object.entries(config.env).map(([k, v]) => encoder.encode(`${k}=${v}\0`));
  }

  bindMemory(memory: WebAssembly.Memory): void {
    this.memory = memory;
  }

  /** Closes every host descriptor the activation opened. */
  close(): void {
    this.config.fds.closeAll();
    this.table.length = 0;
  }

  /** Runs one WASI function: host errors become errno values, a guest pointer outside memory EFAULT. */
  invoke(method: (this: WasiHost, ...args: never[]) => number | void, args: unknown[]): number | void {
    try {
      this.refreshView();
      return (method as (...a: unknown[]) => number | void).apply(this, args);
    } catch (error) {
      if (error instanceof WasiExit) throw error;
      if (error instanceof RangeError) return errno.fault;
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      if (typeof code === 'string') return errnoOfNodeCode[code] ?? errno.io;
      throw error;
    }
  }

  private refreshView(): void {
    const memory = this.memory;
    if (memory === undefined) throw new Error('a WASI function was called before the instance had its memory');
    if (this.bytes.buffer !== memory.buffer) {
      this.bytes = new Uint8Array(memory.buffer);
      this.data = new DataView(memory.buffer);
    }
  }

  // --- args, environment, clocks, random, process -------------------------------------------------------------

  args_sizes_get(countPtr: number, sizePtr: number): number {
    return this.sizes(this.args, countPtr, sizePtr);
  }

  args_get(argvPtr: number, bufPtr: number): number {
    return this.strings(this.args, argvPtr, bufPtr);
  }

  environ_sizes_get(countPtr: number, sizePtr: number): number {
    return this.sizes(this.environ, countPtr, sizePtr);
  }

  environ_get(environPtr: number, bufPtr: number): number {
    return this.strings(this.environ, environPtr, bufPtr);
  }

  clock_res_get(id: number, resultPtr: number): number {
    if (id < clock.realtime || id > clock.threadCputime) return errno.inval;
    this.data.setBigUint64(resultPtr >>> 0, id === clock.realtime ? 1000n : 1n, true);
    return errno.success;
  }

  clock_time_get(id: number, _precision: bigint, resultPtr: number): number {
    const now = this.now(id);
    if (now === undefined) return errno.inval;
    this.data.setBigUint64(resultPtr >>> 0, now, true);
    return errno.success;
  }

  random_get(bufPtr: number, length: number): number {
    randomFillSync(this.slice(bufPtr, length));
    return errno.success;
  }

  sched_yield(): number {
    return errno.success;
  }

  proc_exit(code: number): never {
    throw new WasiExit(code >>> 0);
  }

  poll_oneoff(inPtr: number, outPtr: number, count: number, neventsPtr: number): number {
    count >>>= 0;
    if (count === 0) return errno.inval;
    const d = this.data;
    const ready: { userdata: bigint; type: number; error: number; nbytes: bigint }[] = [];
    let wakeAt: bigint | undefined;
    const clocks: { userdata: bigint; at: bigint; id: number }[] = [];
    for (let i = 0; i < count; i++) {
      const base = (inPtr >>> 0) + i * size.subscription;
      const userdata = d.getBigUint64(base, true);
      const tag = d.getUint8(base + 8);
      if (tag === eventtype.clock) {
        const id = d.getUint32(base + 16, true);
        const now = this.now(id);
        if (now === undefined) {
          ready.push({ userdata, type: tag, error: errno.inval, nbytes: 0n });
          continue;
        }
        const timeout = d.getBigUint64(base + 24, true);
        const absolute = (d.getUint16(base + 40, true) & SUBSCRIPTION_CLOCK_ABSTIME) !== 0;
        const remaining = absolute ? (timeout > now ? timeout - now : 0n) : timeout;
        const at = this.now(clock.monotonic)! + remaining;
        clocks.push({ userdata, at, id });
        if (wakeAt === undefined || at < wakeAt) wakeAt = at;
      } else if (tag === eventtype.fdRead || tag === eventtype.fdWrite) {
        const entry = this.table[d.getUint32(base + 16, true)];
        ready.push({ userdata, type: tag, error: entry === undefined ? errno.badf : errno.success, nbytes: 0n });
      } else {
        ready.push({ userdata, type: tag, error: errno.inval, nbytes: 0n });
      }
    }
    if (ready.length === 0 && wakeAt !== undefined) {
      const ms = Number(wakeAt - this.now(clock.monotonic)!) / 1e6;
      if (ms > 0) this.sleepFor(ms);
      const now = this.now(clock.monotonic)!;
      for (const c of clocks)
        if (c.at <= now) ready.push({ userdata: c.userdata, type: eventtype.clock, error: 0, nbytes: 0n });
    }
    ready.forEach((event, i) => {
      const base = (outPtr >>> 0) + i * size.event;
      this.bytes.fill(0, base, base + size.event);
      d.setBigUint64(base, event.userdata, true);
      d.setUint16(base + 8, event.error, true);
      d.setUint8(base + 10, event.type);
      d.setBigUint64(base + 16, event.nbytes, true);
    });
    d.setUint32(neventsPtr >>> 0, ready.length, true);
    return errno.success;
  }

  // --- descriptors ---------------------------------------------------------------------------------------------

  fd_write(fd: number, iovs: number, iovsLen: number, nwrittenPtr: number): number {
    const entry = this.table[fd];
    if (entry === undefined) return errno.badf;
    let written = 0;
    if (entry.kind === 'stdout' || entry.kind === 'stderr') {
      const sink = entry.kind === 'stdout' ? this.config.stdout : this.config.stderr;
      for (const buffer of this.iovecs(iovs, iovsLen)) {
        sink.write(buffer);
        written += buffer.length;
      }
    } else if (entry.kind === 'file') {
      if (entry.append) entry.position = fstatSync(entry.fd).size;
      written = this.writeAt(entry.fd, iovs, iovsLen, entry.position);
      entry.position += written;
    } else {
      return entry.kind === 'dir' ? errno.isdir : errno.badf;
    }
    this.data.setUint32(nwrittenPtr >>> 0, written, true);
    return errno.success;
  }

  fd_pwrite(fd: number, iovs: number, iovsLen: number, offset: bigint, nwrittenPtr: number): number {
    const entry = this.table[fd];
    if (entry?.kind !== 'file') return entry === undefined ? errno.badf : errno.spipe;
    this.data.setUint32(nwrittenPtr >>> 0, this.writeAt(entry.fd, iovs, iovsLen, Number(offset)), true);
    return errno.success;
  }

  fd_read(fd: number, iovs: number, iovsLen: number, nreadPtr: number): number {
    const entry = this.table[fd];
    if (entry === undefined) return errno.badf;
    let read = 0;
    if (entry.kind === 'stdin') {
      for (const buffer of this.iovecs(iovs, iovsLen)) {
        const chunk = this.config.stdin.subarray(entry.position, entry.position + buffer.length);
        buffer.set(chunk);
        entry.position += chunk.length;
        read += chunk.length;
        if (chunk.length < buffer.length) break;
      }
    } else if (entry.kind === 'file') {
      read = this.readAt(entry.fd, iovs, iovsLen, entry.position);
      entry.position += read;
    } else {
      return entry.kind === 'dir' ? errno.isdir : errno.badf;
    }
    this.data.setUint32(nreadPtr >>> 0, read, true);
    return errno.success;
  }

  fd_pread(fd: number, iovs: number, iovsLen: number, offset: bigint, nreadPtr: number): number {
    const entry = this.table[fd];
    if (entry?.kind !== 'file') return entry === undefined ? errno.badf : errno.spipe;
    this.data.setUint32(nreadPtr >>> 0, this.readAt(entry.fd, iovs, iovsLen, Number(offset)), true);
    return errno.success;
  }

  fd_seek(fd: number, offset: bigint, how: number, resultPtr: number): number {
    const entry = this.table[fd];
    if (entry === undefined) return errno.badf;
    if (entry.kind !== 'file') return entry.kind === 'dir' ? errno.badf : errno.spipe;
    let origin: number;
    if (how === whence.set) origin = 0;
    else if (how === whence.cur) origin = entry.position;
    else if (how === whence.end) origin = fstatSync(entry.fd).size;
    else return errno.inval;
    const target = origin + Number(BigInt.asIntN(64, offset));
    if (target < 0 || !Number.isSafeInteger(target)) return errno.inval;
    entry.position = target;
    this.data.setBigUint64(resultPtr >>> 0, BigInt(target), true);
    return errno.success;
  }

  fd_tell(fd: number, resultPtr: number): number {
    const entry = this.table[fd];
    if (entry === undefined) return errno.badf;
    if (entry.kind !== 'file') return errno.spipe;
    this.data.setBigUint64(resultPtr >>> 0, BigInt(entry.position), true);
    return errno.success;
  }

  fd_close(fd: number): number {
    const entry = this.table[fd];
    if (entry === undefined) return errno.badf;
    this.table[fd] = undefined;
    if (entry.kind === 'file') this.config.fds.close(entry.slot);
    return errno.success;
  }

  fd_renumber(from: number, to: number): number {
    const entry = this.table[from];
    if (entry === undefined || this.table[to] === undefined) return errno.badf;
    if (from === to) return errno.success;
    this.fd_close(to);
    this.table[to] = entry;
    this.table[from] = undefined;
    return errno.success;
  }

  fd_sync(fd: number): number {
    const entry = this.table[fd];
    if (entry?.kind === 'file') fsyncSync(entry.fd);
    return entry === undefined ? errno.badf : errno.success;
  }

  fd_datasync(fd: number): number {
    const entry = this.table[fd];
    if (entry?.kind === 'file') fdatasyncSync(entry.fd);
    return entry === undefined ? errno.badf : errno.success;
  }

  fd_advise(fd: number): number {
    return this.table[fd] === undefined ? errno.badf : errno.success; // advice only; nothing to do
  }

  fd_fdstat_get(fd: number, ptr: number): number {
    const entry = this.table[fd];
    if (entry === undefined) return errno.badf;
    const base = ptr >>> 0;
    let type: number = filetype.characterDevice;
    let rights = STDOUT_RIGHTS;
    let inheriting = 0n;
    let flags = 0;
    if (entry.kind === 'stdin') rights = STDIN_RIGHTS;
    else if (entry.kind === 'dir') [type, rights, inheriting] = [filetype.directory, entry.base, entry.inheriting];
    else if (entry.kind === 'file') {
      [type, rights, inheriting, flags] = [
        filetype.regularFile,
        entry.base,
        entry.inheriting,
        entry.append ? fdflag.append : 0,
      ];
    }
    this.bytes.fill(0, base, base + size.fdstat);
    this.data.setUint8(base, type);
    this.data.setUint16(base + 2, flags, true);
    this.data.setBigUint64(base + 8, rights, true);
    this.data.setBigUint64(base + 16, inheriting, true);
    return errno.success;
  }

  fd_fdstat_set_flags(fd: number, flags: number): number {
    const entry = this.table[fd];
    if (entry === undefined) return errno.badf;
    if (entry.kind !== 'file') return errno.success; // stdio and directories: nothing to change
    if ((flags & ~fdflag.append) !== 0) return errno.notsup;
    entry.append = (flags & fdflag.append) !== 0;
    return errno.success;
  }

  fd_filestat_get(fd: number, ptr: number): number {
    const entry = this.table[fd];
    if (entry === undefined) return errno.badf;
    if (entry.kind === 'file') this.writeFilestat(ptr, fstatSync(entry.fd, { bigint: true }));
    else if (entry.kind === 'dir') this.writeFilestat(ptr, lstatSync(this.hostOf(entry.components), { bigint: true }));
    else this.writeFilestat(ptr, undefined);
    return errno.success;
  }

  fd_filestat_set_size(fd: number, length: bigint): number {
    const entry = this.table[fd];
    if (entry?.kind !== 'file') return entry === undefined ? errno.badf : errno.inval;
    ftruncateSync(entry.fd, Number(length));
    return errno.success;
  }

  fd_prestat_get(fd: number, ptr: number): number {
    const entry = this.table[fd];
    // wasi-libc and Rust's std probe fds 3, 4, … until EBADF: anything that is not a preopen answers EBADF.
    if (entry?.kind !== 'dir' || entry.preopen === undefined) return errno.badf;
    const base = ptr >>> 0;
    this.bytes.fill(0, base, base + size.prestat);
    this.data.setUint32(base + 4, Buffer.byteLength(entry.preopen), true);
    return errno.success;
  }

  fd_prestat_dir_name(fd: number, pathPtr: number, pathLen: number): number {
    const entry = this.table[fd];
    if (entry?.kind !== 'dir' || entry.preopen === undefined) return errno.badf;
    const name = encoder.encode(entry.preopen);
    if (pathLen >>> 0 < name.length) return errno.nametoolong;
    this.bytes.set(name, pathPtr >>> 0);
    return errno.success;
  }

  fd_readdir(fd: number, bufPtr: number, bufLen: number, cookie: bigint, usedPtr: number): number {
    const entry = this.table[fd];
    if (entry === undefined) return errno.badf;
    if (entry.kind !== 'dir') return errno.notdir;
    const folder = this.hostOf(entry.components);
    const names = ['.', '..', ...readdirSync(folder)];
    const start = bufPtr >>> 0;
    const end = start + (bufLen >>> 0);
    let pos = start;
    for (let i = Number(cookie); i < names.length && pos < end; i++) {
      const name = encoder.encode(names[i]);
      let stat: BigIntStats | undefined;
      try {
        stat = lstatSync(names[i] === '..' && entry.components.length === 0 ? folder : `${folder}/${names[i]}`, {
          bigint: true,
        });
      } catch {
        stat = undefined; // removed meanwhile: listed without an inode
      }
      const header = new Uint8Array(size.direntHeader);
      const view = new DataView(header.buffer);
      view.setBigUint64(0, BigInt(i + 1), true);
      view.setBigUint64(8, stat?.ino ?? 0n, true);
      view.setUint32(16, name.length, true);
      view.setUint8(20, stat === undefined ? filetype.unknown : filetypeOf(stat));
      for (const part of [header, name]) {
        const n = Math.min(part.length, end - pos);
        this.bytes.set(part.subarray(0, n), pos);
        pos += n;
      }
    }
    this.data.setUint32(usedPtr >>> 0, pos - start, true);
    return errno.success;
  }

  // --- paths below the granted directory ---------------------------------------------------------------------

  path_open(
    fd: number,
    dirflags: number,
    pathPtr: number,
    pathLen: number,
    oflags: number,
    rightsBase: bigint,
    rightsInheriting: bigint,
    fdflags: number,
    resultPtr: number,
  ): number {
    const resolved = this.resolve(fd, pathPtr, pathLen, (dirflags & LOOKUP_SYMLINK_FOLLOW) !== 0);
    if (typeof resolved === 'number') return resolved;
    const parent = this.table[fd] as Extract<Entry, { kind: 'dir' }>;
    const { stat } = resolved;
    if (stat !== undefined && (oflags & oflag.creat) !== 0 && (oflags & oflag.excl) !== 0) return errno.exist;
    if (stat?.isSymbolicLink()) return errno.loop; // not followed (no SYMLINK_FOLLOW), and never opened by the host
    const wantsDir = (oflags & oflag.directory) !== 0 || resolved.trailingSlash;
    if (stat?.isDirectory()) {
      if ((oflags & (oflag.creat | oflag.trunc)) !== 0 && (oflags & oflag.directory) === 0) return errno.isdir;
      if ((rightsBase & right.fdWrite) !== 0n && (oflags & oflag.directory) === 0) return errno.isdir;
      const base = rightsBase & parent.inheriting & DIRECTORY_RIGHTS;
      return this.place(
        { kind: 'dir', components: resolved.components, base, inheriting: rightsInheriting & parent.inheriting },
        resultPtr,
      );
    }
    if (wantsDir) return stat === undefined ? errno.noent : errno.notdir;
    if (stat === undefined && (oflags & oflag.creat) === 0) return errno.noent;
    const slot = this.config.fds.free();
    if (slot < 0) return errno.mfile;
    // Rights choose how the host file is opened (as wasmtime does); the host's open mode then limits reads and writes
    // (EBADF), while the boundary that matters, the granted tree, is enforced by the path resolution.
    const base = rightsBase & parent.inheriting & FILE_RIGHTS;
    const writes = (base & WRITE_RIGHTS) !== 0n || (oflags & oflag.trunc) !== 0;
    const reads = (base & right.fdRead) !== 0n || !writes;
    let flags =
      constants.O_NOFOLLOW | (reads && writes ? constants.O_RDWR : writes ? constants.O_WRONLY : constants.O_RDONLY);
    if ((oflags & oflag.creat) !== 0) flags |= constants.O_CREAT;
    if ((oflags & oflag.excl) !== 0) flags |= constants.O_EXCL;
    if ((oflags & oflag.trunc) !== 0) flags |= constants.O_TRUNC;
    const hostFd = openSync(resolved.host, flags, 0o666);
    this.config.fds.hold(slot, hostFd);
    const append = (fdflags & fdflag.append) !== 0;
    return this.place(
      { kind: 'file', slot, fd: hostFd, position: 0, append, base, inheriting: rightsInheriting & parent.inheriting },
      resultPtr,
    );
  }

  path_filestat_get(fd: number, flags: number, pathPtr: number, pathLen: number, ptr: number): number {
    const resolved = this.resolve(fd, pathPtr, pathLen, (flags & LOOKUP_SYMLINK_FOLLOW) !== 0);
    if (typeof resolved === 'number') return resolved;
    if (resolved.stat === undefined) return errno.noent;
    this.writeFilestat(ptr, lstatSync(resolved.host, { bigint: true }));
    return errno.success;
  }

  path_create_directory(fd: number, pathPtr: number, pathLen: number): number {
    const resolved = this.resolve(fd, pathPtr, pathLen, false);
    if (typeof resolved === 'number') return resolved;
    if (resolved.stat !== undefined) return errno.exist;
    mkdirSync(resolved.host);
    return errno.success;
  }

  path_remove_directory(fd: number, pathPtr: number, pathLen: number): number {
    const resolved = this.resolve(fd, pathPtr, pathLen, false);
    if (typeof resolved === 'number') return resolved;
    if (resolved.stat === undefined) return errno.noent;
    if (!resolved.stat.isDirectory()) return errno.notdir;
    if (resolved.components.length === 0) return errno.notcapable; // the granted directory itself stays
    rmdirSync(resolved.host);
    return errno.success;
  }

  path_unlink_file(fd: number, pathPtr: number, pathLen: number): number {
    const resolved = this.resolve(fd, pathPtr, pathLen, false);
    if (typeof resolved === 'number') return resolved;
    if (resolved.stat === undefined) return errno.noent;
    if (resolved.stat.isDirectory()) return errno.isdir;
    unlinkSync(resolved.host);
    return errno.success;
  }

  path_rename(fd: number, oldPtr: number, oldLen: number, newFd: number, newPtr: number, newLen: number): number {
    const from = this.resolve(fd, oldPtr, oldLen, false);
    if (typeof from === 'number') return from;
    const to = this.resolve(newFd, newPtr, newLen, false);
    if (typeof to === 'number') return to;
    if (from.stat === undefined) return errno.noent;
    if (from.components.length === 0 || to.components.length === 0) return errno.notcapable;
    renameSync(from.host, to.host);
    return errno.success;
  }

  path_readlink(fd: number, pathPtr: number, pathLen: number, bufPtr: number, bufLen: number, usedPtr: number): number {
    const resolved = this.resolve(fd, pathPtr, pathLen, false);
    if (typeof resolved === 'number') return resolved;
    if (resolved.stat === undefined) return errno.noent;
    if (!resolved.stat.isSymbolicLink()) return errno.inval;
    const target = readlinkSync(resolved.host, { encoding: 'buffer' });
    const n = Math.min(target.length, bufLen >>> 0);
    this.bytes.set(target.subarray(0, n), bufPtr >>> 0);
    this.data.setUint32(usedPtr >>> 0, n, true);
    return errno.success;
  }

  /** Symlinks would let a module build a way out of its tree for a later resolution by another tool: refused. */
  path_symlink(): number {
    return errno.notcapable;
  }

  /** Hard links are refused like symlinks: the layer creates no new names for existing files. */
  path_link(): number {
    return errno.notcapable;
  }

  // --- helpers ---------------------------------------------------------------------------------------------

  private resolve(fd: number, pathPtr: number, pathLen: number, follow: boolean): Resolved | number {
    const entry = this.table[fd];
    if (entry === undefined) return errno.badf;
    if (entry.kind !== 'dir' || this.config.dir === undefined) return errno.notdir;
    let path: string;
    try {
      path = decoder.decode(this.slice(pathPtr, pathLen));
    } catch (error) {
      if (error instanceof RangeError) throw error;
      return errno.inval; // not UTF-8
    }
    return resolvePath(this.config.dir, entry.components, path, follow);
  }

  private place(entry: Entry, resultPtr: number): number {
    let fd = this.table.indexOf(undefined, 3);
    if (fd < 0) fd = this.table.length;
    this.table[fd] = entry;
    this.data.setUint32(resultPtr >>> 0, fd, true);
    return errno.success;
  }

  private hostOf(components: readonly string[]): string {
    return hostPath(this.config.dir!, components);
  }

  private slice(ptr: number, length: number): Uint8Array {
    const start = ptr >>> 0;
    const end = start + (length >>> 0);
    if (end > this.bytes.length) throw new RangeError('outside the guest memory');
    return this.bytes.subarray(start, end);
  }

  private iovecs(iovs: number, count: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let i = 0; i < count >>> 0; i++) {
      const at = (iovs >>> 0) + i * size.iovec;
      out.push(this.slice(this.data.getUint32(at, true), this.data.getUint32(at + 4, true)));
    }
    return out;
  }

  private readAt(fd: number, iovs: number, count: number, position: number): number {
    let read = 0;
    for (const buffer of this.iovecs(iovs, count)) {
      const n = readSync(fd, buffer, 0, buffer.length, position + read);
      read += n;
      if (n < buffer.length) break;
    }
    return read;
  }

  private writeAt(fd: number, iovs: number, count: number, position: number): number {
    let written = 0;
    for (const buffer of this.iovecs(iovs, count)) {
      const n = writeSync(fd, buffer, 0, buffer.length, position + written);
      written += n;
      if (n < buffer.length) break;
    }
    return written;
  }

  private sizes(list: Uint8Array[], countPtr: number, sizePtr: number): number {
    this.data.setUint32(countPtr >>> 0, list.length, true);
    this.data.setUint32(
      sizePtr >>> 0,
      list.reduce((n, s) => n + s.length, 0),
      true,
    );
    return errno.success;
  }

  private strings(list: Uint8Array[], pointersPtr: number, bufPtr: number): number {
    let at = bufPtr >>> 0;
    list.forEach((item, i) => {
      this.data.setUint32((pointersPtr >>> 0) + i * 4, at, true);
      this.bytes.set(item, at);
      at += item.length;
    });
    return errno.success;
  }

  /** Nanoseconds on a clock. CPU-time clocks count from the activation's start: it runs alone in its thread. */
  private now(id: number): bigint | undefined {
    if (id === clock.realtime) return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
    if (id === clock.monotonic) return process.hrtime.bigint();
    if (id === clock.processCputime || id === clock.threadCputime) return process.hrtime.bigint() - this.started;
    return undefined;
  }

  private sleepFor(ms: number): void {
    const notice = ms >= BLOCK_NOTICE_MS;
    if (notice) this.config.onBlock?.();
    try {
      this.config.sleep(ms);
    } finally {
      if (notice) this.config.onUnblock?.();
    }
  }

  private writeFilestat(ptr: number, stat: BigIntStats | undefined): void {
    const base = ptr >>> 0;
    const d = this.data;
    this.bytes.fill(0, base, base + size.filestat);
    if (stat === undefined) {
      d.setUint8(base + 16, filetype.characterDevice);
      return;
    }
    d.setBigUint64(base, stat.dev, true);
    d.setBigUint64(base + 8, stat.ino, true);
    d.setUint8(base + 16, filetypeOf(stat));
    d.setBigUint64(base + 24, stat.nlink, true);
    d.setBigUint64(base + 32, stat.size, true);
    d.setBigUint64(base + 40, stat.atimeNs, true);
    d.setBigUint64(base + 48, stat.mtimeNs, true);
    d.setBigUint64(base + 56, stat.ctimeNs, true);
  }
}

function filetypeOf(stat: {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  isCharacterDevice(): boolean;
}): number {
  if (stat.isFile()) return filetype.regularFile;
  if (stat.isDirectory()) return filetype.directory;
  if (stat.isSymbolicLink()) return filetype.symbolicLink;
  if (stat.isCharacterDevice()) return filetype.characterDevice;
  return filetype.unknown;
}

type Method = (this: WasiHost, ...args: never[]) => number | void;

/** The WasiHost methods that are preview1 functions; every other preview1 import answers ENOSYS. */
const implemented = new Set([
  'args_get',
  'args_sizes_get',
  'environ_get',
  'environ_sizes_get',
  'clock_res_get',
  'clock_time_get',
  'random_get',
  'sched_yield',
  'proc_exit',
  'poll_oneoff',
  'fd_write',
  'fd_pwrite',
  'fd_read',
  'fd_pread',
  'fd_seek',
  'fd_tell',
  'fd_close',
  'fd_renumber',
  'fd_sync',
  'fd_datasync',
  'fd_advise',
  'fd_fdstat_get',
  'fd_fdstat_set_flags',
  'fd_filestat_get',
  'fd_filestat_set_size',
  'fd_prestat_get',
  'fd_prestat_dir_name',
  'fd_readdir',
  'path_open',
  'path_filestat_get',
  'path_create_directory',
  'path_remove_directory',
  'path_unlink_file',
  'path_rename',
  'path_readlink',
  'path_symlink',
  'path_link',
]);

/** The host of the activation running on this thread now (a thread runs one at a time, synchronously). */
let current: WasiHost | undefined;

export function activate(host: WasiHost | undefined): void {
  current = host;
}

const bindings = new Map<string, (...args: unknown[]) => number | void>();

/**
 * The import function for a preview1 name. The same function serves every instance on the thread and calls the
 * current activation's host: instantiation then links plain JS functions built once, not closures per activation.
 */
export function wasiImport(name: string): (...args: unknown[]) => number | void {
  let fn = bindings.get(name);
  if (fn === undefined) {
    const method = implemented.has(name) ? (WasiHost.prototype as unknown as Record<string, Method>)[name]! : undefined;
    fn =
      method === undefined
        ? () => errno.nosys
        : (...args: unknown[]) => {
            if (current === undefined) throw new Error(`WASI ${name} was called outside an activation`);
            return current.invoke(method, args);
          };
    bindings.set(name, fn);
  }
  return fn;
}
