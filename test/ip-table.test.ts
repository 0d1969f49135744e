// Per-IP rows in columns (src/aggregate/ip-table.ts): what a row holds through its view, how two tables merge (the
// fold of a worker's rows), and a botnet's rows the same on one job and across workers, IPv4 and IPv6, IPs seen
// in one range only and IPs back in several.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IP_NUMBER_FIELDS, IpTable, ROW_FIELDS, plainRow } from '../src/aggregate/ip-table.js';
import { newAggregate, newClientIp } from '../src/aggregate/create.js';
import { mergeAggregates } from '../src/aggregate/merge.js';
import type { ClientIpStats, Example } from '../src/types.js';
import { botnetIp, writeBotnet } from '../samples/generator/botnet.js';
import { report } from './helpers.js';

const connect: Example = { file: 0, line: 3, offset: 120, text: 'Nov 20 00:00:00 mail postfix/smtpd[1000]: connect from unknown[11.0.0.7]' };
const failure: Example = { file: 0, line: 4, offset: 200, text: 'Nov 20 00:00:00 mail postfix/smtpd[1000]: warning: unknown[11.0.0.7]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=admin' };

test('a row read through its view is the row newClientIp makes, field for field, and keeps what is written', () => {
  const t = new IpTable(2);
  const r = t.rowFor('11.0.0.7');
  assert.deepEqual(plainRow(r), newClientIp(''));
  assert.deepEqual(ROW_FIELDS, Object.keys(newClientIp('')), 'every field, in order');
  r.authFailures += 3;
  r.firstAt = 5;
  r.lastAt = 9;
  r.firstExample = connect;
  r.firstAuthFailure = failure;
  r.authUsersTried = { names: ['admin'], counts: [3] };
  r.name = 'bot.example.net';
  // Fields a botnet's row never sets make no object for it (the rare references), until one is set.
  r.saslUsers = null;
  assert.equal(t.rare[0], null);
  r.firstRelayDenied = connect;
  assert.notEqual(t.rare[0], null);
  assert.equal(r.firstRelayDenied, connect);
  // Rows past the table's first room: a view made before it grew reads the moved columns.
  for (let i = 0; i < 100; i++) t.rowFor(`2001:db8::${i.toString(16)}`).connections = i + 1;
  assert.equal(r.authFailures, 3);
  assert.equal(t.size, 101);
  assert.equal(t.get('2001:db8::63')!.connections, 100);
  assert.equal(t.get('2001:db8::64'), undefined);
  // Counts are doubles: past 32 bits they stay exact (a long run's totals), as do -Infinity and NaN times.
  r.connections = 2 ** 31 + 5;
  r.connections += 2 ** 40;
  assert.equal(t.get('11.0.0.7')!.connections, 2 ** 40 + 2 ** 31 + 5);
  r.unauthRelayLastAt = NaN;
  assert.ok(Number.isNaN(t.get('11.0.0.7')!.unauthRelayLastAt));
  // Iteration in the order first seen, as a Map's.
  assert.deepEqual([...t.keys()].slice(0, 3), ['11.0.0.7', '2001:db8::0', '2001:db8::1']);
  assert.deepEqual([...t].slice(0, 2).map(([ip, row]) => [ip, row.connections]), [['11.0.0.7', 2 ** 40 + 2 ** 31 + 5], ['2001:db8::0', 1]]);
  assert.equal([...t.values()].length, 101);
  // The scan's cursor is one object moved from row to row.
  const c1 = t.cursorFor('11.0.0.7', '');
  const c2 = t.cursorFor('2001:db8::1', '');
  assert.equal(c1, c2);
  assert.equal(c2.connections, 2);
});

test('merging two tables adds counts, keeps the earliest and latest times, and appends rows new to the first in order', () => {
  const a = newAggregate();
  const b = newAggregate();
  const both: ClientIpStats = newClientIp('');
  both.authFailures = 2 ** 40;
  both.firstAt = 100;
  both.lastAt = 200;
  both.firstLoginFailureAt = 150;
  both.authUsersTried = { names: ['admin'], counts: [2] };
  a.byClientIp.set('203.0.113.9', both);
  const later: ClientIpStats = { ...newClientIp('zz.example'), authFailures: 2 ** 31, firstAt: 50, lastAt: 300, firstLoginFailureAt: 60, firstAuthFailure: failure };
  later.authUsersTried = { names: ['info', 'admin'], counts: [1, 4] };
  b.byClientIp.set('2001:db8::1', { ...newClientIp(''), connections: 7, firstAt: 10, lastAt: 10, firstExample: connect });
  b.byClientIp.set('203.0.113.9', later);
  b.byClientIp.set('198.51.100.1', { ...newClientIp(''), relayDenied: 1, firstRelayDenied: connect });
  const m = mergeAggregates(a, b);
  const row = m.byClientIp.get('203.0.113.9')!;
  assert.equal(row.authFailures, 2 ** 40 + 2 ** 31);
  assert.deepEqual([row.firstAt, row.lastAt, row.firstLoginFailureAt], [50, 300, 60]);
  assert.equal(row.firstAuthFailure, failure);
  assert.equal(row.name, 'zz.example');
  assert.deepEqual(row.authUsersTried, { names: ['admin', 'info'], counts: [6, 1] });
  assert.deepEqual([...m.byClientIp.keys()], ['203.0.113.9', '2001:db8::1', '198.51.100.1']);
  // Rows seen only in the second: copied whole, references and rare fields with them.
  assert.deepEqual(plainRow(m.byClientIp.get('2001:db8::1')!), { ...newClientIp(''), connections: 7, firstAt: 10, lastAt: 10, firstExample: connect });
  assert.equal(m.byClientIp.get('198.51.100.1')!.firstRelayDenied, connect);
});

test('two rows of one IP fold column by column: each count adds up, first times take the least and last times the greatest, each reference its rule', () => {
  const a = newAggregate();
  const b = newAggregate();
  const ra = newClientIp('');
  const rb = newClientIp('b.example');
  // Every number a value of its own on each side, the first times crossing (a's least for some, b's for others).
  IP_NUMBER_FIELDS.forEach((f, k) => {
    (ra as unknown as Record<string, number>)[f] = 1_000 + k;
    (rb as unknown as Record<string, number>)[f] = k % 2 === 0 ? 10 + k : 5_000 + k;
  });
  ra.firstExample = failure;
  rb.firstExample = connect; // earlier in the file: kept
  ra.firstAuthFailure = failure;
  ra.authUsersTried = { names: ['admin'], counts: [1] };
  rb.authUsersTried = { names: ['info', 'admin'], counts: [2, 3] };
  ra.sessionProblems = ['lost connection after AUTH', 2];
  rb.sessionProblems = ['lost connection after AUTH', 1, 'postscreen PREGREET', 4];
  // Rare references on one side, the other, or both.
  ra.firstAuthOk = failure;
  rb.saslUsers = new Map([['info', 2]]);
  ra.unauthRelayDomains = new Map([['example.com', 1]]);
  rb.unauthRelayDomains = new Map([['example.com', 2], ['example.org', 1]]);
  rb.firstRelayDenied = connect;
  a.byClientIp.set('203.0.113.9', ra);
  b.byClientIp.set('203.0.113.9', rb);
  const row = mergeAggregates(a, b).byClientIp.get('203.0.113.9')!;
  IP_NUMBER_FIELDS.forEach((f, k) => {
    const [x, y] = [1_000 + k, k % 2 === 0 ? 10 + k : 5_000 + k];
    const want = f === 'lastAt' || f.endsWith('LastAt') ? Math.max(x, y) : f.endsWith('At') ? Math.min(x, y) : x + y;
    assert.equal(row[f], want, f);
  });
  assert.equal(row.firstExample, connect);
  assert.equal(row.firstAuthFailure, failure);
  assert.equal(row.name, 'b.example');
  assert.deepEqual(row.authUsersTried, { names: ['admin', 'info'], counts: [4, 2] });
  assert.deepEqual(row.sessionProblems, ['lost connection after AUTH', 3, 'postscreen PREGREET', 4]);
  assert.equal(row.firstAuthOk, failure);
  assert.deepEqual(row.saslUsers, new Map([['info', 2]]));
  assert.deepEqual(row.unauthRelayDomains, new Map([['example.com', 3], ['example.org', 1]]));
  assert.equal(row.firstRelayDenied, connect);
  assert.equal(row.firstUnknownRecipient, null);
});

test('a botnet of 3,000 IPs (a tenth IPv6, one to three visits each) gives the same rows on 1 job and across workers, each exact', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-ip-table-'));
  try {
    const log = join(dir, 'botnet.log');
    const n = 3_000;
    const c = writeBotnet(n, log);
    const bytes = readFileSync(log).length;
    const whole = await report([log], { year: 2026 });
    const json = JSON.stringify(whole);
    // Ranges of a fifth and a twentieth of the log: an IP of one visit is in one range, one of three in up to three.
    for (const [jobs, rangeBytes] of [[2, Math.ceil(bytes / 5)], [3, Math.ceil(bytes / 20)]] as const) {
      assert.equal(JSON.stringify(await report([log], { year: 2026, jobs, rangeBytes })), json, `jobs ${jobs}, ranges of ${rangeBytes} bytes`);
    }
    assert.equal(whole.totals.authFailures, c.smtpAuthFailures);
    assert.equal(whole.byClientIp.length, n);
    const rows = new Map(whole.byClientIp.map((r) => [r.key, r]));
    for (const i of [0, 1, 2, 3, 9, 19, 1_234, 2_999]) {
      const visits = 1 + (i % 3);
      const r = rows.get(botnetIp(i));
      assert.ok(r !== undefined, botnetIp(i));
      assert.deepEqual([r.connections, r.authFailures, r.mailboxLoginFailures], [visits, visits, i % 4 === 0 ? 2 * visits : 0], botnetIp(i));
    }
    const brute = whole.findings.find((f) => f.rule === 'sasl-bruteforce');
    assert.equal(brute?.evidence.attackingIps, n);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
