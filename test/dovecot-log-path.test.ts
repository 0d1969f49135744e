// Dovecot's own log file (`log_path = /var/log/dovecot.log`, `info_log_path`): "<log_timestamp><service prefix>: <Level>:
// <text>", no host, no syslog tag (review 18 of the versions, finding 7). Its lines were taken for a host "auth(…)<…>:"
// and a program "Info", and ignored: a dovecot.log alone got "none of its 23 lines are from Postfix or Dovecot", and
// copied next to the maillog it added nothing. Now they are the same events as the syslog form's.
//   - the real Dovecot 2.4.1 run's file (test/fixtures/logs/dovecot-2.4-log_path.log, verbatim) line by line against
//     its syslog form (dovecot-2.4.log), and as a report: the same report, with no host;
//   - Dovecot 2.3's shapes ("auth: Info: static(…): Password mismatch") and an ISO log_timestamp;
//   - a host that ends in ":" and is no Dovecot prefix stays a host;
//   - a mail log and a dovecot.log side by side give the findings of one syslog log with both.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, countsOf, report } from './helpers.js';
import { DayLog } from './day-log.js';
import type { Report } from '../src/report/model.js';
import type { LogEvent } from '../src/types.js';
import { newHeader, newYearRule, parseHeader } from '../src/parse/header.js';
import type { Header } from '../src/parse/header.js';
import { parserFor } from '../src/parse/programs.js';
import { newStampCache, parseHeaderBytes, rememberStamp } from '../src/parse/header-bytes.js';

const DIR = mkdtempSync(join(tmpdir(), 'mlf-logpath-'));
test.after(() => rmSync(DIR, { recursive: true, force: true }));

const FIXTURES = join(ROOT, 'test', 'fixtures', 'logs');

function headerOf(line: string): Header {
  const h = newHeader();
  assert.ok(parseHeader(line, h, newYearRule(2026, 10, true), new Map()), `a prefix: ${line}`);
  return h;
}

function parseLine(line: string): LogEvent | null {
  const h = headerOf(line);
  const parse = parserFor(h.prog);
  assert.ok(parse, `${h.prog} has a parser`);
  return parse(line, h.msgStart);
}

/** A report of `paths`, after checking that small ranges (inline and on 3 workers) give the same JSON. */
async function everyWay(paths: string[]): Promise<Report> {
  const whole = await report(paths, { year: 2026 });
  const json = JSON.stringify(whole);
  for (const [jobs, rangeBytes] of [[1, 600], [3, 600], [3, 1500]] as const) {
    assert.equal(JSON.stringify(await report(paths, { year: 2026, jobs, rangeBytes })), json, `jobs ${jobs}, ranges of ${rangeBytes} bytes`);
  }
  return whole;
}

/** The report as JSON without what depends on where the lines were: texts, files, line numbers, hosts, inputs. */
function comparable(r: Report): string {
  const drop = new Set(['text', 'offset', 'bytes', 'path', 'file', 'line', 'hosts', 'inputs']);
  return JSON.stringify(r, (k, v: unknown) => (drop.has(k) ? undefined : v));
}

// --- The header and the parser ---------------------------------------------------------------------------------------

test('each line of the real Dovecot 2.4.1 log_path file is the event of its syslog form, with no host', () => {
  const file = readFileSync(join(FIXTURES, 'dovecot-2.4-log_path.log'), 'latin1').trimEnd().split('\n');
  const syslog = readFileSync(join(FIXTURES, 'dovecot-2.4.log'), 'latin1').trimEnd().split('\n');
  assert.equal(file.length, 23);
  assert.equal(syslog.length, 23);
  for (let i = 0; i < file.length; i++) {
    const h = headerOf(file[i]!);
    assert.deepEqual([h.host, h.prog, h.pid, file[i]!.slice(h.msgStart, h.msgStart + 4)], ['', 'dovecot', 0, syslog[i]!.slice(30, 34)], file[i]);
    const ev = parseLine(file[i]!);
    assert.notEqual(ev, null, file[i]);
    assert.deepEqual(ev, parseLine(syslog[i]!), file[i]);
  }
  // The kinds, for the record: the same as the syslog form's (review18-versions.test.ts)
  assert.deepEqual(parseLine(file[1]!), { kind: 'dovecotAuthFailed', user: 'admin', ip: '127.0.0.1', reason: 'unknown user', backend: 'passwd-file', session: true });
  assert.equal(parseLine(file[3]!)?.kind, 'dovecotLoginFailed');
});

test('Dovecot 2.3\'s log_path lines, an ISO log_timestamp and a 2.4 worker\'s line are read as their syslog forms', () => {
  const pairs: Array<[string, string]> = [
    // A dovecot/dovecot:2.3.21 container with auth_verbose (a public write-up on Dovecot's auth logging settings)
    ['Apr 01 12:04:21 auth: Info: static(john,172.17.0.1,<BaEtygcV6sGsEQAB>): Password mismatch',
      'Apr 01 12:04:21 mail dovecot: auth: static(john,172.17.0.1,<BaEtygcV6sGsEQAB>): Password mismatch'],
    ['Apr 01 12:12:40 auth: Info: static(john,172.17.0.1,<1xnw5wcV/I2sEQAB>): Password mismatch (given password: wrong_password)',
      'Apr 01 12:12:40 mail dovecot: auth: static(john,172.17.0.1,<1xnw5wcV/I2sEQAB>): Password mismatch (given password: wrong_password)'],
    ['Apr 01 12:03:54 imap-login: Info: Login: user=<john>, method=PLAIN, rip=172.17.0.1, lip=172.17.0.2, mpid=19, TLS, session=<TjOQyAcVau2sEQAB>',
      'Apr 01 12:03:54 mail dovecot: imap-login: Login: user=<john>, method=PLAIN, rip=172.17.0.1, lip=172.17.0.2, mpid=19, TLS, session=<TjOQyAcVau2sEQAB>'],
    ['Apr 01 11:46:59 auth: Debug: static(john,172.17.0.1,<x30TjAcVnLCsEQAB>): Performing passdb lookup',
      'Apr 01 11:46:59 mail dovecot: auth: Debug: static(john,172.17.0.1,<x30TjAcVnLCsEQAB>): Performing passdb lookup'],
    // log_timestamp = "%Y-%m-%d %H:%M:%S " (a public forum post of a Dovecot 2.x log file)
    ['2012-06-09 09:45:08 imap-login: Info: Login: user=<marione>, method=PLAIN, rip=192.168.10.240, lip=192.168.10.1, mpid=16183, TLS',
      '2012-06-09 09:45:08 mail dovecot: imap-login: Login: user=<marione>, method=PLAIN, rip=192.168.10.240, lip=192.168.10.1, mpid=16183, TLS'],
    ['2012-06-09 09:45:09 imap(marione): Info: Connection closed bytes=0/285',
      '2012-06-09 09:45:09 mail dovecot: imap(marione): Connection closed bytes=0/285'],
    // 2.3's worker, and 2.3.11+'s worker connection prefix (LINES.md #34 and the 2.3 fixtures' syslog lines)
    ['Jan 29 05:32:50 auth-worker(304): Info: pam(username,1.2.3.4): pam_authenticate() failed: Authentication failure (password mismatch?)',
      'Jan 29 05:32:50 mail dovecot: auth-worker(304): pam(username,1.2.3.4): pam_authenticate() failed: Authentication failure (password mismatch?)'],
    ['Jan 29 05:32:50 auth-worker(2506): Info: conn unix:auth-worker (pid=2420,uid=0): auth-worker<48865241>: sql(user1@test.ro,192.168.1.23,<tgBHif/3pJReNHGH>): Password mismatch',
      'Jan 29 05:32:50 mail dovecot: auth-worker(2506): conn unix:auth-worker (pid=2420,uid=0): auth-worker<48865241>: sql(user1@test.ro,192.168.1.23,<tgBHif/3pJReNHGH>): Password mismatch'],
    // 2.4's worker (fail2ban#4196's syslog line): its prefix replaces the process's and ends after the request number
    // (auth-request.c get_log_prefix(), event_set_log_prefix_callback(…, TRUE, …)), where the level goes (event-log.c type_pos)
    ['Jun 12 20:02:12 auth-worker(jose.basanta,138.255.206.154)<1489164><8oNSumM3A8mK/86a>: request [393]: Info: unix_user: pam_authenticate() failed: Authentication failure (Password mismatch?)',
      'Jun 12 20:02:12 kvm456 dovecot[996]: auth-worker(jose.basanta,138.255.206.154)<1489164><8oNSumM3A8mK/86a>: request [393]: unix_user: pam_authenticate() failed: Authentication failure (Password mismatch?)'],
    // LMTP in the file (mail_log_prefix, 2.3 and 2.4: the level after it)
    ['Nov 28 22:13:19 lmtp(sato@example.jp)<21714><pfGzL/bTCmvSVAAAg+zDdQ>: Info: msgid=<a1@example.org>: saved mail to INBOX',
      'Nov 28 22:13:19 mail dovecot: lmtp(sato@example.jp)<21714><pfGzL/bTCmvSVAAAg+zDdQ>: msgid=<a1@example.org>: saved mail to INBOX'],
    ['Nov 28 22:13:19 lmtp(21281): Info: Connect from local', 'Nov 28 22:13:19 mail dovecot: lmtp(21281): Connect from local'],
  ];
  for (const [file, syslog] of pairs) {
    assert.equal(headerOf(file).host, '', file);
    const ev = parseLine(file);
    assert.notEqual(ev, null, file);
    assert.deepEqual(ev, parseLine(syslog), file);
  }
  assert.equal(parseLine(pairs[0]![0])?.kind, 'dovecotAuthFailed');
  assert.equal(parseLine(pairs[2]![0])?.kind, 'dovecotLogin');
  assert.equal(parseLine(pairs[8]![0])?.kind, 'dovecotAuthFailed');
  assert.equal(parseLine(pairs[9]![0])?.kind, 'dovecotDelivered');
  // dovecot.log's lines forwarded by rsyslog's imfile under the tag "dovecot" keep their level: read the same way
  assert.deepEqual(parseLine('Apr 01 12:03:54 mail dovecot: imap-login: Info: Login: user=<john>, method=PLAIN, rip=172.17.0.1, lip=172.17.0.2, mpid=19, TLS, session=<TjOQyAcVau2sEQAB>'),
    parseLine(pairs[2]![1]));
});

test('the header: a host that ends in ":" before anything but a Dovecot level stays a host; the byte path after a host-less line', () => {
  // An IPv6 host written as rsyslog's %HOSTNAME% may end in "::"
  const h6 = headerOf('Nov 29 22:46:22 2001:db8:: postfix/smtpd[4001]: connect from unknown[192.0.2.1]');
  assert.deepEqual([h6.host, h6.prog, h6.pid], ['2001:db8::', 'postfix/smtpd', 4001]);
  // No Dovecot service starts with a capital; "request [" only after a 2.4 auth worker's prefix (any other such line
  // has no prefix, as before)
  const g = headerOf('Nov 29 22:46:22 Mail: Info: something');
  assert.deepEqual([g.host, g.prog], ['Mail:', 'Info']);
  assert.equal(parseHeader('Nov 29 22:46:22 web: request [3]: done', newHeader(), newYearRule(2026, 10, true), new Map()), false);
  // A Postfix line with the stamp of a Dovecot file line gets its host, and the next Dovecot file line none
  const lines = [
    'Nov 29 22:46:22 auth(admin,127.0.0.1,sasl:plain)<sUf/D3JhzuF/AAAB>: Info: passwd-file: unknown user',
    'Nov 29 22:46:22 mail postfix/smtpd[4001]: connect from unknown[192.0.2.1]',
    'Nov 29 22:46:22 mail postfix/smtpd[4001]: disconnect from unknown[192.0.2.1] ehlo=1 commands=1',
    'Nov 29 22:46:22 imap-login: Info: Login: user=<john>, method=PLAIN, rip=172.17.0.1, lip=172.17.0.2, mpid=19, TLS, session=<TjOQyAcVau2sEQAB>',
  ];
  const cache = newStampCache();
  const h = newHeader();
  const years = newYearRule(2026, 10, true);
  const seen: Array<[string, string, boolean]> = [];
  for (const line of lines) {
    const b = Buffer.from(line, 'latin1');
    const bytePath = parseHeaderBytes(cache, b, 0, b.length, h);
    if (!bytePath) {
      assert.ok(parseHeader(line, h, years, new Map()), line);
      rememberStamp(cache, line, h);
    }
    seen.push([h.host, h.prog, bytePath]);
  }
  assert.deepEqual(seen, [['', 'dovecot', false], ['mail', 'postfix/smtpd', false], ['mail', 'postfix/smtpd', true], ['', 'dovecot', false]]);
});

// --- Whole reports ---------------------------------------------------------------------------------------------------

test('the real Dovecot 2.4.1 log_path file gives the report of its syslog form, no host, no warning', async () => {
  const file = await everyWay([join(FIXTURES, 'dovecot-2.4-log_path.log')]);
  const syslog = await report([join(FIXTURES, 'dovecot-2.4.log')], { year: 2026 });
  assert.deepEqual([file.lines.total, file.lines.parsed, file.lines.ignored, file.lines.unparsed], [23, 23, 0, 0]);
  // Before: "…: none of its 23 lines are from Postfix or Dovecot: is it the mail log?"
  assert.deepEqual(file.warnings, []);
  assert.deepEqual(file.hosts, []);
  assert.deepEqual(syslog.hosts, [{ key: 'mail', count: 23 }]);
  assert.equal(file.totals.dovecotAuthFailures, 7);
  assert.equal(file.totals.dovecotLoginFailures, 5);
  assert.deepEqual(countsOf(file.dovecotAuthFailuresByIp, (x) => x.count), { '127.0.0.1': 5, '203.0.113.77': 1, '203.0.113.78': 1 });
  assert.equal(comparable(file), comparable(syslog));
});

/** "Nov 10 07:00:00 mail dovecot: imap-login: Login: …" as Dovecot's own log file writes it: "Nov 10 07:00:00 imap-login: Info: Login: …". */
function asLogPath(line: string): string {
  const stamp = line.slice(0, 15);
  const text = line.slice(line.indexOf(' dovecot: ') + 10);
  const colon = text.indexOf(': ') + 2;
  const level = /^(?:Error|Warning|Fatal|Panic|Debug): /.test(text.slice(colon));
  return `${stamp} ${level ? text : `${text.slice(0, colon)}Info: ${text.slice(colon)}`}`;
}

/**
 * A server's day: mail delivered over LMTP and read over IMAP, an IMAP brute force from 12 IPs (Dovecot 2.4 shapes)
 * after which one of them logs in (mailbox-breach), SMTP AUTH guessing through Dovecot SASL from 10 IPs (Postfix and
 * Dovecot lines of each attempt), and a Dovecot error.
 */
function day(): DayLog {
  const log = new DayLog();
  for (let i = 0; i < 6; i++) log.inbound(6 * 3600 + i * 600, `news${i}@partner.example`, i % 2 === 0 ? 'tanaka@example.jp' : 'suzuki@example.jp');
  log.emit(7 * 3600, 'dovecot', `imap-login: Logged in: user=<tanaka@example.jp>, method=PLAIN, rip=198.51.100.20, lip=192.0.2.1, mpid=${log.nextPid()}, TLS, session=<TnKa0AAoBQmK+Qzz>`);
  for (let i = 1; i <= 12; i++) {
    const ip = `203.0.113.${i}`;
    const s = `S${String(i).padStart(3, '0')}x00AAoBQmK+Q`;
    const t = 10 * 3600 + i * 30;
    for (let k = 0; k < 4; k++) log.emit(t + 2 * k, 'dovecot', `auth(info@example.jp,${ip},sasl:plain)<${s}>: passwd-file: Password mismatch`);
    log.emit(t + 8, 'dovecot', `imap-login: Login aborted: Logged out (auth failed, 4 attempts in 8 secs) (auth_failed): user=<info@example.jp>, method=PLAIN, rip=${ip}, lip=192.0.2.1, TLS, session=<${s}>`);
  }
  log.emit(10 * 3600 + 1800, 'dovecot', `imap-login: Logged in: user=<info@example.jp>, method=PLAIN, rip=203.0.113.12, lip=192.0.2.1, mpid=${log.nextPid()}, TLS, session=<BrEaCh0AAoBQmK+Q>`);
  for (let j = 0; j < 10; j++) {
    for (let k = 0; k < 3; k++) {
      const ip = `192.0.2.${100 + j}`;
      const t = 11 * 3600 + j * 30 + k * 8;
      const pid = log.nextPid();
      log.emit(t, `postfix/submission/smtpd[${pid}]`, `connect from unknown[${ip}]`);
      log.emit(t + 1, 'dovecot', `auth(sales@example.jp,${ip},sasl:login): passwd-file: Password mismatch`);
      log.emit(t + 2, `postfix/submission/smtpd[${pid}]`, `warning: unknown[${ip}]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=sales@example.jp`);
      log.emit(t + 2, `postfix/submission/smtpd[${pid}]`, `disconnect from unknown[${ip}] ehlo=1 auth=0/1 commands=1/2`);
    }
  }
  log.emit(12 * 3600, 'dovecot', 'master: Error: service(imap): command startup failed, throttling for 2.000 secs');
  return log;
}

test('a mail log and Dovecot\'s own dovecot.log side by side give the findings of one syslog log with both', async () => {
  const text = day().text();
  const lines = text.trimEnd().split('\n');
  const dovecot = lines.filter((l) => l.includes(' mail dovecot: '));
  const postfix = lines.filter((l) => !l.includes(' mail dovecot: '));
  assert.equal(dovecot.length, 6 + 1 + 12 * 5 + 1 + 30 + 1);
  const together = join(DIR, 'syslog.log');
  const maillog = join(DIR, 'maillog');
  const dovecotLog = join(DIR, 'dovecot.log');
  writeFileSync(together, text);
  writeFileSync(maillog, postfix.join('\n') + '\n');
  writeFileSync(dovecotLog, dovecot.map(asLogPath).join('\n') + '\n');
  assert.equal(asLogPath(dovecot[dovecot.length - 1]!), 'Nov 10 12:00:00 master: Error: service(imap): command startup failed, throttling for 2.000 secs');
  assert.match(readFileSync(dovecotLog, 'latin1'), /^Nov 10 06:00:00 lmtp\(tanaka@example\.jp\)<\d+><gbGdAtQnKWlTNQAA>: Info: msgid=<x[0-9A-F]+@partner\.example>: saved mail to INBOX$/m);

  const one = await report([together], { year: 2026 });
  const two = await everyWay([maillog, dovecotLog]);
  assert.deepEqual([two.lines.total, two.lines.parsed, two.lines.ignored, two.lines.unparsed], [lines.length, lines.length, 0, 0]);
  assert.deepEqual(two.warnings, []);
  // The host counts only the lines that name it: the mail log's
  assert.deepEqual(two.hosts, [{ key: 'mail', count: postfix.length }]);
  assert.deepEqual(one.hosts, [{ key: 'mail', count: lines.length }]);
  const t = two.totals;
  // 2 logins (tanaka@, then the intruder), 48 IMAP failures, 48 + 30 auth lines, 30 SMTP AUTH failures, 6 LMTP deliveries
  assert.deepEqual([t.dovecotLogins, t.dovecotLoginFailures, t.dovecotAuthFailures, t.authFailures, t.delivered], [2, 48, 78, 30, 6]);
  assert.deepEqual(two.findings.map((f) => `${f.severity} ${f.rule}`), one.findings.map((f) => `${f.severity} ${f.rule}`));
  const breach = two.findings.find((f) => f.rule === 'mailbox-breach');
  assert.equal(breach?.severity, 'critical');
  assert.match(String(breach?.evidence['intruders']), /^203\.0\.113\.12 \(imap, /);
  assert.ok(two.findings.some((f) => f.rule === 'sasl-bruteforce'));
  assert.equal(comparable(two), comparable(one));
});
