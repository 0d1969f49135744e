// Review AO, AO1: a busy, well-defended MX gets a few hundred failed SMTP AUTH logins a day on port 587 from bots
// that come once or twice each (a few hundred IPs, none 10 times, none logged in). At an even 25 an hour, chance puts
// one clock hour above 30 (the distributed attack's count): that alone made the day's weather a HIGH "Distributed
// password guessing" whose first step was to firewall 268 addresses. The line shapes are the corpus incident's
// (maillog: "warning: unknown[…]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=…") and
// /work/review-ao-logs/mx-g600.log's.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from './helpers.js';
import { shortTitle } from '../src/report/overview.js';
import { en, ja as jaMessages } from '../src/i18n/index.js';
import type { Finding } from '../src/types.js';
import { decemberStamp, seededRandom } from './fixtures/day-clock.js';

const H = 3600;


const NAMES = ['admin', 'test', 'info', 'sales', 'support', 'webmaster', 'office', 'user', 'postmaster', 'contact', 'admin@example.jp', 'test@example.jp'];

// mx-g600.log: a bot's submission session, its one failed AUTH.
function failure(t: number, ip: string, name: string, pid: number): string[] {
  const sd = `postfix/submission/smtpd[${pid}]`;
  return [
    `${decemberStamp(t)} mail ${sd}: connect from unknown[${ip}]`,
    `${decemberStamp(t + 2)} mail dovecot: auth: passwd-file(${name},${ip}): unknown user`,
    `${decemberStamp(t + 4)} mail ${sd}: warning: unknown[${ip}]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=${name}`,
    `${decemberStamp(t + 4)} mail ${sd}: lost connection after AUTH from unknown[${ip}]`,
    `${decemberStamp(t + 4)} mail ${sd}: disconnect from unknown[${ip}] ehlo=1 starttls=1 auth=0/1 commands=2/3`,
  ];
}

/** `n` failures at random times in [from, until) from `ipCount` bots, each name at random. */
function guessing(seed: number, n: number, ipCount: number, from = 0, until = 24 * H - 600): Array<{ t: number; lines: string[] }> {
  const r = seededRandom(seed);
  const ips = Array.from({ length: ipCount }, (_, i) => `${[45, 91, 141, 185, 193][i % 5]}.${1 + (i * 37) % 250}.${1 + (i * 91) % 250}.${1 + i % 250}`);
  return Array.from({ length: n }, (_, k) => {
    const t = from + Math.floor(r() * (until - from));
    return { t, lines: failure(t, ips[Math.floor(r() * ipCount)]!, NAMES[Math.floor(r() * NAMES.length)]!, 20000 + k) };
  });
}

function write(name: string, sessions: Array<{ t: number; lines: string[] }>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-ao-'));
  const path = join(dir, name);
  const sorted = [...sessions].sort((a, b) => a.t - b.t);
  writeFileSync(path, sorted.flatMap((s) => s.lines).join('\n') + '\n');
  return path;
}

async function guessingFinding(path: string, lang: 'en' | 'ja' = 'en'): Promise<Finding> {
  const r = await report([path], { year: 2026, lang });
  const f = r.findings.filter((x) => x.rule === 'sasl-bruteforce');
  assert.equal(f.length, 1, JSON.stringify(r.findings.map((x) => x.title)));
  return f[0]!;
}

test('AO1 600 failed logins from 268 bots at an even 25 an hour over a day, none 10 times: low background, not a HIGH attack', async () => {
  const path = write('mx-day.log', guessing(600, 600, 268));
  const f = await guessingFinding(path);
  assert.equal(f.evidence.failedLoginsFromAttackingIps, 600);
  assert.equal(f.evidence.ipsOverThreshold, 0);
  // Chance puts the busiest hour above 30 (the count a distributed attack has in an hour); the mean is 25.
  const peak = f.evidence.peakHourFailedLoginsInLog as number;
  assert.ok(peak >= 30, `peak ${peak}`);
  assert.equal(f.severity, 'low', f.title);
  assert.match(f.title, /^Background password guessing \(normal for a server on the Internet\): 600 failed logins from \d+ IPs in 24 h, none succeeded$/);
  assert.ok((f.fix ?? '').startsWith('Nothing urgent: this is the password guessing every mail server on the Internet gets.'), f.fix);
  const ja = await guessingFinding(path, 'ja');
  assert.equal(ja.severity, 'low');
  // AO7: the headline's short form is no "attack" in Japanese either (the English one never said it).
  assert.equal(shortTitle(f, en), `Password guessing: 600 failed logins from ${f.evidence.attackingIps} IPs`);
  assert.equal(shortTitle(ja, jaMessages), `パスワード推測（背景レベル）: ${ja.evidence.attackingIps} 件の IP アドレスから 600 回のログイン失敗`);
  assert.match(ja.title, /^背景レベルのパスワード推測（インターネットに公開されたサーバーでは通常のことです）: 24 時間で、\d+ 件の IP アドレスから 600 回のログイン失敗があり、成功したものはありません$/);
});

test('AO1 the attack stays an attack: a burst in one hour over the same background, and a steady 40 an hour all day', async () => {
  // 300 over the day (12 an hour) plus 60 in one hour from other bots: the busiest hour is far above what that rate gives.
  const burst = await guessingFinding(write('burst.log', [...guessing(601, 300, 150), ...guessing(602, 60, 40, 10 * H, 11 * H)]));
  assert.equal(burst.severity, 'high', burst.title);
  // 960 over the day: 40 an hour, above the distributed attack's count in the average hour.
  const steady = await guessingFinding(write('steady.log', guessing(603, 960, 400)));
  assert.equal(steady.severity, 'high', steady.title);
  // A short log: an hour and a half holding 45 failures (two clock hours: too few to speak of a rate).
  const short = await guessingFinding(write('short.log', guessing(604, 45, 40, 10 * H, 11 * H + 1800)));
  assert.equal(short.severity, 'high', short.title);
});
