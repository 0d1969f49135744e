// Review AA, F3/F4: a finding's texts show log values as the tables do (UTF-8 decoded once, when the report is built),
// and no control character of the log reaches report.md, report.html or the terminal, commands to paste included.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers.js';
import { displayMixed } from '../src/report/finding-text.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const INCIDENT = join(ROOT, 'samples', 'incident.log');

/** The incident sample with info@example.jp renamed to `name` (written as UTF-8 bytes, as Postfix and Dovecot log it). */
function renamed(name: string): { dir: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mf-finding-text-'));
  const log = join(dir, 'maillog');
  writeFileSync(log, readFileSync(INCIDENT, 'utf8').replaceAll('info@example.jp', name), 'utf8');
  return { dir, log };
}

function analyze(log: string, out: string): { stderr: string; json: any; md: string; html: string } {
  const r = spawnSync(process.execPath, [CLI, 'analyze', log, '--year', '2026', '-j', '1', '-o', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return {
    stderr: r.stderr, json: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')),
    md: readFileSync(join(out, 'report.md'), 'utf8'), html: readFileSync(join(out, 'report.html'), 'utf8'),
  };
}

test('displayMixed: log bytes decoded, our own "×" and "·" kept, bytes that are no UTF-8 shown as \\xNN', () => {
  const latin1 = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');
  assert.equal(displayMixed(`359× ${latin1('情報@例え.jp')} · 3× x`), '359× 情報@例え.jp · 3× x');
  assert.equal(displayMixed('plain ascii'), 'plain ascii');
  assert.equal(displayMixed('j\u00f6rg 2×'), 'j\\xf6rg 2×');
  assert.equal(displayMixed(`${latin1('ö')} 日本`), 'ö 日本', 'text of ours above U+00FF is left as it is');
});

test('a UTF-8 account name reads the same in titles, verdict, commands, evidence, tables and on the terminal', () => {
  const { dir, log } = renamed('情報@例え.jp');
  const r = analyze(log, join(dir, 'out'));
  const f = r.json.findings.find((x: { rule: string }) => x.rule === 'compromised-account');
  assert.equal(f.subject.value, '情報@例え.jp');
  assert.ok(r.json.bySaslUser.some((u: { key: string }) => u.key === f.subject.value), 'the subject is a key of the SASL table');
  assert.match(f.title, /情報@例え\.jp/);
  assert.match(f.fix, /doveadm kick '情報@例え\.jp'/);
  assert.ok(f.examples.some((e: { text: string }) => e.text.includes('sasl_username=情報@例え.jp')));
  assert.match(r.json.overview.verdict, /^The mail account 情報@例え\.jp was taken over/);
  for (const [name, text] of [['stderr', r.stderr], ['report.md', r.md], ['report.html', r.html]] as const) {
    assert.ok(!/æ|ä¾/.test(text), `${name} has the name as latin1 mojibake`);
    assert.ok(text.includes('情報@例え.jp'), name);
  }
  assert.match(r.stderr, /^The mail account 情報@例え\.jp was taken over/m);
});

test('control characters of a log value reach no output: commands and prose of the fix too', () => {
  const { dir, log } = renamed('in\u001b]0;pwned\u0007\u001b[2J@example.jp');
  const r = analyze(log, join(dir, 'out'));
  for (const [name, text] of [['stderr', r.stderr], ['report.md', r.md], ['report.html', r.html]] as const) {
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text), `${name} holds a control character`);
  }
  // The command still names the account, the controls shown as U+FFFD, as in the tables.
  assert.match(r.md, /doveadm kick 'in\uFFFD\]0;pwned\uFFFD\uFFFD\[2J@example\.jp'/);
});
