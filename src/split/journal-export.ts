// The journal export format (journalctl -o export; systemd's JOURNAL_EXPORT_FORMATS document) read as syslog lines:
// each entry is fields, one a line, and a blank line after it. A field is "KEY=value\n" when its value is printable
// text, else "KEY\n", its length as 64 bits little-endian, the raw bytes, "\n" (logs-show.c output_export), e.g. a
// Latin-1 MESSAGE:
//   MESSAGE\n 35 00 00 00 00 00 00 00 "auth: passwd-file(m\xfcller,127.66.108.36): unknown user" \n
// Those bytes may hold newlines and NULs, so this format is not cut into lines by the line readers (which drop NUL
// padding at a line's start): it is parsed here from the bytes, read whole by one task as a .gz is, and each entry
// goes to the scanner as its syslog line (journal-entry.ts), cited by the file line its entry starts at.

import type { LineSink } from '../scan.js';
import { LINE_FIELDS, syslogLine } from './journal-entry.js';
import type { JournalClock } from './journal-zone.js';
import { HEAP_CHECK_LINES, checkHeap } from '../memory.js';

/** A field longer than this is no journal field (journald stores at most 64 MiB a field; syslog lines are short). */
const MAX_FIELD_BYTES = 16 * 1024 * 1024;
/** What an unparsed sample keeps of an entry cut short or not understood. */
const SAMPLE_CHARS = 400;

const EMPTY: Buffer = Buffer.alloc(0);

/**
 * Feeds every entry of the export `stream` to `sink` as its syslog line, its time at `clock`'s offsets; returns the
 * bytes read. Offsets are those of the content (decompressed for a .gz); progress is counted by the caller.
 */
export async function readExport(stream: AsyncIterable<Buffer>, sink: LineSink, clock: JournalClock): Promise<number> {
  let buf: Buffer = EMPTY;
  let pos = 0;
  let base = 0; // offset of buf[0] in the content
  let line = 1; // the file line at pos
  let counted = 0; // the lines the scanner has numbered
  let fields = new Map<string, Buffer>();
  let inEntry = false; // a field of the entry at entryOffset has been read
  let entryOffset = 0;
  let entryLine = 1;
  let skipping = false; // after data not understood: up to the next blank line
  let entries = 0;

  function at(n: number): void {
    if (n - 1 > counted) sink.skipLines?.(n - 1 - counted);
    counted = n;
  }
  function emit(): void {
    const text = syslogLine((name) => fields.get(name), clock);
    at(entryLine);
    if (text === null) sink.bytes(EMPTY, 0, 0, entryOffset);
    else sink.bytes(text, 0, text.length, entryOffset);
    fields = new Map();
    inEntry = false;
    if (++entries % HEAP_CHECK_LINES === 0) checkHeap(() => 'reading a journal export');
  }
  function unparsed(why: string, from: number, to: number): void {
    at(entryLine);
    const shown = buf.toString('latin1', from, Math.min(to, from + SAMPLE_CHARS)).replace(/[\x00-\x1f]+/g, ' ');
    sink.line(`${why}: ${shown}`, entryOffset);
    fields = new Map();
    inEntry = false;
  }
  function newlines(from: number, to: number): number {
    let n = 0;
    for (let i = buf.indexOf(10, from); i >= 0 && i < to; i = buf.indexOf(10, i + 1)) n++;
    return n;
  }
  function startEntry(): void {
    entryOffset = base + pos;
    entryLine = line;
  }

  /** Parses what `buf` holds from `pos`; returns when the next item needs more bytes. */
  function parse(final: boolean): void {
    for (;;) {
      if (!inEntry && !skipping) startEntry();
      const nl = buf.indexOf(10, pos);
      if (skipping) {
        // Data not understood: the entry ends at the next blank line.
        const blank = buf.indexOf('\n\n', pos, 'latin1');
        if (blank < 0) {
          const keep = Math.max(pos, buf.length - 1);
          line += newlines(pos, keep);
          pos = keep;
          return;
        }
        line += newlines(pos, blank + 2);
        pos = blank + 2;
        skipping = false;
        continue;
      }
      if (nl < 0) {
        if (buf.length - pos > MAX_FIELD_BYTES) notUnderstood('journal export line too long');
        else return;
        continue;
      }
      if (nl === pos) { // the blank line after an entry
        if (inEntry) emit();
        pos = nl + 1;
        line++;
        continue;
      }
      inEntry = true;
      // "=" ends the name (at most 64 characters): a line without one names a binary field.
      let eq = pos;
      while (eq < nl && eq - pos <= 64 && buf[eq] !== 61) eq++;
      if (eq < nl && buf[eq] === 61) {
        const name = buf.toString('latin1', pos, eq);
        if (LINE_FIELDS.has(name)) fields.set(name, Buffer.from(buf.subarray(eq + 1, nl)));
        pos = nl + 1;
        line++;
        continue;
      }
      // "KEY\n", 64-bit little-endian length, the bytes, "\n".
      const dataAt = nl + 1 + 8;
      if (buf.length < dataAt) { if (final) notUnderstood('journal entry cut short at the end of the file'); else return; continue; }
      const length = Number(buf.readBigUInt64LE(nl + 1));
      if (length > MAX_FIELD_BYTES) { notUnderstood('journal export field not understood'); continue; }
      if (buf.length < dataAt + length + 1) { if (final) notUnderstood('journal entry cut short at the end of the file'); else return; continue; }
      if (buf[dataAt + length] !== 10) { notUnderstood('journal export field not understood'); continue; }
      const name = buf.toString('latin1', pos, nl);
      if (LINE_FIELDS.has(name)) fields.set(name, Buffer.from(buf.subarray(dataAt, dataAt + length)));
      line += newlines(pos, dataAt + length + 1);
      pos = dataAt + length + 1;
    }
  }
  function notUnderstood(why: string): void {
    unparsed(why, Math.max(0, entryOffset - base), buf.length);
    skipping = true;
  }

  let total = 0;
  for await (const chunk of stream) {
    total += chunk.length;
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    parse(false);
    // A chunk may be a view of a buffer that the stream overwrites for the next one (gunzip-file.ts inflates in
    // place): what is not parsed yet, an entry's start, is kept as a copy; the fields read are copies already.
    base += pos;
    buf = pos >= buf.length ? EMPTY : Buffer.from(buf.subarray(pos));
    pos = 0;
  }
  parse(true);
  if (!skipping && (inEntry || pos < buf.length)) {
    // The content ends inside an entry (no blank line after it): a copy cut short. Shown, not guessed at.
    const shown = [...fields].map(([k, v]) => `${k}=${v.toString('latin1', 0, Math.min(v.length, 200))}`).join(' ');
    at(entryLine);
    const rest = buf.toString('latin1', pos, Math.min(buf.length, pos + SAMPLE_CHARS));
    sink.line(`journal entry cut short at the end of the file: ${`${shown} ${rest}`.replace(/[\x00-\x1f]+/g, ' ').trim().slice(0, SAMPLE_CHARS)}`, entryOffset);
  }
  const lastLine = buf.length > 0 && buf[buf.length - 1] !== 10 ? line : line - 1;
  if (lastLine > counted) sink.skipLines?.(lastLine - counted);
  return total;
}
