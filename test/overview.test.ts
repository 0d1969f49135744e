// Review Z, Z1/Z2/Z6/Z7: what the admin reads first. A verdict made from the findings and every finding in one line
// at the top of report.md and report.html, the first steps in the order to take them (password, queue, IPs, the
// lasting fixes) with the findings' own commands and the files they read, the comparison's verdict first with
// --baseline, and the result and the report to open at the end of a run on stderr.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS, ROOT, report } from './helpers.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderHtml } from '../src/render/html.js';
import { redactReport } from '../src/report/redact.js';
import { firstClause } from '../src/report/overview.js';
import { messagesFor } from '../src/i18n/index.js';
import type { Report } from '../src/report/model.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const INCIDENT = join(ROOT, 'samples', 'incident.log');
const tmp = (): string => mkdtempSync(join(tmpdir(), 'mf-overview-'));

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The 1-based number of the first finding of `rule`. */
function numberOf(r: Report, rule: string): number {
  const i = r.findings.findIndex((f) => f.rule === rule);
  assert.ok(i >= 0, `no ${rule} finding`);
  return i + 1;
}

let incident: Promise<Report> | null = null;
const incidentReport = (): Promise<Report> => (incident ??= report([INCIDENT], { year: 2026 }));

test('incident: the verdict names the account and the time of the guess, and the steps come in order with their files', async () => {
  const r = await incidentReport();
  const ov = r.overview!;
  assert.equal(ov.state, 'findings');
  assert.equal(ov.verdict, 'The mail account info@example.jp was taken over around 2026-11-25 23:41 and used to send spam.');
  assert.match(ov.details, /^Since then 42 IPs sent 300 messages as it; 219 of them are still queued\./);
  // Every finding, in the report's order, as one short line: never the paragraph of its title.
  assert.deepEqual(ov.findings.map((f) => [f.n, f.rule, f.severity]), r.findings.map((f, i) => [i + 1, f.rule, f.severity]));
  for (const f of ov.findings) assert.ok(f.short.length <= 120, f.short);
  assert.equal(ov.findings[numberOf(r, 'compromised-account') - 1]!.short, 'Account info@example.jp taken over (password guessed 2026-11-25 23:41), used to send spam');
  assert.equal(ov.findings[numberOf(r, 'sasl-bruteforce') - 1]!.short, 'Password guessing: 289 failed logins from 61 IPs; 41.213.169.4 got in');

  assert.deepEqual(ov.steps.map((s) => s.kind), ['account', 'queue', 'block', 'harden']);
  const [account, queue, block, harden] = ov.steps;
  assert.match(account!.text, /^Change the password of info@example\.jp: changing it is what locks the attackers out/);
  assert.deepEqual(account!.findings, [numberOf(r, 'compromised-account')]);
  assert.ok(account!.commands.some((l) => l.startsWith('doveadm pw -s SHA512-CRYPT')), account!.commands.join('\n'));
  assert.ok(account!.commands.some((l) => l.startsWith('doveadm kick info@example.jp')), account!.commands.join('\n'));
  assert.deepEqual(queue!.files, ['queue-delete.txt']);
  assert.deepEqual(queue!.findings, [numberOf(r, 'queue-cleanup')]);
  assert.match(queue!.text, /220 spam messages/);
  assert.ok(queue!.commands.some((l) => l.startsWith('postsuper -h - < queue-delete.txt')));
  assert.ok(queue!.commands.some((l) => l.startsWith('postsuper -d - < queue-delete.txt')));
  assert.deepEqual(block!.files, ['blocklist-ips.txt', 'compromised-ips.txt']);
  assert.deepEqual(block!.findings, [numberOf(r, 'compromised-account'), numberOf(r, 'sasl-bruteforce')].sort((a, b) => a - b));
  assert.match(block!.text, /^Block the 61 IPs that guessed passwords and the 43 IPs that used the account in the firewall\. The first line starts nftables /);
  // The guessers' own nft loop, and the same loop reading compromised-ips.txt.
  assert.ok(block!.commands.includes('grep -v : blocklist-ips.txt | while read ip; do nft add element inet filter blocked_v4 "{ $ip }"; done'), block!.commands.join('\n'));
  assert.ok(block!.commands.includes('grep -v : compromised-ips.txt | while read ip; do nft add element inet filter blocked_v4 "{ $ip }"; done'), block!.commands.join('\n'));
  // Review AG, AG1: both lists are in the set before it is saved for the next boot (the compromised-ips.txt loop came
  // after `nft list set … > /etc/nftables.d/blocklist.nft`: its IPs were unblocked by a reboot).
  const saved = block!.commands.findIndex((l) => l.startsWith('nft list set inet filter blocked_v4 > /etc/nftables.d/blocklist.nft'));
  assert.ok(saved > 0, block!.commands.join('\n'));
  const loops = block!.commands.flatMap((l, i) => (/\bwhile read\b/.test(l) ? [i] : []));
  assert.equal(loops.length, 2, block!.commands.join('\n'));
  for (const i of loops) assert.ok(i < saved, `line ${i} after the save (${saved}):\n${block!.commands.join('\n')}`);
  // The lasting fixes: the account's and the guessing's among them; never the queue's, done in step 2.
  assert.ok(harden!.findings.includes(numberOf(r, 'compromised-account')) && harden!.findings.includes(numberOf(r, 'sasl-bruteforce')));
  assert.ok(!harden!.findings.includes(numberOf(r, 'queue-cleanup')));
  // No step for a low note.
  const low = r.findings.map((f, i) => (f.severity === 'low' ? i + 1 : 0)).filter((n) => n > 0);
  for (const s of ov.steps) for (const n of low) assert.ok(!s.findings.includes(n), `${s.kind} names low finding ${n}`);
});

test('incident report.md: the verdict, the findings in one line and the first steps come before the summary and the findings', async () => {
  const r = await incidentReport();
  const md = renderMarkdown(r);
  const at = (s: string): number => { const i = md.indexOf(s); assert.ok(i >= 0, `missing ${s}`); return i; };
  const verdict = at('**The mail account info@example.jp was taken over around 2026-11-25 23:41 and used to send spam.**');
  assert.ok(at('Period: ') < verdict);
  const steps = at('## First steps (in this order)');
  assert.ok(verdict < at(`- **CRITICAL** Account info@example.jp taken over (password guessed 2026-11-25 23:41), used to send spam ([finding ${numberOf(r, 'compromised-account')}](#finding-${numberOf(r, 'compromised-account')}))`));
  assert.ok(verdict < steps && steps < at('## Summary') && steps < at('## Findings'));
  const top = md.slice(0, at('## Summary'));
  for (const f of ['`queue-delete.txt`', '`blocklist-ips.txt`', '`compromised-ips.txt`']) assert.ok(top.includes(f), f);
  assert.match(top, /^1\. Change the password of info@example\.jp/m);
  assert.match(top, /^2\. Hold the 220 spam messages still queued/m);
  assert.match(top, /^3\. Block the 61 IPs/m);
  assert.match(top, /^4\. When the fire is out/m);
  assert.match(top, /^ {3}postsuper -d - < queue-delete\.txt/m);
});

test('report.html: the verdict and steps above the tiles, charts after the findings, and every in-page link has its target', async () => {
  const r = await incidentReport();
  const html = renderHtml(r, { title: 'Mail log forensics report', charts: [] });
  const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
  const links = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
  assert.ok(links.length > 20);
  for (const l of links) assert.ok(ids.has(l), `#${l} has no target`);
  // Each finding line links to its card, whose id is finding-N.
  for (let n = 1; n <= r.findings.length; n++) {
    assert.ok(ids.has(`finding-${n}`), `card ${n}`);
    assert.match(html, new RegExp(`<li><span class="badge sev-${r.findings[n - 1]!.severity}">[^<]+</span> <a href="#finding-${n}">`));
  }
  const at = (s: string): number => { const i = html.indexOf(s); assert.ok(i >= 0, `missing ${s}`); return i; };
  assert.ok(at('<section id="overview"') < at('<section id="first-steps"'));
  assert.ok(at('<section id="first-steps"') < at('class="kpis"'));
  assert.ok(at('class="kpis"') < at('<section id="findings"'));
  assert.match(html, /<strong>The mail account info@example\.jp was taken over around 2026-11-25 23:41 and used to send spam\.<\/strong>/);
  assert.match(html, /\(finding <a href="#finding-\d+">\d+<\/a>; uses <code>queue-delete\.txt<\/code>\)/);

  // With the charts drawn: the time charts in "Over time", after the findings (review Z, Z1).
  const { renderCharts } = await import('../src/render/charts.js');
  const charted = renderHtml(r, { title: 'Mail log forensics report', charts: await renderCharts(r) });
  const findings = charted.indexOf('<section id="findings"');
  const overTime = charted.indexOf('<section id="over-time"');
  assert.ok(findings > 0 && overTime > findings, 'over-time after findings');
  assert.ok(charted.indexOf('id="chart-messages-per-hour"') > overTime);
  assert.ok(charted.indexOf('<figure') > findings, 'no chart before the findings');
});

test('healthy logs: the calm verdict and no steps', async () => {
  const logs = [join(ROOT, 'samples', 'healthy.log'), join(CORPUS, 'healthy', 'maillog')];
  for (const log of logs) {
    if (!existsSync(log)) continue;
    const r = await report([log], { year: 2026 });
    const ov = r.overview!;
    assert.deepEqual(ov.steps, [], log);
    assert.equal(ov.findings.length, r.findings.length);
    if (r.findings.length === 0) {
      assert.equal(ov.state, 'clean');
      assert.match(ov.verdict, /^No problem found in (\d+ min|[\d.]+ hours?|\d+ days?( \d+ hours?)?) of log \(\d{4}-\d\d-\d\d \d\d:\d\d to \d{4}-\d\d-\d\d \d\d:\d\d\)\.$/, log);
      assert.match(ov.details, /no rule fired\.$/);
    } else {
      assert.equal(ov.state, 'notes', log);
      assert.match(ov.verdict, /^No serious problem found/);
    }
    const md = renderMarkdown(r);
    assert.ok(!md.includes('## First steps'), log);
    assert.ok(md.indexOf(`**${ov.verdict}**`) < md.indexOf('## Summary'));
  }
  const healthy = await report([logs[0]!], { year: 2026 });
  // The verdict says the period's length in the words of the "Period:" line (one formatter, review Z's Z24).
  assert.equal(healthy.overview!.verdict, 'No problem found in 21.4 hours of log (2026-11-10 01:43 to 2026-11-10 23:06).');
  assert.ok(renderMarkdown(healthy).includes('(server local time; the log has no time zone), 21.4 hours;'));
  const healthyJa = await report([logs[0]!], { year: 2026, lang: 'ja' });
  assert.equal(healthyJa.overview!.verdict, '21.4 時間のログ（2026-11-10 01:43 から 2026-11-10 23:06）に問題は見つかりませんでした。');
});

test('an empty or non-mail input: "nothing to analyze", never "no problem"', async () => {
  const dir = tmp();
  const empty = join(dir, 'maillog');
  writeFileSync(empty, '');
  const cron = join(dir, 'cron');
  writeFileSync(cron, 'Nov 28 10:00:01 mail CRON[7]: (root) CMD (run-parts /etc/cron.hourly)\n'.repeat(3));
  for (const log of [empty, cron]) {
    const r = await report([log], { year: 2026 });
    assert.equal(r.overview!.state, 'empty');
    assert.equal(r.overview!.verdict, 'Nothing to analyze: no Postfix or Dovecot line was read from the input.');
    assert.deepEqual(r.overview!.steps, []);
    const md = renderMarkdown(r);
    assert.ok(md.indexOf('**Nothing to analyze') < md.indexOf('> **Warning:**'));
    assert.doesNotMatch(md.slice(0, md.indexOf('## Summary')), /No problem/);
    // No dated line, no period: not the "1 min" of the shortest length (review AJ).
    assert.match(md, /^Period: \*\*–\*\* to \*\*–\*\* \(server local time; the log has no time zone\), no dated line; /m);
    assert.ok(renderHtml(r, { title: 'Mail log forensics report', charts: [] }).includes('(server local time, no dated line)'), 'report.html\'s header');
    assert.ok(renderMarkdown(r, undefined, [], messagesFor('ja')).includes('（サーバーのローカル時刻。ログにタイムゾーンの記載なし）、日付のある行なし。'));
  }
});

test('redacted: the lists redaction withholds are named nowhere in the overview, and their commands are left out', async () => {
  const r = redactReport(await incidentReport(), { key: 'k'.repeat(32), redactDomains: false });
  const ov = r.overview!;
  const json = JSON.stringify(ov);
  for (const list of ['blocklist-ips.txt', 'compromised-ips.txt']) assert.ok(!json.includes(list), list);
  assert.ok(!json.includes('info@example.jp') && !json.includes('41.213.169.4'), 'no real name or IP');
  assert.deepEqual(ov.steps.map((s) => s.kind), ['account', 'queue', 'block', 'harden']);
  // The account's block names the user: a note in the fix, so no command here; the queue's names no one.
  assert.deepEqual(ov.steps[0]!.commands, []);
  assert.deepEqual(ov.steps[1]!.files, ['queue-delete.txt']);
  assert.deepEqual(ov.steps[2]!.files, []);
  assert.match(ov.steps[2]!.text, /redacted/);
  const md = renderMarkdown(r);
  // The warning that says they are not written names them; the verdict, the lines and the steps do not.
  const top = md.slice(0, md.indexOf('## Summary')).split('\n').filter((l) => !l.startsWith('> ')).join('\n');
  assert.ok(!top.includes('blocklist-ips.txt') && !top.includes('compromised-ips.txt'), top);
  assert.ok(top.includes('`queue-delete.txt`'));
});

test('--lang ja: the same steps from the same findings, in Japanese', async () => {
  const en = (await incidentReport()).overview!;
  const ja = (await report([INCIDENT], { year: 2026, lang: 'ja' })).overview!;
  assert.deepEqual(ja.steps.map((s) => [s.kind, s.findings, s.files]), en.steps.map((s) => [s.kind, s.findings, s.files]));
  assert.equal(ja.verdict, 'メールアカウント info@example.jp は 2026-11-25 23:41 頃に乗っ取られ、スパムの送信に使われました。');
  assert.ok(ja.steps[2]!.commands.includes('grep -v : compromised-ips.txt | while read ip; do nft add element inet filter blocked_v4 "{ $ip }"; done'));
  // The block's first line starts nftables.service, whose /etc/nftables.conf begins with flush ruleset: the step says so
  // where it is pasted, not only finding 2 further down (review AJ: ufw's, firewalld's or Docker's rules deleted).
  assert.equal(en.steps[2]!.commands[0], 'nft list table inet filter > /dev/null 2>&1 || systemctl enable --now nftables');
  assert.equal(en.steps[2]!.text, 'Block the 61 IPs that guessed passwords and the 43 IPs that used the account in the firewall. The first line starts '
    + 'nftables when no inet filter table is loaded, and that loads /etc/nftables.conf, which begins with flush ruleset: on a server whose '
    + 'firewall ufw, firewalld or Docker keep, leave that line out (it would delete their rules) and add the IPs with that tool.');
  assert.match(ja.steps[2]!.text, /ufw、firewalld、Docker がファイアウォールを管理しているサーバーでは、その行は実行せず（それらのルールが消えます）/);
  assert.deepEqual(ja.findings.map((f) => f.n), en.findings.map((f) => f.n));
  for (const f of ja.findings) assert.doesNotMatch(f.short, /[a-z]{3,} (?:the|of|from) /, f.short);
});

test('short titles are cut at a clause, never inside a word', () => {
  assert.equal(firstClause('Relay probing: 16 attempts from 8 IPs to send through the server to outside domains between 2026-11-25 10:40 and 2026-11-28 08:49; every one was refused (Relay access denied)'),
    'Relay probing: 16 attempts from 8 IPs to send through the server to outside domains');
  const long = `Something happened: ${'word '.repeat(40)}end`;
  const cut = firstClause(long);
  assert.ok(cut.length <= 112 && cut.endsWith(' …'), cut);
  assert.ok(long.startsWith(cut.slice(0, -2)) && long[cut.length - 2] === ' ', 'cut at a space');
});

test('a cut short title does not end on a word that announces the next (review AG, AG2)', () => {
  // server-trouble on the corpus incident: the cut fell after "and".
  const title = 'Server trouble between 2026-11-28 22:16 and 2026-11-28 22:19: 29 SMTP logins failed because smtpd lost its connection to the '
    + 'authentication server and Dovecot auth logged 22 errors during a password-guessing attack (214 failed logins in the whole log, these 29 among them)';
  assert.equal(firstClause(title), 'Server trouble: 29 SMTP logins failed because smtpd lost its connection to the authentication server …');
  // Several in a row go too, but never below half the length.
  const cut = firstClause(`Trouble: ${'x'.repeat(60)} lost the one to the ${'y'.repeat(30)} and of the more words here and there`);
  assert.ok(cut.endsWith(' …') && !/ (?:and|of|the|to) …$/.test(cut) && cut.length >= 57, cut);
});

test('deferred-flood sample: the first screen names the blocked port with both counts, and no "…." (review AG, AG2)', async () => {
  const path = join(ROOT, 'samples', 'deferred-flood.log');
  const en = (await report([path], { year: 2026 })).overview!;
  assert.equal(en.verdict, 'Most serious: Outgoing port 25 looks blocked: 992 connections to remote mail servers timed out, 1 delivery went through.');
  assert.equal(en.findings[0]!.short, 'Outgoing port 25 looks blocked: 992 connections to remote mail servers timed out, 1 delivery went through');
  const ja = (await report([path], { year: 2026, lang: 'ja' })).overview!;
  assert.equal(ja.findings[0]!.short, '送信ポート 25 がブロックされているようです: 外部のメールサーバーへの接続 992 件がタイムアウト、配送の成功は 1 件のみ');
  // A cut short title ends with "…" and takes no period after it.
  const msg = messagesFor('en');
  assert.equal(msg.overview.worst('Server trouble: 29 SMTP logins failed …'), 'Most serious: Server trouble: 29 SMTP logins failed …');
  assert.equal(msg.overview.worst('Relay probing: 42 attempts'), 'Most serious: Relay probing: 42 attempts.');
});

test('--baseline: the comparison\'s verdict comes first, above the findings and the tiles', () => {
  const dir = tmp();
  const before = join(dir, 'before');
  const after = join(dir, 'after');
  assert.equal(cli(['analyze', INCIDENT, '--year', '2026', '-j', '1', '-q', '-f', 'json', '--out', before]).status, 0);
  const res = cli(['analyze', join(ROOT, 'samples', 'after-fix.log'), '--year', '2026', '-j', '1', '-q', '-f', 'json,md,html', '--baseline', before, '--out', after]);
  assert.equal(res.status, 0, res.stderr);
  const md = readFileSync(join(after, 'report.md'), 'utf8');
  const first = md.indexOf('**Compared with the baseline: Fixed: ');
  assert.ok(first > 0, md.slice(0, 800));
  for (const later of ['## Summary', '## Findings', '## Compared with the baseline', '## First steps']) {
    const i = md.indexOf(later);
    if (i >= 0) assert.ok(first < i, later);
  }
  const html = readFileSync(join(after, 'report.html'), 'utf8');
  const box = html.indexOf('class="verdict verdict-baseline"');
  assert.ok(box > 0 && box < html.indexOf('class="kpis"') && box < html.indexOf('<section id="findings"'));
  assert.match(html, /<strong>Compared with the baseline: Fixed: [^<]+<\/strong> <a href="#compared-with-the-baseline">details below<\/a>/);
  assert.ok(html.includes('<section id="compared-with-the-baseline"'));
});

test('the end of a run on stderr: the findings by severity, one line each, the warnings in full and the report to open', () => {
  const out = join(tmp(), 'rep');
  const res = cli(['analyze', INCIDENT, '--year', '2026', '-j', '1', '-f', 'json,md,html', '--out', out]);
  assert.equal(res.status, 0, res.stderr);
  // stdout still lists the files written, for scripts.
  assert.ok(res.stdout.split('\n').includes(join(out, 'report.html')));
  const lines = res.stderr.trim().split('\n');
  const verdict = lines.indexOf('The mail account info@example.jp was taken over around 2026-11-25 23:41 and used to send spam.');
  assert.ok(verdict > 0, res.stderr);
  const counts = /^(\d+) findings: \d critical, \d high(?:, \d medium)?(?:, \d low)?(?:, \d info)?$/.exec(lines[verdict + 1]!);
  assert.ok(counts, lines[verdict + 1]);
  const total = Number(counts[1]);
  assert.equal(total, (JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report).findings.length);
  assert.ok(lines.includes('  CRITICAL  Account info@example.jp taken over (password guessed 2026-11-25 23:41), used to send spam'), res.stderr);
  assert.ok(lines.some((l) => /^ {2}[A-Z]+ +220 spam messages still queued \(queue-delete\.txt\)$/.test(l)), res.stderr);
  assert.equal(lines.filter((l) => /^ {2}(CRITICAL|HIGH|MEDIUM|LOW|INFO) /.test(l)).length, Math.min(8, total));
  assert.equal(lines[lines.length - 1], `Open: ${join(out, 'report.html')}`);

  // An empty log: the warning itself, not "1 warning (see the report)"; exit code unchanged.
  const dir = tmp();
  const empty = join(dir, 'maillog');
  writeFileSync(empty, '');
  const e = cli(['analyze', empty, '-j', '1', '-f', 'md', '--out', join(dir, 'rep')]);
  assert.equal(e.status, 0, e.stderr);
  assert.match(e.stderr, /^Nothing to analyze: no Postfix or Dovecot line was read from the input\.$/m);
  assert.match(e.stderr, new RegExp(`^Warning: ${empty.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: empty \\(not one line\\)`, 'm'));
  assert.match(e.stderr, new RegExp(`^Open: .*rep/report\\.md$`, 'm'));

  // --quiet stays quiet.
  const q = cli(['analyze', INCIDENT, '--year', '2026', '-j', '1', '-q', '-f', 'json', '--out', join(dir, 'quiet')]);
  assert.equal(q.status, 0);
  assert.equal(q.stderr, '');
  assert.equal(q.stdout, '');
});

test('a clean log\'s details count one recipient in the singular (review AK: "1 message received and 1 recipients delivered")', () => {
  const en = messagesFor('en').overview;
  assert.equal(en.cleanDetails({ received: 1, delivered: 1, authFailures: 3, mailboxFailures: 0 }), '1 message received and 1 recipient delivered; 3 failed SMTP logins, below every threshold; no rule fired.');
  assert.equal(en.cleanDetails({ received: 2, delivered: 0, authFailures: 0, mailboxFailures: 0 }), '2 messages received and 0 recipients delivered; no rule fired.');
});

// Review AN's rest: an office day with one SMTP typo and two IMAP ones said "1 failed SMTP login, below every threshold".
test('a clean log\'s details count IMAP/POP3 failed logins beside the SMTP ones, in English and Japanese', () => {
  const en = messagesFor('en').overview;
  const ja = messagesFor('ja').overview;
  assert.equal(en.cleanDetails({ received: 117, delivered: 145, authFailures: 1, mailboxFailures: 2 }),
    '117 messages received and 145 recipients delivered; 1 failed SMTP login and 2 failed IMAP/POP3 logins, below every threshold; no rule fired.');
  assert.equal(en.cleanDetails({ received: 3, delivered: 3, authFailures: 0, mailboxFailures: 1 }),
    '3 messages received and 3 recipients delivered; 1 failed IMAP/POP3 login, below every threshold; no rule fired.');
  assert.match(ja.cleanDetails({ received: 117, delivered: 145, authFailures: 1, mailboxFailures: 2 }), /SMTP のログイン失敗 1 回、IMAP\/POP3 のログイン失敗 2 回（いずれもしきい値未満）/);
  assert.doesNotMatch(ja.cleanDetails({ received: 3, delivered: 3, authFailures: 0, mailboxFailures: 1 }), /SMTP/);
});
