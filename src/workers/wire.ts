// A scan result as it travels from a worker to the main thread: in parts, open records and per-IP rows in columns
// of numbers and words (wire-records.ts, wire-ips.ts), the examples as flat lists of field values.
//
// v8.serialize writes every property name of every object: a recipient's eight names cost more bytes than its
// values, and the main thread then builds each object property by property. On the 1.5 GB benchmark log the
// open records of one byte range (4,218 records, 70,000 recipients) were 14.7 MB of a 23.6 MB result; the main
// thread deserialized the last range's result on the critical path, after every worker had finished.
// Field order is fixed once, for both ends; test/wire.test.ts round-trips a record and a row with every field set.

import type { Example, MessageRecord } from '../types.js';
import type { TaskResult } from './task.js';
import type { IpPart } from './wire-ips.js';
import { decodeIpPart, encodeIpRows } from './wire-ips.js';
import type { RecordPart } from './wire-records.js';
import { decodeRecordPart, encodeRecords } from './wire-records.js';
import { newWordWriter } from './wire-columns.js';
import { reachedFrom } from './reachable.js';
import { IpTable } from '../aggregate/ip-table.js';

type Value = string | number | boolean | null;

/**
 * A task result as a worker posts it: a sequence of parts, each serialized and posted on its own (scan-worker.ts).
 * One v8.serialize of the whole result held, beside the worker's state, its value lists and the serializer's
 * growing buffer at once: on the 1.5 GB benchmark log the worker's RSS rose 121 → 154 MiB for a 12 MB result,
 * the run's peak. In parts of about 160 KB (74 for that range), each is young garbage before the next is made.
 *   - 'records': open records (wire-records.ts), in columns of numbers, words and their own strings;
 *   - 'ips': per-IP rows (the largest table of a brute force) in columns of numbers and words (wire-ips.ts); an
 *     example inside a row travels as its index in `refs`, because object identity holds only inside one serialized
 *     value and line numbers are fixed through refs (run.ts);
 *   - 'refs': the examples (`refs`, in order), each as its file, line, offset and text, or -1 for one that the
 *     head holds (reachable.ts): v8.deserialize built the 466,640 examples of 250,000 botnet IPs' rows (78 MB of
 *     the head's 83) property by property, 1.4 s of the main thread's CPU on the critical path;
 *   - 'head', last: everything else, the aggregate with byClientIp empty, and the examples it holds.
 */
export type WirePart =
  | RecordPart
  | IpPart
  | { kind: 'refs'; values: Value[] }
  | { kind: 'head'; head: Omit<TaskResult, 'fragments'>; refParts: number };

/**
 * Examples' values per part. A list of 16,384 values or more (128 KB) is a large object to V8, freed only by a full
 * collection: parts of 1,000 records and 2,000 rows left the worker's heap 18 MiB fuller once encoded.
 */
const PART_VALUES = 12_000;

/** The parts of a result, made one at a time as they are taken (see WirePart). */
export function* toWireParts(r: TaskResult): Generator<WirePart> {
  // One table of words for the whole result: the records' parts come first and the rows' after, in this order.
  const words = newWordWriter();
  yield* encodeRecords(r.fragments, words);
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
  yield* encodeIpRows(r.aggregate.byClientIp, indexOf, words);
  const { fragments: _open, refs: _all, ...rest } = r;
  // The rows travel in their parts; the head's table is made again on the main thread (fromWireParts).
  const head = { ...rest, aggregate: { ...r.aggregate, byClientIp: null as unknown as IpTable } };
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
  const rows = new IpTable();
  head.aggregate.byClientIp = rows;
  const fragments: MessageRecord[] = [];
  // The words of the parts in their order: each user name tried and label is one string per result, as the scan
  // kept it (aggregate/events.ts).
  const words: string[] = [];
  for (let i = 0; i < firstRefPart; i++) {
    const part = take(i);
    if (part.kind === 'records') decodeRecordPart(part, words, fragments);
    else if (part.kind === 'ips') decodeIpPart(part, words, refs, rows);
    else throw new Error('internal error: a scan result with two heads');
  }
  return { ...head, refs, fragments };
}
