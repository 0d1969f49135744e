// A botnet of 200,000 distinct client IPs, each back up to three times hours apart (review AA, F6: 2.5 million IPs
// spent minutes serializing and merging per-IP rows with 2 jobs). Every count must be exact however the log is
// cut: the rows of one IP meet from several ranges, through the worker wire format (src/workers/wire.ts: sparse
// rows, examples as values) and the merge (user names as flat lists, src/aggregate/user-counts.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers.js';
import type { Report } from '../src/report/model.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const IPS = 200_000;
const NAMES = ['admin', 'info', 'test', 'sales', 'postmaster@example.jp'];

/** IP i tries 1 + i % 3 times, once per wave, as NAMES[(i + wave) % 5]: three waves over the log. */
function attemptsOf(i: number): number {
  return 1 + (i % 3);
}

function ipOf(i: number): string {
  return `${11 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.${7 + (i % 200)}`;
}

/** The log: each attempt is Postfix's connect, SASL failure (3.7.8+ with sasl_username=) and disconnect lines. */
function generate(path: string): void {
  const fd = openSync(path, 'w');
  let buf = '';
  let sec = 0;
  for (let wave = 1; wave <= 3; wave++) {
    for (let i = 0; i < IPS; i++) {
      if (attemptsOf(i) < wave) continue;
      const d = new Date(Date.UTC(2026, 10, 20) + Math.floor(sec++ / 4) * 1000);
      const p = (x: number): string => String(x).padStart(2, '0');
      const t = `Nov ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
      const ip = ipOf(i);
      const tag = i % 2 === 0 ? 'postfix/smtpd' : 'postfix/submission/smtpd';
      buf += `${t} mail ${tag}[${1000 + (i % 5000)}]: connect from unknown[${ip}]\n`
        + `${t} mail ${tag}[${1000 + (i % 5000)}]: warning: unknown[${ip}]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=${NAMES[(i + wave) % 5]}\n`
        + `${t} mail ${tag}[${1000 + (i % 5000)}]: disconnect from unknown[${ip}] ehlo=1 auth=0/1 quit=1 commands=2/3\n`;
      if (buf.length > 1 << 20) { writeSync(fd, buf); buf = ''; }
    }
  }
  writeSync(fd, buf);
  closeSync(fd);
}

test('200,000 distinct IPs coming back hours apart: exact counts and the same report.json with 1, 2 and 3 jobs', { timeout: 600_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-botnet-'));
  try {
    const log = join(dir, 'botnet.log');
    generate(log);
    let attempts = 0;
    let port25 = 0;
    for (let i = 0; i < IPS; i++) {
      attempts += attemptsOf(i);
      if (i % 2 === 0) port25 += attemptsOf(i);
    }
    const outputs: string[] = [];
    // 3 MB ranges: about 20 results, so most IPs' rows come from two or three of them.
    for (const jobs of [1, 2, 3]) {
      const out = join(dir, `out-${jobs}`);
      const r = spawnSync(process.execPath, [CLI, 'analyze', log, '--out', out, '--year', '2026', '--jobs', String(jobs), '--range-bytes', '3000000', '-q', '--format', 'json'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr.slice(0, 600));
      outputs.push(readFileSync(join(out, 'report.json'), 'utf8'));
    }
    assert.equal(outputs[1], outputs[0], '--jobs 2 gives the report of --jobs 1');
    assert.equal(outputs[2], outputs[0], '--jobs 3 gives the report of --jobs 1');
    const rep = JSON.parse(outputs[0]!) as Report;
    assert.equal(rep.totals.authFailures, attempts);
    assert.equal(rep.totals.connections, attempts);
    const brute = rep.findings.find((f) => f.rule === 'sasl-bruteforce');
    assert.ok(brute !== undefined, 'a distributed brute force is found');
    assert.equal(brute.evidence.attackingIps, IPS);
    assert.equal(brute.evidence.failedLoginsFromAttackingIps, attempts);
    assert.equal(brute.evidence.port25AuthFailuresFromAttackingIps, port25);
    assert.equal(brute.evidence.distinctUserNamesTriedByAttackingIps, NAMES.length);
    assert.equal(brute.lists?.['blocklist-ips.txt']?.length, IPS);
    // The table, cut at --top: IPs with three tries, three names each, first by count then by address.
    assert.equal(rep.byClientIp.length, 50);
    const three = Array.from({ length: IPS }, (_, i) => i).filter((i) => attemptsOf(i) === 3).map(ipOf).sort();
    assert.deepEqual(rep.byClientIp.map((r) => r.key), three.slice(0, 50));
    for (const row of rep.byClientIp) {
      assert.equal(row.authFailures, 3, row.key);
      assert.equal(row.connections, 3, row.key);
      assert.equal(row.usersTried, 3, row.key);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
