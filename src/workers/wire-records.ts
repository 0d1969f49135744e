// Open records (a range's messages not finished in it, correlate/record.ts) as they cross from a scan worker to the
// main thread (wire.ts): on the 1.5 GB benchmark log one range's 3,981 records with 70,000 recipients, 5.7 MB.
//
// Field order is fixed here, once, for both ends (test/wire.test.ts round-trips a record with every field set).
// Each field goes to one of three columns (wire-columns.ts): numbers and booleans (0/1) into numbers; strings of
// few values (hosts, services, statuses, agents, relays, senders, client names and addresses) as words, each one
// string per result (a deferred flood's records name a handful of relays 70,000 times); the strings of one message
// or recipient (queue IDs, addresses, Message-IDs, quoted lines) as they are, in a list.

import type { ClientAddr, LineRef, MessageOrigin, MessageRecord, RefusalMark } from '../types.js';
import { newRecipient, newRecord } from '../correlate/record.js';
import { addRecipient, findRecipient } from '../correlate/recipients.js';
import type { NumberColumn, WordWriter } from './wire-columns.js';
import { growTo, newNumberColumn, numbersOf, smallOr, takeFreshWords, wordIndex } from './wire-columns.js';

/** A part of open records: their numbers, their own strings in order, and the words first used here. */
export interface RecordPart {
  kind: 'records';
  nums: Float64Array;
  strs: string[];
  words: string[];
}

/** Numbers per part (256 KB); a part ends after the record that reaches it, or its strings' bound. */
const PART_NUMBERS = 32_768;
/**
 * Strings per part: a list of 16,384 values or more (128 KB) is a large object to V8, freed only by a full
 * collection (one message with thousands of recipients is still one part).
 */
const PART_STRINGS = 12_000;

interface Writer {
  nums: NumberColumn;
  strs: string[];
  words: WordWriter;
}

/** The records' parts, made one at a time as they are taken. */
export function* encodeRecords(records: Iterable<MessageRecord>, words: WordWriter): Generator<RecordPart> {
  let out: Writer = { nums: newNumberColumn(PART_NUMBERS + 1024), strs: [], words };
  for (const r of records) {
    encodeRecord(out, r);
    if (out.nums.length >= PART_NUMBERS || out.strs.length >= PART_STRINGS) {
      yield { kind: 'records', nums: numbersOf(out.nums), strs: out.strs, words: takeFreshWords(words) };
      out = { nums: newNumberColumn(PART_NUMBERS + 1024), strs: [], words };
    }
  }
  if (out.nums.length > 0) yield { kind: 'records', nums: numbersOf(out.nums), strs: out.strs, words: takeFreshWords(words) };
}

/** The numbers a record takes at most: its fields, then 5 a recipient, 2 a pipe hand-off, 1 a notice link, 3, 4 a refusal mark. */
function numbersFor(r: MessageRecord): number {
  return 64 + 5 * r.recipients.length + 2 * (r.pipeSent?.length ?? 0) + (r.noticeLinks?.length ?? 0) + 3 + 4 * (r.refusals?.size ?? 0);
}

/**
 * Written straight into the Float64Array, room made once per record: the encoder runs once per range, mostly
 * before V8 optimizes it, where a call per value (a writer's function) cost more than v8.serialize saved
 * (twenty-sixth session: 4,000 records, 70,000 recipients).
 */
function encodeRecord(w: Writer, r: MessageRecord): void {
  const need = numbersFor(r);
  if (w.nums.length + need > w.nums.values.length) growTo(w.nums, w.nums.length + need);
  const a = w.nums.values;
  let n = w.nums.length;
  const words = w.words;
  const strs = w.strs;
  a[n++] = wordIndex(words, r.host); strs.push(r.qid); a[n++] = wordIndex(words, r.origin);
  a[n++] = r.sawCleanup ? 1 : 0; a[n++] = r.startInRange ? 1 : 0; a[n++] = r.cleanupFirst ? 1 : 0;
  a[n++] = r.startAt; a[n++] = r.lastAt;
  n = putRef(a, n, r.firstRef);
  a[n++] = wordIndex(words, r.service);
  a[n++] = r.client === null ? 0 : 1;
  if (r.client !== null) { a[n++] = wordIndex(words, r.client.name); a[n++] = wordIndex(words, r.client.ip); }
  a[n++] = wordIndex(words, r.saslMethod); a[n++] = wordIndex(words, r.saslUser); a[n++] = wordIndex(words, r.pickupUid);
  a[n++] = wordIndex(words, r.pickupFrom); a[n++] = wordIndex(words, r.sender); a[n++] = r.senderSeen ? 1 : 0;
  a[n++] = r.size; a[n++] = r.nrcpt; strs.push(r.messageId); a[n++] = r.deferrals;
  a[n++] = r.removed ? 1 : 0; a[n++] = wordIndex(words, r.removedBy); a[n++] = r.expired ? 1 : 0;
  strs.push(r.parentQid, r.requeuedFrom); a[n++] = wordIndex(words, r.pipeVia);
  a[n++] = wordIndex(words, r.filterCopies); a[n++] = r.pipeSent === null ? -1 : r.pipeSent.length;
  a[n++] = r.pipeHop ? 1 : 0; a[n++] = r.reinjected ? 1 : 0; a[n++] = r.hopOpen ? 1 : 0; a[n++] = r.rejectedInCleanup ? 1 : 0;
  a[n++] = r.refused; a[n++] = r.held ? 1 : 0; strs.push(r.startLine, r.failLine);
  const notice = r.noticeOf;
  a[n++] = notice === null ? -1 : notice.link;
  if (notice !== null) { a[n++] = wordIndex(words, notice.user); a[n++] = wordIndex(words, notice.ip); a[n++] = notice.final ? 1 : 0; }
  a[n++] = r.linkOnly ? 1 : 0;
  a[n++] = r.noticeLinks === null ? -1 : r.noticeLinks.length;
  n = putRef(a, n, r.failRef);
  a[n++] = wordIndex(words, r.dkim); strs.push(r.dkimLine); n = putRef(a, n, r.dkimRef); a[n++] = r.opendkimSaw ? 1 : 0;
  a[n++] = r.spamRefusal === null ? -1 : r.spamRefusal.to.length;
  a[n++] = r.refusals === null ? -1 : r.refusals.size;
  a[n++] = r.recipients.length;
  for (const p of r.recipients) {
    strs.push(p.to, p.origTo);
    a[n++] = wordIndex(words, p.finalStatus); a[n++] = wordIndex(words, p.lastAgent); a[n++] = wordIndex(words, p.lastRelay);
    a[n++] = p.storeReply ? 1 : 0; a[n++] = p.hopMinute;
  }
  if (r.pipeSent !== null) for (const h of r.pipeSent) { strs.push(h.to); a[n++] = h.at; }
  if (r.noticeLinks !== null) for (const l of r.noticeLinks) a[n++] = l;
  const spam = r.spamRefusal;
  if (spam !== null) {
    strs.push(spam.line); a[n++] = spam.ref.file; a[n++] = spam.ref.line; a[n++] = spam.ref.offset;
    for (const t of spam.to) strs.push(t);
  }
  if (r.refusals !== null) {
    for (const [t, m] of r.refusals) {
      strs.push(t); a[n++] = wordIndex(words, m.provider); a[n++] = wordIndex(words, m.kind); a[n++] = m.answers; a[n++] = m.bounced ? 1 : 0;
    }
  }
  w.nums.length = n;
}

/** A line's place: its file (-1 for none), line and offset; the next free place. */
function putRef(a: Float64Array, n: number, v: LineRef | null): number {
  a[n] = v === null ? -1 : v.file;
  a[n + 1] = v === null ? 0 : v.line;
  a[n + 2] = v === null ? 0 : v.offset;
  return n + 3;
}

/**
 * The records of a part, as new objects, appended to `out`. `table` is every word of the result's earlier parts
 * (this part's are appended).
 */
export function decodeRecordPart(part: RecordPart, table: string[], out: MessageRecord[]): void {
  for (const w of part.words) table.push(w);
  const { nums, strs } = part;
  let i = 0;
  let j = 0;
  // Read straight from the columns, without a call per value (see encodeRecord).
  while (i < nums.length) {
    const host = table[nums[i++]!]!;
    const qid = strs[j++]!;
    const origin = table[nums[i++]!]! as MessageOrigin;
    const sawCleanup = nums[i++] === 1;
    const startInRange = nums[i++] === 1;
    const cleanupFirst = nums[i++] === 1;
    const startAt = smallOr(nums[i++]!);
    const lastAt = smallOr(nums[i++]!);
    const firstRef = refAt(nums, i);
    i += 3;
    const r = newRecord(host, qid, startAt, firstRef);
    r.origin = origin;
    r.sawCleanup = sawCleanup;
    r.startInRange = startInRange;
    r.cleanupFirst = cleanupFirst;
    r.lastAt = lastAt;
    r.service = table[nums[i++]!]!;
    if (nums[i++] === 1) {
      const name = table[nums[i++]!]!;
      r.client = { name, ip: table[nums[i++]!]! } satisfies ClientAddr;
    }
    r.saslMethod = table[nums[i++]!]!;
    r.saslUser = table[nums[i++]!]!;
    r.pickupUid = table[nums[i++]!]!;
    r.pickupFrom = table[nums[i++]!]!;
    r.sender = table[nums[i++]!]!;
    r.senderSeen = nums[i++] === 1;
    r.size = smallOr(nums[i++]!);
    r.nrcpt = smallOr(nums[i++]!);
    r.messageId = strs[j++]!;
    r.deferrals = smallOr(nums[i++]!);
    r.removed = nums[i++] === 1;
    r.removedBy = table[nums[i++]!]! as MessageRecord['removedBy'];
    r.expired = nums[i++] === 1;
    r.parentQid = strs[j++]!;
    r.requeuedFrom = strs[j++]!;
    r.pipeVia = table[nums[i++]!]!;
    r.filterCopies = table[nums[i++]!]!;
    const pipeSent = smallOr(nums[i++]!);
    r.pipeHop = nums[i++] === 1;
    r.reinjected = nums[i++] === 1;
    r.hopOpen = nums[i++] === 1;
    r.rejectedInCleanup = nums[i++] === 1;
    r.refused = smallOr(nums[i++]!);
    r.held = nums[i++] === 1;
    r.startLine = strs[j++]!;
    r.failLine = strs[j++]!;
    const noticeLink = smallOr(nums[i++]!);
    if (noticeLink >= 0) {
      const user = table[nums[i++]!]!;
      const ip = table[nums[i++]!]!;
      r.noticeOf = { link: noticeLink, user, ip, final: (nums[i++] === 1) };
    }
    r.linkOnly = nums[i++] === 1;
    const noticeLinks = smallOr(nums[i++]!);
    r.failRef = refAt(nums, i);
    i += 3;
    r.dkim = table[nums[i++]!]! as MessageRecord['dkim'];
    r.dkimLine = strs[j++]!;
    r.dkimRef = refAt(nums, i);
    i += 3;
    r.opendkimSaw = nums[i++] === 1;
    const spamRefused = smallOr(nums[i++]!);
    const refusals = smallOr(nums[i++]!);
    const recipients = smallOr(nums[i++]!);
    for (let k = 0; k < recipients; k++) {
      const p = newRecipient(strs[j++]!, strs[j++]!);
      p.finalStatus = table[nums[i++]!]!;
      p.lastAgent = table[nums[i++]!]!;
      p.lastRelay = table[nums[i++]!]!;
      p.storeReply = nums[i++] === 1;
      p.hopMinute = smallOr(nums[i++]!);
      addRecipient(r, p); // distinct within a record: no search
    }
    if (pipeSent >= 0) {
      r.pipeSent = [];
      for (let k = 0; k < pipeSent; k++) {
        const to = strs[j++]!;
        // The recipient's own string, as the correlator keeps it (one copy per record).
        r.pipeSent.push({ to: findRecipient(r, to)?.to ?? to, at: smallOr(nums[i++]!) });
      }
    }
    if (noticeLinks >= 0) {
      r.noticeLinks = [];
      for (let k = 0; k < noticeLinks; k++) r.noticeLinks.push(smallOr(nums[i++]!));
    }
    if (spamRefused >= 0) {
      const line = strs[j++]!;
      const at: LineRef = { file: smallOr(nums[i++]!), line: smallOr(nums[i++]!), offset: smallOr(nums[i++]!) };
      const to: string[] = [];
      // The recipients' own strings, as the correlator keeps them.
      for (let k = 0; k < spamRefused; k++) {
        const t = strs[j++]!;
        to.push(findRecipient(r, t)?.to ?? t);
      }
      r.spamRefusal = { to, line, ref: at };
    }
    if (refusals >= 0) {
      const map = new Map<string, RefusalMark>();
      for (let k = 0; k < refusals; k++) {
        const t = strs[j++]!;
        const provider = table[nums[i++]!]!;
        const kind = table[nums[i++]!]!;
        const answers = smallOr(nums[i++]!);
        map.set(findRecipient(r, t)?.to ?? t, { provider, kind, answers, bounced: nums[i++] === 1 });
      }
      r.refusals = map;
    }
    out.push(r);
  }
  if (j !== strs.length) throw new Error('internal error: a part of open records whose strings do not add up');
}

/** The line place at `i` (putRef), or null. */
function refAt(nums: Float64Array, i: number): LineRef | null {
  const file = smallOr(nums[i]!);
  return file < 0 ? null : { file, line: smallOr(nums[i + 1]!), offset: smallOr(nums[i + 2]!) };
}
