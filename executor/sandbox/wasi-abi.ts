// WASI preview1 numbers the layer relies on (docs/wasi-preview1.md lists them with their upstream source, the
// preview1 witx files): errno values, rights bits, file types, flags and the byte layouts of the structs.

export const errno = {
  success: 0,
  acces: 2,
  again: 6,
  badf: 8,
  busy: 10,
  dquot: 19,
  exist: 20,
  fault: 21,
  fbig: 22,
  inval: 28,
  io: 29,
  isdir: 31,
  loop: 32,
  mfile: 33,
  mlink: 34,
  nametoolong: 37,
  nfile: 41,
  noent: 44,
  nomem: 48,
  nospc: 51,
  nosys: 52,
  notdir: 54,
  notempty: 55,
  notsup: 58,
  overflow: 61,
  perm: 63,
  rofs: 69,
  spipe: 70,
  txtbsy: 74,
  xdev: 75,
  notcapable: 76,
} as const;

/** Node's error codes (`error.code` of node:fs) as WASI errno values; anything else is EIO. */
export const errnoOfNodeCode: Readonly<Record<string, number>> = {
  EACCES: errno.acces,
  EAGAIN: errno.again,
  EBADF: errno.badf,
  EBUSY: errno.busy,
  EDQUOT: errno.dquot,
  EEXIST: errno.exist,
  EFBIG: errno.fbig,
  EINVAL: errno.inval,
  EIO: errno.io,
  EISDIR: errno.isdir,
  ELOOP: errno.loop,
  EMFILE: errno.mfile,
  EMLINK: errno.mlink,
  ENAMETOOLONG: errno.nametoolong,
  ENFILE: errno.nfile,
  ENOENT: errno.noent,
  ENOMEM: errno.nomem,
  ENOSPC: errno.nospc,
  ENOTDIR: errno.notdir,
  ENOTEMPTY: errno.notempty,
  ENOTSUP: errno.notsup,
  EOVERFLOW: errno.overflow,
  EPERM: errno.perm,
  EROFS: errno.rofs,
  ESPIPE: errno.spipe,
  ETXTBSY: errno.txtbsy,
  EXDEV: errno.xdev,
};

export const filetype = { unknown: 0, characterDevice: 2, directory: 3, regularFile: 4, symbolicLink: 7 } as const;

/** Rights (u64 bit numbers of `rights` in preview1's typenames.witx). */
export const right = {
  fdDatasync: 1n << 0n,
  fdRead: 1n << 1n,
  fdSeek: 1n << 2n,
  fdFdstatSetFlags: 1n << 3n,
  fdSync: 1n << 4n,
  fdTell: 1n << 5n,
  fdWrite: 1n << 6n,
  fdAdvise: 1n << 7n,
  fdAllocate: 1n << 8n,
  pathCreateDirectory: 1n << 9n,
  pathCreateFile: 1n << 10n,
  pathOpen: 1n << 13n,
  fdReaddir: 1n << 14n,
  pathReadlink: 1n << 15n,
  pathRenameSource: 1n << 16n,
  pathRenameTarget: 1n << 17n,
  pathFilestatGet: 1n << 18n,
  fdFilestatGet: 1n << 21n,
  fdFilestatSetSize: 1n << 22n,
  pathRemoveDirectory: 1n << 25n,
  pathUnlinkFile: 1n << 26n,
  pollFdReadwrite: 1n << 27n,
} as const;

/** All 30 rights bits of preview1 (bit 29, sock_accept, is the last). */
export const ALL_RIGHTS = (1n << 30n) - 1n;

const r = right;
export const FILE_RIGHTS =
  r.fdDatasync |
  r.fdRead |
  r.fdSeek |
  r.fdFdstatSetFlags |
  r.fdSync |
  r.fdTell |
  r.fdWrite |
  r.fdAdvise |
  r.fdAllocate |
  r.fdFilestatGet |
  r.fdFilestatSetSize |
  r.pollFdReadwrite |
  (1n << 23n);
export const DIRECTORY_RIGHTS =
  r.fdFdstatSetFlags |
  r.fdSync |
  r.fdAdvise |
  r.pathCreateDirectory |
  r.pathCreateFile |
  r.pathOpen |
  r.fdReaddir |
  r.pathReadlink |
  r.pathRenameSource |
  r.pathRenameTarget |
  r.pathFilestatGet |
  r.fdFilestatGet |
  r.pathRemoveDirectory |
  r.pathUnlinkFile |
  (1n << 11n) |
  (1n << 12n) |
  (1n << 19n) |
  (1n << 20n) |
  (1n << 24n);
export const STDIN_RIGHTS = r.fdRead | r.fdFdstatSetFlags | r.fdFilestatGet | r.pollFdReadwrite;
export const STDOUT_RIGHTS = r.fdWrite | r.fdFdstatSetFlags | r.fdFilestatGet | r.pollFdReadwrite;
/**
 * Rights that need the host file open for writing. Not fd_sync/fd_datasync: wasi-libc asks for fd_sync (every right
 * the directory may hand out except the write ones) when it opens a file read-only.
 */
export const WRITE_RIGHTS = r.fdWrite | r.fdAllocate | r.fdFilestatSetSize;

export const fdflag = { append: 1 } as const;
export const oflag = { creat: 1, directory: 2, excl: 4, trunc: 8 } as const;
export const LOOKUP_SYMLINK_FOLLOW = 1;
export const whence = { set: 0, cur: 1, end: 2 } as const;
export const clock = { realtime: 0, monotonic: 1, processCputime: 2, threadCputime: 3 } as const;
export const SUBSCRIPTION_CLOCK_ABSTIME = 1;
export const eventtype = { clock: 0, fdRead: 1, fdWrite: 2 } as const;

/** Byte sizes of the structs the layer writes (alignment 8). */
export const size = {
  fdstat: 24,
  filestat: 64,
  prestat: 8,
  direntHeader: 24,
  subscription: 48,
  event: 32,
  iovec: 8,
} as const;
