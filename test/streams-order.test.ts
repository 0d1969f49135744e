// Standard input and pipes keep their command-line place (they are not read ahead to be ordered by time): a pipe
// read after a later part of the same log is warned about (run.ts streamsOutOfOrder; review X, pre-existing).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../src/report/model.js';
import { ROOT } from './helpers.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');

/** analyze through bash, so that `<(cat …)` gives pipes; returns the report. */
function analyzeShell(inputs: string, out: string): Report {
  const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" analyze ${inputs} --year 2026 -q -f json -o "${out}"`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
}

test('pipes of one log given newest first are warned about; oldest first, or a file and a pipe in order, are not', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-streams-'));
  const lines = readFileSync(join(ROOT, 'samples', 'incident.log'), 'utf8').split('\n');
  // Cut at line 6000, inside one second (08:49:30 on both sides), as a rotation's seam often is.
  const older = join(dir, 'maillog.1');
  const newer = join(dir, 'maillog');
  writeFileSync(older, lines.slice(0, 6000).join('\n') + '\n');
  writeFileSync(newer, lines.slice(6000).join('\n'));
  const reversed = analyzeShell(`<(cat "${newer}") <(cat "${older}")`, join(dir, 'reversed'));
  const warned = reversed.warnings.filter((w) => w.includes('but its lines all come before'));
  assert.equal(warned.length, 1, reversed.warnings.join('\n'));
  assert.match(warned[0]!, /^\/dev\/fd\/\d+ was read after \/dev\/fd\/\d+, but its lines all come before \(up to 2026-11-28 08:49:30, where \/dev\/fd\/\d+ starts at 2026-11-28 08:49:30\): standard input and pipes keep their place/);
  for (const [name, inputs] of [['ordered', `<(cat "${older}") <(cat "${newer}")`], ['file-then-pipe', `"${older}" <(cat "${newer}")`]] as const) {
    const r = analyzeShell(inputs, join(dir, name));
    assert.ok(!r.warnings.some((w) => w.includes('but its lines all come before')), `${name}: ${r.warnings.join('\n')}`);
  }
});
