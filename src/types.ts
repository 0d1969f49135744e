// The vocabulary of the pipeline: split → parse → correlate → aggregate → detect → report → render.
// Everything here is plain data (no classes): it crosses worker boundaries by structured clone.

import type { IpTable } from './aggregate/ip-table.js';
import type { UserCounts } from './aggregate/user-counts.js';
import type { ProblemCounts } from './aggregate/session-problems.js';
import type { NextHopStats } from './aggregate/next-hops.js';
import type { AuthRefused } from './aggregate/auth-refused.js';

/** Where a line came from. `line` is 1-based within its input file. `offset` is the byte offset of the line start. */
export interface LineRef {
  file: number;
  line: number;
  offset: number;
}

/** A verbatim log line kept as evidence. */
export interface Example extends LineRef {
  text: string;
}

/**
 * Time of a log line as the server's local wall-clock time, in milliseconds, encoded as if it were UTC
 * (Date.UTC(y, m, d, h, mi, s, ms)). We never convert to real UTC: the report speaks the server's local time,
 * and classic syslog lines carry no zone at all. A line whose UTC offset (RFC 3339 / ISO lines) is not the run's
 * reference offset, the set's first dated line's, is moved to the instant it gives at that offset (YearRule.refZone
 * in parse/header.ts, split/inputs.ts: review V), so that times across a DST change or from hosts in several zones
 * run in the order of the events.
 */
export type LocalMillis = number;

export interface ClientAddr {
  name: string;
  ip: string;
}

// ---------------------------------------------------------------------------------------------------------
// Events: one per meaningful line (or N for "message repeated N times").
// ---------------------------------------------------------------------------------------------------------

export type LogEvent =
  | { kind: 'connect'; service: string; client: ClientAddr }
  | { kind: 'disconnect'; service: string; client: ClientAddr; authOk: number; authTried: number; commands: number }
  | {
      kind: 'smtpdClient';
      service: string;
      qid: string;
      client: ClientAddr;
      saslMethod: string;
      saslUser: string;
      origQueueId: string;
    }
  | {
      kind: 'reject';
      daemon: string;
      /** Empty for NOQUEUE. */
      qid: string;
      /** reject, reject_warning, milter-reject, discard, hold, filter, redirect … */
      action: string;
      /** RCPT, MAIL, DATA, CONNECT, END-OF-MESSAGE, header, body … */
      stage: string;
      client: ClientAddr;
      code: string;
      dsn: string;
      reason: string;
      from: string;
      to: string;
      helo: string;
      /**
       * The SASL login of the session, on smtpd's lines of an authenticated client from Postfix 3.10 on ("… helo=<pc>
       * sasl_method=LOGIN sasl_username=info@example.jp"); absent otherwise (reject.ts saslUserOf).
       */
      saslUser?: string;
    }
  | { kind: 'authFailed'; service: string; client: ClientAddr; mechanism: string; reason: string; user: string }
  | { kind: 'authAborted'; service: string; client: ClientAddr; mechanism: string }
  | { kind: 'smtpdProblem'; service: string; problem: string; after: string; client: ClientAddr }
  | { kind: 'postscreen'; action: string; ip: string; detail: string }
  | { kind: 'messageId'; qid: string; messageId: string }
  | { kind: 'queued'; qid: string; from: string; size: number; nrcpt: number }
  | { kind: 'removed'; qid: string; by: 'qmgr' | 'postsuper' }
  | { kind: 'expired'; qid: string; from: string; forced: boolean }
  | {
      kind: 'delivery';
      agent: string;
      qid: string;
      to: string;
      origTo: string;
      relay: string;
      delay: number;
      dsn: string;
      /**
       * sent | deferred | bounced | expired | undeliverable | deliverable … (soft_bounce=yes "SOFTBOUNCE" is given as
       * deferred); "discarded" for a status=sent that is a content filter's discard or bounce verdict ("250 2.7.0 Ok,
       * discarded, id=… - SPAM": parse/postfix/delivery.ts isFilterVerdict, review 17 H2).
       */
      status: string;
      reason: string;
      /** New queue ID when the delivery handed the message back to Postfix: local "forwarded as", content filter "queued as". */
      handedTo: string;
      /**
       * True when `handedTo` came from a content filter / reinjection hop (loopback relay on a non-SMTP port, or a UNIX
       * socket). On a port no filter is known to use, only a Postfix queue ID makes one, and it is a hop only if its copy
       * comes back (aggregate/messages.ts counts it as delivered otherwise; review 17 H1).
       */
      filterHop: boolean;
    }
  | { kind: 'connectFailed'; daemon: string; host: string; ip: string; port: string; reason: string }
  | { kind: 'remoteSaid'; qid: string; host: string; ip: string; text: string }
  | { kind: 'notification'; qid: string; notice: string; newQid: string }
  | { kind: 'pickup'; qid: string; uid: string; from: string; /** The queue ID before `postsuper -r` requeued it, or ''. */ origId: string }
  | { kind: 'postsuperSummary'; action: string; count: number }
  | { kind: 'queueAction'; qid: string; action: string }
  | { kind: 'daemonProblem'; daemon: string; severity: 'warning' | 'error' | 'fatal' | 'panic'; text: string }
  | { kind: 'relayAuthFailed'; qid: string; host: string; text: string }
  /** `session`: the request carried a login session ID ("passwd-file(user,ip,<sess>)"), i.e. came from imap/pop3-login, not from Postfix SASL. */
  | { kind: 'dovecotAuthFailed'; user: string; ip: string; reason: string; backend: string; session: boolean }
  /**
   * A successful IMAP/POP3 login: the login process's "Login:" (`backend` '') or a login proxy's "proxy(user): started
   * proxying to HOST:PORT" (`backend` the HOST it names); `lip` the address the client (or the proxy) connected to.
   */
  | { kind: 'dovecotLogin'; protocol: string; user: string; ip: string; lip: string; backend: string }
  | { kind: 'dovecotLoginFailed'; protocol: string; user: string; ip: string; attempts: number }
  /**
   * A login proxy's backend refused logins the proxy passed on (parse/dovecot.ts proxyRefused): `attempts` of them, the
   * session's line; or, `attempts` 0, auth_verbose's "proxy(user,backend:port): Login failed" line naming `backend` (its
   * IP) and `hostPort` (the prefix's "192.0.2.30:143", "[2001:db8::30]:143" or "imap2.example.jp[192.0.2.30]:143"; ''
   * on the session's line).
   */
  | { kind: 'dovecotProxyRefused'; protocol: string; user: string; ip: string; attempts: number; backend: string; hostPort: string }
  | { kind: 'dovecotDelivered'; user: string; messageId: string }
  /** Recognised Postfix/Dovecot lines of little forensic value (master start/stop, TLS details, anvil, lmtp sessions …). */
  | { kind: 'noise'; what: string }
  /**
   * OpenDKIM's decision on one message (parse/auth-milters.ts): signed (detail: the key, "mail._domainkey.example.jp"), or why it was not
   * (detail: the address, domain, client or key the line names); 'seen' for its other lines about the message.
   * `signer` names another signer (parse/signing-filters.ts: rspamd's or amavis's verdict line); absent: OpenDKIM.
   * rspamd's key errors name no message (qid ''). rspamd's task summary also gives its `action` ("no action", "add
   * header", "reject", …) and the authenticated `user` ('' when none): set on those lines only. `ownFile`: a line of
   * rspamd's own log file (rspamd.log), whose verdicts join the maillog's messages at the end (aggregate/rspamd-file.ts).
   */
  | { kind: 'dkim'; qid: string; outcome: DkimOutcome; detail: string; signer?: DkimSigner; action?: string; user?: string; ownFile?: true }
  /**
   * A verdict on incoming mail (parse/auth-milters.ts): OpenDMARC's DMARC result for the From: domain ('dmarc': pass,
   * fail, none, temperror) or policyd-spf's SPF result for the envelope sender's domain ('spf': pass, fail, softfail,
   * neutral, none, temperror, permerror), or OpenDMARC's own SPF result ('spf-opendmarc'). Counted only (aggregate/auth-verdicts.ts).
   */
  | { kind: 'authVerdict'; check: AuthCheck; result: string; domain: string };

/** Whose verdicts: OpenDMARC's DMARC, policyd-spf's SPF, OpenDMARC's own SPF check (SPFSelfValidate). */
export type AuthCheck = 'dmarc' | 'spf' | 'spf-opendmarc';

/** A DKIM signer other than OpenDKIM whose lines the maillog may hold (parse/signing-filters.ts). */
export type DkimSigner = 'rspamd' | 'amavis';

/**
 * What OpenDKIM logged of a message: 'signed' ("DKIM-Signature field added"), or why not: no SigningTable entry
 * ('signing-table'), not in the Domain list ('signing-domain'), a client outside InternalHosts ('not-internal',
 * 'external-host'), a key or table that failed to load ('key-error': the message was tempfailed).
 */
export type DkimOutcome = 'signed' | 'signing-table' | 'signing-domain' | 'not-internal' | 'external-host' | 'key-error'
  /**
   * 'seen': an OpenDKIM line about the message that gives no decision (verification, DNS errors); 'rspamd-unsigned',
   * 'amavis-unsigned': rspamd's or amavis's verdict line on the message shows no signature of theirs.
   */
  | 'seen' | 'rspamd-unsigned' | 'amavis-unsigned';

export type EventKind = LogEvent['kind'];

// ---------------------------------------------------------------------------------------------------------
// Correlation: one record per message life (host + queue ID, IDs are reused).
// ---------------------------------------------------------------------------------------------------------

/** Successful IMAP/POP3 logins of one user from one client IP. */
export interface MailboxLoginRow {
  /** "Login:" lines of the pair; after the scan (foldProxiedLogins), the pair's logins. */
  logins: number;
  /** A login proxy's "started proxying" lines of the pair (0 after foldProxiedLogins). */
  proxied: number;
  /**
   * The "Login:" lines by `lip`: one address (all of them), or the count per address when they differ; with `others`,
   * read once, after the scan, to pair them with a login proxy's lines (mailbox-logins.ts foldProxiedLogins).
   */
  lips: string | Map<string, number>;
  /**
   * Those of another protocol than IMAP (`othersN` of them) by "protocol lip", as `lips`: the IMAP lines are the rest,
   * so that an IMAP line costs what it did before review T (F4: lines pair per protocol). After foldProxiedLogins, a
   * row it took holds its logins of those protocols here by "protocol " (lip ''): the row's logins per protocol are
   * read from these two (mailbox-logins.ts loginProtocols).
   */
  others: string | Map<string, number>;
  othersN: number;
  /** The proxy lines by "protocol lip backend" (lip: the proxy's address), as `lips`; '' after foldProxiedLogins. */
  via: string | Map<string, number>;
  firstAt: LocalMillis;
  lastAt: LocalMillis;
  /** "imap", "pop3" … of the earliest login (the logins per protocol: mailbox-logins.ts loginProtocols). */
  protocol: string;
  /** The earliest login line. */
  example: Example | null;
}

/** Refusals by reject_sender_login_mismatch ("not owned by user X"), per SASL login X (aggregate/sender-login-rejects.ts). */
export interface SenderLoginRejectRow {
  rejects: number;
  /** Client IP → refusals: the IPs that logged in as X and were refused the sender. */
  ips: Map<string, number>;
  /** Client IP → its first refusal: an IP that had the account's mail accepted before it is the owner's client. */
  ipFirstAt: Map<string, LocalMillis>;
  /** Refused envelope sender (from=<…>, "<>" when empty) → refusals: one own-domain address is a map entry missing. */
  senders: Map<string, number>;
  firstAt: LocalMillis;
  lastAt: LocalMillis;
  /** The earliest refusal line. */
  example: Example | null;
}
export type SenderLoginRejects = Map<string, SenderLoginRejectRow>;

/**
 * smtpd's refusals (reject and milter-reject lines) that name the session's SASL login X, Postfix ≥ 3.10's
 * "… helo=<pc> sasl_method=LOGIN sasl_username=X" (aggregate/sasl-user-rejects.ts). Not read by the rules.
 */
export interface SaslUserRejectRow {
  rejects: number;
  /** Client IP → refusals. */
  ips: Map<string, number>;
  /** Normalised reason ("450 4.7.1 <ADDR>: Recipient address rejected: rate limit exceeded") → refusals. */
  reasons: Map<string, number>;
  firstAt: LocalMillis;
  lastAt: LocalMillis;
}
export type SaslUserRejects = Map<string, SaslUserRejectRow>;

/**
 * Bounce notices delivered, by the login and client IP of the mail they answer (aggregate/bounce-notices.ts). A link is
 * named by its bounce(8) line's place in the log (NoticeOf.link). The halves of a link that one aggregate could not
 * settle wait here until the other is folded or the aggregates merge: only what waits is kept, besides `minutes`.
 */
export interface BounceNotices {
  /** SASL login → client IP → [minute index of the notice's first line, its recipients delivered, …] (as SentMinutes). */
  minutes: Map<string, Map<string, number[]>>;
  /** Link → the login ('' = none) and client IP of the message it answers, folded before its notice. */
  parents: Map<number, { user: string; ip: string }>;
  /**
   * Link → its notice's first line and recipients delivered (`local` of them to a mailbox here), and its outcome when
   * it was made here (NoticeMade; null: not), folded before the message it answers.
   */
  notices: Map<number, { start: LocalMillis; n: number; local: number; made: NoticeMade | null }>;
  /**
   * SASL login → client IP → of the recipients delivered in `minutes`, those delivered to a mailbox on this server (lmtp,
   * virtual, local): a notice of spam sent with the account's own address as sender comes back to its own mailbox
   * (review AK, AK9: 53 of the corpus incident's 112 notices of info@example.jp's spam went to info@example.jp).
   */
  local: Map<string, Map<string, number>>;
  /**
   * SASL login → client IP → the notices made here (bounce(8) output, totals.ndrMessages) answering its mail:
   * [messages, recipients at outside addresses, of those bounced or expired, of those deferred at their last try], the
   * share of totals.ndrMessages, ndrRemoteRecipients, ndrRemoteFailed and ndrRemotePending that answers the login's
   * mail: the backscatter rule leaves out those of the users' own mail (review AM, AM7: the corpus incident's notices of
   * yamada@, takahashi@ and sato@example.jp, back in their own mailboxes, were 3 of its 233 "answering the spam").
   */
  made: Map<string, Map<string, number[]>>;
}

/** A notice made here, by its recipients at outside addresses: all, bounced or expired, deferred at their last try. */
export interface NoticeMade {
  remote: number;
  failed: number;
  pending: number;
}

/**
 * A bounce notice's link to the message it answers ("E9FDB160691: sender non-delivery notification: EEA0B160693"),
 * kept in the notice's record: the link's name (linkId), and the answered message's login and client IP when they
 * were known where the link was read (`final`); else that message settles it when folded (bounce-notices.ts).
 */
export interface NoticeOf {
  link: number;
  user: string;
  ip: string;
  final: boolean;
}

export interface RecipientState {
  to: string;
  origTo: string;
  /** Last status seen; "expired" when qmgr expired the message while this recipient was pending. */
  finalStatus: string;
  /**
   * The last attempt's agent ("smtp", "lmtp", "local", "error" …; "" = never attempted) and relay. Only what the
   * counts need: records of a deferred flood stay open for days, so every field kept here costs memory per recipient.
   */
  lastAgent: string;
  lastRelay: string;
  /**
   * An attempt, any of them, was lmtp to this host's loopback on a port other than 24 and no filter's, and a mail store
   * answered it ("250 2.0.0 <x> … Saved", "452 4.2.2 <x> Mailbox is full": aggregate/mailbox-transport.ts): a mailbox
   * here, whatever the later attempts met (a refused connection, "relay=none", while Dovecot restarts: review T, F2).
   */
  storeReply: boolean;
  /**
   * Handed to a content filter ("queued as" on a filter relay: the real outcome is in the re-queued message): the
   * minute of its last hand-off line (local millis / MINUTE_MS), -1 when never. A hop to a port no filter is known to
   * use whose copy never came back is a delivery, counted in that minute (and hour) as events.ts counts a delivery line
   * in its own (review 17 K6: recipients handed on at 10:59 and, after a deferral, at 11:05 are one each in hours 10
   * and 11). A minute, a small integer: a time would be a boxed number per recipient.
   */
  hopMinute: number;
}

/** The start line that opened the record: smtpd client= ("reinjected" when it carries orig_queue_id=), pickup; "" for messages made by Postfix itself (bounces, forwards: see sawCleanup) and for messages that started before the log. */
export type MessageOrigin = '' | 'smtpd' | 'pickup' | 'reinjected';

/** A pipe(8) delivery "to=<sato@example.jp>, relay=spamassassin, … status=sent (delivered via spamassassin service)". */
export interface PipeHandoff {
  /** The recipient (the record's own RecipientState.to string). */
  to: string;
  at: LocalMillis;
}

export interface MessageRecord {
  key: string;
  host: string;
  qid: string;
  origin: MessageOrigin;
  /** Its cleanup line was seen: the message entered the queue inside the log (bounces and forwards start there). */
  sawCleanup: boolean;
  /**
   * Scan-local: the record was created by its start line (smtpd client=, pickup) in the current byte range, so
   * its whole life up to removal is in this range and it can be finished there; any other record goes to the
   * stitcher, which alone knows what earlier ranges held for the same queue ID.
   */
  startInRange: boolean;
  /**
   * The record was created by its cleanup line in its range. A bounce notice has no smtpd/pickup line: its cleanup
   * line is its first, and bounce(8)'s "notification: X" makes it a start (correlator.ts startedByLink). The
   * stitcher closes an earlier record that cannot take a cleanup line before such a fragment, as the correlator does
   * (record.ts takesCleanupLine).
   */
  cleanupFirst: boolean;
  startAt: LocalMillis;
  lastAt: LocalMillis;
  firstRef: LineRef | null;
  service: string;
  client: ClientAddr | null;
  saslMethod: string;
  saslUser: string;
  pickupUid: string;
  /** The envelope sender on the pickup line ("uid=33 from=<www-data>"), which qmgr may log qualified. */
  pickupFrom: string;
  sender: string;
  senderSeen: boolean;
  size: number;
  nrcpt: number;
  messageId: string;
  /** In the order first seen (correlate/recipients.ts); `recipientIndex` maps addresses once the list is long. */
  recipients: RecipientState[];
  recipientIndex: Map<string, RecipientState> | null;
  deferrals: number;
  removed: boolean;
  removedBy: '' | 'qmgr' | 'postsuper';
  expired: boolean;
  /** Queue ID this message came from (bounce notification, local forward, content-filter reinjection). */
  parentQid: string;
  /**
   * The queue ID the message had before `postsuper -r` requeued it (the last one, if requeued more than once), or
   * "". The record is the old one continued under the new ID (correlate/requeue.ts): one message, counted once.
   */
  requeuedFrom: string;
  /**
   * A pipe content filter (correlate/pipe-filter.ts): the pipe service of its first "delivered via S service"
   * delivery ('' = none); every such delivery line, which recipient and when (null = none: hourly "sent" counted
   * each line in its own hour, and a hop takes each back from that hour); whether a hand-off pairs with the
   * filtered copy (its recipients delivered through S are then filter hops); whether this record is such a copy,
   * picked up (not received again).
   */
  pipeVia: string;
  pipeSent: PipeHandoff[] | null;
  /**
   * The queue IDs an SMTP content filter's hand-off named ("250 2.0.0 Ok: queued as 4C3D4160701"), space-separated
   * ('' = none): its copies, paired with a loopback smtpd record of that queue ID when no orig_queue_id= names the
   * original (pipe-filter.ts isSmtpdCopyCandidate).
   */
  filterCopies: string;
  pipeHop: boolean;
  reinjected: boolean;
  /** Its filter-hop roles are decided by the stitcher (pipe-filter-stitch.ts), which finishes it only then. */
  hopOpen: boolean;
  /** Scan-local: what pipe-filter-range.ts knows of it while undecided (never crosses the wire); null otherwise. */
  hopState: object | null;
  /** A bounce notice's link to the mail it answers (null for any other record). */
  noticeOf: NoticeOf | null;
  /** The links of this message's non-delivery notices that its fold settles (bounce-notices.ts), or null. */
  noticeLinks: number[] | null;
  /**
   * Made by a bounce(8) line alone, for a queue ID with no open record (the notice or the message it answers is gone
   * already, or before the log): not a message, only what the link needs (correlator.ts linkNotice).
   */
  linkOnly: boolean;
  rejectedInCleanup: boolean;
  /**
   * Of those, refused to the client (a reject or milter-reject of the whole message, not a DISCARD, which answers 250):
   * it never entered the queue, so it is no received mail (review 17 H3):
   *   "QID: milter-reject: END-OF-MESSAGE from unknown[45.1.2.3]: 5.7.1 Spam message rejected; from=<…> to=<…> proto=ESMTP helo=<User>"
   * The reply's class: 5 for a permanent refusal (a verdict on the message: aggregate/refused-messages.ts counts it
   * for its login and client), 4 for a temporary one (the client tries again; a milter that is down answers it to
   * everyone, "4.7.1 Service unavailable - try again later"), 3 for a permanent refusal by a virus scanner ("5.7.1
   * ClamAV FOUND VIRUS …": a forwarded infected file, not counted for the login); the highest of its refusals (a record
   * rarely has two); 0 when not refused.
   */
  refused: number;
  /** Put on hold by cleanup (header/body checks or a milter HOLD action): in the hold queue, never seen by qmgr. */
  held: boolean;
  /** Example line of the client= / pickup line, for evidence. */
  startLine: string;
  /**
   * First remote delivery line that failed (deferred, bounced) while the record had no start line and no sender
   * but <> (a bounce notification, or a fragment whose sender is in another range), and where it is: the
   * backscatter finding's evidence. "" for nearly every record.
   */
  failLine: string;
  failRef: LineRef | null;
  /**
   * The recipients a receiver bounced with a verdict that the mail is spam or our reputation poor (detect/refusal-kinds.ts
   * isSpamVerdict: "550-5.7.1 … likely unsolicited mail"), and the first such line and where it is: the open-relay
   * rule's burst sign (review 18). null for nearly every record.
   */
  spamRefusal: SpamRefusal | null;
  /**
   * The recipients a receiver deferred or bounced because it refuses this server, not the recipient
   * (detect/refusal-kinds.ts refusalKind of the answer: a block list, our reputation or rate, our authentication, no
   * PTR), each with the receiver and kind of its first such answer, how many answers it met, and whether a bounce was
   * one of them (RefusalMark.bounced, review AM, AM2):
   *   "5E7F1A2B3C4: to=<member050@gmail.com>, relay=gmail-smtp-in.l.google.com[…]:25, …, dsn=4.7.28, status=deferred
   *    (host … said: 421-4.7.28 [203.0.113.25      15] Our system has detected an unusual rate of … unsolicited mail …)"
   * The receivers-refusing finding counts distinct recipients and messages, and which got the mail later (review AN,
   * AN4, AN5). Keyed by the record's own RecipientState.to strings; null for nearly every record.
   */
  refusals: Map<string, RefusalMark> | null;
  /**
   * What OpenDKIM logged of the message ('' nothing): the strongest of its lines (correlate/dkim-rank.ts:
   * signed above any reason not to sign), and that line and where it is ('' and null for 'signed').
   */
  dkim: DkimOutcome | '';
  dkimLine: string;
  dkimRef: LineRef | null;
  /** Whether OpenDKIM logged any line about the message (whatever rspamd or amavis logged of it). */
  opendkimSaw: boolean;
}

/**
 * Outgoing mail and OpenDKIM (aggregate/dkim-signing.ts): what it signed, and the messages to outside recipients that
 * left without its signature, by sender domain. Every field merges by sum, union or the first examples by position.
 */
export interface DkimSigning {
  /**
   * "DKIM-Signature field added (s=mail, d=example.jp)" lines, by the key's DNS name "mail._domainkey.example.jp"
   * (only with SyslogSuccess yes: none otherwise).
   */
  signedByKey: Map<string, number>;
  /** Lines saying a key or the signing table failed to load (the message was tempfailed), and the first. */
  keyErrors: number;
  keyErrorExample: Example | null;
  /** Messages with outside recipients not signed, by envelope sender domain. */
  unsigned: Map<string, UnsignedMail>;
  /** Signature lines by signer ('opendkim', 'rspamd', 'amavis'): a signer with none may not sign here at all. */
  signedBy: Map<string, number>;
  /** rspamd's and amavis's verdict lines on a message (signed or not), by signer: whether their lines are in this log. */
  verdictsBy: Map<string, number>;
  /** rspamd's "cannot load dkim key …" lines (the message goes out unsigned), and the first. */
  rspamdKeyErrors: number;
  rspamdKeyErrorExample: Example | null;
  /** Finished messages OpenDKIM logged a line about, by how they came: submitted with sendmail (pickup) or over SMTP. */
  opendkimSawPickup: number;
  opendkimSawSmtpd: number;
  /**
   * Postfix's warnings that it could not reach a signer's milter (OpenDKIM's or rspamd's, by the socket they name:
   * "warning: connect to Milter service inet:127.0.0.1:8891: Connection refused"), by second (local time / 1 s).
   */
  milterDownSeconds: Map<number, number>;
  /**
   * rspamd's actions on outgoing mail: its task summaries that name an authenticated user ("user: info@example.jp"),
   * keyed "user\naction" ("info@example.jp\nreject"), from the maillog's lines and rspamd's own file alike.
   */
  rspamdOutgoing: Map<string, number>;
  /**
   * rspamd's own log file (rspamd.log, header.ts rspamdFileLine): its verdict on each queue ID, joined to the maillog's
   * messages at the end of the run (aggregate/rspamd-file.ts), since its lines are another input's.
   */
  rspamdFile: Map<string, RspamdFileVerdict>;
  /**
   * Whether the run reads rspamd's own log file (split/inputs.ts InputFile.rspamdLog): then messages to outside
   * recipients without a signature are kept whole in `held` until that file's verdicts are joined, and counted
   * into `unsigned` then (aggregate/rspamd-file.ts).
   */
  holding: boolean;
  held: HeldUnsigned[];
  /** Of the held messages, those rspamd's file says it signed, and those it says it did not. */
  rspamdFileSigned: number;
  rspamdFileUnsigned: number;
}

/** rspamd's task summary of one queue ID in its own log file: signed or not, and the line. */
export interface RspamdFileVerdict {
  outcome: 'signed' | 'rspamd-unsigned';
  /** Where the line is (its `line` fixed as every example's); its text cut to 500 characters, '' when signed. */
  at: Example;
}

/** A message to outside recipients without a signature as foldDkim counts it (aggregate/dkim-signing.ts). */
export interface HeldUnsigned {
  qid: string;
  domain: string;
  startAt: number;
  /** MessageRecord.dkim at the end of the maillog's lines ('' none). */
  dkim: DkimOutcome | '';
  pickup: boolean;
  sasl: boolean;
  copy: boolean;
  remote: number;
  refused: number;
  refusedDomains: string[];
  example: Example | null;
  refusedId: { qid: string; file: number; offset: number } | null;
}

/** Messages of one sender domain that went to outside recipients without OpenDKIM's signature. */
export interface UnsignedMail {
  domain: string;
  messages: number;
  /** The first line of the first and of the last of those messages (local time). */
  firstAt: number;
  lastAt: number;
  /** By why: a DkimOutcome other than 'signed', or 'none' when OpenDKIM logged nothing of the message. */
  why: Map<string, number>;
  /** Of `why`'s 'none', those submitted on the server with sendmail (pickup), and those by a logged-in client. */
  noLinePickup: number;
  noLineSasl: number;
  /** Outside recipients of those pickup messages (noLinePickup) refused or not delivered. */
  noLinePickupRefused: number;
  /** noLinePickup and noLineSasl by the second they started (local time / 1 s), to join milter-down warnings. */
  noLinePickupSeconds: Map<number, number>;
  noLineSaslSeconds: Map<number, number>;
  /** Of why's 'rspamd-unsigned' / 'amavis-unsigned', those about a content filter's copy (its original may have been signed before the filter). */
  filterCopies: Map<string, number>;
  /** Outside recipients of those messages, and those a receiver bounced or that were still deferred at the end. */
  recipients: number;
  refusedRecipients: number;
  /** Refused recipients by recipient domain. */
  refusedByDomain: Map<string, number>;
  /**
   * The first messages by position (file, byte offset of their first line): the OpenDKIM line saying why, or the message's
   * start line (pickup's, smtpd's client=) when OpenDKIM logged nothing; and the queue IDs of the first refused ones.
   */
  examples: Example[];
  refusedIds: Array<{ qid: string; file: number; offset: number }>;
}

/** MessageRecord.refusals: one recipient's refusals by a receiver (detect/refusal-kinds.ts providerOf, refusalKind). */
export interface RefusalMark {
  provider: string;
  kind: string;
  answers: number;
  /**
   * Its bounce line was such an answer: "status=bounced (host … said: 550 5.7.1 Unfortunately, messages from
   * [127.0.0.1] weren't sent. … on our block list (S3150). …)" (the corpus incident's line 4856). It never got the mail,
   * and will once the server is trusted again: the users' mail among the messages still queued or deleted names it
   * (review AM, AM2; a list of its own on the record until the session's review found it was this map's).
   */
  bounced: boolean;
}

/**
 * Aggregate.refusedRecipients, per class ("Gmail rate", as receivers-refusing.ts groups them): the distinct recipients
 * (message × address) a receiver deferred or bounced because it refuses this server, their messages, what became of
 * those recipients (sent later, bounced, neither: still queued or expired), the last time a message whose refused
 * recipients were all sent left the log's view (its last line), and the messages with the most refused recipients.
 */
export interface RefusedRecipients {
  recipients: number;
  messages: number;
  sentLater: number;
  bounced: number;
  /**
   * Of `bounced`, those whose bounce was no such refusal (RefusalMark.bounced false): the receiver answered for the
   * recipient's own mailbox, an unknown user or a full one, once it took mail from this server again (review AO, AO2: a
   * list post Gmail rate-limited at 10:00, 12 of its 272 refused subscribers "550 5.1.1 … does not exist" at 10:20).
   */
  bouncedOwn: number;
  notDelivered: number;
  /**
   * Messages whose refused recipients were all sent later, or bounced later for their own mailbox (at least one sent):
   * the latest last line among them (-Infinity when none).
   */
  deliveredBy: LocalMillis;
  /** The first REFUSED_MESSAGES_KEPT by refused recipients (most first), then queue ID. */
  top: RefusedMessage[];
}

export interface RefusedMessage {
  qid: string;
  sender: string;
  saslUser: string;
  /** The message's recipients (nrcpt=, else those seen), and of them the refused ones and how many of those were sent later. */
  recipients: number;
  refused: number;
  sentLater: number;
}

/** MessageRecord.spamRefusal: the recipients (the record's own RecipientState.to strings) and the first line. */
export interface SpamRefusal {
  to: string[];
  line: string;
  ref: LineRef;
}

// ---------------------------------------------------------------------------------------------------------
// Aggregates: every field merges by sum, min/max or union (merge(agg(A), agg(B)) = agg(A ∪ B)).
// ---------------------------------------------------------------------------------------------------------

/** An input file's mail lines: LocalMillis of the first and last, and the programs (bits of PROGRAM_POSTFIX, PROGRAM_DOVECOT). */
export interface FileSpan {
  firstAt: number;
  lastAt: number;
  programs: number;
}
export const PROGRAM_POSTFIX = 1;
export const PROGRAM_DOVECOT = 2;

/**
 * A host's clock going back (aggregate/clock-steps.ts): a Postfix/Dovecot line of `host` whose time is more than
 * CLOCK_STEP_MS before the host's line before it in the same file (a DST fall-back or an NTP step on classic
 * syslog stamps, which carry no zone). `at` is the line whose time went back; `from` the time of the line before.
 */
export interface ClockStep {
  host: string;
  at: Example;
  from: LocalMillis;
  to: LocalMillis;
  /**
   * What the run added to the host's times from this line on (aggregate/clock-steps.ts clockShiftOf), when it read
   * the inputs again with the steps put right; absent when times are as written.
   */
  shift?: number;
}

/**
 * The clock steps of a set as one input's scan puts them right (aggregate/clock-steps.ts planClockFix): per host, the
 * ms its lines get at the input's start (the steps of earlier inputs), then the steps in the input, in byte order:
 * [host, byte offset of the step's line, ms added from that line on].
 */
export interface FileClock {
  base: Array<[string, number]>;
  steps: Array<[string, number, number]>;
}

/**
 * A host's first and last Postfix/Dovecot line in a byte range (or, merged, in consecutive ranges): the step at a
 * range's start is found when ranges are merged in file order (the earlier range's last line of the host against
 * this one's first line of it, in the same file).
 */
export interface HostClock {
  /** The host's first line (registered in the range's refs, so its line number is fixed like any example). */
  first: Example;
  firstAt: LocalMillis;
  lastAt: LocalMillis;
  /** The input file of the host's last line. */
  lastFile: number;
}

export interface LineCounts {
  total: number;
  parsed: number;
  ignored: number;
  unparsed: number;
  /**
   * sysklogd "last message repeated N times" lines whose repeated line is not known here (the first line of a
   * file or stream, or after a line of another host): counted in `ignored`, and their N in the next field, not
   * as events. Every other such line repeats the previous line's event N times (scan.ts).
   */
  repeatsNotExpanded: number;
  repeatedEventsNotCounted: number;
  /** Of the unparsed lines, those whose fields were visibly cut short (parse/cut.ts): a damaged log. */
  cutShort: number;
}

/**
 * The mail one sender that never logged in had relayed to remote hosts: a client IP (ClientIpStats) or a local
 * program that submitted through sendmail (PickupUidStats). The same fields, read by the same tests (open-relay.ts).
 */
export type RelayTally = Pick<ClientIpStats, 'unauthRelayed' | 'unauthRelayDomains' | 'unauthRelaySenderDomains' | 'unauthRelayFirstAt'
  | 'unauthRelayLastAt' | 'unauthRelayNotDelivered' | 'firstUnauthRelay' | 'unauthRelaySlots'>;

/**
 * One ten-minute slot of relayed mail (aggregate/relay-slots.ts): the messages with a relayed recipient, those
 * recipients and how many were not delivered (and bounced as spam), their distinct domains, the messages per envelope sender domain, and
 * the first and last message's time.
 */
export interface RelaySlot {
  firstAt: LocalMillis;
  lastAt: LocalMillis;
  messages: number;
  recipients: number;
  notDelivered: number;
  /** Of those not delivered, the recipients their receivers bounced as spam (MessageOutcome.remoteSpamRefused, review 18). */
  spamRefused: number;
  domains: Set<string>;
  senderDomains: Map<string, number>;
  /** The slot's first relayed message (its start line), the evidence of a burst window (relay-window.ts). */
  example: Example | null;
  /** The first line of the slot's messages a receiver bounced as spam ("… said: 550-5.7.1 … likely unsolicited mail …"). */
  spamRefusal: Example | null;
}

/** Slot index (Math.floor(localMillis / 600_000)) → its relayed mail. */
export type RelaySlots = Map<number, RelaySlot>;

/**
 * Mail a local program submitted through sendmail(1) (PHP mail(), cron, a list manager), by the user ID pickup names:
 *   "Nov 10 14:00:03 mail postfix/pickup[21553]: 5A1B2C3D4E: uid=33 from=<security@mufg.jp>"
 * Its remote recipients are relayed as an own-network client's are (RelayTally; a message with the null sender, an
 * auto-reply, is not counted there).
 */
export interface PickupUidStats extends RelayTally {
  host: string;
  uid: string;
  /** Messages submitted (content filter copies are their originals'), and their recipients, whatever became of them. */
  messages: number;
  recipients: number;
  /**
   * Of its relayed mail (the messages and recipients in unauthRelayDomains), by the sender domain of the message as
   * unauthRelaySenderDomains counts it ('<>' never): its recipients, their distinct addresses and the distinct sender
   * addresses (aggregate/address-set.ts): a phishing form writes to hundreds of addresses once each as rotating
   * senders of a few brands, a shop to its customers as one or two fixed addresses, a Sieve redirect to a few
   * mailboxes many times (review 19, M2; review Q). null until it relayed a message with a sender.
   */
  relayedBySender: Map<string, SenderDomainAddresses> | null;
}

/** A local program's relayed mail as one sender domain (PickupUidStats.relayedBySender). */
export interface SenderDomainAddresses {
  /** Relayed recipients, a copy to the message's own sender left out (a contact form's copy to the visitor as the visitor). */
  recipients: number;
  /** Their distinct addresses. */
  to: AddressSketch;
  /** The distinct sender addresses. */
  as: AddressSketch;
  /**
   * On the entry of the folded domains (address-set.ts OTHER_DOMAINS) only: the sampling level, the least number of
   * leading zero bits of a domain's hash for it to keep an entry of its own.
   */
  level?: number;
}

/**
 * Distinct addresses (aggregate/address-set.ts): their 32-bit hashes, sorted, up to EXACT_HASHES; past that a bitmap
 * of SKETCH_BITS bits.
 */
export type AddressSketch = number[] | Int32Array;

export interface SaslUserStats {
  messages: number;
  recipients: number;
  clientIps: Map<string, number>;
  /** First message time per client IP: when each IP started sending as this user. */
  clientIpFirstAt: Map<string, number>;
  /** Recipients, and of those the ones sent, per client IP: what the IPs that came after a guess sent. */
  clientIpRecipients: Map<string, number>;
  clientIpSent: Map<string, number>;
  /** Of those recipients, the ones delivered here (MessageOutcome.localRecipients): an archive Bcc is no spam target. */
  clientIpLocalRecipients: Map<string, number>;
  /**
   * The same recipients sent, per client IP, by the minute their message arrived (aggregate/sent-minutes.ts): the report
   * places a compromised account's mail since the guess in time with it (hourly[].compromisedDeliveredByArrival).
   */
  clientIpSentMinutes: Map<string, number[]>;
  senders: Map<string, number>;
  recipientDomains: Map<string, number>;
  /**
   * Messages per client IP submitted through the master.cf `smtp` service (port 25; syslog tag "postfix/smtpd", where
   * submission logs as "postfix/submission/smtpd"): the users a "no AUTH on port 25" fix would stop.
   */
  smtpServiceIps: Map<string, number>;
  sent: number;
  deferred: number;
  bounced: number;
  expired: number;
  /**
   * Recipients the server's content filter discarded or bounced on the hand-off (amavis's "250 2.7.0 Ok, discarded, id=…
   * - spam", review 17 H2): a known outcome, not delivered.
   */
  discarded: number;
  /**
   * Its submissions refused at the end of DATA with a 5xx, a milter's verdict or a content check's (review 17 K7b, an
   * outbound rspamd: "QID: milter-reject: END-OF-MESSAGE from unknown[45.33.1.10]: 5.7.1 Spam message rejected; …"):
   * never received, so not among `messages` (aggregate/refused-messages.ts). Per client IP, how many and when the
   * first (null until one: most accounts never have one). Its first and last times and example are the user's too.
   */
  refusedMessages: number;
  refusedIps: Map<string, number> | null;
  refusedIpFirstAt: Map<string, number> | null;
  deferralAttempts: number;
  /**
   * Its messages with recipients a receiver bounced because it refuses this server, and those recipients
   * (MessageOutcome.receiverRefused): the receivers-refusing finding counts the users' own mail so lost (review AM, AM2).
   */
  receiverRefusedMessages: number;
  receiverRefusedRecipients: number;
  /** Postfix SASL failure warnings that named this user (Postfix ≥ 3.7.8 adds sasl_username=). */
  authFailures: number;
  firstAt: LocalMillis;
  lastAt: LocalMillis;
  firstExample: Example | null;
}

export interface ClientIpStats {
  name: string;
  connections: number;
  messages: number;
  recipients: number;
  authFailures: number;
  authAborted: number;
  /**
   * Of authFailures + authAborted, those logged by the master.cf `smtp` service's smtpd (port 25: the tag
   * "postfix/smtpd", not "postfix/submission/smtpd"): whether turning AUTH off on port 25 would stop them.
   */
  smtpServiceAuthFailures: number;
  /**
   * Of authFailures, those where smtpd gave up on the auth server and answered 454 ("SASL LOGIN authentication
   * failed: Connection lost to authentication server"): who got them tells a stalled Dovecot that hit real users
   * from one that only slowed the attackers down (server-trouble).
   */
  authServerErrors: number;
  rejects: number;
  /**
   * Its messages refused at the end of DATA with a 5xx (a milter's or content check's verdict), never received: not
   * among `messages`; the SASL login of such a submission is among `saslUsers` (aggregate/refused-messages.ts).
   */
  refusedMessages: number;
  /**
   * The three per-IP maps are created on first use (null until then): a botnet's IPs mostly never need them, and
   * three empty Maps were half of a row's heap (docs/memory.md). Read them with countsOf().
   */
  saslUsers: Map<string, number> | null;
  /**
   * User names this client tried with their counts (aggregate/user-counts.ts: lists for a few, a Map for many): the
   * sasl_username of Postfix's "SASL … authentication failed" lines and the user=<…> of Dovecot's login-process
   * lines ("imap-login: … (auth failed, N attempts …): user=<admin>", N tries). Dovecot's auth line of the same
   * IMAP/POP3 attempt ("passwd-file(admin,ip,<session>): unknown user", only with auth_verbose) is not counted again
   * during the scan, nor its session-less line of an SMTP AUTH attempt (Postfix's line counts that one); after the
   * scan, the names of those auth lines are folded in for an IP whose auth lines saw more IMAP/POP3 failures than its
   * login-process lines (mailboxAuthUsersTried).
   */
  authUsersTried: UserCounts | null;
  /**
   * The user names of Dovecot's auth lines with a login session ID and a client IP, one per attempt (2.3
   * "passwd-file(info@example.jp,203.0.113.99,<t5ZU…>): Password mismatch", 2.4 "auth(info@example.jp,203.0.113.99,
   * sasl:plain)<t5ZU…>: passwd-file: Password mismatch"): the other view of mailboxLoginFailures's attempts, which a
   * guesser that keeps trying in one connection and then logs in leaves without a login-process failure line.
   * Folded into authUsersTried after the scan (aggregate/mailbox-names.ts) and null from then on.
   */
  mailboxAuthUsersTried: UserCounts | null;
  /** Rejects by class: "Relay access denied" probes and unknown-recipient (dictionary) rejects. */
  relayDenied: number;
  unknownRecipient: number;
  /** Messages accepted without SASL from this client and sent on to a remote host (open relay check). */
  unauthRelayed: number;
  /**
   * Of those, the recipients the client asked for directly (no orig_to: not an alias we forward) that went to a
   * remote host, by recipient domain; and the client= line of the earliest such message.
   */
  unauthRelayDomains: Map<string, number> | null;
  /**
   * Of the same messages (those with a recipient in unauthRelayDomains), the count per envelope sender domain ("<>"
   * for the null sender), and the first and last time one was received: a host of the site's own networks relaying
   * mail as many other people's domains in a burst is a hacked web application (open-relay.ts, review 11 H5).
   */
  unauthRelaySenderDomains: Map<string, number> | null;
  unauthRelayFirstAt: LocalMillis;
  unauthRelayLastAt: LocalMillis;
  /**
   * Of the recipients in unauthRelayDomains, those not delivered (bounced, expired or still deferred at the end of
   * the log): a newsletter to its customers mostly arrives, spam to bought or harvested addresses bounces (review 12 H5).
   */
  unauthRelayNotDelivered: number;
  firstUnauthRelay: Example | null;
  /**
   * Of the same relayed mail, by ten-minute slot (aggregate/relay-slots.ts), for a client on the site's own networks
   * only (detect/own-network.ts; null for the Internet's and until used): a host that relays all day is measured in
   * its worst hour (review 13 H5: a shop's order mail from 127.0.0.1 all day hid a 40-minute phishing burst).
   */
  unauthRelaySlots: RelaySlots | null;
  /** First "Relay access denied" and first unknown-recipient reject of this client. */
  firstRelayDenied: Example | null;
  firstUnknownRecipient: Example | null;
  /** The first failed login line: Postfix's SASL failure, or Dovecot's IMAP/POP3 one (login-process or auth line). */
  firstAuthFailure: Example | null;
  /**
   * The earliest proof of a successful AUTH from this IP: a "client=…, sasl_username=…" line (logged at MAIL FROM,
   * inside the session) or, for a session that sent nothing, its "disconnect from … auth=1/3" line.
   */
  firstAuthOkAt: LocalMillis;
  firstAuthOk: Example | null;
  /**
   * IMAP/POP3 login failures, counted two ways because which lines exist depends on Dovecot's auth_verbose:
   * login-process lines ("auth failed, N attempts") and auth lines that carry a login session ID. The report
   * shows the larger of the two per IP.
   */
  mailboxLoginFailures: number;
  mailboxAuthFailures: number;
  /**
   * The first failed login of this client, over the failures sasl-bruteforce counts (SMTP AUTH failures and aborts,
   * IMAP/POP3 failures): whether a successful mailbox login came after them (mailbox-breach). One number per row
   * (measured: 24 bytes of a ~290-byte row object); the last failure is bounded by `lastAt`.
   */
  firstLoginFailureAt: LocalMillis;
  /**
   * smtpd session problems and postscreen verdicts of this client by kind ("lost connection after AUTH",
   * "postscreen PREGREET" …: aggregate/session-problems.ts), null until the first: label and count pairs in one
   * list. A kind is one of a few dozen texts, kept once per scan and shared by every row.
   */
  sessionProblems: ProblemCounts | null;
  firstAt: LocalMillis;
  lastAt: LocalMillis;
  firstExample: Example | null;
}

export interface SenderStats {
  messages: number;
  recipients: number;
  sent: number;
  deferred: number;
  bounced: number;
  expired: number;
  /**
   * Recipients of this sender's mail that came in from outside (smtpd, no login, a client other than this host's
   * loopback) and went to a mailbox here (MessageOutcome.localRecipients; aggregate/filter-credit.ts): what a Sieve
   * redirect or a `.forward` resends as its original sender (open-relay.ts resentBrands; review T, F1). Not in the
   * report's sender rows.
   */
  inboundLocal: number;
}

export interface DomainStats {
  recipients: number;
  sent: number;
  deferred: number;
  bounced: number;
  expired: number;
  deferralAttempts: number;
  /**
   * Its last deferral: the time (-Infinity: none) and the normalised reason (normalize.ts) of its latest status=deferred
   * line, the greater reason on a tie, so that any cut of the log gives the same; what holds its mail in the queue at
   * the end (detect/queue-holders.ts; review AI, AI4).
   */
  lastDeferralAt: LocalMillis;
  lastDeferralReason: string;
}

export interface ReasonStats {
  count: number;
  /** DSN of the first occurrence, to group one remote policy. */
  dsn: string;
  example: Example | null;
  /** First and last time seen (since when, until when). */
  firstAt: LocalMillis;
  lastAt: LocalMillis;
}

/**
 * Per minute: what the queue's peak and the busiest minute need (an hour hides both: the corpus incident's queue
 * rose to ~360 messages and was emptied within the same hour). Keyed by Math.floor(localMillis / 60_000).
 */
export interface MinuteStats {
  lines: number;
  /** Messages that entered the queue (by their first line), and left it (removed, deleted in bulk). */
  entered: number;
  removed: number;
  /**
   * The charts' series of HourStats, minute by minute, counted where the hour's are: a log of a few minutes (an
   * excerpt, one burst) is drawn in minute bins, where an hour is one bar (report/minutely.ts; review AG, AG6).
   */
  received: number;
  sent: number;
  deferred: number;
  bounced: number;
  expired: number;
  rejected: number;
  authFailures: number;
  /** As HourStats.deliveredByArrival: by the minute the message arrived. */
  deliveredByArrival: number;
  /** IMAP/POP3 login failures with a user name, in each of their views (mailboxFailuresByHour takes the larger). */
  mailboxLogin: number;
  mailboxAuth: number;
  mailboxProxy: number;
}

export interface HourStats {
  /** Messages that entered the queue (received, bounces, forwards, reinjections). */
  entered: number;
  received: number;
  sent: number;
  /**
   * Recipients delivered (as totals.delivered) of the messages whose first line is in this hour, whenever they were
   * delivered: the series a compromised account's spam is taken out of (sent counts by the hour of the delivery line).
   */
  deliveredByArrival: number;
  deferred: number;
  bounced: number;
  expired: number;
  rejected: number;
  authFailures: number;
  dovecotAuthFailures: number;
  removed: number;
  lines: number;
  /** Of them, Dovecot's (its parser's; a sysklogd repeat line is neither's): compare/cut-lines.ts (review R, R7a). */
  dovecotLines: number;
  /** Deliveries to remote hosts over SMTP, and outbound connections to port 25 that timed out (OP25B: hours of timeouts, no deliveries). */
  remoteSent: number;
  connectTimeouts25: number;
  /**
   * The first and last of those timeouts in the hour (Infinity, -Infinity: none): a block's start and end as the log
   * saw them, not its hours' edges (review Y: a block that came back later ended "at the end of its hour").
   */
  connectTimeout25FirstAt: LocalMillis;
  connectTimeout25LastAt: LocalMillis;
  /** smtpd session problems and postscreen verdicts (totals.sessionProblems). */
  sessionProblems: number;
}

/**
 * What a Dovecot login proxy's lines say of it and its backends (review AD: a proxy with nopassword=y checks no
 * password; its backends do, and log the failures in their own logs).
 */
export interface LoginProxies {
  /** The addresses clients reached the proxy on (its lines' lip=). */
  addrs: Set<string>;
  /** The proxy's logins passed on, per backend its lines name ("Started proxying"). */
  backends: Map<string, number>;
  /** Logins the backends refused, as the proxy's session lines count them ("proxy dest auth failed"), and their times. */
  refused: number;
  firstRefusedAt: number;
  lastRefusedAt: number;
  /**
   * auth_verbose's "proxy(user,backend:port): Login failed" lines per backend as the prefix writes it, host:port (a
   * refusal, or the backend's temporary failure): which backend refused how many (the session's line names none).
   */
  refusedBy: Map<string, number>;
  /**
   * The refusals of the session lines per client IP (their rip=), the names tried (user=) and the earliest line:
   * counted as that IP's IMAP/POP3 login failures once the log is read (aggregate/proxy-refusals.ts).
   */
  refusedByIp: Map<string, ProxyRefusalsOfIp>;
  /** Backends whose own lines are in the log (mailbox-logins.ts foldProxiedLogins; empty before it). */
  logging: Set<string>;
}

/** A client IP's logins a login proxy's backends refused, from the proxy's session lines (LoginProxies.refusedByIp). */
export interface ProxyRefusalsOfIp {
  refused: number;
  firstAt: LocalMillis;
  lastAt: LocalMillis;
  /** The earliest such line. */
  first: Example | null;
  /** The user names the refused logins gave (user=), with their counts. */
  users: UserCounts | null;
}

export interface Totals {
  received: number;
  delivered: number;
  deferred: number;
  deferredMessages: number;
  bounced: number;
  expired: number;
  rejected: number;
  rejectWarnings: number;
  discarded: number;
  held: number;
  authFailures: number;
  /** AUTH failures where the password was checked and wrong (not auth-server trouble, not garbage input). */
  authCredentialFailures: number;
  /** "Connection lost to authentication server": smtpd gave up waiting for Dovecot/saslauthd (server trouble). */
  authServerErrors: number;
  /** Undecodable AUTH data ("Invalid base64 data in initial response"): broken bots. */
  authMalformed: number;
  authAborted: number;
  dovecotAuthFailures: number;
  dovecotLoginFailures: number;
  dovecotLogins: number;
  connections: number;
  messagesRemoved: number;
  postsuperDeleted: number;
  /** The sum of postsuper's "Requeued: N messages" lines (`postsuper -r`): not deletions, the messages stay queued. */
  postsuperRequeued: number;
  notifications: number;
  filterHops: number;
  connectFailures: number;
  /** Local deliveries into /dev/null ("delivered to file: /dev/null"), e.g. a luser_relay alias. */
  devNullDeliveries: number;
  /** Non-delivery/delay notifications made here (from=<>, entered by bounce(8), not received from a client). */
  ndrMessages: number;
  /** Their recipients sent to a remote host, and of those: bounced or expired (double bounce), still deferred at the end. */
  ndrRemoteRecipients: number;
  ndrRemoteFailed: number;
  ndrRemotePending: number;
  /** Recipients of mail accepted from an unauthenticated network client that a local agent then bounced (accept-then-bounce). */
  inboundBouncedLocally: number;
  stillQueued: number;
  /** Messages that a bulk `postsuper -d ALL` deleted (no per-ID line names them; see aggregate/bulk-delete.ts). */
  deletedInBulk: number;
  partialMessages: number;
  /**
   * smtpd transactions that got a queue ID but never entered the queue (correlate/record.ts isAbandoned):
   * recipient-verification probes, clients that quit after RCPT or dropped during DATA. Not received, not queued.
   */
  abandonedTransactions: number;
  /**
   * smtpd session problems ("lost connection after AUTH", "too many errors after RCPT", "improper command
   * pipelining", "non-SMTP command", anvil limits, TLS handshake errors …) and postscreen verdicts against a client
   * (PREGREET, HANGUP, DNSBL rank …): aggregate/session-problems.ts says which lines count.
   */
  sessionProblems: number;
}

export interface Aggregate {
  lines: LineCounts;
  /** Per input file (index → counts); total = parsed + ignored + unparsed holds for each. */
  linesByFile: Map<number, LineCounts>;
  /** Per input file: the times of its first and last Postfix/Dovecot lines and which of the two (aggregate/overlap.ts). */
  spanByFile: Map<number, FileSpan>;
  unparsedExamples: Example[];
  /**
   * Lines whose stamp carries a year outside the plausible ones (parse/header.ts FIRST_YEAR, YearRule.latestYear):
   * unparsed, kept out of the period; how many, and the first of them (review AA, F10).
   */
  implausibleStamps: number;
  firstImplausibleStamp: Example | null;
  /**
   * NUL padding dropped before a line (a crash, a power loss, copytruncate): how many blocks, their bytes, and the
   * first by position (its `text`: the line the padding cut, '' for none; review AA, F15), and the time of the last
   * Postfix/Dovecot line before that first block (null: none before it in the file; a range without one, nor in the
   * window read before it, gets the earlier ranges' in run.ts): the lines lost there were written after it.
   */
  nulPadding: { blocks: number; bytes: number; first: Example | null; lastAt: LocalMillis | null };
  /** The first CLOCK_STEP_EXAMPLES steps back of a host's clock, by position, and how many there are in all. */
  clockSteps: ClockStep[];
  clockStepCount: number;
  /** Per host ('' for Dovecot's own log file), its first and last line (see HostClock). */
  hostClocks: Map<string, HostClock>;
  /** Postfix/Dovecot lines before --since: counted as ignored (in `lines`), and here. */
  beforeSince: number;
  /** The same per input file, for the files that have any: a rotated file wholly before --since is no other log. */
  beforeSinceByFile: Map<number, number>;
  /**
   * The same per hour (local millis / HOUR_MS): compare tells the before log grown, whose left-out lines are the
   * before period's hour by hour, from another server of the same name (review P, P7; report.since.hourly).
   */
  beforeSinceHourly: Map<number, number>;
  /** Of them, Dovecot's, per hour (review R, R7a). */
  beforeSinceDovecotHourly: Map<number, number>;
  firstAt: LocalMillis;
  lastAt: LocalMillis;
  /** UTC offsets seen on ISO/RFC 3339 lines ("+09:00"); "local" for classic syslog lines. */
  zones: Map<string, number>;
  /**
   * The offset the times are written in (YearRule.refZone): lines of another offset were moved to it. "local" when
   * none (classic syslog first), '' when not known (a stream with no dated line).
   */
  refZone: string;
  hosts: Map<string, number>;
  totals: Totals;
  eventKinds: Map<string, number>;
  bySaslUser: Map<string, SaslUserStats>;
  /** Per-IP rows in columns (aggregate/ip-table.ts): read as a ReadonlyMap of ClientIpStats views. */
  byClientIp: IpTable;
  /** Local programs that submitted mail through sendmail, by "host/uid" (pickup's uid=). */
  byPickupUid: Map<string, PickupUidStats>;
  bySender: Map<string, SenderStats>;
  bySenderDomain: Map<string, SenderStats>;
  byRecipientDomain: Map<string, DomainStats>;
  /** Recipients by the relay of their last delivery attempt ("mx.example.com[192.0.2.1]:25", "local", "none"). */
  byRelay: Map<string, number>;
  /**
   * Recipients handed to a loopback relay on a port no content filter is known to use that answered "queued as" with
   * a Postfix queue ID no copy on this host took within the window (a tunnel to a smarthost, review 17 H1): counted
   * as delivered to that relay, and the report warns (run.ts). By relay as written ("127.0.0.1[127.0.0.1]:11587").
   */
  unconfirmedHops: Map<string, number>;
  byStatus: Map<string, number>;
  deferralReasons: Map<string, ReasonStats>;
  bounceReasons: Map<string, ReasonStats>;
  /**
   * Domains receivers named when they deferred or bounced our mail for failing SPF/DKIM/DMARC, per delivery line
   * ("SPF check for [aeon.co.jp] did not pass"): the reason groups merge them (one policy, one group).
   */
  refusedAuthDomains: Map<string, number>;
  /**
   * Of those lines, the ones of mail forwarded for an address of ours, per domain named: the line has orig_to=, which
   * Postfix writes only when it rewrote the recipient here (virtual_alias_maps, aliases, .forward, canonical maps).
   * Forwarding keeps the original envelope sender, whose SPF does not list this server (review 12 H6):
   *   "to=<yamada.home@gmail.com>, orig_to=<yamada@example.jp>, relay=gmail-smtp-in.l.google.com[…]:25, …, dsn=5.7.26,
   *    status=bounced (… SPF check for [apple.com] did not 550-5.7.26 pass with ip: [192.0.2.1] …)"
   * And the same lines per forward, "orig_to → to" ("yamada@example.jp → yamada.home@gmail.com").
   */
  refusedAuthForwarded: Map<string, number>;
  refusedAuthForwards: Map<string, number>;
  /** Recipients refused by receivers, per class "provider kind" (MessageRecord.refusals folded; review AN, AN4, AN5). */
  refusedRecipients: Map<string, RefusedRecipients>;
  /**
   * The messages with refused recipients, per set of classes that refused them ("Gmail rate|Yahoo rate", sorted): a
   * message two classes refused is one message, whichever of them a finding counts.
   */
  refusedMessageClasses: Map<string, number>;
  /** OpenDKIM's signing of outgoing mail (aggregate/dkim-signing.ts). */
  dkimSigning: DkimSigning;
  /** OpenDMARC's and policyd-spf's verdicts on incoming mail, by "check result domain" (aggregate/auth-verdicts.ts). */
  authVerdicts: Map<string, number>;
  rejectReasons: Map<string, ReasonStats>;
  authFailureReasons: Map<string, number>;
  authFailuresByUser: Map<string, number>;
  dovecotAuthFailuresByUser: Map<string, number>;
  dovecotAuthFailuresByIp: Map<string, number>;
  /** "protocol user" → "Login:" lines; after the scan, the logins (foldProxiedLogins: a login proxy's lines too). */
  dovecotLoginsByUser: Map<string, number>;
  /** A login proxy's "started proxying" lines by "protocol user" (emptied by foldProxiedLogins). */
  dovecotProxyLoginsByUser: Map<string, number>;
  /** Successful IMAP/POP3 logins by user, then client IP (aggregate/mailbox-logins.ts). */
  mailboxLogins: Map<string, Map<string, MailboxLoginRow>>;
  /** The addresses login proxies were connected to (their lines' `lip`: mailbox-logins.ts). */
  loginProxies: LoginProxies;
  /** Senders refused as "not owned by user X" (reject_sender_login_mismatch), per SASL login X. */
  senderLoginRejects: SenderLoginRejects;
  /**
   * Messages submitted with a SASL login, by the smtpd syslog tag they came through ("postfix/submission/smtpd",
   * "postfix/smtpd"): the master.cf entries the compromised-account advice puts the sender check on.
   */
  saslServices: Map<string, number>;
  /**
   * Messages received without a SASL login through another master.cf service than `smtp` (port 25), by syslog_name:
   * "postfix/submission/smtpd", "postfix/smtps/smtpd" (aggregate/smtp-service.ts), per client IP. A client that submits
   * on 587/465 without a login (allowed by mynetworks, or a permissive smtpd_relay_restrictions) is no mail server
   * delivering to us (report/client-row-roles.ts, review Z). Sparse: such clients are few.
   */
  noLoginOtherServiceIps: Map<string, number>;
  /** smtpd's refusals naming the session's SASL login (Postfix ≥ 3.10), per login; joined to the users table only. */
  saslUserRejects: SaslUserRejects;
  /**
   * AUTH commands smtpd refused without a SASL failure warning ("503 5.5.1 Error: authentication not enabled": AUTH
   * off on that port), per service, from each session's disconnect line (aggregate/auth-refused.ts, smtpd-sessions.ts).
   */
  authRefused: AuthRefused;
  /** Which SASL login's mail each delivered bounce notice answers (aggregate/bounce-notices.ts). */
  bounceNotices: BounceNotices;
  /** When each user name failed to log in, per view of the attempt (timeline.ts). */
  loginFailureTimes: LoginFailureTimes;
  postscreen: Map<string, number>;
  daemonProblems: Map<string, ReasonStats>;
  /** Outbound "connect to host[ip]:port: reason" failures by normalised reason, and by destination IP. */
  connectFailureReasons: Map<string, ReasonStats>;
  connectFailureIps: Map<string, number>;
  /** Remote hosts we delivered to successfully over SMTP (to tell OP25B from a few dead destinations). */
  remoteSentIps: Map<string, number>;
  /** Outbound connections to port 25 that timed out ("connect to …:25: Connection timed out"), by destination IP. */
  connectTimeoutIps: Map<string, number>;
  /**
   * Deferrals "lost connection with HOST while sending RCPT TO" (aggregate/refusal-closures.ts): by host, those with no
   * 421 before them in their attempt; by host and normalised key, those after one; and the cache's repeats of them
   * ("delivery temporarily suspended: lost connection with HOST …"). Read by detect/closed-after-refusal.ts.
   */
  rcptLostPlain: Map<string, number>;
  rcptLostClosures: Map<string, number>;
  rcptLostCached: Map<string, ReasonStats>;
  /** Recipient domains delivered here by a local agent (lmtp, virtual, local, pipe): our own domains. */
  localDeliveryDomains: Map<string, number>;
  /** Per recipient domain, the next hops of its remote deliveries and how many addresses they were for (aggregate/next-hops.ts). */
  nextHops: Map<string, NextHopStats>;
  /** The first "delivered to file: /dev/null" line. */
  devNullExample: Example | null;
  /**
   * Bounce notifications (from=<>) to remote addresses that failed too (bounced, expired, still deferred): the
   * first failed delivery line of one, and from the first such notification's creation to the last line of any.
   */
  ndrFailedExample: Example | null;
  /** The queue ID of that notification (its delivery line's), to find the line that created it. */
  ndrFailedQid: string;
  /**
   * The first bounce(8) lines that made a notification ("758F716068C: sender non-delivery notification:
   * B6F041606A3"), in file order: the backscatter evidence shows which message the failed notification bounced.
   */
  notificationExamples: Example[];
  ndrFailedFirstAt: LocalMillis;
  ndrFailedLastAt: LocalMillis;
  /**
   * Of totals.ndrRemoteRecipients, those whose orig_to is an SRS address of ours: the notification answers mail this
   * server forwarded (postsrsd rewrote the sender; its reverse map gives the notification's real recipient):
   *   "to=<x7355@lucky.cn>, orig_to=<SRS0=rq=RT=lucky.cn=x7355@example.jp>, relay=mx.lucky.cn[…]:25, …, status=bounced"
   * Backscatter of forwarded spam (review 17, I7), whose fix is not the unknown-recipient one.
   */
  ndrToSrsRecipients: number;
  /** Keyed by local hour index: Math.floor(localMillis / 3_600_000). */
  hourly: Map<number, HourStats>;
  /** Keyed by local minute index: Math.floor(localMillis / 60_000); only minutes with lines. */
  minutes: Map<number, MinuteStats>;
  /** The first status=deferred delivery line (Infinity: none); the port-25 timeouts' times are per hour (HourStats). */
  firstDeferralAt: LocalMillis;
  /**
   * When smtpd lost its connection to the authentication server (totals.authServerErrors), and its first such line:
   * server-trouble's time range and evidence when Dovecot logs nothing of it (saslauthd; review 17, F1).
   */
  authServerErrorSpan: { firstAt: LocalMillis; lastAt: LocalMillis; example: Example | null };
  /** The same lines per local hour index: the hours of each outage (two restarts a day apart are two). */
  authServerErrorsByHour: Map<number, number>;
  /**
   * Aborted SMTP AUTH attempts (totals.authAborted, "SASL LOGIN authentication aborted") per local hour index: a
   * guesser's tries as the failures are, counted in the busiest hour of failed logins (detect/background.ts; review AI,
   * AI2). Apart from HourStats, which report.json's hourly rows mirror field by field.
   */
  authAbortedByHour: Map<number, number>;
  /** Messages still in the queue at the end of the log (filled after stitching). */
  stillQueued: QueuedMessage[];
  /** Every postsuper "Deleted: N messages" line, in file order (see aggregate/bulk-delete.ts). */
  queueDeletions: QueueDeletion[];
  /** Per-ID "QUEUEID: removed" lines of postsuper, by "host postsuper[pid]": what a summary line's count names. */
  postsuperRemovedBy: Map<string, number>;
  /** Messages that a bulk deletion took out of the queue (moved here from stillQueued after stitching). */
  deletedInBulk: QueuedMessage[];
  /** Every postsuper "Requeued: N messages" line, in file order: shown beside the deletions. */
  queueRequeues: QueueRequeue[];
  /**
   * SMTP content filter hops whose other side is not folded yet, by "host/queue ID of the copy": who sent the
   * original, or what became of the copy's recipients (aggregate/filter-credit.ts).
   */
  filterJoin: Map<string, FilterHalf[]>;
}

/** Who sent a message: what its recipients' outcomes are credited to (aggregate/filter-credit.ts). */
export interface MessageSource {
  /** The client's IP; null without a client (pickup). */
  ip: string | null;
  saslUser: string;
  /** Counted in byClientIp: taken from a client (smtpd, pickup), not a content filter's copy. */
  received: boolean;
  /** From smtpd without login: its remote recipients were relayed (ClientIpStats.unauthRelay*). */
  relayCandidate: boolean;
  /** Submitted by a local program through sendmail: pickup's uid= (PickupUidStats), '' otherwise; and the host. */
  pickupUid: string;
  host: string;
  /** Its first line: the hour its delivered mail counts in, and when it was relayed. */
  at: LocalMillis;
  /** Envelope sender ('<>' for the null sender, '' when not known). */
  sender: string;
  /**
   * Its first line, as the first unauthenticated relay's evidence (relay candidates only): where it is and its text,
   * made an Example only when a row takes it (filter-credit.ts); `example` once made for a half that waits at the end
   * of a byte range (its line number then fixed with the range's other examples).
   */
  ref: LineRef | null;
  line: string;
  example: Example | null;
}

/** What became of a message's own recipients (those not handed to a content filter). */
export interface MessageOutcome {
  recipients: number;
  sent: number;
  deferred: number;
  bounced: number;
  expired: number;
  /** Discarded or bounced by a content filter on the hand-off (amavis's "250 2.7.0 Ok, discarded", review 17 H2). */
  discarded: number;
  /** Recipients whose last attempt was a delivery on this host (lmtp, virtual, local, pipe): our own mailboxes. */
  localRecipients: number;
  /** Deferred delivery attempts. */
  deferrals: number;
  /** The domain of each recipient counted. */
  domains: string[];
  /** A recipient's last attempt went out over SMTP. */
  remoteAttempted: boolean;
  /** Recipients whose last attempt went to a remote host, not forwarded for an address of ours (no orig_to=). */
  remoteTo: readonly string[];
  /**
   * For each of remoteTo: delivered, or still being tried (deferred, of a message still queued that came in the log's
   * last hour): not counted as mail that did not arrive.
   */
  remoteSent: readonly boolean[];
  /**
   * For each of remoteTo: bounced by the receiver with a verdict that the mail is spam (MessageRecord.spamRefusal);
   * empty when none was. And the first such line of the message (null when none).
   */
  remoteSpamRefused: readonly boolean[];
  spamRefusal: Example | null;
  /** Recipients a receiver bounced because it refuses this server (MessageRecord.refusals, RefusalMark.bounced; review AM, AM2). */
  receiverRefused: number;
  /** The links of the message's non-delivery notices to settle by its login (bounce-notices.ts), or null. */
  notices: readonly number[] | null;
}

/**
 * One side of an SMTP content filter hop: the original's sender (with its last line's time and the recipients it had
 * forwarded for an address of ours), or the copy's outcome (with the copy's queue ID, first line's time, and its entry
 * among the messages still queued at the end, or null).
 */
export type FilterHalf =
  | {
    kind: 'source'; source: MessageSource; lastAt: LocalMillis; forwarded: readonly string[];
    /** Copies still to come: 1 for an SMTP filter's (one copy per key), the recipients piped for a pipe filter's. */
    remaining: number;
    /** What the copies credited so far counted once for the message, shared by its halves (filter-credit.ts PerMessage). */
    once: { relayed: boolean; sender: boolean };
  }
  | {
    kind: 'copy'; outcome: MessageOutcome; qid: string; at: LocalMillis; queued: QueuedMessage | null;
    /** How much of `remaining` it takes: 1, or a pipe filter's copy's recipients. */
    takes: number;
  };

/**
 * "Nov 28 22:20:49 mail postfix/postsuper[22918]: Deleted: 290 messages". `postsuper -d QUEUEID` (and `-d -`) logs
 * "QUEUEID: removed" for each message before this summary; `postsuper -d ALL` logs the summary alone (the corpus
 * incident log, written by a real Postfix 3.7, ends so).
 */
export interface QueueDeletion {
  at: LocalMillis;
  host: string;
  /** "mail postsuper[22918]": the run of postsuper that wrote it (its per-ID lines carry the same tag). */
  tag: string;
  count: number;
  example: Example;
}

/**
 * "Nov 29 01:27:05 vm postfix/postsuper[22225]: Requeued: 5 messages" (`postsuper -r ALL`, lab Postfix 3.7.11: no
 * per-ID line before it). The messages stay in the queue and come back through pickup under new IDs (orig_id=).
 */
export interface QueueRequeue {
  at: LocalMillis;
  host: string;
  count: number;
}

/** Failure times of one user name: exact local times (one entry per failure), or counts per hour index once there are too many. */
export interface FailureTimeline {
  hourly: boolean;
  times: number[];
  counts: Map<number, number>;
}

/**
 * Per user name: SMTP AUTH failures as Postfix logs them (sasl_username=) and as Dovecot auth logs them (no
 * session ID); IMAP/POP3 failures as the login process logs them ("auth failed, N attempts") and as Dovecot auth
 * logs them (with a session ID). Each attempt appears in one or both views of its pair.
 */
export interface LoginFailureTimes {
  smtp: Map<string, FailureTimeline>;
  smtpDovecot: Map<string, FailureTimeline>;
  mailbox: Map<string, FailureTimeline>;
  mailboxDovecot: Map<string, FailureTimeline>;
  /**
   * IMAP/POP3 logins a login proxy's backends refused, as the proxy's session lines count them ("proxy dest auth
   * failed"): the same attempts the backends' own lines count, when their logs are read too.
   */
  mailboxProxy: Map<string, FailureTimeline>;
}

export interface QueuedMessage {
  qid: string;
  host: string;
  since: LocalMillis;
  saslUser: string;
  sender: string;
  clientIp: string;
  /** pickup's uid= of a message a program on the host submitted through sendmail ('' for any other). */
  pickupUid: string;
  recipients: number;
  deferrals: number;
  partial: boolean;
  /** First recipients (up to 3): tells a backscatter NDR to a forged sender from legitimate mail. */
  to: string[];
  /**
   * The domains of its recipients as this server was asked for them, which tells mail coming in (queue-cleanup.ts):
   * of orig_to= when Postfix rewrote the address (an alias forwarding to an outside mailbox, "to=<suzuki.h1988@gmail.com>,
   * orig_to=<suzuki@example.jp>"), none for one whose last attempt went to a mailbox here (mailbox-transport.ts:
   * lmtp to Dovecot, virtual, local), whatever its domain. Every recipient's, not only the first ones' (review R, R3:
   * a campaign message to three full local mailboxes and two Yahoo addresses goes out), distinct, lower-cased, at
   * most ADDRESSED_DOMAINS_KEPT; past that '*' stands for more (a message to that many domains goes out). null when
   * they are the domains of `to`, every recipient as addressed (most queued messages: no array of their own).
   */
  addressedDomains: string[] | null;
  /** Recipients with no final status yet (still deferred, or never tried): what the queue still holds. */
  pending: number;
  /**
   * Of those, the ones the log names (up to PENDING_TO_MAX, first seen first): who has not got the message. A
   * recipient never tried yet has no line, so there can be fewer names than `pending`.
   */
  pendingTo: string[];
  /**
   * Recipients a receiver bounced because it refuses this server (MessageRecord.refusals, RefusalMark.bounced): they never got the
   * message either, not being in `pending` (a bounce is final), and will once the server is delisted (review AM, AM2).
   */
  refused: number;
  /** Of those, the first ones (up to PENDING_TO_MAX, first seen first). */
  refusedTo: string[];
  /** Recipients bounced for any other reason (an unknown user, a full mailbox): not to be sent again. Not in report.json. */
  bounced: number;
  /** The record's last line: a bulk deletion after it took the message out of the queue. */
  lastAt: LocalMillis;
  /** When a bulk `postsuper -d ALL` deleted it (deletedInBulk only); NaN while it is still queued. */
  deletedAt: LocalMillis;
  /** Position of the record's first line: breaks ties in the order (the same queue ID can start twice in a second). */
  file: number;
  offset: number;
}

// ---------------------------------------------------------------------------------------------------------
// Findings and the report model (report.json is this, serialised).
// ---------------------------------------------------------------------------------------------------------

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export interface Finding {
  rule: string;
  /** Exportable lists (IPs for a firewall, queue IDs for postsuper), written next to the report. */
  lists?: Record<string, string[]>;
  /**
   * Redacted reports only (review R, R5): the lists that redaction kept from being written (their entries would be
   * pseudonyms) and that `compare` reads, with their entries as pseudonyms: `compromised-ips.txt`, so that two reports
   * redacted with the same key can still be checked against the before run's intruder IPs. Never written as files.
   */
  pseudonymLists?: Record<string, string[]>;
  /**
   * queue-cleanup and queue-deleted: the queue IDs of every message they counted as legitimate (not abuse), sorted,
   * so that the report can list that mail first with the recipients who did not get it.
   */
  legitimateQueueIds?: string[];
  severity: Severity;
  title: string;
  subject: { kind: string; value: string };
  firstAt: string | null;
  lastAt: string | null;
  evidence: Record<string, number | string>;
  examples: Example[];
  /** Sort key within a severity: bigger = more impact. */
  impact: number;
  /**
   * What to do about this finding, when it depends on what else the run found (another rule's finding, the queue at
   * the end of the log): Markdown that replaces the rule's general text (report.json `rules[].fix`) for this finding.
   */
  fix?: string;
  /**
   * Why this finding matters, when the rule's general text (report.json `rules[].why`) would say something false of
   * it: a rule's low note (a sender_login line to add) is no stolen password.
   */
  why?: string;
}

export interface RuleText {
  id: string;
  title: string;
  why: string;
  fix: string;
}
