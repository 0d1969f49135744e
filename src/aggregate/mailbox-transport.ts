// Whether a delivery attempt went to a mailbox on this site: the recipient is mail coming in, whatever its domain
// (review P, P5: a shop's notice for owner@example-shop.jp, a second hosted domain never delivered to in the log
// because its one mailbox was full, was read as mail going out). Read from the attempt's agent (the Postfix program
// that logged it) and its relay field; for lmtp to this host's loopback on another port than 24, from its reply too
// (review R, R4: Dovecot LMTP on 127.0.0.1:2424 or a content filter).

/**
 * local(8) and virtual(8) deliver only into mailboxes (or aliases, .forward) of this host:
 *   "postfix/local[35173]: 048861637B1: to=<root@mail.example.jp>, orig_to=<root>, relay=local, delay=0, …, status=sent (forwarded as 069BB1637B2)"
 *   "postfix/virtual[3114]: B657F2DB195D: to=<postmaster@example.com>, relay=virtual, delay=0.52, …, status=sent (delivered to maildir)"
 */
const MAILBOX_AGENTS = new Set(['local', 'virtual']);

/**
 * lmtp(8) to a mail store: a UNIX socket whose path names LMTP or Dovecot, or TCP port 24 (LMTP's own port):
 *   "postfix/lmtp[37110]: 5D1A31637F4: to=<owner@example-shop.jp>, relay=mail.example.jp[private/dovecot-lmtp], delay=2102, …, dsn=4.2.2, status=deferred (452 4.2.2 <owner@example-shop.jp> Mailbox is full)"
 * Not amavis over LMTP, a content filter ("relay=mail.example.com[private/amavis]", "[127.0.0.1]:10024").
 */
const LMTP_STORE = /\[[^\]]*(?:lmtp|dovecot)[^\]]*\]$|\]:24$/i;

/**
 * pipe(8) to a local delivery agent, named by its master.cf transport (dovecot-lda as "dovecot", maildrop, Cyrus's deliver):
 *   "postfix/pipe[3115]: 153053D: to=<tom@example.com>, orig_to=<admin@example.com>, relay=dovecot, delay=3.4, …, status=sent (delivered via dovecot service)"
 * Not a pipe content filter ("relay=spamassassin") nor a list manager ("relay=mailman"), which send the mail on.
 */
const PIPE_LDA = /^(?:dovecot|dovecot-lda|maildrop|cyrus)$/i;

/**
 * lmtp(8) over TCP to another host of the site, a mail store on a port of its own (review R, R4: Dovecot on 2424,
 * Zimbra's mailbox server on 7025):
 *   "postfix/lmtp[39997]: 2B0001637F3: to=<owner@example-shop.jp>, relay=store1.example.jp[10.0.0.12]:2424, delay=400000, …, dsn=4.2.2, status=deferred (452 4.2.2 <owner@example-shop.jp> Mailbox is full)"
 * Not a content filter's port, wherever it runs (amavis 10024–10027, rspamd's proxy 11332), nor this host's loopback
 * on another port than 24 (a filter's hand-off, parse/postfix/delivery.ts isFilterRelay) unless a mail store answered
 * (below).
 */
const LMTP_TCP = /\[([^\]]*)\]:(\d+)$/;
const FILTER_PORTS = new Set(['10024', '10025', '10026', '10027', '11332']);

function isLmtpStoreHost(relay: string): boolean {
  const m = LMTP_TCP.exec(relay);
  if (m === null || FILTER_PORTS.has(m[2]!)) return false;
  return !isLoopback(m[1]!);
}

function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1' || ip.startsWith('::ffff:127.');
}

/**
 * lmtp(8) to this host's loopback on a port other than 24 and no content filter's: Dovecot LMTP on a port of its own
 * (2424 and the like) or Cyrus's (2003), or a filter (review R, R4). The reply tells, when there is one (isMailboxStoreReply).
 */
export function isLoopbackLmtpPort(relay: string): boolean {
  // Read in place: the correlator asks on every lmtp line, most of them to a socket ("[private/dovecot-lmtp]").
  const close = relay.lastIndexOf(']');
  if (close < 0 || relay.charCodeAt(close + 1) !== 58) return false;
  const open = relay.lastIndexOf('[', close);
  if (open < 0 || !isLoopback(relay.slice(open + 1, close))) return false;
  const port = relay.slice(close + 2);
  return port !== '24' && !FILTER_PORTS.has(port);
}

/**
 * A mail store's reply to the delivery: Dovecot LMTP names the recipient in angle brackets after the codes, a space and
 * no colon after it (lmtp-local.c: "<%s> %s Saved", quota "452 4.2.2 <%s> %s" with quota_full_tempfail, else "552
 * 5.2.2 <%s> %s", "550 5.1.1 <%s> User doesn't exist: %s", "451 4.3.0 <%s> Temporary internal error"), Postfix adding
 * "host … said: " and " (in reply to … command)" to a refusal, as it does for any server:
 *   "status=sent (250 2.0.0 <sato@example.jp> ux5KOW/TCmshUwAAg+zDdQ Saved)" (corpus healthy/maillog, over a socket)
 *   "status=sent (250 2.0.0 <sato@example.jp> yM3VOW/TCmsiUwAAg+zDdQ:R2 Saved)" (the second recipient of one session)
 *   "status=deferred (452 4.2.2 <owner@example-shop.jp> Mailbox is full)" (review R's p5-lmtpport.log)
 *   "status=deferred (host mail.example.jp[private/dovecot-lmtp] said: 452 4.2.2 <tanaka@example.jp> Quota exceeded (mailbox for user is full) (in reply to end of DATA command))"
 * (the last in the form of ../shared/LINES.md row 14, "status=bounced (host mx.example.com[11.22.33.44] said: 550 5.1.1
 * <invalid.email@example.com> User unknown (in reply to RCPT TO command))", with Dovecot's default quota_exceeded_message).
 * Dovecot's: full (x.2.2, RFC 3463's "mailbox full") naming the recipient, or its own words. Cyrus lmtpd (and BlueMind,
 * which runs it) names no recipient and ends a reply with its session's token instead (imap/lmtpengine.c
 * send_lmtp_error: "250 2.1.5 Ok SESSIONID=<%s>", "452 4.2.2 Over quota SESSIONID=<%s>", "552 5.2.2 Over quota
 * SESSIONID=<%s>" with lmtp_over_quota_perm_failure; the token is "<syslog_prefix or servername>-<time>-<pid>-…",
 * global.c session_new_id; Cyrus 2.1's convert_lmtp said "452 4.2.2 Over quota" without it): a reply with that token,
 * or Cyrus's "Over quota" after x.2.2 (review T, F3):
 *   "status=deferred (host 192.168.124.72[192.168.124.72] said: 452 4.2.2 Over quota SESSIONID=<cyrus-4311-1488438658-1> (in reply to RCPT TO command))" (BlueMind's docs, a postqueue -p listing)
 *   "status=sent (250 2.1.5 Ok SESSIONID=<cyrus-12823-1488397532-1> [bluemind.net!user.user.INBOX () 2294])" (BlueMind's docs, relay …:2400)
 *   "status=sent (250 2.1.5 Success SESSIONID=<cyrus-1736260509-308-2-14725385898710560125>)" (Cyrus 3 in guimard/cyrus-postfix-docker's README)
 * A filter answers otherwise: amavis passes its MTA's reply on after its own ("250 2.0.0 from MTA(smtp:[127.0.0.1]:10025):
 * 250 2.0.0 Ok: queued as 0BBAFDADB7"; no parenthesis or colon comes before a Cyrus token), a re-injecting filter says
 * "queued as", Postfix's smtpd puts a colon after the address ("<x@example.org>: Recipient address rejected: …"), and
 * clamsmtp "250 Virus Detected; Discarded Email". An x.2.2 in other words ("452 4.2.2 The email account that you tried
 * to reach is over quota", Gmail's, which a filter may pass on) is not a store's.
 */
const STORE_REPLY = /^(?:host \S+ said: )?(?:[245]\d\d [245]\.\d{1,3}\.\d{1,3} <[^<>\s]*> (?:\S+ Saved$|User doesn't exist: |Temporary internal error|Too many concurrent deliveries for user)|[45]\d\d [45]\.2\.2 (?:<[^<>\s]*> |Over quota(?: |$))|[245]\d\d [245]\.\d{1,3}\.\d{1,3} [^():<>]*SESSIONID=<[^<>\s]+>)/;

export function isMailboxStoreReply(reason: string): boolean {
  return STORE_REPLY.test(reason);
}

/**
 * RecipientState.storeReply of an attempt: lmtp to this host's loopback on another port than 24, a store's reply. The
 * attempt's own relay is read here, so the verdict holds for the recipient whatever its later attempts' relays.
 */
export function storeReplyOf(agent: string, relay: string, reason: string): boolean {
  return agent === 'lmtp' && isLoopbackLmtpPort(relay) && isMailboxStoreReply(reason);
}

/**
 * The recipient's mail went to a mailbox here: `storeReply` (RecipientState.storeReply), a mail store on this host's
 * loopback answered one of its attempts, the relay of that attempt read when it was seen (storeReplyOf), not the last
 * one's: a later "relay=none … Connection refused" or greeting timeout while Dovecot restarts is the same mailbox
 * (review T, F2). Otherwise its last attempt (`agent` as RecipientState.lastAgent, `relay` as lastRelay) tells; lmtp to
 * this host's loopback on another port than 24 without a store's reply (a refused connection) stays a filter's.
 */
export function isMailboxDelivery(agent: string, relay: string, storeReply = false): boolean {
  if (storeReply || MAILBOX_AGENTS.has(agent)) return true;
  if (agent === 'lmtp') return LMTP_STORE.test(relay) || isLmtpStoreHost(relay);
  if (agent === 'pipe') return PIPE_LDA.test(relay);
  return false;
}
