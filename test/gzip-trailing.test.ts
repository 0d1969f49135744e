// A .gz with bytes after its last member is read whole, as gzip reads it ("decompression OK, trailing garbage
// ignored"), with a warning; a member broken inside is still an error (split/gunzip-file.ts; review 8, L4).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from './helpers.js';
import { memberData } from '../src/split/gunzip-file.js';
import { linesInside } from '../src/split/lines-inside.js';
import type { InputFile } from '../src/split/inputs.js';
import { newYearRule } from '../src/parse/header.js';

/** 6,000 distinct connect lines, about 430 KB: more than one 256 KiB output chunk of the decompressor. */
function logText(first = 0, n = 6000): string {
  const out: string[] = [];
  for (let i = first; i < first + n; i++) {
    const s = i % 60, m = Math.floor(i / 60) % 60, h = 10 + Math.floor(i / 3600);
    const t = `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
    out.push(`Nov 28 ${t} mail postfix/smtpd[${1000 + i}]: connect from unknown[192.0.2.${i % 250}]`);
  }
  return out.join('\n') + '\n';
}

/** A member with FEXTRA, FNAME and FCOMMENT set, as some archivers write it (RFC 1952 §2.3). */
const FIELDS = Buffer.concat([Buffer.from([4, 0, 0x41, 0x42, 0, 0]), Buffer.from('maillog-20261128\0comment\0', 'latin1')]);
function memberWithFields(text: string): Buffer {
  const plain = gzipSync(Buffer.from(text, 'latin1'));
  return Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 4 | 8 | 16, 0, 0, 0, 0, 0, 3]), FIELDS, plain.subarray(10)]);
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'mf-gztrail-'));

test('memberData finds the deflate data after every optional header field, and refuses what is no member', () => {
  assert.equal(memberData(gzipSync(Buffer.from('x'))), 10);
  const m = memberWithFields('x\n');
  assert.equal(memberData(m), 10 + FIELDS.length);
  assert.equal(memberData(Buffer.from('garbage after the member')), -1);
  assert.equal(memberData(Buffer.from([0x1f, 0x8b, 7, 0, 0, 0, 0, 0, 0, 3])), -1, 'not deflate');
  assert.equal(memberData(Buffer.from([0x1f, 0x8b, 8])), -1, 'cut short');
});

test('a .gz with bytes after its member is read whole, with a warning, by one job and by two', async () => {
  const dir = tmp();
  const text = logText();
  const f = join(dir, 'maillog-1.gz');
  writeFileSync(f, Buffer.concat([gzipSync(Buffer.from(text)), Buffer.from('garbage\n')]));
  // Beside a second file, so that two jobs give each its own thread.
  const g = join(dir, 'maillog.gz');
  writeFileSync(g, gzipSync(Buffer.from(logText(6000, 100))));
  for (const jobs of [1, 2]) {
    const r = await report([f, g], { jobs });
    assert.equal(r.lines.total, 6100, `every line of both files (${jobs} jobs); before, the last 2,000 or so were lost`);
    assert.equal(r.totals.connections, 6100);
    assert.deepEqual(r.warnings.filter((w) => /after the end of its gzip data/.test(w)),
      [`${f}: 8 bytes after the end of its gzip data were ignored, as gzip ignores them ("trailing garbage ignored"): every line of the compressed log was read.`]);
  }
});

test('two members and optional header fields, then garbage: both members are read', async () => {
  const dir = tmp();
  const f = join(dir, 'two.gz');
  writeFileSync(f, Buffer.concat([gzipSync(Buffer.from(logText(0, 3000))), memberWithFields(logText(3000, 3000)), Buffer.from([0x1f, 0x8b, 0x99, 1, 2])]));
  const r = await report([f]);
  assert.equal(r.lines.total, 6000);
  assert.match(r.warnings.join('\n'), /two\.gz: 5 bytes after the end of its gzip data were ignored/);
});

test('zero padding after the member is no garbage; a member broken inside is still an error', async () => {
  const dir = tmp();
  const padded = join(dir, 'padded.gz');
  writeFileSync(padded, Buffer.concat([gzipSync(Buffer.from(logText(0, 100))), Buffer.alloc(512)]));
  const r = await report([padded]);
  assert.equal(r.lines.total, 100);
  assert.deepEqual(r.warnings.filter((w) => /gzip/.test(w)), []);
  const broken = join(dir, 'broken.gz');
  const whole = gzipSync(Buffer.from(logText()));
  whole[Math.floor(whole.length / 2)] ^= 0xff;
  writeFileSync(broken, Buffer.concat([whole, Buffer.from('garbage')]));
  await assert.rejects(report([broken]), /broken\.gz: gzip data is corrupt/);
  const notGzip = join(dir, 'plain-named.gz');
  writeFileSync(notGzip, Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0xe0]), Buffer.from(logText(0, 10))]));
  await assert.rejects(report([notGzip]), /plain-named\.gz: gzip data is corrupt/);
});

test('a .gz with garbage after it is still found inside the log it repeats (read as the scan reads it)', async () => {
  const dir = tmp();
  const text = logText();
  const big = join(dir, 'mail.log');
  writeFileSync(big, text);
  const small = join(dir, 'mail.warn.gz');
  const lines = text.split('\n').filter((_, i) => i % 3 === 0 && i < 6000).join('\n') + '\n';
  const bytes = Buffer.concat([gzipSync(Buffer.from(lines)), Buffer.from('garbage')]);
  writeFileSync(small, bytes);
  const input = (path: string, kind: 'plain' | 'gz', size: number, index: number): InputFile => ({
    index, path, kind, bytes: size, mtimeMs: 0, years: newYearRule(2026, 10, true), firstAt: NaN, host: 'mail',
  });
  assert.equal(await linesInside(input(small, 'gz', bytes.length, 1), input(big, 'plain', text.length, 0)), true);
});

test('a damaged member header in a multi-member file is corruption, not trailing bytes; an empty member then garbage reads as empty', async () => {
  const dir = tmp();
  // One flipped byte at the start of the second member (pigz, bgzip and `cat a.gz b.gz` write many members): was read
  // as 916,703 "trailing bytes" and dropped, exit 0 (code review 13, M1). Here 60,000 lines, over 64 KiB compressed.
  const f = join(dir, 'two-members.gz');
  const second = gzipSync(Buffer.from(logText(1000, 60000)));
  assert.ok(second.length > 64 * 1024);
  second[0] = 0x1e;
  writeFileSync(f, Buffer.concat([gzipSync(Buffer.from(logText(0, 1000))), second]));
  await assert.rejects(report([f]), /two-members\.gz: gzip data is corrupt/);
  const partial = await report([f], { allowPartial: true });
  assert.equal(partial.lines.total, 1000, 'the whole first member, no line of it lost');
  assert.match(partial.warnings.join('\n'), /two-members\.gz: gzip data is corrupt/);
  assert.doesNotMatch(partial.warnings.join('\n'), /after the end of its gzip data/);
  // A short tail holding gzip's magic may be a member cut short: not garbage either.
  const g = join(dir, 'magic-tail.gz');
  writeFileSync(g, Buffer.concat([gzipSync(Buffer.from(logText(0, 100))), Buffer.from([0x41, 0x1f, 0x8b, 0x08, 0])]));
  await assert.rejects(report([g]), /magic-tail\.gz: gzip data is corrupt/);
  const empty = join(dir, 'empty.gz');
  writeFileSync(empty, Buffer.concat([gzipSync(Buffer.alloc(0)), Buffer.from('garbage')]));
  const r = await report([empty]);
  assert.equal(r.lines.total, 0);
  assert.match(r.warnings.join('\n'), /empty\.gz: 7 bytes after the end of its gzip data were ignored/);
});

// The twenty-seventh session's hostile-input review: a byte flipped inside the deflate data may decode on as garbage,
// and zlib finds it only at the member's end, by its CRC-32 ("incorrect data check"). The error said "corrupt after
// N compressed bytes" (the file's size), and with --allow-partial the warning that the report covered "the part read
// before the error": that part is the damaged one. The error now says so.
test('a member whose check fails at its end: the error and the --allow-partial warning say the lines read are damaged', async () => {
  const dir = tmp();
  const text = logText();
  const data = gzipSync(Buffer.from(text));
  // Find a flip zlib does not see before the end (invalid codes would stop it sooner): the check fails instead.
  let flipped: Buffer | null = null;
  for (let at = 2_000; at < data.length - 100 && flipped === null; at += 997) {
    const d = Buffer.from(data);
    d[at] ^= 0x01;
    try { gunzipSync(d); } catch (err) { if ((err as Error).message === 'incorrect data check') flipped = d; }
  }
  assert.ok(flipped !== null, 'some flip fails the check only');
  const path = join(dir, 'flipped.gz');
  writeFileSync(path, flipped);
  await assert.rejects(report([path]), (err: Error) => err.message === `${path}: gzip data is corrupt after ${flipped!.length} compressed bytes, where its gzip check `
    + 'failed: lines read before it are damaged somewhere, as its unparsed lines may show (use --allow-partial to report what was read)');
  for (const jobs of [1, 3]) {
    const r = await report([path], { allowPartial: true, jobs });
    assert.deepEqual(r.warnings.filter((w) => w.startsWith(`${path}: gzip data`)), [`${path}: gzip data is corrupt after ${flipped.length} compressed bytes, where its gzip `
      + 'check failed: lines read before it are damaged somewhere, as its unparsed lines may show: the report covers the part read before the error.']);
  }
  // Cut short, nothing is damaged: the plain truncation error, as before.
  const cut = join(dir, 'cut.gz');
  writeFileSync(cut, data.subarray(0, Math.floor(data.length / 2)));
  await assert.rejects(report([cut]), (err: Error) => err.message === `${cut}: gzip data is truncated after ${Math.floor(data.length / 2)} compressed bytes `
    + '(use --allow-partial to report what was read)');
});
