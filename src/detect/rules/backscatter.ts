// Backscatter: non-delivery notifications (from=<>) that this server sends to people who never wrote — the
// forged envelope senders of mail it accepted and could not deliver. Two causes, told apart in the wording:
//   * accept-then-bounce: mail for unknown local users is accepted and bounced afterwards instead of being
//     refused at RCPT time ("…: to=<nobody@example.jp>, relay=virtual, …, status=bounced (unknown user: …)"), or
//     swallowed by a luser_relay alias on /dev/null ("…, relay=local, …, status=sent (delivered to file: /dev/null)");
//   * outbound spam with forged senders (a compromised account): the receivers refuse it, and our bounces go to
//     the forged addresses, which often do not exist either (double bounces).
// Counted per message: totals.ndr* (bounce(8) output by final status of its remote recipients),
// totals.inboundBouncedLocally, totals.devNullDeliveries. Not the notices answering the users' own mail (a login that
// is no compromised account's abuse): they go back to their senders (review AM, AM7: the corpus incident's
//   "3173A160862: sender non-delivery notification: 33AF2160864" answers takahashi@example.jp's mail and went to
// takahashi@example.jp; 3 of its 233 notices). bounce-notices.ts keeps each login's share (BounceNotices.made). The evidence of the notifications is one of them failing:
//   "B6F041606A3: to=<…@yahoo.co.jp>, relay=127.0.1.2[127.0.1.2]:25, …, status=deferred (host … refused to talk to me: 421 …)"
// (aggregate ndrFailedExample), not an ordinary bounce, and its time range runs to their last retry.

import type { Example } from '../../types.js';
import type { Rule } from '../rule.js';
import { abuseQueue, commented, fmt, percent, pickExamples, shortTime, timeText } from '../util.js';
import type { BackscatterAdvice } from '../../i18n/index.js';
import { isEarlier } from '../../aggregate/examples.js';
import { pendingFate } from '../../aggregate/bulk-delete.js';
import { findCompromised } from './compromised-account.js';
import type { Compromise } from './compromised-account.js';
import { madeNoticesWhere } from '../../aggregate/bounce-notices.js';
import type { MadeNotices } from '../../aggregate/bounce-notices.js';
import type { Aggregate } from '../../types.js';
import { serverIpOf } from './receivers-refusing.js';
import { isIP } from 'node:net';

/**
 * The commands of the inbound advice, the same in every language (review Y, Y12 and Y14): `postconf -e` replaces the
 * main.cf setting of the same name instead of appending a line that silently overrides it, and the list is given
 * whole, for a server whose list `postconf` showed empty or only these (the text says to keep any other entry).
 */
export const VIRTUAL_MAILBOX_BLOCK = [
  '```',
  'postmap /etc/postfix/vmailbox',
  "postconf -e 'virtual_mailbox_maps = hash:/etc/postfix/vmailbox'",
  'postfix reload',
  '```',
];

/** The list postconf shows now, before the `postconf -e` lines below replace it. */
export const RECIPIENT_RESTRICTIONS_LOOK = ['```', 'postconf smtpd_recipient_restrictions unverified_recipient_reject_code', '```'];

/** The list with Postfix asking the mail store before accepting (review Y, Y14), and unknown names refused with 550. */
export const VERIFY_RECIPIENT_BLOCK = [
  '```',
  "postconf -e 'smtpd_recipient_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination, reject_unverified_recipient'",
  "postconf -e 'unverified_recipient_reject_code = 550'",
  'postfix reload',
  '```',
];

/** The lists the forwarding advice adds to, and the milter's port, looked at first. */
export const FORWARD_FILTER_LOOK = ['```', 'postconf smtpd_recipient_restrictions smtpd_milters', 'ss -ltn | grep 11332', '```'];

/**
 * Spam refused before it is forwarded: Spamhaus with its reply filter (review Y, Y10) and a content filter as a milter,
 * for a server with nothing else in those lists. `milter`: the milter line's comment, in the report's language.
 */
export function forwardFilterBlock(milter: string): string[] {
  const milterLine = "postconf -e 'smtpd_milters = inet:127.0.0.1:11332'";
  return [
    '```',
    "postconf -e 'smtpd_recipient_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination, reject_rbl_client zen.spamhaus.org=127.0.0.[2..11]'",
    commented(milterLine, milter, milterLine.length + 4),
    'postfix reload',
    '```',
  ];
}

/** Bounce texts of local delivery agents (lmtp, virtual, local, error): a recipient we accepted does not exist. */
function isLocalUnknownUser(e: Example | null): boolean {
  if (e === null) return false;
  const t = e.text;
  const local = t.indexOf('/virtual[') > 0 || t.indexOf('/local[') > 0 || t.indexOf('/lmtp[') > 0 || t.indexOf('/error[') > 0;
  return local && /unknown user|user unknown|doesn't exist|does not exist|no such user|mailbox unavailable/i.test(t);
}

/**
 * What to do about backscatter, by its cause: inbound mail for unknown users accepted and bounced (or swallowed by a
 * luser_relay) is refused at RCPT time; the bounces of a compromised account's forged-sender spam stop with the spam
 * (corpus incident: acceptedThenBounced = 0, so the inbound advice does not apply at all). `null`: the general text.
 */
export function backscatterFix(advice: BackscatterAdvice | null): string {
  // No cause known (no compromised account, nothing accepted then bounced, no forwarding): the general text, with the
  // server's IP when receivers named it.
  const ip = advice?.serverIp ?? '';
  const p = advice !== null && advice.inbound === 'no' && advice.forgedBy.length === 0 && advice.forwarded === 0 ? null : advice;
  const inbound = [
    'Refuse unknown recipients during the SMTP dialogue instead of bouncing them later. Postfix does so by default '
      + '(`smtpd_reject_unlisted_recipient = yes`) for the domains whose recipients it knows: local(8) domains through '
      + '`local_recipient_maps`, virtual domains through `virtual_mailbox_maps`. First see what your server has:',
    '',
    '```',
    'postconf smtpd_reject_unlisted_recipient local_recipient_maps virtual_mailbox_domains virtual_mailbox_maps luser_relay',
    '```',
    '',
    (p === null || p.luserRelay ? 'Remove any `luser_relay` setting (`postconf -X luser_relay`, then `postfix reload`): it accepts every name. ' : '')
      + 'When `virtual_mailbox_domains` names your domains and `virtual_mailbox_maps` is empty, list every real mailbox in '
      + '`/etc/postfix/vmailbox` (one `address anything` per line), then build the map and set it. Not before the file exists: '
      + 'a map that is missing answers every recipient with `451 4.3.0 Temporary lookup failure`. And not when '
      + '`virtual_mailbox_maps` already names a map (SQL, LDAP): the `postconf -e` line replaces the setting of the same name.',
    '',
    ...VIRTUAL_MAILBOX_BLOCK,
    '',
    'With Dovecot LMTP and no map in Postfix, let Postfix ask before accepting, and refuse unknown names with 550 (the '
      + 'default 450 only asks the sender to retry). Look at the list first:',
    '',
    ...RECIPIENT_RESTRICTIONS_LOOK,
    '',
    'Add `reject_unverified_recipient` right after `reject_unauth_destination` in the list it shows, keeping its other '
      + 'entries: the `postconf -e` line replaces the whole list. Where it shows nothing, or only `permit_mynetworks, '
      + 'permit_sasl_authenticated, reject_unauth_destination`, as is:',
    '',
    ...VERIFY_RECIPIENT_BLOCK,
    '',
  ];
  const queue = p === null
    ? 'delete the bounces still queued with the spam (the queue-cleanup finding lists them in `queue-delete.txt` when any are left).'
    : p.queue.state === 'cleanup' ? 'delete the queued bounces with the spam: they are in `queue-delete.txt` of the queue-cleanup finding.'
      : p.queue.state === 'deleted' ? `nothing is left to delete: \`postsuper -d ALL\` deleted the queued bounces with the spam at ${p.queue.at}.`
        : 'nothing is left to delete: none of the bounces is queued at the end of the log.';
  const forged = p !== null && p.forgedBy.length === 0 ? [] : [
    (p === null
      ? 'When the bounces come from a compromised account\'s spam with forged senders, stop the spam and refuse forged senders '
        + '(compromised-account finding: `reject_sender_login_mismatch` with the sender_login map); '
      : `The bounces answer the spam that ${p.forgedBy.join(', ')} sent with forged senders: stop it and refuse forged senders as `
        + 'the compromised-account finding says (`reject_sender_login_mismatch` with the sender_login map); ') + queue,
    '',
  ];
  const forwarding = p === null || p.forwarded === 0 ? [] : [
    `${fmt(p.forwarded)} of the notifications went back to the senders of mail this server forwarded: their \`orig_to\` is `
      + 'an SRS address of yours (`SRS0=…`), which postsrsd turns back into the original sender. Spam sent to your users\' '
      + 'forwarding aliases is refused by the provider it is forwarded to (Gmail, Outlook), and Postfix bounces it to the '
      + 'spam\'s forged sender. Refuse spam before you forward it, at SMTP time, so that the sending server gets the refusal '
      + 'and not an innocent address: DNS block lists and a content filter as a milter. A `postconf -e` line replaces the whole '
      + 'list: look at both lists first, and whether the content filter listens (rspamd\'s milter on port 11332; a milter that does '
      + 'not answer holds up every message):',
    '',
    ...FORWARD_FILTER_LOOK,
    '',
    'Add the two entries to what it shows, keeping its other entries (`check_policy_service`, `reject_unverified_recipient`, '
      + 'your DKIM milter …, comma-separated); the block list goes after `reject_unauth_destination`. On a server with nothing '
      + 'else there:',
    '',
    ...forwardFilterBlock('rspamd (or spamass-milter): reject, do not tag, what is forwarded'),
    '',
    'Spamhaus refuses queries that come through a public or large ISP resolver (8.8.8.8, 1.1.1.1): it answers them with '
      + '127.255.255.254, which the `=127.0.0.[2..11]` filter keeps from being taken for a listing, so nothing is blocked. '
      + 'Run a local caching resolver (unbound) for the lookups, or use Spamhaus DQS with its key.',
    '',
    'Or let those users fetch their mail over IMAP instead of forwarding it.',
    '',
  ];
  const parts = p === null || p.inbound === 'first' ? [...inbound, ...forged] : p.inbound === 'after' ? [...forged, ...inbound] : forged;
  return [...forwarding, ...parts, ...(ip === ''
    ? ['Check the listing: `dig +short <reversed-ip>.ips.backscatterer.org` (your IP\'s numbers in reverse order).']
    : ['Check whether your IP is listed (an answer means listed, none means not listed):', '', ...listingCheck(ip)]),
  ].join('\n');
}

/**
 * The DNS name that asks a DNSBL zone about `ip`: IPv4's four numbers reversed (203.0.113.25 → 25.113.0.203), IPv6's
 * 32 nibbles reversed, dot-separated (RFC 5782). null: not an IP.
 */
export function reversedIp(ip: string): string | null {
  const family = isIP(ip);
  if (family === 4) return ip.split('.').reverse().join('.');
  if (family !== 6) return null;
  // Expanded to its 8 groups of 4 hex digits: "::" stands for the missing zero groups.
  const [head, tail] = ip.toLowerCase().includes('::') ? ip.toLowerCase().split('::') as [string, string] : [ip.toLowerCase(), undefined];
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  if (h.some((g) => g.includes('.')) || t.some((g) => g.includes('.'))) return null; // an IPv4-mapped tail: not for a DNSBL
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.map((g) => g.padStart(4, '0')).join('').split('').reverse().join('.');
}

/**
 * The listing check of `ip` at ips.backscatterer.org, in a fenced block with the IP itself in its comment: the block
 * names an IP, so `--redact` replaces it with a note (report/redact.ts), the reversed form included, which the
 * redactor would not see as the server's IP (review Z, Z22).
 */
export function listingCheck(ip: string): string[] {
  const name = reversedIp(ip);
  if (name === null) return ['```', 'dig +short <reversed-ip>.ips.backscatterer.org', '```'];
  return ['```', `dig +short ${name}.ips.backscatterer.org   # ${ip}`, '```'];
}

/**
 * The notices made here (totals.ndr*) that answer the users' own mail, left out of the backscatter: linked to a SASL
 * login (bounce-notices.ts), and not to a compromised account's mail since its guess (its sinceIps). Those of mail
 * without a login (relayed, inbound, forwarded) or whose link is not known stay counted.
 */
export function usersOwnNotices(agg: Aggregate, compromised: readonly Compromise[]): MadeNotices {
  const abuse = new Map(compromised.map((c) => [c.user, new Set(c.sinceIps)]));
  return madeNoticesWhere(agg.bounceNotices, (user, ip) => abuse.get(user)?.has(ip) !== true);
}

/** The notices that make the backscatter: totals.ndr* less the users' own (usersOwnNotices). */
function backscatterNotices(agg: Aggregate, compromised: readonly Compromise[]): MadeNotices & { usersOwn: number } {
  const t = agg.totals;
  const own = usersOwnNotices(agg, compromised);
  return {
    messages: t.ndrMessages - own.messages,
    remote: t.ndrRemoteRecipients - own.remote,
    failed: t.ndrRemoteFailed - own.failed,
    pending: t.ndrRemotePending - own.pending,
    usersOwn: own.messages,
  };
}

export const backscatter: Rule = {
  id: 'backscatter',
  title: 'Backscatter: bounces sent to forged senders',
  thresholds: {
    /** Non-delivery notifications sent to remote addresses … */
    minRemoteBounces: 20,
    /** … of which at least this share (percent) could not be delivered either (bounced, expired or still deferred). */
    minUndeliverableShare: 20,
    /** Recipients of inbound mail accepted and then bounced by a local agent. */
    minAcceptedThenBounced: 10,
    /** Deliveries into /dev/null (luser_relay or a catch-all alias). */
    minDevNull: 10,
  },
  why: 'A bounce goes to the envelope sender, and spammers forge it. A server that accepts mail it cannot deliver and '
    + 'bounces it later sends those bounces to innocent people: that is backscatter, and lists such as '
    + 'ips.backscatterer.org and receivers\' spam filters count it against your IP. Bounces of your own outbound spam '
    + '(a compromised account sending with forged senders) do the same. Mail for unknown users that is swallowed by a '
    + '`luser_relay` on /dev/null is lost silently, and tells address harvesters that every name exists.',
  fix: backscatterFix(null),
  advise(f, findings, agg, ctx) {
    const forgedBy = String(f.evidence.fromAccounts ?? '');
    const accepted = agg.totals.inboundBouncedLocally >= ctx.threshold('minAcceptedThenBounced');
    const devNull = agg.totals.devNullDeliveries >= ctx.threshold('minDevNull');
    // Bounces of outbound spam from no known account (no compromised account, nothing accepted then bounced):
    // the cause is not known, and the general text names both.
    // Notifications answering mail we forwarded (their orig_to an SRS address of ours), half of them or more.
    const forwarded = 2 * agg.ndrToSrsRecipients >= backscatterNotices(agg, findCompromised(agg, ctx)).remote ? agg.ndrToSrsRecipients : 0;
    const serverIp = serverIpOf(agg);
    if (forgedBy === '' && !accepted && !devNull && forwarded === 0 && serverIp === '') return undefined;
    return ctx.messages.advice.backscatter({
      serverIp,
      inbound: accepted ? 'first' : devNull ? 'after' : 'no',
      luserRelay: devNull,
      forgedBy: forgedBy === '' ? [] : forgedBy.split(', '),
      queue: abuseQueue(findings, agg, ctx.messages.unknownTime),
      forwarded,
    });
  },
  detect(agg, ctx) {
    const t = agg.totals;
    const compromised = findCompromised(agg, ctx);
    const n = backscatterNotices(agg, compromised);
    const remote = n.remote;
    const undeliverable = n.failed + n.pending;
    const share = percent(undeliverable, remote);
    const ndrSignal = remote >= ctx.threshold('minRemoteBounces') && share >= ctx.threshold('minUndeliverableShare');
    const acceptSignal = t.inboundBouncedLocally >= ctx.threshold('minAcceptedThenBounced');
    const devNullSignal = t.devNullDeliveries >= ctx.threshold('minDevNull');
    if (!ndrSignal && !acceptSignal && !devNullSignal) return [];

    const at = timeText(agg);
    const forging = compromised.filter((c) => c.forgedMessages > 0);
    const forgedMessages = forging.reduce((s, c) => s + c.forgedMessages, 0);
    const localBounces = [...agg.bounceReasons.values()].filter((r) => isLocalUnknownUser(r.example));
    let first = Infinity;
    let last = -Infinity;
    if (acceptSignal || devNullSignal || !Number.isFinite(agg.ndrFailedFirstAt)) {
      for (const r of agg.bounceReasons.values()) {
        first = Math.min(first, r.firstAt);
        last = Math.max(last, r.lastAt);
      }
    }
    // The notifications that failed: from the first one made to the last retry of any (the corpus incident's 21
    // still deferred at 22:20; the bounces alone ended at 22:16).
    if (ndrSignal) {
      first = Math.min(first, agg.ndrFailedFirstAt);
      last = Math.max(last, agg.ndrFailedLastAt);
    }
    if (!Number.isFinite(first)) { first = agg.firstAt; last = agg.lastAt; }
    const explained = forging.length > 0 && !acceptSignal;
    // Bounces of a compromised account's spam start when the account fell, not with the first ordinary bounce.
    if (explained) first = Math.min(last, Math.max(first, Math.min(...forging.map((c) => c.guessedAt))));

    const m = ctx.messages;
    const title = m.findings.backscatter({
      first: shortTime(at(first), m.unknownTime),
      last: shortTime(at(last), m.unknownTime),
      ndr: ndrSignal ? {
        messages: n.messages, remote, undeliverable, share, failed: n.failed, pending: n.pending,
        forgedBy: explained ? forging.map((c) => c.user) : [], forgedMessages,
        // Notifications made here: null sender, no client (a bounce received from outside has one).
        pendingFate: pendingFate(agg, (q) => q.sender === '<>' && q.clientIp === ''),
      } : null,
      accepted: acceptSignal ? { recipients: t.inboundBouncedLocally, remote, undeliverable } : null,
      devNull: devNullSignal ? t.devNullDeliveries : null,
    });
    const severity = acceptSignal && t.inboundBouncedLocally >= 100 ? 'high'
      : ndrSignal && !explained && remote >= 100 ? 'high' : 'medium';
    const subjectValue = m.findings.backscatterSubject(acceptSignal ? 'accept-then-bounce' : ndrSignal ? (explained ? 'forged-sender-spam' : 'forged-senders') : 'luser_relay');
    return [{
      rule: 'backscatter',
      severity,
      title,
      subject: { kind: 'bounces', value: subjectValue },
      firstAt: at(first),
      lastAt: at(last),
      evidence: {
        bounceMessages: n.messages,
        // Left out of the counts: notices of the users' own mail (usersOwnNotices).
        ...(n.usersOwn > 0 ? { bouncesOfUsersOwnMail: n.usersOwn } : {}),
        bouncesToRemoteAddresses: remote,
        bouncesBouncedThemselves: n.failed,
        bouncesStillDeferred: n.pending,
        undeliverableShare: share,
        acceptedThenBounced: t.inboundBouncedLocally,
        devNullDeliveries: t.devNullDeliveries,
        // Notifications to the senders of mail we forwarded (their orig_to an SRS address of ours): forwarded spam.
        ...(agg.ndrToSrsRecipients > 0 ? { bouncesToForwardedSenders: agg.ndrToSrsRecipients } : {}),
        ...(forging.length > 0 ? { forgedSenderMessages: forgedMessages, fromAccounts: forging.map((c) => c.user).join(', ') } : {}),
      },
      examples: pickExamples([
        agg.devNullExample,
        ...localBounces.map((r) => r.example),
        // A notification to a forged sender that failed; ordinary bounces only when there is none.
        // With the bounce(8) line that made it: "758F716068C: sender non-delivery notification: B6F041606A3".
        ...(ndrSignal && agg.ndrFailedExample !== null
          ? [madeBy(agg.notificationExamples, agg.ndrFailedQid, agg.ndrFailedExample), agg.ndrFailedExample]
          : [...agg.bounceReasons.values()].sort((a, b) => b.count - a.count).slice(0, 2).map((r) => r.example)),
      ], 4),
      impact: remote + t.inboundBouncedLocally + t.devNullDeliveries,
    }];
  },
};

/** The last "notification: <qid>" line before `failed` (a queue ID is reused only after its message is gone). */
function madeBy(notifications: Example[], qid: string, failed: Example): Example | null {
  let found: Example | null = null;
  for (const e of notifications) {
    if (!isEarlier(e, failed)) break;
    if (e.text.trimEnd().endsWith(`notification: ${qid}`)) found = e;
  }
  return found;
}
