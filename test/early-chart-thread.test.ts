// The chart thread started at the process's start for a small run (workers/chart-start.ts): which command lines start
// it, and that the run which takes it writes the charts a run without it writes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT } from './helpers.js';
import { wantsEarlyChartThread } from '../src/workers/chart-start.js';
import { wantsEarlyWorker } from '../src/workers/early-worker.js';

const MIB = 1024 * 1024;
const SIZES = new Map<string, number>([['big.log', 40 * MIB], ['small.log', 2 * MIB], ['small.log.gz', 1 * MIB], ['big.log.gz', 2 * MIB]]);
const DIRS = new Set(['reports/before', 'reports/after']);
const sizeOf = (p: string): number | null => SIZES.get(p) ?? null;
const exists = (p: string): boolean => SIZES.has(p) || DIRS.has(p);
const wants = (args: string[], cores = 2): boolean => wantsEarlyChartThread(args, sizeOf, exists, cores);

test('a small analyze or compare that writes html with two jobs starts the chart thread early', () => {
  assert.equal(wants(['analyze', 'small.log']), true);
  // Words that name nothing there are option values ("2026", a new --out) or missing inputs: left out.
  assert.equal(wants(['analyze', 'small.log', '--out', 'reports/x', '--year', '2026']), true);
  assert.equal(wants(['analyze', 'small.log', '--out', 'reports/before', '--year', '2026']), true);
  assert.equal(wants(['analyze', 'small.log', 'missing.log']), true);
  assert.equal(wants(['analyze', 'small.log', 'small.log.gz']), true);
  assert.equal(wants(['analyze', 'small.log', '--format', 'json,html']), true);
  assert.equal(wants(['analyze', 'small.log', '-f', 'html']), true);
  assert.equal(wants(['compare', 'reports/before', 'reports/after']), true);
  assert.equal(wants(['compare', 'reports/before', 'small.log']), true);
  assert.equal(wants(['analyze', 'small.log', '--jobs', '2'], 1), true);
});

test('big or compressed-big inputs, no html, one job, standard input, missing files and other commands start none', () => {
  assert.equal(wants(['analyze', 'big.log']), false);
  // A .gz counts twenty times its size: 2 MiB compressed may be 40 MiB of log.
  assert.equal(wants(['analyze', 'big.log.gz']), false);
  assert.equal(wants(['analyze', 'small.log', '--format', 'json']), false);
  assert.equal(wants(['analyze', 'small.log', '--format=json,md,csv']), false);
  assert.equal(wants(['analyze', 'small.log', '-fjson']), false);
  assert.equal(wants(['analyze', 'small.log', '--jobs', '1']), false);
  assert.equal(wants(['analyze', 'small.log', 'big.log']), false);
  assert.equal(wants(['analyze', 'small.log'], 1), false);
  assert.equal(wants(['analyze', '-']), false);
  assert.equal(wants(['analyze', 'small.log', '-']), false);
  // Nothing there: the run fails on its inputs at once.
  assert.equal(wants(['analyze', 'missing.log']), false);
  assert.equal(wants(['analyze', 'missing.log', '--year', '2026']), false);
  assert.equal(wants(['analyze']), false);
  assert.equal(wants(['analyze', '--help']), false);
  assert.equal(wants(['--version']), false);
  assert.equal(wants(['small.log']), false);
});

test('never both early threads: the scan worker for a big analyze, the chart thread for a small one', () => {
  for (const args of [['analyze', 'big.log'], ['analyze', 'small.log'], ['analyze', 'big.log.gz'], ['analyze', 'small.log', 'big.log']]) {
    assert.ok(!(wantsEarlyWorker(args, sizeOf, 2) && wants(args)), args.join(' '));
  }
});

test('a small analyze takes the chart thread started early, and draws the charts a run of one job draws', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'early-chart-'));
  try {
    const run = (jobs: string): Map<string, string> => {
      const out = join(dir, `out-${jobs}`);
      const r = spawnSync(process.execPath, [CLI, 'analyze', join(ROOT, 'samples', 'incident.log'), '--year', '2026', '--jobs', jobs, '--out', out, '-q'], {
        encoding: 'utf8', env: { ...process.env, MAILLOG_FORENSICS_TIMING: '1' },
      });
      assert.equal(r.status, 0, r.stderr);
      // Two jobs: the early thread is taken (its start came before the options were read), and no other is started.
      assert.equal(/^timing: chart thread taken, started \d+ ms before/m.test(r.stderr), jobs === '2', r.stderr);
      assert.doesNotMatch(r.stderr, /^timing: chart thread started/m);
      assert.equal(/^timing: charts from the chart thread/m.test(r.stderr), jobs === '2', r.stderr);
      const charts = join(out, 'charts');
      return new Map(readdirSync(charts).map((f) => [f, readFileSync(join(charts, f), 'utf8')]));
    };
    const two = run('2');
    const one = run('1');
    assert.ok(two.size >= 6, [...two.keys()].join(' '));
    assert.deepEqual(two, one);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
