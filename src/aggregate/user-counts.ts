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

/** b's counts added to a's (b is consumed). */
export function mergeUserCounts(a: UserCounts | null, b: UserCounts | null): UserCounts | null {
  if (b === null) return a;
  if (a === null) return b;
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

