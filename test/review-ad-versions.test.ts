// Review AD of the versions (/tmp/revAD/findings.md): the line shapes of Postfix 3.8–3.10 and Dovecot 2.3.21/2.4,
// from their sources (Debian 13's postfix 3.10.13 and dovecot 2.4.1 source packages, Debian 12's 3.7.11 and 2.3.19.1;
// HISTORY and NEWS give the version of each change), against the parsers written for the corpus's 3.7 and 2.3:
//   - F1, Postfix ≥ 3.10's cleanup "QID: removed (canceled)" / "(discarded)": known, no event (was unparsed);
//   - F2, Postfix ≥ 3.9's "disconnect from … commands=N/M notes=bare_lf": the session's counters (was cut and unparsed);
//   - the corpus and lab fixtures written as 3.10 would write them give the same report, for any --jobs;
//   - F3, Dovecot 2.4.1's proxy "proxy(user,ip:port): Started proxying to remote host": the backend is the prefix's IP
//     (was "remote");
//   - F4, the login process's "Login failed: Cleartext authentication disabled" (auth_verbose): known, no event;
//   - F5, 2.4's "(client didn't finish SASL auth, N attempts in S secs)": N − 1 failed attempts (was none);
//   - F6, 2.3's "Disconnected (aborted authentication)": known, no event (was unparsed);
// and its three low findings left (the parsers' comments cite the source of each shape):
//   - low 1 (F5's "not fixed"), 2.4's "(authorization failed|user disabled|password expired, N attempts in S secs)":
//     N − 1 failed attempts; the connection's refusals (cleartext, mechanism, …) stay noise;
//   - low 2 (F9), Postfix 3.10's "Invalid authentication mechanism: 'XOAUTH'": one reason for every mechanism, 3.7's;
//   - low 3 (F12), a login proxy's "proxy(user,ip:port): Login failed: …" (the backend refused): known, no event.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS, ROOT, parseLine, report } from './helpers.js';
import { takeCut } from '../src/parse/cut.js';
import type { Report } from '../src/report/model.js';

const DIR = mkdtempSync(join(tmpdir(), 'mlf-review-ad-'));
test.after(() => rmSync(DIR, { recursive: true, force: true }));

/** The event of `line`, and whether the parser marked it cut. */
function parsed(line: string): { ev: ReturnType<typeof parseLine>; cut: boolean } {
  takeCut();
  const ev = parseLine(line);
  return { ev, cut: takeCut() };
}

// --- F1: cleanup's "removed (…)" (Postfix ≥ 3.10) -----------------------------------------------------------------

test('F1: Postfix 3.10 cleanup "QID: removed (canceled)" and "(discarded)" are known lines without an event', () => {
  // cleanup/cleanup_api.c of 3.10.13: msg_info("%s: removed (%s)", state->queue_id, state->errs ? "canceled" : "discarded")
  for (const line of [
    'Nov 28 10:00:05 mail postfix/cleanup[1002]: 4F9D21C0A3B: removed (canceled)',
    'Nov 28 10:00:07 mail postfix/cleanup[1002]: 5A0B11C0A3C: removed (discarded)',
    'Nov 28 10:00:07 mail postfix-in/cleanup[1002]: 4jcV8h4BMczNgQG: removed (canceled)',
  ]) assert.deepEqual(parsed(line), { ev: { kind: 'noise', what: 'cleanup-removed' }, cut: false }, line);
  // Every prefix of it is a cut line (unparsed, marked cut), never another fact
  const whole = 'Nov 28 10:00:05 mail postfix/cleanup[1002]: 4F9D21C0A3B: removed (canceled)';
  for (let n = whole.indexOf('removed') + 1; n < whole.length; n++) {
    assert.deepEqual(parsed(whole.slice(0, n)), { ev: null, cut: true }, whole.slice(0, n));
  }
  // Another reason, or qmgr's "removed" written by cleanup, is not understood: unparsed, not cut
  assert.deepEqual(parsed('Nov 28 10:00:05 mail postfix/cleanup[1002]: 4F9D21C0A3B: removed (expired)'), { ev: null, cut: false });
  assert.deepEqual(parsed('Nov 28 10:00:05 mail postfix/cleanup[1002]: 4F9D21C0A3B: removed (canceled) again'), { ev: null, cut: false });
});

// --- F2: disconnect's "notes=" (Postfix ≥ 3.9) ----------------------------------------------------------------------

test('F2: Postfix 3.9+ "disconnect from … commands=N/M notes=bare_lf" gives the counters of the line without notes', () => {
  // smtpd.c of 3.10.13: after " commands=%d" and "/%d", vstring_sprintf_append(buf, " notes=bare_lf") with
  // "smtpd_forbid_bare_newline = note" (postconf(5): "available in Postfix 3.9 and later"; HISTORY 20240124)
  const v37 = 'Nov 28 10:00:01 mail postfix/smtpd[1001]: disconnect from unknown[192.0.2.10] ehlo=1 auth=0/1 quit=1 commands=2/3';
  const want = { kind: 'disconnect', service: 'postfix/smtpd', client: { name: 'unknown', ip: '192.0.2.10' }, authOk: 0, authTried: 1, commands: 3 };
  assert.deepEqual(parsed(v37), { ev: want, cut: false });
  assert.deepEqual(parsed(`${v37} notes=bare_lf`), { ev: want, cut: false });
  // "The notes value is expected to become a list of comma-separated names" (postconf(5))
  assert.deepEqual(parsed(`${v37} notes=bare_lf,other_note2`), { ev: want, cut: false });
  // All commands fine: "commands=5" alone, then the notes
  assert.deepEqual(parsed('Nov 28 10:00:01 mail postfix/submission/smtpd[1001]: disconnect from mail.example.org[198.51.100.7] ehlo=2 starttls=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=8 notes=bare_lf'),
    { ev: { kind: 'disconnect', service: 'postfix/submission/smtpd', client: { name: 'mail.example.org', ip: '198.51.100.7' }, authOk: 1, authTried: 1, commands: 8 }, cut: false });
  // Cut in or before the notes: a line without its end, not a session that ended so
  for (const cut of [`${v37} `, `${v37} n`, `${v37} notes`, `${v37} notes=`, `${v37} notes=bare_lf,`, `${v37.slice(0, -1)} notes=bare_lf`]) {
    assert.deepEqual(parsed(cut), { ev: null, cut: true }, cut);
  }
  // A notes list with another character, or notes with no counters before them, is not smtpd's: cut
  for (const odd of [`${v37} notes=bare lf`, `${v37} notes=Bare_LF`, 'Nov 28 10:00:01 mail postfix/smtpd[1001]: disconnect from unknown[192.0.2.10] notes=bare_lf']) {
    assert.equal(parsed(odd).ev, null, odd);
  }
  // Every prefix of the 3.9 line is unparsed or the 3.7 line's facts, some absent (an old smtpd's line without
  // counters, "disconnect from unknown[192.0.2.10]", reads as no AUTH; "commands=2" of a cut "commands=2/3" as 2)
  const v39 = `${v37} notes=bare_lf`;
  for (let n = v39.indexOf('disconnect') + 1; n < v39.length; n++) {
    const { ev } = parsed(v39.slice(0, n));
    if (ev === null) continue;
    const got = ev as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(want)) {
      const ok = JSON.stringify(got[key]) === JSON.stringify(value) || got[key] === 0 || (key === 'commands' && got[key] === 2);
      assert.ok(ok, `${v39.slice(0, n)}: ${key} = ${JSON.stringify(got[key])}`);
    }
  }
});

// --- The same events in Postfix 3.10's shapes -------------------------------------------------------------------------

/**
 * A log written as Postfix 3.10 with "smtpd_forbid_bare_newline = note" would write it: " notes=bare_lf" after the
 * counters of every smtpd disconnect line (F2); "NOQUEUE: " before smtpd's "lost connection after", "timeout after",
 * "too many errors after" (review 18, finding 4); and cleanup's "QID: removed (…)" (F1) for each smtpd transaction that
 * never reached the queue: after cleanup's reject or milter-reject ("canceled") or discard ("discarded"), or, when the
 * client just left (no qmgr line, no action), after its client= line. Returns the text and the lines added.
 */
function as310(text: string): { text: string; added: number } {
  const lines = text.split('\n');
  const queued = new Set<string>();
  const acted = new Set<string>();
  for (const l of lines) {
    const q = /postfix\/qmgr\[\d+\]: ([0-9A-Za-z]+): from=/.exec(l);
    if (q) queued.add(q[1]!);
    const a = /postfix\/cleanup\[\d+\]: ([0-9A-Za-z]+): (?:milter-)?(?:reject|discard): /.exec(l);
    if (a) acted.add(a[1]!);
  }
  const out: string[] = [];
  let added = 0;
  const removal = (l: string, qid: string, why: string): void => {
    const at = /^(\S+ +\d+ [\d:]+) (\S+) /.exec(l)!;
    out.push(`${at[1]} ${at[2]} postfix/cleanup[30999]: ${qid}: removed (${why})`);
    added++;
  };
  for (const l of lines) {
    if (/smtpd\[\d+\]: disconnect from .* commands=[\d/]+$/.test(l)) {
      out.push(`${l} notes=bare_lf`);
      continue;
    }
    out.push(l.replace(/(smtpd\[\d+\]: )(lost connection after|timeout after|too many errors after) /, '$1NOQUEUE: $2 '));
    const c = /smtpd\[\d+\]: ([0-9A-Za-z]+): client=/.exec(l);
    if (c && !queued.has(c[1]!) && !acted.has(c[1]!)) removal(l, c[1]!, 'canceled');
    const a = /postfix\/cleanup\[\d+\]: ([0-9A-Za-z]+): (milter-)?(reject|discard): /.exec(l);
    if (a) removal(l, a[1]!, a[3] === 'discard' ? 'discarded' : 'canceled');
  }
  return { text: out.join('\n'), added };
}

/**
 * A report less what differs between two writings of the same events: the files, the counts of lines (all, per host,
 * per hour, per minute) and of known lines without an event, and where the quoted lines are (line numbers, offsets, the words
 * 3.10 adds).
 */
function facts(r: Report): string {
  const { inputs: _inputs, lines: _lines, hosts, hourly, minutely, eventKinds, ...rest } = r;
  return JSON.stringify({
    ...rest,
    hosts: hosts.map((h) => h.key),
    hourly: hourly.map(({ lines: _n, ...h }) => h),
    minutely: minutely?.map(({ lines: _n, ...m }) => m),
    eventKinds: eventKinds.filter((k) => k.key !== 'noise'),
  }, (k, v: unknown) => {
    if (k === 'line' || k === 'offset') return undefined;
    return typeof v === 'string' ? v.replace(' notes=bare_lf', '').replace(': NOQUEUE: ', ': ') : v;
  });
}

const WRITTEN_AGAIN: Array<[string, string]> = [
  ['corpus incident', join(CORPUS, 'incident', 'maillog')],
  ['corpus healthy', join(CORPUS, 'healthy', 'maillog')],
  // Postfix 3.7.11 lab lines: clients that left during DATA, a milter's DISCARD and HOLD, cleanup's and a milter's rejects
  ['abandoned transactions', join(ROOT, 'test', 'fixtures', 'logs', 'abandoned.log')],
  ['milter discard and hold', join(ROOT, 'test', 'fixtures', 'logs', 'milter-discard-hold.log')],
  ['cleanup rejects', join(ROOT, 'test', 'fixtures', 'logs', 'cleanup-reject.log')],
];

for (const [name, file] of WRITTEN_AGAIN) {
  test(`F1, F2: the ${name} log written in Postfix 3.10's shapes gives the same report, for any --jobs`, async () => {
    const v310 = as310(readFileSync(file, 'latin1'));
    const path = join(DIR, `${name.replace(/ /g, '-')}-3.10.log`);
    writeFileSync(path, v310.text, 'latin1');
    const old = await report([file], { year: 2026 });
    const now = await report([path], { year: 2026 });
    assert.equal(now.lines.unparsed, old.lines.unparsed, JSON.stringify(now.lines.unparsedExamples));
    assert.equal(now.lines.total, old.lines.total + v310.added);
    assert.equal(now.lines.cutShort, undefined);
    assert.equal(facts(now), facts(old));
    const json = JSON.stringify(now);
    const bytes = Buffer.byteLength(v310.text, 'latin1');
    for (const [jobs, rangeBytes] of [[1, 700], [3, 700], [3, Math.ceil(bytes / 3)]] as const) {
      assert.equal(JSON.stringify(await report([path], { year: 2026, jobs, rangeBytes })), json, `jobs ${jobs}, ranges of ${rangeBytes} bytes`);
    }
  });
}

test('F1: the fixtures written in 3.10\'s shapes hold each removal that 3.10 writes', () => {
  const count = (file: string, re: RegExp): number => as310(readFileSync(join(ROOT, 'test', 'fixtures', 'logs', file), 'latin1')).text.split('\n').filter((l) => re.test(l)).length;
  assert.ok(count('abandoned.log', /: removed \(canceled\)$/) >= 1);
  assert.equal(count('milter-discard-hold.log', /: removed \(discarded\)$/), 1);
  assert.ok(count('cleanup-reject.log', /: removed \(canceled\)$/) >= 2);
});

// --- F3: Dovecot 2.4.1's proxy line -----------------------------------------------------------------------------------

test('F3: Dovecot 2.4.1 "proxy(user,host:port): Started proxying to remote host" names the prefix\'s backend', () => {
  // login-common/client-common-auth.c of 2.4.1: "Started proxying to remote host", then " from <source>", " as user
  // <destuser>", the duration; login-proxy.c login_proxy_set_destination(): the event prefix "proxy(%s,%s): " of the
  // user and login_proxy_get_hostport(): "ip:port" (net_ipport2str: "[ipv6]:port"), or "host[ip]:port" for a name.
  const login = { kind: 'dovecotLogin', protocol: 'imap', user: 'info@example.jp', ip: '203.0.113.50', lip: '192.0.2.1' };
  const elements = ': user=<info@example.jp>, method=PLAIN, rip=203.0.113.50, lip=192.0.2.1, TLS, session=<GKEBFAwQMgDBAgFg>';
  const cases: Array<[string, string]> = [
    [`Nov 28 10:00:21 mail dovecot: imap-login: proxy(info@example.jp,192.0.2.30:143): Started proxying to remote host (0.012 secs)${elements}`, '192.0.2.30'],
    [`Nov 28 10:00:21 mail dovecot: imap-login: proxy(info@example.jp,imap2.example.jp[192.0.2.31]:143): Started proxying to remote host from 192.0.2.1 as user info (0.012 secs, 1 reconnects)${elements}`, '192.0.2.31'],
    [`Nov 28 10:00:21 mail dovecot: imap-login: proxy(info@example.jp,[2001:DB8::30]:143): Started proxying to remote host (0.012 secs)${elements}`, '2001:db8::30'],
    // 2.3.19's own line (client-common-auth.c "Started proxying to <%s>", the same prefix): the address in the text
    [`Nov 28 10:00:21 mail dovecot: imap-login: proxy(info@example.jp,192.0.2.30:143): Started proxying to <192.0.2.30> (0.012 secs)${elements}`, '192.0.2.30'],
  ];
  for (const [line, backend] of cases) assert.deepEqual(parsed(line), { ev: { ...login, backend }, cut: false }, line);
  // Without the login_log_format elements: the user is the prefix's, not "info@example.jp,192.0.2.30:143"
  assert.deepEqual(parsed('Nov 28 10:00:22 mail dovecot: imap-login: proxy(info@example.jp,192.0.2.30:143): Started proxying to remote host (0.012 secs)').ev,
    { ...login, ip: '', lip: '', backend: '192.0.2.30' });
  // Dovecot 2.2's "proxy(user): started proxying to HOST:PORT" reads as before
  assert.deepEqual(parsed('Oct 19 14:14:38 host dovecot: pop3-login: proxy(username): started proxying to 2.2.2.2:110: user=<username>, method=PLAIN, rip=2.2.2.3, lip=5.5.5.5, session=<udMDFAwQWQDU6/2a>').ev,
    { kind: 'dovecotLogin', protocol: 'pop3', user: 'username', ip: '2.2.2.3', lip: '5.5.5.5', backend: '2.2.2.2' });
});

test('F3: a 2.4.1 proxy\'s login and the backend\'s own line of that session are one login from the client, as with 2.3\'s line', async () => {
  // The proxy (192.0.2.1) passes info@'s session from 203.0.113.50 on to the backend 192.0.2.30, which does not trust
  // it (no login_trusted_networks): the backend logs the proxy's address as rip. One session, two lines; read with
  // the backend the proxy line names (aggregate/mailbox-logins.ts foldProxiedLogins), the proxy's address is no client
  // of info@ (review T, F5). With the backend read as "remote", 192.0.2.1 was a second IP logging in as info@.
  const reportOf = async (proxyText: string, name: string): Promise<Report> => {
    const path = join(DIR, name);
    writeFileSync(path, [
      `Nov 28 10:00:21 proxy1 dovecot: imap-login: proxy(info@example.jp,192.0.2.30:143): Started proxying to ${proxyText} (0.012 secs): user=<info@example.jp>, method=PLAIN, rip=203.0.113.50, lip=192.0.2.1, TLS, session=<GKEBFAwQMgDBAgFg>`,
      'Nov 28 10:00:21 imap1 dovecot: imap-login: Logged in: user=<info@example.jp>, method=PLAIN, rip=192.0.2.1, lip=192.0.2.30, mpid=4411, TLS, session=<Qa1bQ8xW2ZvLg1A>',
    ].join('\n') + '\n');
    return report([path], { year: 2026 });
  };
  const ipsOf = (r: Report): Record<string, number> => Object.fromEntries((r.mailboxLoginsByUser ?? []).flatMap((u) => u.topClientIps.map((c) => [`${u.key} ${c.ip}`, c.logins])));
  const v23 = await reportOf('<192.0.2.30>', 'proxy-2.3.log');
  const v24 = await reportOf('remote host', 'proxy-2.4.log');
  assert.deepEqual(ipsOf(v23), { 'info@example.jp 203.0.113.50': 1 });
  assert.deepEqual(ipsOf(v24), ipsOf(v23));
  assert.equal(v24.totals.dovecotLogins, v23.totals.dovecotLogins);
});

// --- F4: "Login failed:" of the login processes (auth_verbose) -----------------------------------------------------------

test('F4: "Login failed: Cleartext authentication disabled" and its 2.3 forms are known, no event', () => {
  // 2.4.1 login-common/client-common-auth.c e_info(client->event_auth, "Login failed: Cleartext authentication
  // disabled") and "Login failed: SSL required for authentication"; 2.3.19 "Login failed: Plaintext authentication disabled"
  for (const text of ['Cleartext authentication disabled', 'SSL required for authentication', 'Plaintext authentication disabled']) {
    const line = `Nov 28 10:00:13 mail dovecot: imap-login: Login failed: ${text}: user=<>, rip=203.0.113.9, lip=192.0.2.1, session=<AbCdEfGh12345670>`;
    assert.deepEqual(parsed(line), { ev: { kind: 'noise', what: 'dovecot-login' }, cut: false }, line);
  }
});

// --- F5: 2.4's last reason after failed attempts; F6: 2.3's "(aborted authentication)" -----------------------------------

test('F5: a 2.4 session whose last attempt was left unfinished counts the attempts before it as failures', () => {
  // login-common/client-common.c of 2.4.1: the last reason, then ", %u attempts in %u secs" (2.3.19.1 wrote "(auth
  // failed, N attempts in S secs)" for such a session of 2 attempts or more)
  const failed = (attempts: number) => ({ ev: { kind: 'dovecotLoginFailed', protocol: 'imap', user: 'admin', ip: '203.0.113.9', attempts }, cut: false });
  const tail = 'user=<admin>, method=LOGIN, rip=203.0.113.9, lip=192.0.2.1, session=<AbCdEfGh12345682>';
  assert.deepEqual(parsed(`Nov 28 10:00:32 mail dovecot: imap-login: Login aborted: Inactivity (client didn't finish SASL auth, 4 attempts in 190 secs) (auth_waiting_client): ${tail}`), failed(3));
  assert.deepEqual(parsed(`Nov 28 10:00:33 mail dovecot: imap-login: Login aborted: Connection closed (auth aborted by client, 3 attempts in 12 secs) (auth_aborted_by_client): ${tail}`), failed(2));
  // 2.3's shape of one attempt, and 2.4's of one attempt or after a success: no failure
  for (const line of [
    `Nov 28 10:00:31 mail dovecot: imap-login: Disconnected: Inactivity (client didn't finish SASL auth, waited 180 secs): ${tail}`,
    `Nov 28 10:00:32 mail dovecot: imap-login: Login aborted: Inactivity (client didn't finish SASL auth, 1 attempts in 190 secs) (auth_waiting_client): ${tail}`,
    `Nov 28 10:00:33 mail dovecot: imap-login: Login aborted: Connection closed (auth aborted by client, 1 attempts in 4 secs) (auth_aborted_by_client): ${tail}`,
    `Nov 28 10:00:33 mail dovecot: imap-login: Login aborted: Connection closed (client didn't finish SASL auth, 1/2 successful auths in 4 secs) (auth_waiting_client): ${tail}`,
  ]) assert.deepEqual(parsed(line), { ev: { kind: 'noise', what: 'dovecot-login' }, cut: false }, line);
  // Cut in the client's address: a cut line
  assert.deepEqual(parsed(`Nov 28 10:00:32 mail dovecot: imap-login: Login aborted: Inactivity (client didn't finish SASL auth, 4 attempts in 190 secs) (auth_waiting_client): user=<admin>, method=LOGIN, rip=203.0.11`), { ev: null, cut: true });
});

test('F6: 2.3\'s "Disconnected (aborted authentication)" is known, no event', () => {
  // login-common/client-common.c of 2.3.19.1: "(aborted authentication)" for a first attempt the client aborted
  assert.deepEqual(parsed('Nov 28 10:00:30 mail dovecot: imap-login: Disconnected (aborted authentication): user=<>, method=PLAIN, rip=203.0.113.9, lip=192.0.2.1, session=<AbCdEfGh12345680>'),
    { ev: { kind: 'noise', what: 'dovecot-login' }, cut: false });
});

// --- Low 1: 2.4's last refusal code with the count -----------------------------------------------------------------------

test('low 1: a 2.4 session whose last attempt\'s account was refused counts the attempts before it as failed; the connection\'s refusals do not', () => {
  // login-common/client-common.c of 2.4.1 client_get_extra_disconnect_reason(): client_auth_fail_code_reasons[last_auth_fail],
  // then ", %u attempts in %u secs"; last_auth_fail is the last reply's (client-common-auth.c sasl_callback())
  const tail = 'user=<info@example.jp>, method=PLAIN, rip=203.0.113.9, lip=192.0.2.1, session=<AbCdEfGh12345690>';
  const line = (reason: string, event: string, protocol = 'imap'): string =>
    `Nov 28 10:00:40 mail dovecot: ${protocol}-login: Login aborted: Logged out (${reason}) (${event}): ${tail}`;
  const failed = (attempts: number, protocol = 'imap') => ({ ev: { kind: 'dovecotLoginFailed', protocol, user: 'info@example.jp', ip: '203.0.113.9', attempts }, cut: false });
  const noise = { ev: { kind: 'noise', what: 'dovecot-login' }, cut: false };
  // The account verdicts of the auth service (auth-request-handler.c reply_failure_finish()): N − 1
  assert.deepEqual(parsed(line('authorization failed, 3 attempts in 9 secs', 'authorization_failed')), failed(2));
  assert.deepEqual(parsed(line('user disabled, 2 attempts in 5 secs', 'user_disabled', 'pop3')), failed(1, 'pop3'));
  assert.deepEqual(parsed(line('password expired, 12 attempts in 60 secs', 'password_expired')), failed(11));
  // 2.3.19.1 wrote the count after "authorization failed" too ("(authorization failed, %u attempts in %u secs)")
  assert.deepEqual(parsed(`Nov 28 10:00:40 mail dovecot: imap-login: Disconnected (authorization failed, 3 attempts in 9 secs): ${tail}`), failed(2));
  // One attempt alone, a success among them, and the refusals that hold for every attempt of the connection: noise
  for (const [reason, event] of [
    ['authorization failed, 1 attempts in 2 secs', 'authorization_failed'],
    ['user disabled, 1/2 successful auths in 5 secs', 'user_disabled'],
    ['tried to use disallowed cleartext auth, 3 attempts in 7 secs', 'cleartext_auth_disabled'],
    ['tried to use unsupported auth mechanism, 4 attempts in 2 secs', 'invalid_mech'],
    ['anonymous logins disabled, 2 attempts in 1 secs', 'anonymous_auth_disabled'],
    ['sent invalid base64 in response, 2 attempts in 1 secs', 'invalid_base64'],
    ['auth service reported temporary failure, 3 attempts in 30 secs', 'temp_fail'],
    ['auth process communication failure, 3 attempts in 30 secs', 'auth_process_comm_fail'],
    ['no auth attempts in 58 secs', 'no_auth_attempts'],
  ]) assert.deepEqual(parsed(line(reason!, event!)), noise, reason);
  // 2.3's forms without a count (client-common.c of 2.3.19.1): noise as before
  for (const reason of ['user disabled', 'password expired', 'tried to use disallowed plaintext auth']) {
    assert.deepEqual(parsed(`Nov 28 10:00:40 mail dovecot: imap-login: Disconnected (${reason}): ${tail}`), noise, reason);
  }
  // Cut in the client's address: a cut line, not a failure from "203.0.11"
  assert.deepEqual(parsed(line('user disabled, 2 attempts in 5 secs', 'user_disabled').replace(/203\.0\.113\.9, .*$/, '203.0.11')), { ev: null, cut: true });
});

test('low 1: a 2.4 log of refused sessions gives the failures per client, the same for any --jobs', async () => {
  const at = (sec: number): string => `Nov 28 10:00:${String(sec).padStart(2, '0')} mail dovecot: imap-login: Login aborted: Logged out`;
  const who = (ip: string): string => `user=<info@example.jp>, method=PLAIN, rip=${ip}, lip=192.0.2.1, session=<AbCdEfGh1234569${ip.length}>`;
  const path = join(DIR, 'refused-2.4.log');
  writeFileSync(path, [
    `${at(1)} (authorization failed, 4 attempts in 9 secs) (authorization_failed): ${who('203.0.113.9')}`,
    `${at(2)} (tried to use disallowed cleartext auth, 5 attempts in 7 secs) (cleartext_auth_disabled): ${who('198.51.100.4')}`,
    `${at(3)} (auth failed, 2 attempts in 4 secs) (auth_failed): ${who('203.0.113.9')}`,
  ].join('\n') + '\n');
  const r = await report([path], { year: 2026 });
  assert.equal(r.lines.unparsed, 0);
  assert.equal(r.totals.dovecotLoginFailures, 5); // 3 + 2 from 203.0.113.9, none from the cleartext client
  for (const [jobs, rangeBytes] of [[1, 120], [3, 120]] as const) {
    assert.equal(JSON.stringify(await report([path], { year: 2026, jobs, rangeBytes })), JSON.stringify(r), `jobs ${jobs}`);
  }
});

// --- Low 2: Postfix 3.10's named invalid mechanism ------------------------------------------------------------------------

test('low 2: Postfix 3.10\'s "Invalid authentication mechanism: \'XOAUTH\'" is 3.7\'s reason, the mechanism the line\'s', () => {
  // xsasl/xsasl_dovecot_server.c of 3.10.13: vstring_sprintf(reply, "Invalid authentication mechanism: '%s'", sasl_method);
  // 3.7.11: vstring_strcpy(reply, "Invalid authentication mechanism"); smtpd_sasl_glue.c "%s: SASL %s authentication failed: %s"
  const v310 = 'Nov 28 10:00:50 mail postfix/smtpd[1001]: warning: unknown[192.0.2.12]: SASL XOAUTH authentication failed: Invalid authentication mechanism: \'XOAUTH\', sasl_username=(unavailable)';
  const want = { kind: 'authFailed', service: 'postfix/smtpd', client: { name: 'unknown', ip: '192.0.2.12' }, mechanism: 'XOAUTH', reason: 'Invalid authentication mechanism', user: '' };
  assert.deepEqual(parsed(v310), { ev: want, cut: false });
  assert.deepEqual(parsed(v310.replace(': \'XOAUTH\'', '')), { ev: want, cut: false }); // 3.7's line
  assert.deepEqual(parsed(v310.replace(/XOAUTH/g, 'GSSAPI').replace('(unavailable)', 'info')), { ev: { ...want, mechanism: 'GSSAPI', user: 'info' }, cut: false });
  // Cut after the ":" or inside the name: a cut line (3.10 always writes the user after it), never a reason of its own
  for (const cut of [v310.slice(0, v310.indexOf(' \'XOAUTH')), v310.slice(0, v310.indexOf('\'XOAUTH') + 1), v310.slice(0, v310.indexOf('XOAUTH\'') + 3)]) {
    assert.deepEqual(parsed(cut), { ev: null, cut: true }, cut);
  }
});

test('low 2: the mechanisms of 3.10\'s lines make one row of the SASL failure reasons, as 3.7\'s lines do', async () => {
  const line = (sec: number, mech: string, v310: boolean): string => `Nov 28 10:00:${String(sec).padStart(2, '0')} mail postfix/smtpd[1001]: warning: unknown[192.0.2.12]: SASL ${mech} authentication failed: Invalid authentication mechanism${v310 ? `: '${mech}'` : ''}, sasl_username=(unavailable)`;
  const rows = async (v310: boolean): Promise<Report> => {
    const path = join(DIR, `mech-${v310 ? '3.10' : '3.7'}.log`);
    writeFileSync(path, ['XOAUTH', 'GSSAPI', 'XOAUTH', 'NTLM'].map((mech, i) => line(i + 1, mech, v310)).join('\n') + '\n');
    return report([path], { year: 2026 });
  };
  const v37 = await rows(false);
  const v310 = await rows(true);
  assert.deepEqual(v310.authFailureReasons.map((r) => [r.key, r.count]), [['Invalid authentication mechanism', 4]]);
  assert.deepEqual(v310.authFailureReasons, v37.authFailureReasons);
  assert.equal(v310.totals.authMalformed, 4);
  assert.equal(facts(v310), facts(v37));
});

// --- Low 3: a login proxy's "Login failed" ---------------------------------------------------------------------------------

test('low 3: a login proxy\'s "Login failed: …" (the backend refused) is known, no failed login: it names the backend (review AD\'s nopassword proxy)', () => {
  // login-common/client-common-auth.c client_proxy_log_failure() of 2.3.19.1 and 2.4.1: "Login failed" + conn info + ": "
  // + the backend's reply (imap-proxy.c strips "NO "), under the proxy's prefix; auth_verbose only (login-proxy.c)
  const elements = ': user=<info@example.jp>, method=PLAIN, rip=203.0.113.50, lip=192.0.2.1, TLS, session=<GKEBFAwQMgDBAgFh>';
  for (const line of [
    `Nov 28 10:00:24 mail dovecot: imap-login: proxy(info@example.jp,192.0.2.30:143): Login failed: [AUTHENTICATIONFAILED] Authentication failed.${elements}`,
    `Nov 28 10:00:24 mail dovecot: imap-login: proxy(info@example.jp,192.0.2.30:143): Login failed: [UNAVAILABLE] Temporary authentication failure. [imap2:2026-11-28 10:00:24]${elements}`,
    `Nov 28 10:00:24 mail dovecot: pop3-login: proxy(info@example.jp,192.0.2.30:110): Login failed as user info: -ERR [AUTH] Authentication failed.${elements}`,
    `Nov 28 10:00:24 mail dovecot: imap-login: proxy(info@example.jp,imap2.example.jp[192.0.2.31]:143): Login failed from 192.0.2.5 (master admin): [AUTHENTICATIONFAILED] Authentication failed.${elements}`,
    // without the login_log_format elements
    'Nov 28 10:00:24 mail dovecot: imap-login: proxy(info@example.jp,192.0.2.30:143): Login failed: [AUTHENTICATIONFAILED] Authentication failed.',
  ]) {
    const backend = line.includes('[192.0.2.31]') ? '192.0.2.31' : '192.0.2.30';
    const protocol = line.includes('pop3-login') ? 'pop3' : 'imap';
    // the prefix's host:port as written (review AD/Z rest: which backend to fetch the log of)
    const hostPort = line.slice(line.indexOf(',') + 1, line.indexOf('): Login failed'));
    assert.deepEqual(parsed(line), { ev: { kind: 'dovecotProxyRefused', protocol, user: '', ip: '', attempts: 0, backend, hostPort }, cut: false }, line);
  }
  // 2.2's prefix names no backend: noise
  assert.deepEqual(parsed(`Nov 28 10:00:24 mail dovecot: imap-login: proxy(info@example.jp): Login failed: [AUTHENTICATIONFAILED] Authentication failed.${elements}`), { ev: { kind: 'noise', what: 'dovecot-login' }, cut: false });
  // Another word after "Login failed", or another text under the prefix: not understood, shown
  assert.deepEqual(parsed(`Nov 28 10:00:24 mail dovecot: imap-login: proxy(info@example.jp,192.0.2.30:143): Login failedover${elements}`), { ev: null, cut: false });
  assert.deepEqual(parsed(`Nov 28 10:00:24 mail dovecot: imap-login: proxy(info@example.jp,192.0.2.30:143): disconnecting 203.0.113.50${elements}`), { ev: null, cut: false });
});
