// csv/<table>.csv: every table of the report, for spreadsheets. Written with papaparse (RFC 4180 quoting, CRLF),
// UTF-8 with a byte-order mark so that Excel reads non-ASCII names (Japanese, accents) correctly.
//
// Log text is attacker-controlled: a cell that starts with = + - @ tab or CR would be a formula in Excel, LibreOffice
// and Google Sheets (CSV injection, OWASP), so it gets a leading apostrophe; control characters (terminal escapes)
// are replaced, and bidirectional controls (U+202E …) shown as their escapes ("\u202E"). Arrays are joined with spaces;
// an example log line becomes file, line and text columns, the file by the name the reports cite (report/input-names.ts).

import Papa from 'papaparse';
import type { Report } from '../report/model.js';
import type { Example } from '../types.js';
import type { RenderedFile } from './index.js';
import { showBidi } from './escape.js';
import { fileName } from '../report/input-names.js';

type Cell = string | number | boolean;

/** Dovecot's login services (parse/dovecot.ts PROTOCOLS): a column each of the mailbox logins' files, 0 when none. */
const PROTOCOL_COLUMNS = ['imap', 'pop3', 'submission', 'managesieve'] as const;

/** The logins per protocol of a mailbox logins row as its columns (a report before review U has none: empty cells). */
function protocolColumns(p: Record<string, number> | undefined): Record<string, number | null> {
  return Object.fromEntries(PROTOCOL_COLUMNS.map((k) => [k, p === undefined ? null : p[k] ?? 0]));
}

/**
 * The tables, in report order, with the columns they always have (so an empty table still has its header); one with
 * `writtenIf` only when the report has it.
 */
const TABLES: Array<{ name: string; columns: string[]; rows: (r: Report) => unknown[]; writtenIf?: (r: Report) => boolean }> = [
  { name: 'bySaslUser', rows: (r) => r.bySaslUser, columns: ['key', 'messages', 'recipients', 'clientIps', 'senders', 'recipientDomains', 'sent', 'deferred', 'bounced', 'expired', 'deferralAttempts', 'authFailures', 'firstAt', 'lastAt', 'topClientIps', 'topSenders'] },
  { name: 'byClientIp', rows: (r) => r.byClientIp, columns: ['key', 'name', 'connections', 'messages', 'recipients', 'authFailures', 'authAborted', 'mailboxLoginFailures', 'rejects', 'saslUsers', 'usersTried', 'topUsersTried', 'firstAt', 'lastAt', 'relayDenied', 'unknownRecipient', 'unauthRelayed', 'sessionProblems', 'sessionProblemKinds', 'roles', 'refusedMessages', 'mailboxLogins', 'mailboxUsers'] },
  // The columns of byClientIp.csv as a report writes it (the fields added since the list above come last).
  // (refusedMessages came last before it was listed: named before the IMAP/POP3 logins, it keeps its column.)
  { name: 'topAttackingIps', rows: (r) => r.topAttackingIps ?? [], columns: ['key', 'name', 'connections', 'messages', 'recipients', 'authFailures', 'authAborted', 'mailboxLoginFailures', 'rejects', 'saslUsers', 'usersTried', 'topUsersTried', 'firstAt', 'lastAt', 'relayDenied', 'unknownRecipient', 'unauthRelayed', 'sessionProblems', 'sessionProblemKinds', 'roles', 'refusedMessages', 'mailboxLogins', 'mailboxUsers'] },
  { name: 'bySender', rows: (r) => r.bySender, columns: ['key', 'messages', 'recipients', 'sent', 'deferred', 'bounced', 'expired'] },
  { name: 'bySenderDomain', rows: (r) => r.bySenderDomain, columns: ['key', 'messages', 'recipients', 'sent', 'deferred', 'bounced', 'expired'] },
  {
    name: 'byLocalProgram', rows: (r) => r.byLocalProgram,
    columns: ['key', 'host', 'uid', 'messages', 'recipients', 'outsideRecipients', 'outsideDomains', 'outsideNotDelivered', 'firstOutsideAt', 'lastOutsideAt'],
  },
  { name: 'byRecipientDomain', rows: (r) => r.byRecipientDomain, columns: ['key', 'recipients', 'sent', 'deferred', 'bounced', 'expired', 'deferralAttempts'] },
  { name: 'byRelay', rows: (r) => r.byRelay, columns: ['key', 'count'] },
  { name: 'byStatus', rows: (r) => r.byStatus, columns: ['key', 'count'] },
  { name: 'deferralReasons', rows: (r) => r.deferralReasons, columns: REASON_COLUMNS() },
  // The same deferrals grouped by receiver and cause (review Z, Z27); `hosts` space-separated, most deferrals first.
  {
    name: 'deferralCauses', rows: (r) => r.deferralCauses ?? [],
    columns: ['receiver', 'cause', 'detail', 'code', 'count', 'fromCache', 'hosts', 'reasons', 'firstAt', 'exampleFile', 'exampleLine', 'exampleText'],
  },
  { name: 'bounceReasons', rows: (r) => r.bounceReasons, columns: REASON_COLUMNS() },
  { name: 'rejectReasons', rows: (r) => r.rejectReasons, columns: REASON_COLUMNS() },
  { name: 'authFailuresByUser', rows: (r) => r.authFailuresByUser, columns: ['key', 'count'] },
  { name: 'authFailureReasons', rows: (r) => r.authFailureReasons, columns: ['key', 'count'] },
  { name: 'dovecotAuthFailuresByUser', rows: (r) => r.dovecotAuthFailuresByUser, columns: ['key', 'count'] },
  { name: 'dovecotAuthFailuresByIp', rows: (r) => r.dovecotAuthFailuresByIp, columns: ['key', 'count'] },
  { name: 'dovecotLoginsByUser', rows: (r) => r.dovecotLoginsByUser, columns: ['key', 'count'] },
  // Every user that logged in through Dovecot: `ips` all its client IPs up to 1,000 (`ipsComplete` false past that),
  // `topClientIps` the IPs of its detailed rows (the first --top users; a user's other rows have none); its logins per
  // protocol from all its IPs in the last columns (review U, U3).
  {
    name: 'mailboxLoginsByUser',
    rows: (r) => (r.mailboxLoginsByUser ?? []).map(({ protocols, ...u }) => ({ ...u, topClientIps: u.topClientIps.map((x) => x.ip), ...protocolColumns(protocols) })),
    columns: ['key', 'logins', 'clientIps', 'firstAt', 'lastAt', 'ips', 'ipsComplete', 'topClientIps', ...PROTOCOL_COLUMNS],
  },
  // Those detailed rows, one per user and client IP (`key`: the user, as in mailboxLoginsByUser.csv); `protocol` is the
  // first login's, the last columns the logins per protocol.
  {
    name: 'mailboxLoginsByUserIp',
    rows: (r) => (r.mailboxLoginsByUser ?? []).flatMap((u) => u.topClientIps.map(({ protocols, ...x }) => ({ key: u.key, ...x, ...protocolColumns(protocols) }))),
    columns: ['key', 'ip', 'protocol', 'logins', 'firstAt', 'lastAt', 'exampleFile', 'exampleLine', 'exampleText', ...PROTOCOL_COLUMNS],
  },
  { name: 'postscreen', rows: (r) => r.postscreen, columns: ['key', 'count'] },
  { name: 'daemonProblems', rows: (r) => r.daemonProblems, columns: REASON_COLUMNS() },
  { name: 'hourly', rows: (r) => r.hourly, columns: ['hour', 'lines', 'received', 'sent', 'deferred', 'bounced', 'expired', 'rejected', 'authFailures', 'dovecotAuthFailures', 'removed', 'queueSize', 'queuePeak', 'mailboxLoginFailures', 'sessionProblems'] },
  // report.minutely (logs of at most 12 hours: report/minutely.ts), beside hourly and in its column order; no file for a
  // longer log, which has no minute rows (an empty file would read as a log without activity).
  {
    name: 'minutely', rows: (r) => r.minutely ?? [], writtenIf: (r) => (r.minutely?.length ?? 0) > 0,
    columns: ['minute', 'lines', 'received', 'sent', 'deferred', 'bounced', 'expired', 'rejected', 'authFailures', 'queueSize', 'mailboxLoginFailures', 'deliveredByArrival', 'compromisedDeliveredByArrival'],
  },
  // `to`: the first recipients, delivered or not (the column these files always ended with); `pendingTo`: those that
  // had not got the message; `legitimate`: true/false when the queue findings told the users' mail from the abuse;
  // `refused`, `refusedTo`: the recipients a receiver bounced because it refuses this server (review AM, AM2).
  { name: 'stillQueued', rows: (r) => r.stillQueued, columns: ['qid', 'host', 'since', 'lastAt', 'saslUser', 'sender', 'clientIp', 'recipients', 'pending', 'deferrals', 'partial', 'to', 'pendingTo', 'legitimate', 'refused', 'refusedTo'] },
  { name: 'deletedInBulk', rows: (r) => r.deletedInBulk, columns: ['qid', 'host', 'since', 'lastAt', 'deletedAt', 'saslUser', 'sender', 'clientIp', 'recipients', 'pending', 'deferrals', 'partial', 'to', 'pendingTo', 'legitimate', 'refused', 'refusedTo'] },
  { name: 'findings', rows: (r) => r.findings, columns: ['rule', 'severity', 'title', 'subjectKind', 'subjectValue', 'firstAt', 'lastAt', 'evidence', 'impact', 'exampleFile', 'exampleLine', 'exampleText'] },
  { name: 'hosts', rows: (r) => r.hosts, columns: ['key', 'count'] },
  { name: 'inputs', rows: (r) => r.inputs, columns: ['path', 'kind', 'bytes', 'lines', 'parsed', 'ignored', 'unparsed', 'firstAt'] },
];

/**
 * The tables report/build.ts cuts at --top, as the report's own (review AM, AM4: the folder list said csv/ held every
 * row). topAttackingIps is TOP_ATTACKING_IPS rows whatever --top; the others hold every row.
 */
export const CUT_AT_TOP: ReadonlySet<string> = new Set([
  'bySaslUser', 'byClientIp', 'bySender', 'bySenderDomain', 'byLocalProgram', 'byRecipientDomain', 'byRelay',
  'deferralReasons', 'deferralCauses', 'bounceReasons', 'rejectReasons', 'authFailuresByUser', 'dovecotAuthFailuresByUser',
  'dovecotAuthFailuresByIp', 'dovecotLoginsByUser', 'mailboxLoginsByUserIp', 'daemonProblems', 'connectFailureReasons',
]);

function REASON_COLUMNS(): string[] {
  return ['reason', 'count', 'dsn', 'exampleFile', 'exampleLine', 'exampleText'];
}

/** One spreadsheet cell: formula-looking text defused, control characters replaced. */
export function csvCell(v: unknown): Cell {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  let s = Array.isArray(v) ? v.map(String).join(' ') : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  // Most cells have no control character: one test, no copies. Bidirectional controls are shown as their escapes
  // ("\u202E"), as in md and html (review U, U5).
  if (!CONTROL.test(s)) return showBidi(s);
  return showBidi(s.replace(/\t/g, ' ').replace(CONTROLS, '\uFFFD'));
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

function isExample(v: unknown): v is Example {
  return typeof v === 'object' && v !== null && 'text' in v && 'line' in v && 'file' in v;
}

/** Flattens one model row: nested example → exampleFile/Line/Text, subject → subjectKind/Value, evidence → "k=v; …". */
function flatten(r: Report, row: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row as Record<string, unknown>)) {
    if (k === 'example' || (k === 'examples' && Array.isArray(v))) {
      const e = k === 'examples' ? (v as unknown[])[0] : v;
      out.exampleFile = isExample(e) ? fileName(r, e.file) : '';
      out.exampleLine = isExample(e) ? e.line : '';
      out.exampleText = isExample(e) ? e.text : '';
    } else if (k === 'subject' && typeof v === 'object' && v !== null) {
      const s = v as { kind?: unknown; value?: unknown };
      out.subjectKind = s.kind;
      out.subjectValue = s.value;
    } else if ((k === 'evidence' || k === 'sessionProblemKinds') && typeof v === 'object' && v !== null) {
      // "failedLogins=60; topIps=…"; "lost connection after AUTH=58; postscreen PREGREET=2"
      out[k] = Object.entries(v as Record<string, unknown>).map(([ek, ev]) => `${ek}=${String(ev)}`).join('; ');
    } else if (k === 'pseudonymLists') {
      // A redacted report's intruder IPs as pseudonyms, kept for compare (report.json only): no column of its own.
    } else if (k === 'lists' && typeof v === 'object' && v !== null) {
      out.lists = Object.keys(v as Record<string, unknown>).join(' ');
    } else {
      out[k] = v;
    }
  }
  return out;
}

export function renderCsvTable(r: Report, columns: string[], rows: unknown[]): string {
  const flat = rows.map((x) => flatten(r, x));
  // Columns the model grew since this list was written are kept, after the known ones.
  const seen = new Set(columns);
  const fields = [...columns];
  for (const row of flat) for (const k in row) if (!seen.has(k)) { seen.add(k); fields.push(k); }
  // Each row straight to its cells in column order (6,400 queued messages on the 1.5 GB log: no object per row).
  const data: Cell[][] = flat.map((row) => fields.map((f) => csvCell(row[f])));
  return '\uFEFF' + Papa.unparse({ fields, data }, { newline: '\r\n', quotes: false, header: true }) + '\r\n';
}

export function renderCsv(r: Report): RenderedFile[] {
  const known = new Map(TABLES.map((t) => [t.name, t]));
  return csvTableNames(r).map((name) => {
    const t = known.get(name);
    return { path: `csv/${name}.csv`, content: t ? renderCsvTable(r, t.columns, t.rows(r) ?? []) : renderCsvTable(r, [], (r as unknown as Record<string, unknown[]>)[name]!) };
  });
}

/** The tables written as csv/<name>.csv, in order: the known ones, then any other table the model has (rows of objects). */
export function csvTableNames(r: Report): string[] {
  const known = new Set(TABLES.map((t) => t.name));
  const names = TABLES.filter((t) => t.writtenIf?.(r) ?? true).map((t) => t.name);
  // Any other table (array of row objects) the model has or will have, so that "every table" stays true.
  for (const [k, v] of Object.entries(r)) {
    if (known.has(k) || !Array.isArray(v) || k === 'rules' || k === 'warnings' || k === 'duplicateInputs') continue;
    if (v.length > 0 && v.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x))) names.push(k);
  }
  return names;
}
