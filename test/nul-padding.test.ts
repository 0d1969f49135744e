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
  const whole = renderJson({ ...(await report([plain], { year: 2026, jobs: 1 })), inputs: [] });
  const fromGz = renderJson({ ...(await report([gz], { year: 2026, jobs: 1 })), inputs: [] });
  assert.equal(fromGz, whole);
  for (const rangeBytes of [65_536, 100_000, 333_333]) {
    for (const jobs of [1, 2, 3]) {
      const r = await report([plain], { year: 2026, jobs, rangeBytes });
      assert.equal(renderJson({ ...r, inputs: [] }), whole, `ranges of ${rangeBytes} bytes, ${jobs} jobs`);
    }
  }
});
