// The CLI and its two worker entries run as esbuild bundles (src/build-bundle.ts): one file each instead of a graph of
// ~300 ES modules. These tests check that they are bundles, that the bundled code still finds the files it reads
// beside its own modules (yargs' locales, the prose fragments), and that it gives the same report as the modules.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI, ROOT, report } from './helpers.js';
import { WORKER_FILE } from '../src/workers/early-worker.js';
import { CHART_WORKER_FILE } from '../src/workers/chart-start.js';
import { renderJson } from '../src/render/index.js';

/** A relative import (`from "./x.js"`, `import("../y.js")`): a module graph, not a bundle. */
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*)["']\.\.?\//;

test('the CLI and the scan and chart workers are single files that import only Node, packages outside the bundle', () => {
  for (const file of [CLI, WORKER_FILE, CHART_WORKER_FILE]) {
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, RELATIVE_IMPORT, file);
    assert.ok(text.length > 4000, `${file}: ${text.length} bytes`);
  }
  // The scan worker's own code is in it (the tsc output of scan-worker.ts imports it).
  assert.match(readFileSync(WORKER_FILE, 'utf8'), /function createScanner\b/);
  // The tsc output of the modules is left as it was: the tests import them one by one.
  assert.match(readFileSync(join(ROOT, 'dist', 'src', 'commands.js'), 'utf8'), RELATIVE_IMPORT);
});

test('bundled yargs finds its locale files beside its own modules: --help in Japanese and German', () => {
  const ja = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8', env: { ...process.env, LC_ALL: '', LANG: 'ja_JP.UTF-8' } });
  assert.equal(ja.status, 0, ja.stderr);
  assert.match(ja.stdout, /^オプション:$/m);
  assert.match(ja.stdout, /バージョンを表示/);
  const de = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8', env: { ...process.env, LC_ALL: '', LANG: 'de_DE.UTF-8' } });
  assert.equal(de.status, 0, de.stderr);
  assert.match(de.stdout, /^Optionen:$/m);
});

test('the bundled CLI writes the report.json the modules give in-process (samples/incident.log)', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'mlf-bundle-')), 'r');
  const run = spawnSync(process.execPath, [CLI, 'analyze', join(ROOT, 'samples', 'incident.log'), '--year', '2026', '-f', 'json', '-q', '-o', out], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const fromCli = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Record<string, unknown>;
  const inProcess = JSON.parse(renderJson(await report([join(ROOT, 'samples', 'incident.log')], { year: 2026, top: 50 }))) as Record<string, unknown>;
  assert.ok(Array.isArray(fromCli.findings) && fromCli.findings.length > 3);
  delete fromCli.tool;
  delete inProcess.tool;
  assert.deepEqual(fromCli, inProcess);
});
