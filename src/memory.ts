// A heap that is about to run out becomes a one-line error, not V8's fatal crash. A log with millions of distinct
// client IPs or queue IDs needs memory in proportion (docs/memory.md); when the state the run must keep
// nears the heap limit, the run stops with what to do about it (exit 1), the same in every thread.
//
// used_heap_size counts garbage as well, so a high reading is confirmed by a full collection first. V8 exposes
// gc() only with --expose-gc: the flag is set at run time and gc() taken from a new context (the way Jest's
// leak detector does it), only when the heap is already nearly full.

import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { resourceLimits } from 'node:worker_threads';
import { RunError } from './errors.js';

/** Past this share of the old generation's limit, live state is "full": merging, the report and rendering need the rest. */
export const HEAP_FULL = 0.8;

/**
 * Past this share, live state plus one more copy of its large tables is "full" too: a table grows by copying into one
 * twice its size, all at once (see oldGeneration). V8 itself gave up at 94% (60.5 of 64 MiB, "Reached heap limit")
 * right after the per-IP tables of a 150,000-IP log grew; 0.9 leaves it room. The botnet of 2.5 million IPs at
 * --jobs 2 and the default heap still runs: 1,607 MiB held, 1,489 asked for the worker's result, 225 in tables.
 */
export const HEAP_FULL_WITH_GROWTH = 0.9;

/**
 * heap_size_limit is the old generation's limit (--max-old-space-size) plus the young generation's reserve: three
 * default 16 MiB semi-spaces (V8 11: two semi-spaces and the new large-object space), or a worker's own (youngReserve).
 * Long-lived state lives in the old generation, and V8 fails when that is full (measured: 96 MB old space, 144 MB
 * heap_size_limit, fatal at 104 MB used).
 */
const YOUNG_RESERVE = youngReserve(resourceLimits.maxYoungGenerationSizeMb);

/**
 * The young generation's share of heap_size_limit, in bytes: V8's default on the main thread (no resourceLimits);
 * in a worker, from its maxYoungGenerationSizeMb, which V8 rounds to three semi-spaces of a power of two MiB (measured
 * as heap_size_limit minus the old generation's limit: 8 → 12, 24 → 24, 48 → 48). Scan workers of plain files have
 * 8 (early-worker.ts SCAN_WORKER_LIMITS): with the default's 48 taken off, their check would stop a run whose old
 * generation was still 36 MiB short of its limit.
 */
export function youngReserve(maxYoungGenerationSizeMb: number | undefined): number {
  if (maxYoungGenerationSizeMb === undefined || !(maxYoungGenerationSizeMb > 0)) return 48 * 1048576;
  return 3 * 2 ** Math.ceil(Math.log2(maxYoungGenerationSizeMb / 3)) * 1048576;
}

/**
 * The old generation's use and limit, and the large objects among what it holds. A Map's or an array's backing store
 * past 128 KiB is a large object, and the table grows by copying it into one twice its size: the 150,000-IP log in a
 * 64 MiB heap went from 49 MiB live to 61 within one check interval when its per-IP tables passed 131,072 entries
 * (new_large_object_space 0 → 10.5 MiB beside 13.3 in large_object_space), and V8 died. Objects in
 * new_large_object_space are young only by name: a table just grown is live and promoted at the next collection,
 * so they count as used; new_space (small young objects, mostly garbage) does not.
 */
function oldGeneration(): { used: number; large: number; limit: number } {
  const s = getHeapStatistics();
  let young = 0;
  let large = 0;
  for (const space of getHeapSpaceStatistics()) {
    if (space.space_name === 'new_space') young += space.space_used_size;
    else if (space.space_name === 'large_object_space' || space.space_name === 'new_large_object_space') large += space.space_used_size;
  }
  return { used: s.used_heap_size - young, large, limit: Math.max(s.heap_size_limit - YOUNG_RESERVE, s.heap_size_limit / 2) };
}

/** Live state with `incoming` more bytes is over one of the two bounds: HEAP_FULL, or HEAP_FULL_WITH_GROWTH with its tables' next copy. */
function tooFull(g: { used: number; large: number; limit: number }, incoming: number): boolean {
  return g.used + incoming >= HEAP_FULL * g.limit || g.used + g.large + incoming >= HEAP_FULL_WITH_GROWTH * g.limit;
}

/** Room left under both bounds, in bytes (negative when over). */
function room(g: { used: number; large: number; limit: number }, incoming: number): number {
  return Math.min(HEAP_FULL * g.limit - g.used, HEAP_FULL_WITH_GROWTH * g.limit - g.used - g.large) - incoming;
}

export class OutOfMemoryError extends RunError {
  override name = 'OutOfMemoryError';
}

let collect: (() => void) | null | undefined;
/** Heap use below which no check looks further (raised after a collection found room: see checkRoom). */
let quietBelow = 0;

function fullCollection(): void {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
}

/**
 * A full collection once the scan's state is dropped, before the report is drawn, when the heap is large: what
 * the scan left is mostly garbage by then, and V8's limit, raised by the scan, would let the charts and texts
 * pile their garbage on top of it. Measured on 4 × .gz of the benchmark, 2 jobs: RSS rose from 321 to 373 MiB
 * while the report was drawn and written, all of it after the scan.
 */
export function collectAfterScan(): void {
  if (getHeapStatistics().used_heap_size > 64 * 1048576) fullCollection();
}

/**
 * A full collection when the scans' results are merged, before the open messages are folded, when the heap is large
 * (a log of hundreds of MB: a small log's main thread holds under 64 MiB there and is left to V8). Half of what the
 * main thread then holds is garbage: its own range's aggregate, merged into the worker's, and the records its scan
 * finished and promoted (1.5 GB log, 2 jobs: 100 MiB used, 52 live after it). Without it the fold, detection and
 * report model piled onto that heap until V8's limit, raised by the scan, was reached: the main thread's heap grew
 * to ~150 MiB while the chart thread loaded vega, and the run's tail peaked at 255–280 MiB; with it the tail reuses
 * the freed room and peaked at 213–233 (twenty-eighth session, docs/performance.md "Peak memory"). It costs one full
 * collection on the serial tail (the report's own, collectAfterScan, stays: it frees the aggregate for the renderers).
 */
export function collectAfterMerge(): void {
  if (getHeapStatistics().used_heap_size > 64 * 1048576) fullCollection();
}

/**
 * Readers check every this many lines: 4 MiB of distinct-IP lines add ~20 MB of state, too much to leave unchecked
 * in a small heap. One getHeapStatistics call per 4,096 lines costs nothing measurable. (Skipped over-long lines
 * are not counted: they keep nothing.)
 */
export const HEAP_CHECK_LINES = 4096;

const mib = (bytes: number): number => Math.round(bytes / 1048576);

/**
 * Throws OutOfMemoryError when the live heap is over HEAP_FULL of the limit. Cheap when it is not (one
 * getHeapStatistics call); `where` says what was being read, for the message.
 */
export function checkHeap(where: () => string): void {
  checkRoom(0, where);
}

/**
 * Heap bytes a received scan result takes per serialized byte, in the wire format of workers/wire.ts: measured
 * 3.26 (half of the 1.5 GB benchmark log) and 2.59 (430,000 distinct IPs) once decoded, plus the flat value
 * lists that exist while decoding; rounded up. (The format halved the bytes: 23.6 → 12.1 MB and 270 → 119 MB.)
 * In columns (twenty-sixth session, wire-columns.ts) 2.03 for that half and 2.54 for 75,000 crafted IPs.
 */
export const DESERIALIZED_PER_BYTE = 4;

/**
 * The per-IP parts of a result at their own rates (twenty-eighth session): an 'ips' part (wire-ips.ts) puts its
 * numbers into the table's Float64Array, outside the heap, and costs in it each row's key, map entry, list slots
 * and user-name lists; a 'refs' part (wire.ts) becomes an example object and its line's text per example. Heap
 * after a full collection once decoded, per serialized byte (one range's result encoded and decoded as the threads
 * do): the generator's botnet of 250,000 IPs ips 2.06 and refs 1.55 (its examples 1.48 and the list of them 0.07;
 * the whole result 1.73, its peak while decoding 6% over), a dictionary attack of 5,000 IPs trying 60 names each
 * (a Map per row, user-counts.ts) ips 1.90 and refs 1.38, the 1.5 GB benchmark log's first half ips 1.56 and refs
 * 1.27, the 200 MB log's ips 1.56 (their open records 2.19 and 2.08). Taken at the botnet's with its decoding peak
 * and a little over; an example of a line shorter than the botnet's 72 characters weighs more (the object and the
 * list's slot beside less text: ~1.9 at 60), which the fifth of the heap the check leaves free (HEAP_FULL) covers.
 * The other parts keep DESERIALIZED_PER_BYTE. A 2.5 million-IP botnet's worker result (901 MB, two thirds of it
 * examples) is asked 1.7 GB this way; one factor of 4 for every byte asked 2.7 GB for the 2 million-IP one's 720
 * MB and stopped a run that fitted (docs/performance.md, "Botnet ceiling").
 */
const PER_IP_PART_DECODED: Readonly<Record<string, number>> = { ips: 2.25, refs: 1.75 };

/** Heap bytes a received part of `kind` ('ips', 'refs', 'records', 'head') of `bytes` serialized bytes takes once decoded. */
export function decodedBytes(kind: string, bytes: number): number {
  return bytes * (PER_IP_PART_DECODED[kind] ?? DESERIALIZED_PER_BYTE);
}

/** checkHeap for `incoming` more bytes of live state (a result about to be deserialized). */
export function checkRoom(incoming: number, where: () => string): void {
  const s = getHeapStatistics();
  // Quick test first: live state and its large objects together are at most twice the heap in use.
  if (s.used_heap_size + incoming < quietBelow || 2 * s.used_heap_size + incoming < HEAP_FULL * (s.heap_size_limit - YOUNG_RESERVE)) return;
  const before = oldGeneration();
  if (!tooFull(before, incoming)) return;
  fullCollection();
  const after = oldGeneration();
  if (!tooFull(after, incoming)) {
    // Mostly garbage: look again once half the room left has filled (at most a tenth of the heap, at least a
    // fiftieth, so that a run ending just under the bounds is not one full collection every check).
    const gap = Math.min(0.1 * after.limit, Math.max(0.02 * after.limit, room(after, incoming) / 2));
    quietBelow = getHeapStatistics().used_heap_size + gap;
    return;
  }
  const need = incoming > 0 ? ` and needs ${mib(incoming)} MiB more` : '';
  const tables = after.large >= 1048576 ? `, ${mib(after.large)} MiB of it in tables that grow by copying` : '';
  throw outOfMemory(`${where()}: the analysis holds ${mib(after.used)} MiB${need} of its ${mib(after.limit)} MiB heap${tables}`);
}

/** The error for a heap that is full; `what` says where and how full. */
export function outOfMemory(what: string): OutOfMemoryError {
  const limit = oldGeneration().limit;
  return new OutOfMemoryError(
    `out of memory ${what} (millions of distinct IPs, senders or still-queued messages: docs/memory.md); `
    + `run again with a larger heap, e.g. NODE_OPTIONS=--max-old-space-size=${Math.max(1024, mib(limit) * 2)}`,
  );
}

/**
 * A JavaScript Map holds at most 2^24 entries; V8 throws RangeError "Map maximum size exceeded" past it (thrown
 * in a worker, it arrives as a RunError with the same text). The message for the user, or null for other errors.
 */
export function tableFullMessage(err: unknown): string | null {
  if ((err as { message?: unknown } | null)?.message !== 'Map maximum size exceeded') return null;
  return 'too many distinct keys: one table of the analysis reached the 16,777,216 entries a JavaScript Map can hold '
    + '(more than 16 million distinct IPs, senders or queue IDs: docs/memory.md); analyze the log in parts';
}
