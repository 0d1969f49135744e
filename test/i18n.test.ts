// --lang ja (issue 5): the Japanese report has no English sentence left, the two catalogs have the same keys and
// every sentence function says something in both languages, the locale picks the default language, and English is
// what it was (the golden files of render-markdown and render-csv).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, report } from './helpers.js';
import { en, ja, localeLang, messagesFor } from '../src/i18n/index.js';
import type { Messages } from '../src/i18n/index.js';
import { evidenceLabel } from '../src/i18n/evidence-labels.js';
import { RULES } from '../src/detect/registry.js';
import { redactReport } from '../src/report/redact.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { numbersWithTheirWords } from '../src/render/ja-phrases.js';
import type { Report } from '../src/report/model.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const INCIDENT = join(ROOT, 'samples', 'incident.log');
const SMALL = join(ROOT, 'test', 'fixtures', 'rules', 'compromised-account.log');

/** Hiragana, katakana or kanji. */
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
/** Three or more English words in a row (2+ letters each, separated only by spaces), not parts of addresses or paths. */
const ENGLISH_RUN = /(?<![\w@./:=<-])[A-Za-z]{2,}(?:['’-][A-Za-z]+)*(?:[ \t]+[A-Za-z]{2,}(?:['’-][A-Za-z]+)*){2,}(?![\w@./:=>-])/g;

/** Runs the CLI with a clean locale plus `env`; returns the output directory. */
function cli(args: string[], env: Record<string, string> = {}): { out: string; stderr: string } {
  const out = mkdtempSync(join(tmpdir(), 'mf-i18n-'));
  const clean: Record<string, string | undefined> = { ...process.env, LC_ALL: undefined, LC_MESSAGES: undefined, LANG: undefined, ...env };
  for (const k of Object.keys(clean)) if (clean[k] === undefined) delete clean[k];
  const r = spawnSync(process.execPath, [CLI, 'analyze', ...args, '--year', '2026', '--jobs', '1', '--out', out], { encoding: 'utf8', env: clean as NodeJS.ProcessEnv });
  assert.equal(r.status, 0, r.stderr);
  return { out, stderr: r.stderr };
}

function json(dir: string): Report {
  return JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
}

/** Text a reader reads as prose: inline code, URLs and Markdown escapes removed. */
function inline(s: string): string {
  return s.replace(/(`+)[\s\S]*?\1/g, ' ').replace(/https?:\/\/[^\s）)]+/g, ' ').replace(/\\(.)/g, '$1');
}

/** Evidence values that are log text, records or commands (not our sentences), by their words in the report. */
const DATA_EVIDENCE = ['topDeferralReasons', 'queueHolders', 'otherConnectFailures', 'spfRecord', 'dkimKey', 'dkimRecord', 'dmarcRecord'];
const dataEvidence = (m: Messages): Set<string> => new Set(DATA_EVIDENCE.map((k) => evidenceLabel('', k)![m.lang]));

/**
 * The prose of a Markdown report: without fenced blocks, code spans, URLs, table body cells holding data (only the
 * label column of the totals table is ours), evidence keys (identifiers) and evidence values that are log text.
 */
function prose(md: string, m: Messages): string[] {
  // Fences inside list items (the first steps' commands) are indented.
  const lines = md.replace(/^( {0,3})```[^\n]*\n[\s\S]*?^\1```$/gm, '').split('\n');
  const labelColumns = new Set([m.report.cols.measure[0]]);
  const data = dataEvidence(m);
  const out: string[] = [];
  let header: string[] | null = null;
  for (const line of lines) {
    if (line.startsWith('|')) {
      const cells = line.trim().replace(/^\||\|$/g, '').split(/(?<!\\)\|/).map((c) => c.trim());
      if (header === null) { header = cells; out.push(...cells); } else if (!/^\|(\s*:?-+:?\s*\|)+$/.test(line.trim())) {
        if (header[0] === m.report.evidence) {
          // A finding's evidence: our words, and its value unless it is log text, a record or a command.
          const words = cells[0]!.replace(/\\(.)/g, '$1');
          assert.doesNotMatch(words, /^[a-z]+[A-Z][A-Za-z0-9]*$/, `an evidence key shown as such: ${words}`);
          out.push(`${words}: ${data.has(words) ? '' : cells[1]}`);
        } else cells.forEach((c, i) => { if (labelColumns.has(header![i]!)) out.push(c); });
      }
      continue;
    }
    header = null;
    out.push(line);
  }
  return out.map(inline).filter((l) => l.trim() !== '');
}

function englishRuns(lines: string[]): string[] {
  return lines.flatMap((l) => [...l.matchAll(ENGLISH_RUN)].map((x) => `${x[0]}   ⟵ ${l.slice(0, 120)}`));
}

// ---------------------------------------------------------------------------------------------------------
// The Japanese report of the bundled incident
// ---------------------------------------------------------------------------------------------------------

const jaRun = (() => {
  let run: { out: string; stderr: string } | null = null;
  return () => (run ??= cli([INCIDENT, '--lang', 'ja']));
})();

test('--lang ja: report.md has no English sentence outside code, log lines, data cells and identifiers', () => {
  const md = readFileSync(join(jaRun().out, 'report.md'), 'utf8');
  assert.match(md, /^# メールログ調査レポート\n/);
  // (The mail authentication section is there only when OpenDMARC or policyd-spf logged verdicts, the rspamd one only
  // with rspamd's lines: none in the sample.)
  const absent = [ja.report.h.unparsed, ja.report.h.daemonProblems, ja.report.h.mailAuthentication, ja.report.h.rspamdOutgoing];
  for (const h of Object.values(ja.report.h).filter((x) => !absent.includes(x))) {
    assert.ok(md.includes(`## ${h}\n`) || md.includes(`### ${h}\n`), `heading ${h} missing`);
  }
  const lines = prose(md, ja);
  assert.ok(lines.length > 100, `only ${lines.length} prose lines: the scanner lost the report`);
  assert.deepEqual(englishRuns(lines), []);
  // The scanner does find English: the English report of the same log is full of it.
  const enMd = readFileSync(join(cli([INCIDENT, '--lang', 'en', '-f', 'json,md']).out, 'report.md'), 'utf8');
  assert.ok(englishRuns(prose(enMd, en)).length > 50);
});

test('--lang ja: every finding title and every rule text is Japanese; report.json keys stay as they are', () => {
  const r = json(jaRun().out);
  assert.equal(r.lang, 'ja');
  assert.ok(r.findings.length >= 5);
  for (const f of r.findings) {
    assert.match(f.title, JAPANESE, f.title);
    assert.deepEqual([...f.title.matchAll(ENGLISH_RUN)].map((x) => x[0]), [], f.title);
    assert.match(f.subject.kind, /^[a-z][A-Za-z]*$/, 'subject kinds are identifiers');
  }
  for (const t of r.rules) {
    assert.match(t.title, JAPANESE, t.id);
    assert.match(t.why, JAPANESE, t.id);
    assert.match(t.fix, JAPANESE, t.id);
  }
  // Same keys (apart from lang), same numbers, same rules and severities as the English report.
  const e = json(cli([INCIDENT, '--lang', 'en', '-f', 'json']).out);
  assert.equal(e.lang, undefined, 'an English report.json is unchanged: no lang field');
  const paths = (v: unknown, p = ''): string[] => (v !== null && typeof v === 'object'
    ? Object.entries(v).flatMap(([k, x]) => [`${p}.${Array.isArray(v) ? '[]' : k}`, ...paths(x, `${p}.${Array.isArray(v) ? '[]' : k}`)])
    : []);
  const { lang: _lang, ...rest } = r;
  assert.deepEqual([...new Set(paths(rest))].sort(), [...new Set(paths(e))].sort());
  assert.deepEqual(r.totals, e.totals);
  const shape = (x: Report) => x.findings.map((f) => ({
    rule: f.rule, severity: f.severity, impact: f.impact, kind: f.subject.kind, firstAt: f.firstAt, lastAt: f.lastAt,
    numbers: Object.entries(f.evidence).filter(([, v]) => typeof v === 'number'),
  }));
  assert.deepEqual(shape(r), shape(e));
});

test('--lang ja: the charts carry Japanese titles, axis labels and a Japanese font stack', () => {
  const dir = join(jaRun().out, 'charts');
  const svgs = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
  const c = ja.charts;
  const titles: Record<string, string[]> = {
    'messages-per-hour.svg': [c.deliveries.title, c.deliveries.sent, c.deliveries.y(c.perBin(60))],
    'compromised-delivered-per-hour.svg': [c.compromisedDelivered.title, c.compromisedDelivered.spam, c.compromisedDelivered.y(c.perBin(60))],
    'deferrals-and-auth-failures-per-hour.svg': [c.deferralsAuth.title, c.deferralsAuth.yAuth(c.perBin(60))],
    'queue-size.svg': [c.queue.title, c.queue.y],
    'top-sasl-users.svg': [c.users.title, c.users.x],
    'top-attacking-ips.svg': [c.ips.title, c.ips.smtpAuth],
    // Grouped by receiver and cause, as the report's table (its reasons only for a report without deferralCauses).
    'top-deferral-reasons.svg': [c.causes.title, c.reasons.x],
  };
  assert.deepEqual(Object.keys(svgs).sort(), Object.keys(titles).sort());
  for (const [file, texts] of Object.entries(titles)) {
    const svg = svgs[file]!;
    for (const t of texts) assert.ok(svg.includes(`>${t}<`), `${file}: no text "${t}"`);
    assert.match(svg, new RegExp(`<title id="[a-z-]+-title">${texts[0]!.replace(/[()（）]/g, '.')}: `));
    assert.match(svg, new RegExp(`>${c.timeAxis(60, c.zone('local')).replace(/[()（）]/g, '.')}<|top-`), `${file}: time axis`);
    assert.match(svg, /^<svg [^>]*font-family="Hiragino Sans, [^"]*Yu Gothic[^"]*Meiryo[^"]*Noto Sans CJK JP/);
  }
});

test('--lang ja: report.html is lang="ja" with Japanese chrome, the same anchors and an offline CJK font stack', () => {
  const page = readFileSync(join(jaRun().out, 'report.html'), 'utf8');
  assert.match(page, /^<!DOCTYPE html>\n<html lang="ja">/);
  assert.match(page, /<div class="kicker">メールログ調査 · <span class="hosts">mail<\/span><\/div>\n<h1>メールログ調査レポート<\/h1>/);
  assert.match(page, /<dt>期間<\/dt>/);
  assert.match(page, /<a class="badge sev-critical" href="#finding-1">重大 2\u00a0件<\/a>/);
  assert.match(page, /<nav class="toc" aria-label="目次"><ol><li><a href="#summary">概要<\/a><\/li><li><a href="#findings">検出事項<\/a>/);
  assert.match(page, /<article class="finding sev-critical">\n<h3 class="finding-title" id="finding-1"><span class="badge sev-critical">重大<\/span> <span class="finding-no">1\.<\/span> アカウント info@example\.jp の乗っ取り/);
  for (const id of ['summary', 'findings', 'totals', 'sasl-users', 'client-ips', 'deferral-reasons', 'still-queued-at-the-end-of-the-log', 'appendix']) {
    assert.ok(page.includes(`<section id="${id}"`), `section ${id}`);
  }
  assert.equal((page.match(/<svg /g) ?? []).length, 7, 'every chart inlined in its section (the compromised account\'s spam too)');
  assert.ok(!page.includes('<p>期間:'), 'the period line moved to the header');
  // A tile's label breaks between its phrases only (review AG15: ja-phrases.ts), its text unchanged.
  for (const k of Object.values(ja.html.kpi)) assert.ok(page.replace(/<wbr>/g, '').includes(`<div class="kpi-label">${k}</div>`), k);
  assert.match(page, /html\[lang="ja"\] body \{ font-family: "Hiragino Kaku Gothic ProN", "Hiragino Sans", "Yu Gothic UI", "Yu Gothic", YuGothic, Meiryo, "Noto Sans JP", "Noto Sans CJK JP"/);
  assert.doesNotMatch(page, /@font-face|@import|url\((?!#)/, 'no web font, nothing fetched');
  // Headings of the page are Japanese too: nothing of the English chrome is left.
  for (const word of ['Findings', 'Period', 'Log lines', 'Contents', 'no findings', 'Mail log forensics']) {
    assert.ok(!page.replace(/<pre>[\s\S]*?<\/pre>|<code>[\s\S]*?<\/code>/g, '').includes(`>${word}<`), `English "${word}" left in the page`);
  }
});

// samples/incident.log (truth: compromiseAt 23:41:07 from 41.213.169.4, 300 spam messages to 1,073 recipients):
// the compromise sentence in both languages, in report.json, report.md and report.html. "Failed logins for that
// name" are the 87 Postfix failures for info@example.jp before 23:41 (91 in all; Dovecot logs the same attempts
// again, and its one IMAP failure is on Nov 26): was 183. "Not delivered" counts bounced, expired and still
// deferred recipients of those messages: was 37.9%, the deferred and expired share of all of info@'s recipients.
test('samples/incident.log: the compromise sentence, en and ja, in every output', () => {
  const truth = JSON.parse(readFileSync(join(ROOT, 'samples', 'incident.truth.json'), 'utf8')) as { spamRecipients: number; spamMessages: number };
  assert.equal(truth.spamRecipients, 1073);
  const expected = {
    en: ['after 87 failed logins for that name (SMTP AUTH, IMAP and POP3)', `sent ${truth.spamMessages} messages to 1,073 recipients`, '53.3% of those recipients not delivered (bounced, expired or still deferred)'],
    ja: ['この名前で 87 回のログイン失敗（SMTP AUTH、IMAP、POP3）がありました', `宛先 1,073 件へ ${truth.spamMessages} 通を送信しました`, 'これらの宛先の 53.3% には配送されていません（バウンス、期限切れ、配送待ちを含む）'],
  };
  for (const [lang, dir] of [['en', cli([INCIDENT, '--lang', 'en']).out], ['ja', jaRun().out]] as const) {
    const f = json(dir).findings.find((x) => x.rule === 'compromised-account')!;
    assert.equal(f.evidence.failedLoginsForThisName, 87);
    assert.equal(f.evidence.recipientsSinceGuessed, 1073);
    assert.equal(f.evidence.notDeliveredSinceGuessedPercent, 53.3);
    const md = readFileSync(join(dir, 'report.md'), 'utf8').replace(/\\([()])/g, '$1'); // Markdown escapes "\(" in titles
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    for (const phrase of expected[lang]) {
      assert.ok(f.title.includes(phrase), `${lang} report.json: ${phrase} in ${f.title}`);
      assert.ok(md.includes(phrase), `${lang} report.md: ${phrase}`);
      // report.html keeps a number with its Japanese word by a no-break space ("87\u00a0回").
      assert.ok(html.includes(numbersWithTheirWords(phrase)), `${lang} report.html: ${phrase}`);
    }
  }
});

test('--lang ja: CSV keeps the English column names (machine use); the texts in its cells are Japanese', () => {
  const csv = readFileSync(join(jaRun().out, 'csv', 'findings.csv'), 'utf8');
  assert.ok(csv.startsWith('\uFEFFrule,severity,title,subjectKind,subjectValue,firstAt,lastAt,evidence,impact,'));
  assert.match(csv.split('\r\n')[1]!, /^compromised-account,critical,"?SASL アカウント info@example\.jp は /);
});

test('--lang ja with --redact: addresses and IPs inside Japanese sentences are still replaced', async () => {
  const r = await report([INCIDENT], { year: 2026, lang: 'ja' });
  const red = redactReport(r, { key: 'k', redactDomains: false });
  const titles = red.findings.map((f) => f.title).join('\n');
  assert.match(titles, /SASL アカウント user-[0-9a-f]{12}@example\.jp は /);
  for (const secret of ['info@example.jp', '41.213.169.4', '203.0.113.25', '186.78.183.59']) {
    assert.ok(!titles.includes(secret) && !JSON.stringify(red.findings).includes(secret), `${secret} left after --redact`);
  }
});

// ---------------------------------------------------------------------------------------------------------
// The catalogs
// ---------------------------------------------------------------------------------------------------------

/** Sample arguments for every sentence function (dotted path in the catalog); several when the wording branches. */
/** sasl-bruteforce advice counts (the corpus incident's) and review 10's office IP with an old password (oldpw.log). */
const BF_COUNTS = { blocked: 45, smtpFailures: 172, port25Failures: 144, mailboxFailures: 41, staleClients: [], moreStaleClients: 0 };
const STALE = {
  ip: '127.0.10.2', names: ['yamada@example.jp'], failures: 13, messages: 51, mailboxLogins: 6, reason: 'before' as const,
  loggedInAs: ['sato@example.jp', 'suzuki@example.jp', 'takahashi@example.jp', 'tanaka@example.jp', 'yamada@example.jp', 'ito@example.jp'],
};

const SAMPLES: Record<string, unknown[][]> = {
  num: [[1234567]],
  someOf: [[['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4'], 3], [['192.0.2.1'], 3]],
  'findings.compromisedAccount': [
    // samples/incident.log as the rule now reports it (87 failures before the guess, 1,073 recipients of the 300 messages).
    [{ user: 'info@example.jp', guessedAt: '2026-11-25 23:41', guessedFrom: '41.213.169.4', loginSeen: true, failuresBefore: 87, ipsSince: 42, messagesSince: 300, recipients: 1073, externalDomains: 15, forgedMessages: 211, queued: 219, notDeliveredShare: 53.3, pendingFate: 'queued', mailboxIntruders: [{ ip: '177.138.12.246', protocol: 'imap', at: '2026-11-25 23:52' }], refused: null }],
    [{ user: 'info@example.jp', guessedAt: '2026-11-25 23:41', guessedFrom: '41.213.169.4', loginSeen: false, failuresBefore: 1, ipsSince: 1, messagesSince: 1, recipients: 1, externalDomains: 1, forgedMessages: 0, queued: 0, notDeliveredShare: 0, pendingFate: 'deleted', mailboxIntruders: [], refused: { rejects: 1, ips: 1, first: '2026-11-26 01:00', last: '2026-11-26 01:00' } }],
    [{ user: 'info@example.jp', guessedAt: '2026-11-25 23:41', guessedFrom: '', loginSeen: false, failuresBefore: 0, ipsSince: 12, messagesSince: 30, recipients: 90, externalDomains: 60, forgedMessages: 0, queued: 3, notDeliveredShare: 5, pendingFate: 'mixed', mailboxIntruders: [1, 2, 3, 4].map((i) => ({ ip: `192.0.2.${i}`, protocol: 'pop3', at: '2026-11-25 23:52' })), refused: { rejects: 200, ips: 200, first: '2026-11-29 00:20', last: '2026-11-30 18:59' } }],
    [{ user: 'info@example.jp', guessedAt: '2026-11-25 23:41', guessedFrom: '', loginSeen: false, failuresBefore: 0, ipsSince: 12, messagesSince: 30, recipients: 90, externalDomains: 60, forgedMessages: 0, queued: 3, notDeliveredShare: null, pendingFate: 'mixed', mailboxIntruders: [1, 2, 3, 4].map((i) => ({ ip: `192.0.2.${i}`, protocol: 'pop3', at: '2026-11-25 23:52' })), refused: { rejects: 200, ips: 200, first: '2026-11-29 00:20', last: '2026-11-30 18:59' } }],
    // Code review 17 K7b: submissions refused at the end of DATA, with mail delivered and with none.
    [{ user: 'info@example.jp', guessedAt: '2026-11-25 23:41', guessedFrom: '', loginSeen: false, failuresBefore: 0, ipsSince: 15, messagesSince: 20, recipients: 100, externalDomains: 6, forgedMessages: 0, queued: 0, notDeliveredShare: 0, pendingFate: 'queued', refusedAtData: { messages: 60, ips: 15 }, mailboxIntruders: [], refused: null }],
    [{ user: 'info@example.jp', guessedAt: '2026-11-25 23:41', guessedFrom: '', loginSeen: false, failuresBefore: 0, ipsSince: 1, messagesSince: 0, recipients: 0, externalDomains: 0, forgedMessages: 0, queued: 0, notDeliveredShare: 0, pendingFate: 'queued', refusedAtData: { messages: 1, ips: 1 }, mailboxIntruders: [], refused: null }],
  ],
  'findings.compromisedStillUsed': [
    [{ user: 'info@example.jp', rejects: 200, ips: 200, first: '2026-11-29 00:20', last: '2026-11-30 18:59', messagesSince: 0 }],
    [{ user: 'info@example.jp', rejects: 1, ips: 1, first: 'a', last: 'b', messagesSince: 1 }],
  ],
  // Review 11 H3: sato@ sending as sales@ from its own clients; and a foreign sender among several.
  'findings.senderMapMissing': [
    [{ user: 'sato@example.jp', senders: ['sales@example.jp'], moreSenders: 0, foreign: 0, rejects: 5, ips: 5, ownerIps: 2, sharedIps: 2, first: '2026-11-28 22:13', last: '2026-11-28 22:14' }],
    [{ user: 'sato@example.jp', senders: ['a@example.jp', 'b@example.jp', 'me@gmail.com'], moreSenders: 2, foreign: 1, rejects: 9, ips: 6, ownerIps: 6, sharedIps: 0, first: 'a', last: 'b' }]],
  // Review 12 H3: suzuki@'s phone on a carrier's NAT, one typo; then a mailing from one new IP, no typo.
  'findings.accountUnusualUse': [
    [{ user: 'suzuki@example.jp', ips: 15, messages: 30, recipients: 30, externalDomains: 6, notDeliveredShare: 0, mailboxIps: 15, mistyped: 1 }],
    [{ user: 'info@example.jp', ips: 1, messages: 3, recipients: 60, externalDomains: 66, notDeliveredShare: 1.7, mailboxIps: 0, mistyped: 0 }],
    [{ user: 'info@example.jp', ips: 4, messages: 8, recipients: 8, externalDomains: 60, notDeliveredShare: 12.5, mailboxIps: 2, mistyped: 3 }],
    [{ user: 'billing@example.jp', ips: 30, messages: 300, recipients: 300, externalDomains: 250, notDeliveredShare: 1, mailboxIps: 0, mistyped: 0, pool: { domain: 'amazonaws.com', ips: 28, total: 30, networks: 12 } }],
    // Behind amavis: the outcomes are in the filter's copies (compromised-account outcomesKnown).
    [{ user: 'suzuki@example.jp', ips: 12, messages: 24, recipients: 24, externalDomains: 0, notDeliveredShare: null, mailboxIps: 12, mistyped: 0 }]],
  'findings.mailboxBreach': [
    // The review's IMAP scenario (test/mailbox-breach.test.ts), then four intruding IPs.
    [{ user: 'suzuki@example.jp', failedForName: 61, failures: 120, intruders: [{ ip: '203.0.113.9', protocol: 'imap', at: '2026-11-28 22:14', failures: 120 }] }],
    [{ user: 'a@example.jp', failedForName: 1, failures: 4, intruders: [1, 2, 3, 4].map((i) => ({ ip: `192.0.2.${i}`, protocol: 'pop3', at: '2026-11-28 22:14', failures: 1 })) }],
  ],
  'findings.bruteforceDistributed': [[{ failures: 289, ips: 61, first: '2026-11-25 10:19', last: '2026-11-28 03:47' }]],
  'findings.bruteforceSingle': [[{ ips: 1, failures: 12 }], [{ ips: 3, failures: 1200 }]],
  'findings.bruteforceBackground': [[{ failures: 92, ips: 41, hours: 40.4 }], [{ failures: 30, ips: 10, hours: 0.5 }], [{ failures: 52, ips: 28, hours: 77.7 }],
    // Review AL, AL2: samples/after-fix.log, info@example.jp tried by name.
    [{ failures: 92, ips: 41, hours: 40.4, targeted: { name: 'info@example.jp', failures: 22, ips: 13 } }], [{ failures: 12, ips: 3, hours: 2, targeted: { name: 'a@example.jp', failures: 10, ips: 1 } }]],
  'findings.bruteforceGotIn': [[['127.66.6.6'], 0], [['193.32.162.77', '45.155.205.33', '185.220.101.7'], 2]],
  // Review AN's rest: the evidence's IPs of the users' own clients, in the report's language.
  'findings.staleClientText': [
    [{ ip: '203.0.113.77', names: ['sato@example.jp'], strangers: 0, failures: 71, loggedInAs: [], messages: 0, mailboxLogins: 0, reason: 'device', network: '', earlierLoginIp: '', everyMinutes: 10, spanHours: 10.8 }],
    [{ ip: '198.51.100.40', names: ['a@example.jp', 'b@example.jp', 'c@example.jp', 'd@example.jp'], strangers: 0, failures: 12, loggedInAs: ['a@example.jp', 'b@example.jp', 'c@example.jp', 'd@example.jp'], messages: 3, mailboxLogins: 5, reason: 'shared', network: '', earlierLoginIp: '', everyMinutes: 0, spanHours: 0 }],
    [{ ip: '126.33.1.9', names: ['tanaka@example.jp'], strangers: 0, failures: 4, loggedInAs: [], messages: 0, mailboxLogins: 0, reason: 'roaming', network: '126.0.0.0/8', earlierLoginIp: '126.12.7.3', everyMinutes: 0, spanHours: 0 }],
  ],
  'findings.bruteforceStaleOnly': [[{ ips: 1, failures: 13, users: 0, shared: false }], [{ ips: 1, failures: 1, users: 1, shared: false }],
    [{ ips: 3, failures: 40, users: 2, shared: false }], [{ ips: 2, failures: 20, users: 0, shared: false }],
    [{ ips: 1, failures: 15, users: 5, shared: true }], [{ ips: 2, failures: 27, users: 8, shared: true }]],
  'findings.queueFlood': [
    [{ deferred: 1600, share: 59.1, deferredMessages: 267, peak: 224, peakAt: '2026-11-28 09:00', stillQueued: 224, deletedInBulk: 0, deletedAt: '' }],
    [{ deferred: 0, share: 0, deferredMessages: 0, peak: 1, peakAt: null, stillQueued: 1, deletedInBulk: 0, deletedAt: '' }],
    [{ deferred: 5920, share: 81.7, deferredMessages: 300, peak: 290, peakAt: '2026-11-28 22:17', stillQueued: 0, deletedInBulk: 290, deletedAt: '2026-11-28 22:20' }],
  ],
  'findings.queueDeleted': [
    [{ deleted: 290, at: '2026-11-28 22:20', abusive: 286, legitimate: 4, senders: ['takahashi@example.jp', 'sato@example.jp'], classified: true }],
    [{ deleted: 290, at: '2026-11-28 22:20', abusive: 290, legitimate: 0, senders: [], classified: true }],
    [{ deleted: 12, at: '2026-11-28 22:20', abusive: 0, legitimate: 12, senders: ['a@example.jp', 'b@example.jp', 'c@example.jp', 'd@example.jp'], classified: false }],
    [{ deleted: 1, at: '2026-11-28 22:20', abusive: 0, legitimate: 1, senders: ['a@example.jp'], classified: true }],
  ],
  'findings.queueCleanup': [[{ abusive: 220, queued: 224, fromUsers: 219, users: ['info@example.jp'], backscatter: 1, legitimate: 4 }], [{ abusive: 1, queued: 1, fromUsers: 1, users: ['a@example.jp', 'b@example.jp'], backscatter: 0, legitimate: 1 }]],
  'findings.queueIds': [[220], [1]],
  'findings.openRelay': [[{ ips: ['198.51.100.23', '198.51.100.24', '198.51.100.25', '198.51.100.26'], messages: 6, recipients: 9, domains: 7, first: '2026-11-28 10:00', last: '2026-11-28 10:05' }], [{ ips: ['198.51.100.23'], messages: 1, recipients: 2, domains: 2, first: 'a', last: 'b' }],
    // Review AO, AO3: other clients got "Relay access denied".
    [{ ips: ['198.51.100.80'], messages: 3000, recipients: 3000, domains: 22, first: 'a', last: 'b', restricted: true }],
    [{ ips: ['198.51.100.80', '198.51.100.81'], messages: 3, recipients: 3, domains: 2, first: 'a', last: 'b', restricted: true }]],
  'findings.relayProbing': [[{ denied: 16, ips: 8, first: 'a', last: 'b', leaked: [] }], [{ denied: 12, ips: 3, first: 'a', last: 'b', leaked: ['198.51.100.24'] }]],
  'findings.addressHarvesting': [[{ ips: 1, unknown: 12, first: 'a', last: 'b', accepted: 0 }], [{ ips: 2, unknown: 40, first: 'a', last: 'b', accepted: 1 }]],
  'findings.backscatter': [
    [{ first: 'a', last: 'b', ndr: { messages: 139, remote: 105, undeliverable: 26, share: 24.8, failed: 25, pending: 1, forgedBy: ['info@example.jp'], forgedMessages: 211, pendingFate: 'queued' }, accepted: null, devNull: null }],
    [{ first: 'a', last: 'b', ndr: { messages: 30, remote: 30, undeliverable: 9, share: 30, failed: 9, pending: 0, forgedBy: [], forgedMessages: 0, pendingFate: 'deleted' }, accepted: { recipients: 12, remote: 12, undeliverable: 3 }, devNull: 10 }],
    [{ first: 'a', last: 'b', ndr: null, accepted: { recipients: 12, remote: 1, undeliverable: 0 }, devNull: null }],
    [{ first: 'a', last: 'b', ndr: null, accepted: null, devNull: 10 }],
  ],
  'findings.backscatterSubject': [['accept-then-bounce'], ['forged-sender-spam'], ['forged-senders'], ['luser_relay']],
  'findings.refusalClass': [[{ provider: 'Yahoo', kind: 'rate', code: '421 4.7.0 TSS04', deferred: 527, bounced: 0, suspended: 0 }],
    [{ provider: 'Yahoo', kind: 'rate', code: '421 4.7.0 TSS04', deferred: 93, bounced: 0, suspended: 1733 }],
    [{ provider: 'Other receivers', kind: 'rate', code: '', deferred: 0, bounced: 0, suspended: 12 }], [{ provider: 'Other receivers', kind: 'unauthenticated', code: '', deferred: 1, bounced: 2 }], [{ provider: 'Gmail', kind: 'no-ptr', code: '550-5.7.25', deferred: 0, bounced: 3 }], [{ provider: 'Spamhaus', kind: 'listed', code: '554 5.7.1', deferred: 0, bounced: 3 }]],
  'findings.receiversRefusing': [
    [{ providers: ['Yahoo', 'Gmail', 'Microsoft'], ip: '203.0.113.25', spammers: ['info@example.jp'], total: 836, reDeferred: 0, first: 'a', last: 'b', classes: ['x', 'y'], forgedAuth: null, forwardedAuth: null }],
    [{ providers: ['Other receivers'], ip: '', spammers: [], total: 10, reDeferred: 0, first: 'a', last: 'b', classes: ['x'], forgedAuth: null, forwardedAuth: null }],
    [{ providers: ['Yahoo', 'Gmail'], ip: '127.0.0.1', spammers: ['info@example.jp'], total: 832, reDeferred: 1733, first: 'a', last: 'b', classes: ['x'],
      forgedAuth: { refusals: 81, domains: ['aeon.co.jp', 'jcb.co.jp', 'smbc-card.com'], ownDomain: 'example.jp' }, forwardedAuth: null }],
    [{ providers: ['Gmail'], ip: '', spammers: [], total: 1, reDeferred: 1, first: 'a', last: 'b', classes: ['x'], forgedAuth: { refusals: 1, domains: ['a.example'], ownDomain: 'example.jp' }, forwardedAuth: null }],
    // Review 12 H6: forward.log (every SPF refusal of mail forwarded for an alias), and forwarded beside forged.
    [{ providers: ['Gmail'], ip: '192.0.2.1', spammers: [], total: 40, reDeferred: 0, first: 'a', last: 'b', classes: ['x'], forgedAuth: null,
      forwardedAuth: { refusals: 40, forwards: ['yamada@example.jp → yamada.home@gmail.com'], moreForwards: 0, all: true } }],
    [{ providers: ['Gmail'], ip: '192.0.2.1', spammers: ['info@example.jp'], total: 121, reDeferred: 0, first: 'a', last: 'b', classes: ['x'],
      forgedAuth: { refusals: 81, domains: ['aeon.co.jp'], ownDomain: 'example.jp' },
      forwardedAuth: { refusals: 40, forwards: ['a@example.jp → a@gmail.com', 'b@example.jp → b@gmail.com', 'c@example.jp → c@gmail.com'], moreForwards: 2, all: false } }],
    // Review AN, AN4, AN5: distinct recipients and messages; a rate limit every refused recipient got past.
    [{ providers: ['Gmail'], ip: '203.0.113.25', spammers: [], total: 100, reDeferred: 30, first: 'a', last: 'b', classes: ['x'], forgedAuth: null, forwardedAuth: null,
      refused: { recipients: 80, messages: 1, named: [{ qid: '5E7F1A2B3C4', sender: 'info@example.jp' }] }, resolved: { deliveredBy: 'c', delivered: 80, bouncedOwn: 0, pending: 0 } }],
    // Review AO, AO2: some refused recipients stopped by their own mailbox; one with no message wholly past the limit.
    [{ providers: ['Microsoft', 'Gmail'], ip: '203.0.113.30', spammers: [], total: 97, reDeferred: 381, first: 'a', last: 'b', classes: ['x'], forgedAuth: null, forwardedAuth: null,
      refused: { recipients: 272, messages: 61, named: [] }, resolved: { deliveredBy: 'c', delivered: 259, bouncedOwn: 12, pending: 1 } }],
    [{ providers: ['Gmail'], ip: '203.0.113.30', spammers: [], total: 10, reDeferred: 0, first: 'a', last: 'b', classes: ['x'], forgedAuth: null, forwardedAuth: null,
      refused: { recipients: 10, messages: 1, named: [{ qid: 'CE13D16DB5D', sender: 'members-bounces@lists.example.org' }] }, resolved: { deliveredBy: '', delivered: 7, bouncedOwn: 0, pending: 1 } }],
    [{ providers: ['Gmail'], ip: '', spammers: [], total: 1, reDeferred: 0, first: 'a', last: 'b', classes: ['x'], forgedAuth: null, forwardedAuth: null,
      refused: { recipients: 1, messages: 1, named: [{ qid: 'A1', sender: '' }] }, resolved: { deliveredBy: 'c', delivered: 1, bouncedOwn: 0, pending: 0 } }],
    [{ providers: ['Yahoo', 'Gmail'], ip: '127.0.0.1', spammers: ['info@example.jp'], total: 1047, reDeferred: 0, first: 'a', last: 'b', classes: ['x'], forgedAuth: null, forwardedAuth: null,
      refused: { recipients: 672, messages: 243, named: [] } }]],
  'findings.refusedMessage': [[{ qid: '5E7F1A2B3C4', sender: 'info@example.jp', saslUser: 'info@example.jp', recipients: 300, refused: 80, sentLater: 80 }],
    [{ qid: 'A1', sender: '', saslUser: 'web@example.jp', recipients: 1, refused: 1, sentLater: 0 }]],
  'findings.provider': [['Gmail'], ['Other receivers']],
  'findings.delisting': [[['Gmail', 'Yahoo', 'Microsoft', 'Spamhaus', 'SpamCop', 'Barracuda', 'Proofpoint', 'Other receivers']]],
  'findings.delistAt': [['Microsoft'], ['Gmail'], ['Other receivers']],
  'findings.ptrCheck': [['203.0.113.25', 'example.jp']],
  'findings.outboundPortBlocked': [[{ first: 'a', last: 'b', timeouts: 992, timedOut: 17, destinations: 20, sent: 0, after: 0 }], [{ first: 'a', last: 'b', timeouts: 12, timedOut: 6, destinations: 6, sent: 1, after: 1 }]],
  'findings.serverTrouble': [[{ first: 'a', last: 'b', parts: ['x', 'y'] }]],
  'findings.troubleDisk': [[1, 'cleanup: ID: write queue file: No space left on device']],
  'findings.troubleCrash': [[2, 'master: process /usr/lib/postfix/sbin/smtpd pid N killed by signal N']],
  'findings.troubleAuth': [
    [{ smtpdLost: 6, dovecot: 3, guessing: null, toUsers: 6, userIps: 6, toAttackers: 0, attackerIps: 0 }],
    [{ smtpdLost: 1, dovecot: 0, guessing: { failed: 212, span: 'between', first: 'a', last: 'b' }, toUsers: 0, userIps: 0, toAttackers: 1, attackerIps: 1 }],
    [{ smtpdLost: 29, dovecot: 22, guessing: { failed: 214, span: 'log', first: 'a', last: 'b' }, toUsers: 0, userIps: 0, toAttackers: 29, attackerIps: 13 }],
    [{ smtpdLost: 4, dovecot: 0, guessing: { failed: 39, span: 'hours', first: 'a', last: 'b' }, toUsers: 2, userIps: 1, toAttackers: 2, attackerIps: 1 }],
    [{ smtpdLost: 0, dovecot: 5, guessing: { failed: 120, span: 'log', first: 'a', last: 'b' }, toUsers: 0, userIps: 0, toAttackers: 0, attackerIps: 0 }],
    [{ smtpdLost: 0, dovecot: 5, guessing: null, toUsers: 0, userIps: 0, toAttackers: 0, attackerIps: 0 }]],
  'findings.troubleDns': [[10, 1]],
  'findings.troubleCapacity': [[3]],
  'findings.troubleTls': [[{ failures: 100, repeatIps: 0, perIp: 2 }], [{ failures: 23, repeatIps: 6, perIp: 2 }], [{ failures: 4, repeatIps: 1, perIp: 3 }]],
  'findings.trustedHostRelay': [
    // Review AO, AO3: the list host's CRM in mynetworks, and two hosts of one domain.
    [{ ips: ['198.51.100.80'], names: ['app1.example.org'], ownDomains: ['example.org'], messages: 3000, recipients: 3000, domains: 22, first: '2026-12-01 07:00', last: '2026-12-01 21:10' }],
    [{ ips: ['198.51.100.80', '198.51.100.81'], names: ['app1.example.org', 'app2.example.org'], ownDomains: ['example.org'], messages: 1, recipients: 1, domains: 1, first: 'a', last: 'b' }]],
  'findings.ownNetworkRelay': [
    // Review 10's office smarthost (10.1.2.x) and its localhost variant.
    [{ ips: ['10.1.2.11', '10.1.2.10', '10.1.2.20', '10.1.2.12', '10.1.2.21', '10.1.2.50'], messages: 300, recipients: 616, domains: 7, first: '2026-12-02 08:00', last: '2026-12-02 10:42' }],
    [{ ips: ['127.0.0.1'], messages: 1, recipients: 2, domains: 2, first: 'a', last: 'b' }]],
  // Review 11 H5: hacked-webapp.log (127.0.0.1), and an office host with a burst only.
  'findings.ownNetworkSpam': [
    [{ ips: ['127.0.0.1'], messages: 700, recipients: 1016, domains: 87, first: '2026-12-02 08:00', last: '2026-12-02 12:26', forgedMessages: 400, forgedDomains: ['aeon.co.jp', 'amazon.co.jp', 'jcb.co.jp'], moreForgedDomains: 2, minutes: 266, burstMessages: null, notDelivered: null, spamRefused: null }],
    [{ ips: ['10.1.2.21', '10.1.2.22'], messages: 40, recipients: 40, domains: 40, first: 'a', last: 'b', forgedMessages: 0, forgedDomains: [], moreForgedDomains: 0, minutes: 12, burstMessages: null, notDelivered: 45, spamRefused: null }],
    [{ ips: ['127.0.0.1'], messages: 40, recipients: 40, domains: 40, first: 'a', last: 'b', forgedMessages: 40, forgedDomains: ['aeon.co.jp'], moreForgedDomains: 3, minutes: 12, burstMessages: null, notDelivered: null, spamRefused: null }],
    // Review 13 H5: php-allday.log, the worst hour of a day of relaying.
    [{ ips: ['127.0.0.1'], messages: 460, recipients: 460, domains: 189, first: '2026-11-10 00:01', last: '2026-11-10 23:01', forgedMessages: 0, forgedDomains: [], moreForgedDomains: 0, minutes: 40, burstMessages: 402, notDelivered: 25.6, spamRefused: null }],
    // Review 18: a hacked contact form's burst whose receivers bounced 30 of it as spam, 13% not delivered (below the sign).
    [{ ips: ['127.0.0.1'], messages: 540, recipients: 540, domains: 250, first: '2026-11-10 08:25', last: '2026-11-10 22:45', forgedMessages: 0, forgedDomains: [], moreForgedDomains: 0, minutes: 35, burstMessages: 502, notDelivered: null, spamRefused: 30 }],
    [{ ips: ['127.0.0.1'], messages: 40, recipients: 40, domains: 40, first: 'a', last: 'b', forgedMessages: 0, forgedDomains: [], moreForgedDomains: 0, minutes: 12, burstMessages: null, notDelivered: 45, spamRefused: 12 }]],
  // Review 12 H5: cms.log, the newsletter a CMS on localhost sends as news@example.jp.
  'findings.ownNetworkBulk': [
    [{ ips: ['127.0.0.1'], messages: 600, recipients: 600, domains: 135, first: '2026-11-10 10:00', last: '2026-11-10 10:11', minutes: 12, burstMessages: null, senderDomains: ['example.jp'], notDelivered: 1.8 }],
    [{ ips: ['10.1.2.22'], messages: 40, recipients: 40, domains: 40, first: 'a', last: 'b', minutes: 300, burstMessages: null, senderDomains: [], notDelivered: 0 }],
    [{ ips: ['127.0.0.1'], messages: 460, recipients: 460, domains: 189, first: 'a', last: 'b', minutes: 40, burstMessages: 402, senderDomains: ['example.jp'], notDelivered: 2 }]],
  // Review 13 H5: php-pickup.log (PHP mail() through sendmail), and a list manager's post.
  'findings.localProgramSpam': [
    [{ programs: ['mail uid=33'], messages: 460, recipients: 460, domains: 192, first: '2026-11-10 00:01', last: '2026-11-10 23:00', forgedMessages: 400, forgedDomains: ['mufg.jp'], moreForgedDomains: 0, minutes: 40, burstMessages: 402, notDelivered: 25.9, spamRefused: null }],
    [{ programs: ['mail uid=33', 'web2 uid=48'], messages: 30, recipients: 30, domains: 30, first: 'a', last: 'b', forgedMessages: 22, forgedDomains: ['aeon.co.jp', 'mufg.jp', 'smbc-card.com'], moreForgedDomains: 1, minutes: 290, burstMessages: null, notDelivered: null, spamRefused: null }],
    [{ programs: ['mail uid=33'], messages: 540, recipients: 540, domains: 250, first: '2026-11-10 08:25', last: '2026-11-10 22:45', forgedMessages: 0, forgedDomains: [], moreForgedDomains: 0, minutes: 35, burstMessages: 502, notDelivered: null, spamRefused: 30 }],
    // Review 19, M2: after-webform-forged.log, forged senders to 799 addresses of 10 free-mail domains; and a full
    // bitmap of recipients (more than about 74,000 addresses) with an estimated count of senders.
    [{ programs: ['mail uid=33'], messages: 401, recipients: 799, domains: 10, first: '2026-12-05 22:01', last: '2026-12-06 22:18', forgedMessages: 315, forgedDomains: ['smbc-card.com', 'jcb.co.jp', 'rakuten.co.jp'], moreForgedDomains: 1, minutes: 1457, burstMessages: null, notDelivered: null, spamRefused: null,
      sprayed: { recipients: 799, recipientsAtLeast: false, senders: 304, sendersAtLeast: false } }],
    [{ programs: ['mail uid=33'], messages: 3000, recipients: 3000, domains: 12, first: 'a', last: 'b', forgedMessages: 2000, forgedDomains: ['mufg.jp'], moreForgedDomains: 0, minutes: 600, burstMessages: null, notDelivered: null, spamRefused: null,
      sprayed: { recipients: 73817, recipientsAtLeast: true, senders: 1200, sendersAtLeast: false, sendersAbout: true } }],
    // Review Q, Q5: one fixed sender of one brand to 800 addresses.
    [{ programs: ['mail uid=33'], messages: 400, recipients: 800, domains: 10, first: 'a', last: 'b', forgedMessages: 400, forgedDomains: ['mufg.jp'], moreForgedDomains: 0, minutes: 1330, burstMessages: null, notDelivered: null, spamRefused: null,
      sprayed: { recipients: 800, recipientsAtLeast: false, senders: 1, sendersAtLeast: false } }]],
  'findings.localProgramBulk': [
    [{ programs: ['mail uid=38'], messages: 40, recipients: 40, domains: 40, first: 'a', last: 'b', minutes: 4, burstMessages: null, senderDomains: ['lists.example.jp'], notDelivered: 0 }],
    [{ programs: ['mail uid=38'], messages: 140, recipients: 140, domains: 60, first: 'a', last: 'b', minutes: 30, burstMessages: 100, senderDomains: [], notDelivered: 3 }]],
  // Every branch of the advice: the general text (null), and what the incident corpus, the bundled samples and the
  // web-form fixture give.
  // Review AO, AO5: postscreen's DNSBL seen in the log, or not.
  'advice.relayProbing': [[null], [{ dnsblRanked: 1251 }]],
  'advice.queueFlood': [[null],
    [{ holders: [], stillQueued: 0, cleanup: false, portBlocked: false, portBlockOver: false, deletedInBulk: 290, deletedAt: '2026-11-28 22:20', deferred: 5920,
      causes: ['compromised-account', 'receivers-refusing'], own: null, top: [{ domain: 'gmail.com', deferrals: 2000, recipients: 400, delivered: 3 }] }],
    [{ holders: [], stillQueued: 0, cleanup: false, portBlocked: false, portBlockOver: false, deletedInBulk: 0, deletedAt: '', deferred: 677, causes: [], own: null,
      top: [{ domain: 'slowcorp.co.jp', deferrals: 600, recipients: 60, delivered: 60 }, { domain: 'corp006.co.jp', deferrals: 1, recipients: 1, delivered: 1 }] }],
    // Review 12 L1: backupmx.log (all for our own domains), and a part of them.
    [{ holders: [], stillQueued: 0, cleanup: false, portBlocked: false, portBlockOver: false, deletedInBulk: 0, deletedAt: '', deferred: 200, causes: [],
      own: { deferrals: 200, domains: ['example.jp', 'example-shop.jp'], hosts: ['mx1.example.jp'] }, top: [] }],
    [{ holders: [], stillQueued: 0, cleanup: false, portBlocked: false, portBlockOver: false, deletedInBulk: 0, deletedAt: '', deferred: 300, causes: ['receivers-refusing'],
      own: { deferrals: 200, domains: ['example.jp'], hosts: [] }, top: [] }],
    [{ holders: [], stillQueued: 224, cleanup: true, portBlocked: false, portBlockOver: false, deletedInBulk: 0, deletedAt: '', deferred: 5000, causes: [], own: null, top: [] }],
    [{ holders: [], stillQueued: 5, cleanup: false, portBlocked: true, portBlockOver: false, deletedInBulk: 0, deletedAt: '', deferred: 500, causes: [], own: null, top: [] }],
    // Review Y, Y13: the block over within the log (deferred-flood.log), alone and with spam to clean up.
    [{ holders: [], stillQueued: 5, cleanup: false, portBlocked: true, portBlockOver: true, deletedInBulk: 0, deletedAt: '', deferred: 1102, causes: ['outbound-port-blocked'], own: null, top: [] }],
    [{ holders: [], stillQueued: 30, cleanup: true, portBlocked: true, portBlockOver: true, deletedInBulk: 0, deletedAt: '', deferred: 500, causes: [], own: null, top: [] }],
    [{ holders: [], stillQueued: 30, cleanup: true, portBlocked: true, portBlockOver: false, deletedInBulk: 0, deletedAt: '', deferred: 500, causes: [], own: null, top: [] }],
    // Review AI, AI4: what is left is refused by its receiver (the block over, in force), and beside mail the block holds.
    [{ holders: [{ domain: 'nishi-kensetsu.co.jp', messages: 5, reason: 'connect to mail.nishi-kensetsu.co.jp[IP]:25: Connection refused', hold: 'refused' }], stillQueued: 5, cleanup: false, portBlocked: true, portBlockOver: true, deletedInBulk: 0, deletedAt: '', deferred: 1102, causes: ['outbound-port-blocked'], own: null, top: [] }],
    [{ holders: [{ domain: 'nishi-kensetsu.co.jp', messages: 5, reason: 'connect to mail.nishi-kensetsu.co.jp[IP]:25: Connection refused', hold: 'refused' }, { ...{ domain: 'nishi-kensetsu.co.jp', messages: 5, reason: 'connect to mail.nishi-kensetsu.co.jp[IP]:25: Connection refused', hold: 'refused' }, domain: 'b.example', messages: 1 }], stillQueued: 6, cleanup: true, portBlocked: true, portBlockOver: false, deletedInBulk: 0, deletedAt: '', deferred: 1102, causes: [], own: null, top: [] }],
    [{ holders: [{ domain: 'gmail.com', messages: 2, reason: 'connect to gmail-smtp-in.l.google.com[IP]:25: Connection timed out', hold: 'route' }, { domain: 'nishi-kensetsu.co.jp', messages: 5, reason: 'connect to mail.nishi-kensetsu.co.jp[IP]:25: Connection refused', hold: 'refused' }], stillQueued: 7, cleanup: false, portBlocked: true, portBlockOver: false, deletedInBulk: 0, deletedAt: '', deferred: 1102, causes: [], own: null, top: [] }],
    [{ holders: [], stillQueued: 25, cleanup: false, portBlocked: false, portBlockOver: false, deletedInBulk: 0, deletedAt: '', deferred: 500, causes: [], own: null, top: [] }],
    // Review AI's rest: a recipient's full mailbox holds mail too: alone, beside a refusal, beside mail the block holds.
    [{ holders: [{ domain: 'gmail.com', messages: 1, reason: 'host [IP] said: 452-4.2.2 The email account that you tried to reach is over quota. Please direct 452-4.2.2 the recipient to 452 4.2.2 https://support.google.com/mail/?p=OverQuotaTemp ID - gsmtp (in reply to RCPT TO command)', hold: 'no-room' }], stillQueued: 1, cleanup: false, portBlocked: true, portBlockOver: true, deletedInBulk: 0, deletedAt: '', deferred: 1102, causes: ['outbound-port-blocked'], own: null, top: [] }],
    [{ holders: [{ domain: 'nishi-kensetsu.co.jp', messages: 5, reason: 'connect to mail.nishi-kensetsu.co.jp[IP]:25: Connection refused', hold: 'refused' }, { domain: 'gmail.com', messages: 1, reason: 'host [IP] said: 452-4.2.2 The email account that you tried to reach is over quota. Please direct 452-4.2.2 the recipient to 452 4.2.2 https://support.google.com/mail/?p=OverQuotaTemp ID - gsmtp (in reply to RCPT TO command)', hold: 'no-room' }], stillQueued: 6, cleanup: false, portBlocked: true, portBlockOver: false, deletedInBulk: 0, deletedAt: '', deferred: 1102, causes: [], own: null, top: [] }],
    [{ holders: [{ domain: 'yahoo.co.jp', messages: 2, reason: 'connect to mx5.mail.yahoo.co.jp[IP]:25: Connection timed out', hold: 'route' }, { domain: 'nishi-kensetsu.co.jp', messages: 5, reason: 'connect to mail.nishi-kensetsu.co.jp[IP]:25: Connection refused', hold: 'refused' }, { domain: 'gmail.com', messages: 1, reason: 'host [IP] said: 452-4.2.2 The email account that you tried to reach is over quota. Please direct 452-4.2.2 the recipient to 452 4.2.2 https://support.google.com/mail/?p=OverQuotaTemp ID - gsmtp (in reply to RCPT TO command)', hold: 'no-room' }], stillQueued: 8, cleanup: false, portBlocked: true, portBlockOver: false, deletedInBulk: 0, deletedAt: '', deferred: 1102, causes: [], own: null, top: [] }]],
  'advice.openRelay': [[null],
    [{ mynetworks: ['127.0.0.0/8', '[::1]/128', '10.1.2.0/24', '[fd00:1::]/64'], fromLog: ['10.1.2.0/24', '[fd00:1::]/64'] }],
    // Review AO, AO3: relaying restricted, one IP or two let through.
    [{ mynetworks: ['127.0.0.0/8', '[::1]/128'], fromLog: [], restricted: { ips: ['198.51.100.80'], clients: 1, refusals: 1 } }],
    [{ mynetworks: ['127.0.0.0/8', '[::1]/128', '10.1.2.0/24'], fromLog: ['10.1.2.0/24'], restricted: { ips: ['198.51.100.80', '198.51.100.81'], clients: 10, refusals: 25 } }]],
  'advice.ownNetworkRelay': [
    [{ mynetworks: ['127.0.0.0/8', '[::1]/128', '10.1.2.0/24'], fromLog: ['10.1.2.0/24'] }],
    [{ mynetworks: ['127.0.0.0/8', '[::1]/128'], fromLog: [] }]],
  'advice.trustedHostRelay': [
    [{ hosts: ['198.51.100.80 (app1.example.org)'], mynetworks: ['127.0.0.0/8', '[::1]/128', '198.51.100.80/32'], fromLog: ['198.51.100.80/32'] }]],
  'advice.ownNetworkSpam': [[{ ips: ['127.0.0.1'], forgedDomains: ['aeon.co.jp', 'amazon.co.jp'], strangerDomains: [], messages: 80, domains: 80, minutes: 190, notDelivered: null, spamRefused: null, burstFrom: null }],
    [{ ips: ['10.1.2.21'], forgedDomains: [], strangerDomains: [], messages: 40, domains: 40, minutes: 39, notDelivered: 45, spamRefused: null, burstFrom: null }],
    [{ ips: ['127.0.0.1'], forgedDomains: ['mufg.jp'], strangerDomains: ['mufg.jp'], messages: 400, domains: 206, minutes: 39, notDelivered: null, spamRefused: null, burstFrom: null }],
    [{ ips: ['127.0.0.1'], forgedDomains: [], strangerDomains: [], messages: 402, domains: 189, minutes: 40, notDelivered: 25.6, spamRefused: null, burstFrom: '2026-11-10 14:00' }],
    // Review 18: the receivers' spam refusals alone, and with the share not delivered.
    [{ ips: ['127.0.0.1'], forgedDomains: [], strangerDomains: [], messages: 502, domains: 250, minutes: 35, notDelivered: null, spamRefused: { recipients: 30, percent: 6, code: '550-5.7.1' }, burstFrom: '2026-11-10 15:10' }],
    [{ ips: ['10.1.2.21'], forgedDomains: [], strangerDomains: [], messages: 40, domains: 40, minutes: 39, notDelivered: 45, spamRefused: { recipients: 12, percent: 30, code: '' }, burstFrom: null }],
    // Review Q: a burst from loopback as a well-known brand's domain (brand-domains.ts).
    [{ ips: ['127.0.0.1'], forgedDomains: ['mufg.jp'], strangerDomains: [], brandDomains: ['mufg.jp'], messages: 40, domains: 40, minutes: 39, notDelivered: null, spamRefused: null, burstFrom: null }]],
  'advice.ownNetworkBulk': [[{ ips: ['127.0.0.1'], senderDomains: ['example.jp'], forgedMessages: 0, messages: 600, domains: 135, minutes: 12, notDelivered: 1.8 }],
    [{ ips: ['10.1.2.22'], senderDomains: ['corp.example', 'example.jp'], forgedMessages: 2, messages: 40, domains: 40, minutes: 39, notDelivered: 0 }]],
  'advice.localProgramSpam': [
    [{ programs: [{ host: 'mail', uid: '33' }], forgedDomains: ['mufg.jp'], strangerDomains: ['mufg.jp'], messages: 402, domains: 192, minutes: 40, notDelivered: 25.9, spamRefused: null, burstFrom: '2026-11-10 14:00' }],
    [{ programs: [{ host: 'mail', uid: '33' }, { host: 'web2', uid: '48' }], forgedDomains: [], strangerDomains: [], messages: 40, domains: 40, minutes: 39, notDelivered: 45, spamRefused: null, burstFrom: null }],
    [{ programs: [{ host: 'mail', uid: '33' }], forgedDomains: [], strangerDomains: [], messages: 502, domains: 250, minutes: 35, notDelivered: null, spamRefused: { recipients: 30, percent: 6, code: '550-5.7.1' }, burstFrom: '2026-11-10 15:10' }],
    // Review 19, M2: forged senders to many different addresses of few domains.
    [{ programs: [{ host: 'mail', uid: '33' }], forgedDomains: ['smbc-card.com', 'jcb.co.jp', 'rakuten.co.jp'], strangerDomains: [], messages: 401, domains: 10, minutes: 1457, notDelivered: null, spamRefused: null, burstFrom: null,
      sprayed: { recipients: 799, recipientsAtLeast: false, senders: 304, sendersAtLeast: false } }],
    // Review Q, Q5: one fixed sender of one brand (brand-domains.ts), and three brands.
    [{ programs: [{ host: 'mail', uid: '33' }], forgedDomains: ['mufg.jp'], strangerDomains: [], brandDomains: ['mufg.jp'], messages: 400, domains: 10, minutes: 1330, notDelivered: null, spamRefused: null, burstFrom: null,
      sprayed: { recipients: 800, recipientsAtLeast: false, senders: 1, sendersAtLeast: false } }],
    [{ programs: [{ host: 'mail', uid: '33' }], forgedDomains: ['mufg.jp', 'amazon.co.jp', 'smbc-card.com'], strangerDomains: [], brandDomains: ['mufg.jp', 'amazon.co.jp', 'smbc-card.com'], messages: 400, domains: 10, minutes: 1330, notDelivered: null, spamRefused: null, burstFrom: null,
      sprayed: { recipients: 800, recipientsAtLeast: false, senders: 150, sendersAtLeast: false } }]],
  'advice.localProgramBulk': [[{ programs: [{ host: 'mail', uid: '38' }], senderDomains: ['lists.example.jp'], forgedMessages: 0, messages: 40, domains: 40, minutes: 4, notDelivered: 0 }],
    [{ programs: [{ host: 'mail', uid: '38' }], senderDomains: [], forgedMessages: 3, messages: 40, domains: 40, minutes: 4, notDelivered: 0 }]],
  'advice.accountUnusualUse': [[{ user: 'suzuki@example.jp', ips: ['126.203.237.29', '126.204.111.138'], moreIps: 13 }],
    [{ user: 'info@example.jp', ips: ['198.51.100.77'], moreIps: 0 }],
    [{ user: 'billing@example.jp', ips: ['3.112.10.20'], moreIps: 29, pool: { domain: 'amazonaws.com', ips: 30, total: 30, networks: 12 } }],
    [{ user: 'billing@example.jp', ips: ['3.112.10.20'], moreIps: 29, pool: { domain: null, ips: 30, total: 30, networks: 5 } }]],
  'advice.senderMapEntry': [[{ user: 'sato@example.jp', senders: ['sales@example.jp'], foreign: 0, otherIps: 3 }],
    [{ user: 'sato@example.jp', senders: ['sales@example.jp', 'me@gmail.com'], foreign: 1, otherIps: 0 }]],
  'advice.serverTrouble': [[null], [{ classes: ['tls'] }], [{ classes: ['disk', 'crash', 'auth', 'dns'] }], [{ classes: ['auth'] }], [{ classes: ['capacity'] }]],
  'advice.compromisedAccount': [[null],
    [{ user: 'info@example.jp', senderLogins: [['info@example.jp', 'info@example.jp'], ['tanaka@example.jp', 'tanaka']], moreLogins: 0, queue: { state: 'cleanup' }, usedByIps: 43, bruteforceBlocklist: true, usedByFamilies: { v4: true, v6: false }, ownerIps: ['198.51.100.40'], ownerIpCount: 1, mailboxIntruders: ['177.138.12.246'], loginServices: ['postfix/submission/smtpd', 'postfix/smtpd'] }],
    [{ user: 'info@example.jp', senderLogins: [['info@example.jp', 'info@example.jp']], moreLogins: 12, queue: { state: 'deleted', at: '2026-11-28 22:20' }, usedByIps: 41, bruteforceBlocklist: false, usedByFamilies: { v4: true, v6: true }, ownerIps: ['127.0.30.5', '192.0.2.7', '192.0.2.8', '192.0.2.9', '192.0.2.10'], ownerIpCount: 7, mailboxIntruders: [], loginServices: ['postfix/smtps/smtpd'] }],
    [{ user: 'info', senderLogins: [['<address>', 'info']], moreLogins: 0, queue: { state: 'gone' }, usedByIps: 0, bruteforceBlocklist: false, usedByFamilies: { v4: false, v6: false }, ownerIps: [], ownerIpCount: 0, mailboxIntruders: [], refusedSenders: null, loginServices: [] }],
    [{ user: 'info@example.jp', senderLogins: [['info@example.jp', 'info@example.jp']], moreLogins: 0, queue: { state: 'gone' }, usedByIps: 200, bruteforceBlocklist: true, usedByFamilies: { v4: true, v6: false }, ownerIps: [], ownerIpCount: 0, mailboxIntruders: [], refusedSenders: { rejects: 200, ips: 200 }, loginServices: ['postfix/submission/smtpd'] }]],
  'advice.mailboxBreach': [[null],
    [{ user: 'suzuki@example.jp', ownerIps: ['127.0.10.1', '127.0.10.2'], ownerIpCount: 2, manageSieve: false, intruders: 1, inBlocklist: 1 }],
    [{ user: 'a@example.jp', ownerIps: ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4', '192.0.2.5'], ownerIpCount: 7, manageSieve: true, intruders: 3, inBlocklist: 2 }],
    [{ user: 'a@example.jp', ownerIps: [], ownerIpCount: 0, manageSieve: false, intruders: 1, inBlocklist: 0 }]],
  'advice.saslBruteforce': [[null],
    [{ port25Users: [{ user: 'yamada@example.jp', messages: 1, ips: ['127.0.10.2'] }], morePort25Users: 0, noSubmissionTag: false, v4: true, v6: false, ...BF_COUNTS }],
    [{ port25Users: [{ user: 'a@example.jp', messages: 3, ips: ['192.0.2.1', '192.0.2.2'] }], morePort25Users: 4, noSubmissionTag: true, v4: false, v6: true, ...BF_COUNTS, staleClients: [STALE], moreStaleClients: 2 }],
    [{ port25Users: [], morePort25Users: 0, noSubmissionTag: false, v4: true, v6: true, ...BF_COUNTS }],
    // after-fix.log: submission and IMAP only; an IMAP-only attack; only a mail client with an old password.
    [{ port25Users: [], morePort25Users: 0, noSubmissionTag: false, v4: true, v6: false, ...BF_COUNTS, smtpFailures: 57, port25Failures: 0, mailboxFailures: 35 }],
    [{ port25Users: [], morePort25Users: 0, noSubmissionTag: false, v4: true, v6: false, ...BF_COUNTS, smtpFailures: 0, port25Failures: 0, mailboxFailures: 360 }],
    // Review Z, Z5: background guessing, through submission and IMAP (after-fix.log), and through port 25 (samples/rotated).
    [{ port25Users: [], morePort25Users: 0, noSubmissionTag: false, v4: true, v6: false, ...BF_COUNTS, smtpFailures: 57, port25Failures: 0, mailboxFailures: 35, background: { peakHour: 12, perIp: 10 } }],
    [{ port25Users: [], morePort25Users: 0, noSubmissionTag: false, v4: true, v6: false, ...BF_COUNTS, smtpFailures: 45, port25Failures: 23, mailboxFailures: 7, background: { peakHour: 1, perIp: 10 }, staleClients: [STALE], moreStaleClients: 0 }],
    // Review AO, AO4: bots over the per-IP threshold only by coming back slowly all day (mx-v2.log), one and 15.
    [{ port25Users: [], morePort25Users: 0, noSubmissionTag: false, v4: true, v6: false, ...BF_COUNTS, smtpFailures: 557, port25Failures: 0, mailboxFailures: 0, background: { peakHour: 30, perIp: 10, slow: { ips: 15, minutes: 30 } } }],
    [{ port25Users: [], morePort25Users: 0, noSubmissionTag: false, v4: true, v6: false, ...BF_COUNTS, smtpFailures: 57, port25Failures: 0, mailboxFailures: 35, background: { peakHour: 8, perIp: 10, slow: { ips: 1, minutes: 30 }, targeted: { name: 'info@example.jp', failures: 22, ips: 13, share: 24, ipList: ['106.125.64.253'] } } }],
    // Review AL, AL2: a real account tried by name, all its IPs listed; then more than the list shows.
    [{ port25Users: [], morePort25Users: 0, noSubmissionTag: false, v4: true, v6: false, ...BF_COUNTS, smtpFailures: 57, port25Failures: 0, mailboxFailures: 35, background: { peakHour: 8, perIp: 10, targeted: { name: 'info@example.jp', failures: 22, ips: 13, share: 24, ipList: ['106.125.64.253', '146.78.11.168'] } } }],
    [{ port25Users: [], morePort25Users: 0, noSubmissionTag: false, v4: true, v6: false, ...BF_COUNTS, smtpFailures: 10, port25Failures: 3, mailboxFailures: 0, background: { peakHour: 1, perIp: 10, targeted: { name: 'a@example.jp', failures: 1, ips: 1, share: 100, ipList: ['192.0.2.1'] } } }],
    [{ port25Users: [], morePort25Users: 0, noSubmissionTag: false, v4: false, v6: false, ...BF_COUNTS, blocked: 0, staleClients: [STALE, { ...STALE, ip: '192.0.2.9', names: [], loggedInAs: [], messages: 0, mailboxLogins: 0 }] }],
    // review 11, H4: a webmail on this server, five users mistyping; an office NAT, seven names of twelve users.
    [{ port25Users: [], morePort25Users: 0, noSubmissionTag: false, v4: false, v6: false, ...BF_COUNTS, blocked: 0, staleClients: [
      { ...STALE, ip: '127.0.0.1', names: ['w0@example.jp', 'w1@example.jp'], reason: 'this-host' as const, loggedInAs: [], messages: 0, mailboxLogins: 0 },
      { ...STALE, ip: '192.0.2.44', names: Array.from({ length: 7 }, (_, i) => `u${i}@example.jp`), reason: 'shared' as const }] }]],
  'advice.backscatter': [[null],
    [{ inbound: 'no', luserRelay: false, forgedBy: ['info@example.jp'], queue: { state: 'deleted', at: '2026-11-28 22:20' }, forwarded: 0 }],
    [{ inbound: 'first', luserRelay: true, forgedBy: ['info@example.jp'], queue: { state: 'cleanup' }, forwarded: 0 }],
    [{ inbound: 'after', luserRelay: true, forgedBy: ['info@example.jp'], queue: { state: 'gone' }, forwarded: 0 }],
    [{ inbound: 'no', luserRelay: false, forgedBy: [], queue: { state: 'gone' }, forwarded: 60 }],
    [{ inbound: 'first', luserRelay: false, forgedBy: [], queue: { state: 'gone' }, forwarded: 0 }],
    // Review Z, Z22: the server's IP known (IPv4, IPv6), with a cause and without one.
    [{ inbound: 'no', luserRelay: false, forgedBy: ['info@example.jp'], queue: { state: 'cleanup' }, forwarded: 0, serverIp: '203.0.113.25' }],
    [{ inbound: 'no', luserRelay: false, forgedBy: [], queue: { state: 'gone' }, forwarded: 0, serverIp: '2001:db8::25' }]],
  // Review Y, Y13: the block over (deferred-flood.log), back at the end of the log, never lifted.
  'advice.outboundPortBlocked': [[null], [{ resumed: true, after: 66, last: '2026-11-17 08:50', inForce: false, lastTimeout: '2026-11-17 08:50' }],
    // Review AI, AI4: what is left refused by its receiver: alone (no push), beside mail the block held, with the block back.
    [{ resumed: true, after: 66, last: '2026-11-17 08:50', inForce: false, lastTimeout: '2026-11-17 08:50', holders: [{ domain: 'nishi-kensetsu.co.jp', messages: 5, reason: 'connect to mail.nishi-kensetsu.co.jp[IP]:25: Connection refused', hold: 'refused' }] }],
    [{ resumed: true, after: 66, last: '2026-11-17 08:50', inForce: false, lastTimeout: '2026-11-17 08:50', holders: [{ domain: 'nishi-kensetsu.co.jp', messages: 5, reason: 'connect to mail.nishi-kensetsu.co.jp[IP]:25: Connection refused', hold: 'refused' }, { ...{ domain: 'nishi-kensetsu.co.jp', messages: 5, reason: 'connect to mail.nishi-kensetsu.co.jp[IP]:25: Connection refused', hold: 'refused' }, hold: 'route', domain: 'gmail.com' }] }],
    [{ resumed: true, after: 66, last: '2026-11-17 08:50', inForce: true, lastTimeout: '2026-11-18 03:10', holders: [{ domain: 'nishi-kensetsu.co.jp', messages: 5, reason: 'connect to mail.nishi-kensetsu.co.jp[IP]:25: Connection refused', hold: 'refused' }] }],
    [{ resumed: true, after: 66, last: '2026-11-17 08:50', inForce: true, lastTimeout: '2026-11-18 03:10' }],
    // Review AI's rest: a full mailbox left, alone and beside a refusal (no push); beside mail the block held (a note).
    [{ resumed: true, after: 66, last: '2026-11-17 08:50', inForce: false, lastTimeout: '2026-11-17 08:50', holders: [{ domain: 'gmail.com', messages: 1, reason: 'host [IP] said: 452-4.2.2 The email account that you tried to reach is over quota. Please direct 452-4.2.2 the recipient to 452 4.2.2 https://support.google.com/mail/?p=OverQuotaTemp ID - gsmtp (in reply to RCPT TO command)', hold: 'no-room' }] }],
    [{ resumed: true, after: 66, last: '2026-11-17 08:50', inForce: false, lastTimeout: '2026-11-17 08:50', holders: [{ domain: 'nishi-kensetsu.co.jp', messages: 5, reason: 'connect to mail.nishi-kensetsu.co.jp[IP]:25: Connection refused', hold: 'refused' }, { domain: 'gmail.com', messages: 1, reason: 'host [IP] said: 452-4.2.2 The email account that you tried to reach is over quota. Please direct 452-4.2.2 the recipient to 452 4.2.2 https://support.google.com/mail/?p=OverQuotaTemp ID - gsmtp (in reply to RCPT TO command)', hold: 'no-room' }] }],
    [{ resumed: true, after: 66, last: '2026-11-17 08:50', inForce: false, lastTimeout: '2026-11-17 08:50', holders: [{ domain: 'yahoo.co.jp', messages: 2, reason: 'connect to mx5.mail.yahoo.co.jp[IP]:25: Connection timed out', hold: 'route' }, { domain: 'nishi-kensetsu.co.jp', messages: 5, reason: 'connect to mail.nishi-kensetsu.co.jp[IP]:25: Connection refused', hold: 'refused' }, { domain: 'gmail.com', messages: 1, reason: 'host [IP] said: 452-4.2.2 The email account that you tried to reach is over quota. Please direct 452-4.2.2 the recipient to 452 4.2.2 https://support.google.com/mail/?p=OverQuotaTemp ID - gsmtp (in reply to RCPT TO command)', hold: 'no-room' }] }],
    [{ resumed: true, after: 66, last: '2026-11-17 08:50', inForce: true, lastTimeout: '2026-11-18 03:10', holders: [{ domain: 'yahoo.co.jp', messages: 2, reason: 'connect to mx5.mail.yahoo.co.jp[IP]:25: Connection timed out', hold: 'route' }, { domain: 'gmail.com', messages: 1, reason: 'host [IP] said: 452-4.2.2 The email account that you tried to reach is over quota. Please direct 452-4.2.2 the recipient to 452 4.2.2 https://support.google.com/mail/?p=OverQuotaTemp ID - gsmtp (in reply to RCPT TO command)', hold: 'no-room' }] }],
    [{ resumed: true, after: 66, last: '2026-11-17 08:50', inForce: true, lastTimeout: '' }],
    [{ resumed: false, after: 0, last: '2026-11-17 08:50', inForce: true, lastTimeout: '2026-11-17 08:50' }]],
  'advice.receiversRefusing': [[null],
    [{ cleanup: true, causes: ['compromised-account'], auth: 'forged', forwarded: null, rate: true, noPtr: false, listed: true }],
    [{ cleanup: false, causes: [], auth: 'forged', forwarded: null, rate: false, noPtr: false, listed: false }],
    [{ cleanup: false, causes: [], auth: { spfDomains: ['mail.example.jp'], named: true, subdomains: ['mail.example.jp'], mailDomain: 'example.jp', dkimDomains: ['example.jp'] }, forwarded: null, rate: false, noPtr: false, listed: false }],
    [{ cleanup: false, causes: [], auth: { spfDomains: ['example.jp'], named: false, subdomains: [], mailDomain: 'example.jp', dkimDomains: ['example.jp'] }, forwarded: null, rate: false, noPtr: true, listed: false }],
    [{ cleanup: false, causes: [], auth: null, forwarded: null, rate: true, noPtr: false, listed: false }],
    // Review AN, AN4: the messages named, a rate limit every refused recipient got past; AM2: the users' mail to send again.
    [{ cleanup: false, causes: [], auth: null, forwarded: null, rate: true, noPtr: false, listed: false, resolved: true, refusedMessages: ['5E7F1A2B3C4 from info@example.jp'] }],
    [{ cleanup: false, causes: [], auth: null, forwarded: null, rate: true, noPtr: false, listed: false, resolved: true, resolvedOwnMailbox: 13 }],
    [{ cleanup: false, causes: [], auth: null, forwarded: null, rate: true, noPtr: false, listed: true, refusedMessages: ['A1 from sato@example.jp'],
      resend: { messages: 2, recipients: 2, users: ['sato@example.jp', 'takahashi@example.jp'] } }],
    [{ cleanup: false, causes: ['compromised-account'], auth: null, forwarded: null, rate: true, noPtr: false, listed: true, resend: { messages: 1, recipients: 1, users: ['sato@example.jp'] } }],
    [{ cleanup: false, causes: [], auth: 'forwarded', forwarded: { refusals: 40, forwards: ['yamada@example.jp → yamada.home@gmail.com'], domain: 'example.jp' }, rate: false, noPtr: false, listed: false }],
    [{ cleanup: false, causes: ['open-relay', 'backscatter'], auth: 'forged', forwarded: { refusals: 1, forwards: ['a@example.jp → a@gmail.com'], domain: '' }, rate: true, noPtr: false, listed: false }],
    // Review AF: OpenDKIM signs the domain already: no new key.
    [{ cleanup: false, causes: [], auth: { spfDomains: ['example.jp'], named: true, subdomains: [], mailDomain: 'example.jp', dkimDomains: ['example.jp'] }, forwarded: null, rate: false, noPtr: false, listed: false, dkimInUse: ['mail._domainkey.example.jp'] }],
    // Review AF rest: OpenDKIM runs without logging its signatures; rspamd signs.
    [{ cleanup: false, causes: [], auth: { spfDomains: ['example.jp'], named: true, subdomains: [], mailDomain: 'example.jp', dkimDomains: ['example.jp'] }, forwarded: null, rate: false, noPtr: false, listed: false, dkimInUse: [], opendkimUnlogged: true }],
    [{ cleanup: false, causes: [], auth: { spfDomains: ['example.jp'], named: true, subdomains: [], mailDomain: 'example.jp', dkimDomains: ['example.jp'] }, forwarded: null, rate: false, noPtr: false, listed: false, dkimInUse: ['dkim._domainkey.example.jp'], dkimSigners: ['rspamd'] }]],
  // Review AF: mail of ours that left unsigned, by cause.
  'advice.unsignedMail': [[null],
    [{ domains: ['example.jp', 'shop.example.jp'], signingKeys: ['mail._domainkey.example.jp'], pickup: 14, submission: 0, tableAddresses: ['news@shop.example.jp'], domainList: [], external: 0, externalClients: [], keyErrors: 0, refused: 14 }],
    [{ domains: ['other.example'], signingKeys: [], pickup: 0, submission: 2, tableAddresses: ['a@other.example'], domainList: ['other.example'], external: 3, externalClients: ['web1.example.jp [192.0.2.10]'], keyErrors: 1, refused: 0, milterDown: 3 }],
    // Review AF rest: the likely case, rspamd's and amavis's unsigned mail and key errors, the milter-down window, no rspamd/amavis line.
    [{ domains: ['example.jp'], signingKeys: [], pickup: 6, submission: 0, tableAddresses: [], domainList: [], external: 0, externalClients: [], keyErrors: 0, refused: 6, likely: true, opendkimSmtpd: 3, otherSignersUnseen: true }],
    [{ domains: ['shop.example.jp'], signingKeys: ['dkim._domainkey.example.jp'], pickup: 0, submission: 0, tableAddresses: [], domainList: [], external: 0, externalClients: [], keyErrors: 0, refused: 0, rspamdUnsigned: 2, amavisUnsigned: 1, amavisDomains: ['shop.example.jp'], rspamdKeyErrors: 1, rspamdKeyFile: '/var/lib/rspamd/dkim/example.jp.dkim.key', milterDown: 4, sentWhileDown: 4, downAt: '2026-11-28 09:01 – 09:04' }]],
  'findings.unsignedMail': [
    [{ messages: 17, domains: ['example.jp', 'shop.example.jp'], pickup: 14, submission: 0, table: 3, tableAddresses: ['news@shop.example.jp'], domainList: 0, external: 0, keyError: 0, refused: 14, refusedBy: ['gmail.com'], namedRefusals: 14, first: 'a', last: 'b' }],
    [{ messages: 1, domains: ['a.example', 'b.example', 'c.example', 'd.example'], pickup: 0, submission: 1, table: 0, tableAddresses: [], domainList: 1, external: 1, keyError: 1, refused: 0, refusedBy: [], namedRefusals: 0, first: 'a', last: 'b' }],
    [{ messages: 6, domains: ['example.jp'], pickup: 6, submission: 0, table: 0, tableAddresses: [], domainList: 0, external: 0, keyError: 0, refused: 6, refusedBy: ['gmail.com'], namedRefusals: 6, first: 'a', last: 'b', likely: true }],
    [{ messages: 8, domains: ['example.jp'], pickup: 0, submission: 0, table: 0, tableAddresses: [], domainList: 0, external: 0, keyError: 0, refused: 0, refusedBy: [], namedRefusals: 0, first: 'a', last: 'b', rspamd: 2, amavis: 1, milterDown: 4, seen: 1 }]],
  'advice.dnsRecordNotes': [[{ spfDomains: ['mail.example.jp'], mechanism: 'ip4:203.0.113.25', dmarcDomains: ['example.jp'] }]],
  'warnings.mixedZones': [['+00:00, +09:00']],
  'warnings.zonesMoved': [[{ offsets: ['-04:00', '-05:00'], at: '-04:00', given: false, files: false, local: false }],
    [{ offsets: ['-05:00'], at: '-04:00', given: true, files: false, local: true }],
    [{ offsets: ['-04:00', '-05:00'], at: '-05:00', given: false, files: true, local: false }]],
  // Code review 17 K7b: a login's submissions refused at the end of DATA, in the users table.
  'report.refusedFrom': [[30, 30], [1, 1]],
  // Review AF rest: OpenDMARC's and policyd-spf's verdicts on incoming mail.
  'report.mailAuthenticationLine': [[{ check: 'dmarc', verdicts: 9, byResult: 'pass 5, fail 3, none 1', domains: 3 }], [{ check: 'spf', verdicts: 1, byResult: 'fail 1', domains: 1 }],
    [{ check: 'spf-opendmarc', verdicts: 2, byResult: 'pass 2', domains: 2 }]],
  // rspamd's actions on outgoing mail, and what its own log file settled of the maillog's messages.
  'report.rspamdOutgoingLine': [[{ messages: 16, users: 2, byAction: 'reject 4, greylist 4, no action 8' }], [{ messages: 1, users: 1, byAction: 'no action 1' }]],
  'report.rspamdFileJoined': [[{ signed: 8, unsigned: 4 }], [{ signed: 1, unsigned: 0 }]],
  'warnings.duplicates': [['maillog']],
  'warnings.sameContent': [[{ path: 'mail.info', as: 'mail.log', how: 'start' }], [{ path: 'mail.warn', as: 'mail.log', how: 'inside' }]],
  'warnings.inputsOverlap': [[{ a: 'mail.log.2.gz', b: 'mail.warn.2.gz', host: 'mail', from: '2026-11-28 22:15:32', to: '2026-11-28 22:17:56', drop: 'mail.warn.2.gz' }]],
  'warnings.streamsOutOfOrder': [[{ a: '/dev/fd/63', b: '/dev/fd/62', aFrom: '2026-11-28 08:49:30', bTo: '2026-11-28 08:49:30' }]],
  'warnings.setGap': [
    [{ before: 'maillog.3.gz', after: 'maillog.1', last: '2026-11-25 06:15:00', first: '2026-11-26 06:25:00', gap: '24.2 hours', missing: ['maillog.2.gz'] }],
    [{ before: 'a.log', after: 'b.log', last: '2026-11-25 06:15:00', first: '2026-11-26 06:25:00', gap: '24.2 hours', missing: [] }],
  ],
  'warnings.partialRead': [['maillog.2.gz: unexpected end of file']],
  'warnings.nulPadding': [
    [{ path: 'maillog', line: 4845, offset: 803035, bytes: 100000, blocks: 1, cut: true, after: '2026-11-26 14:03:11' }],
    [{ path: 'maillog', line: 12, offset: 1500, bytes: 1, blocks: 1, cut: false, after: null }],
    [{ path: 'maillog', line: 12, offset: 1500, bytes: 300300, blocks: 3, cut: false, after: '2026-11-26 14:03:11+09:00' }],
  ],
  'warnings.trailingBytes': [['maillog.2.gz', 7, 'gzip'], ['maillog.3.gz', 1, 'gzip'], ['maillog-20261128.xz', 4096, 'xz'], ['maillog.2.zst', 1, 'zstd']],
  'warnings.compressedReadFailed': [[{ path: 'maillog.2.xz', bytes: 1_048_576, code: 'EIO', why: 'input/output error (a failing disk or a lost device?)' }],
    [{ path: 'maillog.2.gz', bytes: 0, code: 'ESTALE', why: 'stale file handle (ESTALE)' }]],
  'warnings.compressedProblem': [[{ kind: 'too-long', path: 'maillog-20261128.xz', format: 'xz', bytes: 65_537 }],
    [{ kind: 'program', path: 'maillog.2.zst', format: 'zstd', reason: 'truncated', logBytes: 917_504, said: 'Read error (39) : premature end' }],
    [{ kind: 'program', path: 'maillog.2.bz2', format: 'bzip2', reason: 'corrupt', logBytes: 900_000, said: 'Data integrity error when decompressing.' }],
    [{ kind: 'program', path: '-', format: 'xz', reason: 'failed', logBytes: 0, said: '' }],
    [{ kind: 'gzip', path: 'maillog.2.gz', reason: 'truncated', compressedBytes: 122_905, checkFailed: false }],
    [{ kind: 'gzip', path: 'maillog.2.gz', reason: 'corrupt', compressedBytes: 204_860, checkFailed: true }]],
  'warnings.grewWhileRead': [[{ path: '/var/log/maillog', planned: 1_610_613_668, now: 1_610_640_001 }]],
  'warnings.since': [[{ since: '2026-11-28 09:28:17', lines: 9576 }], [{ since: '2026-11-28 09:28:17', lines: 1 }]],
  'warnings.noMailLines': [[{ path: 'cron.log', lines: 12, looksLike: '' }], [{ path: 'x', lines: 1, looksLike: '' }], [{ path: 'maillog', lines: 3, looksLike: 'sendmail' }]],
  'warnings.allBeforeSince': [[{ path: 'maillog.1', before: 9576 }], [{ path: 'x', before: 1 }]],
  'warnings.queueSnapshot': [[{ ids: 5, inLog: 3, stillQueued: 224 }], [{ ids: 0, inLog: 0, stillQueued: 224 }]],
  'warnings.mostlyUnparsed': [[{ path: 'maillog.xz', unparsed: 208, lines: 208, looksLike: '' }], [{ path: 'x', unparsed: 10, lines: 11, looksLike: 'utf16' }],
    [{ path: 'x.gz', unparsed: 10, lines: 11, looksLike: 'gzip-in-gzip' }]],
  'warnings.binaryData': [[{ path: 'random.bin', bytes: 100_000, lines: 384, mailLines: 0 }], [{ path: 'x.png', bytes: 1, lines: 1, mailLines: 1 }]],
  'warnings.noMailUnderstood': [[{ path: 'notes.txt', unparsed: 2, lines: 2, looksLike: '' }], [{ path: 'x', unparsed: 1, lines: 1, looksLike: 'cr' }], [{ path: 'mainlog', unparsed: 4, lines: 4, looksLike: 'exim' }]],
  'warnings.implausibleStamps': [[{ lines: 1, where: 'maillog:2', stamp: '1970-01-01T09:00:01+09:00', latestYear: 2027 }], [{ lines: 12, where: 'a b.log:9', stamp: '9999-12-31T23:59:59Z', latestYear: 2099 }]],
  'warnings.crLineEnds': [[{ path: 'maillog', lines: 1 }], [{ path: 'x y', lines: 3 }]],
  'warnings.emptyInput': [[{ path: 'maillog', stream: false }], [{ path: '-', stream: true }]],
  'warnings.bulkDeleteAmbiguous': [[{ deleted: 100, at: '2026-11-28 22:20:49', open: 290 }], [{ deleted: 1, at: '2026-11-28 22:20:49', open: 2 }]],
  'warnings.unconfirmedHops': [[{ recipients: 15, relays: '127.0.0.1[127.0.0.1]:11587' }], [{ recipients: 1, relays: '127.0.0.1[127.0.0.1]:2540' }]],
  'warnings.proxyBackendsNotRead': [[{ refused: 3, from: '2026-11-28 10:01:00', to: '2026-11-28 10:02:00', backends: ['192.0.2.30', '192.0.2.31'], byBackend: [] }],
    [{ refused: 1, from: '2026-11-28 10:01:00', to: '2026-11-28 10:01:00', backends: [], byBackend: [] }],
    [{ refused: 5, from: '2026-11-28 10:01:00', to: '2026-11-28 10:04:00', backends: ['192.0.2.30', '192.0.2.31'], byBackend: [{ backend: '192.0.2.30:143', ip: '192.0.2.30', refused: 3 }] }]],
  'warnings.redactedBlock': [[[]], [['blocklist-ips.txt']], [['blocklist-ips.txt', 'compromised-ips.txt']]],
  'warnings.redactedSentence': [[['compromised-ips.txt']], [['blocklist-ips.txt', 'compromised-ips.txt']]],
  'warnings.redactedLeftOut': [[{ lists: ['blocklist-ips.txt', 'compromised-ips.txt'], blocks: 3 }], [{ lists: ['dns-records.txt'], blocks: 0 }], [{ lists: [], blocks: 1 }]],
  'warnings.redactedPseudonyms': [[{ domains: false, fingerprint: 'd4f8096d' }], [{ domains: true, fingerprint: 'd4f8096d' }]],
  'warnings.redactedShortKey': [[{ chars: 8 }]],
  'warnings.clockJump': [[{ spanDays: 20000, jumpDays: 19999, from: '1970-01-01T00:00:00', to: '2026-11-28T10:00:00' }]],
  'warnings.clockSteps': [
    [{ steps: [{ host: 'mail', where: 'maillog:812', from: '2026-11-01 01:59:59', to: '01:00:00', seconds: 3599 }], total: 1, kept: 1 }],
    [{ steps: [{ host: '', where: 'dovecot.log:9', from: '2026-11-01 01:59:59', to: '01:50:00', seconds: 599 }], total: 1, kept: 1 }],
    [{
      steps: [
        { host: 'mail', where: 'maillog:812', from: '2026-11-01 01:59:59', to: '01:00:00', seconds: 3600 },
        { host: 'mx2', where: 'maillog:900', from: '2026-11-01 01:59:58', to: '01:00:01', seconds: 3597 },
      ],
      total: 5,
      kept: 5,
    }],
    [{ steps: [{ host: 'mail', where: 'maillog:812', from: '2026-11-01 01:59:59', to: '01:00:00', seconds: 3600 }], total: 40, kept: 10 }],
    [{ steps: [{ host: 'mail', where: 'jump.log:2', from: '2026-11-28 22:15:30', to: '1970-01-01 09:00:01', seconds: 1_795_871_729 }], total: 1, kept: 1 }],
  ],
  'warnings.futureStart': [[{ path: 'maillog', year: 2027, firstDay: '2027-11-25', modifiedDay: '2026-11-28', days: 362, likelyYear: 2026 }]],
  'warnings.yearGap': [[{ before: 'maillog.1', after: 'maillog', days: 1096 }]],
  'report.period': [[{ from: 'a', to: 'b', zone: 'UTC+09:00', duration: '3 hours', lines: '1,234', files: 1, hosts: 'mail', hostCount: 1 }]],
  'report.duration': [[0.03], [1], [7.54], [47.4], [75.03], [48]],
  'report.zone': [['local'], ['+09:00']],
  'report.summaryReceived': [[{ received: '1', delivered: '2', bounced: '3', expired: '4', bounceRate: '5.0%' }]],
  'report.summaryDeferred': [
    [{ deferred: '1', deferredMessages: '2', stillQueued: '3', deletedInBulk: 0, deletedAt: null, requeues: [], moreRequeues: 0 }],
    [{ deferred: '1', deferredMessages: '2', stillQueued: '0', deletedInBulk: 290, deletedAt: '2026-11-28 22:20:49', requeues: [], moreRequeues: 0 }],
    [{
      deferred: '1', deferredMessages: '2', stillQueued: '0', deletedInBulk: 290, deletedAt: '2026-11-28 22:20:49',
      requeues: [{ count: 5, at: '2026-11-29 01:27:05' }, { count: 1, at: '2026-11-29 01:41:00' }], moreRequeues: 2,
    }],
  ],
  // samples/after-fix.log (review AL, AL1); one of each, and both.
  'report.summaryAuthRefused': [
    [{ port25: 145, port25Ips: 28, other: 0, otherIps: 0 }],
    [{ port25: 0, port25Ips: 0, other: 1, otherIps: 1 }],
    [{ port25: 1, port25Ips: 1, other: 2, otherIps: 2 }],
  ],
  'report.summaryRejects': [
    [{ rejected: '1', authFailures: '2', aborted: 0, ips: 3, atLeast: true, mailbox: '4', mailboxIps: null }],
    // The corpus incident: every IP counted, aborted AUTH named.
    [{ rejected: '48', authFailures: '168', aborted: 4, ips: 37, atLeast: false, mailbox: '42', mailboxIps: 9 }],
    [{ rejected: '0', authFailures: '1', aborted: 0, ips: 1, atLeast: false, mailbox: '1', mailboxIps: 1 }],
    // A login proxy read without its backends' logs (review AD)
    [{ rejected: '0', authFailures: '0', aborted: 0, ips: 0, atLeast: false, mailbox: '0', mailboxIps: null, proxyRefused: 3 }],
  ],
  'report.severityTag': [['critical'], ['high'], ['medium'], ['low'], ['info']],
  'report.severityWord': [['critical'], ['info']],
  'report.subjectKind': [['saslUser'], ['ips'], ['queue'], ['receivers'], ['bounces'], ['port'], ['daemons']],
  'report.findingMeta': [[{ rule: '`x`', kind: 'k', value: '`v`', from: 'a', to: 'b' }]],
  'report.stillQueuedIntro': [['224', ['report.json', 'csv/stillQueued.csv']], ['224', []], ['3', null]],
  'report.authByUserScope': [[{ credentials: 99, all: 168, server: 29, malformed: 40 }], [{ credentials: 5, all: 6, server: 1, malformed: 0 }], [{ credentials: 5, all: 6, server: 0, malformed: 1 }]],
  'report.deletedInBulkIntro': [[{ count: '290', at: '2026-11-28 22:20:49', cut: ['report.json'] }], [{ count: '3', at: '2026-11-28 22:20:49', cut: null }]],
  'report.legitimateQueuedIntro': [[{ count: '4', cut: null }], [{ count: '1', cut: null }], [{ count: '120', cut: ['report.json'] }]],
  'report.legitimateDeletedIntro': [[{ count: '4', cut: null }], [{ count: '1', cut: null }], [{ count: '120', cut: [] }]],
  'report.moreRecipients': [[1], [12]],
  'report.refusedRecipient': [['kondo.office@outlook.jp']],
  'report.mailboxLoginsIntro': [[{ users: 6, shown: 6, cut: null }], [{ users: 120, shown: 50, cut: ['report.json', 'csv/mailboxLoginsByUser.csv'] }], [{ users: 2, shown: 1, cut: [] }]],
  'report.mailboxLoginIp': [[{ ip: '177.138.12.246', name: '', protocols: [], logins: 1 }], [{ ip: '198.51.100.40', name: 'office.example.jp', protocols: [{ protocol: 'POP3', logins: 1234 }], logins: 1234 }],
    [{ ip: '198.51.100.7', name: '', protocols: [{ protocol: 'POP3', logins: 50 }, { protocol: 'IMAP', logins: 1 }], logins: 51 }]],
  'report.mailboxProtocols': [[[{ protocol: 'IMAP', logins: 12 }]], [[{ protocol: 'POP3', logins: 1050 }, { protocol: 'IMAP', logins: 1 }]]],
  'report.mailboxLoginIps': [[['198.51.100.40 11×'], 0], [['198.51.100.40 11×', '177.138.12.246 1×'], 3]],
  'report.clientIpsListed': [[1234, 1000]],
  'report.lineTotals': [[{ total: '3', parsed: '1', ignored: '1', unparsed: '1' }]],
  'report.journalExports': [['mail.json'], ['mail.json, mail.export.gz']],
  'report.dockerJsonLogs': [['mailserver-json.log'], ['4f1c0e9a7b2d-json.log, 4f1c0e9a7b2d-json.log.1.gz']],
  'report.repeatsNotExpanded': [[{ lines: '2', events: '7' }]],
  'report.cutShort': [[{ lines: '4', unparsed: '9' }]],
  'report.duplicates': [['maillog']],
  'report.generatedBy': [['maillog-forensics', '0.1.0', 1]],
  'html.periodNote': [['UTC+09:00', '3']],
  'html.kpiMailboxBackends': [[3], [1]],
  'html.fromFiles': [[1], [2]],
  'html.severityCount': [['critical', 2]],
  'html.redacted': [[true, '<code>ab</code>'], [false, '<code>ab</code>']],
  'charts.zone': [['local']],
  'charts.perBin': [[60], [720], [1], [5]],
  'charts.timeAxis': [[60, 'UTC+09:00'], [720, 'local'], [1, 'local'], [5, 'UTC+09:00']],
  'charts.minuteBins': [[1, 10], [5, 130], [15, 720]],
  'report.activityPer': [[1], [5]],
  'charts.alt': [['T', 'D']],
  'charts.deliveries.y': [['per']],
  'charts.deliveries.yRejected': [['per']],
  'charts.events.takenOver': [['info@example.jp', '11-25 23:41']],
  'charts.events.deleted': [['11-28 22:20']],
  'charts.compromisedDelivered.y': [['per']],
  'charts.deferralsAuth.yDeferred': [['per']],
  'charts.deferralsAuth.yAuth': [['per']],
  'charts.users.note': [[304, 43], [1, 1]],
  'cli.summary': [[{ lines: 9687, mb: '1.9', secs: '1.12', received: 507, delivered: 921, deferred: 1600, bounced: 188, rejected: 20, authFailures: 251, stillQueued: 224, findings: 1, unparsed: 0 }], [{ lines: 12588, mb: '3.1', secs: '0.46', received: 346, delivered: 676, deferred: 5920, bounced: 651, rejected: 48, authFailures: 168, stillQueued: 0, findings: 8, unparsed: 0, deletedInBulk: 290 }], [{ lines: 2, mb: '0.0', secs: '0.10', received: 0, delivered: 0, deferred: 0, bounced: 0, rejected: 0, authFailures: 0, stillQueued: 0, findings: 0, unparsed: 2, warnings: 1 }]],
  'cli.replacedRun': [[{ dir: 'reports/latest', from: '2026-11-25 06:26:21', to: '2026-11-28 09:28:17', files: ['maillog', 'maillog.1'] }]],
  'cli.keptOwnReadme': [[{ dir: 'tickets/1234', name: 'README.maillog-forensics.txt' }], [{ dir: 'tickets/1234', name: null }]],
  // Review Z, Z1/Z2/Z7: the verdict, the short titles, the first steps and the end of a run.
  'overview.clean': [[{ hours: '21', from: '2026-11-10 01:43', to: '2026-11-10 23:06' }]],
  'overview.cleanDetails': [[{ received: 226, delivered: 327, authFailures: 1 }], [{ received: 1, delivered: 0, authFailures: 0 }], [{ received: 0, delivered: 0, authFailures: 0, proxyRefused: 1 }]],
  'overview.notes': [[{ hours: '42', notes: 1 }], [{ hours: '0.5', notes: 3 }]],
  'overview.accountTaken': [[{ user: 'info@example.jp', at: '2026-11-25 23:41', critical: true }], [{ user: 'info@example.jp', at: '2026-11-25 23:41', critical: false }]],
  'overview.accountDetails': [[{ ips: 42, messages: 300, queued: 219 }], [{ ips: 1, messages: 1, queued: 1 }], [{ ips: 3, messages: 7, queued: null }]],
  'overview.moreAccounts': [[['sato@example.jp']], [['sato@example.jp', 'ito@example.jp']]],
  'overview.mailboxBreach': [[{ user: 'suzuki@example.jp', at: '2026-11-25 23:41' }]],
  'overview.worst': [['メール 267 通で配送の遅延 1,600 回']],
  'overview.queuedSpam': [[220], [1]],
  'overview.lostMail': [[{ deleted: 290, legitimate: 4 }]],
  'overview.refusing': [[['Microsoft', 'Yahoo', 'Gmail']], [['Gmail']]],
  'overview.short.account': [[{ user: 'info@example.jp', at: '2026-11-25 23:41', critical: true }], [{ user: 'info@example.jp', at: '2026-11-25 23:41', critical: false }]],
  'overview.short.mailboxBreach': [[{ user: 'suzuki@example.jp', at: '2026-11-25 23:41' }]],
  'overview.short.bruteforce': [[{ failed: 289, ips: 61, loggedIn: '41.213.169.4' }], [{ failed: 1, ips: 1, loggedIn: '' }],
    [{ failed: 92, ips: 41, loggedIn: '', targeted: { name: 'info@example.jp', failures: 22 } }]],
  'overview.short.staleClients': [[{ failed: 1, ips: 1 }], [{ failed: 71, ips: 3 }]],
  'overview.short.queueCleanup': [[220], [1]],
  'overview.short.queueDeleted': [[{ deleted: 290, legitimate: 4 }]],
  'overview.short.refusing': [[['Microsoft', 'Yahoo', 'Gmail']], [['Gmail']]],
  'overview.short.unsignedMail': [[{ messages: 17, domains: ['example.jp', 'shop.example.jp'] }], [{ messages: 1, domains: ['a.example', 'b.example', 'c.example'] }], [{ messages: 6, domains: ['example.jp'], likely: true }]],
  'overview.short.portBlocked': [[{ timeouts: 992, sent: 1 }], [{ timeouts: 1, sent: 0 }], [{ timeouts: 40, sent: 12 }]],
  'overview.short.backscatter': [[{ messages: 139, remote: 105, undeliverable: 26 }], [{ messages: 1, remote: 1, undeliverable: 1 }]],
  'overview.stepAccount': [[['info@example.jp']], [['info@example.jp', 'suzuki@example.jp']]],
  // Review AO, AO3: the relay step naming its clients.
  'overview.stepRelayFor': [[{ ips: '198.51.100.80', count: 1, restricted: true, ownHosts: [] }],
    [{ ips: '198.51.100.80', count: 1, restricted: false, ownHosts: ['app1.example.org (198.51.100.80)'] }],
    [{ ips: '198.51.100.80, 203.0.113.5', count: 2, restricted: true, ownHosts: ['app1.example.org (198.51.100.80)', 'app2.example.org (198.51.100.81)'] }]],
  'overview.stepQueue': [[220], [1]],
  'overview.stepLostMail': [[{ legitimate: 4, senders: 'takahashi@example.jp, sato@example.jp', notDelivered: 5, recipients: 9 }], [{ legitimate: 1, senders: 'sato@example.jp', notDelivered: 1, recipients: 1 }],
    [{ legitimate: 4, senders: 'takahashi@example.jp, sato@example.jp', notDelivered: 6, recipients: 9, refused: 1, bounced: 0 }],
    [{ legitimate: 2, senders: 'sato@example.jp', notDelivered: 2, recipients: 4, refused: 2, bounced: 1 }],
    [{ legitimate: 1, senders: 'sato@example.jp', notDelivered: 1, recipients: 2, refused: 0, bounced: 1 }]],
  'overview.stepBlock': [[{ guessers: 61, intruders: 43 }], [{ guessers: 1, intruders: null }], [{ guessers: null, intruders: 1 }]],
  'overview.stepHarden': [[{ after: true, fire: true }], [{ after: true, fire: false }], [{ after: false, fire: false }]],
  'overview.findingRef': [[[1]], [[1, 2, 4]]],
  'overview.paren': [['検出事項 1']],
  'overview.uses': [[['queue-delete.txt']], [['blocklist-ips.txt', 'compromised-ips.txt']]],
  'overview.cliCounts': [[{ total: 7, bySeverity: [['critical', 2], ['high', 3], ['medium', 1], ['low', 1]] }], [{ total: 0, bySeverity: [] }]],
  'overview.cliMore': [[1], [4]],
  'overview.cliWarning': [['maillog: 空のファイルです']],
  'overview.cliOpen': [['reports/acme/report.html']],
  'cli.skippedOwnOutputs': [[{ dir: '.', files: ['report.json'] }], [{ dir: 'out', files: ['blocklist-ips.txt', 'compromised-ips.txt', 'queue-delete.txt', 'report.json', 'report.md', 'charts', 'csv'] }]],
  'cli.removedStale': [[{ dir: 'reports/acme', files: ['queue-delete.txt'] }], [{ dir: 'out', files: ['compromised-ips.txt', 'queue-delete.txt', 'report.json', 'charts/queue-size.svg', 'csv/hourly.csv', 'csv/inputs.csv', 'csv/hosts.csv'] }]],
};

/** Functions whose Japanese output may rightly have no Japanese characters (numbers, lists, names, codes). */
const NOT_NECESSARILY_JAPANESE = new Set(['num', 'someOf', 'findings.provider', 'findings.backscatterSubject', 'report.subjectKind', 'charts.alt',
  'report.findingMeta', 'findings.serverTrouble', 'report.severityWord', 'report.severityTag', 'report.zone', 'report.mailboxLoginIps',
  'report.mailboxProtocols', 'html.periodNote']);

function walk(v: unknown, path: string, visit: (path: string, v: unknown) => void): void {
  visit(path, v);
  if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path === '' ? k : `${path}.${k}`, visit);
}

test('the catalogs have the same keys, tables of the same widths, and no empty string', () => {
  const shape = (m: Messages): string[] => {
    const out: string[] = [];
    walk(m, '', (p, v) => {
      if (p === '') return;
      if (typeof v === 'string') assert.notEqual(v.trim() === '' && !p.endsWith('css'), true, `${m.lang}: ${p} is empty`);
      out.push(`${p}:${Array.isArray(v) ? `array(${v.length})` : typeof v}`);
    });
    return out.sort();
  };
  assert.deepEqual(shape(ja), shape(en));
  for (const rule of RULES) {
    for (const m of [en, ja]) {
      const t = (m.rules as Record<string, { title: string; why: string; fix: string } | undefined>)[rule.id];
      assert.ok(t, `${m.lang} has no words for rule ${rule.id}`);
    }
  }
});

test('every sentence function gives a non-empty text in both languages (Japanese in ja, no English sentence left)', () => {
  for (const m of [en, ja]) {
    walk(m, '', (p, v) => {
      if (typeof v !== 'function') return;
      const samples = SAMPLES[p];
      assert.ok(samples, `no sample arguments for ${p}: add some to SAMPLES`);
      for (const args of samples) {
        const value: unknown = (v as (...a: unknown[]) => unknown)(...args);
        // dnsRecordNotes gives the lines of a file.
        const text: unknown = Array.isArray(value) ? value.join('\n') : value;
        assert.equal(typeof text, 'string', `${m.lang} ${p}`);
        assert.ok((text as string).trim() !== '', `${m.lang} ${p}(${JSON.stringify(args)}) is empty`);
        if (m === ja && !NOT_NECESSARILY_JAPANESE.has(p)) {
          assert.match(text as string, JAPANESE, `ja ${p}: ${text as string}`);
          // Log text given as an argument (troubleDisk/troubleCrash quote it) is not ours; nor are the commands and
          // configuration of the advice (fenced blocks and code spans).
          const prose = p.startsWith('advice.') ? inline((text as string).replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '')) : text as string;
          const ours = prose.replace(/「[^」]*」/g, '').replace(/https?:\/\/\S+/g, '');
          assert.deepEqual([...ours.matchAll(ENGLISH_RUN)].map((x) => x[0]), [], `ja ${p}: ${text as string}`);
        }
      }
    });
  }
  assert.equal(ja.num(1234567), (1234567).toLocaleString('ja-JP'));
  assert.equal(ja.someOf(['a', 'b', 'c', 'd', 'e'], 3), 'a, b, c ほか 2 件');
  // Japanese sentences keep addresses and IPs apart from the words around them (readability, and --redact finds them).
  assert.match(ja.findings.compromisedAccount(SAMPLES['findings.compromisedAccount']![0]![0] as never),
    /^SASL アカウント info@example\.jp は 2026-11-25 23:41 頃にパスワードを推測されました（41\.213\.169\.4 からログイン成功）。/);
  assert.equal(ja.findings.refusalClass({ provider: 'Gmail', kind: 'unauthenticated', code: '550-5.7.26', deferred: 0, bounced: 31, suspended: 0 }),
    'Gmail の SPF/DKIM/DMARC 認証なし（550-5.7.26）: バウンス 31 件');
});

test('English sentences say 1 in the singular (the plural slips of the old inline titles are fixed)', () => {
  const f = en.findings;
  assert.equal(f.queueCleanup({ abusive: 4, queued: 5, fromUsers: 4, users: ['info@example.jp'], relayed: 0, relayers: [], backscatter: 1, legitimate: 1 }),
    '4 of the 5 messages still queued are abuse (4 from info@example.jp, 1 bounce to forged senders); 1 legitimate message stays');
  // Relayed spam only (review 16: a phishing form through sendmail), and both.
  assert.equal(f.queueCleanup({ abusive: 72, queued: 80, fromUsers: 0, users: [], relayed: 72, relayers: ['web1 uid=33'], backscatter: 0, legitimate: 8 }),
    '72 of the 80 messages still queued are abuse (72 relayed without login for web1 uid=33); 8 legitimate messages stay');
  assert.equal(f.queueCleanup({ abusive: 6, queued: 6, fromUsers: 4, users: ['info@example.jp'], relayed: 2, relayers: ['127.0.0.1'], backscatter: 0, legitimate: 0 }),
    '6 of the 6 messages still queued are abuse (4 from info@example.jp, 2 relayed without login for 127.0.0.1, 0 bounces to forged senders); 0 legitimate messages stay');
  assert.equal(ja.findings.queueCleanup({ abusive: 72, queued: 80, fromUsers: 0, users: [], relayed: 72, relayers: ['web1 uid=33'], backscatter: 0, legitimate: 8 }),
    'キューに残っている 80 通のうち 72 通は不正送信です（web1 uid=33 のためにログインなしで中継したもの 72 通）。正規のメール 8 通は残します');
  // One fixed sender of a form (review Q, Q5): "1 sender address", not "1 different sender addresses".
  assert.match(f.localProgramSpam(SAMPLES['findings.localProgramSpam']!.at(-1)![0] as never), /\(mufg\.jp\), from 1 sender address to 800 different recipient addresses:/);
  assert.match(en.advice.localProgramSpam(SAMPLES['advice.localProgramSpam']!.at(-2)![0] as never), /from 1 sender address of that domain: /);
  assert.equal(f.troubleDisk(1, 'x'), '1 disk or queue-file error (x)');
  assert.equal(f.troubleDns(10, 1), '10 deliveries deferred because DNS lookups failed (1 kind of answer)');
  // Plurals and every other English title are as before (detect-rules and the goldens check the rest).
  assert.equal(f.bruteforceSingle({ ips: 1, failures: 12 }), 'Password guessing from 1 IP: 12 failed logins');
  assert.equal(f.queueIds(220), '220 queue IDs');
  const r = en.report;
  assert.equal(r.summaryRejects({ rejected: '0', authFailures: '3', aborted: 0, ips: 1, atLeast: false, mailbox: '1', mailboxIps: 1 }),
    '- **0** SMTP rejects; **3** SMTP AUTH failures from 1 IP; **1** IMAP/POP3 login failure from 1 IP.');
  assert.equal(r.summaryRejects({ rejected: '0', authFailures: '3', aborted: 1, ips: 1, atLeast: true, mailbox: '0', mailboxIps: null }),
    '- **0** SMTP rejects; **3** SMTP AUTH failures and 1 aborted from 1+ IPs; **0** IMAP/POP3 login failures.');
  assert.match(r.legitimateDeletedIntro({ count: '1', cut: null }), /^\*\*1\*\* message deleted was your users' legitimate mail, .* never got it: tell the sender,/);
  assert.match(r.legitimateQueuedIntro({ count: '1', cut: null }), /^\*\*1\*\* message still queued is .* leaves it out\)\. These recipients are still waiting for it:$/);
});

test('Japanese says このドメイン / そのドメイン of one domain and これらの / それらの of more, as English says it / them (review T, F6)', () => {
  const advice = SAMPLES['advice.localProgramSpam']!;
  const one = ja.advice.localProgramSpam(advice.at(-2)![0] as never);
  const three = ja.advice.localProgramSpam(advice.at(-1)![0] as never);
  // The spread sentence: the sender addresses of the one forged domain, or of those domains.
  assert.match(one, /送信者はそのドメインの 1 種類のアドレスです。/);
  assert.match(three, /送信者はそれらのドメインの 150 種類のアドレスです。/);
  // The brand note: the hosted sites send as this domain, or as these domains; and no redirect's resent mail.
  assert.match(one, /ここでホストしているサイトがこのドメインを送信者として送ることはありません。外部から届いたメールを Sieve の redirect や `\.forward` が元の送信者のまま転送したものでもありません。このドメインを送信者として外部から届いたメールは/);
  assert.match(three, /ここでホストしているサイトがこれらのドメインを送信者として送ることはありません。.*これらのドメインを送信者として外部から届いたメールは/);
  assert.doesNotMatch(three, /このドメイン|そのドメイン/);
  assert.match(en.advice.localProgramSpam(advice.at(-1)![0] as never), /no site hosted here sends as them\. Nor is it mail from outside passed on by a Sieve redirect or `\.forward`, which keeps the original sender: far fewer messages as them came in here, or none, or from other addresses\./);
  // A burst's stranger domains, one or two (two hosts' bursts in one finding).
  const stranger = (domains: string[]): string => ja.advice.ownNetworkSpam({ ips: ['127.0.0.1'], forgedDomains: domains, strangerDomains: domains, messages: 400,
    domains: 206, minutes: 39, notDelivered: null, spamRefused: null, burstFrom: null } as never);
  assert.match(stranger(['shop-x.example']), /このドメインでログインする利用者はおらず、このドメイン宛てのメールも.*自社のホストがこのドメインを送信者として/);
  assert.match(stranger(['shop-x.example', 'shop-y.example']), /これらのドメインでログインする利用者はおらず、これらのドメイン宛てのメールも.*自社のホストがこれらのドメインを送信者として/);
});

const blocks = (fix: string): string[] => [...fix.matchAll(/^```[^\n]*\n([\s\S]*?)^```$/gm)]
  .map((x) => x[1]!.split('\n').filter((l) => !/^\s*#(?!\S*\])/.test(l)).map((l) => l.replace(/\s+#\s.*$/, '').trimEnd()).join('\n'));

test('the advice keeps its configuration and commands in Japanese, for every branch; dns-records.txt notes stay comments', () => {
  for (const [path, samples] of Object.entries(SAMPLES)) {
    if (!path.startsWith('advice.') || path === 'advice.dnsRecordNotes') continue;
    const name = path.slice('advice.'.length) as keyof typeof en.advice;
    for (const [arg] of samples) {
      const e = (en.advice[name] as (p: unknown) => string)(arg);
      const j = (ja.advice[name] as (p: unknown) => string)(arg);
      assert.deepEqual(blocks(j), blocks(e), `${path}(${JSON.stringify(arg)})`);
      assert.equal((j.match(/^```/gm) ?? []).length % 2, 0, `${path}: fences pair up`);
    }
  }
  for (const m of [en, ja]) {
    const notes = m.advice.dnsRecordNotes({ spfDomains: ['mail.example.jp'], mechanism: 'ip4:203.0.113.25', dmarcDomains: ['example.jp'] });
    // The list file is written sorted: "; 1." … keep the notes first and in order, and a zone file reads them as comments.
    assert.deepEqual([...notes].sort(), notes, m.lang);
    for (const n of notes) assert.match(n, /^; \d\. /, m.lang);
    assert.ok(notes.join(' ').includes('dig +short txt mail.example.jp') && notes.join(' ').includes('ip4:203.0.113.25'), m.lang);
    assert.ok(notes.join(' ').includes('postmap -q dmarc-reports@example.jp hash:/etc/postfix/virtual'), m.lang);
  }
});

test('rules keep their configuration and commands in Japanese: only comments in the code blocks change', () => {
  for (const rule of RULES) {
    const e = en.rules[rule.id as keyof typeof en.rules];
    const j = ja.rules[rule.id as keyof typeof ja.rules];
    assert.deepEqual(blocks(j.fix), blocks(e.fix), rule.id);
    assert.equal(e.why, rule.why, 'English words come from the rule itself');
    // The Japanese prose (code removed) has no English sentence.
    const text = inline(`${j.title}\n${j.why}\n${j.fix.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '')}`);
    assert.deepEqual([...text.matchAll(ENGLISH_RUN)].map((x) => x[0]), [], rule.id);
  }
});

// ---------------------------------------------------------------------------------------------------------
// The default language follows the locale
// ---------------------------------------------------------------------------------------------------------

test('localeLang: LC_ALL, then LC_MESSAGES, then LANG; ja* is Japanese, anything else English', () => {
  assert.equal(localeLang({ LANG: 'ja_JP.UTF-8' }), 'ja');
  assert.equal(localeLang({ LANG: 'ja' }), 'ja');
  assert.equal(localeLang({ LANG: 'ja_JP.eucJP' }), 'ja');
  assert.equal(localeLang({ LANG: 'C' }), 'en');
  assert.equal(localeLang({ LANG: 'C.UTF-8' }), 'en');
  assert.equal(localeLang({ LANG: 'en_US.UTF-8' }), 'en');
  assert.equal(localeLang({ LANG: 'jam_JM' }), 'en');
  assert.equal(localeLang({}), 'en');
  assert.equal(localeLang({ LC_ALL: 'C', LANG: 'ja_JP.UTF-8' }), 'en');
  assert.equal(localeLang({ LC_ALL: '', LC_MESSAGES: 'ja_JP.UTF-8', LANG: 'C' }), 'ja');
  assert.equal(localeLang({ LC_MESSAGES: 'C', LANG: 'ja_JP.UTF-8' }), 'en');
  assert.equal(messagesFor('ja'), ja);
  assert.equal(messagesFor(undefined), en);
  assert.equal(messagesFor('fr'), en);
});

test('the CLI: LANG=ja_JP.UTF-8 writes a Japanese report, LANG=C an English one; --lang wins over the locale', () => {
  const jaRunEnv = cli([SMALL, '-f', 'json,md'], { LANG: 'ja_JP.UTF-8' });
  assert.equal(json(jaRunEnv.out).lang, 'ja');
  assert.match(readFileSync(join(jaRunEnv.out, 'report.md'), 'utf8'), /^# メールログ調査レポート\n\n期間: /);
  assert.match(jaRunEnv.stderr, /行（[\d.]+ MB）を [\d.]+ 秒で解析: 受信 /);

  const c = cli([SMALL, '-f', 'json,md'], { LANG: 'C' });
  assert.equal(json(c.out).lang, undefined);
  assert.match(readFileSync(join(c.out, 'report.md'), 'utf8'), /^# Mail log forensics report\n\nPeriod: /);
  assert.match(c.stderr, /lines \([\d.]+ MB\) in [\d.]+ s: \d+ received/);

  const forced = cli([SMALL, '-f', 'json', '--lang', 'en'], { LANG: 'ja_JP.UTF-8' });
  assert.equal(json(forced.out).lang, undefined);
  const titled = cli([SMALL, '-f', 'md', '--title', 'Acme 2026-11'], { LC_ALL: 'ja_JP.UTF-8' });
  assert.match(readFileSync(join(titled.out, 'report.md'), 'utf8'), /^# Acme 2026-11\n\n期間: /);
});

test('the run summary on stderr writes every count with separators, in both languages', () => {
  const run = {
    lines: 7_833_223, mb: '1611.0', secs: '7.96', received: 11_642, delivered: 21_629, deferred: 3_730_955, bounced: 7_547,
    rejected: 994, authFailures: 838_937, stillQueued: 6_390, findings: 8, unparsed: 1,
  };
  assert.equal(en.cli.summary(run), '7,833,223 lines (1611.0 MB) in 7.96 s: 11,642 received, 21,629 delivered, '
    + '3,730,955 deferred attempts, 7,547 bounced, 994 rejected, 838,937 AUTH failures, 6,390 still queued; '
    + '8 findings; 1 unparsed line.\n');
  assert.match(ja.cli.summary(run), /^7,833,223 行（1611\.0 MB）を 7\.96 秒で解析: 受信 11,642、配送完了 21,629、配送の遅延 3,730,955 回、/);
});

test('the CLI refuses an unknown --lang (exit 2)', () => {
  const r = spawnSync(process.execPath, [CLI, 'analyze', SMALL, '--lang', 'fr', '--out', mkdtempSync(join(tmpdir(), 'mf-i18n-'))], { encoding: 'utf8' });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /lang/);
});

test('a report.json renders in its own language; the English rendering is the default one', async () => {
  const r = await report([SMALL], { year: 2026, lang: 'ja' });
  assert.match(renderMarkdown(r), /^# メールログ調査レポート\n/);
  assert.match(renderMarkdown(r, undefined, [], en), /^# Mail log forensics report\n/);
  const e = await report([SMALL], { year: 2026 });
  assert.equal(renderMarkdown(e), renderMarkdown(e, 'Mail log forensics report', [], en));
});

test('the run summary names a bulk queue deletion, in both languages, and only when there was one', () => {
  const p = { lines: 12588, mb: '3.1', secs: '0.46', received: 346, delivered: 676, deferred: 5920, bounced: 651, rejected: 48, authFailures: 168, stillQueued: 0, findings: 8, unparsed: 0 };
  assert.match(en.cli.summary({ ...p, deletedInBulk: 290 }), /, 0 still queued \(290 deleted with postsuper -d ALL\); 8 findings;/);
  assert.match(ja.cli.summary({ ...p, deletedInBulk: 290 }), /キューに残留 0（postsuper -d ALL で削除 290）。/);
  assert.doesNotMatch(en.cli.summary(p), /postsuper/);
  assert.doesNotMatch(ja.cli.summary({ ...p, deletedInBulk: 0 }), /postsuper/);
});

test('the period\'s length in words (review Z, Z24: "0.03 hours", "75.03 hours")', () => {
  const en = messagesFor('en').report;
  const ja = messagesFor('ja').report;
  assert.deepEqual([0.001, 0.03, 0.99, 1, 7.54, 47.4, 48, 75.03, 71.6].map((h) => en.duration(h)),
    ['1 min', '2 min', '59 min', '1 hour', '7.5 hours', '47.4 hours', '2 days', '3 days 3 hours', '3 days']);
  assert.deepEqual([0.03, 7.54, 75.03].map((h) => ja.duration(h)), ['2 分', '7.5 時間', '3 日 3 時間']);
});
