// Review 18 of the versions (/tmp/hC-review/findings.md): Debian 13's Postfix 3.10 and Dovecot 2.4 against the
// corpus's Postfix 3.7 and Dovecot 2.3. On Dovecot 2.4 the tool missed a mailbox breach without a warning: the
// success line "Logged in:" and the auth failure lines' new prefix were taken for noise; Postfix 3.10's
// "NOQUEUE: lost connection after …" lines were unparsed and their session problems lost.
//   - the parser on each new line (verbatim, with its source), and on the 2.3/3.7 line it must equal;
//   - an unknown text of a login process, of auth or of LMTP: unparsed (counted and shown), never noise;
//   - the same incident written in both shapes (the review's old.log/new.log, small): the same report;
//   - guessing within one IMAP connection, then a login: mailbox-breach, in both shapes (the review's aside);
//   - the real Dovecot 2.4.1 run's lines (test/fixtures/logs/dovecot-2.4.log).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, countsOf, parseLine, report } from './helpers.js';
import { DayLog } from './day-log.js';
import type { Report } from '../src/report/model.js';

const DIR = mkdtempSync(join(tmpdir(), 'mlf-review18v-'));
test.after(() => rmSync(DIR, { recursive: true, force: true }));


/** A report of `paths`, after checking that small ranges (inline and on 3 workers) give the same JSON. */
async function everyWay(paths: string[], bytes: number): Promise<Report> {
  const whole = await report(paths, { year: 2026 });
  const json = JSON.stringify(whole);
  for (const [jobs, rangeBytes] of [[1, 700], [3, 700], [3, Math.ceil(bytes / 3)]] as const) {
    assert.equal(JSON.stringify(await report(paths, { year: 2026, jobs, rangeBytes })), json, `jobs ${jobs}, ranges of ${rangeBytes} bytes`);
  }
  return whole;
}

async function run(name: string, log: DayLog): Promise<Report> {
  const path = join(DIR, name);
  const text = log.text();
  writeFileSync(path, text);
  return everyWay([path], Buffer.byteLength(text));
}

// --- The parser, line by line --------------------------------------------------------------------------------------

test('finding 1: Dovecot 2.4 "Logged in:" is a mailbox login as 2.3\'s "Login:", for every login service', () => {
  // Dovecot 2.4.1's libdovecot-login.so has "Logged in" and no "Login"; login_log_format_elements is unchanged
  // (login-settings.c of 2.4, "user=<%{user}> method=%{mechanism} rip=%{remote_ip} …"): the review's line.
  const v24 = 'Nov 28 10:14:02 mail dovecot: imap-login: Logged in: user=<info@example.jp>, method=PLAIN, rip=203.0.113.50, lip=192.0.2.1, mpid=30311, TLS, session=<abcdEFGH1234ijkl>';
  const v23 = v24.replace('Logged in: ', 'Login: ');
  const want = { kind: 'dovecotLogin', protocol: 'imap', user: 'info@example.jp', ip: '203.0.113.50', lip: '192.0.2.1', backend: '' };
  assert.deepEqual(parseLine(v24), want);
  assert.deepEqual(parseLine(v23), want);
  for (const protocol of ['pop3', 'submission', 'managesieve']) {
    assert.deepEqual(parseLine(v24.replace('imap-login', `${protocol}-login`).replace('dovecot:', 'dovecot[812]:')), { ...want, protocol });
  }
});

test('finding 2: Dovecot 2.4 auth failures give the event of the same 2.3 line (user, IP, whether a login session asked)', () => {
  const pairs: Array<[string, string, Record<string, unknown>]> = [
    // Real Dovecot 2.4.1 run (review 18, inputs/dovecot-2.4.1-real.log, syslog form): IMAP, a session
    ['Nov 29 22:46:38 mail dovecot: auth(info@example.jp,127.0.0.1,sasl:plain)<RilyEHJhnOx/AAAB>: passwd-file: Password mismatch',
      'Nov 29 22:46:38 mail dovecot: auth: passwd-file(info@example.jp,127.0.0.1,<RilyEHJhnOx/AAAB>): Password mismatch',
      { user: 'info@example.jp', ip: '127.0.0.1', reason: 'Password mismatch', backend: 'passwd-file', session: true }],
    ['Nov 29 22:46:22 mail dovecot: auth(admin,127.0.0.1,sasl:plain)<sUf/D3JhzuF/AAAB>: passwd-file: unknown user',
      'Nov 29 22:46:22 mail dovecot: auth: passwd-file(admin,127.0.0.1,<sUf/D3JhzuF/AAAB>): unknown user',
      { user: 'admin', ip: '127.0.0.1', reason: 'unknown user', backend: 'passwd-file', session: true }],
    // The same run, an SMTP AUTH request on the auth-client socket as Postfix makes it: no session
    ['Nov 29 22:47:12 mail dovecot: auth(info@example.jp,203.0.113.77,sasl:plain): passwd-file: Password mismatch',
      'Nov 29 22:47:12 mail dovecot: auth: passwd-file(info@example.jp,203.0.113.77): Password mismatch',
      { user: 'info@example.jp', ip: '203.0.113.77', reason: 'Password mismatch', backend: 'passwd-file', session: false }],
    // fail2ban#4196 (Dovecot 2.4, a pam passdb named "unix_user", through the worker); 2.3's worker line: LINES.md #34
    ['Jun 12 20:02:12 kvm456 dovecot[996]: auth-worker(jose.basanta,138.255.206.154)<1489164><8oNSumM3A8mK/86a>: request [393]: unix_user: pam_authenticate() failed: Authentication failure (Password mismatch?)',
      'Jun 12 20:02:12 kvm456 dovecot[996]: auth-worker(1489164): pam(jose.basanta,138.255.206.154,<8oNSumM3A8mK/86a>): pam_authenticate() failed: Authentication failure (Password mismatch?)',
      { user: 'jose.basanta', ip: '138.255.206.154', reason: 'pam failure', session: true }],
    // fail2ban#4196 (a sql passdb, auth_verbose_passwords=plain)
    ['Jun 23 00:10:57 mail dovecot: auth(info@example.com,1.2.3.4,sasl:login)<CvN+E95Uf4e7eEnj>: sql: Password mismatch (given password: XxxxXXxx123)',
      'Jun 23 00:10:57 mail dovecot: auth: sql(info@example.com,1.2.3.4,<CvN+E95Uf4e7eEnj>): Password mismatch (given password: XxxxXXxx123)',
      { user: 'info@example.com', ip: '1.2.3.4', reason: 'Password mismatch', backend: 'sql', session: true }],
  ];
  for (const [v24, v23, fields] of pairs) {
    const a = parseLine(v24);
    const b = parseLine(v23);
    assert.ok(a?.kind === 'dovecotAuthFailed', v24);
    assert.ok(b?.kind === 'dovecotAuthFailed', v23);
    const pick = (e: typeof a): Record<string, unknown> => Object.fromEntries(Object.keys(fields).map((k) => [k, e[k as keyof typeof e]]));
    assert.deepEqual(pick(a), fields, v24);
    assert.deepEqual(pick(b), fields, v23);
  }
});

test('finding 2: the passdb name is whatever the admin called it; ",master", IPv6 and the worker\'s request number are cut', () => {
  // The 2.4 prefix of auth-request.c get_log_prefix(): user, ip, ",sasl:" mech, ",master", ")", "<pid>" (worker),
  // "<session>", ": request [N]" (worker); the name of auth_request_get_log_prefix_db() (passdb's own name).
  const cases: Array<[string, Record<string, unknown>]> = [
    ['Nov 29 22:46:38 mail dovecot: auth(info@example.jp,192.0.2.9,sasl:plain)<RilyEHJhnOx/AAAB>: users-from-ldap: Password mismatch (for LDAP bind)',
      { kind: 'dovecotAuthFailed', user: 'info@example.jp', ip: '192.0.2.9', reason: 'Password mismatch', backend: 'users-from-ldap', session: true }],
    ['Nov 29 22:46:38 mail dovecot: auth(admin*info@example.jp,2001:db8::7,sasl:plain,master)<RilyEHJhnOx/AAAB>: passwd-file: unknown user',
      { kind: 'dovecotAuthFailed', user: 'admin*info@example.jp', ip: '2001:db8::7', reason: 'unknown user', backend: 'passwd-file', session: true }],
    ['Nov 29 22:46:38 mail dovecot: auth-worker(info@example.com,1.2.3.4)<4001084>: request [12]: sql: Password mismatch',
      { kind: 'dovecotAuthFailed', user: 'info@example.com', ip: '1.2.3.4', reason: 'Password mismatch', backend: 'sql', session: false }],
    // A user name with a comma (str_sanitize keeps it): the IP is the last field that is one
    ['Nov 29 22:46:38 mail dovecot: auth(a,b,192.0.2.1,sasl:login): passwd-file: unknown user',
      { kind: 'dovecotAuthFailed', user: 'a,b', ip: '192.0.2.1', reason: 'unknown user', backend: 'passwd-file', session: false }],
    // A mechanism that checks the password itself (auth-sasl.c: e_info(request->event, "Password mismatch")): no name
    ['Nov 29 22:46:38 mail dovecot: auth(info@example.jp,192.0.2.9,sasl:cram-md5)<RilyEHJhnOx/AAAB>: Password mismatch',
      { kind: 'dovecotAuthFailed', user: 'info@example.jp', ip: '192.0.2.9', reason: 'Password mismatch', backend: '', session: true }],
  ];
  for (const [line, want] of cases) assert.deepEqual(parseLine(line), want, line);
});

test('finding 2: a 2.4 lookup without a client IP stays noise; 2.4 levels are problems or noise', () => {
  // The review's LMTP userdb lookup (no IP, no mechanism), as 2.3's "auth: passwd-file(nobody@example.jp): unknown user"
  assert.deepEqual(parseLine('Nov 29 22:48:00 mail dovecot: auth(nobody@example.jp)<lmtpSESS0001>: passwd-file: unknown user'), { kind: 'noise', what: 'dovecot-auth-lookup' });
  assert.deepEqual(parseLine('Nov 29 22:48:00 mail dovecot: auth(nobody@example.jp): passwd-file: unknown user'), { kind: 'noise', what: 'dovecot-auth-lookup' });
  // A password checked for a request without a client IP: a failed login, as 2.3's "passwd-file(info@…): Password
  // mismatch" is (review 18 K2); a ",sasl:<mech>" request is never an LMTP lookup.
  assert.deepEqual(parseLine('Nov 29 22:48:00 mail dovecot: auth(info@example.jp,sasl:plain)<RilyEHJhnOx/AAAB>: passwd-file: Password mismatch'),
    { kind: 'dovecotAuthFailed', user: 'info@example.jp', ip: '', reason: 'Password mismatch', backend: 'passwd-file', session: true });
  assert.deepEqual(parseLine('Nov 29 22:48:00 mail dovecot: auth(info@example.jp,192.0.2.9,sasl:plain)<RilyEHJhnOx/AAAB>: Error: passwd-file: open(/etc/dovecot/users) failed: Permission denied'),
    { kind: 'daemonProblem', daemon: 'dovecot-auth', severity: 'error', text: 'passwd-file: open(/etc/dovecot/users) failed: Permission denied' });
  assert.deepEqual(parseLine('Nov 29 22:48:00 mail dovecot: auth-worker(info@example.com,1.2.3.4)<4001084><CvN+E95Uf4e7eEnj>: request [12]: Warning: sql: Query took 5 seconds'),
    { kind: 'noise', what: 'dovecot-auth' });
  // auth-request-handler.c: a client that never finished (2.3's shape in the corpus, incident/maillog line 9972)
  assert.deepEqual(parseLine('Nov 29 22:48:00 mail dovecot: auth(?,203.0.113.9,sasl:login)<RilyEHJhnOx/AAAB>: Request timed out waiting for client to continue authentication (150 secs)'),
    { kind: 'noise', what: 'dovecot-auth' });
});

test('finding 2: the worker\'s line and the auth process\'s line are two attempts, both counted', () => {
  // fail2ban#4196: one session (CvN+E95Uf4e7eEnj) of 3 attempts ("auth failed, 3 attempts in 16 secs"): the first
  // checked by the worker (a cache miss), the second by the auth process from its cache, 8 seconds later.
  const lines = [
    'Jun 23 00:10:49 mail dovecot: auth-worker(info@example.com,1.2.3.4)<4001084><CvN+E95Uf4e7eEnj>: request [12]: sql: Password mismatch (given password: XxxxXXxx123)',
    'Jun 23 00:10:57 mail dovecot: auth(info@example.com,1.2.3.4,sasl:login)<CvN+E95Uf4e7eEnj>: sql: Password mismatch (given password: XxxxXXxx123)',
  ];
  assert.deepEqual(lines.map((l) => parseLine(l)?.kind), ['dovecotAuthFailed', 'dovecotAuthFailed']);
});

test('finding 3: the known texts of the login processes, auth and LMTP are noise, in 2.3 and 2.4 shapes', () => {
  const noise: Array<[string, string]> = [
    // Real Dovecot 2.4.1 run
    ['dovecot-login', 'Nov 29 22:47:39 mail dovecot: imap-login: Login aborted: Connection closed (no auth attempts in 0 secs) (no_auth_attempts): user=<>, rip=127.0.0.1, lip=127.0.0.1, secured, session=<XECLFHJhyJl/AAAB>'],
    ['dovecot-login', 'Nov 29 22:47:12 mail dovecot: imap-login: Login aborted: Internal login failure (pid=24827 id=1) (internal failure, 1/1 successful auths in 15 secs) (internal_failure): user=<info@example.jp>, method=PLAIN, rip=127.0.0.1, lip=127.0.0.1, secured, session=<J9oOEnJhUJh/AAAB>'],
    ['dovecot-login', 'Nov 29 22:47:46 mail dovecot: imap-login: Authenticate PLAIN failed: Aborted: user=<>, method=PLAIN, rip=127.0.0.1, lip=127.0.0.1, secured, session=<s1e5FHJh3pl/AAAB>'],
    ['dovecot-login', 'Nov 29 22:47:46 mail dovecot: imap-login: Login aborted: Connection closed (auth aborted by client, 1 attempts in 4 secs) (auth_aborted_by_client): user=<>, method=PLAIN, rip=127.0.0.1, lip=127.0.0.1, secured, session=<s1e5FHJh3pl/AAAB>'],
    // Public Dovecot 2.4 lines (a fail2ban-like Go project's tests) and 2.3's (a Spanish lab write-up)
    ['dovecot-login', 'Sep 10 16:06:49 ngm dovecot[2174147]: managesieve-login: Login aborted: Too many invalid commands. (no auth attempts in 0 secs) (no_auth_attempts): user=<>, rip=84.54.49.6'],
    ['dovecot-login', 'Sep 10 16:56:15 ngm dovecot[2241633]: managesieve-login: Login aborted: Connection closed (disconnected before auth was ready, waited 0 secs) (auth_process_not_ready): user=<>, rip=84.54.49.6'],
    ['dovecot-login', 'Dec  8 08:39:42 interno1 dovecot: imap-login: Disconnected (disconnected before auth was ready, waited 0 secs): user=<>, rip=192.168.100.33, lip=192.168.100.11, session=<wpjWYSyZ1NnAqGQh>'],
    // LINES.md #35 and fail2ban tests/files/logs/dovecot
    ['dovecot-login', 'Jul 02 13:49:32 hostname dovecot[442]: pop3-login: Disconnected (no auth attempts in 58 secs): user=<>, rip=192.51.100.13, lip=203.0.113.17, session=<LgDINsQCkttVIMPg>'],
    ['dovecot-login', 'Dec 12 11:19:11 dunnart dovecot: pop3-login: Aborted login (tried to use disabled plaintext auth): rip=190.210.136.21, lip=113.212.99.193'],
    // Corpus incident/maillog line 9972 and 10384 (2.3)
    ['dovecot-auth-login', 'Nov 28 22:18:37 mail dovecot: auth: login(support,127.66.252.41): Request timed out waiting for client to continue authentication (150 secs)'],
    ['dovecot-auth-plain', 'Nov 28 22:19:20 mail dovecot: auth: plain(?,127.66.246.246): Request timed out waiting for client to continue authentication (150 secs)'],
    // Corpus healthy/maillog lines 12 and 15; the lab's sieve discard (review 7 L2)
    ['dovecot-lmtp', 'Nov 28 22:13:19 mail dovecot: lmtp(21281): Connect from local'],
    ['dovecot-lmtp', 'Nov 28 22:13:19 mail dovecot: lmtp(21281): Disconnect from local: Logged out (state=READY)'],
    ['dovecot-lmtp', 'Nov 29 01:23:32 vm dovecot: lmtp(sieveuser@example.jp)<16969><+E3rBZR+C2tJQgAAg+zDdQ>: sieve: msgid=<sieve-discardme.1795915412048@client.example>: discard action: Marked message to be discarded if not explicitly delivered (discard action)'],
  ];
  for (const [what, line] of noise) assert.deepEqual(parseLine(line), { kind: 'noise', what }, line);
});

test('finding 3: an unknown text of a login process, of auth or of LMTP is unparsed (null), not noise', () => {
  const unknown = [
    'Nov 29 22:50:00 mail dovecot: imap-login: Welcomed back: user=<info@example.jp>, method=PLAIN, rip=203.0.113.50, lip=192.0.2.1, mpid=4242, TLS, session=<abcdEFGH1234ijkl>',
    'Nov 29 22:50:00 mail dovecot: auth(info@example.jp,203.0.113.50,sasl:plain)<abcdEFGH1234ijkl>: passwd-file: Password refused by policy',
    'Nov 29 22:50:00 mail dovecot: auth: passwd-file(info@example.jp,203.0.113.50,<abcdEFGH1234ijkl>): Password refused by policy',
    'Nov 29 22:50:00 mail dovecot: auth: Something the auth process never said before',
    'Nov 29 22:50:00 mail dovecot: lmtp(sato@example.jp)<21714><pfGzL/bTCmvSVAAAg+zDdQ>: msgid=<a1@example.org>: save failed to INBOX: Quota exceeded (mailbox for user is full)',
  ];
  for (const line of unknown) assert.equal(parseLine(line), null, line);
});

test('review Q, Q12: a login proxy\'s "proxy(user): started proxying to …" is a login (user=, rip=), with or without 2.3\'s duration', () => {
  for (const line of [
    'Nov 29 22:50:00 mail dovecot: imap-login: proxy(info@example.jp): started proxying to 192.0.2.30:143 (0.012 secs): user=<info@example.jp>, method=PLAIN, rip=203.0.113.50, lip=192.0.2.1',
    'Nov 29 22:50:00 mail dovecot: imap-login: proxy(info@example.jp): started proxying to 192.0.2.30:143: user=<info@example.jp>, method=PLAIN, rip=203.0.113.50, lip=192.0.2.1, secured, session=<GKEBFAwQMgDBAgFf>',
  ]) assert.deepEqual(parseLine(line), { kind: 'dovecotLogin', protocol: 'imap', user: 'info@example.jp', ip: '203.0.113.50', lip: '192.0.2.1', backend: '192.0.2.30' }, line);
  assert.deepEqual(parseLine('Oct 19 14:14:38 host dovecot: pop3-login: proxy(username): started proxying to 2.2.2.2:110: user=<username>, method=PLAIN, rip=2.2.2.2, lip=5.5.5.5, session=<udMDFAwQWQDU6/2a>'),
    { kind: 'dovecotLogin', protocol: 'pop3', user: 'username', ip: '2.2.2.2', lip: '5.5.5.5', backend: '2.2.2.2' });
});

test('finding 4: Postfix 3.10\'s "NOQUEUE: " / queue-ID prefix on smtpd\'s "after" lines gives 3.7\'s session problem', () => {
  // 3.10.13 smtpd: "%s: %s after %s from %s" (queue_id_or_noqueue), 3.7.11: "%s after %s from %s"; the review's lines.
  const pairs: Array<[string, Record<string, unknown>]> = [
    ['Nov 28 10:19:23 mail postfix/submission/smtpd[30217]: NOQUEUE: lost connection after AUTH from unknown[192.0.2.100]',
      { kind: 'smtpdProblem', service: 'postfix/submission/smtpd', problem: 'lost-connection', after: 'AUTH', client: { name: 'unknown', ip: '192.0.2.100' } }],
    ['Nov 29 22:49:00 mail postfix/smtpd[4003]: NOQUEUE: timeout after RCPT from unknown[192.0.2.25]',
      { kind: 'smtpdProblem', service: 'postfix/smtpd', problem: 'timeout', after: 'RCPT', client: { name: 'unknown', ip: '192.0.2.25' } }],
    ['Nov 29 22:49:00 mail postfix/smtpd[4002]: NOQUEUE: too many errors after AUTH from unknown[192.0.2.24]',
      { kind: 'smtpdProblem', service: 'postfix/smtpd', problem: 'too-many-errors', after: 'AUTH', client: { name: 'unknown', ip: '192.0.2.24' } }],
    ['Nov 29 22:49:00 mail postfix/smtpd[4004]: 4F9D21C0A3B: lost connection after DATA (494133 bytes) from unknown[192.0.2.26]',
      { kind: 'smtpdProblem', service: 'postfix/smtpd', problem: 'lost-connection', after: 'DATA', client: { name: 'unknown', ip: '192.0.2.26' } }],
  ];
  for (const [v310, want] of pairs) {
    const v37 = v310.replace(/: (NOQUEUE|4F9D21C0A3B): /, ': ');
    assert.notEqual(v37, v310);
    assert.deepEqual(parseLine(v310), want, v310);
    assert.deepEqual(parseLine(v37), want, v37);
  }
  // A reject after the queue ID is still a reject
  assert.equal(parseLine('Nov 29 22:49:00 mail postfix/submission/smtpd[4007]: NOQUEUE: reject: RCPT from unknown[192.0.2.29]: 553 5.7.1 <ceo@example.jp>: Sender address rejected: not owned by user info@example.jp; from=<ceo@example.jp> to=<x@example.org> proto=ESMTP helo=<pc> sasl_method=LOGIN sasl_username=info@example.jp')?.kind, 'reject');
});

test('finding 6: Postfix 3.10\'s TLSRPT lines are known (noise), the failure apart from the success', () => {
  // The review's line (libpostfix-tls.so of 3.10.13: "TLSRPT: status=success, domain=%s, receiving_mx=%s[%s]"), and a
  // failure written from "TLSRPT: status=failure, domain=%s, receiving_mx=%s[%s], failure_type=%s%s%s"
  assert.deepEqual(parseLine('Nov 29 22:49:00 mail postfix/smtp[4009]: TLSRPT: status=success, domain=example.org, receiving_mx=mx.example.org[198.51.100.1]'),
    { kind: 'noise', what: 'tlsrpt' });
  assert.deepEqual(parseLine('Nov 29 22:49:00 mail postfix/smtp[4009]: TLSRPT: status=failure, domain=example.org, receiving_mx=mx.example.org[198.51.100.1], failure_type=certificate_expired'),
    { kind: 'noise', what: 'tlsrpt-failure' });
});

// --- Whole reports ---------------------------------------------------------------------------------------------------

type Shape = '2.3' | '2.4';

/** Dovecot's and Postfix's lines of one event, in 2.3/3.7 or 2.4/3.10 shape (the review's gen.py, to24.py). */
class Versioned {
  constructor(readonly log: DayLog, readonly v: Shape) {}

  login(t: number, user: string, ip: string, session: string): void {
    this.log.emit(t, 'dovecot', `imap-login: ${this.v === '2.4' ? 'Logged in' : 'Login'}: user=<${user}>, method=PLAIN, rip=${ip}, lip=192.0.2.1, mpid=${this.log.nextPid()}, TLS, session=<${session}>`);
  }

  /** One failed attempt as auth logs it (auth_verbose); `session` null: Postfix's SMTP AUTH. */
  authFailed(t: number, user: string, ip: string, session: string | null): void {
    const verdict = user.endsWith('@example.jp') ? 'Password mismatch' : 'unknown user';
    this.log.emit(t, 'dovecot', this.v === '2.4'
      ? `auth(${user},${ip},sasl:${session === null ? 'login' : 'plain'})${session === null ? '' : `<${session}>`}: passwd-file: ${verdict}`
      : `auth: passwd-file(${user},${ip}${session === null ? '' : `,<${session}>`}): ${verdict}`);
  }

  /** The login process's line of a session that failed `n` attempts. */
  sessionFailed(t: number, user: string, ip: string, n: number, session: string): void {
    this.log.emit(t, 'dovecot', this.v === '2.4'
      ? `imap-login: Login aborted: Logged out (auth failed, ${n} attempts in ${2 * n} secs) (auth_failed): user=<${user}>, method=PLAIN, rip=${ip}, lip=192.0.2.1, TLS, session=<${session}>`
      : `imap-login: Disconnected: Aborted login by logging out (auth failed, ${n} attempts in ${2 * n} secs): user=<${user}>, method=PLAIN, rip=${ip}, lip=192.0.2.1, TLS, session=<${session}>`);
  }

  /** An IMAP connection of `tries` failures of `user`, ending in a failed-session line or (`thenLogin`) a login. */
  imapTries(t: number, ip: string, user: string, tries: number, session: string, thenLogin = false): void {
    for (let k = 0; k < tries; k++) this.authFailed(t + 2 * k, user, ip, session);
    if (thenLogin) this.login(t + 2 * tries, user, ip, session);
    else this.sessionFailed(t + 2 * tries, user, ip, tries, session);
  }

  /** smtpd's "lost connection after …": 3.10 puts the queue ID or NOQUEUE first. */
  lost(t: number, svc: string, pid: number, after: string, ip: string, qid = 'NOQUEUE'): void {
    this.log.emit(t, `${svc}[${pid}]`, `${this.v === '2.4' ? `${qid}: ` : ''}lost connection after ${after} from unknown[${ip}]`);
  }

  /** A failed SMTP AUTH through Dovecot SASL, the client gone after it. */
  smtpGuess(t: number, ip: string, user: string): void {
    const pid = this.log.nextPid();
    const svc = 'postfix/submission/smtpd';
    this.log.emit(t, `${svc}[${pid}]`, `connect from unknown[${ip}]`);
    this.authFailed(t + 1, user, ip, null);
    this.log.emit(t + 2, `${svc}[${pid}]`, `warning: unknown[${ip}]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=${user}`);
    this.lost(t + 2, svc, pid, 'AUTH', ip);
    this.log.emit(t + 2, `${svc}[${pid}]`, `disconnect from unknown[${ip}] ehlo=1 auth=0/1 commands=1/2`);
  }
}

/** A login session ID (base64, 16 characters as Dovecot's). */
const sess = (i: number, k: number): string => `S${String(i).padStart(3, '0')}x${String(k).padStart(2, '0')}AAoBQmK+Q`;

/**
 * The review's old.log/new.log, small: mail delivered over LMTP and two users reading it; an IMAP brute force from
 * 12 IPs (two connections of 3 tries each: info@ then admin; the 12th tries info@ in both) after which the 12th
 * logs in as info@ (the breach); SMTP AUTH guessing from 10 IPs × 3; 3 relay probes; a client gone during DATA.
 */
function incident(v: Shape): DayLog {
  const log = new DayLog();
  const d = new Versioned(log, v);
  for (let i = 0; i < 6; i++) log.inbound(6 * 3600 + i * 600, `news${i}@partner.example`, ['tanaka@example.jp', 'suzuki@example.jp'][i % 2]!);
  d.login(7 * 3600, 'tanaka@example.jp', '198.51.100.20', 'TnKa0AAoBQmK+Qzz');
  d.login(7 * 3600 + 60, 'suzuki@example.jp', '198.51.100.21', 'SzKi0AAoBQmK+Qzz');
  for (let r = 0; r < 2; r++) {
    for (let i = 1; i <= 12; i++) {
      const name = r === 1 && i < 12 ? 'admin' : 'info@example.jp';
      d.imapTries(10 * 3600 + r * 600 + i * 20, `203.0.113.${i}`, name, 3, sess(i, r));
    }
  }
  d.login(10 * 3600 + 30 * 60, 'info@example.jp', '203.0.113.12', 'BrEaCh0AAoBQmK+Q');
  for (let j = 0; j < 10; j++) {
    for (let k = 0; k < 3; k++) d.smtpGuess(11 * 3600 + j * 30 + k * 8, `192.0.2.${100 + j}`, k === 1 ? 'sales@example.jp' : 'info@example.jp');
  }
  for (let j = 0; j < 3; j++) {
    const pid = log.nextPid();
    const ip = `198.51.100.${150 + j}`;
    log.emit(12 * 3600 + j * 60, `postfix/smtpd[${pid}]`, `connect from unknown[${ip}]`);
    log.emit(12 * 3600 + j * 60, `postfix/smtpd[${pid}]`, `NOQUEUE: reject: RCPT from unknown[${ip}]: 554 5.7.1 <probe${j}@relaytest.example>: Relay access denied; from=<spammer@relaytest.example> to=<probe${j}@relaytest.example> proto=ESMTP helo=<${ip}>`);
    d.lost(12 * 3600 + j * 60 + 1, 'postfix/smtpd', pid, 'RCPT', ip);
    log.emit(12 * 3600 + j * 60 + 1, `postfix/smtpd[${pid}]`, `disconnect from unknown[${ip}] ehlo=1 mail=1 rcpt=0/1 commands=2/3`);
  }
  const pid = log.nextPid();
  log.emit(13 * 3600, 'postfix/smtpd[' + pid + ']', 'connect from unknown[198.18.9.9]');
  log.emit(13 * 3600, 'postfix/smtpd[' + pid + ']', '4F9D21C0A3B: client=unknown[198.18.9.9]');
  d.lost(13 * 3600 + 5, 'postfix/smtpd', pid, 'DATA (494133 bytes)', '198.18.9.9', '4F9D21C0A3B');
  log.emit(13 * 3600 + 5, 'postfix/smtpd[' + pid + ']', 'disconnect from unknown[198.18.9.9] ehlo=1 mail=1 rcpt=1 data=0/1 commands=3/4');
  return log;
}

/** The report as JSON without what differs between the two shapes by nature: line texts, offsets, the file. */
function comparable(r: Report): string {
  return JSON.stringify(r, (k, v: unknown) => (k === 'text' || k === 'offset' || k === 'bytes' || k === 'path' ? undefined : v));
}

const breachOf = (r: Report): Report['findings'][number] | undefined => r.findings.find((f) => f.rule === 'mailbox-breach');

test('the same incident in Postfix 3.7/Dovecot 2.3 and Postfix 3.10/Dovecot 2.4 shapes gives the same report', async () => {
  const old = await run('old.log', incident('2.3'));
  const neu = await run('new.log', incident('2.4'));
  for (const r of [old, neu]) {
    assert.deepEqual([r.lines.total, r.lines.unparsed], [old.lines.total, 0]);
    const t = r.totals;
    // 3 logins (2 users and the intruder); 72 IMAP failures in both Dovecot views; 72 + 30 auth lines; 30 SMTP AUTH
    // failures; 30 + 3 + 1 session problems (after AUTH, RCPT, DATA)
    assert.deepEqual([t.dovecotLogins, t.dovecotLoginFailures, t.dovecotAuthFailures, t.authFailures, t.sessionProblems], [3, 72, 102, 30, 34]);
    const breach = breachOf(r);
    assert.ok(breach !== undefined, 'mailbox-breach');
    assert.equal(breach.severity, 'critical');
    // The intruder's 6 failures are named once (its auth lines and its login-process lines are the same attempts).
    assert.match(String(breach.evidence['intruders']), /^203\.0\.113\.12 \(imap, 1× from \S+; 6 failed logins from this IP, all before, 6 with this name, 1 names tried/);
    assert.deepEqual(countsOf(r.byClientIp.filter((x) => x.key === '192.0.2.100'), (x) => x.sessionProblems), { '192.0.2.100': 3 });
  }
  assert.deepEqual(old.findings.map((f) => `${f.severity} ${f.rule}`), neu.findings.map((f) => `${f.severity} ${f.rule}`));
  assert.ok(old.findings.some((f) => f.rule === 'sasl-bruteforce'));
  assert.equal(comparable(neu), comparable(old));
});

/**
 * IMAP guessing of info@ from 12 IPs, each trying 6 times in one connection (2.3 "auth: passwd-file(…)" or 2.4 auth
 * lines, then the login process's failed-session line); the last IP logs in as info@ in the same connection, after
 * its 6 failures (the review's oneconn-23.log). `mixed`: that IP first fails one connection of 3 tries, then tries 3
 * times more and logs in within its second.
 */
function oneConnection(v: Shape, mixed: boolean): DayLog {
  const log = new DayLog();
  const d = new Versioned(log, v);
  d.login(10 * 3600, 'tanaka@example.jp', '198.51.100.20', 'TnKa0AAoBQmK+Qzz');
  d.login(10 * 3600 + 60, 'sato@example.jp', '198.51.100.21', 'SaTo0AAoBQmK+Qzz');
  for (let i = 0; i < 11; i++) d.imapTries(11 * 3600 + i * 20, `203.0.113.${88 + i}`, 'info@example.jp', 6, sess(i, 0));
  if (mixed) {
    d.imapTries(11 * 3600 + 300, '203.0.113.99', 'info@example.jp', 3, sess(99, 0));
    d.imapTries(11 * 3600 + 320, '203.0.113.99', 'info@example.jp', 3, sess(99, 1), true);
  } else d.imapTries(11 * 3600 + 300, '203.0.113.99', 'info@example.jp', 6, sess(99, 0), true);
  return log;
}

test('aside: a guesser that tries 6 times in one IMAP connection and then logs in is a mailbox-breach, in both shapes', async () => {
  for (const v of ['2.3', '2.4'] as const) {
    const r = await run(`oneconn-${v}.log`, oneConnection(v, false));
    assert.equal(r.lines.unparsed, 0, v);
    // 66 failures from login-process lines, 72 from auth lines: per IP the larger (6 for the intruder, seen only by auth)
    assert.equal(r.totals.dovecotLoginFailures, 72, v);
    const breach = breachOf(r);
    assert.ok(breach !== undefined, `${v}: mailbox-breach`);
    assert.equal(breach.severity, 'critical');
    assert.match(String(breach.evidence['intruders']), /^203\.0\.113\.99 \(imap, 1× from \S+; 6 failed logins from this IP, all before, 6 with this name, 1 names tried, 0 never logged in from it; attack\)$/, v);
    const row = r.byClientIp.find((x) => x.key === '203.0.113.99');
    assert.deepEqual([row?.mailboxLoginFailures, row?.usersTried, row?.topUsersTried], [6, 1, ['info@example.jp']], v);
  }
});

test('aside: a name tried in a failed connection and again in the one that logged in is counted once per attempt', async () => {
  for (const v of ['2.3', '2.4'] as const) {
    // 3 tries in a failed connection (both views: 3) and 3 in the one that logged in (auth's view only): 6, not 9
    const r = await run(`oneconn-mixed-${v}.log`, oneConnection(v, true));
    const breach = breachOf(r);
    assert.ok(breach !== undefined, `${v}: mailbox-breach`);
    assert.match(String(breach.evidence['intruders']), /^203\.0\.113\.99 \(imap, 1× from \S+; 6 failed logins from this IP, all before, 6 with this name, /, v);
  }
  // And an IP whose every attempt is in both views keeps its login-process count: 6 tries of info@, not 12.
  const r = await run('oneconn-both.log', oneConnection('2.4', true));
  const guesser = r.byClientIp.find((x) => x.key === '203.0.113.88');
  assert.deepEqual([guesser?.mailboxLoginFailures, guesser?.usersTried], [6, 1]);
  // The name's failures before the login: 11 × 6 and the intruder's 6, each attempt once.
  assert.equal(breachOf(r)?.evidence['failedLoginsForThisNameBeforeFirstLogin'], 72);
});

test('an unknown text of imap-login, auth or LMTP is counted as unparsed and shown, never silent noise', async () => {
  const log = new DayLog();
  const d = new Versioned(log, '2.4');
  d.login(9 * 3600, 'tanaka@example.jp', '198.51.100.20', 'TnKa0AAoBQmK+Qzz');
  log.emit(9 * 3600 + 10, 'dovecot', 'imap-login: Welcomed back: user=<info@example.jp>, method=PLAIN, rip=203.0.113.50, lip=192.0.2.1, mpid=4242, TLS, session=<abcdEFGH1234ijkl>');
  log.emit(9 * 3600 + 20, 'dovecot', 'imap-login: Login aborted: Connection closed (no auth attempts in 0 secs) (no_auth_attempts): user=<>, rip=203.0.113.51, lip=192.0.2.1, TLS, session=<XECLFHJhyJl/AAAB>');
  log.emit(9 * 3600 + 30, 'dovecot', 'auth(info@example.jp,203.0.113.52,sasl:plain)<abcdEFGH1234ijkm>: passwd-file: Password refused by policy');
  log.emit(9 * 3600 + 40, 'dovecot', 'lmtp(sato@example.jp)<21714><pfGzL/bTCmvSVAAAg+zDdQ>: msgid=<a1@example.org>: save failed to INBOX: Quota exceeded (mailbox for user is full)');
  const path = join(DIR, 'unknown.log');
  const text = log.text();
  writeFileSync(path, text);
  const r = await everyWay([path], Buffer.byteLength(text));
  assert.deepEqual([r.lines.total, r.lines.parsed, r.lines.ignored, r.lines.unparsed], [5, 2, 0, 3]);
  assert.deepEqual(r.lines.unparsedExamples.map((e) => [e.line, e.text.slice(e.text.indexOf('dovecot: ') + 9, e.text.indexOf('dovecot: ') + 24)]),
    [[2, 'imap-login: Wel'], [4, 'auth(info@examp'], [5, 'lmtp(sato@examp']]);
  assert.deepEqual(countsOf(r.eventKinds, (k) => k.count), { dovecotLogin: 1, noise: 1 });
});

// The review's run of Debian 13's Dovecot 2.4.1 binaries (inputs/dovecot-2.4.1-real.log: IMAP guessing and SMTP-style
// SASL requests; imap and lmtp could not start, hence their errors). Its log_path lines in the form syslog gives them:
// "mail dovecot: " added, "Info: " dropped, every other byte as logged.
test('the real Dovecot 2.4.1 run\'s lines (test/fixtures/logs/dovecot-2.4.log): failures, no login, nothing unparsed', async () => {
  const path = join(ROOT, 'test', 'fixtures', 'logs', 'dovecot-2.4.log');
  const r = await everyWay([path], 5000);
  assert.deepEqual([r.lines.total, r.lines.unparsed], [23, 0]);
  // Auth lines: admin 2 and info@ 2 (IMAP), info@ and nosuchuser@ over the auth-client socket (no session), root 1.
  assert.equal(r.totals.dovecotAuthFailures, 7);
  assert.deepEqual(countsOf(r.dovecotAuthFailuresByUser, (x) => x.count), { admin: 2, 'info@example.jp': 3, 'nosuchuser@example.jp': 1, root: 1 });
  assert.deepEqual(countsOf(r.dovecotAuthFailuresByIp, (x) => x.count), { '127.0.0.1': 5, '203.0.113.77': 1, '203.0.113.78': 1 });
  // Login-process lines: 2 + 2 + 1 attempts, the same attempts as the 5 auth lines with a session: 5, not 10.
  assert.equal(r.totals.dovecotLoginFailures, 5);
  // The session that had the right password and failed inside (internal failure, 1/1 successful auths) is no login.
  assert.equal(r.totals.dovecotLogins, 0);
  assert.deepEqual(countsOf(r.eventKinds, (k) => k.count), { daemonProblem: 7, dovecotAuthFailed: 7, dovecotLoginFailed: 3, noise: 6 });
});
