// The distinct addresses of a local program's relayed mail, exact up to a cap (review 19, M2). A hacked web form
// writes phishing to a harvested list, each address once or twice, and rotates numbered senders:
//   "Dec  5 22:01:55 mail postfix/pickup[56648]: 94F7616D281: uid=33 from=<security578@amazon.co.jp>"
//   "Dec  5 22:01:56 mail postfix/smtp[56650]: 94F7616D281: to=<u9097.93@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.157.27]:25, …, status=sent (250 2.0.0 OK …)"
// 397 such messages to 799 addresses of 10 free-mail domains; a Sieve redirect resends mail as its original senders
// too, but to the few outside mailboxes the site's users forward to, each many times. The relay tallies count
// recipients per domain only, which cannot tell the two apart (open-relay.ts, localForgedMinAddresses).
//
// Up to ADDRESS_SET_CAP addresses are kept as strings; past it the set only says "more than the cap" and keeps
// nothing. That answer is the same for any split of the log: a part that went past the cap had more distinct
// addresses than the cap, so the union has too; parts under it hold every address they saw, and their union is
// exact. Kept per local program only (pickup uid=, a few per host), never per client IP: at most about 70 KB a program.

import type { AddressSet, KeyedAddressSets } from '../types.js';
import { ownString } from '../own-string.js';

/** Addresses kept before the set only counts "more than this". */
export const ADDRESS_SET_CAP = 1000;

/** Adds an address; returns the set to store (created on first use). */
export function addAddress(s: AddressSet | null, address: string): AddressSet {
  const set = s ?? { kept: new Set<string>(), full: false };
  if (set.full) return set;
  const a = lowerAscii(address);
  if (set.kept.has(a)) return set;
  set.kept.add(ownString(a));
  if (set.kept.size > ADDRESS_SET_CAP) full(set);
  return set;
}

/** Merges b into a (b is consumed); returns the set to store in a. */
export function mergeAddressSets(a: AddressSet | null, b: AddressSet | null): AddressSet | null {
  if (b === null) return a;
  if (a === null) return b;
  if (a.full) return a;
  if (b.full) { full(a); return a; }
  for (const x of b.kept) {
    a.kept.add(x);
    if (a.kept.size > ADDRESS_SET_CAP) { full(a); break; }
  }
  return a;
}

/**
 * How many of the addresses pass `keep` (by their domain, say); `atLeast` when the set went past its cap, `count`
 * then being the cap (the kept addresses are gone, the test cannot be made).
 */
export function countAddresses(s: AddressSet | null, keep: (address: string) => boolean): { count: number; atLeast: boolean } {
  if (s === null) return { count: 0, atLeast: false };
  if (s.full) return { count: ADDRESS_SET_CAP, atLeast: true };
  let count = 0;
  for (const a of s.kept) if (keep(a)) count++;
  return { count, atLeast: false };
}

function full(s: AddressSet): void {
  s.full = true;
  s.kept = new Set();
}

/** Lower-cases A–Z only: addresses are compared as Postfix logs them, the domain's case aside. */
function lowerAscii(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s;
}

/**
 * Distinct addresses by a key (a local program's recipient addresses by its messages' sender domain: those of its
 * forged messages alone, review 19, M2), exact up to ADDRESS_PAIRS_CAP (key, address) pairs in all; past it, full and
 * empty. The same for any split of the log, as AddressSet.
 */
export const ADDRESS_PAIRS_CAP = 2000;

/** Adds `address` under `key`; returns the sets to store (created on first use). */
export function addKeyedAddress(s: KeyedAddressSets | null, key: string, address: string): KeyedAddressSets {
  const sets = s ?? { byKey: new Map<string, Set<string>>(), pairs: 0, full: false };
  if (sets.full) return sets;
  const a = lowerAscii(address);
  let set = sets.byKey.get(key);
  if (set === undefined) {
    set = new Set();
    sets.byKey.set(ownString(key), set);
  }
  if (set.has(a)) return sets;
  set.add(ownString(a));
  if (++sets.pairs > ADDRESS_PAIRS_CAP) fullKeyed(sets);
  return sets;
}

/** Merges b into a (b is consumed); returns the sets to store in a. */
export function mergeKeyedAddressSets(a: KeyedAddressSets | null, b: KeyedAddressSets | null): KeyedAddressSets | null {
  if (b === null) return a;
  if (a === null) return b;
  if (a.full) return a;
  if (b.full) { fullKeyed(a); return a; }
  for (const [key, addresses] of b.byKey) {
    let set = a.byKey.get(key);
    if (set === undefined) { a.byKey.set(key, addresses); a.pairs += addresses.size; } else {
      for (const x of addresses) if (!set.has(x)) { set.add(x); a.pairs++; }
    }
    if (a.pairs > ADDRESS_PAIRS_CAP) { fullKeyed(a); break; }
  }
  return a;
}

/** The distinct addresses under the keys `keys` that pass `keep`; null when the sets went past their cap (unknown). */
export function countKeyedAddresses(s: KeyedAddressSets | null, keys: Iterable<string>, keep: (address: string) => boolean): number | null {
  if (s === null) return 0;
  if (s.full) return null;
  const seen = new Set<string>();
  for (const k of keys) for (const a of s.byKey.get(k) ?? []) if (keep(a)) seen.add(a);
  return seen.size;
}

function fullKeyed(s: KeyedAddressSets): void {
  s.full = true;
  s.byKey = new Map();
  s.pairs = 0;
}
