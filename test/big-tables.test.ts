// Logs with many keys (a spam run's forged senders): the sender tables' top rows are picked without sorting every
// sender, and the account verdicts every rule asks for are worked out once per run. Same answers as before.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../src/run.js';
import { assessAccounts } from '../src/detect/rules/compromised-account.js';
import type { RuleContext } from '../src/detect/rule.js';
import { thresholdDefaults } from '../src/detect/index.js';
import { en } from '../src/i18n/en.js';
import { report } from './helpers.js';

/** A guessed account sending as `senders` forged addresses (message i as sender i % senders), each bounced. */
function forgedRun(messages: number, senders: number): string {
  const lines: string[] = [];
  for (let i = 0; i < 30; i++) {
    lines.push(`Nov 28 20:00:${String(i).padStart(2, '0')} mail postfix/submission/smtpd[100]: warning: unknown[203.0.113.9]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=info@example.jp`);
  }
  for (let i = 0; i < messages; i++) {
    const q = (0x1A2B3C0 + i).toString(16).toUpperCase();
    const t = `Nov 28 21:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
    const ip = `198.51.100.${1 + (i % 40)}`;
    const sender = `card${i % senders}@smbc-card.example`;
    lines.push(`${t} mail postfix/submission/smtpd[200]: ${q}: client=unknown[${ip}], sasl_method=LOGIN, sasl_username=info@example.jp`);
    lines.push(`${t} mail postfix/qmgr[202]: ${q}: from=<${sender}>, size=900, nrcpt=1 (queue active)`);
    lines.push(`${t} mail postfix/smtp[203]: ${q}: to=<user${i}@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.4.26]:25, delay=0.4, delays=0.1/0/0.2/0.1, dsn=5.1.1, status=bounced (host gmail-smtp-in.l.google.com[142.250.4.26] said: 550 5.1.1 The email account that you tried to reach does not exist. (in reply to RCPT TO command))`);
    lines.push(`${t} mail postfix/qmgr[202]: ${q}: removed`);
  }
  return lines.join('\n') + '\n';
}

test('the top senders are the full table\'s first rows, ties in key order, whatever --top', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-big-tables-'));
  try {
    const file = join(dir, 'maillog');
    writeFileSync(file, forgedRun(700, 300)); // 100 senders with 3 messages, 200 with 2
    const all = (await report([file], { year: 2026, top: 0 })).bySender;
    assert.equal(all.length, 300);
    // by messages, then by key as strings compare ("card10@" before "card1@")
    assert.deepEqual(all.slice(0, 3).map((s) => [s.key, s.messages]), [['card0@smbc-card.example', 3], ['card10@smbc-card.example', 3], ['card11@smbc-card.example', 3]]);
    for (const top of [1, 50, 100, 101, 299, 300, 301]) {
      const r = await report([file], { year: 2026, top });
      assert.deepEqual(r.bySender, all.slice(0, top), `--top ${top}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the account verdicts are worked out once for the rules of a run, again for other allow-lists or thresholds', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-big-tables-'));
  try {
    const file = join(dir, 'maillog');
    writeFileSync(file, forgedRun(60, 60));
    const { aggregate } = await analyze({ paths: [file], jobs: 1, top: 0, formats: ['json'], allowPartial: false, progress: false, version: 'test', year: 2026 });
    const opts = { allowIps: new Set<string>(), allowUsers: new Set<string>(), thresholds: {}, liveQueue: null };
    const ctx = (threshold: (n: string) => number, o = opts): RuleContext & { thresholds: unknown } => ({ ...o, inputs: [], threshold, messages: en });
    const d = thresholdDefaults();
    const defaults = (n: string): number => {
      const v = d[n];
      if (v === undefined) throw new Error(`no threshold ${n}`);
      return v;
    };
    const first = assessAccounts(aggregate, ctx(defaults));
    assert.deepEqual(first.map((c) => [c.user, c.verdict, c.forgedMessages]), [['info@example.jp', 'forged', 60]]);
    assert.equal(assessAccounts(aggregate, ctx(defaults)), first, 'another rule\'s context of the same run: the same answer');
    const allowed = { ...opts, allowUsers: new Set(['info@example.jp']) };
    assert.deepEqual(assessAccounts(aggregate, ctx(defaults, allowed)), [], 'an allowed user: worked out again');
    const strict = { ...opts, thresholds: { 'compromised-account.minForgedMessages': 100 } };
    const again = assessAccounts(aggregate, ctx((n) => (n === 'compromised-account.minForgedMessages' ? 100 : defaults(n)), strict));
    assert.notEqual(again, first);
    assert.notEqual(again[0]?.verdict, 'forged', 'under the stricter threshold 60 forged messages are not enough');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
