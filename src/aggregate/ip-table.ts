// Per-IP rows (Aggregate.byClientIp) kept in columns instead of one object each (issue 3: bounded memory, the
// botnet case). A distributed brute force brings millions of distinct client IPs that each fail a login or two:
// as objects, every row was a 35-field object whose six times were boxed doubles (461 bytes with its key and map
// entry, docs/memory.md), made again on the main thread for each worker's result and then folded.
//
// Here a row is a number: its place in the columns. Its 21 numbers (counts and times) sit in one Float64Array, 21
// slots a row; the host name, first example line, first failed login line, user names tried and session problems
// in one list each; the fields a botnet's row never sets (relayed mail, SASL logins, Dovecot auth names, the first
// reject and AUTH success lines) in one object made only for a row that needs one (RareRefs).
//
// Readers see ClientIpStats through IpRow, a view of two fields whose accessors read and write the columns: `get`
// and iteration give a new view for each row (a report reads a few), and the scan's per-line update (events.ts
// ipRow) reuses one cursor per table, with no allocation per line. A view stays valid as the table grows (it
// reads the columns through the table).

import type { ClientIpStats, Example, RelaySlots } from '../types.js';
import type { UserCounts } from './user-counts.js';
import type { ProblemCounts } from './session-problems.js';
import { ownString } from '../own-string.js';

/** The numbers of a row, in their order in the row's slots. */
export const IP_NUMBER_FIELDS = [
  'connections', 'messages', 'recipients', 'authFailures', 'authAborted', 'smtpServiceAuthFailures', 'authServerErrors',
  'rejects', 'refusedMessages', 'relayDenied', 'unknownRecipient', 'unauthRelayed', 'unauthRelayFirstAt', 'unauthRelayLastAt',
  'unauthRelayNotDelivered', 'firstAuthOkAt', 'mailboxLoginFailures', 'mailboxAuthFailures', 'firstLoginFailureAt', 'firstAt',
  'lastAt',
] as const satisfies ReadonlyArray<keyof ClientIpStats>;

/** Slots per row. */
export const STRIDE = IP_NUMBER_FIELDS.length;

/** A new row's numbers: counts 0, first times +Infinity, last times -Infinity. */
const NUMBER_DEFAULTS: Float64Array = Float64Array.from(IP_NUMBER_FIELDS, (f) => (f.endsWith('LastAt') || f === 'lastAt' ? -Infinity : f.endsWith('At') ? Infinity : 0));

/** How each number folds when two rows of one IP meet (merge.ts): first times by min, last times by max, counts add up. */
const enum Fold { Sum, Min, Max }
const NUMBER_FOLDS: readonly Fold[] = IP_NUMBER_FIELDS.map((f) => (NUMBER_DEFAULTS[IP_NUMBER_FIELDS.indexOf(f)] === -Infinity ? Fold.Max : NUMBER_DEFAULTS[IP_NUMBER_FIELDS.indexOf(f)] === Infinity ? Fold.Min : Fold.Sum));

/** Row j of `from`'s numbers folded into row i of `into`, slot by slot (no view of either row). */
export function foldNumbers(into: IpTable, i: number, from: IpTable, j: number): void {
  const a = into.nums;
  const b = from.nums;
  for (let k = 0, o = i * STRIDE, p = j * STRIDE; k < STRIDE; k++) {
    const fold = NUMBER_FOLDS[k]!;
    if (fold === Fold.Sum) a[o + k]! += b[p + k]!;
    else if (fold === Fold.Min) a[o + k] = Math.min(a[o + k]!, b[p + k]!);
    else a[o + k] = Math.max(a[o + k]!, b[p + k]!);
  }
}

/** The references a botnet's row never sets, in one object made on the first that is set (null: none). */
class RareRefs {
  saslUsers: Map<string, number> | null = null;
  mailboxAuthUsersTried: UserCounts | null = null;
  unauthRelayDomains: Map<string, number> | null = null;
  unauthRelaySenderDomains: Map<string, number> | null = null;
  unauthRelaySlots: RelaySlots | null = null;
  firstUnauthRelay: Example | null = null;
  firstRelayDenied: Example | null = null;
  firstUnknownRecipient: Example | null = null;
  firstAuthOk: Example | null = null;
}

type RareField = keyof RareRefs;

/** Every per-IP row of a scan, a range or a run, by IP in the order first seen (as a Map keeps its keys). */
export class IpTable implements ReadonlyMap<string, ClientIpStats> {
  /** IP → its row. */
  private readonly index = new Map<string, number>();
  /** The IPs by row: rows are never removed, so row order is the order first seen. */
  readonly ips: string[] = [];
  /** STRIDE numbers per row (IP_NUMBER_FIELDS), room for `capacity` rows. */
  nums: Float64Array;
  private capacity: number;
  readonly names: string[] = [];
  readonly firstExamples: Array<Example | null> = [];
  readonly firstAuthFailures: Array<Example | null> = [];
  readonly authUsersTried: Array<UserCounts | null> = [];
  readonly sessionProblems: Array<ProblemCounts | null> = [];
  readonly rare: Array<RareRefs | null> = [];
  /** The scan's view (events.ts ipRow): moved to the row asked for, never kept by its callers past their line. */
  private readonly cursor: IpRow;

  constructor(capacity = 64) {
    this.capacity = capacity;
    this.nums = new Float64Array(capacity * STRIDE);
    this.cursor = new IpRow(this, 0);
  }

  get size(): number {
    return this.index.size;
  }

  has(ip: string): boolean {
    return this.index.has(ip);
  }

  /** The row of an IP, or -1. */
  rowOf(ip: string): number {
    return this.index.get(ip) ?? -1;
  }

  /** A view of an IP's row (undefined: none). */
  get(ip: string): ClientIpStats | undefined {
    const i = this.index.get(ip);
    return i === undefined ? undefined : new IpRow(this, i);
  }

  /** A view of row i. */
  at(i: number): IpRow {
    return new IpRow(this, i);
  }

  /**
   * The scan's view of an IP's row, made (with `name`) if new: the table's one cursor, valid until the next call.
   * The key is kept as given (the caller copies it when it must not keep its line: own-string.ts).
   */
  cursorFor(ip: string, name: string): IpRow {
    let i = this.index.get(ip);
    if (i === undefined) i = this.add(ip, name);
    const c = this.cursor;
    c.i = i;
    c.o = i * STRIDE;
    return c;
  }

  /** A view of an IP's row, made if new with a copy of the key (a new view: callers may keep it). */
  rowFor(ip: string): IpRow {
    let i = this.index.get(ip);
    if (i === undefined) i = this.add(ownString(ip), '');
    return new IpRow(this, i);
  }

  /** Copies a row's fields into the IP's row, made if new (a row made as an object: tests, a decoder). */
  set(ip: string, r: ClientIpStats): this {
    const row = this.rowFor(ip) as unknown as Record<string, unknown>;
    for (const f of ROW_FIELDS) row[f] = r[f];
    return this;
  }

  /** Appends a new row for `ip` and gives its number. */
  add(ip: string, name: string): number {
    const i = this.index.size;
    if (i === this.capacity) this.grow(i + 1);
    const a = this.nums;
    for (let k = 0, o = i * STRIDE; k < STRIDE; k++) a[o + k] = NUMBER_DEFAULTS[k]!;
    this.index.set(ip, i);
    this.ips.push(ip);
    this.names.push(name);
    this.firstExamples.push(null);
    this.firstAuthFailures.push(null);
    this.authUsersTried.push(null);
    this.sessionProblems.push(null);
    this.rare.push(null);
    return i;
  }

  /** Appends `ip` with a copy of row j of `from` (its references shared, not copied: `from` is dropped after). */
  addCopy(ip: string, from: IpTable, j: number): void {
    const i = this.index.size;
    if (i === this.capacity) this.grow(i + 1);
    const a = this.nums;
    const b = from.nums;
    for (let k = 0, o = i * STRIDE, p = j * STRIDE; k < STRIDE; k++) a[o + k] = b[p + k]!;
    this.index.set(ip, i);
    this.ips.push(ip);
    this.names.push(from.names[j]!);
    this.firstExamples.push(from.firstExamples[j]!);
    this.firstAuthFailures.push(from.firstAuthFailures[j]!);
    this.authUsersTried.push(from.authUsersTried[j]!);
    this.sessionProblems.push(from.sessionProblems[j]!);
    this.rare.push(from.rare[j]!);
  }

  /** Room for `rows` rows at least (a decoder knows how many come). */
  grow(rows: number): void {
    if (rows <= this.capacity) return;
    this.capacity = Math.max(rows, this.capacity * 2);
    const grown = new Float64Array(this.capacity * STRIDE);
    grown.set(this.nums);
    this.nums = grown;
  }

  keys(): IterableIterator<string> {
    return this.ips.values();
  }

  values(): IterableIterator<ClientIpStats> {
    return new RowIterator(this, false) as IterableIterator<unknown> as IterableIterator<ClientIpStats>;
  }

  entries(): IterableIterator<[string, ClientIpStats]> {
    return new RowIterator(this, true) as IterableIterator<unknown> as IterableIterator<[string, ClientIpStats]>;
  }

  [Symbol.iterator](): IterableIterator<[string, ClientIpStats]> {
    return this.entries();
  }

  forEach(f: (value: ClientIpStats, key: string, map: ReadonlyMap<string, ClientIpStats>) => void): void {
    for (let i = 0; i < this.ips.length; i++) f(new IpRow(this, i), this.ips[i]!, this);
  }

  /** The rare references of row i, made if it has none. */
  rareOf(i: number): RareRefs {
    let r = this.rare[i];
    if (r === null || r === undefined) this.rare[i] = r = new RareRefs();
    return r;
  }
}

/**
 * Rows in order, as views (with their IPs for entries): a class rather than a generator, which cost the rules a
 * resumption per row. Rows added while iterating are reached, as a Map's iterator reaches new keys.
 */
class RowIterator {
  private i = 0;
  constructor(private readonly t: IpTable, private readonly withKeys: boolean) {}

  next(): IteratorResult<unknown> {
    const i = this.i;
    if (i >= this.t.ips.length) return { value: undefined, done: true };
    this.i = i + 1;
    const row = new IpRow(this.t, i);
    return { value: this.withKeys ? [this.t.ips[i]!, row] : row, done: false };
  }

  [Symbol.iterator](): this {
    return this;
  }
}

/** A row as ClientIpStats (see the file's head). `i` is the row, `o` its first slot. */
export class IpRow implements ClientIpStats {
  constructor(readonly t: IpTable, public i: number, public o = i * STRIDE) {}

  get name(): string { return this.t.names[this.i]!; }
  set name(v: string) { this.t.names[this.i] = v; }
  get connections(): number { return this.t.nums[this.o]!; }
  set connections(v: number) { this.t.nums[this.o] = v; }
  get messages(): number { return this.t.nums[this.o + 1]!; }
  set messages(v: number) { this.t.nums[this.o + 1] = v; }
  get recipients(): number { return this.t.nums[this.o + 2]!; }
  set recipients(v: number) { this.t.nums[this.o + 2] = v; }
  get authFailures(): number { return this.t.nums[this.o + 3]!; }
  set authFailures(v: number) { this.t.nums[this.o + 3] = v; }
  get authAborted(): number { return this.t.nums[this.o + 4]!; }
  set authAborted(v: number) { this.t.nums[this.o + 4] = v; }
  get smtpServiceAuthFailures(): number { return this.t.nums[this.o + 5]!; }
  set smtpServiceAuthFailures(v: number) { this.t.nums[this.o + 5] = v; }
  get authServerErrors(): number { return this.t.nums[this.o + 6]!; }
  set authServerErrors(v: number) { this.t.nums[this.o + 6] = v; }
  get rejects(): number { return this.t.nums[this.o + 7]!; }
  set rejects(v: number) { this.t.nums[this.o + 7] = v; }
  get refusedMessages(): number { return this.t.nums[this.o + 8]!; }
  set refusedMessages(v: number) { this.t.nums[this.o + 8] = v; }
  get relayDenied(): number { return this.t.nums[this.o + 9]!; }
  set relayDenied(v: number) { this.t.nums[this.o + 9] = v; }
  get unknownRecipient(): number { return this.t.nums[this.o + 10]!; }
  set unknownRecipient(v: number) { this.t.nums[this.o + 10] = v; }
  get unauthRelayed(): number { return this.t.nums[this.o + 11]!; }
  set unauthRelayed(v: number) { this.t.nums[this.o + 11] = v; }
  get unauthRelayFirstAt(): number { return this.t.nums[this.o + 12]!; }
  set unauthRelayFirstAt(v: number) { this.t.nums[this.o + 12] = v; }
  get unauthRelayLastAt(): number { return this.t.nums[this.o + 13]!; }
  set unauthRelayLastAt(v: number) { this.t.nums[this.o + 13] = v; }
  get unauthRelayNotDelivered(): number { return this.t.nums[this.o + 14]!; }
  set unauthRelayNotDelivered(v: number) { this.t.nums[this.o + 14] = v; }
  get firstAuthOkAt(): number { return this.t.nums[this.o + 15]!; }
  set firstAuthOkAt(v: number) { this.t.nums[this.o + 15] = v; }
  get mailboxLoginFailures(): number { return this.t.nums[this.o + 16]!; }
  set mailboxLoginFailures(v: number) { this.t.nums[this.o + 16] = v; }
  get mailboxAuthFailures(): number { return this.t.nums[this.o + 17]!; }
  set mailboxAuthFailures(v: number) { this.t.nums[this.o + 17] = v; }
  get firstLoginFailureAt(): number { return this.t.nums[this.o + 18]!; }
  set firstLoginFailureAt(v: number) { this.t.nums[this.o + 18] = v; }
  get firstAt(): number { return this.t.nums[this.o + 19]!; }
  set firstAt(v: number) { this.t.nums[this.o + 19] = v; }
  get lastAt(): number { return this.t.nums[this.o + 20]!; }
  set lastAt(v: number) { this.t.nums[this.o + 20] = v; }

  get firstExample(): Example | null { return this.t.firstExamples[this.i]!; }
  set firstExample(v: Example | null) { this.t.firstExamples[this.i] = v; }
  get firstAuthFailure(): Example | null { return this.t.firstAuthFailures[this.i]!; }
  set firstAuthFailure(v: Example | null) { this.t.firstAuthFailures[this.i] = v; }
  get authUsersTried(): UserCounts | null { return this.t.authUsersTried[this.i]!; }
  set authUsersTried(v: UserCounts | null) { this.t.authUsersTried[this.i] = v; }
  get sessionProblems(): ProblemCounts | null { return this.t.sessionProblems[this.i]!; }
  set sessionProblems(v: ProblemCounts | null) { this.t.sessionProblems[this.i] = v; }

  get saslUsers(): Map<string, number> | null { return this.t.rare[this.i]?.saslUsers ?? null; }
  set saslUsers(v: Map<string, number> | null) { this.setRare('saslUsers', v); }
  get mailboxAuthUsersTried(): UserCounts | null { return this.t.rare[this.i]?.mailboxAuthUsersTried ?? null; }
  set mailboxAuthUsersTried(v: UserCounts | null) { this.setRare('mailboxAuthUsersTried', v); }
  get unauthRelayDomains(): Map<string, number> | null { return this.t.rare[this.i]?.unauthRelayDomains ?? null; }
  set unauthRelayDomains(v: Map<string, number> | null) { this.setRare('unauthRelayDomains', v); }
  get unauthRelaySenderDomains(): Map<string, number> | null { return this.t.rare[this.i]?.unauthRelaySenderDomains ?? null; }
  set unauthRelaySenderDomains(v: Map<string, number> | null) { this.setRare('unauthRelaySenderDomains', v); }
  get unauthRelaySlots(): RelaySlots | null { return this.t.rare[this.i]?.unauthRelaySlots ?? null; }
  set unauthRelaySlots(v: RelaySlots | null) { this.setRare('unauthRelaySlots', v); }
  get firstUnauthRelay(): Example | null { return this.t.rare[this.i]?.firstUnauthRelay ?? null; }
  set firstUnauthRelay(v: Example | null) { this.setRare('firstUnauthRelay', v); }
  get firstRelayDenied(): Example | null { return this.t.rare[this.i]?.firstRelayDenied ?? null; }
  set firstRelayDenied(v: Example | null) { this.setRare('firstRelayDenied', v); }
  get firstUnknownRecipient(): Example | null { return this.t.rare[this.i]?.firstUnknownRecipient ?? null; }
  set firstUnknownRecipient(v: Example | null) { this.setRare('firstUnknownRecipient', v); }
  get firstAuthOk(): Example | null { return this.t.rare[this.i]?.firstAuthOk ?? null; }
  set firstAuthOk(v: Example | null) { this.setRare('firstAuthOk', v); }

  /** A null stored in a row without rare references makes none. */
  private setRare<F extends RareField>(f: F, v: RareRefs[F]): void {
    const r = this.t.rare[this.i];
    if (r !== null && r !== undefined) r[f] = v;
    else if (v !== null) this.t.rareOf(this.i)[f] = v;
  }
}

/** A row's fields as a plain object (tests, and code that needs a copy that outlives the table's changes). */
export function plainRow(r: ClientIpStats): ClientIpStats {
  const out: Record<string, unknown> = {};
  for (const f of ROW_FIELDS) out[f] = r[f];
  return out as unknown as ClientIpStats;
}

/** Every field of a row, in newClientIp's order (create.ts). */
export const ROW_FIELDS: ReadonlyArray<keyof ClientIpStats> = [
  'name', 'connections', 'messages', 'recipients', 'authFailures', 'authAborted', 'smtpServiceAuthFailures', 'authServerErrors', 'rejects', 'refusedMessages',
  'saslUsers', 'authUsersTried', 'mailboxAuthUsersTried', 'relayDenied', 'unknownRecipient', 'unauthRelayed',
  'unauthRelayDomains', 'unauthRelaySenderDomains', 'unauthRelayFirstAt', 'unauthRelayLastAt',
  'unauthRelayNotDelivered', 'unauthRelaySlots',
  'firstUnauthRelay', 'firstRelayDenied', 'firstUnknownRecipient',
  'firstAuthFailure', 'firstAuthOkAt', 'firstAuthOk', 'mailboxLoginFailures', 'mailboxAuthFailures',
  'firstLoginFailureAt', 'sessionProblems', 'firstAt', 'lastAt',
  'firstExample',
];

/** A field's slot among a row's numbers (IP_NUMBER_FIELDS), or -1 for a reference field. */
export function numberSlot(f: keyof ClientIpStats): number {
  return (IP_NUMBER_FIELDS as readonly string[]).indexOf(f);
}

/** A reference field (not a number) of row i: what the wire's encoder reads without a view (workers/wire-ips.ts). */
export function refOf(t: IpTable, i: number, f: keyof ClientIpStats): unknown {
  switch (f) {
    case 'name': return t.names[i];
    case 'firstExample': return t.firstExamples[i];
    case 'firstAuthFailure': return t.firstAuthFailures[i];
    case 'authUsersTried': return t.authUsersTried[i];
    case 'sessionProblems': return t.sessionProblems[i];
    default: {
      const r = t.rare[i];
      return r === null || r === undefined ? null : r[f as RareField];
    }
  }
}

/** Sets a reference field of row i (see refOf). */
export function setRef(t: IpTable, i: number, f: keyof ClientIpStats, v: unknown): void {
  switch (f) {
    case 'name': t.names[i] = v as string; break;
    case 'firstExample': t.firstExamples[i] = v as Example | null; break;
    case 'firstAuthFailure': t.firstAuthFailures[i] = v as Example | null; break;
    case 'authUsersTried': t.authUsersTried[i] = v as UserCounts | null; break;
    case 'sessionProblems': t.sessionProblems[i] = v as ProblemCounts | null; break;
    default: {
      const r = t.rare[i];
      if (r !== null && r !== undefined) (r as unknown as Record<string, unknown>)[f] = v;
      else if (v !== null) (t.rareOf(i) as unknown as Record<string, unknown>)[f] = v;
    }
  }
}
