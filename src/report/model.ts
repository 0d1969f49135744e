// report.json: the machine contract (schema in docs/report-json.md). Every renderer is a pure function of it.

import type { RspamdOutgoing } from './rspamd-outgoing.js';
import type { MailAuthentication } from './mail-authentication.js';
import type { Example, Finding, LineCounts, RuleText, Severity, Totals } from '../types.js';
import type { Comparison } from '../compare/model.js';
import type { ClientRole } from '../detect/client-roles.js';
import type { RefusalKind } from '../detect/refusal-kinds.js';

export const SCHEMA_VERSION = 1;

export interface InputSummary {
  path: string;
  kind: 'plain' | 'gz' | 'xz' | 'bz2' | 'zst' | 'stdin' | 'stream';
  bytes: number;
  lines: number;
  parsed: number;
  ignored: number;
  unparsed: number;
  firstAt: string | null;
  /** With --since: its Postfix/Dovecot lines before it (in `ignored`); absent when none. */
  beforeSince?: number;
  /**
   * A journal export (`journalctl -o json`, `json-seq`, `json-pretty`, `export`), read entry by entry as syslog lines
   * at the server's offset: the lines the report quotes from it are those, cited by the file line the entry starts
   * at. Absent: syslog.
   */
  journal?: 'json' | 'json-seq' | 'json-pretty' | 'export';
  /**
   * A container's log as the engine stored it: `docker-json`, Docker's json-file log, read as the lines `docker logs
   * -t` prints (docker's UTC stamp, then the container's line). Absent: syslog lines or a journal export.
   */
  container?: 'docker-json';
}

export interface Period {
  from: string | null;
  to: string | null;
  /** "+09:00" when the log says so (RFC 3339 lines); "local" when it does not (classic syslog) or says several. */
  timezone: string;
  /**
   * Every zone of its lines, sorted: offsets, and "local" for lines without one. Tells a log with two offsets (a DST
   * change: placed by wall clock) from classic syslog, both `timezone` "local". Absent in reports of older versions.
   */
  zones?: string[];
  hours: number;
}

/**
 * A host's clock going back: `line` of `file` (the input's path) is `seconds` before the host's line before it; `from`
 * and `to` are the two times as written, as the report shows times. `host` is '' for Dovecot's own log file.
 * `correctedBy`: the seconds added to the host's times from that line on, when the run put the steps right (absent:
 * times as written).
 */
export interface ClockStepRow {
  host: string; file: string; line: number; from: string | null; to: string | null; seconds: number; correctedBy?: number;
}

export interface SaslUserRow {
  key: string; messages: number; recipients: number; clientIps: number; senders: number; recipientDomains: number;
  sent: number; deferred: number; bounced: number; expired: number; deferralAttempts: number; authFailures: number;
  firstAt: string | null; lastAt: string | null; topClientIps: string[]; topSenders: string[];
  /**
   * Its submissions refused at the end of DATA with a 5xx (a milter's or content check's verdict: rspamd's "5.7.1 Spam
   * message rejected"), not among `messages`, and from how many client IPs (aggregate/refused-messages.ts). Absent in
   * reports of older versions.
   */
  refusedMessages?: number; refusedClientIps?: number;
  /**
   * smtpd's refusals (reject, milter-reject) naming this login, from how many client IPs, the IPs with the most and the
   * most frequent normalised reasons: Postfix ≥ 3.10 writes "… helo=<pc> sasl_method=LOGIN sasl_username=X" on them
   * (aggregate/sasl-user-rejects.ts). Absent when none (every log of Postfix before 3.10).
   */
  rejects?: number; rejectClientIps?: number; topRejectClientIps?: string[]; topRejectReasons?: string[];
}
export interface ClientIpRow {
  key: string; name: string; connections: number; messages: number; recipients: number; authFailures: number;
  authAborted: number; mailboxLoginFailures: number; rejects: number; relayDenied: number; unknownRecipient: number;
  unauthRelayed: number; saslUsers: string[]; usersTried: number; topUsersTried: string[];
  firstAt: string | null; lastAt: string | null;
  /** Its messages refused at the end of DATA with a 5xx, not among `messages`. Absent in reports of older versions. */
  refusedMessages?: number;
  /**
   * smtpd session problems and postscreen verdicts of this client (totals.sessionProblems), and the same by kind,
   * most first: {"lost connection after AUTH": 58, "postscreen PREGREET": 2}.
   */
  sessionProblems: number;
  sessionProblemKinds: Record<string, number>;
  /**
   * What the findings of this run say this IP did (review Z, Z23), in detect/client-roles.ts CLIENT_ROLES order:
   * "guessed-password", "sent-as-compromised", "opened-compromised-mailbox", "relayed-without-login",
   * "password-guessing", "relay-probing", "owner-client". Taken from the sets the rules decided on, not guessed from
   * this row's counts; then those the row's own counts give (report/client-row-roles.ts): "mailbox-login" (logged in
   * to a mailbox over IMAP/POP3), "inbound-mx" (delivered mail for our domains without a login). Absent when none
   * (and in reports of older versions).
   */
  roles?: ClientRole[];
  /**
   * Successful IMAP/POP3 logins from this IP (Dovecot "Login:" lines, as mailboxLoginsByUser counts them) and the
   * mailboxes they opened, most logins first (5 at most). Absent when none (and in reports of older versions). An IP
   * with such logins and nothing else has a row of its own (its other counts 0).
   */
  mailboxLogins?: number;
  mailboxUsers?: string[];
}
export interface SenderRow {
  key: string; messages: number; recipients: number; sent: number; deferred: number; bounced: number; expired: number;
}
/**
 * Mail a program on the server submitted through sendmail(1) (PHP mail(), a CMS, cron, a script), by the host and
 * the user ID pickup names: "postfix/pickup[35333]: D6BF31637B1: uid=33 from=<www-data>" (uid 33 is www-data on
 * Debian: a web application). `key` is "host uid=N".
 */
export interface LocalProgramRow {
  key: string; host: string; uid: string; messages: number; recipients: number;
  /** Its recipients at outside domains, their distinct domains, and of them those not delivered (bounced, expired, still deferred). */
  outsideRecipients: number; outsideDomains: number; outsideNotDelivered: number;
  /** First and last message with an outside recipient. */
  firstOutsideAt: string | null; lastOutsideAt: string | null;
}
export interface DomainRow {
  key: string; recipients: number; sent: number; deferred: number; bounced: number; expired: number; deferralAttempts: number;
}
/**
 * One client IP's successful IMAP/POP3 logins to one mailbox (report.mailboxLoginsByUser[].topClientIps): "dovecot:
 * imap-login: Login: user=<info@example.jp>, method=PLAIN, rip=101.82.15.105, …". `protocol` and `example` are those
 * of its earliest login; `protocols` the logins per protocol ({ pop3: 50, imap: 1 }, most first, adding up to
 * `logins`; review U, U3). Reports before review U have no `protocols`.
 */
export interface MailboxLoginIpRow {
  ip: string; logins: number; protocol: string; protocols: Record<string, number>; firstAt: string | null; lastAt: string | null;
  example: Example | null;
}
/**
 * A mailbox user's successful IMAP/POP3 logins (aggregate/mailbox-logins.ts): how many, from how many client IPs
 * (exact), and the IPs with the most logins (cut at --top; `clientIps` greater than their number says some are left
 * out). compare reads it to tell whether the before run's intruder IPs still open the mailbox after the fix.
 */
export interface MailboxLoginUserRow {
  key: string; logins: number;
  /** The logins per protocol from all the user's IPs, not only its detailed rows, as MailboxLoginIpRow.protocols. */
  protocols: Record<string, number>;
  clientIps: number; firstAt: string | null; lastAt: string | null;
  /**
   * Every client IP of the user, in byte order (review Q, Q8), up to MAILBOX_IPS_KEPT (1,000: those with the most
   * logins); `ipsComplete` false when `clientIps` is more. Absent in reports before review Q (the table was cut at --top).
   */
  ips?: string[]; ipsComplete?: boolean;
  /** The detailed rows: for the first --top users only (others []), each cut at --top. */
  topClientIps: MailboxLoginIpRow[];
}
/**
 * One smtpd service's AUTH commands refused without a warning: `service` its syslog tag ("postfix/smtpd"), `port25`
 * whether that is the master.cf `smtp` service (aggregate/smtp-service.ts), `commands` the AUTH commands, `ips` the
 * client IPs that sent them, `example` the earliest disconnect line that counts some.
 */
export interface AuthRefusedRow {
  service: string; port25: boolean; commands: number; ips: number; firstAt: string | null; lastAt: string | null; example: Example | null;
}

export interface ReasonRow { reason: string; count: number; dsn: string; example: Example | null }
/**
 * An outbound connection failure ("connect to 127.0.1.6[127.0.1.6]:25: Connection refused"): such a line has no DSN,
 * `port` is the port Postfix tried (review AM, AM9: it was exported as `dsn`).
 */
export interface ConnectFailureRow { reason: string; count: number; port: string; example: Example | null }
/**
 * Why a deferral happened (report/deferral-causes.ts): a receivers-refusing class (RefusalKind: `rate`,
 * `listed`, `unauthenticated`, `no-ptr`), `greylisted`, what Postfix says went wrong (`connect-failed`,
 * `lost-connection`, `timed-out`, `dns`, `tls`), another answer of the receiver (`answer`), or `other`.
 */
export type DeferralCause = RefusalKind | 'greylisted' | 'mailbox-full' | 'connect-failed' | 'lost-connection' | 'timed-out' | 'dns' | 'tls' | 'answer' | 'other';
/**
 * The deferral reasons of one receiver and cause (review Z, Z27): `receiver` is "Gmail", "Yahoo", "Microsoft", a
 * block list, the domain of the receiving host ("qq.com"), or "" when no text names it; `detail` Postfix's or the
 * receiver's own words that tell the cause ("Connection refused", "while sending RCPT TO", the answer; "" for a
 * class); `code` the receiver's reply codes, else the DSNs (up to 3, sorted); `count` every deferral of its reasons
 * and `fromCache`, of them, Postfix's re-deferrals from its cache without contacting the receiver ("delivery
 * temporarily suspended: …"); `hosts` the receiving hosts the reasons name, most deferrals first; `reasons` how many
 * normalised reasons (deferralReasons) it groups; `firstAt` and `example` the earliest of the receiver's own answers
 * (else of the cached repeats).
 */
export interface DeferralCauseRow {
  receiver: string; cause: DeferralCause; detail: string; code: string; count: number; fromCache: number; hosts: string[];
  reasons: number; firstAt: string | null; example: Example | null;
}
export interface CountRow { key: string; count: number }
/**
 * How many client IPs the log has, and how many of them failed SMTP AUTH (failed or aborted) or an IMAP/POP3 login.
 * `aboveCut` (review AD/Z rest; absent otherwise): the byClientIp rows the --top cut took when they are more than --top,
 * the IMAP/POP3-only guessers counted as the rows the table folds them into (report/client-ip-cut.ts); the rest of
 * byClientIp are the IPs kept below the cut.
 */
export interface ClientIpCounts { clientIps: number; smtpAuthFailures: number; mailboxLoginFailures: number; aboveCut?: number }
/**
 * One client IP of clientIpIndex: its SMTP connections, its failed logins (SMTP AUTH failed or aborted, IMAP/POP3:
 * as byClientIp's authFailures + authAborted + mailboxLoginFailures; absent when none), the users it tried, most tries
 * first (up to 5; absent when none) and how many users it tried in all; its RCPTs refused with "Relay access denied"
 * (byClientIp's relayDenied; absent when none).
 */
export interface ClientIpIndexRow { ip: string; connections: number; failedLogins?: number; users?: string[]; usersTried?: number; relayDenied?: number }
/**
 * Every client IP whatever --top (report/client-ip-index.ts), up to CLIENT_IP_INDEX_MAX: `complete` false past it.
 * `relayCounted`: its rows give relayDenied (review AK, AK8 follow-up); absent in the indexes of earlier builds, whose
 * rows do not, so that their IPs' relay probes are not known.
 */
export interface ClientIpIndex { complete: boolean; relayCounted?: true; ips: ClientIpIndexRow[] }
/**
 * The Postfix/Dovecot lines --since left out, in one hour (labelled as hourly[].hour): compare tells the before log
 * grown, whose lines left out are the before period's hour by hour, from another server's log (review P, P7).
 */
export interface SinceHour {
  hour: string;
  lines: number;
  /** Of them, Dovecot's (review R, R7a); absent when none, and in reports of older versions. */
  dovecotLines?: number;
}

export interface HourRow {
  /**
   * `dovecotLines`: of `lines`, Dovecot's (review R, R7a: compare tells the same server's log without Dovecot's own
   * file from another server's); absent in reports of older versions.
   */
  hour: string; lines: number; dovecotLines?: number; received: number; sent: number; deferred: number; bounced: number; expired: number;
  rejected: number; authFailures: number; dovecotAuthFailures: number;
  /**
   * Messages out of the queue in the hour: "removed" lines (totals.messagesRemoved) and the messages a bulk
   * `postsuper -d ALL` deleted without naming them (totals.deletedInBulk); added up, the sum of both totals.
   */
  removed: number;
  queueSize: number;
  /** The highest queue size within the hour, minute by minute (queueSize is the size at its end). */
  queuePeak: number;
  /**
   * IMAP/POP3 login failures in the hour: the larger of Dovecot's two records of them in the hour, where
   * totals.dovecotLoginFailures takes the larger per client IP over the log (the sums differ when, in one hour, some
   * IPs' failures are in one record only and others' in the other only; docs/report-json.md, hourly[]). dovecotAuthFailures is every
   * failure Dovecot's auth process logged, and with `smtpd_sasl_type = dovecot` that includes each SMTP AUTH failure.
   */
  mailboxLoginFailures: number;
  /**
   * Recipients delivered (as totals.delivered) of the messages that arrived in this hour (their first line),
   * whenever delivered; `sent` counts the delivery lines of the hour instead. Added up over the hours: totals.delivered.
   */
  deliveredByArrival: number;
  /**
   * Of deliveredByArrival, the recipients of the mail the accounts of this run's compromised-account findings sent
   * since they were guessed (the messages messagesSinceGuessed counts): their spam, placed in time. 0 without such a finding.
   */
  compromisedDeliveredByArrival: number;
  /** smtpd session problems and postscreen verdicts in the hour (totals.sessionProblems). */
  sessionProblems: number;
}
/**
 * A minute of the log (report.minutely[], logs of at most 12 hours: report/minutely.ts): the hourly[] series the
 * charts draw, minute by minute.
 */
export interface MinuteRow {
  /** "2026-11-28T22:05", with the zone as hourly[].hour. */
  minute: string;
  lines: number; received: number; sent: number; deferred: number; bounced: number; expired: number; rejected: number;
  authFailures: number; mailboxLoginFailures: number;
  /** The queue rebuilt from the log at the end of the minute. */
  queueSize: number;
  /** As hourly[]'s, by the minute the message arrived. */
  deliveredByArrival: number; compromisedDeliveredByArrival: number;
}
export interface QueuedRow {
  qid: string; host: string; since: string | null; saslUser: string; sender: string; clientIp: string;
  /** All recipients, and those without a final status (what the queue still held for it). */
  recipients: number; pending: number; deferrals: number; partial: boolean;
  /** Its first recipients (up to 3), delivered or not. */
  to: string[];
  /**
   * The recipients that had not got it (no final status), as far as the log names them (up to 10; `pending` counts
   * them all, with those never tried yet).
   */
  pendingTo: string[];
  /**
   * Recipients a receiver bounced because it refuses this server (a block list, our reputation: review AM, AM2): they
   * never got it either, and will once the server is delisted; `refusedTo` names the first ones (up to 10).
   */
  refused: number;
  refusedTo: string[];
  /**
   * Whether it is legitimate mail (not the abuse): set when a compromised account was found and the queue-cleanup
   * (stillQueued) or queue-deleted (deletedInBulk) finding told its messages apart; absent otherwise.
   */
  legitimate?: boolean;
  /** Its last line. */
  lastAt: string | null;
}
/** A message that `postsuper -d ALL` deleted (the log names no message: see aggregate/bulk-delete.ts). */
export interface DeletedRow extends QueuedRow {
  deletedAt: string | null;
}

/** An input left out because its lines are another's (split/same-content.ts, split/repeating-inputs.ts). */
export interface SkippedInput {
  path: string;
  /** The input read instead, which holds its lines. */
  as: string;
  /** 'start': same first line and size; 'inside': its sampled lines found in `as`; 'every': all its lines, in order. */
  how: 'start' | 'inside' | 'every';
}

/** One `postsuper -r` run: "Requeued: 5 messages" (a requeue is not a deletion: the messages stay queued). */
export interface RequeueRow {
  at: string;
  host: string;
  count: number;
}

export interface Report {
  schemaVersion: number;
  /**
   * `version`: package.json's; `commit`: the git commit the build was made from (tool-build.ts), `modified` true when
   * tracked files differed from it then; both absent when the tool was not built from a git checkout of its own, and
   * in reports of older versions.
   */
  tool: { name: string; version: string; commit?: string; modified?: true };
  /**
   * The analyze options that change the result (not --jobs, --quiet, --out). `detection` (review 19, M4): the detection
   * options of the run, from the command line and --config: allow-lists (sorted; pseudonyms in a redacted report),
   * threshold overrides, and whether a `postqueue -j` dump (--queue) was read; absent when none was given (and in a
   * report written before it existed). compare warns when two runs differ in them.
   */
  options: { top: number; year: number | null; formats: string[]; detection?: DetectionOptions };
  inputs: InputSummary[];
  duplicateInputs: string[];
  /** Inputs not read because they repeat another input's lines (also in warnings, as text). */
  skippedInputs: SkippedInput[];
  warnings: string[];
  period: Period;
  /**
   * Where a host's clock went back more than 5 minutes from its line before, in the same file (a DST fall-back or an
   * NTP step on classic stamps): `total`, and the first `examples` by position (aggregate/clock-steps.ts). Absent
   * when none.
   */
  clockSteps?: { total: number; examples: ClockStepRow[] };
  hosts: CountRow[];
  /**
   * total = parsed + ignored + unparsed; repeatsNotExpanded / repeatedEventsNotCounted / cutShort: see LineCounts.
   * cutShort (of the unparsed lines, those visibly cut short) is absent when none, as in reports before it.
   */
  lines: Omit<LineCounts, 'cutShort'> & { cutShort?: number; unparsedExamples: Example[] };
  totals: Totals;
  /**
   * Logins a Dovecot login proxy passed on and its backends refused ("proxy dest auth failed"), when the backends' own
   * lines are not in the inputs (review AD: with nopassword=y the proxy checks no password; the backends log why).
   * Counted among totals.dovecotLoginFailures and the client IPs' failures since review AD/Z rest (the proxy's lines
   * name the client and the user; before, they were not). `backends`: the IPs of the backends the proxy's lines name
   * whose lines were not read (sorted; [] when its lines name none); `byBackend`: of those, the ones auth_verbose's
   * "proxy(user,host:port): Login failed" lines name, as host:port, with the refusals each line counts (most first;
   * [] without auth_verbose). Absent otherwise.
   */
  proxyBackendRefusals?: {
    refused: number; firstAt: string | null; lastAt: string | null; backends: string[];
    byBackend: Array<{ backend: string; refused: number }>;
  };
  /**
   * OpenDMARC's and policyd-spf's verdicts on incoming mail (report/mail-authentication.ts): by result, and the
   * sender domains that failed most. Absent when the log holds none of their verdict lines.
   */
  mailAuthentication?: MailAuthentication;
  /**
   * rspamd's actions on mail of authenticated users (report/rspamd-outgoing.ts), from the maillog's rspamd lines and
   * rspamd's own log file. Absent when neither holds one and no rspamd.log was given.
   */
  rspamdOutgoing?: RspamdOutgoing;
  bySaslUser: SaslUserRow[];
  byClientIp: ClientIpRow[];
  /** Client IPs counted over all of them, before the --top cut of byClientIp. */
  clientIpCounts: ClientIpCounts;
  /**
   * AUTH commands smtpd refused without a SASL failure warning (review AL, AL1: "503 5.5.1 Error: authentication not
   * enabled" once AUTH is off on port 25, seen only as "auth=0/N" on the disconnect line), per service, most first.
   * Empty when none; absent in reports of older versions.
   */
  authRefused?: AuthRefusedRow[];
  /**
   * Every client IP in a few numbers, whatever --top (review AK, AK3: compare reads whether the before run's intruder
   * IPs still connect or fail logins after). Absent in reports of older versions.
   */
  clientIpIndex?: ClientIpIndex;
  /**
   * The TOP_ATTACKING_IPS client IPs with the most failed logins (SMTP AUTH failed or aborted, IMAP/POP3) and
   * "Relay access denied" probes, chosen among all IPs before the --top cut (byClientIp is sorted by activity, and
   * the busiest IPs of a log are mostly mail servers and the office).
   */
  topAttackingIps: ClientIpRow[];
  bySender: SenderRow[];
  bySenderDomain: SenderRow[];
  /**
   * How many envelope senders and sender domains the log has, before the --top cut of bySender and bySenderDomain
   * (review AM, AM4: the Envelope senders table showed 50 of 208 with no word of it). Absent in reports of older versions.
   */
  senderCounts?: { senders: number; senderDomains: number };
  /** Local programs that submitted mail through sendmail, most messages first (--top rows). */
  byLocalProgram: LocalProgramRow[];
  byRecipientDomain: DomainRow[];
  byRelay: CountRow[];
  byStatus: CountRow[];
  deferralReasons: ReasonRow[];
  /**
   * The deferral reasons grouped by receiver and cause, from all of them (not only deferralReasons' --top rows), cut
   * at --top: they add up to totals.deferred when not cut. Absent in reports of older versions.
   */
  deferralCauses?: DeferralCauseRow[];
  bounceReasons: ReasonRow[];
  rejectReasons: ReasonRow[];
  authFailuresByUser: CountRow[];
  authFailureReasons: CountRow[];
  dovecotAuthFailuresByUser: CountRow[];
  dovecotAuthFailuresByIp: CountRow[];
  dovecotLoginsByUser: CountRow[];
  /**
   * Successful IMAP/POP3 logins per mailbox user with their client IPs (MailboxLoginUserRow): users with the most
   * client IPs first (then most logins, then name); every user, the detailed rows of the first --top only. Absent in
   * reports of older versions.
   */
  mailboxLoginsByUser?: MailboxLoginUserRow[];
  postscreen: CountRow[];
  daemonProblems: ReasonRow[];
  connectFailureReasons: ConnectFailureRow[];
  eventKinds: CountRow[];
  hourly: HourRow[];
  /**
   * The log minute by minute, when it spans at most 12 hours (a log excerpt): the charts and the Markdown activity
   * table bin it by a few minutes, where hours would be one or two bars. Absent for a longer log and in reports of
   * older versions.
   */
  minutely?: MinuteRow[];
  stillQueued: QueuedRow[];
  /** Messages deleted in bulk (`postsuper -d ALL`), oldest first. */
  deletedInBulk: DeletedRow[];
  /** postsuper's "Requeued: N messages" lines (`postsuper -r`), in time order: when, on which host, how many. */
  postsuperRequeues: RequeueRow[];
  findings: Finding[];
  rules: RuleText[];
  /**
   * Present with --since (and when compare cut an after log that overlaps the before period): the local time from
   * which lines were analyzed, and how many Postfix/Dovecot lines before it were counted as ignored.
   */
  since?: { at: string; linesBefore: number; hourly?: SinceHour[] };
  /**
   * Present when names and IPs were replaced by pseudonyms (--redact): HMAC key fingerprint, domains redacted too;
   * `pseudonymLists`: the findings keep the lists compare reads as pseudonyms (`findings[].pseudonymLists`; absent in
   * redacted reports of older versions, which left them out). `pseudonymHexDigits`: the hex digits of a pseudonym
   * (report/redact.ts PSEUDONYM_HEX_DIGITS, 12); absent in reports of older versions, whose pseudonyms had 8.
   */
  redaction?: { keyFingerprint: string; keyDerivation?: 'scrypt'; pseudonymHexDigits?: number; domains: boolean; pseudonymLists?: true };
  /** Language of the human texts (finding titles and fixes, rules' why/fix, warnings) when not English (`--lang ja`); absent = "en". */
  lang?: 'en' | 'ja';
  /** Present with `analyze --baseline`: this run (the after side) compared with the baseline report (docs/compare.md). */
  comparison?: Comparison;
  /**
   * What the admin reads first (review Z, Z1/Z2): the verdict made from the findings, every finding as one short line,
   * and the first steps in the order to take them (report/overview.ts). Made after redaction, from what the report
   * shows. Absent in reports of older versions (the renderers make it from the findings then).
   */
  overview?: Overview;
}

/**
 * The report's verdict and first steps (report/overview.ts), in the report's language. Texts are plain text (log
 * text among them: renderers escape them); `findings` and steps' `findings` are 1-based positions in `findings[]`,
 * as the report numbers them (report.html's cards are `#finding-N`).
 */
export interface Overview {
  /** `empty`: no Postfix/Dovecot line was read; `clean`: no finding; `notes`: low and info findings only; `findings`: the rest. */
  state: 'empty' | 'clean' | 'notes' | 'findings';
  /** One sentence: what happened. */
  verdict: string;
  /** The sentences after it (numbers, what is still queued); '' when none. */
  details: string;
  /** Every finding as one line: its severity and a short form of its title. */
  findings: Array<{ n: number; rule: string; severity: Severity; short: string }>;
  /** The first steps, most urgent first; only steps whose findings exist (none for low and info findings). */
  steps: OverviewStep[];
}

export interface OverviewStep {
  /** `account`: change the password, drop sessions; `relay`: close the open relay; `queue`: the spam still queued; `lost-mail`: mail postsuper -d ALL deleted; `block`: the IPs; `harden`: the lasting fixes. */
  kind: 'account' | 'relay' | 'queue' | 'lost-mail' | 'block' | 'harden';
  text: string;
  /** Lines to paste, taken from the findings' own what-to-do blocks; [] when they have none (or redaction withheld them). */
  commands: string[];
  /** The findings it comes from (1-based). */
  findings: number[];
  /** Files next to the report it uses (never a list redaction withheld). */
  files: string[];
}

/** The detection options of a run (report.options.detection). */
export interface DetectionOptions { allowIps: string[]; allowUsers: string[]; thresholds: Record<string, number>; queueSnapshot: boolean }
