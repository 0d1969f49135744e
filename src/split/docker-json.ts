// Docker's json-file log of a container (/var/lib/docker/containers/<id>/<id>-json.log, the default log driver) read
// as the lines `docker logs -t` prints of it. Postfix 3.4+ in a container often logs to its standard output itself
// (`maillog_file = /dev/stdout`, postlogd: "Dec 01 00:30:22 mail postfix/smtpd[123]: …", MAILLOG_README), or an
// rsyslog inside the container does (the same text, syslog's stamp): each line becomes one object a line
// (moby daemon/logger/jsonfilelog/jsonlog/jsonlogbytes.go MarshalJSONBuf: "log" when not empty, "stream", "attrs"
// with --log-opt labels/env, then "time", RFC 3339 in UTC with nanoseconds, trailing zeros cut, time.RFC3339Nano):
//   {"log":"Dec 01 00:30:22 mail postfix/smtpd[123]: connect from unknown[127.66.108.36]\n","stream":"stdout","time":"2026-12-01T00:30:22.040196123Z"}
//   → "2026-12-01T00:30:22.040196123Z Dec 01 00:30:22 mail postfix/smtpd[123]: connect from unknown[127.66.108.36]"
// which the header parser reads as it reads `docker logs -t` (parse/header.ts parseDockerWrapped): the syslog line
// inside with its own stamp, docker's giving the year. One object a line: a file is cut into byte ranges at newlines
// like a syslog file. A line longer than 16 KiB is written in pieces, each but the last without its "\n"
// (CONTAINER_PARTIAL_MESSAGE in the journald driver): each piece is read as a line, as `docker logs` prints it.

import type { LineSink } from '../scan.js';
import { lineConvertingSink } from './line-converting-sink.js';

/** Told from the first bytes, as gzip and journal exports are (never the name): the object opens with "log". */
export function isDockerJsonLog(head: Buffer): boolean {
  return head.length >= 8 && head.toString('latin1', 0, 8) === '{"log":"';
}

const BRACE = 0x7b;

/**
 * The `docker logs -t` line of a json-file line (bytes [from, to) of `buf`); null for an object without a "log"
 * string (nothing written); 'raw' when the line is no such object (cut short, another text): read as it is.
 */
function lineOfDockerJson(buf: Buffer, from: number, to: number): Buffer | null | 'raw' {
  let o: unknown;
  try {
    o = JSON.parse(buf.toString('utf8', from, to));
  } catch {
    return 'raw';
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return 'raw';
  const { log, time } = o as { log?: unknown; time?: unknown };
  if (typeof time !== 'string' || !time.endsWith('Z')) return 'raw';
  if (typeof log !== 'string') return null;
  const text = log.endsWith('\n') ? log.slice(0, log.endsWith('\r\n') ? -2 : -1) : log;
  // UTF-8 as the container wrote it (the scanner reads bytes as latin1, as it does a syslog file's).
  return Buffer.from(`${time} ${text}`, 'utf8');
}

/** `inner`, reading the lines of a Docker json-file log as `docker logs -t` prints them. */
export function dockerJsonSink(inner: LineSink): LineSink {
  return lineConvertingSink(inner, (buf, from, to) =>
    from < to && buf[from] === BRACE ? lineOfDockerJson(buf, from, to) : 'raw');
}
