// Review AA ("bad input"), F5 to F11: wrong kinds of input are named (tar archives refused, UTF-16, CR-only line
// ends, gzip inside gzip named in the warning), a UTF-8 BOM and blank lines are no unparsed lines, /dev/null is
// refused as standard input is. Every exit status, stderr line, standard input, terminal and output folder through
// the built CLI; the warnings and counts of report.json for files given by path (F8's hints, F10's stamps) through
// analyze() in-process, as the CLI calls it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, report } from './helpers.js';
import { renderJson } from '../src/render/index.js';
import type { Report } from '../src/report/model.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const TIMEOUT = 60_000;
const LINE = 'Nov 25 16:48:36 mail postfix/submission/smtpd[35882]: D77181637B1: client=unknown[192.0.2.7], sasl_method=LOGIN, sasl_username=info@example.jp\n';
const LINE2 = 'Nov 25 16:48:37 mail postfix/smtpd[35883]: connect from unknown[192.0.2.8]\n';

interface Res { code: number | null; stdout: string; stderr: string }

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'mlf-aa-'));
}

function cli(args: string[], input?: Buffer): Res {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input, timeout: TIMEOUT, killSignal: 'SIGKILL' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function oneLineError(r: Res, code: number, re: RegExp): void {
  assert.equal(r.code, code, r.stderr);
  assert.match(r.stderr, /^maillog-forensics: [^\n]*\n$/, 'one line');
  assert.match(r.stderr, re);
}

function reportIn(dir: string): Report {
  return JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
}

/** A POSIX ustar archive of `files` (name → content), as `tar cf` writes it: a 512-byte header per member, then the data. */
function tarOf(files: Record<string, string>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, content] of Object.entries(files)) {
    const h = Buffer.alloc(512);
    h.write(name, 0, 'latin1');
    h.write('0000644\0', 100, 'latin1');
    h.write('0001750\0', 108, 'latin1');
    h.write('0001750\0', 116, 'latin1');
    h.write(`${Buffer.byteLength(content).toString(8).padStart(11, '0')}\0`, 124, 'latin1');
    h.write('15112345670\0', 136, 'latin1');
    h.write('        ', 148, 'latin1');
    h.write('0', 156, 'latin1');
    h.write('ustar\x0000', 257, 'latin1');
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    const data = Buffer.alloc(Math.ceil(Buffer.byteLength(content) / 512) * 512);
    data.write(content, 0, 'latin1');
    blocks.push(h, data);
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

test('F5: a tar archive and a .tgz are refused (exit 2) with the command that extracts them, as a file and on standard input', { timeout: 4 * TIMEOUT }, () => {
  const dir = tmp();
  const tar = tarOf({ 'maillog': LINE.repeat(3), 'maillog.1': LINE2.repeat(2) });
  const tarPath = join(dir, 'logs.tar');
  const tgzPath = join(dir, 'logs.tgz');
  writeFileSync(tarPath, tar);
  writeFileSync(tgzPath, gzipSync(tar));
  const out = join(dir, 'out');
  const extract = /extract it and give the files: mkdir logs && tar -xf \S+ -C logs && maillog-forensics analyze logs\/\*/;
  for (const [path, what] of [[tarPath, / a tar archive/], [tgzPath, / a gzip-compressed tar archive/]] as const) {
    const r = cli(['analyze', path, '-q', '--year', '2026', '-f', 'json', '--out', out]);
    oneLineError(r, 2, what);
    assert.match(r.stderr, extract);
    assert.ok(r.stderr.includes(`tar -xf ${path} -C logs`), r.stderr);
  }
  oneLineError(cli(['analyze', '-', '-q', '-f', 'json', '--out', out], tar), 2, /^maillog-forensics: standard input: a tar archive/);
  oneLineError(cli(['analyze', '-', '-q', '-f', 'json', '--out', out], gzipSync(tar)), 2, /^maillog-forensics: standard input: a gzip-compressed tar archive/);
  assert.equal(existsSync(join(out, 'report.json')), false, 'no report');
  // compare words it for its sides, which cannot be standard input.
  const plain = join(dir, 'plain.log');
  writeFileSync(plain, LINE);
  const c = cli(['compare', plain, tgzPath, '-q', '--out', join(dir, 'cmp')]);
  oneLineError(c, 2, /logs\.tgz: a gzip-compressed tar archive, which is not read; extract it \(mkdir logs && tar -xf \S+ -C logs\) and compare the files/);
  // A log that holds "ustar  " at byte 257 (as GNU tar writes it) but no NUL in its first 100 bytes is read.
  const notTar = join(dir, 'not-tar.log');
  writeFileSync(notTar, LINE + 'x'.repeat(257 - LINE.length) + 'ustar  x\n' + LINE2);
  const ok = cli(['analyze', notTar, '-q', '--year', '2026', '-f', 'json', '--out', out]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(reportIn(out).lines.total, 3);
});

test('F8: compare with a bzip2 side, bzip2 not installed, says to decompress it to a file, not to pipe it into analyze -', () => {
  const dir = tmp();
  const bz = join(dir, 'a.log.bz2');
  writeFileSync(bz, Buffer.concat([Buffer.from('BZh91AY&SY'), Buffer.alloc(40)]));
  const plain = join(dir, 'b.log');
  writeFileSync(plain, LINE);
  // An empty PATH: no bzip2 (with it, the file is read: compressed-inputs test).
  const env = { ...process.env, PATH: dir };
  const run = (args: string[]): Res => {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env, timeout: TIMEOUT });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const r = run(['compare', bz, plain, '-q', '--out', join(dir, 'cmp')]);
  oneLineError(r, 2, /a\.log\.bz2: compressed with bzip2, and the program bzip2 is not installed \(apt-get install bzip2, or dnf install bzip2\); or decompress it where bzip2 is \(bzip2 -dc \S+a\.log\.bz2 > \S+a\.log\) and compare that file/);
  assert.doesNotMatch(r.stderr, /analyze -/);
  // analyze, the file alone, names the file to make too.
  oneLineError(run(['analyze', bz, '-q', '--out', join(dir, 'o')]), 2, /bzip2 -dc \S+ > \S+a\.log\) and give that file in its place/);
});

test('F7: a UTF-8 byte order mark at the start of a file, of standard input and of a .gz does not make line 1 unparsed', { timeout: 4 * TIMEOUT }, () => {
  const dir = tmp();
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  const text = Buffer.from(LINE + LINE2);
  const plain = join(dir, 'bom.log');
  writeFileSync(plain, Buffer.concat([bom, text]));
  const gz = join(dir, 'bom.log.gz');
  writeFileSync(gz, gzipSync(Buffer.concat([bom, text])));
  const runs: Array<[string, string[], Buffer?]> = [
    ['file', [plain]], ['file, 2 jobs', [plain, '--jobs', '2']], ['gz', [gz]], ['stdin', ['-'], Buffer.concat([bom, text])],
  ];
  for (const [name, args, input] of runs) {
    const out = join(dir, name.replace(/\W/g, '-'));
    const r = cli(['analyze', ...args, '-q', '--year', '2026', '-f', 'json', '--out', out], input);
    assert.equal(r.code, 0, r.stderr);
    const rep = reportIn(out);
    assert.deepEqual([rep.lines.total, rep.lines.unparsed], [2, 0], name);
    assert.equal(rep.period.from, '2026-11-25T16:48:36', name);
  }
  // Only at offset 0: the same bytes inside the file are part of their line (unparsed, shown).
  const inside = join(dir, 'inside.log');
  writeFileSync(inside, Buffer.concat([text, bom, text]));
  const out = join(dir, 'inside');
  assert.equal(cli(['analyze', inside, '-q', '--year', '2026', '-f', 'json', '--out', out]).code, 0);
  assert.deepEqual([reportIn(out).lines.total, reportIn(out).lines.unparsed], [4, 1]);
});

test('F8: UTF-16, CR-only line ends and gzip inside gzip are named in the warning with the command that converts them', { timeout: 4 * TIMEOUT }, async () => {
  const dir = tmp();
  const text = (LINE + LINE2).repeat(20);
  const utf16 = join(dir, 'utf16.log');
  writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  const cr = join(dir, 'cr.log');
  writeFileSync(cr, text.replace(/\n/g, '\r'));
  const twice = join(dir, 'twice.log.gz');
  writeFileSync(twice, gzipSync(gzipSync(Buffer.from(text))));
  const cases: Array<[string, RegExp, RegExp]> = [
    [utf16, /It is UTF-16 text \(it starts with a UTF-16 byte order mark\): convert it with `iconv -f UTF-16 -t UTF-8 \S+utf16\.log > maillog\.utf8`/, /UTF-16 のテキストです.*iconv -f UTF-16 -t UTF-8/],
    [cr, /cr\.log: read as 1 line: the findings miss what it holds\. Its lines end with CR only .*`tr '\\r' '\\n' < \S+cr\.log > maillog\.lf`/, /行末は CR だけです.*tr '\\r' '\\n'/],
    [twice, /gzip data compressed twice .*`gzip -dc \S+twice\.log\.gz > maillog\.gz`/, /二重に圧縮されています.*gzip -dc/],
  ];
  for (const [path, en, ja] of cases) {
    for (const [lang, re] of [['en', en], ['ja', ja]] as const) {
      const warnings = (await report([path], { year: 2026, top: 50, lang })).warnings.join('\n');
      assert.match(warnings, re, `${path} ${lang}`);
      assert.doesNotMatch(warnings, /Another log format|別の形式のログ/, 'the general question is replaced');
    }
  }
  // CR-only, larger than a line is parsed: the line is unparsed, and the same words name it.
  const bigCr = join(dir, 'big-cr.log');
  writeFileSync(bigCr, text.repeat(60).replace(/\n/g, '\r'));
  assert.match((await report([bigCr], { year: 2026, top: 50 })).warnings.join('\n'), /not one of its 1 line was understood .*\. Its lines end with CR only/);
  // A plain file of another format keeps the general question.
  const other = join(dir, 'web.log');
  writeFileSync(other, '192.0.2.1 - - [28/Nov/2026:09:30:00 +0900] "GET / HTTP/1.1" 200 1\n'.repeat(30));
  assert.match((await report([other], { top: 50 })).warnings.join('\n'), /Another log format, or a compressed file of another kind\?/);
});

test('F8: blank lines are ignored lines, not unparsed ones, and not sampled; "1 line" on stderr', () => {
  const dir = tmp();
  const log = join(dir, 'blanks.log');
  writeFileSync(log, '\n\n' + LINE + '\n\r\n' + 'garbage\n' + '\n'.repeat(1000));
  const out = join(dir, 'o');
  const r = cli(['analyze', log, '--year', '2026', '-f', 'json', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const lines = reportIn(out).lines;
  assert.deepEqual([lines.total, lines.parsed, lines.ignored, lines.unparsed], [1006, 1, 1004, 1]);
  assert.deepEqual(lines.unparsedExamples.map((e) => [e.line, e.text]), [[6, 'garbage']]);
  const one = join(dir, 'one.log');
  writeFileSync(one, LINE);
  const o = cli(['analyze', one, '--year', '2026', '-f', 'json', '--out', join(dir, 'one')]);
  assert.match(o.stderr, /^1 line \(0\.0 MB\) in /);
});

test('F9: analyze /dev/null is refused as standard input that is /dev/null is (exit 2, no report)', () => {
  const dir = tmp();
  const out = join(dir, 'o');
  oneLineError(cli(['analyze', '/dev/null', '-q', '-f', 'json', '--out', out]), 2, /^maillog-forensics: \/dev\/null: is \/dev\/null, which is always empty \(give the log files\)/);
  assert.equal(existsSync(join(out, 'report.json')), false);
  // An empty file is still an empty log: exit 0 and a report that says so.
  const empty = join(dir, 'empty.log');
  writeFileSync(empty, '');
  const r = cli(['analyze', empty, '-q', '-f', 'json', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(reportIn(out).warnings.join('\n'), /empty \(not one line\)/);
});

test('F11: with --out inside the input glob, a second run skips the files the first one wrote (its manifest names them), with one line', { timeout: 4 * TIMEOUT }, () => {
  const dir = tmp();
  const log = readFileSync(join(ROOT, 'samples', 'incident.log'));
  writeFileSync(join(dir, 'maillog'), log);
  const run = (lang: string): Res => {
    const names = readdirSync(dir).filter((n) => !n.startsWith('.')).sort();
    const r = spawnSync(process.execPath, [CLI, 'analyze', ...names, '--year', '2026', '--out', '.', '-f', 'md,json,html', '--lang', lang],
      { cwd: dir, encoding: 'utf8', timeout: TIMEOUT });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const first = run('en');
  assert.equal(first.code, 0, first.stderr);
  const once = reportIn(dir);
  const again = run('en');
  assert.equal(again.code, 0, again.stderr);
  // charts/ would have been refused as directories (exit 2), report.json and the lists read as logs.
  assert.match(again.stderr, /^\.: 9 inputs are files that an earlier run of this tool wrote there, not logs: not read \(README\.txt, blocklist-ips\.txt, charts, compromised-ips\.txt, queue-delete\.txt and 4 more\)\.\n/);
  const twice = reportIn(dir);
  assert.deepEqual(twice.inputs.map((i) => [i.path, i.lines, i.unparsed]), [['maillog', 9687, 0]]);
  assert.deepEqual(twice.lines, once.lines);
  assert.deepEqual(twice.warnings, once.warnings);
  const ja = run('ja');
  assert.match(ja.stderr, /^\.: 入力のうち 9 個は以前の実行でこのツールがそこに書いたファイルで、ログではないため読みませんでした/);
  // A file of the same name that no manifest names (another directory's report.md) is read as given.
  const other = join(dir, 'elsewhere');
  mkdirSync(other);
  writeFileSync(join(other, 'report.md'), LINE);
  const r = cli(['analyze', join(other, 'report.md'), '-q', '--year', '2026', '-f', 'json', '--out', join(dir, 'o2')]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(reportIn(join(dir, 'o2')).lines.parsed, 1);
});

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

test('F6: on a terminal, phase lines follow the scan (merging, putting together, detecting, writing) and are cleared before the summary; none without a terminal or with -q', { skip: !hasScript && 'no script(1)', timeout: 4 * TIMEOUT }, () => {
  const dir = tmp();
  const log = join(ROOT, 'samples', 'incident.log');
  const args = ['analyze', log, '--year', '2026', '-f', 'json', '--jobs', '2', '--range-bytes', '500000', '--out', join(dir, 'o')];
  // script(1) gives the CLI a terminal for stderr: what a user sees, control sequences included.
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const tty = spawnSync('script', ['-qfc', [process.execPath, CLI, ...args].map(q).join(' '), '/dev/null'], { encoding: 'utf8', timeout: TIMEOUT });
  assert.equal(tty.status, 0, tty.stdout);
  const phases = [...tty.stdout.matchAll(/\r\x1b\[K([a-z][^\r…]*) …/g)].map((m) => m[1]);
  assert.deepEqual(phases, ['merging 3 ranges', 'putting the messages together', 'detecting', 'writing the report']);
  // The last phase is cleared, then the summary: no "…" left in front of it.
  assert.match(tty.stdout, /writing the report …\r\x1b\[K9,687 lines \(1\.9 MB\)/);
  const piped = cli(args);
  assert.equal(piped.code, 0, piped.stderr);
  assert.doesNotMatch(piped.stderr, /…\r|\x1b\[K|merging|detecting/);
  const quiet = spawnSync('script', ['-qfc', [process.execPath, CLI, ...args, '-q'].map(q).join(' '), '/dev/null'], { encoding: 'utf8', timeout: TIMEOUT });
  assert.equal(quiet.status, 0, quiet.stdout);
  assert.doesNotMatch(quiet.stdout, /merging|detecting|writing the report/);
});

test('F10: stamps of 1970 or 9999, or after the year after the file\'s mtime, are unparsed and out of the period, counted and named; offsets beyond ±14:00 are no offsets', { timeout: 4 * TIMEOUT }, async () => {
  const dir = tmp();
  const at = (stamp: string, n: number): string => `${stamp} mail postfix/smtpd[1]: connect from unknown[192.0.2.${n}]`;
  const lines = [
    at('2026-11-28T22:15:30+09:00', 1),
    at('1970-01-01T00:00:00+00:00', 2),
    at('2026-11-29T03:15:31+14:00', 3), // Kiritimati: a real offset (the lines are one second apart, in order)
    at('2026-11-29T03:15:32+14:59', 4),
    at('2026-11-27T13:16:32-23:59', 5),
    at('2026-11-28T01:15:32-12:00', 6),
    at('9999-12-31T23:59:59+09:00', 7),
    at('1795871733.116177', 8), // journalctl short-unix, 2026-11-28T13:15:33Z
    at('0000000001.000000', 9), // short-unix 1970
    at('2026-11-28T22:15:35+09:00', 10),
  ];
  const log = join(dir, 'odd.log');
  writeFileSync(log, lines.join('\n') + '\n');
  const runs = [await report([log], { top: 50 }), await report([log], { top: 50, jobs: 3, rangeBytes: 200 })].map(renderJson);
  assert.equal(runs[1], runs[0], 'the same bytes for any --jobs');
  const r = JSON.parse(runs[0]!) as Report;
  assert.deepEqual(r.lines.unparsedExamples.map((e) => e.line), [2, 4, 5, 7, 9]);
  assert.equal(r.totals.connections, 5);
  assert.deepEqual([r.period.from, r.period.to], ['2026-11-28T22:15:30+09:00', '2026-11-28T22:15:35+09:00']);
  assert.equal(r.clockSteps, undefined);
  assert.deepEqual(r.period.zones, ['+00:00', '+09:00', '+14:00', '-12:00']);
  const warning = r.warnings.find((w) => w.includes('before 2000'));
  assert.match(warning ?? '', /^3 lines have times before 2000 or after \d{4} \(the first at \S+odd\.log:2: 1970-01-01T00:00:00\+00:00\): a clock that started without its date, or a wrong stamp\. .*counted as unparsed and kept out of the period and the counts\.$/);
  assert.match((await report([log], { top: 50, lang: 'ja' })).warnings.join('\n'), /2000 年より前か \d{4} 年より後の時刻の行が 3 行あります（最初は \S+odd\.log:2: 1970-01-01T00:00:00\+00:00）/);

  // The bound is the year after the file's mtime: a copy that kept a 2020 mtime holds no line of 2026 ...
  const old = join(dir, 'old.log');
  writeFileSync(old, [at('2020-06-01T10:00:00+09:00', 1), at('2026-11-28T22:15:30+09:00', 2)].join('\n') + '\n');
  utimesSync(old, new Date('2020-06-02T00:00:00Z'), new Date('2020-06-02T00:00:00Z'));
  const or = await report([old], { top: 50 });
  assert.deepEqual([or.lines.parsed, or.lines.unparsed, or.period.to], [1, 1, '2020-06-01T10:00:00+09:00']);
  assert.match(or.warnings.join('\n'), /^1 line has a time before 2000 or after 2021 \(the first at \S+old\.log:2: /m);
  // ... but an mtime that is no date (1970: a file from a build that zeroes times) bounds nothing, and classic
  // stamps take the year rule's year, never refused.
  utimesSync(old, new Date(1000), new Date(1000));
  const zero = await report([old], { top: 50 });
  assert.deepEqual([zero.lines.parsed, zero.lines.unparsed], [2, 0]);
  const classic = join(dir, 'classic.log');
  writeFileSync(classic, LINE + LINE2);
  utimesSync(classic, new Date(1000), new Date(1000));
  const c = await report([classic], { top: 50 });
  assert.deepEqual([c.lines.parsed, c.lines.unparsed], [2, 0]);
});
