// The host file descriptors a thread's activation holds, in memory the pool can read too: when the pool terminates a
// thread (a timeout), the thread cannot close them itself, so the pool closes what is left after the thread stopped.
// A slot holds fd + 1 (0 = free). The thread clears a slot before it closes the descriptor, so a descriptor number
// reused by another thread is never closed by mistake; a thread stopped between the two steps leaks one descriptor.
import { closeSync } from 'node:fs';

/** Host files one activation may hold open at once (EMFILE for the guest beyond it). */
export const MAX_OPEN_FILES = 128;

export function createFdSlots(): SharedArrayBuffer {
  return new SharedArrayBuffer(MAX_OPEN_FILES * 4);
}

export class HostFdSlots {
  private readonly slots: Int32Array;

  constructor(buffer: SharedArrayBuffer) {
    this.slots = new Int32Array(buffer);
  }

  /** A free slot's index, or -1 when all are taken. */
  free(): number {
    return this.slots.indexOf(0);
  }

  hold(slot: number, fd: number): void {
    Atomics.store(this.slots, slot, fd + 1);
  }

  /** Forgets the slot's descriptor, then closes it. */
  close(slot: number): void {
    const held = Atomics.exchange(this.slots, slot, 0);
    if (held > 0) closeSync(held - 1);
  }

  /** Closes every descriptor still held: at the end of an activation, or by the pool after the thread stopped. */
  closeAll(): number {
    let closed = 0;
    for (let slot = 0; slot < this.slots.length; slot++) {
      if (this.slots[slot] !== 0) {
        try {
          this.close(slot);
        } catch {
          // already closed by the host (EBADF): nothing left to release
        }
        closed++;
      }
    }
    return closed;
  }
}
