// Review AG: the report as the user attaches it to a ticket, read end to end on the corpus incident and the samples.
// Each test holds one corrected behaviour; the review's list is in the commit messages (AG1 …).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { thresholdDefaults } from '../src/detect/index.js';
import { loadDetectOptions } from '../src/detect/config.js';
import { UsageError } from '../src/errors.js';
import { serverTroubleFix } from '../src/detect/rules/server-trouble.js';
import { messagesFor } from '../src/i18n/index.js';
import { relayOf } from '../src/render/deferral-causes-table.js';
import { tableWordsFor } from '../src/i18n/table-words.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { chartSpecs } from '../src/render/charts.js';
import { CORPUS, ROOT, report } from './helpers.js';
import type { Report } from '../src/report/model.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const CORPUS_INCIDENT = join(CORPUS, 'incident', 'maillog');
const noCorpus = !existsSync(CORPUS_INCIDENT) ? 'corpus not found' : false;

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const incidentRuns = new Map<'en' | 'ja', string>();
/**
 * The output folder of `analyze` of the corpus incident in `lang` (report.md, ticket.md and the lists: `-f md`), run
 * once per language for AG3's ticket and AG13's deferral reasons.
 */
function incidentMd(lang: 'en' | 'ja'): string {
  let out = incidentRuns.get(lang);
  if (out === undefined) {
    out = mkdtempSync(join(tmpdir(), 'mf-review-ag-'));
    const r = cli(['analyze', CORPUS_INCIDENT, '--year', '2026', '-j', '1', '-q', '-f', 'md', '--lang', lang, '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    incidentRuns.set(lang, out);
  }
  return out;
}

const incidentReports = new Map<'en' | 'ja', Promise<Report>>();
/** The corpus incident's report in `lang` (in-process, --year 2026), analysed once per language; the tests only read it. */
function incidentReport(lang: 'en' | 'ja'): Promise<Report> {
  let r = incidentReports.get(lang);
  if (r === undefined) incidentReports.set(lang, r = report([CORPUS_INCIDENT], { year: 2026, lang }));
  return r;
}

/** The lines of the ticket's finding whose heading starts with `heading`, up to the next heading. */
function section(md: string, heading: RegExp): string {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => heading.test(l));
  assert.ok(start >= 0, `no heading ${heading}`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('#'));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

test('AG3: server trouble of a brute force: the ticket quotes what stops the 454s, not "look at the example lines" it lacks', { skip: noCorpus }, () => {
  const en = section(readFileSync(join(incidentMd('en'), 'ticket.md'), 'utf8'), /^### \d+\. \[MEDIUM\] Server trouble/);
  assert.doesNotMatch(en, /example line/i, en);
  assert.match(en, /\*\*What to do\.\*\* The 454 answers come from the password guessing: block the attackers/, en);
  const ja = section(readFileSync(join(incidentMd('ja'), 'ticket.md'), 'utf8'), /^### \d+\. \[中\] サーバーの障害/);
  assert.doesNotMatch(ja, /ログ行を確認/, ja);
  assert.match(ja, /454 の応答はパスワード推測攻撃によるものです。攻撃元を遮断すれば/, ja);
});

test('AG3: the 454 lead only for the auth class alone under attack; other trouble still starts from the example lines', () => {
  assert.match(serverTroubleFix({ classes: ['auth'], guessing454: true }), /^The 454 answers come from the password guessing/);
  assert.match(serverTroubleFix({ classes: ['auth'] }), /^Look at the example lines, then:/);
  assert.match(serverTroubleFix({ classes: ['disk', 'auth'], guessing454: true }), /^Look at each example line, then by class:/);
  const ja = messagesFor('ja').advice.serverTrouble;
  assert.match(ja({ classes: ['auth'], guessing454: true }), /^454 の応答はパスワード推測攻撃によるものです/);
  assert.match(ja({ classes: ['auth'] }), /^まずログ行を確認し/);
});

test('AG4: the Summary does not repeat findings the verdict lists above it, in English and Japanese', async () => {
  for (const lang of ['en', 'ja'] as const) {
    const r = await report([join(ROOT, 'samples', 'incident.log')], { year: 2026, lang });
    const md = renderMarkdown(r);
    const summary = md.slice(md.indexOf(lang === 'en' ? '\n## Summary\n' : '\n## 概要\n'), md.indexOf(lang === 'en' ? '\n## Findings\n' : '\n## 検出事項\n'));
    assert.ok(summary.length > 100, summary);
    for (const f of r.overview!.findings) {
      assert.ok(!summary.includes(f.short), `${lang}: "${f.short}" again in the Summary:\n${summary}`);
      assert.equal(md.split(f.short).length - 1 >= 1, true);
    }
    assert.doesNotMatch(summary, lang === 'en' ? /Findings: \d/ : /検出事項: \d/);
  }
});

test('AG8: the account\'s failed logins before the guess say they count IMAP and POP3 too, beside the SASL table\'s SMTP AUTH count', { skip: noCorpus }, async () => {
  for (const [lang, label] of [
    ['en', 'Failed logins for this name before (SMTP AUTH, IMAP and POP3)'],
    ['ja', 'それまでのこの名前でのログイン失敗（SMTP AUTH、IMAP、POP3）'],
  ] as const) {
    const r = await incidentReport(lang);
    const finding = r.findings.find((f) => f.rule === 'compromised-account');
    assert.ok(finding, 'the corpus incident has its compromised account');
    const before = finding.evidence['failedLoginsForThisName'];
    const row = r.bySaslUser.find((u) => u.key === 'info@example.jp');
    // The corpus: 10 SMTP AUTH failures for info@example.jp (the SASL users table) and one IMAP failure (ground truth).
    assert.equal(row?.authFailures, 10);
    assert.equal(before, 11);
    const md = renderMarkdown(r);
    assert.ok(md.includes(label), `${lang}: no "${label}" in report.md`);
  }
});

test('AG7: receivers-refusing\'s evidence gives each class\'s count once, and compare of an old report.json shows no row for the key it dropped', async () => {
  const out = mkdtempSync(join(tmpdir(), 'mf-review-ag7-'));
  const sample = join(ROOT, 'samples', 'incident.log');
  const r = cli(['analyze', sample, '--year', '2026', '-j', '1', '-q', '-f', 'json,md', '--out', join(out, 'new')]);
  assert.equal(r.status, 0, r.stderr);
  const json = JSON.parse(readFileSync(join(out, 'new', 'report.json'), 'utf8')) as { findings: Array<{ rule: string; title: string; evidence: Record<string, number | string> }> };
  const refusing = json.findings.find((f) => f.rule === 'receivers-refusing');
  assert.ok(refusing, 'samples/incident.log has receivers refusing');
  assert.equal(refusing.evidence['classes'], undefined, 'the classes in words are the title\'s');
  assert.match(refusing.title, /Microsoft block list \(550 5\.7\.1 S3150\): \d+ bounced/);
  const md = section(readFileSync(join(out, 'new', 'report.md'), 'utf8'), /^### \d+\. \[HIGH\] Microsoft, Yahoo and Gmail refuse/);
  const table = md.split('\n').filter((l) => l.startsWith('| '));
  assert.ok(table.some((l) => /^\| Microsoft: block list \| [\d,]+ \|$/.test(l)), table.join('\n'));
  // Each count once in the table: no row repeats the title's sentence of the classes.
  assert.ok(!table.some((l) => l.includes('S3150')), table.join('\n'));
  // An old report.json (the key "classes" beside the counts) against the new one: compare works and shows no "… | –" row.
  const old = structuredClone(json);
  old.findings.find((f) => f.rule === 'receivers-refusing')!.evidence = { classes: refusing.title.split(' — ')[1] ?? refusing.title, ...refusing.evidence };
  writeFileSync(join(out, 'old.json'), JSON.stringify(old));
  for (const lang of ['en', 'ja'] as const) {
    const c = cli(['compare', join(out, 'old.json'), join(out, 'new', 'report.json'), '-q', '-f', 'md', '--lang', lang, '--out', join(out, `cmp-${lang}`)]);
    assert.equal(c.status, 0, c.stderr);
    const cmp = readFileSync(join(out, `cmp-${lang}`, 'compare.md'), 'utf8');
    assert.match(cmp, lang === 'en' ? /\n\| Microsoft: block list \| ([\d,]+) \| \1 \|\n/ : /\n\| Microsoft: ブロックリスト掲載 \| ([\d,]+) 件 \| \1 件 \|\n/);
    assert.ok(!cmp.includes(lang === 'en' ? 'Refusals by receiver and kind' : '受信側と種類ごとの拒否'), `${lang}: the dropped key shown`);
  }
});

test('AG8: the compromised account\'s title names the kinds its failed logins count, as the evidence label does, in English and Japanese', { skip: noCorpus }, async () => {
  for (const [lang, words] of [
    ['en', 'after 11 failed logins for that name (SMTP AUTH, IMAP and POP3); since then'],
    ['ja', 'それまでにこの名前で 11 回のログイン失敗（SMTP AUTH、IMAP、POP3）がありました。'],
  ] as const) {
    const r = await incidentReport(lang);
    const finding = r.findings.find((f) => f.rule === 'compromised-account');
    assert.ok(finding?.title.includes(words), `${lang}: ${finding?.title}`);
  }
  // mailbox-breach counts the same failures (loginFailuresUpTo) and says so alike.
  assert.match(messagesFor('en').findings.mailboxBreach({ user: 'a@example.jp', failedForName: 3, failures: 2, intruders: [{ ip: '192.0.2.1', at: '2026-11-28 22:16', protocol: 'imap', failures: 2 }] }),
    /after 3 failed logins for that name \(SMTP AUTH, IMAP and POP3\);/);
});

test('AG10: an unknown --threshold names what it may have meant and where the list is, not all 68 names on one line', () => {
  const all = Object.keys(thresholdDefaults());
  /** The error line as the command prints it: exit 2, one line, one rule's names at most. */
  const checked = (line: string): string => {
    assert.equal(line.trim().split('\n').length, 1, line);
    // One rule's names at most (sasl-bruteforce's 10 since review AL, AL2: 409 characters), never all of them (~2,000).
    assert.ok(line.length < 600, `${line.length} characters: ${line}`);
    return line.trim();
  };
  // The command line once: its exit status and stderr.
  const cliErr = (spec: string): string => {
    const r = cli(['analyze', join(ROOT, 'samples', 'incident.log'), '--threshold', spec, '-q', '--out', mkdtempSync(join(tmpdir(), 'mf-review-ag10-'))]);
    assert.equal(r.status, 2, r.stderr);
    return checked(r.stderr);
  };
  // The other names through the check the command makes of --threshold (detect/config.ts loadDetectOptions), its
  // UsageError worded as the command prints one ("maillog-forensics: " and the message).
  const err = (spec: string): string => {
    let message = '';
    assert.throws(() => loadDetectOptions({ thresholds: [spec] }), (e: unknown) => { message = (e as Error).message; return e instanceof UsageError; }, spec);
    return checked(`maillog-forensics: ${message}\n`);
  };
  const list = `(maillog-forensics analyze --help-thresholds lists all ${all.length} with their defaults)`;
  assert.equal(err('foo=3'), `maillog-forensics: unknown threshold "foo" ${list}`);
  assert.equal(cliErr('perIpFailures=3'), `maillog-forensics: unknown threshold "perIpFailures": did you mean sasl-bruteforce.perIpFailures? ${list}`);
  assert.match(err('sasl-bruteforce.perIpFailure=3'), /^maillog-forensics: unknown threshold "sasl-bruteforce\.perIpFailure": did you mean sasl-bruteforce\.perIpFailures\? sasl-bruteforce has perIpFailures, distributedIps, /);
  // The help it points to exists and lists each name once.
  const help = cli(['analyze', '--help-thresholds']);
  for (const name of all) assert.ok(help.stdout.includes(`  ${name}=`), name);
});

test('AG11: no option or positional of the help is both [required] and given a default', () => {
  for (const command of [['--help'], ['analyze', '--help'], ['compare', '--help']]) {
    const r = cli(command);
    assert.equal(r.status, 0, r.stderr);
    // yargs wraps a description over lines; the brackets end the entry's last line.
    assert.doesNotMatch(r.stdout, /\[required\]\s*\[default:/, `${command.join(' ')}:\n${r.stdout}`);
    if (command[0] === 'analyze') assert.match(r.stdout, /read whole\s+\[array\] \[required\]\n/);
  }
  // No files is the same usage error as before.
  const none = cli(['analyze']);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /^maillog-forensics: give the log files to analyze: /);
});

test('AG12: a count of 1 takes the singular in the Summary, the deferral reasons\' note and the summary on stderr', { skip: noCorpus }, () => {
  // The corpus's healthy log: one mistyped SMTP password, one IMAP password (its README).
  const out = mkdtempSync(join(tmpdir(), 'mf-review-ag12-'));
  const healthy = cli(['analyze', join(CORPUS, 'healthy', 'maillog'), '--year', '2026', '-j', '1', '-f', 'md', '--out', out]);
  assert.equal(healthy.status, 0, healthy.stderr);
  assert.match(healthy.stderr, /, 1 AUTH failure, /);
  assert.match(readFileSync(join(out, 'report.md'), 'utf8'), /\n- \*\*20\*\* SMTP rejects; \*\*1\*\* SMTP AUTH failure from 1 IP; \*\*1\*\* IMAP\/POP3 login failure from 1 IP\.\n/);
  // A message deferred once and still queued (test/fixtures/logs): every count 1.
  const one = mkdtempSync(join(tmpdir(), 'mf-review-ag12-'));
  const r = cli(['analyze', join(ROOT, 'test', 'fixtures', 'logs', 'two-hosts.log'), '--year', '2026', '-j', '1', '-f', 'md', '--out', one]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /, 1 deferred attempt, /);
  const md = readFileSync(join(one, 'report.md'), 'utf8');
  assert.match(md, /\n- \*\*1\*\* deferred delivery attempt for \*\*1\*\* message; \*\*1\*\* message still in the queue at the end of the log\.\n/);
  assert.match(md, /1 reason as Postfix wrote them \(normalised\), grouped by receiver and cause into 1 row\./);
  assert.doesNotMatch(md, /\*\*1\*\* (messages|recipients|SMTP rejects|deferred delivery attempts)\b/);
});

test('AG13: deferral reasons of relays logged by IP address say so and give an example relay and domain, not "– (not named)"', { skip: noCorpus }, () => {
  for (const [lang, heading, row, note] of [
    ['en', '## Deferral reasons', '| By IP address only | could not connect: Connection refused | 4.4.1 | 909 | 840 | e.g. 127.0.1.6 (mail for qq.com) | maillog:939 |',
      '"By IP address only": the log names those receiving servers by their IP address alone'],
    ['ja', '## 配送遅延の理由', '| IP アドレスのみ | 接続できない: Connection refused | 4.4.1 | 909 | 840 | 例: 127.0.1.6（qq.com 宛て） | maillog:939 |',
      '「IP アドレスのみ」の行は、ログが受信サーバーを IP アドレスだけで記録しているもので'],
  ] as const) {
    const md = readFileSync(join(incidentMd(lang), 'report.md'), 'utf8');
    const table = md.slice(md.indexOf(`\n${heading}\n`), md.indexOf('\n## ', md.indexOf(`\n${heading}\n`) + 5));
    assert.ok(table.includes(row), `${lang}:\n${table}`);
    assert.ok(table.includes(note), `${lang}:\n${table}`);
    assert.doesNotMatch(table, /not named|名前なし/);
  }
  // A DNS failure reached no server: no "By IP address only" for it.
  assert.equal(tableWordsFor('en').causeLine('', 'dns', ''), `–: ${tableWordsFor('en').cause('dns', '')}`);
  assert.equal(tableWordsFor('en').causeLine('', 'connect-failed', 'Connection refused'), 'By IP address only: could not connect: Connection refused');
  assert.equal(tableWordsFor('ja').unnamedReceiver('dns'), '–');
  assert.equal(tableWordsFor('en').unnamedReceiver('connect-failed'), 'By IP address only');
  // Verbatim line shapes: a relay of its own, Postfix's cache (relay=none), IPv6; a named host's line gives its IP too.
  assert.deepEqual(relayOf('Nov 28 22:16:30 mail postfix/smtp[22161]: 600E4160729: to=<koyu9249@gmail.com>, relay=127.0.1.1[127.0.1.1]:25, delay=0.7, delays=0.15/0.52/0.03/0, dsn=4.4.2, status=deferred (lost connection with 127.0.1.1[127.0.1.1] while sending RCPT TO)'),
    { ip: '127.0.1.1', domain: 'gmail.com' });
  assert.deepEqual(relayOf('Nov 28 22:16:29 mail postfix/error[22095]: 9C0751606B1: to=<naroyatsu_mitsu@163.com>, relay=none, delay=0.73, delays=0.17/0.56/0/0, dsn=4.4.1, status=deferred (delivery temporarily suspended: connect to 127.0.1.6[127.0.1.6]:25: Connection refused)'),
    { ip: '127.0.1.6', domain: '163.com' });
  assert.deepEqual(relayOf('Nov 28 22:16:29 mail postfix/smtp[22095]: 9C0751606B1: to=<a@Example.ORG>, relay=none, delay=30, delays=0/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.org[2001:db8::25]:25: Connection timed out)'),
    { ip: '2001:db8::25', domain: 'example.org' });
  assert.equal(relayOf('Nov 28 22:16:29 mail postfix/smtp[22095]: 9C0751606B1: to=<a@example.org>, relay=none, delay=0, dsn=4.4.3, status=deferred (Host or domain name not found. Name service error for name=example.org type=MX: Host not found, try again)'), null);
});

test('AG14: an event rule stops above the total of the bar it falls on, and goes on under it, in every time chart with totals', { skip: noCorpus }, async () => {
  const r = await incidentReport('en');
  type Layer = { mark: { type: string; yOffset?: number; clip?: boolean }; data?: { values: Array<{ bin: string }> }; encoding: Record<string, { datum?: number; value?: number | string; field?: string }> };
  let checked = 0;
  for (const chart of chartSpecs(r)) {
    const spec = chart.spec as unknown as { layer?: Layer[]; vconcat?: Array<{ layer: Layer[] }> };
    for (const layers of [spec.layer, ...(spec.vconcat ?? []).map((p) => p.layer)]) {
      if (layers === undefined) continue;
      const totals = layers.some((l) => l.mark.type === 'text' && l.encoding['text']?.field === 'value');
      const rules = layers.filter((l) => l.mark.type === 'rule');
      if (!totals || rules.length === 0) continue;
      // The corpus incident spans 6 minutes, drawn a bar a minute (review AG, AG6): each event on its minute's bar,
      // its rule in two parts, the part above left out in a panel without the labels over a bar of more than 4/5 of
      // the panel's highest (the bottom panel's SMTP AUTH failures at 22:16).
      const below = rules.filter((l) => l.mark.yOffset === undefined).length;
      assert.equal(below, 2, chart.id);
      assert.ok(rules.length - below <= below, chart.id);
      for (const rule of rules) {
        const y = rule.encoding['y'];
        const y2 = rule.encoding['y2'];
        assert.ok(typeof y?.datum === 'number', `${chart.id}: a rule not tied to its bar's total: ${JSON.stringify(rule.encoding)}`);
        // Above: from the total, lifted over its label, up to the events' labels; below: from the total down.
        if (rule.mark.yOffset !== undefined) assert.equal(rule.mark.yOffset, -19);
        else assert.ok(y2?.value === 220 || y2?.value === 130 || y2?.value === 'height', JSON.stringify(y2));
        checked++;
      }
    }
  }
  assert.ok(checked >= 8, `${checked} rules checked`);
});
