// Review Z (first-time user): the findings' severities, order and advice, with known answers on the samples and the
// corpus. Z5: background password guessing is low; Z15: causes before consequences, queue-flood over once the queue
// is empty, queue-deleted high when the users' mail was lost; Z16: the port-25 advice checks the block first; Z22:
// the backscatter check names the server's reversed IP.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../src/report/model.js';
import { CORPUS, ROOT, report } from './helpers.js';

const S = (name: string): string => join(ROOT, 'samples', name);
const ROTATED = ['maillog', 'maillog.1', 'maillog.2.gz', 'maillog-20261120.gz'].map((f) => join(ROOT, 'samples', 'rotated', f));
const CORPUS_INCIDENT = join(CORPUS, 'incident', 'maillog');
const CORPUS_HEALTHY = join(CORPUS, 'healthy', 'maillog');
const noCorpus = !existsSync(CORPUS_INCIDENT) ? 'corpus not found' : false;
const dir = mkdtempSync(join(tmpdir(), 'mlf-z-'));

const cache = new Map<string, Promise<Report>>();
function run(paths: string[], lang: 'en' | 'ja' = 'en'): Promise<Report> {
  const key = `${lang} ${paths.join(' ')}`;
  let r = cache.get(key);
  if (r === undefined) cache.set(key, (r = report(paths, { year: 2026, lang })));
  return r;
}

const order = (r: Report): string[] => r.findings.map((f) => `${f.severity} ${f.rule}`);
const finding = (r: Report, rule: string): Report['findings'][number] => {
  const f = r.findings.find((x) => x.rule === rule);
  assert.ok(f, `${rule} in ${order(r).join(', ')}`);
  return f;
};

// ------------------------------------------------------------------------------------------------ Z5

const BACKGROUND = /^Background password guessing \(normal for a server on the Internet\): (\d+) failed logins from (\d+) IPs (?:in \d+ h|over [\d.]+ days), none succeeded$/;

test('Z5 samples/after-fix.log: 92 failed logins from 41 IPs, none over 10, none logged in: low, background, nothing urgent', async () => {
  const f = finding(await run([S('after-fix.log')]), 'sasl-bruteforce');
  assert.equal(f.severity, 'low');
  assert.match(f.title, BACKGROUND);
  assert.equal(f.title, 'Background password guessing (normal for a server on the Internet): 92 failed logins from 41 IPs in 40 h, none succeeded');
  assert.equal(f.evidence.ipsOverThreshold, 0);
  assert.equal(f.evidence.peakHourFailedLoginsInLog, 8);
  assert.match(f.fix ?? '', /^Nothing urgent: /);
  assert.doesNotMatch(f.fix ?? '', /Block the attacking IPs now/);
  // The list stays, for whoever wants it.
  assert.equal(f.lists?.['blocklist-ips.txt']?.length, 41);
});

test('Z5 samples/rotated: 52 failed logins from 28 IPs over 3.2 days: low, background; its port-25 advice is optional', async () => {
  const r = await run(ROTATED);
  assert.deepEqual(order(r), ['low sasl-bruteforce']);
  const f = r.findings[0]!;
  assert.equal(f.title, 'Background password guessing (normal for a server on the Internet): 52 failed logins from 28 IPs over 3.2 days, none succeeded');
  const fix = f.fix ?? '';
  assert.match(fix, /^Nothing urgent: .*The steps below are optional hardening/);
  // fail2ban first; AUTH off on port 25 (23 of the failures came through it) after it.
  assert.ok(fix.indexOf('[postfix-sasl]') < fix.indexOf('smtpd_sasl_auth_enable=no'), fix);
});

test('Z5 the Japanese report gives the same severities and a background title', async () => {
  for (const paths of [[S('after-fix.log')], ROTATED, [S('incident.log')], [S('bruteforce.log')]]) {
    const [en, ja] = [await run(paths), await run(paths, 'ja')];
    assert.deepEqual(order(ja), order(en), paths.join(' '));
  }
  const ja = finding(await run([S('after-fix.log')], 'ja'), 'sasl-bruteforce');
  assert.match(ja.title, /^背景レベルのパスワード推測（インターネットに公開されたサーバーでは通常のことです）: 40 時間で、41 件の IP アドレスから 92 回のログイン失敗があり、成功したものはありません$/);
  assert.match(ja.fix ?? '', /^急ぐ必要はありません。/);
});

test('Z5 a guessed password stays critical, an attack stays high', async () => {
  // samples/incident.log: 41.213.169.4 logged in after its failures.
  assert.equal(finding(await run([S('incident.log')]), 'sasl-bruteforce').severity, 'critical');
  // samples/bruteforce.log: 848 failed logins in a day, 14 IPs over the per-IP threshold.
  const b = finding(await run([S('bruteforce.log')]), 'sasl-bruteforce');
  assert.equal(b.severity, 'high');
  assert.match(b.title, /^Distributed password guessing: 848 failed logins from 201 IPs/);
});

/** `n` SMTP AUTH failures of `ip`, one every `gapMin` minutes from `startMin` on 2026-11-10. */
function failures(ip: string, n: number, startMin: number, gapMin: number, pid: number): string[] {
  const two = (x: number): string => String(x).padStart(2, '0');
  return Array.from({ length: n }, (_, i) => {
    const m = startMin + i * gapMin;
    return `Nov 10 ${two(Math.floor(m / 60) % 24)}:${two(m % 60)}:07 mail postfix/submission/smtpd[${pid + i}]: warning: unknown[${ip}]: `
      + `SASL LOGIN authentication failed: (reason unavailable), sasl_username=${['info', 'admin', 'sales'][i % 3]}@example.jp`;
  });
}

async function ofLines(name: string, lines: string[]): Promise<Report> {
  const path = join(dir, name);
  writeFileSync(path, `${lines.sort().join('\n')}\n`);
  return report([path], { year: 2026 });
}

test('Z5 known answers: the same background with one IP hammering is high, with a burst is high; alone it is low', async () => {
  // 12 bots, 3 failures each, spread over 12 hours: background.
  const bots = Array.from({ length: 12 }, (_, i) => failures(`198.51.100.${10 + i}`, 3, 60 + i * 60, 7, 1000 + i * 10)).flat();
  const quiet = finding(await ofLines('bots.log', bots), 'sasl-bruteforce');
  assert.equal(quiet.severity, 'low');
  assert.match(quiet.title, BACKGROUND);
  // One IP over the per-IP threshold (12 failures): an attack worth acting on.
  const hammer = finding(await ofLines('hammer.log', [...bots, ...failures('203.0.113.66', 12, 600, 2, 5000)]), 'sasl-bruteforce');
  assert.equal(hammer.severity, 'high');
  assert.equal(hammer.evidence.ipsOverThreshold, 1);
  assert.match(hammer.fix ?? '', /Block the attacking IPs now/);
  // 36 failures of 12 bots within one hour (30 or more: a distributed attack's count): high.
  const burst = Array.from({ length: 12 }, (_, i) => failures(`198.51.100.${10 + i}`, 3, 120 + i, 1, 1000 + i * 10)).flat();
  const b = finding(await ofLines('burst.log', burst), 'sasl-bruteforce');
  assert.equal(b.severity, 'high');
  assert.ok((b.evidence.peakHourFailedLoginsInLog as number) >= 30);
});

test('Z5 the healthy logs stay without findings', { skip: noCorpus }, async () => {
  assert.deepEqual(order(await run([S('healthy.log')])), []);
  assert.deepEqual(order(await run([CORPUS_HEALTHY])), []);
});
