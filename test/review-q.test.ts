// Review Q: the local-program branch of open-relay (forged senders to few domains counted by many different
// addresses, review 19 M2) read legitimate shapes as phishing and missed a form's favourite brand. Generated logs
// (test/day-log.ts, the corpus's line shapes) with known answers, after /tmp/revQ's gen.mjs scenarios:
//   Q1 one www-data sending order mail for four shops, each as orders@ of its own domain (mailboxes elsewhere);
//   Q2 a shop with 2,100 orders and a contact form (12 messages as the visitors to the owner): past the old 2,000
//      pairs' cap the test fell back to all of the program's mail;
//   Q3 a list script resending 20 posts as their authors to the same 300 subscribers;
//   Q4 a contact form mailing each visitor a copy "from" the visitor's own address;
//   Q6 a form phishing as three brands in turn (one taken for the program's own domain: unseen), and a form's
//      favourite brand missing from the title and every count.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportEveryWay, reportOfLog } from './helpers.js';
import { BRANDS, FREE, programMail, relays, siteDay } from './program-mail.js';

const DIR = mkdtempSync(join(tmpdir(), 'mlf-review-q-'));
test.after(() => rmSync(DIR, { recursive: true, force: true }));

test('Q1: one www-data sending order mail for four shops, each as one fixed address of its own domain, is no spam', async () => {
  const log = siteDay();
  const shops = ['shop-a.example', 'shop-b.example', 'shop-c.example', 'shop-d.example'];
  const n = [90, 45, 40, 35];
  let k = 0;
  shops.forEach((s, j) => { for (let i = 0; i < n[j]!; i++) programMail(log, 1800 + (k++) * 300, 33, `orders@${s}`, [`cust${j}.${i}@${FREE[i % 5]}`]); });
  const r = await reportEveryWay(DIR, 'hosting.log', log);
  assert.deepEqual(relays(r), []);
  // The same four shops' mail, each sent as 40 rotating addresses instead, is the phishing form's shape.
  const rot = siteDay();
  k = 0;
  shops.forEach((s, j) => { for (let i = 0; i < n[j]!; i++) programMail(rot, 1800 + (k++) * 300, 33, `orders${i % 40}@${s}`, [`cust${j}.${i}@${FREE[i % 5]}`]); });
  assert.deepEqual(relays(await reportOfLog(DIR, 'hosting-rotating.log', rot)).map((f) => [f.severity, f.evidence.forgedSenderMessages]), [['critical', 210]]);
});

test('Q2: a shop with 2,100 orders and a contact form as its visitors to the owner is no spam: no cap, no fallback to all its mail', async () => {
  const log = siteDay();
  for (let i = 0; i < 2100; i++) programMail(log, 600 + i * 40, 33, 'woocommerce@myshop.example', [`buyer${i}@${FREE[i % 5]}`]);
  for (let i = 0; i < 12; i++) programMail(log, 5000 + i * 6000, 33, `visitor${i}@${['gmail.com', 'yahoo.co.jp', 'outlook.com'][i % 3]}`, ['owner@myshop.example']);
  const r = await reportEveryWay(DIR, 'wpbig.log', log);
  assert.deepEqual(relays(r), []);
});

test('Q3: a list script resending 20 posts as their authors to the same 300 subscribers is no spam: 300 addresses of 6,000 recipients', async () => {
  const log = siteDay();
  // 20 authors of 5 domains (4 each: no fixed senders), each post to all 300 subscribers.
  const authors = Array.from({ length: 20 }, (_, i) => `member${i}@${['univ-a.ac.jp', 'corp-b.co.jp', 'nifty.com', 'biglobe.ne.jp', 'corp-c.co.jp'][i % 5]}`);
  const subs = Array.from({ length: 300 }, (_, i) => `sub${i}@${FREE[i % 10]}`);
  for (let p = 0; p < 20; p++) programMail(log, 1800 + p * 4000, 38, authors[p]!, subs);
  assert.deepEqual(relays(await reportOfLog(DIR, 'list.log', log)), []);
  // Asked for 5%, the same mail is the sign: the share of its recipients is what keeps it quiet.
  const loose = relays(await reportOfLog(DIR, 'list.log', log, { detect: { thresholds: { 'open-relay.localForgedAddressPercent': 5 } } }));
  assert.deepEqual(loose.map((f) => f.evidence.outsideRecipientAddresses), ['mail uid=38 (300)']);
});

test('Q4: a contact form mailing each visitor a copy "from" the visitor is no spam: a copy to its own sender is left out', async () => {
  const log = siteDay();
  for (let i = 0; i < 150; i++) programMail(log, 1800 + i * 500, 33, `v${i}@${FREE[i % 5]}`, [`V${i}@${FREE[i % 5]}`]);
  assert.deepEqual(relays(await reportEveryWay(DIR, 'copy.log', log)), []);
});

test('Q6: a form\'s favourite brand sent through rotating addresses is forged too: three brands fire, and the title names mufg.jp with every count', async () => {
  const three = siteDay();
  for (let i = 0; i < 400; i++) {
    programMail(three, 1800 + i * 200, 33, `security${i % 50}@${BRANDS[i % 3]}`, [0, 1].map((k) => `u${i}.${k}@${FREE[(2 * i + k) % 10]}`));
  }
  const r3 = relays(await reportEveryWay(DIR, 'threebrands.log', three));
  assert.deepEqual(r3.map((f) => [f.severity, f.evidence.forgedSenderMessages, f.evidence.distinctForgedSenderDomains, f.evidence.hostSenderDomains,
    f.evidence.outsideRecipientAddresses, f.evidence.forgedSenderAddresses]), [['critical', 400, 3, 'mail uid=33 (-)', 'mail uid=33 (800)', 'mail uid=33 (150)']]);
  // mufg.jp in 40% of the messages (50 addresses): first in the title, all 400 messages forged.
  const five = siteDay();
  const w = [0, 0, 0, 0, 1, 1, 2, 2, 3, 4];
  for (let i = 0; i < 400; i++) {
    programMail(five, 1800 + i * 200, 33, `security${100 + (i % 150)}@${BRANDS[w[i % 10]!]}`, [0, 1].map((k) => `u${i}.${k}@${FREE[(2 * i + k) % 10]}`));
  }
  const f = relays(await reportOfLog(DIR, 'phish5.log', five))[0]!;
  assert.match(f.title, /, 400 of them as other people's domains \(mufg\.jp, amazon\.co\.jp, smbc-card\.com and 2 more\), from \d+ different sender addresses to 800 different recipient addresses/);
  assert.equal(f.evidence.hostSenderDomains, 'mail uid=33 (-)');
  // A site's own domain keeps its place: a shop's order mail as orders@ and noreply@ beside the same form's four other
  // brands is left out of the forged figures.
  const shop = siteDay();
  for (let i = 0; i < 400; i++) {
    programMail(shop, 1800 + i * 200, 33, `security${100 + (i % 150)}@${BRANDS[1 + (i % 4)]}`, [0, 1].map((k) => `u${i}.${k}@${FREE[(2 * i + k) % 10]}`));
  }
  for (let i = 0; i < 500; i++) programMail(shop, 1000 + i * 160, 33, i % 2 === 0 ? 'orders@shop-example.jp' : 'noreply@shop-example.jp', [`c${i}@${FREE[i % 10]}`]);
  const g = relays(await reportOfLog(DIR, 'shop-and-form.log', shop))[0]!;
  assert.deepEqual([g.severity, g.evidence.forgedSenderMessages, g.evidence.hostSenderDomains, g.evidence.outsideRecipientAddresses],
    ['critical', 400, 'mail uid=33 (shop-example.jp)', 'mail uid=33 (800)']);
});
