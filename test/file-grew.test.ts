// The tool run on the server itself, on the live maillog: lines written while it reads are not in the report, which
// must say where it stops (review AA, F13 rest). The run plans its ranges on the size it found at the start
// (split/inputs.ts); here the file grows between that plan and the end of the scan, deterministically, by giving
// analyze the inputs resolved before the lines were appended (the `resolved` option compare's after side uses).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../src/run.js';
import { resolveInputs } from '../src/split/inputs.js';
import { grownInputs } from '../src/split/grown-inputs.js';
import { messagesFor } from '../src/i18n/index.js';

// A real Postfix 3.7 line shape (smtpd's SASL failure, /work/shared/LINES.md).
const LINE = (i: number): string => `Nov 28 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} mail `
  + `postfix/smtpd[${1000 + i}]: warning: unknown[192.0.2.${i % 250}]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=u${i}@example.jp\n`;
const lines = (from: number, to: number): string => Array.from({ length: to - from }, (_, k) => LINE(from + k)).join('');

test('a file that grew while it was read: the lines there at the start are counted, and a warning says where the report stops', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-grew-'));
  try {
    const path = join(dir, 'maillog');
    writeFileSync(path, lines(0, 3000));
    const planned = statSync(path).size;
    for (const jobs of [1, 2]) {
      const resolved = await resolveInputs([path], 2026);
      appendFileSync(path, lines(3000, 3500)); // written by Postfix after the run started
      const now = statSync(path).size;
      const { report } = await analyze({
        paths: [path], resolved, jobs, rangeBytes: 64 * 1024, top: 10, formats: ['json'], allowPartial: false, progress: false, version: 'test', year: 2026,
      });
      assert.equal(report.lines.total, 3000, `${jobs} job(s): only the lines of the planned bytes`);
      assert.equal(report.totals.authFailures, 3000);
      const expected = messagesFor('en').warnings.grewWhileRead({ path, planned, now });
      assert.ok(report.warnings.includes(expected), report.warnings.join('\n'));
      assert.match(expected, new RegExp(`maillog grew from ${planned.toLocaleString('en-US')} to ${now.toLocaleString('en-US')} bytes while it was read`));
      writeFileSync(path, lines(0, 3000)); // back to the start for the next job count
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('grownInputs: a file of the same size is not one, nor a file gone since (rotated away), nor a .gz', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-grew-'));
  try {
    const a = join(dir, 'maillog');
    const b = join(dir, 'maillog.1');
    writeFileSync(a, lines(0, 10));
    writeFileSync(b, lines(10, 20));
    const { inputs } = await resolveInputs([a, b], 2026);
    assert.deepEqual(grownInputs(inputs), []);
    appendFileSync(a, LINE(30));
    unlinkSync(b);
    const grown = grownInputs(inputs);
    assert.deepEqual(grown.map((g) => [g.path, g.now - g.planned]), [[a, LINE(30).length]]);
    // Japanese names the sizes too.
    assert.match(messagesFor('ja').warnings.grewWhileRead(grown[0]!), /読み込み中に [\d,]+ バイトから [\d,]+ バイトに増えました/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
