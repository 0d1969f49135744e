// Review AI: the reports of the bundled samples read by a reviewer (AI1 …). Each test holds one corrected behaviour
// and fails on the code before it; the known answers come from samples/*.log (and their .truth.json).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { messagesFor } from '../src/i18n/index.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { evidenceRows, shownEvidenceKeys } from '../src/render/evidence.js';
import { renderJson } from '../src/render/index.js';
import type { Report } from '../src/report/model.js';
import { CORPUS, ROOT, readJson, report } from './helpers.js';

const SAMPLES = join(ROOT, 'samples');
const CORPUS_INCIDENT = join(CORPUS, 'incident', 'maillog');
const noCorpus = !existsSync(CORPUS_INCIDENT) ? 'corpus not found' : false;

const reports = new Map<string, Promise<Report>>();
/** The report of a sample in `lang`, made once per run of this file. */
function sampleReport(name: string, lang: 'en' | 'ja' = 'en'): Promise<Report> {
  const key = `${name} ${lang}`;
  let r = reports.get(key);
  if (r === undefined) reports.set(key, r = report([join(SAMPLES, name)], { year: 2026, lang }));
  return r;
}

/** The finding of `rule` in `r` (there must be one). */
function findingOf(r: Report, rule: string): Report['findings'][number] {
  const f = r.findings.find((x) => x.rule === rule);
  assert.ok(f, `no ${rule} finding`);
  return f;
}

test('AI1: deferred-flood.log, whose only outbound connect failures are timeouts, has no "Other connection failures" row', async () => {
  for (const lang of ['en', 'ja'] as const) {
    const r = await sampleReport('deferred-flood.log', lang);
    const f = findingOf(r, 'outbound-port-blocked');
    assert.equal(f.evidence.otherConnectFailures, undefined, JSON.stringify(f.evidence));
    const md = renderMarkdown(r);
    assert.doesNotMatch(md, lang === 'en' ? /Other connection failures/ : /その他の接続の失敗/);
    // The rest of the table is there.
    assert.match(md, lang === 'en' ? /\| Connections to port 25 that timed out \| 992 \|/ : /\| タイムアウトしたポート 25 への接続 \| 992 件 \|/);
  }
});

test('AI1: an older report\'s empty "Other connection failures" is not shown, alone or in compare\'s before/after table', () => {
  const old = { timeoutsDuringBlock: 992, otherConnectFailures: '' };
  const rows = evidenceRows('outbound-port-blocked', old, messagesFor('en'));
  assert.deepEqual(rows.map(([k]) => k), ['Connections to port 25 that timed out']);
  const now = { timeoutsDuringBlock: 10 };
  assert.deepEqual(shownEvidenceKeys('outbound-port-blocked', ['timeoutsDuringBlock', 'otherConnectFailures'], [old, now]), ['timeoutsDuringBlock']);
  // With failures to list, on either side, the row is shown.
  const listed = { otherConnectFailures: '4× Connection refused' };
  assert.deepEqual(shownEvidenceKeys('outbound-port-blocked', ['otherConnectFailures'], [old, listed]), ['otherConnectFailures']);
  assert.equal(evidenceRows('outbound-port-blocked', listed, messagesFor('ja'))[0]![0], 'その他の接続の失敗');
});

test('AI2: the busiest hour of failed logins counts the aborted AUTH attempts, on 1 job and across workers alike', { skip: noCorpus }, async () => {
  // The corpus incident's whole attack is within 22:00-22:59: its busiest hour holds every unsuccessful SMTP AUTH
  // (failed, undecodable, 454 and the 4 "SASL LOGIN authentication aborted" lines) and every IMAP/POP3 login refused.
  const truth = readJson<{ auth: { smtp_sasl_unsuccessful_total: number; smtp_sasl_aborted_501_total: number; mailbox_login_failed_by_ip: Record<string, number> } }>(
    join(CORPUS, 'incident', 'ground_truth.json')).auth;
  const expected = truth.smtp_sasl_unsuccessful_total + Object.values(truth.mailbox_login_failed_by_ip).reduce((a, b) => a + b, 0);
  assert.equal(truth.smtp_sasl_aborted_501_total, 4);
  assert.equal(expected, 214);
  const one = await report([CORPUS_INCIDENT], { year: 2026, top: 50 });
  const f = findingOf(one, 'sasl-bruteforce');
  assert.equal(f.evidence.peakHourFailedLoginsInLog, expected, JSON.stringify(f.evidence));
  assert.equal(f.evidence.failedLoginsInLog, expected);
  // The per-hour counts of aborted attempts merge across byte ranges (the 4 lines fall in different ranges of 50 KB).
  const json = renderJson(one);
  for (const [jobs, rangeBytes] of [[2, undefined], [2, 50_000], [3, 333_333]] as const) {
    assert.equal(renderJson(await report([CORPUS_INCIDENT], { year: 2026, top: 50, jobs, ...(rangeBytes !== undefined ? { rangeBytes } : {}) })), json,
      `jobs ${jobs}, ranges of ${rangeBytes ?? 'default'} bytes`);
  }
});

test('AI3: the backscatter bounce whose last try was a deferral is "deferred at its last try in the log", not "still deferred" (en, ja)', async () => {
  const en = await sampleReport('incident.log', 'en');
  const f = findingOf(en, 'backscatter');
  assert.equal(f.evidence.bouncesStillDeferred, 1);
  assert.match(f.title, /\(25 bounced, 1 deferred at its last try in the log\)/, f.title);
  assert.doesNotMatch(f.title, /still deferred/);
  const md = renderMarkdown(en);
  assert.match(md, /\| Of those, deferred at their last try in the log \| 1 \|/);
  assert.doesNotMatch(md, /Of those, still deferred/);
  const ja = await sampleReport('incident.log', 'ja');
  const fj = findingOf(ja, 'backscatter');
  assert.match(fj.title, /（バウンス 25 通、ログ上の最後の試行で遅延 1 通）/, fj.title);
  assert.doesNotMatch(fj.title, /遅延中/);
  assert.match(renderMarkdown(ja), /\| そのうちログ上の最後の試行で遅延したもの \| 1 通 \|/);
});

test('AI8: the backscatter title is one sentence with its three figures, and its short form keeps them (en, ja)', async () => {
  const en = await sampleReport('incident.log', 'en');
  const f = findingOf(en, 'backscatter');
  // The figures: bounce messages made here, those of them sent to outside addresses (bounces, not addresses: review AK,
  // AK4), those undeliverable (25 + 1).
  assert.deepEqual([f.evidence.bounceMessages, f.evidence.bouncesToRemoteAddresses,
    Number(f.evidence.bouncesBouncedThemselves) + Number(f.evidence.bouncesStillDeferred)], [138, 105, 26]);
  assert.equal(f.title, 'Backscatter between 2026-11-26 03:42 and 2026-11-28 09:26: 138 bounce messages (from=<>) answering the spam sent as '
    + 'info@example.jp with forged senders (211 messages): 105 of them went to outside addresses, and 26 of those (24.8%) could not be delivered '
    + 'either (25 bounced, 1 deferred at its last try in the log)');
  assert.doesNotMatch(f.title, / — |\. /);
  const short = en.overview!.findings.find((x) => x.rule === 'backscatter')!.short;
  assert.equal(short, 'Backscatter: 138 bounce messages, 105 of them to outside addresses, and 26 of those could not be delivered either');
  const ja = await sampleReport('incident.log', 'ja');
  const fj = findingOf(ja, 'backscatter');
  assert.equal(fj.title.split('。').length, 1, fj.title);
  assert.match(fj.title, /^バックスキャッター（2026-11-26 03:42 から 2026-11-28 09:26）: info@example\.jp から送信者を詐称して送られたスパム（211 通）への/);
  assert.match(fj.title, /バウンスメール（from=<>）138 通のうち 105 通が外部のアドレスへ送られ、そのうち 26 通（24\.8%）はそれ自体も配送できませんでした/);
  assert.equal(ja.overview!.findings.find((x) => x.rule === 'backscatter')!.short,
    'バックスキャッター: バウンスメール 138 通のうち 105 通が外部のアドレスへ送られ、そのうち 26 通はそれ自体も配送できませんでした');
});

test('AI6: the compromised account\'s table gives whole-log rows beside the figures since the guess where they differ (en, ja)', async () => {
  const en = await sampleReport('incident.log', 'en');
  const f = findingOf(en, 'compromised-account');
  const e = f.evidence;
  // samples/incident.log: info@example.jp's own 4 messages (5 recipients, all delivered) before the guess.
  assert.deepEqual([e.messages, e.messagesSinceGuessed, e.recipients, e.recipientsSinceGuessed, e.sent], [304, 300, 1078, 1073, 506]);
  assert.equal(e.notDeliveredSinceGuessedPercent, 53.3);
  // Over the whole log: (1,078 - 506) / 1,078.
  assert.equal(e.notDeliveredPercent, Math.round(((1078 - 506) / 1078) * 1000) / 10);
  assert.equal(e.notDeliveredPercent, 53.1);
  // The owner's mail bounced nothing: the bounce notices are the same figure, and not said twice.
  assert.equal(e.bounceNoticesDelivered, undefined);
  const keys = Object.keys(e);
  assert.equal(keys.indexOf('notDeliveredPercent'), keys.indexOf('notDeliveredSinceGuessedPercent') + 1);
  const md = renderMarkdown(en);
  assert.match(md, /\| Of those recipients, not delivered \| 53\.3% \|\n\| Of all its recipients, not delivered \(whole log\) \| 53\.1% \|/);
  for (const row of ['Messages with a forged sender (whole log) | 211', 'Recipients bounced (whole log) | 163', 'Deferred delivery attempts (whole log) | 1,526']) {
    assert.ok(md.includes(`| ${row} |`), row);
  }
  const ja = renderMarkdown(await sampleReport('incident.log', 'ja'));
  assert.match(ja, /\| そのうち配送されなかった宛先 \| 53\.3% \|\n\| すべての宛先のうち配送されなかったもの（ログ全体） \| 53\.1% \|/);
  assert.match(ja, /\| バウンスした宛先（ログ全体） \| 163 件 \|/);
});

test('AI4: deferred-flood.log: the queue-flood finding names the domain holding the queue at the end and its last deferral reason', async () => {
  const truth = readJson<{ stillQueued: number; stillQueuedIds: string[] }>(join(SAMPLES, 'deferred-flood.truth.json'));
  const r = await sampleReport('deferred-flood.log');
  assert.equal(truth.stillQueued, 5);
  assert.deepEqual(r.stillQueued.map((q) => q.qid).sort(), [...truth.stillQueuedIds].sort());
  // Every one of them waits for nishi@nishi-kensetsu.co.jp, whose server refuses connections all along (the log's last line).
  for (const q of r.stillQueued) assert.deepEqual(q.pendingTo, ['nishi@nishi-kensetsu.co.jp'], q.qid);
  const f = findingOf(r, 'queue-flood');
  assert.equal(f.evidence.queueHolders, '5× nishi-kensetsu.co.jp (connect to mail.nishi-kensetsu.co.jp[IP]: Connection refused)');
  assert.match(renderMarkdown(r), /\| Recipient domains holding the queue at the end \(messages, last deferral reason\) \| 5× nishi-kensetsu\.co\.jp/);
  // The same whatever the cut (each domain's last deferral merges by time, then by reason).
  const json = renderJson(r);
  for (const [jobs, rangeBytes] of [[2, 40_000], [3, 100_000]] as const) {
    assert.equal(renderJson(await report([join(SAMPLES, 'deferred-flood.log')], { year: 2026, lang: 'en', jobs, rangeBytes })), json, `jobs ${jobs}`);
  }
});

test('AI4: deferred-flood.log: neither finding pushes the queue for mail its receiver refuses, and both say so (en, ja)', async () => {
  for (const lang of ['en', 'ja'] as const) {
    const r = await sampleReport('deferred-flood.log', lang);
    const fixOf = (rule: string): string => findingOf(r, rule).fix ?? '';
    for (const rule of ['queue-flood', 'outbound-port-blocked']) {
      const fix = fixOf(rule);
      assert.doesNotMatch(fix, /postqueue -f/, `${lang} ${rule}:\n${fix}`);
      assert.match(fix, lang === 'en' ? /5 messages to nishi-kensetsu\.co\.jp \(last deferral: `connect to mail\.nishi-kensetsu\.co\.jp\[IP\]: Connection refused`\)/
        : /nishi-kensetsu\.co\.jp 宛て 5 通（最後の遅延: `connect to mail\.nishi-kensetsu\.co\.jp\[IP\]: Connection refused`）/, `${lang} ${rule}`);
    }
    assert.match(fixOf('queue-flood'), lang === 'en' ? /retrying now cannot deliver it and only hammers their server: do not push the queue for it/
      : /今すぐ再送しても配送できず、相手のサーバーに負担をかけるだけです/);
    assert.match(fixOf('outbound-port-blocked'), lang === 'en' ? /^The block is over: .*nothing queued waits for the route/ : /^ブロックは終わっています。.*送信経路を待っているメールもありません/);
  }
});
