// Review AB: the before/after journey with compare and analyze --baseline (findings in the review's findings.md).

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../src/report/model.js';
import type { Comparison } from '../src/compare/model.js';
import { ROOT } from './helpers.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
process.chdir(ROOT);
const BEFORE_LOG = 'samples/incident.log';
const AFTER_LOG = 'samples/after-fix.log';

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

let tmp: string;
let beforeDir: string;
/** The incident log followed by the after-fix log: the same maillog, grown since the before run. */
let grown: string;

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'mlf-review-ab-'));
  beforeDir = join(tmp, 'before');
  const res = cli(['analyze', BEFORE_LOG, '--year', '2026', '-j', '1', '-q', '-f', 'json', '-o', beforeDir]);
  assert.equal(res.status, 0, res.stderr);
  grown = join(tmp, 'grown.log');
  writeFileSync(grown, readFileSync(BEFORE_LOG, 'utf8') + readFileSync(AFTER_LOG, 'utf8'));
});

test('F1: analyze --baseline on the same maillog grown reads it from the end of the baseline period, as compare does', () => {
  // compare with the log as its after side: the reference.
  const ref = cli(['compare', beforeDir, grown, '--year', '2026', '-j', '1', '-q', '-f', 'json', '-o', join(tmp, 'ref')]);
  assert.equal(ref.status, 0, ref.stderr);
  const expected = readJson<Comparison>(join(tmp, 'ref', 'compare.json'));
  assert.match(expected.verdict.headline, /^Fixed: 6 of the 7 findings/);
  const outs: string[] = [];
  for (const jobs of ['1', '3']) {
    const out = join(tmp, `baseline-${jobs}`);
    const res = cli(['analyze', grown, '--year', '2026', '-j', jobs, '--range-bytes', '300000', '-q', '-f', 'json', '-o', out,
      '--baseline', beforeDir, '--fail-on', 'persisting,new']);
    // Was "Not fixed: 0 of the 7 findings of the before run fixed; 7 still there", exit 3: the incident counted again.
    assert.equal(res.status, 0, res.stderr);
    outs.push(readFileSync(join(out, 'report.json'), 'utf8'));
    const r = JSON.parse(outs.at(-1)!) as Report;
    assert.equal(r.since?.at, '2026-11-28T09:28:17');
    assert.equal(r.since?.linesBefore, 9576);
    const c = r.comparison!;
    assert.equal(c.verdict.headline, expected.verdict.headline);
    assert.deepEqual(c.totals, expected.totals);
    assert.deepEqual(c.findings.map((f) => f.verdict), expected.findings.map((f) => f.verdict));
    assert.equal(c.checks.cut, expected.checks.cut);
  }
  assert.equal(outs[1], outs[0], 'report.json differs between --jobs 1 and --jobs 3');
  // An explicit --since is the user's: kept as given.
  const own = join(tmp, 'baseline-own-since');
  const res = cli(['analyze', grown, '--year', '2026', '--since', '2026-11-27 00:00', '-j', '1', '-q', '-f', 'json', '-o', own, '--baseline', beforeDir]);
  assert.equal(res.status, 0, res.stderr);
  assert.equal(readJson<Report>(join(own, 'report.json')).since?.at, '2026-11-27T00:00:00');
});
