// Per recipient domain: where its mail went over SMTP (the next hop), and to how many different addresses. A backup MX
// or filtering gateway hands the mail of the domains it relays for to their primary, one host of the site's own; an
// open relay's bots spray thousands of addresses of the big providers, whose own MX take them (review 13, M6; review
// 14, F5). From the final answer of each remote recipient, the smtp delivery line that says sent or bounced:
//   "A1B2C3: to=<staff01@example-shop.jp>, relay=mx1.example.jp[192.0.2.10]:25, delay=5400, …, status=sent (250 2.0.0 Ok: queued as 4F1B2C3D4E)"
//   "A1B2C3: to=<user8176@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.157.27]:25, …, status=sent (250 2.0.0 OK …)"
// Deferrals are left out: a retry storm writes millions of them, and the host that said "later" is in the final line
// too. Content filter hops (relay=127.0.0.1[127.0.0.1]:10024) are no next hop: the copy's lines name the real one.
//
// Small, for a log of mail to 100,000 domains: the relays are the MAX_RELAYS smallest (by string order) with a flag
// for more (a primary is one or two addresses; a big provider's MX rotate through dozens), and the addresses a
// 256-bit set of their hashes (linear counting, Whang et al. 1990): about 150 different addresses are told from 20
// within some percent, in 8 numbers. About 0.5 KB a domain with its keys (measured on 100,000 domains). Merging
// keeps the smallest relays of both and ORs the bits, so any split of the log gives the same table.

import type { Aggregate } from '../types.js';
import { ownString } from '../own-string.js';
import { domainOf } from '../parse/fields.js';

/** Bits of the address set (ADDRESS_WORDS words of 32). */
export const ADDRESS_BITS = 256;
const ADDRESS_WORDS = ADDRESS_BITS / 32;
/** Relays kept per domain. */
export const MAX_RELAYS = 8;

export interface NextHopStats {
  /** smtp delivery lines with status sent or bounced (each recipient's final answer; content filter hops left out). */
  finals: number;
  /** The relays of those lines as written ("mx1.example.jp[192.0.2.10]:25"): the MAX_RELAYS smallest, in order. */
  relays: string[];
  /** Whether the lines named more relays than those. */
  moreRelays: boolean;
  /** The recipient addresses' hashes (FNV-1a of the address, ASCII lower-cased, mixed), one bit each: ADDRESS_WORDS words. */
  addressBits: number[];
}

export function newNextHopStats(): NextHopStats {
  return { finals: 0, relays: [], moreRelays: false, addressBits: new Array<number>(ADDRESS_WORDS).fill(0) };
}

/** The last domain looked up, and its row: qmgr delivers a destination's recipients one after another. */
export interface NextHopCache {
  domain: string;
  row: NextHopStats | null;
}

export function newNextHopCache(): NextHopCache {
  return { domain: '', row: null };
}

/** Counts one final smtp delivery line (sent or bounced, not a filter hop) `n` times: its relay and its address. */
export function addNextHop(agg: Aggregate, to: string, relay: string, n: number, cache: NextHopCache): void {
  const at = to.lastIndexOf('@');
  let row = cache.row;
  // The domain as written is compared with the last one before any string is cut or hashed into the map.
  if (row === null || at < 0 || to.length - at - 1 !== cache.domain.length || !to.endsWith(cache.domain)) {
    const domain = domainOf(to);
    row = agg.nextHops.get(domain) ?? null;
    if (row === null) {
      row = newNextHopStats();
      agg.nextHops.set(ownString(domain), row);
    }
    cache.domain = ownString(at < 0 ? '' : to.slice(at + 1));
    cache.row = row;
  }
  row.finals += n;
  // "relay=none" (a bounce before any connection: "Host or domain name not found") names no host.
  if (relay.indexOf('[') >= 0 && !row.relays.includes(relay)) keepRelays(row, [relay], false);
  const bit = addressHash(to) & (ADDRESS_BITS - 1);
  const words = row.addressBits;
  words[bit >>> 5] = (words[bit >>> 5]! | (1 << (bit & 31))) >>> 0;
}

/** Adds relays not in the row (`more`: others were left out already), keeping the MAX_RELAYS smallest. */
function keepRelays(row: NextHopStats, add: readonly string[], more: boolean): void {
  let kept = row.relays;
  for (const r of add) {
    if (kept.includes(r)) continue;
    if (kept.length >= MAX_RELAYS && r > kept[kept.length - 1]!) { row.moreRelays = true; continue; }
    kept = [...kept, ownString(r)].sort();
    if (kept.length > MAX_RELAYS) { kept.pop(); row.moreRelays = true; }
  }
  row.relays = kept;
  if (more) row.moreRelays = true;
}

/** FNV-1a (32 bits, then mixed) of an address, A–Z folded to a–z: "Tanaka@Example.jp" and "tanaka@example.jp" are one. */
export function addressHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    h = Math.imul(h ^ c, 0x01000193);
  }
  // MurmurHash3's finalizer: FNV's low bits depend on the characters' low bits only, and the bit index is taken there.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * About how many different addresses a row's lines were for (linear counting: -m ln(empty bits / m)): a standard
 * error of 5% at 150, 8% at 750; with every bit set, the estimate for one bit empty (~1,400), a lower bound.
 */
export function distinctAddresses(row: NextHopStats): number {
  return linearCount(row.addressBits, ADDRESS_BITS).count;
}

/**
 * Linear counting (Whang et al. 1990) on a bitmap of `m` bits in 32-bit words: about -m ln(empty bits / m) distinct
 * items, and whether every bit is set (`full`: the estimate for one bit empty, a lower bound).
 */
export function linearCount(words: ArrayLike<number>, m: number): { count: number; full: boolean } {
  let set = 0;
  for (let i = 0; i < words.length; i++) {
    let x = words[i]!;
    while (x !== 0) { x &= x - 1; set++; }
  }
  const empty = Math.max(m - set, 1);
  return { count: Math.max(0, Math.round(-m * Math.log(empty / m))), full: set === m };
}

/** merge(a, b) of the table: lines summed, the smallest relays of both kept, address bits OR-ed (b's rows are moved). */
export function mergeNextHops(a: Map<string, NextHopStats>, b: Map<string, NextHopStats>): void {
  for (const [domain, r] of b) {
    const mine = a.get(domain);
    if (mine === undefined) { a.set(domain, r); continue; }
    mine.finals += r.finals;
    keepRelays(mine, r.relays, r.moreRelays);
    for (let i = 0; i < ADDRESS_WORDS; i++) mine.addressBits[i] = (mine.addressBits[i]! | r.addressBits[i]!) >>> 0;
  }
}
