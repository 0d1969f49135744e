// The distinct addresses of a local program's relayed mail, by the sender domain of its messages (review 19, M2;
// review Q). A hacked web form writes phishing to a harvested list, each address once or twice, and rotates numbered
// senders of a few brands:
//   "Dec  5 22:01:55 mail postfix/pickup[56648]: 94F7616D281: uid=33 from=<security578@amazon.co.jp>"
//   "Dec  5 22:01:56 mail postfix/smtp[56650]: 94F7616D281: to=<u9097.93@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.157.27]:25, …, status=sent (250 2.0.0 OK …)"
// 397 such messages to 799 addresses of 10 free-mail domains. A Sieve redirect resends mail as its original senders
// too, but to the few outside mailboxes the site's users forward to, each many times; a shop sends its order mail as
// one or two fixed addresses of its own domain (orders@shop-b.example) to each customer once; a list script resends
// each post to the same subscribers. Per sender domain, the program's recipients (messages to the sender's own
// address left out: a contact form's copy to the visitor "from" the visitor), their distinct addresses and the
// distinct sender addresses tell these apart (open-relay.ts, localForgedMinAddresses, localOwnSenderAddresses).
//
// Each set of addresses is a sketch of fixed greatest size, the same for any split of the log: the addresses' 32-bit
// hashes (next-hops.ts addressHash), sorted, while there are no more than EXACT_HASHES (exact, but for a collision of
// two hashes, about one in 8,000 at 1,000 addresses); past that a bitmap of SKETCH_BITS bits (1 KB), one bit per hash
// (linear counting, Whang et al. 1990: about 1% off at 1,000 to 2,000 addresses, 2% at 8,000, full from about 74,000).
// Either form is a function of the set of hashes seen alone, so merging parts in any order gives the same sketch.
// A program that sends as one domain keeps one entry: 2,000 hosting uids with 300 customers each, about 5 MB.
// A form forging a new sender domain for each message would add an entry a message (about 490 B each, review S, S3):
// past SENDER_DOMAINS domains, only those whose hash has at least `level` leading zero bits keep their own entry, and
// the others are folded into one entry, OTHER_DOMAINS ('', never a sender domain), whose `level` is the least that
// leaves at most SENDER_DOMAINS entries (Gibbons' distinct sampling). The level is a function of the set of sender
// domains seen, and what is folded of the domains alone, so any split of the log merges to the same table.

import type { AddressSketch, SenderDomainAddresses } from '../types.js';
import { ownString } from '../own-string.js';
import { addressHash, linearCount } from './next-hops.js';

/** Hashes kept as a sorted list before the sketch becomes a bitmap. */
export const EXACT_HASHES = 1024;
/** Bits of the bitmap (SKETCH_WORDS words of 32). */
export const SKETCH_BITS = 8192;
const SKETCH_WORDS = SKETCH_BITS / 32;

export function newSketch(): AddressSketch {
  return [];
}

/** Adds an address (A–Z folded); returns the sketch to store (a bitmap once past EXACT_HASHES). */
export function addToSketch(s: AddressSketch, address: string): AddressSketch {
  return addHash(s, addressHash(address) | 0);
}

function addHash(s: AddressSketch, h: number): AddressSketch {
  if (!Array.isArray(s)) {
    setBit(s, h);
    return s;
  }
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid]! < h) lo = mid + 1; else hi = mid;
  }
  if (lo < s.length && s[lo] === h) return s;
  s.splice(lo, 0, h);
  return s.length > EXACT_HASHES ? toBits(s) : s;
}

function setBit(bits: Int32Array, h: number): void {
  const b = h & (SKETCH_BITS - 1);
  bits[b >>> 5] = bits[b >>> 5]! | (1 << (b & 31));
}

function toBits(hashes: readonly number[]): Int32Array {
  const bits = new Int32Array(SKETCH_WORDS);
  for (const h of hashes) setBit(bits, h);
  return bits;
}

/** Merges b into a (b is consumed); returns the sketch to store in a. */
export function mergeSketches(a: AddressSketch, b: AddressSketch): AddressSketch {
  if (!Array.isArray(a) && !Array.isArray(b)) {
    for (let i = 0; i < SKETCH_WORDS; i++) a[i] = a[i]! | b[i]!;
    return a;
  }
  if (!Array.isArray(a)) { for (const h of b as number[]) setBit(a, h); return a; }
  if (!Array.isArray(b)) { for (const h of a) setBit(b, h); return b; }
  let out: AddressSketch = a;
  for (const h of b) out = addHash(out, h);
  return out;
}

/** A count of distinct addresses: exact (`about` false), an estimate, or (`atLeast`) more than a full bitmap tells. */
export interface SketchCount {
  count: number;
  about: boolean;
  atLeast: boolean;
}

/** The distinct addresses of the sketches together: exact while all are lists, else estimated from their bitmaps OR-ed. */
export function countSketches(sketches: readonly AddressSketch[]): SketchCount {
  if (sketches.every((s) => Array.isArray(s))) {
    if (sketches.length === 1) return { count: sketches[0]!.length, about: false, atLeast: false };
    const all = new Set<number>();
    for (const s of sketches) for (const h of s as number[]) all.add(h);
    return { count: all.size, about: false, atLeast: false };
  }
  const bits = new Int32Array(SKETCH_WORDS);
  for (const s of sketches) {
    if (Array.isArray(s)) for (const h of s) setBit(bits, h);
    else for (let i = 0; i < SKETCH_WORDS; i++) bits[i] = bits[i]! | s[i]!;
  }
  const { count, full } = linearCount(bits, SKETCH_BITS);
  return { count, about: true, atLeast: full };
}

/**
 * About how many addresses the two sketches share: exact while both are lists (but for a collision of two hashes);
 * a list's hashes whose bit the other's bitmap has set; of two bitmaps, |a| + |b| − |a ∪ b| of their estimates.
 */
export function countShared(a: AddressSketch, b: AddressSketch): number {
  if (!Array.isArray(a) && Array.isArray(b)) return countShared(b, a);
  if (Array.isArray(a)) {
    let n = 0;
    for (const h of a) if (Array.isArray(b) ? hasHash(b, h) : hasBit(b, h)) n++;
    return n;
  }
  return Math.max(0, countSketches([a]).count + countSketches([b]).count - countSketches([a, b]).count);
}

function hasHash(sorted: readonly number[], h: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < h) lo = mid + 1; else hi = mid;
  }
  return lo < sorted.length && sorted[lo] === h;
}

function hasBit(bits: Int32Array, h: number): boolean {
  const b = h & (SKETCH_BITS - 1);
  return (bits[b >>> 5]! & (1 << (b & 31))) !== 0;
}

/** Sender domains a program keeps an entry of its own for; the others are folded into OTHER_DOMAINS. */
export const SENDER_DOMAINS = 64;
/** The key of the entry the sender domains past SENDER_DOMAINS are folded into (no sender gives an empty key). */
export const OTHER_DOMAINS = '';

/** A sender domain's sampling level: the leading zero bits of its hash. */
function levelOf(domain: string): number {
  return Math.clz32(addressHash(domain));
}

/** The folded domains' level (0: none folded). */
function foldLevel(m: ReadonlyMap<string, SenderDomainAddresses>): number {
  return m.get(OTHER_DOMAINS)?.level ?? 0;
}

/**
 * The entry for `domain`: its own, or the folded domains' (OTHER_DOMAINS) when its level is below theirs; undefined
 * when the program never sent as it with a relayed recipient.
 */
export function senderDomainEntryOf(m: ReadonlyMap<string, SenderDomainAddresses>, domain: string): SenderDomainAddresses | undefined {
  const level = foldLevel(m);
  if (level > 0 && levelOf(domain) < level) return m.get(OTHER_DOMAINS);
  return m.get(domain);
}

/** A program's entry for a sender domain, made on first use (the folded domains' one, past SENDER_DOMAINS). */
export function senderDomainEntry(m: Map<string, SenderDomainAddresses>, domain: string): SenderDomainAddresses {
  const level = foldLevel(m);
  if (level > 0 && levelOf(domain) < level) return m.get(OTHER_DOMAINS)!;
  let e = m.get(domain);
  if (e === undefined) {
    e = { recipients: 0, to: newSketch(), as: newSketch() };
    m.set(ownString(domain), e);
    if (m.size - (level > 0 ? 1 : 0) > SENDER_DOMAINS) {
      fold(m, level + 1);
      return senderDomainEntryOf(m, domain)!;
    }
  }
  return e;
}

/**
 * Folds the entries of domains below `level` into OTHER_DOMAINS, raising the level until at most SENDER_DOMAINS
 * entries of their own remain (the least level that does: a function of the set of domains alone).
 */
function fold(m: Map<string, SenderDomainAddresses>, level: number): void {
  let other = m.get(OTHER_DOMAINS);
  for (;;) {
    let own = 0;
    for (const d of m.keys()) if (d !== OTHER_DOMAINS && levelOf(d) >= level) own++;
    if (own <= SENDER_DOMAINS) break;
    level++;
  }
  for (const [d, x] of m) {
    if (d === OTHER_DOMAINS || levelOf(d) >= level) continue;
    m.delete(d);
    if (other === undefined) {
      other = { recipients: 0, to: newSketch(), as: newSketch() };
      m.set(OTHER_DOMAINS, other);
    }
    addEntry(other, x);
  }
  if (other !== undefined) other.level = level;
}

function addEntry(mine: SenderDomainAddresses, x: SenderDomainAddresses): void {
  mine.recipients += x.recipients;
  mine.to = mergeSketches(mine.to, x.to);
  mine.as = mergeSketches(mine.as, x.as);
}

/** Merges b into a (b's entries are moved or consumed); returns the table to store in a. */
export function mergeSenderDomainAddresses(a: Map<string, SenderDomainAddresses> | null,
  b: Map<string, SenderDomainAddresses> | null): Map<string, SenderDomainAddresses> | null {
  if (b === null) return a;
  if (a === null) return b;
  const level = Math.max(foldLevel(a), foldLevel(b));
  for (const [d, x] of b) {
    const mine = a.get(d);
    if (mine === undefined) { a.set(d, x); continue; }
    addEntry(mine, x);
  }
  const other = a.get(OTHER_DOMAINS);
  if (other !== undefined) other.level = level;
  if (level > 0 || a.size > SENDER_DOMAINS) fold(a, Math.max(level, 1));
  return a;
}

/** Whether `to` is `sender` (ASCII case folded): a copy of a message to its own sender. */
export function sameAddress(to: string, sender: string): boolean {
  return to.length === sender.length && (to === sender || lowerAscii(to) === lowerAscii(sender));
}

function lowerAscii(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s;
}
