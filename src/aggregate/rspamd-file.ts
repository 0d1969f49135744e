// rspamd's own log file (/var/log/rspamd/rspamd.log, its default: logging.inc type = "file"), given beside the
// maillog: its task summaries carry Postfix's queue ID ("qid: <4NqT2s0Xbz>", the milter's Queue-Id) and say whether
// rspamd signed the message (DKIM_SIGNED), as its lines in the maillog do (parse/signing-filters.ts). They are
// another input's lines, scanned in other ranges than the messages they name, so they cannot join the message
// records as the maillog's do (correlate/correlator.ts): each range keeps rspamd's verdict by queue ID
// (DkimSigning.rspamdFile), the maillog's ranges keep the unsigned messages whole (DkimSigning.held, only in a run
// with such a file), and the run joins the two once every range is merged (run.ts). A message rspamd signed is
// signed; one it did not sign is 'rspamd-unsigned' where OpenDKIM said nothing stronger (correlate/dkim-rank.ts),
// with rspamd's line as the example, as when that line is in the maillog.
//
// Queue IDs are joined without the host (rspamd's file names none): one server's rspamd scans its own Postfix's
// mail. Its actions on outgoing mail (summaries that name the authenticated user) are counted per line, from the
// file and the maillog alike (countRspamdAction).

import type { Aggregate, DkimSigning, Example, RspamdFileVerdict } from '../types.js';
import { dkimRank } from '../correlate/dkim-rank.js';
import { ownString } from '../own-string.js';
import { foldUnsigned } from './dkim-signing.js';

/** Characters of rspamd's line kept as the example of an unsigned message (its symbols follow: lines of 2 KB). */
const VERDICT_CHARS = 500;

/** Whether `b` comes before `a` in the inputs (file, then byte offset). */
function before(b: Example, a: Example): boolean {
  return b.file < a.file || (b.file === a.file && b.offset < a.offset);
}

/** Whether verdict `b` outranks `a`: signed over unsigned, then the earlier line (the same for any order of merging). */
function outranks(b: RspamdFileVerdict, a: RspamdFileVerdict): boolean {
  if (b.outcome !== a.outcome) return b.outcome === 'signed';
  return before(b.at, a.at);
}

/**
 * rspamd's task summary of `qid` in its own file, at the line `at` (file, line, offset; `text` '' for a signed
 * message, whose line is never shown). Returns the example to register for the line fix-up, or null.
 */
export function keepFileVerdict(s: DkimSigning, qid: string, outcome: 'signed' | 'rspamd-unsigned', at: Example): Example | null {
  const v: RspamdFileVerdict = { outcome, at };
  const had = s.rspamdFile.get(qid);
  if (had !== undefined && !outranks(v, had)) return null;
  if (outcome !== 'signed') at.text = ownString(at.text.length > VERDICT_CHARS ? at.text.slice(0, VERDICT_CHARS) + '…' : at.text);
  else at.text = '';
  s.rspamdFile.set(had === undefined ? ownString(qid) : qid, v);
  return at;
}

export function mergeRspamdFile(a: Map<string, RspamdFileVerdict>, b: Map<string, RspamdFileVerdict>): void {
  for (const [qid, v] of b) {
    const had = a.get(qid);
    if (had === undefined || outranks(v, had)) a.set(qid, v);
  }
}

/**
 * The held messages (DkimSigning.held) joined with rspamd's file and counted as unsigned (dkim-signing.ts
 * foldUnsigned), or not at all when rspamd signed them. Called once, after every range is merged and the open
 * records are folded (run.ts); the lines of every example are fixed by then.
 */
export function joinRspamdFile(agg: Aggregate): void {
  const s = agg.dkimSigning;
  if (!s.holding) return;
  for (const m of s.held) {
    const v = s.rspamdFile.get(m.qid);
    if (v !== undefined && v.outcome === 'signed') { s.rspamdFileSigned++; continue; }
    if (v !== undefined) {
      s.rspamdFileUnsigned++;
      if (dkimRank('rspamd-unsigned') > dkimRank(m.dkim)) {
        m.dkim = 'rspamd-unsigned';
        m.example = v.at;
      }
    }
    foldUnsigned(s, m, null);
  }
  s.held = [];
  s.holding = false;
}

/** rspamd's action ("no action", "add header", "reject", …) on a message an authenticated user sent. */
export function countRspamdAction(agg: Aggregate, user: string, action: string, n: number): void {
  const key = user + '\n' + action;
  const m = agg.dkimSigning.rspamdOutgoing;
  const had = m.get(key);
  m.set(had === undefined ? ownString(key) : key, (had ?? 0) + n);
}

/** rspamd's actions, the most severe first (rspamd's own order, src/libserver/cfg_file.h); others after, by name. */
export const RSPAMD_ACTIONS = ['reject', 'soft reject', 'rewrite subject', 'add header', 'greylist', 'no action'];

/** Action names in RSPAMD_ACTIONS' order, then any other by name. */
export function byActionOrder(a: string, b: string): number {
  const rank = (x: string): number => { const i = RSPAMD_ACTIONS.indexOf(x); return i < 0 ? RSPAMD_ACTIONS.length : i; };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** rspamd's actions on one user's mail, "reject 3, no action 1" ('' when it logged none). */
export function actionsOfUser(agg: Aggregate, user: string): string {
  const prefix = user + '\n';
  const rows: Array<[string, number]> = [];
  for (const [key, n] of agg.dkimSigning.rspamdOutgoing) if (key.startsWith(prefix) && key.indexOf('\n', prefix.length) < 0) rows.push([key.slice(prefix.length), n]);
  return rows.sort((x, y) => byActionOrder(x[0], y[0])).map(([a, n]) => `${a} ${n}`).join(', ');
}
