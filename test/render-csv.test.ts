import { test } from 'node:test';
import assert from 'node:assert/strict';
import Papa from 'papaparse';
import { renderCsv, csvCell } from '../src/render/csv.js';
import { fixtureReport, golden, emptyReport } from './fixtures/render/reports.js';

const TABLES = ['bySaslUser', 'byClientIp', 'bySender', 'bySenderDomain', 'byRecipientDomain', 'byRelay', 'byStatus', 'deferralReasons',
  'bounceReasons', 'rejectReasons', 'authFailuresByUser', 'dovecotAuthFailuresByUser', 'hourly', 'stillQueued', 'findings'];

function parse(content: string | Buffer): string[][] {
  const text = String(content);
  assert.ok(text.startsWith('\uFEFF'), 'CSV files start with a UTF-8 byte-order mark (Excel)');
  const res = Papa.parse<string[]>(text.slice(1), { newline: '\r\n', skipEmptyLines: true });
  assert.deepEqual(res.errors, []);
  return res.data;
}

test('csv/*.csv of the fixture report match their golden files byte for byte', async () => {
  for (const f of renderCsv(await fixtureReport())) golden(f.path, String(f.content));
});

test('every table of the report has a CSV file with a header row, even when empty', async () => {
  for (const r of [await fixtureReport(), await emptyReport()]) {
    const files = new Map(renderCsv(r).map((f) => [f.path, f.content]));
    for (const t of TABLES) {
      const content = files.get(`csv/${t}.csv`);
      assert.ok(content !== undefined, `csv/${t}.csv is missing`);
      const rows = parse(content);
      assert.ok(rows.length >= 1 && rows[0]!.length >= 2, `csv/${t}.csv has no header`);
      assert.equal(rows.length - 1, ((r as unknown as Record<string, unknown[]>)[t] ?? []).length, `csv/${t}.csv row count`);
      for (const row of rows) assert.equal(row.length, rows[0]!.length, `csv/${t}.csv: ragged row ${row.join(',').slice(0, 80)}`);
    }
  }
});

test('cells that a spreadsheet would run as a formula get a leading apostrophe', async () => {
  const files = new Map(renderCsv(await fixtureReport()).map((f) => [f.path, parse(f.content)]));
  const senders = files.get('csv/bySender.csv')!.map((row) => row[0]);
  assert.ok(senders.includes(`'=HYPERLINK("http://evil.example","x")@example.jp`), senders.join(' / '));
  assert.ok(senders.includes("'+1-555@example.jp"));
  assert.ok(senders.includes("'@home@example.jp"));
  assert.ok(senders.includes("' tab@example.jp"), 'a leading tab is defused, then replaced');
  const reasons = files.get('csv/deferralReasons.csv')!.map((row) => row[0]);
  assert.ok(reasons.includes("'=cmd|' /C calc'!A0"));
  // Arrays are joined with spaces, and the joined text is checked too.
  const users = files.get('csv/bySaslUser.csv')!;
  const col = users[0]!.indexOf('topSenders');
  assert.equal(users[1]![col], `info@example.jp =HYPERLINK("http://evil.example","x")@example.jp`);
  assert.equal(users[4]![col], "'-cmd|' /C calc'!A0@example.jp");
  for (const [path, rows] of files) {
    for (const row of rows) for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `${path}: ${cell.slice(0, 60)}`);
  }
});

test('CSV keeps hostile text intact but quoted, and without control characters', async () => {
  const files = renderCsv(await fixtureReport());
  const raw = files.map((f) => String(f.content)).join('\n');
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(raw, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/, 'a control character (ESC …) reached a CSV file');
  const users = parse(files.find((f) => f.path === 'csv/bySaslUser.csv')!.content);
  assert.equal(users[3]![0], 'u'.repeat(10000), 'the 10,000-character user name round-trips');
  assert.equal(users[2]![0], '<script>alert(1)</script>');
  const reasons = parse(files.find((f) => f.path === 'csv/deferralReasons.csv')!.content);
  assert.equal(reasons[2]![0], '\uFFFD[31m| pipes | `tick` [link](http://evil.example) <b>bold</b> & more');
  assert.match(String(files.find((f) => f.path === 'csv/bySender.csv')!.content), /"'=HYPERLINK\(""http:\/\/evil\.example"",""x""\)@example\.jp"/,
    'quotes inside a cell are doubled and the cell is quoted');
});

test('csvCell: numbers stay numbers, nulls are empty, arrays are joined', () => {
  assert.equal(csvCell(-5), -5);
  assert.equal(csvCell(null), '');
  assert.equal(csvCell(['a', 'b']), 'a b');
  assert.equal(csvCell('-x'), "'-x");
  assert.equal(csvCell('\rx'), "'\uFFFDx");
});
