// Review AN (does the tool cry wolf on a healthy server?), the overview's words: a note about users' own clients with
// a wrong password is not titled "Password guessing: 0 failed logins from 0 IPs" (AN2), the verdict does not say the
// same sentence twice (AN7), and the last step says "When the fire is out" only after a fire (AN8). Logs are built
// from real line shapes (the corpus, LINES.md) or are the repository's rule fixtures.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, report } from './helpers.js';
import { renderMarkdown } from '../src/render/markdown.js';
import type { Report } from '../src/report/model.js';

async function analyzeLines(lines: string[], lang?: 'ja'): Promise<Report> {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-quiet-'));
  const log = join(dir, 'maillog');
  writeFileSync(log, lines.join('\n') + '\n');
  return report([log], { year: 2026, ...(lang ? { lang } : {}) });
}

const stamp = (s: number): string => `Dec  1 ${String(8 + Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;

// "Nov 28 22:13:21 mail postfix/submission/smtpd[21287]: disconnect from unknown[127.0.10.1] ehlo=2 starttls=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=8"
const authOk = (s: number, ip: string): string =>
  `${stamp(s)} mail postfix/submission/smtpd[21287]: disconnect from unknown[${ip}] ehlo=2 starttls=1 auth=1 quit=1 commands=5`;
// "dovecot: auth: passwd-file(yamada@example.jp,127.0.10.2,<ZyDm9VVhTbx/AAoC>): Password mismatch" and the login
// process's line of the same session (corpus healthy log, line 2874).
const imapFail = (s: number, ip: string, user: string, k: number): string[] => {
  const sid = `ZyDm9VVhTbx/${String(k).padStart(4, '0')}`;
  return [
    `${stamp(s)} mail dovecot: auth: passwd-file(${user},${ip},<${sid}>): Password mismatch`,
    `${stamp(s)} mail dovecot: imap-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs): user=<${user}>, method=PLAIN, rip=${ip}, lip=127.0.0.1, session=<${sid}>`,
  ];
};
// "Nov 28 22:14:00 mail postfix/smtpd[21287]: warning: unknown[127.0.12.34]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=suzuki@example.jp"
const smtpFail = (s: number, ip: string, user: string): string =>
  `${stamp(s)} mail postfix/smtpd[4101]: warning: unknown[${ip}]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=${user}`;

/** The office IP logs in over submission, then polls IMAP with the old password of tanaka@: 12 failures. */
const oldPasswordLines = (): string[] => [
  authOk(0, '192.0.2.50'),
  ...Array.from({ length: 12 }, (_, k) => imapFail(600 + k * 600, '192.0.2.50', 'tanaka@example.jp', k)).flat(),
];

test('AN2: users\' own clients with a wrong password, no guesser: the short title says so with their counts (en, ja)', async () => {
  const en = await analyzeLines(oldPasswordLines());
  const f = en.findings.find((x) => x.rule === 'sasl-bruteforce');
  assert.ok(f !== undefined, en.findings.map((x) => x.rule).join(', '));
  assert.equal(f.evidence.attackingIps, 0);
  assert.equal(f.evidence.failedLoginsFromIpsToCheck, 12);
  const short = en.overview!.findings.find((x) => x.rule === 'sasl-bruteforce')!.short;
  assert.equal(short, 'Wrong passwords from your users\' own clients: 12 failed logins from 1 IP');
  const md = renderMarkdown(en);
  assert.ok(!md.includes('Password guessing: 0 failed logins from 0 IPs'), md.slice(0, 2000));
  assert.match(md, /^### 1\. \[[A-Z]+\] Wrong passwords from your users' own clients: 12 failed logins from 1 IP$/m);

  const ja = await analyzeLines(oldPasswordLines(), 'ja');
  const jaShort = ja.overview!.findings.find((x) => x.rule === 'sasl-bruteforce')!.short;
  assert.equal(jaShort, '利用者自身のクライアントのパスワード誤り: 1 件の IP アドレスから 12 回のログイン失敗');
  assert.ok(!renderMarkdown(ja).includes('パスワード推測攻撃: 0 件'));
});

test('AN2: a guesser keeps its "Password guessing" short title', async () => {
  const names = ['admin', 'info', 'test', 'sales', 'office', 'webmaster', 'support', 'contact', 'user', 'guest'];
  const r = await analyzeLines(Array.from({ length: 12 }, (_, i) => smtpFail(i * 2, '198.51.100.66', names[i % 10]!)));
  assert.equal(r.overview!.findings.find((x) => x.rule === 'sasl-bruteforce')!.short, 'Password guessing: 12 failed logins from 1 IP');
});

test('AN7: the verdict names the refusing receivers once, not again in the sentence after it (en, ja)', async () => {
  const log = join(ROOT, 'test', 'fixtures', 'rules', 'receivers-refusing.log');
  const en = (await report([log], { year: 2026 })).overview!;
  assert.equal(en.verdict, 'Most serious: Gmail, Yahoo, Microsoft and Spamhaus refuse mail from this server.');
  assert.equal(en.details, '');
  const ja = (await report([log], { year: 2026, lang: 'ja' })).overview!;
  assert.match(ja.verdict, /^最も重大な検出事項: .*がこのサーバーからのメールを拒否。$/);
  assert.doesNotMatch(ja.details, /拒否しています/);
});

test('AN8: after blocking a guesser on a quiet day, "Then make the lasting changes", not "When the fire is out" (en, ja)', async () => {
  const names = ['admin', 'info', 'test', 'sales', 'office', 'webmaster', 'support', 'contact', 'user', 'guest'];
  const lines = Array.from({ length: 12 }, (_, i) => smtpFail(i * 2, '198.51.100.66', names[i % 10]!));
  const en = (await analyzeLines(lines)).overview!;
  assert.deepEqual(en.steps.map((s) => s.kind), ['block', 'harden']);
  assert.equal(en.steps[1]!.text, 'Then make the lasting changes the findings give, so that it does not happen again.');
  const ja = (await analyzeLines(lines, 'ja')).overview!;
  assert.equal(ja.steps[1]!.text, '続いて、再発しないよう各検出事項にある恒久的な設定変更を行います。');
});

test('AN8: after a takeover the lasting changes still come "When the fire is out" (en, ja)', async () => {
  const log = join(ROOT, 'samples', 'incident.log');
  const en = (await report([log], { year: 2026 })).overview!;
  assert.equal(en.steps.at(-1)!.kind, 'harden');
  assert.match(en.steps.at(-1)!.text, /^When the fire is out: make the lasting changes/);
  const ja = (await report([log], { year: 2026, lang: 'ja' })).overview!;
  assert.match(ja.steps.at(-1)!.text, /^落ち着いたら: /);
});
