// Review Z (first-time user): the findings' severities, order and advice, with known answers on the samples and the
// corpus. Z5: background password guessing is low; Z15: causes before consequences, queue-flood over once the queue
// is empty, queue-deleted high when the users' mail was lost; Z16: the port-25 advice checks the block first; Z22:
// the backscatter check names the server's reversed IP.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../src/report/model.js';
import { CORPUS, ROOT, report } from './helpers.js';

const S = (name: string): string => join(ROOT, 'samples', name);
const ROTATED = ['maillog', 'maillog.1', 'maillog.2.gz', 'maillog-20261120.gz'].map((f) => join(ROOT, 'samples', 'rotated', f));
const CORPUS_INCIDENT = join(CORPUS, 'incident', 'maillog');
const CORPUS_HEALTHY = join(CORPUS, 'healthy', 'maillog');
const noCorpus = !existsSync(CORPUS_INCIDENT) ? 'corpus not found' : false;
const dir = mkdtempSync(join(tmpdir(), 'mlf-z-'));

const cache = new Map<string, Promise<Report>>();
function run(paths: string[], lang: 'en' | 'ja' = 'en'): Promise<Report> {
  const key = `${lang} ${paths.join(' ')}`;
  let r = cache.get(key);
  if (r === undefined) cache.set(key, (r = report(paths, { year: 2026, lang })));
  return r;
}

const order = (r: Report): string[] => r.findings.map((f) => `${f.severity} ${f.rule}`);
const finding = (r: Report, rule: string): Report['findings'][number] => {
  const f = r.findings.find((x) => x.rule === rule);
  assert.ok(f, `${rule} in ${order(r).join(', ')}`);
  return f;
};

// ------------------------------------------------------------------------------------------------ Z5

// Review AL, AL2: a real account tried by name drops "(normal …)" and adds a clause (review-al-targeted.test.ts).
const BACKGROUND = /^Background password guessing(?: \(normal for a server on the Internet\))?: (\d+) failed logins from (\d+) IPs (?:in \d+ h|over [\d.]+ days), none succeeded(?:; \d+ of them for \S+, a real account, from \d+ IPs)?$/;

test('Z5 samples/after-fix.log: 92 failed logins from 41 IPs, none over 10, none logged in: low, background', async () => {
  const f = finding(await run([S('after-fix.log')]), 'sasl-bruteforce');
  assert.equal(f.severity, 'low');
  assert.match(f.title, BACKGROUND);
  assert.equal(f.title, 'Background password guessing: 92 failed logins from 41 IPs in 40 h, none succeeded; 22 of them for info@example.jp, a real account, from 13 IPs');
  assert.equal(f.evidence.ipsOverThreshold, 0);
  assert.equal(f.evidence.peakHourFailedLoginsInLog, 8);
  // Review AL, AL2: not "Nothing urgent": info@example.jp's password and its guessers come first.
  assert.match(f.fix ?? '', /^Not only the usual guessing: info@example\.jp, /);
  assert.doesNotMatch(f.fix ?? '', /Block the attacking IPs now/);
  // The list stays, for whoever wants it.
  assert.equal(f.lists?.['blocklist-ips.txt']?.length, 41);
});

test('Z5 samples/rotated: 52 failed logins from 28 IPs over 3.2 days: low, background; its port-25 advice is optional', async () => {
  const r = await run(ROTATED);
  assert.deepEqual(order(r), ['low sasl-bruteforce']);
  const f = r.findings[0]!;
  assert.equal(f.title, 'Background password guessing (normal for a server on the Internet): 52 failed logins from 28 IPs over 3.2 days, none succeeded');
  const fix = f.fix ?? '';
  assert.match(fix, /^Nothing urgent: .*The steps below are optional hardening/);
  // fail2ban first; AUTH off on port 25 (23 of the failures came through it) after it.
  assert.ok(fix.indexOf('[postfix-sasl]') < fix.indexOf('smtpd_sasl_auth_enable=no'), fix);
});

test('Z5 the Japanese report gives the same severities and a background title', async () => {
  for (const paths of [[S('after-fix.log')], ROTATED, [S('incident.log')], [S('bruteforce.log')]]) {
    const [en, ja] = [await run(paths), await run(paths, 'ja')];
    assert.deepEqual(order(ja), order(en), paths.join(' '));
  }
  const ja = finding(await run([S('after-fix.log')], 'ja'), 'sasl-bruteforce');
  assert.match(ja.title, /^背景レベルのパスワード推測: 40 時間で、41 件の IP アドレスから 92 回のログイン失敗があり、成功したものはありません。うち 22 回は実在するアカウント info@example\.jp に対するもので、13 件の IP アドレスからです$/);
  assert.match(ja.fix ?? '', /^いつもの推測だけではありません。/);
  const rotated = finding(await run(ROTATED, 'ja'), 'sasl-bruteforce');
  assert.match(rotated.title, /^背景レベルのパスワード推測（インターネットに公開されたサーバーでは通常のことです）: /);
  assert.match(rotated.fix ?? '', /^急ぐ必要はありません。/);
});

test('Z5 a guessed password stays critical, an attack stays high', async () => {
  // samples/incident.log: 41.213.169.4 logged in after its failures.
  assert.equal(finding(await run([S('incident.log')]), 'sasl-bruteforce').severity, 'critical');
  // samples/bruteforce.log: 848 failed logins in a day, 14 IPs over the per-IP threshold.
  const b = finding(await run([S('bruteforce.log')]), 'sasl-bruteforce');
  assert.equal(b.severity, 'high');
  assert.match(b.title, /^Distributed password guessing: 848 failed logins from 201 IPs/);
});

/** `n` SMTP AUTH failures of `ip`, one every `gapMin` minutes from `startMin` on 2026-11-10. */
function failures(ip: string, n: number, startMin: number, gapMin: number, pid: number): string[] {
  const two = (x: number): string => String(x).padStart(2, '0');
  return Array.from({ length: n }, (_, i) => {
    const m = startMin + i * gapMin;
    return `Nov 10 ${two(Math.floor(m / 60) % 24)}:${two(m % 60)}:07 mail postfix/submission/smtpd[${pid + i}]: warning: unknown[${ip}]: `
      + `SASL LOGIN authentication failed: (reason unavailable), sasl_username=${['info', 'admin', 'sales'][i % 3]}@example.jp`;
  });
}

async function ofLines(name: string, lines: string[]): Promise<Report> {
  const path = join(dir, name);
  writeFileSync(path, `${lines.sort().join('\n')}\n`);
  return report([path], { year: 2026 });
}

test('Z5 known answers: the same background with one IP hammering is high, with a burst is high; alone it is low', async () => {
  // 12 bots, 3 failures each, spread over 12 hours: background.
  const bots = Array.from({ length: 12 }, (_, i) => failures(`198.51.100.${10 + i}`, 3, 60 + i * 60, 7, 1000 + i * 10)).flat();
  const quiet = finding(await ofLines('bots.log', bots), 'sasl-bruteforce');
  assert.equal(quiet.severity, 'low');
  assert.match(quiet.title, BACKGROUND);
  // One IP over the per-IP threshold (12 failures): an attack worth acting on.
  const hammer = finding(await ofLines('hammer.log', [...bots, ...failures('203.0.113.66', 12, 600, 2, 5000)]), 'sasl-bruteforce');
  assert.equal(hammer.severity, 'high');
  assert.equal(hammer.evidence.ipsOverThreshold, 1);
  assert.match(hammer.fix ?? '', /Block the attacking IPs now/);
  // 36 failures of 12 bots within one hour (30 or more: a distributed attack's count): high.
  const burst = Array.from({ length: 12 }, (_, i) => failures(`198.51.100.${10 + i}`, 3, 120 + i, 1, 1000 + i * 10)).flat();
  const b = finding(await ofLines('burst.log', burst), 'sasl-bruteforce');
  assert.equal(b.severity, 'high');
  assert.ok((b.evidence.peakHourFailedLoginsInLog as number) >= 30);
});

test('Z5 the healthy logs stay without findings', { skip: noCorpus }, async () => {
  assert.deepEqual(order(await run([S('healthy.log')])), []);
  assert.deepEqual(order(await run([CORPUS_HEALTHY])), []);
});

// ------------------------------------------------------------------------------------------------ Z15

test('Z15 samples/incident.log: the cause first, in each severity: the cleanup list before the refusals and the flood they cause', async () => {
  assert.deepEqual(order(await run([S('incident.log')])), [
    'critical compromised-account', 'critical sasl-bruteforce',
    'high queue-cleanup', 'high receivers-refusing', 'high queue-flood',
    'medium backscatter', 'low relay-probing',
  ]);
});

test('Z15 samples/deferred-flood.log: the blocked port 25 before the deferred flood it causes', async () => {
  // Both medium since review AJ (AJ15): the block ended within the log and only refused mail is left.
  assert.deepEqual(order(await run([S('deferred-flood.log')])), ['medium outbound-port-blocked', 'medium queue-flood']);
});

test('Z15 corpus incident: the users\' mail lost to postsuper -d ALL is high and comes before the refusals; the flood is over, low', { skip: noCorpus }, async () => {
  const r = await run([CORPUS_INCIDENT]);
  assert.deepEqual(order(r), [
    'critical compromised-account', 'critical sasl-bruteforce',
    'high queue-deleted', 'high receivers-refusing',
    'medium backscatter', 'medium server-trouble',
    'low queue-flood', 'low relay-probing',
  ]);
  // 4 legitimate messages of takahashi@ and sato@ deleted with the 286 spam: their senders must be told.
  const d = finding(r, 'queue-deleted');
  assert.equal(d.severity, 'high');
  assert.equal(d.evidence.legitimate, 4);
  assert.match(d.title, /286 abuse, and 4 legitimate messages of takahashi@example\.jp, sato@example\.jp lost with them$/);
  // The queue is empty at the end of the log: the flood is over, and nothing is left to hold or delete.
  const q = finding(r, 'queue-flood');
  assert.equal(q.evidence.stillQueued, 0);
  assert.match(q.title, /and the queue was empty at the end of the log \(after postsuper -d ALL deleted 290 at 2026-11-28 22:20\): the flood is over$/);
  assert.match(q.fix ?? '', /^Nothing is left to delete: /);
  assert.doesNotMatch(q.fix ?? '', /postsuper -[hd] - |```/);
  // The same severities and order in Japanese.
  const ja = await run([CORPUS_INCIDENT], 'ja');
  assert.deepEqual(order(ja), order(r));
  assert.match(finding(ja, 'queue-flood').title, /ログの終了時点でキューは空でした。遅延の急増は終わっています$/);
});

test('Z15 queue-flood beside a queue-cleanup finding points to it and does not repeat its hold and delete commands', async () => {
  for (const lang of ['en', 'ja'] as const) {
    const r = await run([S('incident.log')], lang);
    const fix = finding(r, 'queue-flood').fix ?? '';
    assert.match(fix, /queue-cleanup/);
    assert.match(fix, /queue-delete\.txt/);
    assert.doesNotMatch(fix, /postsuper -[hd] - /, lang);
    assert.doesNotMatch(fix, /```/, lang);
    // queue-cleanup keeps them (its rule's text).
    assert.match(r.rules.find((x) => x.id === 'queue-cleanup')!.fix, /postsuper -d - < queue-delete\.txt/);
  }
});

test('Z15 queue-deleted of nothing but spam is info; of mail no abuse explains, medium', async () => {
  const two = (x: number): string => String(x).padStart(2, '0');
  // Three users' messages deferred (their receiver down), then the admin deletes the whole queue; no abuse in the log.
  const lines: string[] = [];
  const ids = ['A1B2C3D4E5', 'A1B2C3D4E6', 'A1B2C3D4E7'];
  ids.forEach((id, i) => {
    lines.push(`Nov 10 09:0${i}:00 mail postfix/pickup[100]: ${id}: uid=1000 from=<user${i}>`,
      `Nov 10 09:0${i}:01 mail postfix/cleanup[101]: ${id}: message-id=<m${i}@example.jp>`,
      `Nov 10 09:0${i}:02 mail postfix/qmgr[102]: ${id}: from=<user${i}@example.jp>, size=900, nrcpt=1 (queue active)`,
      `Nov 10 09:0${i}:03 mail postfix/smtp[103]: ${id}: to=<friend${i}@partner.example>, relay=none, delay=1, delays=0/0/1/0, dsn=4.4.1, status=deferred (connect to mx.partner.example[192.0.2.9]:25: Connection refused)`);
  });
  lines.push(`Nov 10 ${two(11)}:00:00 mail postfix/postsuper[200]: Deleted: 3 messages`);
  const r = await ofLines('deleted-users.log', lines);
  const d = finding(r, 'queue-deleted');
  assert.equal(d.evidence.legitimate, 3);
  assert.equal(d.severity, 'medium');
});

// ------------------------------------------------------------------------------------------------ Z16

test('Z16 samples/deferred-flood.log: deliveries resumed and the last attempts went through: the block is over, no relayhost (review Y, Y13)', async () => {
  for (const lang of ['en', 'ja'] as const) {
    const fix = finding(await run([S('deferred-flood.log')], lang), 'outbound-port-blocked').fix ?? '';
    // No push: what is still queued is refused by its receiver, not held by the block (review AI, AI4).
    assert.ok(!fix.includes('postqueue -f'), `${lang}: ${fix}`);
    assert.ok(!fix.includes('relayhost = '), `${lang}: ${fix}`);
    // The first paragraph says the block is over, with the figures of the title.
    assert.match(fix.split('\n')[0]!, lang === 'en' ? /^The block is over: remote deliveries went through again after it \(66 after 2026-11-17 08:50\)/ : /^ブロックは終わっています。.*66 件/);
  }
});

test('Z16 a block never lifted in the log: confirm it before changing the configuration', async () => {
  const { outboundPortBlockedFix } = await import('../src/detect/rules/outbound-port-blocked.js');
  const { messagesFor } = await import('../src/i18n/index.js');
  const never = { resumed: false, after: 0, last: '2026-11-17 08:50', inForce: true, lastTimeout: '2026-11-17 08:50' };
  for (const fix of [outboundPortBlockedFix(never), outboundPortBlockedFix(null), messagesFor('ja').advice.outboundPortBlocked(never)]) {
    const nc = fix.indexOf('nc -vz -w 5 gmail-smtp-in.l.google.com 25');
    assert.ok(nc >= 0 && nc < fix.indexOf("postconf -e 'relayhost = "), fix);
    assert.ok(fix.startsWith('Confirm the block first') || fix.startsWith('先に、ブロックされていることを'), fix);
  }
});

// ------------------------------------------------------------------------------------------------ Z22

test('Z22 the backscatter check names the server\'s reversed IP, in a block that --redact replaces', async () => {
  const r = await run([S('incident.log')]);
  const fix = finding(r, 'backscatter').fix ?? '';
  assert.match(fix, /^dig \+short 25\.113\.0\.203\.ips\.backscatterer\.org {3}# 203\.0\.113\.25$/m);
  assert.doesNotMatch(fix, /<reversed-ip>/);
  assert.match(finding(await run([S('incident.log')], 'ja'), 'backscatter').fix ?? '', /^dig \+short 25\.113\.0\.203\.ips\.backscatterer\.org/m);
  const { redactReport } = await import('../src/report/redact.js');
  const red = redactReport(r, { key: 'ticket-z22', redactDomains: false });
  const redFix = red.findings.find((f) => f.rule === 'backscatter')!.fix ?? '';
  assert.ok(!redFix.includes('25.113.0.203') && !redFix.includes('203.0.113.25'), redFix);
  assert.doesNotMatch(redFix, /backscatterer\.org {3}#/);
});

test('Z22 reversed names: IPv4 reversed, IPv6 in nibbles; the placeholder only when the IP is unknown', async () => {
  const { backscatterFix, reversedIp } = await import('../src/detect/rules/backscatter.js');
  assert.equal(reversedIp('203.0.113.25'), '25.113.0.203');
  assert.equal(reversedIp('2001:db8::1'), '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2');
  assert.equal(reversedIp('2001:db8:1:2:3:4:5:6'), '6.0.0.0.5.0.0.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2');
  assert.equal(reversedIp('mail.example.jp'), null);
  const advice = { inbound: 'no' as const, luserRelay: false, forgedBy: ['info@example.jp'], queue: { state: 'gone' as const }, forwarded: 0 };
  assert.match(backscatterFix({ ...advice, serverIp: '2001:db8::1' }), /^dig \+short 1\.0\.0\.0(?:\.0)+\.8\.b\.d\.0\.1\.0\.0\.2\.ips\.backscatterer\.org {3}# 2001:db8::1$/m);
  assert.match(backscatterFix({ ...advice, serverIp: '' }), /`dig \+short <reversed-ip>\.ips\.backscatterer\.org`/);
  assert.match(backscatterFix(advice), /<reversed-ip>/);
  // With no cause known, the general text with the IP.
  const general = backscatterFix({ ...advice, forgedBy: [], serverIp: '203.0.113.25' });
  assert.match(general, /smtpd_reject_unlisted_recipient = yes/);
  assert.match(general, /^dig \+short 25\.113\.0\.203\.ips\.backscatterer\.org/m);
});
