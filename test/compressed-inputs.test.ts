// .xz, .bz2 and .zst inputs read as a .gz is (split/decompress-program.ts): decompressed as a stream by the system's
// program, each file of a rotated set its own task ordered by its first line, standard input and FIFOs told by their
// magic bytes, damaged or cut data reported with what was read kept; and, where the program is missing, the input
// refused with one line naming it (exit 2). The tests that decompress skip when the program is absent (CI's image
// may lack it); the refusals run everywhere, with an empty PATH.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CLI, ROOT, report } from './helpers.js';
import { renderJson } from '../src/render/index.js';
import { complaint, programFormat, programPath } from '../src/split/decompress-program.js';
import type { ProgramFormat } from '../src/split/decompress-program.js';
import { linesInside } from '../src/split/lines-inside.js';
import type { InputFile } from '../src/split/inputs.js';
import { newYearRule } from '../src/parse/header.js';
import { setGaps } from '../src/split/set-gaps.js';

const SAMPLE = join(ROOT, 'samples', 'incident.log');
const TIMEOUT = 120_000;
const FORMATS: ProgramFormat[] = ['xz', 'bzip2', 'zstd'];
const EXT: Record<ProgramFormat, string> = { xz: 'xz', bzip2: 'bz2', zstd: 'zst' };
const hasBash = spawnSync('bash', ['-c', 'true']).status === 0;
// The programs' messages quoted below are those of xz 5.4, bzip2 1.0.8 and zstd 1.5.4 (Debian 12).

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'mlf-compressed-'));
}

/** Why a test that needs the program skips: false when it is installed. */
function absent(...formats: ProgramFormat[]): string | false {
  const missing = formats.filter((f) => programPath(f) === null);
  return missing.length === 0 ? false : `${missing.join(', ')} not installed (apt-get install xz-utils bzip2 zstd)`;
}

function compress(format: ProgramFormat, data: Buffer): Buffer {
  const r = spawnSync(format, ['-c'], { input: data, maxBuffer: 1 << 30 });
  assert.equal(r.status, 0, String(r.stderr));
  return r.stdout;
}

interface Res { code: number | null; stdout: string; stderr: string }

function cli(args: string[], opts: { input?: Buffer; env?: NodeJS.ProcessEnv } = {}): Res {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input: opts.input, env: opts.env ?? process.env, timeout: TIMEOUT, killSignal: 'SIGKILL' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function oneLine(r: Res, code: number, re: RegExp): void {
  assert.equal(r.code, code, r.stderr);
  assert.match(r.stderr, /^maillog-forensics: [^\n]*\n$/, 'one line');
  assert.match(r.stderr, re);
}

/** The plain sample's report (year 2026), analyzed once for the tests that compare a compressed copy with it. */
let plainReport: ReturnType<typeof report> | undefined;
function plainSample(): ReturnType<typeof report> {
  return plainReport ??= report([SAMPLE], { year: 2026 });
}

/** What a report says of the log, whatever files held it: lines, totals and each finding. */
function substance(r: { lines: unknown; totals: unknown; findings: Array<{ rule: string; severity: string; title: string }> }): unknown {
  return { lines: r.lines, totals: r.totals, findings: r.findings.map((f) => [f.rule, f.severity, f.title]) };
}

test('magic bytes: xz, bzip2 and zstd are told from their first bytes, a log line from none', () => {
  assert.equal(programFormat(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00])), 'xz');
  assert.equal(programFormat(Buffer.from('BZh91AY&SY')), 'bzip2');
  assert.equal(programFormat(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x24])), 'zstd');
  assert.equal(programFormat(Buffer.from('BZh0')), null, 'no block size digit 0');
  assert.equal(programFormat(Buffer.from('Nov 28 22:16:04 mail postfix/smtpd[123]: connect from x[1.2.3.4]')), null);
  assert.equal(programFormat(Buffer.from([0xfd, 0x37, 0x7a])), null, 'cut short');
});

test('the programs\' complaints, verbatim, name truncation and damage', () => {
  const cases: Array<[ProgramFormat, string, string, string]> = [
    ['xz', 'xz: (stdin): Unexpected end of input\n', 'truncated', 'Unexpected end of input'],
    ['xz', 'xz: (stdin): Compressed data is corrupt\n', 'corrupt', 'Compressed data is corrupt'],
    ['bzip2', '\nbzip2: Compressed file ends unexpectedly;\n\tperhaps it is corrupted?  *Possible* reason follows.\n', 'truncated', 'Compressed file ends unexpectedly'],
    ['bzip2', '\nbzip2: Data integrity error when decompressing.\n\tInput file = (stdin), output file = (stdout)\n', 'corrupt', 'Data integrity error when decompressing.'],
    ['zstd', '/*stdin*\\ : Read error (39) : premature end \n', 'truncated', 'Read error (39) : premature end'],
    ['zstd', '/*stdin*\\ : Decoding error (36) : Data corruption detected \n', 'corrupt', 'Decoding error (36) : Data corruption detected'],
    ['zstd', 'zstd: /*stdin*\\: unsupported format \n', 'corrupt', 'unsupported format'],
    ['xz', 'xz: (stdin): Cannot allocate memory\n', 'failed', 'Cannot allocate memory'],
  ];
  for (const [format, stderr, reason, said] of cases) {
    const e = complaint(format, stderr);
    assert.equal(e.reason, reason, stderr);
    assert.equal(e.said, said, stderr);
  }
});

for (const format of FORMATS) {
  test(`a ${format} file is read as the plain log is, at 1 and 3 jobs, and through standard input and a FIFO`, { skip: absent(format), timeout: 3 * TIMEOUT }, async () => {
    const dir = tmp();
    const plain = readFileSync(SAMPLE);
    // Named without its extension: the bytes decide.
    const path = join(dir, `maillog-${format}`);
    writeFileSync(path, compress(format, plain));
    const whole = await plainSample();
    const one = await report([path], { year: 2026 });
    assert.deepEqual(substance(one), substance(whole));
    assert.equal(one.inputs[0]!.kind, EXT[format]);
    assert.equal(one.inputs[0]!.lines, whole.inputs[0]!.lines);
    assert.equal(renderJson(await report([path], { year: 2026, jobs: 3 })), renderJson(one), 'jobs 3 = jobs 1');
    const out = join(dir, 'stdin');
    const r = cli(['analyze', '-', '--year', '2026', '-q', '-f', 'json', '--out', out], { input: readFileSync(path) });
    assert.equal(r.code, 0, r.stderr);
    const viaStdin = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    assert.deepEqual(substance(viaStdin), substance(whole));
    assert.equal(viaStdin.inputs[0].kind, 'stdin');
    if (hasBash) {
      // A FIFO (`<(cat F)`), read once, whole: told by its first bytes and decompressed as standard input is.
      const fifoOut = join(dir, 'fifo');
      const s = spawnSync('bash', ['-c', `"$NODE" "$CLI" analyze <(cat "$F") --year 2026 -q -j 2 -f json --out "$OUT"`], {
        encoding: 'utf8', timeout: TIMEOUT, env: { ...process.env, NODE: process.execPath, CLI, F: path, OUT: fifoOut },
      });
      assert.equal(s.status, 0, s.stderr);
      assert.deepEqual(substance(JSON.parse(readFileSync(join(fifoOut, 'report.json'), 'utf8'))), substance(whole));
    }
  });
}

test('a rotated set of .gz, .xz, .bz2, .zst and plain files given out of order is read in time order, each its own task, 1 job = 3 jobs', { skip: absent(...FORMATS), timeout: 3 * TIMEOUT }, async () => {
  const dir = tmp();
  const lines = readFileSync(SAMPLE, 'latin1').split('\n').filter((l) => l !== '');
  const part = (k: number): Buffer => Buffer.from(lines.slice(Math.floor((lines.length * k) / 5), Math.floor((lines.length * (k + 1)) / 5)).join('\n') + '\n', 'latin1');
  // Oldest first: maillog.4.gz … maillog (logrotate's numbering), each compressed another way.
  const names = ['maillog.4.gz', 'maillog.3.xz', 'maillog.2.bz2', 'maillog.1.zst', 'maillog'];
  const data = [gzipSync(part(0)), compress('xz', part(1)), compress('bzip2', part(2)), compress('zstd', part(3)), part(4)];
  names.forEach((n, k) => writeFileSync(join(dir, n), data[k]!));
  const given = ['maillog', 'maillog.2.bz2', 'maillog.4.gz', 'maillog.1.zst', 'maillog.3.xz'].map((n) => join(dir, n));
  const one = await report(given, { year: 2026 });
  assert.deepEqual(one.inputs.map((f) => [f.path, f.kind]), names.map((n, k) => [join(dir, n), ['gz', 'xz', 'bz2', 'zst', 'plain'][k]]));
  assert.deepEqual(substance(one), substance(await plainSample()));
  assert.equal(renderJson(await report(given, { year: 2026, jobs: 3 })), renderJson(one), 'jobs 3 = jobs 1');
  // No rotation is missing, and none is a copy of another.
  assert.equal(one.skippedInputs.length, 0);
  assert.ok(!JSON.stringify(one.warnings).includes('not among the inputs'), JSON.stringify(one.warnings));
});

for (const format of FORMATS) {
  test(`a ${format} file cut short or damaged: exit 1 naming it; with --allow-partial the lines before are reported, at 1 and 3 jobs`, { skip: absent(format), timeout: 3 * TIMEOUT }, async () => {
    const dir = tmp();
    const plain = readFileSync(SAMPLE);
    const packed = compress(format, plain);
    const cut = join(dir, `cut.${EXT[format]}`);
    // Cut and damaged near the end: bzip2 writes a block (900 kB of log) only when it is whole.
    writeFileSync(cut, packed.subarray(0, Math.floor(packed.length * 0.9)));
    const bad = join(dir, `bad.${EXT[format]}`);
    const flipped = Buffer.from(packed);
    flipped[Math.floor(flipped.length * 0.9)] ^= 0x55;
    writeFileSync(bad, flipped);
    const total = plain.toString('latin1').split('\n').filter((l) => l !== '').length;
    for (const [file, what] of [[cut, 'truncated: it ends after [\\d,]+ bytes of the log'], [bad, 'corrupt after [\\d,]+ bytes of the log']] as const) {
      const out = join(dir, `out-${what.slice(0, 4)}`);
      oneLine(cli(['analyze', SAMPLE, file, '--year', '2026', '-q', '-j', '1', '-f', 'json', '--out', out]), 1,
        new RegExp(`${file.replace(/[.]/g, '\\.')}: ${format} data is ${what} \\(${format}: [^)]+\\).* \\(use --allow-partial to report what was read\\)`));
      // --allow-partial in-process at 1 and 3 jobs (the same report), and through the CLI (exit 0, that report's lines).
      const one = await report([file], { year: 2026, allowPartial: true });
      assert.equal(renderJson(await report([file], { year: 2026, allowPartial: true, jobs: 3 })), renderJson(one), 'jobs 3 = jobs 1');
      const r = cli(['analyze', file, '--year', '2026', '-q', '-j', '3', '-f', 'json', '--allow-partial', '--out', out]);
      assert.equal(r.code, 0, r.stderr);
      const rep = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
      assert.deepEqual([rep.lines, rep.totals, rep.warnings], [one.lines, one.totals, one.warnings], 'the CLI reports what was read, as in-process');
      // Cut: the lines before the cut. Damaged: the block with the damage may be written before its check fails
      // (bzip2 wrote the damaged block's garbage: more lines than the log has), as the error says.
      assert.ok(rep.lines.total > 0 && (file === bad || rep.lines.total < total), `${rep.lines.total} of ${total} lines`);
      assert.ok(JSON.stringify(rep.warnings).includes(`${format} data is`), JSON.stringify(rep.warnings));
    }
  });
}

test('without the program: the file, the set, standard input and a side of compare are refused with one line naming the program (exit 2)', { timeout: 4 * TIMEOUT }, () => {
  const dir = tmp();
  const empty = join(dir, 'no-programs');
  mkdirSync(empty);
  const env = { ...process.env, PATH: empty };
  const body = readFileSync(SAMPLE).subarray(0, 4000);
  const xz = join(dir, 'maillog.2.xz');
  const zst = join(dir, 'maillog 3.zst');
  writeFileSync(xz, Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), body]));
  writeFileSync(zst, Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), body]));
  const bz = Buffer.concat([Buffer.from('BZh91AY&SY'), body]);
  const out = join(dir, 'out');
  const set = cli(['analyze', SAMPLE, xz, zst, '-q', '--out', out], { env });
  oneLine(set, 2, /compressed with xz and zstd, and the programs xz and zstd are not installed/);
  assert.equal(set.stderr.trim(), `maillog-forensics: ${xz}, ${zst}: compressed with xz and zstd, and the programs xz and zstd are not installed `
    + `(apt-get install xz-utils zstd, or dnf install xz zstd); or decompress each to a file where they are (xz -dc ${xz} > ${join(dir, 'maillog.2')}; `
    + `zstd -dc '${zst}' > '${join(dir, 'maillog 3')}') and give those files in their place`);
  oneLine(cli(['analyze', xz, '-q', '--out', out], { env }), 2,
    /maillog\.2\.xz: compressed with xz, and the program xz is not installed \(apt-get install xz-utils, or dnf install xz\); or decompress it where xz is \(xz -dc \S+maillog\.2\.xz > \S+maillog\.2\) and give that file in its place\n/);
  oneLine(cli(['analyze', '-', '-q', '--out', out], { env, input: bz }), 2,
    /^maillog-forensics: standard input: compressed with bzip2, and the program bzip2 is not installed \(apt-get install bzip2, or dnf install bzip2\); or decompress it first: bzip2 -dc FILE \| maillog-forensics analyze -\n$/);
  oneLine(cli(['compare', xz, SAMPLE, '-q', '--out', join(dir, 'cmp')], { env }), 2, /maillog\.2\.xz: compressed with xz, and the program xz is not installed .* and compare that file\n/);
  if (hasBash) {
    // A FIFO read by a worker thread: still a usage error in the main thread, not a failed run.
    const s = spawnSync('bash', ['-c', `PATH="$EMPTY" "$NODE" "$CLI" analyze "$LOG" <(cat "$F") -q -j 2 -f json --out "$OUT"`], {
      encoding: 'utf8', timeout: TIMEOUT, env: { ...process.env, EMPTY: empty, NODE: process.execPath, CLI, LOG: SAMPLE, F: zst, OUT: out },
    });
    oneLine({ code: s.status, stdout: s.stdout, stderr: s.stderr }, 2, /compressed with zstd, and the program zstd is not installed/);
  }
});

test('a tar archive compressed with xz is refused as a .tgz is, file and standard input', { skip: absent('xz'), timeout: 2 * TIMEOUT }, () => {
  const dir = tmp();
  // A ustar header: the name, a NUL in the name field, "ustar\0" at 257.
  const header = Buffer.alloc(512);
  header.write('maillog', 0, 'latin1');
  header.write('ustar\u000000', 257, 'latin1');
  const tarXz = compress('xz', Buffer.concat([header, readFileSync(SAMPLE).subarray(0, 4096)]));
  const file = join(dir, 'logs.tar.xz');
  writeFileSync(file, tarXz);
  const out = join(dir, 'out');
  oneLine(cli(['analyze', file, '-q', '--out', out]), 2, /logs\.tar\.xz: an xz-compressed tar archive, which is not read .* tar -xf \S+logs\.tar\.xz -C logs/);
  oneLine(cli(['analyze', '-', '-q', '--out', out], { input: tarXz }), 2, /standard input: an xz-compressed tar archive, which is not read/);
});

test('lines-inside reads .xz, .bz2 and .zst files side by side (mail.warn.2.xz inside mail.log.2.xz)', { skip: absent(...FORMATS) }, async () => {
  const dir = tmp();
  const lines = readFileSync(SAMPLE, 'latin1').split('\n').filter((l) => l !== '');
  const part = lines.filter((_, i) => i % 7 === 3);
  const input = (name: string, format: ProgramFormat, text: string[]): InputFile => {
    const path = join(dir, name);
    const bytes = compress(format, Buffer.from(text.join('\n') + '\n', 'latin1'));
    writeFileSync(path, bytes);
    return { index: 0, path, kind: EXT[format] as 'xz', bytes: bytes.length, mtimeMs: 0, years: newYearRule(2026, 11, true), firstAt: NaN, host: 'mail' };
  };
  for (const f of FORMATS) {
    const big = input(`mail.log.2.${EXT[f]}`, f, lines);
    const small = input(`mail.warn.2.${EXT[f]}`, f === 'xz' ? 'zstd' : 'xz', part);
    assert.equal(await linesInside(small, big), true, f);
    assert.equal(await linesInside(big, small), false, f);
  }
});

test('set gaps: numbered rotations compressed with xz, bzip2 or zstd name the missing one with its extension', () => {
  const h = 3_600_000;
  const input = (path: string, index: number): InputFile => ({ index, path, kind: 'plain', bytes: 1, mtimeMs: 0, years: newYearRule(2026, 11, true), firstAt: NaN, host: 'mail' });
  const spans = new Map([[0, { firstAt: 0, lastAt: h }], [1, { firstAt: 2 * h, lastAt: 3 * h }]]);
  for (const ext of ['xz', 'bz2', 'zst']) {
    const paths = [`maillog.4.${ext}`, 'maillog.1'];
    assert.deepEqual(setGaps(paths.map(input), spans as never, paths).map((g) => g.missing), [[`maillog.2.${ext}`, `maillog.3.${ext}`]], ext);
  }
});
