// The many-inputs fix of split/same-content.ts (79e71e9: a year of daily logs, 365 plain files, spent 248.8 s before
// the scan, then 1.2 s), held by counting its reads rather than timing them: a file that ends before another starts
// is passed over by its last time, read once per file; of two files that overlap, the smaller's first line is looked
// for before its 32 checked lines are read, and those are read once per file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSameContent } from '../src/split/same-content.js';
import type { ContentProbe } from '../src/split/same-content.js';
import { readAtCalls } from '../src/split/read-at.js';
import { newHeader, newYearRule, parseHeader } from '../src/parse/header.js';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);

/** An RFC 3339 line of `host` at `at` (UTC), as rsyslog's RSYSLOG_FileFormat writes it. */
function line(at: number, host: string, n: number): string {
  return `${new Date(at).toISOString().replace('Z', '+00:00')} ${host} postfix/smtpd[${1000 + n}]: connect from unknown[192.0.2.${n % 250}]`;
}

function probe(dir: string, name: string, lines: string[]): ContentProbe {
  const path = join(dir, name);
  const text = lines.join('\n') + '\n';
  writeFileSync(path, text);
  const years = newYearRule(2026, 0, true);
  const h = newHeader();
  assert.ok(parseHeader(lines[0]!, h, years, new Map()), lines[0]);
  return { path, kind: 'plain', bytes: Buffer.byteLength(text), years, firstLine: lines[0]!, firstAt: h.at };
}

/** Reads findSameContent makes for `probes`, and what it found. */
function counted(probes: ContentProbe[]): { reads: number; found: number } {
  const before = readAtCalls.count;
  const found = findSameContent(probes).length;
  return { reads: readAtCalls.count - before, found };
}

test('a year of daily logs (older files larger): each file read about once, not once per pair', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-same-work-'));
  const days = 150;
  const probes: ContentProbe[] = [];
  for (let d = 0; d < days; d++) {
    // An older file is larger, so that every pair is a candidate (a larger file that starts no later).
    const count = 40 + (days - d);
    probes.push(probe(dir, `maillog-${d}`, Array.from({ length: count }, (_, k) => line(START + d * DAY + Math.floor((k * DAY) / count), 'mail', k))));
  }
  const { reads, found } = counted(probes);
  assert.equal(found, 0);
  // 11,175 candidate pairs: before the fix each read the smaller file's 32 lines (hundreds of thousands of reads);
  // now each file's last line is read once (one read for a file under 64 KiB).
  assert.ok(reads <= 2 * days, `${reads} reads for ${days} files`);
});

test('files that overlap in time and hold other lines: the first line is looked for before the checked lines are read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-same-work-'));
  const files = 40;
  const probes: ContentProbe[] = [];
  for (let f = 0; f < files; f++) {
    // One day of each of 40 hosts (a central syslog's files, one per host): none holds another's lines.
    const count = 100 + (files - f);
    probes.push(probe(dir, `host-${f}.log`, Array.from({ length: count }, (_, k) => line(START + Math.floor((k * DAY) / count), `host${f}`, k))));
  }
  const { reads, found } = counted(probes);
  assert.equal(found, 0);
  const pairs = (files * (files - 1)) / 2;
  // Per pair, one read where the first line would be (the files are under 64 KiB); per file, its last line. Reading
  // the 32 checked lines per pair first, as before, made 32 reads a pair.
  assert.ok(reads <= pairs + 2 * files, `${reads} reads for ${pairs} pairs of ${files} files`);
});

test('a file whose lines are all in a larger one is still found (the counts are no shortcut)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-same-work-'));
  const all = Array.from({ length: 3000 }, (_, k) => line(START + k * 20_000, 'mail', k));
  const big = probe(dir, 'mail.log', all);
  const warn = probe(dir, 'mail.warn', all.filter((_, k) => k % 9 === 4));
  const before = readAtCalls.count;
  assert.deepEqual(findSameContent([big, warn]), [{ path: warn.path, as: big.path, how: 'inside' }]);
  assert.ok(readAtCalls.count - before > 32, 'its 32 checked lines were read and looked for');
});
