// Open message records as they travel from a worker to the main thread: one flat array of field values.
//
// v8.serialize writes every property name of every object: a recipient's eight names cost more bytes than its
// values, and the main thread then builds each object property by property. On the 1.5 GB benchmark log the
// open records of one byte range (4,218 records, 70,000 recipients) were 14.7 MB of a 23.6 MB result; the main
// thread deserialized the last range's result on the critical path, after every worker had finished.
// Field order is fixed here, once, for both ends; test/wire.test.ts round-trips a record with every field set.

import type { ClientAddr, ClientIpStats, LineRef, MessageOrigin, MessageRecord } from '../types.js';
import { newClientIp } from '../aggregate/create.js';
import type { TaskResult } from './task.js';
import { newRecipient, newRecord } from '../correlate/record.js';

type Value = string | number | boolean | null;

/**
 * A task result as a worker posts it: the open records encoded, and the per-IP rows (the largest table of a
 * brute force: 8.5 MB of the same result) as their values in the field order of a new row, with the aggregate's
 * byClientIp left empty. Examples inside the rows stay objects, so the registry (refs) still shares them.
 */
export type WireResult = Omit<TaskResult, 'fragments'> & { fragments: Value[]; ips: unknown[] };

const IP_FIELDS = Object.keys(newClientIp('')) as Array<keyof ClientIpStats>;

export function toWire(r: TaskResult): WireResult {
  const ips = encodeRows(r.aggregate.byClientIp, IP_FIELDS);
  return { ...r, aggregate: { ...r.aggregate, byClientIp: new Map() }, fragments: encodeRecords(r.fragments), ips };
}

export function fromWire(w: WireResult): TaskResult {
  const { ips, ...rest } = w;
  rest.aggregate.byClientIp = decodeRows(ips, () => newClientIp(''), IP_FIELDS);
  return { ...rest, fragments: decodeRecords(w.fragments) };
}

function encodeRows<V>(rows: Map<string, V>, fields: ReadonlyArray<keyof V>): unknown[] {
  const out: unknown[] = [rows.size];
  for (const [key, row] of rows) {
    out.push(key);
    for (const f of fields) out.push(row[f]);
  }
  return out;
}

function decodeRows<V>(v: unknown[], make: () => V, fields: ReadonlyArray<keyof V>): Map<string, V> {
  const rows = new Map<string, V>();
  let i = 0;
  const count = v[i++] as number;
  for (let n = 0; n < count; n++) {
    const key = v[i++] as string;
    const row = make();
    for (const f of fields) row[f] = v[i++] as V[keyof V];
    rows.set(key, row);
  }
  return rows;
}

/** Appends the records to a flat list of values (see decodeRecords). */
export function encodeRecords(records: MessageRecord[]): Value[] {
  const out: Value[] = [records.length];
  for (const r of records) {
    out.push(
      r.host, r.qid, r.origin, r.sawCleanup, r.startInRange, r.startAt, r.lastAt,
      r.firstRef === null ? -1 : r.firstRef.file, r.firstRef === null ? 0 : r.firstRef.line, r.firstRef === null ? 0 : r.firstRef.offset,
      r.service, r.client === null ? null : r.client.name, r.client === null ? null : r.client.ip,
      r.saslMethod, r.saslUser, r.pickupUid, r.sender, r.senderSeen, r.size, r.nrcpt, r.messageId, r.deferrals,
      r.removed, r.removedBy, r.expired, r.parentQid, r.rejectedInCleanup, r.startLine, r.recipients.size,
    );
    for (const p of r.recipients.values()) {
      out.push(p.to, p.origTo, p.attempts, p.deferrals, p.finalStatus, p.lastAgent, p.lastRelay, p.filterHop);
    }
  }
  return out;
}

/** The records of encodeRecords, as new objects. */
export function decodeRecords(v: Value[]): MessageRecord[] {
  let i = 0;
  const str = (): string => v[i++] as string;
  const num = (): number => v[i++] as number;
  const bool = (): boolean => v[i++] as boolean;
  const count = num();
  const out: MessageRecord[] = new Array<MessageRecord>(count);
  for (let n = 0; n < count; n++) {
    const host = str();
    const qid = str();
    const origin = str() as MessageOrigin;
    const sawCleanup = bool();
    const startInRange = bool();
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
    r.lastAt = lastAt;
    r.service = str();
    const name = v[i++] as string | null;
    const ip = v[i++] as string | null;
    r.client = name === null ? null : { name, ip: ip ?? '' } satisfies ClientAddr;
    r.saslMethod = str();
    r.saslUser = str();
    r.pickupUid = str();
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
    r.rejectedInCleanup = bool();
    r.startLine = str();
    const recipients = num();
    for (let k = 0; k < recipients; k++) {
      const p = newRecipient(str(), str());
      p.attempts = num();
      p.deferrals = num();
      p.finalStatus = str();
      p.lastAgent = str();
      p.lastRelay = str();
      p.filterHop = bool();
      r.recipients.set(p.to, p);
    }
    out[n] = r;
  }
  return out;
}
