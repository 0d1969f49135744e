// Pipe content filter hops (src/correlate/pipe-filter*.ts) on generated logs, seeded: messages filtered through a
// pipe and picked up again (the copy's pickup line before or after the pipe line, or more than a minute later), a
// filter that deferred first and delivered minutes later, dovecot-lda run by pipe, web-form mail of the same
// senders. The counts are known from what was generated, and any cut of the log into byte ranges (1 and 3 jobs)
// or into two files must give the same report; lines a few seconds out of time order too. Line shapes are those of
// the Postfix 3.7.11 lab lines in test/fixtures/logs/pipe-filter*.log.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from './helpers.js';
import type { Report } from '../src/report/model.js';

interface Generated { lines: string[]; received: number; delivered: number; hops: number; stillQueued: number }

function generate(seed: number, messages: number, jitter: number): Generated {
  let x = seed >>> 0 || 1;
  const rnd = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const senders = ['alice@a.example', 'bob@b.example', 'carol@c.example'];
  let n = 0x100000;
  const qid = (): string => (n++).toString(16).toUpperCase() + 'A';
  const out: Array<[number, number, string]> = [];
  let seq = 0;
  const line = (t: number, s: string): void => { out.push([t, seq++, s]); };
  const g: Generated = { lines: [], received: 0, delivered: 0, hops: 0, stillQueued: 0 };
  let t = 0;
  for (let i = 0; i < messages; i++) {
    t += Math.floor(rnd() * 40);
    const kind = rnd();
    const from = senders[Math.floor(rnd() * senders.length)]!;
    const mid = `<m${i}.${seed}@x.example>`;
    const to = rnd() < 0.5 ? 'sato@example.jp' : 'suzuki@example.jp';
    const X = qid();
    const arrive = (at: number): void => {
      line(at, `postfix/smtpd[1]: ${X}: client=mx.a.example[192.0.2.1]`);
      line(at, `postfix/cleanup[2]: ${X}: message-id=${mid}`);
      line(at, `postfix/qmgr[3]: ${X}: from=<${from}>, size=100, nrcpt=1 (queue active)`);
    };
    const pipe = (at: number, status: string): void => line(at, `postfix/pipe[5]: ${X}: to=<${to}>, relay=spamassassin, delay=0.1, delays=0/0/0/0.1, dsn=${status === 'sent' ? '2.0.0' : '4.3.0'}, status=${status} (${status === 'sent' ? 'delivered via spamassassin service' : 'temporary failure'})`);
    const copy = (Y: string, at: number, deliver: boolean): void => {
      line(at, `postfix/pickup[4]: ${Y}: uid=65534 from=<${from}>`);
      line(at, `postfix/cleanup[2]: ${Y}: message-id=${mid}`);
      if (!deliver) return;
      line(at, `postfix/qmgr[3]: ${Y}: from=<${from}>, size=200, nrcpt=1 (queue active)`);
      line(at + 1, `postfix/lmtp[6]: ${Y}: to=<${to}>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.03, delays=0.01/0.02/0/0, dsn=2.0.0, status=sent (250 2.0.0 <${to}> x Saved)`);
      line(at + 1, `postfix/qmgr[3]: ${Y}: removed`);
    };
    if (kind < 0.5) { // filtered; the copy picked up in the same seconds, before or after the pipe line, or late
      const tp = t + Math.floor(rnd() * 3);
      const late = rnd() < 0.15;
      const before = !late && rnd() < 0.4;
      const Y = qid();
      arrive(t);
      if (before) copy(Y, tp, true);
      pipe(tp, 'sent');
      line(tp, `postfix/qmgr[3]: ${X}: removed`);
      if (!before) copy(Y, late ? tp + 70 + Math.floor(rnd() * 30) : tp, true);
      g.received += late ? 2 : 1;
      g.delivered += late ? 2 : 1;
      g.hops += late ? 0 : 1;
    } else if (kind < 0.7) { // dovecot-lda through pipe: a delivery
      arrive(t);
      line(t + 1, `postfix/pipe[5]: ${X}: to=<${to}>, relay=dovecot, delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (delivered via dovecot service)`);
      line(t + 1, `postfix/qmgr[3]: ${X}: removed`);
      g.received++;
      g.delivered++;
    } else if (kind < 0.9) { // a web form's mail from the same senders, its own Message-ID
      line(t, `postfix/pickup[4]: ${X}: uid=33 from=<${from}>`);
      line(t, `postfix/cleanup[2]: ${X}: message-id=<w${i}.${seed}@mail.example.jp>`);
      line(t, `postfix/qmgr[3]: ${X}: from=<${from}>, size=100, nrcpt=1 (queue active)`);
      line(t + 2, `postfix/smtp[7]: ${X}: to=<r${i}@remote.example>, relay=mx.remote.example[192.0.2.9]:25, delay=1, delays=0/0/0.5/0.5, dsn=2.0.0, status=sent (250 ok)`);
      line(t + 2, `postfix/qmgr[3]: ${X}: removed`);
      g.received++;
      g.delivered++;
    } else { // the filter deferred, then took it minutes later; the copy may stay queued
      arrive(t);
      pipe(t + 1, 'deferred');
      const t2 = t + 300 + Math.floor(rnd() * 600);
      const Y = qid();
      const deliver = rnd() < 0.8;
      line(t2, `postfix/qmgr[3]: ${X}: from=<${from}>, size=100, nrcpt=1 (queue active)`);
      pipe(t2, 'sent');
      line(t2, `postfix/qmgr[3]: ${X}: removed`);
      copy(Y, t2, deliver);
      g.received++;
      g.hops++;
      if (deliver) g.delivered++;
      else g.stillQueued++;
    }
  }
  out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const stamp = (s: number): string => {
    const d = new Date(Date.UTC(2026, 10, 1) + s * 1000);
    return `Nov ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)}`;
  };
  // Lines out of time order by up to `jitter` seconds (several writers), the file order unchanged.
  g.lines = out.map(([s, k, text]) => `${stamp(s + (jitter === 0 ? 0 : (k * 7919) % (2 * jitter + 1) - jitter))} vm ${text}`);
  return g;
}

function reportJson(r: Report): string {
  return JSON.stringify(r);
}

test('generated pipe-filter logs: the hops are the ones generated, and every cut gives the same report', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-pipe-'));
  try {
    for (const [seed, jitter] of [[1, 0], [2, 0], [3, 3], [4, 90]] as const) {
      const g = generate(seed, 150, jitter);
      const path = join(dir, `pipe-${seed}.log`);
      writeFileSync(path, g.lines.join('\n') + '\n', 'latin1');
      const whole = await report([path], { year: 2026 });
      if (jitter <= 3) {
        // A few seconds out of order changes no window: the counts are the generated ones.
        const t = whole.totals;
        assert.deepEqual([t.received, t.delivered, t.filterHops, t.stillQueued], [g.received, g.delivered, g.hops, g.stillQueued], `seed ${seed}`);
      }
      const json = reportJson(whole);
      const size = statSync(path).size;
      for (const [jobs, rangeBytes] of [[1, 97], [1, 1500], [3, 4000], [1, Math.floor(size / 3)], [3, Math.floor(size / 7)]] as const) {
        assert.equal(reportJson(await report([path], { year: 2026, jobs, rangeBytes })), json, `seed ${seed}: jobs ${jobs}, ranges of ${rangeBytes} bytes`);
      }
      const totals = JSON.stringify(whole.totals);
      for (const cut of [1, Math.floor(g.lines.length / 3), Math.floor(g.lines.length / 2) + 1]) {
        const a = join(dir, 'a.log');
        const b = join(dir, 'b.log');
        writeFileSync(a, g.lines.slice(0, cut).join('\n') + '\n', 'latin1');
        writeFileSync(b, g.lines.slice(cut).join('\n') + '\n', 'latin1');
        assert.equal(JSON.stringify((await report([a, b], { year: 2026 })).totals), totals, `seed ${seed}: two files cut after line ${cut}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
