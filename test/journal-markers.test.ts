// journalctl's marker lines ("-- Boot … --") are ignored, not unparsed (review 8 L7); everything else is as from
// the same log without them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, report } from './helpers.js';
import { isJournalMarker } from '../src/parse/journal.js';

test('journalctl markers are recognised; a line that only looks alike is not', () => {
  for (const m of [
    '-- Journal begins at Mon 2026-11-23 10:00:01 JST, ends at Sat 2026-11-28 22:20:49 JST. --',
    '-- Logs begin at Mon 2026-11-23 10:00:01 JST, end at Sat 2026-11-28 22:20:49 JST. --',
    '-- Boot 0f3c2d1e4b5a46789abcdef012345678 --',
    '-- Reboot --',
    '-- No entries --',
  ]) assert.ok(isJournalMarker(m), m);
  for (const l of ['--', '-- --x', '--Boot--', 'Nov 28 22:15:32 mail postfix/smtpd[1]: -- x --']) assert.ok(!isJournalMarker(l), l);
});

test('a journalctl -o short-iso export with its markers: the markers are ignored lines, the counts unchanged', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-journal-'));
  const lines = readFileSync(join(ROOT, 'samples', 'rfc3339', 'incident.log'), 'latin1').split('\n').filter((l) => l !== '');
  const half = Math.floor(lines.length / 2);
  const marked = [
    '-- Journal begins at Mon 2026-11-23 10:00:01 JST, ends at Sat 2026-11-28 22:20:49 JST. --',
    ...lines.slice(0, half),
    '-- Boot 0f3c2d1e4b5a46789abcdef012345678 --',
    ...lines.slice(half),
  ];
  writeFileSync(join(dir, 'plain'), lines.join('\n') + '\n', 'latin1');
  writeFileSync(join(dir, 'marked'), marked.join('\n') + '\n', 'latin1');
  const a = await report([join(dir, 'plain')]);
  const b = await report([join(dir, 'marked')]);
  assert.equal(b.lines.total, a.lines.total + 2);
  assert.equal(b.lines.ignored, a.lines.ignored + 2);
  assert.equal(b.lines.unparsed, a.lines.unparsed);
  assert.deepEqual(b.totals, a.totals);
});
