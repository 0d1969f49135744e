// Worker results travel in parts, the open records and the per-IP rows encoded as flat value lists
// (src/workers/wire.ts). Every field must come back: a record and a row with every field set to a value that
// differs from a new one's, through the same v8 serialize/deserialize the threads use.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deserialize, serialize } from 'node:v8';
import { fromWireParts, toWireParts } from '../src/workers/wire.js';
import type { WirePart } from '../src/workers/wire.js';
import type { TaskResult } from '../src/workers/task.js';
import { newAggregate, newClientIp } from '../src/aggregate/create.js';
import { newRecipient, newRecord } from '../src/correlate/record.js';
import { LINEAR_RECIPIENTS, addRecipient } from '../src/correlate/recipients.js';
import type { ClientIpStats, Example, MessageRecord } from '../src/types.js';
import type { IpTable } from '../src/aggregate/ip-table.js';
import { plainRow } from '../src/aggregate/ip-table.js';

/** A table's rows as plain objects by IP, in order: views of two tables are compared by their fields. */
function plainRows(t: IpTable): Array<[string, ClientIpStats]> {
  return [...t].map(([ip, r]) => [ip, plainRow(r)]);
}

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
  addRecipient(rec, recipient);
  for (const [k, v] of Object.entries(rec)) {
    // hopState is the scan's own (correlate/pipe-filter-range.ts): it never crosses the wire.
    if (k === 'recipients' || k === 'recipientIndex' || k === 'firstRef' || k === 'failRef' || k === 'hopState') continue;
    const r = rec as unknown as Record<string, unknown>;
    if (k === 'client') r[k] = { name: 'mx.example.com', ip: '192.0.2.9' };
    else if (k === 'origin') r[k] = 'pickup';
    else if (k === 'removedBy') r[k] = 'postsuper';
    else if (k === 'noticeOf') r[k] = { link: 2 ** 40 + 4321, user: 'info@example.jp', ip: '192.0.2.7', final: true }; // a bounce notice's link
    else if (k === 'noticeLinks') r[k] = [77, 2 ** 41 + 5]; // the links its fold settles
    else if (k === 'pipeSent') r[k] = [{ to: 'to@example.com', at: 41 }, { to: 'to@example.com', at: 42 }]; // its pipe hand-offs
    // A receiver's spam bounce of its recipient (review 18): the recipient and the first such line.
    else if (k === 'spamRefusal') r[k] = { to: ['to@example.com'], line: 'to=<to@example.com>, … status=bounced (… likely unsolicited mail …)', ref: { file: 1, line: 11, offset: 1100 } };
    // Its answers from a receiver that refuses this server (review AN, AN4, AN5), a bounce among them (review AM, AM2).
    else if (k === 'refusals') r[k] = new Map([['to@example.com', { provider: 'Gmail', kind: 'rate', answers: 2, bounced: true }]]);
    // OpenDKIM's reason not to sign it (review AF), and where its line is.
    else if (k === 'dkim') r[k] = 'signing-table';
    else if (k === 'dkimRef') r[k] = { file: 1, line: 13, offset: 1300 };
    else if (typeof v === 'number') r[k] = 40 + k.length;
    else if (typeof v === 'string') r[k] = `${k}-value`;
    else if (typeof v === 'boolean') r[k] = !v;
    else throw new Error(`record field ${k}: add its type to this test`);
  }
  rec.key = `${rec.host}/${rec.qid}`; // derived, as newRecord makes it
  rec.failRef = { file: 1, line: 9, offset: 900 }; // a bounce notification's failed delivery line (backscatter)
  const partial = newRecord('mx2', 'FEDCBA', 5, null); // no firstRef, no client, no recipient
  // A spam run's message past LINEAR_RECIPIENTS: it arrives with its address map.
  const many = newRecord('mail', 'ABCDEF99999', 2000, null);
  for (let i = 0; i < LINEAR_RECIPIENTS + 4; i++) addRecipient(many, newRecipient(`r${i}@example.net`, ''));

  const row: ClientIpStats = newClientIp('unknown');
  fillAll(row as unknown as Record<string, unknown>, 9, example);
  row.firstAuthOkAt = Infinity;
  row.sessionProblems = ['lost connection after AUTH', 3, 'postscreen PREGREET', 1]; // label and count pairs (session-problems.ts)
  // An own-network host's relay slots (relay-slots.ts): each with its first message's example, shared with refs too.
  row.unauthRelaySlots = new Map([
    [2_990_000, {
      firstAt: 1, lastAt: 2, messages: 3, recipients: 4, notDelivered: 1, spamRefused: 1, domains: new Set(['d.example']), senderDomains: new Map([['s.example', 3]]),
      example, spamRefusal: example,
    }],
    [2_990_001, {
      firstAt: 5, lastAt: 6, messages: 1, recipients: 1, notDelivered: 0, spamRefused: 0, domains: new Set(['e.example']), senderDomains: new Map(),
      example: null, spamRefusal: null,
    }],
  ]);
  const aggregate = newAggregate();
  aggregate.byClientIp.set('192.0.2.1', row);
  aggregate.byClientIp.set('192.0.2.2', newClientIp(''));
  const result: TaskResult = {
    aggregate, fragments: [rec, partial, many], startKeys: ['mail/ABCDEF12345'], startPos: [0], startFrom: ['mail/0123456789'],
    hops: { open: [0], head: [0, 1, 1000], tail: [0, 1, 1000], pastHead: true, pairs: [0, 1, -1], pairKeys: ['mail\nalice@example.com\n<m@x>'] }, sessions: { heads: [], restarted: [], openKeys: [], openWarnings: [] },
    lines: 12, refs: [example], lastMailAt: 1_764_324_001_000,
    seq: 3, piece: 7, error: '', bytesRead: 1234, trailingBytes: 0,
  };
  const back = throughThreads(result);
  assert.deepEqual(back.fragments, result.fragments);
  assert.equal(back.fragments[2]!.recipientIndex?.get('r19@example.net'), back.fragments[2]!.recipients[19]);
  assert.deepEqual(plainRows(back.aggregate.byClientIp), plainRows(aggregate.byClientIp));
  assert.deepEqual({ ...back, fragments: null, aggregate: null }, { ...result, fragments: null, aggregate: null });
  // The example in the row and the one in refs are one object on arrival too (line numbers are fixed through refs).
  const row2 = back.aggregate.byClientIp.get('192.0.2.1')!;
  // Who got the auth server's 454s (server-trouble) must cross the wire like every other count.
  assert.equal(row2.authServerErrors, 9 + 'authServerErrors'.length);
  for (const f of ['firstUnauthRelay', 'firstRelayDenied', 'firstUnknownRecipient', 'firstAuthFailure', 'firstAuthOk', 'firstExample'] as const) {
    assert.equal(row2[f], back.refs[0], f);
  }
  assert.equal(row2.unauthRelaySlots?.get(2_990_000)?.example, back.refs[0], 'a relay slot\'s example');
  assert.equal(row2.unauthRelaySlots?.get(2_990_001)?.example, null);
  assert.equal(row2.unauthRelaySlots?.get(2_990_000)?.spamRefusal, back.refs[0], 'a relay slot\'s spam refusal line');
  assert.equal(row2.unauthRelaySlots?.get(2_990_001)?.spamRefusal, null);
});

/** What a worker posts and the main thread rebuilds: each part through its own v8 serialize/deserialize. */
function throughThreads(result: TaskResult): TaskResult {
  const bytes = [...toWireParts(result)].map((p) => serialize(p));
  return fromWireParts(bytes.length, (i) => deserialize(bytes[i]!) as WirePart);
}

test('a large result comes back whole from many parts, and an unregistered example is registered on the way', () => {
  const refs: Example[] = [];
  const example = (line: number): Example => {
    const e: Example = { file: 0, line, offset: line * 100, text: `line ${line}` };
    refs.push(e);
    return e;
  };
  const aggregate = newAggregate();
  for (let i = 0; i < 4_500; i++) {
    const row = newClientIp(i % 2 === 0 ? 'unknown' : '');
    row.authFailures = i;
    row.firstAuthFailure = example(i);
    if (i % 3 === 0) row.authUsersTried = new Map([['admin', i]]);
    else row.authUsersTried = { names: ['admin', 'info@example.jp', `u${i % 7}`], counts: [1, 2, i] }; // enough numbers for two parts
    aggregate.byClientIp.set(`10.0.${i >> 8}.${i & 255}`, row);
  }
  const stray: Example = { file: 0, line: 99_999, offset: 1, text: 'not in refs' };
  aggregate.byClientIp.get('10.0.0.7')!.firstExample = stray;
  const fragments: MessageRecord[] = [];
  for (let i = 0; i < 2_500; i++) {
    const rec = newRecord('mail', `Q${i.toString(16).toUpperCase().padStart(8, '0')}`, i, { file: 0, line: i, offset: i });
    addRecipient(rec, newRecipient(`u${i}@example.net`, ''));
    fragments.push(rec);
  }
  const result: TaskResult = {
    aggregate, fragments, startKeys: [], startPos: [], startFrom: [],
    hops: { open: [], head: [], tail: [], pastHead: false, pairs: [], pairKeys: [] }, sessions: { heads: [], restarted: [], openKeys: [], openWarnings: [] }, lines: 9, refs, lastMailAt: null, seq: 0, piece: 0, error: '', bytesRead: 9, trailingBytes: 0,
  };
  const parts = [...toWireParts(result)];
  const kinds = parts.map((p) => p.kind).join(' ');
  assert.match(kinds, /^(records ){2,}(ips ){2,}(refs ){2,}head$/);
  // Each list stays under V8's large-object size (16,384 values), so encoding leaves only young garbage.
  for (const p of parts) {
    if (p.kind === 'refs') assert.ok(p.values.length < 16_384, `${p.kind}: ${p.values.length} values`);
    else if (p.kind === 'records') assert.ok(p.strs.length < 16_384 && p.words.length < 16_384, `records: ${p.strs.length} strings`);
    else if (p.kind === 'ips') assert.ok(p.keys.length < 16_384 && p.words.length < 16_384 && p.others.length < 16_384, `ips: ${p.keys.length} keys`);
  }
  assert.equal(refs.length, 4_501); // the stray example was registered before the head was made
  const back = throughThreads(result);
  assert.deepEqual(back.fragments, fragments);
  assert.deepEqual([...back.aggregate.byClientIp.keys()], [...aggregate.byClientIp.keys()]);
  assert.deepEqual(plainRows(back.aggregate.byClientIp), plainRows(aggregate.byClientIp));
  // Every example on arrival is the object in refs at its place: fixing refs fixes the rows.
  const got = back.aggregate.byClientIp;
  assert.equal(got.get('10.0.17.147')!.firstAuthFailure, back.refs[17 * 256 + 147]);
  assert.equal(got.get('10.0.0.7')!.firstExample, back.refs[4_500]);
  assert.equal(back.refs[4_500]!.text, 'not in refs');
});

test('an example that a row and the head both hold is one object on arrival, in refs once, so its line is fixed once', () => {
  const shared: Example = { file: 0, line: 5, offset: 500, text: 'warning: unknown[192.0.2.1]: SASL LOGIN authentication failed: UGFzc3dvcmQ6' };
  const rowOnly: Example = { file: 0, line: 6, offset: 600, text: 'connect from unknown[192.0.2.1]' };
  const headOnly: Example = { file: 1, line: 2, offset: 30, text: 'unparsed line' };
  const aggregate = newAggregate();
  const row = newClientIp('unknown');
  row.authFailures = 1;
  row.firstAuthFailure = shared;
  row.firstExample = rowOnly;
  aggregate.byClientIp.set('192.0.2.1', row);
  // The same object is a reason's example too (a table of ReasonStats, aggregate/events.ts reason()), deep in the head.
  aggregate.rejectReasons.set('UGFzc3dvcmQ6', { count: 1, dsn: '', example: shared, firstAt: 1, lastAt: 1 });
  aggregate.unparsedExamples.push(headOnly);
  const result: TaskResult = {
    aggregate, fragments: [], startKeys: [], startPos: [], startFrom: [],
    hops: { open: [], head: [], tail: [], pastHead: false, pairs: [], pairKeys: [] }, sessions: { heads: [], restarted: [], openKeys: [], openWarnings: [] }, lines: 9, refs: [headOnly, shared, rowOnly], lastMailAt: null,
    seq: 1, piece: 1, error: '', bytesRead: 9, trailingBytes: 0,
  };
  const back = throughThreads(result);
  assert.deepEqual(back.refs, [headOnly, shared, rowOnly]);
  const got = back.aggregate.byClientIp.get('192.0.2.1')!;
  assert.equal(got.firstAuthFailure, back.aggregate.rejectReasons.get('UGFzc3dvcmQ6')!.example);
  assert.equal(got.firstAuthFailure, back.refs[1]);
  assert.equal(got.firstExample, back.refs[2]);
  assert.equal(back.aggregate.unparsedExamples[0], back.refs[0]);
  // What run.ts does with a later range's result: each example once, every holder sees the new line.
  for (const e of back.refs) e.line += 100;
  assert.equal(back.aggregate.rejectReasons.get('UGFzc3dvcmQ6')!.example!.line, 105);
  assert.equal(got.firstExample!.line, 106);
  assert.equal(back.aggregate.unparsedExamples[0]!.line, 102);
});

test('per-IP rows of many IPs come back equal: IPv6 keys, odd names, big and odd numbers, both forms of names tried, empty tables', () => {
  const refs: Example[] = [{ file: 2, line: 1, offset: 0, text: 'connect from unknown[2001:db8::1]' }];
  const aggregate = newAggregate();
  // User names as logs give them: non-ASCII, a NUL, a lone surrogate (a Latin-1 byte read as UTF-8 is U+FFFD, but
  // a string may hold anything), an empty name, and one of 200 characters.
  const odd = ['管理者', 'a\u0000b', '\ud800x', '', 'é'.repeat(200), 'info@example.jp', 'Ünïcödé@例え.jp'];
  for (let i = 0; i < 3_000; i++) {
    const row = newClientIp(i % 5 === 0 ? 'unknown' : `host-${i % 11}.example.net`);
    row.connections = i;
    row.authFailures = 2 ** 40 + i; // past 32 bits
    row.firstAt = -1.5 * i; // times before 1970 and fractions travel as they are
    row.lastAt = i === 7 ? NaN : 1_795_426_200_000 + i;
    row.firstExample = refs[0]!;
    if (i % 4 === 0) row.authUsersTried = { names: [odd[i % odd.length]!, odd[(i + 3) % odd.length]!], counts: [i, 1] };
    else if (i % 4 === 1) row.mailboxAuthUsersTried = new Map(Array.from({ length: 50 }, (_, k) => [`${odd[k % odd.length]}${k}`, k + 1] as [string, number]));
    if (i % 3 === 0) row.sessionProblems = ['lost connection after AUTH', i, 'postscreen PREGREET', 1];
    if (i === 11) row.saslUsers = new Map([['info@example.jp', 3]]);
    aggregate.byClientIp.set(i % 2 === 0 ? `2001:db8::${i.toString(16)}` : `198.51.${i >> 8}.${i & 255}`, row);
  }
  const result: TaskResult = {
    aggregate, fragments: [], startKeys: [], startPos: [], startFrom: [],
    hops: { open: [], head: [], tail: [], pastHead: false, pairs: [], pairKeys: [] }, sessions: { heads: [], restarted: [], openKeys: [], openWarnings: [] }, lines: 3, refs, lastMailAt: null, seq: 0, piece: 0, error: '', bytesRead: 3, trailingBytes: 0,
  };
  const back = throughThreads(result);
  assert.deepEqual([...back.aggregate.byClientIp.keys()], [...aggregate.byClientIp.keys()]);
  assert.deepEqual(plainRows(back.aggregate.byClientIp), plainRows(aggregate.byClientIp));
  // Names tried keep their insertion order and their form (lists for a few, a Map past 48).
  const m = back.aggregate.byClientIp.get('198.51.0.1')!.mailboxAuthUsersTried;
  assert.ok(m instanceof Map && m.size === 50);
  assert.deepEqual([...m.keys()].slice(0, 3), ['管理者0', 'a\u0000b1', '\ud800x2']);
  assert.ok(Number.isNaN(back.aggregate.byClientIp.get('198.51.0.7')!.lastAt));

  // Empty tables: no row, no record, no example.
  const empty: TaskResult = { ...result, aggregate: newAggregate(), refs: [] };
  const parts = [...toWireParts(empty)];
  assert.deepEqual(parts.map((p) => p.kind), ['head']);
  const none = throughThreads(empty);
  assert.equal(none.aggregate.byClientIp.size, 0);
  assert.deepEqual(none.fragments, []);
  assert.deepEqual(none.refs, []);
});
