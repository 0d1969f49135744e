// Whether a delivery attempt went to a mailbox on this site: the recipient is mail coming in, whatever its domain
// (review P, P5: a shop's notice for owner@example-shop.jp, a second hosted domain never delivered to in the log
// because its one mailbox was full, was read as mail going out). Read from the attempt's agent (the Postfix program
// that logged it) and its relay field.

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
 * on another port than 24 (a filter's hand-off, parse/postfix/delivery.ts isFilterRelay).
 */
const LMTP_TCP = /\[([^\]]*)\]:(\d+)$/;
const FILTER_PORTS = new Set(['10024', '10025', '10026', '10027', '11332']);

function isLmtpStoreHost(relay: string): boolean {
  const m = LMTP_TCP.exec(relay);
  if (m === null || FILTER_PORTS.has(m[2]!)) return false;
  const ip = m[1]!;
  return !(ip.startsWith('127.') || ip === '::1' || ip.startsWith('::ffff:127.'));
}

/** The attempt (`agent` as RecipientState.lastAgent, `relay` as lastRelay) went to a mailbox here. */
export function isMailboxDelivery(agent: string, relay: string): boolean {
  if (MAILBOX_AGENTS.has(agent)) return true;
  if (agent === 'lmtp') return LMTP_STORE.test(relay) || isLmtpStoreHost(relay);
  if (agent === 'pipe') return PIPE_LDA.test(relay);
  return false;
}
