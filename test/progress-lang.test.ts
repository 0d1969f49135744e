// The progress and phase lines on a terminal speak the report's language: with --lang ja they stayed English
// ("scanning 12 MB / 40 MB (30%)", "merging 3 ranges …") under a Japanese report and summary. A fake terminal
// stream (isTTY, write) takes what a user would see; the CLI under script(1) shows the same in a real terminal.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endPhaseLine, newProgress, phaseLine, setPhaseLines } from '../src/progress.js';
import { progressWords } from '../src/i18n/progress.js';
import type { Phase } from '../src/i18n/progress.js';
import { ROOT } from './helpers.js';

/** A terminal that keeps what is written to it. */
function fakeTty(isTTY = true): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = { isTTY, write: (s: string) => { chunks.push(s); return true; } } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join('') };
}

const PHASES: Phase[] = [{ kind: 'merging', ranges: 3 }, { kind: 'stitching' }, { kind: 'detecting' }, { kind: 'writingReport' }, { kind: 'writingComparison' }];

test('phase lines in Japanese with --lang ja, in English otherwise; none on a stream that is not a terminal', () => {
  for (const [lang, expected] of [
    ['ja', ['3 個の範囲を統合しています', 'メッセージをまとめています', '検出しています', 'レポートを書き出しています', '比較結果を書き出しています']],
    ['en', ['merging 3 ranges', 'putting the messages together', 'detecting', 'writing the report', 'writing the comparison']],
  ] as const) {
    const tty = fakeTty();
    setPhaseLines(true, tty.stream, lang);
    for (const p of PHASES) phaseLine(p);
    endPhaseLine();
    assert.equal(tty.text(), `${expected.map((t) => `\r\x1b[K${t} …`).join('')}\r\x1b[K`, lang);
  }
  const piped = fakeTty(false);
  setPhaseLines(true, piped.stream, 'ja');
  phaseLine({ kind: 'detecting' });
  endPhaseLine();
  assert.equal(piped.text(), '');
  setPhaseLines(false);
});

test('the progress line in Japanese with --lang ja: bytes, share, rate and time left; re-reading for a second read', () => {
  const ja = fakeTty();
  const p = newProgress(40e6, true, ja.stream, false, 'ja');
  p.add(12e6); // the first add draws at once
  p.done();
  assert.match(ja.text(), /^\r\x1b\[K読み込み中 12 MB \/ 40 MB（30%）、\d+ MB\/s(、残り約 \d+ 秒)?\r\x1b\[K$/);
  assert.doesNotMatch(ja.text(), /scanning|ETA/);
  const again = fakeTty();
  newProgress(40e6, true, again.stream, true, 'ja').add(1e6);
  assert.match(again.text(), /^\r\x1b\[K再読み込み中 1 MB \/ 40 MB（3%）/);
  const en = fakeTty();
  newProgress(40e6, true, en.stream, false).add(12e6);
  assert.match(en.text(), /^\r\x1b\[Kscanning 12 MB \/ 40 MB \(30%\), \d+ MB\/s(, ETA \d+ s)?$/);
  const off = fakeTty();
  newProgress(40e6, false, off.stream, false, 'ja').add(12e6);
  assert.equal(off.text(), '');
  // Every sentence in both languages, with nothing of the other's words.
  for (const lang of ['en', 'ja'] as const) {
    const w = progressWords(lang);
    const all = [w.sameLines([{ path: 'maillog.1', as: 'maillog-20261120.gz' }]), w.clockBack(1), w.clockBack(2), w.sameTime({ small: 'a', big: 'b' }),
      w.scan({ again: false, doneMb: '1', totalMb: null, pct: '0', rate: '5', eta: null }), ...PHASES.map((x) => w.phase(x))];
    for (const s of all) {
      assert.ok(s.length > 0);
      if (lang === 'ja') assert.match(s, /[\u3040-\u30ff\u4e00-\u9fff]/, s);
      else assert.doesNotMatch(s, /[\u3040-\u30ff\u4e00-\u9fff]/, s);
    }
  }
});

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

test('--lang ja on a terminal: the phase lines of a run are Japanese', { skip: !hasScript && 'no script(1)', timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-progress-ja-'));
  try {
    const args = ['analyze', join(ROOT, 'samples', 'incident.log'), '--year', '2026', '-f', 'json', '--jobs', '2', '--range-bytes', '500000', '--lang', 'ja', '--out', join(dir, 'o')];
    const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
    const tty = spawnSync('script', ['-qfc', [process.execPath, join(ROOT, 'dist', 'src', 'cli.js'), ...args].map(q).join(' '), '/dev/null'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(tty.status, 0, tty.stdout);
    const phases = [...tty.stdout.matchAll(/\r\x1b\[K([^\r…]+) …/g)].map((m) => m[1]);
    assert.deepEqual(phases, ['3 個の範囲を統合しています', 'メッセージをまとめています', '検出しています', 'レポートを書き出しています']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
