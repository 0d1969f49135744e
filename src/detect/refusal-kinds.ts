// What a receiver's refusal of our mail says, by the codes and words big receivers publish (receivers-refusing.ts
// reports them by class). Pure, and shared: the correlator marks a recipient that a receiver bounced as spam while it
// reads the line (correlate/correlator.ts), so that the open-relay rule can count them inside a burst (review 18).
//   Gmail     "421-4.7.28 [203.0.113.9      15] Our system has detected an unusual rate of unsolicited mail …"
//             "550-5.7.1 [203.0.113.9] Our system has detected that this message is likely unsolicited mail …"
//             "550-5.7.26 This mail is unauthenticated …" ; "550-5.7.25 The IP address … does not have a PTR record …"
//   Yahoo     "421 4.7.0 [TSS04] Messages from 203.0.113.9 temporarily deferred due to unexpected volume or user complaints"
//   Microsoft "550 5.7.1 Unfortunately, messages from [203.0.113.9] weren't sent. … on our block list (S3150)"
//             "451 4.7.650 The mail server [203.0.113.9] has been temporarily rate limited due to IP reputation"
//   DNSBL     "554 5.7.1 Service unavailable; Client host [203.0.113.9] blocked using zen.spamhaus.org"

export type RefusalKind = 'unauthenticated' | 'no-ptr' | 'relay-required' | 'tls-required' | 'listed' | 'rate';

/**
 * Of the `rate` kind, the receiver's verdict on the mail itself: it is (likely) unsolicited (Gmail 4.7.28 and
 * 550-5.7.1 "likely unsolicited mail").
 */
const CONTENT_VERDICT = /\b4\.7\.28\b|unusual rate|UnsolicitedRate|likely unsolicited/i;

/**
 * Of the `rate` kind, a verdict on the sender's reputation, not on this mail: Gmail's "likely suspicious due to the very
 * low reputation of the sending domain", Microsoft 4.7.650/651 "due to IP reputation". A new domain, a recycled or cold
 * IP, a jump in volume draw them on opted-in mail too (review 18, M H4: a shop's newsletter with 3.7% of it so refused).
 */
const REPUTATION = /low reputation|IP reputation|\b4\.7\.65[01]\b/i;

/**
 * Spam verdicts in other receivers' words, which no class above takes: rspamd's "554 5.7.1 Spam message rejected",
 * IronPort's "Message rejected as spam", Proofpoint's "suspected spam content", Microsoft's "5.7.350 … detected as
 * spam", Yahoo's "554 Message not allowed - [PH01] Email not accepted for policy reasons", iCloud's "[CS01]" (review
 * 18, M M1; the phrases Sisimai's Reason/SpamDetected.pm collects). A block list's host name ("spam.dnsbl.sorbs.net") is
 * the `listed` class first.
 */
const SPAM_WORDS = /\bspam\b|not accepted for policy reasons|\[PH01\]|\[CS01\]/i;

/**
 * Of the `rate` kind, a limit on how much the receiver takes, with no verdict on the mail: Yahoo's TSS04 ("unexpected
 * volume or user complaints", the deferral every list post to Yahoo meets), "rate limit", "too many messages". Not
 * Postfix's own connection limit, "421 4.7.0 mx1.example.jp Error: too many connections from 192.0.2.2"
 * (smtpd_client_connection_count_limit): how many sessions at once, no verdict on us; a backup MX's own primary says it
 * while the backup flushes its queue (review 14, F6).
 */
const THROTTLE = /\bTSS?0\d\b|unexpected volume|user complaints|rate limit|too many messages|(?<!Error: )too many connections/i;

/**
 * Authentication refusals in words that name neither code nor SPF/DKIM/DMARC (review AC, F3):
 *   Gmail "550-5.7.1 This message does not have authentication information or fails to pass 550-5.7.1 authentication
 *         checks. To best protect our users from spam, …" (3s3s/opentrade#301; 421-4.7.0 in pastebin.com/AWx0vK0A;
 *         sisimai/rb-sisimai lib/sisimai/rhost/google.rb files it under authfailure)
 * Not Yahoo's "554 5.7.9 Message not accepted for policy reasons": sisimai (rhost/yahooinc.rb) files it with PH01 as a
 * policy violation, and Yahoo's refusal for authentication says so in words ("550 5.7.9 This mail has been blocked
 * because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM.").
 */
const AUTH_WORDS = /\bauthentication (?:information|checks)\b/i;

/**
 * Block lists in words no list above names (review AC, F6, F7):
 *   Yahoo  "553 5.7.2 [TSS06] All messages from 62.210.211.239 will be permanently deferred; Retrying will NOT succeed.
 *          See https://help.yahoo.com/kb/postmaster/SLN3436.html" (hardware/mailserver#206; TSS09 says the same): a
 *          block of the IP, not TSS04's rate limit
 *   Orange "550 mwinf5c14 ME Adresse IP source bloquee pour incident de spam. Client host blocked for spamming issues.
 *          OFR006_102 Ref http://csi.cloudmark.com/reset-request/?ip=… [102]" (ActiveCampaign/smtp-field-manual#60):
 *          Cloudmark's CSI list, which Comcast reads too (its codes BL000010, BL000011)
 */
const BLOCK_WORDS = /will be permanently deferred|blocked for spamming|csi\.cloudmark\.com/i;

/** The kinds, first match wins. */
export const REFUSAL_KINDS: ReadonlyArray<readonly [RefusalKind, RegExp]> = [
  ['unauthenticated', new RegExp(`\\b[45]\\.7\\.(?:26|27|30|515)\\b|\\bunauthenticated\\b|\\bSPF\\b|\\bDKIM\\b|\\bDMARC\\b|${AUTH_WORDS.source}`, 'i')],
  ['no-ptr', /\b[45]\.7\.25\b|\bPTR record|reverse DNS|\brDNS\b/i],
  // Gmail takes no mail straight from this IP (a dynamic or residential range), whatever it sends; no delisting lifts it,
  // a relay does (review AC, F4): "550-5.7.1 [1.123.123.123] The IP you're using to send mail is not authorized to
  // 550-5.7.1 send email directly to our servers. Please use the SMTP relay at your 550-5.7.1 service provider instead.
  // … https://support.google.com/mail/?p=NotAuthorizedError … - gsmtp" (iredmail/iRedMail#264, a Postfix line of 2024;
  // "to send email" in Google's error page, support.google.com/a/answer/3726730, 2026-02).
  ['relay-required', /not authorized to 550-5\.7\.1 send email directly|not authorized to send e?mail directly|NotAuthorizedError/i],
  // Gmail wants bulk mail over TLS (review AC, F13; support.google.com/a/answer/3726730, 2026-02): "421 4.7.29 Your email
  // has been rate limited because you're not using a TLS connection. Gmail requires all bulk email senders to use
  // TLS/SSL for SMTP connections." and "550 5.7.29 This message was blocked because it wasn't sent over a TLS
  // connection. …". By its words, not the code: X.7.29 is also ARC's validation failure (RFC 8617). Before `rate`,
  // which "rate limited" would match. Gmail's continuation prefixes fall between any two words ("not using a TLS
  // 421-4.7.29 connection"): three phrases, any one whole.
  ['tls-required', /not using a TLS\b|sent over a TLS\b|senders to use TLS\/SSL/i],
  ['listed', new RegExp('spamhaus|spamcop|barracuda|blocked using|\\blisted\\b|block ?list|black ?list|deny ?list|\\bRBL\\b|\\bDNSBL\\b'
    + '|\\bA?S3150\\b|\\bA?S3140\\b|\\b5\\.7\\.511\\b|\\b5\\.7\\.606\\b|\\b5\\.7\\.708\\b|ipcheck\\.proofpoint|Blocked - see|'
    + BLOCK_WORDS.source, 'i')],
  ['rate', new RegExp(`${CONTENT_VERDICT.source}|${REPUTATION.source}|${THROTTLE.source}`, 'i')],
];

/** Block lists receivers-refusing.ts names a refusal after when its text names them. */
export const BLOCKLISTS = ['Spamhaus', 'SpamCop', 'Barracuda', 'SORBS', 'Proofpoint', 'UCEPROTECT', 'Mailspike', 'Abusix', 'Cloudmark'] as const;

/**
 * The receiver a refusal's text names: by its host names, its codes ([TSS04] is Yahoo's, S3150 Microsoft's) or a block
 * list's name; "Other receivers" when none (receivers-refusing.ts counts its classes by it, the report's grouped
 * deferral reasons too: report/deferral-causes.ts).
 */
export function providerOf(text: string): string {
  // A block list the answer names is the one to ask, whoever quotes it (review AC, F5): Microsoft's MX "550 5.7.1 Service
  // unavailable, Client host [50.31.49.41] blocked using Spamhaus. To request removal from this list see
  // https://www.spamhaus.org/query/ip/50.31.49.41 (AS3130). [VE1EUR01FT062.eop-EUR01.prod.protection.outlook.com]"
  // (sendgrid/docs#6275); Yahoo's "553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.25, because the ip is
  // in Spamhaus's list; see http://postmaster.yahoo.com/550-bl23.html" and iCloud's "550 5.7.1 Mail from IP 192.0.2.1
  // was rejected due to listing in Spamhaus SBL." (sisimai/rb-sisimai lib/sisimai/rhost/yahooinc.rb, apple.rb).
  // A Microsoft 365 customer's own list, not Microsoft's (review AC, F14): "550 5.7.513 Service unavailable, Client host
  // [$ConnectingIP] blocked by $recipientDomain using Customer Block list (AS16012607)" (Microsoft's NDR table,
  // https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online;
  // sisimai/rb-sisimai lib/sisimai/rhost/microsoft.rb): only the recipient's organisation lifts it, not sender.office.com.
  if (/\bCustomer Block ?list\b|\bAS16012607\b/i.test(text)) return MICROSOFT_CUSTOMER;
  const lower = text.toLowerCase();
  for (const b of BLOCKLISTS) if (lower.indexOf(b.toLowerCase()) >= 0) return b;
  if (/gsmtp|google\.com|gmail/i.test(text)) return 'Gmail';
  if (/yahoo|\bTSS?0\d\b/i.test(text)) return 'Yahoo';
  if (/outlook|hotmail|live\.com|microsoft|office365|\bA?S3[01]\d\d\b|\b[45]\.7\.65\d\b|\b5\.7\.(?:511|606|708)\b/i.test(text)) return 'Microsoft';
  // GMX and WEB.DE (United Internet's "Nemesis" MXs) by the names their banners give (review AC, F10), which the grouped
  // deferral reasons already showed (their hosts' domains): "554-web.de (mxweb010) Nemesis ESMTP Service not available
  // 554-No SMTP service 554-Bad DNS PTR resource record. 554 For explanation visit
  // https://web.de/email/senderguidelines?ip=136.244.93.80&c=rdns" (LukeSmithxyz/emailwiz#128, a Postfix line of 2021)
  // and "554-gmx.net (mxgmx014) Nemesis ESMTP Service not available … https://www.gmx.net/mail/senderguidelines?…"
  // (jeboehm/docker-mailserver#82, 2020). By the banner's MX tag, the guidelines URL or a host name (deferral-causes.ts
  // passes the host): not any "gmx.de" in the text, which a third receiver's refusal of a GMX user's forwarded mail names
  // too ("<tanaka@gmx.de>: Sender address rejected"). GMX's other domains (gmx.de, gmx.com) are one service: gmx.net.
  if (/\(mxgmx\d*\)|gmx\.net\/mail\/senderguidelines|^(?:[\w-]+\.)+gmx\.(?:net|de|com)$/i.test(text)) return 'gmx.net';
  if (/\(mxweb\d*\)|web\.de\/email\/senderguidelines|^(?:[\w-]+\.)+web\.de$/i.test(text)) return 'web.de';
  return 'Other receivers';
}

/** A Microsoft 365 customer's own block list (providerOf): the recipient's organisation refuses, not Microsoft. */
export const MICROSOFT_CUSTOMER = 'Microsoft 365 customer';

/**
 * The block lists a recipient keeps for itself (review AC, F14): they do not lift when the spam stops, and no public
 * delisting form removes the IP; only the recipient's administrators do (Microsoft's NDR table on 5.7.513: "you need to
 * contact them directly and ask them to remove it from the blocklist").
 */
export const RECIPIENT_OWN_LISTS: readonly string[] = [MICROSOFT_CUSTOMER];

/** Every receiver a refusal is counted for (providerOf). */
export const RECEIVERS: readonly string[] = ['Gmail', 'Yahoo', 'Microsoft', MICROSOFT_CUSTOMER, 'gmx.net', 'web.de', ...BLOCKLISTS, 'Other receivers'];

/**
 * The receivers-refusing finding's evidence key of one class of refusals: "gmailRate", "microsoftListed",
 * "otherreceiversNoPtr" (report.json's contract: do not change it).
 */
export function refusalEvidenceKey(provider: string, kind: RefusalKind): string {
  return provider.replace(/[^A-Za-z]/g, '').replace(/^./, (x) => x.toLowerCase())
    + kind.replace(/(^|-)(.)/g, (_, __: string, x: string) => x.toUpperCase());
}

/** The receiver's own words: the text after "said:" or "refused to talk to me:", or "" when it is not an answer. */
export function answerOf(reason: string): string {
  const said = reason.indexOf(' said: ');
  if (said >= 0) return reason.slice(said + 7);
  const refused = reason.indexOf(' refused to talk to me: ');
  return refused >= 0 ? reason.slice(refused + 24) : '';
}

/** "421-4.7.28", "550 5.7.1", plus a provider tag like "[TSS04]" or "(S3150)": the code of a receiver's answer. */
export function refusalCode(text: string): string {
  const code = /\b([245]\d\d[- ][245]\.\d{1,3}\.\d{1,3})\b/.exec(text)?.[1] ?? /\b([245]\d\d)\b/.exec(text)?.[1] ?? '';
  // Yahoo's IPTS04 (KumoCorp/kumomta#376, 2025: "421 [IPTS04] Messages from a.b.c.d temporarily deferred …"), Microsoft's
  // AS3140 (hestiacp/hestiacp#2901, 2023: "… on our block list (AS3140). …"): review AC, F11.
  const tag = /\b((?:IP)?TSS?0\d|A?S3\d{3})\b/.exec(text)?.[1];
  return tag !== undefined ? `${code} ${tag}` : code;
}

/** The kind of a receiver's answer (answerOf), or undefined when it is none of them (an unknown user, a full mailbox). */
export function refusalKind(answer: string): RefusalKind | undefined {
  for (const [kind, re] of REFUSAL_KINDS) if (re.test(answer)) return kind;
  return undefined;
}

/**
 * Whether a delivery line's reason (the text in its parentheses) is a receiver saying that this mail is spam: an answer
 * of the `rate` kind with a verdict on the content (CONTENT_VERDICT), not a throttle nor a verdict on our reputation
 * only; or, in no class, a spam verdict in another receiver's words (SPAM_WORDS). Not a block list (`listed`): a list
 * names the IP whatever it sends (Spamhaus's PBL lists every dynamic address, and a listing made before the mail
 * refuses a newsletter as readily as spam); nor an authentication refusal, whose text may say "to protect our users
 * from spam". Not Postfix's re-deferral from its cache ("delivery temporarily suspended: host … refused to talk to
 * me: …"): no receiver was asked.
 */
export function isSpamVerdict(reason: string): boolean {
  if (reason.startsWith('delivery temporarily suspended: ')) return false;
  const answer = answerOf(reason);
  if (answer === '') return false;
  const kind = refusalKind(answer);
  return kind === 'rate' ? CONTENT_VERDICT.test(answer) : kind === undefined && SPAM_WORDS.test(answer);
}

/**
 * A virus scanner's refusal of a submitted message: ClamAV through clamav-milter or rspamd, "5.7.1 ClamAV FOUND VIRUS
 * Win.Trojan.Emotet-9953271-0", amavis's "554 5.7.0 Reject, id=… - INFECTED: Eicar-Signature", "Infected with …",
 * "Malware found". Only on a reject line (the correlator asks once per whole-message reject).
 */
export function isMalwareVerdict(reason: string): boolean {
  return MALWARE.test(reason);
}

const MALWARE = /\bvirus\b|\binfected\b|\bmalware\b/i;

/** A receiver's answer that refuses this server: the receiver (providerOf) and the kind. */
export interface AnswerClass { provider: string; kind: RefusalKind }

/** Distinct answers kept classified (cleared when full): a deferred flood repeats a handful of texts. */
const ANSWER_CACHE_MAX = 2_000;
const answerCache = new Map<string, AnswerClass | null>();

/**
 * The class of a receiver's answer (`answerOf` of a delivery line's reason), or null when it is no refusal of this
 * server; each distinct text classified once (the correlator asks on every deferred line: ~10 µs a text on the 1.5 GB
 * benchmark's answers, 456,000 deferred lines in its 200 MB cut). Gmail ends each answer with an ID of its own
 * ("… Guidelines. 3b2147d71e711-5f3bc90807si7480087b3a.572 - gsmtp (in reply to RCPT TO command)"): the text is keyed
 * without it.
 */
export function classifyAnswer(answer: string): AnswerClass | null {
  const g = answer.indexOf(' - gsmtp');
  const id = g > 0 ? answer.lastIndexOf(' ', g - 1) : -1;
  const key = id > 0 ? answer.slice(0, id) + answer.slice(g) : answer;
  const held = answerCache.get(key);
  if (held !== undefined) return held;
  const kind = refusalKind(answer);
  const c = kind === undefined ? null : { provider: providerOf(answer), kind };
  if (answerCache.size >= ANSWER_CACHE_MAX) answerCache.clear();
  answerCache.set(key, c);
  return c;
}
