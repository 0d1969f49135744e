// Review AM, AM1: a "lost connection … while sending RCPT TO" that follows a receiver's 421 in the same delivery attempt
// (same smtp[pid] and queue ID) is that receiver's refusal, and so are Postfix's cached repeats of it for a host whose
// every lost connection came after its 421; a lost connection with no 421 before it stays a network fault. The same
// counts for any --jobs and any cut of the file, a cut between the 421 line and the lost connection too.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../src/run.js';
import type { Report } from '../src/report/model.js';
import { normalizeReason } from '../src/aggregate/normalize.js';
import { CORPUS, report } from './helpers.js';

const INCIDENT = join(CORPUS, 'incident', 'maillog');
const skip = !existsSync(INCIDENT) ? 'corpus not found' : false;

/** The corpus incident at one job, whole (year 2026, --top 0): analyzed once, read by the two corpus tests. */
let incidentOnce: Promise<Report> | undefined;
const incidentReport = (): Promise<Report> => (incidentOnce ??= report([INCIDENT], { year: 2026 }));

const causeRows = (r: Report): string[] => r.deferralCauses!.map((x) => `${x.receiver}|${x.cause}|${x.detail}|${x.code}|${x.count}/${x.fromCache}`);

test('the normalised key of a lost connection after a 421 is its two halves, each as alone', () => {
  const gmail = 'host 127.0.1.1[127.0.1.1] said: 421-4.7.0 [127.0.0.1      15] Our system has detected an unusual rate of unsolicited mail';
  assert.equal(normalizeReason('lost connection with 127.0.1.1[127.0.1.1] while sending RCPT TO; after ' + gmail),
    'lost connection with [IP] while sending RCPT TO; after ' + normalizeReason(gmail));
});

test('corpus incident: Gmail 629 deferred (414 answers + 215 lost connections after them) and 1,617 cached repeats; no "By IP address only" RCPT row', { skip }, async () => {
  const r = await incidentReport();
  const rows = causeRows(r);
  // Was "|lost-connection|while sending RCPT TO|4.4.2|1832/1617" at the top and "Gmail|rate||421 4.7.0|414/0".
  assert.equal(rows[0], 'Gmail|rate||421 4.7.0|2246/1617');
  assert.ok(!rows.some((x) => x.startsWith('|lost-connection|while sending RCPT TO|')), rows.join('\n'));
  // A real network fault (127.0.1.8, no 421 before it) stays where it was.
  assert.ok(rows.includes('|lost-connection|while sending end of data -- message may be sent more than once|4.4.2|18/0'), rows.join('\n'));
  assert.equal(r.deferralCauses!.reduce((n, x) => n + x.count, 0), 5920);
  // The Recipient domains row of gmail.com counts the same deferrals.
  assert.equal(r.byRecipientDomain.find((x) => x.key === 'gmail.com')?.deferralAttempts, 2246);
  // csv/deferralReasons.csv keeps each reason as logged: the 215 under their own text, which names the 421.
  const after = r.deferralReasons.filter((x) => x.reason.startsWith('lost connection with [IP] while sending RCPT TO; after host [IP] said: 421-4.7.0 '));
  assert.deepEqual(after.map((x) => x.count), [215]);
  assert.equal(r.deferralReasons.find((x) => x.reason === 'lost connection with [IP] while sending RCPT TO'), undefined);
  // Finding 7's most frequent reasons name the 421 with the cached repeats.
  const flood = r.findings.find((f) => f.rule === 'queue-flood')!;
  assert.match(String(flood.evidence.topDeferralReasons), /1,617× delivery temporarily suspended: lost connection with \[IP\] while sending RCPT TO; after host \[IP\] said: 421-4\.7\.0/);
});

test('corpus incident: the same counts at --jobs 1, 2, 3 with small ranges and with a cut between the 421 and its lost connection', { skip }, async () => {
  const lines = readFileSync(INCIDENT, 'utf8').split('\n');
  // maillog:1861 Gmail's 421 for 600E4160729, maillog:1862 the lost connection of koyu9249@gmail.com in that attempt.
  assert.match(lines[1860]!, /smtp\[22161\]: 600E4160729: .*said: 421-4\.7\.0/);
  assert.match(lines[1861]!, /smtp\[22161\]: 600E4160729: .*lost connection with 127\.0\.1\.1\[127\.0\.1\.1\] while sending RCPT TO\)$/);
  const cut = Buffer.byteLength(lines.slice(0, 1861).join('\n') + '\n');
  let first = '';
  for (const [jobs, rangeBytes] of [[1, undefined], [2, cut], [1, 3000], [2, 777], [3, 20_000]] as const) {
    // jobs 1, whole: the run the test above reads (the same options as report()), not analyzed again.
    const r = rangeBytes === undefined ? await incidentReport()
      : (await analyze({ paths: [INCIDENT], jobs, rangeBytes, top: 0, formats: ['json'], allowPartial: false, progress: false, version: 'test', year: 2026 })).report;
    const rows = causeRows(r).join('\n');
    const what = `jobs ${jobs}, ranges of ${rangeBytes ?? 'all'} bytes`;
    assert.match(rows, /^Gmail\|rate\|\|421 4\.7\.0\|2246\/1617$/m, what);
    if (first === '') first = rows; else assert.equal(rows, first, what);
  }
});

/** A log of one receiver (mx.example.net, 192.0.2.1) and another (mx.other.example, 198.51.100.1): see the test. */
function twoReceivers(): string {
  const l = (t: string, prog: string, text: string): string => `Nov 28 10:00:${t} mail postfix/${prog}: ${text}`;
  const to = (qid: string, rcpt: string, relay: string, dsn: string, reason: string): string =>
    `${qid}: to=<${rcpt}>, relay=${relay}, delay=0.7, delays=0.1/0.5/0.1/0, dsn=${dsn}, status=deferred (${reason})`;
  const refused = 'host mx.example.net[192.0.2.1] said: 421-4.7.0 [203.0.113.9      15] Our system has detected an unusual rate of unsolicited mail - gsmtp (in reply to RCPT TO command)';
  return [
    // Gmail-like: 421 to the first RCPT, the other two recipients lost, then a repeat from the cache.
    l('01', 'smtp[100]', to('A1B2C3D4E5', 'a@example.net', 'mx.example.net[192.0.2.1]:25', '4.7.0', refused)),
    l('01', 'smtp[100]', to('A1B2C3D4E5', 'b@example.net', 'mx.example.net[192.0.2.1]:25', '4.4.2', 'lost connection with mx.example.net[192.0.2.1] while sending RCPT TO')),
    l('01', 'smtp[101]', to('B1B2C3D4E5', 'x@other.example', 'mx.other.example[198.51.100.1]:25', '4.4.2', 'lost connection with mx.other.example[198.51.100.1] while sending RCPT TO')),
    l('01', 'smtp[100]', to('A1B2C3D4E5', 'c@example.net', 'mx.example.net[192.0.2.1]:25', '4.4.2', 'lost connection with mx.example.net[192.0.2.1] while sending RCPT TO')),
    l('02', 'error[200]', to('C1B2C3D4E5', 'd@example.net', 'none', '4.4.2', 'delivery temporarily suspended: lost connection with mx.example.net[192.0.2.1] while sending RCPT TO')),
    // A network fault: the same smtp process, another queue ID, no 421 in its attempt; and the cache's repeat of it.
    l('03', 'smtp[101]', to('D1B2C3D4E5', 'y@other.example', 'mx.other.example[198.51.100.1]:25', '4.4.2', 'lost connection with mx.other.example[198.51.100.1] while sending RCPT TO')),
    l('04', 'error[200]', to('E1B2C3D4E5', 'z@other.example', 'none', '4.4.2', 'delivery temporarily suspended: lost connection with mx.other.example[198.51.100.1] while sending RCPT TO')),
    // The 421's process goes on with another message: its lost connection is not the 421's.
    l('05', 'smtp[100]', to('F1B2C3D4E5', 'e@example.net', 'mx.example.net[192.0.2.1]:25', '4.4.2', 'lost connection with mx.example.net[192.0.2.1] while sending end of data')),
  ].join('\n') + '\n';
}

test('a lost connection after a 421 of its attempt is the receiver\'s, its cached repeat too; one with no 421 before it stays a lost connection, at every cut', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-am1-'));
  try {
    const file = join(dir, 'maillog');
    const text = twoReceivers();
    writeFileSync(file, text);
    const lines = text.split('\n').slice(0, -1);
    let first = '';
    for (let cut = 0; cut <= lines.length; cut++) {
      const rangeBytes = cut === 0 ? undefined : Buffer.byteLength(lines.slice(0, cut).join('\n') + '\n');
      const r = await analyze({ paths: [file], jobs: cut === 0 ? 1 : 2, rangeBytes, top: 0, formats: ['json'], allowPartial: false, progress: false, version: 'test', year: 2026 });
      const rows = causeRows(r.report);
      const what = cut === 0 ? 'whole' : `cut after line ${cut}`;
      assert.deepEqual(rows, [
        // The 421, its two lost connections and the cache's repeat of them (fromCache 1).
        'example.net|rate||421 4.7.0|4/1',
        'other.example|lost-connection|while sending RCPT TO|4.4.2|3/1',
        'example.net|lost-connection|while sending end of data|4.4.2|1/0',
      ], what);
      const json = JSON.stringify(r.report.deferralCauses);
      if (first === '') first = json; else assert.equal(json, first, what);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
