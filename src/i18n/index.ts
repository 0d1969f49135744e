// The report's words in each language: one catalog per language (en.ts, ja.ts), both typed by `Messages`, so a
// string missing from one language is a compile error. Sentences with numbers and plurals are functions of their
// values. No global state: the catalog is chosen once (`--lang`, else the locale) and passed explicitly — to the
// rules through RuleContext.messages, to the report builder through BuildContext, to the renderers through their
// options (or taken from report.lang when a report.json is rendered again).
//
// What stays as it is in every language: report.json keys, finding subject kinds and evidence keys (identifiers),
// CSV headers (the report.json field names, for spreadsheets and scripts), log text, commands and configuration.

import type { CompressedProblem } from '../split/compressed-problem.js';
import type { LooksLike } from '../split/magic.js';
import type { FutureStart } from '../split/inputs.js';
import type { PendingFate } from '../aggregate/bulk-delete.js';
import type { StaleClient } from '../detect/rules/stale-password.js';
import type { QueueHolder } from '../detect/queue-holders.js';
import type { AuthCheck, Severity } from '../types.js';
import { en } from './en.js';
import { ja } from './ja.js';

export type Lang = 'en' | 'ja';
export const LANGS: readonly Lang[] = ['en', 'ja'];

/** Ids of the detection rules (detect/registry.ts): each catalog has the words of every rule. */
export type RuleId = 'compromised-account' | 'mailbox-breach' | 'sasl-bruteforce' | 'queue-flood' | 'queue-cleanup' | 'queue-deleted' | 'open-relay' | 'relay-probing'
  | 'backscatter' | 'receivers-refusing' | 'unsigned-mail' | 'outbound-port-blocked' | 'server-trouble';

/** A protocol's logins in the mailbox logins section: `protocol` upper case ("POP3"), already escaped. */
export interface MailboxProtocol { protocol: string; logins: number }

/** The text of a rule: its name, why it matters (one Markdown paragraph), what to do (Markdown with fenced blocks). */
export interface RuleCopy { title: string; why: string; fix: string }

/**
 * Where the abuse's mail stands in the queue at the end of the log, for the findings whose advice points to it:
 * listed by the queue-cleanup finding (`queue-delete.txt`), deleted by `postsuper -d ALL` (at: short local times),
 * or not queued at all.
 */
export type AbuseQueue = { state: 'cleanup' } | { state: 'deleted'; at: string } | { state: 'gone' };

/** The queue-flood finding's advice, by what the queue held at the end of the log and what the other rules found. */
export interface QueueFloodAdvice {
  stillQueued: number;
  /** The queue-cleanup finding lists the abuse among them. */
  cleanup: boolean;
  /** The outbound-port-blocked finding fired: the queue is the users' own mail held up by the blocked port 25. */
  portBlocked: boolean;
  /**
   * That block is over: remote deliveries went through again and the last attempts of the log did (review Y, Y13).
   * Then the route needs no fix, only the queue a push. false when no block was found or it holds at the end.
   */
  portBlockOver: boolean;
  /** Messages a `postsuper -d ALL` deleted, and when. */
  deletedInBulk: number;
  deletedAt: string;
  /** Deferred delivery attempts in all. */
  deferred: number;
  /** Rule ids of the other findings that explain deferrals (queue-flood.ts deferralCauses): named, and no other. */
  causes: string[];
  /**
   * Deferrals of mail for our own domains (a backup MX waiting for its primary): how many, the domains (first five)
   * and the hosts of ours the reasons name (first three). null: none.
   */
  own: { deferrals: number; domains: string[]; hosts: string[] } | null;
  /** The recipient domains deferred most: deferral attempts, recipients, and those delivered in the end. */
  top: Array<{ domain: string; deferrals: number; recipients: number; delivered: number }>;
  /**
   * The recipient domains holding the queue at the end of the log, with their last deferral reason (queue-holders.ts):
   * the push of the queue is advised for mail held by the route, never for mail whose receiver refuses it (review AI, AI4).
   */
  holders: QueueHolder[];
}

/** The compromised-account finding's advice: the account, the sender_login map made from the log's SASL logins. */
export interface CompromisedAdvice {
  user: string;
  /** Lines of /etc/postfix/sender_login: [address, the SASL login that owns it]. */
  senderLogins: Array<[string, string]>;
  /** SASL logins of the log not shown. */
  moreLogins: number;
  /**
   * Other addresses of our domains the logins were seen sending as (not the compromised ones': forged), each with its
   * logins comma-separated: [address, "login, login"] (review AK, AK5). Absent or empty: none.
   */
  sentAs?: Array<[string, string]>;
  /** Such addresses not shown. */
  moreSentAs?: number;
  /** The same for addresses of other domains: shown commented out, the user's own or forged. */
  otherDomainSentAs?: Array<[string, string]>;
  moreOtherDomainSentAs?: number;
  queue: AbuseQueue;
  /** IPs in compromised-ips.txt (every IP that used the account since the guess). */
  usedByIps: number;
  /**
   * The report has a sasl-bruteforce finding with a blocklist-ips.txt: "block them as you block the brute-force IPs"
   * points to something (review 17, F8: 8 guessers below its thresholds left no such finding).
   */
  bruteforceBlocklist: boolean;
  /** Whether compromised-ips.txt holds IPv4 and IPv6 addresses (the nft commands given when there is no such finding). */
  usedByFamilies: { v4: boolean; v6: boolean };
  /** The owner's clients before the guess (first few), and how many there are. */
  ownerIps: string[];
  ownerIpCount: number;
  /** IPs that opened the mailbox over IMAP/POP3 since the guess. */
  mailboxIntruders: string[];
  /**
   * Senders refused as "not owned by user" for this login from many IPs: the sender check is on and is all that stops
   * them; the password still works (review 10, H2). null: none (or too few to say).
   */
  refusedSenders: { rejects: number; ips: number } | null;
  /**
   * The smtpd syslog tags the log's SASL-authenticated mail came through, most used first ("postfix/submission/smtpd",
   * "postfix/smtpd"): the entries the sender check goes on (review Y, Y1).
   */
  loginServices: string[];
}

/** The mailbox-breach finding's advice: the account, and what the log says of its owner and of the attacker. */
export interface MailboxBreachAdvice {
  user: string;
  /** The other IPs that logged in to the mailbox (first few), and how many there are: the owner's clients. */
  ownerIps: string[];
  ownerIpCount: number;
  /** An attacking IP logged in to ManageSieve: it could change the Sieve scripts. */
  manageSieve: boolean;
  /**
   * Of the `intruders` IPs (compromised-ips.txt), those the sasl-bruteforce finding's blocklist-ips.txt holds too: an
   * IP that failed once during a wide attack is in neither that list nor its finding (review 17, I9).
   */
  intruders: number;
  inBlocklist: number;
}

/** The sasl-bruteforce finding's advice. */
export interface BruteforceAdvice {
  /** SASL users who sent through port 25 (the master.cf `smtp` service), not counting a compromised account's attackers. */
  port25Users: Array<{ user: string; messages: number; ips: string[] }>;
  morePort25Users: number;
  /**
   * Every login-authenticated message of the log came through the `smtp` service's tag ("postfix/smtpd"): none through
   * a "postfix/submission/smtpd" or "postfix/smtps/smtpd" tag. A submission entry in master.cf without its
   * `-o syslog_name=postfix/submission` logs as "postfix/smtpd" too, so port25Users may be on 587 already.
   */
  noSubmissionTag: boolean;
  /** blocklist-ips.txt holds IPv4 / IPv6 addresses. */
  v4: boolean;
  v6: boolean;
  /** IPs in blocklist-ips.txt (0: only mail clients with an old password failed). */
  blocked: number;
  /**
   * The attacking IPs' SMTP AUTH failures, those of them logged by the port-25 `smtp` service's smtpd ("postfix/smtpd"),
   * and their IMAP/POP3 login failures: the port-25 advice only when port25Failures > 0.
   */
  smtpFailures: number;
  port25Failures: number;
  mailboxFailures: number;
  /** IPs that also logged in successfully and failed for one user name: left out of the blocklist, to check. */
  staleClients: StaleClient[];
  moreStaleClients: number;
  /**
   * Background guessing (detect/background.ts, review Z, Z5): the most failed logins of one hour, and the per-IP
   * threshold none of the IPs reached. Absent: an attack.
   */
  background?: {
    peakHour: number;
    perIp: number;
    /**
     * The attacking IPs that failed `perIp` times or more in the whole log, but slowly, one failure every `minutes` or
     * slower on average, fewer than `perIp` of them for real accounts (detect/background.ts slowReturner, review AO,
     * AO4). Absent: none.
     */
    slow?: { ips: number; minutes: number };
    /** A real account the guessing goes for by name (review AL, AL2), with the first IPs that tried it (`ips` in all). */
    targeted?: TargetedAccountText & { share: number; ipList: string[] };
  };
}

/** A real account background guessing goes for by name (detect/targeted-account.ts): its failures, from `ips` IPs. */
export interface TargetedAccountText {
  name: string;
  failures: number;
  ips: number;
}

/**
 * The outbound-port-blocked finding's advice (review Z, Z16): whether remote deliveries went through again after the
 * block (`after` of them, after `last`, the block's last timeout as a short local time).
 */
export interface PortBlockedAdvice {
  /** Remote deliveries went through after the block (`after` of them, after `last`, the block's end). */
  resumed: boolean;
  after: number;
  last: string;
  /**
   * The last remote port-25 attempts of the log still time out (outbound-port-blocked.ts blockedAtEnd): the block is
   * in force at the end, lifted in between or not. false: the last attempts went through, the block is over (review Y, Y13).
   */
  inForce: boolean;
  /** The last timed-out connection to a remote port 25 ("" when unknown). */
  lastTimeout: string;
  /**
   * The recipient domains holding the queue at the end of the log (queue-holders.ts): a push of the queue once port 25
   * connects is no use for those whose receiver refuses the mail (review AI, AI4). Absent: not known (the general text).
   */
  holders?: QueueHolder[];
}

/** The backscatter finding's advice: which causes were found, in the order they matter. */
export interface BackscatterAdvice {
  /** Inbound mail for unknown users accepted, then bounced (`first`) or swallowed by a luser_relay on /dev/null. */
  inbound: 'first' | 'after' | 'no';
  luserRelay: boolean;
  /** Compromised accounts whose forged-sender spam the bounces answer ([] when none). */
  forgedBy: string[];
  queue: AbuseQueue;
  /**
   * Most of the failed notifications answer mail this server forwarded (Aggregate.ndrToSrsRecipients): how many of
   * the notifications' remote recipients had an SRS orig_to; 0 when that is not their cause.
   */
  forwarded: number;
  /**
   * This server's IP as receivers named it (receivers-refusing serverIpOf), for the listing check (review Z, Z22);
   * "" when no answer named it. Absent: "".
   */
  serverIp?: string;
}

/** The unsigned-mail finding's advice (detect/rules/unsigned-mail.ts): the causes OpenDKIM's lines show. */
export interface UnsignedAdvice {
  /** Our domains with unsigned mail, most first. */
  domains: string[];
  /** The keys OpenDKIM signed with in this log ("mail._domainkey.example.jp"), most used first (three at most). */
  signingKeys: string[];
  /** Unsigned messages submitted with sendmail (pickup) and by logged-in clients that OpenDKIM logged nothing of. */
  pickup: number;
  submission: number;
  /** From addresses with no SigningTable entry, and domains not in the Domain list (first three each). */
  tableAddresses: string[];
  domainList: string[];
  /** Messages of clients OpenDKIM took as outside, and those clients as it named them (first three). */
  external: number;
  externalClients: string[];
  /** Lines saying a key or the signing table failed to load. */
  keyErrors: number;
  /** Outside recipients of unsigned mail that were refused or not delivered. */
  refused: number;
  /**
   * Postfix's warnings that it could not reach a milter ("warning: connect to Milter service inet:127.0.0.1:8891:
   * Connection refused"); 0 none. Absent: 0.
   */
  milterDown?: number;
  /** Messages of our domains sent within a minute of a warning about a signer's milter, and when ("… – 09:04"). Absent: 0, ''. */
  sentWhileDown?: number;
  downAt?: string;
  /**
   * OpenDKIM does not log its signatures here, and the pickup messages are counted by inference (review AF rest):
   * it logged lines of `opendkimSmtpd` messages that came over SMTP and none of mail submitted with sendmail, and
   * receivers refused those as unauthenticated. Absent: false.
   */
  likely?: boolean;
  opendkimSmtpd?: number;
  /** Messages rspamd / amavis handled without signing, where they sign other mail; the domains amavis left unsigned. Absent: 0. */
  rspamdUnsigned?: number;
  amavisUnsigned?: number;
  amavisDomains?: string[];
  /** rspamd's "cannot load dkim key" lines and the first key file named. Absent: 0. */
  rspamdKeyErrors?: number;
  rspamdKeyFile?: string;
  /** No rspamd or amavis verdict line in the log: a signer logging to its own file is out of sight. Absent: false. */
  otherSignersUnseen?: boolean;
  /** The signers whose signatures the log shows ("OpenDKIM", "rspamd", "amavis"), for the keys they sign with. Absent: OpenDKIM. */
  keySigners?: string[];
}

/** The receivers-refusing finding's advice, by the kinds of refusal found. */
export interface ReceiversAdvice {
  /** The queue-cleanup finding lists spam still queued. */
  cleanup: boolean;
  /**
   * Rule ids of this report's findings that show spam sent through us (compromised-account, open-relay,
   * backscatter; receivers-refusing.ts reputationCauses): the advice names these and no other.
   */
  causes: string[];
  /**
   * SPF/DKIM refusals: `forged` when the receivers named only other people's domains, some of them in mail that was
   * not forwarded; `forwarded` when every such refusal was of mail forwarded for an alias of ours (orig_to=);
   * otherwise the domains the SPF records of dns-records.txt are for (`named`: the receivers named them, else the
   * users' domain), those of them under the mail domain (a host name such as mail.example.jp, the envelope of local
   * programs' mail with `myorigin = $myhostname`), and the domains the DKIM key and DMARC record are for. null: no
   * such refusal.
   */
  auth: null | 'forged' | 'forwarded' | { spfDomains: string[]; named: boolean; subdomains: string[]; mailDomain: string; dkimDomains: string[] };
  /**
   * SPF/DKIM refusals naming other people's domains in mail forwarded for an alias of ours: how many, the forwards
   * ("yamada@example.jp → yamada.home@gmail.com", first three) and our sending domain ("" when unknown). null: none.
   */
  forwarded: { refusals: number; forwards: string[]; domain: string } | null;
  /** Rate limits or poor reputation (Gmail 4.7.28, Yahoo TSS04, Microsoft 4.7.650). */
  rate: boolean;
  noPtr: boolean;
  /** A receiver takes no mail straight from this IP (Gmail NotAuthorizedError): relay through the provider. Absent: false. */
  relayRequired?: boolean;
  /** A receiver wants the mail over TLS (Gmail 4.7.29/5.7.29): smtp_tls_security_level. Absent: false. */
  tlsRequired?: boolean;
  /**
   * The keys OpenDKIM signed with in this log ("mail._domainkey.example.jp") when they cover every domain the DKIM
   * advice is for (review AF): OpenDKIM runs already, so no new key. Absent or empty: the setup from scratch.
   */
  dkimInUse?: string[];
  /** The signers whose signatures the log shows ("OpenDKIM", "rspamd", "amavis"). Absent: OpenDKIM. */
  dkimSigners?: string[];
  /** OpenDKIM runs (lines about messages) but logs no signature (receivers-refusing opendkimRunsUnlogged). Absent: false. */
  opendkimUnlogged?: boolean;
  listed: boolean;
  /**
   * Where to request delisting, one line per block list that refused us (findings.delistAt), so that the advice prints
   * the URLs instead of pointing at the evidence (review Z, Z22); absent: the general text.
   */
  delistAt?: string[];
  /**
   * The receivers among those listing the IP whose list is the recipient's own (refusal-kinds.ts RECIPIENT_OWN_LISTS,
   * review AC, F14): it does not lift when the spam stops; only the recipient's administrators remove the IP. As
   * providerOf names them (each language names them its way). Absent: none.
   */
  ownLists?: string[];
  /**
   * The messages behind the refusals, in words (findings.refusedMessage), when they are few (review AN, AN4): the
   * advice names them instead of sending the reader to grep. Absent or empty: too many, or none known.
   */
  refusedMessages?: string[];
  /** Every refused recipient got the mail later, and nothing bounced (review AN, AN4). Absent: false. */
  resolved?: boolean;
  /**
   * Of a resolved refusal, the refused recipients their own mailbox stopped later (an unknown user, a full mailbox:
   * review AO, AO2). Absent: none.
   */
  resolvedOwnMailbox?: number;
  /**
   * The users' own mail a receiver bounced because it refuses this server (evidence usersMailRefused): its messages,
   * recipients and senders (the first ten), to send again once the receiver takes this server's mail. Absent: none.
   */
  resend?: { messages: number; recipients: number; users: string[] };
}

/**
 * The "What to do" of the rules whose advice depends on what the run found. `null` gives the rule's general text
 * (report.json `rules[].fix`); a value gives one finding's own text (`findings[].fix`).
 */
/** The open-relay findings' advice: a `mynetworks` that keeps the site's own networks the log shows relaying. */
export interface OpenRelayAdvice {
  /** The whole value: loopback first, then each network of the site's own that relayed without a login (and --allow-ips hosts). */
  mynetworks: string[];
  /** Those found in the log (all but loopback). */
  fromLog: string[];
  /**
   * Relaying is restricted (review AO, AO3): `clients` other client IPs were refused `refusals` times with "Relay access
   * denied" in the same log, so mynetworks or an access map lets the relaying `ips` through. Absent: none was refused.
   */
  restricted?: { ips: string[]; clients: number; refusals: number };
}

/** trustedHostRelay's advice: the hosts ("198.51.100.80 (app1.example.org)") and a mynetworks that keeps them. */
export interface TrustedHostAdvice extends OpenRelayAdvice {
  hosts: string[];
}

/** The kinds of server trouble (detect/rules/server-trouble.ts), most severe first. */
export type TroubleClass = 'disk' | 'crash' | 'auth' | 'dns' | 'capacity' | 'tls';

/** The server-trouble finding's advice: the classes of trouble that fired, in the finding's order. */
export interface ServerTroubleAdvice {
  classes: TroubleClass[];
  /** smtpd answered 454 while a password-guessing attack was going on (the auth class only). */
  guessing454?: boolean;
}

/**
 * A login refused senders it does not own from its owner's own clients: the sender_login lines to add. `foreign`: how
 * many of the senders are of other people's domains; `otherIps`: refused IPs that are neither the owner's nor shared.
 */
export interface SenderMapAdvice {
  user: string;
  senders: string[];
  foreign: number;
  otherIps: number;
}

/**
 * An account used from many IPs (or mailing many domains) with nothing of another person (compromised-account
 * unusualUseNote): the IPs to ask the owner about, the most used first, and how many more there are.
 */
export interface UnusualUseAdvice {
  user: string;
  ips: string[];
  moreIps: number;
  /**
   * A password guesser that logged in, before the account's mail from those IPs, under a name the log does not give
   * (Postfix before 3.7.8): its IP, short local time and failed logins; absent: none.
   */
  guessLogin?: UnnamedGuessLogin;
  /** Its IPs are one provider's sending pool (detect/provider-pool.ts): a service the company uses, most likely. */
  pool?: PoolText;
}

/**
 * One provider's pool of sending IPs: `ips` of the `total` resolve under `domain`, or (domain null) the `total` IPs
 * sit in `networks` /16 networks.
 */
export interface PoolText { domain: string | null; ips: number; total: number; networks: number }

/** A login after failures that named no user (compromised-account unnamedGuesses), with a short local time. */
export interface UnnamedGuessLogin { ip: string; at: string; failures: number }

/**
 * Spam from an own-network host: its IPs and the first forged sender domains ([] when none were forged); the mail it
 * relayed (messages, outside domains, minutes first to last), and the percentage of recipients not delivered when
 * that is a spam sign (null when it is not).
 */
export interface OwnNetworkSpamAdvice {
  ips: string[];
  forgedDomains: string[];
  /**
   * Of forgedDomains, the main sender domains of bursts that are not ours (open-relay.ts strangerDomain): nobody logs
   * in as them, no mail for them is delivered here, and no host of the site sent as them outside the burst.
   */
  strangerDomains: string[];
  messages: number;
  domains: number;
  minutes: number;
  notDelivered: number | null;
  /**
   * The recipients of the burst its receivers bounced as spam, their percentage of its recipients and the code of the
   * first such answer ("550-5.7.1"), when that is a spam sign (open-relay.ts ownSpamRefused*); else null.
   */
  spamRefused: { recipients: number; percent: number; code: string } | null;
  /**
   * When the burst began ("2026-11-10 14:00"), when it is the worst hour of a longer run of relaying (relay-window.ts):
   * the log lines shown are then the host's first relayed messages, hours before it. null otherwise.
   */
  burstFrom: string | null;
  /**
   * The one spam sign is a stranger's sender domain (nothing forged, most of it delivered): a newsletter of a site
   * hosted here, sent as its own domain whose mailboxes are elsewhere, looks the same (review 15, F1).
   */
  strangerOnly: boolean;
  /**
   * Of the forged domains, the first few of well-known brands (open-relay.ts brandDomains, detect/brand-domains.ts): no
   * site hosted here sends as them (review Q, Q5). Absent or [] when none.
   */
  brandDomains?: string[];
  /** A local program's forged senders counted by its many different recipients (OwnSpamWords.sprayed); absent or null otherwise. */
  sprayed?: AddressFigures | null;
}

/**
 * Bulk mail from an own-network host with no spam sign (a burst, nothing forged, most of it delivered): its IPs, the
 * sender domains it used (first few), its messages as other people's domains, its messages, outside domains, minutes
 * and the percentage not delivered.
 */
export interface OwnNetworkBulkAdvice {
  ips: string[];
  senderDomains: string[];
  /** Relayed messages sent as other people's domains (below the spam sign's thresholds). */
  forgedMessages: number;
  messages: number;
  domains: number;
  minutes: number;
  notDelivered: number;
}

/** The figures of a spam finding on own-network clients or local programs (FindingMessages.ownNetworkSpam, localProgramSpam). */
export interface OwnSpamWords {
  messages: number; recipients: number; domains: number; first: string; last: string;
  forgedMessages: number; forgedDomains: string[]; moreForgedDomains: number;
  /** Of the first one's burst (or all of its relayed mail when it has none): minutes from its first to its last message. */
  minutes: number;
  /** The first one's burst's messages when the burst is the worst hour of a longer run (open-relay.ts groupFigures); null when it is all of it. */
  burstMessages: number | null;
  /** Percent of the recipients not delivered, when that is a spam sign (a burst of which at least ownSpamNotDeliveredPercent did not arrive); else null. */
  notDelivered: number | null;
  /** The recipients the receivers bounced as spam, when that is a spam sign (open-relay.ts ownSpamRefused*); else null. */
  spamRefused: number | null;
  /**
   * A local program's forged senders counted by its many different recipients (open-relay.ts localForgedMinAddresses;
   * review 19, M2): its distinct outside recipient addresses and forged sender addresses; null otherwise.
   */
  sprayed?: AddressFigures | null;
}

/**
 * Distinct addresses of a program's relayed mail; `…About`: an estimate (aggregate/address-set.ts, past 1,024 addresses
 * of a sender domain); `…AtLeast`: more than the estimate can tell (the sketch is full).
 */
export interface AddressFigures {
  recipients: number; recipientsAtLeast: boolean; senders: number; sendersAtLeast: boolean;
  recipientsAbout?: boolean; sendersAbout?: boolean;
}

/** The figures of a bulk-mail note on own-network clients or local programs (ownNetworkBulk, localProgramBulk). */
export interface OwnBulkWords {
  messages: number; recipients: number; domains: number; first: string; last: string;
  minutes: number; burstMessages: number | null; senderDomains: string[]; notDelivered: number;
}

/** A local program that submitted mail through sendmail: its host and pickup's uid= ("uid=33 from=<…>"). */
export interface LocalProgram {
  host: string;
  uid: string;
}

/** ownNetworkSpam's advice for local programs. */
export interface LocalProgramSpamAdvice extends Omit<OwnNetworkSpamAdvice, 'ips'> {
  programs: LocalProgram[];
}

/** ownNetworkBulk's advice for local programs. */
export interface LocalProgramBulkAdvice extends Omit<OwnNetworkBulkAdvice, 'ips'> {
  programs: LocalProgram[];
}

export interface AdviceMessages {
  queueFlood(p: QueueFloodAdvice | null): string;
  /**
   * relay-probing's advice. `dnsblRanked`: postscreen's "DNSBL rank" lines in the log (it checks block lists already:
   * review AO, AO5). `null`: the general text.
   */
  relayProbing(p: { dnsblRanked: number } | null): string;
  /** `null`: the general text (loopback only in mynetworks, with a note to add the LAN). */
  openRelay(p: OpenRelayAdvice | null): string;
  /** The info note on relaying for the site's own networks (private, loopback addresses). */
  ownNetworkRelay(p: OpenRelayAdvice): string;
  /**
   * The info note on relaying for clients of the Internet that Postfix names inside the site's own domains, with no
   * spam sign (detect/own-host-name.ts; review AO, AO3): a host mynetworks or an access map trusts, such as a CRM.
   */
  trustedHostRelay(p: TrustedHostAdvice): string;
  /** Spam relayed from the site's own host (open-relay.ts ownNetworkSpamOf): find the script. */
  ownNetworkSpam(p: OwnNetworkSpamAdvice): string;
  /** Bulk mail from the site's own host that shows no spam sign: a newsletter if planned, else find the script. */
  ownNetworkBulk(p: OwnNetworkBulkAdvice): string;
  /** Spam from a program on this host that submits through sendmail (PHP's mail()): find the script by its uid. */
  localProgramSpam(p: LocalProgramSpamAdvice): string;
  /** Bulk mail with no spam sign from such a program: a list manager's mailing if planned, else find the script. */
  localProgramBulk(p: LocalProgramBulkAdvice): string;
  /** `null`: the general text (every class). */
  serverTrouble(p: ServerTroubleAdvice | null): string;
  compromisedAccount(p: CompromisedAdvice | null): string;
  /** The owner's clients refused a shared sender the sender_login map lacks (compromised-account mapEntryFinding). */
  senderMapEntry(p: SenderMapAdvice): string;
  /** An account's unusual use with nothing of another person: ask the owner (compromised-account unusualUseNote). */
  accountUnusualUse(p: UnusualUseAdvice): string;
  mailboxBreach(p: MailboxBreachAdvice | null): string;
  saslBruteforce(p: BruteforceAdvice | null): string;
  backscatter(p: BackscatterAdvice | null): string;
  receiversRefusing(p: ReceiversAdvice | null): string;
  /** `null`: the general text (every cause). */
  unsignedMail(p: UnsignedAdvice | null): string;
  /** `null`: the general text (the block not lifted in the log). */
  outboundPortBlocked(p: PortBlockedAdvice | null): string;
  /** The comment lines that head dns-records.txt (each starts with "; ", numbered so that they stay in order). */
  /** `dmarcDomains`: the domains of the DMARC records offered, whose report address (rua) must be created (review AM, AM3). */
  dnsRecordNotes(p: { spfDomains: string[]; mechanism: string; dmarcDomains: string[] }): string[];
}

/** Times given to sentences are already short local times ("2026-11-28 22:15"). */
export interface FindingMessages {
  /**
   * `recipients`: of the `messagesSince` messages; `notDeliveredShare`: the percentage of those recipients not
   * sent (bounced, expired or still deferred); `failuresBefore`: failed logins for the name up to the guess.
   */
  compromisedAccount(p: {
    user: string; guessedAt: string; guessedFrom: string; loginSeen: boolean; failuresBefore: number; ipsSince: number;
    /**
     * The guess is a login after failures that named no user (Postfix before 3.7.8): `failuresBefore` are then that
     * IP's failures, not the name's. Absent: false.
     */
    unnamedGuess?: boolean;
    messagesSince: number; recipients: number; externalDomains: number; forgedMessages: number; queued: number; notDeliveredShare: number | null;
    /** Whether the account's undelivered mail is still queued or was deleted with postsuper -d ALL. */
    pendingFate: PendingFate;
    /**
     * Recipients of the account's mail that the server's content filter discarded or bounced on the hand-off (amavis's
     * "250 2.7.0 Ok, discarded", review 17 H2), counted among those not delivered. Absent: none.
     */
    filterDiscarded?: number;
    /**
     * Submissions from the IPs since the guess that the server refused at the end of DATA with a 5xx (a milter's or
     * content check's verdict), not among `messagesSince`, and from how many of those IPs (code review 17, K7b).
     * Absent: none. With no recipient since the guess, the title then says nothing of a share not delivered.
     */
    refusedAtData?: { messages: number; ips: number };
    /** IMAP/POP3 logins from IPs new since the guess (short local times), earliest first. */
    mailboxIntruders: Array<{ ip: string; protocol: string; at: string }>;
    /** Senders refused as "not owned by user" from IPs that logged in as the account (short local times); null: none. */
    refused: { rejects: number; ips: number; first: string; last: string } | null;
  }): string;
  /**
   * An account with a signal and nothing of another person (compromised-account unusualUseNote): `ips` IPs not known
   * as the owner's sent `messages` messages to `recipients` recipients, `notDeliveredShare`% of them not delivered;
   * `externalDomains` over the whole log; `mailboxIps` of those IPs also opened the mailbox; `mistyped`: failed logins
   * for the name before an IP that then logged in as it (0: none).
   */
  accountUnusualUse(p: {
    user: string; ips: number; messages: number; recipients: number; externalDomains: number; notDeliveredShare: number | null;
    mailboxIps: number; mistyped: number;
    /** As UnusualUseAdvice.guessLogin: the note then says nothing of "no password guessing". */
    guessLogin?: UnnamedGuessLogin;
    /** As UnusualUseAdvice.pool. */
    pool?: PoolText;
  }): string;
  /**
   * A password guesser's login to a mailbox. `failedForName`: failed logins for the account's name (from any IP) up to
   * the first of them; `failures`: the failed logins of the intruding IPs (as sasl-bruteforce counts them per IP);
   * intruders earliest first, with short local times.
   */
  mailboxBreach(p: { user: string; failedForName: number; failures: number; intruders: Array<{ ip: string; protocol: string; at: string; failures: number }> }): string;
  /**
   * A compromised account known only from the sender check: `ips` IPs that logged in as `user` were refused `rejects`
   * times as "not owned by user"; `messagesSince`: mail those IPs had accepted as the account.
   */
  compromisedStillUsed(p: { user: string; rejects: number; ips: number; first: string; last: string; messagesSince: number }): string;
  /**
   * The sender check refused `user` `rejects` times from `ips` IPs, `ownerIps` of them its owner's clients and
   * `sharedIps` used by other users too, for senders the map does not give it (the first three, and how many more;
   * `foreign` of other people's domains): a sender_login line missing, not a compromise.
   */
  senderMapMissing(p: {
    user: string; senders: string[]; moreSenders: number; foreign: number; rejects: number; ips: number; ownerIps: number;
    sharedIps: number; first: string; last: string;
  }): string;
  /** Why senderMapMissing matters (the rule's general text speaks of a stolen password, which this is not). */
  senderMapMissingWhy: string;
  /** Why sasl-bruteforce's note of the users' own clients (no guesser: bruteforceStaleOnly) matters, in place of the rule's "Bots try…". */
  bruteforceStaleWhy: string;
  /** Why accountUnusualUse matters, for the same reason. */
  accountUnusualUseWhy: string;
  /** The same note's why when a guesser logged in under a name the log does not give (UnusualUseAdvice.guessLogin). */
  accountUnusualUseGuessWhy: string;
  bruteforceDistributed(p: { failures: number; ips: number; first: string; last: string }): string;
  bruteforceSingle(p: { ips: number; failures: number }): string;
  /**
   * Background guessing (review Z, Z5): `failures` failed logins from `ips` IPs over `hours` (from the first failure to
   * the last), none over the per-IP threshold, none of them logged in. `targeted`: a real account it goes for by name
   * (review AL, AL2: detect/targeted-account.ts), whose failures make it more than the weather.
   */
  bruteforceBackground(p: { failures: number; ips: number; hours: number; targeted?: TargetedAccountText }): string;
  /** Added to either title: the attacking IPs that logged in over SMTP AUTH after their failures (first few): a guessed password. */
  bruteforceGotIn(ips: string[], more: number): string;
  /** Only IPs that also log in successfully failed, each for one name: mail clients with an old password. */
  /** `shared`: some IP failed for several names, each of which logs in from it (a webmail, an office NAT). */
  /**
   * `roaming`: how many of the IPs are the changing addresses of one device (a phone behind carrier NAT: roaming-clients.ts),
   * in `networks`.
   */
  /** `strangers`: names tried that never logged in from their IP (an account since removed, in a shared office). */
  /**
   * `devices`: how many of the IPs never logged in but failed for one real user's name only at a mail client's pace (a
   * device with an old password: stale-password.ts deviceOf, review AN, AN1); `device`: the first of them.
   */
  /**
   * One of those IPs in the evidence (ipsToCheck): "203.0.113.77 (71 failed as sato@example.jp; never logged in; every ~10
   * min for 10.8 h)" (review AN's rest: English in a Japanese report).
   */
  staleClientText(c: StaleClient): string;
  bruteforceStaleOnly(p: {
    ips: number; failures: number; users: number; shared: boolean; roaming: number; networks: string[]; strangers?: number;
    devices?: number; device?: { name: string; everyMinutes: number; spanHours: number };
  }): string;
  queueFlood(p: {
    deferred: number; share: number; deferredMessages: number; peak: number; peakAt: string | null; stillQueued: number;
    /** Messages a `postsuper -d ALL` deleted, and when (short local times). */
    deletedInBulk: number; deletedAt: string;
  }): string;
  /** `classified`: a compromised account is known, so each message is abuse or legitimate. */
  queueDeleted(p: { deleted: number; at: string; abusive: number; legitimate: number; senders: string[]; classified: boolean }): string;
  /** `users`: the compromised accounts (none: no account part); `relayers`: the IPs and programs whose relayed spam is queued. */
  queueCleanup(p: {
    abusive: number; queued: number; fromUsers: number; users: string[]; relayed: number; relayers: string[]; backscatter: number; legitimate: number;
    /** Partial records (queued since before the log) sent as the spam's forged sender domains (review 19, H3). */
    earlier?: number;
  }): string;
  /** Subject of the queue-cleanup finding: "220 queue IDs". */
  queueIds(n: number): string;
  /**
   * `restricted` (review AO, AO3): other clients of the same log were refused with "Relay access denied", so relaying
   * is not open to everyone: these IPs are let through by mynetworks or an access map.
   */
  openRelay(p: { ips: string[]; messages: number; recipients: number; domains: number; first: string; last: string; restricted?: boolean }): string;
  /** The same numbers for clients on private or loopback addresses: not an open relay, a note to check they are the site's own. */
  ownNetworkRelay(p: { ips: string[]; messages: number; recipients: number; domains: number; first: string; last: string }): string;
  /**
   * The same numbers for clients of the Internet named inside the site's own domains (`names`: "app1.example.org",
   * `domains`… `ownDomains`: the own domains they are in) whose mail shows no spam sign: trusted hosts, not an open relay.
   */
  trustedHostRelay(p: { ips: string[]; names: string[]; ownDomains: string[]; messages: number; recipients: number; domains: number; first: string; last: string }): string;
  /**
   * The same numbers for own-network clients whose relayed mail shows spam signs: `forgedMessages` sent as other
   * people's domains (the first of them, and how many more), `minutes` from the first to the last relayed message.
   */
  ownNetworkSpam(p: OwnSpamWords & { ips: string[] }): string;
  /**
   * The same numbers for own-network clients that sent a burst with no spam sign (nothing forged, most delivered):
   * bulk mail such as a newsletter. `senderDomains`: the sender domains used (first few); `notDelivered`: percent.
   */
  ownNetworkBulk(p: OwnBulkWords & { ips: string[] }): string;
  /** The same as ownNetworkSpam for local programs that submitted through sendmail ("mail uid=33"). */
  localProgramSpam(p: OwnSpamWords & { programs: string[] }): string;
  /** The same as ownNetworkBulk for local programs that submitted through sendmail. */
  localProgramBulk(p: OwnBulkWords & { programs: string[] }): string;
  relayProbing(p: { denied: number; ips: number; first: string; last: string; leaked: string[] }): string;
  addressHarvesting(p: { ips: number; unknown: number; first: string; last: string; accepted: number }): string;
  backscatter(p: {
    first: string; last: string;
    ndr: {
      messages: number; remote: number; undeliverable: number; share: number; failed: number; pending: number; forgedBy: string[]; forgedMessages: number;
      /** Whether the pending notifications are still queued or were deleted with postsuper -d ALL. */
      pendingFate: PendingFate;
    } | null;
    accepted: { recipients: number; remote: number; undeliverable: number } | null;
    devNull: number | null;
  }): string;
  /** Subject values of the backscatter finding, by cause. */
  backscatterSubject(cause: 'accept-then-bounce' | 'forged-sender-spam' | 'forged-senders' | 'luser_relay'): string;
  /** "Yahoo rate limit / poor reputation (421 4.7.0 TSS04): 527 deferred" (also the `classes` evidence). */
  /** `suspended`: Postfix's re-deferrals of that answer from its cache, without contacting the receiver (not refusals). */
  refusalClass(p: {
    provider: string; kind: 'unauthenticated' | 'no-ptr' | 'relay-required' | 'tls-required' | 'listed' | 'rate'; code: string; deferred: number; bounced: number; suspended: number;
  }): string;
  /**
   * `total`: the receivers' own answers; `reDeferred`: "delivery temporarily suspended" repeats, counted apart.
   * `forgedAuth`: set when every SPF/DKIM refusal named another domain than ours and some were not of forwarded mail
   * (the forged senders of spam: those refusals and domains). `forwardedAuth`: the refusals of mail forwarded for an
   * alias of ours (orig_to=) naming other people's domains, the forwards (first three, and how many more), and
   * whether they are all of the SPF/DKIM refusals naming other domains.
   */
  receiversRefusing(p: {
    providers: string[]; ip: string; spammers: string[]; total: number; reDeferred: number; first: string; last: string; classes: string[];
    forgedAuth: { refusals: number; domains: string[]; ownDomain: string } | null;
    forwardedAuth: { refusals: number; forwards: string[]; moreForwards: number; all: boolean } | null;
    /**
     * The distinct recipients (message × address) the receivers refused and their messages (review AN, AN5), and the
     * messages by queue ID and sender when few (the evidence has them in full: findings.refusedMessage). Absent: not known (only Postfix's cached re-deferrals).
     */
    refused?: { recipients: number; messages: number; named: Array<{ qid: string; sender: string }> };
    /**
     * Every refused recipient got the mail later and nothing bounced, all of rate limits (review AN, AN4): the title is
     * of the past, with the time of the last delivery. Absent: still refusing, or not known.
     */
    resolved?: {
      deliveredBy: string;
      /**
       * Review AO, AO2: of the refused recipients, those delivered later, those their own mailbox bounced later (an
       * unknown user, a full one) and those still queued long after the last refusal (for a reason of their own).
       */
      delivered: number; bouncedOwn: number; pending: number;
      // deliveredBy: '' when no message had all its refused recipients past the limit (one still queued).
    };
  }): string;
  /**
   * One message behind the refusals (Aggregate.refusedRecipients' kept messages): "5E7F1A2B3C4 from info@example.jp
   * (300 recipients, 80 refused, all delivered later)".
   */
  refusedMessage(p: { qid: string; sender: string; saslUser: string; recipients: number; refused: number; sentLater: number }): string;
  /**
   * receivers-refusing's why when no finding of the report shows spam sent through this server (review AN, AN4): the
   * rule's own why speaks of "every retry of the spam".
   */
  receiversRefusingWhyNoSpam: string;
  /**
   * unsigned-mail: `messages` unsigned to outside recipients, of `domains`; of them `pickup` submitted with sendmail
   * and `submission` by logged-in clients that no milter saw, `table` with no SigningTable entry (`tableAddresses`),
   * `domainList` not in the Domain list, `external` from clients taken as outside, `keyError` tempfailed by a key;
   * `refused` of their outside recipients refused or not delivered, most at `refusedBy`; `namedRefusals` SPF/DKIM
   * refusals that named one of the domains.
   */
  unsignedMail(p: {
    messages: number; domains: string[]; pickup: number; submission: number; table: number; tableAddresses: string[];
    domainList: number; external: number; keyError: number; refused: number; refusedBy: string[]; namedRefusals: number;
    first: string; last: string;
    /** Inferred, not logged (UnsignedAdvice.likely); rspamd's and amavis's unsigned messages. Absent: false, 0. */
    likely?: boolean; rspamd?: number; amavis?: number; milterDown?: number;
    /** Seen by a signer that logged no decision about them (UnsignedMail.why 'seen'). Absent: 0. */
    seen?: number;
  }): string;
  /** Display name of a receiver ("Gmail"; "Other receivers" for the rest). */
  provider(p: string): string;
  /** Where to ask for delisting, for the `delisting` evidence. */
  delisting(providers: string[]): string;
  /** Where one block list's owner takes delisting requests: "Microsoft: https://sender.office.com (delist request for the IP)". */
  delistAt(provider: string): string;
  /** The `ptrCheck` evidence: a command with a comment. */
  ptrCheck(ip: string, domain: string): string;
  outboundPortBlocked(p: { first: string; last: string; timeouts: number; timedOut: number; destinations: number; sent: number; after: number }): string;
  serverTrouble(p: { first: string; last: string; parts: string[] }): string;
  troubleDisk(n: number, top: string): string;
  troubleCrash(n: number, top: string): string;
  /**
   * `guessing`: failed logins of a password-guessing attack going on (null when there is none). The 454 answers
   * smtpd gave (`smtpdLost`) split by who got them: clients that were not guessing (`toUsers` from `userIps`)
   * and attacking IPs (`toAttackers` from `attackerIps`); say "real users got 454" only when toUsers > 0.
   */
  troubleAuth(p: {
    smtpdLost: number; dovecot: number; guessing: TroubleGuessing | null; toUsers: number; userIps: number; toAttackers: number; attackerIps: number;
  }): string;
  troubleDns(n: number, kinds: number): string;
  troubleCapacity(n: number): string;
  /** `failures`: TLS library problem lines; `repeatIps`: clients whose handshake failed again and again (`perIp` times or more). */
  troubleTls(p: { failures: number; repeatIps: number; perIp: number }): string;
}

/** Headings of report.md (and report.html sections; their anchors come from the English text, see render/html.ts). */
export interface Headings {
  summary: string; findings: string; totals: string; saslUsers: string; clientIps: string; senders: string; recipientDomains: string;
  deferralReasons: string; bounceReasons: string; rejectReasons: string; authFailures: string; stillQueued: string; hourly: string;
  charts: string; appendix: string; inputs: string; unparsed: string; daemonProblems: string; localPrograms: string;
  /** Successful Dovecot logins per user (report.mailboxLoginsByUser). */
  mailboxLogins: string;
  /** OpenDMARC's and policyd-spf's verdicts on incoming mail (report.mailAuthentication); only when there are any. */
  mailAuthentication: string;
  /** rspamd's actions on outgoing mail (report.rspamdOutgoing); only when there are any or rspamd's file was read. */
  rspamdOutgoing: string;
}

type Row<N extends number, T extends string[] = []> = T['length'] extends N ? T : Row<N, [...T, string]>;

export interface ReportMessages {
  defaultTitle: string;
  /** An empty table. */
  none: string;
  /** Under the local programs heading: what the table is and how to name a uid. */
  localProgramsNote: string;
  /**
   * Under the SASL users and Senders tables: what their "Deferred at last try" column counts (review AH's rest):
   * recipients whose last try in the log was a deferral (aggregate/messages.ts, finalStatusOf), not deferral attempts.
   */
  deferredAtLastTryNote: string;
  /** Under the SASL users table when a row has AUTH failures: whose failures the column counts (review AO, AO9). */
  saslUserAuthFailuresNote: string;
  /**
   * Under the Recipient domains table: its "Deferred at last try" column (recipients whose last try in the log was a
   * deferral, aggregate/messages.ts) beside "Deferral attempts" (every deferred attempt), where it was "Deferred (final)".
   */
  recipientDomainsNote: string;
  /** Under the Recipient domains table: the order of its rows (build.ts: recipients plus deferral attempts). */
  recipientDomainsOrderNote: string;
  /** Under the mail authentication heading: whose verdicts these are; a check's line ("DMARC (OpenDMARC): 120 verdicts …"). */
  mailAuthenticationNote: string;
  mailAuthenticationLine(p: { check: AuthCheck; verdicts: number; byResult: string; domains: number }): string;
  /**
   * Under the rspamd heading: whose actions these are; the line of totals (`byAction`: "reject 2, no action 5"); with
   * rspamd's own file, what it settled of the maillog's unsigned messages.
   */
  rspamdOutgoingNote: string;
  rspamdOutgoingLine(p: { messages: number; users: number; byAction: string }): string;
  rspamdFileJoined(p: { signed: number; unsigned: number }): string;
  /** A SASL user's cell of submissions refused at the end of DATA (cols.saslUserRefused), or of rejects (cols.saslUserRejects): `n`, from `ips` client IPs. */
  refusedFrom(n: number, ips: number): string;
  /** How the period line starts (report.html drops that line: its header shows the period). */
  periodLabel: string;
  period(p: { from: string; to: string; zone: string; duration: string; lines: string; files: number; hosts: string; hostCount: number }): string;
  /** The period's length in words: "2 min", "7.5 hours", "3 days 3 hours" (review Z, Z24: it was "0.03 hours", "75.03 hours"). */
  duration(hours: number): string;
  /** The period's length when the inputs have no dated line (empty, another kind of log): no period at all, not "1 min". */
  noDatedLine: string;
  /** The zone in sentences: "server local time; the log has no time zone" or "UTC+09:00". */
  zone(timezone: string): string;
  warning: string;
  h: Headings;
  /**
   * The heading of the activity table of a log of at most 12 hours, in bins of `minutes` as its charts (report.minutely;
   * review AG, AG6), in place of h.hourly; `binStartColumn` heads its first column (cols.hourly's is the hour).
   */
  activityPer(minutes: number): string;
  binStartColumn: string;
  summaryReceived(p: { received: string; delivered: string; bounced: string; expired: string; bounceRate: string }): string;
  /**
   * `requeues`: postsuper's "Requeued: N messages" lines (`postsuper -r`), the first few, when (short local times);
   * `moreRequeues`: how many more there were.
   */
  summaryDeferred(p: {
    deferred: string; deferredMessages: string; stillQueued: string; deletedInBulk: number; deletedAt: string | null;
    requeues: Array<{ count: number; at: string }>; moreRequeues: number;
  }): string;
  /**
   * `ips`: client IPs whose SMTP AUTH failed or was aborted (at least that many when `atLeast`: a report without
   * clientIpCounts); `mailboxIps`: those with IMAP/POP3 login failures (null: not known).
   */
  /** `proxyRefused`: logins a login proxy's backends refused, whose logs are not in the inputs (report.proxyBackendRefusals); absent: none. */
  /**
   * AUTH commands smtpd refused without a SASL warning (report.json authRefused; review AL, AL1): on port 25 (the
   * master.cf `smtp` service), from `port25Ips` IPs, and on the other services (submission, smtps).
   */
  summaryAuthRefused(p: { port25: number; port25Ips: number; other: number; otherIps: number }): string;
  summaryRejects(p: { rejected: string; authFailures: string; aborted: number; ips: number; atLeast: boolean; mailbox: string; mailboxIps: number | null; proxyRefused?: number }): string;
  noRuleFired: string;
  /** "CRITICAL" in finding headings. */
  severityTag(s: Severity): string;
  /** "critical" in sentences and badges. */
  severityWord(s: Severity): string;
  /** A finding's subject kind ("saslUser", "ips") as shown to people; report.json keeps the identifier. */
  subjectKind(kind: string): string;
  /** "- Rule: `x`; subject: …; from … to …" (parts already formatted as Markdown). */
  findingMeta(p: { rule: string; kind: string; value: string; from: string; to: string }): string;
  evidence: string;
  logLines: string;
  why: string;
  fix: string;
  cols: {
    measure: Row<2>; saslUsers: Row<12>;
    /** The SASL users table's column of submissions refused at the end of DATA, after Messages, when a user has any. */
    saslUserRefused: string;
    /** The SASL users table's column of smtpd's refusals naming the login (Postfix ≥ 3.10), after the refused one, when a user has any. */
    saslUserRejects: string;
    clientIps: Row<10>; senders: Row<7>; localPrograms: Row<9>; recipientDomains: Row<7>; reasons: Row<4>;
    userFailures: Row<2>; reasonFailures: Row<2>; stillQueued: Row<8>; legitimate: Row<6>; hourly: Row<10>; inputs: Row<7>;
    /** User, logins, client IPs, protocols, first, last, the client IPs with the most logins. */
    mailboxLogins: Row<7>;
    /** Check, domain, verdicts, failed, by result. */
    mailAuthentication: Row<5>;
    /** User, messages, refused or flagged, by action. */
    rspamdOutgoing: Row<4>;
  };
  totals: {
    received: string; delivered: string; deferred: string; deferredMessages: string; bounced: string; expired: string; rejected: string;
    rejectWarnings: string; heldDiscarded: string; authFailures: string; authAborted: string; dovecotAuthFailures: string;
    dovecotLoginFailures: string; connections: string; connectFailures: string; notifications: string; messagesRemoved: string;
    postsuperDeleted: string; postsuperRequeued: string; proxyRefused: string; deletedInBulk: string; stillQueued: string; partialMessages: string; abandonedTransactions: string;
    sessionProblems: string;
  };
  noDomain: string;
  authByUser: string;
  /**
   * Under the by-user table, when it leaves failures out (review AM, AM6): it counts those where a password was checked
   * (`credentials` of `all`); the 454s (`server`) and the undecodable AUTH data (`malformed`) are in the table by reason.
   */
  authByUserScope(p: { credentials: number; all: number; server: number; malformed: number }): string;
  authByReason: string;
  dovecotByUser: string;
  queueEmpty: string;
  /** `cut`: null when every row is shown, else the files written that hold them all (none: []). */
  stillQueuedIntro(count: string, cut: string[] | null): string;
  /** Heading and intro of the messages a `postsuper -d ALL` deleted (the log names none of them). */
  deletedInBulkHeading: string;
  deletedInBulkIntro(p: { count: string; at: string; cut: string[] | null }): string;
  /** The users' legitimate mail among the still-queued / deleted messages, listed first with who did not get it. */
  legitimateQueuedIntro(p: { count: string; cut: string[] | null }): string;
  legitimateDeletedIntro(p: { count: string; cut: string[] | null }): string;
  /** After the recipients named in a "Not delivered to" cell: how many more the message had without a final status. */
  moreRecipients(n: number): string;
  /** A recipient in a "Not delivered to" cell that a receiver bounced because it refuses this server (review AM, AM2). */
  refusedRecipient(address: string): string;
  /** Under a table that marks such recipients: what the mark means and when to send to them again. */
  refusedNote: string;
  /**
   * Under the mailbox logins heading: what the table is. `users`: every user that logged in; `shown`: the rows of the
   * table (the first --top); `cut`: null when every user is shown, else the files written that hold them all (none: []).
   */
  mailboxLoginsIntro(p: { users: number; shown: number; cut: string[] | null }): string;
  /**
   * One client IP in a mailbox user's row: `ip` and `name` (its reverse name from the client table, '' when none)
   * already escaped; its logins, and per protocol ("IMAP", escaped; most first) when the user used several (else [],
   * the one protocol named in its own column).
   */
  mailboxLoginIp(p: { ip: string; name: string; protocols: MailboxProtocol[]; logins: number }): string;
  /**
   * A mailbox user's Protocols cell: its logins per protocol from all its IPs (review U, U3), most first; one
   * protocol is named alone (the Logins column counts them).
   */
  mailboxProtocols(protocols: MailboxProtocol[]): string;
  /** The client IPs named in a mailbox user's row (mailboxLoginIp each), and how many more it logged in from. */
  mailboxLoginIps(ips: string[], more: number): string;
  /** A mailbox user's count of client IPs when report.json lists only `listed` of them (ipsComplete false: past 1,000). */
  clientIpsListed(count: number, listed: number): string;
  chartsIntro: string;
  lineTotals(p: { total: string; parsed: string; ignored: string; unparsed: string }): string;
  /** The inputs that are journal exports (InputSummary.journal): their lines as quoted are made from the entries. */
  journalExports(files: string): string;
  /** The inputs that were Docker json-file logs, and how their lines were read. */
  dockerJsonLogs(files: string): string;
  /** Of the unparsed lines, those visibly cut short (LineCounts.cutShort): the log is damaged. */
  cutShort(p: { lines: string; unparsed: string }): string;
  /** sysklogd repeat lines whose repeated line was not known (LineCounts.repeatsNotExpanded). */
  repeatsNotExpanded(p: { lines: string; events: string }): string;
  duplicates(list: string): string;
  generatedBy(tool: string, version: string, schema: number): string;
}

export interface HtmlMessages {
  kicker: string;
  period: string;
  /** "(server local time, 75.03 h)" after the period. */
  /** The period's zone and length (report.duration: "3 days 3 hours"). */
  periodNote(zone: string, duration: string): string;
  logLines: string;
  fromFiles(n: number): string;
  findings: string;
  noFindings: string;
  /** "2 critical" in the header. */
  severityCount(s: Severity, count: number): string;
  contents: string;
  /** The redaction note; the fingerprint is given as HTML (escaped, in <code>). */
  redacted(domains: boolean, fingerprintHtml: string): string;
  kpi: { received: string; delivered: string; deferred: string; bounced: string; rejected: string; authFailures: string; mailbox: string; stillQueued: string };
  /** The mailbox tile's words after its label when a login proxy's backends refused logins whose logs were not read. */
  kpiMailboxBackends: (refused: number) => string;
  /** Extra CSS for the language (fonts), appended to the page's style sheet. */
  css: string;
}

export interface ChartMessages {
  /** font-family of the SVG text. */
  font: string;
  /** The zone in labels (charts, the HTML header): "server local time" or "UTC+09:00". */
  zone(timezone: string): string;
  /** A bin of `minutes` (60: an hour) in a y-axis title: "per 5 minutes". */
  perBin(minutes: number): string;
  timeAxis(minutes: number, zone: string): string;
  /**
   * Appended to a time chart's caption when its bars are minutes (a log of at most 12 hours, report.minutely): the
   * bin and the log's span in minutes (review AG, AG6).
   */
  minuteBins(minutes: number, span: number): string;
  /** The SVG <title>: chart title and description. */
  alt(title: string, description: string): string;
  /** Recipients delivered and bounced (top panel) and SMTP rejects (bottom panel); no retries (review Z, Z14). */
  deliveries: { title: string; description: string; sent: string; bounced: string; rejected: string; y(per: string): string; yRejected(per: string): string; empty: string };
  /** Only with a compromised-account finding: its spam apart from the users' own mail, by the hour each message arrived. */
  compromisedDelivered: { title: string; description: string; legitimate: string; spam: string; y(per: string): string; empty: string };
  deferralsAuth: { title: string; description: string; deferred: string; smtpAuth: string; mailbox: string; yDeferred(per: string): string; yAuth(per: string): string; empty: string };
  queue: { title: string; description: string; series: string; y: string; empty: string };
  users: { title: string; description: string; series: string; note(messages: number, ips: number): string; x: string; y: string; empty: string };
  ips: { title: string; description: string; smtpAuth: string; mailbox: string; relayDenied: string; x: string; y: string; empty: string };
  /** Deferrals by normalised reason: the chart of a report made before the causes were grouped (no deferralCauses). */
  reasons: { title: string; description: string; x: string; empty: string };
  /** Deferrals grouped by receiver and cause, as the Deferral reasons table groups them (report.deferralCauses). */
  causes: { title: string; description: string };
  /** The labels of the moments the time charts mark with a rule (review Z, Z14); `at`: "11-25 23:41". */
  events: { takenOver(user: string, at: string): string; deleted(at: string): string };
}

/**
 * The verdict, the one-line findings and the first steps at the top of the report (report/overview.ts, review Z, Z1/Z2),
 * and the end-of-run block on stderr (Z7). Plain text: log text (user names, IPs) among the values is escaped by the
 * renderers. `at`: a local time without seconds ("2026-11-25 23:41"); `hours`: already formatted.
 */
export interface OverviewMessages {
  /** No Postfix/Dovecot line was read: nothing to analyze (never "no problem"). */
  empty: string;
  emptyDetails: string;
  /** No finding. */
  clean(p: { duration: string; from: string; to: string }): string;
  /** `proxyRefused`: logins a login proxy's backends refused, whose logs were not read (review AD); absent: none. */
  cleanDetails(p: { received: number; delivered: number; authFailures: number; mailboxFailures: number; proxyRefused?: number }): string;
  /** Low and info findings only. */
  notes(p: { duration: string; notes: number }): string;
  /** compromised-account: `critical` the password was guessed, else spam-shaped mail only. */
  accountTaken(p: { user: string; at: string; critical: boolean }): string;
  accountDetails(p: { ips: number; messages: number; queued: number | null }): string;
  moreAccounts(users: string[]): string;
  /** mailbox-breach. */
  mailboxBreach(p: { user: string; at: string }): string;
  /** Any other first finding: its short title. */
  worst(short: string): string;
  queuedSpam(n: number): string;
  lostMail(p: { deleted: number; legitimate: number }): string;
  /** The receivers the receivers-refusing finding names (its subject). */
  refusing(receivers: string[]): string;
  /** Short forms of finding titles, by rule (others: the first clause of the title). */
  short: {
    account(p: { user: string; at: string; critical: boolean }): string;
    mailboxBreach(p: { user: string; at: string }): string;
    /** `targeted`: a real account background guessing goes for by name (review AL, AL2), and its failures. */
    /**
     * `background`: the low note of background guessing that goes for no real account (isBackgroundGuessing; review
     * AO, AO7: the Japanese headline called the day's weather an attack, 「パスワード推測攻撃」, above a body saying it is normal).
     */
    bruteforce(p: { failed: number; ips: number; loggedIn: string; targeted?: { name: string; failures: number }; background?: boolean }): string;
    /**
     * sasl-bruteforce with no attacking IP, only users' own clients with a wrong password (review AN, AN2: it read
     * "Password guessing: 0 failed logins from 0 IPs"): their failures and IPs.
     */
    staleClients(p: { failed: number; ips: number }): string;
    queueCleanup(n: number): string;
    queueDeleted(p: { deleted: number; legitimate: number }): string;
    refusing(receivers: string[]): string;
    /** outbound-port-blocked: connections to remote servers on port 25 that timed out, and deliveries meanwhile. */
    portBlocked(p: { timeouts: number; sent: number }): string;
    /**
     * backscatter with bounces of ours to outside addresses: how many bounce messages, how many of them went to outside
     * addresses (bounces, not addresses: review AK, AK4), and how many of those could not be delivered either (its
     * title's figures, kept whole: review AI, AI8).
     */
    backscatter(p: { messages: number; remote: number; undeliverable: number }): string;
    /** unsigned-mail: `messages` of `domains` sent to the outside without a DKIM signature (`likely`: inferred). */
    unsignedMail(p: { messages: number; domains: string[]; likely?: boolean }): string;
  };
  /** "First steps (in this order)". */
  stepsHeading: string;
  stepAccount(users: string[]): string;
  stepRelay: string;
  /**
   * The relay step naming its clients (review AO, AO3): `ips` the open-relay finding's subject ("198.51.100.80"), `count`
   * how many; `restricted`: other clients got "Relay access denied" (mynetworks or an access map lets these through);
   * `ownHosts`: those of them named inside the site's own domains whose mail shows spam signs ("app1.example.org
   * (198.51.100.80)"). Used instead of stepRelay when either is known.
   */
  stepRelayFor(p: { ips: string; count: number; restricted: boolean; ownHosts: string[] }): string;
  stepQueue(n: number): string;
  /**
   * `notDelivered`: the recipients still waiting when the queue was deleted (the ones to send to again); `recipients`:
   * all the messages' recipients (review AK, AK6: the others had theirs). `refused`: of `notDelivered`, those a receiver
   * bounced because it refuses this server (to send to once it takes its mail again); `bounced`: of the others, those
   * bounced for another reason (an unknown user: not to send to again), null when unknown (review AM, AM2).
   */
  stepLostMail(p: { legitimate: number; senders: string; notDelivered: number; recipients: number; refused?: number; bounced?: number | null }): string;
  /** `guessers`/`intruders`: IPs in blocklist-ips.txt / compromised-ips.txt (null: no such list written). */
  /**
   * `startsNftables`: the commands start with the findings' line that starts nftables.service, which loads
   * /etc/nftables.conf and its `flush ruleset` (review AJ: said in the finding only, not where the step is pasted).
   */
  stepBlock(p: { guessers: number | null; intruders: number | null; startsNftables: boolean }): string;
  /** Blocking when redaction withheld the lists. */
  stepBlockWithheld: string;
  /**
   * `after`: earlier steps came first; `fire`: they put out a fire (a takeover, a breach, an open relay, spam or a
   * flood in the queue: "when the fire is out"), else "then" (review AN, AN8).
   */
  stepHarden(p: { after: boolean; fire: boolean }): string;
  /** "finding 1", "findings 1, 2 and 4". */
  findingRef(ns: number[]): string;
  /** A step's source in parentheses: "(finding 1)", "（検出事項 1）". */
  paren(text: string): string;
  /** "uses `queue-delete.txt`" (Markdown: the file names in code spans). */
  uses(files: string[]): string;
  /** The heading of the findings list at the top ("Findings"), and the label of the over-time charts section of report.html. */
  overTime: string;
  /** analyze --baseline: the comparison's verdict first (Z6), and the link to its section. */
  baselineFirst: string;
  baselineMore: string;
  /** stderr at the end of a run (Z7). */
  cliCounts(p: { total: number; bySeverity: Array<[Severity, number]> }): string;
  cliMore(n: number): string;
  cliWarning(text: string): string;
  cliOpen(path: string): string;
}

export interface Messages {
  lang: Lang;
  /** BCP 47 locale for numbers. */
  locale: string;
  /** 1234 → "1,234" in the language's locale. */
  num(x: number): string;
  /** "a, b, c and 58 more": the first `shown` items of a list and how many more. */
  someOf(items: string[], shown: number): string;
  /** A time that is not known, in sentences. */
  unknownTime: string;
  rules: Record<RuleId, RuleCopy>;
  advice: AdviceMessages;
  overview: OverviewMessages;
  findings: FindingMessages;
  warnings: {
    mixedZones(zones: string): string;
    /**
     * Lines whose UTC offset is not the reference one were placed by the instant they give and are shown at `at`
     * (split/inputs.ts): `offsets` every offset the lines carry; `given`: `at` is the before run's (compare's after
     * side), not the first line's; `files`: standard input or a pipe was read beside files with a dated line, so `at`
     * is the files' first dated line's (streams are not read ahead), which need not be the first line of the run
     * (review W, W2); `local`: some lines carry no offset (classic syslog), taken as written.
     */
    zonesMoved(p: { offsets: string[]; at: string; given: boolean; files: boolean; local: boolean }): string;
    duplicates(list: string): string;
    /** An input that repeats another's lines and was not read (split/same-content.ts). */
    sameContent(p: { path: string; as: string; how: 'start' | 'inside' | 'every' }): string;
    /** Two inputs of one host with lines of the same program over the same time (aggregate/overlap.ts). */
    inputsOverlap(p: { a: string; b: string; host: string; from: string; to: string; drop: string }): string;
    /** A stream read after an input whose lines all come later (run.ts): streams keep their command-line place. */
    streamsOutOfOrder(p: { a: string; b: string; aFrom: string; bTo: string }): string;
    /**
     * Consecutive inputs with no Postfix/Dovecot line between them for 20 hours or more (split/set-gaps.ts SET_GAP_MS), or numbered rotations of one
     * name with some between them not given (split/set-gaps.ts): a rotated file missing? `gap`: the time between.
     */
    setGap(p: { before: string; after: string; last: string; first: string; gap: string; missing: string[] }): string;
    partialRead(error: string): string;
    /**
     * NUL bytes dropped before lines (a crash or power loss, logrotate copytruncate): the first block's file, line and
     * byte offset, every block's bytes; `cut`: the first block cut a line (counted as unparsed). Review AA, F15.
     */
    /** `after`: the time of the last Postfix/Dovecot line before the (first) padding, as the warnings write times; null: none. */
    nulPadding(p: { path: string; line: number; offset: number; bytes: number; blocks: number; cut: boolean; after: string | null }): string;
    /**
     * Bytes after a compressed file's data that start no stream, ignored: after a .gz file's last member as gzip ignores
     * them (split/gunzip-file.ts); after an .xz, .bz2 or .zst file's last stream, up to 64 KiB (split/compressed-data-end.ts).
     */
    trailingBytes(path: string, bytes: number, format: 'gzip' | 'xz' | 'bzip2' | 'zstd'): string;
    /**
     * The error line (with --allow-partial the warning's) of a compressed input whose read failed part-way (EIO: a
     * failing disk; split/compressed-read-failure.ts). `why`: errors.ts describeFsError's English words for `code`.
     */
    compressedReadFailed(p: { path: string; bytes: number; code: string; why: string }): string;
    /**
     * The error line (with --allow-partial the warning's) of a compressed input whose data is cut short or damaged
     * (gzip's zlib error, or the complaint of xz, bzip2 or zstd, whose own words `said` are quoted as they are), or
     * followed by more than 64 KiB that start no stream (split/compressed-problem.ts).
     */
    compressedProblem(p: CompressedProblem): string;
    /** Said after an input's error that --allow-partial turns into a warning. */
    allowPartialHint: string;
    /** A plain file written to while it was read (the live maillog): only its first `planned` bytes were read. */
    grewWhileRead(p: { path: string; planned: number; now: number }): string;
    /** --since: the lines before it were left out (`lines`: Postfix/Dovecot lines, counted as ignored). */
    since(p: { since: string; lines: number }): string;
    /** --queue: the dump's queue IDs, and how many of the messages the log leaves queued are among them. */
    queueSnapshot(p: { ids: number; inLog: number; stillQueued: number }): string;
    /** Time stamps far apart (a clock reset): the hourly series lists only hours with lines. */
    clockJump(p: { spanDays: number; jumpDays: number; from: string; to: string }): string;
    /**
     * A host's clock went back (aggregate/clock-steps.ts): `steps` are the first few (`host` '' for Dovecot's own log
     * file; `where` "path:line" of the line whose time went back; `from`, `to` the two times as shown; `seconds` how
     * far back; `correctedBy` the seconds the host's times are shown later from that line on, when put right), `total`
     * how many there are in all, `kept` how many report.json lists (clockSteps.examples). `asWritten`: why they were
     * not put right (times as written): `many`, more than report.json lists; `stream`, an input read once (standard
     * input, a pipe); `far`, one goes back more than a day (a clock reset, a wrong date); `older`, compare's after
     * side read as written against a before report of an older version of a log whose UTC offsets change
     * (compare/after-side.ts); absent when they were put right.
     */
    clockSteps(p: {
      steps: Array<{ host: string; where: string; from: string; to: string; seconds: number; correctedBy?: number }>;
      total: number; kept: number; asWritten?: 'many' | 'stream' | 'far' | 'older';
    }): string;
    /** An input whose lines are all from other programs (cron, sshd …), and one mostly not understood. */
    noMailLines(p: { path: string; lines: number; looksLike: LooksLike }): string;
    /** An input whose every Postfix/Dovecot line is before --since (the older files of a rotated set). */
    allBeforeSince(p: { path: string; before: number }): string;
    /**
     * `looksLike`: what the file's first bytes look like (split/magic.ts): UTF-16 text, CR-only line ends, gzip
     * inside gzip; named with the command that converts it instead of the general question ('': nothing known).
     */
    mostlyUnparsed(p: { path: string; unparsed: number; lines: number; looksLike: LooksLike }): string;
    /**
     * Lines whose stamp has a year before 2000 or after `latestYear` (the year after the file's mtime): unparsed and
     * out of the period. `where`: the first one's "file:line", `stamp` its stamp (review AA, F10).
     */
    implausibleStamps(p: { lines: number; where: string; stamp: string; latestYear: number }): string;
    /**
     * An input whose lines end with CR only, some of it understood all the same: its first line, up to the first LF
     * or MAX_LINE_CHARS, was read as one line (split/magic.ts looksLike 'cr').
     */
    crLineEnds(p: { path: string; lines: number }): string;
    /**
     * An input whose first bytes are binary data (split/binary-data.ts: random bytes, an image, a program), not a
     * text log: said so instead of the other warnings of a file not understood, and its NUL bytes are no padding.
     * `mailLines`: its lines understood as Postfix's or Dovecot's all the same (review AJ, AJ14).
     */
    binaryData(p: { path: string; bytes: number; lines: number; mailLines: number }): string;
    /** An input with lines but not one Postfix/Dovecot line understood (fewer unparsed than mostlyUnparsed needs). */
    noMailUnderstood(p: { path: string; unparsed: number; lines: number; looksLike: LooksLike }): string;
    /**
     * An input with no line at all: a file (0 bytes, or a .gz of nothing: the fresh maillog just after logrotate), or
     * standard input, a FIFO or `<(…)` that gave nothing (`stream`).
     */
    emptyInput(p: { path: string; stream: boolean }): string;
    /** A file whose first line --year dates long after the file was last written: --year is wrong. */
    futureStart(p: FutureStart): string;
    /** Two files of the set whose first lines are half a year apart or more: one may be dated a year off. */
    yearGap(p: { before: string; after: string; days: number }): string;
    /** A `postsuper -d ALL`-style deletion that deleted fewer messages than were open before it. */
    bulkDeleteAmbiguous(p: { deleted: number; at: string; open: number }): string;
    /**
     * Recipients handed to a loopback relay (`relays`: "127.0.0.1[127.0.0.1]:11587", comma-separated) on a port no
     * content filter is known to use, which answered "queued as" a queue ID that no copy on this host took: counted as
     * delivered there (a tunnel to a smarthost), not as a content-filter hop (review 17 H1).
     */
    unconfirmedHops(p: { recipients: number; relays: string }): string;
    /**
     * A Dovecot login proxy's backends refused `refused` logins it passed on (its "proxy dest auth failed" lines,
     * `from`/`to` short local times), and the backends that check the passwords and log the failures are not in the
     * inputs (`backends`: those the proxy's lines name, none when they name none): the report lacks those failures
     * (review AD, a proxy with nopassword=y).
     */
    proxyBackendsNotRead(p: { refused: number; from: string; to: string; backends: string[]; byBackend: Array<{ backend: string; ip: string; refused: number }> }): string;
    /**
     * --redact: in a finding's fix, a block to paste that names users or IPs (now pseudonyms) or reads a list that
     * is not written (`reads`: its file names; empty when the block only names users or IPs). Markdown, one paragraph.
     */
    redactedBlock(reads: string[]): string;
    /**
     * --redact: what replaces a sentence of a fix's prose that points to lists the run does not write (`lists`: their
     * file names), such as "`compromised-ips.txt` (next to this report) lists …". Markdown, inside a paragraph.
     */
    redactedSentence(lists: string[]): string;
    /** --redact: what was left out of the report: the lists not written (`lists`, may be empty) and how many blocks to paste. */
    redactedLeftOut(p: { lists: string[]; blocks: number }): string;
    /** --redact: what was made a pseudonym, with the key's fingerprint (`domains`: --redact-domains too). */
    redactedPseudonyms(p: { domains: boolean; fingerprint: string }): string;
    /** --redact without --redact-key: the key was random. */
    redactedRandomKey: string;
    /** A --redact-key shorter than SHORT_REDACTION_KEY characters (redact.ts): guessable from the fingerprint. */
    redactedShortKey: (p: { chars: number }) => string;
  };
  report: ReportMessages;
  html: HtmlMessages;
  charts: ChartMessages;
  cli: {
    /** The summary line on stderr after a run. */
    summary(p: {
      lines: number; mb: string; secs: string; received: number; delivered: number; deferred: number; bounced: number; rejected: number;
      authFailures: number; stillQueued: number; findings: number; unparsed: number;
      /** Messages a `postsuper -d ALL` deleted (0: not mentioned). */
      deletedInBulk?: number;
      /** The report's warnings (0: not mentioned). */
      warnings?: number;
    }): string;
    /** Files of an earlier run in the output directory that this run did not write, removed (paths relative to dir). */
    removedStale(p: { dir: string; files: string[] }): string;
    /** Inputs that an earlier run wrote in --out (its manifest names them): not read (review AA, F11). */
    skippedOwnOutputs(p: { dir: string; files: string[] }): string;
    /**
     * --out held the report of another period or other logs, which this run replaced (review Z, Z9: the default
     * reports/latest lost the "before" run that compare needs, without a word). `from`/`to` as the report writes them.
     */
    replacedRun(p: { dir: string; from: string; to: string; files: string[] }): string;
    /**
     * --out holds a README.txt that no run of this tool wrote: it is kept, and the folder's list of files is
     * written as `name` (README.maillog-forensics.txt), or not at all (null) when that name is taken too.
     */
    keptOwnReadme(p: { dir: string; name: string | null }): string;
  };
}

const CATALOGS: Record<Lang, Messages> = { en, ja };

export function isLang(s: unknown): s is Lang {
  return typeof s === 'string' && (LANGS as readonly string[]).includes(s);
}

/** The catalog of a language; anything else (an old report.json without `lang`) is English. */
export function messagesFor(lang: string | undefined | null): Messages {
  return isLang(lang) ? CATALOGS[lang] : en;
}

/**
 * The language of the user's locale, as POSIX orders it: the first non-empty of LC_ALL, LC_MESSAGES, LANG.
 * "ja", "ja_JP.UTF-8", "ja_JP.eucJP" → ja; anything else (C, POSIX, en_US.UTF-8, unset) → en.
 */
export function localeLang(env: Record<string, string | undefined> = process.env): Lang {
  const v = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((x) => x !== undefined && x !== '') ?? '';
  return /^ja(?:[_.@-]|$)/i.test(v) ? 'ja' : 'en';
}

export { en, ja };

/**
 * The failed logins around an auth server's trouble (server-trouble.ts failedLoginsDuring), the 454s among them, and
 * where: `log`, the whole log; `between`, from `first` to `last`; `hours`, the hours around each outage (apart).
 */
export interface TroubleGuessing {
  failed: number;
  span: 'log' | 'between' | 'hours';
  first: string;
  last: string;
}
