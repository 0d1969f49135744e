// Line accounting: every line read is parsed, ignored or unparsed, per input file and overall, and the count of
// lines is the count in the file. analyze() checks the first part on every run (checkLineAccounting in run.ts, which
// must never fire); here it runs on every sample and the corpus, with one range and with many, against an
// independent count of the lines, and the check itself is shown to catch a broken count.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { CORPUS, ROOT, report } from './helpers.js';
import { checkLineAccounting } from '../src/run.js';
import { newAggregate } from '../src/aggregate/create.js';
import { RunError } from '../src/errors.js';
import type { InputFile } from '../src/split/inputs.js';

const SAMPLES = join(ROOT, 'samples');
const inDir = (dir: string): string[] => readdirSync(dir).filter((f) => f.startsWith('maillog')).map((f) => join(dir, f));
const sets: Array<{ name: string; paths: string[] }> = [
  ...readdirSync(SAMPLES).filter((f) => f.endsWith('.log')).map((f) => ({ name: `samples/${f}`, paths: [join(SAMPLES, f)] })),
  { name: 'samples/rfc3339/incident.log', paths: [join(SAMPLES, 'rfc3339', 'incident.log')] },
  { name: 'samples/rotated (with .gz)', paths: inDir(join(SAMPLES, 'rotated')) },
  { name: 'samples/rotated-plain', paths: inDir(join(SAMPLES, 'rotated-plain')) },
  ...['healthy', 'incident'].flatMap((s) => ['maillog', 'maillog.rfc3339'].map((f) => ({ name: `corpus ${s}/${f}`, paths: [join(CORPUS, s, f)] })))
    .filter((s) => existsSync(s.paths[0]!)),
];

/** Lines in a file, counted without our readers: newlines, plus a last line without one. */
function linesIn(path: string): number {
  let buf = readFileSync(path);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  let n = 0;
  for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) n++;
  return buf.length > 0 && buf[buf.length - 1] !== 10 ? n + 1 : n;
}

test('every sample and corpus log: lines = parsed + ignored + unparsed per file and overall, with 1 range and with many', async () => {
  for (const s of sets) {
    for (const opts of [{ jobs: 1 }, { jobs: 2, rangeBytes: 50_000 }]) {
      const r = await report(s.paths, { year: 2026, ...opts });
      const what = `${s.name} ${JSON.stringify(opts)}`;
      for (const i of r.inputs) {
        assert.equal(i.parsed + i.ignored + i.unparsed, i.lines, `${what}: ${i.path}`);
        assert.equal(i.lines, linesIn(i.path), `${what}: ${i.path} has another number of lines`);
      }
      const l = r.lines;
      assert.equal(l.parsed + l.ignored + l.unparsed, l.total, what);
      assert.equal(l.total, r.inputs.reduce((a, i) => a + i.lines, 0), what);
      assert.equal(l.unparsed, 0, `${what}: unparsed lines in a sample: ${JSON.stringify(l.unparsedExamples[0])}`);
    }
  }
});

test('the run-time check names the file whose lines do not add up (it must never fire; here it is made to)', () => {
  const agg = newAggregate();
  const input = { index: 0, path: 'maillog.1', kind: 'plain', bytes: 10, mtimeMs: 0, firstAt: NaN } as unknown as InputFile;
  agg.linesByFile.set(0, { total: 3, parsed: 1, ignored: 1, unparsed: 1, repeatsNotExpanded: 0, repeatedEventsNotCounted: 0, cutShort: 0 });
  agg.lines = { total: 3, parsed: 1, ignored: 1, unparsed: 1, repeatsNotExpanded: 0, repeatedEventsNotCounted: 0, cutShort: 0 };
  checkLineAccounting(agg, [input]);
  agg.linesByFile.set(0, { total: 4, parsed: 1, ignored: 1, unparsed: 1, repeatsNotExpanded: 0, repeatedEventsNotCounted: 0, cutShort: 0 });
  assert.throws(() => checkLineAccounting(agg, [input]), (e: unknown) => e instanceof RunError && /^maillog\.1: internal error, line accounting broken: 4 lines ≠ 1 parsed \+ 1 ignored \+ 1 unparsed$/.test((e as Error).message));
  // Files that add up but an overall count that does not (a range merged twice).
  agg.linesByFile.set(0, { total: 3, parsed: 1, ignored: 1, unparsed: 1, repeatsNotExpanded: 0, repeatedEventsNotCounted: 0, cutShort: 0 });
  agg.lines = { total: 6, parsed: 2, ignored: 2, unparsed: 2, repeatsNotExpanded: 0, repeatedEventsNotCounted: 0, cutShort: 0 };
  assert.throws(() => checkLineAccounting(agg, [input]), RunError);
});
