// The edges of .xz, .bz2 and .zst inputs (split/compressed-data-end.ts, split/compressed-read-failure.ts): zero
// padding and a short stray tail after the data read past (the tail with a warning naming the format), a long one an
// error, concatenated streams read whole, data cut short a one-line error (no hang, no stack), and a read failing
// part-way (EIO) one line naming the file and how far it was read. The fixtures are made at test time by the
// programs themselves (the sample compressed once per format, its plain report analyzed once); a format's tests skip
// when its program is not installed. Runs that only read the report are analyze() in this process; exit codes and
// stderr lines are the CLI's (-j 1: threads are not the subject here).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CLI, ROOT, report } from './helpers.js';
import type { Report } from '../src/report/model.js';
import { decompressWith, programPath } from '../src/split/decompress-program.js';
import type { ProgramFormat } from '../src/split/decompress-program.js';
import { MAX_STRAY_BYTES, findDataEnd } from '../src/split/compressed-data-end.js';
import type { ReadAt } from '../src/split/compressed-data-end.js';
import { CompressedReadFailure, readFailureLine, readFailureOf, readingCompressed } from '../src/split/compressed-read-failure.js';
import { runTask } from '../src/workers/task.js';
import type { InputFile } from '../src/split/inputs.js';
import { newYearRule } from '../src/parse/header.js';
import { messagesFor } from '../src/i18n/index.js';

const SAMPLE = join(ROOT, 'samples', 'incident.log');
const TIMEOUT = 120_000;
const FORMATS: ProgramFormat[] = ['xz', 'bzip2', 'zstd'];
const EXT: Record<ProgramFormat, string> = { xz: 'xz', bzip2: 'bz2', zstd: 'zst' };

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'mlf-edges-'));
}

/** Why a format's tests skip: false when its program is installed. */
function absent(format: ProgramFormat): string | false {
  return programPath(format) === null ? `${format} is not installed (apt-get install xz-utils bzip2 zstd): its edge tests skip` : false;
}

function compress(format: ProgramFormat, data: Buffer): Buffer {
  const r = spawnSync(format, ['-c'], { input: data, maxBuffer: 1 << 30 });
  assert.equal(r.status, 0, String(r.stderr));
  return r.stdout;
}

interface Res { code: number | null; stderr: string }

function cli(args: string[]): Res {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: TIMEOUT, killSignal: 'SIGKILL' });
  return { code: r.status, stderr: r.stderr };
}

/** What a report says of the log: its lines, totals and findings (not the file's name or size). */
function substance(r: { lines: unknown; totals: unknown; findings: Array<{ rule: string; severity: string; title: string }> }): unknown {
  return { lines: r.lines, totals: r.totals, findings: r.findings.map((f) => [f.rule, f.severity, f.title]) };
}

/** Bytes that are neither zeros nor any stream's magic (a line of text, repeated: no 'BZh', no 0xfd, 0x28 or 0x5X). */
function stray(n: number): Buffer {
  const text = Buffer.from('Dec  1 03:14:07 mail kernel: I/O error, dev sdb, sector 8812 op 0x0:(READ)\n', 'latin1');
  return Buffer.concat(Array.from({ length: Math.ceil(n / text.length) }, () => text)).subarray(0, n);
}

/** The sample compressed by each format's program, once for the file (several tests read it). */
const packedOnce = new Map<ProgramFormat, Buffer>();
function packedSample(format: ProgramFormat): Buffer {
  let p = packedOnce.get(format);
  if (p === undefined) packedOnce.set(format, p = compress(format, readFileSync(SAMPLE)));
  return p;
}

/** The sample's own report, as a plain file: what every format's reading of it must say. Analyzed once for the file. */
let wholeOnce: Promise<Report> | undefined;
const wholeSample = (): Promise<Report> => (wholeOnce ??= report([SAMPLE], { year: 2026 }));

const readerOf = (b: Buffer): ReadAt => (buf, pos) => (pos >= b.length ? 0 : b.copy(buf, 0, pos, Math.min(b.length, pos + buf.length)));

for (const format of FORMATS) {
  const ext = EXT[format];
  test(`${format}: clean, zero-padded, a short stray tail and concatenated streams give the clean file's lines; the tail warned about`, { skip: absent(format), timeout: 4 * TIMEOUT }, async () => {
    const dir = tmp();
    const plain = readFileSync(SAMPLE);
    const packed = packedSample(format);
    const clean = join(dir, `clean.${ext}`);
    writeFileSync(clean, packed);
    const base = await report([clean], { year: 2026 });
    const whole = await wholeSample();
    assert.deepEqual(substance(base), substance(whole));
    assert.equal(base.inputs[0]!.lines, whole.inputs[0]!.lines);

    // Zeros after the data (a tape block, an image's padding): read past without a word.
    const zeros = join(dir, `zeros.${ext}`);
    writeFileSync(zeros, Buffer.concat([packed, Buffer.alloc(10_001)]));
    const z = await report([zeros], { year: 2026 });
    assert.deepEqual(substance(z), substance(base));
    assert.equal(z.inputs[0]!.lines, base.inputs[0]!.lines);
    assert.deepEqual(z.warnings, base.warnings);

    // A stray tail under 64 KiB (then zeros): every line, and one warning naming the format and the bytes.
    for (const n of [1, 18, MAX_STRAY_BYTES]) {
      const tail = join(dir, `tail-${n}.${ext}`);
      writeFileSync(tail, Buffer.concat([packed, stray(n), Buffer.alloc(n === 18 ? 512 : 0)]));
      const t = await report([tail], { year: 2026 });
      assert.deepEqual(substance(t), substance(base), `${n} stray bytes`);
      assert.equal(t.inputs[0]!.lines, base.inputs[0]!.lines);
      const added = t.warnings.filter((w) => !base.warnings.includes(w));
      assert.deepEqual(added, [`${tail}: ${n.toLocaleString('en-US')} byte${n === 1 ? '' : 's'} after the end of its ${format} data were ignored `
        + `(no ${format} data: a stray tail, such as a copy off a failing disk may end in): every line of the compressed log was read.`]);
    }

    // Streams one after another (`cat a.xz b.xz`, pbzip2, zstd -T): both read, a stray tail after the last one too.
    const lines = plain.toString('latin1').split('\n');
    const half = Math.floor(lines.length / 2);
    const first = Buffer.from(lines.slice(0, half).join('\n') + '\n', 'latin1');
    const second = Buffer.from(lines.slice(half).join('\n'), 'latin1');
    const joined = join(dir, `joined.${ext}`);
    writeFileSync(joined, Buffer.concat([compress(format, first), compress(format, second), stray(100)]));
    const j = await report([joined], { year: 2026 });
    assert.deepEqual(substance(j), substance(whole));
    assert.equal(j.warnings.filter((w) => w.includes('after the end of its')).length, 1);
  });

  test(`${format}: more than 64 KiB after the data, a cut file, a cut second stream: exit 1 with one line naming the file`, { skip: absent(format), timeout: 4 * TIMEOUT }, async () => {
    const dir = tmp();
    const plain = readFileSync(SAMPLE);
    const packed = packedSample(format);
    const total = plain.toString('latin1').split('\n').filter((l) => l !== '').length;
    const long = join(dir, `long.${ext}`);
    writeFileSync(long, Buffer.concat([packed, stray(MAX_STRAY_BYTES + 1)]));
    const out = join(dir, 'out');
    mkdirSync(out);
    const r = cli(['analyze', long, '--year', '2026', '-q', '-j', '1', '-f', 'json', '--out', out]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, `maillog-forensics: ${long}: 65,537 bytes after the end of its ${format} data that are not ${format} data, more than the 64 KiB `
      + 'of stray bytes read past: the file is damaged or something else was appended to it (use --allow-partial to report what was read)\n');
    // --allow-partial: the data's every line, with the error as a warning (the report only: analyzed in this process).
    const rep = await report([long], { year: 2026, allowPartial: true });
    assert.equal(rep.lines.total, total);
    assert.ok(rep.warnings.some((w: string) => w.includes('65,537 bytes after the end of its')), JSON.stringify(rep.warnings));

    // Cut short: the end is not found, the whole file goes to the program, which says it is truncated; so with zeros
    // after the cut, and with a second stream cut (its magic after the first stream's end: not stray bytes).
    const cut = packed.subarray(0, Math.floor(packed.length * 0.6));
    const cases: Array<[string, Buffer]> = [
      ['cut', cut],
      ['cut-zeros', Buffer.concat([cut, Buffer.alloc(4096)])],
      ['second-cut', Buffer.concat([packed, cut])],
    ];
    for (const [name, data] of cases) {
      const file = join(dir, `${name}.${ext}`);
      writeFileSync(file, data);
      const c = cli(['analyze', file, '--year', '2026', '-q', '-j', '1', '-f', 'json', '--out', out]);
      assert.equal(c.code, 1, `${name}: ${c.stderr}`);
      assert.match(c.stderr, /^maillog-forensics: [^\n]*\n$/, `${name}: one line`);
      assert.match(c.stderr, new RegExp(`${file.replace(/[.]/g, '\\.')}: ${format} data is (?:truncated|corrupt)`), name);
      assert.doesNotMatch(c.stderr, /stray bytes|at .*\.js:\d+/, name);
    }
  });
}

test('--lang ja: a tail over 64 KiB after the data, and data cut short, are one Japanese line (exit 1); --allow-partial a Japanese warning', { skip: absent('xz'), timeout: 4 * TIMEOUT }, async () => {
  const dir = tmp();
  // The sample's first 3,000 lines: three runs of the CLI in a few seconds.
  const plain = Buffer.from(readFileSync(SAMPLE, 'latin1').split('\n').slice(0, 3000).join('\n') + '\n', 'latin1');
  const packed = compress('xz', plain);
  const long = join(dir, 'maillog-20261128.xz');
  writeFileSync(long, Buffer.concat([packed, stray(MAX_STRAY_BYTES + 1)]));
  const out = join(dir, 'out');
  mkdirSync(out);
  const r = cli(['analyze', long, '--year', '2026', '-q', '-j', '1', '--lang', 'ja', '-f', 'json', '--out', out]);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, `maillog-forensics: ${long} の xz データの後ろに、xz のデータではないバイトが 65,537 バイトあります。`
    + '読み飛ばす余分なバイトの上限（64 KiB）を超えているため、ファイルが壊れているか、後ろに別のものが付け足されています'
    + '（--allow-partial を付けると、読み込めた部分をレポートします）\n');
  // --allow-partial: the report only, analyzed in this process.
  const rep = await report([long], { year: 2026, lang: 'ja', allowPartial: true });
  assert.equal(rep.lines.total, plain.toString('latin1').split('\n').filter((l) => l !== '').length);
  assert.ok(rep.warnings.includes(`読み込み中にエラーが発生しました（「${long} の xz データの後ろに、xz のデータではないバイトが 65,537 バイトあります。`
    + '読み飛ばす余分なバイトの上限（64 KiB）を超えているため、ファイルが壊れているか、後ろに別のものが付け足されています」）。'
    + 'レポートには、エラーの手前までに読み込めた部分だけが含まれています。'), JSON.stringify(rep.warnings));

  // Cut short: the program's words quoted as they are, the rest Japanese; a .gz cut short so too.
  const cut = join(dir, 'maillog-20261127.xz');
  writeFileSync(cut, packed.subarray(0, Math.floor(packed.length * 0.6)));
  const c = cli(['analyze', cut, '--year', '2026', '-q', '-j', '1', '--lang', 'ja', '-f', 'json', '--out', out]);
  assert.equal(c.code, 1, c.stderr);
  assert.match(c.stderr, new RegExp(`^maillog-forensics: ${cut.replace(/[.]/g, '\\.')} の xz データは途中で切れています。ログの [\\d,]+ バイト目で終わっています`
    + '（xz：「Unexpected end of input」）（--allow-partial を付けると、読み込めた部分をレポートします）\n$'));
  const gz = join(dir, 'maillog-20261126.gz');
  writeFileSync(gz, gzipSync(plain).subarray(0, 20_000));
  const g = cli(['analyze', gz, '--year', '2026', '-q', '-j', '1', '--lang', 'ja', '-f', 'json', '--out', out]);
  assert.equal(g.code, 1, g.stderr);
  assert.match(g.stderr, new RegExp(`^maillog-forensics: ${gz.replace(/[.]/g, '\\.')} の gzip データは、圧縮データ [\\d,]+ バイトの後で途中で切れています`
    + '（--allow-partial を付けると、読み込めた部分をレポートします）\n$'));
});

/** The bit offset of bzip2's end-of-stream marker, found by brute force over the last 12 bytes (not the module's way). */
function eosShift(b: Buffer): number {
  const tail = BigInt(`0x${b.subarray(b.length - 12).toString('hex')}`);
  // The marker, then 32 bits of CRC, then 0-7 bits of padding to the end: the marker starts 80 + pad bits from the end.
  for (let pad = 0; pad < 8; pad++) {
    if (((tail >> BigInt(32 + pad)) & 0xffffffffffffn) === 0x177245385090n) return (96 - 80 - pad) % 8;
  }
  return -1;
}

test('bzip2: the end-of-stream marker is found at every bit offset, not only on a byte', { skip: absent('bzip2') }, () => {
  const shifts = new Set<number>();
  for (let k = 1; k <= 60 && shifts.size < 8; k++) {
    const data = compress('bzip2', Buffer.from(`${'Nov 28 22:16:04 mail postfix/smtpd[123]: connect from x[192.0.2.1]\n'.repeat(k)}${'x'.repeat(k)}\n`, 'latin1'));
    const shift = eosShift(data);
    assert.ok(shift >= 0, `the marker of stream ${k}`);
    shifts.add(shift);
    for (const [what, file] of [['clean', data], ['stray', Buffer.concat([data, stray(300)])], ['zeros', Buffer.concat([data, Buffer.alloc(7)])],
      ['two', Buffer.concat([data, data])]] as const) {
      const end = findDataEnd(readerOf(file), file.length, 'bzip2');
      assert.equal(end?.end, what === 'two' ? 2 * data.length : data.length, `${what}, marker at bit offset ${shift}`);
    }
  }
  assert.ok([...shifts].some((s) => s !== 0), `unaligned markers seen: ${[...shifts].join(', ')}`);
});

test('xz: a footer after Stream Padding and a zstd skippable frame belong to the data; a flipped footer CRC is no end', { skip: absent('xz') || absent('zstd') }, () => {
  const x = compress('xz', Buffer.from('Nov 28 22:16:04 mail postfix/qmgr[9]: ABC: removed\n'));
  // Two streams with four bytes of Stream Padding between them (the .xz format 2.2) are one file's data.
  const padded = Buffer.concat([x, Buffer.alloc(4), x]);
  assert.deepEqual(findDataEnd(readerOf(padded), padded.length, 'xz'), { end: padded.length, stray: 0, tail: 'none' });
  const bad = Buffer.from(x);
  bad[bad.length - 12] ^= 1; // the footer's CRC32
  assert.equal(findDataEnd(readerOf(bad), bad.length, 'xz'), null);
  const zs = compress('zstd', Buffer.from('Nov 28 22:16:04 mail postfix/qmgr[9]: ABC: removed\n'));
  const skippable = Buffer.from([0x50, 0x2a, 0x4d, 0x18, 4, 0, 0, 0, 1, 2, 3, 4]);
  const withSkip = Buffer.concat([zs, skippable, Buffer.from('junk')]);
  assert.deepEqual(findDataEnd(readerOf(withSkip), withSkip.length, 'zstd'), { end: zs.length + skippable.length, stray: 4, tail: 'stray' });
});

const EIO = (): Error => Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO', errno: -5, syscall: 'read' });

test('a read failing part-way: one line naming the file and the compressed bytes read, in English and Japanese', () => {
  const f = readFailureOf(EIO(), '/mnt/rescue/maillog-20261128.xz', 1_048_576);
  assert.ok(f instanceof CompressedReadFailure);
  assert.equal(f.message, '/mnt/rescue/maillog-20261128.xz: reading it failed after 1,048,576 compressed bytes: input/output error (a failing disk or a lost device?)');
  assert.equal(readFailureLine(f.failure), f.message);
  assert.equal(messagesFor('en').warnings.compressedReadFailed(f.failure), f.message);
  assert.equal(messagesFor('ja').warnings.compressedReadFailed(f.failure),
    '/mnt/rescue/maillog-20261128.xz の読み込みが、圧縮データ 1,048,576 バイトの後で失敗しました：入出力エラー（ディスクの故障か、デバイスが外れたのでは？）');
  // A decompressor's error is no read failure.
  assert.equal(readFailureOf(Object.assign(new Error('incorrect header check'), { code: 'Z_DATA_ERROR' }), 'x.gz', 10), null);
  assert.equal(readFailureOf(new Error('xz data is truncated'), 'x.xz', 10), null);
});

for (const format of FORMATS) {
  test(`${format}: an EIO from the reader after 64 KiB reaches the caller as that read's failure, not as '${format} data is truncated'`, { skip: absent(format) }, async () => {
    const packed = packedSample(format);
    async function* failing(): AsyncGenerator<Buffer> {
      yield packed.subarray(0, 32 * 1024);
      yield packed.subarray(32 * 1024, 64 * 1024);
      throw EIO();
    }
    let counted = 0;
    let logBytes = 0;
    const read = readingCompressed(failing(), 'maillog.2', (n) => { counted += n; });
    await assert.rejects(async () => {
      for await (const chunk of decompressWith(format, read, () => undefined)) logBytes += chunk.length;
    }, (err: unknown) => {
      assert.ok(err instanceof CompressedReadFailure, String(err));
      assert.equal(err.message, 'maillog.2: reading it failed after 65,536 compressed bytes: input/output error (a failing disk or a lost device?)');
      return true;
    });
    assert.equal(counted, 64 * 1024);
    // What the program made of the bytes before the failure was given first (bzip2's first block is 900 kB of log: none).
    if (format !== 'bzip2') assert.ok(logBytes > 0, 'lines before the failure were given');
  });
}

test('a scan task whose read of a compressed input fails: the error names the read, with the failure for run.ts to word', async () => {
  const dir = tmp();
  // A directory opens but fails every read (EISDIR): the read path of a real failing read, which EIO cannot be made to take here.
  const input = (kind: InputFile['kind']): InputFile => ({
    index: 0, path: dir, kind, bytes: 4096, mtimeMs: 0, years: newYearRule(2026, 11, true), firstAt: NaN, host: '',
  });
  for (const kind of ['gz', ...(absent('xz') ? [] : ['xz' as const])] as const) {
    const r = await runTask({ seq: 0, input: input(kind), start: 0, end: 4096, logStart: true, piece: 0 }, () => undefined);
    assert.equal(r.error, `${dir}: reading it failed after 0 compressed bytes: is a directory`, kind);
    assert.deepEqual(r.readFailure, { path: dir, bytes: 0, code: 'EISDIR', why: 'is a directory' }, kind);
    assert.equal(messagesFor('ja').warnings.compressedReadFailed(r.readFailure!), `${dir} の読み込みが、圧縮データ 0 バイトの後で失敗しました：読み込みエラー（EISDIR）`);
  }
});
