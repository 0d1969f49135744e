// Worker results travel with the open records and the per-IP rows encoded as flat value lists
// (src/workers/wire.ts). Every field must come back: a record and a row with every field set to a value that
// differs from a new one's, through the same v8 serialize/deserialize the threads use.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deserialize, serialize } from 'node:v8';
import { fromWire, toWire } from '../src/workers/wire.js';
import type { TaskResult } from '../src/workers/task.js';
import { newAggregate, newClientIp } from '../src/aggregate/create.js';
import { newRecipient, newRecord } from '../src/correlate/record.js';
import type { ClientIpStats, Example, MessageRecord } from '../src/types.js';

/** Gives every field of `o` a value unlike its default, by type; fails on a type this test does not know. */
function fillAll(o: Record<string, unknown>, seed: number, example: Example): void {
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'number') o[k] = seed + k.length;
    else if (typeof v === 'string') o[k] = `${k}-${seed}`;
    else if (typeof v === 'boolean') o[k] = !v;
    else if (v === null && k.startsWith('first')) o[k] = example; // Example | null fields
    else if (v === null || v instanceof Map) o[k] = new Map([[`${k}-key`, seed]]);
    else throw new Error(`field ${k}: add its type to this test`);
  }
}

test('open records and per-IP rows survive the wire with every field, and examples stay shared with refs', () => {
  const example: Example = { file: 0, line: 7, offset: 700, text: 'Nov 23 09:30:01 mail postfix/smtpd[1]: connect from unknown[192.0.2.1]' };
  const rec: MessageRecord = newRecord('mail', 'ABCDEF12345', 1000, { file: 1, line: 2, offset: 3 });
  const recipient = newRecipient('to@example.com', 'orig@example.com');
  fillAll(recipient as unknown as Record<string, unknown>, 5, example);
  rec.recipients.set(recipient.to, recipient);
  for (const [k, v] of Object.entries(rec)) {
    if (k === 'recipients' || k === 'firstRef') continue;
    const r = rec as unknown as Record<string, unknown>;
    if (k === 'client') r[k] = { name: 'mx.example.com', ip: '192.0.2.9' };
    else if (k === 'origin') r[k] = 'pickup';
    else if (k === 'removedBy') r[k] = 'postsuper';
    else if (typeof v === 'number') r[k] = 40 + k.length;
    else if (typeof v === 'string') r[k] = `${k}-value`;
    else if (typeof v === 'boolean') r[k] = !v;
    else throw new Error(`record field ${k}: add its type to this test`);
  }
  rec.key = `${rec.host}/${rec.qid}`; // derived, as newRecord makes it
  const partial = newRecord('mx2', 'FEDCBA', 5, null); // no firstRef, no client, no recipient

  const row: ClientIpStats = newClientIp('unknown');
  fillAll(row as unknown as Record<string, unknown>, 9, example);
  row.firstAuthOkAt = Infinity;
  const aggregate = newAggregate();
  aggregate.byClientIp.set('192.0.2.1', row);
  aggregate.byClientIp.set('192.0.2.2', newClientIp(''));
  const result: TaskResult = {
    aggregate, fragments: [rec, partial], startKeys: ['mail/ABCDEF12345'], startPos: [0], lines: 12, refs: [example],
    seq: 3, piece: 7, error: '', bytesRead: 1234,
  };
  const back = fromWire(deserialize(serialize(toWire(result))));
  assert.deepEqual(back.fragments, result.fragments);
  assert.deepEqual([...back.aggregate.byClientIp], [...aggregate.byClientIp]);
  assert.deepEqual({ ...back, fragments: null, aggregate: null }, { ...result, fragments: null, aggregate: null });
  // The example in the row and the one in refs are one object on arrival too (line numbers are fixed through refs).
  assert.equal(back.aggregate.byClientIp.get('192.0.2.1')!.firstAuthFailure, back.refs[0]);
});
