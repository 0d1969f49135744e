// Review AL, AL2 (the analyze side): background password guessing that goes for a real account by name is no longer
// "normal … nothing needs to change today". samples/after-fix.log: 22 of the attacking IPs' 92 failures are for
// info@example.jp (21 SMTP AUTH, 1 IMAP), from 13 IPs; its owner logs in with the new password.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../src/report/model.js';
import { shortTitle } from '../src/report/overview.js';
import { evidenceLabel } from '../src/i18n/evidence-labels.js';
import { redactReport } from '../src/report/redact.js';
import { en } from '../src/i18n/en.js';
import { ja } from '../src/i18n/ja.js';
import { CORPUS, ROOT, report } from './helpers.js';

const AFTER = join(ROOT, 'samples', 'after-fix.log');
const CORPUS_HEALTHY = join(CORPUS, 'healthy', 'maillog');
const ROTATED = ['maillog', 'maillog.1', 'maillog.2.gz', 'maillog-20261120.gz'].map((f) => join(ROOT, 'samples', 'rotated', f));

const bruteforce = (r: Report): Report['findings'][number] => {
  const f = r.findings.find((x) => x.rule === 'sasl-bruteforce');
  assert.ok(f, r.findings.map((x) => x.rule).join(', '));
  return f;
};

/** info@example.jp's failed logins per IP, read from the log's lines: Postfix's SMTP AUTH line and Dovecot's IMAP/POP3 login line (each attempt once). */
function infoFailuresInLog(): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of readFileSync(AFTER, 'latin1').split('\n')) {
    // "warning: unknown[106.125.64.253]: SASL LOGIN authentication failed: …, sasl_username=info@example.jp"
    const smtp = /warning: [^[]*\[([^\]]+)\]: SASL \S+ authentication failed: .*sasl_username=info@example\.jp$/.exec(line);
    // "imap-login: Disconnected: … (auth failed, 1 attempts in 2 secs): user=<info@example.jp>, method=PLAIN, rip=182.177.81.45, …"
    const mailbox = /-login: .*\(auth failed, (\d+) attempts? in [^)]*\): user=<info@example\.jp>, .*rip=([^,]+),/.exec(line);
    if (smtp !== null) out.set(smtp[1]!, (out.get(smtp[1]!) ?? 0) + 1);
    if (mailbox !== null) out.set(mailbox[2]!, (out.get(mailbox[2]!) ?? 0) + Number(mailbox[1]));
  }
  return out;
}

const IPS = '106.125.64.253 (3), 146.78.11.168 (3), 80.43.125.180 (3), 116.94.40.111 (2), 171.121.196.21 (2), 94.21.106.166 (2), '
  + '124.122.8.3 (1), 156.101.53.60 (1), 175.221.62.127 (1), 182.177.81.45 (1), 186.126.255.140 (1), 85.149.36.128 (1), 87.103.201.197 (1)';

test('AL2 samples/after-fix.log: info@example.jp, a real account, draws 22 of the 92 failures from 13 IPs: named, low still', async () => {
  const inLog = infoFailuresInLog();
  assert.equal([...inLog.values()].reduce((a, b) => a + b, 0), 22);
  assert.equal(inLog.size, 13);
  const r = await report([AFTER], { year: 2026 });
  const f = bruteforce(r);
  assert.equal(f.severity, 'low');
  assert.equal(f.title, 'Background password guessing: 92 failed logins from 41 IPs in 40 h, none succeeded; 22 of them for info@example.jp, a real account, from 13 IPs');
  assert.equal(f.evidence.failedLoginsFromAttackingIps, 92);
  assert.equal(f.evidence.targetedAccount, 'info@example.jp');
  assert.equal(f.evidence.failuresForTargetedAccount, 22);
  assert.equal(f.evidence.ipsTryingTargetedAccount, 13);
  assert.equal(f.evidence.targetedByIps, IPS);
  for (const [ip, n] of inLog) assert.ok(IPS.includes(`${ip} (${n})`), `${ip} ${n}`);
  // Every one of them is in the blocklist.
  for (const ip of inLog.keys()) assert.ok(f.lists?.['blocklist-ips.txt']?.includes(ip), ip);
  const fix = f.fix ?? '';
  assert.ok(fix.startsWith('Not only the usual guessing: info@example.jp, a real account (it logged in successfully in this log, so these '
    + 'were wrong passwords, not an unknown name), was tried by name 22 times from 13 IPs, 24% of these failed logins. '), fix);
  assert.match(fix, /If its password was changed after a takeover, these are likely the intruder's IPs still trying the old one\. Make sure its password is new and strong/);
  assert.ok(fix.includes('uses the new one. Then block these IPs, with the rest of `blocklist-ips.txt` (the commands are at the end): 106.125.64.253, 146.78.11.168, '
    + '80.43.125.180, 116.94.40.111, 171.121.196.21, 94.21.106.166, 124.122.8.3, 156.101.53.60, 175.221.62.127, 182.177.81.45, '
    + '186.126.255.140, 85.149.36.128, 87.103.201.197.\n'), fix);
  assert.ok(!fix.includes('nothing needs to change today') && !fix.includes('Nothing urgent') && !fix.includes('is not needed'), fix);
  assert.match(fix, /^The rest is the password guessing every mail server on the Internet gets: no IP failed 10 times or more/m);
  assert.match(fix, /^Block the attacking IPs, those that tried info@example\.jp among them: `blocklist-ips\.txt`/m);
  assert.ok(fix.indexOf('Not only the usual guessing') < fix.indexOf('[postfix-sasl]'), 'the account first');
  assert.equal(shortTitle(f, en), 'Password guessing: 92 failed logins from 41 IPs, 22 of them for info@example.jp');
  assert.equal(shortTitle(f, ja), 'パスワード推測攻撃: 41 件の IP アドレスから 92 回のログイン失敗、うち 22 回は info@example.jp');
  for (const k of ['targetedAccount', 'failuresForTargetedAccount', 'ipsTryingTargetedAccount', 'targetedByIps']) {
    const l = evidenceLabel('sasl-bruteforce', k);
    assert.ok(l !== undefined && l.en !== '' && l.ja !== '', k);
  }
});

test('AL2 the Japanese report says the same', async () => {
  const f = bruteforce(await report([AFTER], { year: 2026, lang: 'ja' }));
  assert.equal(f.title, '背景レベルのパスワード推測: 40 時間で、41 件の IP アドレスから 92 回のログイン失敗があり、成功したものはありません。'
    + 'うち 22 回は実在するアカウント info@example.jp に対するもので、13 件の IP アドレスからです');
  const fix = f.fix ?? '';
  assert.ok(fix.startsWith('いつもの推測だけではありません。実在するアカウント info@example.jp（このログでログインしているため、名前ではなくパスワードが'
    + '違っていたものです）が名指しで、13 件の IP アドレスから 22 回試されています（これらのログイン失敗の 24%）。'), fix);
  assert.match(fix, /乗っ取りの後にパスワードを変更したのであれば、これらは古いパスワードを試し続けている侵入者の IP アドレスである可能性が高いです。/);
  assert.ok(fix.includes('使っていることを確認してください。そのうえで、これらの IP アドレスを `blocklist-ips.txt` のほかのアドレスと一緒に遮断してください'
    + '（コマンドは最後にあります）: 106.125.64.253, 146.78.11.168, '), fix);
  assert.ok(!fix.includes('今日変更しなければならないものはありません') && !fix.includes('急ぐ必要はありません'), fix);
  assert.match(fix, /^攻撃元の IP アドレスを遮断します（info@example\.jp を試したものも含みます）。/m);
});

test('AL2 the thresholds: 24% of the failures, 13 IPs; a higher bar leaves the background note as it was', async () => {
  const raised: Array<Record<string, number>> = [
    { 'sasl-bruteforce.targetedAccountPercent': 25 }, { 'sasl-bruteforce.targetedAccountIps': 14 }, { 'sasl-bruteforce.targetedAccountFailures': 23 },
  ];
  for (const t of raised) {
    const f = bruteforce(await report([AFTER], { year: 2026, detect: { thresholds: t } }));
    assert.equal(f.title, 'Background password guessing (normal for a server on the Internet): 92 failed logins from 41 IPs in 40 h, none succeeded', JSON.stringify(t));
    assert.equal(f.evidence.targetedAccount, undefined);
    assert.match(f.fix ?? '', /^Nothing urgent: /);
  }
});

test('AL2 healthy logs and background guessing over made-up names name no account', async () => {
  const logs = [[join(ROOT, 'samples', 'healthy.log')], ROTATED, ...(existsSync(CORPUS_HEALTHY) ? [[CORPUS_HEALTHY]] : [])];
  for (const paths of logs) {
    const r = await report(paths, { year: 2026 });
    for (const f of r.findings) {
      assert.equal(f.evidence.targetedAccount, undefined, `${paths[0]}: ${f.title}`);
      assert.ok(!f.title.includes('a real account'), f.title);
    }
  }
  // samples/rotated: background (52 failures from 28 IPs), the names spread (3 tries at most each).
  const rotated = bruteforce(await report(ROTATED, { year: 2026 }));
  assert.equal(rotated.severity, 'low');
  assert.match(rotated.fix ?? '', /^Nothing urgent: /);
});

test('AL2 --redact: the account and its IPs become pseudonyms, the counts stay; the password advice stays without the list', async () => {
  const f = bruteforce(redactReport(await report([AFTER], { year: 2026 }), { key: 'k', redactDomains: false }));
  assert.match(String(f.evidence.targetedAccount), /^user-[0-9a-f]{12}@example\.jp$/);
  assert.match(String(f.evidence.targetedByIps), /^ip-[0-9a-f]{12} \(3\), ip-[0-9a-f]{12} \(3\), /);
  assert.ok(!JSON.stringify(f).includes('106.125.64.253') && !JSON.stringify(f).includes('info@example.jp'));
  const fix = f.fix ?? '';
  assert.match(fix, /Make sure its password is new and strong \(not the old one with a character changed\), and that every mail client of the account \(phone, laptop, webmail\) uses the new one\./);
  assert.ok(!fix.includes('Then block these IPs'), fix);
});
