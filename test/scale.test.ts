// Memory and time under attack: logs made of many never-removed queue IDs, distinct brute-force IPs and distinct
// sender addresses, generated at run time. The CLI must finish in a 256 MB heap with sane totals, memory must grow
// linearly within the bounds written in docs/memory.md, and time must not go quadratic.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers.js';
import type { Report } from '../src/report/model.js';
import { tableFullMessage } from '../src/memory.js';
import { RunError } from '../src/errors.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const RUN = join(ROOT, 'dist', 'src', 'run.js');

/**
 * docs/memory.md: heap per item, measured 1.28 KB (1,304–1,309 bytes since queued messages keep pickup's uid), 0.82 KB
 * and 0.16 KB in the fourteenth session; the test allows some slack.
 */
const BOUNDS = { openMessage: 1400, distinctIp: 1000, distinctSender: 300 };

type Kind = 'queue' | 'ips' | 'senders';

/** "Nov 20 00:00:00" + seconds, two log lines a second. */
function stamp(sec: number): string {
  const d = new Date(Date.UTC(2026, 10, 20) + sec * 1000);
  const p = (x: number): string => String(x).padStart(2, '0');
  return `Nov ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/**
 * `n` items of one kind:
 * - queue: a spam run through `users` guessed accounts (each sending from 10 of 53 IPs when there are many), 200
 *   forged senders, every message deferred and never removed (4 lines each);
 * - ips: one SASL failure from each of `n` distinct IPs (a distributed brute force);
 * - senders: inbound mail from 20 relays, each message with its own envelope sender, delivered and removed (4 lines).
 */
function generate(kind: Kind, n: number, path: string, users = 1): number {
  const fd = openSync(path, 'w');
  let buf = '';
  let lines = 0;
  for (let i = 0; i < n; i++) {
    const t = stamp(Math.floor(i / 2));
    const qid = (0x16000000000 + i).toString(16).toUpperCase();
    if (kind === 'queue') {
      buf += `${t} mail postfix/submission/smtpd[1${i % 100}]: ${qid}: client=unknown[198.51.100.${i % 53}], sasl_method=LOGIN, sasl_username=${users === 1 ? 'info' : `user${i % users}`}@example.jp\n`
        + `${t} mail postfix/cleanup[2${i % 100}]: ${qid}: message-id=<${i}.${qid}@example.jp>\n`
        + `${t} mail postfix/qmgr[3]: ${qid}: from=<service${i % 200}@bank${i % 7}.example>, size=${800 + (i % 500)}, nrcpt=1 (queue active)\n`
        + `${t} mail postfix/smtp[4${i % 100}]: ${qid}: to=<victim${i}@mail${i % 300}.example>, relay=mx.mail${i % 300}.example[192.0.2.${i % 250}]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=4.7.0, status=deferred (host mx.mail${i % 300}.example[192.0.2.${i % 250}] said: 421 4.7.0 Try again later (in reply to end of DATA command))\n`;
      lines += 4;
    } else if (kind === 'ips') {
      const ip = `100.${64 + ((i >> 16) & 63)}.${(i >> 8) & 255}.${i & 255}`;
      buf += `${t} mail postfix/smtpd[4${i % 1000}]: warning: unknown[${ip}]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=${['admin', 'info', 'test', 'sales', `user${i % 3000}`][i % 5]}\n`;
      lines += 1;
    } else {
      buf += `${t} mail postfix/smtpd[1${i % 100}]: ${qid}: client=mx.relay${i % 20}.example[203.0.113.${i % 20}]\n`
        + `${t} mail postfix/qmgr[3]: ${qid}: from=<spoof${i}@d${i % 1000}.example>, size=900, nrcpt=1 (queue active)\n`
        + `${t} mail postfix/lmtp[4]: ${qid}: to=<tanaka@example.jp>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (250 2.0.0 <tanaka@example.jp> x Saved)\n`
        + `${t} mail postfix/qmgr[3]: ${qid}: removed\n`;
      lines += 4;
    }
    if (buf.length > 1 << 20) { writeSync(fd, buf); buf = ''; }
  }
  writeSync(fd, buf);
  closeSync(fd);
  return lines;
}

function cli256(log: string, out: string): { code: number | null; stderr: string; ms: number } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--max-old-space-size=256', CLI, 'analyze', log, '--out', out, '--year', '2026', '--jobs', '2', '-q'], { encoding: 'utf8' });
  // Only the first lines: an out-of-memory crash prints a long native stack.
  return { code: r.status, stderr: r.stderr.split('\n').slice(0, 3).join('\n'), ms: Date.now() - t0 };
}

test('300,000 lines of never-removed queue IDs (75,000 messages): the CLI finishes in a 256 MB heap, every one still queued', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-scale-'));
  try {
    const log = join(dir, 'queue.log');
    assert.equal(generate('queue', 75_000, log), 300_000);
    const out = join(dir, 'out');
    const r = cli256(log, out);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.ms < 90_000, `${r.ms} ms`);
    const rep = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    assert.equal(rep.lines.total, 300_000);
    assert.equal(rep.lines.unparsed, 0);
    assert.deepEqual([rep.totals.received, rep.totals.deferred, rep.totals.deferredMessages, rep.totals.stillQueued], [75_000, 75_000, 75_000, 75_000]);
    assert.equal(rep.stillQueued.length, 75_000, 'stillQueued is never cut');
    assert.equal(rep.bySaslUser[0]?.key, 'info@example.jp');
    assert.equal(rep.bySaslUser[0]?.messages, 75_000);
    assert.ok(rep.findings.some((f) => f.rule === 'queue-flood'));
    // report.md keeps a readable size: the still-queued table is cut there (all rows are in JSON and CSV).
    assert.ok(readFileSync(join(out, 'report.md'), 'utf8').length < 2_000_000);
    assert.equal(readFileSync(join(out, 'csv', 'stillQueued.csv'), 'utf8').trimEnd().split('\n').length, 75_001);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// It ran out of memory while each IP row made three Maps up front (1.16 KB per IP); they are made on first use now.
test('200,000 distinct brute-force IPs: the CLI finishes in a 256 MB heap with the right totals', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-scale-'));
  try {
    const log = join(dir, 'ips.log');
    generate('ips', 200_000, log);
    const out = join(dir, 'out');
    const r = cli256(log, out);
    assert.equal(r.code, 0, r.stderr);
    const rep = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    assert.equal(rep.totals.authFailures, 200_000);
    assert.equal(rep.byClientIp.length, 50, 'cut at --top');
    const brute = rep.findings.find((f) => f.rule === 'sasl-bruteforce');
    assert.ok(brute !== undefined, 'a distributed brute force is found');
    assert.equal(readFileSync(join(out, 'blocklist-ips.txt'), 'utf8').trimEnd().split('\n').filter((l) => !l.startsWith('#')).length, 200_000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Past the bound, the run stops with one line that says what to do, in every thread, instead of V8's fatal
// "JavaScript heap out of memory" crash (exit 134 and a native stack): memory.ts checks the heap as lines are read
// and before a worker's result is deserialized.
for (const jobs of [1, 2]) {
  test(`a heap too small for the log, --jobs ${jobs}: a one-line out-of-memory error, exit 1, no report`, { timeout: 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlf-scale-'));
    try {
      const log = join(dir, 'ips.log');
      generate('ips', 150_000, log);
      const out = join(dir, 'out');
      const r = spawnSync(process.execPath, ['--max-old-space-size=64', CLI, 'analyze', log, '--out', out, '--year', '2026', '--jobs', String(jobs), '-q'], { encoding: 'utf8' });
      assert.equal(r.status, 1, r.stderr.slice(0, 600));
      assert.match(r.stderr, /^maillog-forensics: out of memory [^\n]*docs\/memory\.md[^\n]*NODE_OPTIONS=--max-old-space-size=\d+\n$/);
      assert.equal(existsSync(out) ? readdirSync(out).length : 0, 0, 'no report files');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

// V8's own text, checked by hand (node --max-old-space-size=8000, 40 million Map.set: fails at 16,777,216). A test
// that fills a Map that far needs ~1 GB and seconds, so only the mapping is tested here.
test('a Map past 2^24 entries (inline, or reported by a worker) becomes the "too many distinct keys" line', () => {
  for (const err of [new RangeError('Map maximum size exceeded'), new RunError('Map maximum size exceeded')]) {
    assert.match(tableFullMessage(err) ?? '', /^too many distinct keys: .*16,777,216 .*docs\/memory\.md.*analyze the log in parts$/);
  }
  assert.equal(tableFullMessage(new RangeError('Invalid array length')), null);
  assert.equal(tableFullMessage(null), null);
});

// A key cut from a line must not keep the line: 20,000 user names cut from 2 KB lines, kept as they are and kept
// through ownString (what every aggregate map and open record does with a new key).
test('ownString keeps a substring without the line it was cut from', () => {
  const OWN = join(ROOT, 'dist', 'src', 'own-string.js');
  const script = `import { ownString } from ${JSON.stringify(OWN)};
    const keep = [];
    const pad = 'x'.repeat(2000);
    for (let i = 0; i < 20000; i++) {
      const line = Buffer.from('line ' + i + ' ' + pad + ' user' + i + '@example.jp end').toString('latin1');
      const key = line.slice(line.length - 25, line.length - 4);
      keep.push(process.argv[1] === 'own' ? ownString(key) : key);
    }
    global.gc();
    if (keep[7] !== 'xxxx user7@example.jp') throw new Error(keep[7]);
    console.log(process.memoryUsage().heapUsed);`;
  const heap = (mode: string): number => {
    const p = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script, mode], { encoding: 'utf8' });
    assert.equal(p.status, 0, p.stderr);
    return Number(p.stdout);
  };
  const sliced = heap('slice');
  const owned = heap('own');
  // 20,000 × 2 KB lines = 40 MB held by plain slices; the copies need about 1 MB.
  assert.ok(sliced - owned > 30 * 1048576, `slices ${sliced} B, owned copies ${owned} B`);
});

test('memory grows linearly within the docs/memory.md bounds (per open message, distinct IP, distinct sender), and time is not quadratic', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-scale-'));
  try {
    const script = join(dir, 'measure.mjs');
    writeFileSync(script, `import { analyze } from ${JSON.stringify(RUN)};
      global.gc();
      const before = process.memoryUsage().heapUsed;
      // CPU time, not wall time: a wall clock on a shared machine counts the time other processes ran (this test
      // failed at 5.6× for 3× the input while other test files ran on both cores).
      const t0 = process.cpuUsage();
      const r = await analyze({ paths: [process.argv[2]], jobs: 1, year: 2026, top: 50, formats: ['json'], allowPartial: false, progress: false, version: 't' });
      const cpu = process.cpuUsage(t0);
      const ms = (cpu.user + cpu.system) / 1000;
      global.gc();
      const heap = process.memoryUsage().heapUsed - before;
      console.log(JSON.stringify({ ms, heap, lines: r.report.lines.total }));`);
    const measure = (kind: Kind, n: number, users: number): { ms: number; heap: number } => {
      const log = join(dir, `${kind}-${n}.log`);
      const lines = generate(kind, n, log, users);
      const p = spawnSync(process.execPath, ['--expose-gc', script, log], { encoding: 'utf8' });
      assert.equal(p.status, 0, p.stderr);
      const m = JSON.parse(p.stdout) as { ms: number; heap: number; lines: number };
      assert.equal(m.lines, lines);
      rmSync(log);
      return m;
    };
    const per: Record<string, string> = {};
    const cases = [
      { name: 'open message', kind: 'queue', bound: BOUNDS.openMessage, small: 15_000, users: () => 1 },
      // Many guessed accounts, ten queued messages each: every one is a finding that counts its queued messages.
      { name: 'open message, many accounts', kind: 'queue', bound: Infinity, small: 15_000, users: (n: number) => n / 10 },
      { name: 'distinct IP', kind: 'ips', bound: BOUNDS.distinctIp, small: 30_000, users: () => 1 },
      { name: 'distinct sender', kind: 'senders', bound: BOUNDS.distinctSender, small: 15_000, users: () => 1 },
    ] as const;
    for (const c of cases) {
      const a = measure(c.kind, c.small, c.users(c.small));
      const b = measure(c.kind, c.small * 3, c.users(c.small * 3));
      const bytes = (b.heap - a.heap) / (c.small * 2);
      per[c.name] = `${bytes.toFixed(0)} B each; ${a.ms.toFixed(0)} ms → ${b.ms.toFixed(0)} ms of CPU for 3×`;
      assert.ok(bytes < c.bound, `${c.name}: ${bytes.toFixed(0)} bytes of heap each, over the docs/memory.md bound of ${c.bound}`);
      // Three times the input: linear is 3× the time; quadratic would be 9× (before the fix in
      // compromised-account.ts, 20,000 → 50,000 open messages of 5,000 accounts went from 1 s to 32 s).
      assert.ok(b.ms < a.ms * 5 + 300, `${c.name}: ${a.ms.toFixed(0)} ms of CPU for ${c.small}, ${b.ms.toFixed(0)} ms for ${c.small * 3}: not linear`);
    }
    console.log(`# heap growth: ${JSON.stringify(per)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
