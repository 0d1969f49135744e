// The "Mailbox logins (IMAP/POP3)" section of report.md and report.html and the CSV files of report.mailboxLoginsByUser:
// who opened which mailbox, from where. Known answers from real logs: the corpus's Dovecot 2.3.19 lines (yamada@ by
// POP3 from 127.0.11.55 twice and by IMAP from 127.0.10.2 once, …) and samples/incident.log, whose compromised-account
// finding says info@'s mailbox was opened from 177.138.12.246. A generated log of one user on 1,001 IPs checks the
// inline cut and the list report.json cuts at 1,000. The sample is analysed and drawn in-process (once per language and
// --top, as `analyze` does with its default options); the command line runs once, with --redact-key.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { CORPUS, ROOT, markdownSection as section, markdownRows as rows, report, redactionHash } from './helpers.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderReport } from '../src/render/index.js';
import { ja } from '../src/i18n/index.js';
import type { Report } from '../src/report/model.js';
import { emptyReport } from './fixtures/render/reports.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const SAMPLE = join(ROOT, 'samples', 'incident.log');
const INCIDENT = join(CORPUS, 'incident', 'maillog');
const HEAD = '| User | Logins | Client IPs | Protocols | First | Last | Client IPs with the most logins |';

/** Runs `analyze` on the sample (classic stamps of 2026) with `args`; returns the output directory. */
function analyze(args: string[]): string {
  const out = mkdtempSync(join(tmpdir(), 'mf-mailbox-'));
  const r = spawnSync(process.execPath, [CLI, 'analyze', SAMPLE, '--year', '2026', '-j', '1', '-q', '-o', out, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return out;
}

const analysed = new Map<string, Promise<Report>>();
/**
 * The sample's report as `analyze SAMPLE --year 2026` makes it (--top 50, every format) with `opts` over that,
 * analysed once per file and options; a deep copy every call (tests may change it).
 */
async function sampleReport(opts: { top?: number; lang?: 'en' | 'ja'; formats?: string[] } = {}): Promise<Report> {
  const key = JSON.stringify(opts);
  let r = analysed.get(key);
  if (r === undefined) analysed.set(key, r = report([SAMPLE], { year: 2026, top: 50, formats: ['json', 'md', 'html', 'csv'], ...opts }));
  return structuredClone(await r);
}

/** The <section> of report.html with that id. */
function htmlSection(page: string, id: string): string {
  const m = new RegExp(`<section id="${id}"[^>]*>[\\s\\S]*?</section>`).exec(page);
  assert.ok(m, `no section #${id} in report.html`);
  // The text as shown: the <wbr>s of addresses (render/break-points.ts) are no characters.
  return m[0].replace(/<wbr>/g, '');
}

/** A CSV file's text (a byte order mark, then CRLF lines): its rows as objects by column name. */
function csvRows(text: string): Array<Record<string, string>> {
  assert.ok(text.startsWith('\uFEFF'));
  const res = Papa.parse<Record<string, string>>(text.slice(1), { header: true, newline: '\r\n', skipEmptyLines: true });
  assert.deepEqual(res.errors, []);
  return res.data;
}

/** A CSV file written by the run: its rows as objects by column name. */
function csv(dir: string, name: string): Array<Record<string, string>> {
  return csvRows(readFileSync(join(dir, 'csv', name), 'utf8'));
}

async function files(r: Report, formats: string[]): Promise<Map<string, string>> {
  return new Map((await renderReport(r, formats, { title: 'T' })).map((f) => [f.path, String(f.content)]));
}

test('corpus (Dovecot 2.3.19): every mailbox user with its logins, IPs and protocols, in md, html and csv', { skip: !existsSync(INCIDENT) ? 'corpus not found' : false }, async () => {
  const r = await report([INCIDENT], { year: 2026, top: 50, formats: ['json', 'md', 'html', 'csv'] });
  const out = await files(r, ['md', 'html', 'csv']);
  const sec = section(out.get('report.md')!, 'Mailbox logins (IMAP/POP3)');
  assert.ok(sec.includes(`${HEAD}\n| --- | ---: | ---: | --- | --- | --- | --- |\n`));
  // From the log's ten "Login: user=<…>" lines; yamada@ used POP3 from one client and IMAP from another: its column
  // counts each, and each IP says which; the other users' one protocol is in its column only.
  assert.deepEqual(rows(sec), [
    '| yamada@example.jp | 3 | 2 | POP3 2, IMAP 1 | 2026-11-28 22:15:41 | 2026-11-28 22:17:01 | 127.0.11.55 POP3 2×, 127.0.10.2 IMAP 1× |',
    '| suzuki@example.jp | 2 | 2 | IMAP | 2026-11-28 22:16:46 | 2026-11-28 22:17:39 | 127.0.10.1 1×, 127.0.10.2 1× |',
    '| tanaka@example.jp | 2 | 2 | IMAP | 2026-11-28 22:16:04 | 2026-11-28 22:17:40 | 127.0.10.2 1×, 127.0.11.21 1× |',
    '| sato@example.jp | 2 | 1 | IMAP | 2026-11-28 22:17:13 | 2026-11-28 22:17:45 | 127.0.10.2 2× |',
    '| takahashi@example.jp | 1 | 1 | IMAP | 2026-11-28 22:16:27 | 2026-11-28 22:16:27 | 127.0.11.80 1× |',
  ]);
  // Every user fits in --top 50: no cut note. The clients are "unknown" to Postfix: no reverse name beside the IPs.
  assert.ok(!sec.includes('are shown'));
  assert.ok(!sec.includes('(unknown)'));

  const html = htmlSection(out.get('report.html')!, 'mailbox-logins-imap-pop3');
  assert.ok(html.includes('<h2>Mailbox logins (IMAP/POP3)</h2>'));
  assert.ok(html.includes('<tr><td>yamada@example.jp</td><td class="num">3</td><td class="num">2</td><td>POP3 2, IMAP 1</td>'
    + '<td class="when"><span>2026-11-28</span> <span>22:15:41</span></td><td class="when"><span>2026-11-28</span> <span>22:17:01</span></td><td>127.0.11.55 POP3 2×, 127.0.10.2 IMAP 1×</td></tr>'), html);
  assert.ok(out.get('report.html')!.includes('<li><a href="#mailbox-logins-imap-pop3">Mailbox logins (IMAP/POP3)</a></li>'));

  const parse = (name: string): string[][] => Papa.parse<string[]>(out.get(`csv/${name}`)!.slice(1), { newline: '\r\n', skipEmptyLines: true }).data;
  const users = parse('mailboxLoginsByUser.csv');
  assert.deepEqual(users[0], ['key', 'logins', 'clientIps', 'firstAt', 'lastAt', 'ips', 'ipsComplete', 'topClientIps', 'imap', 'pop3', 'submission', 'managesieve']);
  assert.deepEqual(users[1], ['yamada@example.jp', '3', '2', '2026-11-28T22:15:41', '2026-11-28T22:17:01', '127.0.10.2 127.0.11.55', 'true', '127.0.11.55 127.0.10.2', '1', '2', '0', '0']);
  assert.equal(users.length, 6);
  const ips = parse('mailboxLoginsByUserIp.csv');
  assert.deepEqual(ips[0], ['key', 'ip', 'protocol', 'logins', 'firstAt', 'lastAt', 'exampleFile', 'exampleLine', 'exampleText', 'imap', 'pop3', 'submission', 'managesieve']);
  assert.equal(ips.length, 1 + 8, 'one row per user and IP: 2 + 2 + 2 + 1 + 1');
  const yamada = ips.filter((x) => x[0] === 'yamada@example.jp');
  assert.deepEqual(yamada.map((x) => [...x.slice(1, 6), ...x.slice(9)]), [
    ['127.0.11.55', 'pop3', '2', '2026-11-28T22:15:41', '2026-11-28T22:16:46', '0', '2', '0', '0'],
    ['127.0.10.2', 'imap', '1', '2026-11-28T22:17:01', '2026-11-28T22:17:01', '1', '0', '0', '0'],
  ]);
  assert.equal(yamada[0]![6], 'maillog', 'the file by its name (review Z, Z25)');
  assert.match(yamada[0]![8]!, /^Nov 28 22:15:41 mail dovecot: pop3-login: Login: user=<yamada@example\.jp>, method=PLAIN, rip=127\.0\.11\.55, /);
  assert.equal(readFileSync(INCIDENT, 'utf8').split('\n')[Number(yamada[0]![7]) - 1], yamada[0]![8], 'exampleLine is the line number of exampleText');
});

test('samples/incident.log: info@ opened from 177.138.12.246 after the guess, in md, html and csv; section after Authentication failures', { skip: !existsSync(SAMPLE) ? 'samples not found' : false }, async () => {
  const out = await files(await sampleReport(), ['md', 'html', 'csv']);
  const md = out.get('report.md')!;
  const sec = section(md, 'Mailbox logins (IMAP/POP3)');
  assert.ok(md.indexOf('## Authentication failures') < md.indexOf('## Mailbox logins (IMAP/POP3)'));
  assert.ok(md.indexOf('## Mailbox logins (IMAP/POP3)') < md.indexOf('## Still queued at the end of the log'));
  assert.deepEqual(rows(sec), [
    '| takahashi@example.jp | 12 | 3 | IMAP | 2026-11-25 13:07:31 | 2026-11-27 20:39:44 | 198.51.100.40 7×, 192.0.2.61 3×, 198.51.100.7 2× |',
    '| tanaka@example.jp | 10 | 3 | IMAP | 2026-11-25 11:02:54 | 2026-11-27 15:54:02 | 198.51.100.40 7×, 198.51.100.137 2×, 192.0.2.77 1× |',
    '| yamada@example.jp | 10 | 3 | POP3 | 2026-11-25 08:09:05 | 2026-11-27 18:48:47 | 198.51.100.40 7×, 198.51.100.55 2×, 192.0.2.203 1× |',
    '| suzuki@example.jp | 14 | 2 | IMAP | 2026-11-25 08:03:17 | 2026-11-27 21:51:50 | 198.51.100.40 11×, 192.0.2.140 3× |',
    '| info@example.jp | 12 | 2 | IMAP | 2026-11-25 13:40:20 | 2026-11-27 08:53:11 | 198.51.100.40 11×, 177.138.12.246 1× |',
    '| sato@example.jp | 10 | 2 | IMAP | 2026-11-25 08:28:20 | 2026-11-27 13:24:29 | 198.51.100.40 8×, 192.0.2.18 2× |',
  ]);
  // The finding names the same login.
  assert.match(md, /the mailbox was opened from 1 new IP since then \(IMAP from 177\.138\.12\.246 at 2026-11-25 23:52\)/);

  const html = htmlSection(out.get('report.html')!, 'mailbox-logins-imap-pop3');
  assert.ok(html.includes('<td>info@example.jp</td><td class="num">12</td><td class="num">2</td><td>IMAP</td>'
    + '<td class="when"><span>2026-11-25</span> <span>13:40:20</span></td><td class="when"><span>2026-11-27</span> <span>08:53:11</span></td><td>198.51.100.40 11×, 177.138.12.246 1×</td>'), html);

  const users = csvRows(out.get('csv/mailboxLoginsByUser.csv')!);
  assert.deepEqual(users.map((u) => u.key), ['takahashi@example.jp', 'tanaka@example.jp', 'yamada@example.jp', 'suzuki@example.jp', 'info@example.jp', 'sato@example.jp']);
  assert.deepEqual(users[4], {
    key: 'info@example.jp', logins: '12', clientIps: '2', firstAt: '2026-11-25T13:40:20', lastAt: '2026-11-27T08:53:11',
    ips: '177.138.12.246 198.51.100.40', ipsComplete: 'true', topClientIps: '198.51.100.40 177.138.12.246',
    imap: '12', pop3: '0', submission: '0', managesieve: '0',
  });
  const intruder = csvRows(out.get('csv/mailboxLoginsByUserIp.csv')!).find((x) => x.ip === '177.138.12.246')!;
  assert.deepEqual(intruder, {
    key: 'info@example.jp', ip: '177.138.12.246', protocol: 'imap', logins: '1', firstAt: '2026-11-25T23:52:31', lastAt: '2026-11-25T23:52:31',
    exampleFile: 'incident.log', exampleLine: '1193',
    exampleText: 'Nov 25 23:52:31 mail dovecot: imap-login: Login: user=<info@example.jp>, method=PLAIN, rip=177.138.12.246, lip=203.0.113.25, mpid=36340, session=<wKn2+Rph4q2xigz2>',
    imap: '1', pop3: '0', submission: '0', managesieve: '0',
  });
});

test('samples/incident.log --lang ja: the section in Japanese, the same rows, the same anchor in report.html', { skip: !existsSync(SAMPLE) ? 'samples not found' : false }, async () => {
  // As `--lang ja -f md,html` writes them.
  const out = await files(await sampleReport({ lang: 'ja', formats: ['md', 'html'] }), ['md', 'html']);
  const md = out.get('report.md')!;
  assert.equal(ja.report.h.mailboxLogins, 'メールボックスへのログイン（IMAP/POP3）');
  const sec = section(md, 'メールボックスへのログイン（IMAP/POP3）');
  assert.ok(md.indexOf('## ログイン失敗') < md.indexOf('## メールボックスへのログイン（IMAP/POP3）'));
  assert.match(sec, /^Dovecot へのログイン成功をユーザーごとに示します/m);
  assert.ok(sec.includes('| ユーザー | ログイン数 | クライアント IP 数 | プロトコル | 初回 | 最終 | ログインの多いクライアント IP |'));
  assert.ok(rows(sec).includes('| info@example.jp | 12 | 2 | IMAP | 2026-11-25 13:40:20 | 2026-11-27 08:53:11 | 198.51.100.40 11 回、177.138.12.246 1 回 |'));
  const page = out.get('report.html')!;
  assert.ok(htmlSection(page, 'mailbox-logins-imap-pop3').includes('<h2>メールボックスへのログイン（IMAP/POP3）</h2>'));
  assert.ok(page.includes('<li><a href="#mailbox-logins-imap-pop3">メールボックスへのログイン（IMAP/POP3）</a></li>'));
});

test('--top 2: the first 2 users and their first 2 IPs, with "and 1 more IP" and where all of them are; the CSV keeps every user', { skip: !existsSync(SAMPLE) ? 'samples not found' : false }, async () => {
  // As `--top 2` writes them (every format; md and csv read).
  const out = await files(await sampleReport({ top: 2 }), ['md', 'csv']);
  const sec = section(out.get('report.md')!, 'Mailbox logins (IMAP/POP3)');
  assert.ok(sec.includes(' The first 2 of 6 users are shown; all of them are in report.json and csv/mailboxLoginsByUser.csv.\n'), sec);
  assert.deepEqual(rows(sec), [
    '| takahashi@example.jp | 12 | 3 | IMAP | 2026-11-25 13:07:31 | 2026-11-27 20:39:44 | 198.51.100.40 7×, 192.0.2.61 3× and 1 more IP |',
    '| tanaka@example.jp | 10 | 3 | IMAP | 2026-11-25 11:02:54 | 2026-11-27 15:54:02 | 198.51.100.40 7×, 198.51.100.137 2× and 1 more IP |',
  ]);
  const users = csvRows(out.get('csv/mailboxLoginsByUser.csv')!);
  assert.equal(users.length, 6, 'every user, whatever --top');
  assert.deepEqual(users.map((u) => u.topClientIps), ['198.51.100.40 192.0.2.61', '198.51.100.40 198.51.100.137', '', '', '', '']);
  assert.equal(users[4]!.ips, '177.138.12.246 198.51.100.40', 'the compact list of a user past --top');
  assert.deepEqual(csvRows(out.get('csv/mailboxLoginsByUserIp.csv')!).map((x) => `${x.key} ${x.ip}`),
    ['takahashi@example.jp 198.51.100.40', 'takahashi@example.jp 192.0.2.61', 'tanaka@example.jp 198.51.100.40', 'tanaka@example.jp 198.51.100.137']);

  // Only the files this run writes are named (as for the queue tables); Japanese too. The same report as a run of
  // -f md records it.
  const r = await sampleReport({ top: 2 });
  r.options.formats = ['md'];
  assert.ok(section(renderMarkdown(r, 'T'), 'Mailbox logins (IMAP/POP3)').includes(' The first 2 of 6 users are shown.\n'));
  r.options.formats = ['md', 'csv'];
  const jaSec = section(renderMarkdown(r, 'T', [], ja), 'メールボックスへのログイン（IMAP/POP3）');
  assert.ok(jaSec.includes('ユーザー 6 件のうち先頭の 2 件を示します。全件は csv/mailboxLoginsByUser.csv にあります。\n'), jaSec);
  assert.ok(jaSec.includes('| 198.51.100.40 7 回、192.0.2.61 3 回、ほか 1 件 |'));
});

/** One user on 1,001 client IPs (10.9.9.1 by POP3 5 times, 10.9.9.2 by IMAP 4 times, then 999 IPs once each by IMAP), one on one. */
function manyIpsLog(): string {
  const lines: string[] = [];
  let s = 0;
  const login = (proto: string, ip: string): void => {
    const t = `${String(Math.floor(s / 3600) % 24).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
    lines.push(`Nov 28 ${t} mail dovecot: ${proto}-login: Login: user=<roamer@example.jp>, method=PLAIN, rip=${ip}, lip=127.0.0.1, mpid=${20000 + s}, session=<x${s}>`);
    s++;
  };
  for (let i = 0; i < 5; i++) login('pop3', '10.9.9.1');
  for (let i = 0; i < 4; i++) login('imap', '10.9.9.2');
  for (let i = 0; i < 999; i++) login('imap', `10.1.${i >> 8}.${i & 255}`);
  lines.push('Nov 28 23:59:59 mail dovecot: imap-login: Login: user=<quiet@example.jp>, method=PLAIN, rip=192.0.2.55, lip=127.0.0.1, mpid=1, session=<y>');
  return lines.join('\n') + '\n';
}

test('past 1,000 client IPs: the exact count says report.json lists only 1,000 (en, ja); ten IPs inline and how many more', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-mailbox-many-'));
  const log = join(dir, 'maillog');
  writeFileSync(log, manyIpsLog());
  const r = await report([log], { year: 2026, top: 50, formats: ['json', 'md', 'csv'] });
  const roamer = r.mailboxLoginsByUser!.find((u) => u.key === 'roamer@example.jp')!;
  assert.equal(roamer.clientIps, 1001);
  assert.equal(roamer.ipsComplete, false);
  const sec = section(renderMarkdown(r, 'T'), 'Mailbox logins (IMAP/POP3)');
  const [first, second] = rows(sec);
  assert.ok(first!.startsWith('| roamer@example.jp | 1,008 | 1,001 (only 1,000 in report.json) | IMAP 1,003, POP3 5 | 2026-11-28 00:00:00 | 2026-11-28 00:16:47 | '
    + '10.9.9.1 POP3 5×, 10.9.9.2 IMAP 4×, 10.1.0.0 IMAP 1×, '), first);
  assert.ok(first!.endsWith(' IMAP 1× and 991 more IPs |'), first);
  assert.equal(first!.split('×').length - 1, 10, 'ten IPs inline');
  // A user whose list is whole has its plain count.
  assert.equal(second, '| quiet@example.jp | 1 | 1 | IMAP | 2026-11-28 23:59:59 | 2026-11-28 23:59:59 | 192.0.2.55 1× |');
  const jaRow = rows(section(renderMarkdown(r, 'T', [], ja), 'メールボックスへのログイン（IMAP/POP3）'))[0]!;
  assert.ok(jaRow.startsWith('| roamer@example.jp | 1,008 | 1,001（report.json には 1,000 件のみ） | IMAP 1,003 回、POP3 5 回 | '), jaRow);
  assert.ok(jaRow.endsWith(' IMAP 1 回、ほか 991 件 |'), jaRow);

  const out = await files(r, ['csv']);
  const users = Papa.parse<Record<string, string>>(out.get('csv/mailboxLoginsByUser.csv')!.slice(1), { header: true, newline: '\r\n', skipEmptyLines: true }).data;
  assert.equal(users[0]!.clientIps, '1001');
  assert.equal(users[0]!.ipsComplete, 'false');
  assert.equal(users[0]!.ips!.split(' ').length, 1000);
  assert.equal(users[0]!.topClientIps!.split(' ').length, 50, 'the detailed rows, cut at --top');
});

test('a reverse name Postfix logged for the IP is shown beside it; none for "unknown"', { skip: !existsSync(SAMPLE) ? 'samples not found' : false }, async () => {
  const r = await sampleReport();
  const office = r.byClientIp.find((c) => c.key === '198.51.100.40')!;
  assert.equal(office.name, 'unknown');
  assert.ok(!section(renderMarkdown(r, 'T'), 'Mailbox logins (IMAP/POP3)').includes('(unknown)'));
  office.name = 'office.example.jp';
  const row = rows(section(renderMarkdown(r, 'T'), 'Mailbox logins (IMAP/POP3)')).find((l) => l.startsWith('| info@example.jp '))!;
  assert.ok(row.endsWith(' | 198.51.100.40 (office.example.jp) 11×, 177.138.12.246 1× |'), row);
  const jaRow = rows(section(renderMarkdown(r, 'T', [], ja), 'メールボックスへのログイン（IMAP/POP3）')).find((l) => l.startsWith('| info@example.jp '))!;
  assert.ok(jaRow.endsWith(' | 198.51.100.40（office.example.jp） 11 回、177.138.12.246 1 回 |'), jaRow);
});

test('--redact-key: the section and the CSV files show the same pseudonyms as the other tables and the findings', { skip: !existsSync(SAMPLE) ? 'samples not found' : false }, () => {
  const key = 'ticket-4711';
  const hmac = (v: string): string => redactionHash(key, v);
  const info = `user-${hmac('u:info')}@example.jp`;
  const intruder = `ip-${hmac('ip:177.138.12.246')}`;
  const office = `ip-${hmac('ip:198.51.100.40')}`;
  const server = `ip-${hmac('ip:203.0.113.25')}`;
  const out = analyze(['--redact-key', key, '-f', 'md,html,csv']);
  const md = readFileSync(join(out, 'report.md'), 'utf8');
  const sec = section(md, 'Mailbox logins (IMAP/POP3)');
  for (const plain of ['info@example.jp', '177.138.12.246', '198.51.100.40', 'takahashi', 'yamada']) assert.ok(!sec.includes(plain), `${plain} survived`);
  assert.ok(rows(sec).includes(`| ${info} | 12 | 2 | IMAP | 2026-11-25 13:40:20 | 2026-11-27 08:53:11 | ${office} 11×, ${intruder} 1× |`), sec);
  // The same pseudonyms as the SASL users and client IPs tables and the finding's title.
  assert.ok(section(md, 'SASL users').includes(`| ${info} | 304 |`));
  // Its role from the findings (review Z, Z23), then from its own lines (it reads mailboxes), the same under a pseudonym;
  // and the row of the intruder that only read the mailbox (kept below the --top cut).
  assert.ok(section(md, 'Client IPs').includes(`| ${office} | the account owner's client, logged in to a mailbox |`));
  assert.ok(section(md, 'Client IPs').includes(`| ${intruder} | opened the compromised mailbox |`));
  assert.ok(md.includes(`(IMAP from ${intruder} at 2026-11-25 23:52)`));

  const html = htmlSection(readFileSync(join(out, 'report.html'), 'utf8'), 'mailbox-logins-imap-pop3');
  assert.ok(html.includes(`<td>${info}</td>`) && html.includes(`${office} 11×, ${intruder} 1×`) && !html.includes('177.138.12.246'));
  const users = csv(out, 'mailboxLoginsByUser.csv');
  assert.deepEqual(users.find((u) => u.key === info), {
    key: info, logins: '12', clientIps: '2', firstAt: '2026-11-25T13:40:20', lastAt: '2026-11-27T08:53:11',
    ips: [intruder, office].join(' '), ipsComplete: 'true', topClientIps: `${office} ${intruder}`,
    imap: '12', pop3: '0', submission: '0', managesieve: '0',
  });
  const row = csv(out, 'mailboxLoginsByUserIp.csv').find((x) => x.ip === intruder)!;
  assert.equal(row.key, info);
  assert.equal(row.exampleText, `Nov 25 23:52:31 mail dovecot: imap-login: Login: user=<${info}>, method=PLAIN, rip=${intruder}, lip=${server}, mpid=36340, session=<sess-${hmac('s:wKn2+Rph4q2xigz2')}>`);
});

test('no mailbox login: no section (as for the other optional sections), and the CSV files have their header only', async () => {
  const empty = await emptyReport();
  assert.deepEqual(empty.mailboxLoginsByUser, []);
  const out = await files(empty, ['md', 'html', 'csv']);
  assert.ok(!out.get('report.md')!.includes('Mailbox logins'));
  assert.ok(!out.get('report.html')!.includes('mailbox-logins'));
  const only = (name: string): string[][] => Papa.parse<string[]>(out.get(`csv/${name}`)!.slice(1), { newline: '\r\n', skipEmptyLines: true }).data;
  assert.deepEqual(only('mailboxLoginsByUser.csv'), [['key', 'logins', 'clientIps', 'firstAt', 'lastAt', 'ips', 'ipsComplete', 'topClientIps', 'imap', 'pop3', 'submission', 'managesieve']]);
  assert.deepEqual(only('mailboxLoginsByUserIp.csv'), [['key', 'ip', 'protocol', 'logins', 'firstAt', 'lastAt', 'exampleFile', 'exampleLine', 'exampleText', 'imap', 'pop3', 'submission', 'managesieve']]);
  // A report.json of an older version has no such table at all.
  delete (empty as { mailboxLoginsByUser?: unknown }).mailboxLoginsByUser;
  assert.ok(!renderMarkdown(empty, 'T').includes('Mailbox logins'));
});
