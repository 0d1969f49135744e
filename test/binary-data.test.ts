// Review AJ, AJ14: a file of random bytes got "58 NUL bytes of padding in 30 blocks … a crash or power loss left
// them": random data holds a NUL in 256, scattered. Binary data (split/binary-data.ts: control bytes other than
// NUL) is said to be no log, and its NULs are no padding; a log padded with NULs, at its start or in its middle,
// keeps the padding warning. The mail lines of each are counted. Standard input, a FIFO and a gzip on either are
// told so from their first bytes as a file is (workers/task.ts readContent): they said "65 NUL bytes of padding".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CLI, report } from './helpers.js';
import type { Report } from '../src/report/model.js';
import { isBinaryData } from '../src/split/binary-data.js';

const dir = mkdtempSync(join(tmpdir(), 'mf-binary-'));
const connect = (ip: number): string => `Nov 28 10:00:0${ip} mail postfix/smtpd[1]: connect from unknown[192.0.2.${ip}]\n`;
const nuls = (n: number): Buffer => Buffer.alloc(n, 0);

/** `n` bytes of a seeded xorshift32: the same "random" file on every run. */
function randomBytes(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

async function analyzed(name: string, data: Buffer): Promise<{ path: string; r: Awaited<ReturnType<typeof report>> }> {
  const path = join(dir, name);
  writeFileSync(path, data);
  return { path, r: await report([path], { year: 2026, jobs: 1 }) };
}

test('random bytes are binary data, not a log: no NUL padding warning; the mail lines after them are counted', async () => {
  const random = randomBytes(100_000, 0x2026_1128);
  assert.ok(random.includes(0), 'the random bytes hold NULs, as /dev/urandom does');
  const tail = connect(1) + connect(2) + connect(3);
  const { path, r } = await analyzed('random.bin', Buffer.concat([random, Buffer.from(`\n${tail}`)]));
  assert.equal(r.totals.connections, 3);
  assert.equal(r.lines.parsed, 3);
  assert.deepEqual(r.warnings.filter((w) => w.includes('NUL bytes of padding')), []);
  const lines = r.lines.total;
  assert.deepEqual(r.warnings.filter((w) => w.includes(path)), [
    `${path} is binary data, not a log: ${(100_001 + tail.length).toLocaleString('en-US')} bytes, ${lines.toLocaleString('en-US')} lines of which `
      + '3 are Postfix or Dovecot lines. Its NUL bytes are not a crash\'s padding. Was the wrong file given? Postfix and Dovecot log to '
      + '/var/log/mail.log (Debian, Ubuntu) or /var/log/maillog (RHEL), or only to the journal (`journalctl -u postfix@- -u dovecot -o json > mail.json`).',
  ]);
  // Without a mail line, and in Japanese.
  const alone = join(dir, 'random-alone.bin');
  writeFileSync(alone, random);
  const ja = await report([alone], { year: 2026, jobs: 1, lang: 'ja' });
  assert.equal(ja.lines.parsed, 0);
  const w = ja.warnings.filter((x) => x.includes(alone));
  assert.equal(w.length, 1, w.join('\n'));
  assert.match(w[0]!, new RegExp(`^${alone.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} はログではなくバイナリデータです: 100,000 バイト、[\\d,]+ 行のうちメールの行は 1 行もありません。`));
  assert.ok(!ja.warnings.some((x) => x.includes('埋め草が計')), ja.warnings.join('\n'));
});

test('a log padded with NULs, at its start (copytruncate) or in its middle (a crash), keeps the padding warning and its lines', async () => {
  const start = await analyzed('padded-start.log', Buffer.concat([nuls(100_000), Buffer.from(connect(1) + connect(2) + connect(3))]));
  assert.equal(start.r.totals.connections, 3);
  assert.ok(start.r.warnings.some((w) => w.startsWith(`${start.path}: 100,000 NUL bytes of padding at line 1 (byte 0)`)), start.r.warnings.join('\n'));
  assert.ok(!start.r.warnings.some((w) => w.includes('binary data')), start.r.warnings.join('\n'));

  const middle = await analyzed('padded-middle.log', Buffer.concat([Buffer.from(connect(1) + connect(2)), nuls(8_192), Buffer.from(connect(3) + connect(4))]));
  assert.equal(middle.r.totals.connections, 4);
  assert.ok(middle.r.warnings.some((w) => w.startsWith(`${middle.path}: 8,192 NUL bytes of padding at line 3`)), middle.r.warnings.join('\n'));
  assert.ok(!middle.r.warnings.some((w) => w.includes('binary data')), middle.r.warnings.join('\n'));
});

test('isBinaryData: control bytes other than NUL and a text\'s own tell binary data from a padded or colored log', () => {
  assert.equal(isBinaryData(randomBytes(65_536, 7)), true);
  assert.equal(isBinaryData(nuls(65_536)), false);
  assert.equal(isBinaryData(Buffer.concat([Buffer.from(connect(1).repeat(100)), nuls(20_000)])), false);
  // ESC of colored lines, tabs and CR LF line ends are a text's.
  assert.equal(isBinaryData(Buffer.from(`\u001b[31m${connect(1).replace('\n', '\r\n')}\t\u001b[0m`.repeat(200))), false);
});

test('a journal export with a binary field (length-prefixed random bytes) stays a journal export: its entries are read, no binary-data warning', async () => {
  const { gunzipSync } = await import('node:zlib');
  const { readFileSync } = await import('node:fs');
  const { ROOT } = await import('./helpers.js');
  const fixture = gunzipSync(readFileSync(join(ROOT, 'test', 'fixtures', 'journal', 'mail.export.gz')));
  // journalctl -o export writes a field that is not text as its name, a newline, its length (64-bit little-endian),
  // the bytes and a newline (a core dump's COREDUMP=): 40,000 random bytes are 7 % control bytes of the first 64 KiB.
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(40_000n);
  const dump = Buffer.concat([Buffer.from('__REALTIME_TIMESTAMP=1796076873000000\n_HOSTNAME=vm\nSYSLOG_IDENTIFIER=systemd-coredump\nCOREDUMP\n'),
    length, randomBytes(40_000, 11), Buffer.from('\nMESSAGE=Process 1 dumped core.\n\n')]);
  const plain = await analyzed('mail.export', fixture);
  const withDump = await analyzed('dump.export', Buffer.concat([dump, fixture]));
  assert.ok(plain.r.lines.parsed > 0);
  assert.deepEqual(withDump.r.totals, plain.r.totals);
  assert.ok(!withDump.r.warnings.some((w) => w.includes('binary data')), withDump.r.warnings.join('\n'));
});

/**
 * `analyze INPUT --out DIR --year 2026` under bash, with `input` on its standard input; `setup`: shell commands run
 * before it (a FIFO's writer).
 */
function analyzeCli(script: string, out: string, input?: Buffer, setup = ''): { code: number | null; stderr: string; r: Report } {
  const run = spawnSync('bash', ['-c', `${setup}"$NODE" "$CLI" analyze ${script} -q -j 1 -f json --year 2026 --out "$OUT"`], {
    encoding: 'utf8', input, timeout: 60_000, killSignal: 'SIGKILL', env: { ...process.env, NODE: process.execPath, CLI, OUT: out },
  });
  return { code: run.status, stderr: run.stderr, r: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report };
}

/** The binary-data warning as a file's, `bytes` its size (compressed for a gzip), for the random bytes with 3 mail lines. */
const binaryWarning = (path: string, bytes: number, lines: number): string =>
  `${path} is binary data, not a log: ${bytes.toLocaleString('en-US')} bytes, ${lines.toLocaleString('en-US')} lines of which `
  + '3 are Postfix or Dovecot lines. Its NUL bytes are not a crash\'s padding. Was the wrong file given? Postfix and Dovecot log to '
  + '/var/log/mail.log (Debian, Ubuntu) or /var/log/maillog (RHEL), or only to the journal (`journalctl -u postfix@- -u dovecot -o json > mail.json`).';

test('random bytes on standard input, through a FIFO and gzipped: binary data, no padding warning, as the file; exit 0', { timeout: 300_000 }, async () => {
  const data = Buffer.concat([randomBytes(100_000, 0x2026_1128), Buffer.from(`\n${connect(1)}${connect(2)}${connect(3)}`)]);
  const gz = gzipSync(data);
  const file = join(dir, 'random-cli.bin');
  writeFileSync(file, data);
  writeFileSync(`${file}.gz`, gz);
  // The files are analyzed in this process (the CLI's -j 1 -f json analysis): the streams are what needs the CLI.
  const asFile = { r: await report([file], { year: 2026, jobs: 1 }) };
  const lines = asFile.r.lines.total;
  assert.equal(lines, 470); // the seeded bytes' LFs, then the 3 mail lines
  assert.deepEqual(asFile.r.warnings, [binaryWarning(file, data.length, lines)]);
  const fifo = join(dir, 'random.fifo');
  const writeFifo = (from: string): string => `rm -f '${fifo}'; mkfifo '${fifo}'; cat '${from}' > '${fifo}' & `;
  const gzFile = await report([`${file}.gz`], { year: 2026, jobs: 1 });
  assert.deepEqual(gzFile.warnings, [binaryWarning(`${file}.gz`, gz.length, lines)], 'the .gz file');
  assert.deepEqual(gzFile.lines, asFile.r.lines, 'the .gz file');
  assert.deepEqual(gzFile.totals, asFile.r.totals, 'the .gz file');
  const ways: Array<{ name: string; script: string; input?: Buffer; setup?: string; path: string; bytes: number }> = [
    { name: 'stdin', script: '-', input: data, path: '-', bytes: data.length },
    { name: 'gzip on stdin', script: '-', input: gz, path: '-', bytes: gz.length },
    { name: 'FIFO', script: `'${fifo}'`, setup: writeFifo(file), path: fifo, bytes: data.length },
    { name: 'gzip through a FIFO', script: `'${fifo}'`, setup: writeFifo(`${file}.gz`), path: fifo, bytes: gz.length },
  ];
  for (const w of ways) {
    const got = analyzeCli(w.script, join(dir, `out-${w.name.replace(/\W+/g, '-')}`), w.input, w.setup);
    assert.equal(got.code, 0, `${w.name}: ${got.stderr}`);
    assert.deepEqual(got.r.warnings, [binaryWarning(w.path, w.bytes, lines)], w.name);
    assert.deepEqual(got.r.lines, asFile.r.lines, w.name);
    assert.deepEqual(got.r.totals, asFile.r.totals, w.name);
  }
});

test('a log padded with NULs on standard input, plain or gzipped, keeps its padding warning and is no binary data', { timeout: 120_000 }, () => {
  const log = Buffer.concat([Buffer.from(connect(1) + connect(2)), nuls(8_192), Buffer.from(connect(3) + connect(4))]);
  for (const [name, input] of [['stdin', log], ['gzip on stdin', gzipSync(log)]] as const) {
    const got = analyzeCli('-', join(dir, `out-padded-${name.replace(/\W+/g, '-')}`), input);
    assert.equal(got.code, 0, got.stderr);
    assert.equal(got.r.totals.connections, 4, name);
    assert.ok(got.r.warnings.some((w) => w.startsWith('-: 8,192 NUL bytes of padding at line 3')), `${name}: ${got.r.warnings.join('\n')}`);
    assert.ok(!got.r.warnings.some((w) => w.includes('binary data')), `${name}: ${got.r.warnings.join('\n')}`);
  }
});
