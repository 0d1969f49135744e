// compare.json: the comparison of two runs (before and after a fix). Like report.json it is the model every compare
// renderer reads (Markdown, HTML, charts are pure functions of it), and `analyze --baseline` embeds it in the report
// as `report.comparison`. It is built from two report models only: compare never re-reads logs.

import type { Finding, Severity } from '../types.js';
import type { Period } from '../report/model.js';
import type { Lang } from '../i18n/index.js';

/** Bumped on any incompatible change of this file's shape (independent of the report schema). */
import type { NewRefusal } from './new-refusals.js';
import type { AuthOffOnPort25 } from './auth-off-port25.js';

export const COMPARISON_VERSION = 1;

export interface ComparedSide {
  /** What was given on the command line: a report.json (or its directory), or the log files analyzed in-process. */
  source: { kind: 'report' | 'logs'; paths: string[] };
  /** The report's own input files, in its order: `examples[].file` of this side's findings index this list. */
  inputs: string[];
  hosts: string[];
  period: Period;
  /** Hours the rates are computed over: the period's length, at least 1 (a one-line log is not an instant rate). */
  rateHours: number;
  lines: number;
  findings: number;
  toolVersion: string;
  /** The report's tool.commit and tool.modified (the build that made it); absent when it names none. */
  toolCommit?: string;
  toolModified?: true;
  top: number;
}

export type MeasureKind = 'count' | 'ratio' | 'level';

/** One line of the side-by-side totals. */
export interface MeasureRow {
  id: string;
  label: string;
  /** count: events over the period (compared as rates); ratio: a percentage; level: a state at the end of the log. */
  kind: MeasureKind;
  before: number;
  after: number;
  /** after − before (totals; percentage points for a ratio). */
  delta: number;
  /** Rates over each period's rateHours (counts only; null otherwise). */
  beforePerHour: number | null;
  afterPerHour: number | null;
  beforePerDay: number | null;
  afterPerDay: number | null;
  /** Change in percent of the rate (count) or of the value (level); null for a ratio or when before is 0. */
  changePct: number | null;
}

/**
 * resolved: fired before, not after. reduced: fires in both runs, its rate at least 10% lower. persisting: fires in
 * both runs, not reduced (the change says by how much). new: fires only after.
 */
export type FindingStatus = 'resolved' | 'reduced' | 'persisting' | 'new';

/** The number a finding is compared by (its rule's main evidence number), before and after. */
export interface FindingMeasure {
  /** The evidence field read ("impact" when the rule has no better one). */
  field: string;
  label: string;
  /** count: compared per hour of each period; level: a state at the end of the log, compared as is. */
  kind: 'count' | 'level';
  before: number;
  after: number;
  beforePerHour: number | null;
  afterPerHour: number | null;
  /** Change in percent (per-hour rate for a count, value for a level); null when before is 0. */
  changePct: number | null;
  /**
   * A resolved finding only (null otherwise): the same number as the after report's own tables count it, although the
   * rule did not fire there (samples/after-fix.log: 5 "Relay access denied" rejects, below relay-probing's threshold
   * of 10). `count` 0: none after; null: the after report does not say (no table holds it, or the key is missing
   * from a table cut at --top); `atLeast`: read from a table cut at --top, which may hide more. `from`: where it was read.
   * `sameRate`: that count is the same thing the rule counts (RATE_COMPARABLE in match.ts), at least 10, and its rate
   * per hour is not REDUCED_PCT lower than before: the rule did not fire only because the after log is short (review
   * 16, C4: a brute force going on at 12.8 an hour after 12.0 before, in a 2-hour log, read "Fixed"). The headline
   * then says "Unclear"; --fail-on persisting does not count it (that count holds the users' typos too).
   */
  afterWithoutFinding: {
    count: number | null; perHour: number | null; atLeast: boolean; from: string; sameRate: boolean;
    /** The after run has a finding of the rule, but of other compromised accounts: a new one (review 19, L6; count null). */
    otherCause?: true;
    /** receivers-refusing's refusals after were not counted (Residual.uncounted): 'older' report, 'cut' tables (review AH, AH2). */
    uncounted?: 'older' | 'cut';
    /**
     * The after log is too short to show that the abuse stopped (review AB, F6): shorter than the longest pause of the
     * before finding's events (`pauseHours`, whole hours at 0 in its rule's hourly series between its first and last
     * event: compare/rhythm.ts; null when the before report does not say), or at the before rate it would hold fewer
     * than a handful of them (`expected`, rounded to one decimal). `afterHours`: the after period the rates use. The
     * finding reads "Unclear", not "Fixed", and the headline says "Unclear"; --fail-on does not count it.
     */
    tooShort?: { afterHours: number; pauseHours: number | null; expected: number };
  } | null;
  /**
   * What of the before run's own abuse is still there after, told by the before finding's lists (review 19): the
   * queue IDs of its queue-delete.txt still queued at the end of the after log (`queue-ids`), or the IPs of its
   * compromised-ips.txt still sending as the account (`intruder-ips`, `messages`: what those IPs submitted, all
   * accounts' when an IP is shared). `count` of `of`; `atLeast`: read from a table cut at --top. Such a finding
   * persists whatever its rule did after. Absent when the before finding has no such list or nothing is left.
   */
  carriedOver?: CarriedOver;
  /**
   * The before finding's own abuse still going on after below its rule's threshold (still-going-on.ts): the IPs of its
   * list still failing logins or still probing, its messages still queued. A finding with `count` above 0 is not
   * resolved (nor "down to the background"): status persisting, shown as "Below the threshold (still going on)" in a
   * section of its own, counted in verdict.counts.stillGoingOn and by --fail-on persisting. Absent when not checked
   * (its rule has no such check, the before run names nothing) or nothing was found and nothing is left unknown
   * (`count` 0 with `unknown`: the finding keeps its status, and its verdict says what is not known).
   */
  stillGoingOn?: StillGoingOn;
}

/** One item of StillGoingOn: an IP (or a queue ID) and what it did after; `events` null: found, count not known. */
export interface StillGoingOnItem { key: string; events: number | null }

/**
 * `same-ips`: `count` of the `of` IPs the before finding named (`list`: blocklist-ips.txt, or its evidence topAttackingIps
 * or topIps) still at it after, with `events` failed logins (relay-probing: rejects) between them; `queued`: `count` of
 * the `of` messages still queued at the end of the before log are still queued at the end of the after log (`events`:
 * their deferrals there); `bounces` (backscatter, `list` "totals"): `count` of the `of` kinds of bounce the before
 * finding was made of are still made after, `items` keyed by the before finding's evidence key (bouncesBouncedThemselves:
 * notifications to outside addresses that could not be delivered either; acceptedThenBounced; devNullDeliveries),
 * `events` the after report's totals of them. `atLeast`: some counts are not known (an IP found only in a list).
 * `items`: the first 10, most first.
 */
export interface StillGoingOn {
  kind: 'same-ips' | 'queued' | 'bounces';
  list: string;
  count: number;
  of: number;
  events: number;
  atLeast: boolean;
  items: StillGoingOnItem[];
  /**
   * `same-ips` from an after report (not a log) whose client-IP tables, cut at --top (`top`), may leave out IPs that
   * failed logins (or were refused) after: `ips` of the `of` IPs are in none of its rows nor lists, and whether they are
   * still at it is not known. Absent when every IP could be told (the after log itself, analyzed here, or uncut tables).
   */
  unknown?: { ips: number; top: number };
  /**
   * `same-ips` from an after report holding every client IP (clientIpIndex complete, or tables not cut): how many of the
   * `of` IPs connected (or failed a login) after at all; the others did not (review AK, AK7/AK8 follow-up: "none of the
   * 8 IPs the before run named connected after"). Absent otherwise (a log side, an older or cut report).
   */
  connected?: number;
}

/**
 * intruder-ips (review AK, AK2 and AK3): the IPs of compromised-ips.txt that connect or fail logins after the fix,
 * without sending as the account or logging in to it (compare/intruders-still-trying.ts): `count` of them (`atLeast`:
 * read from an after report of an older version, whose client-IP tables are cut at --top), the first
 * STILL_TRYING_SHOWN (most failed logins first), of them `failing` with `failedLogins` failed logins (SMTP AUTH,
 * IMAP/POP3), and the users they tried (the first 5, tried by most of them first; `usersTried` in all).
 */
export interface IntrudersStillTrying {
  count: number; atLeast: boolean; ips: string[]; failing: number; failedLogins: number; users: string[]; usersTried: number;
}

export interface CarriedOver {
  kind: 'queue-ids' | 'intruder-ips'; count: number; of: number; atLeast: boolean; messages?: number;
  /**
   * intruder-ips (review P, P3): `count` is the IPs of compromised-ips.txt seen after either way; `sending` of them
   * still submit mail as the account (byClientIp), and `mailbox` says which log in to its mailbox over IMAP/POP3
   * (the after report's mailboxLoginsByUser), or why that could not be checked. Absent in older files.
   */
  sending?: number;
  mailbox?: MailboxIntruders;
  /**
   * intruder-ips (review Q, Q9): of the IPs found by their mailbox logins, those that neither send as the account nor
   * failed a login after the fix (as far as the after report's byClientIp shows): the log cannot tell them from the
   * owner's own devices (a phone on a carrier's shared address first seen after the guess is listed too). The finding
   * still persists; the verdict names them "to check with the owner".
   */
  toCheck?: string[];
  /**
   * Of toCheck, the IPs the after report's tables of client IPs (cut at --top) do not hold, nor its findings' lists of
   * IPs that failed logins: whether they failed a login after the fix is not known (review S, S13). Absent when none.
   */
  toCheckUnknown?: string[];
  /**
   * intruder-ips (review AK, AK2 and AK3): of the IPs of compromised-ips.txt, those still connecting or failing logins
   * after, not counted in `count` (they neither send as the account nor log in): the new password holds, their block
   * is not in place. A note: the finding's status does not change for it. Absent when none (and in older files).
   */
  stillTrying?: IntrudersStillTrying;
  /**
   * intruder-ips: the before finding names no intruder IP to check, so neither the account's mail nor its mailbox
   * logins after were checked against them; `count` and `of` 0. `no-list`: a redacted before report made by an older
   * version, which left compromised-ips.txt out (since review R, R5 a redacted report keeps it as pseudonyms,
   * `findings[].pseudonymLists`, and the check is made); `none-listed`: the finding lists no IP of its own (every IP
   * that used the account since the guess is also another user's, or this server's).
   */
  unchecked?: 'no-list' | 'none-listed';
  /**
   * intruder-ips (review AB, F2): whether the intruder IPs still send as the account could not be told: the after
   * report's byClientIp is cut at --top and the account's bySaslUser row does not list all its client IPs (or the
   * account is past --top in it). None found then says nothing: the finding is not "fixed, no sign of someone else".
   */
  sendingUnknown?: true;
  /**
   * intruder-ips (review AB, F7): IPs that send as the account after and that the before run knew neither as the
   * owner's (the finding's firstOwnerIps) nor as the intruder's, and that are neither other users' (byClientIp
   * saslUsers) nor this server's nor allowed: `count` of them, the first MAILBOX_INTRUDERS_SHOWN sorted, and their
   * messages (null when one of them is past byClientIp's rows, or shares its row with another user). The verdict
   * names them "to check with the owner", never "no sign of someone else"; the headline says "Unclear". Absent: none.
   */
  newSenders?: { count: number; ips: string[]; messages: number | null; owners?: OwnersKnown };
  /**
   * intruder-ips (review AB, F7): the before report names only some of the owner's IPs (the finding its first 5, the
   * Client IPs table those within --top; review AE/AB rest), and the after table is cut too, so whether the account's
   * IPs after are the owner's could not be told: no "no sign of someone else". Absent otherwise.
   */
  ownersUnknown?: true;
}

/**
 * How many of the owner's IPs the before report names (`known`: the finding's firstOwnerIps and the before report's
 * byClientIp rows with the role "owner-client" that name the account) of the `of` the finding counts (its ownerIps),
 * when that is fewer: the IPs of newSenders may be the owner's others, which the before report does not name.
 */
export interface OwnersKnown {
  known: number;
  of: number;
}

/** One intruder IP's IMAP/POP3 logins to the account's mailbox in the after run. */
/**
 * `logins` and `protocol` null: the IP is in the user's compact list of the after report (`ips`) without a detailed row
 * (the user is past --top in that table): at least one login. `protocol` is its first login's; `protocols` its logins
 * per protocol, most first (review U, U3), absent when the after report is older than review U.
 */
export interface MailboxIntruder {
  ip: string; logins: number | null; protocol: string | null; protocols?: Record<string, number>; firstAt: string | null; lastAt: string | null;
}

/**
 * The before run's intruder IPs that log in to the account's mailbox after: `count` IPs and their `logins` (exact, or
 * a lower bound when `atLeast`: the after report lists only some of the user's IPs), the first MAILBOX_INTRUDERS_SHOWN
 * by logins in `ips`; or not checked: the after report has no mailboxLoginsByUser ('no-table', an older version) or
 * its cut at --top hides what is asked ('cut').
 */
export type MailboxIntruders =
  | { checked: true; count: number; logins: number; atLeast: boolean; loginsAtLeast?: true; ips: MailboxIntruder[] }
  | { checked: false; why: MailboxUnchecked };

/**
 * Why the mailbox logins were not checked: 'no-table' (an older after report), 'cut' (an after report before review Q,
 * cut at --top), 'capped' (the account logged in from more IPs than the after report keeps, 1,000), 'no-dovecot' (the
 * after log has no Dovecot login at all, successful or failed, by anyone: Dovecot's own log file was not given; review S, S2).
 */
export type MailboxUnchecked = 'no-table' | 'cut' | 'capped' | 'no-dovecot';

export interface FindingMatch {
  status: FindingStatus;
  rule: string;
  /** subject: same rule and subject; rule: same rule, subject that changes naturally (IP lists, counts); null: unmatched. */
  matchedBy: 'subject' | 'rule' | null;
  severity: { before: Severity | null; after: Severity | null };
  measure: FindingMeasure;
  /**
   * A reduced finding whose severity fell to its rule's background (review 19, H1): a sasl-bruteforce that was critical
   * because a guesser logged in, and is high after (guessing that got nowhere, every public server's weather). Its
   * rate goes up and down with the day; the headline names it apart, and `--fail-on persisting` does not count it.
   */
  background?: true;
  /**
   * A new finding that is a low (or info) note of the rule, and subject, of a finding the fix resolved (review 19, H4):
   * a phone with the old password after the password change, the sender_login line that reject_sender_login_mismatch
   * asks for. Named apart in the headline ("follow-up note"), never "Attention"; `--fail-on new` does not count it.
   */
  followUp?: true;
  /**
   * A resolved finding whose after run still shows someone else at work (review P): a new finding of its rule and
   * subject that is no follow-up note (the account used again from new IPs, a low note: P2), or, for
   * compromised-account, a brute force after that says a guesser logged in (P1). Its after side then says only "below
   * the rule's threshold", not that nobody else is at work.
   */
  othersAfter?: true;
  /** The one-line verdict shown at the top of the comparison. */
  verdict: string;
  before: Finding | null;
  after: Finding | null;
}

export interface MoverRow {
  key: string;
  /** The DSN of a deferral reason, the codes of a deferral cause (receiver's reply codes or DSNs); empty otherwise. */
  detail: string;
  before: number;
  after: number;
  beforePerDay: number;
  afterPerDay: number;
  changePerDay: number;
  status: 'new' | 'gone' | 'up' | 'down';
  /** The key is missing from one side's table and that table was cut at --top: its count there is unknown (0 here). */
  approximate: boolean;
}

export interface MoverTable {
  /** deferralCauses: the deferrals by receiver and cause; deferralReasons when either report has no causes (older versions). */
  id: 'saslUsers' | 'clientIps' | 'senders' | 'localPrograms' | 'recipientDomains' | 'deferralCauses' | 'deferralReasons';
  title: string;
  /** What is counted, e.g. "messages submitted". */
  metric: string;
  rows: MoverRow[];
}

/** One hour of a period, numbered from the period's first hour (the overlay charts' relative axis). */
export interface OverlayHour {
  /** Hours since the start of the period's first hour. */
  h: number;
  hour: string;
  received: number;
  sent: number;
  deferred: number;
  bounced: number;
  rejected: number;
  authFailures: number;
  queueSize: number;
  /**
   * Recipients delivered of the messages that arrived in the hour (report hourly[].deliveredByArrival), and of those
   * the compromised accounts' mail since the guess (compromisedDeliveredByArrival): the delivered chart draws the
   * legitimate delivery with them. null: the report was made by a version without these series.
   */
  deliveredByArrival: number | null;
  compromisedDelivered: number | null;
}

/**
 * The mail of an account that a compromised-account finding of one run names, left out of that run's "legitimate"
 * mail flow: what the account sent since it was guessed (the finding's evidence), or over the whole log when the
 * finding does not say (then from the account's bySaslUser row, or the finding's `messages` and `sent`).
 */
export interface CompromisedMail {
  user: string;
  /** The finding's firstAt (when the account was guessed); null when the whole log's mail of the account is left out. */
  since: string | null;
  /** Messages submitted as the account (part of totals.received). */
  messages: number;
  /** Their recipients delivered (part of totals.delivered). */
  delivered: number;
  /**
   * Recipients delivered of the bounce notices that answer that mail (the finding's bounceNoticesDeliveredSinceGuessed:
   * backscatter to its forged senders; part of totals.delivered too); 0 when the report does not say.
   */
  bounceNotices: number;
}

/**
 * How the two periods lie in time. after-later: the after period starts at or after the end of the before period
 * (as it should); after-older: it ends at or before the start of the before period (swapped sides?); overlapping:
 * they share time (same: identical periods); unknown: a period without times.
 */
export type PeriodOrder = 'after-later' | 'after-older' | 'overlapping' | 'same' | 'unknown';

/**
 * A side that cannot be compared (compare.ts sideChecks): no dated Postfix/Dovecot line at all (an empty log, just
 * rotated; a file of another kind), or an input it mostly did not understand (another log format, a .zip). Every
 * finding of the other run would read "resolved" against it: the headline says that nothing can be compared instead.
 */
export interface UnusableSide {
  side: 'before' | 'after';
  reason: 'no-mail-lines' | 'not-understood';
  /** The warning shown first in the verdict. */
  note: string;
}

/** What is checked before the two runs are read as a fix, shown first in the verdict (before the order note). */
export interface SideChecks {
  /** Sides that cannot be compared: the headline says so, and `--fail-on` exits 2, never 0. */
  unusable: UnusableSide[];
  /** The warning when the two runs share no host (two different servers?), else null. */
  hosts: string | null;
  /**
   * The warning when one run's times carry a UTC offset and the other's do not (classic syslog): the periods are
   * compared as written and an after log is not cut at the end of the before period (review 10, M2); else null.
   */
  zones: string | null;
  /**
   * The warning when the before side is a report of an older version of a log whose UTC offsets change (a DST change:
   * `period.timezone` "local", its `zones` two or more offsets and no "local"): its times are wall clocks as written, so
   * the end of the before period, and the after log's cut at it, may be off by the change (review W, W4); else null.
   * Absent in a comparison written before it existed.
   */
  olderBefore?: string | null;
  /**
   * The note when the after side was analyzed from a time on (report.since: compare cut an after log that starts
   * inside the before period at its end, or analyze --since), else null.
   */
  cut: string | null;
  /**
   * The warning when the two runs were made with different detection options (report.options.detection: allow-lists,
   * threshold overrides, a queue dump; review 19, M4), else null; absent in a comparison written before it existed.
   */
  options?: string | null;
  /**
   * The note when the after side, analyzed from a time on (cut), holds a bulk `postsuper -d` whose messages it cannot
   * name (they began before the cut) while the before run left messages queued, legitimate ones among them (review 19,
   * M3: the purge that was the fix also deleted 4 messages of tanaka@ and takahashi@); else null. Absent in older files.
   */
  purge?: string | null;
  /**
   * The note when the two reports come from different builds (review AB, F5: other versions, other commits of one
   * version, or one naming no commit); null otherwise and for two log sides; absent in older files.
   */
  versions?: string | null;
  /**
   * The note when a side report is in another language than the comparison (review AB, F10): its finding titles and
   * subjects appear as it wrote them; null otherwise; absent in older files.
   */
  languages?: string | null;
  /** Each report's own warnings (report.json `warnings`), shown in the verdict under the checks. */
  warnings: { before: string[]; after: string[] };
}

export interface Comparison {
  comparisonVersion: number;
  /** The report schema both sides share. */
  reportSchemaVersion: number;
  /** This build (the one that compared): version, and its git commit when it has one (report.json's tool). */
  tool: { name: string; version: string; commit?: string; modified?: true };
  /** The language of the texts (headline, notes, labels, verdicts) when it is not English (`--lang ja`); absent: English. */
  lang?: Lang;
  before: ComparedSide;
  after: ComparedSide;
  /** Periods rarely have the same length: says so, and that rates are compared as well as totals. */
  rates: { sameLength: boolean; note: string };
  /** The shared redaction of both sides (same key fingerprint), or null when neither is redacted. */
  redaction: { keyFingerprint: string; domains: boolean } | null;
  /**
   * The order of the periods; `note` is the warning (after-older) or note (overlapping, same) shown first in the
   * verdict, null otherwise. An after-older comparison's headline starts with "Check the order", never "Fixed".
   */
  order: { relation: PeriodOrder; overlapHours: number; note: string | null };
  checks: SideChecks;
  /**
   * `counts`: findings per status; `background` and `followUp` (review 19) say how many of the reduced and of the new
   * ones are findings at their rule's background and follow-up notes, `stillGoingOn` how many of the persisting ones
   * are below their rule's threshold but still going on (FindingMeasure.stillGoingOn); each present when not 0.
   */
  verdict: {
    /**
     * One per status (`resolved` counts every finding of the before run gone after, as since the first version), and
     * within them, only when above 0: `background` (reduced), `stillGoingOn` (persisting), `followUp` (new), and
     * `unclear` (resolved, but its verdict reads "Unclear": compare/unclear.ts; review AK, AK1): fixed = resolved − unclear.
     */
    headline: string; mailFlow: string; counts: Record<FindingStatus, number> & { background?: number; followUp?: number; stillGoingOn?: number; unclear?: number };
    /**
     * The receivers' refusal classes of the after run the before run had not, below receivers-refusing's threshold
     * or not (compare/new-refusals.ts), and their line ("New after: …"); absent when there are none.
     */
    newRefusals?: { items: NewRefusal[]; text: string };
    /** AUTH refused on port 25 after (compare/auth-off-port25.ts; review AL, AL1); absent when none. */
    authOffOnPort25?: AuthOffOnPort25 & { text: string };
  };
  /** Per side, the compromised accounts' mail left out of the "compromised accounts left out" totals and mail flow. */
  compromisedMail: { before: CompromisedMail[]; after: CompromisedMail[] };
  /** The before run's findings in its order (matched or resolved), then the new ones in the after run's order. */
  findings: FindingMatch[];
  totals: MeasureRow[];
  movers: MoverTable[];
  hourly: { before: OverlayHour[]; after: OverlayHour[] };
  /**
   * The same rows by the minute (`h`: minutes since the period's first minute, `hour`: the minute), when both reports
   * list their minutes (report.json minutely[], a log of at most 12 hours): the overlay charts draw two short logs by
   * the minute. Absent when either does not (a longer log, or a report made by an older version).
   */
  minutely?: { before: OverlayHour[]; after: OverlayHour[] };
}
