// Review S (/tmp/revS/findings.md): S2, the mailbox check of compare on an after log without Dovecot logins; S13, the
// "to check with the owner" IPs when the after report's table of client IPs is cut at --top. Each test failed on the
// code the review read (8be9759).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareJa } from '../src/i18n/compare.js';
import { intrudersUnchecked } from '../src/compare/match.js';
import type { Report } from '../src/report/model.js';
import type { Comparison, FindingMatch } from '../src/compare/model.js';
import { ROOT, parseLine, report, compareReportPair } from './helpers.js';

const INCIDENT = join(ROOT, 'samples', 'incident.log');
const AFTER_FIX = join(ROOT, 'samples', 'after-fix.log');
const dir = mkdtempSync(join(tmpdir(), 'mlf-s-'));

/** `path` without its Dovecot lines: Dovecot writing to its own log_path file, not given. */
function withoutDovecot(path: string, name: string): string {
  const out = join(dir, name);
  writeFileSync(out, readFileSync(path, 'utf8').split('\n').filter((l) => !/ dovecot(\[\d+\])?: /.test(l)).join('\n'));
  return out;
}

const compare = compareReportPair;

const account = (c: Comparison): FindingMatch => c.findings.find((f) => f.rule === 'compromised-account' && f.before !== null)!;

let beforeReport: Promise<Report> | undefined;
const before = (): Promise<Report> => (beforeReport ??= report([INCIDENT], { year: 2026 }));

test('S2: an after log with no Dovecot line: the mailbox logins are not checked (no-dovecot), the headline is "Unclear"', async () => {
  const a = await report([withoutDovecot(AFTER_FIX, 'after-nodovecot.log')], { year: 2026 });
  assert.deepEqual(a.mailboxLoginsByUser, [], 'the table is there, empty');
  const c = compare(await before(), a);
  const f = account(c);
  assert.equal(f.status, 'resolved');
  assert.deepEqual(f.measure.carriedOver!.mailbox, { checked: false, why: 'no-dovecot' });
  assert.match(f.verdict, /the Dovecot logins \(IMAP, POP3, submission, ManageSieve\) of the IPs the before run listed as the intruder's were not checked: the after log has no Dovecot login at all, successful or failed, by anyone \(Dovecot may write to its own log file, log_path: give it too\); but 16 of the 43 IPs of compromised-ips\.txt still connect after the fix .*, all as info@example\.jp\. The new password holds, but .*\.$/);
  assert.doesNotMatch(f.verdict, /no sign of someone else at work|none of them logged in/);
  assert.match(c.verdict.headline, /^Unclear: /);
  assert.ok(intrudersUnchecked(f));
  const ja = account(compare(await before(), a, compareJa));
  assert.match(ja.verdict, /対策後のログには Dovecot のログインが成功・失敗ともどのユーザーのものも 1 件もありません/);
});

test('S2: the same after log with Dovecot lines: checked, none (unchanged)', async () => {
  const f = account(compare(await before(), await report([AFTER_FIX], { year: 2026 })));
  assert.equal(f.measure.carriedOver!.mailbox!.checked, true);
});

test('S2: neither log has a Dovecot login: the mailbox check is not made nor said (a server without Dovecot), the headline is not "Unclear" for it', async () => {
  const b = await report([withoutDovecot(INCIDENT, 'incident-nodovecot.log')], { year: 2026 });
  const a = await report([withoutDovecot(AFTER_FIX, 'after-nodovecot2.log')], { year: 2026 });
  const f = account(compare(b, a));
  assert.equal(f.status, 'resolved');
  assert.equal(f.measure.carriedOver!.mailbox, undefined);
  assert.doesNotMatch(f.verdict, /Dovecot/);
  assert.ok(!intrudersUnchecked(f));
});

/** An IMAP login of info@example.jp from `ip` at Nov 29 hh:mm. */
function login(h: number, m: number, ip: string): string {
  return `Nov 29 ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00 mail dovecot: imap-login: Login: user=<info@example.jp>, method=PLAIN, rip=${ip}, lip=203.0.113.25, mpid=${7000 + h * 60 + m}, TLS, session=<S${h}${m}>`;
}

/** after-fix.log with `extra` lines of Nov 29 appended in place (between its lines of that day, by time). */
function afterWith(extra: string[], name: string): string {
  const base = readFileSync(AFTER_FIX, 'utf8').split('\n').filter((l) => l !== '');
  const k = (l: string): string => l.slice(4, 15).replace(/^ /, '0');
  const all = [...base, ...extra].map((l, i) => ({ l, i })).sort((x, y) => (k(x.l) < k(y.l) ? -1 : k(x.l) > k(y.l) ? 1 : x.i - y.i)).map((x) => x.l);
  const out = join(dir, name);
  writeFileSync(out, all.join('\n') + '\n');
  return out;
}

test('S13: with byClientIp cut at --top, an intruder IP that failed logins is not named "to check with the owner"; one in no table is, with "not known"', async () => {
  const failer = '101.82.15.105';
  const quiet = '118.199.114.97';
  const extra = [login(3, 10, failer), login(4, 10, quiet)];
  // The failing IP: a few IMAP login failures (Dovecot's auth lines), after its login.
  for (let s = 0; s < 4; s++) extra.push(`Nov 29 05:10:0${s} mail dovecot: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<info@example.jp>, method=PLAIN, rip=${failer}, lip=203.0.113.25, TLS, session=<F${s}>`);
  const path = afterWith(extra, 'after-s13.log');
  const whole = await report([path], { year: 2026, top: 0 });
  const cut = await report([path], { year: 2026, top: 3 });
  assert.ok(!cut.byClientIp.some((r) => r.key === failer || r.key === quiet), 'both are past the 3 rows');
  assert.ok(whole.byClientIp.some((r) => r.key === failer && (r.mailboxLoginFailures > 0 || r.authFailures > 0)), 'the failer failed logins');
  const w = account(compare(await before(), whole)).measure.carriedOver!;
  assert.deepEqual(w.toCheck, [quiet]);
  assert.equal(w.toCheckUnknown, undefined);
  const f = account(compare(await before(), cut));
  const c = f.measure.carriedOver!;
  assert.deepEqual(c.toCheck, [quiet], 'the failer is known from topAttackingIps / dovecotAuthFailuresByIp, not the cut byClientIp');
  assert.deepEqual(c.toCheckUnknown, [quiet]);
  assert.match(f.verdict, /118\.199\.114\.97, which only logs in after the fix \(no mail sent, no failed login in the after report's tables\), is the owner's own .*: to check with the owner \(whether 118\.199\.114\.97 failed a login after the fix is not known: the after report lists only its first client IPs, --top; --top 0 lists all\)/);
  const ja = account(compare(await before(), cut, compareJa));
  assert.match(ja.verdict, /118\.199\.114\.97 が対策後にログインに失敗したかは不明です/);
});


test('S4: a Dovecot 2.4 proxy line, "proxy(user): Started proxying to <ip>", is a login (user=, rip=), as 2.2/2.3\'s lowercase one', () => {
  const login = { kind: 'dovecotLogin', protocol: 'imap', user: 'info@example.jp', ip: '203.0.113.50', lip: '192.0.2.1', backend: '192.0.2.30' };
  for (const line of [
    // 2.4 (made from login-common's format, see src/parse/dovecot.ts): capitalized, the address in angle brackets.
    'Nov 29 22:50:00 mail dovecot: imap-login: proxy(info@example.jp): Started proxying to <192.0.2.30> (0.012 secs): user=<info@example.jp>, method=PLAIN, rip=203.0.113.50, lip=192.0.2.1, TLS, session=<GKEBFAwQMgDBAgFf>',
    'Nov 29 22:50:00 mail dovecot: imap-login: proxy(info@example.jp): Started proxying to <192.0.2.30> (backend1.example.jp): user=<info@example.jp>, method=PLAIN, rip=203.0.113.50, lip=192.0.2.1',
    // 2.2/2.3, with the remote user after the port when it differs ("/%s").
    'Nov 29 22:50:00 mail dovecot: imap-login: proxy(info@example.jp): started proxying to 192.0.2.30:143/info: user=<info@example.jp>, method=PLAIN, rip=203.0.113.50, lip=192.0.2.1, TLS',
  ]) assert.deepEqual(parseLine(line), login, line);
  // Without the login_log_format elements: the user of proxy(…), no client address.
  assert.deepEqual(parseLine('Nov 29 22:50:00 mail dovecot: pop3-login: proxy(info@example.jp): Started proxying to <192.0.2.30>'),
    { kind: 'dovecotLogin', protocol: 'pop3', user: 'info@example.jp', ip: '', lip: '', backend: '192.0.2.30' });
});
