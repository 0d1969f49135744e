// What a report run writes, whatever --format says (review 7, M7), and the summary's counts of IPs (L1).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS, ROOT, report } from './helpers.js';
import { renderReport } from '../src/render/index.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { ja } from '../src/i18n/index.js';
import { csvTableNames } from '../src/render/csv.js';
import { folderWords } from '../src/i18n/folder.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const SAMPLE = join(ROOT, 'samples', 'incident.log');
const INCIDENT = join(CORPUS, 'incident', 'maillog');

function analyze(log: string, format: string): string {
  const out = mkdtempSync(join(tmpdir(), 'mf-outputs-'));
  const r = spawnSync(process.execPath, [CLI, 'analyze', log, '--year', '2026', '-j', '1', '-q', '-f', format, '-o', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return out;
}

// `-f md,html` (the ticket formats) wrote no list, while the report says "queue-delete.txt (written next to this
// report)" and "blocklist-ips.txt": the lists came with the json renderer only.
test('the lists the findings export are written with every format, the same files as with json', { skip: !existsSync(SAMPLE) ? 'samples not found' : false }, () => {
  const json = analyze(SAMPLE, 'json');
  const lists = ['blocklist-ips.txt', 'compromised-ips.txt', 'queue-delete.txt'];
  // README.txt lists the files (review Z, Z17): no list of a finding.
  const txt = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.txt') && f !== 'README.txt').sort();
  assert.deepEqual(txt(json), lists);
  const queueIds = readFileSync(join(json, 'queue-delete.txt'), 'utf8').trimEnd().split('\n');
  assert.equal(queueIds.length, 220, 'the 219 spam messages of the truth and one bounce to a forged sender');
  const dirs = new Map<string, string>();
  for (const format of ['md,html', 'md', 'html', 'csv']) {
    const out = analyze(SAMPLE, format);
    dirs.set(format, out);
    assert.deepEqual(txt(out), lists, format);
    for (const f of lists) assert.equal(readFileSync(join(out, f), 'utf8'), readFileSync(join(json, f), 'utf8'), `${format}: ${f}`);
    assert.ok(!readdirSync(out).includes('report.json'), `${format}: no report.json`);
  }
  // The -f md run's report.md.
  const md = readFileSync(join(dirs.get('md')!, 'report.md'), 'utf8');
  assert.match(md, /queue-delete\.txt/, 'the report names the list it refers to');
});

test('renderReport: dns-records.txt too, once, whichever formats are chosen', async () => {
  const r = await report([join(ROOT, 'test', 'fixtures', 'rules', 'receivers-refusing.log')], { year: 2026 });
  const records = r.findings.find((f) => f.rule === 'receivers-refusing')!.lists!['dns-records.txt']!;
  assert.ok(records.length >= 3, 'SPF, DKIM and DMARC records (and notes)');
  for (const formats of [['json'], ['md'], ['html'], ['csv'], ['json', 'md', 'html', 'csv']]) {
    const files = await renderReport(r, formats, { title: 'T' });
    const dns = files.filter((f) => f.path === 'dns-records.txt');
    assert.equal(dns.length, 1, formats.join(','));
    assert.equal(dns[0]!.content, [...records].sort().join('\n') + '\n');
  }
  assert.deepEqual(await renderReport(r, [], { title: 'T' }), [], 'no report, no list');
});

// "168 SMTP AUTH failures from 9+ IPs" counted the IPs of the 50-row table; the ground truth has 37 IPs whose SMTP
// AUTH failed or was aborted (smtp_sasl_unsuccessful_by_ip) and 9 with IMAP/POP3 login failures.
test('the summary counts every IP that failed, not the rows of the client table', { skip: !existsSync(INCIDENT) ? 'corpus not found' : false }, async () => {
  const truth = JSON.parse(readFileSync(join(CORPUS, 'incident', 'ground_truth.json'), 'utf8')) as {
    auth: { smtp_sasl_unsuccessful_by_ip: Record<string, number>; smtp_sasl_aborted_501_total: number; mailbox_login_failed_by_ip: Record<string, number> };
  };
  const smtpIps = Object.keys(truth.auth.smtp_sasl_unsuccessful_by_ip).length;
  const mailboxIps = new Set(Object.keys(truth.auth.mailbox_login_failed_by_ip).map((k) => k.split(' ')[1])).size;
  assert.deepEqual([smtpIps, mailboxIps, truth.auth.smtp_sasl_aborted_501_total], [37, 9, 4]);
  let top50: Awaited<ReturnType<typeof report>> | null = null;
  for (const top of [50, 5, 0]) {
    const r = await report([INCIDENT], { year: 2026, top });
    if (top === 50) top50 = structuredClone(r);
    assert.ok(renderMarkdown(r).includes(`\n- **48** SMTP rejects; **168** SMTP AUTH failures and 4 aborted from ${smtpIps} IPs; `
      + `**42** IMAP/POP3 login failures from ${mailboxIps} IPs.\n`), `--top ${top}`);
    assert.ok(renderMarkdown(r, undefined, [], ja).includes(`SMTP AUTH の失敗 **168** 件と中断 4 件（送信元 IP ${smtpIps} 件）。`
      + `IMAP/POP3 のログイン失敗 **42** 件（送信元 IP ${mailboxIps} 件）。`), `--top ${top}, ja`);
  }
  // A report.json written before the counts existed still reads "at least" the IPs of its table.
  const old = top50! as Partial<Awaited<ReturnType<typeof report>>>;
  delete old.clientIpCounts;
  assert.match(renderMarkdown(old as Awaited<ReturnType<typeof report>>), /SMTP AUTH failures and 4 aborted from \d+\+ IPs; \*\*42\*\* IMAP\/POP3 login failures\./);
});

/** samples/incident.log's report (in-process, --year 2026, -f md), analysed once for the two tests below; a deep copy every call. */
let sampleMd: ReturnType<typeof report> | null = null;
async function sampleReport(): Promise<Awaited<ReturnType<typeof report>>> {
  sampleMd ??= report([SAMPLE], { year: 2026, formats: ['md'] });
  return structuredClone(await sampleMd);
}

// A queue table shows the first 50 rows and says where the others are: only in files this run writes.
test('the still-queued table points to the files that hold all its rows, as written by this run', async () => {
  // The formats as a run records them (report.options.formats): -f md analysed; json,md and md,csv set on copies of it.
  const intro = async (formats: string[] | null): Promise<string> => {
    const r = await sampleReport();
    if (formats !== null) r.options.formats = formats;
    assert.ok(r.stillQueued.length > 50);
    return renderMarkdown(r, 't', []).split('\n').find((l) => l.includes('messages were never removed'))!;
  };
  assert.match(await intro(null), /Oldest first \(first 50\):$/);
  assert.match(await intro(['json', 'md']), /\(first 50; all of them are in report\.json\):$/);
  assert.match(await intro(['md', 'csv']), /\(first 50; all of them are in csv\/stillQueued\.csv\):$/);
});

// Review AJ: README.txt and "Files in this folder" said of csv/deferralCauses.csv only "the table deferralCauses of
// report.json" (the fallback for a table of no words), a key where every other file has a sentence.
test('every csv/ table of an incident report is described in words in both languages, none by the fallback', async () => {
  const names = csvTableNames(await sampleReport());
  assert.ok(names.includes('deferralCauses'), names.join(', '));
  for (const lang of ['en', 'ja'] as const) {
    const w = folderWords(lang);
    for (const name of names) assert.ok(w.csv[name] !== undefined && w.csv[name]!.trim() !== '', `${lang}: csv/${name}.csv has no words (${w.csvOther(name)})`);
  }
  assert.match(folderWords('en').csv['deferralCauses'] ?? '', /^deferral causes by receiver, as the Deferral reasons table of the report groups them/);
});
