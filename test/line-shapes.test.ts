// Postfix 3.7 / Dovecot 2.3 line shapes the corpus lacks (review 7: a Postfix 3.7.11 + Dovecot 2.3.19.1 lab on
// Debian 12, and public lines), through the whole pipeline: each fixture (test/fixtures/logs/*.log, verbatim lines)
// in one piece and cut into small byte ranges on 1 and 3 jobs must give the same report, with the counts below.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, countsOf, report } from './helpers.js';
import type { Report } from '../src/report/model.js';

const fixture = (name: string): string => join(ROOT, 'test', 'fixtures', 'logs', name);

async function analyzeEveryWay(name: string): Promise<Report> {
  const paths = [fixture(name)];
  const whole = await report(paths, { year: 2026 });
  const json = JSON.stringify(whole);
  for (const [jobs, rangeBytes] of [[1, 200], [3, 200], [1, 37]] as const) {
    assert.equal(JSON.stringify(await report(paths, { year: 2026, jobs, rangeBytes })), json, `jobs ${jobs}, ranges of ${rangeBytes} bytes`);
  }
  return whole;
}

const kinds = (r: Report): Record<string, number> => countsOf(r.eventKinds, (k) => k.count);

test('Dovecot ≥ 2.3.11 auth-worker failures ("conn unix:auth-worker (…): auth-worker<N>: ") count; LMTP recipient lookups without an IP do not', async () => {
  // 3 auth-worker failures (sql, pam, pam through imap-login), then 3 "passwd-file(user): unknown user" lookups
  const r = await analyzeEveryWay('dovecot-auth-worker.log');
  assert.equal(r.lines.unparsed, 0);
  assert.equal(r.totals.dovecotAuthFailures, 3);
  assert.deepEqual(countsOf(r.dovecotAuthFailuresByUser, (x) => x.count), { 'user1@test.ro': 1, 'sato@example.jp': 1, ghost: 1 });
  assert.deepEqual(countsOf(r.dovecotAuthFailuresByIp, (x) => x.count), { '192.168.1.23': 1, '127.0.0.1': 2 });
  assert.deepEqual(kinds(r), { dovecotAuthFailed: 3, noise: 3 });
});

test('an auth-worker error is one daemon-problem row whatever the worker pid', async () => {
  // the same "Invalid password in passdb" from auth-worker(57917) and auth-worker(57999)
  const r = await analyzeEveryWay('dovecot-auth-worker-error.log');
  assert.equal(r.lines.unparsed, 0);
  assert.equal(r.daemonProblems.length, 1);
  assert.equal(r.daemonProblems[0]?.count, 2);
});
