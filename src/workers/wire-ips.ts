// Per-IP rows (Aggregate.byClientIp) as they cross from a scan worker to the main thread (wire.ts): the largest
// table of a brute force, mostly numbers and a few dozen user names repeated by every IP.
//
// A row travels as its key, two masks of the fields that differ from a new row's, and those fields' values in
// field order, in columns (wire-columns.ts): numbers, counts and times as numbers; the host name, user names tried
// and session-problem labels as word indexes; an example as its index in the result's refs (object identity holds
// only inside one serialized value, and line numbers are fixed through refs: run.ts); the rare Maps and relay slots
// as values of their own. Both ends work on the tables' columns (aggregate/ip-table.ts): the encoder reads a row's
// numbers and references where they are kept, the decoder writes them into a new table, with no row object on
// either side (twenty-seventh session).

import type { ClientIpStats, Example, RelaySlot, RelaySlots } from '../types.js';
import { newClientIp } from '../aggregate/create.js';
import type { IpTable } from '../aggregate/ip-table.js';
import { STRIDE, numberSlot, refOf, setRef } from '../aggregate/ip-table.js';
import type { UserCounts } from '../aggregate/user-counts.js';
import type { ProblemCounts } from '../aggregate/session-problems.js';
import { shareLabels } from '../aggregate/session-problems.js';
import type { WordWriter } from './wire-columns.js';
import { growTo, newNumberColumn, numbersOf, smallOr, takeFreshWords, wordIndex } from './wire-columns.js';

/** A part of per-IP rows: keys in row order, numbers, the words first used here, and the other values in order. */
export interface IpPart {
  kind: 'ips';
  keys: string[];
  nums: Float64Array;
  words: string[];
  others: unknown[];
}

/**
 * Numbers per part (256 KB): a part ends after the row that reaches it. Fewer, larger parts than the 12,000 values
 * of a list of tagged values, whose bound was V8's large-object size (a typed array's bytes are outside the heap).
 */
const PART_NUMBERS = 32_768;

const IP_FIELDS = Object.keys(newClientIp('')) as Array<keyof ClientIpStats>;

/**
 * A new row's values: a row travels as the fields that differ from them. A botnet's row sets about 9 of 35 (its
 * counts, times, first example and names tried).
 */
const IP_DEFAULTS: readonly unknown[] = IP_FIELDS.map((f) => newClientIp('')[f]);
/** Fields 0–29 are flagged in a row's first mask, the rest in its second (integers of 30 bits at most). */
const MASK_BITS = 30;
if (IP_FIELDS.length > 2 * MASK_BITS) throw new Error('internal error: too many ClientIpStats fields for the wire masks');

/** How a field travels. */
const enum Kind { Number, Word, Example, Users, Problems, Other }

/** The ClientIpStats fields that hold an Example (or null). */
type ExampleField = { [K in keyof ClientIpStats]: ClientIpStats[K] extends Example | null ? K : never }[keyof ClientIpStats];
const EXAMPLE_FIELDS: ReadonlySet<string> = new Set<ExampleField>([
  'firstUnauthRelay', 'firstRelayDenied', 'firstUnknownRecipient', 'firstAuthFailure', 'firstAuthOk', 'firstExample',
]);
const USER_FIELDS: ReadonlySet<string> = new Set<keyof ClientIpStats>(['authUsersTried', 'mailboxAuthUsersTried']);

const KINDS: readonly Kind[] = IP_FIELDS.map((f, k) => {
  if (EXAMPLE_FIELDS.has(f)) return Kind.Example;
  if (USER_FIELDS.has(f)) return Kind.Users;
  if (f === 'sessionProblems') return Kind.Problems;
  if (typeof IP_DEFAULTS[k] === 'number') return Kind.Number;
  if (typeof IP_DEFAULTS[k] === 'string') return Kind.Word;
  return Kind.Other; // saslUsers and the relay Maps (rare), unauthRelaySlots
});
/** Each field's slot among a row's numbers in the table, -1 for the others. */
const SLOTS: readonly number[] = IP_FIELDS.map(numberSlot);
/** The field of relay slots, whose examples travel as indexes in refs too (slotsToWire). */
const SLOTS_FIELD = IP_FIELDS.indexOf('unauthRelaySlots');

/** The rows' parts, made one at a time as they are taken; `indexOf` gives an example's index in refs. */
export function* encodeIpRows(rows: IpTable, indexOf: (e: Example) => number, words: WordWriter): Generator<IpPart> {
  let keys: string[] = [];
  let nums = newNumberColumn(PART_NUMBERS + 1024);
  let others: unknown[] = [];
  // Read from the table's columns, not through a view per row (aggregate/ip-table.ts).
  const cols = rows.nums;
  for (let r = 0; r < rows.ips.length; r++) {
    keys.push(rows.ips[r]!);
    const o = r * STRIDE;
    const problems = rows.sessionProblems[r]!;
    const need = 2 + IP_FIELDS.length + 2 * usersIn(rows.authUsersTried[r]!) + 2 * usersIn(refOf(rows, r, 'mailboxAuthUsersTried') as UserCounts | null)
      + (problems?.length ?? 0);
    // Written straight into the Float64Array, room made once per row (see wire-records.ts encodeRecord).
    if (nums.length + need > nums.values.length) growTo(nums, nums.length + need);
    const a = nums.values;
    const at = nums.length;
    let n = at + 2;
    let low = 0;
    let high = 0;
    for (let k = 0; k < IP_FIELDS.length; k++) {
      const slot = SLOTS[k]!;
      const v = slot >= 0 ? cols[o + slot] : refOf(rows, r, IP_FIELDS[k]!);
      if (v === IP_DEFAULTS[k]) continue;
      if (k < MASK_BITS) low |= 1 << k;
      else high |= 1 << (k - MASK_BITS);
      switch (KINDS[k]!) {
        case Kind.Number: a[n++] = v as number; break;
        case Kind.Word: a[n++] = wordIndex(words, v as string); break;
        case Kind.Example: a[n++] = v === null ? -1 : indexOf(v as Example); break;
        case Kind.Users: n = putUsers(a, n, v as UserCounts | null, words); break;
        case Kind.Problems: n = putProblems(a, n, v as ProblemCounts | null, words); break;
        default: others.push(k === SLOTS_FIELD ? slotsToWire(v as RelaySlots | null, indexOf) : v);
      }
    }
    a[at] = low;
    a[at + 1] = high;
    nums.length = n;
    if (nums.length >= PART_NUMBERS) {
      yield { kind: 'ips', keys, nums: numbersOf(nums), words: takeFreshWords(words), others };
      keys = [];
      nums = newNumberColumn(PART_NUMBERS + 1024);
      others = [];
    }
  }
  if (keys.length > 0) yield { kind: 'ips', keys, nums: numbersOf(nums), words: takeFreshWords(words), others };
}

/**
 * A part's rows added to `rows`. `table` is every word of the result's earlier parts (this part's are appended),
 * `refs` the result's examples.
 */
export function decodeIpPart(part: IpPart, table: string[], refs: Example[], rows: IpTable): void {
  for (const w of part.words) table.push(w);
  const { keys, nums, others } = part;
  let i = 0;
  let o = 0;
  rows.grow(rows.size + keys.length);
  for (const key of keys) {
    // Written into the table's columns: no row object is made (aggregate/ip-table.ts).
    const r = rows.add(key, '');
    const first = r * STRIDE;
    const low = nums[i++]!;
    const high = nums[i++]!;
    for (let half = 0; half < 2; half++) {
      let mask = half === 0 ? low : high;
      while (mask !== 0) {
        const f = 31 - Math.clz32(mask & -mask) + half * MASK_BITS;
        mask &= mask - 1;
        let v: unknown;
        switch (KINDS[f]!) {
          case Kind.Number: rows.nums[first + SLOTS[f]!] = nums[i++]!; continue;
          case Kind.Word: v = table[nums[i++]!]; break;
          case Kind.Example: { const x = nums[i++]!; v = x < 0 ? null : refs[x]; break; }
          case Kind.Users: {
            const code = nums[i++]!;
            if (code < 0) { v = null; break; }
            const n = code >>> 1;
            if ((code & 1) === 0) {
              // Lists of their exact length: a list grown by push has 17 slots from its first (a botnet's rows
              // of 75,000 IPs took 112 MB decoded that way against 89 MB deserialized).
              const names = new Array<string>(n);
              const counts = new Array<number>(n);
              for (let u = 0; u < n; u++) { names[u] = table[nums[i++]!]!; counts[u] = smallOr(nums[i++]!); }
              v = { names, counts };
            } else {
              const m = new Map<string, number>();
              for (let u = 0; u < n; u++) { const name = table[nums[i++]!]!; m.set(name, smallOr(nums[i++]!)); }
              v = m;
            }
            break;
          }
          case Kind.Problems: {
            const n = nums[i++]!;
            if (n < 0) { v = null; break; }
            const labels: ProblemCounts = new Array<string | number>(n);
            for (let p = 0; p < n; p += 2) { labels[p] = table[nums[i++]!]!; labels[p + 1] = smallOr(nums[i++]!); }
            v = shareLabels(labels, PROBLEM_LABELS);
            break;
          }
          default: { const x = others[o++]; v = f === SLOTS_FIELD ? slotsFromWire(x, refs) : x; }
        }
        setRef(rows, r, IP_FIELDS[f]!, v);
      }
    }
  }
}

/**
 * Session-problem labels as the main thread keeps them, one string each for every row of every result (a few
 * dozen texts, session-problems.ts); a result's words are shared within it only.
 */
const PROBLEM_LABELS = new Map<string, string>();

/** The names in user counts. */
function usersIn(x: UserCounts | null): number {
  return x === null ? 0 : x instanceof Map ? x.size : x.names.length;
}

/**
 * User counts (user-counts.ts) from place n on, giving the next free place: -1 for null; else 2m for a list of m
 * names, 2m + 1 for a Map of m, then m pairs of a word and its count, in insertion order (the form and the order are
 * the scan's: rules walk names in order).
 */
function putUsers(a: Float64Array, n: number, x: UserCounts | null, words: WordWriter): number {
  if (x === null) { a[n++] = -1; return n; }
  if (x instanceof Map) {
    a[n++] = 2 * x.size + 1;
    for (const [name, count] of x) { a[n++] = wordIndex(words, name); a[n++] = count; }
    return n;
  }
  const { names, counts } = x;
  a[n++] = 2 * names.length;
  for (let u = 0; u < names.length; u++) { a[n++] = wordIndex(words, names[u]!); a[n++] = counts[u]!; }
  return n;
}

/**
 * Session-problem counts, label and count pairs (session-problems.ts), from place n on, giving the next free place:
 * -1 for null; else the list's length, then the list with its labels as words.
 */
function putProblems(a: Float64Array, n: number, x: ProblemCounts | null, words: WordWriter): number {
  if (x === null) { a[n++] = -1; return n; }
  a[n++] = x.length;
  for (let p = 0; p < x.length; p += 2) { a[n++] = wordIndex(words, x[p] as string); a[n++] = x[p + 1] as number; }
  return n;
}

/** Relay slots as a list of [slot, fields] with the examples as their indexes in refs (-1: none); null stays null. */
function slotsToWire(slots: RelaySlots | null, indexOf: (e: Example) => number): unknown {
  if (slots === null) return null;
  return [...slots].map(([k, s]) => [k, {
    ...s, example: s.example === null ? -1 : indexOf(s.example), spamRefusal: s.spamRefusal === null ? -1 : indexOf(s.spamRefusal),
  }]);
}

function slotsFromWire(v: unknown, refs: Example[]): RelaySlots | null {
  if (v === null) return null;
  const out: RelaySlots = new Map();
  for (const [k, s] of v as Array<[number, Omit<RelaySlot, 'example' | 'spamRefusal'> & { example: number; spamRefusal: number }]>) {
    out.set(k, { ...s, example: s.example < 0 ? null : refs[s.example]!, spamRefusal: s.spamRefusal < 0 ? null : refs[s.spamRefusal]! });
  }
  return out;
}
