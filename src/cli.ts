#!/usr/bin/env node
// The command line: the only place that reads argv, writes to stdout and sets the exit code.
//   exit 0 success · 1 the run failed (corrupt input, unwritable output) · 2 usage error (bad option, missing input)

import { readFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { analyze, defaultJobs } from './run.js';
import { RENDERERS, rendererNames } from './render/index.js';
import { writeOutputs } from './output.js';
import { RunError, UsageError } from './errors.js';
import { stripControls } from './render/escape.js';
import { redactReport } from './report/redact.js';
import { randomBytes } from 'node:crypto';
import { loadDetectOptions, thresholdHelp } from './detect/config.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const STDIN_TOKEN = '\u0000stdin';

function fail(message: string, code: number): never {
  process.stderr.write(`maillog-forensics: ${stripControls(message)}\n`);
  process.exit(code);
}

async function runAnalyze(argv: Record<string, unknown>): Promise<void> {
  const formats = String(argv.format).split(',').map((s) => s.trim()).filter(Boolean);
  const known = rendererNames();
  for (const f of formats) if (!known.includes(f)) throw new UsageError(`unknown format "${f}" (known: ${known.join(', ')})`);
  const jobs = Number(argv.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError('--jobs must be a positive integer');
  const top = Number(argv.top);
  if (!Number.isInteger(top) || top < 0) throw new UsageError('--top must be 0 (all) or a positive integer');
  const year = argv.year === undefined ? undefined : Number(argv.year);
  if (year !== undefined && (!Number.isInteger(year) || year < 1970 || year > 9999)) throw new UsageError('--year must be a four-digit year');
  const rangeBytes = argv['range-bytes'] === undefined ? undefined : Number(argv['range-bytes']);
  if (rangeBytes !== undefined && (!Number.isInteger(rangeBytes) || rangeBytes < 1)) throw new UsageError('--range-bytes must be a positive integer');
  const optionalString = (v: unknown): string | undefined => (v === undefined ? undefined : String(v));
  const detect = loadDetectOptions({
    allowIps: optionalString(argv['allow-ips']), allowUsers: optionalString(argv['allow-users']),
    thresholds: argv.threshold === undefined ? [] : ([] as unknown[]).concat(argv.threshold).map(String),
    config: optionalString(argv.config), queue: optionalString(argv.queue),
  });

  const controller = new AbortController();
  process.once('SIGINT', () => { controller.abort(); fail('interrupted; no report written', 130); });
  const started = process.hrtime.bigint();
  const { report: analyzed, bytes } = await analyze({
    paths: (argv.files as string[]).map((f) => (String(f) === STDIN_TOKEN ? '-' : String(f))), jobs, year, top, formats, rangeBytes,
    allowPartial: Boolean(argv['allow-partial']), progress: !argv.quiet, version: VERSION, signal: controller.signal, detect,
  });
  const redactKey = argv['redact-key'] === undefined ? undefined : String(argv['redact-key']);
  if (redactKey !== undefined && redactKey === '') throw new UsageError('--redact-key must not be empty');
  const report = argv.redact || redactKey !== undefined || argv['redact-domains']
    ? redactReport(analyzed, { key: redactKey ?? randomBytes(32).toString('hex'), redactDomains: Boolean(argv['redact-domains']), randomKey: redactKey === undefined })
    : analyzed;
  const files = [];
  for (const r of RENDERERS) if (formats.includes(r.name)) files.push(...await r.render(report, { title: String(argv.title) }));
  const written = writeOutputs(String(argv.out), files);
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  if (!argv.quiet) {
    const t = report.totals;
    process.stderr.write(
      `${report.lines.total.toLocaleString('en-US')} lines (${(bytes / 1e6).toFixed(1)} MB) in ${secs.toFixed(2)} s: `
      + `${t.received} received, ${t.delivered} delivered, ${t.deferred} deferred attempts, ${t.bounced} bounced, `
      + `${t.rejected} rejected, ${t.authFailures} AUTH failures, ${t.stillQueued} still queued; `
      + `${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}; `
      + `${report.lines.unparsed} unparsed line${report.lines.unparsed === 1 ? '' : 's'}.\n`,
    );
    for (const w of written) process.stdout.write(`${w}\n`);
  }
}

async function main(): Promise<void> {
  // yargs drops a lone "-"; carry it through as a token that cannot be a real option.
  await yargs(hideBin(process.argv).map((a) => (a === '-' ? STDIN_TOKEN : a)))
    .scriptName('maillog-forensics')
    .usage('$0 <command> [options]\n\nOffline forensics for Postfix and Dovecot mail logs.')
    .command(
      'analyze <files..>',
      'Analyze log files (plain, .gz, or - for stdin) and write a report',
      (y) => y
        .positional('files', { describe: 'Log files: maillog, rotated maillog.1, maillog.2.gz …; - reads standard input', type: 'string', array: true })
        .option('out', { alias: 'o', describe: 'Output directory', type: 'string', default: 'reports/latest' })
        .option('format', { alias: 'f', describe: `Outputs, comma-separated: ${rendererNames().join(', ')}`, type: 'string', default: 'json,md,html,csv' })
        .option('jobs', { alias: 'j', describe: 'Worker threads (1 = no workers)', type: 'number', default: defaultJobs() })
        .option('year', { describe: 'Year of the first line for classic syslog timestamps (default: from the file modification time)', type: 'number' })
        .option('top', { describe: 'Rows per table (0 = all)', type: 'number', default: 50 })
        .option('title', { describe: 'Report title', type: 'string', default: 'Mail log forensics report' })
        .option('allow-partial', { describe: 'Report what was read from a corrupt or truncated .gz instead of failing', type: 'boolean', default: false })
        .option('redact', { describe: 'Replace e-mail local parts, user names and client IPs by stable pseudonyms (HMAC-SHA256) for sharing', type: 'boolean', default: false })
        .option('redact-key', { describe: 'Secret key for --redact (implies it): the same key gives the same pseudonyms across reports; default: random per run', type: 'string' })
        .option('redact-domains', { describe: 'With --redact (implies it): replace domains by pseudonyms too', type: 'boolean', default: false })
        .option('quiet', { alias: 'q', describe: 'No progress or summary on stderr', type: 'boolean', default: false })
        .option('allow-ips', { describe: 'IPs exempt from findings: one per line (# comments) or a CSV with an "ip" column', type: 'string' })
        .option('allow-users', { describe: 'SASL users exempt from findings: a file (one per line) or a comma-separated list', type: 'string' })
        // Not `array: true`: an array option would swallow the log files that follow it.
        .option('threshold', { describe: 'Override a detection threshold: rule.name=value (repeat the option for more; list below)', type: 'string' })
        .option('config', { describe: 'JSON file: {"thresholds": {"rule.name": n}, "allowIps": [...], "allowUsers": [...]}', type: 'string' })
        .option('queue', { describe: 'A `postqueue -j` dump taken now: the cleanup list keeps only IDs still queued', type: 'string' })
        .epilogue(thresholdHelp())
        .option('range-bytes', { describe: 'Split plain files into ranges of this many bytes (testing and tuning)', type: 'number', hidden: true })
        .example('$0 analyze /var/log/maillog /var/log/maillog.1 --out reports/acme', 'Analyze a log and its rotation')
        .example('$0 analyze maillog-*.gz --jobs 4 --format json,md', 'Four worker threads on gzipped rotations'),
      async (argv) => runAnalyze(argv as unknown as Record<string, unknown>),
    )
    .demandCommand(1, 'Give a command: analyze')
    .strict()
    .version(VERSION)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err) throw err;
      fail(`${msg} (see --help)`, 2);
    })
    .parseAsync();
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) fail(err.message, 2);
  if (err instanceof RunError) fail(err.message, 1);
  // A bug of ours: one line for the user, the stack only when asked for (MAILLOG_FORENSICS_DEBUG=1).
  if (process.env.MAILLOG_FORENSICS_DEBUG) process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  fail(`unexpected error: ${(err as Error).message ?? String(err)} (set MAILLOG_FORENSICS_DEBUG=1 for details)`, 1);
});
