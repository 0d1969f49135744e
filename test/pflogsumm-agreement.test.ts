// Agreement with pflogsumm (the tool admins already trust): on every sample log and the real corpus, each number of
// pflogsumm's "Grand Totals", of its per-day (or, for a one-day log, per-hour) traffic summary and of its
// per-domain delivery table either equals our report.json, or differs by a rule written in DIFFERENCES below with
// its reason. A difference no rule explains fails the test: there is no tolerance.
//
// pflogsumm 1.1.5 (Debian package, /usr/sbin/pflogsumm; .ci/run installs it). Its counting code is the loop
// "while(<>)" in that script; the rules below cite what it does there.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, ROOT, report } from './helpers.js';
import type { Report } from '../src/report/model.js';

const found = spawnSync('pflogsumm', ['--version'], { encoding: 'utf8' });
const skip = found.status === 0 ? false : 'pflogsumm is not installed (apt-get install pflogsumm; .ci/run installs it)';

/**
 * Every pflogsumm number we look at: what it is compared with, and why the two may differ. `ours` is the formula
 * the test checks exactly. A row no comparison used fails the last test (the table cannot go stale).
 */
const DIFFERENCES: Record<string, { ours: string; why: string }> = {
  'received': { ours: 'totals.received', why: 'same definition: one per smtpd `client=` or pickup line' },
  'delivered': {
    ours: 'totals.delivered − forwarded',
    why: 'pflogsumm counts a local `status=sent (… forwarded as QID)` line as "forwarded", not "delivered"; we count that '
      + 'recipient as delivered (the mail was accepted for it). Both then count the forwarded copy\'s own deliveries.',
  },
  'forwarded': {
    ours: '`status=sent (… forwarded as …)` lines counted in the log by this test',
    why: 'report.json has no total of its own for it; it is exactly the "delivered" difference',
  },
  'deferred': { ours: 'totals.deferredMessages', why: 'same definition: messages deferred at least once' },
  'deferrals': { ours: 'totals.deferred', why: 'same definition: every `status=deferred` attempt' },
  'bounced': {
    ours: 'totals.bounced',
    why: 'pflogsumm counts `status=bounced` lines, we count recipients whose last status is bounced; a recipient '
      + 'bounces once, so they agree. pflogsumm ignores `status=expired`: our `expired` has no counterpart',
  },
  'rejected': { ours: 'totals.rejected', why: 'same definition: reject and milter-reject lines of smtpd and cleanup' },
  'reject warnings': { ours: 'totals.rejectWarnings', why: 'same definition' },
  'held': { ours: 'totals.held', why: 'same definition' },
  'discarded': { ours: 'totals.discarded', why: 'same definition' },
  'bytes received': { ours: '(none)', why: 'we do not sum message sizes: no counterpart, not compared' },
  'bytes delivered': { ours: '(none)', why: 'we do not sum message sizes: no counterpart, not compared' },
  'senders': {
    ours: 'bySender keys, less `<>` when pflogsumm lists no `from=<>` sender (compared as sets)',
    why: 'pflogsumm counts the senders of received messages only (smtpd, pickup); we count every message with an '
      + 'envelope sender, so the bounce notifications made here add the sender `<>` (forwarded copies and messages '
      + 'queued before the log add no new sender on these logs; if one did, the set comparison would fail)',
  },
  'sending hosts/domains': { ours: 'bySenderDomain keys, less `<>` as for senders (compared as sets)', why: 'as for senders' },
  'recipients': {
    ours: '(none); checked ≤ delivered',
    why: 'pflogsumm counts distinct recipient addresses delivered to; report.json counts recipients per message and '
      + 'has no table of addresses: no counterpart',
  },
  'recipient hosts/domains': {
    ours: 'byRecipientDomain rows with sent − forwarded > 0',
    why: 'we list every recipient domain (deferred or bounced ones too); pflogsumm only those with a delivery, and '
      + 'a forwarded recipient is not a delivery for it',
  },
  'domain sent cnt': { ours: 'byRecipientDomain[d].sent − forwarded to d', why: 'as for delivered' },
  'domain defers': { ours: 'byRecipientDomain[d].deferralAttempts', why: 'same definition: deferred attempts per domain' },
  'day received': { ours: 'Σ hourly.received of the day', why: 'same definition' },
  'day delivered': {
    ours: 'Σ hourly.sent of the day − forwarded lines of that day',
    why: 'hourly.sent counts `status=sent` lines including "forwarded as"; pflogsumm counts those apart',
  },
  'day deferred': { ours: 'Σ hourly.deferred of the day', why: 'same definition: attempts' },
  'day bounced': { ours: 'Σ hourly.bounced of the day', why: 'same definition: bounced lines' },
  'day rejected': {
    ours: 'Σ hourly.rejected of the day (+ reject warnings, held, discarded, which must be 0)',
    why: 'pflogsumm\'s per-day and per-hour "rejected" adds reject warnings, holds and discards to rejects; we keep '
      + 'them apart and have them as totals only, so the test can compare only logs where they are 0',
  },
  'day year': {
    ours: 'the year of our hourly rows is not compared; pflogsumm\'s must follow its clock rule',
    why: 'pflogsumm takes the year from the current clock (a month later than this one is last year), even for RFC 3339 '
      + 'lines that carry their own year; we take it from the line, or from the file time (--year) for classic lines',
  },
  'hour': {
    ours: 'hourly rows of the same hour of day, as for the per-day columns',
    why: 'a one-day log has no per-day table: the per-hour table then holds exact counts (with more days it holds '
      + 'rounded daily averages, not compared)',
  },
  'gz': {
    ours: 'samples/rotated (with .gz) equals samples/rotated-plain for us; pflogsumm sees less',
    why: 'pflogsumm cannot read .gz (it reads the compressed bytes as text and finds no line): it is compared on '
      + 'samples/rotated-plain, the same logs uncompressed',
  },
};
const used = new Set<string>();

interface PflogsummOutput {
  totals: Map<string, number>;
  /** "YYYY-MM-DD" → [received, delivered, deferred, bounced, rejected] */
  days: Map<string, number[]>;
  /** hour of day → the same columns (only meaningful for a one-day log) */
  hours: Map<number, number[]>;
  senders: Set<string>;
  senderDomains: Set<string>;
  /** recipient domain → [sent cnt, defers] */
  domains: Map<string, number[]>;
  oneDay: boolean;
}

/** A count without pflogsumm's k/m scaling (it scales above 512k: never on these logs, so refuse it). */
function count(n: string, unit: string, what: string): number {
  assert.equal(unit.trim(), '', `pflogsumm scaled ${what} (${n}${unit}): not comparable exactly`);
  return Number(n);
}

/** The lines of each pflogsumm section: a title line, a line of dashes as long, then rows up to a blank line. */
function sections(out: string): Map<string, string[]> {
  const lines = out.split('\n');
  const map = new Map<string, string[]>();
  for (let i = 0; i + 1 < lines.length; i++) {
    // Some titles end with a space ("Host/Domain Summary: Messages Received "), underlined to the same length.
    const title = lines[i]!;
    if (title.trim() === '' || !/^-+$/.test(lines[i + 1]!) || lines[i + 1]!.length !== title.length) continue;
    const body: string[] = [];
    for (let j = i + 2; j < lines.length && lines[j]!.trim() !== ''; j++) body.push(lines[j]!);
    map.set(title.trim(), body);
  }
  return map;
}

function pflogsumm(paths: string[]): PflogsummOutput {
  const r = spawnSync('pflogsumm', ['--iso-date-time', ...paths], { encoding: 'latin1', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr);
  const out = r.stdout;
  const totals = new Map<string, number>();
  const grand = out.slice(out.indexOf('Grand Totals'), out.indexOf('Per-'));
  for (const m of grand.matchAll(/^ +(\d+)([ km]) +([a-z /]+?)(?: \(\d+%\))?(?: +\((\d+)([ km]) deferrals\))?$/gm)) {
    const what = m[3]!;
    totals.set(what, what.startsWith('bytes') ? Number(m[1]) : count(m[1]!, m[2]!, what));
    if (what === 'deferred') totals.set('deferrals', m[4] === undefined ? 0 : count(m[4], m[5]!, 'deferrals'));
  }
  const sec = sections(out);
  const days = new Map<string, number[]>();
  for (const row of sec.get('Per-Day Traffic Summary') ?? []) {
    // A day's row stops after its last non-zero column (a Perl array never extended): the rest are 0.
    const m = /^ +(\d{4}-\d\d-\d\d)((?: +\d+[ km])+) *$/.exec(row);
    if (m === null) continue; // heading rows
    const values = [...m[2]!.matchAll(/(\d+)([ km])/g)].map((v) => count(v[1]!, v[2]!, `day ${m[1]}`));
    while (values.length < 5) values.push(0);
    days.set(m[1]!, values);
  }
  const oneDay = sec.has('Per-Hour Traffic Summary');
  const hours = new Map<number, number[]>();
  for (const row of sec.get(oneDay ? 'Per-Hour Traffic Summary' : 'Per-Hour Traffic Daily Average') ?? []) {
    const m = /^ +(\d\d):00-\d\d:00 +(\d+)([ km]) +(\d+)([ km]) +(\d+)([ km]) +(\d+)([ km]) +(\d+)([ km])$/.exec(row);
    if (m === null) continue;
    hours.set(Number(m[1]), [2, 4, 6, 8, 10].map((i) => count(m[i]!, m[i + 1]!, `hour ${m[1]}`)));
  }
  const lastWord = (row: string): string => row.trim().split(/\s+/).pop()!;
  const senders = new Set((sec.get('Senders by message count') ?? []).map(lastWord));
  const senderDomains = new Set((sec.get('Host/Domain Summary: Messages Received') ?? []).slice(2).map(lastWord));
  const domains = new Map<string, number[]>();
  for (const row of (sec.get('Host/Domain Summary: Message Delivery') ?? []).slice(2)) {
    const m = /^ +(\d+)([ km]) +\d+[ km] +(\d+)([ km]) .* (\S+)$/.exec(row);
    assert.ok(m !== null, `unexpected pflogsumm delivery row: ${row}`);
    domains.set(m[5]!, [count(m[1]!, m[2]!, 'sent cnt'), count(m[3]!, m[4]!, 'defers')]);
  }
  return { totals, days, hours, senders, senderDomains, domains, oneDay };
}

interface Forwarded {
  total: number;
  /** "MM-DD" → count, hour of day → count, recipient domain → count */
  byDay: Map<string, number>;
  byHour: Map<number, number>;
  byDomain: Map<string, number>;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The `status=sent (… forwarded as …)` lines, read from the logs the way pflogsumm reads a delivery line. */
function forwardedLines(paths: string[]): Forwarded {
  const f: Forwarded = { total: 0, byDay: new Map(), byHour: new Map(), byDomain: new Map() };
  const bump = <K>(m: Map<K, number>, k: K): void => { m.set(k, (m.get(k) ?? 0) + 1); };
  for (const path of paths) {
    for (const line of readFileSync(path, 'latin1').split('\n')) {
      if (!line.includes('forwarded as ')) continue;
      const d = /^postfix\/\w+\[\d+\]: \w+: to=<([^>]*)>, (?:orig_to=<[^>]*>, )?relay=[^,]+, (?:conn_use=[^,]+, )?delay=[^,]+, (?:delays=[^,]+, )?(?:dsn=[^,]+, )?status=sent .*forwarded as /;
      let mmdd: string, hour: number, rest: string;
      const classic = /^(\w{3}) {1,2}(\d{1,2}) (\d\d):\d\d:\d\d \S+ (.*)$/.exec(line);
      const iso = /^\d{4}-(\d\d)-(\d\d)T(\d\d):\d\d:\d\d\S* \S+ (.*)$/.exec(line);
      if (classic !== null) {
        mmdd = `${String(MONTHS.indexOf(classic[1]!) + 1).padStart(2, '0')}-${classic[2]!.padStart(2, '0')}`;
        hour = Number(classic[3]); rest = classic[4]!;
      } else if (iso !== null) {
        mmdd = `${iso[1]}-${iso[2]}`; hour = Number(iso[3]); rest = iso[4]!;
      } else continue;
      const m = d.exec(rest);
      if (m === null) continue;
      f.total++;
      bump(f.byDay, mmdd);
      bump(f.byHour, hour);
      bump(f.byDomain, m[1]!.replace(/^[^@]+@/, '').toLowerCase());
    }
  }
  return f;
}

/** Our hourly rows summed per "MM-DD" (with the year seen) and per hour of day: [received, sent, deferred, bounced, rejected]. */
function ourDays(r: Report): { days: Map<string, number[]>; years: Map<string, string>; hours: Map<number, number[]> } {
  const days = new Map<string, number[]>();
  const years = new Map<string, string>();
  const hours = new Map<number, number[]>();
  for (const h of r.hourly) {
    const mmdd = h.hour.slice(5, 10);
    years.set(mmdd, h.hour.slice(0, 4));
    const v = [h.received, h.sent, h.deferred, h.bounced, h.rejected];
    const d = days.get(mmdd) ?? [0, 0, 0, 0, 0];
    const hr = hours.get(Number(h.hour.slice(11, 13))) ?? [0, 0, 0, 0, 0];
    for (let i = 0; i < 5; i++) { d[i]! += v[i]!; hr[i]! += v[i]!; }
    days.set(mmdd, d);
    hours.set(Number(h.hour.slice(11, 13)), hr);
  }
  return { days, years, hours };
}

/** pflogsumm: `$msgYr = ($msgMon > $thisMon ? $thisYr - 1 : $thisYr)`, with this month and year from the clock. */
function pflogsummYear(month: number): number {
  const now = new Date();
  return month - 1 > now.getMonth() ? now.getFullYear() - 1 : now.getFullYear();
}

function compare(name: string, rule: string, pf: number, ours: number, detail = ''): void {
  assert.ok(rule in DIFFERENCES, `no DIFFERENCES row for ${rule}`);
  used.add(rule);
  assert.equal(pf, ours, `${name}: pflogsumm ${rule}${detail} = ${pf}, ours (${DIFFERENCES[rule]!.ours}) = ${ours}; `
    + 'an unexplained difference: fix the bug or add the reason to DIFFERENCES');
}

function agree(name: string, r: Report, paths: string[]): void {
  const pf = pflogsumm(paths);
  const t = r.totals;
  const fwd = forwardedLines(paths);
  const total = (k: string): number => {
    const v = pf.totals.get(k);
    assert.ok(v !== undefined, `${name}: pflogsumm printed no "${k}" in its Grand Totals`);
    return v;
  };
  compare(name, 'received', total('received'), t.received);
  compare(name, 'forwarded', total('forwarded'), fwd.total);
  compare(name, 'delivered', total('delivered'), t.delivered - fwd.total);
  compare(name, 'deferred', total('deferred'), t.deferredMessages);
  compare(name, 'deferrals', total('deferrals'), t.deferred);
  compare(name, 'bounced', total('bounced'), t.bounced);
  compare(name, 'rejected', total('rejected'), t.rejected);
  compare(name, 'reject warnings', total('reject warnings'), t.rejectWarnings);
  compare(name, 'held', total('held'), t.held);
  compare(name, 'discarded', total('discarded'), t.discarded);
  total('bytes received'); total('bytes delivered');
  used.add('bytes received'); used.add('bytes delivered');
  used.add('recipients');
  assert.ok(total('recipients') <= total('delivered'), `${name}: more distinct recipients than deliveries`);

  // Senders: as sets, `from=<>` (pflogsumm) is `<>` (ours).
  const pfSenders = new Set([...pf.senders].map((s) => (s === 'from=<>' ? '<>' : s)));
  const ourSenders = new Set(r.bySender.map((s) => s.key));
  if (!pfSenders.has('<>')) ourSenders.delete('<>');
  compare(name, 'senders', total('senders'), ourSenders.size);
  assert.equal(pfSenders.size, total('senders'), `${name}: pflogsumm's sender list and its total disagree`);
  assert.deepEqual([...ourSenders].sort(), [...pfSenders].sort(), `${name}: the senders differ (DIFFERENCES.senders)`);
  const ourDomains = new Set(r.bySenderDomain.map((s) => s.key));
  if (!pfSenders.has('<>')) ourDomains.delete('<>');
  compare(name, 'sending hosts/domains', total('sending hosts/domains'), ourDomains.size);
  assert.deepEqual([...ourDomains].sort(), [...pf.senderDomains].sort(), `${name}: the sender domains differ`);

  // Recipient domains.
  const delivered = r.byRecipientDomain.filter((d) => d.sent - (fwd.byDomain.get(d.key) ?? 0) > 0);
  compare(name, 'recipient hosts/domains', total('recipient hosts/domains'), delivered.length);
  for (const d of r.byRecipientDomain) {
    const [sent, defers] = pf.domains.get(d.key) ?? [0, 0];
    compare(name, 'domain sent cnt', sent!, d.sent - (fwd.byDomain.get(d.key) ?? 0), ` of ${d.key}`);
    compare(name, 'domain defers', defers!, d.deferralAttempts, ` of ${d.key}`);
  }
  for (const d of pf.domains.keys()) assert.ok(r.byRecipientDomain.some((x) => x.key === d), `${name}: pflogsumm delivered to ${d}, we never saw it`);

  // Per day (or per hour for a one-day log).
  const other = t.rejectWarnings + t.held + t.discarded;
  assert.equal(other, 0, `${name}: reject warnings/holds/discards are in pflogsumm's daily "rejected" but not in our hourly rows (DIFFERENCES["day rejected"])`);
  const ours = ourDays(r);
  const cols = ['day received', 'day delivered', 'day deferred', 'day bounced', 'day rejected'];
  if (pf.oneDay) {
    assert.equal(pf.days.size, 0);
    for (let h = 0; h < 24; h++) {
      const p = pf.hours.get(h) ?? [0, 0, 0, 0, 0];
      const o = [...(ours.hours.get(h) ?? [0, 0, 0, 0, 0])];
      o[1]! -= fwd.byHour.get(h) ?? 0;
      used.add('hour');
      for (let i = 0; i < 5; i++) compare(name, cols[i]!, p[i]!, o[i]!, ` at ${String(h).padStart(2, '0')}:00`);
    }
  } else {
    assert.ok(pf.days.size > 1, `${name}: pflogsumm printed neither a per-day nor a one-day per-hour table`);
    const keys = new Set([...ours.days.keys()].filter((k) => ours.days.get(k)!.some((v) => v > 0)));
    for (const day of pf.days.keys()) {
      const mmdd = day.slice(5);
      keys.add(mmdd);
      used.add('day year');
      assert.equal(Number(day.slice(0, 4)), pflogsummYear(Number(day.slice(5, 7))), `${name}: pflogsumm's year for ${day} does not follow its clock rule`);
    }
    for (const mmdd of keys) {
      const pfDay = [...pf.days].find(([d]) => d.slice(5) === mmdd)?.[1] ?? [0, 0, 0, 0, 0];
      const o = [...(ours.days.get(mmdd) ?? [0, 0, 0, 0, 0])];
      o[1]! -= fwd.byDay.get(mmdd) ?? 0;
      for (let i = 0; i < 5; i++) compare(name, cols[i]!, pfDay[i]!, o[i]!, ` on ${ours.years.get(mmdd) ?? '?'}-${mmdd}`);
    }
  }
}

const SAMPLES = join(ROOT, 'samples');
const sets: Array<{ name: string; paths: string[]; year?: number }> = [
  ...readdirSync(SAMPLES).filter((f) => f.endsWith('.log')).sort().map((f) => ({ name: `samples/${f}`, paths: [join(SAMPLES, f)] })),
  { name: 'samples/rfc3339/incident.log', paths: [join(SAMPLES, 'rfc3339', 'incident.log')] },
  {
    name: 'samples/rotated-plain/*',
    paths: readdirSync(join(SAMPLES, 'rotated-plain')).filter((f) => f.startsWith('maillog')).map((f) => join(SAMPLES, 'rotated-plain', f)),
  },
];
const corpusSets = ['healthy', 'incident'].flatMap((s) => ['maillog', 'maillog.rfc3339'].map((f) => ({
  name: `corpus/${s}/${f}`, paths: [join(CORPUS, s, f)], year: 2026,
})));

for (const s of sets) {
  test(`pflogsumm agrees with our report on ${s.name}, or differs for a written reason`, { skip }, async () => {
    const r = await report(s.paths);
    // pflogsumm reads the files in the order given: give it ours (chronological, by first timestamp).
    agree(s.name, r, r.inputs.map((i) => i.path));
  });
}

for (const s of corpusSets) {
  const missing = existsSync(s.paths[0]!) ? false : 'corpus not found';
  test(`pflogsumm agrees with our report on the real ${s.name}, or differs for a written reason`, { skip: skip || missing }, async () => {
    const r = await report(s.paths, { year: s.year });
    agree(s.name, r, s.paths);
  });
}

test('pflogsumm cannot read .gz: on samples/rotated it sees less than the same logs uncompressed, we see the same', { skip }, async () => {
  const dir = join(SAMPLES, 'rotated');
  const gz = await report(readdirSync(dir).filter((f) => f.startsWith('maillog')).map((f) => join(dir, f)));
  const plainDir = join(SAMPLES, 'rotated-plain');
  const plain = await report(readdirSync(plainDir).filter((f) => f.startsWith('maillog')).map((f) => join(plainDir, f)));
  assert.ok(gz.inputs.some((i) => i.kind === 'gz'));
  assert.deepEqual(gz.totals, plain.totals);
  assert.equal(gz.lines.total, plain.lines.total);
  const pf = pflogsumm(gz.inputs.map((i) => i.path));
  used.add('gz');
  assert.ok(pf.totals.get('received')! < gz.totals.received, 'pflogsumm read the .gz files after all: remove DIFFERENCES.gz');
});

test('every row of the DIFFERENCES table was used by a comparison (the table does not go stale)', { skip }, () => {
  // Runs last in this file (node:test runs a file's tests in order).
  const stale = Object.keys(DIFFERENCES).filter((k) => !used.has(k));
  assert.deepEqual(stale, []);
});
