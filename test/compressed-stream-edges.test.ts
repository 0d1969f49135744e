// The edges of .gz, .xz, .bz2 and .zst data read from standard input and FIFOs (split/gunzip-stream.ts,
// split/stream-data-end.ts), as a file's (compressed-edges.test.ts, gzip-trailing.test.ts): zero padding after the
// data read past silently, a short stray tail with a warning, a tail over 64 KiB an error (with --allow-partial every
// line and a warning), data cut short or damaged still an error, also with stray bytes after it. Before, Node's
// Gunzip, `xz -dc` and `zstd -dc` were given those bytes and failed on them ("incorrect header check", "Compressed
// data is corrupt", "unsupported format"), and bzip2 read past them without a word, however many. A format's tests
// skip when its program is not installed. The sample log and its plain report are made once for the file; through a
// FIFO, the runs that check only the report are analyzed in this process (analyzeFifo), the others run the CLI.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CLI, ROOT, report } from './helpers.js';
import type { Report } from '../src/report/model.js';
import { RunError } from '../src/errors.js';
import { programPath } from '../src/split/decompress-program.js';
import type { ProgramFormat } from '../src/split/decompress-program.js';
import { MAX_STRAY_BYTES, findDataEnd } from '../src/split/compressed-data-end.js';
import type { ReadAt } from '../src/split/compressed-data-end.js';
import { streamDataEnd } from '../src/split/stream-data-end.js';
import { gunzipStream } from '../src/split/gunzip-stream.js';

const FORMATS: ProgramFormat[] = ['xz', 'bzip2', 'zstd'];
const TIMEOUT = 60_000;
const hasFifo = spawnSync('sh', ['-c', 'command -v mkfifo']).status === 0;

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'mlf-stream-edges-'));
}

function absent(format: ProgramFormat): string | false {
  return programPath(format) === null ? `${format} is not installed (apt-get install xz-utils bzip2 zstd): its stream tests skip` : false;
}

function compressWith(format: ProgramFormat, data: Buffer): Buffer {
  const r = spawnSync(format, ['-c'], { input: data, maxBuffer: 1 << 30 });
  assert.equal(r.status, 0, String(r.stderr));
  return r.stdout;
}

/** Bytes that are neither zeros nor any stream's magic (as compressed-edges.test.ts's). */
function stray(n: number): Buffer {
  const text = Buffer.from('Dec  1 03:14:07 mail kernel: I/O error, dev sdb, sector 8812 op 0x0:(READ)\n', 'latin1');
  return Buffer.concat(Array.from({ length: Math.ceil(n / text.length) }, () => text)).subarray(0, n);
}

const readerOf = (b: Buffer): ReadAt => (buf, pos) => (pos >= b.length ? 0 : b.copy(buf, 0, pos, Math.min(b.length, pos + buf.length)));

/** A third of the sample: enough lines for every finding's count, small enough for a dozen runs of the CLI. */
function sampleLog(dir: string): string {
  const lines = readFileSync(join(ROOT, 'samples', 'incident.log'), 'latin1').split('\n');
  const path = join(dir, 'maillog');
  writeFileSync(path, lines.slice(0, Math.floor(lines.length / 3)).join('\n') + '\n', 'latin1');
  return path;
}

for (const format of FORMATS) {
  test(`${format}: the stream's data end, found chunk by chunk, is the file's; the program is given the data only (bzip2: every byte)`, { skip: absent(format) }, () => {
    const plain = readFileSync(join(ROOT, 'samples', 'incident.log')).subarray(0, 300_000);
    const packed = compressWith(format, plain);
    const small = compressWith(format, plain.subarray(0, 1000));
    const cases: Record<string, Buffer> = {
      clean: packed,
      zeros: Buffer.concat([packed, Buffer.alloc(1001)]),
      'one stray byte': Buffer.concat([packed, stray(1)]),
      'stray then zeros': Buffer.concat([packed, stray(18), Buffer.alloc(512)]),
      'zeros then stray': Buffer.concat([packed, Buffer.alloc(8), stray(30)]),
      '64 KiB stray': Buffer.concat([packed, stray(MAX_STRAY_BYTES)]),
      'too long': Buffer.concat([packed, stray(MAX_STRAY_BYTES + 1)]),
      cut: packed.subarray(0, packed.length - 100),
      'two streams and a tail': Buffer.concat([small, packed, stray(100)]),
      'a second stream cut': Buffer.concat([packed, packed.subarray(0, 5000)]),
      'a magic inside the tail': Buffer.concat([packed, stray(10), small.subarray(0, 8), stray(10)]),
      'zeros then a stream': Buffer.concat([packed, Buffer.alloc(70_000), small]),
      'part of a magic': Buffer.concat([packed, small.subarray(0, 3)]),
    };
    for (const [name, bytes] of Object.entries(cases)) {
      const want = findDataEnd(readerOf(bytes), bytes.length, format);
      for (const size of [3, 7, 12, 4096, 65_536, 1 << 20]) {
        const ends = streamDataEnd(format);
        const given: Buffer[] = [];
        for (let i = 0; i < bytes.length; i += size) given.push(ends.push(bytes.subarray(i, i + size)));
        const held = ends.finish();
        if (held !== null) given.push(held);
        const all = Buffer.concat(given);
        assert.deepEqual(ends.result(), want, `${name}, chunks of ${size}`);
        if (format === 'bzip2') assert.ok(all.equals(bytes), `${name}, chunks of ${size}: bzip2 is given every byte`);
        else if (want !== null) assert.ok(all.equals(bytes.subarray(0, want.end)), `${name}, chunks of ${size}: the data only`);
        // No end: the program is given the bytes as they are (the tail's first bytes when it may be a stream), to say what is wrong.
        else assert.ok(all.length > 0 && bytes.subarray(0, all.length).equals(all), `${name}, chunks of ${size}: the bytes as they are`);
      }
    }
  });
}

test('gzip: a stream read member by member, chunk by chunk, gives every byte; stray bytes counted, damage thrown as zlib throws it', async () => {
  const plain = readFileSync(join(ROOT, 'samples', 'incident.log')).subarray(0, 200_000);
  // Two members, the second with a file name and a comment in its header (FNAME, FCOMMENT: flags 0x18).
  const first = gzipSync(plain.subarray(0, 1000));
  const second = gzipSync(plain.subarray(1000));
  const named = Buffer.concat([second.subarray(0, 3), Buffer.from([0x18]), second.subarray(4, 10), Buffer.from('maillog\0rotated\0'), second.subarray(10)]);
  const members = Buffer.concat([first, named]);
  const cases: Array<[string, Buffer, number | string]> = [
    ['clean', members, 0],
    ['zeros', Buffer.concat([members, Buffer.alloc(1001)]), 0],
    ['zeros then stray', Buffer.concat([members, Buffer.alloc(8), stray(30)]), 0],
    ['one stray byte', Buffer.concat([members, stray(1)]), 1],
    ['64 KiB stray', Buffer.concat([members, stray(MAX_STRAY_BYTES)]), MAX_STRAY_BYTES],
    ['too long', Buffer.concat([members, stray(MAX_STRAY_BYTES + 1)]), 'incorrect header check'],
    ['gzip magic in the tail', Buffer.concat([members, stray(10), first.subarray(0, 3), stray(10)]), 'incorrect header check'],
    ['cut in the data', members.subarray(0, members.length - 100), 'unexpected end of file'],
    ['cut in the trailer', members.subarray(0, members.length - 3), 'unexpected end of file'],
    ['cut in a header', Buffer.concat([members, named.subarray(0, 14)]), 'unexpected end of file'],
    ['length check', Buffer.concat([members.subarray(0, members.length - 1), Buffer.from([members.at(-1)! ^ 1])]), 'incorrect length check'],
  ];
  for (const [name, bytes, want] of cases) {
    for (const size of [1, 7, 4096, 1 << 20]) {
      async function* chunks(): AsyncGenerator<Buffer> {
        for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
      }
      const notes = { trailingBytes: 0 };
      const out: Buffer[] = [];
      let thrown = '';
      try {
        for await (const piece of gunzipStream(chunks(), notes)) out.push(piece);
      } catch (err) {
        thrown = (err as Error).message;
      }
      const what = `${name}, chunks of ${size}`;
      if (typeof want === 'number') {
        assert.equal(thrown, '', what);
        assert.ok(Buffer.concat(out).equals(plain), what);
        assert.equal(notes.trailingBytes, want, what);
      } else {
        assert.equal(thrown, want, what);
        // What came before the damage was given (both members whole when what follows them is at fault).
        const got = Buffer.concat(out);
        assert.ok(plain.subarray(0, got.length).equals(got), what);
        if (name === 'too long' || name === 'gzip magic in the tail' || name === 'cut in a header') assert.equal(got.length, plain.length, what);
      }
    }
  }
});

interface Res { input: string; code: number | null; error: string; report: { lines: { total: number }; warnings: string[] } | null }

/**
 * The CLI on `bytes` through standard input, or through a FIFO written by another process. A failed run's stderr is
 * checked to be the one line `maillog-forensics: MESSAGE`; `error` is the MESSAGE.
 */
function run(how: 'stdin' | 'fifo', dir: string, bytes: Buffer, args: string[]): Res {
  const out = mkdtempSync(join(dir, 'out-'));
  const common = ['analyze', how === 'stdin' ? '-' : join(out, 'fifo'), '--year', '2026', '-q', '-j', '1', '-f', 'json', '--out', out, ...args];
  let r;
  if (how === 'stdin') {
    r = spawnSync(process.execPath, [CLI, ...common], { input: bytes, encoding: 'utf8', timeout: TIMEOUT, killSignal: 'SIGKILL' });
  } else {
    const data = join(out, 'data');
    writeFileSync(data, bytes);
    r = spawnSync('sh', ['-c', 'mkfifo "$1" && { cat "$2" > "$1" & } && shift 2 && exec "$@"', 'sh', common[1]!, data, process.execPath, CLI, ...common], {
      encoding: 'utf8', timeout: TIMEOUT, killSignal: 'SIGKILL',
    });
  }
  let rep = null;
  try {
    rep = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  } catch {
    // no report: the run failed
  }
  let error = '';
  if (r.status !== 0) {
    const line = /^maillog-forensics: ([^\n]*)\n$/.exec(r.stderr);
    assert.ok(line !== null, `one line on stderr: ${JSON.stringify(r.stderr)}`);
    error = line[1]!;
  }
  return { input: common[1]!, code: r.status, error, report: rep };
}

/**
 * As `run('fifo', …)` without the CLI's process (the same analysis, -j 1, json): a FIFO in this process, written by
 * `cat`. For the runs whose subject is the FIFO's bytes, not the CLI wrapper (the real CLI reads FIFOs in each test's
 * other runs); `error` is the message analyze threw, what the CLI writes after `maillog-forensics: `.
 */
async function analyzeFifo(dir: string, bytes: Buffer, args: string[]): Promise<Res> {
  const out = mkdtempSync(join(dir, 'out-'));
  const fifo = join(out, 'fifo');
  const data = join(out, 'data');
  writeFileSync(data, bytes);
  const made = spawnSync('mkfifo', [fifo]);
  assert.equal(made.status, 0, String(made.stderr));
  const writer = spawn('sh', ['-c', 'exec cat "$1" > "$2"', 'sh', data, fifo], { stdio: 'ignore' });
  try {
    const rep = await report([fifo], { year: 2026, allowPartial: args.includes('--allow-partial') });
    return { input: fifo, code: 0, error: '', report: rep };
  } catch (err) {
    assert.ok(err instanceof RunError, String(err));
    return { input: fifo, code: 1, error: err.message, report: null };
  } finally {
    writer.kill('SIGKILL');
  }
}

/** What a report says of the log: its lines, totals and findings. */
function substance(r: unknown): unknown {
  const x = r as { lines: unknown; totals: unknown; findings: Array<{ rule: string; severity: string; title: string }> };
  return { lines: x.lines, totals: x.totals, findings: x.findings.map((f) => [f.rule, f.severity, f.title]) };
}

/** The sample log, written once, and its report read as a plain file (shared by every test below: they only read it). */
let sampleOnce: Promise<{ dir: string; log: Buffer; plain: Report }> | undefined;
function sample(): Promise<{ dir: string; log: Buffer; plain: Report }> {
  sampleOnce ??= (async () => {
    const dir = tmp();
    const path = sampleLog(dir);
    return { dir, log: readFileSync(path), plain: await report([path], { year: 2026 }) };
  })();
  return sampleOnce;
}

/** The sample compressed with each format, once. */
const packedOnce = new Map<string, Buffer>();
function packedSample(format: 'gzip' | ProgramFormat, log: Buffer): Buffer {
  let p = packedOnce.get(format);
  if (p === undefined) packedOnce.set(format, p = format === 'gzip' ? gzipSync(log) : compressWith(format, log));
  return p;
}

// gzip too (split/gunzip-stream.ts): before, a stray tail after its last member failed as corrupt, its last lines lost.
for (const format of ['gzip', ...FORMATS] as const) {
  for (const how of ['stdin', 'fifo'] as const) {
    const skip = (format !== 'gzip' && absent(format)) || (how === 'fifo' && !hasFifo ? 'mkfifo is not available' : false);
    /** The runs that need not be the CLI's: through stdin there is no other way; a FIFO is read in this process. */
    const runOrAnalyze = (dir: string, bytes: Buffer, args: string[]): Promise<Res> =>
      (how === 'stdin' ? Promise.resolve(run(how, dir, bytes, args)) : analyzeFifo(dir, bytes, args));
    test(`${format} through ${how === 'stdin' ? 'standard input' : 'a FIFO'}: zeros after the data silent, a short stray tail a warning, every line kept`, { skip, timeout: 4 * TIMEOUT }, async () => {
      const { dir, log, plain } = await sample();
      const packed = packedSample(format, log);
      const zeros = await runOrAnalyze(dir, Buffer.concat([packed, Buffer.alloc(10_001)]), []);
      assert.equal(zeros.code, 0, zeros.error);
      assert.deepEqual(substance(zeros.report), substance(plain));
      assert.deepEqual(zeros.report!.warnings, plain.warnings);
      const tail = run(how, dir, Buffer.concat([packed, stray(18)]), []);
      assert.equal(tail.code, 0, tail.error);
      assert.deepEqual(substance(tail.report), substance(plain));
      assert.deepEqual(tail.report!.warnings.filter((w) => !plain.warnings.includes(w)), [`${tail.input}: 18 bytes after the end of its ${format} data were ignored`
        + (format === 'gzip' ? ', as gzip ignores them ("trailing garbage ignored")' : ` (no ${format} data: a stray tail, such as a copy off a failing disk may end in)`)
        + ': every line of the compressed log was read.']);
    });

    test(`${format} through ${how === 'stdin' ? 'standard input' : 'a FIFO'}: a tail over 64 KiB is an error; --allow-partial keeps every line`, { skip, timeout: 4 * TIMEOUT }, async () => {
      const { dir, log, plain } = await sample();
      const packed = packedSample(format, log);
      const longTail = Buffer.concat([packed, stray(MAX_STRAY_BYTES + 1)]);
      const long = run(how, dir, longTail, []);
      assert.equal(long.code, 1, long.error);
      // gzip says so as for a file: the stray tail may be a damaged member (gunzip-file.ts).
      assert.match(long.error, new RegExp(`^\\S+: ${format === 'gzip' ? 'gzip data is corrupt after \\d+ compressed bytes'
        : `65,537 bytes after the end of its ${format} data that are not ${format} data, more than the 64 KiB of stray bytes read past: `
          + 'the file is damaged or something else was appended to it'} \\(use --allow-partial to report what was read\\)$`));
      const partial = await runOrAnalyze(dir, longTail, ['--allow-partial']);
      assert.equal(partial.code, 0, partial.error);
      assert.deepEqual(substance(partial.report), substance(plain));
      assert.ok(partial.report!.warnings.some((w) => w.includes(format === 'gzip' ? 'gzip data is corrupt' : '65,537 bytes after the end of its')), JSON.stringify(partial.report!.warnings));
    });

    test(`${format} through ${how === 'stdin' ? 'standard input' : 'a FIFO'}: data cut short or damaged, a stray tail after it or not, is the decompressor's error; --allow-partial keeps the lines before`, { skip, timeout: 4 * TIMEOUT }, async () => {
      const { dir, log, plain } = await sample();
      const packed = packedSample(format, log);
      // Cut short, and damaged in the middle, each with a stray tail after it: the program's error, not a warning.
      const damaged = Buffer.from(packed);
      damaged[Math.floor(damaged.length / 2)] ^= 0x55;
      for (const [what, bytes] of [['cut', packed.subarray(0, Math.floor(packed.length * 0.6))], ['damaged', damaged]] as const) {
        const r = await runOrAnalyze(dir, Buffer.concat([bytes, stray(18)]), []);
        assert.equal(r.code, 1, `${what}: ${r.error}`);
        assert.match(r.error, new RegExp(`^\\S+: ${format} data is (?:truncated|corrupt)[^\\n]*$`), what);
        const p = await runOrAnalyze(dir, Buffer.concat([bytes, stray(18)]), ['--allow-partial']);
        assert.equal(p.code, 0, `${what}: ${p.error}`);
        assert.ok(p.report!.warnings.some((w) => w.includes(`${format} data is`)), `${what}: ${JSON.stringify(p.report!.warnings)}`);
        assert.ok(!p.report!.warnings.some((w) => w.includes('after the end of its')), `${what}: no stray-tail warning`);
        if (what === 'cut') assert.ok(p.report!.lines.total < plain.lines.total, `${what}: ${p.report!.lines.total} of ${plain.lines.total} lines`);
        // The lines before the cut (under the 1 MiB looked at first: split/peek.ts gives them before the failure);
        // bzip2 writes nothing of a block cut short, and this log is one block.
        if (what === 'cut' && format !== 'bzip2') assert.ok(p.report!.lines.total > 0, `${what}: the lines before the cut`);
      }
    });
  }
}
