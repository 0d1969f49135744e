// Review U, U3 (/tmp/revU/findings.md): the "Protocols" column of the mailbox logins section and each IP's protocol
// were the protocol of each IP's earliest login only. tanaka@ logged in once over IMAP, then 50 times over POP3 from
// 198.51.100.7 (the review's hostile.log, lines 1-51), and the report read "| tanaka@example.jp | 51 | 1 | IMAP | … |
// 198.51.100.7 51× |": nothing showed POP3, which usually downloads the whole mailbox. Now each user and IP carries its
// logins per protocol (report.json `protocols`), the column counts them from all the user's logins, and each IP of a
// user of several protocols shows its own; the CSV files a column per protocol.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { ROOT, markdownSection as section, markdownRows as rows, report, reportEveryWay, redactionHash } from './helpers.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderReport } from '../src/render/index.js';
import { ja } from '../src/i18n/index.js';
import type { Report } from '../src/report/model.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'mlf-u3-'));
const two = (n: number): string => String(n).padStart(2, '0');

function login(h: number, m: number, proto: string, user: string, ip: string): string {
  return `Nov 29 ${two(h)}:${two(m)}:00 mail dovecot: ${proto}-login: Login: user=<${user}>, method=PLAIN, rip=${ip}, lip=203.0.113.25, mpid=${1000 + h * 60 + m}, TLS, session=<s${h}x${m}>`;
}

/** hostile.log's tanaka@: 1 IMAP login at 01:00, then 50 POP3 logins from 02:00 on, all from 198.51.100.7. */
function tanakaLines(): string[] {
  return [login(1, 0, 'imap', 'tanaka@example.jp', '198.51.100.7'), ...Array.from({ length: 50 }, (_, i) => login(2, i, 'pop3', 'tanaka@example.jp', '198.51.100.7'))];
}

function csvRows(text: string): Array<Record<string, string>> {
  return Papa.parse<Record<string, string>>(text.slice(1), { header: true, newline: '\r\n', skipEmptyLines: true }).data;
}

async function files(r: Report, formats: string[]): Promise<Map<string, string>> {
  return new Map((await renderReport(r, formats, { title: 'T' })).map((f) => [f.path, String(f.content)]));
}

const TANAKA_ROW = '| tanaka@example.jp | 51 | 1 | POP3 50, IMAP 1 | 2026-11-29 01:00:00 | 2026-11-29 02:49:00 | 198.51.100.7 51× (POP3 50, IMAP 1) |';

test('U3: 1 IMAP login then 50 POP3 logins from one IP read "POP3 50, IMAP 1", in report.json, md, html, csv and ja, every cut', async () => {
  const r = await reportEveryWay(dir, 'tanaka.log', { text: () => `${tanakaLines().join('\n')}\n` });
  const [u] = r.mailboxLoginsByUser!;
  assert.equal(u!.key, 'tanaka@example.jp');
  // Most first; `protocol` stays the first login's (compatibility), `protocols` counts them all.
  assert.equal(JSON.stringify(u!.protocols), '{"pop3":50,"imap":1}');
  assert.deepEqual(u!.topClientIps.map((x) => [x.ip, x.logins, x.protocol, JSON.stringify(x.protocols)]), [['198.51.100.7', 51, 'imap', '{"pop3":50,"imap":1}']]);
  // The same counts as dovecotLoginsByUser.
  assert.deepEqual(r.dovecotLoginsByUser.map((x) => [x.key, x.count]), [['pop3 tanaka@example.jp', 50], ['imap tanaka@example.jp', 1]]);

  const out = await files(r, ['md', 'html', 'csv']);
  assert.deepEqual(rows(section(out.get('report.md')!, 'Mailbox logins (IMAP/POP3)')), [TANAKA_ROW]);
  assert.ok(out.get('report.html')!.includes('<tr><td>tanaka@example.jp</td><td class="num">51</td><td class="num">1</td><td>POP3 50, IMAP 1</td>'
    + '<td class="when"><span>2026-11-29</span> <span>01:00:00</span></td><td class="when"><span>2026-11-29</span> <span>02:49:00</span></td><td>198.51.100.7 51× (POP3 50, IMAP 1)</td></tr>'));
  const users = csvRows(out.get('csv/mailboxLoginsByUser.csv')!);
  assert.deepEqual(users.map((x) => [x.key, x.logins, x.imap, x.pop3, x.submission, x.managesieve]), [['tanaka@example.jp', '51', '1', '50', '0', '0']]);
  const ips = csvRows(out.get('csv/mailboxLoginsByUserIp.csv')!);
  assert.deepEqual(ips.map((x) => [x.key, x.ip, x.protocol, x.logins, x.imap, x.pop3, x.submission, x.managesieve]),
    [['tanaka@example.jp', '198.51.100.7', 'imap', '51', '1', '50', '0', '0']]);

  const jaSec = section(renderMarkdown(r, 'T', [], ja), 'メールボックスへのログイン（IMAP/POP3）');
  assert.deepEqual(rows(jaSec), ['| tanaka@example.jp | 51 | 1 | POP3 50 回、IMAP 1 回 | 2026-11-29 01:00:00 | 2026-11-29 02:49:00 | 198.51.100.7 51 回（POP3 50 回、IMAP 1 回） |']);
  assert.match(jaSec, /すべての IP からのログイン回数をプロトコルごとに示します/);
});

/**
 * sato@: IMAP from 192.0.2.1 (5×) and 192.0.2.2 (4×), POP3 from 192.0.2.3 (1×, its third IP); kato@: POP3 from two
 * IPs; ito@: one submission login (past --top 2 users). The review's suzuki@ as well: IMAP from 16 IPs, one of them
 * (2001:db8::1) also once by POP3.
 */
function pastTopLines(): string[] {
  const lines: string[] = [];
  for (let i = 0; i < 5; i++) lines.push(login(1, i, 'imap', 'sato@example.jp', '192.0.2.1'));
  for (let i = 0; i < 4; i++) lines.push(login(2, i, 'imap', 'sato@example.jp', '192.0.2.2'));
  lines.push(login(3, 0, 'pop3', 'sato@example.jp', '192.0.2.3'));
  lines.push(login(4, 0, 'pop3', 'kato@example.jp', '198.51.100.1'), login(4, 1, 'pop3', 'kato@example.jp', '198.51.100.2'));
  lines.push(login(5, 0, 'submission', 'ito@example.jp', '198.51.100.3'));
  return lines;
}

test('U3: POP3 logins from an IP past the first --top IPs still show in the user\'s column; a user past --top users has its protocols in report.json and the CSV', async () => {
  const path = join(dir, 'past-top.log');
  writeFileSync(path, `${pastTopLines().join('\n')}\n`);
  const r = await report([path], { year: 2026, top: 2, formats: ['json', 'md', 'csv'] });
  const by = new Map(r.mailboxLoginsByUser!.map((u) => [u.key, u]));
  assert.deepEqual(r.mailboxLoginsByUser!.map((u) => u.key), ['sato@example.jp', 'kato@example.jp', 'ito@example.jp']);
  // sato's detailed rows are its first 2 IPs, both IMAP only; its POP3 login is from the third.
  assert.deepEqual(by.get('sato@example.jp')!.topClientIps.map((x) => [x.ip, x.protocols]), [['192.0.2.1', { imap: 5 }], ['192.0.2.2', { imap: 4 }]]);
  assert.deepEqual(by.get('sato@example.jp')!.protocols, { imap: 9, pop3: 1 });
  assert.deepEqual(by.get('ito@example.jp')!.topClientIps, []);
  assert.deepEqual(by.get('ito@example.jp')!.protocols, { submission: 1 });
  assert.deepEqual(rows(section(renderMarkdown(r, 'T'), 'Mailbox logins (IMAP/POP3)')), [
    '| sato@example.jp | 10 | 3 | IMAP 9, POP3 1 | 2026-11-29 01:00:00 | 2026-11-29 03:00:00 | 192.0.2.1 IMAP 5×, 192.0.2.2 IMAP 4× and 1 more IP |',
    '| kato@example.jp | 2 | 2 | POP3 | 2026-11-29 04:00:00 | 2026-11-29 04:01:00 | 198.51.100.1 1×, 198.51.100.2 1× |',
  ]);
  const users = csvRows((await files(r, ['csv'])).get('csv/mailboxLoginsByUser.csv')!);
  assert.deepEqual(users.map((x) => [x.key, x.topClientIps, x.imap, x.pop3, x.submission, x.managesieve]), [
    ['sato@example.jp', '192.0.2.1 192.0.2.2', '9', '1', '0', '0'],
    ['kato@example.jp', '198.51.100.1 198.51.100.2', '0', '2', '0', '0'],
    ['ito@example.jp', '', '0', '0', '1', '0'],
  ]);
});

test('U3: the review\'s suzuki@ (IMAP from 16 IPs, 2001:db8::1 once by POP3 too): "IMAP 16, POP3 1", that IP with both', async () => {
  const lines = [login(4, 0, 'imap', 'suzuki@example.jp', '2001:db8::1')];
  for (let i = 1; i < 15; i++) lines.push(login(4, i, 'imap', 'suzuki@example.jp', `2001:db8::${(i + 1).toString(16)}`));
  lines.push(login(5, 0, 'pop3', 'suzuki@example.jp', '2001:db8::1'), login(5, 1, 'imap', 'suzuki@example.jp', '::ffff:198.51.100.9'));
  const path = join(dir, 'suzuki.log');
  writeFileSync(path, `${lines.join('\n')}\n`);
  const r = await report([path], { year: 2026 });
  const [row] = rows(section(renderMarkdown(r, 'T'), 'Mailbox logins (IMAP/POP3)'));
  // Dovecot on "::" wrote the IPv4 client as ::ffff:198.51.100.9: one written form, the dotted one (review U, U2).
  assert.ok(row!.startsWith('| suzuki@example.jp | 17 | 16 | IMAP 16, POP3 1 | 2026-11-29 04:00:00 | 2026-11-29 05:01:00 | 2001:db8::1 2× (IMAP 1, POP3 1), 198.51.100.9 IMAP 1×, 2001:db8::2 IMAP 1×, '), row);
  assert.ok(row!.endsWith(' and 6 more IPs |'), row);
});

test('U3 --redact-key: users and IPs become pseudonyms, the protocols and their counts stay (md, report.json, csv)', () => {
  const path = join(dir, 'tanaka-redact.log');
  writeFileSync(path, `${tanakaLines().join('\n')}\n`);
  const out = mkdtempSync(join(tmpdir(), 'mlf-u3-red-'));
  const key = 'ticket-4711';
  const hmac = (v: string): string => redactionHash(key, v);
  const user = `user-${hmac('u:tanaka')}@example.jp`;
  const ip = `ip-${hmac('ip:198.51.100.7')}`;
  const res = spawnSync(process.execPath, [CLI, 'analyze', path, '--year', '2026', '-j', '1', '-q', '-o', out, '-f', 'json,md,csv', '--redact-key', key], { encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  const sec = section(readFileSync(join(out, 'report.md'), 'utf8'), 'Mailbox logins (IMAP/POP3)');
  assert.deepEqual(rows(sec), [`| ${user} | 51 | 1 | POP3 50, IMAP 1 | 2026-11-29 01:00:00 | 2026-11-29 02:49:00 | ${ip} 51× (POP3 50, IMAP 1) |`]);
  const j = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  assert.deepEqual(j.mailboxLoginsByUser!.map((u) => [u.key, u.protocols, u.topClientIps.map((x) => [x.ip, x.protocols])]),
    [[user, { pop3: 50, imap: 1 }, [[ip, { pop3: 50, imap: 1 }]]]]);
  const ips = csvRows(readFileSync(join(out, 'csv', 'mailboxLoginsByUserIp.csv'), 'utf8'));
  assert.deepEqual(ips.map((x) => [x.key, x.ip, x.imap, x.pop3]), [[user, ip, '1', '50']]);
  assert.ok(!readFileSync(join(out, 'report.json'), 'utf8').includes('198.51.100.7'));
});

test('U3: report.json is byte-identical with -j 1 and -j 3 --range-bytes 2000 (the counts merge as sums)', () => {
  const path = join(dir, 'split.log');
  writeFileSync(path, `${[...tanakaLines(), ...pastTopLines()].sort((a, b) => (a.slice(0, 15) < b.slice(0, 15) ? -1 : a.slice(0, 15) > b.slice(0, 15) ? 1 : 0)).join('\n')}\n`);
  const run = (args: string[]): string => {
    const out = mkdtempSync(join(tmpdir(), 'mlf-u3-j-'));
    const res = spawnSync(process.execPath, [CLI, 'analyze', path, '--year', '2026', '-q', '-f', 'json', '-o', out, ...args], { encoding: 'utf8' });
    assert.equal(res.status, 0, res.stderr);
    return readFileSync(join(out, 'report.json'), 'utf8');
  };
  const one = run(['-j', '1']);
  assert.ok(one.includes('"protocols": {\n        "pop3": 50,\n        "imap": 1\n      }'), 'the user\'s counts, most first');
  assert.equal(run(['-j', '3', '--range-bytes', '2000']), one);
});

// Behind a login proxy (review T, F4): the pair's logins per protocol, as foldProxiedLogins counts them.
function proxyLine(min: number, proto: string, user: string, rip: string, lip: string, backend: string): string {
  return `Nov 28 10:${two(min)}:00 proxy1 dovecot: ${proto}-login: proxy(${user}): started proxying to ${backend}:${proto === 'pop3' ? 110 : 143}: user=<${user}>, method=PLAIN, rip=${rip}, lip=${lip}, TLS, session=<p${min}>`;
}
function backendLine(min: number, proto: string, user: string, rip: string, lip: string): string {
  return `Nov 28 10:${two(min)}:00 imap1 dovecot: ${proto}-login: Login: user=<${user}>, method=PLAIN, rip=${rip}, lip=${lip}, mpid=${4000 + min}, TLS, session=<b${min}>`;
}

test('U3 behind a login proxy: each pair\'s logins per protocol, adding up to its logins and to dovecotLoginsByUser, every cut', async () => {
  const INFO = 'info@example.jp';
  const CLIENT = '101.82.15.105';
  // review-t.test.ts's trusting and untrusting backend: CLIENT 4 IMAP sessions through 10.0.0.5 to 10.0.0.6 (which
  // trusts it: its lines carry the client's rip), 2 POP3 through 10.0.0.4 (not trusted: rip=10.0.0.4); 198.51.100.40
  // 2 IMAP straight to 10.0.0.6; and p1's 5 POP3 straight to 10.0.0.8 from CLIENT.
  const lines: string[] = [];
  for (const m of [0, 10, 20, 30]) lines.push(proxyLine(m, 'imap', INFO, CLIENT, '10.0.0.5', '10.0.0.6'), backendLine(m, 'imap', INFO, CLIENT, '10.0.0.6'));
  for (const m of [5, 15]) lines.push(proxyLine(m, 'pop3', INFO, CLIENT, '10.0.0.4', '10.0.0.6'), backendLine(m, 'pop3', INFO, '10.0.0.4', '10.0.0.6'));
  lines.push(backendLine(40, 'imap', INFO, '198.51.100.40', '10.0.0.6'), backendLine(50, 'imap', INFO, '198.51.100.40', '10.0.0.6'));
  for (const m of [41, 42, 43, 44, 45]) lines.push(backendLine(m, 'pop3', INFO, CLIENT, '10.0.0.8'));
  lines.sort((a, b) => (a.slice(0, 15) < b.slice(0, 15) ? -1 : a.slice(0, 15) > b.slice(0, 15) ? 1 : 0));
  const r = await reportEveryWay(dir, 'proxy.log', { text: () => `${lines.join('\n')}\n` });
  const [u] = r.mailboxLoginsByUser!;
  assert.deepEqual(u!.topClientIps.map((x) => [x.ip, x.logins, x.protocols]), [[CLIENT, 11, { pop3: 7, imap: 4 }], ['198.51.100.40', 2, { imap: 2 }]]);
  assert.deepEqual(u!.protocols, { imap: 6, pop3: 7 });
  assert.deepEqual(Object.fromEntries(r.dovecotLoginsByUser.map((x) => [x.key, x.count])), { [`imap ${INFO}`]: 6, [`pop3 ${INFO}`]: 7 });
});
