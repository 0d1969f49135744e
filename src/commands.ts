// The commands (yargs), loaded by the entry cli.ts: with it, the only place that reads argv, writes to stdout and sets
// the exit code.
//   exit 0 success · 1 the run failed (corrupt input, unwritable output) · 2 usage error (bad option, missing input)
//   · 3 compare / analyze --baseline with --fail-on found a finding of the kind asked for; with --fail-on, also 2
//   when a side cannot be compared (no Postfix/Dovecot line, mostly not understood): never a pass

import { basename, join } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { analyze, defaultJobs, phaseTimer } from './run.js';
import { renderReport, rendererNames } from './render/index.js';
import type { RenderedFile } from './render/index.js';
import { checkWritable, openOutputs, writeOutputs } from './output.js';
import { isOwnOutput, ownOutputIds, readmeNameFor } from './output-owned.js';
import type { Committed, OutputWriter } from './output.js';
import { endInterrupted, inputsMayBlock, onStopSignal, turnForSignals, type StopSignal } from './interrupt.js';
import { endPhaseLine, phaseLine } from './progress.js';
import { RunError, UsageError } from './errors.js';
import { refusalIn } from './split/magic.js';
import { collectAfterScan, tableFullMessage } from './memory.js';
import { stripControls } from './render/escape.js';
import { ipPseudonymFor, redactReport } from './report/redact.js';
import { buildOverview } from './report/overview.js';
import { randomBytes } from 'node:crypto';
import { loadDetectOptions, thresholdHelp } from './detect/config.js';
import { KEY_DERIVATION, PSEUDONYM_HEX_DIGITS, keyFingerprint } from './report/redact.js';
import { SCHEMA_VERSION } from './report/model.js';
import type { Report } from './report/model.js';
import type { Comparison } from './compare/model.js';
import { FAIL_ON, checkRedaction, checkSchemas, checkShape, compareReports, failingFindings, unusableForFailOn } from './compare/compare.js';
import type { FailOn } from './compare/compare.js';
import { readReportFile, resolveSide, sideName, sideSource } from './compare/load.js';
import { analyzeAfterSide } from './compare/after-side.js';
import { afterIpCountsOf } from './compare/after-ip-counts.js';
import type { AfterIpLookup } from './compare/after-ip-counts.js';
import { parseLocalTime, syslogStampAsLocal } from './time.js';
import type { SideSpec } from './compare/load.js';
import { COMPARE_FORMATS, addBaselineSection, renderComparison } from './compare/render.js';
import { compareMessagesFor } from './i18n/compare.js';
import type { CompareMessages } from './i18n/compare.js';
import { buildText, toolBuild, toolVersion } from './tool-build.js';
import { isLang, localeLang, messagesFor } from './i18n/index.js';
import { TIMING_ON, atNow, msSince, timingLine } from './timing.js';
import { cpuByThread } from './thread-cpu.js';
import { startChartThread } from './workers/chart-thread.js';
import type { ChartThread } from './workers/chart-thread.js';
import { readReportHead } from './report-head.js';
import { editDistance } from './edit-distance.js';

/** When the modules were loaded: this module's body runs after every module it imports (the timing line "start"). */
const LOADED_AT = process.uptime();

const VERSION = toolVersion();
/** The git commit of this build (tool-build.ts), in report.json's tool; undefined when not built from a git checkout. */
const BUILD = toolBuild();

const STDIN_TOKEN = '\u0000stdin';

function fail(message: string, code: number): never {
  printError(message);
  process.exit(code);
}

function printError(message: string): void {
  endPhaseLine();
  // One line: yargs' messages hold newlines (they would show as U+FFFD once control characters are stripped).
  process.stderr.write(`maillog-forensics: ${stripControls(message.replace(/\s*[\r\n]+\s*/g, ' ').trim())}\n`);
}

/**
 * Ctrl-C, SIGTERM or SIGHUP: the message, then the end (exit 130, 143, 129; see interrupt.ts for inputs a read may
 * wait on for ever).
 */
function interrupted(what: string, paths: readonly string[], signal: StopSignal): never {
  printError(`interrupted${signal === 'SIGINT' ? '' : ` by ${signal}`}; ${what}`);
  endInterrupted(inputsMayBlock(paths), signal);
}

/** The earlier run's files the commit removed, on stderr (README "The analyze command", docs/compare.md). */
function reportRemoved(out: string, committed: Committed, messages: ReturnType<typeof messagesFor>): void {
  if (committed.removed.length > 0) process.stderr.write(messages.cli.removedStale({ dir: stripControls(out), files: committed.removed }));
}

/**
 * The run whose report.json --out holds, when it is of another period or other logs than `report`: the user is
 * told it was replaced (review Z, Z9). The same logs analyzed again (the same first line and input paths) replace
 * nothing worth a word; an unreadable or foreign report.json is not ours to describe.
 */
function earlierRun(out: string, report: Report): { from: string; to: string; files: string[] } | null {
  const earlier = readReportHead(join(out, 'report.json')) as Partial<Report> | null;
  if (earlier === null) return null;
  const from = earlier.period?.from;
  const to = earlier.period?.to;
  if (typeof from !== 'string' || typeof to !== 'string' || !Array.isArray(earlier.inputs)) return null;
  const files = earlier.inputs.map((i) => String(i.path));
  const samePaths = files.join('\n') === report.inputs.map((i) => i.path).join('\n');
  if (samePaths && from === report.period.from) return null;
  return { from: from.replace('T', ' '), to: to.replace('T', ' '), files: files.map(stripControls) };
}

/** --jobs, --top and --year, checked the same way for analyze and compare. */
function scanOptions(argv: Record<string, unknown>): { jobs: number; top: number; year: number | undefined } {
  // An option given twice is an array to yargs: say so, not that it is no number (review 16: "--top 5 --top 7").
  for (const o of ['jobs', 'top', 'year']) if (Array.isArray(argv[o])) throw new UsageError(`--${o} given more than once`);
  const jobs = Number(argv.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError('--jobs must be a positive integer');
  const top = Number(argv.top);
  if (!Number.isInteger(top) || top < 0) throw new UsageError('--top must be 0 (all) or a positive integer');
  const year = argv.year === undefined ? undefined : Number(argv.year);
  if (year !== undefined && (!Number.isInteger(year) || year < 1970 || year > 9999)) throw new UsageError('--year must be a four-digit year');
  return { jobs, top, year };
}

/** --format as a list (at least one) and --out (not empty), checked the same way for analyze and compare. */
function outputOptions(argv: Record<string, unknown>, known: readonly string[]): { formats: string[]; out: string } {
  const formats = String(argv.format).split(',').map((s) => s.trim()).filter(Boolean);
  if (formats.length === 0) throw new UsageError(`--format: no output format given (known: ${known.join(', ')})`);
  for (const f of formats) if (!known.includes(f)) throw new UsageError(`unknown format "${f}" (known: ${known.join(', ')})`);
  if (Array.isArray(argv.out)) throw new UsageError('--out given more than once');
  const out = String(argv.out);
  if (out === '-') throw new UsageError('--out -: a report is several files, not a stream; give the output directory');
  if (out.trim() === '') throw new UsageError('--out must not be empty (give the output directory)');
  return { formats, out };
}

async function runAnalyze(argv: Record<string, unknown>): Promise<void> {
  const { formats, out } = outputOptions(argv, rendererNames());
  const { jobs, top, year } = scanOptions(argv);
  // The log's own clock: a classic line carries no zone, so a zone given here could not be honoured (review 9, L2).
  // Lines with UTC offsets are compared at the reference offset (the first line's, split/inputs.ts: review V, V5; the
  // files' first dated line's beside standard input or a pipe, which are not read ahead: review W, W2).
  if (argv.since !== undefined && /(?:Z|[+-]\d\d:?\d\d)$/i.test(String(argv.since).trim())) {
    throw new UsageError(`--since is the server's local time as its log writes it, without a zone (for lines with UTC offsets, `
      + `the time at the offset of the log's first line, or beside standard input or a pipe of the files' first dated line, `
      + `as the report shows it): "2026-11-28 09:30", not "${String(argv.since)}"`);
  }
  // The log's own stamp ("Nov 28 09:30") has no year: taken with --year, else named with this year (review Z, Z26).
  const syslogSince = argv.since === undefined ? null : syslogStampAsLocal(String(argv.since), year ?? new Date().getFullYear());
  if (syslogSince !== null && year === undefined) {
    throw new UsageError(`--since "${String(argv.since)}" has no year: give it with its year, "${syslogSince}" (or add --year)`);
  }
  const since = argv.since === undefined ? undefined : parseLocalTime(syslogSince ?? String(argv.since));
  if (since !== undefined && !Number.isFinite(since)) throw new UsageError(`--since must be a local time like "2026-11-28 09:30" or "2026-11-28T09:30:00", not "${String(argv.since)}"`);
  const rangeBytes = argv['range-bytes'] === undefined ? undefined : Number(argv['range-bytes']);
  if (rangeBytes !== undefined && (!Number.isInteger(rangeBytes) || rangeBytes < 1)) throw new UsageError('--range-bytes must be a positive integer');
  const optionalString = (v: unknown): string | undefined => (v === undefined ? undefined : String(v));
  // Standard input is read once: by a log, or by one of the files these options name (`--queue -`).
  const stdinUsers = [...(argv.files as unknown[]).filter((f) => String(f) === STDIN_TOKEN).map(() => 'a log'),
    ...(['queue', 'config', 'allow-ips'] as const).filter((o) => argv[o] === '-').map((o) => `--${o}`)];
  if (stdinUsers.length > 1) throw new UsageError(`standard input (-) can be read once, not by ${stdinUsers.join(' and ')}: give the others as files`);
  const detect = loadDetectOptions({
    allowIps: optionalString(argv['allow-ips']), allowUsers: optionalString(argv['allow-users']),
    thresholds: argv.threshold === undefined ? [] : ([] as unknown[]).concat(argv.threshold).map(String),
    config: optionalString(argv.config), queue: optionalString(argv.queue),
  });

  // Report language: --lang, else the locale (LC_ALL, LC_MESSAGES, LANG: ja* → Japanese).
  const lang = argv.lang === undefined ? localeLang() : String(argv.lang);
  if (!isLang(lang)) throw new UsageError(`--lang must be en or ja, not "${lang}"`);
  const messages = messagesFor(lang);
  // One line: a newline in --title would end the heading (it showed as U+FFFD); an empty one is the default title.
  const oneLine = (v: unknown): string => (Array.isArray(v) ? v.map(String).join(' ') : String(v)).replace(/\s+/g, ' ').trim();
  const baseTitle = argv.title === undefined || oneLine(argv.title) === '' ? messages.report.defaultTitle : oneLine(argv.title);
  // --client names whom the report is for: "Mail log forensics report — ACME Co., Ltd."
  const title = argv.client === undefined || oneLine(argv.client) === '' ? baseTitle : `${baseTitle} — ${oneLine(argv.client)}`;

  const failOn = parseFailOn(argv['fail-on']);
  if (failOn.length > 0 && argv.baseline === undefined) throw new UsageError('--fail-on needs --baseline (or use the compare command)');
  const baseline = argv.baseline === undefined ? null : loadBaseline(String(argv.baseline), redactionArgs(argv), compareMessagesFor(lang));
  // Before any log is read: an unwritable --out failed only after the whole scan (minutes on a big set).
  checkWritable(out);
  const given = (argv.files as string[]).map((f) => (String(f) === STDIN_TOKEN ? '-' : String(f)));
  const paths = withoutOwnOutputs(given, out, Boolean(argv.quiet), messages);
  const controller = new AbortController();
  let output: OutputWriter | null = null; // files already written under temporary names, removed on Ctrl-C
  onStopSignal((signal) => { controller.abort(); output?.abort(); interrupted('no report written', paths, signal); });
  const started = process.hrtime.bigint();
  timingLine(`start ${(LOADED_AT * 1000).toFixed(0)} ms to load Node and the modules, ${((process.uptime() - LOADED_AT) * 1000).toFixed(0)} ms to read the options (${atNow()})`);
  // With a worker allowed (--jobs 2 or more) and html written, the charts are drawn on a thread of their own, started
  // when the scan threads are done (workers/chart-thread.ts): it loads vega (~200 ms: DESIGN.md "Library facts") on
  // the core the scan worker left while this thread folds, detects and reports, and draws while this one draws the
  // other formats. vega stays out of this thread's heap (it was loaded here beside the scan before). --jobs 1 loads
  // it here when the charts are drawn, after the report.
  const charts: { thread: ChartThread | null } = { thread: null };
  const onScanned = jobs > 1 && formats.includes('html') ? (): void => { charts.thread ??= startChartThread(); } : undefined;
  const common = {
    jobs, top, formats, rangeBytes,
    allowPartial: Boolean(argv['allow-partial']), progress: !argv.quiet, version: VERSION, ...(BUILD === undefined ? {} : { build: BUILD }), signal: controller.signal, detect, lang,
    ...(onScanned === undefined ? {} : { onScanned }),
  };
  const redactKey = argv['redact-key'] === undefined ? undefined : String(argv['redact-key']);
  if (redactKey !== undefined && redactKey === '') throw new UsageError('--redact-key must not be empty');
  const redaction = argv.redact || redactKey !== undefined || argv['redact-domains']
    ? { key: redactKey ?? randomBytes(32).toString('hex'), redactDomains: Boolean(argv['redact-domains']), randomKey: redactKey === undefined } : null;
  // With --baseline and no --since, the log is placed against the baseline as compare places an after log (review AB,
  // F1): the same maillog grown since the baseline run (the README's journey) is analyzed from the end of the baseline
  // period on, at its offset and year, instead of counting the incident again ("Not fixed: 0 of the 7 findings fixed",
  // exit 3 with --fail-on, for a fix that worked). Standard input is read once: not probed, analyzed as given.
  const analyzeRun = async (): Promise<{ report: Report; bytes: number; afterIps?: AfterIpLookup }> => {
    const r = baseline !== null && since === undefined && !paths.includes('-')
      ? await analyzeAfterSide(baseline.report, paths, year, false, common)
      : await analyze({ ...common, paths, year, since });
    // The baseline's watched IPs looked up in this log, every IP, while its aggregate is here (compare/after-ip-counts.ts).
    if (baseline === null) return { report: r.report, bytes: r.bytes };
    return { report: r.report, bytes: r.bytes, afterIps: afterIpCountsOf(r.aggregate, baseline.report, redaction === null ? undefined : ipPseudonymFor(redaction.key)) };
  };
  // An input refused before the run knew the report's language (a zip, xz data without xz) is worded in it.
  const { report: analyzed, bytes, afterIps } = await analyzeRun().catch((err: unknown) => { throw refusalIn(err, lang, false); });
  const phase = phaseTimer();
  phaseLine({ kind: 'writingReport' });
  collectAfterScan(); // the aggregate is gone: only the report model stays
  phase('collect');
  const report = redaction !== null ? redactReport(analyzed, redaction) : analyzed;
  if (baseline !== null) {
    report.comparison = compareReports(baseline.report, report, {
      version: VERSION, ...(BUILD === undefined ? {} : { build: BUILD }), before: sideSource(baseline.spec), after: { kind: 'logs', paths: report.inputs.map((i) => i.path) },
      beforeName: baseline.name, afterName: 'this run', messages: compareMessagesFor(lang), ...(afterIps === undefined ? {} : { afterIps }),
    });
  }
  const replaced = earlierRun(out, report);
  // A README.txt in --out that no run of ours wrote is kept: the folder's list goes under another name (or none).
  const readme = readmeNameFor(out);
  let committed: Committed;
  const drawCharts = charts.thread === null ? {} : { drawCharts: charts.thread.draw };
  try {
    if (report.comparison) {
      // The baseline section goes into report.md and report.html once both are drawn.
      const files = await addBaselineSection(await renderReport(report, formats, { title, messages, readme, ...drawCharts }), report);
      phase('render');
      await turnForSignals(); // a signal that came while the files were drawn: none is written
      committed = writeOutputs(out, files, 'analyze');
    } else {
      // Each format is written as soon as it is drawn, then dropped (output.ts openOutputs); renamed together, and
      // the files of an earlier run in --out that this run did not write are removed then.
      const writer = openOutputs(out, 'analyze');
      output = writer;
      try {
        // After each format written, the turns where a stop signal is handled (interrupt.ts turnForSignals).
        await renderReport(report, formats, { title, messages, readme, ...drawCharts }, async (files) => { writer.add(files); await turnForSignals(); });
      } catch (err) {
        writer.abort();
        throw err;
      }
      const renaming = process.hrtime.bigint();
      committed = writer.commit();
      timingLine(`files renamed into place in ${msSince(renaming)} ms`);
      output = null;
    }
  } finally {
    charts.thread?.end();
  }
  phase('render and write');
  // What the process does after this (Node's exit) comes before the next line.
  process.once('exit', () => timingLine(`exit (${atNow()}${TIMING_ON ? `; ${cpuByThread()}` : ''})`));
  endPhaseLine();
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  if (!argv.quiet) {
    const t = report.totals;
    process.stderr.write(messages.cli.summary({
      lines: report.lines.total, mb: (bytes / 1e6).toFixed(1), secs: secs.toFixed(2), received: t.received, delivered: t.delivered,
      deferred: t.deferred, bounced: t.bounced, rejected: t.rejected, authFailures: t.authFailures, stillQueued: t.stillQueued,
      deletedInBulk: t.deletedInBulk ?? 0,
      findings: report.findings.length, unparsed: report.lines.unparsed, warnings: report.warnings.length,
    }));
    reportRemoved(out, committed, messages);
    // After the progress line is cleared, with the other notes on the folder.
    if (readme !== 'README.txt') process.stderr.write(messages.cli.keptOwnReadme({ dir: stripControls(out), name: readme }));
    if (replaced !== null) process.stderr.write(messages.cli.replacedRun({ dir: stripControls(out), ...replaced }));
    // The verdict against the baseline, as `compare` prints it (it says "Check the order" when the baseline is newer).
    if (report.comparison) process.stderr.write(verdictLines(report.comparison));
    for (const w of committed.written) process.stdout.write(`${w}\n`);
    // After the list of files, the result and what to open (review Z, Z7): it stays on the screen.
    process.stderr.write(endOfRun(report, out, committed.written, messages));
  }
  if (report.comparison) failOnExit(report.comparison, failOn, Boolean(argv.quiet));
}

/**
 * The inputs without the files an earlier run wrote in --out (its manifest names them): with --out inside the glob
 * (`analyze * --out .`), a second run read its own report.json, report.md and lists as logs (review AA, F11). One
 * line on stderr names them; when nothing else is left, no input is an error as ever.
 */
function withoutOwnOutputs(paths: string[], out: string, quiet: boolean, messages: ReturnType<typeof messagesFor>): string[] {
  const own = ownOutputIds(out);
  const skipped = paths.filter((p) => p !== '-' && isOwnOutput(own, p));
  if (skipped.length === 0) return paths;
  if (!quiet) process.stderr.write(messages.cli.skippedOwnOutputs({ dir: stripControls(out), files: skipped.map(stripControls) }));
  return paths.filter((p) => !skipped.includes(p));
}

/** Finding lines shown at the end of a run; the rest are counted. */
const END_FINDINGS = 8;

/**
 * The end of an analyze run on stderr: the findings by severity, one line each (severity and short title, at most
 * END_FINDINGS), every warning in full, and the report to open (report.html, else report.md, else report.json).
 */
function endOfRun(report: Report, out: string, written: readonly string[], messages: ReturnType<typeof messagesFor>): string {
  const o = messages.overview;
  const ov = report.overview ?? buildOverview(report, messages);
  const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
  const bySeverity = severities.map((s) => [s, report.findings.filter((f) => f.severity === s).length] as [typeof s, number]).filter(([, c]) => c > 0);
  const one = (t: string): string => stripControls(t.replace(/\s*[\r\n]+\s*/g, ' '));
  const lines = [one(ov.verdict), ...(ov.state === 'empty' || ov.state === 'clean' ? [] : [o.cliCounts({ total: report.findings.length, bySeverity })])];
  const width = Math.max(0, ...ov.findings.slice(0, END_FINDINGS).map((f) => messages.report.severityTag(f.severity).length));
  for (const f of ov.findings.slice(0, END_FINDINGS)) lines.push(`  ${messages.report.severityTag(f.severity).padEnd(width)}  ${one(f.short)}`);
  if (ov.findings.length > END_FINDINGS) lines.push(`  ${o.cliMore(ov.findings.length - END_FINDINGS)}`);
  for (const w of report.warnings) lines.push(o.cliWarning(one(w)));
  const open = ['report.html', 'report.md', 'report.json'].map((f) => written.find((p) => p === join(out, f) || basename(p) === f)).find((p) => p !== undefined);
  if (open !== undefined) lines.push(o.cliOpen(stripControls(open)));
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------------
// compare BEFORE AFTER, and analyze --baseline (docs/compare.md)
// ---------------------------------------------------------------------------------------------------------

function parseFailOn(v: unknown): FailOn[] {
  if (v === undefined) return [];
  const kinds = String(v).split(',').map((s) => s.trim()).filter(Boolean);
  for (const k of kinds) if (!(FAIL_ON as readonly string[]).includes(k)) throw new UsageError(`--fail-on: unknown kind "${k}" (known: ${FAIL_ON.join(', ')})`);
  return kinds as FailOn[];
}

/**
 * The verdict on stderr: the headline, then the warnings that come first in the verdict (a side not comparable, two
 * hosts), and each side report's own warnings, labelled as compare.md labels them (review AB, F9: a truncated .gz
 * of the after report was said in compare.md only, under a "Fixed" on the terminal).
 */
function verdictLines(c: Comparison): string {
  // The order note too (overlapping or same periods: review 19, M5), as compare.md and compare.html show it first.
  const words = compareMessagesFor(c.lang ?? 'en').md;
  const warnings = [...c.checks.unusable.map((u) => u.note), ...(c.checks.hosts === null ? [] : [c.checks.hosts]), ...(c.checks.zones ? [c.checks.zones] : []),
    ...(c.checks.olderBefore ? [c.checks.olderBefore] : []), ...(c.checks.options ? [c.checks.options] : []),
    ...(c.checks.cut === null ? [] : [c.checks.cut]), ...(c.checks.purge ? [c.checks.purge] : []), ...(c.checks.versions ? [c.checks.versions] : []),
    ...(c.checks.languages ? [c.checks.languages] : []), ...(c.order?.note ? [c.order.note] : []),
    ...(['before', 'after'] as const).flatMap((side) => c.checks.warnings[side].map((w) => `${words.sideWarning(side)}: ${w}`))];
  return `${c.verdict.headline}\n${warnings.map((w) => `  ${w}\n`).join('')}`;
}

/**
 * Exit 3 when --fail-on asked for a kind of finding the comparison has; exit 2 when a side cannot be compared (an
 * empty after log would otherwise pass: review 8, H2).
 */
function failOnExit(c: Comparison, kinds: FailOn[], quiet: boolean): void {
  if (kinds.length === 0) return;
  const unusable = unusableForFailOn(c);
  if (unusable !== null) {
    process.stderr.write(`maillog-forensics: --fail-on ${kinds.join(',')}: ${unusable}\n`);
    process.exitCode = 2;
    return;
  }
  const failing = failingFindings(c, kinds);
  if (failing.length === 0) return;
  if (!quiet) process.stderr.write(`maillog-forensics: --fail-on ${kinds.join(',')}: ${failing.map((f) => `${f.status} ${f.rule}`).join(', ')}\n`);
  process.exitCode = 3;
}

interface RedactionArgs { key: string; redactDomains: boolean; randomKey: boolean }

/** --redact, --redact-key, --redact-domains → the redaction to apply (one random key per run without --redact-key). */
function redactionArgs(argv: Record<string, unknown>): RedactionArgs | null {
  const key = argv['redact-key'] === undefined ? undefined : String(argv['redact-key']);
  if (key !== undefined && key === '') throw new UsageError('--redact-key must not be empty');
  if (!argv.redact && key === undefined && !argv['redact-domains']) return null;
  return { key: key ?? randomBytes(32).toString('hex'), redactDomains: Boolean(argv['redact-domains']), randomKey: key === undefined };
}

function expectedRedaction(r: RedactionArgs | null): Report['redaction'] {
  return r === null ? undefined : { keyFingerprint: keyFingerprint(r.key), keyDerivation: KEY_DERIVATION, pseudonymHexDigits: PSEUDONYM_HEX_DIGITS, domains: r.redactDomains };
}

/** --baseline: a report.json (or its directory), checked against this run's schema and redaction before analyzing. */
function loadBaseline(arg: string, redaction: RedactionArgs | null, msg: CompareMessages): { report: Report; spec: SideSpec; name: string } {
  const spec = resolveSide(arg, '--baseline');
  if (spec.kind !== 'report') throw new UsageError(`--baseline: ${arg} is a log file; give the report.json (or the directory) written by analyze for the earlier period`);
  const name = `the baseline (${spec.path})`;
  const report = readReportFile(spec.path);
  checkSchemas(report, { schemaVersion: SCHEMA_VERSION }, name, 'this run');
  checkShape(report, name);
  checkRedaction(report.redaction, expectedRedaction(redaction), name, 'this run', msg);
  return { report, spec, name };
}

async function runCompare(argv: Record<string, unknown>): Promise<void> {
  const { formats, out } = outputOptions(argv, COMPARE_FORMATS);
  // The comparison's language, as analyze chooses it: --lang, else the locale. Log sides are analyzed in it too.
  const lang = argv.lang === undefined ? localeLang() : String(argv.lang);
  if (!isLang(lang)) throw new UsageError(`--lang must be en or ja, not "${lang}"`);
  const failOn = parseFailOn(argv['fail-on']);
  const { jobs, top, year } = scanOptions(argv);
  const optionalString = (v: unknown): string | undefined => (v === undefined ? undefined : String(v));
  const detect = loadDetectOptions({
    allowIps: optionalString(argv['allow-ips']), allowUsers: optionalString(argv['allow-users']),
    thresholds: argv.threshold === undefined ? [] : ([] as unknown[]).concat(argv.threshold).map(String),
    config: optionalString(argv.config),
  });
  const redaction = redactionArgs(argv);

  const specs = [resolveSide(String(argv.before), 'before'), resolveSide(String(argv.after), 'after')] as const;
  const names = [sideName('before', specs[0]), sideName('after', specs[1])] as const;
  // The overlay charts on the chart thread, as analyze's (workers/chart-thread.ts): started now when both sides are
  // reports (vega loads while they are read and compared), else when the last log side's scan is done.
  const charts: { thread: ChartThread | null } = { thread: null };
  const lastLogSide = specs[1].kind === 'logs' ? 1 : specs[0].kind === 'logs' ? 0 : -1;
  const threaded = jobs > 1 && formats.includes('html');
  if (threaded && lastLogSide < 0) charts.thread = startChartThread();
  // Fail fast, before analyzing any log: a report side is checked against the other side, or against what the
  // analysis of the logs of the other side will give (this schema, the redaction asked for).
  const reports = specs.map((s) => (s.kind === 'report' ? readReportFile(s.path) : null));
  const expected = { schemaVersion: SCHEMA_VERSION, redaction: expectedRedaction(redaction) };
  const [b, a] = [reports[0] ?? expected, reports[1] ?? expected];
  checkSchemas(b, a, names[0], names[1]);
  for (const [i, r] of reports.entries()) if (r) checkShape(r, names[i]!);
  checkRedaction(b.redaction, a.redaction, names[0], names[1], compareMessagesFor(lang));
  // The key redacts the analysis of a log side: two report sides are only checked against each other (review X, X3:
  // two reports of an older version made with one key compare, and were refused when that key was given too).
  const logSide = specs.some((s) => s.kind === 'logs');
  if (redaction !== null && logSide) for (const [i, r] of reports.entries()) if (r) checkRedaction(r.redaction, expected.redaction, names[i]!, '--redact-key', compareMessagesFor(lang));

  // Before any log is read, as for analyze.
  checkWritable(out);
  const logPaths = specs.flatMap((s) => (s.kind === 'logs' ? s.paths : []));
  const controller = new AbortController();
  onStopSignal((signal) => { controller.abort(); interrupted('no comparison written', logPaths, signal); });
  const sides: Report[] = [];
  let afterIps: AfterIpLookup | undefined;
  for (const [i, s] of specs.entries()) {
    if (s.kind === 'report') { sides.push(reports[i]!); continue; }
    // The after log: one set with the before log for --year, cut at the end of the before period when it starts
    // inside it (compare/after-side.ts).
    const common = {
      jobs, top, formats: ['json'], allowPartial: Boolean(argv['allow-partial']), progress: !argv.quiet, version: VERSION, ...(BUILD === undefined ? {} : { build: BUILD }),
      signal: controller.signal, detect, lang,
      ...(threaded && i === lastLogSide ? { onScanned: (): void => { charts.thread ??= startChartThread(); } } : {}),
    };
    let report: Report;
    try {
      if (i === 1) {
        const result = await analyzeAfterSide(sides[0]!, s.paths, year, specs[0].kind === 'logs', common);
        report = result.report;
        // The before run's watched IPs looked up in the after log itself, past its report's --top cut (after-ip-counts.ts).
        afterIps = afterIpCountsOf(result.aggregate, sides[0]!, redaction === null ? undefined : ipPseudonymFor(redaction.key));
      } else ({ report } = await analyze({ ...common, paths: s.paths, year }));
    } catch (err) {
      // Not "… | maillog-forensics analyze -": a side of compare cannot be standard input.
      throw refusalIn(err, lang, true);
    }
    sides.push(redaction === null ? report : redactReport(report, redaction));
  }
  const comparison = compareReports(sides[0]!, sides[1]!, {
    version: VERSION, ...(BUILD === undefined ? {} : { build: BUILD }), before: sideSource(specs[0]), after: sideSource(specs[1]), beforeName: names[0], afterName: names[1],
    messages: compareMessagesFor(lang), ...(afterIps === undefined ? {} : { afterIps }),
  });
  const title = argv.title === undefined ? undefined : String(argv.title);
  phaseLine({ kind: 'writingComparison' });
  let rendered: RenderedFile[];
  try {
    rendered = await renderComparison(comparison, { title, formats, ...(charts.thread === null ? {} : { drawCharts: charts.thread.draw }) });
  } finally {
    charts.thread?.end();
  }
  await turnForSignals(); // a signal that came while the files were drawn: none is written
  const committed = writeOutputs(out, rendered, 'compare');
  endPhaseLine();
  if (!argv.quiet) {
    process.stderr.write(verdictLines(comparison));
    reportRemoved(out, committed, messagesFor(lang));
    for (const w of committed.written) process.stdout.write(`${w}\n`);
  }
  failOnExit(comparison, failOn, Boolean(argv.quiet));
}

/**
 * yargs formats a command's whole help before it runs the command, to print it should the command fail (command.js
 * `cacheHelpMessage`): 60–110 ms of cliui's line wrapping on the main thread at every run, before the scan. Our
 * `.fail()` prints one line and never that help, so the formatting is left out; `--help` still formats it.
 */
function withoutHelpCache<T>(y: T): T {
  const internal = (y as { getInternalMethods?: () => { getUsageInstance(): { cacheHelpMessage?: () => void } } }).getInternalMethods;
  const usage = typeof internal === 'function' ? internal.call(y).getUsageInstance() : undefined;
  if (typeof usage?.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
  return y;
}

/**
 * Examples as an epilogue, each command on a line of its own and its meaning below it: yargs' two-column examples
 * broke the commands across lines, so that they could not be copied (review Z, Z20).
 */
function examples(rows: Array<[string, string]>): string {
  return `Examples:\n${rows.map(([cmd, what]) => `  ${cmd}\n      ${what}`).join('\n')}`;
}

/**
 * yargs' usage messages in the user's words (review Z, Z20): "Not enough non-option arguments: got 0, need at least
 * 1" says what to give, and a mistyped option gets the nearest known one ("Unknown argument: langg" → --lang).
 */
export function usageMessage(msg: string, known: string[]): string {
  if (/^Not enough non-option arguments/.test(msg)) {
    const args = hideBin(process.argv);
    if (args.includes('compare')) return 'give the two runs to compare, before then after: maillog-forensics compare reports/before reports/after';
    if (args.includes('analyze') || args.includes('analyse')) return 'give the log files to analyze: maillog-forensics analyze maillog maillog.1 maillog.2.gz';
    return msg;
  }
  const unknown = /^Unknown arguments?: (.*)$/.exec(msg);
  if (unknown === null) return msg;
  const extra = extraCompareSides(unknown[1]!.split(', '));
  if (extra !== null) return extra;
  // yargs names a mistyped kebab-case option twice, as written and camel-cased: "redact-kye, redactKye".
  const kebab = (a: string): string => a.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const given = unknown[1]!.split(', ');
  const args = given.filter((a) => a === kebab(a) || !given.includes(kebab(a)));
  msg = `Unknown argument${args.length > 1 ? 's' : ''}: ${args.join(', ')}`;
  const hints: string[] = [];
  for (const arg of args) {
    let best: string | null = null;
    let bestDistance = 3;
    for (const k of known) {
      if (k.length < 2 || k.includes('.')) continue;
      const d = editDistance(arg, k);
      if (d < bestDistance) { best = k; bestDistance = d; }
    }
    if (best !== null) hints.push(`--${arg}: did you mean --${best}?`);
  }
  return hints.length > 0 ? `${msg} (${hints.join('; ')})` : msg;
}

/**
 * compare given more than two runs: a shell glob (`compare before maillog.1 maillog`) read "Unknown argument: maillog"
 * with no hint (review AB, F8). Not taken as a side of several logs, since which words are the before side would be a
 * guess: the message gives the command with the logs after the first side as one comma-separated side, and the
 * other way, analyzing them first. null when the unknown arguments are not extra words of compare (a mistyped option).
 */
function extraCompareSides(unknown: string[]): string | null {
  const args = hideBin(process.argv);
  const at = args.indexOf('compare');
  if (at < 0) return null;
  // The words after `compare` that are no option nor an option's value (yargs names the extra ones as unknown).
  const words: string[] = [];
  for (let i = at + 1; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('-') && a !== '-') {
      if (!a.includes('=') && !BOOLEAN_COMPARE_OPTIONS.has(a.replace(/^-+/, ''))) i++;
      continue;
    }
    words.push(a);
  }
  if (words.length <= 2 || !unknown.every((u) => words.includes(u))) return null;
  const [before, ...after] = words;
  return `compare takes two runs, before then after, and was given ${words.length}: ${words.join(' ')}. A side of several logs is one argument, `
    + `comma-separated: maillog-forensics compare ${before} ${after.join(',')}; or analyze the logs first `
    + `(maillog-forensics analyze ${after.join(' ')} --out reports/after) and compare the reports: maillog-forensics compare ${before} reports/after`;
}

/** compare's options that take no value (the words after the others are their values, not sides). */
const BOOLEAN_COMPARE_OPTIONS: ReadonlySet<string> = new Set(['quiet', 'q', 'allow-partial', 'redact', 'redact-domains', 'help', 'version']);

async function main(): Promise<void> {
  // Before yargs: `analyze <files..>` would ask for files (review Z, Z20: 70 thresholds made --help 120 lines long).
  const args = hideBin(process.argv);
  if (args.includes('--help-thresholds')) {
    process.stdout.write(`${thresholdHelp()}\n`);
    return;
  }
  // yargs drops a lone "-"; carry it through as a token that cannot be a real option.
  const cli = withoutHelpCache(yargs(hideBin(process.argv).map((a) => (a === '-' ? STDIN_TOKEN : a))));
  await cli
    .scriptName('maillog-forensics')
    .usage('$0 <command> [options]\n\nOffline forensics for Postfix and Dovecot mail logs.')
    .command(
      ['analyze <files..>', 'analyse'],
      'Analyze log files (plain, .gz, or - for stdin) and write a report',
      (y) => y
        // default undefined: yargs gives a variadic positional the default [], and its help said "[required] [default: []]" (review AG, AG11).
        .positional('files', { describe: 'Log files: maillog, rotated maillog.1, maillog.2.gz …; - reads standard input (gzip or not); a FIFO or <(zcat …) is read whole', type: 'string', array: true, default: undefined })
        .option('out', { alias: 'o', describe: 'Output directory; the report files of an earlier run in it that this run does not write (report.*, the .txt lists, charts, csv) are removed', requiresArg: true, type: 'string', default: 'reports/latest' })
        .option('format', { alias: 'f', describe: `Outputs, comma-separated: ${rendererNames().join(', ')}; with any of them, the lists the findings export (queue-delete.txt, blocklist-ips.txt, compromised-ips.txt, dns-records.txt)`, requiresArg: true, type: 'string', default: 'json,md,html,csv' })
        .option('jobs', { alias: 'j', describe: 'Scan threads, the main thread included (1 = no worker threads)', requiresArg: true, type: 'number', default: defaultJobs() })
        .option('year', { describe: 'Year of the first dated line of the set, for classic syslog timestamps (no year of their own); a straggler of the days before it goes in the year before, later lines and files roll over Dec → Jan (default: from the modification time of each file)', requiresArg: true, type: 'number' })
        .option('top', { describe: 'Rows per table (0 = all)', requiresArg: true, type: 'number', default: 50 })
        .option('since', { describe: 'Analyze only lines from this local time on ("2026-11-28 09:30"; for lines with UTC offsets, at the offset of the first line, or beside - or a pipe of the files\' first dated line, as the report shows times); earlier Postfix/Dovecot lines are counted as ignored', requiresArg: true, type: 'string' })
        .option('title', { describe: 'Report title (default: "Mail log forensics report"; in Japanese with --lang ja)', requiresArg: true, type: 'string' })
        .option('client', { describe: 'Whom the report is for (client or server name), added to the title', requiresArg: true, type: 'string' })
        .option('lang', { describe: 'Report language (default: from the locale, LC_ALL / LC_MESSAGES / LANG: ja* → ja, else en)', requiresArg: true, type: 'string', choices: ['en', 'ja'] })
        .option('allow-partial', { describe: 'Report what was read from a corrupt or truncated .gz, .xz, .bz2 or .zst, or a plain file that shrank while it was read, instead of failing', type: 'boolean', default: false })
        .option('redact', { describe: 'Replace e-mail local parts, user names, IPs, client host names, HELO names and logged subjects by pseudonyms (HMAC-SHA256 under the key stretched by scrypt) for sharing; domains stay unless --redact-domains', type: 'boolean', default: false })
        .option('redact-key', { describe: 'Secret key for --redact (implies it): the same key gives the same pseudonyms across reports; default: random per run (pseudonyms hold within one report)', requiresArg: true, type: 'string' })
        .option('redact-domains', { describe: 'With --redact (implies it): replace domains by pseudonyms too', type: 'boolean', default: false })
        .option('quiet', { alias: 'q', describe: 'No progress or summary on stderr', type: 'boolean', default: false })
        .option('allow-ips', { describe: 'IPs exempt from findings: one per line (# comments) or a CSV with an "ip" column', requiresArg: true, type: 'string' })
        .option('allow-users', { describe: 'SASL users exempt from findings: a file (one per line) or a comma-separated list', requiresArg: true, type: 'string' })
        // Not `array: true`: an array option would swallow the log files that follow it.
        .option('threshold', { describe: 'Override a detection threshold: rule.name=value (repeat the option for more; --help-thresholds lists them)', requiresArg: true, type: 'string' })
        .option('config', { describe: 'JSON file: {"thresholds": {"rule.name": n}, "allowIps": [...], "allowUsers": [...]}', requiresArg: true, type: 'string' })
        .option('queue', { describe: 'A `postqueue -j` dump taken now: the cleanup list keeps only IDs still queued', requiresArg: true, type: 'string' })
        .option('baseline', { describe: 'report.json (or its directory) of an earlier run: adds "Compared with the baseline" to the report', requiresArg: true, type: 'string' })
        .option('fail-on', { describe: 'With --baseline: exit 3 when a finding is persisting and/or new (comma list: persisting,new); exit 2 when a side has no Postfix/Dovecot line to compare', requiresArg: true, type: 'string' })
        .option('help-thresholds', { describe: 'List the detection thresholds with their defaults, and exit', type: 'boolean' })
        .epilogue(examples([
          ['maillog-forensics analyze maillog maillog.1 maillog.2.gz --out reports/before', 'A log and its rotations (any order, gzipped or not); open reports/before/report.html'],
          ['maillog-forensics analyze maillog --out reports/after --baseline reports/before', 'After the fix: the same report, compared with the earlier run'],
          ['maillog-forensics analyze maillog-*.gz --jobs 4 --format json,md', 'Four scan threads; JSON and Markdown only'],
        ]))
        .option('range-bytes', { describe: 'Split plain files into ranges of this many bytes (testing and tuning)', requiresArg: true, type: 'number', hidden: true }),
      async (argv) => runAnalyze(argv as unknown as Record<string, unknown>),
    )
    .command(
      'compare <before> <after>',
      'Compare two runs (before and after a fix): report.json files, their directories, or logs to analyze first',
      (y) => y
        .positional('before', { describe: 'The earlier run: a report.json, a directory holding one, or log files (several: comma-separated)', type: 'string' })
        .positional('after', { describe: 'The later run, the same way', type: 'string' })
        .option('out', { alias: 'o', describe: 'Output directory; the compare.* and charts/compare-*.svg of an earlier comparison in it that this one does not write are removed', requiresArg: true, type: 'string', default: 'reports/compare' })
        .option('format', { alias: 'f', describe: `Outputs, comma-separated: ${COMPARE_FORMATS.join(', ')}`, requiresArg: true, type: 'string', default: COMPARE_FORMATS.join(',') })
        .option('title', { describe: 'Comparison title (default: "Before and after"; in Japanese with --lang ja)', requiresArg: true, type: 'string' })
        .option('lang', { describe: 'Language of the comparison, and of the reports of log sides (default: from the locale, LC_ALL / LC_MESSAGES / LANG: ja* → ja, else en)', requiresArg: true, type: 'string', choices: ['en', 'ja'] })
        .option('fail-on', { describe: 'Exit 3 when a finding is persisting (still firing, reduced or not) and/or new: persisting, new or persisting,new; exit 2 when a side has no Postfix/Dovecot line to compare', requiresArg: true, type: 'string' })
        .option('quiet', { alias: 'q', describe: 'No progress or summary on stderr', type: 'boolean', default: false })
        .group(['year', 'jobs', 'top', 'allow-partial', 'redact', 'redact-key', 'redact-domains', 'allow-ips', 'allow-users', 'threshold', 'config'], 'When a side is log files (analyzed first, like analyze):')
        .option('year', { describe: 'Year of the first line of the before log for classic syslog timestamps; the after log continues from it (Dec → Jan rolls into the next year). With a report as before: the after log\'s year', requiresArg: true, type: 'number' })
        .option('jobs', { alias: 'j', describe: 'Scan threads, the main thread included (1 = no worker threads)', requiresArg: true, type: 'number', default: defaultJobs() })
        .option('top', { describe: 'Rows per table of each side\'s report (0 = all)', requiresArg: true, type: 'number', default: 50 })
        .option('allow-partial', { describe: 'Use what was read from a corrupt or truncated .gz, .xz, .bz2 or .zst, or a plain file that shrank while it was read, instead of failing', type: 'boolean', default: false })
        .option('redact', { describe: 'Pseudonyms for names and IPs (both sides with one key: a report side must have been made with it)', type: 'boolean', default: false })
        .option('redact-key', { describe: 'Secret key for --redact (implies it); a report side must have been made with the same key', requiresArg: true, type: 'string' })
        .option('redact-domains', { describe: 'With --redact (implies it): domains too', type: 'boolean', default: false })
        .option('allow-ips', { describe: 'IPs exempt from findings (file)', requiresArg: true, type: 'string' })
        .option('allow-users', { describe: 'SASL users exempt from findings: a file or a comma-separated list', requiresArg: true, type: 'string' })
        .option('threshold', { describe: 'Override a detection threshold: rule.name=value (repeat for more)', requiresArg: true, type: 'string' })
        .option('config', { describe: 'JSON file with thresholds and allow-lists', requiresArg: true, type: 'string' })
        .epilogue(examples([
          ['maillog-forensics compare reports/before reports/after --out reports/compare', 'Two earlier analyze runs; open reports/compare/compare.html'],
          ['maillog-forensics compare maillog-20261128.gz maillog --year 2026 --fail-on new,persisting', 'Analyze two logs, then compare; exit 3 if anything is left'],
        ])),
      async (argv) => runCompare(argv as unknown as Record<string, unknown>),
    )
    // The token is for the log files only: an option's "-" is "-" again (review 16: "--out -" failed with a Node message
    // naming the token, "--title -" printed it, "--allow-users -" allowed a user of that name).
    .middleware((argv) => {
      for (const [k, v] of Object.entries(argv)) {
        if (k === 'files' || k === '_') continue;
        if (v === STDIN_TOKEN) argv[k] = '-';
        else if (Array.isArray(v) && v.includes(STDIN_TOKEN)) argv[k] = v.map((x: unknown) => (x === STDIN_TOKEN ? '-' : x));
      }
    }, true)
    .demandCommand(1, 'Give a command: analyze or compare')
    .recommendCommands()
    .strict()
    .version(buildText(VERSION, BUILD?.commit, BUILD?.modified))
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      // yargs' own parse errors (an option given without its value: requiresArg) are usage errors too.
      if (err && err.name === 'YError') fail(`${err.message} (see --help)`, 2);
      if (err) throw err;
      fail(`${usageMessage(msg, Object.keys((cli as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key))} (see --help)`, 2);
    })
    .parseAsync();
}

main().catch((err: unknown) => {
  const tableFull = tableFullMessage(err);
  if (tableFull !== null) fail(tableFull, 1);
  if (err instanceof UsageError) fail(err.message, 2);
  if (err instanceof RunError) fail(err.message, 1);
  // A bug of ours: one line for the user, the stack only when asked for (MAILLOG_FORENSICS_DEBUG=1).
  if (process.env.MAILLOG_FORENSICS_DEBUG) process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  fail(`unexpected error: ${(err as Error).message ?? String(err)} (set MAILLOG_FORENSICS_DEBUG=1 for details)`, 1);
});
