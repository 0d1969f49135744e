// A copy of a string to keep, that does not keep the line it was cut from alive.
//
// V8 makes a substring of 13 characters or more a "sliced string": a pointer into its parent. A user name cut from
// a 200-byte log line and kept as a map key (or a recipient kept in an open record for days) keeps the whole line:
// measured 103 MiB of heap for 50,000 such 20-character keys cut from 2 KB lines, 6.6 MiB with a copy.
//
// The copy is made by a JSON round trip, which builds a new flat string. `(' ' + s).slice(1)`, used before, is
// again a sliced string (32 bytes) over a flat copy one character longer: 84 bytes for a 22-character key
// against 50, measured; on the 1.5 GB benchmark log a worker kept 221,000 such slices (6.8 MB).
// JSON.stringify escapes what it must and JSON.parse restores it, so every string survives (lone surrogates too).

/** SlicedString::kMinLength in V8: shorter substrings are copies already. */
const SLICE_MIN = 13;

export function ownString(s: string): string {
  return s.length < SLICE_MIN ? s : JSON.parse(JSON.stringify(s)) as string;
}

/**
 * Equal strings kept once. A few values repeat thousands of times in what a scan keeps: on the 1.5 GB benchmark
 * log a worker held 5,800 copies of one relay in its open records, and its per-IP maps 172,000 entries naming a
 * few hundred users. Bounded: past `max` distinct values a new one is kept as its own copy.
 */
export interface StringPool {
  seen: Map<string, string>;
  max: number;
}

export function newStringPool(max = 100_000): StringPool {
  return { seen: new Map(), max };
}

export function sharedString(pool: StringPool, s: string): string {
  if (s.length === 0) return '';
  const known = pool.seen.get(s);
  if (known !== undefined) return known;
  const own = ownString(s);
  if (pool.seen.size < pool.max) pool.seen.set(own, own);
  return own;
}
