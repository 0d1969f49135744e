// Review AO, AO5: a busy MX whose postscreen already scores clients against Spamhaus ("DNSBL rank 3 for [ip]:port",
// then "NOQUEUE: reject: RCPT from [ip]:port: 550 5.7.1 Service unavailable; client [ip] blocked using zen.spamhaus.org")
// got, under its address-harvesting note, the advice to turn postscreen's DNSBL on (postscreen_dnsbl_sites,
// postscreen_dnsbl_action = enforce). With "DNSBL rank" lines in the log, the advice says it is there and how to check
// what it does; without them, the advice is the general one. Lines: /work/review-ao-logs/mx.log.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from './helpers.js';
import type { Report } from '../src/report/model.js';

const NAMES = ['admin', 'office', 'contact', 'sales', 'support', 'webmaster', 'abuse', 'hr', 'recruit', 'kanri', 'soumu', 'keiri'];

/** mx.log's harvester (12 unknown names, then "too many errors"), and `ranked` postscreen DNSBL verdicts before it. */
function log(ranked: number): string {
  const ip = '212.215.45.15';
  const sd = 'postfix/smtpd[22938]';
  const lines: string[] = [];
  for (let k = 0; k < ranked; k++) {
    const bot = `185.23.${k}.9`;
    const s = `Dec  1 03:${String(10 + k).padStart(2, '0')}:00 mail postfix/postscreen[906]:`;
    lines.push(`${s} CONNECT from [${bot}]:51234 to [203.0.113.25]:25`, `${s} DNSBL rank 3 for [${bot}]:51234`,
      `${s} NOQUEUE: reject: RCPT from [${bot}]:51234: 550 5.7.1 Service unavailable; client [${bot}] blocked using zen.spamhaus.org; `
        + `from=<info@mail.ru>, to=<tanaka@example.jp>, proto=ESMTP, helo=<User>`, `${s} DISCONNECT [${bot}]:51234`);
  }
  lines.push(`Dec  1 03:28:23 mail ${sd}: connect from unknown[${ip}]`);
  NAMES.forEach((n, k) => lines.push(`Dec  1 03:28:${String(24 + k).padStart(2, '0')} mail ${sd}: NOQUEUE: reject: RCPT from unknown[${ip}]: 550 5.1.1 `
    + `<${n}@example.jp>: Recipient address rejected: User unknown in virtual mailbox table; from=<info@promo-jp.top> to=<${n}@example.jp> proto=ESMTP helo=<${ip}>`));
  lines.push(`Dec  1 03:28:36 mail ${sd}: too many errors after RCPT from unknown[${ip}]`,
    `Dec  1 03:28:36 mail ${sd}: disconnect from unknown[${ip}] ehlo=1 mail=1 rcpt=0/12 commands=2/14`);
  const dir = mkdtempSync(join(tmpdir(), 'review-ao5-'));
  const path = join(dir, `mx-${ranked}.log`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const harvesting = (r: Report): string => {
  const f = r.findings.find((x) => x.rule === 'relay-probing');
  assert.ok(f, 'a harvesting finding');
  return f.fix ?? r.rules.find((x) => x.id === 'relay-probing')!.fix;
};

test('AO5 postscreen already scoring clients against DNS block lists: the harvesting advice says so, and does not set it up again', async () => {
  const path = log(3);
  const fix = harvesting(await report([path], { year: 2026 }));
  assert.match(fix, /postscreen already scores clients against DNS block lists here \(3 `DNSBL rank` lines\): no list to add\./);
  assert.match(fix, /^postconf postscreen_dnsbl_sites postscreen_dnsbl_threshold postscreen_dnsbl_action$/m);
  assert.doesNotMatch(fix, /postscreen_dnsbl_action = enforce|With postscreen on port 25/);
  const ja = harvesting(await report([path], { year: 2026, lang: 'ja' }));
  assert.match(ja, /このサーバーの postscreen はすでに DNS ブロックリストでクライアントを評価しています（`DNSBL rank` の行が 3 件）。/);
  assert.doesNotMatch(ja, /postscreen_dnsbl_action = enforce|ポート 25 で postscreen を使っている場合/);
});

test('AO5 without postscreen\'s DNSBL lines the advice is the general one, with the lines that turn it on', async () => {
  const fix = harvesting(await report([log(0)], { year: 2026 }));
  assert.match(fix, /With postscreen on port 25 \(`postconf -M smtp\/inet` shows `postscreen`\), let it turn away the clients Spamhaus lists\./);
  assert.match(fix, /postscreen_dnsbl_action = enforce/);
  const ja = harvesting(await report([log(0)], { year: 2026, lang: 'ja' }));
  assert.match(ja, /ポート 25 で postscreen を使っている場合/);
});
