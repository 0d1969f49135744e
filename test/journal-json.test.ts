// Journal exports (journalctl -o json, json-seq, json-pretty, export) are read as the syslog lines of their entries.
// The fixtures (test/fixtures/journal/README.md) are one real systemd 252 journal exported by journalctl in each
// format, and as text with `TZ=UTC journalctl -a -o short-iso-precise`: 60 entries, 55 of them the first Postfix and
// Dovecot lines of the corpus incident sent as syslog(3) sends them, a CRON entry, journald's own, a Dovecot line whose
// MESSAGE is Latin-1 ("passwd-file(m\xfcller,…)": a byte array in -o json) and a UTF-8 header_checks subject.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CLI, ROOT, readJson, report, runCli } from './helpers.js';
import type { Report } from '../src/report/model.js';
import { journalFormat } from '../src/split/journal-format.js';
import { jsonFieldBytes, syslogLine } from '../src/split/journal-entry.js';
import { journalClock, stampOffset } from '../src/split/journal-zone.js';
import { parseLocalTime } from '../src/time.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'journal');
const JSON_EXPORT = join(FIXTURES, 'mail.json');
const TEXT_EXPORT = join(FIXTURES, 'mail.short-iso-precise.log');
// The same lines sent by a sender in TZ=Asia/Tokyo (README.md): SYSLOG_TIMESTAMP "Dec  1 09:30:22 " at 00:30:22 UTC.
const TOKYO_JSON = join(FIXTURES, 'tokyo.json');
const TOKYO_EXPORT = join(FIXTURES, 'tokyo.export.gz');
const TOKYO_TEXT = join(FIXTURES, 'tokyo.short-iso-precise.log');
// Sent across a DST change (TZ=XST-9XDT-10 whose summer time began during the run): 21 lines at +0900, 39 at +1000.
const DST_JSON = join(FIXTURES, 'dst.json');
const DST_TEXT = join(FIXTURES, 'dst.short-iso-precise.log');
const tmp = (): string => mkdtempSync(join(tmpdir(), 'mlf-journal-json-'));

/**
 * A report's figures: everything but the inputs and the build, with each quoted line's place in its file (byte
 * offset, line, file) left out, since the export's bytes are not the text's. The quoted lines themselves are equal:
 * an entry's line is written as systemd 252's journalctl -o short-iso-precise prints it ("+0000", strftime %z).
 */
function figures(r: Report): unknown {
  const { inputs: _i, tool: _t, ...rest } = r;
  return placeless(rest);
}

/** `x` with each quoted line's byte offset, line and file left out. */
function placeless(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'text' in value && 'line' in value) {
      const { offset: _o, line: _l, file: _f, ...e } = value as { text: string; offset: number; line: number; file: number };
      return e;
    }
    return value;
  }));
}

/** Every quoted line of a report (evidence, tables, unparsed samples), with its place. */
function examples(r: unknown): Array<{ file: number; line: number; text: string }> {
  const out: Array<{ file: number; line: number; text: string }> = [];
  JSON.stringify(r, (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'text' in v && 'line' in v) out.push(v as { file: number; line: number; text: string });
    return v;
  });
  return out;
}

test('journal exports are told from their first bytes; syslog lines and other JSON logs are not', () => {
  const head = (s: string): Buffer => Buffer.from(s, 'latin1');
  assert.equal(journalFormat(readFileSync(JSON_EXPORT)), 'json');
  assert.equal(journalFormat(gunzipSync(readFileSync(join(FIXTURES, 'mail.json-seq.gz')))), 'json-seq');
  assert.equal(journalFormat(gunzipSync(readFileSync(join(FIXTURES, 'mail.json-pretty.gz')))), 'json-pretty');
  assert.equal(journalFormat(gunzipSync(readFileSync(join(FIXTURES, 'mail.export.gz')))), 'export');
  // systemd before 240 (CentOS 7) spaced its keys: { "__CURSOR" : "s=…", "__REALTIME_TIMESTAMP" : "…", … }
  assert.equal(journalFormat(head('{ "__CURSOR" : "s=a1b2;i=1", "__REALTIME_TIMESTAMP" : "1401271640138421" }\n')), 'json');
  for (const other of [
    'Nov 28 22:15:30 mail postfix/smtpd[21695]: connect from unknown[127.66.108.36]\n',
    '2026-11-28T22:15:28.617922+09:00 mail postfix/smtpd[1]: connect from unknown[1.2.3.4]\n',
    '{"log":"Nov 28 22:15:30 mail postfix/smtpd[1]: connect\\n","stream":"stdout"}\n', // docker's json-file
    '{"message":"x"}\n', '{"1ST":"x"}\n', '{}\n', '{', '__CURSOR', 'MESSAGE=hello\n', '',
  ]) assert.equal(journalFormat(head(other)), null, other);
});

test('an entry becomes the line journalctl -o short-iso-precise prints, in UTC without a syslog stamp, with its MESSAGE bytes as they are', () => {
  const line = (o: Record<string, unknown>): string | null => syslogLine((k) => jsonFieldBytes(o[k]), journalClock())?.toString('latin1') ?? null;
  const base = { __REALTIME_TIMESTAMP: '1796076047435174', _HOSTNAME: 'vm', SYSLOG_IDENTIFIER: 'postfix/smtpd', _PID: '21695' };
  // The sender's time first (journalctl shows it), else journald's.
  assert.equal(line({ ...base, _SOURCE_REALTIME_TIMESTAMP: '1796076047435155', MESSAGE: 'connect from unknown[127.66.108.36]' }),
    '2026-11-30T22:00:47.435155+0000 vm postfix/smtpd[21695]: connect from unknown[127.66.108.36]');
  assert.equal(line({ ...base, MESSAGE: 'x' }), '2026-11-30T22:00:47.435174+0000 vm postfix/smtpd[21695]: x');
  // Not UTF-8: the byte values, passed on as bytes (the scanner reads lines as latin1).
  assert.equal(line({ ...base, SYSLOG_IDENTIFIER: 'dovecot', MESSAGE: [109, 252, 108, 108, 101, 114] }),
    '2026-11-30T22:00:47.435174+0000 vm dovecot[21695]: m\u00fcller');
  // UTF-8 text stays its UTF-8 bytes, as in a syslog file.
  assert.equal(line({ ...base, MESSAGE: '請求書' }), `2026-11-30T22:00:47.435174+0000 vm postfix/smtpd[21695]: ${Buffer.from('請求書', 'utf8').toString('latin1')}`);
  // A field given twice: its last value, as journalctl's parse_field keeps it; SYSLOG_PID without _PID; _COMM without identifier.
  assert.equal(line({ __REALTIME_TIMESTAMP: '1796076047000000', _HOSTNAME: 'vm', _COMM: 'smtpd', SYSLOG_PID: '7', MESSAGE: ['first', 'second'] }),
    '2026-11-30T22:00:47.000000+0000 vm smtpd[7]: second');
  // Longer than 4096 bytes without --all: null, and the line says so.
  assert.match(line({ ...base, MESSAGE: null })!, /postfix\/smtpd\[21695\]: \[MESSAGE of more than 4096 bytes, written as null by journalctl -o json/);
  assert.equal(line({ ...base, MESSAGE: 'a\nb' }), '2026-11-30T22:00:47.435174+0000 vm postfix/smtpd[21695]: a#012b');
  assert.equal(line({ ...base }), null, 'no MESSAGE: not shown by journalctl');
  assert.match(line({ ...base, __REALTIME_TIMESTAMP: 'soon', MESSAGE: 'x' })!, /^\(no time\) vm /);
});

test('a journalctl -o json export gives the report of the same entries as short-iso-precise text, with the entries\' lines as evidence', async () => {
  const fromJson = await report([JSON_EXPORT]);
  const fromText = await report([TEXT_EXPORT]);
  assert.deepEqual(figures(fromJson), figures(fromText));
  assert.equal(fromJson.lines.total, 60);
  assert.equal(fromJson.lines.unparsed, 0);
  assert.ok(fromJson.lines.parsed >= 55, `${fromJson.lines.parsed} parsed`);
  assert.deepEqual(fromJson.inputs.map((f) => [f.kind, f.journal, f.lines, f.parsed, f.ignored]),
    fromText.inputs.map((f) => [f.kind, 'json', f.lines, f.parsed, f.ignored]));
  assert.equal(fromText.inputs[0]!.journal, undefined);
  assert.equal(fromJson.period.timezone, '+00:00');
  // One entry a line: each quoted line is the syslog line of the entry on that line of the file.
  const json = readFileSync(JSON_EXPORT, 'utf8').split('\n');
  const quoted = examples(fromJson);
  assert.ok(quoted.length >= 8, `${quoted.length} quoted lines`);
  for (const e of quoted) {
    const entry = JSON.parse(json[e.line - 1]!) as Record<string, unknown>;
    assert.equal(e.text, syslogLine((k) => jsonFieldBytes(entry[k]), journalClock())!.toString('latin1').slice(0, e.text.length), `mail.json:${e.line}`);
  }
  // The finding's evidence: the lines of the journal's entries, in the syslog form, at the exact instant in UTC.
  const guessing = fromJson.findings.find((f) => f.rule === 'sasl-bruteforce');
  assert.ok(guessing !== undefined, fromJson.findings.map((f) => f.rule).join(', '));
  assert.match(guessing.examples[0]!.text, /^2026-11-30T22:14:\d\d\.\d{6}\+0000 vm postfix\/smtpd\[\d+\]: warning: unknown\[127\.68\.159\.68\]: SASL (?:LOGIN|PLAIN) authentication failed/);
  assert.match(fromJson.deferralReasons[0]!.example!.text, /^2026-11-30T22:14:\d\d\.\d{6}\+0000 vm postfix\/smtp\[\d+\]: [0-9A-F]+: to=<[^>]+>, relay=.*status=deferred/);
  // The Latin-1 user name of the MESSAGE given as bytes is read as the syslog file's byte is (shown escaped).
  assert.ok(fromJson.dovecotAuthFailuresByUser.some((u) => u.key === 'm\\xfcller'), JSON.stringify(fromJson.dovecotAuthFailuresByUser));
});

test('a -o json export gives one report.json for any byte ranges and job count', async () => {
  const one = JSON.stringify(await report([JSON_EXPORT]));
  for (const [jobs, rangeBytes] of [[1, 700], [3, 700], [3, 20_000], [2, 26_500]] as const) {
    assert.equal(JSON.stringify(await report([JSON_EXPORT], { jobs, rangeBytes })), one, `jobs ${jobs}, ranges of ${rangeBytes} bytes`);
  }
});

test('gzipped exports in json, json-seq, json-pretty and export give the report of the -o json file, entries cited by their first line', async () => {
  const dir = tmp();
  const gz = join(dir, 'mail.json.gz');
  writeFileSync(gz, gzipSync(readFileSync(JSON_EXPORT)));
  const want = figures(await report([JSON_EXPORT]));
  for (const [name, format] of [[gz, 'json'], [join(FIXTURES, 'mail.json-seq.gz'), 'json-seq'],
    [join(FIXTURES, 'mail.json-pretty.gz'), 'json-pretty'], [join(FIXTURES, 'mail.export.gz'), 'export']] as const) {
    const r = await report([name], { jobs: 3 });
    assert.deepEqual(figures(r), want, name);
    assert.deepEqual([r.inputs[0]!.kind, r.inputs[0]!.journal, r.inputs[0]!.lines], ['gz', format, 60], name);
    const lines = gunzipSync(readFileSync(name)).toString('latin1').split('\n');
    for (const e of examples(r)) {
      // The cited line opens the entry (json-pretty's "{", export's "__CURSOR=…") or is the entry (json, json-seq).
      const at = lines[e.line - 1]!;
      assert.ok(format === 'json-pretty' ? at === '{' : format === 'export' ? at.startsWith('__CURSOR=') : at.includes('"MESSAGE"'), `${name}:${e.line}: ${at.slice(0, 40)}`);
      const entry = format === 'export' ? lines.slice(e.line - 1, lines.indexOf('', e.line - 1)).join('\n')
        : format === 'json-pretty' ? lines.slice(e.line - 1, lines.indexOf('}', e.line - 1) + 1).join('\n') : at;
      const message = e.text.slice(e.text.indexOf(']: ') + 3, e.text.indexOf(']: ') + 40);
      assert.ok(entry.includes(message.replace(/"/g, '\\"')) || entry.includes(message), `${name}:${e.line} holds ${message}`);
    }
  }
});

test('a large gzipped export, read in chunks whose buffer the reader reuses: the figures of the same entries as -o json', async () => {
  // 12 copies of the journal (680 KB of -o export, 710 KB of json-pretty): entries cut by the 256 KiB chunks of the
  // in-place inflater (split/gunzip-file.ts), whose next chunk overwrites the last.
  const dir = tmp();
  const copies = (name: string): Buffer => Buffer.concat(Array.from({ length: 12 }, () => gunzipSync(readFileSync(join(FIXTURES, name)))));
  const json = join(dir, 'big.json');
  writeFileSync(json, Buffer.concat(Array.from({ length: 12 }, () => readFileSync(JSON_EXPORT))));
  const want = figures(await report([json]));
  assert.equal((await report([json])).lines.total, 720);
  for (const name of ['mail.export.gz', 'mail.json-pretty.gz'] as const) {
    const file = join(dir, `big-${name}`);
    writeFileSync(file, gzipSync(copies(name)));
    const r = await report([file]);
    assert.deepEqual([r.lines.total, r.lines.unparsed], [720, 0], name);
    assert.deepEqual(figures(r), want, name);
  }
});

test('the last line cut short: one unparsed line that shows it, the entries before it read', async () => {
  const dir = tmp();
  const lines = readFileSync(JSON_EXPORT, 'utf8').split('\n').filter((l) => l !== '');
  const last = lines[lines.length - 1]!; // journald's "Journal stopped"
  const cut = join(dir, 'cut.json');
  writeFileSync(cut, [...lines.slice(0, -1), last.slice(0, Math.floor(last.length / 2))].join('\n'));
  const before = join(dir, 'before.json');
  writeFileSync(before, lines.slice(0, -1).join('\n') + '\n');
  const r = await report([cut]);
  const b = await report([before]);
  assert.equal(r.lines.total, 60);
  assert.equal(r.lines.unparsed, 1);
  assert.equal(r.lines.unparsedExamples[0]!.line, 60);
  assert.equal(r.lines.unparsedExamples[0]!.text, last.slice(0, Math.floor(last.length / 2)).slice(0, 500) + (last.length / 2 > 500 ? '…' : ''));
  assert.deepEqual([r.totals, r.byClientIp, r.findings], [b.totals, b.byClientIp, b.findings]);

  // json-pretty and export: the entry without its end is one unparsed line at the line it starts, saying so.
  for (const [name, close] of [['mail.json-pretty.gz', '\n}\n'], ['mail.export.gz', '\n\n']] as const) {
    const text = gunzipSync(readFileSync(join(FIXTURES, name))).toString('latin1');
    const lastStart = text.lastIndexOf(close, text.length - close.length - 1) + close.length;
    const file = join(dir, name.replace('.gz', ''));
    writeFileSync(file, Buffer.from(text.slice(0, lastStart + 400), 'latin1'));
    const p = await report([file]);
    assert.equal(p.lines.unparsed, 1, name);
    const sample = p.lines.unparsedExamples[0]!;
    assert.match(sample.text, /^journal entry cut short at the end of the file: /, name);
    assert.equal(sample.line, text.slice(0, lastStart).split('\n').length, name);
    assert.deepEqual(placeless([p.totals, p.byClientIp, p.findings]), placeless([b.totals, b.byClientIp, b.findings]), name);
  }
});

test('a JSON export and a syslog file of the same host in one run: the report of the whole text export', async () => {
  // The journal's first 30 entries exported as JSON, the last 30 as a syslog file (rsyslog installed later).
  const dir = tmp();
  const json = readFileSync(JSON_EXPORT, 'utf8').split('\n').filter((l) => l !== '');
  const text = readFileSync(TEXT_EXPORT, 'latin1').split('\n').filter((l) => l !== '');
  writeFileSync(join(dir, 'mail.log'), text.slice(30).join('\n') + '\n', 'latin1');
  writeFileSync(join(dir, 'journal.json'), json.slice(0, 30).join('\n') + '\n');
  const mixed = await report([join(dir, 'mail.log'), join(dir, 'journal.json')], { jobs: 3 });
  assert.deepEqual(mixed.inputs.map((f) => [f.path.slice(dir.length + 1), f.journal ?? 'syslog', f.lines]), [['journal.json', 'json', 30], ['mail.log', 'syslog', 30]]);
  assert.deepEqual(figures(mixed), figures(await report([TEXT_EXPORT])));
  assert.deepEqual(mixed.hosts.map((h) => h.key), ['vm']);
  assert.equal(JSON.stringify(await report([join(dir, 'mail.log'), join(dir, 'journal.json')], { jobs: 1 })), JSON.stringify(mixed));
});

test('standard input that is a gzipped JSON export; the report says where its lines came from (en, ja)', () => {
  const dir = tmp();
  const piped = spawnSync(process.execPath, [CLI, 'analyze', '-', '--out', join(dir, 'stdin'), '-q', '--format', 'json,md'],
    { input: gzipSync(readFileSync(JSON_EXPORT)) });
  assert.equal(piped.status, 0, piped.stderr?.toString());
  const r = readJson<Report>(join(dir, 'stdin', 'report.json'));
  assert.deepEqual([r.inputs[0]!.kind, r.inputs[0]!.journal, r.lines.parsed, r.lines.unparsed], ['stdin', 'json', 56, 0]);
  const md = readFileSync(join(dir, 'stdin', 'report.md'), 'utf8');
  assert.match(md, /\| - \| stdin, journalctl -o json \|/);
  assert.match(md, /a journal export \(journalctl -o json or -o export\), read entry by entry\. The lines quoted from it are the syslog lines made from its entries/);
  const ja = runCli(['analyze', join(FIXTURES, 'mail.export.gz'), '--out', join(dir, 'ja'), '-q', '--format', 'md', '--lang', 'ja']);
  assert.equal(ja.status, 0, ja.stderr);
  const mdJa = readFileSync(join(dir, 'ja', 'report.md'), 'utf8');
  assert.match(mdJa, /\| mail\.export\.gz \| gz, journalctl -o export \|/);
  assert.match(mdJa, /mail\.export\.gz: journal のエクスポート（journalctl -o json または -o export）で、エントリーごとに読み込みました。/);
});

test('an entry with a syslog stamp is written at the offset the stamp gives; one without, at the file\'s', () => {
  const line = (o: Record<string, unknown>, clock = journalClock()): string | null => syslogLine((k) => jsonFieldBytes(o[k]), clock)?.toString('latin1') ?? null;
  // A real entry of tokyo.json: glibc's stamp "Dec  1 09:30:22 " (space-padded day) received at 00:30:22.040 UTC.
  const entry = { _SOURCE_REALTIME_TIMESTAMP: '1796085022040196', __REALTIME_TIMESTAMP: '1796085022040232', _HOSTNAME: 'vm',
    SYSLOG_IDENTIFIER: 'postfix/smtpd', _PID: '21695', SYSLOG_TIMESTAMP: 'Dec  1 09:30:22 ', MESSAGE: 'connect from unknown[127.66.108.36]' };
  const clock = journalClock();
  assert.equal(line(entry, clock), '2026-12-01T09:30:22.040196+0900 vm postfix/smtpd[21695]: connect from unknown[127.66.108.36]');
  assert.equal(clock.found, 540);
  // The stamp is cut to the second and written before it is received: rounded to the quarter hour.
  assert.equal(stampOffset(Buffer.from('Dec  1 09:30:19 '), Date.UTC(2026, 11, 1, 0, 30, 22, 900)), 540);
  assert.equal(stampOffset(Buffer.from('Nov 30 20:00:22 '), Date.UTC(2026, 11, 1, 0, 30, 22)), -270); // -04:30
  assert.equal(stampOffset(Buffer.from('Dec  1 06:15:22 '), Date.UTC(2026, 11, 1, 0, 30, 22)), 345); // Nepal, +05:45
  // No year in the stamp: the one nearest the instant (New Year's Eve in UTC, New Year in Tokyo).
  assert.equal(stampOffset(Buffer.from('Jan  1 08:59:59 '), Date.UTC(2026, 11, 31, 23, 59, 59)), 540);
  assert.equal(stampOffset(Buffer.from('Dec 31 14:00:00 '), Date.UTC(2027, 0, 1, 0, 0, 0)), -600);
  // Not a stamp, or an offset no zone has: none.
  for (const bad of ['Dec  1 23:30:22 ', '2026-12-01T09:30:22', 'Foo  1 09:30:22 ', '']) {
    assert.equal(stampOffset(Buffer.from(bad), Date.UTC(2026, 11, 1, 0, 30, 22)), null, bad);
  }
  // Without a stamp (journald's own, a daemon's stdout): the file's offset, UTC when it has none.
  const { SYSLOG_TIMESTAMP: _s, ...plain } = entry;
  assert.equal(line(plain, journalClock(540)), '2026-12-01T09:30:22.040196+0900 vm postfix/smtpd[21695]: connect from unknown[127.66.108.36]');
  assert.equal(line(plain, journalClock(-210)), '2026-11-30T21:00:22.040196-0330 vm postfix/smtpd[21695]: connect from unknown[127.66.108.36]');
  assert.equal(line(plain), '2026-12-01T00:30:22.040196+0000 vm postfix/smtpd[21695]: connect from unknown[127.66.108.36]');
  // A stamp that gives no offset does not count: the fallback.
  assert.equal(line({ ...entry, SYSLOG_TIMESTAMP: 'garbage' }, journalClock(60)), '2026-12-01T01:30:22.040196+0100 vm postfix/smtpd[21695]: connect from unknown[127.66.108.36]');
});

test('an export of a server in Tokyo is shown at +09:00: the report of `TZ=Asia/Tokyo journalctl -o short-iso-precise`, quoted lines alike', async () => {
  const text = await report([TOKYO_TEXT]);
  assert.equal(text.period.timezone, '+09:00');
  for (const path of [TOKYO_JSON, TOKYO_EXPORT]) {
    const r = await report([path]);
    assert.deepEqual(figures(r), figures(text), path);
    // journald's own entries come first and carry no stamp: at the file's offset, so the report is not at +00:00.
    assert.deepEqual([r.period.from, r.period.timezone, r.period.zones], ['2026-12-01T09:30:21.845+09:00', '+09:00', ['+09:00']], path);
    const quoted = examples(r);
    assert.ok(quoted.length >= 8, `${quoted.length} quoted lines`);
    for (const e of quoted) assert.match(e.text, /^2026-12-01T09:30:2\d\.\d{6}\+0900 vm /, `${path}:${e.line}`);
    assert.equal(JSON.stringify(await report([path], { jobs: 3, rangeBytes: 900 })), JSON.stringify(r), `${path}: jobs 3`);
  }
  // --since is the server's clock, as for its syslog file with +09:00 offsets.
  const since = parseLocalTime('2026-12-01 09:30:24');
  const late = await report([TOKYO_JSON], { since });
  assert.deepEqual(figures(late), figures(await report([TOKYO_TEXT], { since })));
  assert.ok(late.lines.parsed < text.lines.parsed && late.lines.parsed > 0, `${late.lines.parsed} of ${text.lines.parsed}`);
  // Standard input finds the offset in the stream's head as the planner does in the file's.
  const dir = tmp();
  const piped = spawnSync(process.execPath, [CLI, 'analyze', '-', '--out', dir, '-q', '--format', 'json', '--top', '0'], { input: readFileSync(TOKYO_JSON) });
  assert.equal(piped.status, 0, piped.stderr?.toString());
  assert.deepEqual(figures(readJson<Report>(join(dir, 'report.json'))), figures(text));
});

test('an export across a DST change: each entry at its own offset, the report of the text export with its warning', async () => {
  const text = await report([DST_TEXT]);
  const r = await report([DST_JSON]);
  assert.deepEqual(figures(r), figures(text));
  assert.deepEqual([r.period.timezone, r.period.zones], ['+09:00', ['+09:00', '+10:00']]);
  assert.ok(r.warnings.some((w) => w.includes('several UTC offsets (+09:00, +10:00)')), r.warnings.join('\n'));
  // The quoted lines (all of them after the change) keep their entries' summer offset, as journalctl prints them.
  const offsets = new Set(examples(r).map((e) => e.text.slice(26, 31)));
  assert.deepEqual([...offsets], ['+1000']);
  for (const [jobs, rangeBytes] of [[3, 900], [2, 30_000]] as const) {
    assert.equal(JSON.stringify(await report([DST_JSON], { jobs, rangeBytes })), JSON.stringify(r), `jobs ${jobs}, ranges of ${rangeBytes} bytes`);
  }
});
