// A scan result as it travels from a worker to the main thread: in parts, records and per-IP rows as flat lists of
// field values.
//
// v8.serialize writes every property name of every object: a recipient's eight names cost more bytes than its
// values, and the main thread then builds each object property by property. On the 1.5 GB benchmark log the
// open records of one byte range (4,218 records, 70,000 recipients) were 14.7 MB of a 23.6 MB result; the main
// thread deserialized the last range's result on the critical path, after every worker had finished.
// Field order is fixed here, once, for both ends; test/wire.test.ts round-trips a record and a row with every field set.

import type { ClientAddr, Example, LineRef, MessageOrigin, MessageRecord } from '../types.js';
import type { TaskResult } from './task.js';
import { newRecipient, newRecord } from '../correlate/record.js';
import { addRecipient, findRecipient } from '../correlate/recipients.js';
import type { IpPart } from './wire-ips.js';
import { decodeIpPart, encodeIpRows } from './wire-ips.js';
import { newWordWriter } from './wire-columns.js';
import { reachedFrom } from './reachable.js';

type Value = string | number | boolean | null;

/**
 * A task result as a worker posts it: a sequence of parts, each serialized and posted on its own (scan-worker.ts).
 * One v8.serialize of the whole result held, beside the worker's state, its value lists and the serializer's
 * growing buffer at once: on the 1.5 GB benchmark log the worker's RSS rose 121 → 154 MiB for a 12 MB result,
 * the run's peak. In parts of about 160 KB (74 for that range), each is young garbage before the next is made.
 *   - 'records': open records (encodeRecord), up to PART_VALUES values at a time;
 *   - 'ips': per-IP rows (the largest table of a brute force) in columns of numbers and words (wire-ips.ts); an
 *     example inside a row travels as its index in `refs`, because object identity holds only inside one serialized
 *     value and line numbers are fixed through refs (run.ts);
 *   - 'refs': the examples (`refs`, in order), each as its file, line, offset and text, or -1 for one that the
 *     head holds (reachable.ts): v8.deserialize built the 466,640 examples of 250,000 botnet IPs' rows (78 MB of
 *     the head's 83) property by property, 1.4 s of the main thread's CPU on the critical path;
 *   - 'head', last: everything else, the aggregate with byClientIp empty, and the examples it holds.
 */
export type WirePart =
  | { kind: 'records'; values: Value[] }
  | IpPart
  | { kind: 'refs'; values: Value[] }
  | { kind: 'head'; head: Omit<TaskResult, 'fragments'>; refParts: number };

/**
 * Values per part. A list of 16,384 values or more (128 KB) is a large object to V8, freed only by a full
 * collection: parts of 1,000 records and 2,000 rows left the worker's heap 18 MiB fuller once encoded. (A part
 * ends after the record or row that reaches the bound: one message with thousands of recipients is one part.)
 */
const PART_VALUES = 12_000;

/** The parts of a result, made one at a time as they are taken (see WirePart). */
export function* toWireParts(r: TaskResult): Generator<WirePart> {
  let records: Value[] = [];
  for (const rec of r.fragments) {
    encodeRecord(records, rec);
    if (records.length >= PART_VALUES) {
      yield { kind: 'records', values: records };
      records = [];
    }
  }
  if (records.length > 0) yield { kind: 'records', values: records };
  const refs = r.refs;
  const index = new Map<Example, number>();
  for (let i = 0; i < refs.length; i++) index.set(refs[i]!, i);
  // Every example is registered when made (context.ts exampleOf, messages.ts); one that was not is registered
  // here, before the head with refs is made, so its line number is fixed like the others.
  const indexOf = (e: Example): number => {
    let i = index.get(e);
    if (i === undefined) { i = refs.length; refs.push(e); index.set(e, i); }
    return i;
  };
  yield* encodeIpRows(r.aggregate.byClientIp, indexOf, newWordWriter());
  const { fragments: _open, refs: _all, ...rest } = r;
  const head = { ...rest, aggregate: { ...r.aggregate, byClientIp: new Map() } };
  // The examples the head's tables hold travel in it, as objects; every other one (a per-IP row's) as values.
  const inHead = reachedFrom(head, index);
  let values: Value[] = [];
  let refParts = 0;
  for (const e of refs) {
    if (inHead.has(e)) values.push(-1);
    else values.push(e.file, e.line, e.offset, e.text);
    if (values.length >= PART_VALUES) {
      yield { kind: 'refs', values };
      values = [];
      refParts++;
    }
  }
  if (values.length > 0) {
    yield { kind: 'refs', values };
    refParts++;
  }
  yield { kind: 'head', head: { ...head, refs: refs.filter((e) => inHead.has(e)) }, refParts };
}

/**
 * The result of toWireParts, from its parts in the order they were made. `take(i)` gives part i and may drop it:
 * each part becomes objects only when its turn comes (the head, sent last, is taken first).
 */
export function fromWireParts(count: number, take: (i: number) => WirePart): TaskResult {
  const last = take(count - 1);
  if (last.kind !== 'head') throw new Error('internal error: a scan result without its head');
  const head = last.head;
  // The examples in their order, those the head holds from it, the others made from their values.
  const refs: Example[] = [];
  let fromHead = 0;
  const firstRefPart = count - 1 - last.refParts;
  for (let i = firstRefPart; i < count - 1; i++) {
    const part = take(i);
    if (part.kind !== 'refs') throw new Error('internal error: a scan result whose examples are out of place');
    const v = part.values;
    let k = 0;
    while (k < v.length) {
      const file = v[k++] as number;
      if (file < 0) refs.push(head.refs[fromHead++]!);
      else refs.push({ file, line: v[k++] as number, offset: v[k++] as number, text: v[k++] as string });
    }
  }
  if (fromHead !== head.refs.length) throw new Error('internal error: a scan result whose examples do not add up');
  const rows = head.aggregate.byClientIp;
  const fragments: MessageRecord[] = [];
  // The words of the parts in their order: each user name tried and label is one string per result, as the scan
  // kept it (aggregate/events.ts).
  const words: string[] = [];
  for (let i = 0; i < firstRefPart; i++) {
    const part = take(i);
    if (part.kind === 'records') decodeRecords(part.values, fragments);
    else if (part.kind === 'ips') decodeIpPart(part, words, refs, rows);
    else throw new Error('internal error: a scan result with two heads');
  }
  return { ...head, refs, fragments };
}

/** Appends one record to a flat list of values (see decodeRecords). */
function encodeRecord(out: Value[], r: MessageRecord): void {
  out.push(
    r.host, r.qid, r.origin, r.sawCleanup, r.startInRange, r.cleanupFirst, r.startAt, r.lastAt,
    r.firstRef === null ? -1 : r.firstRef.file, r.firstRef === null ? 0 : r.firstRef.line, r.firstRef === null ? 0 : r.firstRef.offset,
    r.service, r.client === null ? null : r.client.name, r.client === null ? null : r.client.ip,
    r.saslMethod, r.saslUser, r.pickupUid, r.pickupFrom, r.sender, r.senderSeen, r.size, r.nrcpt, r.messageId, r.deferrals,
    r.removed, r.removedBy, r.expired, r.parentQid, r.requeuedFrom, r.pipeVia, r.filterCopies, r.pipeSent === null ? -1 : r.pipeSent.length, r.pipeHop, r.reinjected, r.hopOpen, r.rejectedInCleanup, r.refused, r.held, r.startLine, r.failLine,
    r.noticeOf === null ? -1 : r.noticeOf.link, r.noticeOf?.user ?? '', r.noticeOf?.ip ?? '', r.noticeOf?.final ?? false, r.linkOnly,
    r.noticeLinks === null ? -1 : r.noticeLinks.length,
    r.failRef === null ? -1 : r.failRef.file, r.failRef === null ? 0 : r.failRef.line, r.failRef === null ? 0 : r.failRef.offset,
    r.dkim, r.dkimLine, r.dkimRef === null ? -1 : r.dkimRef.file, r.dkimRef === null ? 0 : r.dkimRef.line, r.dkimRef === null ? 0 : r.dkimRef.offset, r.opendkimSaw,
    r.spamRefusal === null ? -1 : r.spamRefusal.to.length,
    r.recipients.length,
  );
  for (const p of r.recipients) {
    out.push(p.to, p.origTo, p.finalStatus, p.lastAgent, p.lastRelay, p.storeReply, p.hopHour);
  }
  if (r.pipeSent !== null) for (const h of r.pipeSent) out.push(h.to, h.at);
  if (r.noticeLinks !== null) for (const l of r.noticeLinks) out.push(l);
  const spam = r.spamRefusal;
  if (spam !== null) out.push(spam.line, spam.ref.file, spam.ref.line, spam.ref.offset, ...spam.to);
}

/** The records of a list of encodeRecord values, as new objects, appended to `out`. */
function decodeRecords(v: Value[], out: MessageRecord[]): void {
  let i = 0;
  const str = (): string => v[i++] as string;
  const num = (): number => v[i++] as number;
  const bool = (): boolean => v[i++] as boolean;
  while (i < v.length) {
    const host = str();
    const qid = str();
    const origin = str() as MessageOrigin;
    const sawCleanup = bool();
    const startInRange = bool();
    const cleanupFirst = bool();
    const startAt = num();
    const lastAt = num();
    const file = num();
    const line = num();
    const offset = num();
    const firstRef: LineRef | null = file < 0 ? null : { file, line, offset };
    const r = newRecord(host, qid, startAt, firstRef);
    r.origin = origin;
    r.sawCleanup = sawCleanup;
    r.startInRange = startInRange;
    r.cleanupFirst = cleanupFirst;
    r.lastAt = lastAt;
    r.service = str();
    const name = v[i++] as string | null;
    const ip = v[i++] as string | null;
    r.client = name === null ? null : { name, ip: ip ?? '' } satisfies ClientAddr;
    r.saslMethod = str();
    r.saslUser = str();
    r.pickupUid = str();
    r.pickupFrom = str();
    r.sender = str();
    r.senderSeen = bool();
    r.size = num();
    r.nrcpt = num();
    r.messageId = str();
    r.deferrals = num();
    r.removed = bool();
    r.removedBy = str() as MessageRecord['removedBy'];
    r.expired = bool();
    r.parentQid = str();
    r.requeuedFrom = str();
    r.pipeVia = str();
    r.filterCopies = str();
    const pipeSent = num();
    r.pipeHop = bool();
    r.reinjected = bool();
    r.hopOpen = bool();
    r.rejectedInCleanup = bool();
    r.refused = num();
    r.held = bool();
    r.startLine = str();
    r.failLine = str();
    const noticeLink = num();
    const noticeUser = str();
    const noticeIp = str();
    const noticeFinal = bool();
    if (noticeLink >= 0) r.noticeOf = { link: noticeLink, user: noticeUser, ip: noticeIp, final: noticeFinal };
    r.linkOnly = bool();
    const noticeLinks = num();
    const failFile = num();
    const failLine = num();
    const failOffset = num();
    r.failRef = failFile < 0 ? null : { file: failFile, line: failLine, offset: failOffset };
    r.dkim = str() as MessageRecord['dkim'];
    r.dkimLine = str();
    const dkimFile = num();
    const dkimLine = num();
    const dkimOffset = num();
    r.dkimRef = dkimFile < 0 ? null : { file: dkimFile, line: dkimLine, offset: dkimOffset };
    r.opendkimSaw = bool();
    const spamRefused = num();
    const recipients = num();
    for (let k = 0; k < recipients; k++) {
      const p = newRecipient(str(), str());
      p.finalStatus = str();
      p.lastAgent = str();
      p.lastRelay = str();
      p.storeReply = bool();
      p.hopHour = num();
      addRecipient(r, p); // distinct within a record: no search
    }
    if (pipeSent >= 0) {
      r.pipeSent = [];
      for (let k = 0; k < pipeSent; k++) {
        const to = str();
        // The recipient's own string, as the correlator keeps it (one copy per record).
        r.pipeSent.push({ to: findRecipient(r, to)?.to ?? to, at: num() });
      }
    }
    if (noticeLinks >= 0) {
      r.noticeLinks = [];
      for (let k = 0; k < noticeLinks; k++) r.noticeLinks.push(num());
    }
    if (spamRefused >= 0) {
      const line = str();
      const ref: LineRef = { file: num(), line: num(), offset: num() };
      const to: string[] = [];
      // The recipients' own strings, as the correlator keeps them.
      for (let k = 0; k < spamRefused; k++) {
        const t = str();
        to.push(findRecipient(r, t)?.to ?? t);
      }
      r.spamRefusal = { to, line, ref };
    }
    out.push(r);
  }
}
