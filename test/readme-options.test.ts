// Review Z, Z21: the README's option table of `analyze` is the options of `analyze --help`, one row each and one line
// a row, and every option the README names anywhere is an option of `analyze` or `compare`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The long options of a command's --help ("  -o, --out  …", "      --year  …"), in their order. */
function helpOptions(command: string): string[] {
  const r = spawnSync(process.execPath, [CLI, command, '--help'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return [...r.stdout.matchAll(/^ {2}(?:-\w, )?\s*(--[a-z][a-z-]*)\b/gm)].map((m) => m[1]!);
}

/** The rows of the option table under "## The `analyze` command": the first cell, and the whole row. */
function tableRows(): Array<{ cell: string; row: string }> {
  const at = README.indexOf('## The `analyze` command');
  assert.ok(at >= 0, 'no analyze section');
  const section = README.slice(at, README.indexOf('\n## ', at + 1));
  const table = section.slice(section.indexOf('| option | meaning |'));
  const rows = table.split('\n').slice(2);
  const end = rows.findIndex((l) => !l.startsWith('|'));
  return rows.slice(0, end).map((row) => ({ cell: /^\| `([^`]*)`/.exec(row)?.[1] ?? '', row }));
}

test('README: the analyze option table has a row for each option of analyze --help and no other, in the same order', () => {
  const help = helpOptions('analyze').filter((o) => o !== '--version' && o !== '--help');
  const rows = tableRows();
  assert.equal(rows[0]!.cell, 'files', 'the positional first');
  const named = rows.slice(1).map((r) => /(--[a-z][a-z-]*)/.exec(r.cell)?.[1] ?? r.cell);
  assert.deepEqual(named, help);
  // The short forms agree too: "-o, --out DIR" where --help has "-o, --out".
  const r = spawnSync(process.execPath, [CLI, 'analyze', '--help'], { encoding: 'utf8' });
  for (const m of r.stdout.matchAll(/^ {2}(-\w), (--[a-z-]+)/gm)) {
    if (m[2] === '--help') continue;
    assert.ok(rows.some((x) => x.cell.startsWith(`${m[1]}, ${m[2]}`)), `${m[1]}, ${m[2]}`);
  }
  // --help and --version are named beside the table.
  assert.ok(README.includes('`--help` shows these options, `--version` the version'));
});

test('README: each option row is one short line; the edge cases are in docs/analyze-options.md, which exists', () => {
  for (const { cell, row } of tableRows()) {
    const meaning = row.replace(/^\|[^|]*\|/, '').replace(/\|\s*$/, '');
    const words = meaning.trim().split(/\s+/).length;
    assert.ok(words <= 40, `${cell}: ${words} words`);
  }
  assert.ok(README.includes('[docs/analyze-options.md](docs/analyze-options.md)'));
  const doc = readFileSync(join(ROOT, 'docs', 'analyze-options.md'), 'utf8');
  // What left the table is there: the inputs skipped, the clock of --since, trailing gzip bytes.
  for (const must of ['split/same-content.ts', 'aggregate/overlap.ts', 'A zone such as `Z` or `+09:00` is refused', 'trailing garbage ignored']) {
    assert.ok(doc.includes(must), must);
  }
  // Its links to other docs resolve.
  for (const m of doc.matchAll(/\]\(([a-z-]+\.md)(#[^)]*)?\)/g)) assert.ok(existsSync(join(ROOT, 'docs', m[1]!)), m[1]);
});

test('README: every option it names is an option of analyze or compare (a link anchor, node\'s and npm\'s own options aside)', () => {
  const known = new Set([...helpOptions('analyze'), ...helpOptions('compare')]);
  const text = README
    .replace(/\]\([^)]*\)/g, '](…)') // link targets: "#a-reused---out-directory"
    .replace(/NODE_OPTIONS=--[a-z-]+(=\S*)?/g, '')
    .replace(/\bnode --test\b/g, 'node');
  const named = new Set([...text.matchAll(/(?<![\w-])(--[a-z][a-z-]*)/g)].map((m) => m[1]!));
  assert.ok(named.size >= 20, [...named].join(' '));
  for (const o of named) assert.ok(known.has(o), `README names ${o}, which neither analyze --help nor compare --help has`);
});

test('README quick start: how to run from a clone, and an incident from before to after with --baseline', () => {
  const at = README.indexOf('## Quick start');
  const quick = README.slice(at, README.indexOf('\n## ', at + 1));
  assert.ok(quick.includes('`node dist/src/cli.js analyze …`'), quick);
  assert.ok(quick.includes('`npm link`'), quick);
  const lines = quick.split('\n');
  const before = lines.findIndex((l) => /^maillog-forensics analyze .* --out reports\/before\b/.test(l));
  const after = lines.findIndex((l) => /^maillog-forensics analyze .* --out reports\/after --baseline reports\/before\b/.test(l));
  assert.ok(before >= 0 && after > before && after - before <= 4, quick);
  assert.ok(lines.slice(before, after).some((l) => l.includes('reports/before/report.html')), quick);
});
