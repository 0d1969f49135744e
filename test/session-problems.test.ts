// smtpd session problems and postscreen verdicts per client IP and per hour (review 7, parsers M12): lines that were
// parsed but counted nowhere. Fixture test/fixtures/logs/session-problems.log holds verbatim lines: two from the
// corpus incident (a bot's "lost connection after AUTH", one rsyslog "message repeated 3 times" of it, "too many
// errors after AUTH"), every such line of the Postfix 3.7.11 lab (smtpd on localhost, postscreen's tests), and
// four LINES.md messages under a lab header ("DNSBL rank 3 for [111.73.45.149]:1038", dnsblog's "addr … listed by
// domain …", "SSL_accept error from …", "warning: hostname exemple.com does not resolve to address 185.14.29.32").

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS, ROOT, report } from './helpers.js';
import type { Report } from '../src/report/model.js';
import { newProblemLabels, postscreenLabel, smtpdProblemLabel } from '../src/aggregate/session-problems.js';
import { POSTSCREEN_ACTIONS, parsePostscreen } from '../src/parse/postfix/postscreen.js';
import { redactReport } from '../src/report/redact.js';

const fixture = join(ROOT, 'test', 'fixtures', 'logs', 'session-problems.log');

/** The report of `paths`, checked to be the same whole, in byte ranges of 200 and 37 bytes, on 1 and 3 jobs. */
async function analyzeEveryWay(paths: string[]): Promise<Report> {
  const whole = await report(paths, { year: 2026 });
  const json = JSON.stringify(whole);
  for (const [jobs, rangeBytes] of [[1, 200], [3, 200], [1, 37], [2, 333]] as const) {
    assert.equal(JSON.stringify(await report(paths, { year: 2026, jobs, rangeBytes })), json, `jobs ${jobs}, ranges of ${rangeBytes} bytes`);
  }
  return whole;
}

const kindsOf = (r: Report): Record<string, Record<string, number>> =>
  Object.fromEntries(r.byClientIp.map((x) => [x.key, x.sessionProblemKinds]));

test('smtpd session problems and postscreen verdicts count per client IP, by kind, and per hour', async () => {
  const r = await analyzeEveryWay([fixture]);
  assert.equal(r.lines.unparsed, 0);
  assert.deepEqual(kindsOf(r), {
    '127.0.0.1': {
      // postscreen (CONNECT ×7, DISCONNECT ×7 and PASS NEW are no verdict)
      'postscreen PREGREET': 5, 'postscreen HANGUP': 3, 'postscreen COMMAND PIPELINING': 2, 'postscreen BARE NEWLINE': 1,
      'postscreen NON-SMTP COMMAND': 1,
      // smtpd
      'Illegal address syntax': 2, 'Connection rate limit exceeded': 2, 'improper command pipelining after CONNECT': 1,
      'lost connection after CONNECT': 1, 'lost connection after DATA': 1, 'lost connection after EHLO': 1, 'non-SMTP command': 1,
      'timeout after EHLO': 1, 'timeout after RSET': 1, 'too many errors after AUTH': 1, 'too many errors after RCPT': 1,
      'too many errors after UNKNOWN': 1,
    },
    '127.66.165.252': { 'lost connection after AUTH': 4 }, // one line, then "message repeated 3 times"
    '111.73.45.149': { 'postscreen DNSBL rank': 1 }, // dnsblog's own line is not a second verdict
    '127.68.159.68': { 'too many errors after AUTH': 1 },
    '192.0.2.77': { 'SSL_accept error': 1 },
    // 185.14.29.32 ("hostname … does not resolve"): the client's DNS, not its session; no row
  });
  assert.deepEqual(r.byClientIp.map((x) => [x.key, x.sessionProblems]),
    [['127.0.0.1', 26], ['127.66.165.252', 4], ['111.73.45.149', 1], ['127.68.159.68', 1], ['192.0.2.77', 1]]);
  assert.equal(r.byClientIp[0]!.name, 'localhost', 'the smtpd name, though postscreen names no host');
  assert.equal(r.totals.sessionProblems, 33);
  assert.deepEqual(r.hourly.map((h) => [h.hour, h.sessionProblems]),
    [['2026-11-28T22:00', 5], ['2026-11-28T23:00', 0], ['2026-11-29T00:00', 0], ['2026-11-29T01:00', 28]]);
});

test('the review\'s test: a bot dropping after AUTH, one with too many errors, one postscreen pregreeter (60 each)', async () => {
  // The lines of review 7 M12 (LINES.md shapes), 60 of each, one second apart.
  const lines: string[] = [];
  for (let i = 0; i < 60; i++) {
    const at = `Nov 28 22:10:${String(i).padStart(2, '0')} mail`;
    lines.push(`${at} postfix/smtpd[${100 + i}]: lost connection after AUTH from unknown[192.0.2.23]`);
    lines.push(`${at} postfix/smtpd[${100 + i}]: too many errors after AUTH from unknown[192.0.2.24]`);
    lines.push(`${at} postfix/postscreen[9]: PREGREET 11 after 0.1 from [192.0.2.25]:40000: EHLO x\\r\\n`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'mf-m12-'));
  const path = join(dir, 'm12.log');
  writeFileSync(path, lines.join('\n') + '\n');
  const r = await analyzeEveryWay([path]);
  rmSync(dir, { recursive: true });
  assert.deepEqual(kindsOf(r), {
    '192.0.2.23': { 'lost connection after AUTH': 60 },
    '192.0.2.24': { 'too many errors after AUTH': 60 },
    '192.0.2.25': { 'postscreen PREGREET': 60 },
  });
  assert.deepEqual(r.hourly.map((h) => [h.hour, h.sessionProblems]), [['2026-11-28T22:00', 180]]);
  // No password was checked: AUTH dropped or refused is no failed login (session-problems.ts).
  assert.deepEqual(r.findings.map((f) => f.rule), []);
});

test('--redact: a kind label holding an IP (a forged line) is redacted like free text; Postfix\'s own labels stay', async () => {
  const r = await report([fixture], { year: 2026 });
  const row = r.byClientIp.find((x) => x.key === '192.0.2.77')!;
  row.sessionProblemKinds = { 'SSL_accept error': 1, 'lost connection after 198.51.100.200': 1 };
  const red = redactReport(r, { key: 'test-key', redactDomains: false });
  const json = JSON.stringify(red);
  assert.doesNotMatch(json, /198\.51\.100\.200|192\.0\.2\.77/);
  const kinds = red.byClientIp.map((x) => Object.keys(x.sessionProblemKinds)).flat();
  assert.ok(kinds.includes('SSL_accept error') && kinds.includes('postscreen PREGREET'));
  assert.ok(kinds.some((k) => /^lost connection after ip-[0-9a-f]{12}$/.test(k)), kinds.join(', '));
});

test('labels: each made once and shared; DNS warnings and non-verdicts are none', () => {
  const labels = newProblemLabels();
  const a = smtpdProblemLabel(labels, 'lost-connection', 'AUTH');
  assert.equal(a, 'lost connection after AUTH');
  assert.equal(smtpdProblemLabel(labels, 'lost-connection', 'AUTH '.trim()), a);
  assert.equal(smtpdProblemLabel(labels, 'rate-limit', 'connection concurrency'), 'Connection concurrency limit exceeded');
  assert.equal(smtpdProblemLabel(labels, 'hostname-does-not-resolve', 'CONNECT'), null);
  assert.equal(smtpdProblemLabel(labels, 'address-not-listed', 'CONNECT'), null);
  assert.equal(postscreenLabel('PREGREET'), 'postscreen PREGREET');
  for (const action of ['CONNECT from', 'PASS NEW', 'PASS OLD', 'DISCONNECT', 'ALLOWLISTED', 'WHITELIST VETO', 'DNSBL listed']) {
    assert.equal(postscreenLabel(action), null, action);
  }
  // A log that is not Postfix's cannot grow the labels without bound: past 64 stages, one label for the rest.
  for (let i = 0; i < 100; i++) smtpdProblemLabel(labels, 'timeout', `STAGE${i}`);
  assert.equal(smtpdProblemLabel(labels, 'timeout', 'STAGE99'), 'timeout after');
  assert.equal(labels.byProblem.get('timeout')!.size, 64);
});

// One table (the parser's POSTSCREEN_ACTIONS) says which postscreen actions are verdicts; the labels come from it.
// Known answer: the verdicts docs/log-formats.md's `sessionProblems` lists, and no other action the parser knows.
test('postscreen: every action the parser reads is a verdict label or none, as its table says; the verdicts are docs/log-formats.md\'s', () => {
  const labelled: string[] = [];
  for (const a of POSTSCREEN_ACTIONS) {
    const ev = parsePostscreen(`${a.prefix}[192.0.2.9]:40000`, 0);
    assert.ok(ev !== null && ev.kind === 'postscreen', a.prefix);
    const label = postscreenLabel(ev.action);
    assert.equal(label, a.verdict ? `postscreen ${a.prefix.trim()}` : null, a.prefix);
    if (label !== null) labelled.push(label);
  }
  assert.deepEqual(labelled.sort(), [
    'BARE NEWLINE', 'BDAT without valid RCPT', 'BLACKLISTED', 'COMMAND COUNT LIMIT', 'COMMAND LENGTH LIMIT', 'COMMAND PIPELINING',
    'COMMAND TIME LIMIT', 'DATA without valid RCPT', 'DENYLISTED', 'DNSBL rank', 'HANGUP', 'NON-SMTP COMMAND', 'PREGREET',
  ].map((x) => `postscreen ${x}`));
});

interface Session { type: string; client_ip?: string; actor?: string; end?: string | null; auth?: unknown[]; messages?: unknown[] }

// Ground truth of the corpus incident (client_sessions.jsonl, what the clients did): a password-guessing session that
// closed the connection without QUIT after its AUTH attempts is smtpd's "lost connection after AUTH" (23 of them),
// and smtpd_hard_error_limit cut two garbage-AUTH bots off ("too_many_errors_421": "too many errors after AUTH").
const incidentDir = join(CORPUS, 'incident');
test('corpus incident: every lost connection after AUTH and too many errors, per IP, as the clients did them',
  { skip: existsSync(join(incidentDir, 'client_sessions.jsonl')) ? false : 'corpus not found' }, async () => {
    const sessions = readFileSync(join(incidentDir, 'client_sessions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Session);
    const dropped: Record<string, number> = {};
    // Relay probes that left without QUIT after their refused RCPTs: "lost connection after RSET" (or EHLO).
    let probesLeft = 0;
    for (const s of sessions) {
      if (s.type === 'smtp' && s.end === 'abort' && s.actor === 'relay-probe') probesLeft++;
      if (s.type === 'smtp' && s.end === 'abort' && (s.auth ?? []).length > 0 && (s.messages ?? []).length === 0) {
        dropped[s.client_ip!] = (dropped[s.client_ip!] ?? 0) + 1;
      }
    }
    const truth = JSON.parse(readFileSync(join(incidentDir, 'ground_truth.json'), 'utf8')) as { auth: { by_outcome: Record<string, number> } };
    for (const file of ['maillog', 'maillog.rfc3339']) {
      const r = await report([join(incidentDir, file)], { year: 2026 });
      const lost: Record<string, number> = {};
      let tooMany = 0;
      for (const x of r.byClientIp) {
        const k = x.sessionProblemKinds;
        if (k['lost connection after AUTH'] !== undefined) lost[x.key] = k['lost connection after AUTH'];
        tooMany += k['too many errors after AUTH'] ?? 0;
      }
      assert.deepEqual(lost, dropped, file);
      assert.equal(Object.values(dropped).reduce((a, b) => a + b, 0), 23);
      assert.equal(tooMany, truth.auth.by_outcome.too_many_errors_421, file);
      // Spam bots that left without QUIT after their message leave no line (smtpd does not log a lost connection
      // after END-OF-MESSAGE); postscreen does not run in the lab.
      assert.equal(r.totals.sessionProblems, 23 + truth.auth.by_outcome.too_many_errors_421! + probesLeft, file);
      assert.equal(r.totals.sessionProblems, 35, file);
    }
    const healthy = await report([join(CORPUS, 'healthy', 'maillog')], { year: 2026 });
    assert.equal(healthy.totals.sessionProblems, 0, 'every healthy client quits');
  });
