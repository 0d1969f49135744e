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
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const chosen = process.argv.slice(2);
const files = chosen.length > 0
  ? chosen
  : readdirSync(here).filter((name) => name.endsWith('.test.js')).sort().map((name) => join(here, name));

const scratch = mkdtempSync(join(tmpdir(), 'mlf-suite-'));
const child = spawn(process.execPath, ['--test', '--test-reporter=spec', ...files], {
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
