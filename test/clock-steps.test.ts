// Review V, V6: a host's clock that runs back (a DST fall-back or an NTP step back on classic syslog stamps, which
// carry no zone) is reported: report.json `clockSteps` and a warning; the run reads the log again with the step put
// right (test/clock-correction.test.ts: what that gives). Small disorder of a few seconds between two
// writers, another host's clock, a jump forward and the order of two files are no step. The steps at a byte range's
// start are found when ranges are merged: the same report.json for every split.
//
// The logs are the corpus's own lines (Postfix 3.7.11 and Dovecot 2.3.19.1) with only their time stamps moved, as
// review V's generator writes them (/tmp/revV/gen.mjs: dstA.log, stepback-b.log, central.log).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS, ROOT, classicLines, classicText, report } from './helpers.js';
import type { ClassicLine } from './helpers.js';
import { renderJson } from '../src/render/index.js';
import type { Report } from '../src/report/model.js';
import type { AnalyzeOptions } from '../src/run.js';
import { newAggregate } from '../src/aggregate/create.js';
import { mergeClockSteps } from '../src/aggregate/clock-steps.js';
import type { Aggregate, Example } from '../src/types.js';

const INCIDENT = join(CORPUS, 'incident', 'maillog');
const HEALTHY = join(CORPUS, 'healthy', 'maillog');
const noCorpus = !existsSync(INCIDENT) || !existsSync(HEALTHY);

type Line = ClassicLine;
const linesOf = classicLines;
const text = classicText;

/** The corpus incident's guess (22:16:27) and spam run (22:16:28 on): the clock changes between them. */
const STEP_AT = Date.UTC(2026, 10, 28, 22, 16, 28);

/**
 * The corpus incident as a server in America/New_York writes it on 2026-11-01: 22:16:28 is 06:00Z, when 01:59:59
 * EDT is followed by 01:00:00 EST (review V's dstA.log). Or, with `stepSeconds`, a clock without DST stepped by NTP.
 */
function incidentWith(opts: { stepSeconds?: number } = {}): { lines: Line[]; stepLine: number } {
  const src = linesOf(INCIDENT);
  const base = Date.UTC(2026, 10, 1, 2, 0, 0) - STEP_AT; // 22:16:28 → 02:00:00 on the clock before the change
  const back = (opts.stepSeconds ?? -3600) * 1000;
  const lines = src.map((l) => ({ ...l, at: l.at + base + (l.at >= STEP_AT ? back : 0) }));
  return { lines, stepLine: src.findIndex((l) => l.at >= STEP_AT) + 1 };
}

async function analyzeText(name: string, body: string, opts: Partial<AnalyzeOptions> = {}): Promise<{ path: string; r: Report; json: string }> {
  const path = join(mkdtempSync(join(tmpdir(), 'mf-clock-')), name);
  writeFileSync(path, body);
  const r = await report([path], { year: 2026, top: 20, ...opts });
  return { path, r, json: renderJson(r) };
}

const clockWarnings = (r: Report): string[] => r.warnings.filter((w) => /clock/i.test(w) && /went back/.test(w));

test('V6: a DST fall-back on classic stamps is one step back of host mail, with a warning; the same for every split', { skip: noCorpus }, async () => {
  const { lines, stepLine } = incidentWith();
  const { path, r, json } = await analyzeText('dst.log', text(lines));
  assert.deepEqual(r.clockSteps, {
    total: 1,
    examples: [{ host: 'mail', file: path, line: stepLine, from: '2026-11-01T01:59:59', to: '2026-11-01T01:00:00', seconds: 3599, correctedBy: 3600 }],
  });
  assert.deepEqual(clockWarnings(r), [
    `The clock of host mail went back 59 min 59 s at ${path}:${stepLine} (2026-11-01 01:59:59 → 01:00:00), a daylight-saving `
    + 'change or a clock step: from that line on, the host\'s times are shown 1 h later than written, on the clock before the step, '
    + 'so that the events are in the order they happened (after a daylight-saving fall-back, the report\'s times are on the summer clock).',
  ]);
  // The step's line is the first one after the change.
  const body = readFileSync(path, 'utf8').split('\n');
  assert.match(body[stepLine - 2]!, /^Nov {2}1 01:59:59 /);
  assert.match(body[stepLine - 1]!, /^Nov {2}1 01:00:00 /);
  for (const [jobs, rangeBytes] of [[1, 50_000], [3, 50_000], [3, 333_333]] as const) {
    assert.equal(renderJson(await report([path], { year: 2026, top: 20, jobs, rangeBytes })), json, `jobs ${jobs}, ranges of ${rangeBytes} bytes`);
  }
  const ja = await report([path], { year: 2026, top: 20, lang: 'ja' });
  assert.ok(ja.warnings.includes(`ホスト mail の時計が ${path}:${stepLine} で 59 分 59 秒 戻っています（2026-11-01 01:59:59 → 01:00:00）。`
    + '夏時間の切り替えか時計の補正です。出来事が起きた順に並ぶよう、その行から後のこのホストの時刻は、記録された時刻より 1 時間 後の時刻（戻る前の時計）で表示しています。'
    + '夏時間の終了なら、その後のレポートの時刻は夏時間の時計での表示です。'), ja.warnings.join('\n'));
});

test('V6: an NTP step of −10 minutes is a step back; a step of −5 s just before the guess is none', { skip: noCorpus }, async () => {
  const { lines, stepLine } = incidentWith({ stepSeconds: -600 });
  const { path, r } = await analyzeText('ntp.log', text(lines));
  assert.deepEqual(r.clockSteps?.examples, [{ host: 'mail', file: path, line: stepLine, from: '2026-11-01T01:59:59', to: '2026-11-01T01:50:00', seconds: 599, correctedBy: 599 }]);
  assert.match(clockWarnings(r)[0]!, /^The clock of host mail went back 9 min 59 s at .*ntp\.log:\d+ \(2026-11-01 01:59:59 → 01:50:00\), .*: from that line on, the host's times are shown 9 min 59 s later than written, on the clock before the step, so that the events are in the order they happened\.$/);
  // Review V's stepback-5s.log: a clock stepped back by 5 s is the disorder of two writers, no step.
  const small = await analyzeText('ntp5.log', text(incidentWith({ stepSeconds: -5 }).lines));
  assert.equal(small.r.clockSteps, undefined);
  assert.deepEqual(clockWarnings(small.r), []);
});

test('V6: a central syslog of two hosts, one an hour behind, with writers seconds apart, and a jump forward: no step', { skip: noCorpus }, async () => {
  // Host mail: the incident, its Dovecot lines stamped 4 s late (Dovecot's log process and Postfix's writers
  // disagree by seconds); host mx2: the healthy corpus, its clock 59 min 50 s behind; written in arrival order.
  const mail = linesOf(INCIDENT).map((l, i) => ({ ...l, at: l.at + (l.rest.startsWith('dovecot') ? 4000 : 0), real: l.at, i }));
  const healthy = linesOf(HEALTHY);
  const shift = mail[0]!.real - healthy[0]!.at;
  const mx2 = healthy.map((l, i) => ({ ...l, host: 'mx2', at: l.at + shift - 3_590_000, real: l.at + shift, i: i + 0.5 }));
  const central = [...mail, ...mx2].sort((a, b) => a.real - b.real || a.i - b.i);
  const { r, json, path } = await analyzeText('central.log', text(central));
  assert.deepEqual(r.hosts.map((h) => h.key).sort(), ['mail', 'mx2']);
  assert.equal(r.clockSteps, undefined);
  assert.deepEqual(clockWarnings(r), []);
  assert.equal(renderJson(await report([path], { year: 2026, top: 20, jobs: 3, rangeBytes: 77_777 })), json);
  // Spring-forward, or an NTP step forward of a day, in the middle of the log: a quiet hour looks the same.
  const fwd = linesOf(INCIDENT).map((l) => ({ ...l, at: l.at + (l.at >= STEP_AT ? 86_400_000 : 0) }));
  const f = await analyzeText('forward.log', text(fwd));
  assert.equal(f.r.clockSteps, undefined);
  assert.deepEqual(clockWarnings(f.r), []);
});

/** The fixture of two hosts (13 lines, Nov 28 22:13:22–22:13:25), one host's lines from `from` on moved by `ms`. */
function twoHosts(host: string, from: number, ms: number): Line[] {
  return linesOf(join(ROOT, 'test', 'fixtures', 'logs', 'two-hosts.log')).map((l, i) => ({ ...l, at: l.at + (l.host === host && i >= from ? ms : 0) }));
}

test('V6: more than 5 minutes back is a step, 5 minutes is not; a step at a range start is found for every split', async () => {
  const at = (l: Line): string => new Date(l.at).toISOString().slice(0, 19);
  // mx1's 5th line (line 9 of the file) goes back 5 min 1 s; mx2's lines in between (one range per line below).
  const lines = twoHosts('mx1', 8, -301_000);
  const { path, r, json } = await analyzeText('two.log', text(lines));
  const prev = lines.slice(0, 8).filter((l) => l.host === 'mx1').at(-1)!;
  assert.deepEqual(r.clockSteps, { total: 1, examples: [{ host: 'mx1', file: path, line: 9, from: at(prev), to: at(lines[8]!), seconds: 301, correctedBy: 301 }] });
  assert.match(clockWarnings(r)[0]!, new RegExp(`^The clock of host mx1 went back 5 min 1 s at ${path}:9 `));
  // Ranges of 40 bytes: every line is a range of its own, so the step is found when ranges are merged.
  for (const [jobs, rangeBytes] of [[1, 40], [3, 40], [2, 300], [3, 500]] as const) {
    assert.equal(renderJson(await report([path], { year: 2026, top: 20, jobs, rangeBytes })), json, `jobs ${jobs}, ranges of ${rangeBytes} bytes`);
  }
  const five = await analyzeText('five.log', text(twoHosts('mx1', 8, -300_000)));
  assert.equal(five.r.clockSteps, undefined);
  for (const [jobs, rangeBytes] of [[1, 40], [3, 40]] as const) {
    assert.equal(renderJson(await report([five.path], { year: 2026, top: 20, jobs, rangeBytes })), five.json);
  }
});

test('V6: the next file of a rotated set starting earlier is no step; a step in each of two files is', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-clock-'));
  // maillog.1's last line is half an hour after maillog's first (files that overlap): the order of files is the
  // overlap checks' business, not a clock step.
  const older = twoHosts('mx1', 12, 3_600_000);
  writeFileSync(join(dir, 'maillog.1'), text(older));
  writeFileSync(join(dir, 'maillog'), text(twoHosts('', 0, 0).map((l) => ({ ...l, at: l.at + 1_800_000 }))));
  const two = [join(dir, 'maillog.1'), join(dir, 'maillog')];
  const r = await report(two, { year: 2026, top: 20 });
  assert.deepEqual(r.inputs.map((f) => f.path), two);
  assert.equal(r.clockSteps, undefined);
  for (const jobs of [1, 3]) assert.equal(renderJson(await report(two, { year: 2026, top: 20, jobs, rangeBytes: 40 })), renderJson(r));
  // A step back in each file, mx2's in the second: both, in file order.
  writeFileSync(join(dir, 'maillog.1'), text(twoHosts('mx1', 8, -600_000)));
  writeFileSync(join(dir, 'maillog'), text(twoHosts('mx2', 6, -3_600_000).map((l) => ({ ...l, at: l.at + 3_600_000 }))));
  const both = await report(two, { year: 2026, top: 20 });
  assert.deepEqual(both.inputs.map((f) => f.path), two);
  assert.deepEqual(both.clockSteps?.examples.map((s) => [s.host, s.file, s.line, s.seconds]), [['mx1', two[0], 9, 600], ['mx2', two[1], 8, 3600]]);
  assert.match(clockWarnings(both)[0]!, /^The clock went back 2 times: host mx1 went back 10 min at .*maillog\.1:9 .*; host mx2 went back 1 h at .*maillog:8 /);
  for (const jobs of [1, 3]) assert.equal(renderJson(await report(two, { year: 2026, top: 20, jobs, rangeBytes: 40 })), renderJson(both));
});

test('V6: many steps: the first 10 kept by position, all counted, 3 named in the warning; the same for every split', async () => {
  // Two writers of host mail whose clocks are 10 minutes apart, taking turns: a step back at every second line.
  const lines: Line[] = [];
  for (let i = 0; i < 30; i++) {
    lines.push({ at: Date.UTC(2026, 5, 10, 10, 0, i) + (i % 2 === 0 ? 600_000 : 0), host: 'mail', rest: `postfix/smtpd[${100 + i}]: connect from unknown[203.0.113.${i + 1}]` });
  }
  const { path, r, json } = await analyzeText('writers.log', text(lines));
  assert.equal(r.clockSteps?.total, 15);
  assert.deepEqual(r.clockSteps?.examples.map((s) => [s.line, s.seconds]), [2, 4, 6, 8, 10, 12, 14, 16, 18, 20].map((l) => [l, 599]));
  const w = clockWarnings(r);
  assert.equal(w.length, 1);
  assert.match(w[0]!, new RegExp(`^The clock went back 15 times: host mail went back 9 min 59 s at ${path}:2 \\(2026-06-10 10:10:00 → 10:00:01\\); `
    + `host mail went back 9 min 59 s at ${path}:4 .*; host mail went back 9 min 59 s at ${path}:6 .*; and 12 more \\(report.json's clockSteps lists the first 10\\); `
    + 'daylight-saving changes or clock steps: .* may be wrong around them\\.$'));
  for (const [jobs, rangeBytes] of [[1, 40], [3, 40], [2, 700]] as const) {
    assert.equal(renderJson(await report([path], { year: 2026, top: 20, jobs, rangeBytes })), json, `jobs ${jobs}, ranges of ${rangeBytes} bytes`);
  }
});

test('V6: host clocks merge alike in either order of two consecutive ranges', () => {
  const ex = (line: number, offset: number): Example => ({ file: 0, line, offset, text: `line ${line}` });
  const range = (host: string, first: Example, firstAt: number, lastAt: number): Aggregate => {
    const a = newAggregate();
    a.hostClocks.set(host, { first, firstAt, lastAt, lastFile: 0 });
    return a;
  };
  const one = (): Aggregate => range('mail', ex(1, 0), 7_200_000, 7_300_000);
  const two = (): Aggregate => range('mail', ex(5, 400), 3_600_000, 3_700_000);
  const ab = one();
  mergeClockSteps(ab, two());
  const ba = two();
  mergeClockSteps(ba, one());
  for (const m of [ab, ba]) {
    assert.equal(m.clockStepCount, 1);
    assert.deepEqual(m.clockSteps.map((s) => [s.host, s.at.line, s.from, s.to]), [['mail', 5, 7_300_000, 3_600_000]]);
    assert.deepEqual(m.hostClocks.get('mail'), { first: ex(1, 0), firstAt: 7_200_000, lastAt: 3_700_000, lastFile: 0 });
  }
});

test('V6: no clock step in the samples and the corpus', async () => {
  const s = join(ROOT, 'samples');
  const sets: string[][] = [
    ...['healthy', 'bruteforce', 'incident', 'deferred-flood', 'after-fix'].map((n) => [join(s, `${n}.log`)]),
    [join(s, 'rfc3339', 'incident.log')],
    ['maillog.2.gz', 'maillog-20261120.gz', 'maillog.1', 'maillog'].map((n) => join(s, 'rotated', n)),
    ...(noCorpus ? [] : [[INCIDENT], [HEALTHY], [`${INCIDENT}.rfc3339`], [`${HEALTHY}.rfc3339`]]),
  ];
  for (const paths of sets) {
    const r = await report(paths, { year: 2026 });
    assert.equal(r.clockSteps, undefined, paths.join(' '));
    assert.deepEqual(clockWarnings(r), [], paths.join(' '));
  }
});
