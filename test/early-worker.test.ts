// The scan worker started at the process's start (workers/early-worker.ts): which command lines start it, and that
// the run which adopts it (pool.ts) writes the report a run without it writes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT } from './helpers.js';
import { EARLY_START_MIN_BYTES, wantsEarlyWorker } from '../src/workers/early-worker.js';

const MIB = 1024 * 1024;

/** Sizes of the files a command line may name; anything else is no regular file (a directory, a number, missing). */
const SIZES = new Map<string, number>([['big.log', 40 * MIB], ['half.log', 20 * MIB], ['small.log', 2 * MIB], ['maillog.1', 40 * MIB]]);
const sizeOf = (p: string): number | null => SIZES.get(p) ?? null;
const wants = (args: string[], cores = 2): boolean => wantsEarlyWorker(args, sizeOf, cores);

test('an analyze of 32 MiB or more with two jobs or more starts the worker early', () => {
  assert.equal(EARLY_START_MIN_BYTES, 32 * MIB);
  assert.equal(wants(['analyze', 'big.log']), true);
  assert.equal(wants(['analyze', 'big.log', '--out', 'reports/x', '--year', '2026']), true);
  assert.equal(wants(['analyze', '--jobs', '3', 'big.log']), true);
  // Two files of 20 MiB: two ranges, one for the worker.
  assert.equal(wants(['analyze', 'half.log', 'half.log']), true);
  assert.equal(wants(['analyze', 'maillog.1', '-q']), true);
  // One core: --jobs defaults to 1; given, it is the count.
  assert.equal(wants(['analyze', 'big.log'], 1), false);
  assert.equal(wants(['analyze', 'big.log', '--jobs', '2'], 1), true);
  assert.equal(wants(['analyze', 'big.log', '--jobs=2'], 1), true);
  assert.equal(wants(['analyze', 'big.log', '-j2'], 1), true);
});

test('one job, small inputs, standard input, .gz files and other commands start no worker early', () => {
  for (const jobs of [['--jobs', '1'], ['--jobs=1'], ['-j', '1'], ['-j1'], ['--jobs', 'x']]) {
    assert.equal(wants(['analyze', 'big.log', ...jobs]), false, jobs.join(' '));
  }
  // The last --jobs counts, as yargs takes it.
  assert.equal(wants(['analyze', 'big.log', '-j', '2', '--jobs', '1']), false);
  assert.equal(wants(['analyze', 'big.log', '--jobs', '1', '-j', '2']), true);
  assert.equal(wants(['analyze', 'small.log']), false);
  assert.equal(wants(['analyze', 'half.log']), false);
  assert.equal(wants(['analyze', 'big.log', '-']), false);
  assert.equal(wants(['analyze', 'big.log', 'maillog.2.gz']), false);
  assert.equal(wants(['analyze', 'big.log', 'MAILLOG.GZ']), false);
  assert.equal(wants(['compare', 'big.log', 'big.log']), false);
  assert.equal(wants(['big.log']), false);
  assert.equal(wants(['analyze', '--help']), false);
  // Words after "--" are not options: a "-j1" there is a file name.
  assert.equal(wants(['analyze', 'big.log', '--', '-j1']), true);
});

test('the worker started early scans a range, and the report is the one of one job', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'early-worker-'));
  try {
    const log = join(dir, 'maillog');
    const gen = spawnSync(process.execPath, [join(ROOT, 'dist', 'samples', 'generator', 'cli.js'), 'big', '--size', '34M', '--out', log], { encoding: 'utf8' });
    assert.equal(gen.status, 0, gen.stderr);
    assert.ok(statSync(log).size >= EARLY_START_MIN_BYTES);
    const run = (jobs: string): string => {
      const out = join(dir, `out-${jobs}`);
      const r = spawnSync(process.execPath, [CLI, 'analyze', log, '--year', '2026', '--jobs', jobs, '--format', 'json', '--out', out, '-q'], {
        encoding: 'utf8', env: { ...process.env, MAILLOG_FORENSICS_TIMING: '1' },
      });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(/^timing: worker started at the process's start/m.test(r.stderr), jobs !== '1', r.stderr);
      // With two jobs the worker scans the first range (its result is received), and the pool started no other.
      assert.equal(/^timing: received range 0\.0's result/m.test(r.stderr), jobs !== '1', r.stderr);
      assert.equal((r.stderr.match(/^timing: worker started/gm) ?? []).length, jobs === '1' ? 0 : 1, r.stderr);
      return readFileSync(join(out, 'report.json'), 'utf8');
    };
    assert.equal(run('2'), run('1'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a small analyze with two jobs starts no worker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'early-worker-'));
  try {
    const r = spawnSync(process.execPath, [CLI, 'analyze', join(ROOT, 'samples', 'incident.log'), '--year', '2026', '--jobs', '2', '--format', 'json', '--out', dir, '-q'], {
      encoding: 'utf8', env: { ...process.env, MAILLOG_FORENSICS_TIMING: '1' },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /^timing: worker started/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
