// One byte range (or one whole stream): lines → events → records → aggregate. Pure and single-threaded; the
// worker pool and `--jobs 1` both call it, so every job count runs the same code.

import type { Aggregate, Example, FileClock, HostClock, LogEvent, MessageRecord } from './types.js';
import { PROGRAM_DOVECOT, PROGRAM_POSTFIX } from './types.js';
import type { YearRule } from './parse/header.js';
import { SYSLOG_REPEAT_PROG, implausibleStamp, newHeader, parseHeader } from './parse/header.js';
import { newStampCache, parseHeaderBytes, rememberStamp } from './parse/header-bytes.js';
import { latin1 } from './split/decode.js';
import { clearLine, resetKeys, setLine } from './parse/line-keys.js';
import type { MessageParser } from './parse/programs.js';
import { isDeliveryParser, isDovecotParser, parserFor } from './parse/programs.js';
import type { LastAttempt } from './parse/postfix/delivery.js';
import { lastAttemptOf, sameAttempt } from './parse/postfix/delivery.js';
import { afterRefusal, newAttemptRefusals } from './aggregate/refusal-closures.js';
import { isJournalMarker } from './parse/journal.js';
import { takeCut } from './parse/cut.js';
import { newAggregate, newLineCounts, HOUR_MS, MINUTE_MS, newHour, newMinute } from './aggregate/create.js';
import { addEvent, newRecentDeliveries } from './aggregate/events.js';
import { countKind, flushKinds, newKindCounts } from './aggregate/kinds.js';
import { foldMessage } from './aggregate/messages.js';
import { exampleOf, newLineContext } from './aggregate/context.js';
import { CLOCK_STEP_MS, NO_SHIFT, addClockStep, hostShifts, passSteps, shiftAt } from './aggregate/clock-steps.js';
import { UNPARSED_EXAMPLES } from './aggregate/merge.js';
import { correlate, drainOpen, newCorrelator, touchesRecords } from './correlate/correlator.js';
import { registerWaitingExamples } from './aggregate/filter-credit.js';
import type { SessionHandover } from './aggregate/smtpd-sessions.js';
import { newSmtpdSessions, sessionConnect, sessionDisconnect, sessionHandover, sessionWarnings } from './aggregate/smtpd-sessions.js';
import type { HopHandover } from './correlate/pipe-filter-range.js';

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
  /**
   * The clock steps of the set put right in this input (aggregate/clock-steps.ts planClockFix): each line's time is
   * moved by its host's shift as soon as its syslog prefix is read, before anything else looks at it.
   */
  clock?: FileClock;
  /**
   * The run reads rspamd's own log file: unsigned messages are kept whole until its verdicts are joined at the end
   * (aggregate/rspamd-file.ts, DkimSigning.holding).
   */
  holdUnsigned?: boolean;
  /**
   * The input's NUL bytes are its data's (split/magic.ts nulsAreData: binary data, UTF-16 text): no padding, not
   * counted as such.
   */
  nulsAreData?: boolean;
}

export interface ScanResult {
  aggregate: Aggregate;
  /** Records that are not complete inside this range, to be stitched in order with the other ranges. */
  fragments: MessageRecord[];
  /** The range's start lines (record key, fragments closed before it): see Correlator.startKeys. */
  startKeys: string[];
  startPos: number[];
  startFrom: string[];
  /** What the range could not decide about pipe content filter hops (correlate/pipe-filter-range.ts). */
  hops: HopHandover;
  /** The smtpd sessions the range could not count alone, for run.ts to join in file order (aggregate/smtpd-sessions.ts). */
  sessions: SessionHandover;
  /** Lines in this range (to number the lines of later ranges). */
  lines: number;
  /**
   * The time of the range's last Postfix/Dovecot line (null: none): a later range whose NUL padding comes before any
   * mail line, with none in the window read before it either, takes its time from here (run.ts), as a whole read would.
   */
  lastMailAt: number | null;
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
  /**
   * NUL padding dropped before the next line (read-range.ts nulPaddedStart): `cut`, the bytes before it on the same
   * line (a line the crash cut; '' when the padding starts a line), at `offset`; `nulBytes` of padding. Optional: the
   * readers of lines before a range (read-before.ts) count nothing.
   */
  nulPadding?(cut: string, offset: number, nulBytes: number): void;
  /**
   * The input's NUL bytes are its data's (ScanOptions.nulsAreData), known only once a stream's first bytes are read
   * (workers/task.ts readContent), before its first line: they are no padding. Optional: only the scanner counts padding.
   */
  nulsAreData?(): void;
  /**
   * The lines just before the range, oldest first (`null`: a line too long to parse), read again by the task:
   * only to know what a sysklogd "last message repeated" line at the range's start repeats. Not counted. `offsets`:
   * their byte offsets in the file (for the clock steps put right: ScanOptions.clock).
   */
  previous(lines: Array<string | null>, offsets?: number[]): void;
  /**
   * Lines of the file that are no line of the log, passed over without being counted: the rest of a journal entry
   * written on several lines (split/journal-lines.ts), so that the entry is cited by the file line it starts at.
   * Optional: only the journal readers call it.
   */
  skipLines?(n: number): void;
  finish(): ScanResult;
}

export function createScanner(opts: ScanOptions): LineSink {
  const agg = newAggregate();
  const counts = newLineCounts();
  takeCut(); // a mark left by a parser called outside a scan
  agg.linesByFile.set(opts.file, counts);
  agg.dkimSigning.holding = opts.holdUnsigned === true;
  const ctx = newLineContext(opts.file);
  const header = newHeader();
  const stamps = newStampCache();
  resetKeys();
  const intern = new Map<string, string>();
  const since = opts.since ?? -Infinity;
  let nulsAreData = opts.nulsAreData === true;
  const correlator = newCorrelator(opts.logStart, (rec) => foldMessage(agg, rec, ctx.refs));
  let lastHourKey = NaN;
  let lastHour = newHour();
  // --since: the hour of the last line left out and its count so far, added to agg.beforeSinceHourly when it changes.
  let sinceHourKey = NaN;
  let sinceHourLines = 0;
  let sinceHourDovecot = 0;
  let lastMinuteKey = NaN;
  let lastMinute = newMinute();
  let lastZone = '';
  /** Which programs wrote the range's lines (FileSpan), updated when the parser changes from the line before. */
  let lastParser: MessageParser | null = null;
  let programs = 0;
  /** Whether lastParser is Dovecot's. */
  let lastDovecot = false;
  // No host yet: unlike any host, '' (Dovecot's own log file) included.
  let lastHost = NO_HOST;
  let run = 0;
  // lastHost's clock in this range (aggregate/clock-steps.ts): its row, and the time of its line before this one.
  let clock: HostClock | null = null;
  let clockLast = 0;
  // Clock steps put right (ScanOptions.clock): null without any, when a line pays one test of a constant. Else the
  // shift of the host of the line before, looked up when the host changes, and one comparison of the line's offset
  // with that host's next step.
  const shifts = opts.clock === undefined ? null : hostShifts(opts.clock);
  let shiftHost = NO_HOST;
  let shiftRow = NO_SHIFT;
  function shifted(at: number): number {
    if (header.host !== shiftHost) {
      shiftHost = header.host;
      shiftRow = shifts!.get(shiftHost) ?? NO_SHIFT;
    }
    if (ctx.offset >= shiftRow.next) passSteps(shiftRow, ctx.offset);
    return at + shiftRow.shift;
  }
  /** A line of another host than the line before: the host's row, made at its first line in the range. */
  function switchClock(host: string, at: number): void {
    if (clock !== null) clock.lastAt = clockLast;
    clock = agg.hostClocks.get(host) ?? null;
    if (clock === null) {
      clock = { first: exampleOf(ctx), firstAt: at, lastAt: at, lastFile: opts.file };
      agg.hostClocks.set(host, clock);
      clockLast = at;
    } else clockLast = clock.lastAt;
  }
  function flushRuns(): void {
    if (run === 0) return;
    agg.zones.set(lastZone, (agg.zones.get(lastZone) ?? 0) + run);
    // Dovecot's own log file names no host (header.ts dovecotFileLine): its lines are nobody's in `hosts`.
    if (lastHost !== '') agg.hosts.set(lastHost, (agg.hosts.get(lastHost) ?? 0) + run);
    run = 0;
  }
  function flushSinceHour(): void {
    if (sinceHourLines === 0) return;
    agg.beforeSinceHourly.set(sinceHourKey, (agg.beforeSinceHourly.get(sinceHourKey) ?? 0) + sinceHourLines);
    if (sinceHourDovecot > 0) agg.beforeSinceDovecotHourly.set(sinceHourKey, (agg.beforeSinceDovecotHourly.get(sinceHourKey) ?? 0) + sinceHourDovecot);
    sinceHourLines = 0;
    sinceHourDovecot = 0;
  }

  function unparsed(text: string): void {
    counts.unparsed++;
    if (takeCut()) counts.cutShort++;
    prevState = PREV_UNPARSED;
    if (agg.unparsedExamples.length < UNPARSED_EXAMPLES) {
      const e: Example = {
        file: ctx.file, line: ctx.line, offset: ctx.offset,
        text: text.length > EXAMPLE_CHARS ? text.slice(0, EXAMPLE_CHARS) + '…' : text,
      };
      ctx.refs.push(e);
      agg.unparsedExamples.push(e);
    }
  }

  /** A line unparsed for its stamp's year (1970, 9999: parse/header.ts FIRST_YEAR): counted, the first one kept. */
  function implausibleLine(text: string): void {
    agg.implausibleStamps++;
    if (agg.firstImplausibleStamp === null) {
      const e: Example = { file: ctx.file, line: ctx.line, offset: ctx.offset, text: text.slice(0, EXAMPLE_CHARS) };
      ctx.refs.push(e);
      agg.firstImplausibleStamp = e;
    }
  }

  const recent = newRecentDeliveries();
  const kinds = newKindCounts();
  const sessions = newSmtpdSessions();
  /** An event of process `pid` (the line's; a sysklogd repeat line's is the line's it repeats). */
  function handle(ev: LogEvent, at: number, pid: number): void {
    countKind(kinds, ev.kind);
    addEvent(agg, ev, at, ctx, lastHour, lastMinute, recent);
    correlate(correlator, ev, header.host, at, ctx);
    session(ev, at, pid, 1);
  }

  /** One event `times` times (a syslog repeat line). */
  function replay(ev: LogEvent, times: number, at: number, pid: number): void {
    if (touchesRecords(ev.kind)) {
      for (let i = 0; i < times; i++) handle(ev, at, pid);
    } else {
      // Brute-force lines, the ones syslog compresses: counted at once, so a count costs nothing.
      countKind(kinds, ev.kind, times);
      addEvent(agg, ev, at, ctx, lastHour, lastMinute, recent, times);
      session(ev, at, pid, times);
    }
  }

  /** smtpd's session lines: AUTH refused without a warning, per session (aggregate/smtpd-sessions.ts). */
  function session(ev: LogEvent, at: number, pid: number, n: number): void {
    switch (ev.kind) {
      case 'connect':
        sessionConnect(sessions, header.host, ev.service, pid);
        return;
      case 'authFailed':
      case 'authAborted':
        sessionWarnings(sessions, header.host, ev.service, pid, n);
        return;
      case 'disconnect':
        sessionDisconnect(sessions, header.host, ev.service, pid, ev.client.ip, ev.authTried, ev.authOk, at, ctx, agg.authRefused);
        return;
      default:
    }
  }

  // The previous line, for a sysklogd "last message repeated N times" line (which names neither program nor text).
  let prevState = PREV_NONE;
  let prevEvent: LogEvent | null = null;
  /** The pid of prevEvent's line (a sysklogd repeat line names none). */
  let prevPid = 0;
  let prevHost = '';
  // The last mail program's line before --since (PREV_BEFORE_SINCE) and whether it parses (-1: not known yet).
  let beforeSinceText = '';
  let beforeSinceMsg = 0;
  let beforeSinceParse: MessageParser | null = null;
  let beforeSinceParsed = -1;
  // The last status line of a delivery agent and the parser that read it: the next one of that parser may be the
  // same attempt for another recipient (delivery.ts sameAttempt). Lines of other programs between them do not matter.
  let attempt: LastAttempt | null = null;
  let attemptParser: MessageParser | null = null;
  // Per smtp process, its attempt's 421 answer (aggregate/refusal-closures.ts); previous() starts it from the lines before the range.
  const refusals = newAttemptRefusals();
  // The time of the last Postfix/Dovecot line of those before the range (previous()), for the NUL padding's warning.
  let beforeRangeAt: number | null = null;

  /**
   * The 421 answers of the attempts the lines before the range end with, oldest line first: a lost connection at the
   * range's start is then taken as the scan of the whole file takes it (refusal-closures.ts). Not counted.
   */
  function noteRefusalsBefore(lines: Array<string | null>): void {
    for (const text of lines) {
      if (text === null || text.length === 0 || !parseHeader(text, header, opts.years, intern)) continue;
      const parse = parserFor(header.prog);
      if (parse === null || !isDeliveryParser(parse)) continue;
      const ev = parse(text, header.msgStart);
      takeCut(); // a line before the range: counted by the range before
      if (ev !== null && ev.kind === 'delivery') afterRefusal(refusals, header.host, header.pid, ev);
    }
  }

  /** The time of the last line of a mail program among `lines` (null: none), as the scan would take it. */
  function lastMailLineAt(lines: Array<string | null>, offsets?: number[]): number | null {
    for (let k = lines.length - 1; k >= 0; k--) {
      const text = lines[k]!;
      if (text === null || text.length === 0 || !parseHeader(text, header, opts.years, intern)) continue;
      if (parserFor(header.prog) === null && header.prog !== SYSLOG_REPEAT_PROG) continue;
      return opts.clock === undefined || offsets === undefined ? header.at : header.at + shiftAt(opts.clock, header.host, offsets[k]!);
    }
    return null;
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

    nulPadding(cut: string, offset: number, nulBytes: number): void {
      // Review AA, F15: the padding a crash or power loss leaves is evidence that lines were lost there. The line it
      // cut is counted and sampled as unparsed, under the file line of the line after the padding (the same line
      // of the file: no newline between them), so that the file's line numbers stay those of `sed -n`.
      const p = agg.nulPadding;
      // Random bytes hold a NUL in 256 (review AJ, AJ14), UTF-16 text one beside each character: no crash left them,
      // no padding is counted; a line cut by them is counted as below all the same.
      if (!nulsAreData) {
        p.blocks++;
        p.bytes += nulBytes;
        if (p.first === null) {
          p.first = { file: ctx.file, line: ctx.line + 1, offset, text: cut.length > EXAMPLE_CHARS ? cut.slice(0, EXAMPLE_CHARS) + '…' : cut };
          ctx.refs.push(p.first);
          // The time of the last mail line before it (review AA, F15: the warning had none): clockLast is that line's
          // once the range has one (every Postfix/Dovecot line sets it); before that, the last of the lines before
          // the range (previous()), so that any cut of the file gives the same time.
          p.lastAt = clock !== null ? clockLast : beforeRangeAt;
        }
      }
      if (cut === '') return;
      ctx.line++;
      ctx.offset = offset;
      counts.total++;
      const note = ` … (cut by ${nulBytes} NUL bytes)`;
      unparsed(cut.slice(0, EXAMPLE_CHARS - note.length) + note);
      ctx.line--;
    },

    nulsAreData(): void {
      nulsAreData = true;
    },

    previous(lines: Array<string | null>, offsets?: number[]): void {
      clearLine();
      beforeRangeAt = lastMailLineAt(lines, offsets);
      noteRefusalsBefore(lines);
      // The newest line that is not itself a repeat line says what a repeat at the range's start repeats. A window
      // of repeat lines only (the task reads 64 KiB back: some 1,500 of them) leaves it unknown.
      // The same decisions as stringLine and afterHeader, in their order: a journalctl marker leaves the state as
      // it was (the line before it counts), a line before --since is ignored (a mail program's: PREV_BEFORE_SINCE).
      // A window of repeat lines before --since only is taken as ignored, as before review S, S11.
      let sinceRepeatHost: string | null = null;
      for (let k = lines.length - 1; k >= 0; k--) {
        const text = lines[k]!;
        if (text !== null && (text.length === 0 || isJournalMarker(text))) continue;
        if (text === null || text.length === 0 || !parseHeader(text, header, opts.years, intern)) { prevState = PREV_UNPARSED; return; }
        const parse = parserFor(header.prog);
        const repeatLine = parse === null && header.prog === SYSLOG_REPEAT_PROG;
        const at = opts.clock === undefined || offsets === undefined ? header.at : header.at + shiftAt(opts.clock, header.host, offsets[k]!);
        if (parse === null && !repeatLine) { prevHost = header.host; prevState = PREV_IGNORED; return; }
        // A repeat line leaves the line before it as the state, before --since too (repeatsBeforeSince).
        if (repeatLine) {
          if (repeatCount(text, header.msgStart) > 0) {
            if (sinceRepeatHost === null && at < since) sinceRepeatHost = header.host;
            continue;
          }
          prevState = PREV_UNPARSED;
          return;
        }
        prevHost = header.host;
        if (at < since) { beforeSinceLine(text, header.msgStart, parse!); return; }
        const m = header.msgStart;
        const r = text.charCodeAt(m) === 109 ? rsyslogRepeat(text, m) : null;
        prevEvent = r === null ? parse!(text, m) : parse!(r.inner, m);
        prevPid = header.pid;
        takeCut(); // a line before the range: counted by the range before
        prevState = prevEvent === null ? PREV_UNPARSED : PREV_PARSED;
        return;
      }
      if (sinceRepeatHost !== null) {
        prevHost = sinceRepeatHost;
        prevState = PREV_IGNORED;
      }
    },

    skipLines(n: number): void {
      ctx.line += n;
    },

    finish(): ScanResult {
      resetKeys(); // the key table is only for the scan: its strings live on in the aggregate
      flushRuns();
      if (clock !== null) clock.lastAt = clockLast;
      flushKinds(kinds, agg.eventKinds);
      agg.refZone = opts.years.refZone; // '' settled by a stream's first dated line, or by an earlier stream's (run.ts)
      agg.lines = { ...counts };
      if (agg.firstAt <= agg.lastAt) agg.spanByFile.set(opts.file, { firstAt: agg.firstAt, lastAt: agg.lastAt, programs });
      if (agg.beforeSince > 0) agg.beforeSinceByFile.set(opts.file, agg.beforeSince);
      flushSinceHour();
      const { fragments, startKeys, startPos, startFrom, hops } = drainOpen(correlator);
      registerWaitingExamples(agg, ctx.refs);
      return { aggregate: agg, fragments, startKeys, startPos, startFrom, hops, sessions: sessionHandover(sessions), lines: ctx.line, refs: ctx.refs, lastMailAt: clock !== null ? clockLast : null };
    },
  };

  /** A line through parseHeader; false when it has no syslog prefix. */
  function stringLine(text: string, offset: number): boolean {
    ctx.line++;
    ctx.offset = offset;
    ctx.text = text;
    counts.total++;
    if (text.length === 0 || !parseHeader(text, header, opts.years, intern)) {
      // A blank line (an editor's, a copy's) says nothing, as a journalctl marker: ignored, and the line before it
      // stays the one a repeat line repeats. Counted as unparsed, 100,000 of them hid the real unparsed samples.
      if (text.length === 0 || isJournalMarker(text)) counts.ignored++;
      else {
        unparsed(text);
        if (implausibleStamp()) implausibleLine(text);
      }
      return false;
    }
    afterHeader(text);
    return true;
  }

  /** The rest of a line whose syslog prefix is in `header`. */
  function afterHeader(text: string): void {
    const parse = parserFor(header.prog);
    if (parse === null && header.prog !== SYSLOG_REPEAT_PROG) {
      counts.ignored++;
      prevState = PREV_IGNORED;
      prevHost = header.host;
      return;
    }
    // The clock steps put right first: --since, the counts and the clock check all see the time moved.
    const at = shifts === null ? header.at : shifted(header.at);
    // --since: one comparison per line (-Infinity without it). The line is ignored, a repeat line too, and so are
    // repeats of it (previous() at a range's start decides alike). since.hourly counts the lines hourly[].lines would
    // (review S, S11: compare's cut check puts them side by side, compare/cut-lines.ts): every line of a mail program,
    // and a sysklogd repeat line only when it would repeat an event (sysklogdRepeat's N), not when it repeats an
    // ignored or unparsed line, another host's, or nothing known.
    if (at < since) {
      counts.ignored++;
      agg.beforeSince++;
      const hourKey = Math.floor(at / HOUR_MS);
      if (hourKey !== sinceHourKey) { flushSinceHour(); sinceHourKey = hourKey; }
      if (parse !== null) {
        sinceHourLines++;
        if (isDovecotParser(parse)) sinceHourDovecot++;
        beforeSinceLine(text, header.msgStart, parse);
        prevHost = header.host;
        // A step back among the lines left out moves the lines after it too, when the run puts steps right: found
        // as after the --since point (the run of the host and zone so far is counted first, as a host change does).
        if (header.host !== lastHost) {
          flushRuns();
          switchClock(header.host, at);
          lastHost = header.host;
        }
        if (at < clockLast - CLOCK_STEP_MS) addClockStep(agg, lastHost, exampleOf(ctx), clockLast, at);
        clockLast = at;
      } else if (repeatsBeforeSince(text)) sinceHourLines++;
      return;
    }
    let repeat = 0;
    if (parse === null) {
      repeat = sysklogdRepeat(text);
      if (repeat === 0) return;
    }
    if (parse !== null && parse !== lastParser) {
      lastParser = parse;
      lastDovecot = isDovecotParser(parse);
      programs |= lastDovecot ? PROGRAM_DOVECOT : PROGRAM_POSTFIX;
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
    if (parse !== null && lastDovecot) lastHour.dovecotLines++;
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
      if (header.host !== lastHost) switchClock(header.host, at);
      lastZone = header.zone;
      lastHost = header.host;
    }
    run++;
    // The host's clock went back (one comparison per line; forward jumps are never steps: clock-steps.ts).
    if (at < clockLast - CLOCK_STEP_MS) addClockStep(agg, lastHost, exampleOf(ctx), clockLast, at);
    clockLast = at;

    if (parse === null) { // sysklogd: the previous line's event, `repeat` times more
      counts.parsed++;
      replay(prevEvent!, repeat, at, prevPid);
      return;
    }
    const m = header.msgStart;
    prevHost = header.host;
    // rsyslog: "postfix/smtpd[1]: message repeated 3 times: [ warning: unknown[1.2.3.4]: SASL LOGIN …]"
    if (text.charCodeAt(m) === 109) {
      const r = rsyslogRepeat(text, m);
      if (r !== null) {
        const ev = parse(r.inner, m);
        if (ev === null) { unparsed(text); return; }
        counts.parsed++;
        prevState = PREV_PARSED;
        prevEvent = ev;
        prevPid = header.pid;
        replay(ev, r.times, at, header.pid);
        return;
      }
    }
    let ev: LogEvent | null = parse === attemptParser ? sameAttempt(text, m, attempt!) : null;
    if (ev === null) {
      ev = parse(text, m);
      if (ev === null) { unparsed(text); return; }
      if (ev.kind === 'delivery' && isDeliveryParser(parse)) {
        attempt = lastAttemptOf(text, m, ev, attempt);
        attemptParser = attempt === null ? null : parse;
      }
    }
    // After sameAttempt's copy (`attempt` keeps the line's own reason): a lost connection a receiver's 421 caused.
    if (ev.kind === 'delivery') ev = afterRefusal(refusals, header.host, header.pid, ev);
    counts.parsed++;
    prevState = PREV_PARSED;
    prevEvent = ev;
    prevPid = header.pid;
    handle(ev, at, header.pid);
  }

  /**
   * A mail program's line before --since: ignored, and what a repeat line after it would repeat (nothing: sysklogdRepeat
   * takes PREV_BEFORE_SINCE as PREV_IGNORED), kept to be parsed only if a repeat line before --since follows it.
   */
  function beforeSinceLine(text: string, m: number, parse: MessageParser): void {
    prevState = PREV_BEFORE_SINCE;
    beforeSinceText = text;
    beforeSinceMsg = m;
    beforeSinceParse = parse;
    beforeSinceParsed = -1;
  }

  /**
   * Whether a sysklogd repeat line before --since would repeat an event, as sysklogdRepeat decides after the --since
   * point: the line before it is a mail program's of the same host that parses (parsed here, once, as that line
   * alone: keyAt slices a string that is not the current line). Leaves the state as sysklogdRepeat does: unchanged,
   * or unparsed for a count no syslog daemon writes.
   */
  function repeatsBeforeSince(text: string): boolean {
    if (repeatCount(text, header.msgStart) < 0) { prevState = PREV_UNPARSED; return false; }
    if (prevState !== PREV_BEFORE_SINCE || prevHost !== header.host) return false;
    if (beforeSinceParsed < 0) {
      const m = beforeSinceMsg;
      const r = beforeSinceText.charCodeAt(m) === 109 ? rsyslogRepeat(beforeSinceText, m) : null;
      beforeSinceParsed = beforeSinceParse!(r === null ? beforeSinceText : r.inner, m) === null ? 0 : 1;
      takeCut(); // a line before --since: ignored, not unparsed
    }
    return beforeSinceParsed === 1;
  }

  /**
   * sysklogd folds identical lines into one "last message repeated N times" (LINES.md §1 #32), which names neither
   * program nor text: it repeats the line before it, of the same host. Returns N when that line's event is to be
   * repeated (counted parsed by the caller), else 0 after counting the line here: as the line it repeats when
   * that one was ignored or unparsed, and as ignored, in `repeatsNotExpanded`, when that line is not known (the
   * first line of a file or stream, after another host's line).
   *   "Nov 28 22:15:30 mail last message repeated 3 times"
   */
  function sysklogdRepeat(text: string): number {
    const times = repeatCount(text, header.msgStart);
    if (times < 0) { unparsed(text); return 0; }
    if (prevState === PREV_UNPARSED) { unparsed(text); return 0; }
    if (prevState === PREV_NONE || prevHost !== header.host) {
      counts.ignored++;
      counts.repeatsNotExpanded++;
      counts.repeatedEventsNotCounted += times;
      return 0;
    }
    if (prevState === PREV_IGNORED || prevState === PREV_BEFORE_SINCE) { counts.ignored++; return 0; }
    return times;
  }
}

/** scan.ts lastHost before the first line: no host's name ('' is Dovecot's own log file's). */
const NO_HOST = '\u0000';

const PREV_NONE = 0;
const PREV_PARSED = 1;
const PREV_IGNORED = 2;
const PREV_UNPARSED = 3;
/** A mail program's line before --since (scan.ts beforeSinceLine): ignored, as PREV_IGNORED after the --since point. */
const PREV_BEFORE_SINCE = 4;

/** N of sysklogd's "last message repeated N times" at `m`, or -1 (a count no syslog daemon writes included). */
export function repeatCount(text: string, m: number): number {
  let i = m + 22; // "last message repeated "
  let n = 0;
  const start = i;
  for (let c = text.charCodeAt(i); c >= 48 && c <= 57 && i - start < 7; c = text.charCodeAt(++i)) n = n * 10 + (c - 48);
  if (i === start || !text.startsWith(' time', i) || n < 1 || n > MAX_REPEAT) return -1;
  return n;
}

/**
 * rsyslog's "message repeated N times: [ original text]" at `m`: the line with the original text in place of the
 * note, and N; null when the line is not one, or its count is one no syslog daemon writes (one hostile line said
 * 999999999999 and hung the scan): that line falls through to the parser, which does not know it, so it is
 * unparsed and shown.
 */
function rsyslogRepeat(text: string, m: number): { inner: string; times: number } | null {
  if (!text.startsWith('message repeated ', m)) return null;
  const times = parseInt(text.slice(m + 17), 10);
  const open = text.indexOf('[', m);
  const close = text.lastIndexOf(']');
  if (!(times > 0 && times <= MAX_REPEAT && open > 0 && close > open)) return null;
  let innerStart = open + 1;
  if (text.charCodeAt(innerStart) === 32) innerStart++;
  return { inner: text.slice(0, m) + text.slice(innerStart, close), times };
}
