// The refusals of an input this tool does not read (split/magic.ts: a zip, a tar, xz data without xz) are found
// while the inputs are resolved, before the report's language is used: `--lang ja` got them in English. Each is
// worded in the run's language (i18n/input-refusals.ts), for analyze and for a side of compare; exit 2 as before.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT } from './helpers.js';

const SAMPLE = join(ROOT, 'samples', 'incident.log');

function cli(args: string[], opts: { input?: Buffer; env?: NodeJS.ProcessEnv } = {}): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input: opts.input, env: opts.env ?? process.env, timeout: 60_000, killSignal: 'SIGKILL' });
  return { code: r.status, stderr: r.stderr };
}

test('--lang ja: a zip input, xz data without xz (a file, standard input) and a zip side of compare are refused in Japanese, exit 2', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-refusal-lang-'));
  const body = readFileSync(SAMPLE).subarray(0, 4000);
  // A zip's local file header "PK\x03\x04"; xz's magic FD 37 7A 58 5A 00: read no further than these.
  const zip = join(dir, 'maillog.zip');
  writeFileSync(zip, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), body]));
  const xzData = Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), body]);
  const xz = join(dir, 'maillog.2.xz');
  writeFileSync(xz, xzData);
  // No xz on PATH: an empty directory (as compressed-inputs.test.ts simulates a laptop without the program).
  const empty = join(dir, 'no-programs');
  mkdirSync(empty);
  const noXz = { ...process.env, PATH: empty };
  const out = join(dir, 'out');

  const zipRun = cli(['analyze', zip, '-q', '--lang', 'ja', '--out', out]);
  assert.equal(zipRun.code, 2, zipRun.stderr);
  assert.equal(zipRun.stderr, `maillog-forensics: ${zip}: zip アーカイブで、読み込めません。先にログを取り出してください: unzip -p ${zip} | maillog-forensics analyze -\n`);

  const xzRun = cli(['analyze', xz, '-q', '--lang', 'ja', '--out', out], { env: noXz });
  assert.equal(xzRun.code, 2, xzRun.stderr);
  assert.equal(xzRun.stderr, `maillog-forensics: ${xz}: xz で圧縮されていますが、xz コマンドがインストールされていません`
    + '（apt-get install xz-utils または dnf install xz でインストールしてください）。'
    + `または xz のある環境で展開し（xz -dc ${xz} > ${join(dir, 'maillog.2')}）、代わりにそのファイルを指定してください\n`);

  const stdinRun = cli(['analyze', '-', '-q', '--lang', 'ja', '--out', out], { env: noXz, input: xzData });
  assert.equal(stdinRun.code, 2, stdinRun.stderr);
  assert.equal(stdinRun.stderr, 'maillog-forensics: 標準入力: xz で圧縮されていますが、xz コマンドがインストールされていません'
    + '（apt-get install xz-utils または dnf install xz でインストールしてください）。'
    + 'または先に展開してください: xz -dc FILE | maillog-forensics analyze -\n');

  const compareRun = cli(['compare', zip, SAMPLE, '-q', '--lang', 'ja', '--out', join(dir, 'cmp')]);
  assert.equal(compareRun.code, 2, compareRun.stderr);
  assert.equal(compareRun.stderr, `maillog-forensics: ${zip}: zip で圧縮されていて、読み込めません。先に展開し（unzip -p ${zip} > ${join(dir, 'maillog')}）、そのファイルを比較してください\n`);

  // English without --lang ja, word for word as before.
  const en = cli(['analyze', zip, '-q', '--lang', 'en', '--out', out]);
  assert.equal(en.stderr, `maillog-forensics: ${zip}: a zip archive, which is not read; extract its log first: unzip -p ${zip} | maillog-forensics analyze -\n`);
});
