// A finding whose rule did not fire after (or fired only as background guessing) is not fixed when what the before
// finding was about still goes on below the rule's threshold: the brute force's own IPs (blocklist-ips.txt) still
// failing logins, the relay probers still probing, the flood's messages still queued and deferred. The after logs are
// samples/after-fix.log with real-shaped lines of samples/incident.log added inside its span, in time order.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareReports, failingFindings } from '../src/compare/compare.js';
import { renderCompareMarkdown } from '../src/compare/markdown.js';
import { renderCompareHtml } from '../src/compare/html.js';
import { compareJa } from '../src/i18n/compare-ja.js';
import { redactReport } from '../src/report/redact.js';
import type { Report } from '../src/report/model.js';
import type { Comparison, FindingMatch } from '../src/compare/model.js';
import { ROOT, readJson, reportOf, runCli } from './helpers.js';

const AFTER_FIX = join(ROOT, 'samples', 'after-fix.log');
const INCIDENT = join(ROOT, 'samples', 'incident.log');
const dir = mkdtempSync(join(tmpdir(), 'mlf-threshold-'));

/** Four IPs of the incident's blocklist-ips.txt (its top attackers). */
const BLOCKLIST_IPS = ['186.78.183.59', '23.34.171.26', '41.213.169.3', '41.213.169.2'];

/** A classic stamp's sort key (November only, as the samples). */
function key(line: string): number {
  const d = Number(line.slice(4, 6));
  const [h, m, s] = line.slice(7, 15).split(':').map(Number) as [number, number, number];
  return ((d * 24 + h) * 60 + m) * 60 + s;
}

/** "Nov 29 03:17:00" for seconds since Nov 0 00:00. */
function stamp(t: number): string {
  const p = (x: number): string => String(x).padStart(2, '0');
  return `Nov ${Math.floor(t / 86400)} ${p(Math.floor(t / 3600) % 24)}:${p(Math.floor(t / 60) % 60)}:${p(t % 60)}`;
}

/** after-fix.log with `extra` lines, sorted into it by time (stable: a session keeps its order). */
function afterFixWith(name: string, extra: string[]): string {
  const base = readFileSync(AFTER_FIX, 'utf8').split('\n').filter((l) => l !== '');
  const all = [...base, ...extra].map((l, i) => ({ l, i, k: key(l) })).sort((a, b) => a.k - b.k || a.i - b.i).map((x) => x.l);
  const path = join(dir, name);
  writeFileSync(path, all.join('\n') + '\n');
  return path;
}

/**
 * Two SMTP AUTH sessions per IP, Nov 29 and Nov 30, each with 2 failed logins, in the incident's line shape
 * (postfix/smtpd: connect, "warning: unknown[IP]: SASL LOGIN authentication failed", disconnect auth=0/2): 4 failures
 * per IP, below sasl-bruteforce.perIpFailures (10), in no hour near distributedFailures (30).
 */
function bruteForceLines(ips: string[]): string[] {
  const out: string[] = [];
  ips.forEach((ip, i) => {
    for (let s = 0; s < 2; s++) {
      const t = 29 * 86400 + 3 * 3600 + i * 5 * 3600 + s * 19 * 3600 + 17 * 60;
      const pid = 91000 + i * 10 + s;
      out.push(`${stamp(t)} mail postfix/smtpd[${pid}]: connect from unknown[${ip}]`);
      for (const [j, user] of ['office@example.jp', 'postmaster@example.jp'].entries()) {
        out.push(`${stamp(t + 3 + 2 * j)} mail postfix/smtpd[${pid}]: warning: unknown[${ip}]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=${user}`);
      }
      out.push(`${stamp(t + 8)} mail postfix/smtpd[${pid}]: disconnect from unknown[${ip}] ehlo=1 auth=0/2 quit=1 commands=2/4`);
    }
  });
  return out;
}

/** `n` sessions of one relay probe each from `ip`, Nov 29 from 05:00 on (the incident's "Relay access denied" line). */
function relayProbeLines(ip: string, n: number): string[] {
  const out: string[] = [];
  for (let k = 0; k < n; k++) {
    const t = 29 * 86400 + 5 * 3600 + k * 7 * 3600 + 11 * 60;
    const pid = 93000 + k;
    out.push(
      `${stamp(t)} mail postfix/smtpd[${pid}]: connect from unknown[${ip}]`,
      `${stamp(t + 1)} mail postfix/smtpd[${pid}]: NOQUEUE: reject: RCPT from unknown[${ip}]: 554 5.7.1 <probe.${k}@yahoo.co.jp>: Relay access denied; `
        + `from=<test@example.jp> to=<probe.${k}@yahoo.co.jp> proto=ESMTP helo=<User>`,
      `${stamp(t + 2)} mail postfix/smtpd[${pid}]: disconnect from unknown[${ip}] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4`,
    );
  }
  return out;
}

/**
 * Two of tanaka's messages the incident left queued (88C471637B1, 8D3091637B3: to wang.lei@163.com, connection
 * refused) retried every 4 hours from Nov 29 01:00, six times each, still deferred (the incident's qmgr and smtp lines).
 */
function stillDeferredLines(): string[] {
  const out: string[] = [];
  const msgs: Array<[string, number, number, number]> = [['88C471637B1', 949, 3, 84490], ['8D3091637B3', 1203, 2, 37786]];
  const lastBefore = 28 * 86400 + 9 * 3600 + 26 * 60 + 47;
  msgs.forEach(([qid, size, n, delay0], i) => {
    for (let k = 0; k < 6; k++) {
      const t = 29 * 86400 + 3600 + i * 600 + k * 4 * 3600 + 47;
      const delay = delay0 + t - lastBefore;
      out.push(
        `${stamp(t)} mail postfix/qmgr[32300]: ${qid}: from=<tanaka@example.jp>, size=${size}, nrcpt=${n} (queue active)`,
        `${stamp(t)} mail postfix/smtp[${92000 + i * 10 + k}]: ${qid}: to=<wang.lei@163.com>, relay=none, delay=${delay}, delays=${delay}/0.04/0.03/0, `
          + 'dsn=4.4.1, status=deferred (connect to 163mx03.mxmail.netease.com[220.181.15.111]:25: Connection refused)',
      );
    }
  });
  return out;
}


function compare(before: Report, after: Report, ja = false): Comparison {
  return compareReports(before, after, {
    version: 'test', before: { kind: 'logs', paths: ['b'] }, after: { kind: 'logs', paths: ['a'] }, ...(ja ? { messages: compareJa } : {}),
  });
}

function ofRule(c: Comparison, rule: string): FindingMatch {
  return c.findings.find((f) => f.rule === rule)!;
}

test('the clean after-fix pair: the brute force is down to its background, queue-flood and relay-probing fixed, nothing still going on', async () => {
  const c = compare(await reportOf(INCIDENT), await reportOf(AFTER_FIX));
  assert.match(c.verdict.headline, /^Fixed: 6 of the 7 findings of the before run fixed; password guessing reduced to the background/);
  assert.deepEqual(c.verdict.counts, { resolved: 6, reduced: 1, persisting: 0, new: 0, background: 1 });
  // None of the after run's failing IPs is one of the incident's 61, nor is any of the incident's 8 relay probers in
  // the after log at all (grep: none of them is in samples/after-fix.log): the after report's clientIpIndex holds every
  // client IP, so that is said exactly (review AK, AK8 follow-up), where its tables cut at --top 50 could not tell.
  for (const f of c.findings) assert.equal(f.measure.stillGoingOn, ['relay-probing', 'sasl-bruteforce'].includes(f.rule) ? f.measure.stillGoingOn : undefined, f.rule);
  assert.deepEqual(ofRule(c, 'relay-probing').measure.stillGoingOn, {
    kind: 'same-ips', list: 'topIps', count: 0, of: 8, events: 0, atLeast: false, items: [], connected: 0,
  });
  assert.deepEqual(ofRule(c, 'sasl-bruteforce').measure.stillGoingOn, {
    kind: 'same-ips', list: 'blocklist-ips.txt', count: 0, of: 61, events: 0, atLeast: false, items: [], connected: 0,
  });
  assert.match(ofRule(c, 'relay-probing').verdict, /below the rule's threshold; none of the 8 IPs the before run named connected after\.$/);
  assert.match(ofRule(c, 'sasl-bruteforce').verdict, /92 \(2\.17 per hour\) after; none of the 61 IPs the before run listed in blocklist-ips\.txt connected after\.$/);
  assert.equal(ofRule(c, 'sasl-bruteforce').status, 'reduced');
  assert.equal(ofRule(c, 'queue-flood').status, 'resolved');
  assert.equal(ofRule(c, 'relay-probing').status, 'resolved');
  assert.deepEqual(failingFindings(c, ['persisting']), []);
  assert.doesNotMatch(renderCompareMarkdown(c, 'T'), /still going on/i);
});

test('sasl-bruteforce: 4 of the incident\'s blocklist IPs still failing 4 logins each after the fix: "Below the threshold (still going on)", Not fixed, not Fixed', async () => {
  const before = await reportOf(INCIDENT);
  const after = await reportOf(afterFixWith('after-bruteforce.log', bruteForceLines(BLOCKLIST_IPS)));
  // The after run still calls its guessing background (no IP at 10 failures): the rule alone says nothing is wrong.
  const own = after.findings.filter((f) => f.rule === 'sasl-bruteforce');
  assert.deepEqual(own.map((f) => f.severity), ['low']);
  assert.equal(own[0]!.evidence.ipsOverThreshold, 0);

  const c = compare(before, after);
  const f = ofRule(c, 'sasl-bruteforce');
  assert.equal(f.status, 'persisting');
  assert.equal(f.background, undefined, 'not "reduced to the background": the incident\'s own IPs are in it');
  assert.deepEqual(f.measure.stillGoingOn, {
    kind: 'same-ips', list: 'blocklist-ips.txt', count: 4, of: 61, events: 16, atLeast: false,
    items: [...BLOCKLIST_IPS].sort().map((ip) => ({ key: ip, events: 4 })), connected: 4,
  });
  assert.match(f.verdict, /^Below the threshold \(still going on\): Password guessing: .*\(sasl-bruteforce, critical → low\): failed logins 289 \(3\.85 per hour\) before, 108 \(2\.54 per hour\) after, what the after run calls background guessing, but 4 of the 61 IPs the before run listed in blocklist-ips\.txt still fail logins, 16 failed logins after: 186\.78\.183\.59 4×, /);
  assert.deepEqual(c.verdict.counts, { resolved: 6, reduced: 0, persisting: 1, new: 0, stillGoingOn: 1 });
  assert.equal(c.verdict.headline, 'Not fixed: 6 of the 7 findings of the before run fixed; password guessing below its rule\'s threshold but still going on '
    + '(4 of the 61 IPs the before run listed in blocklist-ips.txt still fail logins, 16 failed logins after); no new finding'
    + '; 16 of the 43 intruder IPs (compromised-ips.txt) still connect after: block them at the firewall.');
  assert.deepEqual(failingFindings(c, ['persisting']).map((x) => x.rule), ['sasl-bruteforce']);

  // Its own section, not "Fixed" and not "Still there"; the HTML likewise, with an anchor of its own.
  const md = renderCompareMarkdown(c, 'T');
  assert.match(md, /\n## Fixed \(6\)\n/);
  assert.match(md, /\n## Below the threshold, still going on \(1\)\n\n### 1\. \[CRITICAL → LOW\] /);
  assert.match(md, /\n## Still there \(0\)\n/);
  const fixed = md.slice(md.indexOf('## Fixed (6)'), md.indexOf('## Reduced'));
  assert.doesNotMatch(fixed, /sasl-bruteforce/);
  const html = renderCompareHtml(c, { title: 'T', charts: [] });
  assert.match(html, /id="below-the-threshold-still-going-on-1"/);
  assert.match(html, /<span class="status st-persisting">below the threshold \(still going on\)<\/span>/);

  // Japanese: the status, the section and the headline.
  const ja = compare(before, after, true);
  const fj = ofRule(ja, 'sasl-bruteforce');
  assert.match(fj.verdict, /^しきい値未満（継続中）: /);
  assert.match(fj.verdict, /対策前の実行が blocklist-ips\.txt に挙げた IP 61 件のうち 4 件がまだログインに失敗しており、対策後のログイン失敗は 16 件/);
  assert.match(ja.verdict.headline, /^未解決: /);
  assert.match(renderCompareMarkdown(ja, 'T'), /\n## しきい値未満（継続中）（1 件）\n/);
});

test('sasl-bruteforce, on the command line: --fail-on persisting exits 3 for the brute force still going on, 0 for the clean pair', () => {
  const after = afterFixWith('after-bruteforce-cli.log', bruteForceLines(BLOCKLIST_IPS));
  const out = join(dir, 'cli-going-on');
  const r = runCli(['compare', INCIDENT, after, '--year', '2026', '--out', out, '--lang', 'en', '--fail-on', 'persisting']);
  assert.equal(r.status, 3, r.stderr);
  assert.match(r.stderr, /Not fixed: 6 of the 7 findings of the before run fixed; password guessing below its rule's threshold but still going on/);
  const c = readJson<Comparison>(join(out, 'compare.json'));
  assert.equal(c.verdict.counts.resolved, 6);
  assert.equal(ofRule(c, 'sasl-bruteforce').measure.stillGoingOn?.count, 4);
  const clean = runCli(['compare', INCIDENT, AFTER_FIX, '--year', '2026', '--out', join(dir, 'cli-clean'), '--lang', 'en', '--fail-on', 'persisting']);
  assert.equal(clean.status, 0, clean.stderr);
  assert.match(clean.stderr, /Fixed: 6 of the 7 findings/);
});

test('sasl-bruteforce, redacted with one key: blocklist-ips.txt is withheld, the evidence\'s first 10 IPs (pseudonyms) are checked instead', async () => {
  const opts = { key: 'K1', redactDomains: false };
  const before = redactReport(await reportOf(INCIDENT), opts);
  const after = redactReport(await reportOf(afterFixWith('after-bruteforce-redacted.log', bruteForceLines(BLOCKLIST_IPS))), opts);
  assert.equal(before.findings.find((f) => f.rule === 'sasl-bruteforce')!.lists?.['blocklist-ips.txt'], undefined);
  const c = compare(before, after);
  const f = ofRule(c, 'sasl-bruteforce');
  assert.equal(f.status, 'persisting');
  const g = f.measure.stillGoingOn!;
  assert.deepEqual([g.list, g.count, g.of, g.events, g.atLeast], ['topAttackingIps', 4, 10, 16, false]);
  assert.ok(g.items.every((x) => /^ip-[0-9a-f]{12}$/.test(x.key)), JSON.stringify(g.items));
  assert.match(c.verdict.headline, /^Not fixed: .*password guessing below its rule's threshold but still going on \(4 of the 10 IPs the before run named still fail logins, 16 failed logins after\)/);
});

test('sasl-bruteforce: other IPs guessing a few times after (not the incident\'s) stay the background: Fixed', async () => {
  const others = ['45.155.204.11', '45.155.204.12', '45.155.204.13', '45.155.204.14'];
  const c = compare(await reportOf(INCIDENT), await reportOf(afterFixWith('after-other-guessers.log', bruteForceLines(others))));
  const f = ofRule(c, 'sasl-bruteforce');
  // Checked against every client IP after (clientIpIndex): none of the incident's 61 connected; the status unchanged.
  assert.deepEqual([f.status, f.background, f.measure.stillGoingOn?.count, f.measure.stillGoingOn?.connected], ['reduced', true, 0, 0]);
  assert.match(f.verdict, /after; none of the 61 IPs the before run listed in blocklist-ips\.txt connected after\.$/);
  assert.match(c.verdict.headline, /^Fixed: /);
  assert.deepEqual(failingFindings(c, ['persisting']), []);
});

test('relay-probing: a prober of the incident still refused 3 times after (8 "Relay access denied" in all, below 10): still going on, not Fixed', async () => {
  const after = await reportOf(afterFixWith('after-probing.log', relayProbeLines('116.244.39.244', 3)));
  assert.equal(after.findings.filter((f) => f.rule === 'relay-probing').length, 0, 'the rule does not fire after');
  const c = compare(await reportOf(INCIDENT), after);
  const f = ofRule(c, 'relay-probing');
  assert.equal(f.status, 'persisting');
  // The other 7 did not connect after at all (the after report's clientIpIndex holds every client IP): not "not known",
  // though the rows cut at --top 50 hold only 5 of its 8 "Relay access denied" (review AK, AK8 follow-up).
  assert.deepEqual(f.measure.stillGoingOn, {
    kind: 'same-ips', list: 'topIps', count: 1, of: 8, events: 3, atLeast: false, items: [{ key: '116.244.39.244', events: 3 }], connected: 1,
  });
  // Compared by what those IPs did after; the after run's whole count (8) stays in afterWithoutFinding.
  assert.deepEqual([f.measure.after, f.measure.afterWithoutFinding?.count], [3, 8]);
  assert.match(f.verdict, /^Below the threshold \(still going on\): .*rejected probes 16 \(0\.21 per hour\) before, 3 \(0\.07 per hour\) after, below the rule's threshold, but 1 of the 8 IPs the before run named still probes, 3 refused probes after: 116\.244\.39\.244 3×/);
  assert.match(c.verdict.headline, /^Not fixed: 5 of the 7 findings of the before run fixed; .*relay probing and address harvesting below its rule's threshold but still going on/);
  assert.deepEqual(failingFindings(c, ['persisting']).map((x) => x.rule), ['relay-probing']);
});

test('queue-flood: two of the messages the incident left queued still deferred at the end of the after log: still going on, not Fixed', async () => {
  const after = await reportOf(afterFixWith('after-deferred.log', stillDeferredLines()));
  assert.equal(after.findings.filter((f) => f.rule === 'queue-flood').length, 0, 'the rule does not fire after (20 deferrals, 2 queued)');
  const c = compare(await reportOf(INCIDENT), after);
  const f = ofRule(c, 'queue-flood');
  assert.equal(f.status, 'persisting');
  assert.deepEqual(f.measure.stillGoingOn, {
    kind: 'queued', list: 'stillQueued', count: 2, of: 224, events: 12, atLeast: false,
    items: [{ key: '88C471637B1', events: 6 }, { key: '8D3091637B3', events: 6 }],
  });
  assert.match(f.verdict, /but 2 of the 224 messages queued at the end of the before log are still queued at the end of the after log, 12 deferrals after: 88C471637B1 6×, 8D3091637B3 6×/);
  assert.equal(c.verdict.counts.resolved, 5);
  assert.match(c.verdict.headline, /^Not fixed: /);
  assert.deepEqual(failingFindings(c, ['persisting']).map((x) => x.rule), ['queue-flood']);
});
