// Review S: the local-program branch of open-relay (review 19 M2, review Q) weakened with volume, kept an entry per
// sender domain without bound, and counted a contact form's copies to its visitors and two programs' shared
// recipients as different. Generated logs (test/day-log.ts) with known answers:
//   S1 the Q6 form (three brands, a pool of 50 senders) at 2,000 messages: a share of the messages fell below 10%,
//      its favourite brand became "the site's own" and the finding went;
//   S3 a form forging a new sender domain for each message: at most SENDER_DOMAINS entries, folded the same way for
//      any split;
//   S6 a contact form's copy to the visitor "from" the visitor made the visitors' domain a rotating one;
//   S8 two uids writing to the same list: its addresses counted once.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportEveryWay, reportOfLog } from './helpers.js';
import { BRANDS, FREE, programMail, relays, siteDay } from './program-mail.js';
import type { SenderDomainAddresses } from '../src/types.js';
import { OTHER_DOMAINS, SENDER_DOMAINS, addToSketch, countSketches, mergeSenderDomainAddresses, senderDomainEntry, senderDomainEntryOf } from '../src/aggregate/address-set.js';

const DIR = mkdtempSync(join(tmpdir(), 'mlf-review-s-'));
test.after(() => rmSync(DIR, { recursive: true, force: true }));

test('S1: the three-brand form of Q6 at 2,000 messages fires as at 400: rotating senders are counted in addresses, not as a share of the messages', async () => {
  const log = siteDay();
  const step = 80000 / 2000;
  for (let i = 0; i < 2000; i++) {
    programMail(log, 1800 + i * step, 33, `security${i % 50}@${BRANDS[i % 3]}`, [0, 1].map((k) => `u${i}.${k}@${FREE[(2 * i + k) % 10]}`));
  }
  const r = relays(await reportOfLog(DIR, 'three2000.log', log));
  assert.deepEqual(r.map((f) => [f.severity, f.evidence.forgedSenderMessages, f.evidence.distinctForgedSenderDomains, f.evidence.hostSenderDomains,
    f.evidence.outsideRecipientAddresses, f.evidence.forgedSenderAddresses]), [['critical', 2000, 3, 'mail uid=33 (-)', 'mail uid=33 (~3981)', 'mail uid=33 (150)']]);
  // A site's own domain with three fixed senders in 2,000 messages stays its own beside the form.
  const shop = siteDay();
  for (let i = 0; i < 400; i++) {
    programMail(shop, 1800 + i * 200, 33, `security${100 + (i % 150)}@${BRANDS[1 + (i % 4)]}`, [0, 1].map((k) => `u${i}.${k}@${FREE[(2 * i + k) % 10]}`));
  }
  for (let i = 0; i < 2000; i++) programMail(shop, 1000 + i * 40, 33, ['orders@shop-example.jp', 'noreply@shop-example.jp', 'info@shop-example.jp'][i % 3]!, [`c${i}@${FREE[i % 10]}`]);
  const g = relays(await reportOfLog(DIR, 'shop2000.log', shop));
  assert.deepEqual(g.map((f) => [f.severity, f.evidence.forgedSenderMessages, f.evidence.hostSenderDomains]), [['critical', 400, 'mail uid=33 (shop-example.jp)']]);
});

/** The table of a program as `parts` (lists of [sender, recipient]) merged in the order given. */
function tableOf(parts: Array<Array<[string, string]>>): string {
  let m: Map<string, SenderDomainAddresses> | null = null;
  for (const part of parts) {
    const p = new Map<string, SenderDomainAddresses>();
    for (const [sender, to] of part) {
      const e = senderDomainEntry(p, sender.slice(sender.indexOf('@') + 1));
      e.recipients++;
      e.to = addToSketch(e.to, to);
      e.as = addToSketch(e.as, sender);
    }
    m = mergeSenderDomainAddresses(m, p);
  }
  const rows = [...m!].map(([d, e]) => [d, e.recipients, countSketches([e.to]).count, countSketches([e.as]).count, e.level ?? 0] as const);
  return JSON.stringify(rows.sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

test('S3: a form forging a new sender domain for each message keeps at most SENDER_DOMAINS entries, the same table for any split and merge order', () => {
  const mail: Array<[string, string]> = [];
  for (let i = 0; i < 3000; i++) mail.push([`security${i % 40}@brand${i % 1500}.example`, `u${i}@${FREE[i % 10]}`]);
  const whole = tableOf([mail]);
  const rows = JSON.parse(whole) as Array<[string, number, number, number, number]>;
  assert.ok(rows.length <= SENDER_DOMAINS + 1, `${rows.length} entries`);
  const other = rows.find((x) => x[0] === OTHER_DOMAINS)!;
  assert.ok(other[4] > 0);
  // Nothing is lost: every recipient is in one entry.
  assert.equal(rows.reduce((n, x) => n + x[1], 0), 3000);
  for (const cuts of [[1], [700, 701, 2999], [100, 1500, 2200], [1400]]) {
    const parts: Array<Array<[string, string]>> = [];
    let from = 0;
    for (const c of [...cuts, 3000]) { parts.push(mail.slice(from, c)); from = c; }
    assert.equal(tableOf(parts), whole, `cuts ${cuts.join(',')}`);
    assert.equal(tableOf([...parts].reverse()), whole, `cuts ${cuts.join(',')} merged backwards`);
  }
  // A folded domain reads the shared entry; one of its own, its own.
  const m = new Map<string, SenderDomainAddresses>();
  for (const [sender] of mail) senderDomainEntry(m, sender.slice(sender.indexOf('@') + 1));
  const kept = [...m.keys()].find((d) => d !== OTHER_DOMAINS)!;
  assert.equal(senderDomainEntryOf(m, kept), m.get(kept));
  const folded = Array.from({ length: 1500 }, (_, i) => `brand${i}.example`).find((d) => !m.has(d))!;
  assert.equal(senderDomainEntryOf(m, folded), m.get(OTHER_DOMAINS));
  assert.equal(senderDomainEntryOf(m, 'never.example') === undefined || senderDomainEntryOf(m, 'never.example') === m.get(OTHER_DOMAINS), true);
});

test('S3: the same form through sendmail fires, with one report for every split', async () => {
  const log = siteDay();
  for (let i = 0; i < 600; i++) programMail(log, 1800 + i * 120, 33, `security${i % 40}@brand${i % 300}.example`, [`u${i}@${FREE[i % 10]}`]);
  const r = relays(await reportEveryWay(DIR, 'random-domains.log', log));
  // The most used sender domain (two messages) is taken for the program's own.
  assert.deepEqual(r.map((f) => [f.severity, f.evidence.forgedSenderMessages, f.evidence.outsideRecipientAddresses]), [['critical', 598, 'mail uid=33 (598)']]);
});

test('S6: a contact form\'s copies to its visitors "from" the visitors add no sender: the visitors\' domain is no rotating brand', async () => {
  const log = siteDay();
  for (let i = 0; i < 300; i++) programMail(log, 1000 + i * 250, 33, `v${i}@gmail.com`, [`v${i}@gmail.com`]);
  for (let i = 0; i < 200; i++) programMail(log, 1800 + i * 300, 33, `security${i % 30}@${BRANDS[i % 3]}`, [0, 1].map((k) => `u${i}.${k}@${FREE[1 + ((2 * i + k) % 9)]}`));
  const r = relays(await reportEveryWay(DIR, 'copies.log', log));
  assert.deepEqual(r.map((f) => [f.severity, f.evidence.forgedSenderMessages, f.evidence.distinctForgedSenderDomains, f.evidence.hostSenderDomains]),
    [['critical', 200, 3, 'mail uid=33 (gmail.com)']]);
});

test('S8: two programs writing to the same list count its addresses once', async () => {
  const log = siteDay();
  for (const uid of [33, 34]) {
    for (let i = 0; i < 300; i++) programMail(log, 1800 + uid + i * 250, uid, `security${i % 30}@${BRANDS[i % 3]}`, [`u${i}@${FREE[i % 10]}`]);
  }
  const r = relays(await reportOfLog(DIR, 'two-uids.log', log));
  assert.equal(r.length, 1);
  assert.equal(r[0]!.evidence.outsideRecipientAddresses, 'mail uid=33 (300), mail uid=34 (300)');
  assert.match(r[0]!.title, /, from 30 different sender addresses to 300 different recipient addresses:/);
});
