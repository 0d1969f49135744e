// A byte range whose end another thread may move down while the range is being read: how an idle thread takes
// over the unread tail of a busy thread's range (work stealing, `runOnThreads` in src/workers/pool.ts).
//
// The reader claims each chunk before reading it (claimUpTo); the thief moves the end (cutTail) only to a point
// at or after everything claimed. Both happen under a lock word, so the reader never reads a byte past the new
// end, and every line that starts before the cut is the reader's and every line after it the thief's. The typed
// arrays sit on a SharedArrayBuffer, which postMessage shares with a worker instead of copying.

export interface SharedRange {
  /** 0 = free, 1 = held. */
  lock: Int32Array;
  /** [0] = claimed: the reader has read, or is reading, every byte before it; [1] = end of the range. */
  at: Float64Array;
}

export function newSharedRange(start: number, end: number): SharedRange {
  const sab = new SharedArrayBuffer(24);
  const r = { lock: new Int32Array(sab, 0, 1), at: new Float64Array(sab, 8, 2) };
  r.at[0] = start;
  r.at[1] = end;
  return r;
}

// The lock is held for a few loads and stores: spinning is cheaper than sleeping.
function lock(r: SharedRange): void {
  while (Atomics.compareExchange(r.lock, 0, 0, 1) !== 0) { /* spin */ }
}

function unlock(r: SharedRange): void {
  Atomics.store(r.lock, 0, 0);
}

/** The reader: may it read up to `upTo`? Returns how far it may read (the end, if that comes first) and claims it. */
export function claimUpTo(r: SharedRange, upTo: number): number {
  lock(r);
  const limit = Math.min(upTo, r.at[1]!);
  if (limit > r.at[0]!) r.at[0] = limit;
  unlock(r);
  return limit;
}

/** Where the reader is, and where the range ends now. */
export function positionOf(r: SharedRange): { claimed: number; end: number } {
  lock(r);
  const claimed = r.at[0]!;
  const end = r.at[1]!;
  unlock(r);
  return { claimed, end };
}

/**
 * The thief: ends the range at `at` (a line start) and returns the old end, or -1 when the reader has already
 * claimed bytes past `at` (or `at` is not inside the range).
 */
export function cutTail(r: SharedRange, at: number): number {
  lock(r);
  const end = r.at[1]!;
  const ok = at >= r.at[0]! && at < end;
  if (ok) r.at[1] = at;
  unlock(r);
  return ok ? end : -1;
}
