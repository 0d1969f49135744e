// compare's after side (src/compare/after-side.ts) resolves its inputs once and analyze takes them as they are:
// resolveInputs decompresses every .gz up to its first dated line, and compare did so three times for the same
// file (the year probe, the plan, analyze) before scanning it.
//
// Known answer: decompressions of the after log's .gz (zlib.createGunzip calls, seen through syncBuiltinESMExports;
// only that file is decompressed while counting): one for the probe and one for the scan; with the after log in the
// next year (Dec → Jan), one more probe. Before: 4 and 4. (Counted as fs.createReadStream opens until the scan read
// a .gz with readSync, seventeenth session.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs, { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import zlib from 'node:zlib';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CORPUS, ROOT, report } from './helpers.js';
import { analyzeAfterSide } from '../src/compare/after-side.js';

const BEFORE_LOG = join(ROOT, 'samples', 'incident.log');
const AFTER_LOG = join(ROOT, 'samples', 'after-fix.log');

/** Runs `f` counting zlib.createGunzip calls (each a decompression of a .gz from its start). */
async function countingOpens<T>(f: () => Promise<T>): Promise<{ value: T; opens: number }> {
  let opens = 0;
  const original = zlib.createGunzip;
  // A read-only but configurable property of the zlib module.
  const put = (value: typeof zlib.createGunzip): void => {
    Object.defineProperty(zlib, 'createGunzip', { value, writable: false, enumerable: true, configurable: true });
    syncBuiltinESMExports();
  };
  put(((options?: zlib.ZlibOptions) => {
    opens++;
    return original(options);
  }) as typeof zlib.createGunzip);
  try {
    return { value: await f(), opens };
  } finally {
    put(original);
  }
}

const OPTS = { jobs: 1, top: 50, formats: ['json'], allowPartial: false, progress: false, version: 'test' };

test('compare --year: the after log (.gz) is read to its first line once, and once scanned; a second probe only across New Year', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'mlf-after-side-'));
  const gz = join(tmp, 'after.log.gz');
  writeFileSync(gz, gzipSync(readFileSync(AFTER_LOG)));
  const before = await report([BEFORE_LOG], { year: 2026 });

  const { value, opens } = await countingOpens(() => analyzeAfterSide(before, [gz], 2026, true, OPTS));
  assert.equal(opens, 2);
  // The same report as the plain after log analyzed alone (it starts after the before period: no cut).
  assert.equal(value.report.period.from, '2026-11-29T00:49:11');
  const alone = await report([AFTER_LOG], { year: 2026, top: 50 });
  assert.deepEqual(value.report.totals, alone.totals);

  // December before, January after: the probe dates the set in 2026, the plan resolves it again in 2027.
  const dec = join(tmp, 'dec.log');
  const jan = join(tmp, 'jan.log.gz');
  writeFileSync(dec, readFileSync(BEFORE_LOG, 'utf8').replace(/^Nov /gm, 'Dec '));
  writeFileSync(jan, gzipSync(readFileSync(AFTER_LOG, 'utf8').replace(/^Nov 29/gm, 'Jan  3').replace(/^Nov 30/gm, 'Jan  4')));
  const decReport = await report([dec], { year: 2026 });
  const next = await countingOpens(() => analyzeAfterSide(decReport, [jan], 2026, true, OPTS));
  assert.equal(next.opens, 3);
  assert.equal(next.value.report.period.from, '2027-01-03T00:49:11');

  // Without --year: resolved once for the plan, which analyze uses.
  const plain = await countingOpens(() => analyzeAfterSide(before, [gz], undefined, true, OPTS));
  assert.equal(plain.opens, 2);
});

// Review 11 (code, 1): a before log whose lines carry two offsets (a DST change) had the timezone "local" like classic
// syslog; compare took it for one and left the after log (the same maillog, grown) uncut: the before period counted
// on both sides. Placed by wall clock, it was cut where the log with one offset is. Since review V such a log's times
// are at its first line's offset ("+10:00" here: the later "+09:00" lines are moved an hour on) and the after log is
// analyzed at it too: cut in the same place. A before report of an older version ("local") is placed by wall clock.
test('compare: a before log across a DST change (two offsets) still cuts the grown after log at its end', { skip: !fs.existsSync(join(CORPUS, 'healthy', 'maillog.rfc3339')) }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-dst-'));
  const lines = readFileSync(join(CORPUS, 'healthy', 'maillog.rfc3339'), 'latin1').split('\n').filter((l) => l !== '');
  assert.ok(lines.length > 2500 && lines.every((l) => /^\S+\+09:00 /.test(l)));
  const dst = lines.map((l, i) => (i < 1000 ? l.replace(/\+09:00 /, '+10:00 ') : l));
  const cases: Array<[string, string[]]> = [['one offset', lines], ['two offsets', dst]];
  const cut: number[] = [];
  for (const [name, log] of cases) {
    writeFileSync(join(dir, `${name}-before.log`), log.slice(0, 2000).join('\n') + '\n', 'latin1');
    writeFileSync(join(dir, `${name}-after.log`), log.join('\n') + '\n', 'latin1');
    const before = await report([join(dir, `${name}-before.log`)], { top: 50 });
    if (name === 'two offsets') assert.deepEqual([before.period.timezone, before.period.zones], ['+10:00', ['+09:00', '+10:00']]);
    const after = await analyzeAfterSide(before, [join(dir, `${name}-after.log`)], undefined, true, OPTS);
    assert.ok(after.report.since !== undefined, `${name}: cut`);
    cut.push(after.report.since!.linesBefore);
  }
  // The lines of the before period (less the first line's own header noise) are left out alike.
  assert.equal(cut[1], cut[0]);
  assert.ok(cut[0]! >= 1900, String(cut[0]));
  // A before report of an older version (every time as written, "local": made here with analyze's internal `zone`):
  // the after log's times are taken as written too, and it is cut alike.
  const old = await report([join(dir, 'two offsets-before.log')], { top: 50, zone: 'local' });
  assert.equal(old.period.timezone, 'local');
  const after = await analyzeAfterSide(old, [join(dir, 'two offsets-after.log')], undefined, true, OPTS);
  assert.equal(after.report.since?.linesBefore, cut[0]);
});
