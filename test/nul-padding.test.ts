// logrotate's copytruncate leaves a hole of NUL bytes where the writer keeps appending at its old offset: the
// next real line follows the padding with no newline between them. The line must be read, once, with the line
// number of the file, by every reader and whatever the chunk and range cuts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { report } from './helpers.js';
import { renderJson } from '../src/render/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mf-nul-'));
const connect = (ip: number): string => `Nov 28 10:00:0${ip} mail postfix/smtpd[1]: connect from unknown[192.0.2.${ip}]\n`;
const nuls = (n: number): Buffer => Buffer.alloc(n, 0);
const log = Buffer.concat([
  Buffer.from(connect(1)),
  nuls(700_000), Buffer.from(connect(2)), // a big hole (several read chunks), then the line
  Buffer.from(connect(3)),
  nuls(300), Buffer.from(connect(4)), // a small hole inside one chunk
  nuls(200_000), Buffer.from('\n'), // padding alone: one over-long line, unparsed
  Buffer.from(connect(5)),
]);
const plain = join(dir, 'maillog');
writeFileSync(plain, log);
const gz = join(dir, 'maillog.gz');
writeFileSync(gz, gzipSync(log));

test('a line written after NUL padding is read, with its file line number; padding alone stays one unparsed line', async () => {
  const r = await report([plain], { year: 2026, jobs: 1 });
  assert.deepEqual([r.lines.total, r.lines.parsed, r.lines.unparsed], [6, 5, 1]);
  assert.equal(r.totals.connections, 5);
  const ip2 = r.byClientIp.find((x) => x.key === '192.0.2.2');
  assert.ok(ip2, 'the line after the big hole is counted');
  assert.deepEqual(r.lines.unparsedExamples.map((e) => e.line), [5]);
  assert.match(r.lines.unparsedExamples[0]!.text, /line of 200000 bytes, not parsed/);
});

test('NUL padding: the same report from .gz, from any range cut and any number of jobs', async () => {
  // The padding warning names the file read (review AA, F15): the rest is the same.
  const whole = renderJson({ ...(await report([plain], { year: 2026, jobs: 1 })), inputs: [] });
  const fromGz = renderJson({ ...(await report([gz], { year: 2026, jobs: 1 })), inputs: [] }).replaceAll(`${gz}:`, `${plain}:`);
  assert.equal(fromGz, whole);
  for (const rangeBytes of [65_536, 100_000, 333_333]) {
    for (const jobs of [1, 2, 3]) {
      const r = await report([plain], { year: 2026, jobs, rangeBytes });
      assert.equal(renderJson({ ...r, inputs: [] }), whole, `ranges of ${rangeBytes} bytes, ${jobs} jobs`);
    }
  }
});

// Review AA, F15: the padding was dropped without a word, and the line a crash cut before it ("Nov 28 10:00:0… mail
// postfix/s" then the NULs) vanished with it. The cut line is now an unparsed line (sampled, under the file line of
// the line after the padding), and a warning says where the padding is and how many bytes it has.
const cutLog = Buffer.concat([
  Buffer.from(connect(1)),
  Buffer.from(connect(2).slice(0, 30)), nuls(100_000), Buffer.from(connect(3)), // a line cut by a crash, then padding
  Buffer.from(connect(4)),
  nuls(300), Buffer.from(connect(5)), // a small hole between whole lines
]);
const cutPlain = join(dir, 'crash.log');
writeFileSync(cutPlain, cutLog);
const cutGz = join(dir, 'crash.log.gz');
writeFileSync(cutGz, gzipSync(cutLog));

test('NUL padding after a cut line: the cut line is unparsed and sampled, a warning says where and how many bytes (review AA, F15)', async () => {
  const r = await report([cutPlain], { year: 2026, jobs: 1 });
  assert.equal(r.totals.connections, 4);
  // 4 lines of the file plus the cut one: the file's line numbers stay those of `sed -n`.
  assert.deepEqual([r.lines.total, r.lines.parsed, r.lines.unparsed], [5, 4, 1]);
  assert.deepEqual(r.lines.unparsedExamples.map((e) => [e.line, e.offset, e.text]),
    [[2, connect(1).length, `${connect(2).slice(0, 30)} … (cut by 100000 NUL bytes)`]]);
  const warning = r.warnings.filter((w) => w.includes('NUL'));
  // The time of the last line before the padding (review AA, F15): connect(1)'s, as the other warnings write times.
  assert.deepEqual(warning, [`${cutPlain}: 100,300 NUL bytes of padding in 2 blocks, the first at line 2 (byte ${connect(1).length}, after a line of 2026-11-28 10:00:01), skipped: `
    + 'a crash or power loss (or logrotate copytruncate) left them, and lines written just before may be missing; the line they cut is counted as not understood.']);
  const ja = await report([cutPlain], { year: 2026, jobs: 1, lang: 'ja' });
  assert.ok(ja.warnings.some((w) => w.includes('NUL バイトの埋め草が計 100,300 バイト') && w.includes(`2 行目（${connect(1).length} バイト目、2026-11-28 10:00:01 の行の後）`)), ja.warnings.join('\n'));
  // The same from the .gz, any range cut and any number of jobs.
  const whole = renderJson({ ...r, inputs: [], warnings: r.warnings.map((w) => w.replace(cutPlain, 'F')) });
  const same = (x: typeof r, path: string): string => renderJson({ ...x, inputs: [], warnings: x.warnings.map((w) => w.replace(path, 'F')) });
  assert.equal(same(await report([cutGz], { year: 2026, jobs: 1 }), cutGz), whole);
  for (const rangeBytes of [4_096, 65_536, 100_000]) {
    for (const jobs of [1, 3]) assert.equal(same(await report([cutPlain], { year: 2026, jobs, rangeBytes }), cutPlain), whole, `${rangeBytes} bytes, ${jobs} jobs`);
  }
});

// The padding's time when a range starts at it: the last mail line is in the range before, found among the lines the
// task reads before its range (scan.ts previous()); a kernel line between them has a time but is not a mail line.
test('NUL padding at the start of a range: the warning gives the time of the last mail line before it, as a whole read does', async () => {
  const kernel = `Nov 28 10:00:02 mail kernel: [12345.678] ${'x'.repeat(1_900)}\n`;
  const head = Buffer.from(connect(1) + kernel);
  const atRangeLog = Buffer.concat([head, nuls(5_000), Buffer.from(connect(3) + connect(4))]);
  const path = join(dir, 'range-start.log');
  writeFileSync(path, atRangeLog);
  const { splitFile } = await import('../src/split/ranges.js');
  const starts = (rangeBytes: number): number[] => {
    const n = Math.ceil(atRangeLog.length / rangeBytes);
    return splitFile(path, atRangeLog.length, n, rangeBytes).map((r) => r.start);
  };
  const cuts = [500, 700, 1_000, 1_500];
  assert.ok(cuts.some((c) => starts(c).includes(head.length)), 'some cut starts a range at the padding');
  const whole = await report([path], { year: 2026, jobs: 1 });
  const warning = whole.warnings.find((w) => w.includes('NUL'));
  assert.match(warning ?? '', /5,000 NUL bytes of padding at line 3 \(byte [\d,]+, after a line of 2026-11-28 10:00:01\)/);
  for (const rangeBytes of cuts) {
    const r = await report([path], { year: 2026, jobs: 2, rangeBytes });
    assert.equal(renderJson({ ...r, inputs: [] }), renderJson({ ...whole, inputs: [] }), `ranges of ${rangeBytes} bytes`);
  }
});

// More than the 64 KiB window of other programs' lines between the last mail line and a padding that starts a range:
// the window holds no mail line, and the time comes from the file's earlier ranges as they are merged (run.ts), so
// that every cut and job count gives a whole read's report (the look-back alone left it out there).
test('NUL padding at a range start after more than 64 KiB of kernel lines: the same time as a whole read', async () => {
  const kernel = (s: number): string => `Nov 28 10:01:${String(s % 60).padStart(2, '0')} mail kernel: [12345.678] ${'x'.repeat(1_900)}\n`;
  const head = Buffer.from(connect(1) + Array.from({ length: 40 }, (_, i) => kernel(i)).join(''));
  assert.ok(head.length - connect(1).length > 64 * 1024);
  const farLog = Buffer.concat([head, nuls(5_000), Buffer.from(connect(3) + connect(4))]);
  const path = join(dir, 'far.log');
  writeFileSync(path, farLog);
  const { splitFile } = await import('../src/split/ranges.js');
  const starts = (rangeBytes: number): number[] => splitFile(path, farLog.length, Math.ceil(farLog.length / rangeBytes), rangeBytes).map((r) => r.start);
  const cuts = [1_000, 2_000, 3_000, 4_096, 8_192];
  assert.ok(cuts.some((c) => starts(c).includes(head.length)), 'some cut starts a range at the padding');
  const whole = await report([path], { year: 2026, jobs: 1 });
  assert.match(whole.warnings.find((w) => w.includes('NUL')) ?? '', /5,000 NUL bytes of padding at line 42 \(byte [\d,]+, after a line of 2026-11-28 10:00:01\)/);
  for (const rangeBytes of cuts) {
    for (const jobs of [1, 2, 3]) {
      const r = await report([path], { year: 2026, jobs, rangeBytes });
      assert.equal(renderJson({ ...r, inputs: [] }), renderJson({ ...whole, inputs: [] }), `${jobs} jobs, ranges of ${rangeBytes} bytes`);
    }
  }
});

// A power loss cuts the line being written at a page's end and leaves the rest of what was written as NULs, fewer than
// MAX_LINE_CHARS as often as not; the first line after the reboot follows them with no newline between. That line
// was lost inside one unparsed line of NULs, and no warning said so (only padding of 64 KiB or more, or padding at a
// line's start, was seen). Now the cut line is unparsed, the line after the NULs read, and the padding reported.
const crashLog = Buffer.concat([
  Buffer.from(connect(1)),
  Buffer.from(connect(2).slice(0, 37)), nuls(3_000), Buffer.from(connect(3)), // cut, a page's worth of NULs, the next line
  Buffer.from(connect(4)),
  Buffer.from(connect(5).slice(0, 20)), nuls(1), Buffer.from(connect(6)), // one NUL is enough
]);

test('a line cut by fewer NULs than a long line, then the next line: the cut line unparsed, the next read, the padding reported', async () => {
  const path = join(dir, 'power-loss.log');
  writeFileSync(path, crashLog);
  const r = await report([path], { year: 2026, jobs: 1 });
  assert.equal(r.totals.connections, 4, 'connect 1, 3, 4 and 6');
  assert.ok(r.byClientIp.some((x) => x.key === '192.0.2.3') && r.byClientIp.some((x) => x.key === '192.0.2.6'));
  // 4 lines of the file, two of which hold a cut line too.
  assert.deepEqual([r.lines.total, r.lines.parsed, r.lines.unparsed], [6, 4, 2]);
  assert.deepEqual(r.lines.unparsedExamples.map((e) => [e.line, e.offset, e.text]), [
    [2, connect(1).length, `${connect(2).slice(0, 37)} … (cut by 3000 NUL bytes)`],
    [4, connect(1).length + 37 + 3_000 + connect(3).length + connect(4).length, `${connect(5).slice(0, 20)} … (cut by 1 NUL bytes)`],
  ]);
  assert.deepEqual(r.warnings.filter((w) => w.includes('NUL')), [`${path}: 3,001 NUL bytes of padding in 2 blocks, the first at line 2 (byte ${connect(1).length}, `
    + 'after a line of 2026-11-28 10:00:01), skipped: a crash or power loss (or logrotate copytruncate) left them, and lines written just before may be missing; '
    + 'the line they cut is counted as not understood.']);
  const whole = renderJson({ ...r, inputs: [], warnings: r.warnings.map((w) => w.replace(path, 'F')) });
  const same = (x: typeof r, p: string): string => renderJson({ ...x, inputs: [], warnings: x.warnings.map((w) => w.replace(p, 'F')) });
  const gz = join(dir, 'power-loss.log.gz');
  writeFileSync(gz, gzipSync(crashLog));
  assert.equal(same(await report([gz], { year: 2026, jobs: 1 }), gz), whole, 'the same from the .gz');
  for (const rangeBytes of [40, 100, 4_096]) {
    for (const jobs of [1, 3]) assert.equal(same(await report([path], { year: 2026, jobs, rangeBytes }), path), whole, `${rangeBytes} bytes, ${jobs} jobs`);
  }
});

test('NULs at the end of a file (a crash, nothing written since) are reported as padding, long or short, by every reader', async () => {
  for (const [name, n] of [['short', 4_000], ['long', 300_000]] as const) {
    const log = Buffer.concat([Buffer.from(connect(1) + connect(2)), nuls(n)]);
    const path = join(dir, `zeros-at-end-${name}.log`);
    writeFileSync(path, log);
    const r = await report([path], { year: 2026, jobs: 1 });
    // The NULs stay one line, not understood, as before; the warning now says what they are.
    assert.deepEqual([r.lines.total, r.lines.parsed, r.lines.unparsed, r.totals.connections], [3, 2, 1, 2], name);
    assert.deepEqual(r.warnings.filter((w) => w.includes('NUL')), [`${path}: ${n.toLocaleString('en-US')} NUL bytes of padding at line 3 `
      + `(byte ${log.length - n}, after a line of 2026-11-28 10:00:02), skipped: a crash or power loss (or logrotate copytruncate) left them, and `
      + 'lines written just before may be missing.'], name);
    const whole = renderJson({ ...r, inputs: [], warnings: r.warnings.map((w) => w.replace(path, 'F')) });
    const gz = join(dir, `zeros-at-end-${name}.log.gz`);
    writeFileSync(gz, gzipSync(log));
    const fromGz = await report([gz], { year: 2026, jobs: 1 });
    assert.equal(renderJson({ ...fromGz, inputs: [], warnings: fromGz.warnings.map((w) => w.replace(gz, 'F')) }), whole, `${name}: the same from the .gz`);
    for (const jobs of [1, 3]) {
      const x = await report([path], { year: 2026, jobs, rangeBytes: 70 });
      assert.equal(renderJson({ ...x, inputs: [], warnings: x.warnings.map((w) => w.replace(path, 'F')) }), whole, `${name}: ${jobs} jobs`);
    }
  }
});

// The twenty-seventh session's hostile-input review: junk with NULs here and there before a log line was reported as
// padding of every byte from its first NUL to its last (1,016 "NUL bytes" for 3). The warning counts the NULs.
test('junk with a few NULs before a log line: the warning counts its NUL bytes, not the bytes between them; plain, .gz, 1 and 3 jobs', async () => {
  const junk = Buffer.concat([Buffer.from(connect(1)), Buffer.from('abc\0defghij' + 'x'.repeat(1000) + '\0klmnop\0'), Buffer.from(connect(2)), Buffer.from(connect(3))]);
  const file = join(dir, 'junk.log');
  writeFileSync(file, junk);
  const junkGz = join(dir, 'junk.log.gz');
  writeFileSync(junkGz, gzipSync(junk));
  const r = await report([file], { year: 2026, jobs: 1 });
  assert.deepEqual([r.lines.total, r.lines.parsed, r.lines.unparsed], [4, 3, 1]);
  assert.equal(r.warnings.length, 1, r.warnings.join('\n'));
  assert.match(r.warnings[0]!, /junk\.log: 3 NUL bytes of padding at line 2 \(byte 71, /);
  assert.equal(renderJson(await report([file], { year: 2026, jobs: 3, rangeBytes: 100 })), renderJson(r));
  const g = await report([junkGz], { year: 2026, jobs: 1 });
  assert.match(g.warnings[0]!, /junk\.log\.gz: 3 NUL bytes of padding at line 2 /);
  // Zeros that end a short line, junk before them: the zeros alone.
  const end = join(dir, 'junk-end.log');
  writeFileSync(end, Buffer.concat([Buffer.from(connect(1)), Buffer.from('abc\0' + 'y'.repeat(500)), nuls(40), Buffer.from('\n'), Buffer.from(connect(2))]));
  const e = await report([end], { year: 2026, jobs: 1 });
  assert.match(e.warnings.join('\n'), /junk-end\.log: 41 NUL bytes of padding/);
});
