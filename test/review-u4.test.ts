// Review U, U4: --redact-domains folds a domain's case (domain-<hash of the lower-cased domain>), so info@example.jp and
// info@EXAMPLE.JP became two rows of one key in mailboxLoginsByUser, and compare read the first only
// (mailboxIntrudersOf's rows.find): the intruder's POP3 logins as info@EXAMPLE.JP after the fix were in the second row,
// and the verdict said "Fixed … none of them logged in to it through Dovecot" under a table showing the intruder's
// pseudonym. Unredacted, the two keys differed and the verdict was "Fixed" too. compare now reads every row of the
// account, and compares the domains of account names without case, redacted or not.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mailboxIntrudersOf, sameAccount } from '../src/compare/mailbox-intruders.js';
import type { Comparison } from '../src/compare/model.js';
import type { Report } from '../src/report/model.js';
import { ROOT, redactionHash } from './helpers.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const INCIDENT = join(ROOT, 'samples', 'incident.log');
const AFTER_FIX = join(ROOT, 'samples', 'after-fix.log');
const dir = mkdtempSync(join(tmpdir(), 'mlf-u4-'));
const INTRUDER = '101.82.15.105';
const hmac = (v: string): string => redactionHash('K1', v);

/** after-fix.log with the intruder's POP3 sessions as info@EXAMPLE.JP (the review's after-domcase.log). */
function afterDomainCase(): string {
  const extra = [3, 4].flatMap((h) => [
    `Nov 29 0${h}:10:00 mail dovecot: pop3-login: Login: user=<info@EXAMPLE.JP>, method=PLAIN, rip=${INTRUDER}, lip=203.0.113.25, mpid=7100${h - 2}, TLS, session=<MTAxLjgyLjE1LjEw>`,
    `Nov 29 0${h}:11:00 mail dovecot: pop3(info@EXAMPLE.JP)<7100${h - 2}><MTAxLjgyLjE1LjEw>: Disconnected: Logged out in=1220 out=23810`,
  ]);
  const k = (l: string): string => l.slice(4, 15).replace(/^ /, '0');
  const all = [...readFileSync(AFTER_FIX, 'utf8').split('\n').filter((l) => l !== ''), ...extra].map((l, i) => ({ l, i }))
    .sort((x, y) => (k(x.l) < k(y.l) ? -1 : k(x.l) > k(y.l) ? 1 : x.i - y.i)).map((x) => x.l);
  const out = join(dir, 'after-domcase.log');
  writeFileSync(out, `${all.join('\n')}\n`);
  return out;
}

const AFTER = afterDomainCase();

test('U4: the intruder logging in as info@EXAMPLE.JP after the fix is "Not fixed", exit 3: unredacted, --redact-key, and --redact-domains alike', () => {
  const headlines: string[] = [];
  for (const [name, extra] of [['plain', []], ['k1', ['--redact-key', 'K1']], ['k1d', ['--redact-key', 'K1', '--redact-domains']]] as const) {
    const out = join(dir, `cmp-${name}`);
    const r = spawnSync(process.execPath, [CLI, 'compare', INCIDENT, AFTER, '--year', '2026', '-j', '1', '-q', '-f', 'json', '-o', out, '--fail-on', 'persisting', ...extra], { encoding: 'utf8' });
    assert.equal(r.status, 3, `${name}: ${r.stderr}`);
    assert.ok(existsSync(join(out, 'compare.json')));
    const c = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8')) as Comparison;
    const f = c.findings.find((x) => x.rule === 'compromised-account' && x.before !== null)!;
    assert.equal(f.status, 'persisting', name);
    const ip = name === 'plain' ? INTRUDER : `ip-${hmac(`ip:${INTRUDER}`)}`;
    assert.ok(f.verdict.includes(`${ip} POP3 2× from 2026-11-29 03:10:00`), `${name}: ${f.verdict}`);
    // Review AL, AL2: the account the after run's background guessing goes for is named, as its pseudonym when redacted.
    headlines.push(c.verdict.headline.replace(/ for \S+, a real account /, ' for ACCOUNT, a real account '));
  }
  assert.match(headlines[0]!, /^Not fixed: /);
  assert.deepEqual(new Set(headlines).size, 1, 'one headline redacted or not');
});

function rowsReport(rows: unknown[]): Report {
  return { totals: { dovecotLogins: 9, dovecotLoginFailures: 0 }, options: { top: 50 }, mailboxLoginsByUser: rows } as unknown as Report;
}

const row = (key: string, ips: Array<[string, number, string, string]>): unknown => ({
  key, logins: ips.reduce((n, x) => n + x[1], 0), clientIps: ips.length, ips: ips.map((x) => x[0]).sort(), ipsComplete: true,
  topClientIps: ips.map(([ip, logins, firstAt, protocol]) => ({ ip, logins, protocol, firstAt, lastAt: firstAt })),
});

test('U4: mailboxIntrudersOf reads every row of the account; an IP under two rows is one entry with its logins summed', () => {
  const key = `user-${hmac('u:info')}@domain-${hmac('d:example.jp')}`;
  const r = rowsReport([
    row(key, [['198.51.100.40', 11, '2026-11-29T01:00:00', 'imap'], ['ip-a', 1, '2026-11-29T05:00:00', 'imap']]),
    row('user-other@domain-x', [['ip-a', 7, '2026-11-29T00:00:00', 'pop3']]),
    row(key, [['ip-a', 2, '2026-11-29T03:10:00', 'pop3'], ['ip-b', 1, '2026-11-29T06:00:00', 'imap']]),
  ]);
  const m = mailboxIntrudersOf(r, key, new Set(['ip-a', 'ip-b']));
  assert.deepEqual(m, {
    checked: true, count: 2, logins: 4, atLeast: false, ips: [
      { ip: 'ip-a', logins: 3, protocol: 'pop3', firstAt: '2026-11-29T03:10:00', lastAt: '2026-11-29T05:00:00' },
      { ip: 'ip-b', logins: 1, protocol: 'imap', firstAt: '2026-11-29T06:00:00', lastAt: '2026-11-29T06:00:00' },
    ],
  });
  // Unredacted, the domain's case: the same account.
  const plain = rowsReport([row('info@example.jp', [['198.51.100.40', 11, '2026-11-29T01:00:00', 'imap']]), row('info@EXAMPLE.JP', [['101.82.15.105', 2, '2026-11-29T03:10:00', 'pop3']])]);
  assert.equal((mailboxIntrudersOf(plain, 'info@example.jp', new Set(['101.82.15.105'])) as { count: number }).count, 1);
});

test('U4: sameAccount folds the case of the domain only', () => {
  assert.ok(sameAccount('info@example.jp', 'info@EXAMPLE.JP'));
  assert.ok(sameAccount('user-1a2b3c4d@Example.JP', 'user-1a2b3c4d@example.jp'));
  assert.ok(sameAccount('info', 'info'));
  assert.ok(!sameAccount('Info@example.jp', 'info@example.jp'), 'a local part may be case-sensitive');
  assert.ok(!sameAccount('info', 'INFO'));
  assert.ok(!sameAccount('info@example.jp', 'info@example.jp.evil'));
  assert.ok(!sameAccount('a@b@example.jp', 'a@B@example.jp'));
});
