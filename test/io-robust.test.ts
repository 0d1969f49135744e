// Inputs and outputs that are not plain files, and the command line's edge cases (review "robustness" D1, D6
// compressed formats, D7, D9, D13, D14): every case through the built CLI, each with a timeout so that a hang fails
// the test instead of the suite; D9's many hand-edited reports go through compare's own checks in-process, a few of
// them through the CLI too.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers.js';
import { UsageError } from '../src/errors.js';
import { readReportFile, resolveSide, sideName } from '../src/compare/load.js';
import { checkRedaction, checkSchemas, checkShape } from '../src/compare/compare.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const LOG = join(ROOT, 'samples', 'healthy.log');
const TIMEOUT = 60_000;
const linux = process.platform === 'linux' && existsSync('/proc/self/status');
const hasBash = spawnSync('bash', ['-c', 'command -v mkfifo'], { encoding: 'utf8' }).status === 0;

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'mlf-io-'));
}

interface Res { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

function cli(args: string[], input?: Buffer): Res {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input, timeout: TIMEOUT, killSignal: 'SIGKILL' });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI under bash, for `<(…)`, FIFOs and redirected or closed standard input. `$CLI` is the command. */
function sh(script: string, cwd?: string): Res {
  const r = spawnSync('bash', ['-c', script], {
    encoding: 'utf8', cwd, timeout: TIMEOUT, killSignal: 'SIGKILL', env: { ...process.env, CLI: `${process.execPath} ${CLI}`, LOG },
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Exit code `code` and exactly one line on stderr, prefixed like every error of the CLI, matching `re`. */
function oneLineError(r: Res, code: number, re: RegExp): void {
  assert.equal(r.signal, null, `killed by ${r.signal} (a hang?)`);
  assert.equal(r.code, code, r.stderr);
  assert.match(r.stderr, /^maillog-forensics: [^\n]*\n$/, 'one line');
  assert.match(r.stderr, re);
  assert.ok(!r.stderr.includes('\uFFFD'), 'no U+FFFD in the message');
  assert.doesNotMatch(r.stderr, /unexpected error|E[A-Z]{3,}: /, 'no raw Node error text');
}

/** `analyze LOG -j 1 -f json`, run once for the tests that need the plain file's report (read only, never rewritten). */
let plainRun: string | undefined;
function plainReportDir(): string {
  if (plainRun === undefined) {
    const out = join(tmp(), 'ref');
    const r = cli(['analyze', LOG, '-q', '-j', '1', '-f', 'json', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    plainRun = out;
  }
  return plainRun;
}

function readReport(dir: string): { lines: { total: number; parsed: number }; totals: Record<string, number>; inputs: Array<{ kind: string }> } {
  return JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
}

// ---------------------------------------------------------------------------------------------------------- D1

test('--out under /proc fails at once with one line (Node\'s recursive mkdir spun there forever)', { skip: !linux && 'no /proc', timeout: 3 * TIMEOUT }, () => {
  for (const out of ['/proc/mlf-test-out', '/proc/mlf-test-out/deeper', '/proc/self/mlf-test-out']) {
    const r = cli(['analyze', LOG, '-q', '-j', '1', '-f', 'json', '--out', out]);
    oneLineError(r, 1, new RegExp(`${out.replace(/\//g, '\\/')}: cannot create directory`));
  }
  const a = plainReportDir();
  const c = cli(['compare', a, a, '-q', '--out', '/proc/mlf-test-out/cmp']);
  oneLineError(c, 1, /\/proc\/mlf-test-out\/cmp: cannot create directory/);
});

test('--out creates missing parents level by level, and still refuses a file or a dangling symlink in the way', { timeout: TIMEOUT }, () => {
  const dir = tmp();
  const deep = join(dir, 'x', 'y', 'z');
  const ok = cli(['analyze', LOG, '-q', '-j', '1', '-f', 'json,html', '--out', deep]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.ok(existsSync(join(deep, 'report.json')) && existsSync(join(deep, 'charts')));
  const dangling = join(dir, 'dangling');
  symlinkSync(join(dir, 'nowhere', 'dir'), dangling);
  oneLineError(cli(['analyze', LOG, '-q', '-j', '1', '-f', 'json', '--out', dangling]), 1, /dangling: a symbolic link to a missing directory/);
});

// ---------------------------------------------------------------------------------------------------------- D14

test('option values: an empty --format or --out, --jobs/--year/--top without a value are usage errors (exit 2, one line)', { timeout: 4 * TIMEOUT }, () => {
  const dir = tmp();
  const out = join(dir, 'out');
  for (const f of [',', '', ' , ']) {
    oneLineError(cli(['analyze', LOG, '-q', '-j', '1', '--format', f, '--out', out]), 2, /--format: no output format given \(known: json/);
  }
  assert.equal(existsSync(out), false, 'no empty output directory is made');
  oneLineError(cli(['compare', LOG, LOG, '-q', '-j', '1', '--format', ',', '--out', out]), 2, /--format: no output format given \(known: json, md, html\)/);
  oneLineError(cli(['analyze', LOG, '-q', '-j', '1', '--out', '']), 2, /--out must not be empty/);
  oneLineError(cli(['analyze', LOG, '-q', '-j', '1', '--out=']), 2, /--out must not be empty/);
  oneLineError(cli(['analyze', LOG, '-q', '-j', '1', '-o', out, '--out', join(dir, 'other')]), 2, /--out given more than once/);
  for (const opt of ['--jobs', '--year', '--top']) {
    oneLineError(cli(['analyze', LOG, '-q', '-f', 'json', '--out', out, opt]), 2, new RegExp(`Not enough arguments following: ${opt.slice(2)}`));
    oneLineError(cli(['analyze', LOG, '-q', '-f', 'json', '--out', out, opt, '--quiet']), 2, new RegExp(`Not enough arguments following: ${opt.slice(2)}`));
  }
  oneLineError(cli(['compare', LOG, LOG, '-q', '--out', out, '--year']), 2, /Not enough arguments following: year/);
  assert.equal(existsSync(out), false);
  // An empty --client or --title stays allowed.
  assert.equal(cli(['analyze', LOG, '-q', '-j', '1', '-f', 'json', '--out', out, '--client=', '--title', '']).code, 0);
});

test('yargs\' multi-line messages are one line without U+FFFD', { timeout: TIMEOUT }, () => {
  const r = cli(['analyze', LOG, '-q', '--lang', 'fr', '--out', join(tmp(), 'o')]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'maillog-forensics: Invalid values: Argument: lang, Given: "fr", Choices: "en", "ja" (see --help)\n');
});

test('file-system errors are plain words naming the file (a symlink loop as input and as --out)', { timeout: TIMEOUT }, () => {
  const dir = tmp();
  const loop = join(dir, 'loop');
  symlinkSync(loop, loop);
  oneLineError(cli(['analyze', loop, '-q', '--out', join(dir, 'o')]), 2, /loop: too many levels of symbolic links/);
  oneLineError(cli(['analyze', LOG, '-q', '--out', join(loop, 'o')]), 1, /loop\/o: too many levels of symbolic links/);
  assert.equal(existsSync(join(dir, 'o')), false);
});

// ---------------------------------------------------------------------------------------------------------- D7, D13

test('`<(cat log)`, `<(gzip -c log)` and a FIFO are read whole, like the file, with 1 and 2 jobs', { skip: !hasBash && 'no bash', timeout: 6 * TIMEOUT }, () => {
  const dir = tmp();
  const ref = plainReportDir();
  const want = readReport(ref);
  for (const jobs of [1, 2]) {
    for (const [name, sub] of [['cat', '<(cat "$LOG")'], ['gzip', '<(gzip -c "$LOG")']] as const) {
      const out = join(dir, `${name}-${jobs}`);
      const r = sh(`$CLI analyze ${sub} -q -f json -j ${jobs} --out '${out}'`);
      assert.equal(r.code, 0, `${name}: ${r.stderr}`);
      const got = readReport(out);
      assert.equal(got.inputs[0]!.kind, 'stream');
      assert.deepEqual(got.lines, want.lines, name);
      assert.deepEqual(got.totals, want.totals, name);
    }
  }
  // A FIFO beside a plain file, with workers: read whole, nothing dropped.
  const fifoOut = join(dir, 'fifo');
  const r = sh(`mkfifo ff && (cat "$LOG" > ff &) && $CLI analyze ff "$LOG" -q -f json -j 2 --out '${fifoOut}'`, dir);
  assert.equal(r.code, 0, r.stderr);
  const got = readReport(fifoOut);
  assert.equal(got.lines.total, 2 * want.lines.total);
  assert.deepEqual(got.inputs.map((i) => i.kind).sort(), ['plain', 'stream']);
});

test('a /proc file (size 0, yet with content) is read, not taken as empty', { skip: !linux && 'no /proc', timeout: TIMEOUT }, () => {
  const out = join(tmp(), 'o');
  const r = cli(['analyze', '/proc/self/status', '-q', '-j', '1', '-f', 'json', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const got = readReport(out);
  assert.equal(got.inputs[0]!.kind, 'stream');
  assert.ok(got.lines.total > 5, `read ${got.lines.total} lines`);
});

test('gzip on standard input is decompressed like a .gz file', { timeout: 2 * TIMEOUT }, () => {
  const dir = tmp();
  const ref = plainReportDir();
  const out = join(dir, 'gz');
  const r = cli(['analyze', '-', '-q', '-f', 'json', '--out', out], gzipSync(readFileSync(LOG)));
  assert.equal(r.code, 0, r.stderr);
  const got = readReport(out);
  const want = readReport(ref);
  assert.equal(got.inputs[0]!.kind, 'stdin');
  assert.deepEqual(got.lines, want.lines);
  assert.deepEqual(got.totals, want.totals);
  // A truncated gzip on stdin is a broken .gz like any other (exit 1 without --allow-partial).
  const cut = cli(['analyze', '-', '-q', '-f', 'json', '--out', join(dir, 'cut')], gzipSync(readFileSync(LOG)).subarray(0, 5000));
  oneLineError(cut, 1, /^maillog-forensics: -: gzip data is truncated after \d+ compressed bytes \(use --allow-partial/);
  // Tiny plain input (shorter than a compressor's magic) still reads.
  const tiny = cli(['analyze', '-', '-q', '-f', 'json', '--out', join(dir, 'tiny')], Buffer.from('x\n'));
  assert.equal(tiny.code, 0, tiny.stderr);
  assert.equal(readReport(join(dir, 'tiny')).lines.total, 1);
});

test('standard input that is a directory, closed, or /dev/null is a usage error, not an empty report', { skip: !hasBash && 'no bash', timeout: 3 * TIMEOUT }, () => {
  const dir = tmp();
  const out = join(dir, 'o');
  oneLineError(sh(`$CLI analyze - -q -f json --out '${out}' < '${dir}'`), 2, /standard input is a directory/);
  oneLineError(sh(`$CLI analyze - -q -f json --out '${out}' <&-`), 2, /standard input is closed/);
  oneLineError(sh(`$CLI analyze - -q -f json --out '${out}' < /dev/null`), 2, /standard input is closed or \/dev\/null/);
  assert.equal(existsSync(out), false);
  // An empty pipe is still an empty log (exit 0).
  const empty = cli(['analyze', '-', '-q', '-f', 'json', '--out', out], Buffer.alloc(0));
  assert.equal(empty.code, 0, empty.stderr);
});

// ---------------------------------------------------------------------------------------------------------- D6

test('zip inputs are refused by their magic bytes with the command that extracts them; xz, bzip2 and zstd are read (compressed-inputs test)', { timeout: 4 * TIMEOUT }, () => {
  const dir = tmp();
  const body = readFileSync(LOG).subarray(0, 4000);
  const magic = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
  // Named without the usual extension: the bytes decide.
  const file = join(dir, 'zip.log');
  writeFileSync(file, Buffer.concat([magic, body]));
  const out = join(dir, 'out-zip');
  oneLineError(cli(['analyze', file, '-q', '-j', '1', '--out', out]), 2, /zip\.log: a zip archive, which is not read; extract its log first: unzip -p \S+ \| maillog-forensics analyze -/);
  oneLineError(cli(['analyze', '-', '-q', '--out', out], Buffer.concat([magic, body])), 2, /standard input: a zip archive.*unzip -p FILE \| maillog-forensics analyze -/);
  assert.equal(existsSync(out), false);
  if (hasBash) {
    // Through a pipe read by a worker thread: still a usage error (exit 2), not a failed run.
    oneLineError(sh(`$CLI analyze "$LOG" <(cat '${file}') "$LOG" -q -j 2 -f json --out '${out}'`), 2, /a zip archive/);
  }
});

// The twenty-seventh session's hostile-input review: logrotate's compresscmd (xz on RHEL, bzip2 or zstd elsewhere)
// gives maillog.2.xz beside maillog.1 and maillog. Those are read now (split/decompress-program.ts); where the
// program is missing, one line names every such file (compressed-inputs test).
test('xz data that is no xz data beside other files: exit 1 naming the file, the other files not reported alone', { skip: spawnSync('bash', ['-c', 'command -v xz']).status !== 0 && 'xz not installed', timeout: 2 * TIMEOUT }, () => {
  const dir = tmp();
  const body = readFileSync(LOG).subarray(0, 4000);
  const live = join(dir, 'maillog');
  writeFileSync(live, readFileSync(LOG));
  const xz = join(dir, 'maillog.2.xz');
  writeFileSync(xz, Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), body]));
  const out = join(dir, 'out');
  oneLineError(cli(['analyze', live, xz, '-q', '-j', '1', '--out', out]), 1, /maillog\.2\.xz: xz data is (?:corrupt|truncated)/);
  assert.equal(existsSync(join(out, 'report.json')), false);
});

// ---------------------------------------------------------------------------------------------------------- D9

/**
 * What compare says of two report sides before it reads any log: runCompare's checks (src/commands.ts), called
 * in-process in its order (resolveSide, readReportFile, checkSchemas, checkShape of each, checkRedaction). The error
 * thrown, or null when the two would be compared.
 */
function sidesRefusal(before: string, after: string): unknown {
  try {
    const specs = [resolveSide(before, 'before'), resolveSide(after, 'after')] as const;
    const names = [sideName('before', specs[0]), sideName('after', specs[1])] as const;
    const reports = specs.map((s) => {
      assert.equal(s.kind, 'report', `${s.kind === 'report' ? s.path : s.paths.join(',')}: read as a report`);
      return readReportFile((s as { path: string }).path);
    });
    checkSchemas(reports[0]!, reports[1]!, names[0], names[1]);
    for (const [i, r] of reports.entries()) checkShape(r, names[i]!);
    checkRedaction(reports[0]!.redaction, reports[1]!.redaction, names[0], names[1]);
    return null;
  } catch (err) {
    return err;
  }
}

test('compare: a partial or hand-edited report.json is a one-line usage error naming the field, never NaN or a TypeError', { timeout: 10 * TIMEOUT }, () => {
  const dir = tmp();
  const good = join(dir, 'good');
  const incident = join(ROOT, 'samples', 'incident.log');
  assert.equal(cli(['analyze', incident, '--year', '2026', '-q', '-j', '1', '-f', 'json', '--out', good]).code, 0);
  const base = JSON.parse(readFileSync(join(good, 'report.json'), 'utf8'));
  assert.ok(base.findings.length > 0 && base.byClientIp.length > 0);
  assert.equal(sidesRefusal(good, good), null, 'the report as analyze wrote it is compared');
  const mutations: Array<[string, (r: any) => void, RegExp]> = [
    ['period {}', (r) => { r.period = {}; }, /period\.from is missing/],
    ['totals []', (r) => { r.totals = []; }, /totals is missing or not an object/],
    ['findings [{}]', (r) => { r.findings = [{}]; }, /findings\[0\]\.rule/],
    ['finding without subject', (r) => { delete r.findings[0].subject; }, /findings\[0\]\.subject is missing/],
    ['finding without evidence', (r) => { delete r.findings[0].evidence; }, /findings\[0\]\.evidence is missing/],
    ['finding without rule', (r) => { delete r.findings[0].rule; }, /findings\[0\]\.rule is missing/],
    ['findings {}', (r) => { r.findings = {}; }, /findings is missing or not a list/],
    ['inputs [{}]', (r) => { r.inputs = [{}]; }, /inputs\[0\]\.path/],
    ['numeric IP key', (r) => { r.byClientIp[0].key = 5; }, /byClientIp\[0\]\.key is missing or not a string/],
    ['hourly [{}]', (r) => { r.hourly = [{}]; }, /hourly\[0\]\.hour/],
    ['redaction {}', (r) => { r.redaction = {}; }, /redaction\.keyFingerprint/],
    ['pseudonymHexDigits a string', (r) => { r.redaction = { keyFingerprint: 'abcd1234', domains: false, pseudonymHexDigits: '12' }; }, /redaction\.pseudonymHexDigits/],
    ...['received', 'deferred', 'bounced', 'rejected', 'authFailures', 'dovecotLoginFailures'].map((k): [string, (r: any) => void, RegExp] =>
      [`no totals.${k}`, (r) => { delete r.totals[k]; }, new RegExp(`totals\\.${k} is missing or not a number`)]),
    ['period.hours a string', (r) => { r.period.hours = 'x'; }, /period\.hours is missing or not a number/],
  ];
  for (const [i, [name, mutate, re]] of mutations.entries()) {
    const r = JSON.parse(JSON.stringify(base));
    mutate(r);
    const m = join(dir, 'm');
    mkdirSync(m, { recursive: true });
    writeFileSync(join(m, 'report.json'), JSON.stringify(r));
    for (const [before, after] of [[m, good], [good, m]] as const) {
      // Every case through compare's own checks, in-process: a UsageError (exit 2) whose message is one line.
      const err = sidesRefusal(before, after);
      assert.ok(err instanceof UsageError, `${name}: ${String(err)}`);
      assert.doesNotMatch(err.message, /[\r\n]/, `${name}: one line`);
      assert.match(err.message, /not a complete maillog-forensics report \(/, name);
      assert.match(err.message, re, name);
      assert.ok(err.message.startsWith(`${before === m ? 'before' : 'after'} (${join(m, 'report.json')}): `), `${name}: names the side: ${err.message}`);
      // The first few through the built CLI too, on both sides: exit 2, the one line on stderr, nothing written.
      if (i >= 3) continue;
      const res = cli(['compare', before, after, '-q', '--out', join(dir, 'cmp')]);
      assert.equal(res.code, 2, `${name}: ${res.stderr}`);
      oneLineError(res, 2, /not a complete maillog-forensics report \(/);
      assert.match(res.stderr, re, name);
      assert.equal(res.stderr, `maillog-forensics: ${err.message}\n`, `${name}: the CLI says what the checks say`);
    }
    // analyze --baseline checks the same before reading any log (a few cases: each one analyzes a log).
    if (i >= 3) continue;
    const b = cli(['analyze', incident, '--year', '2026', '-q', '-j', '1', '-f', 'json', '--baseline', m, '--out', join(dir, 'bl')]);
    oneLineError(b, 2, re);
  }
  assert.equal(existsSync(join(dir, 'cmp')), false);
  // Optional keys stay optional; the comparison has no NaN or undefined.
  const r = JSON.parse(JSON.stringify(base));
  delete r.tool; delete r.options; delete r.hosts; delete r.lines;
  mkdirSync(join(dir, 'opt'));
  writeFileSync(join(dir, 'opt', 'report.json'), JSON.stringify(r));
  const ok = cli(['compare', join(dir, 'opt'), good, '-q', '-f', 'md,json', '--out', join(dir, 'cmp-ok')]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.doesNotMatch(readFileSync(join(dir, 'cmp-ok', 'compare.md'), 'utf8'), /NaN|undefined/);
});
