// Review AA, F16: SIGTERM (`timeout`, systemd, a CI job cancelled) and SIGHUP while the report is written end the run
// as Ctrl-C does: the temporary files are removed, one line on stderr, exit 128 + the signal's number, and the
// earlier run's files in --out stay as they were. Before, SIGTERM left a full-size report.json.tmp-PID and no word.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const HEALTHY = join(ROOT, 'samples', 'healthy.log');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name).slice(dir.length + 1)).sort();
}

/** Failed logins from `n` distinct IPs: a report.json of megabytes, whose writing takes long enough to be caught. */
function manyIps(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const s = i % 60;
    const m = Math.floor(i / 60) % 60;
    const h = Math.floor(i / 3600) % 24;
    const t = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
    lines.push(`Nov 28 ${t} mail postfix/smtpd[${1000 + (i % 30000)}]: warning: unknown[${(i >> 16) + 11}.${(i >> 8) & 255}.${i & 255}.7]: `
      + `SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=user${i % 1000}@example.jp`);
  }
  return `${lines.join('\n')}\n`;
}

const EXIT: Record<string, number> = { SIGTERM: 143, SIGHUP: 129 };

test('SIGTERM and SIGHUP while the report is written: temporary files removed, one line, exit 143 / 129, the earlier report kept', { timeout: 240_000 }, async () => {
  const base = mkdtempSync(join(tmpdir(), 'mf-signals-'));
  try {
    const log = join(base, 'many.log');
    writeFileSync(log, manyIps(60_000));
    const out = join(base, 'out');
    assert.equal(spawnSync(process.execPath, [CLI, 'analyze', HEALTHY, '--out', out, '-q']).status, 0);
    const before = filesUnder(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]);
    for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
      const child = spawn(process.execPath, [CLI, 'analyze', log, '--year', '2026', '--out', out, '-q', '-j', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
      const end = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
        child.on('exit', (code, sig) => resolve({ code, signal: sig }));
      });
      let exited = false;
      void end.then(() => { exited = true; });
      // The first temporary file in --out: the write has begun.
      while (!exited && !readdirSync(out).some((f) => f.includes('.tmp-'))) await new Promise((r) => setTimeout(r, 2));
      assert.equal(exited, false, `the run ended before a temporary file was seen: ${stderr}`);
      child.kill(signal);
      const got = await end;
      assert.deepEqual(got, { code: EXIT[signal], signal: null }, stderr);
      assert.equal(stderr, `maillog-forensics: interrupted by ${signal}; no report written\n`);
      assert.deepEqual(filesUnder(out).filter((f) => f.includes('.tmp-')), [], `${signal}: temporary files left`);
      assert.deepEqual(filesUnder(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]), before, signal);
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
