// Hostile and broken input: every case gives a correct report for the good part and says what was wrong, and never
// crashes, hangs or reports a silently wrong number. (Covered elsewhere, not repeated here: gzip, stdin, CRLF, a
// truncated last line, a missing file and a corrupt .gz in inputs.test.ts; two hosts interleaved in
// correlate.test.ts; the same file given twice in inputs.test.ts; the renderers' escaping of a fixture report in
// render-*.test.ts. Here the hostile text comes from a log file, through the whole CLI.)

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { ROOT, report } from './helpers.js';
import type { Report } from '../src/report/model.js';
import { redactReport } from '../src/report/redact.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const RUN = join(ROOT, 'dist', 'src', 'run.js');

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'mlf-hostile-'));
}

function cli(args: string[], opts: { input?: Buffer; node?: string[] } = {}): { code: number | null; stdout: string; stderr: string; ms: number } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [...(opts.node ?? []), CLI, ...args], { encoding: 'latin1', input: opts.input, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

/** Every regular file under `dir`, relative. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(join(e.parentPath ?? (e as unknown as { path: string }).path, e.name).slice(dir.length + 1));
  }
  return out.sort();
}

/** Control characters a terminal or a spreadsheet would act on (newline and, in CSV, CR are the format's own). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Cells of a GitHub-flavoured Markdown table row: pipes split cells unless backslash-escaped. */
function mdCells(row: string): number {
  const s = row.trim().replace(/^\|/, '');
  let cells = 1;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') { i++; continue; }
    if (s[i] === '|' && i < s.length - 1) cells++;
  }
  return cells;
}

function assertTablesIntact(md: string): number {
  const lines = md.split('\n');
  let tables = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith('|') || lines[i - 1]?.startsWith('|')) continue;
    tables++;
    const width = mdCells(lines[i]!);
    for (let j = i + 1; j < lines.length && lines[j]!.startsWith('|'); j++) {
      assert.equal(mdCells(lines[j]!), width, `report.md line ${j + 1} has another column count than its header: ${lines[j]!.slice(0, 160)}`);
    }
  }
  return tables;
}

// ---------------------------------------------------------------------------------------------------------
// Attacker-controlled text
// ---------------------------------------------------------------------------------------------------------

const ESC = '\u001b[2J\u001b[31m';
const EVIL = `<script>alert(1)</script>|*_\`[x](http://evil.example)#<img src=x onerror=alert(2)>${ESC}&amp;`;
const LONG = 'u'.repeat(10_000);

/** A log whose good part has known counts, with hostile text wherever a client controls it. */
function hostileLog(): string {
  const ip = (n: number): string => `unknown[192.0.2.${n}]`;
  return [
    `Nov 28 22:15:30 mail postfix/smtpd[1]: connect from ${ip(10)}`,
    // SASL user names a brute-forcer tries (Postfix ≥ 3.7.8 logs them).
    ...[EVIL, '=HYPERLINK("http://evil.example","x")', '+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd|\' /C calc\'!A0', '-2+3+cmd|\' /C calc\'!A0', LONG].map((u, i) =>
      `Nov 28 22:15:3${i} mail postfix/smtpd[1]: warning: ${ip(10)}: SASL LOGIN authentication failed: (reason unavailable), sasl_username=${u}`),
    // HELO, sender and recipient in a reject.
    `Nov 28 22:15:40 mail postfix/smtpd[1]: NOQUEUE: reject: RCPT from ${ip(10)}: 554 5.7.1 <x${EVIL}@yahoo.co.jp>: Relay access denied; from=<${EVIL}@evil.example> to=<x${EVIL}@yahoo.co.jp> proto=ESMTP helo=<${EVIL}>`,
    `Nov 28 22:15:41 mail postfix/smtpd[1]: disconnect from ${ip(10)} ehlo=1 auth=0/6 mail=1 rcpt=0/1 quit=1 commands=3/9`,
    // A message with a hostile sender, recipient and remote reason, deferred and still queued.
    `Nov 28 22:15:42 mail postfix/smtpd[2]: connect from ${ip(11)}`,
    `Nov 28 22:15:43 mail postfix/smtpd[2]: 4ABCD160661: client=${ip(11)}`,
    `Nov 28 22:15:43 mail postfix/cleanup[3]: 4ABCD160661: message-id=<${EVIL}@evil.example>`,
    `Nov 28 22:15:43 mail postfix/qmgr[4]: 4ABCD160661: from=<${EVIL}@evil.example>, size=881, nrcpt=1 (queue active)`,
    `Nov 28 22:15:44 mail postfix/smtpd[2]: disconnect from ${ip(11)} ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5`,
    `Nov 28 22:15:45 mail postfix/smtp[5]: 4ABCD160661: to=<${LONG}@mail.ru>, relay=127.0.1.7[127.0.1.7]:25, delay=2, delays=0/0/0/2, dsn=4.2.0, status=deferred (host 127.0.1.7[127.0.1.7] said: 450 4.2.0 ${EVIL} ${LONG} (in reply to RCPT TO command))`,
    // Dovecot user names.
    `Nov 28 22:15:46 mail dovecot: auth: passwd-file(${EVIL},192.0.2.12): unknown user`,
    `Nov 28 22:15:47 mail dovecot: imap-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs): user=<${EVIL}>, method=PLAIN, rip=192.0.2.12, lip=127.0.0.1, session=<bgP9+FVhhZF/Q5Ri>`,
    // A Postfix line nobody understands, full of the same.
    `Nov 28 22:15:48 mail postfix/smtpd[1]: ${EVIL} ${LONG}`,
  ].join('\n') + '\n';
}

test('attacker-controlled HELO, user names, addresses and reasons stay data: every output escapes them, counts stay right', async () => {
  const dir = tmp();
  const log = join(dir, 'hostile.log');
  writeFileSync(log, hostileLog(), 'latin1');
  const out = join(dir, 'out');
  const r = cli(['analyze', log, '--out', out, '--year', '2026', '--jobs', '1']);
  assert.equal(r.code, 0, r.stderr);

  // The good part, counted right.
  const json = readFileSync(join(out, 'report.json'), 'utf8');
  const rep = JSON.parse(json) as Report;
  assert.deepEqual([rep.lines.total, rep.lines.parsed, rep.lines.unparsed], [18, 17, 1]);
  assert.equal(rep.totals.authFailures, 6);
  assert.equal(rep.totals.rejected, 1);
  assert.equal(rep.totals.received, 1);
  assert.equal(rep.totals.deferred, 1);
  assert.equal(rep.totals.stillQueued, 1);
  assert.equal(rep.totals.dovecotAuthFailures, 1);
  // report.json is data: the values verbatim (JSON escapes the control characters, so no raw ESC byte).
  assert.ok(rep.authFailuresByUser.some((u) => u.key === EVIL), 'the hostile user name is kept verbatim in report.json');
  assert.ok(rep.authFailuresByUser.some((u) => u.key === LONG), 'the 10,000-character name is kept whole in report.json');
  assert.ok(rep.bySender.some((s) => s.key === `${EVIL}@evil.example`));
  assert.ok(!json.includes('\u001b'), 'a raw ESC byte in report.json');

  // report.md: tables keep their columns, no raw HTML outside code spans, no escapes, no run-away cell.
  const md = readFileSync(join(out, 'report.md'), 'utf8');
  assert.ok(assertTablesIntact(md) >= 10);
  const prose = md.replace(/(`+)[^`][\s\S]*?\1/g, '');
  assert.doesNotMatch(prose, /(?:^|[^\\])(?:\\\\)*<[a-z/!]/im, 'raw HTML in report.md');
  assert.doesNotMatch(prose, /\]\(http/, 'a live Markdown link from log text');
  assert.ok(!CONTROL.test(md), 'a control character in report.md');
  assert.ok(!md.includes('u'.repeat(300)), 'a 10,000-character value was not cut in report.md');
  assert.ok(md.includes('\\<script>alert(1)\\</script>\\|'));

  // report.html: no script, no image, no handler; the text is there, escaped.
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.doesNotMatch(html, /<script|<img|<iframe|<object|<embed/i);
  for (const tag of html.match(/<[a-zA-Z][^>]*>/g) ?? []) assert.doesNotMatch(tag, /\son[a-z]+\s*=|javascript:/i, tag.slice(0, 80));
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(!CONTROL.test(html), 'a control character in report.html');
  assert.ok(!html.includes('u'.repeat(300)), 'a 10,000-character value was not cut in report.html');

  // CSV: every row as wide as its header; formula-looking cells defused; no control characters.
  let formulas = 0;
  for (const f of readdirSync(join(out, 'csv'))) {
    const text = readFileSync(join(out, 'csv', f), 'utf8').replace(/^\uFEFF/, '');
    const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
    assert.deepEqual(parsed.errors, [], f);
    const width = parsed.data[0]!.length;
    for (const row of parsed.data) {
      assert.equal(row.length, width, `${f}: ${row.join(',').slice(0, 120)}`);
      for (const cell of row) {
        assert.doesNotMatch(cell, /^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/, `${f}: a cell a spreadsheet would run: ${cell.slice(0, 80)}`);
        assert.ok(!CONTROL.test(cell), `${f}: a control character in ${cell.slice(0, 80)}`);
        if (/^'[=+\-@]/.test(cell)) formulas++;
      }
    }
  }
  assert.ok(formulas >= 4, `the four formula-looking user names should be defused in CSV, found ${formulas}`);
  // SVG charts: no control characters either.
  for (const f of readdirSync(join(out, 'charts'))) {
    const svg = readFileSync(join(out, 'charts', f), 'utf8');
    assert.ok(!CONTROL.test(svg), f);
    assert.doesNotMatch(svg, /<script|<foreignObject/i, f);
  }

  // The terminal: the summary on stderr carries no escape; stdout lists the files.
  assert.ok(!CONTROL.test(r.stderr.replace(/\n/g, '')), `an escape on stderr: ${JSON.stringify(r.stderr)}`);
  // Then the end of the run (review Z, Z7): the verdict and the report to open.
  assert.match(r.stderr, /^18 lines .* 1 unparsed line\.\nNo problem found in [^\n]*\nOpen: [^\n]*report\.html\n$/);
  // A hostile file name in an error message is stripped too.
  const missing = cli(['analyze', join(dir, `${ESC}nope.log`), '--out', join(dir, 'o2')]);
  assert.equal(missing.code, 2);
  assert.ok(!missing.stderr.includes('\u001b'), JSON.stringify(missing.stderr));
  assert.equal(missing.stderr.split('\n').filter(Boolean).length, 1);
});

// ---------------------------------------------------------------------------------------------------------
// Broken bytes
// ---------------------------------------------------------------------------------------------------------

test('invalid UTF-8, binary garbage and NUL bytes: lines around them are counted, the broken ones are unparsed and shown', async () => {
  const dir = tmp();
  const f = join(dir, 'garbage.log');
  const L = (s: string): Buffer => Buffer.from(s + '\n', 'latin1');
  writeFileSync(f, Buffer.concat([
    L('Nov 28 22:15:30 mail postfix/smtpd[1]: connect from unknown[192.0.2.10]'),
    // Inside a value: invalid UTF-8 and a NUL in the user name (still one failure, for a name shown with \xNN).
    Buffer.concat([Buffer.from('Nov 28 22:15:31 mail postfix/smtpd[1]: warning: unknown[192.0.2.10]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=ad'), Buffer.from([0xff, 0xfe, 0x00, 0xc3]), Buffer.from('min\n')]),
    // Valid UTF-8 in a name stays readable.
    L(Buffer.from('Nov 28 22:15:32 mail postfix/smtpd[1]: warning: unknown[192.0.2.10]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=田中', 'utf8').toString('latin1')),
    // Binary garbage lines: random bytes, NULs only, a prefix then garbage, a half-written line (log rotation race).
    Buffer.from([0x00, 0x00, 0x00, 0x00, 0x0a]),
    Buffer.concat([Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7919 + 13) % 256).filter((b) => b !== 10)), Buffer.from([10])]),
    Buffer.concat([Buffer.from('Nov 28 22:15:33 mail postfix/smtpd[1]: '), Buffer.from([0x80, 0x81, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x0a])]),
    Buffer.concat([Buffer.from('Nov 28 22:15:3'), Buffer.from([0x00, 0x00]), Buffer.from(' mail postfix/smtpd[1]: connect from unknown[192.0.2.10]\n')]),
    L('Nov 28 22:15:34 mail postfix/smtpd[1]: disconnect from unknown[192.0.2.10] ehlo=1 auth=0/2 quit=1 commands=2/4'),
    L('Nov 28 22:15:35 mail postfix/smtpd[1]: connect from unknown[192.0.2.11]'),
  ]));
  const r = await report([f], { year: 2026, formats: ['json', 'md', 'html', 'csv'] });
  assert.deepEqual([r.lines.total, r.lines.parsed, r.lines.ignored, r.lines.unparsed], [9, 5, 0, 4]);
  assert.deepEqual(r.inputs.map((i) => [i.lines, i.parsed, i.ignored, i.unparsed]), [[9, 5, 0, 4]]);
  assert.equal(r.totals.connections, 2);
  assert.equal(r.totals.authFailures, 2);
  assert.deepEqual(r.authFailuresByUser.map((u) => u.key).sort(), ['ad\\xff\\xfe\u0000\\xc3min', '田中'].sort());
  assert.deepEqual(r.lines.unparsedExamples.map((e) => e.line), [4, 5, 6, 7], 'each broken line is shown with its line number');

  // Through the CLI: every format renders, and none carries a NUL or an escape.
  const out = join(dir, 'out');
  const c = cli(['analyze', f, '--out', out, '--year', '2026', '--jobs', '1']);
  assert.equal(c.code, 0, c.stderr);
  // The line of NULs only is padding too, which the warning reports (the line is still counted as not understood).
  assert.match(c.stderr, /4 unparsed lines; 1 warning \(below\)\.\n/);
  assert.deepEqual(r.warnings.filter((w) => w.includes('NUL')).map((w) => w.slice(w.indexOf(': ') + 2, w.indexOf(')') + 1)),
    ['4 NUL bytes of padding at line 4 (byte 367, after a line of 2026-11-28 22:15:32)']);
  for (const name of ['report.md', 'report.html', ...readdirSync(join(out, 'csv')).map((x) => join('csv', x))]) {
    assert.ok(!CONTROL.test(readFileSync(join(out, name), 'utf8')), `a control character in ${name}`);
  }
  const md = readFileSync(join(out, 'report.md'), 'utf8');
  assert.match(md, /Total: 9 lines = 5 parsed \+ 0 ignored \+ 4 unparsed\./);
  assertTablesIntact(md);
});

test('an empty file, a file of blank lines and an empty file next to a real one: a report that says so', async () => {
  const dir = tmp();
  const empty = join(dir, 'empty.log');
  writeFileSync(empty, '');
  const blank = join(dir, 'blank.log');
  writeFileSync(blank, '\n\n\r\n');
  const real = join(dir, 'real.log');
  writeFileSync(real, 'Nov 28 22:15:30 mail postfix/smtpd[1]: connect from unknown[192.0.2.10]\n');

  const out = join(dir, 'out');
  const c = cli(['analyze', empty, '--out', out, '--jobs', '1']);
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stderr, /^0 lines \(0\.0 MB\)/);
  const r = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  assert.equal(r.lines.total, 0);
  assert.deepEqual(r.period, { from: null, to: null, timezone: 'local', zones: [], hours: 0 });
  assert.deepEqual(r.hourly, []);
  for (const f of ['report.md', 'report.html', 'csv/hourly.csv']) assert.ok(statSync(join(out, f)).size > 0, f);

  const b = await report([blank]);
  // Blank lines are lines, ignored (review AA, F8: as unparsed lines they filled the samples with empty ones).
  assert.deepEqual([b.lines.total, b.lines.ignored, b.lines.unparsed, b.lines.unparsedExamples.length], [3, 3, 0, 0]);
  const both = await report([empty, real], { jobs: 2 });
  assert.deepEqual(both.inputs.map((i) => i.lines).sort(), [0, 1]);
  assert.equal(both.totals.connections, 1);
});

test('a 50 MB line without a newline (and one with) is skipped as unparsed, quickly and in bounded memory, on every reader', async () => {
  const dir = tmp();
  const f = join(dir, 'long.log');
  const good = 'Nov 28 22:15:30 mail postfix/smtpd[1]: connect from unknown[192.0.2.10]\n';
  const fd = openSync(f, 'w');
  const big = Buffer.alloc(50 * 1024 * 1024, 0x41);
  writeSync(fd, good.repeat(3));
  writeSync(fd, 'Nov 28 22:15:31 mail postfix/smtpd[1]: ');
  writeSync(fd, big);
  writeSync(fd, '\n' + good.repeat(2));
  writeSync(fd, 'Nov 28 22:15:32 mail postfix/smtpd[1]: ');
  writeSync(fd, big); // the last line, no newline
  closeSync(fd);
  const size = statSync(f).size;

  // In a child process each, to measure its peak memory against the same run on a small log.
  const probe = (path: string, jobs: number, rangeBytes = 0, stdin = false): { ms: number; rss: number; lines: number; unparsed: number; connections: number; examples: string[] } => {
    const code = `import { analyze } from ${JSON.stringify(RUN)};
      const t0 = Date.now();
      const r = await analyze({ paths: [${JSON.stringify(stdin ? '-' : path)}], jobs: ${jobs}, ${rangeBytes ? `rangeBytes: ${rangeBytes},` : ''} year: 2026,
        top: 0, formats: ['json'], allowPartial: false, progress: false, version: 't' });
      const ms = Date.now() - t0;
      console.log(JSON.stringify({ ms, rss: process.resourceUsage().maxRSS * 1024, lines: r.report.lines.total, unparsed: r.report.lines.unparsed,
        connections: r.report.totals.connections, examples: r.report.lines.unparsedExamples.map((e) => e.line + ': ' + e.text.slice(e.text.lastIndexOf('…'))) }));`;
    const script = join(dir, 'probe.mjs');
    writeFileSync(script, code);
    const fd = stdin ? openSync(path, 'r') : 'ignore';
    const p = spawnSync(process.execPath, [script], { encoding: 'utf8', stdio: [fd, 'pipe', 'pipe'], maxBuffer: 1 << 20 });
    if (typeof fd === 'number') closeSync(fd);
    assert.equal(p.status, 0, p.stderr);
    return JSON.parse(p.stdout);
  };
  const small = join(dir, 'small.log');
  writeFileSync(small, good.repeat(5));
  const base = probe(small, 1);
  const runs = { 'range reader, 1 job': probe(f, 1), 'range reader, 2 jobs, 1 MB ranges': probe(f, 2, 1 << 20), 'stream reader (stdin)': probe(f, 1, 0, true) };
  for (const [name, p] of Object.entries(runs)) {
    assert.deepEqual([p.lines, p.unparsed, p.connections], [7, 2, 5], name);
    assert.deepEqual(p.examples, [
      `4: … (line of ${50 * 1024 * 1024 + 39} bytes, not parsed)`,
      `7: … (line of ${50 * 1024 * 1024 + 39} bytes, not parsed)`,
    ], `${name}: the report says which lines and why`);
    assert.ok(p.ms < 10_000, `${name}: ${p.ms} ms for ${size} bytes`);
    // Bounded: the reader never holds a long line (that alone would add 50 MiB). The stream reader's chunks are
    // garbage collected late (measured: about 36 MiB more at the peak, the same for a 200 MB line).
    const limit = name.startsWith('stream') ? 64 << 20 : 40 << 20;
    assert.ok(p.rss - base.rss < limit, `${name}: peak memory grew by ${((p.rss - base.rss) / 2 ** 20).toFixed(0)} MiB over a tiny log`);
  }
  rmSync(dir, { recursive: true, force: true });
});

test('a line of 64 KiB or more is unparsed whether it fits in a read chunk or not (same answer for any range cut)', async () => {
  const dir = tmp();
  const f = join(dir, 'long.log');
  const good = 'Nov 28 22:15:40 mail postfix/smtpd[1]: connect from unknown[192.0.2.10]\n';
  // 100 KiB: shorter than a read chunk, longer than any line we parse. A valid prefix, so only its length decides.
  const long = 'Nov 28 22:15:41 mail postfix/smtpd[1]: warning: ' + 'x'.repeat(100 * 1024 - 48);
  writeFileSync(f, good.repeat(3) + long + '\n' + good.repeat(3));
  const note = `… (line of ${long.length} bytes, not parsed)`;
  for (const opts of [{}, { rangeBytes: 4096 }, { rangeBytes: 150_000 }, { jobs: 2, rangeBytes: 50_000 }]) {
    const r = await report([f], { year: 2026, ...opts });
    assert.deepEqual([r.lines.total, r.lines.unparsed, r.totals.connections], [7, 1, 6], JSON.stringify(opts));
    assert.equal(r.lines.unparsedExamples[0]!.line, 4);
    assert.ok(r.lines.unparsedExamples[0]!.text.endsWith(note), r.lines.unparsedExamples[0]!.text.slice(-60));
  }
  rmSync(dir, { recursive: true, force: true });
});

test('absurd numbers: "message repeated 999999999999 times" is unparsed at once (it hung the scan), a 17-digit nrcpt counts as unknown', async () => {
  const dir = tmp();
  const f = join(dir, 'numbers.log');
  writeFileSync(f, [
    'Nov 28 22:15:40 mail postfix/smtpd[1]: message repeated 999999999999 times: [ warning: unknown[192.0.2.10]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=admin]',
    'Nov 28 22:15:41 mail postfix/smtpd[1]: message repeated 3 times: [ warning: unknown[192.0.2.10]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=admin]',
    'Nov 28 22:15:42 mail postfix/smtpd[2]: 4ABCD160661: client=unknown[192.0.2.11]',
    'Nov 28 22:15:42 mail postfix/qmgr[3]: 4ABCD160661: from=<a@example.com>, size=99999999999999999999, nrcpt=99999999999999999 (queue active)',
  ].join('\n') + '\n');
  const t0 = Date.now();
  const r = await report([f], { year: 2026 });
  assert.ok(Date.now() - t0 < 5000, `${Date.now() - t0} ms`);
  assert.deepEqual([r.lines.total, r.lines.parsed, r.lines.unparsed], [4, 3, 1]);
  assert.equal(r.totals.authFailures, 3);
  assert.equal(r.lines.unparsedExamples[0]!.line, 1, 'the report shows the line it did not believe');
  assert.deepEqual(r.bySender.map((s) => [s.key, s.recipients]), [['a@example.com', 0]]);
});

// ---------------------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------------------

test('lines out of time order (a clock stepped back mid-message) count as in order; the period spans them all', async () => {
  const dir = tmp();
  const lines = (times: string[]): string => [
    `Nov 28 ${times[0]} mail postfix/smtpd[1]: connect from unknown[192.0.2.10]`,
    `Nov 28 ${times[1]} mail postfix/smtpd[1]: 4ABCD160661: client=unknown[192.0.2.10], sasl_method=PLAIN, sasl_username=tanaka@example.jp`,
    `Nov 28 ${times[2]} mail postfix/cleanup[2]: 4ABCD160661: message-id=<1@example.jp>`,
    `Nov 28 ${times[3]} mail postfix/qmgr[3]: 4ABCD160661: from=<tanaka@example.jp>, size=881, nrcpt=1 (queue active)`,
    `Nov 28 ${times[4]} mail postfix/smtp[4]: 4ABCD160661: to=<a@gmail.com>, relay=127.0.1.7[127.0.1.7]:25, delay=2, delays=0/0/0/2, dsn=2.0.0, status=sent (250 2.0.0 OK)`,
    `Nov 28 ${times[5]} mail postfix/qmgr[3]: 4ABCD160661: removed`,
  ].join('\n') + '\n';
  const ordered = join(dir, 'ordered.log');
  writeFileSync(ordered, lines(['22:15:30', '22:15:31', '22:15:31', '22:15:32', '22:15:33', '22:15:33']));
  const stepped = join(dir, 'stepped.log');
  writeFileSync(stepped, lines(['22:15:30', '22:15:31', '22:15:31', '21:15:02', '21:15:03', '21:15:03']));
  const a = await report([ordered], { year: 2026 });
  const b = await report([stepped], { year: 2026 });
  assert.deepEqual(b.totals, a.totals);
  assert.deepEqual([b.totals.received, b.totals.delivered, b.totals.stillQueued], [1, 1, 0]);
  // The step back (1 h within 2 min) is put right (review V: clock-steps.ts): 21:15:02 reads as 22:15:02.
  assert.equal(b.clockSteps?.examples[0]?.correctedBy, 3600);
  assert.deepEqual([b.period.from, b.period.to], ['2026-11-28T22:15:02', '2026-11-28T22:15:31']);
  assert.deepEqual(b.hourly.map((h) => [h.hour, h.lines]), [['2026-11-28T22:00', 6]]);
});

test('a clock jump (a line stamped 2001 in an RFC 3339 log of 2026) gives a small report and says where time jumped; 1970 and 9999 are no times', async () => {
  // Before the fix in report/build.ts a log with a line of 1970 and one of 2099 produced a million hourly rows: a
  // 329 MB report.json, and the full CLI ran out of memory after 80 s. Since review AA, F10, a stamp before 2000 or
  // after the year after the file's mtime is no time at all (an unparsed line, named in a warning): one 1970 or 9999
  // line stretched the period to 1970 → 9999. A jump within those years is still a jump.
  const dir = tmp();
  const f = join(dir, 'jump.log');
  writeFileSync(f, [
    '2026-11-28T22:15:30.000000+09:00 mail postfix/smtpd[1]: connect from unknown[192.0.2.10]',
    '2001-01-01T09:00:01.000000+09:00 mail postfix/smtpd[1]: connect from unknown[192.0.2.11]',
    '2026-11-28T22:15:31.000000+09:00 mail postfix/smtpd[1]: connect from unknown[192.0.2.12]',
    '9999-12-31T23:00:00.000000+09:00 mail postfix/smtpd[1]: connect from unknown[192.0.2.13]',
    '1970-01-01T09:00:01.000000+09:00 mail postfix/smtpd[1]: connect from unknown[192.0.2.14]',
  ].join('\n') + '\n');
  const out = join(dir, 'out');
  const c = cli(['analyze', f, '--out', out, '--jobs', '1']);
  assert.equal(c.code, 0, c.stderr);
  assert.ok(c.ms < 20_000, `${c.ms} ms`);
  const json = readFileSync(join(out, 'report.json'), 'utf8');
  assert.ok(json.length < 100_000, `report.json is ${json.length} bytes`);
  const r = JSON.parse(json) as Report;
  assert.equal(r.totals.connections, 3);
  assert.deepEqual([r.lines.total, r.lines.parsed, r.lines.unparsed], [5, 3, 2]);
  assert.deepEqual(r.lines.unparsedExamples.map((e) => e.line), [4, 5]);
  assert.deepEqual([r.period.from, r.period.to], ['2001-01-01T09:00:01+09:00', '2026-11-28T22:15:31+09:00']);
  assert.deepEqual(r.hourly.map((h) => [h.hour, h.lines]), [['2001-01-01T09:00+09:00', 1], ['2026-11-28T22:00+09:00', 2]]);
  assert.equal(r.warnings.length, 3);
  assert.match(r.warnings[0]!, /^2 lines have times before 2000 or after \d{4} \(the first at .*jump\.log:4: 9999-12-31T23:00:00\.000000\+09:00\): .*counted as unparsed and kept out of the period/);
  // The line of 2001 after one of 2026 is the clock going back too (review V, V6: clock-steps.ts).
  assert.match(r.warnings[1]!, /^The clock of host mail went back 9,462 days 13 h at .*jump\.log:2 \(2026-11-28 22:15:30\+09:00 → 2001-01-01 09:00:01\+09:00\)/);
  assert.deepEqual(r.clockSteps?.examples.map((s) => [s.line, s.correctedBy]), [[2, undefined]]);
  assert.match(r.warnings[1]!, /: a step back of more than a day is a clock reset or a wrong date, not put right: times are shown as written/);
  assert.match(r.warnings[2]!, /jump of 9463 days between 2001-01-01T09:00:00\+09:00 and 2026-11-28T22:00:00\+09:00 .*only the hours that have lines/);
  assert.match(readFileSync(join(out, 'report.md'), 'utf8'), /jump of 9463 days/);

  // A real long log (a year of rotations) still lists every hour.
  const year = join(dir, 'year.log');
  writeFileSync(year, [
    '2025-11-29T00:00:00+09:00 mail postfix/smtpd[1]: connect from unknown[192.0.2.10]',
    '2026-11-28T23:00:00+09:00 mail postfix/smtpd[1]: connect from unknown[192.0.2.11]',
  ].join('\n') + '\n');
  const y = await report([year]);
  assert.equal(y.hourly.length, 365 * 24);
  assert.deepEqual(y.warnings, []);
});

// ---------------------------------------------------------------------------------------------------------
// Output that cannot be written, and Ctrl-C
// ---------------------------------------------------------------------------------------------------------

test('an output directory that cannot be written: one-line error, exit 1, nothing partial left', () => {
  const dir = tmp();
  const log = join(ROOT, 'samples', 'healthy.log');
  const file = join(dir, 'a-file');
  writeFileSync(file, 'in the way\n');
  // A path under a regular file (as root, a read-only directory would not stop us: this does).
  const under = cli(['analyze', log, '--out', join(file, 'out'), '-q', '--jobs', '1']);
  assert.equal(under.code, 1);
  assert.equal(under.stderr, `maillog-forensics: ${join(file, 'out')}: a file is in the way (not a directory)\n`);
  // The output directory is a file.
  const isFile = cli(['analyze', log, '--out', file, '-q', '--jobs', '1']);
  assert.equal(isFile.code, 1);
  assert.equal(isFile.stderr, `maillog-forensics: ${file}: exists and is not a directory\n`);
  assert.equal(readFileSync(file, 'utf8'), 'in the way\n');
  // One report file's place is taken by a directory: no file of the report may be written (before the fix,
  // report.json, report.html and the charts were renamed into place before report.md failed).
  const out = join(dir, 'out');
  mkdirSync(join(out, 'report.md'), { recursive: true });
  const blocked = cli(['analyze', log, '--out', out, '-q', '--jobs', '1']);
  assert.equal(blocked.code, 1);
  assert.equal(blocked.stderr, `maillog-forensics: ${join(out, 'report.md')}: is a directory\n`);
  assert.deepEqual(filesUnder(out), [], 'a partial report was left');
  assert.deepEqual(filesUnder(dir), ['a-file']);
});

// One generated log for both job counts (made by the first of the two tests, removed when the file's tests end): with
// --jobs 1 the scan runs on the main thread, which must still see Ctrl-C between chunks (it used to wait for the
// whole range).
let bigLog: { dir: string; path: string } | undefined;
function bigGeneratedLog(): string {
  if (bigLog === undefined) {
    const dir = tmp();
    const path = join(dir, 'big.log');
    const gen = spawnSync(process.execPath, [join(ROOT, 'dist', 'samples', 'generator', 'cli.js'), 'big', '--size', '300M', '--out', path], { encoding: 'utf8' });
    assert.equal(gen.status, 0, gen.stderr);
    bigLog = { dir, path };
  }
  return bigLog.path;
}
after(() => { if (bigLog !== undefined) rmSync(bigLog.dir, { recursive: true, force: true }); });

for (const jobs of [2, 1]) {
  test(`Ctrl-C during a run on a large generated log, --jobs ${jobs}: exits non-zero promptly and writes no report`, { timeout: 120_000 }, async () => {
    const dir = tmp();
    try {
      const big = bigGeneratedLog();
      const out = join(dir, 'out');
      // MAILLOG_FORENSICS_TIMING prints "timing: inputs" before the scan starts and a line per merged range:
      // Ctrl-C a little after the first, in the middle of the scan (300 MB take over 3 s to scan), and expect the
      // exit within a second (a 4 MiB chunk is read and parsed in about 50 ms).
      const child = spawn(process.execPath, [CLI, 'analyze', big, '--out', out, '--jobs', String(jobs), '-q'], {
        stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MAILLOG_FORENSICS_TIMING: '1' },
      });
      let stderr = '';
      let scanning: () => void = () => {};
      const midScan = new Promise<void>((resolve) => { scanning = resolve; });
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
        if (/^timing: inputs/m.test(stderr)) setTimeout(scanning, 300);
      });
      let exited = false;
      const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
        child.on('exit', (code, signal) => { exited = true; resolve({ code, signal, at: Date.now() }); });
      });
      await Promise.race([midScan, new Promise((r) => setTimeout(r, 10_000))]);
      assert.equal(exited, false, 'the run ended before it could be interrupted: use a bigger log');
      assert.doesNotMatch(stderr, /timing: scan, merge/, 'the scan was over before Ctrl-C');
      const sent = Date.now();
      child.kill('SIGINT');
      const end = await done;
      assert.equal(end.code, 130, `exit ${end.code} ${end.signal}: ${stderr}`);
      assert.match(stderr, /\nmaillog-forensics: interrupted; no report written\n$/);
      assert.ok(end.at - sent < 1000, `took ${end.at - sent} ms to stop after Ctrl-C`);
      assert.deepEqual(filesUnder(out), [], 'report files after Ctrl-C');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('names that differ only in invalid UTF-8 bytes stay two names (two rows, two pseudonyms), not two "j\uFFFDrg"', async () => {
  const dir = tmp();
  const f = join(dir, 'latin1.log');
  const fail = (name: Buffer): Buffer => Buffer.concat([
    Buffer.from('Nov 28 22:15:31 mail postfix/smtpd[1]: warning: unknown[192.0.2.10]: SASL LOGIN authentication failed: (reason unavailable), sasl_username='),
    name, Buffer.from('\n'),
  ]);
  // "jörg" and "järg" written in latin1 by a misconfigured client: 0xf6 and 0xe4 are not UTF-8 on their own.
  writeFileSync(f, Buffer.concat([fail(Buffer.from('j\xf6rg', 'latin1')), fail(Buffer.from('j\xe4rg', 'latin1')), fail(Buffer.from('jörg', 'utf8'))]));
  const r = await report([f], { year: 2026 });
  assert.deepEqual(r.authFailuresByUser.map((u) => u.key).sort(), ['j\\xe4rg', 'j\\xf6rg', 'jörg'].sort());
  const red = redactReport(r, { key: 'k', redactDomains: false });
  assert.equal(new Set(red.authFailuresByUser.map((u) => u.key)).size, 3);
});
