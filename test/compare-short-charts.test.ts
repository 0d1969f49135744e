// compare's overlay charts on two short logs (10 minutes before a fix, 10 minutes after): by the hour each side was
// one point. When both reports list their minutes (report.json minutely[], a log of at most 12 hours) the charts take
// minute steps, one step for both sides from the longer one's span; a report without minutely[] (made by an older
// version) keeps hours. The two logs are written here; the counts per minute are those of their lines.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareReports } from '../src/compare/compare.js';
import { overlaySpecs } from '../src/compare/charts.js';
import { compareEn, compareJa } from '../src/i18n/compare.js';
import type { CompareMessages } from '../src/i18n/compare.js';
import type { Report } from '../src/report/model.js';
import { reportOfLog } from './helpers.js';

const at = (minute: number, second: number): string => `Nov 28 10:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')} mail`;

/** A guesser's failed SMTP AUTH. */
const saslFailure = (minute: number, second: number): string =>
  `${at(minute, second)} postfix/smtpd[2201]: warning: unknown[198.51.100.7]: SASL LOGIN authentication failed: UGFzc3dvcmQ6`;

/** A message from a partner's server delivered to a local mailbox. */
function delivery(qid: string, minute: number): string[] {
  return [
    `${at(minute, 10)} postfix/smtpd[2101]: ${qid}: client=mx.partner.example[203.0.113.5]`,
    `${at(minute, 10)} postfix/cleanup[2102]: ${qid}: message-id=<${qid}@partner.example>`,
    `${at(minute, 11)} postfix/qmgr[900]: ${qid}: from=<news@partner.example>, size=2310, nrcpt=1 (queue active)`,
    `${at(minute, 11)} postfix/local[2103]: ${qid}: to=<taro@example.jp>, relay=local, delay=0.61, delays=0.2/0/0/0.41, dsn=2.0.0, status=sent (delivered to mailbox)`,
    `${at(minute, 11)} postfix/qmgr[900]: ${qid}: removed`,
  ];
}

/** A 10-minute log (10:00 … 10:09): `auth[i]` failed SMTP AUTH and `sent[i]` deliveries in minute i (the first and last minutes have some). */
function log(auth: number[], sent: number[]): { text(): string } {
  const lines: string[] = [];
  let n = 0;
  for (let m = 0; m < 10; m++) {
    for (let i = 0; i < sent[m]!; i++) lines.push(...delivery(`4F${(0xa000 + n++).toString(16).toUpperCase()}1`, m));
    for (let i = 0; i < auth[m]!; i++) lines.push(saslFailure(m, 20 + i));
  }
  return { text: () => lines.join('\n') + '\n' };
}

const AUTH_BEFORE = [3, 5, 8, 6, 4, 7, 9, 2, 5, 3];
const AUTH_AFTER = [2, 1, 0, 0, 0, 0, 0, 0, 0, 0];
const SENT_BEFORE = [1, 0, 2, 1, 0, 0, 1, 3, 0, 1];
const SENT_AFTER = [2, 1, 1, 0, 3, 1, 0, 0, 2, 1];

/** The chart's values of one line, the repeated end point (where the last step ends) left out. */
function line(spec: unknown, series: string): number[] {
  const values = (spec as { data: { values: Array<{ x: number; value: number; series: string }> } }).data.values.filter((v) => v.series === series);
  return values.slice(0, -1).map((v) => v.value);
}
const xs = (spec: unknown, series: string): number[] =>
  (spec as { data: { values: Array<{ x: number; series: string }> } }).data.values.filter((v) => v.series === series).map((v) => v.x);
const axisTitle = (spec: unknown, axis: 'x' | 'y'): string => (spec as { encoding: Record<string, { title: string }> }).encoding[axis]!.title;

async function reports(): Promise<{ before: Report; after: Report }> {
  const dir = mkdtempSync(join(tmpdir(), 'compare-short-'));
  return {
    before: await reportOfLog(dir, 'before.log', log(AUTH_BEFORE, SENT_BEFORE)),
    after: await reportOfLog(dir, 'after.log', log(AUTH_AFTER, SENT_AFTER)),
  };
}

const compare = (before: Report, after: Report, messages: CompareMessages = compareEn) =>
  compareReports(before, after, { version: 'test', before: { kind: 'logs', paths: ['before.log'] }, after: { kind: 'logs', paths: ['after.log'] }, messages });

test('two 10-minute logs: the overlay charts have a point per minute, counted from the logs, named by the minute in en and ja', async () => {
  const { before, after } = await reports();
  assert.equal(before.minutely?.length, 10);
  const specs = overlaySpecs(compare(before, after));
  const auth = specs.find((s) => s.id === 'compare-auth-failures-per-hour')!;
  const [b, a] = (auth.spec as { encoding: { color: { scale: { domain: string[] } } } }).encoding.color.scale.domain as [string, string];
  assert.deepEqual(line(auth.spec, b), AUTH_BEFORE);
  assert.deepEqual(line(auth.spec, a), AUTH_AFTER);
  assert.deepEqual(xs(auth.spec, a), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const delivered = specs.find((s) => s.id === 'compare-delivered-per-hour')!;
  assert.deepEqual(line(delivered.spec, b), SENT_BEFORE);
  assert.deepEqual(line(delivered.spec, a), SENT_AFTER);
  assert.equal(axisTitle(auth.spec, 'x'), 'Minutes since the start of each period');
  assert.equal(axisTitle(auth.spec, 'y'), 'Count per minute');
  assert.match(auth.description, /per minute, minutes counted from the start of each period/);

  const ja = overlaySpecs(compare(before, after, compareJa)).find((s) => s.id === 'compare-auth-failures-per-hour')!;
  assert.equal(axisTitle(ja.spec, 'x'), '各期間の開始からの経過時間（分）');
  assert.equal(axisTitle(ja.spec, 'y'), '1 分あたりの件数');
  assert.match(ja.description, /^1 分あたりの/);
});

test('a report without minutely[] (an older version) on either side: the charts keep hours', async () => {
  const { before, after } = await reports();
  const old = structuredClone(before);
  delete (old as Partial<Report>).minutely;
  const c = compare(old, after);
  assert.equal(c.minutely, undefined);
  const auth = overlaySpecs(c).find((s) => s.id === 'compare-auth-failures-per-hour')!;
  const [b, a] = (auth.spec as { encoding: { color: { scale: { domain: string[] } } } }).encoding.color.scale.domain as [string, string];
  // One hour each: the hour's whole count, one point.
  assert.deepEqual(line(auth.spec, b), [AUTH_BEFORE.reduce((x, y) => x + y, 0)]);
  assert.deepEqual(line(auth.spec, a), [AUTH_AFTER.reduce((x, y) => x + y, 0)]);
  assert.equal(axisTitle(auth.spec, 'x'), 'Hours since the start of each period');
  assert.equal(axisTitle(auth.spec, 'y'), 'Count per hour');
});
