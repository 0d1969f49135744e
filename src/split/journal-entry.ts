// One journal entry → the syslog line the scanner reads: RFC 3339 in UTC with microseconds, host, identifier[pid],
// message, as `TZ=UTC journalctl -a -o short-iso-precise` prints it (src/shared/logs-show.c output_short, systemd
// 252), so that an export gives the report of the same lines exported as text:
//   {"_SOURCE_REALTIME_TIMESTAMP":"1796076047435155","_HOSTNAME":"vm","SYSLOG_IDENTIFIER":"postfix/smtpd",
//    "_PID":"21695","SYSLOG_TIMESTAMP":"Dec  1 07:00:47 ","MESSAGE":"connect from unknown[127.66.108.36]",…}
//   → "2026-12-01T07:00:47.435155+0900 vm postfix/smtpd[21695]: connect from unknown[127.66.108.36]"
// The exact instant comes with the entry, so no year is guessed; the offset is the server's, which the syslog stamp
// of the entry gives (journal-zone.ts), as `journalctl -o short-iso-precise` on the server prints it (252's "+0900";
// UTC, "+0000", when no entry has such a stamp). The fields, as output_short reads them:
//   - time: _SOURCE_REALTIME_TIMESTAMP (the sender's, the kernel's receive time of a syslog datagram) when valid,
//     else __REALTIME_TIMESTAMP (journald's), microseconds since 1970 UTC (systemd.journal-fields(7));
//   - host: _HOSTNAME; program: SYSLOG_IDENTIFIER, else _COMM, else "unknown"; pid: _PID, else SYSLOG_PID;
//   - a field given twice (an array of values in -o json) counts by its last value, as parse_field keeps it;
//   - no MESSAGE: journalctl skips the entry, here an ignored line.
// MESSAGE bytes are passed on as they are (the scanner decodes lines as latin1, as it does a syslog file's):
// -o json gives them as a JSON string when they are printable UTF-8, else as an array of byte values
// ("MESSAGE":[97,117,116,104,58,…,109,252,108,108,101,114,…] for Dovecot's "passwd-file(müller,…)" in Latin-1),
// and as null when longer than 4096 bytes without --all (logs-show.c JSON_THRESHOLD): that line says so, and is
// unparsed when it is Postfix's or Dovecot's. A newline inside a message becomes rsyslog's escape "#012".

import type { JournalClock } from './journal-zone.js';
import { offsetText, stampOffset } from './journal-zone.js';

/** A field's value: its bytes, null when -o json left it out (longer than 4096 bytes), undefined when absent. */
export type FieldBytes = Buffer | null | undefined;

/** Written in place of a MESSAGE that `journalctl -o json` left out. */
export const MESSAGE_LEFT_OUT = '[MESSAGE of more than 4096 bytes, written as null by journalctl -o json: export again with --all]';

/** The fields syslogLine reads: the only ones a reader needs to keep of an entry. */
export const LINE_FIELDS: ReadonlySet<string> = new Set([
  'MESSAGE', '_SOURCE_REALTIME_TIMESTAMP', '__REALTIME_TIMESTAMP', '_HOSTNAME', 'SYSLOG_IDENTIFIER', '_COMM', '_PID', 'SYSLOG_PID',
  'SYSLOG_TIMESTAMP', 'CONTAINER_ID', 'CONTAINER_ID_FULL', 'CONTAINER_NAME',
]);

const USEC_DIGITS = /^[0-9]{1,16}$/;

/**
 * The syslog line of an entry whose fields `get` gives, as bytes; null when it has no MESSAGE (journalctl shows it
 * not). A time that is missing or not a number leaves the line without a stamp: unparsed and shown, never dropped.
 */
export function syslogLine(get: (name: string) => FieldBytes, clock: JournalClock): Buffer | null {
  const message = get('MESSAGE');
  if (message === undefined) return null;
  const usec = micros(get('_SOURCE_REALTIME_TIMESTAMP')) ?? micros(get('__REALTIME_TIMESTAMP'));
  if (fromContainer(get)) return containerLine(usec, message);
  let at = '(no time)';
  if (usec !== null) {
    const own = stampOffset(get('SYSLOG_TIMESTAMP'), Math.floor(usec / 1000));
    if (own !== null && clock.found === null) clock.found = own;
    at = stamp(usec, own ?? clock.fallback ?? 0) ?? at;
  }
  const host = text(get('_HOSTNAME')) || 'localhost';
  const program = text(get('SYSLOG_IDENTIFIER')) || text(get('_COMM')) || 'unknown';
  const pid = text(get('_PID')) || text(get('SYSLOG_PID'));
  const head = Buffer.from(`${at} ${host} ${program}${pid === '' ? '' : `[${pid}]`}: `, 'utf8');
  const body = message === null ? Buffer.from(MESSAGE_LEFT_OUT, 'latin1') : withoutNewlines(message);
  return Buffer.concat([head, body]);
}

/**
 * An entry of a container engine's journald log driver: Docker's (moby daemon/logger/journald/journald.go: MESSAGE
 * the container's line without its newline, CONTAINER_ID, CONTAINER_ID_FULL, CONTAINER_NAME, CONTAINER_TAG,
 * IMAGE_NAME, SYSLOG_IDENTIFIER the tag, by default the short container ID) or Podman's (conmon ctr_logging.c:
 * CONTAINER_ID_FULL, CONTAINER_ID, CONTAINER_NAME, SYSLOG_IDENTIFIER the tag, name or short ID). Its MESSAGE is the whole line the container wrote, Postfix's own ("Dec 01 00:30:22 mail
 * postfix/smtpd[123]: …" with maillog_file = /dev/stdout) or an rsyslog's inside it, not postfix/smtpd's text.
 */
function fromContainer(get: (name: string) => FieldBytes): boolean {
  return get('CONTAINER_ID') !== undefined || get('CONTAINER_ID_FULL') !== undefined || get('CONTAINER_NAME') !== undefined;
}

/**
 * A container's line as `docker logs -t` prints it: the entry's instant in UTC, then the line, whose own stamp and
 * host the header parser reads (parse/header.ts parseDockerWrapped), as of the container's json-file log:
 *   "2026-12-01T00:30:22.040196Z Dec 01 00:30:22 mail postfix/smtpd[123]: connect from unknown[127.66.108.36]"
 */
function containerLine(usec: number | null, message: Buffer | null): Buffer {
  const utc = usec === null ? null : stamp(usec, 0);
  const at = utc === null ? '(no time)' : `${utc.slice(0, 26)}Z`;
  const body = message === null ? Buffer.from(MESSAGE_LEFT_OUT, 'latin1') : withoutNewlines(message);
  return Buffer.concat([Buffer.from(`${at} `, 'latin1'), body]);
}

/** Microseconds since the epoch of a field; null when it is not such a number. */
function micros(v: FieldBytes): number | null {
  if (v === undefined || v === null) return null;
  const s = v.toString('latin1');
  if (!USEC_DIGITS.test(s)) return null;
  const usec = Number(s);
  return usec > 0 ? usec : null;
}

/** "2026-12-01T07:00:47.435155+0900" of an instant in microseconds at `offset` minutes east; null past year 9999. */
function stamp(usec: number, offset: number): string | null {
  const iso = new Date(Math.floor(usec / 1000) + offset * 60_000).toISOString(); // "2026-12-01T07:00:47.435Z"
  if (iso.length !== 24) return null; // a year past 9999 or before 0
  return `${iso.slice(0, 19)}.${String(usec % 1_000_000).padStart(6, '0')}${offsetText(offset)}`;
}

/** A short field as text ('' for absent, left out, or empty); spaces, which would cut the syslog prefix, as "_". */
function text(v: FieldBytes): string {
  if (v === undefined || v === null || v.length === 0) return '';
  return v.toString('utf8').replace(/[\s]/g, '_');
}

/** The message with each newline written as rsyslog escapes control characters ("#012"), CR as "#015". */
function withoutNewlines(message: Buffer): Buffer {
  if (message.indexOf(10) < 0 && message.indexOf(13) < 0) return message;
  return Buffer.from(message.toString('latin1').replace(/\r/g, '#015').replace(/\n/g, '#012'), 'latin1');
}

/**
 * A field of a `-o json` object as bytes: a string (UTF-8), an array of byte values, null (left out), or, for a field
 * the entry has more than once, an array of those values, of which the last counts.
 */
export function jsonFieldBytes(v: unknown): FieldBytes {
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (typeof v === 'number') return Buffer.from(String(v), 'latin1');
  if (Array.isArray(v)) {
    if (v.length === 0) return Buffer.alloc(0);
    if (v.every((b) => typeof b === 'number')) return Buffer.from(v as number[]);
    return jsonFieldBytes(v[v.length - 1]);
  }
  return undefined;
}
