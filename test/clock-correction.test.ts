// Review V, V1, V2, V4, V5, V6: a host's clock that went back on classic syslog stamps (a DST fall-back, an NTP step)
// is put right. The run finds the steps in its scan, then reads the inputs again with each step's shift added to the
// host's times from the step's line on (aggregate/clock-steps.ts, run.ts), so that the events run in the order they
// happened, on the clock before the step. The known answers are those of a control: the same lines written by a clock
// that never went back. Its clock is New York's summer clock (-04:00) throughout, the UTC control moved by four hours,
// so that its times read as the corrected log's; a UTC control gives the same verdicts.
//
// The logs are the corpus's own lines (Postfix 3.7.11 and Dovecot 2.3.19.1) and samples/incident.log, with only their
// time stamps moved, as review V's generator writes them (/tmp/revV/gen.mjs: dstA.log, stepback-b.log, grown2.log).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS, ROOT, classicLines, classicText, report } from './helpers.js';
import type { ClassicLine } from './helpers.js';
import { renderJson } from '../src/render/index.js';
import type { Report } from '../src/report/model.js';
import { analyzeAfterSide } from '../src/compare/after-side.js';
import { compareReports } from '../src/compare/compare.js';
import { splitFile } from '../src/split/ranges.js';
import { CLOCK_STEP_EXAMPLES, clockShiftOf } from '../src/aggregate/clock-steps.js';

const INCIDENT = join(CORPUS, 'incident', 'maillog');
const HEALTHY = join(CORPUS, 'healthy', 'maillog');
const noCorpus = !existsSync(INCIDENT) || !existsSync(HEALTHY);
const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const OPTS = { jobs: 1, top: 50, formats: ['json'], allowPartial: false, progress: false, version: 'test' };

const dir = mkdtempSync(join(tmpdir(), 'mf-clockfix-'));
function write(name: string, body: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
}

/** The corpus incident's guess (127.66.6.6 at 22:16:27) and spam run (22:16:28 on): the clock goes back between them. */
const STEP_AT = Date.UTC(2026, 10, 28, 22, 16, 28);
/** Corpus 22:16:28 at 02:00:00 on the clock before the change: 06:00Z in New York, when 02:00 EDT becomes 01:00 EST. */
const BASE = Date.UTC(2026, 10, 1, 2) - STEP_AT;

let corpus: { incident: ClassicLine[]; healthy: ClassicLine[] } | null = null;
function lines(): { incident: ClassicLine[]; healthy: ClassicLine[] } {
  corpus ??= { incident: classicLines(INCIDENT), healthy: classicLines(HEALTHY) };
  return corpus;
}

/** The incident on 2026-11-01 from 01:59:00 EDT, its clock going back `stepSeconds` (0: the control) after the guess. */
function incident(stepSeconds: number): ClassicLine[] {
  return lines().incident.map((l) => ({ ...l, at: l.at + BASE + (l.at >= STEP_AT ? stepSeconds * 1000 : 0) }));
}

const finding = (r: Report, rule: string): Report['findings'][number] => {
  const f = r.findings.find((x) => x.rule === rule);
  assert.ok(f, `no ${rule} finding`);
  return f;
};
const verdicts = (r: Report): string[] => r.findings.map((f) => `${f.severity} ${f.rule}`);
const clockWarnings = (r: Report): string[] => r.warnings.filter((w) => /went back/.test(w));

/**
 * The report as the control's should read: without the clock steps and their warning, the inputs' paths, and the
 * stamps of the log lines quoted as evidence (as written, they differ from the control's).
 */
function plain(r: Report): unknown {
  let json = JSON.stringify({
    ...r, inputs: r.inputs.map((f) => ({ firstAt: f.firstAt, lines: f.lines, parsed: f.parsed, ignored: f.ignored })),
    warnings: r.warnings.filter((w) => !/went back/.test(w)), clockSteps: null,
  });
  for (const f of r.inputs) json = json.split(JSON.stringify(f.path).slice(1, -1)).join(`input-${r.inputs.indexOf(f)}`);
  return JSON.parse(json.replace(/[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d (\S+) /g, '$1 '));
}

/**
 * A --range-bytes that makes a range of `path` start at `offset` (a line start), as planTasks cuts (splitFile: about
 * size / R ranges of at least R bytes, each cut moved to the next line start).
 */
function rangeBytesCutting(path: string, offset: number): number {
  const body = readFileSync(path);
  const size = body.length;
  // A cut at any byte after the line before moves to `offset`: cut i of n is at floor(size * i / n).
  const after = body.lastIndexOf(10, offset - 2) + 1;
  for (let n = 2; n < 5000; n++) {
    const i = Math.ceil((after * n) / size);
    const r = Math.floor(size / n);
    if (i < n && Math.floor((size * i) / n) <= offset && Math.floor(size / r) === n
      && splitFile(path, size, Math.ceil(size / r), r).some((x) => x.start === offset)) return r;
  }
  throw new Error(`no range size cuts ${path} at ${offset}`);
}

/**
 * jobs 1 (`jobs1`, when a test has that report already), and jobs 3 with ranges of a few lines' worth, of an odd size
 * and (`cutAt`) one starting at a byte: one report.json.
 */
async function sameEveryWay(paths: string[], cuts: Array<[string, number]> = [], opts: Parameters<typeof report>[1] = {}, jobs1?: Promise<Report>): Promise<Report> {
  const one = await (jobs1 ?? report(paths, { year: 2026, top: 50, ...opts }));
  const json = renderJson(one);
  const sizes = [50_000, 123_457, ...cuts.map(([p, at]) => rangeBytesCutting(p, at))];
  for (const rangeBytes of sizes) {
    assert.equal(renderJson(await report(paths, { year: 2026, top: 50, jobs: 3, rangeBytes, ...opts })), json, `jobs 3, ranges of ${rangeBytes} bytes`);
  }
  return one;
}

/** The byte offset of line `n` (1-based) of `path`. */
function offsetOfLine(path: string, n: number): number {
  return Buffer.byteLength(readFileSync(path, 'latin1').split('\n').slice(0, n - 1).map((l) => `${l}\n`).join(''), 'latin1');
}

// The fall-back log (dst.log: the incident, its clock back an hour after the guess) and its control (dst-ctl.log: no
// step) are read by several tests: each file is written once and analyzed once (jobs 1, --top 50), the tests reading
// the report (none changes it).
let dstPath: string | null = null;
const dstLog = (): string => (dstPath ??= write('dst.log', classicText(incident(-3600))));
let ctlPath: string | null = null;
const ctlLog = (): string => (ctlPath ??= write('dst-ctl.log', classicText(incident(0))));
const analyzed = new Map<string, Promise<Report>>();
/** The report of `path` (jobs 1, --top 50), once per file. */
function reportOnce(path: string): Promise<Report> {
  let r = analyzed.get(path);
  if (r === undefined) analyzed.set(path, r = report([path], { year: 2026, top: 50 }));
  return r;
}

test('V1, V2, V6: a DST fall-back on classic stamps between the guess and the spam is put right: the control\'s report, for every split', { skip: noCorpus }, async () => {
  const src = lines().incident;
  const stepLine = src.findIndex((l) => l.at >= STEP_AT) + 1;
  const path = dstLog();
  // The step's line starts a range too: what the range's first line gets is the shift of a step at its start.
  const r = await sameEveryWay([path], [[path, offsetOfLine(path, stepLine)], [path, offsetOfLine(path, stepLine + 1)]], {}, reportOnce(path));
  const ctl = await reportOnce(ctlLog());
  assert.deepEqual(r.clockSteps, {
    total: 1,
    examples: [{ host: 'mail', file: path, line: stepLine, from: '2026-11-01T01:59:59', to: '2026-11-01T01:00:00', seconds: 3599, correctedBy: 3600 }],
  });
  assert.deepEqual(clockWarnings(r), [
    `The clock of host mail went back 59 min 59 s at ${path}:${stepLine} (2026-11-01 01:59:59 → 01:00:00), a daylight-saving `
    + 'change or a clock step: from that line on, the host\'s times are shown 1 h later than written, on the clock before the step, '
    + 'so that the events are in the order they happened (after a daylight-saving fall-back, the report\'s times are on the summer clock).',
  ]);
  assert.deepEqual(plain(r), plain(ctl));
  // V1: the guess, and the owner's own client (it sent at 01:59:36 EDT, before the guess) is not to block.
  const account = finding(r, 'compromised-account');
  assert.match(account.title, /^The SASL account info@example\.jp was guessed around 2026-11-01 01:59 \(successful login from 127\.66\.6\.6\) after 11 failed logins/);
  assert.deepEqual([account.evidence.failedLoginsForThisName, account.evidence.ownerIps], [11, 1]);
  const listed = account.lists?.['compromised-ips.txt'] ?? [];
  assert.equal(listed.length, 41);
  assert.ok(!listed.includes('127.0.30.5'));
  const brute = finding(r, 'sasl-bruteforce');
  assert.equal(brute.severity, 'critical');
  assert.match(brute.title, /between 2026-11-01 01:59 and 2026-11-01 02:01; 127\.66\.6\.6 then logged in over SMTP AUTH/);
  // V2: postsuper -d ALL deleted the 290, sato's message among the legitimate mail lost.
  assert.deepEqual([r.totals.postsuperDeleted, r.totals.deletedInBulk, r.totals.stillQueued, r.stillQueued], [290, 290, 0, []]);
  assert.match(finding(r, 'queue-deleted').title,
    /^postsuper -d ALL deleted 290 messages at 2026-11-01 02:04: 286 abuse, and 4 legitimate messages of takahashi@example\.jp, sato@example\.jp lost/);
  // V6: a 5.4-minute log over two real hours, its queue peaking at 290.
  assert.deepEqual(r.period, { from: '2026-11-01T01:59:00', to: '2026-11-01T02:04:25', timezone: 'local', zones: ['local'], hours: 0.09 });
  assert.deepEqual(r.hourly.map((h) => [h.hour, h.lines]), [['2026-11-01T01:00', 810], ['2026-11-01T02:00', 11_778]]);
  assert.equal(Math.max(...r.hourly.map((h) => h.queuePeak)), 290);
  // The UTC control: the same verdicts and lists.
  const utc = await report([write('dst-utc.log', classicText(incident(0).map((l) => ({ ...l, at: l.at + 4 * 3_600_000 }))))], { year: 2026, top: 50 });
  assert.deepEqual(verdicts(r), verdicts(utc));
  assert.deepEqual(listed, finding(utc, 'compromised-account').lists?.['compromised-ips.txt']);
  const ja = await report([path], { year: 2026, top: 50, lang: 'ja' });
  assert.ok(ja.warnings.includes(`ホスト mail の時計が ${path}:${stepLine} で 59 分 59 秒 戻っています（2026-11-01 01:59:59 → 01:00:00）。`
    + '夏時間の切り替えか時計の補正です。出来事が起きた順に並ぶよう、その行から後のこのホストの時刻は、記録された時刻より 1 時間 後の時刻（戻る前の時計）で表示しています。'
    + '夏時間の終了なら、その後のレポートの時刻は夏時間の時計での表示です。'), ja.warnings.join('\n'));
});

test('V1, V2: an NTP step of −10 minutes is put right by the step itself: the line after it gets the time of the line before', { skip: noCorpus }, async () => {
  const path = write('ntp.log', classicText(incident(-600)));
  const r = await sameEveryWay([path]);
  const ctl = await reportOnce(ctlLog());
  assert.deepEqual(r.clockSteps?.examples.map((s) => [s.from, s.to, s.seconds, s.correctedBy]), [['2026-11-01T01:59:59', '2026-11-01T01:50:00', 599, 599]]);
  assert.match(clockWarnings(r)[0]!, /: from that line on, the host's times are shown 9 min 59 s later than written, on the clock before the step, so that the events are in the order they happened\.$/);
  assert.deepEqual(verdicts(r), verdicts(ctl));
  const account = finding(r, 'compromised-account');
  assert.match(account.title, /^The SASL account info@example\.jp was guessed around 2026-11-01 01:59 \(successful login from 127\.66\.6\.6\) after 11 failed logins/);
  assert.deepEqual([account.evidence.failedLoginsForThisName, account.evidence.ownerIps], [11, 1]);
  assert.deepEqual(account.lists?.['compromised-ips.txt'], finding(ctl, 'compromised-account').lists?.['compromised-ips.txt']);
  assert.equal(finding(r, 'sasl-bruteforce').severity, 'critical');
  assert.deepEqual([r.totals.deletedInBulk, r.totals.stillQueued], [290, 0]);
  assert.match(finding(r, 'queue-deleted').title, /4 legitimate messages of takahashi@example\.jp, sato@example\.jp lost/);
  // One second earlier than the control from the step on (599 s put right of 600).
  assert.deepEqual([r.period.from, r.period.to, r.period.hours], [ctl.period.from, '2026-11-01T02:04:24', 0.09]);
  // The lines of 02:00:00 after the step are at 01:59:59: the hours are the control's, 240 lines moved between them.
  assert.deepEqual(r.hourly.map((h) => [h.hour, h.lines]), [['2026-11-01T01:00', 1050], ['2026-11-01T02:00', 11_538]]);
  assert.deepEqual(ctl.hourly.map((h) => [h.hour, h.lines]), [['2026-11-01T01:00', 810], ['2026-11-01T02:00', 11_778]]);
  // The shift: a step within 2 minutes of a whole multiple of 15 minutes is that multiple (DST), else itself.
  const m = 60_000;
  assert.deepEqual([clockShiftOf({ from: 60 * m, to: 0 }), clockShiftOf({ from: 61.9 * m, to: 0 }), clockShiftOf({ from: 29 * m, to: 0 }),
    clockShiftOf({ from: 10 * m, to: 0 }), clockShiftOf({ from: 12 * m, to: 0 }), clockShiftOf({ from: 22 * m, to: 0 })], [60 * m, 60 * m, 30 * m, 10 * m, 12 * m, 22 * m]);
});

test('V5: --since inside the hour the fall-back repeats is read on the clock before the step: it keeps what the control keeps', { skip: noCorpus }, async () => {
  const path = dstLog();
  const ctlPath = ctlLog();
  // 01:30 (EDT): every line of the log is after it. 02:02 (EDT, written 01:02 EST): the minutes before it are left out.
  for (const since of [Date.UTC(2026, 10, 1, 1, 30), Date.UTC(2026, 10, 1, 2, 2)]) {
    const r = await report([path], { year: 2026, top: 50, since });
    const ctl = await report([ctlPath], { year: 2026, top: 50, since });
    assert.deepEqual(plain(r), plain(ctl));
    assert.equal(r.clockSteps?.examples[0]?.correctedBy, 3600);
    assert.equal(r.since?.linesBefore, ctl.since?.linesBefore);
  }
  const all = await report([path], { year: 2026, top: 50, since: Date.UTC(2026, 10, 1, 1, 30) });
  assert.deepEqual([all.since?.linesBefore, all.lines.parsed + all.lines.ignored], [0, 12_588]);
  assert.ok(all.findings.some((f) => f.rule === 'compromised-account'));
  const cut = await sameEveryWay([path], [], { since: Date.UTC(2026, 10, 1, 2, 2) });
  assert.ok(cut.since!.linesBefore > 810 && cut.since!.linesBefore < 12_588, String(cut.since?.linesBefore));
  assert.equal(cut.period.from?.slice(0, 16), '2026-11-01T02:02');
});

test('V4: compare of the report of a log through the fall-back against the same log grown: the brute force that went on is no "resolved"', { skip: noCorpus }, async () => {
  const { incident: src, healthy } = lines();
  const at = (l: ClassicLine, from: number, to: number): ClassicLine => ({ ...l, at: l.at - from + to });
  const bruteFrom = Date.UTC(2026, 10, 28, 22, 15, 28);
  // After the fix, on the winter clock as written (01:30 EST, 02:10 EST): the brute force again, then healthy traffic.
  const more = (summer: number): ClassicLine[] => [
    ...src.filter((l) => l.at >= bruteFrom && l.at < Date.UTC(2026, 10, 28, 22, 16, 27)).map((l) => at(l, bruteFrom, Date.UTC(2026, 10, 1, 1, 30) + summer)),
    ...healthy.map((l) => at(l, healthy[0]!.at, Date.UTC(2026, 10, 1, 2, 10) + summer)),
  ];
  // The before logs are the fall-back log and its control, as the tests above read them.
  const sides = (step: number): { before: string; grown: string } => ({
    before: step === 0 ? ctlLog() : dstLog(),
    grown: write(`grown${step}.log`, classicText([...incident(step), ...more(step === 0 ? 3_600_000 : 0)])),
  });
  const answer = async (s: { before: string; grown: string }): Promise<{ after: Report; brute: unknown[] }> => {
    const before = await reportOnce(s.before);
    const after = (await analyzeAfterSide(before, [s.grown], 2026, true, OPTS)).report;
    const c = compareReports(before, after, { version: 'test', before: { kind: 'logs', paths: [s.before] }, after: { kind: 'logs', paths: [s.grown] } });
    const b = c.findings.find((f) => f.rule === 'sasl-bruteforce');
    return { after, brute: [b?.status, b?.severity, b?.measure.before, b?.measure.after] };
  };
  const dst = await answer(sides(-3600));
  const ctl = await answer(sides(0));
  assert.deepEqual(dst.brute, ['reduced', { before: 'critical', after: 'high' }, 213, 137]);
  assert.deepEqual(dst.brute, ctl.brute);
  // Cut at the before period's end, on the corrected times: 02:04:25, after the 12,588 lines of the before log.
  assert.deepEqual([dst.after.since?.at, dst.after.since?.linesBefore], ['2026-11-01T02:04:25', 12_588]);
  assert.deepEqual(plain(dst.after), plain(ctl.after));
});

test('a fall-back in maillog.1 goes on into maillog; a range starting at the step; a .gz: the same report, for every split (samples/incident.log)', async () => {
  // samples/incident.log: info@example.jp guessed at 2026-11-25 23:41:07 (41.213.169.4), spam after it for days.
  const src = classicLines(join(ROOT, 'samples', 'incident.log'));
  const guess = Date.UTC(2026, 10, 25, 23, 41, 7);
  const stepIndex = src.findIndex((l) => l.at > guess);
  const rotateAt = Date.UTC(2026, 10, 27);
  const set = (name: string, step: number): string[] => {
    const moved = src.map((l, i) => ({ ...l, at: l.at + (i >= stepIndex ? step : 0) }));
    return [
      write(`${name}-maillog`, classicText(moved.filter((_, i) => src[i]!.at >= rotateAt))),
      write(`${name}-maillog.1`, classicText(moved.filter((_, i) => src[i]!.at < rotateAt))),
    ];
  };
  const [newer, older] = set('dst', -3_600_000);
  const ctl = await report(set('ctl', 0), { year: 2026, top: 50 });
  const from = src[stepIndex - 1]!.at;
  const to = src[stepIndex]!.at - 3_600_000;
  assert.ok(from - to > 3_480_000, 'a fall-back: within 2 minutes of an hour');
  const r = await sameEveryWay([newer!, older!], [[older!, offsetOfLine(older!, stepIndex + 1)]]);
  assert.deepEqual(r.inputs.map((f) => f.path), [older, newer]);
  assert.deepEqual(r.clockSteps?.examples.map((s) => [s.file, s.line, s.correctedBy]), [[older, stepIndex + 1, 3600]]);
  // maillog is on the winter clock from its first line: its lines are put right by the step of maillog.1 too.
  assert.deepEqual(plain(r), plain(ctl));
  assert.match(finding(r, 'compromised-account').title, /^The SASL account info@example\.jp was guessed around 2026-11-25 23:41 \(successful login from 41\.213\.169\.4\)/);
  // maillog.1 as a .gz: the same report, whole or beside the ranges of maillog.
  const gz = write('dst-maillog.1.gz', gzipSync(readFileSync(older!)));
  const zipped = await report([newer!, gz], { year: 2026, top: 50 });
  assert.deepEqual(zipped.inputs.map((f) => [f.path, f.kind]), [[gz, 'gz'], [newer, 'plain']]);
  assert.deepEqual(plain(zipped), plain(r));
  assert.equal(renderJson(await report([newer!, gz], { year: 2026, top: 50, jobs: 3, rangeBytes: 4099 })), renderJson(zipped));
  // The whole log in one .gz file: its step put right as in the plain file.
  const whole = write('dst-all.log', readFileSync(older!, 'latin1') + readFileSync(newer!, 'latin1'));
  const wholeGz = write('dst-all.log.gz', gzipSync(readFileSync(whole)));
  const [w, wz] = [await report([whole], { year: 2026, top: 50 }), await report([wholeGz], { year: 2026, top: 50, jobs: 2 })];
  assert.deepEqual(wz.clockSteps?.examples.map((s) => [s.line, s.correctedBy]), [[stepIndex + 1, 3600]]);
  assert.deepEqual(plain(wz), plain(w));
});

const hasBash = process.platform !== 'win32' && spawnSync('bash', ['-c', 'true']).status === 0;

test('standard input cannot be read again: the step is named, times as written, and the warning says why', { skip: noCorpus || !hasBash }, () => {
  const path = dstLog();
  const run = (args: string[], input?: Buffer, env: Record<string, string> = {}): { r: Report; stderr: string } => {
    const out = join(dir, `cli-${args.join('-').replace(/\W+/g, '_')}`);
    const p = spawnSync(process.execPath, [CLI, 'analyze', ...args, '--year', '2026', '--jobs', '1', '-q', '-f', 'json', '-o', out],
      { encoding: 'utf8', env: { ...process.env, ...env }, ...(input === undefined ? {} : { input }) });
    assert.equal(p.status, 0, p.stderr);
    return { r: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report, stderr: p.stderr };
  };
  const { r } = run(['-'], readFileSync(path));
  assert.deepEqual(r.clockSteps?.examples.map((s) => [s.line, s.seconds, s.correctedBy]), [[811, 3599, undefined]]);
  assert.deepEqual(clockWarnings(r), [
    'The clock of host mail went back 59 min 59 s at -:811 (2026-11-01 01:59:59 → 01:00:00), a daylight-saving change or a clock step: '
    + 'standard input and pipes are read once and cannot be read again with the times put right: times are shown as written, and findings '
    + 'that order events by time (a password guessed before the spam, postsuper\'s deletion, --since, compare\'s cut) may be wrong around it.',
  ]);
  // As before: the guess and the deletion are read by the times as written.
  assert.doesNotMatch(r.findings.find((f) => f.rule === 'compromised-account')?.title ?? '', /was guessed around/);
  assert.equal(r.period.to, '2026-11-01T01:59:59');
  // The file is read twice; the timing lines name the second read.
  const timed = run([path], undefined, { MAILLOG_FORENSICS_TIMING: '1' });
  assert.match(timed.stderr, /^timing: scan, merge and stitch \d+ ms/m);
  assert.match(timed.stderr, /^timing: second read, clock steps put right: scan, merge and stitch \d+ ms/m);
  assert.equal(timed.r.clockSteps?.examples[0]?.correctedBy, 3600);
});

test(`more than ${CLOCK_STEP_EXAMPLES} steps are not put right, and the warning says so`, async () => {
  // Two writers of host mail whose clocks are 10 minutes apart, taking turns: 11 steps back.
  const writers: ClassicLine[] = [];
  for (let i = 0; i < 2 * (CLOCK_STEP_EXAMPLES + 1); i++) {
    writers.push({ at: Date.UTC(2026, 5, 10, 10, 0, i) + (i % 2 === 0 ? 600_000 : 0), host: 'mail', rest: `postfix/smtpd[${100 + i}]: connect from unknown[203.0.113.${i + 1}]` });
  }
  const path = write('writers.log', classicText(writers));
  const r = await report([path], { year: 2026, top: 50 });
  assert.equal(r.clockSteps?.total, CLOCK_STEP_EXAMPLES + 1);
  assert.equal(r.clockSteps?.examples.length, CLOCK_STEP_EXAMPLES);
  assert.ok(r.clockSteps?.examples.every((s) => s.correctedBy === undefined));
  assert.match(clockWarnings(r)[0]!, /; and 8 more \(report\.json's clockSteps lists the first 10\); daylight-saving changes or clock steps: more than 10 are too many to put right: times are shown as written, .* may be wrong around them\.$/);
  assert.equal(r.period.to, '2026-06-10T10:10:20');
  const ja = await report([path], { year: 2026, top: 50, lang: 'ja' });
  assert.match(ja.warnings.find((w) => w.includes('戻っています'))!, /戻った箇所が 10 か所を超え、多すぎて補正できないため、時刻はログに記録されたとおりに表示しています。/);
});
