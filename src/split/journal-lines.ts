// A journal export of JSON objects (journalctl -o json, json-seq, json-pretty) read as syslog lines: a LineSink in
// front of the scanner that turns each entry into its syslog line (journal-entry.ts) and hands that on. The readers
// cut the file into lines as for any log, so a `-o json` file (one object a line) is cut into byte ranges at
// newlines like a syslog file and any split gives the same report; json-pretty, an object over many lines, is read
// whole by one task, as a .gz is (journal-format.ts splittableJournal).
// Lines keep the file's numbers: an entry is cited by the line it starts at (`mail.json:12`, `sed -n 12p`), and a
// json-pretty entry's other lines are passed over (LineSink.skipLines). Whatever is not an entry (a line cut short at
// the end of the file, another text) goes to the scanner as it is: unparsed and shown, or a syslog line read as one.

import type { LineSink, ScanResult } from '../scan.js';
import type { JournalFormat } from './journal-format.js';
import { lineConvertingSink } from './line-converting-sink.js';
import { jsonFieldBytes, syslogLine } from './journal-entry.js';
import type { JournalClock } from './journal-zone.js';

const RS = 0x1e;
const BRACE = 0x7b;
/** A json-pretty entry larger than this is no journal entry (a field is at most 64 KiB before the reader skips it). */
const MAX_PRETTY_ENTRY_BYTES = 4 * 1024 * 1024;
/** What an unparsed sample keeps of a json-pretty entry cut short (scan.ts keeps 500 characters). */
const CUT_ENTRY_CHARS = 480;

/** `inner`, reading the lines of a journal export of JSON objects in `format`, its times at `clock`'s offsets. */
export function journalLineSink(inner: LineSink, format: Exclude<JournalFormat, 'export'>, clock: JournalClock): LineSink {
  return format === 'json-pretty' ? prettySink(inner, clock) : oneLineSink(inner, format === 'json-seq', clock);
}

/**
 * The syslog line of a `-o json` line (bytes [from, to) of `buf`, RS already dropped); null when it has no MESSAGE
 * (an ignored line); 'raw' when the line is no JSON object (cut short, or another text): read as it is.
 */
function lineOfJson(buf: Buffer, from: number, to: number, clock: JournalClock): Buffer | null | 'raw' {
  let entry: unknown;
  try {
    entry = JSON.parse(buf.toString('utf8', from, to));
  } catch {
    return 'raw';
  }
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return 'raw';
  const o = entry as Record<string, unknown>;
  return syslogLine((name) => jsonFieldBytes(o[name]), clock);
}

const EMPTY = Buffer.alloc(0);

/** -o json and -o json-seq: one entry a line. */
function oneLineSink(inner: LineSink, seq: boolean, clock: JournalClock): LineSink {
  return lineConvertingSink(inner, (buf, from, to) => {
    if (seq && from < to && buf[from] === RS) from++;
    return from < to && buf[from] === BRACE ? lineOfJson(buf, from, to, clock) : 'raw';
  });
}

/**
 * -o json-pretty: "{" alone on a line opens an entry, "}" alone closes it (values are JSON strings, in which a
 * newline is written "\n": no line of a value is a lone brace).
 */
function prettySink(inner: LineSink, clock: JournalClock): LineSink {
  let raw = 0; // the file's lines seen
  let counted = 0; // the lines the scanner has numbered
  let parts: string[] | null = null; // the open entry's lines
  let size = 0;
  let tooLarge = false;
  let startLine = 0;
  let startOffset = 0;

  /** Numbers the scanner's next line `n`: the file lines before it that it did not see are passed over. */
  function at(n: number): void {
    if (n - 1 > counted) inner.skipLines?.(n - 1 - counted);
    counted = n;
  }
  function closeEntry(): void {
    const text = parts!.join('\n');
    parts = null;
    at(startLine);
    if (tooLarge) {
      inner.longLine(text.slice(0, 500), startOffset, size);
      return;
    }
    const b = Buffer.from(text, 'latin1');
    const line = lineOfJson(b, 0, b.length, clock);
    if (line === 'raw') inner.line(text.replace(/\n\s*/g, ' '), startOffset);
    else if (line === null) inner.bytes(EMPTY, 0, 0, startOffset);
    else inner.bytes(line, 0, line.length, startOffset);
  }
  function take(buf: Buffer, from: number, to: number, offset: number): void {
    raw++;
    const lone = to - from === 1 ? buf[from] : -1;
    if (parts === null) {
      if (lone === BRACE) {
        parts = ['{'];
        size = 1;
        tooLarge = false;
        startLine = raw;
        startOffset = offset;
        return;
      }
      at(raw);
      inner.bytes(buf, from, to, offset);
      return;
    }
    size += to - from + 1;
    if (size > MAX_PRETTY_ENTRY_BYTES) tooLarge = true;
    // latin1 keeps the bytes: the entry is decoded as UTF-8 when it is parsed (closeEntry).
    if (!tooLarge || parts.length < 2) parts.push(buf.toString('latin1', from, to));
    if (lone === 0x7d) closeEntry();
  }
  return {
    line(text: string, offset: number): void {
      const b = Buffer.from(text, 'latin1');
      take(b, 0, b.length, offset);
    },
    bytes: take,
    longLine(head: string, offset: number, bytes: number): void {
      if (parts !== null) {
        raw++;
        size += bytes + 1;
        tooLarge = true;
        return;
      }
      at(++raw);
      inner.longLine(head, offset, bytes);
    },
    nulPadding: (cut, offset, nulBytes) => inner.nulPadding?.(cut, offset, nulBytes),
    previous: (lines, offsets) => inner.previous(lines, offsets), // read whole: never called
    finish(): ScanResult {
      if (parts !== null) {
        // The file ends inside an entry (a copy cut short): shown as an unparsed line, not guessed at.
        const text = parts.join(' ').replace(/\s+/g, ' ');
        parts = null;
        at(startLine);
        inner.line(`journal entry cut short at the end of the file: ${text.slice(0, CUT_ENTRY_CHARS)}`, startOffset);
      }
      if (raw > counted) inner.skipLines?.(raw - counted);
      return inner.finish();
    },
  };
}
