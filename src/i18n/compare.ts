// The words of the comparison (`compare`, and the "Compared with the baseline" section of `analyze --baseline`): one
// catalog per language (compare-en.ts, compare-ja.ts), typed by `CompareMessages` like the report's (index.ts), so a
// text missing from one language is a compile error. The comparison is built in one language (compare.json holds its
// texts, and `lang` when it is not English); its renderers take the catalog of that language.
//
// What stays as it is in every language: compare.json keys, rule ids, subject values, evidence keys and values, and
// the finding titles (each report's own, in its language).

import type { Lang } from './index.js';
import type { RefusalKind } from '../detect/refusal-kinds.js';
import type { Severity } from '../types.js';
import type { EvidenceUnit } from './evidence-labels.js';
import type { IntrudersStillTrying, MailboxUnchecked } from '../compare/model.js';
import { compareEn } from './compare-en.js';
import { compareJa } from './compare-ja.js';

export type CompareStatus = 'resolved' | 'reduced' | 'persisting' | 'new';
export type CompareSide = 'before' | 'after';
/**
 * The sections of findings: one per status, the persisting ones below their threshold but still going on apart, and the
 * resolved ones whose verdict reads "Unclear" apart (compare/unclear.ts; review AK, AK1).
 */
export type CompareGroup = CompareStatus | 'stillGoingOn' | 'unclear';
export type CompareMeasureId = 'received' | 'delivered' | 'deferred' | 'deferredMessages' | 'bounced' | 'bounceRate' | 'rejected'
  | 'authFailures' | 'dovecotLoginFailures' | 'stillQueued';
export type CompareMoverId = 'saslUsers' | 'clientIps' | 'senders' | 'localPrograms' | 'recipientDomains' | 'deferralCauses' | 'deferralReasons';
/** The rules a finding is compared by a number of their own (match.ts); any other rule: `impact`. */
export type CompareRuleMeasure = 'compromised-account' | 'sasl-bruteforce' | 'queue-flood' | 'queue-cleanup' | 'queue-deleted'
  | 'receivers-refusing' | 'backscatter' | 'relay-probing' | 'open-relay' | 'outbound-port-blocked' | 'server-trouble' | 'impact';

/** A period as text: its first and last line ("2026-11-25 06:26:21"). */
export interface SpanText { from: string; to: string }

/** What the headline sums up (compare.ts headline). */
export interface HeadlineParts {
  counts: Record<CompareStatus, number>;
  /**
   * The reduced findings: rule and how much lower their rate is, in whole percent (44 for -44%); `pct` null when only
   * its severity dropped (`severity`: "critical → high").
   */
  reduced: Array<{ rule: string; pct: number | null; severity?: string }>;
  /** Rules of the new findings, in order. */
  added: string[];
  /** Every finding of the before run fires at the same rate and none is new. */
  unchanged: boolean;
  /** The after log is older than the before log: the headline says "Check the order", never "Fixed". */
  reversed: boolean;
  /**
   * The two periods overlap, and the after side was not cut (a report, or a log that cannot be placed against the
   * before one): the hours of the overlap, whose lines are counted on both sides. The headline says "Check the
   * periods" first, never "Fixed" or "Not fixed" alone (review AB, F3). Absent otherwise.
   */
  overlapHours?: number;
  /**
   * Rules of the resolved findings whose count after goes on at the same rate, below the rule's threshold only in a
   * shorter log (FindingMeasure.afterWithoutFinding.sameRate): never "Fixed" then. `afterHours`: the after period.
   */
  sameRate: string[];
  afterHours: string;
  /**
   * Rules of the resolved findings whose after log is too short to show that their abuse stopped (review AB, F6:
   * FindingMeasure.afterWithoutFinding.tooShort): never "Fixed" then, "Unclear". Absent: none.
   */
  tooShort?: string[];
  /** Rules of the resolved findings whose account sends from IPs the before run did not know after (review AB, F7): "Unclear". */
  newSenders?: string[];
  /**
   * Of the reduced findings, those down to their rule's background (FindingMatch.background: a brute force that got a
   * login before, none after): rule and failed logins per hour before and after, formatted. Not in `reduced`.
   */
  /**
   * `targeted`: the real account the after run's background guessing goes for (review AL, AL2: detect/targeted-account.ts),
   * its failed logins of the after finding's `of`; then the headline does not call it "the usual guessing".
   */
  background: Array<{ rule: string; before: string; after: string; targeted?: { name: string; failures: number; of: number } }>;
  /** Of the new findings, the rules of the follow-up notes (FindingMatch.followUp). Not in `added`. */
  followUp: string[];
  /**
   * Of the persisting findings, those below their rule's threshold whose before run's own IPs or messages are still at
   * it after (FindingMeasure.stillGoingOn), as StillGoingOnParts without the items; counted in `counts.persisting`.
   */
  stillGoingOn?: Array<Omit<StillGoingOnParts, 'amount' | 'finding' | 'items' | 'more'> & { name: string; items?: StillGoingOnParts['items'] }>;
  /**
   * Rules of the resolved findings whose check against the before run's intruder IPs could not be made (review Q, Q8,
   * Q11: intrudersUnchecked): never "Fixed" then, "Unclear".
   */
  unchecked?: string[];
  /**
   * Review AK, AK3 (follow-up): the IPs of the before run's compromised-ips.txt that still connect after, whatever the
   * finding's status (CarriedOver.count, those using the account, plus .stillTrying, the others): a firewall block the
   * user must still make. Summed over the compromised-account findings; `atLeast`: a lower bound. Absent: none.
   */
  intrudersConnecting?: { count: number; of: number; atLeast: boolean };
}

/**
 * One of them: its logins, the protocol of the first and, from review U's after reports on, its logins per protocol
 * (most first: an IP whose first session was IMAP and which then pulled the mailbox over POP3 is named with both).
 */
export interface MailboxNoteIp { ip: string; logins: number | null; protocol: string | null; protocols?: Record<string, number>; first: string | null }

/** The before run's intruder IPs that log in to the account's mailbox after (CarriedOver.mailbox), as a verdict names them. */
export type MailboxNote =
  | { checked: true; count: number; logins: number; atLeast: boolean; loginsAtLeast?: true; ips: MailboxNoteIp[] }
  | { checked: false; why: MailboxUnchecked };

/**
 * The after side of a finding below its rule's threshold but still going on (FindingMeasure.stillGoingOn): `rule` its
 * id; `amount` its number after as amount() writes it; `finding`: the after run has a finding of it (background
 * guessing); `count` of the `of` IPs (`same-ips`, from `list`) or queued messages (`queued`) still at it, with `events`
 * failed logins, rejects or deferrals (formatted; a lower bound with `atLeast`); `items` the first few, `more` the rest.
 */
export interface StillGoingOnParts {
  rule: string; kind: 'same-ips' | 'queued' | 'bounces'; list: string; amount: string; finding: boolean;
  count: number; of: number; events: number; atLeast: boolean; items: Array<{ key: string; events: number | null }>; more: number;
}

/** What else a finding's status says (review 19): see FindingMatch.background, .followUp and FindingMeasure.carriedOver. */
export interface StatusExtras {
  /** Persisting below its rule's threshold, the before run's own IPs or messages still at it (FindingMeasure.stillGoingOn). */
  stillGoingOn?: boolean;
  background?: boolean;
  followUp?: boolean;
  /** Persisting because the before run's own abuse is still there, though the rule did not fire after. */
  carried?: 'queue-ids' | 'intruder-ips' | null;
  severity?: { before: Severity | null; after: Severity | null };
  /** Reduced because its severity dropped, not its rate (review 19, H1). */
  bySeverity?: boolean;
  /** Resolved, but not checked against the before run's intruder IPs (match.ts intrudersUnchecked): "Unclear", not "Fixed" (review AK, AK1). */
  intrudersUnchecked?: boolean;
}

/** The mail-flow line: rates per day are formatted numbers ("162", "66.2"); the bounce rate is in percent. */
export interface MailFlowParts {
  received: Record<CompareSide, string>;
  delivered: Record<CompareSide, string>;
  bounceRate: Record<CompareSide, number>;
  stillQueued: Record<CompareSide, number>;
  /** When a run has a compromised-account finding: the rates without the accounts' mail, and what each run left out. */
  leftOut: null | {
    received: Record<CompareSide, string>;
    delivered: Record<CompareSide, string>;
    /** `bounceNotices`: recipients delivered of the bounce notices answering that mail, left out too. */
    sides: Array<{ side: CompareSide; users: string[]; messages: number; delivered: number; bounceNotices: number; sinceGuessed: boolean }>;
  };
  /**
   * Spam relayed without a login (open-relay findings, high or critical: a hacked web form's `mail uid=33`), which is
   * not left out of the counts: per side, its sources and relayed recipients (review 19, M2). Absent or empty: none.
   */
  relayedSpam?: Array<{ side: CompareSide; sources: string[]; recipients: number }>;
  /** Each period's length in hours: one under an hour counts as one, and the line says its rates per day are 24 times its counts (review AK, AK11). */
  periodHours?: Record<CompareSide, number>;
}

/** The overlay charts (compare/charts.ts): a title, a description under it, and the note drawn when it is empty. */
export interface OverlayChartCopy { title: string; description(unit: ChartUnit): string; empty: string }
/**
 * The time unit of the overlay charts: hours, or minutes when both reports list their minutes (report.json
 * minutely[], a log of at most 12 hours): two 10-minute logs were one point each by the hour.
 */
export type ChartUnit = 'hour' | 'minute';

/** Lines the after log's cut left out that are from before the before run's --since (afterCut). */
export interface Uncounted { since: string; lines: number | null; atLeast: boolean }

export interface CompareMessages {
  lang: Lang;
  /** --title when none is given. */
  defaultTitle: string;
  /** "before" and "after" as a word in a sentence or a table cell. */
  side: Record<CompareSide, string>;
  /** Both reports pseudonymized with one key (fingerprint: Markdown or HTML code already). */
  redaction(domains: boolean, fingerprint: string): string;
  /**
   * compare's refusal of two redacted sides whose pseudonyms have different lengths (review AE, L7: 8 hex digits before
   * `redaction.pseudonymHexDigits`, 12 since): no name matches, so every user would show as new and gone.
   */
  redactionSchemes(t: { beforeName: string; afterName: string; beforeDigits: number; afterDigits: number }): string;

  // ---- Texts of the comparison model (compare.json) ----
  measures: Record<CompareMeasureId, string>;
  /** The "compromised accounts left out" row of a measure, from its label. */
  leftOut(label: string): string;
  ruleMeasures: Record<CompareRuleMeasure, string>;
  movers: Record<CompareMoverId, { title: string; metric: string }>;
  /** How the two periods are compared: `shortPeriod` when one is shorter than an hour. */
  ratesNote(p: { sameLength: boolean; before: number; after: number; shortPeriod: boolean }): string;
  /** The after period ends at (`touching`) or before the start of the before one. */
  /**
   * `nextYear`: the after side is a log of classic stamps (no year) after a before report, and one year later it would
   * follow the before period (review 19, L2): the year to give with --year, which is then the after log's own.
   */
  orderAfterOlder(p: { before: SpanText; after: SpanText; touching: boolean; nextYear?: number }): string;
  orderSame(p: { before: SpanText }): string;
  /**
   * `hours`: how long they overlap; `afterFirst`: the after period starts first (and ends first: swapped?); `holds`: the
   * after period holds the whole before period and more.
   */
  orderOverlapping(p: { hours: number; before: SpanText; after: SpanText; afterFirst: boolean; holds?: boolean }): string;
  /** Rules appear in `p` by their names (ruleName: "Password guessing"), not their ids (review Z, Z11). */
  headline(p: HeadlineParts): string;
  /**
   * A side that cannot be compared, shown first in the verdict: no dated Postfix/Dovecot line (`lines`: lines read),
   * or `path` mostly not understood (`unparsed` of `inputLines` lines). `source`: a log analyzed now or a report.
   */
  unusable(p: { side: CompareSide; source: 'report' | 'logs'; reason: 'no-mail-lines' | 'not-understood'; lines: number; path: string; unparsed: number; inputLines: number; since: string | null }): string;
  /** The headline when a side cannot be compared (instead of "Fixed" and the counts). */
  headlineUnusable(p: { sides: Array<{ side: CompareSide; source: 'report' | 'logs'; reason: 'no-mail-lines' | 'not-understood' }> }): string;
  /**
   * The after side was analyzed from `since` on (`lines`: Postfix/Dovecot lines before it, left out). `uncounted`: the
   * before run was made with --since (`uncounted.since`) and `uncounted.lines` of those lines (at least, with
   * `atLeast`; null: not known) are from before it, counted on neither side (review R, R7b); null otherwise.
   */
  afterCut(p: { since: string; lines: number; uncounted: Uncounted | null }): string;
  /**
   * The same, when those lines do not look like the before period's (compare/cut-lines.ts): of the `hours` hours of
   * the before period compared, `alike` have about as many lines on both sides; `beforeLines` and `afterLines` are
   * those hours' lines. `host`: the host name both runs share (another server of the same name?), null when none.
   */
  afterCutUnlike(p: { since: string; lines: number; uncounted: Uncounted | null; hours: number; alike: number; beforeLines: number; afterLines: number; host: string | null }): string;
  /**
   * The two runs were made with different detection options: each side's, as command-line options ("--allow-users
   * info@example.jp; --threshold compromised-account.minClientIps=20"), null for none.
   */
  optionsDiffer(p: { before: string | null; after: string | null }): string;
  /**
   * The after side, cut at the end of the before period, has a bulk `postsuper -d` of `deleted` messages it cannot
   * name, and the before run left `queued` messages queued, `legitimate` of them legitimate mail of `senders`.
   */
  purgeAfterCut(p: { deleted: number; queued: number; legitimate: number; senders: string[] }): string;
  /**
   * The two reports come from different builds of maillog-forensics (review AB, F5): each as buildText writes it
   * ("0.1.0 (commit 1a2b3c4d5e6f)"; "?" when the report names no version); `noCommit`: the sides that name no commit
   * (an older version, or a build made outside a git checkout).
   */
  versionsDiffer(p: { before: string; after: string; noCommit: CompareSide[] }): string;
  /** Side reports in another language than the comparison (review AB, F10): their finding titles and subjects stay in it. */
  languagesDiffer(p: { sides: Array<{ side: CompareSide; lang: string }> }): string;
  /** The two runs share no host (host names: as in the reports). */
  hostsDiffer(p: { before: string[]; after: string[] }): string;
  /** One run's times have a UTC offset, the other's not ("local"); `afterLogs`: the after side was analyzed here from logs (not cut). */
  zonesDiffer(p: { before: string; after: string; afterLogs: boolean }): string;
  /**
   * The before side is a report of an older version of a log whose UTC offsets change (`offsets`: "-04:00", "-05:00"),
   * its times wall clocks as written (review W, W4); `afterCut`: the after side was analyzed from a time on (compare cut
   * the after log at the end of the before period), else the order of the periods is what may be off.
   */
  olderBeforeOffsets(p: { offsets: string[]; afterCut: boolean }): string;
  mailFlow(p: MailFlowParts): string;
  /** "New after: unauthenticated mail (SPF/DKIM/DMARC) refusals (4) from Gmail." (compare/new-refusals.ts). */
  /** AUTH refused on port 25 after (review AL, AL1): beside the port-25 SASL failures before and after; `working` see AuthOffOnPort25. */
  authOffOnPort25(p: { failedBefore: number; failedAfter: number; refusedAfter: number; refusedIps: number; working: boolean }): string;
  newRefusals(items: ReadonlyArray<{ receiver: string; kind: RefusalKind; count: number }>): string;
  /**
   * "Fixed", "Reduced by 44%", "Still there, up 30% per hour", "New" … (a count's change is per hour, a level's is not):
   * the words of the tiles and the sections, one vocabulary everywhere (review Z, Z11).
   */
  status(status: CompareStatus, m: { kind: 'count' | 'level'; changePct: number | null; afterWithoutFinding?: { sameRate: boolean; tooShort?: unknown } | null; carriedOver?: { newSenders?: unknown } }, x?: StatusExtras): string;
  /** The number a rule's low note is compared by, when it is not its rule's (match.ts NOTE_MEASURES). */
  noteMeasures: Record<'failedLoginsFromIpsToCheck' | 'refusedSenders' | 'messagesFromOtherIps', string>;
  /**
   * The after side of a finding that persists because the before run's own abuse is still there (FindingMeasure.carriedOver):
   * `amount` is the after count as amount() writes it; `count` of `of` queue IDs still queued or intruder IPs still sending.
   */
  carriedAfter(p: {
    kind: 'queue-ids' | 'intruder-ips'; amount: string; count: number; of: number; atLeast: boolean; messages: number | null; finding: boolean;
    /**
     * intruder-ips (review P, P3): of `count`, the IPs still sending as the account (null: a comparison written before
     * mailbox logins were checked, where `count` is those), and the IPs that log in to its mailbox: their number,
     * logins, whether a lower bound, the first few (most logins first; `first` a local time to show), or why that was
     * not checked (MailboxIntruders).
     */
    sending?: number | null;
    mailbox?: MailboxNote | null;
    /** Review Q, Q9: the IPs found by their logins alone (no mail sent, no failed login after): perhaps the owner's own. */
    toCheck?: string[];
    /** Review S, S13: of toCheck, those whose failed logins after are not known (past the after report's --top rows). */
    toCheckUnknown?: string[];
    /** Review AK, AK3: the others of the list still connecting or failing logins (CarriedOver.stillTrying): a note to block them. */
    stillTrying?: IntrudersStillTrying;
  }): string;
  /** The after side of a finding below its rule's threshold but still going on ("…, but 4 of the 61 IPs … still fail logins"). */
  stillGoingOnAfter(p: StillGoingOnParts): string;
  /**
   * The after side (`after`, saying "after" itself when `complete`) followed by what the after report's client-IP
   * tables, cut at --top `top`, could not tell: whether `unknown` of the `of` IPs of the before finding's `list`
   * (`found` of them were found still at it) still fail logins (`rule` sasl-bruteforce) or are still refused.
   */
  ipsNotKnown(p: { after: string; complete: boolean; rule: string; list: string; of: number; found: number; unknown: number; top: number }): string;
  /** Review AK, AK7/AK8 follow-up: how many of the before run's IPs connected after at all, none of them still at it (StillGoingOn.connected). */
  ipsConnected(p: { after: string; complete: boolean; rule: string; list: string; of: number; connected: number }): string;
  /**
   * A finding's number and its rate: "304 (4.05 per hour)"; `perHour` null: no rate (a level). `unit`: what it counts,
   * for the Japanese counter ("304 通", "289 回"; review AP, AP7), as its evidence key's label says.
   */
  amount(value: number, perHour: string | null, unit?: EvidenceUnit): string;
  /**
   * The after side of a resolved finding: the after report's count of its number (null: it cannot say; 0: none),
   * its rate, and whether it is a lower bound (read from a table cut at --top). `intrudersChecked`: the number of IPs of the
   * before run's compromised-ips.txt of which none sends as the account after; `queueIdsChecked`: the number of the before
   * run's abusive queue IDs of which none is still queued (review 19).
   */
  resolvedAfter(p: {
    otherCause?: boolean; rule?: string; count: number | null; perHour: string | null; atLeast: boolean; sameRate: boolean; intrudersChecked?: number | null; queueIdsChecked?: number | null;
    /** What `count` counts, as amount()'s `unit`. */
    unit?: EvidenceUnit;
    /**
     * With intrudersChecked (review P, P3): true when none of those IPs logged in to the account's mailbox either;
     * why not when that was not checked (MailboxUnchecked: 'no-table', 'cut', 'capped', 'no-dovecot').
     */
    mailboxChecked?: true | MailboxUnchecked | null;
    /** Review Q, Q8: the number of intruder IPs when only their Dovecot logins were checked whole (mailboxChecked true, the sending check cut). */
    intrudersListed?: number;
    /**
     * The before finding names no intruder IP, so nothing was checked against them (CarriedOver.unchecked): 'no-list',
     * a redacted report of an older version left compromised-ips.txt out; 'none-listed', the finding lists no IP of its
     * own (all shared with other users, or this server's). Never said with "no sign of someone else" (review R, R5).
     */
    intrudersUnchecked?: 'no-list' | 'none-listed';
    /**
     * Review AB, F2: the number of intruder IPs whose sending as the account could not be checked (CarriedOver
     * sendingUnknown: the after report's client-IP tables cut at --top). Never said with "no sign of someone else".
     */
    sendingUnknown?: number;
    /**
     * Review AB, F6: the after log is too short to show that the abuse stopped: its hours, the longest pause of the
     * before finding's events in whole hours (null: not known) and its events expected at the before rate, formatted;
     * `byPause`: the after log is no longer than that pause (else: too few events expected).
     */
    tooShort?: { afterHours: string; pauseHours: number | null; expected: string; byPause: boolean };
    /**
     * Review AB, F7 (CarriedOver.newSenders): IPs the before run knew neither as the owner's nor as the intruder's that
     * send as the account after: named "to check with the owner", never with "no sign of someone else".
     */
    newSenders?: { count: number; ips: string[]; messages: number | null; owners?: { known: number; of: number } };
    /**
     * Review AK, AK2 and AK3: the IPs of compromised-ips.txt (`of` of them) still connecting or failing logins after,
     * without sending as the account or logging in (CarriedOver.stillTrying): the new password holds, but they are not
     * blocked. Said after what was checked, as a note; the status does not change for it.
     */
    stillTrying?: IntrudersStillTrying & { of: number };
    /** Review AB, F7 (CarriedOver.ownersUnknown): the before finding lists only its first owner IPs: no "no sign of someone else". */
    ownersUnknown?: boolean;
    /**
     * Review AH, AH2: receivers-refusing's refusals after (count null) could not be counted: 'older', the after report has
     * no grouped deferral causes; 'cut', none found in tables cut at --top.
     */
    refusalsUncounted?: 'older' | 'cut';
  }): string;
  /**
   * One finding's verdict (compare.json findings[].verdict). `before` and `after` are amounts; for a resolved
   * finding `after` is its resolvedAfter text; for a new one `before` is ''.
   */
  findingVerdict(p: {
    status: CompareStatus; statusText: string; rule: string; severity: { before: Severity | null; after: Severity | null };
    /** What the finding is about in plain words (about()). */
    about: string; label: string; before: string; after: string;
    /** `after` says "after" itself (carriedAfter, resolvedAfter): written as for a resolved finding. */
    afterComplete?: boolean;
  }): string;

  /**
   * What a finding is about in plain words (compare/about.ts): its rule's name and, when worth showing, its subject's
   * value (Markdown code in compare.md, plain in compare.json); null: the name alone.
   */
  about(name: string, value: string | null): string;

  // ---- compare.md, and the baseline section of report.md ----
  md: {
    verdict: string;
    /** How the order warning (after-older) and the order note start ("Warning", then a colon). */
    warning: string;
    note: string;
    /** How a report's own warning starts in the verdict: "Warning (after report)". */
    sideWarning(side: CompareSide): string;
    /** Labels of the two period lines. */
    periodLabel: Record<CompareSide, string>;
    baselineLabel: Record<CompareSide, string>;
    /** "- **Before:** … from the log samples/incident.log." (label, paths: Markdown already; hours: "75.03"). */
    periodLine(p: { label: string; from: string; to: string; timezone: string; hours: string; lines: number; findings: number; kind: 'report' | 'logs'; paths: string[] }): string;
    /**
     * What became of a finding's number: "messages sent: 304 (4.05 per hour) before, 7 (0.16 per hour) after …" (label
     * Markdown already).
     */
    change(p: { status: CompareStatus; label: string; before: string; after: string; afterComplete?: boolean }): string;
    /** A verdict line: badge, severity, what it is about (Markdown already), change(), and the rule id as a small tag. */
    verdictLine(p: { badge: string; severity: string; rule: string; about: string; change: string }): string;
    totals: string;
    totalsHeaders: [string, string, string, string, string, string, string];
    /** A change of the bounce rate: "-17.4 pts". */
    points(signed: string): string;
    /**
     * Under the totals: each period's length in hours (ComparedSide.period.hours), written in minutes under an hour; a
     * period under an hour counts as one (rateHours), which the line says (review AK, AK11).
     */
    ratesLine(p: { before: number; after: number }): string;
    /** What the "compromised accounts left out" rows leave out, per side (users as Markdown code; since: null = the whole log). */
    leftOutLine(sides: Array<{ side: CompareSide; accounts: Array<{ user: string; since: string | null; messages: number; delivered: number; bounceNotices: number }> }>): string;
    evidence: string;
    /** "Log lines (before):" */
    logLines(side: CompareSide): string;
    /**
     * The first line of a fixed or new finding: its status, what it is about, the rule tag; for a fixed one, `change`
     * (change()) and its span on the before side, whose evidence is left to the before report (review Z, Z11); `source`:
     * what the before side was given as.
     */
    oneSide(p: { badge: string; rule: string; about: string; side: CompareSide; from: string; to: string; change: string | null; source: 'report' | 'logs' }): string;
    /** The first line of a finding of both runs: what it is about and what it is compared by. */
    bothSides(p: { badge: string; rule: string; about: string; label: string; perHour: boolean }): string;
    sideTitle(p: { side: CompareSide; title: string; from: string; to: string }): string;
    evidenceHeaders: [string, string, string];
    subjectRow: string;
    severityRow: string;
    /**
     * The groups of findings, in the words of the statuses and tiles: heading (with its count) and the line when it is
     * empty; `stillGoingOn` (persisting below the threshold, FindingMeasure.stillGoingOn) and `unclear` (resolved, its
     * verdict "Unclear": compare/unclear.ts) only when they have one.
     */
    group(which: CompareGroup, count: number): string;
    groupNone: Record<CompareStatus, string>;
    movers: string;
    moversIntro: string;
    moverHeading(title: string, metric: string): string;
    moverNone: string;
    /** `cause` and `code`: the deferral causes' first two columns (a receiver and its cause; their reply codes). */
    moverHeaders: { key: string; reason: string; dsn: string; cause: string; code: string; before: string; after: string; beforePerDay: string; afterPerDay: string; changePerDay: string; status: string };
    moverStatus: Record<'new' | 'gone' | 'up' | 'down', string>;
    /**
     * The status of a row whose key is missing from one side's table cut at --top (MoverRow.approximate): not "new" nor
     * "gone", it may be just past that table's last row (review AK, AK7: intruder IPs of the before run read "new").
     */
    moverStatusCut: Record<'new' | 'gone', string>;
    noKey: string;
    approximate: string;
    charts: string;
    chartsIntro: string;
    appendix: string;
    inputHeaders: [string, string];
    generatedBy(p: { tool: string; version: string; comparison: number; schema: number; before: string; after: string }): string;
    baseline: string;
    /** paths: Markdown already. */
    baselineIntro(paths: string): string;
  };

  // ---- compare.html ----
  html: {
    kicker: string;
    contents: string;
    /** "(75.03 h, 9,687 lines)" after a period in the header. */
    periodNote(hours: string, lines: string): string;
    /** The summary tiles, in the words of compare.md's sections (stillGoingOn, unclear: only when there are such findings). */
    tiles: Record<CompareGroup, string>;
  };

  // ---- The overlay charts ----
  charts: {
    deferred: OverlayChartCopy;
    authFailures: OverlayChartCopy;
    /** Recipients delivered, when no run has a compromised account (every delivery is mail flow). */
    delivered: OverlayChartCopy;
    /** …when a run has one: the legitimate delivery, the accounts' spam drawn apart (`spam`, dotted). */
    deliveredLegitimate: OverlayChartCopy & { spam(side: CompareSide): string };
    /** …when a run has one but a report does not say when its spam arrived (made by an older version). */
    deliveredSpamIncluded: OverlayChartCopy;
    queue: OverlayChartCopy;
    /** Legend of a period: "Before (75 h)". */
    series(side: CompareSide, hours: number): string;
    /** `bin`: units of `unit` per step. */
    xAxis(bin: number, unit: ChartUnit): string;
    yCount(bin: number, unit: ChartUnit): string;
    yQueue: string;
  };
}

const CATALOGS: Record<Lang, CompareMessages> = { en: compareEn, ja: compareJa };

/** The catalog of a language; anything else (a compare.json without `lang`) is English. */
export function compareMessagesFor(lang: string | undefined | null): CompareMessages {
  return lang === 'ja' ? CATALOGS.ja : CATALOGS.en;
}

export { compareEn, compareJa };
