// Review V: lines whose UTC offset changes within a run (a DST change, a central syslog file of hosts in several
// zones) are placed by the instant they give, at one reference offset for the run: the set's first dated line's
// (split/inputs.ts, parse/header.ts toReference). The times were the wall clocks as written, so that the events of
// an RFC 3339 log through a fall-back were out of order: the guesser's login read as before its failures (V1),
// postsuper -d ALL was matched by wall clock (V2), the record of a message was split by a spring-forward (V3), compare
// cut the grown after log at the wrong time (V4), and the period and hours were the wall clocks' (V6).
//
// The logs are the corpus's RFC 3339 lines (Postfix 3.7.11, Dovecot 2.3.19.1), each line's instant mapped to a new one
// and written in the offset a server in America/New_York gives it then (as review V's generator, /tmp/revV/gen.mjs,
// did); the control is the same instants written in UTC: a clock that never changes its offset.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS, ROOT, report } from './helpers.js';
import { renderJson } from '../src/render/index.js';
import { analyzeAfterSide } from '../src/compare/after-side.js';
import { compareReports } from '../src/compare/compare.js';
import { newHeader, newYearRule, parseHeader, setReferenceZone } from '../src/parse/header.js';
import type { Report } from '../src/report/model.js';

const INCIDENT = join(CORPUS, 'incident', 'maillog.rfc3339');
const HEALTHY = join(CORPUS, 'healthy', 'maillog.rfc3339');
const skip = !existsSync(INCIDENT) || !existsSync(HEALTHY);
const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const OPTS = { jobs: 1, top: 50, formats: ['json'], allowPartial: false, progress: false, version: 'test' };

interface Line { ms: number; micros: string; rest: string }

/** The corpus's lines: "2026-11-28T22:15:28.617922+09:00 mail postfix/…": instant, microseconds, text after the host. */
function corpus(path: string): Line[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l !== '').map((l) => {
    const m = /^(\S+)\.(\d{6})(\+09:00) \S+ (.*)$/.exec(l);
    if (m === null) throw new Error(`not a corpus line: ${l}`);
    return { ms: Date.parse(`${m[1]}.${m[2].slice(0, 3)}${m[3]}`), micros: m[2], rest: m[4]! };
  });
}

/** A corpus time of Nov 28 (+09:00). */
const corpusMs = (hms: string): number => Date.parse(`2026-11-28T${hms}+09:00`);

/** UTC offset in minutes of America/New_York in 2026: EDT (-04:00) from Mar 8 07:00Z to Nov 1 06:00Z, else EST. */
function newYork(ms: number): number {
  return ms >= Date.UTC(2026, 2, 8, 7) && ms < Date.UTC(2026, 10, 1, 6) ? -240 : -300;
}
const utc = (): number => 0;

/** An RFC 3339 stamp of rsyslog: the wall clock at `offMin`, microseconds, the offset. */
function stamp(ms: number, micros: string, offMin: number): string {
  const wall = new Date(ms + offMin * 60_000).toISOString().slice(0, 19);
  const a = Math.abs(offMin);
  return `${wall}.${micros}${offMin < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

interface Restamp { anchorSrc: string; anchorUtc: string; zone: (ms: number) => number; host?: string; to?: string }

/** The lines (those before the corpus time `to`), the instant of `anchorSrc` moved to `anchorUtc`, written in `zone`. */
function restamp(lines: Line[], o: Restamp): Array<{ ms: number; text: string }> {
  const shift = Date.parse(o.anchorUtc) - corpusMs(o.anchorSrc);
  const to = o.to === undefined ? Infinity : corpusMs(o.to);
  return lines.filter((l) => l.ms < to).map((l) => {
    const ms = l.ms + shift;
    return { ms, text: `${stamp(ms, l.micros, o.zone(ms))} ${o.host ?? 'mail'} ${l.rest}` };
  });
}

const text = (lines: Array<{ text: string }>): string => lines.map((l) => l.text).join('\n') + '\n';

const dir = mkdtempSync(join(tmpdir(), 'mlf-offsets-'));
function write(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
}

/**
 * The incident through the fall-back of 2026-11-01 06:00Z (review V's dstA): the brute force and the guess (corpus
 * 22:16:27, 127.66.6.6) at 01:59 EDT, then, from 01:00:00 EST, the spam from 41 IPs and postsuper -d ALL at 01:04:21 EST.
 */
const FALL = { anchorSrc: '22:16:28', anchorUtc: '2026-11-01T06:00:00Z' };
/** The spring-forward of 2026-03-08 07:00Z between root's cron mail pickup line and its cleanup line (review V's spring). */
const SPRING = { anchorSrc: '22:16:10.131', anchorUtc: '2026-03-08T07:00:00Z' };

let cache: { incident: Line[]; healthy: Line[] } | null = null;
function lines(): { incident: Line[]; healthy: Line[] } {
  cache ??= { incident: corpus(INCIDENT), healthy: corpus(HEALTHY) };
  return cache;
}

const finding = (r: Report, rule: string): Report['findings'][number] => {
  const f = r.findings.find((x) => x.rule === rule);
  assert.ok(f, `no ${rule} finding`);
  return f;
};
const verdicts = (r: Report): string[] => r.findings.map((f) => `${f.severity} ${f.rule}`);

/**
 * jobs 1 (`jobs1`, when a test has it already), and jobs 3 with ranges of a few lines' worth and of an odd size: the
 * same report.json.
 */
async function sameEveryWay(path: string, jobs1?: Promise<Report>): Promise<Report> {
  const one = await (jobs1 ?? report([path], { year: 2026, top: 50 }));
  const json = renderJson(one);
  for (const rangeBytes of [50_000, 123_457]) {
    assert.equal(renderJson(await report([path], { year: 2026, top: 50, jobs: 3, rangeBytes })), json, `${path}: jobs 3, ranges of ${rangeBytes} bytes`);
  }
  return one;
}

// The incident through the fall-back in New York's offsets (dst.log) is the input of most tests below: its lines,
// file and report (jobs 1, --top 50, as the CLI's default) are made once, each test reading them (none changes them).
let dstLines: Array<{ ms: number; text: string }> | null = null;
const fallLines = (): Array<{ ms: number; text: string }> => (dstLines ??= restamp(lines().incident, { ...FALL, zone: newYork }));
let dstPath: string | null = null;
const dstLog = (): string => (dstPath ??= write('dst.log', text(fallLines())));
let dstReport: Promise<Report> | null = null;
const fallReport = (): Promise<Report> => (dstReport ??= report([dstLog()], { year: 2026, top: 50 }));

/**
 * dst.log on standard input, read alone by the CLI (--jobs 1, -f json): its report.json, run once for the two tests
 * that read it (the rotated set's, and W1's control, which also reads it with --jobs 3).
 */
let stdinAlone: string | null = null;
function dstFromStdin(): string {
  if (stdinAlone === null) {
    const out = join(dir, 'stdin');
    const piped = spawnSync(process.execPath, [CLI, 'analyze', '-', '--year', '2026', '--jobs', '1', '-q', '-f', 'json', '-o', out],
      { input: readFileSync(dstLog()), encoding: 'utf8' });
    assert.equal(piped.status, 0, piped.stderr);
    stdinAlone = readFileSync(join(out, 'report.json'), 'utf8');
  }
  return stdinAlone;
}

test('V1: an RFC 3339 log through a DST fall-back gives the control\'s verdicts: guessed around 01:59, 127.66.6.6 got in, the owner\'s IP not to block', { skip }, async () => {
  const { incident } = lines();
  const dst = await sameEveryWay(dstLog(), fallReport());
  const ctl = await report([write('dst-ctl.log', text(restamp(incident, { ...FALL, zone: utc })))], { year: 2026, top: 50 });
  assert.deepEqual(verdicts(dst), verdicts(ctl));
  const account = finding(dst, 'compromised-account');
  assert.match(account.title, /^The SASL account info@example\.jp was guessed around 2026-11-01 01:59 \(successful login from 127\.66\.6\.6\) after 11 failed logins/);
  assert.equal(account.evidence.failedLoginsForThisName, 11);
  assert.equal(account.evidence.ownerIps, 1);
  const listed = account.lists?.['compromised-ips.txt'] ?? [];
  assert.equal(listed.length, 41);
  assert.ok(!listed.includes('127.0.30.5'), 'the owner\'s own client (it sent at 01:59:36 EDT, before the guess) is not to block');
  assert.deepEqual(listed, finding(ctl, 'compromised-account').lists?.['compromised-ips.txt']);
  const brute = finding(dst, 'sasl-bruteforce');
  assert.equal(brute.severity, 'critical');
  assert.match(brute.title, /127\.66\.6\.6 then logged in over SMTP AUTH/);
});

test('V2: postsuper -d ALL after the fall-back deletes the 290 messages, sato\'s among the legitimate mail lost; none still queued', { skip }, async () => {
  const dst = await fallReport();
  assert.equal(dst.totals.postsuperDeleted, 290);
  assert.equal(dst.totals.deletedInBulk, 290);
  assert.equal(dst.totals.stillQueued, 0);
  assert.deepEqual(dst.stillQueued, []);
  assert.match(finding(dst, 'queue-deleted').title,
    /^postsuper -d ALL deleted 290 messages at 2026-11-01 02:04: 286 abuse, and 4 legitimate messages of takahashi@example\.jp, sato@example\.jp lost/);
});

test('V3: a spring-forward between a pickup line and its cleanup line keeps one record: the bulk deletion applies, nothing to clean up', { skip }, async () => {
  const { incident } = lines();
  const spring = await sameEveryWay(write('spring.log', text(restamp(incident, { ...SPRING, zone: newYork }))));
  assert.equal(spring.totals.stillQueued, 0);
  assert.equal(spring.totals.deletedInBulk, 290);
  assert.ok(!spring.findings.some((f) => f.rule === 'queue-cleanup'));
  assert.ok(!spring.findings.some((f) => f.lists?.['queue-delete.txt'] !== undefined));
  // The log starts at 01:59:18 EST; 03:00:00 EDT is 02:00:00 at -05:00, the first line's offset: 0.09 h, not 1.09.
  assert.deepEqual([spring.period.from, spring.period.to, spring.period.hours], ['2026-03-08T01:59:18.617-05:00', '2026-03-08T02:04:43.850-05:00', 0.09]);
  assert.deepEqual(spring.hourly.map((h) => [h.hour, h.lines]), [['2026-03-08T01:00-05:00', 543], ['2026-03-08T02:00-05:00', 12_045]]);
});

test('V6: the period, its hours and the hourly rows are those of the instants, at the first line\'s offset; a warning says so', { skip }, async () => {
  const dst = await fallReport();
  assert.deepEqual(dst.period, {
    from: '2026-11-01T01:59:00.617-04:00', to: '2026-11-01T02:04:25.850-04:00', timezone: '-04:00', zones: ['-04:00', '-05:00'], hours: 0.09,
  });
  assert.deepEqual(dst.hourly.map((h) => [h.hour, h.lines]), [['2026-11-01T01:00-04:00', 810], ['2026-11-01T02:00-04:00', 11_778]]);
  assert.equal(Math.max(...dst.hourly.map((h) => h.queuePeak)), 290);
  assert.ok(dst.warnings.includes('The log\'s lines carry several UTC offsets (-04:00, -05:00): each line is placed at the instant it gives, and times '
    + 'are shown at -04:00, the offset of the first line. The log lines shown as evidence keep their stamps as written.'), dst.warnings.join('\n'));
  // The evidence lines are the log's, as written.
  assert.ok(JSON.stringify(dst.findings).includes('-05:00 mail postfix/'));
});

test('V5: --since is the time at the first line\'s offset, as the report shows it: the hour repeated by the fall-back is no longer "before it"', { skip }, async () => {
  const all = fallLines();
  const path = dstLog();
  // 02:02 at -04:00 is 01:02 EST (06:02Z): every line before that instant is left out, whatever its wall clock.
  const since = Date.UTC(2026, 10, 1, 2, 2);
  const r = await report([path], { year: 2026, top: 50, since });
  const before = all.filter((l) => l.ms < Date.UTC(2026, 10, 1, 6, 2)).length;
  assert.ok(before > 810 && before < all.length, String(before));
  assert.equal(r.since?.linesBefore, before);
  assert.equal(r.lines.parsed + r.lines.unparsed, all.length - before);
  assert.equal(r.period.from?.slice(0, 16), '2026-11-01T02:02');
});

test('a central syslog file of two hosts in +09:00 and +00:00 is read in the order of the instants: the control\'s report', { skip }, async () => {
  const { incident, healthy } = lines();
  // mx2 (the healthy corpus) starts 30 s after mail; the central server writes in arrival order.
  const central = (mx2: (ms: number) => number): string => {
    const mail = restamp(incident, { anchorSrc: '22:15:28.617', anchorUtc: '2026-11-28T13:15:28.617Z', zone: () => 540 });
    const other = restamp(healthy, { anchorSrc: '22:13:18.509', anchorUtc: '2026-11-28T13:15:58.509Z', zone: mx2, host: 'mx2' });
    return text([...mail, ...other].sort((a, b) => a.ms - b.ms));
  };
  const two = await sameEveryWay(write('central.log', central(utc)));
  const ctl = await report([write('central-ctl.log', central(() => 540))], { year: 2026, top: 50 });
  assert.deepEqual([two.period.timezone, two.period.zones], ['+09:00', ['+00:00', '+09:00']]);
  assert.deepEqual(two.period, { ...ctl.period, zones: ['+00:00', '+09:00'] });
  // Everything else is the control's, once the stamps of the log lines quoted as evidence are left aside.
  const plain = (r: Report): unknown => JSON.parse(JSON.stringify({ ...r, inputs: [], warnings: [], period: null })
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}[+-]\d\d:\d\d (mail|mx2) /g, '$1 '));
  assert.deepEqual(plain(two), plain(ctl));
  assert.equal(ctl.warnings.length, 0);
  assert.equal(two.warnings.length, 1);
  assert.match(two.warnings[0]!, /^The log's lines carry several UTC offsets \(\+00:00, \+09:00\): .* shown at \+09:00, the offset of the first line/);
});

test('a rotated set across the fall-back (maillog.1 in -04:00, maillog in -05:00 with earlier wall clocks), a .gz, or standard input: one report', { skip }, async () => {
  const all = fallLines();
  const whole = await fallReport();
  const older = write('maillog.1', text(all.filter((l) => l.text.includes('-04:00 '))));
  const newer = write('maillog', text(all.filter((l) => l.text.includes('-05:00 '))));
  const set = await report([newer, older], { year: 2026, top: 50 });
  assert.deepEqual(set.inputs.map((i) => [i.path, i.firstAt]), [[older, '2026-11-01T01:59:00.617-04:00'], [newer, '2026-11-01T02:00:00.021-04:00']]);
  const gz = write('maillog.1.gz', '');
  writeFileSync(gz, gzipSync(readFileSync(older)));
  const withGz = await report([newer, gz], { year: 2026, top: 50, jobs: 2 });
  assert.deepEqual([withGz.inputs.map((i) => i.path), withGz.period], [[gz, newer], whole.period]);
  assert.deepEqual(set.period, whole.period);
  assert.deepEqual(verdicts(set), verdicts(whole));
  assert.equal(set.totals.deletedInBulk, 290);
  // Read whole from standard input, the stream settles the offset from its own first line.
  const fromStdin = JSON.parse(dstFromStdin()) as Report;
  assert.deepEqual(fromStdin.period, whole.period);
  assert.deepEqual(fromStdin.findings, whole.findings);
});

// Review W, W1 and W2: standard input and pipes are read once, so they are not read ahead for the reference offset.
// Beside an empty file (a just-rotated mail.log), or as two pipes, the first stream's first dated line settles it (the
// lines were taken as written: V1 and V2 again); beside a dated file, the file settles it, and the report says so.

const hasBash = process.platform !== 'win32' && spawnSync('bash', ['-c', 'true']).status === 0;

/**
 * The CLI's report.json, run by bash (`<(…)` for pipes) with `stdin`, with --jobs 1 (or `jobs1`, that run's report.json
 * made already), then the same with --jobs 3 and small ranges.
 */
function cliEveryWay(name: string, args: string, stdin?: string, jobs1?: string): Report {
  const run = (jobs: string): string => {
    const out = join(dir, `${name}-${jobs.replace(/\D+/g, '-')}`);
    const r = spawnSync('bash', ['-c', `"$NODE" "$CLI" analyze ${args} --year 2026 -q -f json --jobs ${jobs} -o "$OUT"`], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, NODE: process.execPath, CLI, OUT: out }, ...(stdin === undefined ? {} : { input: readFileSync(stdin) }),
    });
    assert.equal(r.status, 0, `${name}: ${r.stderr}`);
    return readFileSync(join(out, 'report.json'), 'utf8');
  };
  const one = jobs1 ?? run('1');
  assert.equal(run('3 --range-bytes 4099'), one, `${name}: jobs 3, ranges of 4099 bytes`);
  return JSON.parse(one) as Report;
}

/**
 * The control of the streams below: dst.log read as a file, the same with --jobs 3 and ranges of 4099 bytes. In-process
 * (the streams are the CLI's subject, not the file): the report of the CLI's defaults (--top 50), made once for the tests.
 */
let fileChecked: Promise<Report> | null = null;
function fileControl(): Promise<Report> {
  fileChecked ??= (async () => {
    const one = await fallReport();
    const ranged = await report([dstLog()], { year: 2026, top: 50, jobs: 3, rangeBytes: 4099 });
    assert.equal(renderJson(ranged), renderJson(one), 'dst.log: jobs 3, ranges of 4099 bytes');
    return one;
  })();
  return fileChecked;
}

/** The control's verdicts on the fall-back (V1, V2): guessed around 01:59 (-04:00), 290 deleted in bulk, none still queued, no clock step. */
function controlVerdicts(r: Report, ctl: Report, hm: string): void {
  assert.deepEqual(verdicts(r), verdicts(ctl));
  assert.match(finding(r, 'compromised-account').title, new RegExp(`^The SASL account info@example\\.jp was guessed around 2026-11-01 ${hm} \\(successful login from 127\\.66\\.6\\.6\\)`));
  assert.equal(finding(r, 'sasl-bruteforce').severity, 'critical');
  assert.deepEqual([r.totals.deletedInBulk, r.totals.stillQueued, r.stillQueued], [290, 0, []]);
  assert.equal(r.clockSteps, undefined);
  assert.ok(!r.warnings.some((w) => /went back|mixes time zones/.test(w)), r.warnings.join('\n'));
}

test('W1: standard input beside an empty file (a just-rotated mail.log) settles the offset from its first line: the control\'s verdicts', { skip: skip || !hasBash }, () => {
  const dst = dstLog();
  write('empty.log', '');
  const ctl = cliEveryWay('w1-alone', '-', dst, dstFromStdin());
  for (const [name, args] of [['w1-stdin-empty', '- empty.log'], ['w1-empty-stdin', 'empty.log -']] as const) {
    const r = cliEveryWay(name, args, dst);
    assert.deepEqual(r.period, { from: '2026-11-01T01:59:00.617-04:00', to: '2026-11-01T02:04:25.850-04:00', timezone: '-04:00', zones: ['-04:00', '-05:00'], hours: 0.09 }, name);
    controlVerdicts(r, ctl, '01:59');
    assert.ok(r.warnings.some((w) => w.includes('times are shown at -04:00, the offset of the first line.')), r.warnings.join('\n'));
    // Standard input first, it is the first input as when read alone: the very findings.
    if (args.startsWith('-')) assert.deepEqual(r.findings, ctl.findings);
  }
});

test('W1: two pipes of a rotated set across the fall-back (<(cat maillog.1) <(cat maillog)): the first one\'s first line settles the offset', { skip: skip || !hasBash }, async () => {
  const all = fallLines();
  write('maillog.1', text(all.filter((l) => l.text.includes('-04:00 '))));
  write('maillog', text(all.filter((l) => l.text.includes('-05:00 '))));
  write('empty.log', '');
  const ctl = await fileControl();
  const r = cliEveryWay('w1-pipes', '<(cat maillog.1) <(cat maillog)');
  assert.deepEqual(r.inputs.map((i) => i.kind), ['stream', 'stream']);
  assert.deepEqual(r.period, ctl.period);
  assert.equal(r.period.timezone, '-04:00');
  controlVerdicts(r, ctl, '01:59');
  // A .gz through a pipe, an empty file between: the same.
  const gz = cliEveryWay('w1-pipes-gz', '<(cat maillog.1) empty.log <(gzip -c maillog)');
  assert.deepEqual(gz.period, ctl.period);
  controlVerdicts(gz, ctl, '01:59');
});

test('W2: standard input beside a dated file: the file\'s offset, named as such; --since is read at it', { skip: skip || !hasBash }, async () => {
  const all = fallLines();
  const older = write('maillog.1', text(all.filter((l) => l.text.includes('-04:00 '))));
  write('maillog', text(all.filter((l) => l.text.includes('-05:00 '))));
  const ctl = await fileControl();
  const r = cliEveryWay('w2', '- maillog', older);
  // The same instants as the control's, at -05:00: the wall clock of maillog, which standard input's lines do not show.
  assert.deepEqual(r.period, { from: '2026-11-01T00:59:00.617-05:00', to: '2026-11-01T01:04:25.850-05:00', timezone: '-05:00', zones: ['-04:00', '-05:00'], hours: 0.09 });
  controlVerdicts(r, ctl, '00:59');
  assert.ok(r.warnings.includes('The log\'s lines carry several UTC offsets (-04:00, -05:00): each line is placed at the instant it gives, and times '
    + 'are shown at -05:00, the offset of the files\' first dated line (standard input and pipes are not read ahead). The log lines shown as evidence keep their stamps as written.'), r.warnings.join('\n'));
  // --since 01:02 at -05:00 is 06:02Z: the lines before that instant are left out, as in V5 (02:02 at -04:00).
  const since = cliEveryWay('w2-since', '- maillog --since "2026-11-01 01:02"', older);
  const before = all.filter((l) => l.ms < Date.UTC(2026, 10, 1, 6, 2)).length;
  assert.ok(before > 810 && before < all.length, String(before));
  assert.equal(since.since?.linesBefore, before);
  assert.equal(since.period.from?.slice(0, 16), '2026-11-01T01:02');
});

test('V4: compare places a before log in summer time and the same log grown into winter time by instant', { skip }, async () => {
  const { incident, healthy } = lines();
  const dst = fallLines();
  // The same log grown: the brute force again at 01:30 EST (corpus 22:15:28 to 22:16:27), then healthy traffic at 02:10 EST.
  const grown = [...dst, ...restamp(incident, { anchorSrc: '22:15:28', anchorUtc: '2026-11-01T06:30:00Z', zone: newYork, to: '22:16:27' }),
    ...restamp(healthy, { anchorSrc: '22:13:18', anchorUtc: '2026-11-01T07:10:00Z', zone: newYork })];
  const grownPath = write('grown.log', text(grown));

  // The before log in summer time only (-04:00): its end, 01:59:59 EDT, is before every line in -05:00.
  const summer = await report([write('summer.log', text(dst.filter((l) => l.text.includes('-04:00 '))))], { year: 2026, top: 50 });
  assert.deepEqual([summer.period.timezone, summer.period.zones, summer.period.to], ['-04:00', ['-04:00'], '2026-11-01T01:59:59.806-04:00']);
  const after = (await analyzeAfterSide(summer, [grownPath], 2026, true, OPTS)).report;
  assert.equal(after.since?.at, '2026-11-01T01:59:59');
  assert.equal(after.since?.linesBefore, 810);
  assert.deepEqual([after.period.from, after.period.timezone, after.period.zones], ['2026-11-01T02:00:00.021-04:00', '-04:00', ['-05:00']]);
  // The spam after the fall-back is on the after side, with its guess before it (in the before period).
  assert.ok(after.findings.some((f) => f.rule === 'compromised-account'), verdicts(after).join(', '));

  // The before log through the fall-back, the grown log after: the brute force went on at 137 an hour after the fix.
  const before = await fallReport();
  const after2 = (await analyzeAfterSide(before, [grownPath], 2026, true, OPTS)).report;
  assert.equal(after2.since?.linesBefore, 12_588);
  const c = compareReports(before, after2, { version: 'test', before: { kind: 'logs', paths: [] }, after: { kind: 'logs', paths: [grownPath] } });
  const brute = c.findings.find((f) => f.rule === 'sasl-bruteforce');
  assert.deepEqual([brute?.status, brute?.severity, brute?.measure.before, brute?.measure.after], ['reduced', { before: 'critical', after: 'high' }, 213, 137]);
  assert.equal(c.checks.zones, null);
});

test('a log of one offset is read as written: times, zone and no warning (all the samples and the corpus are such logs)', { skip }, async () => {
  const r = await report([INCIDENT], { year: 2026, top: 50 });
  assert.deepEqual(r.period, { from: '2026-11-28T22:15:28.617+09:00', to: '2026-11-28T22:20:53.850+09:00', timezone: '+09:00', zones: ['+09:00'], hours: 0.09 });
  assert.ok(!r.warnings.some((w) => /offset|zone/.test(w)), r.warnings.join('\n'));
  // In -05:00 throughout (a winter log of New York): as written, at -05:00.
  const { incident } = lines();
  const winter = await report([write('winter.log', text(restamp(incident, { anchorSrc: '22:15:28.617', anchorUtc: '2026-12-01T15:00:00.617Z', zone: newYork })))], { year: 2026, top: 50 });
  assert.deepEqual([winter.period.from, winter.period.timezone, winter.period.zones], ['2026-12-01T10:00:00.617-05:00', '-05:00', ['-05:00']]);
});

test('parseHeader moves a line of another offset to the reference offset; classic lines, and a run without one, stay as written', () => {
  const h = newHeader();
  const at = (line: string, ref: string): [number, string] => {
    const years = newYearRule(2026, 10, true);
    setReferenceZone(years, ref);
    assert.ok(parseHeader(line, h, years, new Map()));
    return [h.at, h.zone];
  };
  const edt = Date.UTC(2026, 10, 1, 1, 59, 59, 343);
  assert.deepEqual(at('2026-11-01T01:59:59.343535-04:00 mail postfix/smtpd[1]: connect from x[192.0.2.1]', '-04:00'), [edt, '-04:00']);
  assert.deepEqual(at('2026-11-01T01:00:00.5-05:00 mail postfix/smtpd[1]: connect from x[192.0.2.1]', '-04:00'), [Date.UTC(2026, 10, 1, 2, 0, 0, 500), '-05:00']);
  assert.deepEqual(at('2026-11-01T06:00:00Z mail postfix/smtpd[1]: connect from x[192.0.2.1]', '+09:00'), [Date.UTC(2026, 10, 1, 15), '+00:00']);
  // journalctl -o short-iso and -o short-full with a numeric zone, and -o short-unix (UTC).
  assert.deepEqual(at('2026-11-01T01:00:00-0500 mail postfix/smtpd[1]: connect from x[192.0.2.1]', '+09:00'), [Date.UTC(2026, 10, 1, 15), '-05:00']);
  assert.deepEqual(at('Sun 2026-11-01 01:00:00 -05 mail postfix/smtpd[1]: connect from x[192.0.2.1]', '+09:00'), [Date.UTC(2026, 10, 1, 15), '-05:00']);
  assert.deepEqual(at('1793512800.25 mail postfix/smtpd[1]: connect from x[192.0.2.1]', '+09:00'), [Date.UTC(2026, 10, 1, 15, 0, 0, 250), '+00:00']);
  // Classic lines, lines without an offset, and a run whose first line is classic ("local"): as written.
  assert.deepEqual(at('Nov  1 01:00:00 mail postfix/smtpd[1]: connect from x[192.0.2.1]', '+09:00'), [Date.UTC(2026, 10, 1, 1), 'local']);
  assert.deepEqual(at('Sun 2026-11-01 01:00:00 EST mail postfix/smtpd[1]: connect from x[192.0.2.1]', '+09:00'), [Date.UTC(2026, 10, 1, 1), 'local']);
  assert.deepEqual(at('2026-11-01T01:00:00-05:00 mail postfix/smtpd[1]: connect from x[192.0.2.1]', 'local'), [Date.UTC(2026, 10, 1, 1), '-05:00']);
  // A stream read alone ('') settles the reference from its first dated line, as it settles the year.
  const years = newYearRule(2026, 10, true);
  years.refZone = '';
  assert.ok(parseHeader('2026-11-01T01:59:59-04:00 mail postfix/smtpd[1]: connect from x[192.0.2.1]', h, years, new Map()));
  assert.deepEqual([h.at, years.refZone, years.refOffsetMs], [Date.UTC(2026, 10, 1, 1, 59, 59), '-04:00', -4 * 3_600_000]);
  assert.ok(parseHeader('2026-11-01T01:00:00-05:00 mail postfix/smtpd[1]: connect from x[192.0.2.1]', h, years, new Map()));
  assert.equal(h.at, Date.UTC(2026, 10, 1, 2));
});
