// Review 12, L1: the queue-flood fix said "The deferrals stop with their cause: see the other findings." in a report
// with no other finding, and its text made a backup MX's retries to its own primary a reputation problem. Lines in
// the shapes of /tmp/r12/gen.py (backup_mx(): mx2 relays example.jp and example-shop.jp to mx1, down for
// maintenance), which copies the corpus's smtpd/cleanup/qmgr/smtp lines and Postfix's "connect to …: Connection
// refused" deferral.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from './helpers.js';
import type { Finding } from '../src/types.js';

function tmp(name: string, content: string): string {
  const p = join(mkdtempSync(join(tmpdir(), 'mlf-queue-flood-')), name);
  writeFileSync(p, content);
  return p;
}

const two = (n: number): string => String(n).padStart(2, '0');
const ts = (s: number): string => `Nov 10 ${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
const qid = (prefix: string, i: number): string => `${prefix}${(0x10000 + i).toString(16).toUpperCase()}0F`;

/** A message from an outside sender received at `t` (seconds after midnight), without TLS or login. */
function received(host: string, t: number, q: string, i: number, sender: string): string[] {
  const dom = sender.slice(sender.indexOf('@') + 1);
  const ip = `198.51.${100 + Math.floor(i / 200)}.${10 + (i % 200)}`;
  const pid = 20000 + i * 3;
  return [
    `${ts(t)} ${host} postfix/smtpd[${pid}]: connect from mail.${dom}[${ip}]`,
    `${ts(t)} ${host} postfix/smtpd[${pid}]: ${q}: client=mail.${dom}[${ip}]`,
    `${ts(t)} ${host} postfix/cleanup[${pid + 1}]: ${q}: message-id=<${q}@${dom}>`,
    `${ts(t)} ${host} postfix/qmgr[1111]: ${q}: from=<${sender}>, size=4211, nrcpt=1 (queue active)`,
    `${ts(t)} ${host} postfix/smtpd[${pid}]: disconnect from mail.${dom}[${ip}] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5`,
  ];
}

/**
 * mx2, the backup MX: 60 messages for example.jp and example-shop.jp from 60 outside senders, relayed to mx1; the 30
 * that came while mx1 was down for maintenance were deferred 8 times each ("connect to mx1.example.jp[192.0.2.10]:25:
 * Connection refused", relay=none) and delivered once it was back.
 */
/** `flush`: when mx1 is back, its connection limit defers the first try of each message (review 14, F6). */
/** `tries`: deferrals of each message while mx1 is down (8: 80 minutes; 40: a 7-hour outage). */
function backupMxLog(flush = false, tries = 8): string {
  const lines: string[] = [];
  for (let i = 0; i < 60; i++) {
    const down = i < 30;
    const t = down ? 7200 + i * 60 : 18000 + i * 300;
    const q = qid('A', i);
    const rcpt = i % 3 === 0 ? `shop@example-shop.jp` : `tanaka@example.jp`;
    lines.push(...received('mx2', t, q, i, `order@sender${i}.example.com`));
    let tt = t + 1;
    if (down) {
      for (let k = 0; k < tries; k++, tt += 600) {
        lines.push(`${ts(tt)} mx2 postfix/smtp[${30000 + i}]: connect to mx1.example.jp[192.0.2.10]:25: Connection refused`);
        lines.push(`${ts(tt)} mx2 postfix/smtp[${30000 + i}]: ${q}: to=<${rcpt}>, relay=none, delay=${tt - t}, delays=${tt - t}/0.01/0/0, `
          + 'dsn=4.4.1, status=deferred (connect to mx1.example.jp[192.0.2.10]:25: Connection refused)');
      }
      if (flush) {
        lines.push(`${ts(tt)} mx2 postfix/smtp[${30000 + i}]: ${q}: to=<${rcpt}>, relay=mx1.example.jp[192.0.2.10]:25, delay=${tt - t}, delays=${tt - t}/0.01/0.1/0, `
          + 'dsn=4.7.0, status=deferred (host mx1.example.jp[192.0.2.10] refused to talk to me: 421 4.7.0 mx1.example.jp Error: too many connections from 192.0.2.2)');
        tt += 600;
      }
    }
    lines.push(`${ts(tt)} mx2 postfix/smtp[${30000 + i}]: ${q}: to=<${rcpt}>, relay=mx1.example.jp[192.0.2.10]:25, delay=${tt - t}, `
      + `delays=0.1/0.01/0.1/0.2, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ${qid('B', i)})`);
    lines.push(`${ts(tt)} mx2 postfix/qmgr[1111]: ${q}: removed`);
  }
  return lines.sort((a, b) => (a.slice(0, 15) < b.slice(0, 15) ? -1 : a.slice(0, 15) > b.slice(0, 15) ? 1 : 0)).join('\n') + '\n';
}

function flood(findings: Finding[]): Finding {
  const f = findings.filter((x) => x.rule === 'queue-flood');
  assert.equal(f.length, 1);
  return f[0]!;
}

test('review 12 L1: a backup MX waiting for its own primary, every message delivered since, is LOW and its fix says so; no "other findings" when there are none', async () => {
  const r = await report([tmp('backupmx.log', backupMxLog())], { year: 2026 });
  assert.deepEqual(r.findings.map((x) => x.rule), ['queue-flood']);
  const f = flood(r.findings);
  assert.equal(f.severity, 'low');
  assert.deepEqual([f.evidence.deferredAttempts, f.evidence.stillQueued, f.evidence.deferralsForOwnDomains, f.evidence.ownDomainsDeferred, f.evidence.ownHostsWaitedFor],
    [240, 0, 240, 'example.jp, example-shop.jp', 'mx1.example.jp']);
  assert.match(f.fix!, /^Nothing is left to delete: no message is queued at the end of the log/);
  assert.match(f.fix!, /All 240 deferrals were of mail for your own domains \(example\.jp, example-shop\.jp\), waiting for your own server mx1\.example\.jp: a backup MX/);
  assert.match(f.fix!, /not a reputation problem/);
  assert.doesNotMatch(f.fix!, /other findings|see the/);
  // The rule's "why" no longer calls every retry a refusal that hurts the reputation.
  const why = r.rules.find((x) => x.id === 'queue-flood')!.why;
  assert.match(why, /when the receivers defer it for spam or volume, each retry also hurts/);
  // However many retries: a primary down for 7 hours, 1,200 deferrals, all delivered since (review 17, I5: it was high).
  const long = flood((await report([tmp('backupmx-7h.log', backupMxLog(false, 40))], { year: 2026 })).findings);
  assert.deepEqual([long.severity, long.evidence.deferredAttempts, long.evidence.deferralsForOwnDomains], ['low', 1200, 1200]);
  const ja = flood((await report([tmp('backupmx.log', backupMxLog())], { year: 2026, lang: 'ja' })).findings);
  assert.match(ja.fix!, /遅延 240 件はすべて自社のドメイン（example\.jp, example-shop\.jp）宛てのメールで、自社のサーバー mx1\.example\.jp を待っていた/);
  assert.doesNotMatch(ja.fix!, /ほかの検出事項を参照/);
});

test('review 12 L1: deferrals to an outside receiver that accepted in the end, and no other finding: the fix names that domain, not "the other findings"', async () => {
  // tanaka@example.jp sends 12 messages to slowcorp.co.jp, whose MX times out 20 times before accepting each.
  const lines: string[] = [];
  for (let i = 0; i < 12; i++) {
    const t = 3600 + i * 120;
    const q = qid('C', i);
    const pid = 40000 + i * 3;
    lines.push(`${ts(t)} mail postfix/submission/smtpd[${pid}]: connect from unknown[203.0.113.10]`,
      `${ts(t)} mail postfix/submission/smtpd[${pid}]: ${q}: client=unknown[203.0.113.10], sasl_method=PLAIN, sasl_username=tanaka@example.jp`,
      `${ts(t)} mail postfix/cleanup[${pid + 1}]: ${q}: message-id=<${q}@example.jp>`,
      `${ts(t)} mail postfix/qmgr[1111]: ${q}: from=<tanaka@example.jp>, size=5120, nrcpt=1 (queue active)`);
    let tt = t + 2;
    for (let k = 0; k < 20; k++, tt += 300) {
      lines.push(`${ts(tt)} mail postfix/smtp[${pid + 2}]: ${q}: to=<staff${i}@slowcorp.co.jp>, relay=none, delay=${tt - t}, `
        + `delays=${tt - t}/0.01/30/0, dsn=4.4.1, status=deferred (connect to mx.slowcorp.co.jp[203.0.113.77]:25: Connection timed out)`);
    }
    lines.push(`${ts(tt)} mail postfix/smtp[${pid + 2}]: ${q}: to=<staff${i}@slowcorp.co.jp>, relay=mx.slowcorp.co.jp[203.0.113.77]:25, delay=${tt - t}, `
      + 'delays=0.1/0.01/0.4/0.7, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 5A1B2C3D4E)', `${ts(tt)} mail postfix/qmgr[1111]: ${q}: removed`);
  }
  const log = lines.sort((a, b) => (a.slice(0, 15) < b.slice(0, 15) ? -1 : a.slice(0, 15) > b.slice(0, 15) ? 1 : 0)).join('\n') + '\n';
  const r = await report([tmp('slow.log', log)], { year: 2026 });
  assert.deepEqual(r.findings.map((x) => x.rule), ['queue-flood']);
  const f = flood(r.findings);
  // Every message delivered in the end, nothing queued: the flood is over, low (review Z, Z15; it was medium).
  assert.equal(f.severity, 'low');
  assert.equal(f.evidence.deferralsForOwnDomains, undefined);
  assert.match(f.fix!, /No other finding names a cause\. Most deferrals were for slowcorp\.co\.jp \(240 deferrals, 12 of 12 recipients delivered in the end\)\./);
  assert.match(f.fix!, /the queue has drained by itself\.$/);
  assert.doesNotMatch(f.fix!, /other findings|your own domains/);
});

// ------------------------------------------------------------------------------------------------ review 13, M6

const RATE_421 = '421-4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users '
  + 'from spam, mail sent from your IP address has been temporarily rate limited. (in reply to end of DATA command)';
const BIG: Array<[string, string]> = [['gmail.com', 'gmail-smtp-in.l.google.com[142.250.157.27]'], ['yahoo.co.jp', 'mx.yahoo.co.jp[97.68.125.182]'],
  ['hotmail.com', 'mx.hotmail.com[18.75.65.209]']];

/**
 * relay1-defer.log's shape (/tmp/r13/gen13.py relay_one_domain): 30 Internet IPs relay without login, each to one
 * big domain only (bot k to BIG[k % 3]), `perBot` messages of 5 recipients from promo@bestdeal.xyz. The first
 * three recipients of each message are deferred three times, 10 minutes apart, with `deferral` ('rate': Gmail's
 * 421-4.7.28; 'down': "connect to …: Connection refused", relay=none), then delivered.
 */
function oneDomainRelayLog(perBot: number, deferral: 'rate' | 'down'): string {
  const lines: string[] = [];
  let n = 0;
  for (let bot = 0; bot < 30; bot++) {
    const ip = `${36 + bot * 7}.69.123.${80 + bot}`;
    const [dom, mx] = BIG[bot % 3]!;
    for (let m = 0; m < perBot; m++, n++) {
      const t = 3600 + n * 7;
      const q = qid('E', n);
      const pid = 22000 + n * 20;
      lines.push(`${ts(t)} mail postfix/smtpd[${pid}]: connect from unknown[${ip}]`, `${ts(t)} mail postfix/smtpd[${pid}]: ${q}: client=unknown[${ip}]`,
        `${ts(t)} mail postfix/cleanup[${pid + 1}]: ${q}: message-id=<${q}@bestdeal.xyz>`,
        `${ts(t)} mail postfix/qmgr[1111]: ${q}: from=<promo@bestdeal.xyz>, size=54891, nrcpt=5 (queue active)`,
        `${ts(t)} mail postfix/smtpd[${pid}]: disconnect from unknown[${ip}] ehlo=1 mail=1 rcpt=5 data=1 quit=1 commands=9`);
      let tt = t + 1;
      for (let k = 0; k < 4; k++, tt += 600) {
        for (let r = 0; r < 5; r++) {
          const to = `to=<user${n * 5 + r}@${dom}>`;
          if (k === 0 && r >= 3) lines.push(`${ts(tt)} mail postfix/smtp[${pid + 2 + r}]: ${q}: ${to}, relay=${mx}:25, delay=1.2, delays=0.1/0.01/0.4/0.7, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as B1ADD3149A)`);
          if (r >= 3) continue;
          if (k === 3) {
            lines.push(`${ts(tt)} mail postfix/smtp[${pid + 2 + r}]: ${q}: ${to}, relay=${mx}:25, delay=${tt - t}, delays=0.1/0.01/0.4/0.7, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 36976F8257)`);
          } else if (deferral === 'rate') {
            lines.push(`${ts(tt)} mail postfix/smtp[${pid + 2 + r}]: ${q}: ${to}, relay=${mx}:25, delay=${tt - t}, delays=${tt - t}/0.01/30/0, dsn=4.7.28, status=deferred (host ${mx} said: ${RATE_421})`);
          } else {
            lines.push(`${ts(tt)} mail postfix/smtp[${pid + 2 + r}]: ${q}: ${to}, relay=none, delay=${tt - t}, delays=${tt - t}/0.01/0/0, dsn=4.4.1, status=deferred (connect to ${mx}:25: Connection refused)`);
          }
        }
      }
      lines.push(`${ts(tt - 600)} mail postfix/qmgr[1111]: ${q}: removed`);
    }
  }
  return lines.sort((a, b) => (a.slice(0, 15) < b.slice(0, 15) ? -1 : a.slice(0, 15) > b.slice(0, 15) ? 1 : 0)).join('\n') + '\n';
}

test('review 13 M6: bots relaying 15 recipients each to gmail.com, yahoo.co.jp or hotmail.com, rate-limited with 421-4.7.28: those are not "your own domains", and the fix says no backup MX', async () => {
  const r = await report([tmp('relay1-defer.log', oneDomainRelayLog(3, 'rate'))], { year: 2026 });
  const f = flood(r.findings);
  assert.equal(f.evidence.deferredAttempts, 810);
  assert.equal(f.evidence.deferralsForOwnDomains, undefined);
  assert.equal(f.evidence.ownDomainsDeferred, undefined);
  assert.doesNotMatch(f.fix!, /your own domains|backup MX|not a reputation problem/);
  // 150 new addresses per domain from bots that relayed 15 each: an open relay now too (relayed-domains.ts), which the fix names.
  assert.match(f.fix!, /The deferrals stop with their cause: see the open-relay and receivers-refusing findings\./);
  const relay = r.findings.filter((x) => x.rule === 'open-relay');
  // 29 of the 30: bot 13's address, 127.69.123.93, is loopback (the site's own host relaying to one domain, no bot).
  assert.deepEqual(relay.map((x) => [x.severity, x.evidence.relayingIps, x.evidence.oneDomainRelayers]), [['critical', 29, 29]]);
});

test('review 13 M6: one domain per bot and few recipients each, but the receivers answer 421-4.7.28: never "your own domains"', async () => {
  // 30 bots, one message of 5 recipients each (under the 10 of a backup MX's sender), deferred for the rate.
  const f = flood((await report([tmp('relay-few.log', oneDomainRelayLog(1, 'rate'))], { year: 2026 })).findings);
  assert.equal(f.evidence.deferralsForOwnDomains, undefined);
  assert.doesNotMatch(f.fix!, /your own domains|not a reputation problem/);
});

test('review 13 M6: one domain per bot and no reputation answer, but 15 recipients per bot: no backup MX sender, not "your own domains"', async () => {
  const f = flood((await report([tmp('relay-down.log', oneDomainRelayLog(3, 'down'))], { year: 2026 })).findings);
  assert.equal(f.evidence.deferralsForOwnDomains, undefined);
  assert.doesNotMatch(f.fix!, /your own domains|not a reputation problem/);
  // Control: one message of 5 recipients per bot and "Connection refused" is a backup MX's shape, and stays one.
  const g = flood((await report([tmp('relay-down-few.log', oneDomainRelayLog(1, 'down'))], { year: 2026 })).findings);
  assert.equal(g.evidence.ownDomainsDeferred, 'gmail.com, hotmail.com, yahoo.co.jp');
});

// Review 14, F6: the flush after maintenance meets the primary's own connection limit (Postfix's anvil). That is no
// receiver's verdict on us: the domains stay ours and the queue-flood finding LOW.
test('review 14 F6: a backup MX flushing into its primary\'s connection limit ("Error: too many connections") is still waiting for its own server', async () => {
  const r = await report([tmp('backupmx-flush.log', backupMxLog(true))], { year: 2026 });
  const f = flood(r.findings);
  assert.equal(f.severity, 'low');
  assert.equal(f.evidence.ownDomainsDeferred, 'example.jp, example-shop.jp');
  // Nor is our own primary "a receiver refusing mail from this server" (was medium, "rate limit / poor reputation").
  assert.deepEqual(r.findings.map((x) => x.rule), ['queue-flood']);
});
