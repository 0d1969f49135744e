// compare --lang ja and analyze --baseline --lang ja (docs/compare.md): the comparison's words come from
// src/i18n/compare-*.ts, the two catalogs have the same keys and say something in both languages, the Japanese
// comparison of the bundled samples has no English sentence left in its prose, and English stays as it was (the
// golden files of test/compare.test.ts). Also the delivered chart, which leaves a compromised account's spam out as
// the "compromised accounts left out" rows do (report.json hourly[].compromisedDeliveredByArrival).

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../src/run.js';
import type { Report } from '../src/report/model.js';
import { compareReports } from '../src/compare/compare.js';
import type { Comparison } from '../src/compare/model.js';
import { renderBaselineMarkdown, renderCompareMarkdown } from '../src/compare/markdown.js';
import { renderCompareHtml } from '../src/compare/html.js';
import { overlaySpecs } from '../src/compare/charts.js';
import { compareEn, compareJa, compareMessagesFor } from '../src/i18n/compare.js';
import type { CompareMessages } from '../src/i18n/compare.js';
import { renderJson } from '../src/render/index.js';
import { ROOT } from './helpers.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
process.chdir(ROOT);
const BEFORE_LOG = 'samples/incident.log';
const AFTER_LOG = 'samples/after-fix.log';

/** Hiragana, katakana or kanji. */
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
/** Three or more English words in a row (2+ letters each, separated only by spaces), not parts of addresses or paths. */
const ENGLISH_RUN = /(?<![\w@./:=<-])[A-Za-z]{2,}(?:['’-][A-Za-z]+)*(?:[ \t]+[A-Za-z]{2,}(?:['’-][A-Za-z]+)*){2,}(?![\w@./:=>-])/g;

async function run(paths: string[], lang: 'en' | 'ja'): Promise<Report> {
  const { report } = await analyze({ paths, jobs: 1, year: 2026, top: 50, formats: ['json'], allowPartial: false, progress: false, version: 'test', lang });
  return report;
}

function compare(b: Report, a: Report, msg: CompareMessages, bp = [BEFORE_LOG], ap = [AFTER_LOG]): Comparison {
  return compareReports(b, a, { version: 'test', before: { kind: 'logs', paths: bp }, after: { kind: 'logs', paths: ap }, messages: msg });
}

/** Runs the CLI with a clean locale plus `env`. */
function cli(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const clean: Record<string, string | undefined> = { ...process.env, LC_ALL: undefined, LC_MESSAGES: undefined, LANG: undefined, ...env };
  for (const k of Object.keys(clean)) if (clean[k] === undefined) delete clean[k];
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: clean as NodeJS.ProcessEnv });
}

/**
 * The prose of a compare.md: without code spans (rule ids, subjects, log lines), table body cells other than the
 * label column of the totals (data: keys, reasons, evidence values), evidence lines (identifiers = values) and the
 * finding headings (each report's own title, checked by test/i18n.test.ts).
 */
function prose(md: string, m: CompareMessages): string[] {
  const out: string[] = [];
  let header: string[] | null = null;
  for (const line of md.split('\n')) {
    if (line.startsWith('|')) {
      const cells = line.trim().replace(/^\||\|$/g, '').split(/(?<!\\)\|/).map((c) => c.trim());
      if (header === null) { header = cells; out.push(...cells); } else if (!/^\|(\s*:?-+:?\s*\|)+$/.test(line.trim())) {
        // The totals' labels, and the words of a finding's evidence (its values are data).
        cells.forEach((c, i) => { if (header![i] === m.md.totalsHeaders[0] || (i === 0 && header![0] === m.md.evidence)) out.push(c); });
      }
      continue;
    }
    header = null;
    if (line.startsWith(`- ${m.md.evidence}: `) || /^#{3,4} \d+\. /.test(line)) continue;
    out.push(line);
  }
  return out.map((l) => l.replace(/(`+)[\s\S]*?\1/g, ' ').replace(/\\(.)/g, '$1')).filter((l) => l.trim() !== '');
}

function englishRuns(lines: string[]): string[] {
  return lines.flatMap((l) => [...l.matchAll(ENGLISH_RUN)].map((x) => `${x[0]}   ⟵ ${l.slice(0, 120)}`));
}

let incidentJa: Report;
let afterJa: Report;
let incidentEn: Report;
let afterEn: Report;

before(async () => {
  [incidentJa, afterJa, incidentEn, afterEn] = await Promise.all([
    run([BEFORE_LOG], 'ja'), run([AFTER_LOG], 'ja'), run([BEFORE_LOG], 'en'), run([AFTER_LOG], 'en'),
  ]);
});

// ---------------------------------------------------------------------------------------------------------
// The catalogs
// ---------------------------------------------------------------------------------------------------------

function walk(v: unknown, path: string, visit: (path: string, v: unknown) => void): void {
  visit(path, v);
  if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path === '' ? k : `${path}.${k}`, visit);
}

const SPAN = { from: '2026-11-25 06:26:21', to: '2026-11-28 09:28:17' };
const SPAN2 = { from: '2026-11-29 00:49:11', to: '2026-11-30 19:18:16' };
const COUNTS = { resolved: 6, reduced: 1, persisting: 0, new: 0 };

/** Sample arguments for every function of the catalogs (dotted path); several when the wording branches. */
const SAMPLES: Record<string, unknown[][]> = {
  redaction: [[true, '`ab12cd34`'], [false, '<code>ab12cd34</code>']],
  redactionSchemes: [[{ beforeName: 'before (reports/before/report.json)', afterName: 'after (reports/after/report.json)', beforeDigits: 8, afterDigits: 12 }]],
  leftOut: [['Recipients delivered'], ['配送完了（宛先）']],
  ratesNote: [[{ sameLength: false, before: 75.03, after: 42.48, shortPeriod: false }], [{ sameLength: true, before: 0.5, after: 0.5, shortPeriod: true }]],
  orderAfterOlder: [[{ before: SPAN2, after: SPAN, touching: false }], [{ before: SPAN2, after: SPAN, touching: true }], [{ before: SPAN2, after: SPAN, touching: false, nextYear: 2027 }]],
  orderSame: [[{ before: SPAN }]],
  orderOverlapping: [[{ hours: 1.5, before: SPAN, after: SPAN2, afterFirst: false }], [{ hours: 0.33, before: SPAN2, after: SPAN, afterFirst: true }],
    [{ hours: 45.5, before: SPAN2, after: SPAN, afterFirst: false, holds: true }]],
  headline: [
    [{ counts: COUNTS, reduced: [{ rule: 'sasl-bruteforce', pct: 44 }], added: [], unchanged: false, reversed: false, sameRate: [], afterHours: '24' }],
    [{ counts: { resolved: 7, reduced: 0, persisting: 0, new: 0 }, reduced: [], added: [], unchanged: false, reversed: true, sameRate: [], afterHours: '24' }],
    [{ counts: { resolved: 0, reduced: 0, persisting: 0, new: 2 }, reduced: [], added: ['open-relay', 'backscatter'], unchanged: false, reversed: false, sameRate: [], afterHours: '24' }],
    [{ counts: { resolved: 1, reduced: 0, persisting: 2, new: 0 }, reduced: [], added: [], unchanged: false, reversed: false, sameRate: [], afterHours: '24' }],
    [{ counts: { resolved: 2, reduced: 0, persisting: 0, new: 0 }, reduced: [], added: [], unchanged: false, reversed: false, sameRate: ['sasl-bruteforce'], afterHours: '1.88' }],
    [{ counts: { resolved: 0, reduced: 0, persisting: 1, new: 0 }, reduced: [], added: [], unchanged: true, reversed: false, sameRate: [], afterHours: '24' }],
    [{ counts: { resolved: 0, reduced: 0, persisting: 3, new: 0 }, reduced: [], added: [], unchanged: true, reversed: true, sameRate: [], afterHours: '24' }],
    [{ counts: { resolved: 0, reduced: 0, persisting: 0, new: 0 }, reduced: [], added: [], unchanged: false, reversed: false, sameRate: [], afterHours: '24' }],
    [{ counts: { resolved: 0, reduced: 0, persisting: 0, new: 0 }, reduced: [], added: [], unchanged: false, reversed: true, sameRate: [], afterHours: '24' }],
    // Review 19: a brute force down to its background, a follow-up note, a reduction by severity only.
    [{ counts: { resolved: 6, reduced: 2, persisting: 0, new: 1 }, reduced: [{ rule: 'relay-probing', pct: null, severity: 'high → low' }], added: [], unchanged: false, reversed: false, sameRate: [], afterHours: '24',
      background: [{ rule: 'sasl-bruteforce', before: '3.85', after: '5.68' }], followUp: ['compromised-account'] }],
    // Below the threshold but the before run's own IPs or messages still at it (compare/still-going-on.ts).
    [{ counts: { resolved: 5, reduced: 0, persisting: 2, new: 0 }, reduced: [], added: [], unchanged: false, reversed: false, sameRate: [], afterHours: '42.5',
      background: [], followUp: [], stillGoingOn: [
        { name: 'sasl-bruteforce', rule: 'sasl-bruteforce', kind: 'same-ips', list: 'blocklist-ips.txt', count: 4, of: 61, events: 16, atLeast: false },
        { name: 'queue-flood', rule: 'queue-flood', kind: 'queued', list: 'stillQueued', count: 2, of: 224, events: 12, atLeast: true }] }],
  ],
  unusable: [
    [{ side: 'after', source: 'logs', reason: 'no-mail-lines', lines: 0, path: '', unparsed: 0, inputLines: 0, since: null }],
    [{ side: 'after', source: 'logs', reason: 'no-mail-lines', lines: 9687, path: '', unparsed: 0, inputLines: 0, since: '2026-11-28 09:28:17' }],
    [{ side: 'before', source: 'report', reason: 'not-understood', lines: 208, path: 'h.zip', unparsed: 208, inputLines: 208, since: null }],
  ],
  headlineUnusable: [
    [{ sides: [{ side: 'after', source: 'logs', reason: 'no-mail-lines' }] }],
    [{ sides: [{ side: 'before', source: 'report', reason: 'not-understood' }, { side: 'after', source: 'logs', reason: 'no-mail-lines' }] }],
  ],
  purgeAfterCut: [[{ deleted: 224, queued: 224, legitimate: 4, senders: ['takahashi@example.jp', 'tanaka@example.jp'] }], [{ deleted: 5, queued: 3, legitimate: 0, senders: [] }],
    [{ deleted: 9, queued: 9, legitimate: 5, senders: ['a@x', 'b@x', 'c@x', 'd@x'] }]],
  optionsDiffer: [[{ before: null, after: '--allow-users info@example.jp' }], [{ before: '--threshold sasl-bruteforce.perIpFailures=20', after: null }]],
  hostsDiffer: [[{ before: ['mail'], after: ['web01'] }], [{ before: ['mx1', 'mx2'], after: ['web01'] }]],
  versionsDiffer: [[{ before: '0.0.9', after: '0.1.0 (commit 1a2b3c4d5e6f)', noCommit: ['before'] }], [{ before: '0.1.0 (commit 0123456789ab)', after: '0.1.0 (commit 1a2b3c4d5e6f + changes)', noCommit: [] }]],
  languagesDiffer: [[{ sides: [{ side: 'after', lang: 'ja' }] }], [{ sides: [{ side: 'before', lang: 'en' }, { side: 'after', lang: 'en' }] }]],
  zonesDiffer: [[{ before: 'local', after: '+00:00', afterLogs: true }], [{ before: '+09:00', after: 'local', afterLogs: false }]],
  olderBeforeOffsets: [[{ offsets: ['-04:00', '-05:00'], afterCut: true }], [{ offsets: ['+01:00', '+02:00'], afterCut: false }]],
  'md.sideWarning': [['before'], ['after']],
  afterCut: [[{ since: '2026-11-28 09:28:17', lines: 9687, uncounted: null }], [{ since: '2026-11-28 09:28:17', lines: 1, uncounted: null }],
    [{ since: '2026-11-28 09:28:17', lines: 9576, uncounted: { since: '2026-11-26 12:30:00', lines: 2068, atLeast: false } }],
    [{ since: '2026-11-28 09:28:17', lines: 9576, uncounted: { since: '2026-11-26 12:30:00', lines: 2046, atLeast: true } }],
    [{ since: '2026-11-28 09:28:17', lines: 9576, uncounted: { since: '2026-11-26 12:30:00', lines: null, atLeast: false } }]],
  afterCutUnlike: [[{ since: '2026-11-12 23:45:16', lines: 2668, uncounted: null, hours: 22, alike: 0, beforeLines: 4068, afterLines: 2666, host: 'mail' }],
    [{ since: '2026-11-12 23:45:16', lines: 1, hours: 1, alike: 1, beforeLines: 1, afterLines: 1, host: null }]],
  authOffOnPort25: [[{ failedBefore: 118, failedAfter: 0, refusedAfter: 145, refusedIps: 28, working: true }],
    [{ failedBefore: 0, failedAfter: 3, refusedAfter: 1, refusedIps: 1, working: false }]],
  newRefusals: [[[{ receiver: 'Gmail', kind: 'unauthenticated', count: 4 }]],
    [[{ receiver: 'Other receivers', kind: 'listed', count: 2 }, { receiver: 'Yahoo', kind: 'rate', count: 1 }]]],
  mailFlow: [
    [{ received: { before: '162', after: '119' }, delivered: { before: '295', after: '162' }, bounceRate: { before: 17.4, after: 0 }, stillQueued: { before: 224, after: 0 }, leftOut: null }],
    [{ received: { before: '1,752', after: '7,152' }, delivered: { before: '2,520', after: '10,776' }, bounceRate: { before: 49.1, after: 1.3 }, stillQueued: { before: 0, after: 0 }, leftOut: null, periodHours: { before: 0.09, after: 0.03 } }],
    [{
      received: { before: '162', after: '119' }, delivered: { before: '295', after: '162' }, bounceRate: { before: 17.4, after: 0 }, stillQueued: { before: 224, after: 0 },
      leftOut: {
        received: { before: '66.2', after: '119' }, delivered: { before: '134', after: '162' },
        sides: [{ side: 'before', users: ['info@example.jp'], messages: 300, delivered: 501, bounceNotices: 112, sinceGuessed: true },
          { side: 'after', users: ['a@example.jp', 'b@example.jp'], messages: 1, delivered: 1, bounceNotices: 0, sinceGuessed: false }],
      },
    }],
    [{ received: { before: '162', after: '119' }, delivered: { before: '295', after: '162' }, bounceRate: { before: 17.4, after: 0 }, stillQueued: { before: 224, after: 0 }, leftOut: null,
      relayedSpam: [{ side: 'after', sources: ['mail uid=33'], recipients: 795 }] }],
  ],
  status: [['resolved', { kind: 'count', changePct: null }], ['resolved', { kind: 'count', changePct: null, afterWithoutFinding: { sameRate: true } }], ['new', { kind: 'count', changePct: null }], ['reduced', { kind: 'count', changePct: -43.8 }],
    ['persisting', { kind: 'count', changePct: 0 }], ['persisting', { kind: 'level', changePct: 0 }], ['persisting', { kind: 'count', changePct: 30 }],
    ['persisting', { kind: 'level', changePct: -5 }], ['persisting', { kind: 'count', changePct: null }], ['persisting', { kind: 'count', changePct: -0.4 }],
    ['new', { kind: 'count', changePct: null }, { followUp: true }], ['reduced', { kind: 'count', changePct: 47 }, { background: true }],
    ['reduced', { kind: 'count', changePct: 47 }, { bySeverity: true, severity: { before: 'high', after: 'low' } }],
    ['persisting', { kind: 'level', changePct: -73 }, { carried: 'queue-ids' }], ['persisting', { kind: 'count', changePct: null }, { carried: 'intruder-ips' }],
    ['persisting', { kind: 'count', changePct: -34 }, { stillGoingOn: true }]],
  carriedAfter: [[{ kind: 'queue-ids', amount: '60', count: 60, of: 220, atLeast: false, messages: null, finding: false }],
    [{ kind: 'intruder-ips', amount: '131 (2.76 per hour)', count: 7, of: 43, atLeast: true, messages: 114, finding: false }],
    [{ kind: 'intruder-ips', amount: '20', count: 2, of: 43, atLeast: false, messages: null, finding: true }],
    [{ kind: 'intruder-ips', amount: '1 (0.02 per hour)', count: 6, of: 43, atLeast: false, messages: 0, finding: false, sending: 0,
      mailbox: { checked: true, count: 6, logins: 18, atLeast: false, ips: [{ ip: '101.82.15.105', logins: 3, protocol: 'imap', first: '2026-12-01 03:10:00' }] } }],
    [{ kind: 'intruder-ips', amount: '9', count: 3, of: 43, atLeast: true, messages: 9, finding: false, sending: 2,
      mailbox: { checked: true, count: 2, logins: 4, atLeast: true, ips: [{ ip: '101.82.15.105', logins: 3, protocol: 'pop3', first: '2026-12-01 03:10:00' }] } }],
    [{ kind: 'intruder-ips', amount: '9', count: 2, of: 43, atLeast: false, messages: 9, finding: false, sending: 2, mailbox: { checked: false, why: 'no-table' } }]],
  stillGoingOnAfter: [
    [{ rule: 'sasl-bruteforce', kind: 'same-ips', list: 'blocklist-ips.txt', amount: '108 (2.54 per hour)', finding: true, count: 4, of: 61, events: 16, atLeast: false,
      items: [{ key: '186.78.183.59', events: 4 }], more: 3 }],
    [{ rule: 'relay-probing', kind: 'same-ips', list: 'topIps', amount: '3 (0.07 per hour)', finding: false, count: 1, of: 8, events: 3, atLeast: true,
      items: [{ key: '116.244.39.244', events: null }], more: 0 }],
    [{ rule: 'queue-flood', kind: 'queued', list: 'stillQueued', amount: '12 (0.28 per hour)', finding: false, count: 2, of: 224, events: 12, atLeast: false,
      items: [{ key: '88C471637B1', events: 6 }], more: 1 }],
    [{ rule: 'backscatter', kind: 'bounces', list: 'totals', amount: '5 (0.53 per hour)', finding: false, count: 2, of: 2, events: 5, atLeast: false,
      items: [{ key: 'acceptedThenBounced', events: 3 }, { key: 'bouncesBouncedThemselves', events: 2 }], more: 0 }],
  ],
  ipsNotKnown: [
    [{ after: '108 (2.54 per hour)', complete: false, rule: 'sasl-bruteforce', list: 'blocklist-ips.txt', of: 61, found: 0, unknown: 61, top: 50 }],
    [{ after: 'x', complete: true, rule: 'relay-probing', list: 'topIps', of: 8, found: 1, unknown: 7, top: 50 }],
  ],
  ipsConnected: [
    [{ after: '92 (2.17 per hour)', complete: false, rule: 'sasl-bruteforce', list: 'blocklist-ips.txt', of: 61, connected: 0 }],
    [{ after: 'x', complete: true, rule: 'relay-probing', list: 'topIps', of: 8, connected: 2 }],
    [{ after: 'x', complete: true, rule: 'relay-probing', list: 'topIps', of: 1, connected: 0 }],
  ],
  amount: [[304, '4.05'], [220, null]],
  resolvedAfter: [[{ count: null, perHour: null, atLeast: false, sameRate: false }], [{ count: 0, perHour: '0.00', atLeast: false, sameRate: false }], [{ count: 5, perHour: '0.12', atLeast: true, sameRate: false }], [{ count: 7, perHour: null, atLeast: false, sameRate: false }], [{ count: 24, perHour: '12.8', atLeast: false, sameRate: true }],
    [{ rule: 'compromised-account', count: 7, perHour: '0.16', atLeast: false, sameRate: false, intrudersChecked: 43 }], [{ count: null, perHour: null, atLeast: false, sameRate: false, queueIdsChecked: 220 }],
    [{ count: null, perHour: null, atLeast: false, sameRate: false, otherCause: true }],
    [{ rule: 'compromised-account', count: 1, perHour: '0.02', atLeast: false, sameRate: false, intrudersChecked: 43, mailboxChecked: true }],
    [{ rule: 'compromised-account', count: 1, perHour: '0.02', atLeast: false, sameRate: false, intrudersChecked: 43, mailboxChecked: 'no-table' }],
    [{ rule: 'compromised-account', count: 0, perHour: '0.00', atLeast: false, sameRate: false, intrudersChecked: 43, mailboxChecked: 'cut' }],
    [{ rule: 'compromised-account', count: 0, perHour: '0.00', atLeast: false, sameRate: false, intrudersChecked: 43, mailboxChecked: true }],
    [{ rule: 'compromised-account', count: 1, perHour: '0.02', atLeast: false, sameRate: false, intrudersUnchecked: 'no-list' }],
    [{ rule: 'compromised-account', count: 1, perHour: '0.02', atLeast: false, sameRate: false, intrudersUnchecked: 'none-listed' }],
    [{ rule: 'compromised-account', count: 0, perHour: '0.00', atLeast: false, sameRate: false, intrudersUnchecked: 'no-list' }]],
  findingVerdict: [
    [{ status: 'resolved', statusText: 'x', rule: 'relay-probing', severity: { before: 'low', after: null }, about: 'a: 192.0.2.1', label: 'y', before: '16', after: 'z' }],
    [{ status: 'new', statusText: 'x', rule: 'open-relay', severity: { before: null, after: 'critical' }, about: 'a: 192.0.2.1', label: 'y', before: '', after: '9' }],
    [{ status: 'reduced', statusText: 'x', rule: 'sasl-bruteforce', severity: { before: 'high', after: 'medium' }, about: 'a', label: 'y', before: '289', after: '92' }],
  ],
  about: [['Password guessing', '192.0.2.1'], ['Backscatter', null]],
  'md.change': [
    [{ status: 'resolved', label: 'l', before: '1', after: 'z' }],
    [{ status: 'new', label: 'l', before: '', after: '2' }],
    [{ status: 'persisting', label: 'l', before: '1', after: '2' }],
  ],
  'md.periodLine': [[{ label: 'x', from: 'a', to: 'b', timezone: 'local', hours: '75.03', lines: 9687, findings: 7, kind: 'logs', paths: ['samples/incident.log'] }],
    [{ label: 'x', from: 'a', to: 'b', timezone: '+09:00', hours: '1', lines: 1, findings: 1, kind: 'report', paths: ['a/report.json', 'b/report.json'] }]],
  'md.verdictLine': [[{ badge: '**X**', severity: 'HIGH', rule: 'queue-flood', about: 'キューに残るスパム', change: '送信したメール: 対策前 1 件' }]],
  'md.points': [['-17.4']],
  'md.ratesLine': [[{ before: 75.03, after: 42.48 }], [{ before: 0.09, after: 0.03 }]],
  'md.leftOutLine': [[[{ side: 'before', accounts: [{ user: '`info@example.jp`', since: '2026-11-25 23:41:08', messages: 300, delivered: 501, bounceNotices: 112 }] },
    { side: 'after', accounts: [{ user: '`a`', since: null, messages: 1, delivered: 1, bounceNotices: 0 }, { user: '`b`', since: null, messages: 2, delivered: 0, bounceNotices: 0 }] }]]],
  'md.logLines': [['before'], ['after']],
  'md.oneSide': [[{ badge: '**X**', rule: 'r', about: 'a', side: 'after', from: 'a', to: 'b', change: null, source: 'report' }],
    [{ badge: '**X**', rule: 'r', about: 'a', side: 'before', from: 'a', to: 'b', change: 'c', source: 'report' }],
    [{ badge: '**X**', rule: 'r', about: 'a', side: 'before', from: 'a', to: 'b', change: 'c', source: 'logs' }]],
  'md.bothSides': [[{ badge: '**X**', rule: 'r', about: 'a', label: 'l', perHour: true }], [{ badge: '**X**', rule: 'r', about: 'a', label: 'l', perHour: false }]],
  'md.sideTitle': [[{ side: 'before', title: 't', from: 'a', to: 'b' }], [{ side: 'after', title: 't', from: 'a', to: 'b' }]],
  'md.group': [['resolved', 6], ['reduced', 1], ['persisting', 1], ['new', 0]],
  'md.moverHeading': [['SASL users', 'messages submitted']],
  'md.generatedBy': [[{ tool: 'maillog-forensics', version: '0.1.0', comparison: 1, schema: 1, before: '0.1.0', after: '0.1.0' }]],
  'md.baselineIntro': [['reports/acme-before/report.json']],
  'html.periodNote': [['75.03', '9,687']],
  'charts.deliveredLegitimate.spam': [['before'], ['after']],
  'charts.series': [['before', 75.03], ['after', 42.48]],
  'charts.xAxis': [[1, 'hour'], [6, 'hour'], [1, 'minute'], [5, 'minute']],
  'charts.yCount': [[1, 'hour'], [6, 'hour'], [1, 'minute'], [5, 'minute']],
  ...Object.fromEntries(['deferred', 'authFailures', 'delivered', 'deliveredLegitimate', 'deliveredSpamIncluded', 'queue']
    .map((k) => [`charts.${k}.description`, [['hour'], ['minute']]])),
};

/** Functions whose Japanese output may rightly have no Japanese character. */
const NOT_NECESSARILY_JAPANESE = new Set(['amount', 'md.points', 'md.moverHeading', 'about']);

test('the compare catalogs have the same keys, tables of the same widths, and no empty string', () => {
  const shape = (m: CompareMessages): string[] => {
    const out: string[] = [];
    walk(m, '', (p, v) => {
      if (p === '') return;
      if (typeof v === 'string') assert.notEqual(v.trim(), '', `${m.lang}: ${p} is empty`);
      out.push(`${p}:${Array.isArray(v) ? `array(${v.length})` : typeof v}`);
    });
    return out.sort();
  };
  assert.deepEqual(shape(compareJa), shape(compareEn));
  assert.equal(compareMessagesFor('ja'), compareJa);
  assert.equal(compareMessagesFor(undefined), compareEn, 'a compare.json without lang is English');
});

test('every compare sentence function says something in both languages; in Japanese with no English sentence left', () => {
  for (const m of [compareEn, compareJa]) {
    walk(m, '', (p, v) => {
      if (typeof v !== 'function') return;
      const samples = SAMPLES[p];
      assert.ok(samples, `no sample arguments for ${p}: add some to SAMPLES`);
      for (const args of samples) {
        const text = (v as (...a: unknown[]) => unknown)(...args);
        assert.equal(typeof text, 'string', `${m.lang} ${p}`);
        assert.ok((text as string).trim() !== '', `${m.lang} ${p}(${JSON.stringify(args)}) is empty`);
        if (m === compareJa && !NOT_NECESSARILY_JAPANESE.has(p)) {
          assert.match(text as string, JAPANESE, `ja ${p}: ${text as string}`);
          const ours = (text as string).replace(/(`+)[\s\S]*?\1/g, '').replace(/<code>[^<]*<\/code>/g, '');
          assert.deepEqual([...ours.matchAll(ENGLISH_RUN)].map((x) => x[0]), [], `ja ${p}: ${text as string}`);
        }
      }
    });
  }
  // Never "Fixed" (解決) over a comparison with an older after log, in either language.
  const reversed = SAMPLES.headline![1]![0] as Parameters<CompareMessages['headline']>[0];
  assert.equal(compareJa.headline(reversed), '順序を確認してください: 対策後のログが対策前のログより古くなっています（2 つを取り違えていませんか）。'
    + '対策前の検出事項 7 件のうち 7 件が解決。新たな検出事項はありません。');
  assert.equal(compareEn.headline(reversed), 'Check the order: the after log is older than the before log (were the two swapped?); 7 of the 7 findings of the before run fixed; no new finding.');
  assert.equal(compareJa.headline({ ...reversed, reversed: false }), '解決: 対策前の検出事項 7 件のうち 7 件が解決。新たな検出事項はありません。');
  // Review AK: the reasons a finding gone after is not called fixed, as one "but" after "no longer found" (was
  // "7 of the 7 findings of the before run fixed; but …; but …"); a name with its own "and" gets a serial comma.
  const unclear = {
    ...reversed, reversed: false, afterHours: '1.97',
    tooShort: ['Compromised mail account', 'Backscatter', 'Relay probing and address harvesting'], unchecked: ['Compromised mail account'],
  };
  assert.equal(compareEn.headline(unclear), 'Unclear: 7 of the 7 findings of the before run no longer found, but the after log covers only 1.97 h, '
    + 'too short to show that compromised mail account, backscatter, and relay probing and address harvesting stopped (see their verdicts), '
    + 'and compromised mail account could not be checked against the before run\'s intruder IPs (see its verdict); no new finding.');
  assert.equal(compareJa.headline({ ...unclear, tooShort: ['不正利用されたメールアカウント', 'バックスキャッター'], unchecked: ['不正利用されたメールアカウント'] }),
    '判断保留: 対策前の検出事項 7 件のうち 7 件が対策後は検出されていません。ただし対策後のログは 1.97 時間分しかなく、不正利用されたメールアカウント、バックスキャッター'
    + 'が止まったことを示すには短すぎます（その判定を参照）。また、不正利用されたメールアカウントは対策前の実行の侵入者の IP と照合できませんでした（その判定を参照）。'
    + '新たな検出事項はありません。');
  // A label with its own parentheses gets the addition inside them.
  assert.equal(compareJa.leftOut('配送完了（宛先）'), '配送完了（宛先、不正利用されたアカウントの分を除く）');
  assert.equal(compareJa.leftOut('受信したメール'), '受信したメール（不正利用されたアカウントの分を除く）');
});

// ---------------------------------------------------------------------------------------------------------
// The bundled samples in Japanese
// ---------------------------------------------------------------------------------------------------------

test('compare in Japanese (incident → after-fix): headline, verdicts, statuses, mail flow, tables and notes are Japanese', () => {
  const c = compare(incidentJa, afterJa, compareJa);
  assert.equal(c.lang, 'ja');
  assert.deepEqual(c.verdict.counts, { resolved: 6, reduced: 1, persisting: 0, new: 0, background: 1 }, 'the language changes no number');
  // One vocabulary (review Z, Z11; Z18: no rule id in the sentence): 解決 / 減少 / 継続 / 新規.
  assert.equal(c.verdict.headline, '解決: 対策前の検出事項 7 件のうち 6 件が解決、パスワード推測攻撃は背景レベルまで減少（対策後にログインに成功した推測者はありませんが、ログイン失敗 92 回のうち 22 回は実在するアカウント info@example.jp を狙ったものです: 1 時間あたりのログイン失敗 2.17 回、対策前 3.85 回）。新たな検出事項はありません。'
    + '侵入者の IP（compromised-ips.txt）43 件のうち 16 件が対策後も接続しています。ファイアウォールで遮断してください。');
  assert.equal(c.findings[0]!.verdict, '解決: 不正利用されたメールアカウント: info@example.jp（compromised-account、重大）。送信したメール: '
    + '対策前 304 通（1 時間あたり 4.05 通）、対策後は 7 通（1 時間あたり 0.16 通）で、他人が使っている兆候はありません（ルールのしきい値未満）。'
    // Review AB, F2: info@'s client IPs are all listed in its row: the check against the intruder IPs is exact.
    // Review AL, AL3: one sentence for both checks, not the same list named twice.
    + '対策前の実行が侵入者のものとした IP 43 件（compromised-ips.txt）からは、送信も Dovecot へのログイン（IMAP・POP3・submission・ManageSieve）もありません。'
    // Review AK, AK3: 16 of the 43 still connect, 10 of them failing 19 logins as info@.
    + 'ただし compromised-ips.txt の IP 43 件のうち 16 件が対策後も接続しています（80.43.125.180、106.125.64.253、146.78.11.168、171.121.196.21、'
    + '116.94.40.111 ほか 11 件）。うち 10 件が、どれも info@example.jp としてログインに計 19 回失敗しています。新しいパスワードは破られていませんが、'
    + 'これらの IP は遮断されていません。compromised-ips.txt の IP をファイアウォールで遮断し（対策前のレポートの最初の手順の 1 つ）、遮断が効いていることを確認してください。');
  assert.equal(c.verdict.mailFlow, '対策後の正規のメールの流れ（不正利用されたアカウントの分を除く）: 受信したメール 1 日あたり 119 通（対策前 66.2 通）、'
    + '配送完了 1 日あたり 162 件（対策前 98.5 件）。対策前の集計には、不正利用されたアカウント info@example.jp がパスワードを推測された後に'
    + '送信したメール 300 通と、その配送完了 501 件、それに対するバウンス通知の配送完了 112 件が含まれています（これらを含めると、受信 1 日あたり 162 通、配送完了 1 日あたり 295 件）。'
    + '全体では、バウンス率 0.0%（対策前 17.4%）、ログ終了時点でキューに残っていたメール 0 通（対策前 224 通）。');
  assert.match(c.rates.note, /^2 つの期間の長さが異なります（対策前 75 時間、対策後 42\.5 時間）。/);
  assert.deepEqual(c.movers.map((t) => t.title), ['SASL ユーザー', 'クライアント IP', 'エンベロープ送信者', 'ローカルプログラム（sendmail）', '宛先ドメイン', '配送遅延の原因']);
  // The grouped causes in the words of the Japanese Deferral reasons table (i18n/table-words.ts).
  assert.equal(c.movers.at(-1)!.rows[0]!.key, 'Yahoo: 送信量制限／評価の低下');

  const md = renderCompareMarkdown(c);
  assert.match(md, /^# 対策前後の比較\n\n- \*\*対策前:\*\* 2026-11-25 06:26:21 から 2026-11-28 09:28:17 まで（サーバーのローカル時刻）、75\.03 時間。9,687 行、検出事項 7 件。入力: ログ samples\/incident\.log。\n/);
  for (const h of ['## 判定', '## 集計の比較', '## 解決（6 件）', '## 減少（1 件）', '## 継続（0 件）', '## 新規（0 件）', '## 大きく変化した項目', '### SASL ユーザー（送信したメール数）', '## 付録']) {
    assert.ok(md.includes(`\n${h}\n`), `heading ${h} missing`);
  }
  assert.match(md, /^- \*\*解決\*\* \[重大\] 不正利用されたメールアカウント: `info@example\.jp`。送信したメール: 対策前 304 通（1 時間あたり 4\.05 通）、対策後は 7 通（1 時間あたり 0\.16 通）で、他人が使っている兆候はありません（ルールのしきい値未満）。対策前の実行が侵入者のものとした IP 43 件（compromised-ips\.txt）からは、送信も Dovecot へのログイン（IMAP・POP3・submission・ManageSieve）もありません。.*`compromised-account`$/m);
  // Review Z, Z5: after-fix's guessing is low, background, in Japanese as in English.
  assert.match(md, /^- \*\*背景レベルまで減少（ログイン成功なし）\*\* \[重大 → 低\] パスワード推測攻撃: `186\.78\.183\.59, /m);
  assert.match(md, /^- \*\*解決\*\* \[高\] 受信側によるメールの拒否: `Microsoft, Yahoo, Gmail`。受信側の拒否: 対策前 145 件（1 時間あたり 1\.93 件）、対策後は 0 件。`receivers-refusing`$/m);
  assert.match(md, /^- \*\*解決\*\* \[高\] キューに残るスパム。キューに残っている不正なメール: 対策前 220 通、対策後は 0 通。`queue-cleanup`$/m);
  assert.doesNotMatch(md, /対象: (SASL ユーザー|キュー|IP アドレス)/);
  assert.match(md, /^- 対策前: 2026-11-25 23:41:0\d から 2026-11-28 09:11:54 まで。根拠と該当するログは対策前のログを分析したレポートにあります。$/m);
  assert.match(md, /^\| 項目 \| 対策前 \| 対策後 \| 増減 \| 対策前（1 日あたり） \| 対策後（1 日あたり） \| 頻度の変化 \|$/m);
  assert.match(md, /^\| 配送完了（宛先、不正利用されたアカウントの分を除く） \| 308 \| 287 \| -21 \| 98\.5 \| 162 \| \+64\.6% \|$/m);
  assert.match(md, /^\| バウンス率（最終状態になった宛先に対する割合） \| 17\.4% \| 0\.0% \| -17\.4 ポイント \| – \| – \| – \|$/m);
  assert.match(md, /「不正利用されたアカウントの分を除く」の行は、「不正利用されたメールアカウント」の検出事項が示すアカウントのメールを除いた値です。対策前: `info@example\.jp`（パスワードを推測された 2026-11-25 23:41:0\d 以降: メール 300 通、配送完了 501 件、それに対するバウンス通知の配送完了 112 件）。/);
  assert.match(md, /^- \*\*背景レベルまで減少（ログイン成功なし）\*\*: パスワード推測攻撃: `186\.78\.183\.59, .*`。ログイン失敗の 1 時間あたりの頻度で比べています。`sasl-bruteforce`$/m);
  assert.match(md, /^\| 対象 \| 対策前 \| 対策後 \| 対策前（1 日あたり） \| 対策後（1 日あたり） \| 1 日あたりの増減 \| 状態 \|$/m);
  assert.match(md, /^\| info@example\.jp \| 304 \| 7 \| 97\.2 \| 4\.0 \| -93\.3 \| 減少 \|$/m);
  assert.match(md, /^- 該当するログ（対策前）:$/m);
  assert.match(md, /^\| 対策前 \| samples\/incident\.log \|$/m);

  // No English sentence in the prose (English of our own: the scanner finds plenty in the English comparison).
  const lines = prose(md, compareJa);
  assert.ok(lines.length > 40, `only ${lines.length} prose lines: the scanner lost the comparison`);
  assert.deepEqual(englishRuns(lines), []);
  for (const word of ['Verdict', 'Totals side by side', 'Findings resolved', 'Top movers', 'before, ', ' per hour', 'Mail flow', 'below the rule', 'Resolved', 'RESOLVED', 'Fixed', 'FIXED', 'Still there']) {
    assert.ok(!md.includes(word), `English "${word}" left in compare.md`);
  }
  const enMd = renderCompareMarkdown(compare(incidentEn, afterEn, compareEn));
  assert.ok(englishRuns(prose(enMd, compareEn)).length > 30);
});

test('the order warning in Japanese: first in the verdict and the masthead, the headline never says 解決', () => {
  // after-fix as before, incident as after: the after log is older.
  const c = compare(afterJa, incidentJa, compareJa, [AFTER_LOG], [BEFORE_LOG]);
  assert.equal(c.order.relation, 'after-older');
  assert.ok(c.verdict.headline.startsWith('順序を確認してください: 対策後のログが対策前のログより古くなっています（2 つを取り違えていませんか）。'), c.verdict.headline);
  assert.doesNotMatch(c.verdict.headline, /解決:|改善:/);
  assert.equal(c.order.note, '対策後のログが対策前のログより古くなっています。2 つを取り違えていませんか。対策後の期間（2026-11-25 06:26:21 から '
    + '2026-11-28 09:28:17）は、対策前の期間（2026-11-29 00:49:11 から 2026-11-30 19:18:16）が始まる前に終わっています。そのため、ここで'
    + '「解決」とされた検出事項は、対策によって消えたのではなく、古いほうのログにまだ現れていないだけです。早い時期のログ（またはそのレポート）を'
    + '対策前に、遅い時期のものを対策後に指定してください。');
  const md = renderCompareMarkdown(c);
  assert.ok(md.includes('## 判定\n\n> **警告:** 対策後のログが対策前のログより古くなっています。'), 'the warning opens the verdict');
  const html = renderCompareHtml(c, { charts: [] });
  const mast = html.slice(html.indexOf('<header class="masthead">'), html.indexOf('</header>'));
  assert.match(mast, /<div class="order-note warn" role="alert"><p><strong>警告:<\/strong> 対策後のログが対策前のログより古くなっています。/);
  assert.match(html, /<section id="verdict" class="section-verdict">\n<h2>判定<\/h2>\n<div class="order-note warn" role="alert"><p><strong>警告:<\/strong>/);
  // Overlapping and identical periods: a note (注).
  const same = compare(incidentJa, incidentJa, compareJa);
  assert.equal(same.order.note, '2 つの実行は同じ期間（2026-11-25 06:26:21 から 2026-11-28 09:28:17）を対象にしています。同じログどうしであれば、この比較では対策の効果は分かりません。');
  assert.equal(same.verdict.headline, '変化なし: 対策前の検出事項 7 件がすべて同じ頻度で続いています。新たな検出事項はありません。'
    + '侵入者の IP（compromised-ips.txt）43 件のうち 43 件が対策後も接続しています。ファイアウォールで遮断してください。');
  assert.match(renderCompareMarkdown(same), /## 判定\n\n> \*\*注:\*\* 2 つの実行は同じ期間/);
  assert.match(renderCompareMarkdown(same), /^- \*\*継続（1 時間あたりの頻度は変わらず）\*\* \[重大\] 不正利用されたメールアカウント: `info@example\.jp`/m);
});

test('compare.html in Japanese: lang="ja", Japanese chrome and badges, the English anchors, the Japanese font', () => {
  const c = compare(incidentJa, afterJa, compareJa);
  const html = renderCompareHtml(c, { charts: [] });
  assert.match(html, /^<!DOCTYPE html>\n<html lang="ja">/);
  assert.match(html, /<title>対策前後の比較 · mail · 2026-11-25 – 2026-11-28 → 2026-11-29 – 2026-11-30<\/title>/);
  assert.match(html, /<div class="kicker">メールログ調査 · 対策前後の比較<\/div>/);
  // A number keeps its word by a no-break space in the page header too (render/ja-phrases.ts numbersWithTheirWordsInHtml).
  assert.match(html, /<dt>対策前<\/dt><dd>2026-11-25 06:26:21 → 2026-11-28 09:28:17 <span class="muted">（75\.03\u00a0時間、9,687\u00a0行）<\/span><\/dd>/);
  assert.match(html, /<div class="tile-value">6<\/div><div class="tile-label">解決<\/div>/);
  assert.match(html, /<div class="tile-value">0<\/div><div class="tile-label">継続<\/div>/);
  assert.match(html, /<nav class="toc" aria-label="目次">/);
  assert.equal(html.match(/<span class="status st-resolved">解決<\/span>/g)?.length, 12); // verdict + the 解決 section, as in English
  assert.match(html, /<span class="status st-reduced">背景レベルまで減少（ログイン成功なし）<\/span>/);
  assert.deepEqual([...html.matchAll(/<section id="([^"]+)"/g)].map((m) => m[1]),
    ['verdict', 'totals-side-by-side', 'fixed-6', 'reduced-1', 'still-there-0', 'new-0', 'top-movers', 'appendix']);
  assert.match(html, /<h3 id="sasl-users-messages-submitted">SASL ユーザー（送信したメール数）<\/h3>/);
  const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(new Set(ids).size, ids.length, 'every anchor is unique');
  assert.match(html, /html\[lang="ja"\] body \{ font-family: "Hiragino Kaku Gothic ProN"/);
  // The periods list under the title is dropped (the header shows it), as in English.
  assert.doesNotMatch(html, /<li><strong>対策前:<\/strong>/);
  for (const word of ['>Verdict<', '>Before<', '>After<', '>resolved<', 'Contents', 'Mail log forensics', ' lines)', '>Warning:']) {
    assert.ok(!html.includes(word), `English "${word}" left in compare.html`);
  }
});

test('compare charts in Japanese: titles, legends, axes and subtitles wrapped to the width', () => {
  const c = compare(incidentJa, afterJa, compareJa);
  const specs = overlaySpecs(c);
  assert.deepEqual(specs.map((s) => s.title), ['配送遅延の試行回数（対策前と対策後）', 'ログイン失敗（対策前と対策後）', '正規のメールの配送完了（対策前と対策後）', 'キュー内のメール数（対策前と対策後）']);
  const del = specs[2]!.spec as unknown as { title: { subtitle: string[] }; config: { font: string }; encoding: Record<string, { title?: string; scale?: { domain: string[] } }> };
  assert.deepEqual(del.encoding.color!.scale!.domain, ['対策前（75 時間）', '対策後（42.5 時間）', '除いたスパム（対策前）']);
  assert.equal(del.encoding.x!.title, '各期間の開始からの経過時間');
  assert.equal(del.encoding.y!.title, '1 時間あたりの件数');
  assert.match(del.config.font, /^Hiragino Sans/);
  // The subtitle is the description, cut into lines of at most 70 columns (a wide character is two), none starting with 、 or 。.
  const cols = (s: string): number => [...s].reduce((x, ch) => x + (/[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  for (const s of specs) {
    const lines = (s.spec as unknown as { title: { subtitle: string[] } }).title.subtitle;
    assert.equal(lines.join('').replace(/\s/g, ''), s.description.replace(/\s/g, ''), `${s.id}: lines lost text`);
    for (const l of lines) {
      assert.ok(cols(l) <= 72, `${s.id}: "${l}" is ${cols(l)} columns`);
      assert.doesNotMatch(l, /^[、。）]/);
    }
  }
});

test('compare --lang ja on the command line: Japanese files and headline; the locale chooses when --lang is not given', () => {
  const out = mkdtempSync(join(tmpdir(), 'mf-compare-ja-'));
  const res = cli(['compare', BEFORE_LOG, AFTER_LOG, '--year', '2026', '-j', '1', '--lang', 'ja', '-o', out]);
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stderr, /^解決: 対策前の検出事項 7 件のうち 6 件が解決、パスワード推測攻撃は背景レベルまで減少/m);
  const c = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8')) as Comparison;
  assert.equal(c.lang, 'ja');
  // The log sides were analyzed in Japanese too: the finding titles are the Japanese reports'.
  assert.match(c.findings[0]!.before!.title, /^SASL アカウント info@example\.jp は /);
  const md = readFileSync(join(out, 'compare.md'), 'utf8');
  assert.match(md, /^# 対策前後の比較\n/);
  assert.match(md, /^- \[正規のメールの配送完了（対策前と対策後）\]\(charts\/compare-delivered-per-hour\.svg\)$/m);
  assert.match(readFileSync(join(out, 'charts', 'compare-delivered-per-hour.svg'), 'utf8'), /<title id="compare-delivered-per-hour-title">正規のメールの配送完了（対策前と対策後）: /);
  assert.match(readFileSync(join(out, 'compare.html'), 'utf8'), /<html lang="ja">/);

  // The locale: ja_JP.UTF-8 gives Japanese, C English; --lang wins; anything else is refused. The command chooses the
  // language once for both kinds of sides (src/commands.ts): these runs compare the samples' report.json (written
  // here from this file's analyses) rather than analyze the two logs again each time.
  const reports = join(out, 'reports');
  for (const [side, r] of [['before', incidentEn], ['after', afterEn]] as const) {
    mkdirSync(join(reports, side), { recursive: true });
    writeFileSync(join(reports, side, 'report.json'), renderJson(r));
  }
  const sides = [join(reports, 'before'), join(reports, 'after')];
  const byLocale = cli(['compare', ...sides, '-f', 'json', '-o', join(out, 'locale')], { LANG: 'ja_JP.UTF-8' });
  assert.equal(byLocale.status, 0, byLocale.stderr);
  assert.match(byLocale.stderr, /^解決: /m);
  const english = cli(['compare', ...sides, '-f', 'json', '-q', '-o', join(out, 'c')], { LANG: 'C' });
  assert.equal(english.status, 0, english.stderr);
  assert.equal((JSON.parse(readFileSync(join(out, 'c', 'compare.json'), 'utf8')) as Comparison).lang, undefined);
  const wins = cli(['compare', ...sides, '-f', 'md', '--lang', 'en', '-o', join(out, 'en')], { LANG: 'ja_JP.UTF-8' });
  assert.match(wins.stderr, /^Fixed: 6 of the 7 findings/m);
  assert.match(readFileSync(join(out, 'en', 'compare.md'), 'utf8'), /^# Before and after\n/);
  const bad = cli(['compare', BEFORE_LOG, AFTER_LOG, '--lang', 'fr', '-o', join(out, 'fr')]);
  assert.equal(bad.status, 2);
});

test('analyze --baseline --lang ja: the baseline section of report.md and report.html is Japanese, before 集計', () => {
  const out = mkdtempSync(join(tmpdir(), 'mf-baseline-ja-'));
  const base = cli(['analyze', BEFORE_LOG, '--year', '2026', '-j', '1', '-q', '-f', 'json', '--lang', 'ja', '-o', join(out, 'before')]);
  assert.equal(base.status, 0, base.stderr);
  const res = cli(['analyze', AFTER_LOG, '--year', '2026', '-j', '1', '-f', 'json,md,html', '--lang', 'ja', '-o', join(out, 'after'), '--baseline', join(out, 'before')]);
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stderr, /^解決: 対策前の検出事項 7 件のうち 6 件が解決/m);
  const r = JSON.parse(readFileSync(join(out, 'after', 'report.json'), 'utf8')) as Report;
  assert.equal(r.comparison!.lang, 'ja');
  const md = readFileSync(join(out, 'after', 'report.md'), 'utf8');
  const at = md.indexOf('\n## ベースラインとの比較\n');
  assert.ok(at > md.indexOf('\n## 検出事項\n') && at < md.indexOf('\n## 集計\n'), 'the section sits between 検出事項 and 集計');
  assert.match(md, /\n### 判定\n\n\*\*解決: /);
  assert.match(md, /^- \*\*ベースライン（対策前）:\*\* 2026-11-25 06:26:21 から /m);
  assert.match(md, /^今回の実行を、ベースライン .*report\.json と比較しました:$/m);
  assert.equal(renderBaselineMarkdown(r.comparison!).split('\n')[0], '## ベースラインとの比較');
  const html = readFileSync(join(out, 'after', 'report.html'), 'utf8');
  assert.match(html, /<li><a href="#compared-with-the-baseline">ベースラインとの比較<\/a><\/li><li><a href="#totals">/);
  assert.match(html, /<section id="compared-with-the-baseline"[^>]*>\n<style>\n[\s\S]*?<\/style>\n<h2>ベースラインとの比較<\/h2>/);
  // The charts go right after the totals they illustrate, as in English.
  const totals = html.indexOf('<h3 id="baseline-totals-side-by-side">集計の比較</h3>');
  const charts = html.indexOf('<div class="charts">', totals);
  assert.ok(totals > 0 && charts > totals && charts < html.indexOf('<h3 id="baseline-fixed-6">'), 'charts after 集計の比較');
});

// ---------------------------------------------------------------------------------------------------------
// The delivered chart leaves the spam out, as the totals do
// ---------------------------------------------------------------------------------------------------------

test('report.json hourly: delivered by arrival adds up to the total; the compromised account\'s spam per hour is the log\'s', () => {
  // From the log: the messages the attackers' IPs submitted as info@ (each at the hour of its client= line), and
  // their recipients delivered (status=sent).
  const truth = JSON.parse(readFileSync('samples/incident.truth.json', 'utf8')) as { attackerIps: string[]; compromisedUser: string };
  const attackers = new Set(truth.attackerIps);
  const arrived = new Map<string, string>(); // queue ID → "2026-11-25T23"
  const months: Record<string, string> = { Nov: '11' };
  const lines = readFileSync(BEFORE_LOG, 'utf8').split('\n');
  for (const l of lines) {
    const m = /^(\w{3}) +(\d+) (\d\d):.* ([0-9A-F]{8,}): client=[^[]*\[([^\]]+)\].*sasl_username=info@example\.jp/.exec(l);
    if (m && attackers.has(m[5]!)) arrived.set(m[4]!, `2026-${months[m[1]!]}-${m[2]!.padStart(2, '0')}T${m[3]}`);
  }
  // And the bounce notices that answer that mail ("PARENT: sender non-delivery notification: NOTICE"), each at the
  // hour of the notice's own first line (review 10, M3).
  const stamp = (l: string): string => {
    const m = /^(\w{3}) +(\d+) (\d\d):/.exec(l)!;
    return `2026-${months[m[1]!]}-${m[2]!.padStart(2, '0')}T${m[3]}`;
  };
  const notices = new Set<string>();
  for (const l of lines) {
    const m = / ([0-9A-F]{8,}): sender non-delivery notification: ([0-9A-F]{8,})$/.exec(l);
    if (m && arrived.has(m[1]!)) notices.add(m[2]!);
  }
  for (const l of lines) {
    const m = / ([0-9A-F]{8,}): /.exec(l);
    if (m && notices.has(m[1]!) && !arrived.has(m[1]!)) arrived.set(m[1]!, stamp(l));
  }
  const expected = new Map<string, number>();
  let noticesDelivered = 0;
  for (const l of lines) {
    const m = / ([0-9A-F]{8,}): to=<.* status=sent /.exec(l);
    const hour = m ? arrived.get(m[1]!) : undefined;
    if (hour !== undefined) expected.set(hour, (expected.get(hour) ?? 0) + 1);
    if (m && notices.has(m[1]!)) noticesDelivered++;
  }
  // The review's count: 113 notices delivered, one of them tanaka's own mail bounced (not the compromise's).
  assert.equal(noticesDelivered, 112);
  const actual = new Map<string, number>();
  for (const h of incidentEn.hourly) if (h.compromisedDeliveredByArrival > 0) actual.set(h.hour.slice(0, 13), h.compromisedDeliveredByArrival);
  assert.deepEqual(actual, expected);
  const sum = (r: Report, k: 'deliveredByArrival' | 'compromisedDeliveredByArrival' | 'sent'): number => r.hourly.reduce((x, h) => x + h[k], 0);
  assert.equal(sum(incidentEn, 'compromisedDeliveredByArrival'), 501 + 112);
  assert.equal(incidentEn.findings.find((f) => f.rule === 'compromised-account')!.evidence.bounceNoticesDeliveredSinceGuessed, 112);
  assert.equal(sum(incidentEn, 'deliveredByArrival'), incidentEn.totals.delivered);
  assert.equal(sum(incidentEn, 'sent'), incidentEn.totals.delivered);
  // No compromised-account finding after the fix: nothing to place.
  assert.equal(sum(afterEn, 'compromisedDeliveredByArrival'), 0);
  assert.equal(sum(afterEn, 'deliveredByArrival'), afterEn.totals.delivered);
});

/** The values of one series of a chart spec, added up. */
function seriesSum(spec: unknown, series: string): number {
  const values = (spec as { data: { values: Array<{ x: number; value: number; series: string }> } }).data.values.filter((v) => v.series === series);
  // The last point repeats the previous one (where the step line ends): not a count.
  return Math.round(values.slice(0, -1).reduce((x, v) => x + v.value, 0));
}

test('the delivered chart draws the legitimate delivery, the same numbers as the "compromised accounts left out" rows, and the spam apart', () => {
  const c = compare(incidentEn, afterEn, compareEn);
  const del = overlaySpecs(c).find((s) => s.id === 'compare-delivered-per-hour')!;
  assert.equal(del.title, 'Legitimate recipients delivered, before and after');
  assert.match(del.description, /without the mail that compromised accounts sent since they were guessed, as in the "compromised accounts left out" rows/);
  const row = c.totals.find((r) => r.id === 'deliveredWithoutCompromised')!;
  // One-hour bins (76 hours): the points are the counts per hour.
  assert.equal(seriesSum(del.spec, 'Before (75 h)'), row.before);
  assert.equal(seriesSum(del.spec, 'After (42.5 h)'), row.after);
  // 921 delivered before, less info@'s 501 recipients and the 112 bounce notices answering its mail (review 10, M3:
  // was 420 with them); after, nothing to leave out.
  assert.deepEqual([row.before, row.after], [921 - 501 - 112, 287]);
  assert.equal(incidentEn.totals.delivered, 921);
  assert.equal(seriesSum(del.spec, 'Spam left out, before'), c.compromisedMail.before[0]!.delivered + c.compromisedMail.before[0]!.bounceNotices);
  const domain = (del.spec as unknown as { encoding: { color: { scale: { domain: string[] } } } }).encoding.color.scale.domain;
  assert.deepEqual(domain, ['Before (75 h)', 'After (42.5 h)', 'Spam left out, before'], 'no spam line for the after run, which has none');

  // Reports made before the arrival series: the spam cannot be placed in time, and the title says it is included.
  const old = (r: Report): Report => {
    const x = structuredClone(r);
    for (const h of x.hourly) {
      delete (h as Partial<typeof h>).deliveredByArrival;
      delete (h as Partial<typeof h>).compromisedDeliveredByArrival;
    }
    return x;
  };
  const oc = compare(old(incidentEn), old(afterEn), compareEn);
  assert.equal(oc.hourly.before[0]!.deliveredByArrival, null);
  const od = overlaySpecs(oc).find((s) => s.id === 'compare-delivered-per-hour')!;
  assert.equal(od.title, 'Recipients delivered, before and after, spam included');
  assert.equal(seriesSum(od.spec, 'Before (75 h)'), incidentEn.totals.delivered);
  // No compromised account on either side: every delivery line, as before.
  const plain = overlaySpecs(compare(afterEn, structuredClone(afterEn), compareEn, [AFTER_LOG], [AFTER_LOG])).find((s) => s.id === 'compare-delivered-per-hour')!;
  assert.equal(plain.title, 'Recipients delivered, before and after');
  assert.equal(seriesSum(plain.spec, 'Before (42.5 h)'), afterEn.totals.delivered);
});
