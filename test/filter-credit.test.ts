// Mail through an SMTP content filter (amavis on 127.0.0.1:10024, back on 10025), review 13 H3: the copy's outcomes
// are credited to the original's client IP and SASL login (src/aggregate/filter-credit.ts). Generated logs, seeded,
// in the line shapes of an iRedMail-style server (the copy's "client=localhost[127.0.0.1], orig_queue_id=…,
// orig_client=…" with XFORWARD, or "client=localhost[127.0.0.1]" alone without it; the hand-off "250 2.0.0 from
// MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as …"). The answers are known from what was generated, and
// every cut of the log into byte ranges gives the same report.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from './helpers.js';
import { newAggregate } from '../src/aggregate/create.js';
import { mergeAggregates } from '../src/aggregate/merge.js';
import { creditOutcome, offerCopy, offerPipeCopy, offerPipeSource, offerSource } from '../src/aggregate/filter-credit.js';
import type { MessageOutcome, MessageSource } from '../src/types.js';

const USER = 'alice@example.jp';
const USER_IP = '203.0.113.10';
const BOTS = ['45.14.224.10', '193.32.162.140'];
const PARTNER = '198.51.100.25';
/** Where staff forward their mail: outside domains, but not relaying. */
const FORWARDS = ['yamada.home@gmail.com', 'tanaka@yahoo.co.jp', 'suzuki@outlook.jp', 'ito@icloud.com'];

interface Expected {
  lines: string[];
  user: { messages: number; recipients: number; sent: number; bounced: number; deferred: number };
  /** Per bot IP: messages relayed, recipients, recipients not delivered. */
  bots: Map<string, { messages: number; recipients: number; notDelivered: number }>;
  /** The copies still queued at the end, by queue ID: the login and client IP they must name. */
  queued: Map<string, { saslUser: string; clientIp: string }>;
  /** Messages forwarded for an alias of ours to an outside address. */
  forwarded: number;
}

function generate(seed: number, messages: number, xforwardShare: number, filter: 'amavis' | 'pipe' = 'amavis'): Expected {
  let x = seed >>> 0 || 1;
  const rnd = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
  let n = 0x3A0000;
  const qid = (): string => (n++).toString(16).toUpperCase() + 'B';
  const out: Array<[number, number, string]> = [];
  let seq = 0;
  const line = (t: number, s: string): void => { out.push([t, seq++, s]); };
  const e: Expected = {
    lines: [], user: { messages: 0, recipients: 0, sent: 0, bounced: 0, deferred: 0 }, bots: new Map(), queued: new Map(), forwarded: 0,
  };
  let t = 0;
  for (let i = 0; i < messages; i++) {
    t += 5 + Math.floor(rnd() * 60);
    const kind = rnd();
    const X = qid();
    const C = qid();
    const xforward = rnd() < xforwardShare;
    let ip: string;
    let name: string;
    let sasl = '';
    let from: string;
    let rcpts: Array<{ to: string; origTo: string; local: boolean }>;
    if (kind < 0.4) { // the user's mail, to outside domains
      ip = USER_IP; name = 'unknown'; sasl = USER; from = USER;
      rcpts = Array.from({ length: 1 + Math.floor(rnd() * 4) }, (_, k) => ({ to: `r${i}.${k}@d${Math.floor(rnd() * 50)}.example`, origTo: '', local: false }));
    } else if (kind < 0.7) { // a bot relaying without login
      ip = BOTS[Math.floor(rnd() * BOTS.length)]!; name = 'unknown'; from = `security@bank${i % 3}.example`;
      rcpts = Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, k) => ({ to: `v${i}.${k}@p${Math.floor(rnd() * 80)}.example`, origTo: '', local: false }));
    } else if (kind < 0.85) { // mail for a local mailbox
      ip = PARTNER; name = 'mail.partner.example'; from = 'ito@partner.example';
      rcpts = [{ to: 'sato@example.jp', origTo: '', local: true }];
    } else { // mail for an alias forwarded to a mailbox outside: not relaying
      ip = PARTNER; name = 'mail.partner.example'; from = 'ito@partner.example';
      e.forwarded++;
      const k = Math.floor(rnd() * FORWARDS.length);
      rcpts = [{ to: FORWARDS[k]!, origTo: `staff${k}@example.jp`, local: false }];
    }
    const svc = sasl !== '' ? 'postfix/submission/smtpd' : 'postfix/smtpd';
    line(t, `${svc}[100]: ${X}: client=${name}[${ip}]${sasl !== '' ? `, sasl_method=PLAIN, sasl_username=${sasl}` : ''}`);
    line(t, `postfix/cleanup[101]: ${X}: message-id=<m${i}.${seed}@src.example>`);
    line(t, `postfix/qmgr[102]: ${X}: from=<${from}>, size=4000, nrcpt=${rcpts.length} (queue active)`);
    // The copy comes back while the hand-off waits for amavis's answer; its own deliveries may be logged before the
    // hand-off's lines (qmgr takes it at once) or after; deferred ones are retried an hour later, or stay queued.
    const tc = t + 1;
    const copyFirst = rnd() < 0.3;
    // A pipe filter run once per recipient (${recipient}, a recipient limit of 1) sends back a copy per recipient.
    const copies = filter === 'pipe' && rcpts.length > 1 && rnd() < 0.5 ? rcpts.map((r) => [r]) : [rcpts];
    const copyIds = copies.map((_, k) => (k === 0 ? C : qid()));
    const copyLines = (k: number): void => {
      const c = copyIds[k]!;
      if (filter === 'pipe') line(tc, `postfix/pickup[107]: ${c}: uid=65534 from=<${from}>`);
      else line(tc, `postfix/smtpd[103]: ${c}: client=localhost[127.0.0.1]${xforward ? `, orig_queue_id=${X}, orig_client=${name}[${ip}]` : ''}`);
      line(tc, `postfix/cleanup[101]: ${c}: message-id=<m${i}.${seed}@src.example>`);
      line(tc, `postfix/qmgr[102]: ${c}: from=<${from}>, size=4400, nrcpt=${copies[k]!.length} (queue active)`);
    };
    const handoff = (): void => {
      for (const r of rcpts) {
        const orig = r.origTo !== '' ? ` orig_to=<${r.origTo}>,` : '';
        if (filter === 'pipe') line(tc, `postfix/pipe[108]: ${X}: to=<${r.to}>,${orig} relay=spamassassin, delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (delivered via spamassassin service)`);
        else line(tc, `postfix/smtp[104]: ${X}: to=<${r.to}>,${orig} relay=127.0.0.1[127.0.0.1]:10024, delay=1.1, delays=0.1/0/0/1, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as ${C})`);
      }
      line(tc, `postfix/qmgr[102]: ${X}: removed`);
    };
    let sent = 0;
    let bounced = 0;
    let deferred = 0;
    const deliveries = (at: number, k: number): boolean => {
      const C = copyIds[k]!;
      let open = false;
      for (const r of copies[k]!) {
        const dom = r.to.split('@')[1]!;
        if (r.local) {
          line(at, `postfix/lmtp[105]: ${C}: to=<${r.to}>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.05, delays=0.01/0.01/0.01/0.02, dsn=2.0.0, status=sent (250 2.0.0 <${r.to}> gbGdAtQnKWlTNQAA Saved)`);
          sent++;
          continue;
        }
        const fate = rnd();
        if (fate < 0.6) {
          line(at, `postfix/smtp[106]: ${C}: to=<${r.to}>, relay=mx.${dom}[192.0.2.80]:25, delay=1.2, delays=0.1/0.01/0.4/0.7, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4F1B2C3D4E)`);
          sent++;
        } else if (fate < 0.85) {
          line(at, `postfix/smtp[106]: ${C}: to=<${r.to}>, relay=mx.${dom}[192.0.2.80]:25, delay=0.9, delays=0.1/0.01/0.3/0.5, dsn=5.1.1, status=bounced (host mx.${dom}[192.0.2.80] said: 550 5.1.1 <${r.to}>: Recipient address rejected: User unknown (in reply to RCPT TO command))`);
          bounced++;
        } else {
          line(at, `postfix/smtp[106]: ${C}: to=<${r.to}>, relay=none, delay=31, delays=0.1/0/30/0, dsn=4.4.1, status=deferred (connect to mx.${dom}[192.0.2.80]:25: Connection timed out)`);
          deferred++;
          open = true;
        }
      }
      return open;
    };
    const copyLife = (at: number): void => {
      for (let k = 0; k < copies.length; k++) {
        const open = deliveries(at, k);
        if (open) e.queued.set(copyIds[k]!, { saslUser: sasl, clientIp: ip });
        else line(at, `postfix/qmgr[102]: ${copyIds[k]!}: removed`);
      }
    };
    // A pipe filter's command writes the copy before pipe logs the hand-off; amavis answers once the copy is queued.
    for (let k = 0; k < copies.length; k++) copyLines(k);
    if (copyFirst) {
      copyLife(tc);
      handoff();
    } else {
      handoff();
      copyLife(tc + 1);
    }
    if (sasl !== '') {
      e.user.messages++;
      e.user.recipients += rcpts.length;
      e.user.sent += sent; e.user.bounced += bounced; e.user.deferred += deferred;
    } else if (BOTS.includes(ip)) {
      const b = e.bots.get(ip) ?? { messages: 0, recipients: 0, notDelivered: 0 };
      b.messages++;
      b.recipients += rcpts.length;
      b.notDelivered += bounced + deferred;
      e.bots.set(ip, b);
    }
  }
  out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  e.lines = out.map(([s, , text]) => {
    const hh = String(Math.floor(s / 3600)).padStart(2, '0');
    const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
    const ss = String(s % 60).padStart(2, '0');
    return `Nov 10 ${hh}:${mm}:${ss} mail ${text}`;
  });
  return e;
}

test('behind amavis (with and without XFORWARD) or a pipe filter: the copies\' outcomes are the original sender\'s, and every cut gives the same report', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-filter-credit-'));
  try {
    for (const [seed, xforwardShare, filter] of [[7, 1, 'amavis'], [11, 0, 'amavis'], [23, 0.5, 'amavis'], [31, 0, 'pipe'], [37, 0, 'pipe']] as const) {
      const g = generate(seed, 240, xforwardShare, filter);
      const path = join(dir, `amavis-${seed}.log`);
      writeFileSync(path, g.lines.join('\n') + '\n');
      const r = await report([path], { year: 2026 });
      const u = r.bySaslUser.find((row) => row.key === USER)!;
      assert.deepEqual({ messages: u.messages, recipients: u.recipients, sent: u.sent, bounced: u.bounced, deferred: u.deferred }, g.user, `seed ${seed}`);
      assert.equal(u.recipientDomains > 0, true);
      for (const [ip, b] of g.bots) {
        const row = r.byClientIp.find((x) => x.key === ip)!;
        assert.deepEqual({ messages: row.messages, recipients: row.recipients, relayed: row.unauthRelayed }, { messages: b.messages, recipients: b.recipients, relayed: b.messages }, `seed ${seed} ${ip}`);
      }
      // unauthRelayed counts messages without login that went out over SMTP to a recipient not forwarded for an alias
      // of ours, as without a filter (review 15 L1): the partner's mail, forwarded or for a local mailbox, is none.
      assert.ok(g.forwarded > 0, `seed ${seed}`);
      assert.equal(r.byClientIp.find((x) => x.key === PARTNER)!.unauthRelayed, 0, `seed ${seed}`);
      // The bots are an open relay; the forwarded mail is not in it.
      const relay = r.findings.find((f) => f.rule === 'open-relay');
      assert.ok(relay !== undefined, `seed ${seed}: open-relay`);
      assert.equal(relay.evidence.relayingIps, BOTS.length);
      assert.equal(relay.evidence.relayedMessages, [...g.bots.values()].reduce((s, b) => s + b.messages, 0));
      // What is still queued names the original's login and client, not the filter's 127.0.0.1.
      const queued = new Map(r.stillQueued.map((q) => [q.qid, { saslUser: q.saslUser, clientIp: q.clientIp }]));
      assert.deepEqual(queued, g.queued, `seed ${seed}`);
      const json = JSON.stringify(r);
      const size = statSync(path).size;
      for (const [jobs, rangeBytes] of [[1, 997], [3, 4000], [3, Math.floor(size / 5)], [2, Math.floor(size / 2)]] as const) {
        assert.equal(JSON.stringify(await report([path], { year: 2026, jobs, rangeBytes })), json, `seed ${seed}: jobs ${jobs}, ranges of ${rangeBytes} bytes`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const SOURCE: MessageSource = {
  ip: '45.14.224.10', saslUser: '', received: true, relayCandidate: true, pickupUid: '', host: 'mail', at: 1_000_000, sender: 'a@bank.example',
  ref: { file: 0, line: 1, offset: 0 }, line: 'client=unknown[45.14.224.10]', example: null,
};
const OUTCOME: MessageOutcome = {
  recipients: 2, sent: 1, deferred: 0, bounced: 1, expired: 0, discarded: 0, localRecipients: 0, deferrals: 0, domains: ['x.example', 'y.example'],
  remoteAttempted: true, remoteTo: ['v@x.example', 'w@y.example'], remoteSent: [true, false], remoteSpamRefused: [], spamRefusal: null, receiverRefused: 0, notices: null,
};

test('filter-credit: the two sides meet in either order, within one message\'s life, and across merged aggregates', () => {
  const relayedOf = (a: ReturnType<typeof newAggregate>): unknown => {
    const row = a.byClientIp.get(SOURCE.ip!);
    return row === undefined ? null : [row.recipients, row.unauthRelayed, row.unauthRelayNotDelivered, [...(row.unauthRelayDomains ?? new Map())]];
  };
  const expected = [2, 1, 1, [['x.example', 1], ['y.example', 1]]];
  // Source first, then the copy (the usual order), and the other way round.
  const a = newAggregate();
  offerSource(a, 'mail', 'C1', SOURCE, 1_001_000, [], { relayed: false, sender: false }, null);
  offerCopy(a, 'mail', 'C1', 1_000_500, OUTCOME, null, null);
  assert.deepEqual(relayedOf(a), expected);
  assert.equal(a.filterJoin.size, 0);
  const b = newAggregate();
  offerCopy(b, 'mail', 'C1', 1_000_500, OUTCOME, null, null);
  offerSource(b, 'mail', 'C1', SOURCE, 1_001_000, [], { relayed: false, sender: false }, null);
  assert.deepEqual(relayedOf(b), expected);
  // A copy of the same queue ID a day later is another message: both wait, nothing is credited.
  const c = newAggregate();
  offerSource(c, 'mail', 'C1', SOURCE, 1_001_000, [], { relayed: false, sender: false }, null);
  offerCopy(c, 'mail', 'C1', 1_000_500 + 86_400_000, OUTCOME, null, null);
  assert.equal(relayedOf(c), null);
  assert.equal(c.filterJoin.get('mail/C1')!.length, 2);
  // A recipient the original forwarded for an alias of ours (orig_to=) is not relayed.
  const d = newAggregate();
  offerSource(d, 'mail', 'C1', SOURCE, 1_001_000, ['w@y.example'], { relayed: false, sender: false }, null);
  offerCopy(d, 'mail', 'C1', 1_000_500, OUTCOME, null, null);
  assert.deepEqual(relayedOf(d), [2, 1, 0, [['x.example', 1]]]);
  // Folded in two ranges: the halves meet in the merge, whichever way round it goes.
  for (const order of [0, 1]) {
    const s = newAggregate();
    offerSource(s, 'mail', 'C1', SOURCE, 1_001_000, [], { relayed: false, sender: false }, null);
    const k = newAggregate();
    offerCopy(k, 'mail', 'C1', 1_000_500, OUTCOME, null, null);
    const m = order === 0 ? mergeAggregates(s, k) : mergeAggregates(k, s);
    assert.deepEqual(relayedOf(m), expected);
    assert.equal(m.filterJoin.size, 0);
  }
  // A pipe filter run per recipient: two copies of one original, each one recipient, meet it under one key in either
  // order; the message is relayed once, its recipients are both copies', and nothing is left waiting.
  for (const sourceFirst of [true, false]) {
    const p = newAggregate();
    const one: MessageOutcome = { ...OUTCOME, recipients: 1, sent: 1, bounced: 0, domains: ['x.example'], remoteTo: ['v@x.example'], remoteSent: [true] };
    const two: MessageOutcome = { ...OUTCOME, recipients: 1, sent: 0, bounced: 1, domains: ['y.example'], remoteTo: ['w@y.example'], remoteSent: [false] };
    const key = 'mail\na@bank.example\n<m1@src.example>';
    if (sourceFirst) offerPipeSource(p, key, SOURCE, 1_001_000, [], 2, { relayed: false, sender: false }, null);
    offerPipeCopy(p, key, 'P1', 1_000_800, one, 1, null, null);
    offerPipeCopy(p, key, 'P2', 1_000_900, two, 1, null, null);
    if (!sourceFirst) offerPipeSource(p, key, SOURCE, 1_001_000, [], 2, { relayed: false, sender: false }, null);
    assert.deepEqual(relayedOf(p), expected, `source first: ${sourceFirst}`);
    assert.equal(p.filterJoin.size, 0);
  }
  // A login's message: its recipients, outcomes and sent hour go to the login and its client IP.
  const e = newAggregate();
  creditOutcome(e, { ...SOURCE, saslUser: 'info@example.jp', relayCandidate: false }, OUTCOME, null);
  const u = e.bySaslUser.get('info@example.jp')!;
  assert.deepEqual([u.recipients, u.sent, u.bounced, u.clientIpRecipients.get(SOURCE.ip!), u.clientIpSent.get(SOURCE.ip!)], [2, 1, 1, 2, 1]);
  assert.equal(e.byClientIp.get(SOURCE.ip!)!.unauthRelayed, 0);
});
