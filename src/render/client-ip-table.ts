// The Client IPs table of report.md (and so of report.html), review Z, Z23: who is who (a Role column from the
// findings, then from the row's own lines: ClientIpRow.roles), the Name column only when some row has a name, session problems as
// "lost connection after AUTH (8)", and lists cut at a whole item, so that the table fits a laptop's page.

import type { ClientIpRow } from '../report/model.js';
import type { Messages } from '../i18n/index.js';
import { tableWordsFor } from '../i18n/table-words.js';
import { mdText } from './escape.js';
import { GUESSER_ROWS_MAX, GUESSER_ROWS_SHOWN } from '../report/client-ip-cut.js';

type Cell = string | number;

export interface MdTable { headers: string[]; rows: Cell[][]; numeric: boolean[] }

/**
 * IMAP/POP3-only password guessers shown one by one (review Z): a botnet's adds up to 20 rows below the --top cut, and
 * more above it when their failures outrank the mail traffic, each "0 0 0 14 / 0". Past GUESSER_ROWS_MAX of them,
 * the first GUESSER_ROWS_SHOWN (the most failures: the rows come in order of activity) and one row for the rest. The
 * cut counts them so (report/client-ip-cut.ts), so that the other IPs fill the table.
 */

/** A row that only guessed passwords over IMAP/POP3: that role alone, no SMTP, no login. */
function onlyMailboxGuessing(x: ClientIpRow): boolean {
  const roles = x.roles ?? [];
  return roles.length === 1 && roles[0] === 'mailbox-password-guessing' && x.connections === 0 && x.messages === 0
    && x.authFailures + x.authAborted === 0 && x.rejects === 0 && (x.mailboxLogins ?? 0) === 0 && (x.sessionProblems ?? 0) === 0;
}

/** The Client IPs table's rows with IMAP/POP3-only guessers past the first few as one row: the rows, and how many it holds. */
export function groupMailboxGuessers(rows: ClientIpRow[]): { rows: ClientIpRow[]; grouped: ClientIpRow[] } {
  const guessers = rows.filter(onlyMailboxGuessing);
  if (guessers.length <= GUESSER_ROWS_MAX) return { rows, grouped: [] };
  const grouped = new Set(guessers.slice(GUESSER_ROWS_SHOWN));
  const out: ClientIpRow[] = [];
  for (const x of rows) if (!grouped.has(x)) out.push(x);
  return { rows: out, grouped: [...grouped] };
}

/** Kinds of session problem named in a cell; the rest are added up as "others (N)" (report.json has them all). */
const PROBLEM_KINDS_SHOWN = 2;

/** Characters of SASL users shown in a cell, whole names only. */
const SASL_USERS_CHARS = 80;

/** Reverse names Postfix logs when the client has none. */
const NO_NAME = new Set(['', 'unknown']);

/**
 * An IP's session problems: "lost connection after AUTH (58), postscreen PREGREET (2), others (3)", the most frequent
 * kinds as Postfix words them, each with its count (review Z, Z23: "8 (lost connection after AUTH 8)" said 8 twice);
 * "" when it had none, or in a report made before they were counted.
 */
export function problemsCell(msg: Messages, x: ClientIpRow): string {
  const kinds = Object.entries(x.sessionProblemKinds ?? {});
  if ((x.sessionProblems ?? 0) === 0 || kinds.length === 0) return (x.sessionProblems ?? 0) === 0 ? '' : msg.num(x.sessionProblems);
  const words = tableWordsFor(msg.lang);
  const shown = kinds.slice(0, PROBLEM_KINDS_SHOWN).map(([k, c]) => words.problemKind(mdText(k), msg.num(c)));
  const rest = kinds.slice(PROBLEM_KINDS_SHOWN).reduce((n, [, c]) => n + c, 0);
  if (rest > 0) shown.push(words.otherProblems(msg.num(rest)));
  return shown.join(msg.lang === 'ja' ? '、' : ', ');
}

/** "a@x, b@y, …": whole items up to `max` characters (at least one), then "…" when some are left out. */
export function wholeItems(items: string[], max: number): string {
  const kept: string[] = [];
  let length = 0;
  for (const item of items) {
    const add = (kept.length > 0 ? 2 : 0) + item.length;
    if (kept.length > 0 && length + add > max) break;
    kept.push(item);
    length += add;
  }
  const text = kept.map((x) => mdText(x, max)).join(', ');
  return kept.length < items.length ? `${text}, …` : text;
}

/**
 * The table's headings, rows and which columns are numbers. The Role column only when a row has a role, the Name
 * column only when a row has a name: a laptop's page (1,366 px) had a 10-column table wider than its text, of which
 * the Name column said "unknown" on most rows. When a row has successful IMAP/POP3 logins (review Z: an IP that only
 * read mail had no row, nor a column to say so), the IMAP/POP3 column gives failed and successful logins, "6 / 0":
 * a column of their own made the table 46 px wider than a laptop's page. Their mailboxes are in report.json's
 * mailboxUsers and in the Mailbox logins section.
 */
export function clientIpTable(all: ClientIpRow[], msg: Messages): MdTable & { grouped: number } {
  const c = msg.report.cols.clientIps;
  const words = tableWordsFor(msg.lang);
  const { rows, grouped } = groupMailboxGuessers(all);
  const roles = rows.some((x) => (x.roles ?? []).length > 0);
  const names = rows.some((x) => !NO_NAME.has(x.name));
  const logins = rows.some((x) => (x.mailboxLogins ?? 0) > 0);
  const headers = [c[0], ...(roles ? [words.roleHeading] : []), ...(names ? [c[1]] : []), ...c.slice(2, 5),
    logins ? words.mailboxLoginsHeading : c[5], ...c.slice(6)];
  const numeric = [false, ...(roles ? [false] : []), ...(names ? [false] : []), true, true, true, true, true, false, false, true];
  const body = rows.map((x): Cell[] => [
    mdText(x.key),
    ...(roles ? [words.roles(x.roles ?? [])] : []),
    // "unknown" (no reverse name) is left blank beside the rows that have one.
    ...(names ? [NO_NAME.has(x.name) ? '' : mdText(x.name, 60)] : []),
    x.connections, x.messages, x.authFailures + x.authAborted,
    logins ? words.mailboxLogins(msg.num(x.mailboxLoginFailures), msg.num(x.mailboxLogins ?? 0)) : x.mailboxLoginFailures,
    x.rejects, problemsCell(msg, x), wholeItems(x.saslUsers, SASL_USERS_CHARS), x.usersTried,
  ]);
  if (grouped.length > 0) {
    // In place of the first guesser it holds: "21 more IPs", their failures added up (the names they tried are theirs).
    const at = all.indexOf(grouped[0]!) - all.slice(0, all.indexOf(grouped[0]!)).filter((x) => grouped.includes(x)).length;
    const failed = grouped.reduce((n, x) => n + x.mailboxLoginFailures, 0);
    body.splice(at, 0, [
      words.moreMailboxGuessers(grouped.length), ...(roles ? [words.roles(['mailbox-password-guessing'])] : []), ...(names ? [''] : []),
      0, 0, 0, logins ? words.mailboxLogins(msg.num(failed), msg.num(0)) : failed, 0, '', '', '',
    ]);
  }
  return { headers, rows: body, numeric, grouped: grouped.length };
}
