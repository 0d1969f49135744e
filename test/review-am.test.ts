// Review AM, AM3, AM4, AM5 and AM9: the DMARC report address to create, the csv files cut at --top, the Dovecot
// failure files' descriptions, and the port of the connection failures.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, report, runCli } from './helpers.js';
import { renderCsv } from '../src/render/csv.js';
import { folderWords } from '../src/i18n/folder.js';

const dir = mkdtempSync(join(tmpdir(), 'review-am-'));

test('AM9: connection failures have the port in a `port` field and column, no `dsn` (the line has no DSN)', async () => {
  // maillog:925 of the corpus incident: "connect to 127.0.1.6[127.0.1.6]:25: Connection refused".
  const path = join(dir, 'connect.log');
  writeFileSync(path, [
    'Nov 28 22:10:00 mail postfix/smtp[22054]: connect to 127.0.1.6[127.0.1.6]:25: Connection refused',
    'Nov 28 22:10:01 mail postfix/smtp[22054]: connect to 127.0.1.6[127.0.1.6]:25: Connection refused',
    'Nov 28 22:10:02 mail postfix/smtp[22055]: connect to 127.0.1.7[127.0.1.7]:587: Connection timed out',
  ].join('\n') + '\n');
  const r = await report([path], { year: 2026 });
  assert.deepEqual(r.connectFailureReasons.map((x) => ({ ...x, example: x.example?.line })), [
    { reason: 'Connection refused', count: 2, port: '25', example: 1 },
    { reason: 'Connection timed out', count: 1, port: '587', example: 3 },
  ]);
  const csv = String(renderCsv(r).find((f) => f.path === 'csv/connectFailureReasons.csv')!.content).split('\r\n');
  assert.equal(csv[0], '\uFEFFreason,count,port,exampleFile,exampleLine,exampleText');
  assert.equal(csv[1], 'Connection refused,2,25,connect.log,1,Nov 28 22:10:00 mail postfix/smtp[22054]: connect to 127.0.1.6[127.0.1.6]:25: Connection refused');
  // The other reasons tables keep their dsn column.
  const rejects = String(renderCsv(r).find((f) => f.path === 'csv/rejectReasons.csv')!.content);
  assert.equal(rejects.split('\r\n')[0], '\uFEFFreason,count,dsn,exampleFile,exampleLine,exampleText');
});

test('AM5: the Dovecot failure files are every login Dovecot refused, SMTP AUTH through Postfix included, not IMAP/POP3 only', () => {
  const en = folderWords('en').csv;
  const ja = folderWords('ja').csv;
  assert.equal(en.dovecotAuthFailuresByUser, 'logins Dovecot refused (SMTP AUTH through Postfix, and IMAP/POP3) by user name tried');
  assert.equal(en.dovecotAuthFailuresByIp, 'logins Dovecot refused (SMTP AUTH through Postfix, and IMAP/POP3) by client IP');
  assert.equal(ja.dovecotAuthFailuresByUser, 'Dovecot が拒否したログイン（Postfix 経由の SMTP AUTH と IMAP/POP3。試されたユーザー名ごと）');
  assert.equal(ja.dovecotAuthFailuresByIp, 'Dovecot が拒否したログイン（Postfix 経由の SMTP AUTH と IMAP/POP3。接続元 IP ごと）');
});

test('AM4: README.txt, report.md and ticket.md say which csv files are cut at --top; the Envelope senders table says how many it shows', () => {
  const log = join(dir, 'senders.log');
  const lines: string[] = [];
  ['a@example.jp', 'a@example.jp', 'a@example.jp', 'b@example.jp', 'b@example.jp', 'c@example.org'].forEach((s, i) => {
    const q = `B${String(i + 1).padStart(7, '0')}`;
    const t = `Nov 28 22:${10 + i}:00 mail`;
    lines.push(`${t} postfix/smtpd[300${i}]: connect from mx.example.net[198.51.100.${i + 1}]`,
      `${t} postfix/smtpd[300${i}]: ${q}: client=mx.example.net[198.51.100.${i + 1}]`,
      `${t} postfix/qmgr[500]: ${q}: from=<${s}>, size=900, nrcpt=1 (queue active)`,
      `${t} postfix/smtp[600${i}]: ${q}: to=<x${i}@example.com>, relay=mx.example.com[192.0.2.1]:25, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 ok)`,
      `${t} postfix/qmgr[500]: ${q}: removed`);
  });
  writeFileSync(log, lines.join('\n') + '\n');
  for (const lang of ['en', 'ja'] as const) {
    const out = join(dir, `out-${lang}`);
    const run = runCli(['analyze', log, '--year', '2026', '--top', '2', '--lang', lang, '-q', '-o', out]);
    assert.equal(run.status, 0, run.stderr);
    const readme = readFileSync(join(out, 'README.txt'), 'utf8').split('\n');
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    const ticket = readFileSync(join(out, 'ticket.md'), 'utf8');
    const entry = (p: string): string => readme.find((l) => l.startsWith(p + ' '))!.slice(p.length).trim();
    if (lang === 'en') {
      assert.equal(readme[2], 'What this run wrote next to this report, one file a line (a csv/ file marked "cut at --top 2" has the rows of the report\'s table, as report.json does; --top 0 writes every row):');
      assert.equal(entry('csv/bySender.csv'), 'envelope senders: messages and what became of them (cut at --top 2, as in the report)');
      assert.equal(entry('csv/byClientIp.csv'), 'client IPs: connections, messages, failed logins and rejects of each IP (cut at --top 2, as in the report)');
      assert.equal(entry('csv/topAttackingIps.csv'), 'the 15 IPs with the most failed logins, with their counts (blocklist-ips.txt lists every attacking IP)');
      assert.equal(entry('csv/stillQueued.csv'), 'the messages still queued at the end of the log, all of them (the legitimate column tells the users\' mail)');
      assert.ok(md.includes('\n| b@example.jp | 2 | 2 | 2 | 0 | 0 | 0 |\n\n2 of the 3 envelope senders: the 2 with the most messages; 1 sender is not shown (`--top 0` shows every sender).\n'), md);
      assert.match(ticket, /\n- `csv\/`: the tables of the report for spreadsheets \(\d+ CSV files\); those the report cuts are cut at --top 2 here too \(README\.txt says which; --top 0 writes every row\)\n/);
    } else {
      assert.equal(readme[2], 'この実行がレポートと同じフォルダーに書いたファイルです（1 行に 1 ファイル。「--top 2 で省略」とある csv/ のファイルは、report.json と同じくレポートの表の行だけを持ちます。--top 0 ですべての行を書きます）:');
      assert.equal(entry('csv/bySender.csv'), 'エンベロープ送信者: メール数とその結果（レポートと同じく --top 2 で省略）');
      assert.equal(entry('csv/topAttackingIps.csv'), 'ログイン失敗の多い 15 件の IP アドレスとその件数（攻撃元の IP はすべて blocklist-ips.txt にあります）');
      assert.ok(md.includes('\n\nエンベロープ送信者 3 件のうち、メールの多い 2 件を表示しています。表示していない送信者は 1 件です（`--top 0` ですべて表示）。\n'), md);
      assert.match(ticket, /\n- `csv\/`: レポートの表（表計算ソフト用、CSV ファイル \d+ 個）。レポートで省略した表はここでも --top 2 で省略しています（どの表かは README\.txt に。--top 0 ですべての行を書きます）\n/);
    }
  }
  // --top 0: every row, no mark, no note.
  const all = join(dir, 'out-all');
  assert.equal(runCli(['analyze', log, '--year', '2026', '--top', '0', '-q', '-o', all]).status, 0);
  const readme = readFileSync(join(all, 'README.txt'), 'utf8');
  assert.ok(readme.includes('\n\nWhat this run wrote next to this report, one file a line (--top 0: the csv/ files and report.json have every row of the report\'s tables):\n'));
  assert.ok(!readme.includes('cut at --top'));
  assert.ok(!readFileSync(join(all, 'report.md'), 'utf8').includes('of the 3 envelope senders'));
});

test('AM3: the DMARC record\'s report address is to be created first: advice and dns-records.txt say how, en and ja', async () => {
  // 12 messages of tanaka@example.jp refused by Gmail, "550-5.7.26 … SPF check for [example.jp] did not pass" (the reviewer's run).
  const log = join(ROOT, 'test', 'fixtures', 'rules', 'review-am-dmarc.log');
  const en = await report([log], { year: 2026, lang: 'en' });
  const f = en.findings.find((x) => x.rule === 'receivers-refusing')!;
  assert.equal(f.evidence.dmarcRecord, '_dmarc.example.jp. TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.jp"');
  const notes = f.lists!['dns-records.txt']!;
  assert.equal(notes[2], '; 3. DMARC starts at p=none: read the rua reports, then move to p=quarantine once all your mail passes SPF or DKIM. '
    + 'Create dmarc-reports@example.jp before publishing, or Postfix refuses the reports as User unknown: an alias to a real mailbox '
    + 'in /etc/postfix/virtual (dmarc-reports@example.jp  you@example.jp), postmap /etc/postfix/virtual, check: '
    + 'postmap -q dmarc-reports@example.jp hash:/etc/postfix/virtual; or put a mailbox that exists in rua=mailto:.');
  assert.ok(f.fix!.includes('\n\nThe DMARC record sends its reports to `dmarc-reports@example.jp`: create that address first, or Postfix '
    + 'refuses them as "User unknown" and there are none to read. An alias to a real mailbox in the virtual alias map '
    + '(`dmarc-reports@example.jp  you@example.jp` in `/etc/postfix/virtual`), then `postmap /etc/postfix/virtual`; check: '
    + '`postmap -q dmarc-reports@example.jp hash:/etc/postfix/virtual` prints the mailbox. Or put a mailbox that exists in `rua=mailto:`.'), f.fix);
  const ja = (await report([log], { year: 2026, lang: 'ja' })).findings.find((x) => x.rule === 'receivers-refusing')!;
  assert.equal(ja.lists!['dns-records.txt']![2], '; 3. DMARC は p=none から始めます。rua のレポートを読み、すべてのメールが SPF か DKIM に通るようになってから p=quarantine に移行します。'
    + '公開する前に dmarc-reports@example.jp を作ってください。ないと Postfix がレポートを User unknown で拒否します。/etc/postfix/virtual に実在する'
    + 'メールボックスへのエイリアス（dmarc-reports@example.jp  you@example.jp）を追加して postmap /etc/postfix/virtual、確認: '
    + 'postmap -q dmarc-reports@example.jp hash:/etc/postfix/virtual。既存のメールボックスを rua=mailto: に書いてもかまいません。');
  assert.ok(ja.fix!.includes('\n\nDMARC レコードはレポートを `dmarc-reports@example.jp` に送らせます。先にこのアドレスを作ってください。'
    + 'ないと Postfix がレポートを「User unknown」で拒否し、読むレポートが届きません。仮想エイリアスのマップに実在するメールボックスへの'
    + 'エイリアスを追加し（`/etc/postfix/virtual` に `dmarc-reports@example.jp  you@example.jp`）、`postmap /etc/postfix/virtual` を実行します。'
    + '確認: `postmap -q dmarc-reports@example.jp hash:/etc/postfix/virtual` でメールボックスが表示されます。'
    + '既存のメールボックスを `rua=mailto:` に書いてもかまいません。'), ja.fix);
});
