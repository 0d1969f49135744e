// Review AH's leftovers: the receivers-refusing verdict's after count (AH2), the "Deferred" column of the SASL users and
// Senders tables named for what it counts, and compare.html's "still there" tile counting the findings still going on
// below the threshold.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareReports } from '../src/compare/compare.js';
import { renderCompareMarkdown } from '../src/compare/markdown.js';
import { renderCompareHtml } from '../src/compare/html.js';
import { compareJa } from '../src/i18n/compare-ja.js';
import type { Report } from '../src/report/model.js';
import type { Comparison, FindingMatch } from '../src/compare/model.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderHtml } from '../src/render/html.js';
import { ja } from '../src/i18n/ja.js';
import { ROOT, markdownSection, report } from './helpers.js';

const AFTER_FIX = join(ROOT, 'samples', 'after-fix.log');
const INCIDENT = join(ROOT, 'samples', 'incident.log');
const dir = mkdtempSync(join(tmpdir(), 'mlf-ah-rest-'));

const analyzed = new Map<string, Promise<Report>>();
function reportOf(path: string, top = 50): Promise<Report> {
  const k = `${path} ${top}`;
  let r = analyzed.get(k);
  if (r === undefined) analyzed.set(k, r = report([path], { year: 2026, top }));
  return r;
}

function compare(before: Report, after: Report, ja = false): Comparison {
  return compareReports(before, after, {
    version: 'test', before: { kind: 'logs', paths: ['b'] }, after: { kind: 'logs', paths: ['a'] }, ...(ja ? { messages: compareJa } : {}),
  });
}

function refusing(c: Comparison): FindingMatch {
  return c.findings.find((f) => f.rule === 'receivers-refusing')!;
}

/** after-fix.log with `extra` lines appended (they are stamped after its last line, Nov 30 19:18:16). */
function afterFixWith(name: string, extra: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, readFileSync(AFTER_FIX, 'utf8') + extra.join('\n') + '\n');
  return path;
}

/** A delivery line of the incident's shape, at Nov 30 20:MM:SS. */
function delivery(i: number, to: string, relay: string, dsn: string, status: string, reason: string): string {
  const mm = String(10 + i).padStart(2, '0');
  return `Nov 30 20:${mm}:0${i % 10} mail postfix/smtp[7${i}001]: A${i}F00C0FFEE: to=<${to}>, relay=${relay}:25, delay=1, `
    + `delays=0.5/0/0.3/0, dsn=${dsn}, status=${status} (${reason})`;
}

const YAHOO = 'host mx1.mail.yahoo.co.jp[182.22.12.117] refused to talk to me: 421 4.7.0 [TSS04] Messages from 203.0.113.25 temporarily '
  + 'deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes';
const GMAIL_AUTH = 'host gmail-smtp-in.l.google.com[142.250.157.27] said: 550-5.7.26 This mail is unauthenticated, which poses a security '
  + 'risk to the 550-5.7.26 sender and Gmail users, and has been blocked. The sender must 550-5.7.26 authenticate with at least one of SPF or '
  + 'DKIM. 550 5.7.26  https://support.google.com/mail/answer/81126#authentication - gsmtp (in reply to end of DATA command)';
const SPAMHAUS = 'host mx.partner.co.jp[198.51.100.7] said: 554 5.7.1 Service unavailable; Client host [203.0.113.25] blocked using '
  + 'zen.spamhaus.org; https://www.spamhaus.org/query/ip/203.0.113.25 (in reply to RCPT TO command)';

test('AH2: the resolved receivers-refusing verdict gives the after run\'s refusals: none in the clean after-fix run', async () => {
  const c = compare(await reportOf(INCIDENT), await reportOf(AFTER_FIX));
  const f = refusing(c);
  assert.equal(f.status, 'resolved');
  // after-fix.log defers 8 deliveries (greylisting, a lost connection), none a refusal of the incident's classes.
  assert.equal(f.measure.afterWithoutFinding?.count, 0);
  assert.match(f.verdict, /refusals 145 \(1\.93 per hour\) before, none after\./);
  assert.match(refusing(compare(await reportOf(INCIDENT), await reportOf(AFTER_FIX), true)).verdict, /対策後は 0 件/);
});

test('AH2: refusals below the threshold after are counted for the before finding\'s classes only', async () => {
  const extra = [
    ...[0, 1, 2, 3].map((i) => delivery(i, `user${i}@yahoo.co.jp`, 'mx1.mail.yahoo.co.jp[182.22.12.117]', '4.7.0', 'deferred', YAHOO)),
    ...[4, 5, 6].map((i) => delivery(i, `user${i}@gmail.com`, 'gmail-smtp-in.l.google.com[142.250.157.27]', '5.7.26', 'bounced', GMAIL_AUTH)),
    // A class the before finding did not have (a block list's refusal): not part of its after count.
    ...[7, 8].map((i) => delivery(i, `user${i}@partner.co.jp`, 'mx.partner.co.jp[198.51.100.7]', '5.7.1', 'bounced', SPAMHAUS)),
  ];
  const after = await reportOf(afterFixWith('refusals.log', extra));
  assert.equal(after.findings.some((x) => x.rule === 'receivers-refusing'), false, 'below the rule\'s threshold');
  const f = refusing(compare(await reportOf(INCIDENT), after));
  assert.equal(f.status, 'resolved');
  // 4 Yahoo TSS04 deferrals (yahooRate) + 3 Gmail 5.7.26 bounces (gmailUnauthenticated); not the 2 Spamhaus bounces.
  assert.equal(f.measure.afterWithoutFinding?.count, 7);
  assert.equal(f.measure.afterWithoutFinding?.atLeast, false);
  assert.match(f.verdict, /refusals 145 \(1\.93 per hour\) before, 7 \(0\.16 per hour\) after, below the rule's threshold\./);
});

test('AH2: an after report without the table the refusals are counted from says they were not counted (en, ja)', async () => {
  const after = structuredClone(await reportOf(AFTER_FIX));
  delete (after as { deferralCauses?: unknown }).deferralCauses;
  const before = await reportOf(INCIDENT);
  const f = refusing(compare(before, after));
  assert.equal(f.measure.afterWithoutFinding?.count, null);
  assert.match(f.verdict, /no finding after; its refusals after were not counted: the after report has no table of deferral causes \(made by an older version/);
  assert.match(refusing(compare(before, after, true)).verdict, /対策後の拒否は数えていません: 対策後のレポートに保留原因の表がありません/);
  // Cut at --top with none of the classes in what is left: not counted, not "none after".
  const cut = refusing(compare(before, await reportOf(AFTER_FIX, 2)));
  assert.equal(cut.measure.afterWithoutFinding?.count, null);
  assert.match(cut.verdict, /its refusals after were not counted: the after report's tables of deferral causes and bounce reasons are cut at --top/);
});

test('the SASL users and Senders tables name their Deferred column for what it counts, with a note (en, ja; Markdown, HTML)', async () => {
  const r = await reportOf(INCIDENT);
  const info = r.bySaslUser.find((u) => u.key === 'info@example.jp')!;
  const finding = r.findings.find((f) => f.rule === 'compromised-account')!;
  // The column counts recipients whose last try in the log was deferred: the finding's lastTryDeferred, not its attempts.
  assert.equal(info.deferred, 404);
  assert.equal(finding.evidence.lastTryDeferred, 404);
  assert.ok(info.deferralAttempts > info.deferred);
  const md = renderMarkdown(r, 't');
  const note = '"Deferred at last try": recipients whose last delivery attempt in the log was deferred (still queued at its end, '
    + 'or deleted from the queue after it), not the deferred attempts, which the totals count.';
  for (const heading of ['SASL users', 'Envelope senders']) {
    const sec = markdownSection(md, heading);
    assert.match(sec, /^\| (User|Sender) \| Messages \| Recipients \|(?:.*\|)? Sent \| Deferred at last try \| Bounced \| Expired \|/m, heading);
    assert.ok(sec.includes(note), heading);
  }
  // Review AJ: the Recipient domains table counts the same (its "deferred"), and said "Deferred (final)" with no note.
  const domains = markdownSection(md, 'Recipient domains');
  assert.match(domains, /^\| Domain \| Recipients \| Sent \| Deferred at last try \| Bounced \| Expired \| Deferral attempts \|$/m);
  // Their order, which is not the recipients' (example.jp's 282 after ezweb.ne.jp's 121), said under the table.
  assert.ok(domains.includes('Domains with the most recipients and deferral attempts together first: those that held the queue come before those that only received much.'));
  assert.match(domains, /^\| gmail\.com \| 232 \| 50 \| 143 \| 39 \| 0 \| 501 \|$/m);
  assert.match(markdownSection(md, 'SASL users'), /\| info@example\.jp \| 304 \| 1,078 \| 43 \| 212 \| 506 \| 404 \| 163 \| 5 \|/);
  const mdJa = renderMarkdown(r, 't', [], ja);
  assert.match(mdJa, /^\| ユーザー \| メール数 \| .*\| 配送完了 \| 最後の試行で遅延 \| バウンス \|/m);
  assert.match(mdJa, /^\| 送信者 \| メール数 \| 宛先数 \| 配送完了 \| 最後の試行で遅延 \| バウンス \| 期限切れ \|/m);
  assert.equal(mdJa.split('「最後の試行で遅延」: ログ上の最後の配送試行が遅延（deferred）だった宛先の数です').length - 1, 2);
  const html = renderHtml(r, { title: 't', charts: [] });
  // The two tables, and the Recipient domains table, whose column of the same count has the same name.
  assert.equal(html.split('<th class="num">Deferred at last try</th>').length - 1, 3);
  assert.equal(html.split('&quot;Deferred at last try&quot;: recipients whose last delivery attempt in the log was deferred').length - 1
    + html.split('"Deferred at last try": recipients whose last delivery attempt in the log was deferred').length - 1, 2);
});

/**
 * Two SMTP AUTH sessions of 2 failed logins each for each of 4 IPs of the incident's blocklist-ips.txt, Nov 30 21:00 on,
 * after after-fix.log's last line, in the incident's line shape: 16 failures, below sasl-bruteforce's thresholds.
 */
function guessingLines(): string[] {
  const out: string[] = [];
  ['186.78.183.59', '23.34.171.26', '41.213.169.3', '41.213.169.2'].forEach((ip, i) => {
    for (let s = 0; s < 2; s++) {
      const at = (sec: number): string => `Nov 30 ${21 + s}:${String(i * 10).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
      const pid = 91000 + i * 10 + s;
      out.push(`${at(0)} mail postfix/smtpd[${pid}]: connect from unknown[${ip}]`);
      for (const [j, user] of ['office@example.jp', 'postmaster@example.jp'].entries()) {
        out.push(`${at(3 + 2 * j)} mail postfix/smtpd[${pid}]: warning: unknown[${ip}]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=${user}`);
      }
      out.push(`${at(8)} mail postfix/smtpd[${pid}]: disconnect from unknown[${ip}] ehlo=1 auth=0/2 quit=1 commands=2/4`);
    }
  });
  return out;
}

test('compare.html: a finding below the threshold but still going on has a tile of its own, not counted as "still there" (en, ja)', async () => {
  const before = await reportOf(INCIDENT);
  const after = await reportOf(afterFixWith('guessing.log', guessingLines()));
  const c = compare(before, after);
  assert.equal(c.findings.find((f) => f.rule === 'sasl-bruteforce')!.measure.stillGoingOn?.count, 4);
  assert.deepEqual(c.verdict.counts, { resolved: 6, reduced: 0, persisting: 1, new: 0, stillGoingOn: 1 });
  // compare.md's sections: "Below the threshold, still going on (1)" and "Still there (0)"; the tiles say the same.
  const md = renderCompareMarkdown(c, 'T');
  assert.match(md, /\n## Below the threshold, still going on \(1\)\n/);
  assert.match(md, /\n## Still there \(0\)\n/);
  // A label breaks between its phrases only (review AG15: its <wbr>s), its text unchanged.
  const tiles = (html: string): Array<[string, string]> => [...html.replace(/<wbr>/g, '').matchAll(/<div class="tile-value">(\d+)<\/div><div class="tile-label">([^<]+)<\/div>/g)]
    .map((m) => [m[1]!, m[2]!]);
  const html = renderCompareHtml(c, { title: 'T', charts: [] });
  assert.deepEqual(tiles(html), [['6', 'fixed'], ['0', 'reduced'], ['1', 'below the threshold, still going on'], ['0', 'still there'], ['0', 'new']]);
  assert.match(html, /<div class="tiles five">/);
  const cj = compare(before, after, true);
  assert.match(renderCompareMarkdown(cj, 'T'), /\n## しきい値未満（継続中）（1 件）\n[\s\S]*\n## 継続（0 件）\n/);
  assert.deepEqual(tiles(renderCompareHtml(cj, { title: 'T', charts: [] })), [['6', '解決'], ['0', '減少'], ['1', 'しきい値未満（継続中）'], ['0', '継続'], ['0', '新規']]);
  // Without such a finding, the four tiles as before.
  const clean = renderCompareHtml(compare(before, await reportOf(AFTER_FIX)), { title: 'T', charts: [] });
  assert.deepEqual(tiles(clean), [['6', 'fixed'], ['1', 'reduced'], ['0', 'still there'], ['0', 'new']]);
  assert.match(clean, /<div class="tiles">/);
});
