// One byte range (or one whole stream): lines → events → records → aggregate. Pure and single-threaded; the
// worker pool and `--jobs 1` both call it, so every job count runs the same code.

import type { Aggregate, Example, LogEvent, MessageRecord } from './types.js';
import { PROGRAM_DOVECOT, PROGRAM_POSTFIX } from './types.js';
import type { YearRule } from './parse/header.js';
import { newHeader, parseHeader } from './parse/header.js';
import { newStampCache, parseHeaderBytes, rememberStamp } from './parse/header-bytes.js';
import { latin1 } from './split/decode.js';
import { clearLine, resetKeys, setLine } from './parse/line-keys.js';
import type { MessageParser } from './parse/programs.js';
import { isDovecotParser, parserFor } from './parse/programs.js';
import { newAggregate, newLineCounts, HOUR_MS, MINUTE_MS, newHour, newMinute } from './aggregate/create.js';
import { addEvent, newRecentDeliveries } from './aggregate/events.js';
import { countKind, flushKinds, newKindCounts } from './aggregate/kinds.js';
import { foldMessage } from './aggregate/messages.js';
import { newLineContext } from './aggregate/context.js';
import { UNPARSED_EXAMPLES } from './aggregate/merge.js';
import { correlate, drainOpen, newCorrelator, touchesRecords } from './correlate/correlator.js';

/** Lines longer than this are not parsed (no Postfix or Dovecot line comes close); they count as unparsed. */
export const MAX_LINE_CHARS = 64 * 1024;
const EXAMPLE_CHARS = 500;
/** rsyslog flushes a repeat count within minutes: even a brute force at 1,000 lines/s stays far below this. */
export const MAX_REPEAT = 100_000;

export interface ScanOptions {
  /** Input index (chronological order of the input files). */
  file: number;
  years: YearRule;
  /** This range is the first of the whole log: records without a start line began before it. */
  logStart: boolean;
  /**
   * --since: Postfix/Dovecot lines before this local time are counted as ignored, as if the log began there. A
   * message whose first lines are before it is a partial record, like a message that began before the log.
   */
  since?: number;
}

export interface ScanResult {
  aggregate: Aggregate;
  /** Records that are not complete inside this range, to be stitched in order with the other ranges. */
  fragments: MessageRecord[];
  /** The range's start lines (record key, fragments closed before it): see Correlator.startKeys. */
  startKeys: string[];
  startPos: number[];
  /** Lines in this range (to number the lines of later ranges). */
  lines: number;
  /** Every example kept by the aggregate; their `line` is relative to the range until fixed. */
  refs: Example[];
}

export interface LineSink {
  /** One line without its newline, decoded as latin1; `offset` = byte offset of the line start in the file. */
  line(text: string, offset: number): void;
  /** The same line as bytes [from, to) of `buf` (the readers' path: the prefix is read from the bytes). */
  bytes(buf: Buffer, from: number, to: number, offset: number): void;
  /** A line too long to decode: counted and sampled, not parsed. */
  longLine(head: string, offset: number, bytes: number): void;
  finish(): ScanResult;
}

export function createScanner(opts: ScanOptions): LineSink {
  const agg = newAggregate();
  const counts = newLineCounts();
  agg.linesByFile.set(opts.file, counts);
  const ctx = newLineContext(opts.file);
  const header = newHeader();
  const stamps = newStampCache();
  resetKeys();
  const intern = new Map<string, string>();
  const since = opts.since ?? -Infinity;
  const correlator = newCorrelator(opts.logStart, (rec) => foldMessage(agg, rec, ctx.refs));
  let lastHourKey = NaN;
  let lastHour = newHour();
  let lastMinuteKey = NaN;
  let lastMinute = newMinute();
  let lastZone = '';
  /** Which programs wrote the range's lines (FileSpan), updated when the parser changes from the line before. */
  let lastParser: MessageParser | null = null;
  let programs = 0;
  let lastHost = '';
  let run = 0;
  function flushRuns(): void {
    if (run === 0) return;
    agg.zones.set(lastZone, (agg.zones.get(lastZone) ?? 0) + run);
    agg.hosts.set(lastHost, (agg.hosts.get(lastHost) ?? 0) + run);
    run = 0;
  }

  function unparsed(text: string): void {
    counts.unparsed++;
    if (agg.unparsedExamples.length < UNPARSED_EXAMPLES) {
      const e: Example = {
        file: ctx.file, line: ctx.line, offset: ctx.offset,
        text: text.length > EXAMPLE_CHARS ? text.slice(0, EXAMPLE_CHARS) + '…' : text,
      };
      ctx.refs.push(e);
      agg.unparsedExamples.push(e);
    }
  }

  const recent = newRecentDeliveries();
  const kinds = newKindCounts();
  function handle(ev: LogEvent, at: number): void {
    countKind(kinds, ev.kind);
    addEvent(agg, ev, at, ctx, lastHour, recent);
    correlate(correlator, ev, header.host, at, ctx);
  }

  return {
    line(text: string, offset: number): void {
      clearLine();
      void stringLine(text, offset);
    },

    bytes(buf: Buffer, from: number, to: number, offset: number): void {
      const text = latin1(buf, from, to);
      setLine(text, buf, from); // parsers take IPs and user names from the bytes (line-keys.ts)
      if (!parseHeaderBytes(stamps, buf, from, to, header)) {
        // The string path, which alone decides a new stamp; the next lines with it take the byte path.
        if (stringLine(text, offset)) rememberStamp(stamps, text, header);
        return;
      }
      ctx.line++;
      ctx.offset = offset;
      ctx.text = text;
      counts.total++;
      afterHeader(text);
    },

    longLine(head: string, offset: number, bytes: number): void {
      ctx.line++;
      ctx.offset = offset;
      counts.total++;
      // The note must survive the example's cut at EXAMPLE_CHARS: it says why the line was not parsed.
      const note = ` … (line of ${bytes} bytes, not parsed)`;
      unparsed(head.slice(0, EXAMPLE_CHARS - note.length) + note);
    },

    finish(): ScanResult {
      resetKeys(); // the key table is only for the scan: its strings live on in the aggregate
      flushRuns();
      flushKinds(kinds, agg.eventKinds);
      agg.lines = { ...counts };
      if (agg.firstAt <= agg.lastAt) agg.spanByFile.set(opts.file, { firstAt: agg.firstAt, lastAt: agg.lastAt, programs });
      const { fragments, startKeys, startPos } = drainOpen(correlator);
      return { aggregate: agg, fragments, startKeys, startPos, lines: ctx.line, refs: ctx.refs };
    },
  };

  /** A line through parseHeader; false when it has no syslog prefix. */
  function stringLine(text: string, offset: number): boolean {
    ctx.line++;
    ctx.offset = offset;
    ctx.text = text;
    counts.total++;
    if (text.length === 0 || !parseHeader(text, header, opts.years, intern)) { unparsed(text); return false; }
    afterHeader(text);
    return true;
  }

  /** The rest of a line whose syslog prefix is in `header`. */
  function afterHeader(text: string): void {
    const parse = parserFor(header.prog);
    if (parse === null) { counts.ignored++; return; }
    const at = header.at;
    if (at < since) { counts.ignored++; agg.beforeSince++; return; } // one comparison per line; -Infinity without --since
    if (parse !== lastParser) {
      lastParser = parse;
      programs |= isDovecotParser(parse) ? PROGRAM_DOVECOT : PROGRAM_POSTFIX;
    }
    if (at < agg.firstAt) agg.firstAt = at;
    if (at > agg.lastAt) agg.lastAt = at;
    // Per-line bookkeeping without a map lookup per line: hour, zone and host rarely change between lines.
    const hourKey = Math.floor(at / HOUR_MS);
    if (hourKey !== lastHourKey) {
      lastHourKey = hourKey;
      lastHour = agg.hourly.get(hourKey) ?? newHour();
      agg.hourly.set(hourKey, lastHour);
    }
    lastHour.lines++;
    const minuteKey = Math.floor(at / MINUTE_MS);
    if (minuteKey !== lastMinuteKey) {
      lastMinuteKey = minuteKey;
      lastMinute = agg.minutes.get(minuteKey) ?? newMinute();
      agg.minutes.set(minuteKey, lastMinute);
    }
    lastMinute.lines++;
    // Zone and host: count runs, flush a run's length when the value changes (interned strings compare by pointer).
    if (header.zone !== lastZone || header.host !== lastHost) {
      flushRuns();
      lastZone = header.zone;
      lastHost = header.host;
    }
    run++;

    const m = header.msgStart;
    // rsyslog: "postfix/smtpd[1]: message repeated 3 times: [ warning: unknown[1.2.3.4]: SASL LOGIN …]"
    if (text.charCodeAt(m) === 109 && text.startsWith('message repeated ', m)) {
      const times = parseInt(text.slice(m + 17), 10);
      const open = text.indexOf('[', m);
      const close = text.lastIndexOf(']');
      // A count no syslog daemon writes (one hostile line said 999999999999 and hung the scan) is not
      // expanded: the line falls through to the parser, which does not know it, so it is unparsed and shown.
      if (times > 0 && times <= MAX_REPEAT && open > 0 && close > open) {
        let innerStart = open + 1;
        if (text.charCodeAt(innerStart) === 32) innerStart++;
        const inner = text.slice(0, m) + text.slice(innerStart, close);
        const ev = parse(inner, m);
        if (ev === null) { unparsed(text); return; }
        counts.parsed++;
        if (touchesRecords(ev.kind)) {
          for (let i = 0; i < times; i++) handle(ev, at);
        } else {
          // Brute-force lines, the ones syslog compresses: counted at once, so a count costs nothing.
          countKind(kinds, ev.kind, times);
          addEvent(agg, ev, at, ctx, lastHour, recent, times);
        }
        return;
      }
    }
    const ev = parse(text, m);
    if (ev === null) { unparsed(text); return; }
    counts.parsed++;
    handle(ev, at);
  }
}
