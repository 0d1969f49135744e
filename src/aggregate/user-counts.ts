// Per-IP counts of the user names a client tried: a brute force leaves thousands of IPs with a few dozen names
// each (225,000 entries on the 1.5 GB benchmark log). As a Map per IP they held 9.6 MiB of the 36.8 MiB state left
// at the end of a one-job scan (~44 bytes an entry); as two short lists, a name (shared, see events.ts) and its
// count, an entry is two slots. An IP that tries more than SMALL names (a dictionary run) gets a Map, where a
// list search would grow with every name.
//
// Insertion order is kept in both forms and by the merge (b's new names after a's), as it was with Maps: rules
// that walk the names see them in the same order whatever the number of jobs.

import { type StringPool, sharedString } from '../own-string.js';

/** A few names as two lists; more as a Map. */
export type UserCounts = { names: string[]; counts: number[] } | Map<string, number>;

const SMALL = 48;

/** Adds `n` tries of `name` (`own` gives the copy to keep when the name is new). */
export function bumpUser(x: UserCounts | null, name: string, n: number, own: (s: string) => string): UserCounts {
  if (x === null) return { names: [own(name)], counts: [n] };
  if (x instanceof Map) {
    const had = x.get(name);
    x.set(had === undefined ? own(name) : name, (had ?? 0) + n);
    return x;
  }
  const i = x.names.indexOf(name);
  if (i >= 0) { x.counts[i]! += n; return x; }
  if (x.names.length < SMALL) { x.names.push(own(name)); x.counts.push(n); return x; }
  const m = toMap(x);
  m.set(own(name), n);
  return m;
}

const asIs = (s: string): string => s;

/** mergeUserCounts of two lists whose names together are SMALL at most, into a; null (nothing changed) past that. */
function mergeLists(a: { names: string[]; counts: number[] }, b: { names: string[]; counts: number[] }): UserCounts | null {
  const at = new Array<number>(b.names.length);
  let added = 0;
  for (let i = 0; i < b.names.length; i++) {
    const k = a.names.indexOf(b.names[i]!);
    at[i] = k;
    if (k < 0) added++;
  }
  if (a.names.length + added > SMALL) return null;
  for (let i = 0; i < b.names.length; i++) if (at[i]! >= 0) a.counts[at[i]!]! += b.counts[i]!;
  if (added === 0) return a;
  const n = a.names.length;
  const names = new Array<string>(n + added);
  const counts = new Array<number>(n + added);
  for (let k = 0; k < n; k++) { names[k] = a.names[k]!; counts[k] = a.counts[k]!; }
  let next = n;
  for (let i = 0; i < b.names.length; i++) {
    if (at[i]! >= 0) continue;
    names[next] = b.names[i]!;
    counts[next++] = b.counts[i]!;
  }
  a.names = names;
  a.counts = counts;
  return a;
}

/**
 * b's counts added to a's (b is consumed). Two lists that stay lists make a's lists again at their new length,
 * b's new names after a's: pushed onto a list decoded at its exact length (wire-ips.ts), the first new name gave it
 * 17 slots, two 152-byte lists for a name or two (twenty-eighth session: the 2 million-IP botnet at --jobs 2 folds
 * 1.3 million rows of the main thread's range into the worker's, each with a name the other had not tried).
 */
export function mergeUserCounts(a: UserCounts | null, b: UserCounts | null): UserCounts | null {
  if (b === null) return a;
  if (a === null) return b;
  if (!(a instanceof Map) && !(b instanceof Map)) {
    const grown = mergeLists(a, b);
    if (grown !== null) return grown;
  }
  let into = a;
  // A botnet's rows meet by the hundred thousand when ranges merge: b's lists are walked, not copied into pairs.
  if (b instanceof Map) for (const [name, n] of b) into = bumpUser(into, name, n, asIs);
  else for (let i = 0; i < b.names.length; i++) into = bumpUser(into, b.names[i]!, b.counts[i]!, asIs);
  return into;
}

/** The same counts with each name taken from `pool` (sharedString): one string per name, not one per row. */
export function shareUserNames(x: UserCounts | null, pool: StringPool): UserCounts | null {
  if (x === null) return null;
  if (!(x instanceof Map)) {
    for (let i = 0; i < x.names.length; i++) x.names[i] = sharedString(pool, x.names[i]!);
    return x;
  }
  const out = new Map<string, number>();
  for (const [name, n] of x) out.set(sharedString(pool, name), n);
  return out;
}

/** The counts as a Map, for rules and the report (not on the scan's path). */
export function userCountsOf(x: UserCounts | null): ReadonlyMap<string, number> {
  if (x === null) return NONE;
  return x instanceof Map ? x : toMap(x);
}

const NONE: ReadonlyMap<string, number> = new Map();

function toMap(x: { names: string[]; counts: number[] }): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < x.names.length; i++) m.set(x.names[i]!, x.counts[i]!);
  return m;
}

