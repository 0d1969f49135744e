// A regular .gz file is read and inflated on the scanning thread into two buffers it reuses (split/gunzip-file.ts
// inflateInPlace), not through Node's Gunzip stream, which hands every 256 KiB of output in a new Buffer: on four .gz
// rotations those buffers, waiting for a collection and then kept by the allocator, were 50–60 MiB of the peak.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipFile, gunzipRegularFile } from '../src/split/gunzip-file.js';
import type { GunzipNotes } from '../src/split/gunzip-file.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'mf-gzinplace-'));

/** `n` syslog lines that compress about 20 to 1: one 256 KiB read inflates to many output buffers. */
function lines(first: number, n: number): string {
  const out: string[] = [];
  for (let i = first; i < first + n; i++) {
    out.push(`Nov 28 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} mail postfix/smtpd[${1000 + (i % 7)}]: connect from unknown[192.0.2.${i % 250}]`);
  }
  return out.join('\n') + '\n';
}

interface Read { bytes: Buffer; arrayBuffers: Set<ArrayBufferLike>; chunks: number; progress: number; error: (Error & { code?: string }) | null; notes: GunzipNotes }

async function readAll(path: string): Promise<Read> {
  const notes: GunzipNotes = { trailingBytes: 0 };
  const copies: Buffer[] = [];
  const arrayBuffers = new Set<ArrayBufferLike>();
  let progress = 0;
  let error: (Error & { code?: string }) | null = null;
  try {
    for await (const chunk of gunzipRegularFile(path, notes, (n) => { progress += n; })) {
      arrayBuffers.add(chunk.buffer);
      copies.push(Buffer.from(chunk)); // the chunk is overwritten by the next one
    }
  } catch (e) {
    error = e as Error & { code?: string };
  }
  return { bytes: Buffer.concat(copies), arrayBuffers, chunks: copies.length, progress, error, notes };
}

test('a .gz of several members is inflated in place: the same bytes as gunzip, every chunk a view of one buffer', async () => {
  const dir = tmp();
  const text = lines(0, 40_000) + lines(40_000, 20_000); // ~5.6 MB
  const f = join(dir, 'maillog.2.gz');
  const file = Buffer.concat([gzipSync(Buffer.from(lines(0, 40_000))), gzipSync(Buffer.from(lines(40_000, 20_000)))]);
  writeFileSync(f, file);
  const r = await readAll(f);
  assert.equal(r.error, null);
  assert.ok(r.bytes.equals(Buffer.from(text)), 'both members, byte for byte');
  assert.ok(r.bytes.equals(gunzipSync(file)));
  assert.ok(r.chunks >= 10, `many output chunks (${r.chunks})`);
  assert.equal(r.arrayBuffers.size, 1, 'no new buffer per chunk: one output buffer, reused');
  assert.equal(r.progress, file.length, 'progress counts the compressed bytes read');
});

test('a .gz cut short gives what it held, then the error the stream gives ("unexpected end of file")', async () => {
  const dir = tmp();
  const text = Buffer.from(lines(0, 30_000));
  const whole = gzipSync(text);
  const f = join(dir, 'cut.gz');
  writeFileSync(f, whole.subarray(0, Math.floor(whole.length * 0.6)));
  const r = await readAll(f);
  assert.ok(r.error !== null);
  assert.equal(r.error.code, 'Z_BUF_ERROR');
  assert.equal(r.error.message, 'unexpected end of file');
  assert.ok(r.bytes.length > text.length * 0.4 && r.bytes.length < text.length, `most of it (${r.bytes.length} of ${text.length})`);
  assert.ok(text.subarray(0, r.bytes.length).equals(r.bytes), 'a prefix of the log, nothing invented');
});

test('a .gz damaged inside fails as corrupt; garbage after the last member is walked past, as gzip does', async () => {
  const dir = tmp();
  const whole = gzipSync(Buffer.from(lines(0, 30_000)));
  whole[Math.floor(whole.length / 2)] ^= 0xff;
  const broken = join(dir, 'broken.gz');
  writeFileSync(broken, whole);
  const r = await readAll(broken);
  assert.equal(r.error?.code, 'Z_DATA_ERROR');
  const text = Buffer.from(lines(0, 30_000));
  const trailing = join(dir, 'trailing.gz');
  writeFileSync(trailing, Buffer.concat([gzipSync(text), Buffer.from('garbage\n')]));
  const t = await readAll(trailing);
  assert.equal(t.error, null);
  assert.ok(t.bytes.equals(text), 'every byte once: the walk gives only what the fast path had not');
  assert.equal(t.notes.trailingBytes, 8);
});

test('random .gz files, whole, cut short, damaged or with bytes after them: the same bytes and the same error as the stream', async () => {
  // A fixed sequence (a linear congruential generator), so a failure names a case that comes back.
  let seed = 12345;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const collect = async (it: AsyncIterable<Buffer>): Promise<{ bytes: Buffer; error: string | null }> => {
    const out: Buffer[] = [];
    let error: string | null = null;
    try {
      for await (const c of it) out.push(Buffer.from(c));
    } catch (e) {
      error = (e as { code?: string }).code ?? (e as Error).message;
    }
    return { bytes: Buffer.concat(out), error };
  };
  const dir = tmp();
  let damaged = 0;
  for (let i = 0; i < 120; i++) {
    const members: Buffer[] = [];
    for (let m = 1 + Math.floor(rnd() * 3); m > 0; m--) members.push(gzipSync(Buffer.from(lines(Math.floor(rnd() * 1000), Math.floor(rnd() * 12_000))), { level: 1 + Math.floor(rnd() * 9) }));
    let file = Buffer.concat(members);
    const mode = rnd();
    if (mode < 0.2) file = file.subarray(0, Math.floor(rnd() * file.length));
    else if (mode < 0.4 && file.length > 20) { file = Buffer.from(file); file[10 + Math.floor(rnd() * (file.length - 10))]! ^= 1 << Math.floor(rnd() * 8); }
    else if (mode < 0.5) file = Buffer.concat([file, Buffer.from('garbage' + 'z'.repeat(Math.floor(rnd() * 100)))]);
    else if (mode < 0.55) file = Buffer.concat([file, Buffer.alloc(Math.floor(rnd() * 2000))]);
    const f = join(dir, `r${i}.gz`);
    writeFileSync(f, file);
    const stream = await collect(gunzipFile(f, createReadStream(f), { trailingBytes: 0 }));
    const inPlace = await collect(gunzipRegularFile(f, { trailingBytes: 0 }, () => undefined));
    assert.equal(inPlace.error, stream.error, `case ${i}: the same error`);
    // A failing zlib call gives no output: past damage, each reader stops where its own calls fell (gunzip-file.ts SLICE).
    if (stream.error === null) assert.ok(inPlace.bytes.equals(stream.bytes), `case ${i}: the same bytes`);
    else damaged++;
  }
  assert.ok(damaged >= 20 && damaged <= 100, `${damaged} of 120 cases failed as damaged or cut short`);
});
