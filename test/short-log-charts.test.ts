// A log of a few minutes (`tail -n 20000 maillog`, a grep of one burst, the first minutes after a fix) was drawn in
// hour bins: one or two bars that say nothing (review AG, AG6). Under 12 hours of log the report carries its series
// minute by minute (report.minutely) and the time charts and the Markdown activity table bin them by minutes; a
// longer log keeps hours. The 10-minute log below is written here; its figures are counted by hand from its lines.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { chartSpecs, minuteBins } from '../src/render/charts.js';
import type { ChartSpec } from '../src/render/charts.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderHtml } from '../src/render/html.js';
import { ja } from '../src/i18n/ja.js';
import type { MinuteRow, Report } from '../src/report/model.js';
import { ROOT, markdownSection, readJson, report, reportEveryWay, reportOf, runCli } from './helpers.js';

const at = (minute: number, second: number): string => `Nov 28 10:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')} mail`;

/** A message from a partner's server, delivered to a local mailbox (or deferred to a remote host) and removed. */
function message(qid: string, minute: number, second: number, deferredAt: number[] = []): string[] {
  const lines = [
    `${at(minute, second)} postfix/smtpd[2101]: connect from mx.partner.example[203.0.113.5]`,
    `${at(minute, second)} postfix/smtpd[2101]: ${qid}: client=mx.partner.example[203.0.113.5]`,
    `${at(minute, second)} postfix/cleanup[2102]: ${qid}: message-id=<${qid}@partner.example>`,
    `${at(minute, second + 1)} postfix/qmgr[900]: ${qid}: from=<news@partner.example>, size=2310, nrcpt=1 (queue active)`,
  ];
  if (deferredAt.length === 0) {
    lines.push(
      `${at(minute, second + 1)} postfix/local[2103]: ${qid}: to=<taro@example.jp>, relay=local, delay=0.61, delays=0.2/0/0/0.41, dsn=2.0.0, status=sent (delivered to mailbox)`,
      `${at(minute, second + 1)} postfix/qmgr[900]: ${qid}: removed`,
    );
  }
  for (const m of deferredAt) {
    lines.push(`${at(m, 30)} postfix/smtp[2104]: ${qid}: to=<hanako@slow.example>, relay=none, delay=62, delays=0.1/0/62/0, dsn=4.4.1, status=deferred (connect to mx.slow.example[192.0.2.10]:25: Connection timed out)`);
  }
  lines.push(`${at(minute, second + 1)} postfix/smtpd[2101]: disconnect from mx.partner.example[203.0.113.5] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5`);
  return lines;
}

/** A guesser's failed SMTP AUTH. */
const saslFailure = (minute: number, second: number): string =>
  `${at(minute, second)} postfix/smtpd[2201]: warning: unknown[198.51.100.7]: SASL LOGIN authentication failed: UGFzc3dvcmQ6`;

/** A relay probe refused. */
const relayDenied = (minute: number, second: number): string =>
  `${at(minute, second)} postfix/smtpd[2301]: NOQUEUE: reject: RCPT from unknown[198.51.100.20]: 554 5.7.1 <spam@victim.example>: Relay access denied; from=<x@spam.example> to=<spam@victim.example> proto=ESMTP helo=<probe>`;

// Minute by minute (10:00 … 10:09), counted from the lines below:
const SENT = [1, 2, 0, 3, 1, 0, 2, 1, 0, 1];
const AUTH = [0, 0, 0, 4, 6, 2, 0, 0, 0, 0];
const REJECTED = [0, 2, 0, 0, 0, 0, 0, 1, 0, 0];
// The message that arrived at 10:05 waits in the queue (deferred at 10:06 and 10:08) till the end of the log.
const DEFERRED = [0, 0, 0, 0, 0, 0, 1, 0, 1, 0];
const QUEUE = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];

function shortLog(): string {
  const lines: string[] = [];
  let n = 0;
  SENT.forEach((count, minute) => {
    for (let i = 0; i < count; i++) lines.push(...message(`4A1B2C${String(++n).padStart(4, '0')}`, minute, 5 + i * 10));
  });
  lines.push(...message('5F00DE0001', 5, 40, [6, 8]));
  AUTH.forEach((count, minute) => { for (let i = 0; i < count; i++) lines.push(saslFailure(minute, 2 + i * 7)); });
  REJECTED.forEach((count, minute) => { for (let i = 0; i < count; i++) lines.push(relayDenied(minute, 50 + i)); });
  // In time order, as syslog wrote them (a stable sort keeps each message's lines in order).
  return lines.sort((a, b) => (a.slice(0, 15) < b.slice(0, 15) ? -1 : a.slice(0, 15) > b.slice(0, 15) ? 1 : 0)).join('\n') + '\n';
}

interface TimeSpec {
  layer?: Array<{ encoding?: { x?: { title?: string; scale?: { domain: string[] } }; y?: { title?: string } } }>;
  vconcat?: Array<{ layer: Array<{ encoding?: { x?: { title?: string; axis?: unknown; scale?: { domain: string[] } }; y?: { title?: string } } }> }>;
  data: { values: Array<{ bin: string; series: string; value: number }> };
}

const spec = (c: ChartSpec): TimeSpec => c.spec as unknown as TimeSpec;
const chart = (charts: ChartSpec[], id: string): ChartSpec => charts.find((c) => c.id === id)!;
/** A series' value in each bin, in time order. */
const series = (c: ChartSpec, name: string): number[] => spec(c).data.values.filter((v) => v.series === name).map((v) => v.value);
/** The bars' x axis (the last panel's, which has the labels) and its y titles. */
function axis(c: ChartSpec): { domain: string[]; xTitle: string; yTitles: string[] } {
  const layers = spec(c).vconcat?.flatMap((p) => p.layer.slice(0, 1).concat(p.layer.filter((l) => l.encoding?.y?.title !== undefined))) ?? spec(c).layer!;
  const bars = layers.filter((l) => l.encoding?.x?.scale !== undefined && l.encoding?.x?.title !== undefined);
  return {
    domain: bars[bars.length - 1]!.encoding!.x!.scale!.domain,
    xTitle: bars[bars.length - 1]!.encoding!.x!.title!,
    yTitles: [...new Set(layers.map((l) => l.encoding?.y?.title).filter((t): t is string => t !== undefined))],
  };
}

const MINUTES = Array.from({ length: 10 }, (_, m) => `11-28 10:0${m}`);

test('a 10-minute log: minute rows in report.json, the time charts in 10 bars of a minute, with the counts of each minute (en)', async () => {
  const r = await reportEveryWay(mkdtempSync(join(tmpdir(), 'short-log-')), 'maillog', { text: shortLog });
  assert.deepEqual([r.totals.delivered, r.totals.authFailures, r.totals.rejected, r.totals.deferred], [11, 12, 3, 2]);
  assert.equal(r.hourly.length, 1, 'one hour: one bar before');
  const minutely = r.minutely!;
  assert.deepEqual(minutely.map((m) => m.minute), Array.from({ length: 10 }, (_, m) => `2026-11-28T10:0${m}`));
  assert.deepEqual(minutely.map((m) => m.sent), SENT);
  assert.deepEqual(minutely.map((m) => m.queueSize), QUEUE);

  const charts = chartSpecs(r);
  const deliveries = chart(charts, 'messages-per-hour');
  assert.deepEqual(axis(deliveries), {
    domain: MINUTES, xTitle: 'Minute starting (server local time)', yTitles: ['Recipients per minute', 'Rejects per minute'],
  });
  assert.deepEqual(series(deliveries, 'Delivered (recipients)'), SENT);
  assert.deepEqual(series(deliveries, 'Bounced or expired (recipients)'), Array(10).fill(0));
  assert.deepEqual(series(deliveries, 'SMTP rejects'), REJECTED);
  assert.ok(deliveries.description.endsWith(' One bar per minute: the log spans 10 minutes.'), deliveries.description);

  const auth = chart(charts, 'deferrals-and-auth-failures-per-hour');
  assert.deepEqual(axis(auth).domain, MINUTES);
  assert.deepEqual(axis(auth).yTitles, ['Deferred attempts per minute', 'Auth failures per minute']);
  assert.deepEqual(series(auth, 'Deferred attempts'), DEFERRED);
  assert.deepEqual(series(auth, 'SMTP AUTH failures'), AUTH);
  assert.deepEqual(series(auth, 'IMAP/POP3 login failures'), Array(10).fill(0));

  // The queue is a level: each minute's at its end, the message deferred since 10:06 still there at 10:09.
  const queue = chart(charts, 'queue-size');
  assert.deepEqual(axis(queue).domain, MINUTES);
  assert.deepEqual(series(queue, 'Messages in queue'), QUEUE);
  assert.ok(queue.description.endsWith(' One bar per minute: the log spans 10 minutes.'), queue.description);

  // The Markdown activity table: a row a minute, where it had one row for the hour.
  const md = renderMarkdown(r, 't');
  assert.doesNotMatch(md, /## Activity per hour/);
  const sec = markdownSection(md, 'Activity per minute');
  assert.ok(sec.includes('| From | Lines | Received | Sent | Deferred | Bounced | Rejected | SMTP AUTH failures | IMAP/POP3 login failures | Queue size |'), sec);
  // 10:03: 3 messages of 7 lines each and 4 failed logins; 10:06: 2 messages and a deferral.
  assert.ok(sec.includes('| 2026-11-28 10:03 | 25 | 3 | 3 | 0 | 0 | 0 | 4 | 0 | 0 |'), sec);
  assert.ok(sec.includes('| 2026-11-28 10:06 | 15 | 2 | 2 | 1 | 0 | 0 | 0 | 0 | 1 |'), sec);
  assert.equal(sec.split('\n').filter((l) => l.startsWith('| 2026-11-28 ')).length, 10);
});

test('a 10-minute log in Japanese: axis titles and captions name the minute bin (1 分)', async () => {
  const r = await reportEveryWay(mkdtempSync(join(tmpdir(), 'short-log-ja-')), 'maillog', { text: shortLog });
  const charts = chartSpecs(r, ja);
  const deliveries = chart(charts, 'messages-per-hour');
  assert.deepEqual(axis(deliveries), {
    domain: MINUTES, xTitle: '開始時刻（1 分単位、サーバーのローカル時刻）', yTitles: ['宛先数（1 分あたり）', '受信拒否（1 分あたり）'],
  });
  assert.ok(deliveries.description.endsWith('ログが 10 分間のため、1 分ごとの棒で示しています。'), deliveries.description);
  assert.deepEqual(series(chart(charts, 'deferrals-and-auth-failures-per-hour'), 'SMTP AUTH の失敗'), AUTH);
  const sec = markdownSection(renderMarkdown(r, 't', [], ja), '1 分ごとの推移');
  assert.ok(sec.includes('| 開始時刻 | 行数 | 受信 | 配送完了 | 遅延 | バウンス | 拒否 | SMTP AUTH の失敗 | IMAP/POP3 のログイン失敗 | キュー内の件数 |'), sec);
  // report.html's anchor of that section is the English heading's, as every heading's (it was "#1").
  const html = renderHtml(r, { title: 't', charts: [], messages: ja });
  assert.match(html, /<a href="#activity-per-minute">1\u00a0分ごとの推移<\/a>/);
  assert.match(html, /<section id="activity-per-minute" [^>]*>\n<h2>1\u00a0分ごとの推移<\/h2>/);
});

/** `analyze LOG -f FORMATS --lang LANG` into a new folder (asserting it succeeded): the folder. */
function analyzeInto(log: string, formats: string, lang: 'en' | 'ja'): string {
  const out = mkdtempSync(join(tmpdir(), 'short-log-out-'));
  const run = runCli(['analyze', log, '--year', '2026', '-j', '1', '-q', '-f', formats, '--lang', lang, '-o', out]);
  assert.equal(run.status, 0, run.stderr);
  return out;
}

/** The rows of a CSV file as the csv/ renderer writes them (UTF-8 with a BOM, CRLF), header first. */
function csvRows(path: string): string[][] {
  const text = readFileSync(path, 'utf8');
  assert.ok(text.startsWith('\uFEFF'), `${path}: a UTF-8 byte-order mark, as every csv/ file`);
  assert.ok(text.endsWith('\r\n') && !/[^\r]\n/.test(text), `${path}: CRLF line ends`);
  const parsed = Papa.parse<string[]>(text.slice(1), { newline: '\r\n', skipEmptyLines: true });
  assert.deepEqual(parsed.errors, []);
  return parsed.data;
}

/** README.txt's line of a file: "csv/minutely.csv  <what it holds>" (undefined: not listed). */
const readmeLine = (out: string, path: string): string | undefined =>
  readFileSync(join(out, 'README.txt'), 'utf8').split('\n').find((l) => l.startsWith(`${path} `));

// The minute rows were in report.json only (and, by the fallback for a table of no known name, in a csv/minutely.csv
// of a column order of their own, that README.txt called "the table minutely of report.json"): the CSV of a 6-minute
// incident showed one hourly row. csv/minutely.csv: the hourly CSV's conventions, a row a minute.
test('a 10-minute log: csv/minutely.csv has its 10 minutes, as report.json, in the hourly CSV\'s columns; README.txt lists it (en, ja)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'short-log-csv-'));
  const log = join(dir, 'maillog');
  writeFileSync(log, shortLog());
  const out = analyzeInto(log, 'json,md,csv', 'en');
  const minutely = readJson<Report>(join(out, 'report.json')).minutely!;
  const [header, ...rows] = csvRows(join(out, 'csv', 'minutely.csv'));
  // hourly.csv's names and order, `minute` for `hour`; every counter of a report.json minute row has its column.
  assert.deepEqual(header, ['minute', 'lines', 'received', 'sent', 'deferred', 'bounced', 'expired', 'rejected', 'authFailures', 'queueSize',
    'mailboxLoginFailures', 'deliveredByArrival', 'compromisedDeliveredByArrival']);
  assert.deepEqual([...header!].sort(), Object.keys(minutely[0]!).sort());
  assert.equal(rows.length, 10);
  // Labelled as hourly.csv's hours ("2026-11-28T10:00"), one row a minute in order, with the counts of the lines.
  assert.deepEqual(rows.map((row) => row[0]), Array.from({ length: 10 }, (_, m) => `2026-11-28T10:0${m}`));
  const column = (name: string): number[] => rows.map((row) => Number(row[header!.indexOf(name)]));
  assert.deepEqual(column('sent'), SENT);
  assert.deepEqual(column('authFailures'), AUTH);
  assert.deepEqual(column('rejected'), REJECTED);
  assert.deepEqual(column('deferred'), DEFERRED);
  assert.deepEqual(column('queueSize'), QUEUE);
  assert.deepEqual([column('lines')[3], column('lines')[6]], [25, 15]);
  // Every cell as report.json's minute rows.
  assert.deepEqual(rows, minutely.map((m) => header!.map((k) => String(m[k as keyof MinuteRow]))));
  // Written beside hourly.csv, in the same form (BOM, CRLF, header of field names).
  assert.match(readFileSync(join(out, 'csv', 'hourly.csv'), 'utf8'), /^\uFEFFhour,lines,received,sent,/);

  assert.equal(readmeLine(out, 'csv/minutely.csv')?.replace(/^\S+\s+/, ''),
    'activity per minute, every minute of the log (received, sent, deferred, failed logins, queue size; only for a log of at most 12 hours)');
  assert.match(readFileSync(join(out, 'report.md'), 'utf8'), /csv\/minutely\.csv.*activity per minute, every minute of the log/);
  const jaOut = analyzeInto(log, 'csv', 'ja');
  assert.deepEqual(csvRows(join(jaOut, 'csv', 'minutely.csv')), [header, ...rows], 'the same file in Japanese: field names, not words');
  assert.match(readmeLine(jaOut, 'csv/minutely.csv') ?? '', /ログの 1 分ごとの動き（受信、送信、遅延、ログイン失敗、キューの大きさ。12 時間以内のログのみ）$/);
});

test('a multi-day log (samples/incident.log) writes no csv/minutely.csv, and README.txt does not name one', () => {
  const out = analyzeInto(join(ROOT, 'samples', 'incident.log'), 'csv', 'en');
  const written = readdirSync(join(out, 'csv'));
  assert.ok(written.includes('hourly.csv'), written.join(' '));
  assert.ok(!written.includes('minutely.csv'), written.join(' '));
  assert.equal(readmeLine(out, 'csv/minutely.csv'), undefined);
  assert.ok(readmeLine(out, 'csv/hourly.csv') !== undefined);
});

/** Minute rows from 10:00, `n` of them, each with one delivery. */
function minuteRows(n: number, from = 0): MinuteRow[] {
  return Array.from({ length: n }, (_, i) => {
    const m = from + i;
    const minute = `2026-11-28T${String(10 + Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    return {
      minute, lines: 1, received: 0, sent: 1, deferred: 0, bounced: 0, expired: 0, rejected: 0, authFailures: 0, mailboxLoginFailures: 0,
      queueSize: 0, deliveredByArrival: 1, compromisedDeliveredByArrival: 0,
    };
  });
}

test('the bin grows with the span: 1 minute to 58 minutes, 2 to 118, 5, 10, then 15 minutes to 12 hours (at most 60 bars)', () => {
  const shape = (n: number, from = 0): [number, number] => { const s = minuteBins(minuteRows(n, from)); return [s.minutes, s.bins.length]; };
  assert.deepEqual(shape(10), [1, 10]);
  assert.deepEqual(shape(58), [1, 58]);
  assert.deepEqual(shape(90), [2, 45]);
  // Aligned on the bin: 10:03 … 11:32 in 2-minute bins from 10:02.
  assert.deepEqual(shape(90, 3), [2, 46]);
  assert.equal(minuteBins(minuteRows(90, 3)).bins[0]!.label, '11-28 10:02');
  assert.deepEqual(shape(4 * 60), [5, 48]);
  assert.deepEqual(shape(8 * 60), [10, 48]);
  assert.deepEqual(shape(12 * 60), [15, 48]);
  // Every minute in exactly one bin, the sums kept.
  assert.equal(minuteBins(minuteRows(12 * 60)).bins.reduce((s, b) => s + b.rows.length, 0), 12 * 60);
});

test('a multi-day log (samples/incident.log) keeps hour bins and has no minute rows', async () => {
  const r = await reportOf(join(ROOT, 'samples', 'incident.log'));
  assert.equal(r.minutely, undefined);
  const charts = chartSpecs(r);
  const deliveries = chart(charts, 'messages-per-hour');
  assert.equal(axis(deliveries).xTitle, 'Hour starting (server local time)');
  assert.deepEqual(axis(deliveries).yTitles, ['Recipients per hour', 'Rejects per hour']);
  assert.equal(axis(deliveries).domain.length, r.hourly.length);
  assert.doesNotMatch(deliveries.description, /One bar per/);
  assert.match(renderMarkdown(r, 't'), /\n## Activity per hour\n/);
});

const CORPUS_INCIDENT = join(ROOT, '..', 'shared', 'corpus', 'incident', 'maillog');

test('the corpus incident (6 minutes): its minutes add up to its hour, the compromised account\'s mail drawn by the minute', { skip: !existsSync(CORPUS_INCIDENT) ? 'corpus not found' : false }, async () => {
  const r = await report([CORPUS_INCIDENT], { year: 2026, top: 50 });
  assert.equal(r.hourly.length, 1);
  const hour = r.hourly[0]!;
  const minutes = r.minutely!;
  assert.deepEqual([minutes[0]!.minute, minutes[minutes.length - 1]!.minute, minutes.length], ['2026-11-28T22:15', '2026-11-28T22:20', 6]);
  for (const k of ['lines', 'received', 'sent', 'deferred', 'bounced', 'expired', 'rejected', 'authFailures', 'mailboxLoginFailures', 'deliveredByArrival', 'compromisedDeliveredByArrival'] as const) {
    assert.equal(minutes.reduce((s, m) => s + m[k], 0), hour[k], k);
  }
  // The queue's highest end-of-minute level is the hour's peak.
  assert.equal(Math.max(...minutes.map((m) => m.queueSize)), hour.queuePeak);
  const compromised = chart(chartSpecs(r), 'compromised-delivered-per-hour');
  assert.deepEqual(axis(compromised).domain, ['11-28 22:15', '11-28 22:16', '11-28 22:17', '11-28 22:18', '11-28 22:19', '11-28 22:20']);
  const spam = series(compromised, 'Compromised account, since the guess');
  assert.equal(spam.reduce((s, n) => s + n, 0), hour.compromisedDeliveredByArrival);
  // Guessed at 22:16: nothing of the account's before it.
  assert.equal(spam[0], 0);
  assert.ok(spam[1]! > 0, String(spam));
});
