// Review Z, Z9: analyze into a directory holding the report of another period or other logs (the default
// reports/latest, run before and after a fix) says that the earlier report was replaced and how to keep runs apart;
// the same log analyzed again says nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const INCIDENT = join(ROOT, 'samples', 'incident.log');
const AFTER = join(ROOT, 'samples', 'after-fix.log');

function analyze(log: string, out: string, ...extra: string[]): string {
  const r = spawnSync(process.execPath, [CLI, 'analyze', log, '--year', '2026', '-f', 'json', '-j', '1', '-o', out, ...extra], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stderr;
}

test('a report of another period in --out: the user is told it was replaced, in the report\'s language', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'mlf-replaced-')), 'latest');
  assert.doesNotMatch(analyze(INCIDENT, out), /this run replaced it/);
  assert.doesNotMatch(analyze(INCIDENT, out), /this run replaced it/, 'the same log again');
  const lines = analyze(AFTER, out).split('\n');
  assert.ok(lines.includes(`${out} held the report of 2026-11-25 06:26:21 to 2026-11-28 09:28:17 (${INCIDENT}); this run replaced it. `
    + 'To compare before and after a fix, keep the runs apart: --out reports/before, then --out reports/after.'), lines.join('\n'));
  const ja = analyze(INCIDENT, out, '--lang', 'ja');
  assert.match(ja, /にあった 2026-11-29 00:49:11 から 2026-11-30 19:18:16 までのレポート（.*after-fix\.log）を今回の実行で置き換えました。/);
  assert.equal(analyze(AFTER, out, '-q'), '', '--quiet');
});
