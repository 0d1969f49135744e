// Review 16 (fourteenth session): the report against hand-made scenario logs with known answers, in generated logs
// (test/day-log.ts, the corpus's line shapes).
//   1: the owner's own mail, sent from the office after an intruder's IMAP login, was listed in queue-delete.txt,
//      and counted in the compromised-account finding's "still queued".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report, reportOfLog } from './helpers.js';
import { DayLog } from './day-log.js';
import type { Report } from '../src/report/model.js';
import type { Finding } from '../src/types.js';

const DIR = mkdtempSync(join(tmpdir(), 'mlf-review16-'));
test.after(() => rmSync(DIR, { recursive: true, force: true }));

const run = (name: string, log: DayLog): Promise<Report> => reportOfLog(DIR, name, log);

const OFFICE = '203.0.113.50';
const GUESSER = '185.220.101.7';
const OWNER = 'info@office-b.jp';

/**
 * The owner reads and sends mail from the office from the morning; a guesser fails 24 times over IMAP and logs in at
 * 14:02; 30 IPs then send 90 messages as the account, 3 recipients each, 1 of 3 messages deferred and left queued;
 * at 16:45 the owner sends again from the office, deferred and queued too. Nothing forged: the account's own address.
 */
function intrudedAfterFirstMail(): { log: DayLog; ownerQueued: string; spamQueued: string[] } {
  const log = new DayLog();
  log.imapLogin(8 * 3600 + 5 * 60, OWNER, OFFICE);
  for (let h = 9; h <= 14; h++) log.userMail(h * 3600 + 20 * 60, OFFICE, OWNER, OWNER, [`partner${h}@client-${h}.example`]);
  for (let i = 0; i < 24; i++) log.imapFailure(13 * 3600 + 50 * 60 + i * 30, GUESSER, OWNER);
  log.imapLogin(14 * 3600 + 2 * 60 + 10, OWNER, GUESSER);
  const spamQueued: string[] = [];
  for (let i = 0; i < 90; i++) {
    const t = 14 * 3600 + 30 * 60 + i * 40;
    const ip = `45.${10 + (i % 30)}.${(i * 7) % 250}.${20 + (i % 30)}`;
    const rcpts = [0, 1, 2].map((k) => `target${i}-${k}@d${(i * 3 + k) % 70}.example.net`);
    const q = log.submit(t, ip, OWNER, OWNER, rcpts);
    if (i % 3 === 0) {
      for (const r of rcpts) log.deferred(t + 1, q, r);
      spamQueued.push(q);
    } else {
      for (const r of rcpts) log.bounced(t + 1, q, r);
      log.removed(t + 1.1, q);
    }
  }
  const ownerQueued = log.submit(16 * 3600 + 45 * 60, OFFICE, OWNER, OWNER, ['yamada@client-9.example']);
  log.deferred(16 * 3600 + 45 * 60 + 1, ownerQueued, 'yamada@client-9.example');
  return { log, ownerQueued, spamQueued };
}

test("1: the owner's office mail after an intruder's login is not in queue-delete.txt nor counted as the account's abuse still queued", async () => {
  const { log, ownerQueued, spamQueued } = intrudedAfterFirstMail();
  const r = await run('intruded.log', log);
  const account = r.findings.find((f) => f.rule === 'compromised-account');
  assert.ok(account !== undefined, 'the account is reported');
  assert.equal(account.evidence.firstOwnerIps, OFFICE);
  assert.equal(account.evidence.stillQueued, spamQueued.length);
  const cleanup = r.findings.find((f) => f.rule === 'queue-cleanup');
  assert.ok(cleanup !== undefined, 'the abuse still queued gets its delete list');
  assert.deepEqual(cleanup.lists?.['queue-delete.txt'], [...spamQueued].sort());
  assert.deepEqual([cleanup.evidence.abusiveQueued, cleanup.evidence.legitimateQueued], [spamQueued.length, 1]);
  assert.ok(!cleanup.lists!['queue-delete.txt']!.includes(ownerQueued));
  assert.equal(r.stillQueued.find((q) => q.qid === ownerQueued)?.legitimate, true);
});

/**
 * A shop's order mail through sendmail (pickup uid=33) all day as shop@shop-c.jp, one of them deferred and still
 * queued (20:21); from 21:10 a hacked form's phishing through the same uid, 120 messages as four banks' domains to 48
 * domains in 40 minutes, every third deferred and still queued, every fifth of the rest bounced.
 */
function formSpam(): { log: DayLog; orderQueued: string; spamQueued: string[] } {
  const log = new DayLog();
  for (let i = 0; i < 6; i++) log.inbound(3600 * (8 + i), 'kato@partner.example', 'tanaka@shop-c.jp');
  let orderQueued = '';
  for (let h = 7; h <= 20; h++) {
    const t = h * 3600 + 21 * 60;
    const rcpt = `customer${h}@d${h % 8}.example.org`;
    const q = log.pickup(t, 33, 'shop@shop-c.jp', [rcpt]);
    if (h === 20) { log.deferred(t + 1, q, rcpt); orderQueued = q; continue; }
    log.sent(t + 1, q, rcpt);
    log.removed(t + 1.2, q);
  }
  const banks = ['mufg.jp', 'smbc.co.jp', 'rakuten-card.co.jp', 'aeon.co.jp'];
  const spamQueued: string[] = [];
  for (let i = 0; i < 120; i++) {
    const t = 21 * 3600 + 10 * 60 + i * 20;
    const rcpt = `victim${i}@v${i % 48}.example.net`;
    const q = log.pickup(t, 33, `security@${banks[i % 4]}`, [rcpt]);
    if (i % 3 === 0) { log.deferred(t + 1, q, rcpt); spamQueued.push(q); continue; }
    if (i % 5 === 0) log.bounced(t + 1, q, rcpt);
    else log.sent(t + 1, q, rcpt);
    log.removed(t + 1.2, q);
  }
  return { log, orderQueued, spamQueued };
}

test('4: a hacked form\'s phishing still queued gets its delete list; the shop\'s own order mail from the same uid stays', async () => {
  const { log, orderQueued, spamQueued } = formSpam();
  const r = await run('form.log', log);
  assert.deepEqual(r.findings.filter((f) => f.rule === 'open-relay').map((f) => [f.severity, f.subject.value]), [['critical', 'mail uid=33']]);
  const cleanup = r.findings.find((f) => f.rule === 'queue-cleanup');
  assert.ok(cleanup !== undefined, 'the spam still queued gets its delete list');
  assert.deepEqual(cleanup.lists?.['queue-delete.txt'], [...spamQueued].sort());
  assert.equal(cleanup.title, `${spamQueued.length} of the ${spamQueued.length + 1} messages still queued are abuse `
    + `(${spamQueued.length} relayed without login for mail uid=33); 1 legitimate message stays`);
  assert.deepEqual([cleanup.evidence.relayedSpam, cleanup.evidence.relayedFor, cleanup.evidence.legitimateQueued], [spamQueued.length, 'mail uid=33', 1]);
  assert.equal(r.stillQueued.find((q) => q.qid === orderQueued)?.legitimate, true);
  // The same whatever the cuts and jobs.
  const cut = await report([join(DIR, 'form.log')], { year: 2026, jobs: 3, rangeBytes: 30_000 });
  assert.equal(JSON.stringify(cut), JSON.stringify(r));
  // Then postsuper -d ALL: the deletion took the spam and one legitimate message (queue-deleted tells them apart).
  log.emit(23 * 3600, 'postfix/postsuper[22918]', `Deleted: ${spamQueued.length + 1} messages`);
  const deleted = (await run('form-deleted.log', log)).findings.find((f) => f.rule === 'queue-deleted');
  assert.deepEqual([deleted?.evidence.abusive, deleted?.evidence.legitimate, deleted?.evidence.legitimateSenders], [spamQueued.length, 1, 'shop@shop-c.jp']);
});

test('4: an open relay\'s spam still queued is listed, whatever it was sent as; mail from other clients stays', async () => {
  const log = new DayLog();
  const queued: string[] = [];
  // 20 bots of the Internet relaying 5 messages each, 2 recipients in 2 outside domains; the last message of each deferred.
  for (let b = 0; b < 20; b++) {
    for (let k = 0; k < 5; k++) {
      const t = 10 * 3600 + b * 300 + k * 30;
      const rcpts = [`a${b}${k}@x${k}.example.net`, `b${b}${k}@y${b % 7}.example.com`];
      const q = log.submit(t, `198.51.${100 + b}.${10 + k}`, null, `promo${b}@${['cheap.example', 'deals.example'][k % 2]}`, rcpts, 'postfix/smtpd', 'unknown');
      if (k === 4) { for (const rc of rcpts) log.deferred(t + 1, q, rc); queued.push(q); continue; }
      for (const rc of rcpts) log.sent(t + 1, q, rc);
      log.removed(t + 1.1, q);
    }
  }
  // A user's own mail, deferred: legitimate.
  const own = log.submit(15 * 3600, '203.0.113.50', 'sato@example.jp', 'sato@example.jp', ['kim@partner.example']);
  log.deferred(15 * 3600 + 1, own, 'kim@partner.example');
  const r = await run('relay.log', log);
  assert.deepEqual(r.findings.filter((f) => f.rule === 'open-relay').map((f) => f.severity), ['critical']);
  const cleanup = r.findings.find((f) => f.rule === 'queue-cleanup');
  assert.deepEqual(cleanup?.lists?.['queue-delete.txt'], [...queued].sort());
  assert.deepEqual([cleanup?.evidence.relayedSpam, cleanup?.evidence.legitimateQueued], [20, 1]);
});

test('review B 4: a user name in a shell command is quoted when a shell would read it otherwise', async () => {
  const { shellArg } = await import('../src/detect/util.js');
  const { en, ja } = await import('../src/i18n/index.js');
  assert.equal(shellArg('info@example.jp'), 'info@example.jp');
  assert.equal(shellArg('o\'brien@example.jp'), '\'o\'\\\'\'brien@example.jp\'');
  assert.equal(shellArg('`touch /tmp/x`@example.jp'), '\'`touch /tmp/x`@example.jp\'');
  assert.equal(shellArg('a b|c$(d)'), '\'a b|c$(d)\'');
  for (const m of [en, ja]) {
    const fix = m.advice.mailboxBreach({ user: 'o\'brien@example.jp', ownerIps: [], ownerIpCount: 0, manageSieve: false, intruders: 1, inBlocklist: 1 });
    assert.match(fix, /doveadm kick 'o'\\''brien@example\.jp'/);
    assert.doesNotMatch(fix, /doveadm \S+ o'brien/);
    // The general text keeps its placeholder.
    assert.match(m.advice.mailboxBreach(null), /doveadm kick <user>/);
  }
});

test('A6: one failure and a login from that IP reads as a typo or an old password; thirteen as an old password', async () => {
  const { en, ja } = await import('../src/i18n/index.js');
  const p = { ips: 1, failures: 1, users: 1, shared: false, roaming: 0, networks: [] };
  assert.match(en.findings.bruteforceStaleOnly(p), /: a mistyped password or a mail client with an old one, not a guesser$/);
  assert.match(ja.findings.bruteforceStaleOnly(p), /パスワードの入力ミスか、古いパスワードのままのメールソフトです$/);
  assert.match(en.findings.bruteforceStaleOnly({ ...p, failures: 13 }), /: a mail client with an old password, not a guesser$/);
});

test('B9: a finding\'s log line keeps its "|" (it can be searched for in the log); a table cell turns it to "¦"', async () => {
  const { fixtureReport } = await import('./fixtures/render/reports.js');
  const { renderMarkdown } = await import('../src/render/markdown.js');
  const { mdCode } = await import('../src/render/escape.js');
  const r = await fixtureReport();
  const line = 'Nov 28 10:00:00 mail postfix/smtpd[1]: warning: unknown[192.0.2.1]: SASL LOGIN authentication failed: x, sasl_username=in|fo@example.jp';
  r.findings[0]!.examples = [{ file: 0, line: 7, offset: 0, text: line }];
  assert.ok(renderMarkdown(r, 'T').includes(`:7: \`${line}\``));
  assert.equal(mdCode('a|b'), '`a¦b`');
});

test('B5: a bare URL in report.html shows as logged, without the Markdown escapes of report.md, and is no link', async () => {
  const { fixtureReport } = await import('./fixtures/render/reports.js');
  const { renderHtml } = await import('../src/render/html.js');
  const r = await fixtureReport();
  // The reason's text as the grouped Deferral reasons table shows it (review Z, Z27).
  r.deferralCauses![1]!.detail = 'see https://example.com/a_b_c*d*e (x) now';
  // The text as shown: the <wbr>s of addresses and paths (render/break-points.ts) are no characters.
  const page = renderHtml(r, { title: 'T', charts: [] }).replace(/<wbr>/g, '');
  // As code since review U, U5 (a URL in log text is a code span in report.md: no ticket system links it).
  assert.ok(page.includes('see <code>https://example.com/a_b_c*d*e</code> (x) now'), 'the reason as logged');
  assert.ok(!page.includes('href="https://example.com'), 'no link from log text');
});

test('B6, B10: option values: "-" is a dash, an option twice is said so, a title is one line and never empty', async () => {
  const { spawnSync } = await import('node:child_process');
  const { ROOT } = await import('./helpers.js');
  const { readFileSync } = await import('node:fs');
  const cli = (args: string[], input?: string): { status: number | null; stderr: string } =>
    spawnSync(process.execPath, [join(ROOT, 'dist', 'src', 'cli.js'), ...args], { encoding: 'utf8', input });
  const healthy = join(ROOT, 'samples', 'healthy.log');
  const twice = cli(['analyze', healthy, '--top', '5', '--top', '7', '-q', '-o', join(DIR, 'b10a')]);
  assert.deepEqual([twice.status, twice.stderr], [2, 'maillog-forensics: --top given more than once\n']);
  const toStdout = cli(['analyze', healthy, '-q', '-o', '-']);
  assert.equal(toStdout.status, 2);
  assert.match(toStdout.stderr, /^maillog-forensics: --out -: a report is several files, not a stream; give the output directory\n$/);
  const both = cli(['analyze', '-', '--queue', '-', '-q', '-o', join(DIR, 'b6')], 'x\n');
  assert.deepEqual([both.status, both.stderr], [2, 'maillog-forensics: standard input (-) can be read once, not by a log and --queue: give the others as files\n']);
  // --queue - reads the dump from standard input when the logs are files.
  const dump = cli(['analyze', healthy, '--year', '2026', '--queue', '-', '-q', '-f', 'json', '-o', join(DIR, 'b6q')], '{"queue_id":"ABC123"}\n');
  assert.equal(dump.status, 0, dump.stderr);
  const warnings = (JSON.parse(readFileSync(join(DIR, 'b6q', 'report.json'), 'utf8')) as Report).warnings;
  assert.ok(warnings.some((w) => w.startsWith('--queue: the queue dump names 1 queue ID;')), warnings.join('\n'));
  const titled = cli(['analyze', healthy, '--title', '', '--client', 'ACME\nCo. -', '-q', '-f', 'md', '-o', join(DIR, 'b10b')]);
  assert.equal(titled.status, 0, titled.stderr);
  assert.equal(readFileSync(join(DIR, 'b10b', 'report.md'), 'utf8').split('\n')[0], '# Mail log forensics report — ACME Co. -');
});

test('B11: a lookup table\'s values line up, but a 3,000-character key does not push every line out to it', async () => {
  const { tableLines } = await import('../src/detect/util.js');
  assert.deepEqual(tableLines([['info@example.jp', 'info@example.jp'], ['sales@example.jp', 'info@example.jp']]),
    ['info@example.jp   info@example.jp', 'sales@example.jp  info@example.jp']);
  const long = `${'x'.repeat(3000)}@example.jp`;
  const lines = tableLines([[long, 'u'], ['a@example.jp', 'u']]);
  assert.deepEqual(lines.map((l) => l.length), [long.length + 3, 41]);
});

test('E1: an office user sending as the company\'s second brand, from the office address five users share, is no stolen password', async () => {
  const log = new DayLog();
  const office = '203.0.113.10';
  for (let u = 1; u <= 5; u++) {
    for (let i = 0; i < 6; i++) log.userMail(8 * 3600 + u * 600 + i * 3600, office, `user0${u}@example.jp`, `user0${u}@example.jp`, [`client${u}${i}@partner${i}.example`]);
  }
  // user05 sends 20 quotes as sales@example-brand.com (the brand's mailboxes are at Google: not ours by the log).
  for (let i = 0; i < 20; i++) log.userMail(9 * 3600 + i * 900, office, 'user05@example.jp', 'sales@example-brand.com', [`lead${i}@shop${i}.example`]);
  for (let i = 0; i < 4; i++) log.inbound(10 * 3600 + i * 1800, 'kato@partner.example', `user0${i + 1}@example.jp`);
  const r = await run('brand.log', log);
  assert.deepEqual(r.findings.filter((f) => f.rule === 'compromised-account').map((f) => [f.severity, f.title]), []);
});

test('E2: an office PC polling a removed account every 10 minutes, beside users mistyping their own passwords, is not blocked', async () => {
  const log = new DayLog();
  const office = '203.0.113.10';
  for (let u = 1; u <= 5; u++) {
    log.imapLogin(8 * 3600 + u * 60, `user0${u}@example.jp`, office);
    log.userMail(9 * 3600 + u * 600, office, `user0${u}@example.jp`, `user0${u}@example.jp`, [`c${u}@partner.example`]);
  }
  // kimura@ left the company; a PC in the office still asks for the mailbox every 10 minutes, 09:30 to 18:00.
  for (let t = 9.5 * 3600; t <= 18 * 3600; t += 600) log.imapFailure(t, office, 'kimura@example.jp');
  // Two users mistype once, then log in.
  log.imapFailure(11 * 3600, office, 'user02@example.jp');
  log.imapLogin(11 * 3600 + 30, 'user02@example.jp', office);
  log.imapFailure(14 * 3600, office, 'user04@example.jp');
  log.imapLogin(14 * 3600 + 30, 'user04@example.jp', office);
  const r = await run('office-stale.log', log);
  const f = r.findings.filter((x) => x.rule === 'sasl-bruteforce');
  assert.deepEqual(f.map((x) => [x.severity, x.lists?.['blocklist-ips.txt']]), [['info', undefined]]);
  assert.match(f[0]!.title, /for 3 user names, all but 1 of which also log in from it: your users' mail clients \(a typo, an old password, an account since removed\), not a guesser$/);
});

test('E5: one recipient\'s dead domain retried all day is no DNS trouble of the server; ten deliveries failing DNS in a minute are', async () => {
  const dnsDeferral = (log: DayLog, t: number, q: string, rcpt: string, domain: string): void => log.emit(t, 'postfix/smtp[25812]',
    `${q}: to=<${rcpt}>, relay=none, delay=1, delays=1/0.01/0.5/0, dsn=4.4.3, status=deferred (Host or domain name not found. `
    + `Name service error for name=${domain} type=MX: Host not found, try again)`);
  const dead = new DayLog();
  for (let i = 0; i < 20; i++) dead.userMail(9 * 3600 + i * 60, '203.0.113.50', 'news@example.jp', 'news@example.jp', [`s${i}@list${i}.example`]);
  const q = dead.submit(9 * 3600, '203.0.113.50', 'news@example.jp', 'news@example.jp', ['info@old-shop.co.jp']);
  for (let k = 0; k < 15; k++) dnsDeferral(dead, 9 * 3600 + 1 + k * 2400, q, 'info@old-shop.co.jp', 'old-shop.co.jp');
  assert.deepEqual((await run('dead-domain.log', dead)).findings.filter((f) => f.rule === 'server-trouble'), []);
  const broken = new DayLog();
  for (let i = 0; i < 10; i++) {
    const m = broken.submit(10 * 3600 + i * 5, '203.0.113.50', 'sato@example.jp', 'sato@example.jp', [`c${i}@partner.example`]);
    dnsDeferral(broken, 10 * 3600 + i * 5 + 1, m, `c${i}@partner.example`, 'partner.example');
  }
  assert.deepEqual((await run('resolver.log', broken)).findings.filter((f) => f.rule === 'server-trouble').map((f) => f.evidence.dnsFailures), [10]);
});

test('C1: compare pairs a compromised-account note with a note, not with the account\'s compromise', async () => {
  const { pairFindings } = await import('../src/compare/match.js');
  const f = (severity: Finding['severity'], rule = 'compromised-account'): Finding => ({
    rule, severity, title: 't', subject: { kind: 'saslUser', value: 'info@example.jp' }, firstAt: null, lastAt: null, evidence: {}, examples: [], impact: 1,
  }) as unknown as Finding;
  const critical = f('critical');
  const note = f('low');
  assert.deepEqual(pairFindings([critical], [note]).map(([b, a]) => [b?.severity ?? null, a?.severity ?? null]), [['critical', null], [null, 'low']]);
  assert.deepEqual(pairFindings([note], [f('high')]).map(([b, a]) => [b?.severity ?? null, a?.severity ?? null]), [['low', null], [null, 'high']]);
  assert.equal(pairFindings([critical], [f('high')]).length, 1, 'a compromise stays one finding whatever its severity');
  // Another rule's high and low on one subject stay one finding (a brute force that became a stale client is reduced).
  assert.equal(pairFindings([f('high', 'sasl-bruteforce')], [f('low', 'sasl-bruteforce')]).length, 1);
});

test('E3: a booking service\'s confirmations with a Bcc to our own archive mailbox are no botnet\'s mail (3 recipients each, one of them ours)', async () => {
  const log = new DayLog();
  // The office's own day: users and inbound mail, so that example.jp is ours.
  for (let u = 1; u <= 5; u++) log.userMail(8 * 3600 + u * 600, '203.0.113.10', `user0${u}@example.jp`, `user0${u}@example.jp`, [`c${u}@partner.example`]);
  for (let i = 0; i < 4; i++) log.inbound(9 * 3600 + i * 900, 'kato@partner.example', 'archive@example.jp');
  const ips = ['35.200.10.1', '35.200.10.2', '34.84.5.9', '34.84.5.10', '104.198.80.3', '104.198.80.4'];
  for (let i = 0; i < 150; i++) {
    const t = 10 * 3600 + i * 20;
    const rc = [`guest${i}@d${i % 60}.example.net`, `travel@d${i % 60}.example.net`, 'archive@example.jp'];
    const q = log.submit(t, ips[i % ips.length]!, 'reservations@example.jp', 'reservations@example.jp', rc);
    log.sent(t + 1, q, rc[0]!);
    if (i % 40 === 3) log.bounced(t + 1, q, rc[1]!); else log.sent(t + 1, q, rc[1]!);
    log.emit(t + 1, 'postfix/lmtp[3001]', `${q}: to=<archive@example.jp>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.05, `
      + 'delays=0.01/0.01/0.01/0.02, dsn=2.0.0, status=sent (250 2.0.0 <archive@example.jp> gbGdAtQnKWlTNQAA Saved)');
    log.removed(t + 1.2, q);
  }
  const r = await run('booking.log', log);
  assert.deepEqual(r.findings.filter((f) => f.rule === 'compromised-account').map((f) => [f.severity, f.subject.value]), [['low', 'reservations@example.jp']]);
});

test('C2: an account the after run still finds compromised persists, however much of its spam stopped', async () => {
  const { matchFindings } = await import('../src/compare/match.js');
  const f = (severity: Finding['severity'], messages: number): Finding => ({
    rule: 'compromised-account', severity, title: 't', subject: { kind: 'saslUser', value: 'info@example.jp' }, firstAt: null, lastAt: null,
    evidence: { messages }, examples: [], impact: messages,
  }) as unknown as Finding;
  const status = (after: Finding): string => matchFindings([f('critical', 103)], [after], { before: 24, after: 24 })[0]!.status;
  assert.equal(status(f('critical', 72)), 'persisting');
  assert.equal(status(f('high', 10)), 'persisting');
  // Another rule's count that fell by 30% is reduced.
  const bf = (n: number): Finding => ({ ...f('high', n), rule: 'sasl-bruteforce', subject: { kind: 'ips', value: 'x' }, evidence: { failedLoginsFromAttackingIps: n } }) as unknown as Finding;
  assert.equal(matchFindings([bf(100)], [bf(70)], { before: 24, after: 24 })[0]!.status, 'reduced');
});
