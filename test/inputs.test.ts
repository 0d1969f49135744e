// Inputs: gzip, stdin, rotated sets, duplicates, CRLF, truncated last lines, repeated-message compression,
// and the CLI's errors and exit codes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, utimesSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS, ROOT, report } from './helpers.js';
import { renderJson } from '../src/render/index.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const incident = join(CORPUS, 'incident', 'maillog');
const skip = existsSync(incident) ? false : 'corpus not found';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'mlf-test-'));
}

/** The report without the input descriptions (paths and kinds differ between equivalent inputs). */
function comparable(r: Awaited<ReturnType<typeof report>>): string {
  // Warnings that name an input ("x.log: 3,000 of its 3,002 lines were not understood") name it as INPUT.
  const named = (w: string): string => r.inputs.reduce((t, f) => t.split(f.path).join('INPUT'), w);
  return renderJson({ ...r, inputs: [], options: { ...r.options }, warnings: r.warnings.map(named) });
}

test('a .gz file gives the same report as the plain file', { skip }, async () => {
  const dir = tmp();
  const gz = join(dir, 'maillog.gz');
  writeFileSync(gz, gzipSync(readFileSync(incident)));
  const a = await report([incident], { year: 2026 });
  const b = await report([gz], { year: 2026 });
  assert.equal(b.inputs[0]!.kind, 'gz');
  assert.equal(comparable(b), comparable(a));
});

test('a rotated set split in three files (one gzipped, given in the wrong order) equals the whole log', { skip }, async () => {
  const dir = tmp();
  const text = readFileSync(incident, 'latin1');
  const lines = text.split('\n');
  const third = Math.floor(lines.length / 3);
  const parts = [lines.slice(0, third), lines.slice(third, 2 * third), lines.slice(2 * third)].map((p, i, all) => p.join('\n') + (i < all.length - 1 ? '\n' : ''));
  const oldest = join(dir, 'maillog.2.gz');
  const middle = join(dir, 'maillog.1');
  const newest = join(dir, 'maillog');
  writeFileSync(oldest, gzipSync(Buffer.from(parts[0]!, 'latin1')));
  writeFileSync(middle, parts[1]!, 'latin1');
  writeFileSync(newest, parts[2]!, 'latin1');
  const whole = await report([incident], { year: 2026 });
  const rotated = await report([newest, oldest, middle], { year: 2026, jobs: 2 });
  assert.deepEqual(rotated.inputs.map((i) => i.path), [oldest, middle, newest], 'ordered by first timestamp');
  assert.deepEqual(rotated.totals, whole.totals);
  assert.deepEqual(rotated.stillQueued, whole.stillQueued);
  assert.equal(rotated.lines.total, whole.lines.total);
  // Lines are numbered within each file.
  const sizes = rotated.inputs.map((i) => i.lines);
  assert.equal(sizes.reduce((a, b) => a + b, 0), whole.lines.total);
});

test('the same file given twice is read once and reported', { skip }, async () => {
  const r = await report([incident, incident], { year: 2026 });
  assert.equal(r.inputs.length, 1);
  assert.deepEqual(r.duplicateInputs, [incident]);
  assert.equal(r.lines.total, 12588);
});

test('CRLF line ends and a truncated last line are read like clean lines', async () => {
  const dir = tmp();
  const lines = [
    'Nov 28 22:15:30 mail postfix/smtpd[21695]: connect from unknown[192.0.2.10]',
    'Nov 28 22:15:32 mail postfix/smtpd[21695]: warning: unknown[192.0.2.10]: SASL PLAIN authentication failed: (reason unavailable), sasl_username=test',
    'Nov 28 22:15:33 mail postfix/smtpd[21695]: disconnect from unknown[192.0.2.10] ehlo=1 auth=0/1 quit=1 commands=2/3',
  ];
  const crlf = join(dir, 'crlf.log');
  writeFileSync(crlf, lines.join('\r\n') + '\r\n');
  const truncated = join(dir, 'trunc.log');
  writeFileSync(truncated, lines.join('\n') + '\nNov 28 22:15:34 mail postfix/smtpd[21695]: connect from unknown[192.0.2.1');
  const a = await report([crlf], { year: 2026 });
  assert.equal(a.lines.unparsed, 0);
  assert.equal(a.totals.authFailures, 1);
  assert.equal(a.authFailuresByUser[0]?.key, 'test');
  const b = await report([truncated], { year: 2026 });
  assert.equal(b.lines.total, 4, 'the last line without a newline is still a line');
  // Cut inside the client's address: unparsed and counted as cut, not a connection from nobody (review AA, F2).
  assert.equal(b.totals.connections, 1);
  assert.equal(b.lines.unparsed, 1);
  assert.equal(b.lines.cutShort, 1);
});

test('rsyslog "message repeated N times" counts N events', async () => {
  const dir = tmp();
  const f = join(dir, 'repeat.log');
  writeFileSync(f, [
    'Nov 28 22:15:32 mail postfix/smtpd[21695]: warning: unknown[192.0.2.10]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=admin',
    'Nov 28 22:15:40 mail postfix/smtpd[21695]: message repeated 4 times: [ warning: unknown[192.0.2.10]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=admin]',
  ].join('\n') + '\n');
  const r = await report([f], { year: 2026 });
  assert.equal(r.lines.total, 2);
  assert.equal(r.lines.parsed, 2);
  assert.equal(r.totals.authFailures, 5);
  assert.deepEqual(r.authFailuresByUser, [{ key: 'admin', count: 5 }]);
});

// Kinds no message record needs are counted N times at once; kinds that touch records are replayed. Either way the
// counts equal those of the same log written out line by line.
test('"message repeated N times" of every kind counts the same as the N lines written out', async () => {
  const dir = tmp();
  const lines = [
    'Nov 28 22:15:32 mail postfix/smtpd[21695]: connect from unknown[192.0.2.10]',
    'Nov 28 22:15:32 mail postfix/smtpd[21695]: warning: unknown[192.0.2.10]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=admin',
    'Nov 28 22:15:33 mail postfix/smtpd[21695]: NOQUEUE: reject: RCPT from unknown[192.0.2.11]: 554 5.7.1 <x@example.net>: Relay access denied; from=<a@example.org> to=<x@example.net> proto=ESMTP helo=<h>',
    'Nov 28 22:15:34 mail dovecot: auth: passwd-file(info,192.0.2.12): unknown user',
    'Nov 28 22:15:35 mail dovecot: imap-login: Disconnected: Connection closed (auth failed, 3 attempts in 12 secs): user=<info>, method=PLAIN, rip=192.0.2.13, lip=192.0.2.1, session=<x>',
    'Nov 28 22:15:36 mail postfix/smtp[3]: connect to mx.example.net[198.51.100.7]:25: Connection timed out',
  ];
  const times = [3, 7, 2, 5, 4, 6];
  const compressed: string[] = [];
  const expanded: string[] = [];
  lines.forEach((l, i) => {
    const m = l.indexOf(']: ') >= 0 && l.indexOf('dovecot: ') < 0 ? l.indexOf(']: ') + 3 : l.indexOf('dovecot: ') + 9;
    compressed.push(l, `${l.slice(0, m)}message repeated ${times[i]} times: [ ${l.slice(m)}]`);
    for (let k = 0; k <= times[i]!; k++) expanded.push(l);
  });
  const a = join(dir, 'compressed.log');
  const b = join(dir, 'expanded.log');
  writeFileSync(a, compressed.join('\n') + '\n');
  writeFileSync(b, expanded.join('\n') + '\n');
  const ra = await report([a], { year: 2026 });
  const rb = await report([b], { year: 2026 });
  assert.equal(ra.lines.unparsed, 0);
  assert.equal(rb.lines.total, lines.length + times.reduce((x, y) => x + y, 0));
  assert.deepEqual(ra.totals, rb.totals);
  assert.deepEqual(ra.eventKinds, rb.eventKinds);
  assert.deepEqual(ra.byClientIp.map((r) => ({ ...r })), rb.byClientIp.map((r) => ({ ...r })));
  assert.deepEqual(ra.authFailuresByUser, rb.authFailuresByUser);
  assert.deepEqual(ra.dovecotAuthFailuresByUser, rb.dovecotAuthFailuresByUser);
  assert.deepEqual(ra.rejectReasons.map((r) => [r.reason, r.count]), rb.rejectReasons.map((r) => [r.reason, r.count]));
  assert.deepEqual(ra.connectFailureReasons.map((r) => [r.reason, r.count]), rb.connectFailureReasons.map((r) => [r.reason, r.count]));
  // Only `lines` and `dovecotLines` differ: they count the lines of the file (Dovecot's: 2 and 2 repeat lines; 11).
  assert.deepEqual(ra.hourly.map((h) => ({ ...h, lines: 0, dovecotLines: 0 })), rb.hourly.map((h) => ({ ...h, lines: 0, dovecotLines: 0 })));
  assert.deepEqual([ra.hourly[0]?.dovecotLines, rb.hourly[0]?.dovecotLines], [4, 11]);
  assert.equal(ra.totals.authFailures, 8);
  assert.equal(ra.totals.dovecotLoginFailures, 15);
});

// A file of nothing but maximal repeat counts used to replay every repeat: 2,000 lines × 100,000 took minutes.
test('2,000 lines of "message repeated 100000 times" are counted, not replayed', { timeout: 30_000 }, async () => {
  const dir = tmp();
  const f = join(dir, 'storm.log');
  const line = 'Nov 28 22:15:40 mail postfix/smtpd[21695]: message repeated 100000 times: [ warning: unknown[192.0.2.10]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=admin]';
  writeFileSync(f, (line + '\n').repeat(2000));
  const r = await report([f], { year: 2026 });
  assert.equal(r.totals.authFailures, 200_000_000);
  assert.deepEqual(r.authFailuresByUser, [{ key: 'admin', count: 200_000_000 }]);
});

test('classic timestamps take their year from the file time, with a December → January rollover', async () => {
  const dir = tmp();
  const f = join(dir, 'rollover.log');
  writeFileSync(f, [
    'Dec 31 23:59:58 mail postfix/smtpd[1]: connect from unknown[192.0.2.10]',
    'Jan  1 00:00:02 mail postfix/smtpd[1]: disconnect from unknown[192.0.2.10] ehlo=1 quit=1 commands=2',
  ].join('\n') + '\n');
  const jan2 = new Date(2027, 0, 2).getTime() / 1000;
  utimesSync(f, jan2, jan2);
  const r = await report([f]);
  assert.equal(r.period.from, '2026-12-31T23:59:58');
  assert.equal(r.period.to, '2027-01-01T00:00:02');
  const fixed = await report([f], { year: 2019 });
  assert.equal(fixed.period.to, '2020-01-01T00:00:02');
});

test('lines of other programs are ignored; garbage is unparsed and sampled with its line number', async () => {
  const dir = tmp();
  const f = join(dir, 'mixed.log');
  writeFileSync(f, Buffer.concat([
    Buffer.from('Nov 28 22:15:30 mail CRON[123]: (root) CMD (run-parts /etc/cron.hourly)\n'),
    Buffer.from('Nov 28 22:15:31 mail postfix/smtpd[1]: connect from unknown[192.0.2.10]\n'),
    Buffer.from([0x00, 0xff, 0xfe, 0x41, 0x0a]),
    Buffer.from('Nov 28 22:15:32 mail postfix/smtpd[1]: something postfix never wrote\n'),
  ]));
  const r = await report([f], { year: 2026 });
  assert.deepEqual([r.lines.total, r.lines.parsed, r.lines.ignored, r.lines.unparsed], [4, 1, 1, 2]);
  assert.deepEqual(r.lines.unparsedExamples.map((e) => e.line), [3, 4]);
  assert.equal(r.inputs[0]!.unparsed, 2);
});

function cli(args: string[], input?: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

test('standard input gives the same report as the file', { skip }, () => {
  const dir = tmp();
  const a = cli(['analyze', incident, '--out', join(dir, 'a'), '--format', 'json', '--year', '2026', '-q']);
  const b = cli(['analyze', '-', '--out', join(dir, 'b'), '--format', 'json', '--year', '2026', '-q'], readFileSync(incident, 'latin1'));
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  const ra = JSON.parse(readFileSync(join(dir, 'a', 'report.json'), 'utf8'));
  const rb = JSON.parse(readFileSync(join(dir, 'b', 'report.json'), 'utf8'));
  assert.deepEqual(rb.totals, ra.totals);
  assert.equal(rb.inputs[0].kind, 'stdin');
});

test('errors are one line on stderr with documented exit codes, and leave no report', () => {
  const dir = tmp();
  const missing = cli(['analyze', join(dir, 'nope.log'), '--out', join(dir, 'out')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^maillog-forensics: .*nope\.log: no such file\n$/);
  assert.equal(existsSync(join(dir, 'out')), false);
  const directory = cli(['analyze', dir, '--out', join(dir, 'out')]);
  assert.equal(directory.code, 2);
  assert.match(directory.stderr, /is a directory/);
  const usage = cli(['analyze', '--jobs', '0', join(dir, 'x')]);
  assert.equal(usage.code, 2);
  assert.equal(usage.stderr.split('\n').filter(Boolean).length, 1);
  const unknown = cli(['frobnicate']);
  assert.equal(unknown.code, 2);
  const badGz = join(dir, 'broken.gz');
  writeFileSync(badGz, gzipSync(Buffer.from('Nov 28 22:15:31 mail postfix/smtpd[1]: connect from unknown[192.0.2.10]\n'.repeat(5000))).subarray(0, 300));
  const broken = cli(['analyze', badGz, '--out', join(dir, 'gzout'), '--format', 'json', '-q']);
  assert.equal(broken.code, 1);
  assert.match(broken.stderr, /broken\.gz: gzip data is (truncated|corrupt)/);
  assert.equal(existsSync(join(dir, 'gzout', 'report.json')), false);
  const partial = cli(['analyze', badGz, '--out', join(dir, 'gzout2'), '--format', 'json', '-q', '--allow-partial']);
  assert.equal(partial.code, 0, partial.stderr);
  const r = JSON.parse(readFileSync(join(dir, 'gzout2', 'report.json'), 'utf8'));
  assert.ok(r.totals.connections > 0, 'what was read before the break is reported');
  assert.match(r.warnings.join(' '), /gzip data is/);
});

test('--title and --client name the report in Markdown and HTML', () => {
  const dir = tmp();
  const log = join(dir, 'one.log');
  writeFileSync(log, 'Nov 28 22:15:31 mail postfix/smtpd[1]: connect from unknown[192.0.2.10]\n');
  const r = cli(['analyze', log, '--out', join(dir, 'out'), '--format', 'md,html', '--title', 'Incident 4711', '--client', 'ACME <Co>', '-q', '--lang', 'en']);
  assert.equal(r.code, 0, r.stderr);
  // "<" escaped where it could open a tag, and only there (review Z, Z13); ticket.md has the same title.
  for (const f of ['report.md', 'ticket.md']) assert.equal(readFileSync(join(dir, 'out', f), 'utf8').split('\n')[0], '# Incident 4711 — ACME \\<Co>', f);
  assert.match(readFileSync(join(dir, 'out', 'report.html'), 'utf8'), /<title>Incident 4711 — ACME &lt;Co&gt; · mail · 2026-11-28<\/title>/);
});

// ---------------------------------------------------------------------------------------------------------
// Years and the order of a rotated set (review-robust.md D2–D5)
// ---------------------------------------------------------------------------------------------------------

/** maillog.1: five messages received on Dec 31 at 23:0x; maillog: their deliveries and removals on Jan 1. */
function newYearSet(dir: string): { older: string; newer: string } {
  const older = join(dir, 'maillog.1');
  const newer = join(dir, 'maillog');
  const a: string[] = [];
  const b: string[] = [];
  for (let k = 1; k <= 5; k++) {
    const qid = `4B${k}C0D1E2F`;
    // Line shapes of corpus healthy/maillog (smtpd client=, cleanup message-id, qmgr from=, smtp status=sent, removed).
    a.push(`Dec 31 23:0${k}:00 mail postfix/smtpd[100${k}]: ${qid}: client=unknown[192.0.2.${k}]`,
      `Dec 31 23:0${k}:01 mail postfix/cleanup[200${k}]: ${qid}: message-id=<m${k}@example.org>`,
      `Dec 31 23:0${k}:02 mail postfix/qmgr[300]: ${qid}: from=<a${k}@example.org>, size=1000, nrcpt=1 (queue active)`);
    b.push(`Jan  1 00:0${k - 1}:30 mail postfix/smtp[400${k}]: ${qid}: to=<b${k}@example.net>, relay=mx.example.net[198.51.100.7]:25, delay=3600, delays=0/0/0.5/0.1, dsn=2.0.0, status=sent (250 2.0.0 Ok)`,
      `Jan  1 00:0${k - 1}:31 mail postfix/qmgr[300]: ${qid}: removed`);
  }
  writeFileSync(older, a.join('\n') + '\n');
  writeFileSync(newer, b.join('\n') + '\n');
  return { older, newer };
}

test('--year with a rotated set across New Year: the oldest file is in that year, the next one in the next (D2)', async () => {
  const dir = tmp();
  const { older, newer } = newYearSet(dir);
  // Times as logrotate leaves them; then both files touched at once (copied), which must not matter with --year.
  for (const [stamps, label] of [[[2026, 2027], 'rotated'], [[2030, 2030], 'copied']] as const) {
    utimesSync(older, new Date(stamps[0], 11, 31, 23, 59), new Date(stamps[0], 11, 31, 23, 59));
    utimesSync(newer, new Date(stamps[1], 0, 1, 6, 25), new Date(stamps[1], 0, 1, 6, 25));
    const r = await report([newer, older], { year: 2026 });
    assert.deepEqual(r.inputs.map((i) => [i.path, i.firstAt]), [[older, '2026-12-31T23:01:00'], [newer, '2027-01-01T00:00:30']], label);
    assert.deepEqual([r.period.from, r.period.to], ['2026-12-31T23:01:00', '2027-01-01T00:04:31'], label);
    assert.deepEqual([r.totals.received, r.totals.stillQueued, r.totals.partialMessages], [5, 0, 0], label);
    assert.deepEqual(r.warnings, [], label);
  }
});

test('--year that dates the first line long after the file was last written: a warning that says which year to give (review AJ)', async () => {
  // A slip of the current year (January 2027) for last November's log: the takeover came out in November 2027, silently.
  const dir = tmp();
  const f = join(dir, 'maillog');
  writeFileSync(f, [
    'Nov 25 06:26:21 mail postfix/smtpd[1]: connect from unknown[192.0.2.10]',
    'Nov 25 06:26:22 mail postfix/smtpd[1]: disconnect from unknown[192.0.2.10] ehlo=1 quit=1 commands=2',
  ].join('\n') + '\n');
  const written = new Date('2026-11-28T12:00:00Z');
  utimesSync(f, written, written);
  const wrong = await report([f], { year: 2027 });
  assert.equal(wrong.period.from, '2027-11-25T06:26:21');
  assert.deepEqual(wrong.warnings, [`${f}: --year 2027 dates its first line 2027-11-25, 362 days after the file was last written (2026-11-28): `
    + 'a log holds no line written after it, so the year is wrong, and with it every date of this report. --year is the year of the first line '
    + 'of the oldest file (classic syslog lines carry no year): run again with --year 2026, or without --year to take it from the file time.']);
  // Three years ahead: three years back.
  assert.match((await report([f], { year: 2029 })).warnings[0] ?? '', /1,093 days after .* run again with --year 2026,/);
  // The right year, no year (the file time's), or a log of a few weeks ahead of its file time (a rollover test's): no warning.
  assert.deepEqual((await report([f], { year: 2026 })).warnings, []);
  assert.deepEqual((await report([f], {})).warnings, []);
  const early = new Date('2026-10-30T12:00:00Z');
  utimesSync(f, early, early);
  assert.deepEqual((await report([f], { year: 2026 })).warnings, []);
  // A file time that says nothing (an archiver's 1980-01-01): no year to suggest from it, no warning.
  const dos = new Date('1980-01-01T00:00:00Z');
  utimesSync(f, dos, dos);
  assert.deepEqual((await report([f], { year: 2026 })).warnings, []);
});

test('--year Y is the year of the set\'s first dated line; a straggler of the day before it goes in Y − 1 (review V, V7)', async () => {
  // A maillog rotated at midnight whose second line is a writer's Dec 31 23:59:59, a second late. The user who passes
  // --year 2027 for a log of January 2027 means its first line; the straggler is the year before, not the whole log.
  const dir = tmp();
  const lines = [
    'Jan  1 00:00:00 mail postfix/smtpd[1]: connect from unknown[192.0.2.10]',
    'Dec 31 23:59:59 mail postfix/qmgr[900]: 3F2A81637B1: removed',
    'Jan  1 00:00:01 mail postfix/smtpd[1]: disconnect from unknown[192.0.2.10] ehlo=1 quit=1 commands=2',
  ];
  const f = join(dir, 'maillog');
  writeFileSync(f, lines.join('\n') + '\n');
  const r = await report([f], { year: 2027 });
  assert.deepEqual(r.inputs.map((i) => i.firstAt), ['2027-01-01T00:00:00']);
  assert.deepEqual([r.period.from, r.period.to], ['2026-12-31T23:59:59', '2027-01-01T00:00:01']);
  // In a rotated pair, the set's first dated line is maillog.1's: maillog (and its straggler) follow from it.
  const older = join(dir, 'maillog.1');
  writeFileSync(older, 'Dec 31 23:00:00 mail postfix/smtpd[2]: connect from unknown[192.0.2.11]\n');
  const pair = await report([f, older], { year: 2026 });
  assert.deepEqual(pair.inputs.map((i) => [i.path, i.firstAt]), [[older, '2026-12-31T23:00:00'], [f, '2027-01-01T00:00:00']]);
  assert.deepEqual([pair.period.from, pair.period.to], ['2026-12-31T23:00:00', '2027-01-01T00:00:01']);
  assert.deepEqual(pair.warnings, []);
});

test('files of a set half a year apart or more, dated by the year rule: a warning names them (D2)', async () => {
  const dir = tmp();
  const { older, newer } = newYearSet(dir);
  // maillog copied in 2030 without keeping its time: its January is 2030, three years after maillog.1.
  utimesSync(older, new Date(2026, 11, 31, 23, 59), new Date(2026, 11, 31, 23, 59));
  utimesSync(newer, new Date(2030, 0, 5), new Date(2030, 0, 5));
  const r = await report([older, newer]);
  // (and the hourly series' own warning about the jump it makes)
  const gap = r.warnings.filter((w) => w.includes(' days after '));
  assert.equal(gap.length, 1, r.warnings.join('\n'));
  assert.match(gap[0]!, new RegExp(`^${newer} starts 1096 days after ${older}: .*a file is dated a year off`));
});

test('an empty, blank-only or timeless input among rotated files keeps its slot; the others are in time order (D3)', async () => {
  const dir = tmp();
  const R = join(ROOT, 'samples', 'rotated');
  const empty = join(dir, 'empty.log');
  const blanks = join(dir, 'blanks.log');
  writeFileSync(empty, '');
  writeFileSync(blanks, '\n\n  \n\n');
  const paths = ['maillog', 'maillog.1', 'maillog.2.gz', 'maillog-20261120.gz'].map((n) => join(R, n));
  const [newest, one, two, oldest] = paths as [string, string, string, string];
  const whole = await report([oldest, two, one, newest], { year: 2026 });
  assert.deepEqual(whole.inputs.map((i) => i.path), [oldest, two, one, newest]);
  for (const given of [[newest, empty, one, two, blanks, oldest], [one, empty, two, newest, oldest], [empty, newest, oldest, blanks, one, two]]) {
    const r = await report(given, { year: 2026 });
    const timed = r.inputs.map((i) => i.path).filter((p) => p !== empty && p !== blanks);
    assert.deepEqual(timed, [oldest, two, one, newest].filter((p) => given.includes(p)), given.join(' '));
    // Untimed inputs stay where they were given.
    given.forEach((p, k) => { if (p === empty || p === blanks) assert.equal(r.inputs[k]!.path, p); });
    if (given.length === 6 || given.length === 5) {
      assert.deepEqual([r.totals.stillQueued, r.totals.partialMessages], [whole.totals.stillQueued, whole.totals.partialMessages], given.join(' '));
    }
  }
});

test('a plain file whose first dated line comes late gets the year rule of the same bytes gzipped (D5)', async () => {
  const dir = tmp();
  const junk = Array.from({ length: 3000 }, (_, k) => `junk line ${k} without a syslog prefix ${'x'.repeat(100)}`);
  const text = [...junk,
    'Dec 31 23:59:50 mail postfix/smtpd[1]: connect from unknown[192.0.2.10]',
    'Jan  1 00:00:09 mail postfix/smtpd[1]: disconnect from unknown[192.0.2.10] ehlo=1 quit=1 commands=2',
  ].join('\n') + '\n';
  const plain = join(dir, 'junkfirst.log');
  const gz = join(dir, 'junkfirst.log.gz');
  writeFileSync(plain, text);
  writeFileSync(gz, gzipSync(Buffer.from(text)));
  const t = new Date(2027, 0, 2);
  utimesSync(plain, t, t);
  utimesSync(gz, t, t);
  for (const jobs of [1, 2]) {
    const a = await report([plain], { jobs, rangeBytes: 100_000 });
    const b = await report([gz], { jobs });
    assert.deepEqual([a.period.from, a.period.to], ['2026-12-31T23:59:50', '2027-01-01T00:00:09']);
    assert.deepEqual(a.inputs[0]!.firstAt, '2026-12-31T23:59:50');
    assert.equal(comparable(a), comparable(b));
  }
});

test('an RFC 3339 start settles the year of later classic lines, the same in a plain file and a .gz (D5)', async () => {
  const dir = tmp();
  const text = [
    '2026-12-31T23:59:50+09:00 mail postfix/smtpd[1]: connect from unknown[192.0.2.10]',
    'Jan  1 00:00:09 mail postfix/smtpd[1]: disconnect from unknown[192.0.2.10] ehlo=1 quit=1 commands=2',
  ].join('\n') + '\n';
  const plain = join(dir, 'iso-then-classic.log');
  const gz = join(dir, 'iso-then-classic.log.gz');
  writeFileSync(plain, text);
  writeFileSync(gz, gzipSync(Buffer.from(text)));
  const a = await report([plain], { year: 2019 });
  const b = await report([gz], { year: 2019 });
  assert.deepEqual(a.hourly.map((h) => h.hour), ['2026-12-31T23:00', '2027-01-01T00:00']);
  assert.equal(comparable(a), comparable(b));
});

test('impossible dates are unparsed lines, counted and sampled (D11)', async () => {
  const dir = tmp();
  const f = join(dir, 'dates.log');
  // review-robust.md D11 (misc.log lines 17–19) between two good lines.
  writeFileSync(f, [
    'Nov 28 10:00:14 mail postfix/smtpd[45]: connect from unknown[192.0.2.1]',
    'Nov 31 10:00:15 mail postfix/smtpd[45]: connect from unknown[192.0.2.1]',
    '2026-02-30T10:00:16+09:00 mail postfix/smtpd[45]: connect from unknown[192.0.2.1]',
    '2026-11-28T10:00:17+25:99 mail postfix/smtpd[45]: connect from unknown[192.0.2.1]',
    'Nov 28 10:00:18 mail postfix/smtpd[45]: connect from unknown[192.0.2.1]',
  ].join('\n') + '\n');
  const r = await report([f], { year: 2026 });
  assert.deepEqual([r.lines.parsed, r.lines.unparsed], [2, 3]);
  assert.deepEqual(r.lines.unparsedExamples.map((e) => e.line), [2, 3, 4]);
  assert.deepEqual([r.period.from, r.period.to], ['2026-11-28T10:00:14', '2026-11-28T10:00:18']);
  assert.deepEqual(r.warnings, []);
});

test('a file with a <PRI> prefix on every line reads like the file without it (D6, PRI part)', async () => {
  const dir = tmp();
  const src = readFileSync(join(ROOT, 'samples', 'bruteforce.log'), 'latin1');
  const f = join(dir, 'bf-prio.log');
  writeFileSync(f, src.split('\n').map((l) => (l === '' ? l : `<22>${l}`)).join('\n'), 'latin1');
  const plain = await report([join(ROOT, 'samples', 'bruteforce.log')], { year: 2026 });
  for (const jobs of [1, 2]) {
    const r = await report([f], { year: 2026, jobs, rangeBytes: 200_000 });
    assert.equal(r.lines.unparsed, plain.lines.unparsed);
    assert.ok(r.findings.some((x) => x.rule === 'sasl-bruteforce'));
    // Everything but the example lines quoted in the evidence, which keep their "<22>".
    const counts = (x: typeof r): string => JSON.stringify([x.lines.total, x.lines.parsed, x.lines.ignored, x.totals, x.hourly,
      x.byClientIp, x.bySaslUser, x.findings.map((y) => [y.rule, y.subject])]);
    assert.equal(counts(r), counts(plain));
  }
});
