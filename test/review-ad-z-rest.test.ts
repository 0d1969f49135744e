// What reviews AD and Z left (review AD/Z rest): a botnet guessing IMAP passwords through a Dovecot login proxy whose
// passdb checks no password (nopassword=y), read with and without its backend's log; which backend refused what; and
// the Client IPs table of such a day, whose --top cut had room for the guessers only.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markdownRows, markdownSection, parseLine, report } from './helpers.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { cutFoldingGuessers } from '../src/report/client-ip-cut.js';
import type { Report } from '../src/report/model.js';

function logFile(name: string, lines: string[]): string {
  const p = join(mkdtempSync(join(tmpdir(), 'mlf-adz-')), name);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const NAMES = ['admin@example.jp', 'info@example.jp', 'test@example.jp'];
const BOTS = 40;

/** Lines in time order (classic stamps of one day). */
function byTime(lines: string[]): string[] {
  return lines.map((l, i) => [l, i] as const).sort((a, b) => (a[0].slice(0, 15) < b[0].slice(0, 15) ? -1 : a[0].slice(0, 15) > b[0].slice(0, 15) ? 1 : a[1] - b[1])).map((x) => x[0]);
}

/**
 * The proxy (mail, 192.0.2.1) and its backend (imap1, 192.0.2.30:143), in the shapes of Dovecot's sources (2.3.19.1
 * and 2.4.1 login-common/client-common.c client_get_extra_disconnect_reason(), client-common-auth.c
 * client_proxy_finish_destroy_client() and client_proxy_log_failure(); imap-proxy.c proxy_write_id() and
 * imap-login/client.c client_update_info() for what a trusting backend logs). Two users log in through the proxy; 40
 * IPs try three names each, 120 logins the proxy passes on and the backend refuses. The backend logs each session as
 * the proxy's address (untrusting) or, trusting the proxy's ID, as the client's address at the proxy's lip, with the
 * proxy's session ID.
 */
function proxyBotnet(): { proxy: string[]; untrusting: string[]; trusting: string[] } {
  const proxy: string[] = [];
  const untrusting: string[] = [];
  const trusting: string[] = [];
  let n = 0;
  const session = (): string => `GKEBFAwQ${(1000 + n++).toString(36).padStart(8, 'A')}`;
  for (const [i, [user, ip]] of [['tanaka@example.jp', '203.0.113.10'], ['sato@example.jp', '203.0.113.11']].entries()) {
    const s = session();
    const t = `Nov 28 10:0${i}:00`;
    proxy.push(`${t} mail dovecot: imap-login: proxy(${user},192.0.2.30:143): Started proxying to remote host (0.012 secs): user=<${user}>, method=PLAIN, rip=${ip}, lip=192.0.2.1, TLS, session=<${s}>`);
    untrusting.push(`${t} imap1 dovecot: imap-login: Login: user=<${user}>, method=PLAIN, rip=192.0.2.1, lip=192.0.2.30, mpid=${4000 + i}, session=<B${s}>`);
    trusting.push(`${t} imap1 dovecot: imap-login: Login: user=<${user}>, method=PLAIN, rip=${ip}, lip=192.0.2.1, mpid=${4000 + i}, session=<${s}>`);
  }
  for (let b = 0; b < BOTS; b++) {
    const ip = `198.51.100.${10 + b}`;
    for (let k = 0; k < 3; k++) {
      const user = NAMES[(b + k) % 3]!;
      const t = `Nov 28 10:${pad(10 + b)}:${pad(k * 10)}`;
      const s = session();
      // half the bots meet a 2.3 proxy's line, half a 2.4 one's (one attempt each)
      proxy.push(b % 2 === 0
        ? `${t} mail dovecot: imap-login: Disconnected (proxy dest auth failed): user=<${user}>, method=PLAIN, rip=${ip}, lip=192.0.2.1, TLS, session=<${s}>`
        : `${t} mail dovecot: imap-login: Login aborted: Connection closed (proxy dest authentication failure, 1/1 successful auths in 0 secs) (proxy_dest_auth_failed): user=<${user}>, method=PLAIN, rip=${ip}, lip=192.0.2.1, TLS, session=<${s}>`);
      untrusting.push(`${t} imap1 dovecot: imap-login: Disconnected (auth failed, 1 attempts in 0 secs): user=<${user}>, method=PLAIN, rip=192.0.2.1, lip=192.0.2.30, TLS, session=<B${s}>`);
      untrusting.push(`${t} imap1 dovecot: auth: passwd-file(${user},192.0.2.1,<B${s}>): Password mismatch`);
      trusting.push(`${t} imap1 dovecot: imap-login: Disconnected (auth failed, 1 attempts in 0 secs): user=<${user}>, method=PLAIN, rip=${ip}, lip=192.0.2.1, TLS, session=<${s}>`);
    }
  }
  return { proxy: byTime(proxy), untrusting: byTime(untrusting), trusting: byTime(trusting) };
}

/** The findings' guessing numbers and the per-IP counts the test checks. */
function guessing(r: Report): { failures: number; ips: number; rows: number; proxyRow: number } {
  const f = r.findings.find((x) => x.rule === 'sasl-bruteforce');
  assert.ok(f !== undefined, r.findings.map((x) => x.rule).join(', '));
  const ev = f.evidence as Record<string, unknown>;
  const bots = r.byClientIp.filter((x) => x.key.startsWith('198.51.100.'));
  for (const x of bots) {
    assert.equal(x.mailboxLoginFailures, 3, x.key);
    assert.equal(x.usersTried, 3, x.key);
  }
  return {
    failures: Number(ev.failedLoginsFromAttackingIps ?? ev.failedLogins), ips: Number(ev.attackingIps ?? ev.ips), rows: bots.length,
    proxyRow: r.byClientIp.find((x) => x.key === '192.0.2.1')?.mailboxLoginFailures ?? 0,
  };
}

test('a botnet guessing IMAP passwords through a nopassword login proxy is found from the proxy\'s lines alone', async () => {
  const { proxy } = proxyBotnet();
  const path = logFile('maillog', proxy);
  const r = await report([path], { year: 2026, top: 0 });
  // Before: "No problem found … 0 IMAP/POP3 login failures", the 120 refusals only in a warning.
  assert.equal(r.totals.dovecotLoginFailures, 120);
  const f = r.findings.find((x) => x.rule === 'sasl-bruteforce')!;
  assert.match(f.title, /^Distributed password guessing: 120 failed logins from 40 IPs between 2026-11-28 10:10 and 2026-11-28 10:49/);
  assert.equal(f.severity, 'high');
  assert.deepEqual(guessing(r), { failures: 120, ips: 40, rows: 40, proxyRow: 0 });
  // the hours add up to the same
  assert.equal(r.hourly.reduce((n, h) => n + h.mailboxLoginFailures, 0), 120);
  // The warning names the backend whose log says why (the session lines name none: auth_verbose would)
  assert.deepEqual(r.proxyBackendRefusals, { refused: 120, firstAt: '2026-11-28T10:10:00', lastAt: '2026-11-28T10:49:20', backends: ['192.0.2.30'], byBackend: [] });
  assert.ok(r.warnings.some((w) => /the logs of 192\.0\.2\.30 hold.*The proxy names the backend of each refusal only with auth_verbose = yes/.test(w)), r.warnings.join('\n'));
  // Any cut of the log gives the same report.
  const json = JSON.stringify(r);
  for (const [jobs, rangeBytes] of [[1, 2000], [3, 2000], [3, 700]] as const) {
    assert.equal(JSON.stringify(await report([path], { year: 2026, top: 0, jobs, rangeBytes })), json, `jobs ${jobs}, ranges of ${rangeBytes} bytes`);
  }
});

test('with the backend\'s log given too, trusting the proxy or not, no refusal is counted twice', async () => {
  const { proxy, untrusting, trusting } = proxyBotnet();
  const proxyPath = logFile('maillog', proxy);
  for (const [name, backend] of [['untrusting', untrusting], ['trusting', trusting]] as const) {
    const backendPath = logFile('backend.log', backend);
    const r = await report([proxyPath, backendPath], { year: 2026, top: 0 });
    // The untrusting backend's 240 lines at rip=192.0.2.1 (login process and auth) are the proxy's own connections:
    // the proxy's address is no guesser; the trusting backend's lines are the bots' own, the same attempts again.
    assert.equal(r.totals.dovecotLoginFailures, 120, name);
    assert.deepEqual(guessing(r), { failures: 120, ips: 40, rows: 40, proxyRow: 0 }, name);
    assert.equal(r.hourly.reduce((n, h) => n + h.mailboxLoginFailures, 0), 120, name);
    // the backend's log is read: no warning (a trusting backend's "Login:" lines are at the proxy's lip, review AD/Z rest)
    assert.equal(r.proxyBackendRefusals, undefined, name);
    assert.ok(!r.warnings.some((w) => w.startsWith('Login proxy')), name);
    // the two users' logins counted once each, from their own addresses
    assert.equal(r.totals.dovecotLogins, 2, name);
    assert.deepEqual(r.byClientIp.filter((x) => (x.mailboxLogins ?? 0) > 0).map((x) => x.key).sort(), ['203.0.113.10', '203.0.113.11'], name);
    const json = JSON.stringify(r);
    assert.equal(JSON.stringify(await report([proxyPath, backendPath], { year: 2026, top: 0, jobs: 3, rangeBytes: 1500 })), json, name);
  }
});

test('which backend refused how many: auth_verbose\'s "Login failed" lines, as host:port, in the warning (en, ja)', async () => {
  const elements = (ip: string, s: string): string => `: user=<admin@example.jp>, method=PLAIN, rip=${ip}, lip=192.0.2.1, TLS, session=<${s}>`;
  const lines: string[] = [];
  for (let i = 0; i < 5; i++) {
    const host = i < 3 ? '192.0.2.30:143' : 'imap2.example.jp[192.0.2.31]:143';
    const s = `GKEBFAwQMgDBAgF${i}`;
    lines.push(`Nov 28 10:0${i}:00 mail dovecot: imap-login: proxy(admin@example.jp,${host}): Login failed: [AUTHENTICATIONFAILED] Authentication failed.${elements(`198.51.100.${i}`, s)}`);
    lines.push(`Nov 28 10:0${i}:00 mail dovecot: imap-login: Disconnected (proxy dest auth failed)${elements(`198.51.100.${i}`, s)}`);
  }
  assert.deepEqual(parseLine(lines[6]!), { kind: 'dovecotProxyRefused', protocol: 'imap', user: '', ip: '', attempts: 0, backend: '192.0.2.31', hostPort: 'imap2.example.jp[192.0.2.31]:143' });
  const path = logFile('maillog', lines);
  const r = await report([path], { year: 2026 });
  assert.deepEqual(r.proxyBackendRefusals!.byBackend, [{ backend: '192.0.2.30:143', refused: 3 }, { backend: 'imap2.example.jp[192.0.2.31]:143', refused: 2 }]);
  assert.deepEqual(r.proxyBackendRefusals!.backends, ['192.0.2.30', '192.0.2.31']);
  assert.ok(r.warnings.some((w) => w.includes('only the logs of 192.0.2.30:143 (3 refusals), imap2.example.jp[192.0.2.31]:143 (2 refusals) hold, and those are not in the inputs: add them.')), r.warnings.join('\n'));
  const ja = await report([path], { year: 2026, lang: 'ja' });
  assert.ok(ja.warnings.some((w) => w.includes('192.0.2.30:143（拒否 3 件）、imap2.example.jp[192.0.2.31]:143（拒否 2 件） のログで、入力に含まれていません。')), ja.warnings.join('\n'));
  // 5 refusals from 5 IPs: counted, below every threshold
  assert.equal(r.totals.dovecotLoginFailures, 5);
});

/** Twelve outside servers delivering one message each to our users, over port 25 without a login. */
function inboundMail(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 12; i++) {
    const ip = `192.0.2.${101 + i}`;
    const host = `mx${i}.example.net`;
    const q = `${(0xA1B2C3D400 + i).toString(16).toUpperCase()}`;
    const t = `Nov 28 11:${pad(i)}:0`;
    out.push(`${t}1 mail postfix/smtpd[${2000 + i}]: connect from ${host}[${ip}]`);
    out.push(`${t}1 mail postfix/smtpd[${2000 + i}]: ${q}: client=${host}[${ip}]`);
    out.push(`${t}1 mail postfix/cleanup[${3000 + i}]: ${q}: message-id=<m${i}@example.net>`);
    out.push(`${t}2 mail postfix/qmgr[300]: ${q}: from=<news${i}@example.net>, size=2345, nrcpt=1 (queue active)`);
    out.push(`${t}2 mail postfix/smtpd[${2000 + i}]: disconnect from ${host}[${ip}] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5`);
    out.push(`${t}3 mail postfix/local[${4000 + i}]: ${q}: to=<tanaka@example.jp>, relay=local, delay=0.2, delays=0.1/0/0/0.1, dsn=2.0.0, status=sent (delivered to mailbox)`);
    out.push(`${t}3 mail postfix/qmgr[300]: ${q}: removed`);
  }
  return out;
}

test('Z: on a day a botnet guessed IMAP passwords, the Client IPs table keeps the servers that delivered the mail', async () => {
  const path = logFile('maillog', byTime([...proxyBotnet().proxy, ...inboundMail()]));
  const r = await report([path], { year: 2026, top: 20 });
  // Before: the 20 rows were 20 guessers (3 failures each outrank a server's connection and message), the table showed
  // 5 of them and "15 more IPs", and none of the 12 servers. Now the guessers fold into 6 rows, the other 14 are the
  // servers and the two users' addresses (the proxy's logins).
  const keys = r.byClientIp.map((x) => x.key);
  // the cut's 34 (20 guessers in 6 rows, 14 others), then the 20 guessers kept below it
  assert.equal(r.clientIpCounts.aboveCut, 34);
  for (let i = 0; i < 12; i++) assert.ok(keys.includes(`192.0.2.${101 + i}`), `server ${i}: ${keys.join(' ')}`);
  assert.ok(keys.includes('203.0.113.10') && keys.includes('203.0.113.11'), keys.join(' '));
  // The guessers the table folds come along: 20 by the cut, 20 more the finding names (kept below the cut, review Z)
  assert.equal(r.byClientIp.filter((x) => x.key.startsWith('198.51.100.')).length, 40);
  const rows = markdownRows(markdownSection(renderMarkdown(r, 't'), 'Client IPs'));
  assert.equal(rows.length, 20, rows.join('\n'));
  assert.equal(rows.filter((x) => /\| 192\.0\.2\.1(0[1-9]|1[0-2]) \|/.test(x)).length, 12, rows.join('\n'));
  assert.equal(rows.filter((x) => /more IPs/.test(x)).length, 1, rows.join('\n'));
  // The same with all rows: nothing cut, every guesser in report.json
  const all = await report([path], { year: 2026, top: 0 });
  assert.equal(all.byClientIp.length, 40 + 12 + 2);
});

test('Z: the cut counts rows as the table shows them, takes the entries in order of activity and stops at the first that does not fit', () => {
  const g = (n: number, i: number): { key: string; n: number } => ({ key: `g${pad(i)}`, n });
  const o = (n: number, i: number): { key: string; n: number } => ({ key: `o${pad(i)}`, n });
  // each list as the report gives it: cut at --top already
  const guessers = Array.from({ length: 20 }, (_, i) => g(10, i));
  const others = Array.from({ length: 30 }, (_, i) => o(2, i));
  // 30 guessers fold into 6 rows: 14 others fill the 20
  const cut = cutFoldingGuessers(guessers, others, 20);
  assert.equal(cut.filter((x) => x.key.startsWith('g')).length, 20);
  assert.equal(cut.filter((x) => x.key.startsWith('o')).length, 14);
  // Others first (more active), then guessers that would not fold: the cut is the old one
  const busy = Array.from({ length: 30 }, (_, i) => o(50, i));
  assert.deepEqual(cutFoldingGuessers(guessers, busy, 20).map((x) => x.key), busy.slice(0, 20).map((x) => x.key));
  // 8 others above, then guessers: 8 + 10 guessers = 18 rows, the 11th guesser folds them to 6 rows, more come along
  const mixed = cutFoldingGuessers(guessers, [...busy.slice(0, 8), ...others], 20);
  assert.equal(mixed.filter((x) => x.key.startsWith('g')).length, 20);
  assert.equal(mixed.filter((x) => x.key.startsWith('o')).length, 14);
  // Fewer than the cut: all
  assert.equal(cutFoldingGuessers(guessers.slice(0, 3), others.slice(0, 3), 20).length, 6);
});
