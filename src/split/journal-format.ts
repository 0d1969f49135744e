// Whether an input is a journal export (journalctl(1) -o json, json-seq, json-pretty, export) rather than syslog
// lines, told from its first bytes (decompressed for a .gz) as gzip is (magic.ts): never from the file's name.
// Real heads, systemd 252 (Debian 12), `journalctl -u postfix@- -o …`; the keys' order is the journal's hash order:
//   json:        {"_TRANSPORT":"syslog","SYSLOG_FACILITY":"2","PRIORITY":"6","_UID":"0",…}
//   json (systemd < 240, CentOS 7):   { "__CURSOR" : "s=…", "__REALTIME_TIMESTAMP" : "1401271640138421", … }
//   json-seq:    \x1e{"_NAMESPACE":"h5test","_HOSTNAME":"vm",…}      (RFC 7464: RS before each object)
//   json-pretty: {\n\t"_CMDLINE" : "/usr/lib/systemd/systemd-journald",\n\t"_NAMESPACE" : …
//   export:      __CURSOR=s=5c97e56ff8c940f392aff6ea9f2b491d;i=1;b=…\n__REALTIME_TIMESTAMP=1796076046137820\n…
// A journal field name is upper-case letters, digits and "_", not starting with a digit (systemd.journal-fields(7)):
// no syslog line starts with `{"FIELD":` or `__CURSOR=`, nor does another program's JSON log (docker's `{"log":`).
// (Docker's json-file log, `{"log":"…`, is read by docker-json.ts.)

/** The journal export formats read (journalctl -o …). */
export type JournalFormat = 'json' | 'json-seq' | 'json-pretty' | 'export';

/** Bytes enough to tell the formats apart: the first field name (at most 64 characters) and what follows it. */
export const JOURNAL_SNIFF_BYTES = 256;

const RS = 0x1e;
const BRACE = 0x7b;
const QUOTE = 0x22;

/** The export format `head` starts with, or null for anything else (syslog lines, other JSON, binary). */
export function journalFormat(head: Buffer): JournalFormat | null {
  if (head.length === 0) return null;
  if (head[0] === RS) return head.length > 1 && head[1] === BRACE && fieldAfterBrace(head, 2) === 'line' ? 'json-seq' : null;
  if (head[0] === BRACE) {
    const f = fieldAfterBrace(head, 1);
    return f === 'line' ? 'json' : f === 'lines' ? 'json-pretty' : null;
  }
  // journalctl -o export writes __CURSOR first (logs-show.c output_export); an export made by another tool
  // (systemd-journal-remote's input) may start with the timestamp.
  return startsWith(head, '__CURSOR=') || startsWith(head, '__REALTIME_TIMESTAMP=') ? 'export' : null;
}

/**
 * After `{` at `at`: spaces, then `"FIELD"`, spaces and `:`. 'line' when no newline comes before the key (one object a
 * line), 'lines' when one does (json-pretty), null when it is not a journal field.
 */
function fieldAfterBrace(head: Buffer, at: number): 'line' | 'lines' | null {
  let i = at;
  let newline = false;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) {
    if (head[i] === 0x0a) newline = true;
    i++;
  }
  if (head[i] !== QUOTE) return null;
  const nameStart = ++i;
  while (i < head.length && isFieldByte(head[i]!)) i++;
  const n = i - nameStart;
  if (n === 0 || n > 64 || head[nameStart]! <= 0x39 || head[i] !== QUOTE) return null;
  i++;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09)) i++;
  if (head[i] !== 0x3a) return null;
  return newline ? 'lines' : 'line';
}

/** A-Z, 0-9, "_". */
function isFieldByte(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
}

function startsWith(buf: Buffer, s: string): boolean {
  return buf.length >= s.length && buf.toString('latin1', 0, s.length) === s;
}

/** Formats of one entry a line: a file of them can be cut into byte ranges at newlines, as a syslog file is. */
export function splittableJournal(format: JournalFormat | undefined): boolean {
  return format === undefined || format === 'json' || format === 'json-seq';
}
