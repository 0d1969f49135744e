// Review AP: the Japanese outputs as a Japanese mail administrator (report.md, README.txt, compare.md, the charts) and
// the client's non-technical manager (ticket.md) read them, on real runs: the corpus incident, samples/incident.log
// and samples/after-fix.log. English left in the Japanese output (AP2, AP11), rule ids and report.json keys where the
// reader has only the finding's number and the table's words (AP1, AP4), one word per thing (AP5, AP6, AP8) and the
// counters of what is counted (AP7).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS, ROOT } from './helpers.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const SAMPLE = join(ROOT, 'samples', 'incident.log');
const AFTER_FIX = join(ROOT, 'samples', 'after-fix.log');
const CORPUS_INCIDENT = join(CORPUS, 'incident', 'maillog');
const noCorpus = !existsSync(CORPUS_INCIDENT) ? 'corpus not found' : false;

function cli(args: string[]): string {
  const out = mkdtempSync(join(tmpdir(), 'mf-ap-'));
  const r = spawnSync(process.execPath, [CLI, ...args, '-q', '-o', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return out;
}

const runs = new Map<string, string>();
/**
 * One analyze run per log and language, shared by the tests. Every format (the charts and README.txt are read) but
 * for the English run of the corpus, whose tests read only ticket.md and report.md: `-f md` (no html: no charts drawn).
 */
function analyze(log: string, lang: 'en' | 'ja'): string {
  const key = `${log} ${lang}`;
  const formats = log === CORPUS_INCIDENT && lang === 'en' ? ['-f', 'md'] : [];
  if (!runs.has(key)) runs.set(key, cli(['analyze', log, '--year', '2026', '-j', '1', '--lang', lang, ...formats]));
  return runs.get(key)!;
}

const read = (dir: string, f: string): string => readFileSync(join(dir, f), 'utf8');

/** Markdown without its code blocks, code spans and log lines: the words the reader reads. */
function prose(md: string): string {
  return md.replace(/```[\s\S]*?```/g, '').replace(/^\s*- [^:\n]+:\d+: `.*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** The rows of a finding's evidence table in report.md: "| words | value |". */
function evidenceRow(md: string, words: string): string | undefined {
  return md.split('\n').find((l) => l.startsWith(`| ${words} | `));
}

test('AP1 corpus incident: ticket.md names the other findings by number and name, never by rule id, and the first steps by their heading', { skip: noCorpus }, () => {
  const ticket = read(analyze(CORPUS_INCIDENT, 'ja'), 'ticket.md');
  // Was "（compromised-account、backscatter の検出事項）", "sasl-bruteforce の検出事項", "queue-deleted の検出事項を参照".
  assert.doesNotMatch(prose(ticket), /[a-z]+-[a-z-]+ の検出事項/);
  assert.ok(ticket.includes('**対処方法:** まず評価を下げている原因（検出事項 1（不正利用されたメールアカウント）、検出事項 5（バックスキャッター））を止めます。'), ticket);
  assert.ok(ticket.includes('攻撃元を遮断すれば（検出事項 2（パスワード推測攻撃）、fail2ban）止まります。'), ticket);
  // No space between Japanese words: "…どれだったかは検出事項 3（…）を参照".
  assert.ok(ticket.includes('そのうち利用者自身のメールがどれだったかは検出事項 3（postsuper -d ALL によるキューの削除）を参照'), ticket);
  // Was "（コマンドは上の「最初の対応」の手順 1 です）" under a heading "最初にすること（この順に）".
  assert.ok(ticket.includes('\n## 最初にすること（この順に）\n'));
  assert.ok(ticket.includes('お使いのユーザーデータベースに合わせてください）。コマンドは上の「最初にすること」の手順 1 にあります。'), ticket);
  assert.doesNotMatch(ticket, /最初の対応/);
  assert.doesNotMatch(read(analyze(CORPUS_INCIDENT, 'ja'), 'README.txt'), /最初の対応/);
  // The English ticket the same way (its report.md links them already).
  const en = read(analyze(CORPUS_INCIDENT, 'en'), 'ticket.md');
  assert.ok(en.includes('First stop what hurts the reputation (finding 1 (compromised mail account) and finding 5 (backscatter)).'), en);
  assert.doesNotMatch(prose(en), /\b(compromised-account|sasl-bruteforce|queue-deleted|backscatter) findings?\b/);
});

test('AP2 corpus incident: no English words in the Japanese evidence values ("and 1 more", "no", "auth") nor in the inputs table ("plain")', { skip: noCorpus }, () => {
  const md = read(analyze(CORPUS_INCIDENT, 'ja'), 'report.md');
  assert.doesNotMatch(md, / and \d+ more\b/);
  assert.doesNotMatch(md, /^\| [^|]+ \| (yes|no|auth|plain) \|/m);
  assert.equal(evidenceRow(md, 'SPF/DKIM に失敗したドメイン（拒否数）'),
    '| SPF/DKIM に失敗したドメイン（拒否数） | aeon.co.jp（15）、jcb.co.jp（14）、smbc-card.com（13）、mufg.jp（12）、amazon.co.jp（10）、apple.com（6）、paypal.com（6）、mercari.com（3）ほか 1 件 |');
  assert.equal(evidenceRow(md, '自社ドメインが含まれるか'), '| 自社ドメインが含まれるか | いいえ |');
  assert.equal(evidenceRow(md, '障害の種類'), '| 障害の種類 | 認証サービス |');
  // A list of names as the title lists them: "Gmail、Microsoft、Yahoo がこのサーバーからのメールを拒否".
  assert.equal(evidenceRow(md, '受信側'), '| 受信側 | Gmail、Microsoft、Yahoo |');
  assert.match(md, /^\| maillog \| テキスト \| 3,137,071 \|/m);
  // report.json keeps the values as they are: its contract.
  const json = JSON.parse(read(analyze(CORPUS_INCIDENT, 'ja'), 'report.json')) as { findings: Array<{ rule: string; evidence: Record<string, unknown> }> };
  const refusing = json.findings.find((f) => f.rule === 'receivers-refusing')!;
  assert.equal(refusing.evidence.ourDomainAmongThem, 'no');
  assert.match(String(refusing.evidence.domainsFailingAuthentication), / and 1 more$/);
});

test('AP4 corpus incident: the advice points at evidence rows by the table\'s words, not by report.json keys', { skip: noCorpus }, () => {
  const md = read(analyze(CORPUS_INCIDENT, 'ja'), 'report.md');
  // Was "（根拠の `usersMailRefused`）", "（根拠の `domainsFailingAuthentication`）": keys the Japanese table never shows.
  assert.doesNotMatch(md, /根拠の `/);
  assert.ok(md.includes('認証なし（5.7.26、5.7.27）: 受信側が確認したのは他者のドメインだけです（根拠の「SPF/DKIM に失敗したドメイン」）。'), md);
  assert.ok(md.includes('宛先 2 件（根拠の「このサーバーを拒否している受信側でバウンスした利用者のメール」）、送信者は sato@example.jp、takahashi@example.jp です。'), md);
  const label = evidenceRow(md, 'このサーバーを拒否している受信側でバウンスした利用者のメール（受け付けられるようになってから再送）');
  assert.equal(label, '| このサーバーを拒否している受信側でバウンスした利用者のメール（受け付けられるようになってから再送） | 2 通 |');
});

test('AP5/AP6/AP7/AP8 corpus incident: one word per thing (バウンス, ログイン失敗, 利用者) and the counter of what is counted', { skip: noCorpus }, () => {
  const dir = analyze(CORPUS_INCIDENT, 'ja');
  const md = read(dir, 'report.md');
  const ticket = read(dir, 'ticket.md');
  for (const text of [md, ticket]) {
    assert.doesNotMatch(text, /差し戻/, 'バウンス, as everywhere else');
    assert.doesNotMatch(text, /認証失敗|認証の失敗/, 'ログイン失敗, as the findings say');
    assert.doesNotMatch(text, /自社ユーザー|ユーザー自身/, '利用者, as the findings say');
  }
  assert.ok(md.includes('2. takahashi@example.jp、sato@example.jp に、postsuper -d ALL で削除された 4 通を'), 'a list in a Japanese sentence: 、');
  assert.ok(md.includes('そのうち 1 件は、このサーバーからのメールを拒否している受信側でバウンスした宛先です。'));
  assert.ok(md.includes('\n## ログイン失敗\n'));
  assert.ok(md.includes('- [配送遅延とログイン失敗の推移](charts/deferrals-and-auth-failures-per-hour.svg)'));
  assert.match(read(join(dir, 'charts'), 'deferrals-and-auth-failures-per-hour.svg'), />ログイン失敗（1 分あたり）</);
  // Failed logins are counted with 回 (evidence-labels.ts): was "SMTP のログインが 29 件失敗しました".
  assert.ok(ticket.includes('サーバーの障害: smtpd が認証サーバーとの接続を失ったため、SMTP のログインが 29 回失敗しました'), ticket);
  assert.ok(md.includes('（ログ全体のログイン失敗 214 回、上の 29 回を含む）'));
  // IP addresses with 件, as the evidence counts them: was "クライアント IP 115 個のうち 58 個".
  assert.match(md, /\nクライアント IP 115 件のうち 58 件を表示しています/);
  assert.ok(ticket.includes('- **低** メール 300 通で配送の遅延 5,920 回（検出事項 7）'));
  assert.ok(md.includes('で削除されるまで配送待ちだったものを含む）') && md.includes('キューに残っているメールはなく、これらの宛先の 78.9% には配送されていません'), 'not "0 通がキューに残っており"');
});

test('AP7 samples: compare --lang ja counts each finding\'s number with its own counter (通, 回), its chart says ログイン失敗', () => {
  const before = analyze(SAMPLE, 'ja');
  const after = cli(['analyze', AFTER_FIX, '--year', '2026', '-j', '1', '--lang', 'ja', '-f', 'json']); // compare reads report.json only
  const cmp = cli(['compare', before, after, '--lang', 'ja']);
  const md = read(cmp, 'compare.md');
  // Was "送信したメール: 対策前 304 件（1 時間あたり 4.05 件）", "ログインの失敗: 対策前 289 件", "不正なメール: 対策前 220 件".
  assert.ok(md.includes('送信したメール: 対策前 304 通（1 時間あたり 4.05 通）、対策後は 7 通（1 時間あたり 0.16 通）'), md);
  assert.ok(md.includes('ログイン失敗: 対策前 289 回（1 時間あたり 3.85 回）、対策後 92 回（1 時間あたり 2.17 回）'), md);
  assert.ok(md.includes('キューに残っている不正なメール: 対策前 220 通、対策後は 0 通。'), md);
  assert.ok(md.includes('受信側の拒否: 対策前 145 件（1 時間あたり 1.93 件）、対策後は 0 件。'), 'refusals stay 件');
  assert.ok(md.includes('ログイン失敗 92 回のうち 22 回は実在するアカウント info@example.jp を狙ったものです: 1 時間あたりのログイン失敗 2.17 回、対策前 3.85 回'));
  assert.ok(md.includes('- [ログイン失敗（対策前と対策後）](charts/compare-auth-failures-per-hour.svg)'));
  assert.ok(md.includes('\n### 配送遅延の原因（受信側と原因ごとの配送遅延の試行回数）\n'), 'no brackets in brackets');
  assert.ok(md.includes('\n### ローカルプログラム（sendmail）（外部ドメインの宛先数）\n'), 'as the report names the table');
  assert.doesNotMatch(prose(md), /compromised-account の検出事項/);
});

test('AP11 samples/incident.log --lang ja: the charts carry no English words of vega ("Title text …"), only their Japanese <title>', () => {
  const dir = join(analyze(SAMPLE, 'ja'), 'charts');
  const svgs = readdirSync(dir).filter((f) => f.endsWith('.svg'));
  assert.ok(svgs.length >= 6);
  for (const f of svgs) {
    const svg = read(dir, f);
    assert.doesNotMatch(svg, /Title text|Subtitle text/, f);
    assert.match(svg, /^<svg role="img" aria-labelledby="[^"]+-title"/, f);
  }
});

test('AP12 corpus incident: a Japanese lead paragraph is whole sentences, each with its 。 (not cut inside a bracket)', { skip: noCorpus }, () => {
  const dir = analyze(CORPUS_INCIDENT, 'ja');
  const ticket = read(dir, 'ticket.md');
  // Was "…127.66.6.6 はその後 SMTP AUTH でログインに成功しており、パスワードが推測されています" (no 。).
  assert.ok(ticket.includes('127.66.6.6 はその後 SMTP AUTH でログインに成功しており、パスワードが推測されています。\n'), ticket);
  // Was "…これらの宛先の 78.9% には配送されていません（バウンス、期限切れ、および postsuper -d ALL …": cut at its last sentence.
  assert.ok(ticket.includes('このアカウントの送信先の外部ドメインはログ全体で 15 件です。\n'), ticket);
  assert.doesNotMatch(ticket, /postsuper -d ALL …\n/);
  const md = read(dir, 'report.md');
  const leads = md.split('\n### ').slice(1).filter((card) => /^\d+\. \[/.test(card)).map((card) => card.split('\n\n')[1] ?? '')
    .filter((p) => !p.startsWith('- '));
  assert.ok(leads.length >= 5, leads.join('\n'));
  for (const p of leads) assert.match(p, /。$/, p);
  // English leads are as the rules write them.
  assert.ok(read(analyze(CORPUS_INCIDENT, 'en'), 'report.md').includes('127.66.6.6 then logged in over SMTP AUTH: a password was guessed\n'));
});

test('AP4 corpus incident --lang en: the English advice names the evidence rows by the table\'s words too', { skip: noCorpus }, () => {
  const md = read(analyze(CORPUS_INCIDENT, 'en'), 'report.md');
  assert.doesNotMatch(md, /\(evidence `/);
  assert.ok(md.includes('the receivers checked other people\'s domains only (evidence "Domains that failed SPF/DKIM"): your server sent mail with forged senders'), md);
  assert.ok(md.includes('| Domains that failed SPF/DKIM (refusals) | '));
});
