/**
 * `npm test`: runs every compiled test file with `node --test`, with TMPDIR pointed at one fresh directory that is
 * removed when the suite ends (pass, fail or Ctrl-C). Many tests write logs and reports under `os.tmpdir()`; without
 * this, each run left a few thousand directories in the user's /tmp.
 *
 *   node dist/test/run-suite.js                      # the whole suite
 *   node dist/test/run-suite.js dist/test/x.test.js  # chosen files
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const chosen = process.argv.slice(2);
/**
 * The files that take longest (wall seconds on 2 cores, measured file by file in the thirty-second session: scale 65,
 * browser 35, io-robust 34, rfc3339-offsets 34, review-ab-compare 34, review-ae-words 34, review-aa-input 37,
 * repeat-since-splits 38, out-dir 30, compare 29; browser-compare-ja 32, measured when it was added) start first, so
 * that the suite does not end on one of them alone.
 */
const LONGEST_FIRST = ['scale', 'repeat-since-splits', 'review-aa-input', 'browser', 'browser-compare-ja', 'io-robust', 'rfc3339-offsets',
  'review-ab-compare', 'review-ae-words', 'out-dir', 'compare', 'hostile', 'review-r5', 'compressed-inputs'];
const rank = (name: string): number => {
  const i = LONGEST_FIRST.indexOf(name.slice(0, -'.test.js'.length));
  return i < 0 ? LONGEST_FIRST.length : i;
};
const files = chosen.length > 0
  ? chosen
  : readdirSync(here).filter((name) => name.endsWith('.test.js')).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => join(here, name));

// Two files at a time on two cores (node --test's default is one fewer than the cores): many tests wait on a child
// process, a worker or a browser (the thirty-second session, file by file: 812 s of CPU in 1,180 s of wall). `.ci/run`
// on a fresh clone, the machine otherwise idle: 1,594 tests in 451 s two at a time, where one at a time had taken
// 1,100 s for 1,485 tests in the session before. No test asserts a duration, and the whole suite also passed two at a
// time beside four other busy processes (load 7-13).
const scratch = mkdtempSync(join(tmpdir(), 'mlf-suite-'));
const child = spawn(process.execPath, ['--test', `--test-concurrency=${availableParallelism()}`, '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env: { ...process.env, TMPDIR: scratch, TMP: scratch, TEMP: scratch },
});

// Ctrl-C reaches the child too (same process group): wait for it to stop, then clean up.
const ignore = (): void => {};
process.on('SIGINT', ignore);
process.on('SIGTERM', () => child.kill('SIGTERM'));

child.on('exit', (code, signal) => {
  rmSync(scratch, { recursive: true, force: true });
  process.exitCode = code ?? (signal ? 1 : 0);
});
