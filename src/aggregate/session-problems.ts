// smtpd session problems and postscreen verdicts, per client IP and per hour (review 7, parsers M12). A bot that
// drops the connection in the middle of AUTH LOGIN leaves one line and nothing else:
//   "Nov 28 22:15:38 mail postfix/smtpd[21707]: lost connection after AUTH from unknown[127.66.165.252]"
// and postscreen's verdicts are the only trace of the clients it kept from smtpd:
//   "Dec 23 19:39:13 xxx postfix/postscreen[21057]: PREGREET 14 after 0.08 from [192.0.2.2]:59415: EHLO ylmf-pc\r\n"
//
// Per IP each kind is counted under a label written the way Postfix writes the line ("lost connection after AUTH",
// "too many errors after RCPT", "postscreen PREGREET"). Labels are a few dozen texts made once per scan and shared
// by every row (a botnet leaves hundreds of thousands of rows), in one short list per IP (ProblemCounts).
//
// Not evidence of password guessing (sasl-bruteforce): "lost connection after AUTH" with no failure line is also
// what a bot writes when AUTH is refused ("503 5.5.1 Error: authentication not enabled" once AUTH is turned off on
// port 25, the brute-force fix itself) or when it quits after a successful AUTH, and no password was checked in any
// of these. Counted as failed logins, the generated after-fix log's bots, refused on port 25, made the brute force
// look 27% reduced instead of 44%. The IP table shows the drops; the rule counts failure lines only.

import type { ClientIpStats } from '../types.js';
import { ownString } from '../own-string.js';
import { ACTION_NAMES, POSTSCREEN_ACTIONS } from '../parse/postfix/postscreen.js';

/**
 * An IP's problems as one flat list of label and count pairs: ["lost connection after AUTH", 58, "postscreen
 * PREGREET", 2]. Most IPs have one to three kinds; the list is made again, exactly as long, when a kind is added
 * (rare), never grown by push, whose spare room (17 slots on the first push) made two lists per row cost ~370 bytes.
 * Measured (heap after GC, 200,000 rows): 64 bytes for an IP with one kind, 16 more for each further kind.
 */
export type ProblemCounts = Array<string | number>;

/**
 * The smtpd problems (parse/postfix/smtpd.ts `problem`) that count, and how their label starts; the stage they
 * name (`after`: AUTH, RCPT, DATA …, or the anvil limit) completes it. Left out: "hostname … does not resolve to
 * address" and "address not listed for hostname", which say the client's DNS is wrong, not that its session was.
 */
const SMTPD_PREFIX: ReadonlyMap<string, string> = new Map([
  ['lost-connection', 'lost connection after '], // "lost connection after AUTH from unknown[192.0.2.23]"
  ['timeout', 'timeout after '], // "timeout after END-OF-MESSAGE from unknown[72.13.58.7]"
  ['too-many-errors', 'too many errors after '], // "too many errors after RCPT from example.com[192.0.2.11]"
  // "improper command pipelining after CONNECT from unknown[192.0.2.7]: EHLO early\r\n"
  ['pipelining', 'improper command pipelining after '],
]);

/** smtpd problems whose label is fixed. */
const SMTPD_FIXED: ReadonlyMap<string, string> = new Map([
  ['non-smtp-command', 'non-SMTP command'], // "warning: non-SMTP command from unknown[1.2.3.4]: GET / HTTP/1.1"
  ['illegal-address-syntax', 'Illegal address syntax'], // "warning: Illegal address syntax from unknown[1.2.3.4] in MAIL command: <a b@c>"
  ['tls-error', 'SSL_accept error'], // "SSL_accept error from unknown[1.2.3.4]: lost connection"
]);

/**
 * The postscreen actions that are a verdict against the client, with their labels ("postscreen PREGREET"): the
 * parser's table says which (parse/postfix/postscreen.ts POSTSCREEN_ACTIONS). Not dnsblog's "addr … listed by
 * domain …" either (its event action is "DNSBL listed"; postscreen's "DNSBL rank" is the verdict).
 */
const POSTSCREEN_LABELS: ReadonlyMap<string, string> = new Map(POSTSCREEN_ACTIONS.flatMap((a, i) => (a.verdict
  ? [[ACTION_NAMES[i]!, 'postscreen ' + ACTION_NAMES[i]!] as const] : [])));

/** Distinct stages kept per problem; past it (a log that is not Postfix's) the stage is left out of the label. */
const MAX_STAGES = 64;

/**
 * Labels made so far in this scan, by problem, then by stage: each label is made once and shared (the `after` of
 * an event is a new slice of its line every time).
 */
export interface ProblemLabels {
  byProblem: Map<string, Map<string, string>>;
}

export function newProblemLabels(): ProblemLabels {
  return { byProblem: new Map() };
}

/** The label of an smtpd problem, or null when the problem is not one that counts. */
export function smtpdProblemLabel(labels: ProblemLabels, problem: string, after: string): string | null {
  const known = labels.byProblem.get(problem)?.get(after);
  if (known !== undefined) return known;
  const prefix = SMTPD_PREFIX.get(problem);
  if (prefix !== undefined) return remember(labels, problem, after, prefix + after, prefix.trimEnd());
  if (problem === 'rate-limit') {
    // "warning: Connection rate limit exceeded: 20 from mail.example.com[192.168.0.1] for service smtp": `after` is
    // the limit, lower-cased ("connection rate", "connection concurrency", "message delivery request rate" …);
    // the label is written as Postfix writes it ("Connection rate limit exceeded").
    return remember(labels, problem, after, after.charAt(0).toUpperCase() + after.slice(1) + ' limit exceeded', 'limit exceeded');
  }
  return SMTPD_FIXED.get(problem) ?? null;
}

/** The label of a postscreen action, or null when it is no verdict against the client. */
export function postscreenLabel(action: string): string | null {
  return POSTSCREEN_LABELS.get(action) ?? null;
}

/** Keeps a new label, as copies: `stage` is a slice of its line, and a label made from it points into it too. */
function remember(labels: ProblemLabels, problem: string, stage: string, label: string, overflow: string): string {
  let stages = labels.byProblem.get(problem);
  if (stages === undefined) {
    stages = new Map();
    labels.byProblem.set(problem, stages);
  }
  if (stages.size >= MAX_STAGES) return overflow;
  const kept = ownString(label);
  stages.set(ownString(stage), kept);
  return kept;
}

/** Counts `n` problems of kind `label` for an IP. */
export function addSessionProblem(ip: ClientIpStats, label: string, n: number): void {
  ip.sessionProblems = addProblem(ip.sessionProblems, label, n);
}

function addProblem(x: ProblemCounts | null, label: string, n: number): ProblemCounts {
  if (x === null) return [label, n];
  for (let i = 0; i < x.length; i += 2) {
    if (x[i] === label) {
      x[i + 1] = (x[i + 1] as number) + n;
      return x;
    }
  }
  return x.concat(label, n);
}

/** b's counts added to a's (b is consumed): kinds in a's order, then b's new ones. */
export function mergeSessionProblems(a: ProblemCounts | null, b: ProblemCounts | null): ProblemCounts | null {
  if (b === null) return a;
  if (a === null) return b;
  let into = a;
  for (let i = 0; i < b.length; i += 2) into = addProblem(into, b[i] as string, b[i + 1] as number);
  return into;
}

/** An IP's problems by kind (empty when it had none). */
export function sessionProblemsOf(ip: ClientIpStats): ReadonlyMap<string, number> {
  const out = new Map<string, number>();
  const x = ip.sessionProblems;
  if (x !== null) for (let i = 0; i < x.length; i += 2) out.set(x[i] as string, x[i + 1] as number);
  return out;
}

/** All of an IP's problems. */
export function sessionProblemCount(ip: ClientIpStats): number {
  const x = ip.sessionProblems;
  let n = 0;
  if (x !== null) for (let i = 1; i < x.length; i += 2) n += x[i] as number;
  return n;
}

/** Bound of shareLabels' map (it lives as long as the process): far more than Postfix's labels. */
const MAX_SHARED_LABELS = 4096;

/**
 * The same labels as one string each, shared by every row: rows that crossed the worker wire came with their own
 * copies (v8 serialization writes a string every time it meets it). `labels` maps a label to its kept copy.
 */
export function shareLabels(x: ProblemCounts | null, labels: Map<string, string>): ProblemCounts | null {
  if (x === null) return null;
  for (let i = 0; i < x.length; i += 2) {
    const s = x[i] as string;
    const had = labels.get(s);
    if (had !== undefined) x[i] = had;
    else if (labels.size < MAX_SHARED_LABELS) labels.set(s, s);
  }
  return x;
}
