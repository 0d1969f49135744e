// Review Z, Z20: yargs' usage errors in the user's words, a mistyped option or command gets the nearest known one,
// and --help's examples are whole commands, each on a line of its own, that can be copied.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

/** `COMMAND --help`, run once per command for the tests that read it. */
const helps = new Map<string, ReturnType<typeof run>>();
function help(command: string): ReturnType<typeof run> {
  let r = helps.get(command);
  if (r === undefined) helps.set(command, r = run([command, '--help']));
  return r;
}

function usageError(args: string[], expected: string): void {
  const r = run(args);
  assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
  assert.equal(r.stderr, `maillog-forensics: ${expected} (see --help)\n`);
  assert.equal(r.stdout, '');
}

test('a missing argument says what to give', () => {
  usageError(['analyze'], 'give the log files to analyze: maillog-forensics analyze maillog maillog.1 maillog.2.gz');
  usageError(['compare', 'reports/before'], 'give the two runs to compare, before then after: maillog-forensics compare reports/before reports/after');
  usageError([], 'Give a command: analyze or compare');
});

test('a mistyped option names the nearest known one, once; an option unlike any is named alone', () => {
  usageError(['analyze', 'x.log', '--langg', 'ja'], 'Unknown argument: langg (--langg: did you mean --lang?)');
  usageError(['analyze', 'x.log', '--redact-kye', 'k'], 'Unknown argument: redact-kye (--redact-kye: did you mean --redact-key?)');
  usageError(['compare', 'a', 'b', '--yeer', '2026'], 'Unknown argument: yeer (--yeer: did you mean --year?)');
  usageError(['analyze', 'x.log', '--zzzzzz', 'k'], 'Unknown argument: zzzzzz');
});

test('a mistyped command names the nearest one; "analyse" is analyze', () => {
  usageError(['anlyze', 'x.log'], 'Did you mean analyze?');
  const out = mkdtempSync(join(tmpdir(), 'mlf-usage-'));
  const r = run(['analyse', join(ROOT, 'samples', 'healthy.log'), '--year', '2026', '-q', '-f', 'json', '-j', '1', '-o', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal((JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { findings: unknown[] }).findings.length, 0);
});

test('--help: each example is a whole command on a line of its own', () => {
  for (const [cmd, first] of [
    ['analyze', 'maillog-forensics analyze maillog maillog.1 maillog.2.gz --out reports/before'],
    ['compare', 'maillog-forensics compare reports/before reports/after --out reports/compare'],
  ] as const) {
    const r = help(cmd);
    assert.equal(r.status, 0);
    const lines = r.stdout.split('\n');
    const at = lines.indexOf('Examples:');
    assert.ok(at > 0, `${cmd}: no Examples`);
    assert.equal(lines[at + 1], `  ${first}`);
    assert.match(lines[at + 2]!, /^ {6}\S/);
  }
});

// Review AJ: --help said --allow-partial forgives a corrupt or truncated .gz only; it forgives an .xz, .bz2, .zst and a
// plain file that shrank while it was read as well (README's option table, docs/analyze-options.md).
test('--help: --allow-partial names every input it forgives, in analyze and compare', () => {
  for (const command of ['analyze', 'compare']) {
    const r = help(command);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout.replace(/\s+/g, ' '), /--allow-partial (Report|Use) what was read from a corrupt or truncated \.gz, \.xz, \.bz2 or \.zst, or a plain file that shrank while it was read, instead of failing/, command);
  }
});
