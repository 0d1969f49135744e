// Review U, U2: the same IP in another written form was another IP. Dovecot listening on "::" writes
// "rip=::ffff:101.82.15.105" for the client Postfix writes "101.82.15.105"; an IPv6 address may be written in upper case
// or expanded ("2001:DB8:85A3::8A2E:370:7334", "2001:0db8:85a3:0000:…"). compare said "Fixed", exit 0, while the
// intruder still logged in; redaction left ".51.100.9" of "::ffff:198.51.100.9" in clear with a pseudonym of its own;
// and an upper-case IPv6 gave "Fixed" unredacted and "Not fixed" redacted. The parsers now write one form
// (src/parse/ip.ts), and the redactor takes every form for the same pseudonym.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalIp } from '../src/parse/ip.js';
import { redactReport } from '../src/report/redact.js';
import type { Comparison } from '../src/compare/model.js';
import type { Report } from '../src/report/model.js';
import { fixtureReport } from './fixtures/render/reports.js';
import { ROOT, parseLine, redactionHash, report } from './helpers.js';
import { renderJson } from '../src/render/index.js';
import type { AnalyzeOptions } from '../src/run.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const INCIDENT = join(ROOT, 'samples', 'incident.log');
const AFTER_FIX = join(ROOT, 'samples', 'after-fix.log');
const dir = mkdtempSync(join(tmpdir(), 'mlf-u2-'));
const INTRUDER = '101.82.15.105';
const V6 = '2001:db8:85a3::8a2e:370:7334';
const ipOf = (ip: string, key = 'K1'): string => `ip-${redactionHash(key, `ip:${ip}`)}`;

test('U2: canonicalIp writes IPv4-mapped addresses as IPv4 and IPv6 as RFC 5952, and leaves anything else', () => {
  const cases: Array<[string, string]> = [
    ['::ffff:101.82.15.105', '101.82.15.105'], ['::FFFF:101.82.15.105', '101.82.15.105'], ['::ffff:6552:f69', '101.82.15.105'],
    ['0:0:0:0:0:ffff:101.82.15.105', '101.82.15.105'],
    ['2001:DB8::1', '2001:db8::1'], ['2001:0db8:0:0::1', '2001:db8::1'], ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:DB8:85A3::8A2E:370:7334', V6], ['2001:0db8:85a3:0000:0000:8a2e:0370:7334', V6],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['::', '::'], ['::1', '::1'], ['1::', '1::'], ['FE80::1%eth0', 'fe80::1%eth0'],
    // Not IPv6: as written.
    ['101.82.15.105', '101.82.15.105'], ['mail.example.jp', 'mail.example.jp'], ['', ''], ['1::2::3', '1::2::3'], ['::ffff:1.2.3', '::ffff:1.2.3'],
    ['1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8:9'], ['abc:xyz', 'abc:xyz'], ['::ffff:1.2.3.256', '::ffff:1.2.3.256'],
  ];
  for (const [v, want] of cases) assert.equal(canonicalIp(v), want, v);
  // RFC 5952 by the WHATWG URL serializer of IPv6 hosts, on random addresses with runs of zeros, in random case.
  let seed = 7;
  const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  for (let i = 0; i < 2000; i++) {
    const g = Array.from({ length: 8 }, () => (rnd(3) === 0 ? rnd(65536) : 0));
    if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) continue;
    const written = g.map((x) => { const h = x.toString(16).padStart(rnd(2) ? 4 : 1, '0'); return rnd(2) ? h.toUpperCase() : h; }).join(':');
    assert.equal(canonicalIp(written), new URL(`http://[${written}]/`).hostname.slice(1, -1), written);
  }
});

test('U2: the parsers read every IP in one form: Dovecot rip/lip, both auth prefixes, a failed login, a proxy; Postfix client and postscreen', () => {
  const ip = (line: string): unknown => { const e = parseLine(line) as Record<string, unknown>; return e.ip ?? (e.client as { ip: string }).ip; };
  const login = parseLine('Nov 29 03:10:00 mail dovecot: pop3-login: Login: user=<info@example.jp>, method=PLAIN, rip=::ffff:101.82.15.105, lip=::ffff:203.0.113.25, mpid=7100, TLS, session=<MTAxLjgyLjE1LjEw>') as Record<string, unknown>;
  assert.deepEqual([login.ip, login.lip], [INTRUDER, '203.0.113.25']);
  assert.equal(ip(`Nov 29 03:10:00 mail dovecot: imap-login: Login: user=<info@example.jp>, method=PLAIN, rip=2001:DB8:85A3::8A2E:370:7334, lip=203.0.113.25, mpid=71001, TLS, session=<x>`), V6);
  assert.equal(ip(`Nov 29 03:10:00 mail dovecot: imap-login: Login: user=<info@example.jp>, method=PLAIN, rip=2001:0db8:85a3:0000:0000:8a2e:0370:7334, lip=203.0.113.25`), V6);
  assert.equal(ip('Nov 29 03:10:00 mail dovecot: auth: passwd-file(info@example.jp,::ffff:101.82.15.105,<zyDGC1th5dRRvVOm>): Password mismatch'), INTRUDER);
  assert.equal(ip('Nov 29 03:10:00 mail dovecot: auth(info@example.jp,2001:DB8:85A3::8A2E:370:7334,sasl:plain)<RilyEHJhnOx/AAAB>: passwd-file: Password mismatch'), V6);
  assert.equal(ip('Nov 29 03:10:00 mail dovecot: imap-login: Disconnected (auth failed, 2 attempts in 4 secs): user=<info@example.jp>, method=PLAIN, rip=::ffff:101.82.15.105, lip=203.0.113.25'), INTRUDER);
  const proxy = parseLine('Nov 29 03:10:00 mail dovecot: imap-login: proxy(info@example.jp): started proxying to ::ffff:10.0.0.6:143: user=<info@example.jp>, method=PLAIN, rip=::ffff:101.82.15.105, lip=::ffff:10.0.0.5, session=<x>') as Record<string, unknown>;
  assert.deepEqual([proxy.ip, proxy.lip, proxy.backend], [INTRUDER, '10.0.0.5', '10.0.0.6']);
  assert.equal(ip('Nov 29 03:10:00 mail postfix/submission/smtpd[71001]: E1A0101B1: client=unknown[2001:0DB8:85A3:0:0:8A2E:0370:7334], sasl_method=PLAIN, sasl_username=info@example.jp'), V6);
  assert.equal(ip('Nov 29 03:10:00 mail postfix/smtpd[71001]: connect from unknown[::ffff:101.82.15.105]'), INTRUDER);
  assert.equal(ip('Nov 29 03:10:00 mail postfix/postscreen[1]: CONNECT from [::FFFF:101.82.15.105]:53024 to [203.0.113.25]:25'), INTRUDER);
  assert.equal(ip('Nov 29 03:10:00 mail postfix/smtpd[1]: warning: hostname x.example does not resolve to address 2001:DB8::25: Name or service not known'), '2001:db8::25');
  // The usual forms stay the same strings.
  assert.equal(ip('Nov 29 03:10:00 mail postfix/smtpd[71001]: connect from unknown[2001:db8::1]'), '2001:db8::1');
  assert.equal(ip('Nov 29 03:10:00 mail postfix/smtpd[71001]: connect from unknown[101.82.15.105]'), INTRUDER);
});

function cli(args: string[]): { status: number | null; stderr: string } {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

/** `base` with `extra` lines merged in by time (classic stamps of one year). */
function merged(name: string, base: string, extra: string[]): string {
  const k = (l: string): string => l.slice(4, 15).replace(/^ /, '0');
  const all = [...readFileSync(base, 'utf8').split('\n').filter((l) => l !== ''), ...extra].map((l, i) => ({ l, i }))
    .sort((x, y) => (k(x.l) < k(y.l) ? -1 : k(x.l) > k(y.l) ? 1 : x.i - y.i)).map((x) => x.l);
  const out = join(dir, name);
  writeFileSync(out, `${all.join('\n')}\n`);
  return out;
}

/** The intruder's POP3/IMAP sessions after the fix (the review's after-*.log), its address written as `rip`. */
function afterWith(name: string, rip: string): string {
  return merged(name, AFTER_FIX, [3, 4].flatMap((h) => [
    `Nov 29 0${h}:10:00 mail dovecot: pop3-login: Login: user=<info@example.jp>, method=PLAIN, rip=${rip}, lip=203.0.113.25, mpid=7100${h - 2}, TLS, session=<MTAxLjgyLjE1LjEw>`,
    `Nov 29 0${h}:11:00 mail dovecot: pop3(info@example.jp)<7100${h - 2}><MTAxLjgyLjE1LjEw>: Disconnected: Logged out in=1220 out=23810`,
  ]));
}

/** compare BEFORE AFTER (logs) with --fail-on persisting,new: exit status and compare.json. */
function compareLogs(name: string, before: string, after: string, extra: string[] = []): { status: number | null; c: Comparison } {
  const out = join(dir, name);
  const r = cli(['compare', before, after, '--year', '2026', '-j', '1', '-q', '-f', 'json,md', '-o', out, '--fail-on', 'persisting,new', ...extra]);
  assert.ok(existsSync(join(out, 'compare.json')), r.stderr);
  return { status: r.status, c: JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8')) as Comparison };
}

const account = (c: Comparison) => c.findings.find((f) => f.rule === 'compromised-account' && f.before !== null)!;

test('U2: the intruder logging in as ::ffff:101.82.15.105 after the fix is "Not fixed", exit 3, redacted and unredacted alike', () => {
  const after = afterWith('after-mapped.log', `::ffff:${INTRUDER}`);
  const plain = compareLogs('cmp-mapped', INCIDENT, after);
  const red = compareLogs('cmp-mapped-k1', INCIDENT, after, ['--redact-key', 'K1']);
  for (const { status, c } of [plain, red]) {
    assert.equal(status, 3);
    assert.match(c.verdict.headline, /^Not fixed: /);
    assert.equal(account(c).status, 'persisting');
  }
  assert.match(account(plain.c).verdict, new RegExp(`${INTRUDER.replaceAll('.', '\\.')} POP3 2×`));
  assert.match(account(red.c).verdict, new RegExp(`${ipOf(INTRUDER)} POP3 2×`));
  // Review AK, AK3: the IPs still connecting, named by the first 5, ties by their text (the pseudonyms' order is another).
  const named = /(still connect after the fix \()[^)]*( and 11 more\))/;
  assert.equal(account(red.c).verdict.replace(named, '$1…$2'), account(plain.c).verdict.replaceAll(INTRUDER, ipOf(INTRUDER))
    .replaceAll('info@example.jp', /user-[0-9a-f]{12}@example\.jp/.exec(account(red.c).verdict)![0]).replace(named, '$1…$2'));
});

test('U2: an IPv6 intruder written in upper case or expanded after the fix is "Not fixed", exit 3, redacted and unredacted alike', () => {
  // The before run: the incident with the account also sending from the IPv6 address (review Q's before-v6.log).
  const before = merged('before-v6.log', INCIDENT, [14, 15, 16].flatMap((h, i) => {
    const q = `E1A010${i + 1}B1`;
    return [
      `Nov 26 ${h}:05:00 mail postfix/submission/smtpd[7100${i}]: connect from unknown[${V6}]`,
      `Nov 26 ${h}:05:00 mail postfix/submission/smtpd[7100${i}]: ${q}: client=unknown[${V6}], sasl_method=PLAIN, sasl_username=info@example.jp`,
      `Nov 26 ${h}:05:01 mail postfix/cleanup[7200${i}]: ${q}: message-id=<${q}.x@example.jp>`,
      `Nov 26 ${h}:05:01 mail postfix/qmgr[32300]: ${q}: from=<info@example.jp>, size=19520, nrcpt=1 (queue active)`,
      `Nov 26 ${h}:05:01 mail postfix/submission/smtpd[7100${i}]: disconnect from unknown[${V6}] ehlo=2 starttls=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=8`,
      `Nov 26 ${h}:05:02 mail postfix/smtp[7300${i}]: ${q}: to=<x${i}@spam-target${i}.example>, relay=mx.partner.example[192.0.2.80]:25, delay=1.2, delays=0.1/0.01/0.4/0.7, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4F1B2C3D4E)`,
      `Nov 26 ${h}:05:02 mail postfix/qmgr[32300]: ${q}: removed`,
    ];
  }));
  for (const [name, rip] of [['upper', '2001:DB8:85A3::8A2E:370:7334'], ['expanded', '2001:0db8:85a3:0000:0000:8a2e:0370:7334']] as const) {
    const after = afterWith(`after-v6-${name}.log`, rip);
    const plain = compareLogs(`cmp-v6-${name}`, before, after);
    const red = compareLogs(`cmp-v6-${name}-k1`, before, after, ['--redact-key', 'K1']);
    for (const { status, c } of [plain, red]) {
      assert.equal(status, 3, name);
      assert.match(c.verdict.headline, /^Not fixed: /, name);
    }
    assert.match(account(plain.c).verdict, new RegExp(`${V6} POP3 2×`), name);
    assert.match(account(red.c).verdict, new RegExp(`${ipOf(V6)} POP3 2×`), name);
  }
});

test('U2: -j 1 and -j 3 with small ranges give the same report of a log with the mapped and upper-case forms', async () => {
  const log = afterWith('after-forms.log', `::FFFF:${INTRUDER}`);
  // In-process (the analysis is the subject, not the command line): report.json's text as analyze writes it, with
  // the command's default --top 50; the CLI runs of this file are the compare runs above.
  const json = async (opts: Partial<AnalyzeOptions>): Promise<string> => renderJson(await report([log], { year: 2026, top: 50, ...opts }));
  const one = await json({ jobs: 1 });
  assert.equal(await json({ jobs: 3, rangeBytes: 100_000 }), one);
  const r = JSON.parse(one) as Report;
  assert.ok(r.mailboxLoginsByUser!.find((u) => u.key === 'info@example.jp')!.ips!.includes(INTRUDER));
  // The mapped form only in the log lines shown as they are.
  assert.equal(one.split('::FFFF:').length, one.split('rip=::FFFF:').length);
});

test('U2: redaction takes every written form of an IP for one pseudonym and leaves no part of it in clear', async () => {
  const r = await fixtureReport();
  r.findings[0]!.examples = [
    'dovecot: pop3-login: Login: user=<x>, method=PLAIN, rip=::ffff:198.51.100.9, lip=::FFFF:203.0.113.25, mpid=1',
    'dovecot: pop3-login: Login: user=<x>, method=PLAIN, rip=198.51.100.9, lip=203.0.113.25, mpid=2',
    'dovecot: imap-login: Login: user=<x>, rip=2001:DB8::1, lip=2001:0db8:0:0::1, mpid=3',
    'postfix/smtpd[1]: connect from unknown[2001:db8::1]',
  ].map((text, i) => ({ file: 0, line: i + 1, offset: 0, text }));
  r.byClientIp[0]!.key = '::ffff:198.51.100.9';
  const red = redactReport(r, { key: 'K1', redactDomains: false });
  const [mapped, v4, upper, plain] = red.findings[0]!.examples.map((e) => e.text);
  const v4ip = ipOf('198.51.100.9');
  const server = ipOf('203.0.113.25');
  const v6 = ipOf('2001:db8::1');
  assert.equal(mapped, `dovecot: pop3-login: Login: user=<${/user-[0-9a-f]{12}/.exec(mapped!)![0]}>, method=PLAIN, rip=${v4ip}, lip=${server}, mpid=1`);
  assert.ok(v4!.includes(`rip=${v4ip}, lip=${server},`), v4);
  assert.ok(upper!.includes(`rip=${v6}, lip=${v6},`), upper);
  assert.equal(plain, `postfix/smtpd[1]: connect from unknown[${v6}]`);
  assert.equal(red.byClientIp[0]!.key, v4ip, 'a table key alike');
  for (const t of red.findings[0]!.examples.map((e) => e.text)) assert.doesNotMatch(t, /51\.100|113\.25|ffff|db8/i, t);
});
