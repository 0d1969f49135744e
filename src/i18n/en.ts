// English: the report's original words. The rules' why/fix texts stay beside their logic in detect/rules/*.ts and
// are referenced here; everything else is written out below.

import type { Messages, OwnBulkWords, OwnSpamWords, RuleCopy } from './index.js';
import type { Rule } from '../detect/rule.js';
import { count, figure, oneSender, shellArg } from '../detect/util.js';
import type { LooksLike } from '../split/magic.js';
import { compressedProblemLine } from '../split/compressed-problem.js';
import { splitDuration } from './duration.js';
import { enSpan } from './log-span.js';
import { REFUSAL_KIND_WORDS } from './refusal-kind-words.js';
import { MICROSOFT_CUSTOMER } from '../detect/refusal-kinds.js';
import { accountUnusualUseFix, enPool, compromisedAccount, compromisedAccountFix, senderMapEntryFix } from '../detect/rules/compromised-account.js';
import { mailboxBreach, mailboxBreachFix } from '../detect/rules/mailbox-breach.js';
import { saslBruteforce, saslBruteforceFix, staleText } from '../detect/rules/sasl-bruteforce.js';
import { queueFlood, queueFloodFix } from '../detect/rules/queue-flood.js';
import { queueCleanup } from '../detect/rules/queue-cleanup.js';
import { queueDeleted } from '../detect/rules/queue-deleted.js';
import { openRelay, openRelayFix, ownNetworkBulkFix, ownNetworkRelayFix, ownNetworkSpamFix, trustedHostRelayFix } from '../detect/rules/open-relay.js';
import { localProgramBulkFix, localProgramSpamFix } from '../detect/rules/open-relay-local.js';
import { relayProbing, relayProbingFix } from '../detect/rules/relay-probing.js';
import { backscatter, backscatterFix } from '../detect/rules/backscatter.js';
import { dnsRecordNotes, receiversRefusing, receiversRefusingFix } from '../detect/rules/receivers-refusing.js';
import { unsignedMail, unsignedMailFix } from '../detect/rules/unsigned-mail.js';
import { outboundPortBlocked, outboundPortBlockedFix } from '../detect/rules/outbound-port-blocked.js';
import { serverTrouble, serverTroubleFix } from '../detect/rules/server-trouble.js';

const num = (x: number): string => x.toLocaleString('en-US');

/** "1 h 5 min", "59 min 59 s", "10 min" (whole seconds); "20,785 days 13 h" from two days on (a clock reset to 1970). */
function enDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s >= 2 * 86_400) return `${num(Math.floor(s / 86_400))} days${s % 86_400 >= 3600 ? ` ${Math.floor((s % 86_400) / 3600)} h` : ''}`;
  const parts = [[Math.floor(s / 3600), 'h'], [Math.floor((s % 3600) / 60), 'min'], [s % 60, 's']] as const;
  const shown = parts.filter(([n]) => n > 0).map(([n, u]) => `${num(n)} ${u}`);
  return shown.length === 0 ? '0 s' : shown.join(' ');
}
/** "a, b and c". */
/** The words for a time the log does not give (shortTime's fallback). */
const UNKNOWN_TIME = 'an unknown time';
/** `one` after a count formatted already ("1", "1,073"), else `many`. */
const one = (formatted: string, singular: string, plural: string): string => (formatted === '1' ? singular : plural);
/**
 * What "failed logins for that name" counts (timeline.ts loginFailuresUpTo: SMTP AUTH and the mailbox logins), as the
 * evidence label failedLoginsForThisName says it: the SASL users table beside it counts SMTP AUTH alone (review AG, AG8).
 */
const EN_LOGIN_KINDS = 'SMTP AUTH, IMAP and POP3';

/**
 * "between A and B" of a finding's first and last time; a time the log does not give is left out ("from A on",
 * "until B", "at unknown times"), not written "between an unknown time and an unknown time" (review AA, F2).
 */
function between(first: string, last: string): string {
  const a = first !== UNKNOWN_TIME;
  const b = last !== UNKNOWN_TIME;
  return a && b ? `between ${first} and ${last}` : a ? `from ${first} on` : b ? `until ${last}` : 'at unknown times';
}

/** "refuses" after one receiver ("Microsoft 365 customer refuses"), "refuse" after more or "Other receivers" (review AC, F10). */
const refuseVerb = (receivers: string[]): string => (receivers.length === 1 && receivers[0] !== 'Other receivers' ? 'refuses' : 'refuse');
const andList = (items: string[]): string => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);
/** "1 message", "2 messages". */
const copy = (r: Rule): RuleCopy => ({ title: r.title, why: r.why, fix: r.fix });
const zoneShort = (tz: string): string => (tz === 'local' ? 'server local time' : `UTC${tz}`);

/** Recipients not delivered: bounced, expired, and the deferred ones still queued or deleted by postsuper -d ALL. */
/** A content filter's copies carry the outcomes, which the account's own lines do not (compromised-account outcomesKnown). */
const EN_OUTCOMES_UNKNOWN = 'what became of those recipients is in the content filter\'s copies, not in the account\'s own lines';
const EN_UNDELIVERED = {
  queued: 'bounced, expired or still deferred',
  deleted: 'bounced, expired, or deferred until postsuper -d ALL deleted them',
  mixed: 'bounced, expired, still deferred, or deleted with postsuper -d ALL',
} as const;
/**
 * Of `n` recipients not delivered yet, by what became of them: the log shows their last try, not what the queue does
 * after it (review AI, AI3: "1 still deferred" said more than the log knows).
 */
const EN_PENDING = {
  queued: (n: number) => `deferred at ${n === 1 ? 'its' : 'their'} last try in the log`,
  deleted: () => 'deferred until postsuper -d ALL deleted them',
  mixed: () => 'deferred: still queued or deleted with postsuper -d ALL',
} as const;

/** " (first 50; all of them are in report.json and csv/…)": where the rows a table leaves out are (if written). */
const firstOf = (cut: string[] | null): string => (cut === null ? ''
  : cut.length === 0 ? ' (first 50)' : ` (first 50; all of them are in ${cut.join(' and ')})`);

const KIND_LABEL = REFUSAL_KIND_WORDS.en;

const DELISTING: Record<string, string> = {
  Gmail: 'Gmail: no delisting form; it recovers as the spam stops (watch it in Postmaster Tools, https://postmaster.google.com)',
  Yahoo: 'Yahoo: https://senders.yahooinc.com/contact (after the spam has stopped)',
  Microsoft: 'Microsoft: https://sender.office.com (delist request for the IP)',
  Spamhaus: 'Spamhaus: https://check.spamhaus.org (lookup and removal)',
  SpamCop: 'SpamCop: expires by itself 24 h after the last report',
  Barracuda: 'Barracuda: https://www.barracudacentral.org/rbl/removal-request',
  Proofpoint: 'Proofpoint: https://ipcheck.proofpoint.com',
  // Orange and Comcast refuse by Cloudmark's CSI list; its reset form (review AC, F7).
  Cloudmark: 'Cloudmark: https://csi.cloudmark.com/reset-request (reset request for the IP)',
  // Microsoft 5.7.513 "Customer Block list" (review AC, F14): the recipient's own list, which Microsoft's portal does not lift.
  [MICROSOFT_CUSTOMER]: 'Microsoft 365 customer: the recipient\'s organisation put the IP on its own block list (Customer Block list, '
    + 'AS16012607), which Microsoft\'s delisting portal does not lift; only its administrators can: ask them to remove it through '
    + 'another channel (phone, another address)',
};

/**
 * When the mail went (" within 40 minutes", or ", 400 of them within 40 minutes" for the worst hour of a longer run,
 * open-relay.ts groupFigures); '' beyond two hours.
 */
function burstText(minutes: number, burstMessages: number | null): string {
  if (minutes > 120) return '';
  const within = `within ${count(minutes, 'minute', 'minutes')}`;
  return burstMessages === null ? ` ${within}` : `, ${num(burstMessages)} of them ${within}`;
}

/** The spam title's signs: forged senders, the burst, the share not delivered (of the burst's recipients). */
function ownSpamTail(p: OwnSpamWords): string {
  const s = p.sprayed ?? null;
  const n = figure;
  return (p.forgedMessages > 0 ? `, ${num(p.forgedMessages)} of them as other people's domains (${p.forgedDomains.join(', ')}${p.moreForgedDomains > 0 ? ` and ${num(p.moreForgedDomains)} more` : ''})` : '')
    + (s !== null ? `, from ${oneSender(s) ? '1 sender address' : `${n(s.senders, s.sendersAtLeast, s.sendersAbout)} different sender addresses`} to ${n(s.recipients, s.recipientsAtLeast, s.recipientsAbout)} different recipient addresses` : '')
    + burstText(p.minutes, p.burstMessages)
    + (p.notDelivered !== null ? `, ${p.notDelivered}% of ${p.burstMessages === null ? 'the' : 'their'} recipients not delivered` : '')
    + (p.spamRefused !== null
      ? `, ${num(p.spamRefused)} ${p.notDelivered !== null ? 'of them' : `of ${p.burstMessages === null ? 'the' : 'their'} recipients`} refused as spam by the receivers`
      : '');
}

/** The bulk title's burst, sender domains and share not delivered. */
function ownBulkTail(p: OwnBulkWords): string {
  return burstText(p.minutes, p.burstMessages)
    + (p.senderDomains.length > 0 ? `, sent as ${p.senderDomains.join(', ')}` : '')
    + `, ${p.notDelivered}% of ${p.burstMessages === null ? 'the' : 'their'} recipients not delivered`;
}

/** "192.0.2.30:143 (3 refusals), 192.0.2.31": the backends whose logs are missing, with the refusals auth_verbose named. */
function proxyBackendList(backends: string[], byBackend: Array<{ backend: string; ip: string; refused: number }>): string {
  const named = byBackend.map((b) => `${b.backend} (${count(b.refused, 'refusal', 'refusals')})`);
  return [...named, ...backends.filter((ip) => !byBackend.some((b) => b.ip === ip))].join(', ');
}

/**
 * What became of the recipients of the users' deleted mail that are not to be sent it again (review AM, AM2): delivered
 * to, bounced for a reason of their own (an unknown address), or both; both when the count of bounces is unknown.
 */
function lostMailOthers(others: number, bounced: number | null | undefined): string {
  if (bounced === null || bounced === undefined) return 'delivered to, or bounced,';
  if (bounced === 0) return 'delivered to';
  const why = 'for a reason of their own (an unknown address, a full mailbox)';
  return bounced >= others ? `bounced ${why}` : `delivered to, or bounced ${why},`;
}

/** A clean log's failed logins, SMTP AUTH and IMAP/POP3 (review AN's rest), or '' without any. */
function failedLoginsEn(smtp: number, mailbox: number): string {
  if (smtp + mailbox === 0) return '';
  const parts = [...(smtp > 0 ? [count(smtp, 'failed SMTP login', 'failed SMTP logins')] : []),
    ...(mailbox > 0 ? [count(mailbox, 'failed IMAP/POP3 login', 'failed IMAP/POP3 logins')] : [])];
  return `; ${parts.join(' and ')}, below every threshold`;
}

export const en: Messages = {
  lang: 'en',
  locale: 'en-US',
  num,
  someOf: (items, shown) => items.slice(0, shown).join(', ') + (items.length > shown ? ` and ${num(items.length - shown)} more` : ''),
  unknownTime: UNKNOWN_TIME,

  rules: {
    'compromised-account': copy(compromisedAccount),
    'mailbox-breach': copy(mailboxBreach),
    'sasl-bruteforce': copy(saslBruteforce),
    'queue-flood': copy(queueFlood),
    'queue-cleanup': copy(queueCleanup),
    'queue-deleted': copy(queueDeleted),
    'open-relay': copy(openRelay),
    'relay-probing': copy(relayProbing),
    backscatter: copy(backscatter),
    'receivers-refusing': copy(receiversRefusing),
    'unsigned-mail': copy(unsignedMail),
    'outbound-port-blocked': copy(outboundPortBlocked),
    'server-trouble': copy(serverTrouble),
  },

  overview: {
    empty: 'Nothing to analyze: no Postfix or Dovecot line was read from the input.',
    emptyDetails: 'The warnings below say why (an empty file just after logrotate, another kind of log, or a --since after its end); no check was made.',
    clean: (p) => `No problem found in ${p.duration} of log (${p.from} to ${p.to}).`,
    cleanDetails: (p) => `${count(p.received, 'message', 'messages')} received and ${count(p.delivered, 'recipient', 'recipients')} delivered`
      + `${failedLoginsEn(p.authFailures, p.mailboxFailures)}; no rule fired`
      + `${p.proxyRefused !== undefined ? `, on what was read: the login proxy's backends refused ${count(p.proxyRefused, 'login', 'logins')} (counted from the proxy's lines), and their logs, which say why, are not in the inputs` : ''}.`,
    notes: (p) => `No serious problem found in ${p.duration} of log: ${count(p.notes, 'note', 'notes')} below, nothing urgent.`,
    accountTaken: (p) => (p.critical
      ? `The mail account ${p.user} was taken over around ${p.at} and used to send spam.`
      : `The mail account ${p.user} shows the signs of a stolen password from ${p.at} on: it sent spam.`),
    accountDetails: (p) => `Since then ${count(p.ips, 'IP', 'IPs')} sent ${count(p.messages, 'message', 'messages')} as it`
      + `${p.queued !== null && p.queued > 0 ? `; ${num(p.queued)} of them ${p.queued === 1 ? 'is' : 'are'} still queued` : ''}.`,
    moreAccounts: (users) => `${users.length === 1 ? 'Another account was' : `${users.length} more accounts were`} taken over too: ${users.join(', ')}.`,
    mailboxBreach: (p) => `A password guesser logged in to the mailbox ${p.user} around ${p.at}: its mail may have been read.`,
    // A short title cut with "…" takes no period after it (review AG, AG2: "… while only 1 ….").
    worst: (short) => `Most serious: ${short}${short.endsWith('…') ? '' : '.'}`,
    queuedSpam: (n) => `${count(n, 'spam message is', 'spam messages are')} still queued.`,
    lostMail: (p) => `postsuper -d ALL deleted ${count(p.deleted, 'message', 'messages')}, ${num(p.legitimate)} of them your users' own mail.`,
    refusing: (receivers) => `${andList(receivers)} ${refuseVerb(receivers)} mail from this server.`,
    short: {
      account: (p) => (p.critical ? `Account ${p.user} taken over (password guessed ${p.at}), used to send spam` : `Account ${p.user} sending spam since ${p.at}`),
      mailboxBreach: (p) => `Mailbox ${p.user} opened by a password guesser (${p.at})`,
      bruteforce: (p) => `Password guessing: ${count(p.failed, 'failed login', 'failed logins')} from ${count(p.ips, 'IP', 'IPs')}${p.loggedIn ? `; ${p.loggedIn} got in` : ''}`
        + (p.targeted !== undefined ? `, ${num(p.targeted.failures)} of them for ${p.targeted.name}` : ''),
      staleClients: (p) => `Wrong passwords from your users' own clients: ${count(p.failed, 'failed login', 'failed logins')} from ${count(p.ips, 'IP', 'IPs')}`,
      queueCleanup: (n) => `${count(n, 'spam message', 'spam messages')} still queued (queue-delete.txt)`,
      queueDeleted: (p) => `postsuper -d ALL deleted ${count(p.deleted, 'message', 'messages')}, ${num(p.legitimate)} of them legitimate`,
      refusing: (receivers) => `${andList(receivers)} ${refuseVerb(receivers)} mail from this server`,
      portBlocked: (p) => `Outgoing port 25 looks blocked: ${count(p.timeouts, 'connection', 'connections')} to remote mail servers timed out, `
        + `${p.sent === 0 ? 'not one delivered' : `${count(p.sent, 'delivery', 'deliveries')} went through`}`,
      // Bounces, not addresses (review AK, AK4: "233 bounce messages went to 177 outside addresses" counted 177 bounces).
      backscatter: (p) => `Backscatter: ${count(p.messages, 'bounce message', 'bounce messages')}, ${num(p.remote)} of them to outside addresses, `
        + `and ${num(p.undeliverable)} of those could not be delivered either`,
      unsignedMail: (p) => `${count(p.messages, 'message', 'messages')} of ${andList(p.domains.slice(0, 2))}${p.domains.length > 2 ? ' and more' : ''} ${p.likely === true ? 'likely ' : ''}sent without a DKIM signature`,
    },
    stepsHeading: 'First steps (in this order)',
    stepAccount: (users) => `Change the password of ${users.join(', ')}: changing it is what locks the attackers out; then drop the open sessions.`,
    stepRelay: 'Close the open relay: stop relaying for clients that did not log in.',
    stepRelayFor: (p) => {
      const it = p.count === 1 ? 'it' : 'them';
      const own = p.ownHosts.length === 0 ? ''
        : ` ${en.someOf(p.ownHosts, 3)} ${p.ownHosts.length === 1 ? 'is a host' : 'are hosts'} of your own domain whose relayed mail shows spam signs: `
          + `find what on ${p.ownHosts.length === 1 ? 'it' : 'them'} sends it (a hacked web application or script, a leaked key) before `
          + `${p.ownHosts.length === 1 ? 'it relays' : 'they relay'} again.`;
      return `Close the open relay: stop relaying without a login for ${p.ips}`
        + (p.restricted ? ` (other clients get "Relay access denied": mynetworks or an access map lets ${it} through; remove ${it} there)` : '')
        + `.${own}`;
    },
    stepQueue: (n) => `Hold the ${count(n, 'spam message', 'spam messages')} still queued, check a few, then delete only them.`,
    stepLostMail: (p) => `Tell ${p.senders} that postsuper -d ALL deleted ${count(p.legitimate, 'message', 'messages')} of theirs: `
      + `to send ${p.legitimate === 1 ? 'it' : 'them'} again to the ${count(p.notDelivered, 'recipient', 'recipients')} who never got ${p.legitimate === 1 ? 'it' : 'them'}`
      + ((p.refused ?? 0) === 0 ? '' : p.refused === 1
        ? ' (1 of them bounced by a receiver that refuses mail from this server: to that one once it takes this server\'s mail again)'
        : ` (${num(p.refused!)} of them bounced by receivers that refuse mail from this server: to those once they take this server's mail again)`)
      + ', listed in the report\'s section "Deleted from the queue with postsuper -d ALL"'
      + (p.recipients > p.notDelivered ? `, not to the other ${num(p.recipients - p.notDelivered)}: ${lostMailOthers(p.recipients - p.notDelivered, p.bounced)} before the deletion.` : '.'),
    stepBlock: (p) => `Block ${[
      ...(p.guessers !== null ? [`the ${count(p.guessers, 'IP', 'IPs')} that guessed passwords`] : []),
      ...(p.intruders !== null ? [`the ${count(p.intruders, 'IP', 'IPs')} that used the account`] : []),
    ].join(' and ')} in the firewall.${p.startsNftables ? ' The first line starts nftables when no inet filter table is loaded, and '
      + 'that loads /etc/nftables.conf, which begins with flush ruleset: on a server whose firewall ufw, firewalld or Docker keep, '
      + 'leave that line out (it would delete their rules) and add the IPs with that tool.' : ''}`,
    stepBlockWithheld: 'Block the attacking IPs in the firewall: this report is redacted, so their lists are in the unredacted run only.',
    stepHarden: (p) => (!p.after ? 'Do what the findings say, most serious first.'
      : `${p.fire ? 'When the fire is out: make' : 'Then make'} the lasting changes the findings give, so that it does not happen again.`),
    findingRef: (ns) => (ns.length === 1 ? `finding ${ns[0]}` : `findings ${ns.slice(0, -1).join(', ')} and ${ns[ns.length - 1]}`),
    paren: (text) => `(${text})`,
    uses: (files) => `uses ${files.map((f) => `\`${f}\``).join(' and ')}`,
    overTime: 'Over time',
    baselineFirst: 'Compared with the baseline',
    baselineMore: 'details below',
    cliCounts: (p) => (p.total === 0 ? 'No findings.' : `${count(p.total, 'finding', 'findings')}: ${p.bySeverity.map(([s, c]) => `${num(c)} ${s}`).join(', ')}`),
    cliMore: (n) => `… and ${count(n, 'more finding', 'more findings')} in the report`,
    cliWarning: (text) => `Warning: ${text}`,
    cliOpen: (path) => `Open: ${path}`,
  },

  advice: {
    queueFlood: queueFloodFix,
    relayProbing: relayProbingFix,
    openRelay: openRelayFix,
    ownNetworkRelay: ownNetworkRelayFix,
    trustedHostRelay: trustedHostRelayFix,
    ownNetworkSpam: ownNetworkSpamFix,
    ownNetworkBulk: ownNetworkBulkFix,
    localProgramSpam: localProgramSpamFix,
    localProgramBulk: localProgramBulkFix,
    serverTrouble: serverTroubleFix,
    compromisedAccount: compromisedAccountFix,
    senderMapEntry: senderMapEntryFix,
    accountUnusualUse: accountUnusualUseFix,
    mailboxBreach: mailboxBreachFix,
    saslBruteforce: saslBruteforceFix,
    backscatter: backscatterFix,
    receiversRefusing: receiversRefusingFix,
    unsignedMail: unsignedMailFix,
    outboundPortBlocked: outboundPortBlockedFix,
    dnsRecordNotes,
  },

  findings: {
    compromisedAccount(p) {
      const guessed = p.unnamedGuess === true
        ? `was most likely guessed around ${p.guessedAt}: ${p.guessedFrom} logged in then after ${count(p.failuresBefore, 'failed login', 'failed logins')} `
          + 'whose user name the log does not give (Postfix before 3.7.8); since then '
        : p.failuresBefore > 0
        ? `was guessed around ${p.guessedAt}${p.guessedFrom ? ` (${p.loginSeen ? 'successful login' : 'first mail'} from ${p.guessedFrom})` : ''} `
          + `after ${count(p.failuresBefore, 'failed login', 'failed logins')} for that name (${EN_LOGIN_KINDS}); since then `
        : 'shows the signs of a stolen password: ';
      return `The SASL account ${p.user} ${guessed}${count(p.ipsSince, 'IP', 'IPs')} logged in as it and sent ${count(p.messagesSince, 'message', 'messages')} `
        + `to ${count(p.recipients, 'recipient', 'recipients')}`
        + (p.forgedMessages > 0 ? ` (${num(p.forgedMessages)} with forged senders)` : '')
        // The domains are the account's over the whole log (the owner's own mail included), not only since the guess.
        + `; ${count(p.externalDomains, 'external domain', 'external domains')} in all; ${num(p.queued)} still queued`
        + (p.recipients === 0 && p.refusedAtData !== undefined ? ''
          : '; ' + (p.notDeliveredShare === null ? EN_OUTCOMES_UNKNOWN : `${p.notDeliveredShare}% of those recipients not delivered (${EN_UNDELIVERED[p.pendingFate]})`))
        + (p.refusedAtData !== undefined
          // "other" only beside mail sent; a virus scanner's refusals are not counted (refused-messages.ts).
          ? `; the server refused ${count(p.refusedAtData.messages, p.messagesSince > 0 ? 'other message' : 'message', p.messagesSince > 0 ? 'other messages' : 'messages')} `
            + `from ${num(p.refusedAtData.ips)} of those IPs at the end of DATA (a milter's or content check's 5xx: its filter took them for spam)`
          : '')
        + ((p.filterDiscarded ?? 0) > 0 ? `; the content filter discarded ${count(p.filterDiscarded!, 'recipient', 'recipients')} of the account's mail (spam, malware, a banned attachment, or bounced it itself)` : '')
        + (p.mailboxIntruders.length > 0
          ? `; the mailbox was opened from ${count(p.mailboxIntruders.length, 'new IP', 'new IPs')} since then (`
            + p.mailboxIntruders.slice(0, 3).map((x) => `${x.protocol.toUpperCase()} from ${x.ip} at ${x.at}`).join(', ')
            + (p.mailboxIntruders.length > 3 ? ', …' : '') + '): its mail may have been read'
          : '')
        + (p.refused !== null
          ? `; between ${p.refused.first} and ${p.refused.last} the sender check refused ${count(p.refused.ips, 'IP', 'IPs')} that logged in as it `
            + `${count(p.refused.rejects, 'time', 'times')} ("not owned by user"): the password still works for others`
          : '');
    },
    accountUnusualUse: (p) => `The SASL account ${p.user} sent ${count(p.messages, 'message', 'messages')} to ${count(p.recipients, 'recipient', 'recipients')} `
      + `from ${count(p.ips, 'IP', 'IPs')} not known as its owner's (${count(p.externalDomains, 'external domain', 'external domains')} in all; `
      + `${p.notDeliveredShare === null ? EN_OUTCOMES_UNKNOWN : `${p.notDeliveredShare}% of those recipients not delivered`})`
      + (p.mailboxIps > 0 ? `; ${p.mailboxIps === p.ips ? (p.ips === 1 ? 'it' : 'each of them') : num(p.mailboxIps)} also opened its mailbox` : '')
      + (p.mistyped > 0 ? `; ${p.mistyped === 1 ? 'the failed login' : `the ${num(p.mistyped)} failed logins`} before came from an IP that then logged in as it: a typo, not guessing` : '')
      + (p.pool !== undefined ? `; ${enPool(p.pool)} (most likely a sending service set up with this account, such as a CRM or a booking system)` : '')
      + (p.guessLogin !== undefined
        ? `; before that, ${p.guessLogin.ip} logged in at ${p.guessLogin.at} after ${count(p.guessLogin.failures, 'failed login', 'failed logins')} `
          + 'whose user name the log does not give (Postfix before 3.7.8): it may have been this account; its own senders, most of it delivered; '
        : ': no sign of someone else with the password (its own senders, no login after password guessing, most of it delivered); ')
      + 'check with the owner that these IPs are theirs',
    mailboxBreach: (p) => `A password guesser logged in to the mailbox of ${p.user}: `
      + p.intruders.slice(0, 3).map((x) => `${x.protocol.toUpperCase()} from ${x.ip} at ${x.at} (${count(x.failures, 'failed login', 'failed logins')} from that IP)`).join(', ')
      + (p.intruders.length > 3 ? ` and ${count(p.intruders.length - 3, 'more IP', 'more IPs')}` : '')
      + `, after ${count(p.failedForName, 'failed login', 'failed logins')} for that name (${EN_LOGIN_KINDS}); its mail may have been read`,
    compromisedStillUsed: (p) => `The password of the SASL account ${p.user} still works for others: ${between(p.first, p.last)}, `
      + `${count(p.ips, 'IP', 'IPs')} logged in as it and tried to send as addresses it does not own; the sender check `
      + `(reject_sender_login_mismatch) refused them ${count(p.rejects, 'time', 'times')} ("not owned by user") and is all that stops them`
      + (p.messagesSince > 0 ? `; the same IPs had ${count(p.messagesSince, 'message', 'messages')} accepted as the account` : ''),
    senderMapMissing: (p) => `The sender_login map lacks a line for ${p.user}: ${between(p.first, p.last)} the sender check refused it `
      + `${count(p.rejects, 'time', 'times')} as ${p.senders.join(', ')}${p.moreSenders > 0 ? ` and ${num(p.moreSenders)} more` : ''} from `
      + `${count(p.ips, 'IP', 'IPs')}, ${num(p.ownerIps)} of them its own mail clients and ${num(p.sharedIps)} used by other users too; `
      + (p.foreign === 0 ? 'addresses of your own domains: a shared address to add to the map, not a stolen password'
        : `${count(p.foreign, 'address', 'addresses')} of other domains among them: check that they are the user's own`),
    bruteforceStaleWhy: 'A mail client that keeps a wrong or old password fails at every check for mail: in the log its failures '
      + 'look like password guessing, but they are your own user\'s. Blocking its address does not fix the client, which keeps '
      + 'failing, and cuts off everyone behind that address (an office, a carrier\'s NAT); the user gives the client the current '
      + 'password. An address that is not your user\'s knows a real user name and is trying it: then change that password.',
    senderMapMissingWhy: 'The sender check (reject_sender_login_mismatch) refuses mail the user means to send: their own '
      + 'clients send as a shared address of your domains that the sender_login map does not give their login, so that '
      + 'mail never leaves and its sender gets a 553 error. Nothing here says the password is known to anyone else.',
    accountUnusualUseGuessWhy: 'A password guesser logged in under a user name the log does not give (Postfix before 3.7.8 '
      + 'does not log it) before this account\'s mail from new addresses began: it may have been this account. Nothing else '
      + 'shows another person: its mail went out as its own addresses and was delivered. Only its owner can tell whether '
      + 'those addresses are theirs.',
    accountUnusualUseWhy: 'Nothing in the log shows another person using this account: its mail went out as its own addresses '
      + 'and was delivered, and no login followed password guessing. Only the number of addresses it came from (or of '
      + 'domains it went to) is unusual, which a phone on mobile data or a mailing tool also makes. Only its owner can tell '
      + 'whether those addresses are theirs.',
    bruteforceDistributed: (p) => `Distributed password guessing: ${count(p.failures, 'failed login', 'failed logins')} from ${count(p.ips, 'IP', 'IPs')} ${between(p.first, p.last)}`,
    bruteforceSingle: (p) => `Password guessing from ${count(p.ips, 'IP', 'IPs')}: ${count(p.failures, 'failed login', 'failed logins')}`,
    // Review AL, AL2: a real account tried by name is no longer "normal": the title says which, and drops the word.
    bruteforceBackground: (p) => `Background password guessing${p.targeted === undefined ? ' (normal for a server on the Internet)' : ''}: `
      + `${count(p.failures, 'failed login', 'failed logins')} `
      + `from ${count(p.ips, 'IP', 'IPs')} ${p.hours < 1 ? 'within an hour' : p.hours < 48 ? `in ${num(Math.round(p.hours))} h` : `over ${num(Math.round(p.hours / 2.4) / 10)} days`}, none succeeded`
      + (p.targeted === undefined ? ''
        : `; ${num(p.targeted.failures)} of them for ${p.targeted.name}, a real account, from ${count(p.targeted.ips, 'IP', 'IPs')}`),
    bruteforceGotIn: (ips, more) => `; ${ips.join(', ')}${more > 0 ? ` and ${count(more, 'more IP', 'more IPs')}` : ''} then logged in over SMTP AUTH: a password was guessed`,
    // Review AN, AN1: a device of one user's that never logged in, at a mail client's pace.
    staleClientText: staleText,
    bruteforceStaleOnly: (p) => (p.devices ?? 0) === p.ips && p.device !== undefined
      ? (p.ips === 1
        ? `${count(p.failures, 'failed login', 'failed logins')} from 1 IP, all as ${p.device.name}, a user who logs in from elsewhere, `
          + `one every ~${num(p.device.everyMinutes)} min for ${num(Math.round(p.device.spanHours))} h, and the IP never logged in: `
          + 'probably an old phone or tablet of that user still using the old password, not a guesser'
        : `${count(p.failures, 'failed login', 'failed logins')} from ${count(p.ips, 'IP', 'IPs')}, each for one user's name only `
          + `(${count(p.users, 'name', 'names')}) at a mail client's pace, none of them logging in: probably old devices still using `
          + 'old passwords, not guessers')
      : p.roaming === p.ips
      ? `${count(p.failures, 'failed login', 'failed logins')} from ${count(p.ips, 'IP', 'IPs')} of ${p.networks.join(', ')}, one after another, `
        + `${p.users === 1 ? 'for one user name' : `each for one of ${num(p.users)} user names`} that had logged in from there before: `
        + 'a mail client with an old password whose address changes (a phone behind carrier NAT), not a guesser; check before blocking'
      : `${count(p.failures, 'failed login', 'failed logins')} from ${count(p.ips, 'IP', 'IPs')} that also logged in successfully`
      + (p.roaming > 0 ? ` or (${num(p.roaming)} of them) changed address in a network their user had logged in from (${p.networks.join(', ')})` : '')
      + ((p.devices ?? 0) > 0 ? ` or (${num(p.devices!)} of them) failed for one user's name only at a mail client's pace` : '') + ', '
      + (p.shared
        ? ((p.strangers ?? 0) > 0
          ? `for ${count(p.users, 'user name', 'user names')}, all but ${num(p.strangers!)} of which also log in from ${p.ips === 1 ? 'it' : 'them'}: `
            + 'your users\' mail clients (a typo, an old password, an account since removed), not a guesser'
          : `for ${count(p.users, 'user name', 'user names')} that also log in from ${p.ips === 1 ? 'it' : 'them'}: your users' mail clients (a typo, an old password), not a guesser`)
        : `${p.ips === 1 || p.users === 1 ? 'for one user name' : p.users === 0 ? 'each for one user name' : `each for one of ${num(p.users)} user names`}: `
          // A failure or two per IP is someone mistyping (review 16: one failure, a login 30 s later), not a client retrying.
          + (p.failures <= 2 * p.ips ? 'a mistyped password or a mail client with an old one, not a guesser' : 'a mail client with an old password, not a guesser')),
    queueFlood: (p) => `${count(p.deferred, 'deferred delivery attempt', 'deferred delivery attempts')} (${p.share}% of all attempts) for ${count(p.deferredMessages, 'message', 'messages')}; `
      + `the queue peaked at about ${count(p.peak, 'message', 'messages')}${p.peakAt === null ? '' : ` around ${p.peakAt}`} `
      + (p.stillQueued === 0 ? 'and the queue was empty at the end of the log' : `and ${num(p.stillQueued)} ${p.stillQueued === 1 ? 'was' : 'were'} still queued at the end of the log`)
      + (p.deletedInBulk > 0 ? ` (after postsuper -d ALL deleted ${num(p.deletedInBulk)} at ${p.deletedAt})` : '')
      + (p.stillQueued === 0 ? ': the flood is over' : ''),
    queueDeleted: (p) => `postsuper -d ALL deleted ${count(p.deleted, 'message', 'messages')} at ${p.at}`
      + (p.classified
        ? `: ${num(p.abusive)} abuse, and ${count(p.legitimate, 'legitimate message', 'legitimate messages')}`
          + (p.legitimate > 0 ? ` of ${en.someOf(p.senders, 3)} lost with ${p.legitimate === 1 ? 'it' : 'them'}` : '')
        : p.legitimate > 0 ? `, among them mail of ${en.someOf(p.senders, 3)}` : ''),
    queueCleanup: (p) => `${num(p.abusive)} of the ${count(p.queued, 'message', 'messages')} still queued ${p.abusive === 1 ? 'is' : 'are'} abuse (`
      + [
        ...(p.users.length > 0 ? [`${num(p.fromUsers)} from ${p.users.join(', ')}`] : []),
        ...(p.relayed > 0 ? [`${num(p.relayed)} relayed without login for ${en.someOf(p.relayers, 3)}`] : []),
        ...(p.users.length > 0 || p.backscatter > 0 ? [`${count(p.backscatter, 'bounce', 'bounces')} to forged senders`] : []),
        ...(p.earlier !== undefined && p.earlier > 0 ? [`${num(p.earlier)} queued since before the log, sent as the spam's forged sender domains`] : []),
      ].join(', ')
      + `); ${count(p.legitimate, 'legitimate message stays', 'legitimate messages stay')}`,
    queueIds: (n) => count(n, 'queue ID', 'queue IDs'),
    openRelay: (p) => `Open relay: ${count(p.ips.length, 'client IP', 'client IPs')} that never logged in `
      + `(${en.someOf(p.ips, 3)}) had ${count(p.messages, 'message', 'messages')} relayed to ${count(p.recipients, 'recipient', 'recipients')} `
      + `in ${count(p.domains, 'external domain', 'external domains')} ${between(p.first, p.last)}`
      + (p.restricted === true ? `; relaying is restricted (other clients were refused "Relay access denied"): mynetworks or an access map `
        + `lets ${p.ips.length === 1 ? 'this IP' : 'these IPs'} through` : ''),
    ownNetworkRelay: (p) => `Relayed without login from your own networks: ${count(p.ips.length, 'client IP', 'client IPs')} `
      + `on private or loopback addresses (${en.someOf(p.ips, 3)}) had ${count(p.messages, 'message', 'messages')} relayed to `
      + `${count(p.recipients, 'recipient', 'recipients')} in ${count(p.domains, 'external domain', 'external domains')} between `
      + `${p.first} and ${p.last}; not an open relay (the Internet cannot reach these addresses), but check that ${p.ips.length === 1 ? 'it is' : 'they are'} yours`,
    trustedHostRelay: (p) => `Relayed without login for your own ${p.ips.length === 1 ? 'host' : 'hosts'}: ${count(p.ips.length, 'client IP', 'client IPs')} `
      + `(${en.someOf(p.ips, 3)}) that Postfix names in your own ${p.ownDomains.length === 1 ? 'domain' : 'domains'} ${p.ownDomains.join(', ')} `
      + `(${en.someOf(p.names, 3)}) had ${count(p.messages, 'message', 'messages')} relayed to ${count(p.recipients, 'recipient', 'recipients')} `
      + `in ${count(p.domains, 'external domain', 'external domains')} between ${p.first} and ${p.last}; relaying is allowed for `
      + `${p.ips.length === 1 ? 'it' : 'them'} (mynetworks or an access map), and ${p.ips.length === 1 ? 'its' : 'their'} mail shows no spam sign: `
      + 'not an open relay, but check that the host is yours',
    ownNetworkSpam: (p) => `Spam relayed from your own network: ${count(p.ips.length, 'client IP', 'client IPs')} on private or loopback `
      + `addresses (${en.someOf(p.ips, 3)}) had ${count(p.messages, 'message', 'messages')} relayed without login to `
      + `${count(p.recipients, 'recipient', 'recipients')} in ${count(p.domains, 'external domain', 'external domains')} ${between(p.first, p.last)}`
      + ownSpamTail(p) + ': a hacked web application or script on your own host',
    ownNetworkBulk: (p) => `Bulk mail from your own network: ${count(p.ips.length, 'client IP', 'client IPs')} on private or loopback `
      + `addresses (${en.someOf(p.ips, 3)}) had ${count(p.messages, 'message', 'messages')} relayed without login to `
      + `${count(p.recipients, 'recipient', 'recipients')} in ${count(p.domains, 'external domain', 'external domains')} ${between(p.first, p.last)}`
      + ownBulkTail(p) + ': what a newsletter or mailing list looks like; check that it was yours',
    localProgramSpam: (p) => `Spam sent by a program on this server: ${count(p.programs.length, 'local program', 'local programs')} submitting `
      + `through sendmail (${en.someOf(p.programs, 3)}) had ${count(p.messages, 'message', 'messages')} sent to `
      + `${count(p.recipients, 'recipient', 'recipients')} in ${count(p.domains, 'external domain', 'external domains')} ${between(p.first, p.last)}`
      + ownSpamTail(p) + ': a hacked web application or script on this server',
    localProgramBulk: (p) => `Bulk mail from a program on this server: ${count(p.programs.length, 'local program', 'local programs')} submitting `
      + `through sendmail (${en.someOf(p.programs, 3)}) had ${count(p.messages, 'message', 'messages')} sent to `
      + `${count(p.recipients, 'recipient', 'recipients')} in ${count(p.domains, 'external domain', 'external domains')} ${between(p.first, p.last)}`
      + ownBulkTail(p) + ': what a newsletter or mailing list looks like; check that it was yours',
    relayProbing: (p) => `Relay probing: ${count(p.denied, 'attempt', 'attempts')} from ${count(p.ips, 'IP', 'IPs')} to send `
      + `through the server to outside domains ${between(p.first, p.last)}; `
      + (p.leaked.length === 0
        ? 'every one was refused (Relay access denied)'
        : `${num(p.leaked.length)} of these IPs had mail relayed anyway without logging in (${p.leaked.slice(0, 3).join(', ')})`),
    addressHarvesting: (p) => `Address harvesting: ${count(p.ips, 'IP', 'IPs')} tried ${count(p.unknown, 'non-existent recipient', 'non-existent recipients')} `
      + `${between(p.first, p.last)}; all were rejected at RCPT time `
      + `(${count(p.accepted, 'recipient from these IPs was real and accepted', 'recipients from these IPs were real and accepted')})`,
    backscatter(p) {
      const parts: string[] = [];
      const d = p.ndr;
      // One sentence, what the bounces answer before where they went (review AI, AI8: "… either (…) — bounces of the
      // spam …, between …" read as a second sentence stuck on, and in Japanese it was one).
      if (d !== null) {
        parts.push(`${count(d.messages, 'bounce message', 'bounce messages')} (from=<>)`
          + (d.forgedBy.length > 0
            ? ` answering the spam sent as ${d.forgedBy.join(', ')} with forged senders (${count(d.forgedMessages, 'message', 'messages')})`
            : '')
          + `: ${num(d.remote)} of them went to outside addresses, and ${num(d.undeliverable)} of those (${d.share}%) could not be `
          + `delivered either (${num(d.failed)} bounced, ${num(d.pending)} ${EN_PENDING[d.pendingFate](d.pending)})`);
      }
      const a = p.accepted;
      if (a !== null) {
        parts.push(`${count(a.recipients, 'recipient', 'recipients')} of mail from outside ${a.recipients === 1 ? 'was' : 'were'} accepted and then bounced here instead of being refused at RCPT time`
          + (d === null && a.remote > 0 ? ` (${count(a.remote, 'bounce', 'bounces')} went to outside addresses, ${num(a.undeliverable)} of them undeliverable)` : ''));
      }
      if (p.devNull !== null) parts.push(`${count(p.devNull, 'message was', 'messages were')} delivered to /dev/null (luser_relay or a catch-all alias)`);
      return `Backscatter ${between(p.first, p.last)}: ${parts.join('; ')}`;
    },
    backscatterSubject: (cause) => ({
      'accept-then-bounce': 'accept-then-bounce',
      'forged-sender-spam': 'bounces of forged-sender spam',
      'forged-senders': 'bounces to forged senders',
      luser_relay: 'luser_relay',
    })[cause],
    refusalClass(p) {
      const n: string[] = [];
      if (p.deferred > 0) n.push(`${num(p.deferred)} deferred`);
      if (p.bounced > 0) n.push(`${num(p.bounced)} bounced`);
      if (p.suspended > 0) {
        n.push(`${n.length > 0 ? 'then ' : ''}${num(p.suspended)} re-deferred by Postfix without contacting ${p.provider === 'Other receivers' ? 'them' : p.provider}`);
      }
      return `${p.provider} ${KIND_LABEL[p.kind]}${p.code !== '' ? ` (${p.code})` : ''}: ${n.join(', ')}`;
    },
    receiversRefusing(p) {
      const who = p.providers.length === 1 ? p.providers[0] : p.providers.slice(0, -1).join(', ') + ' and ' + p.providers[p.providers.length - 1];
      const cause = p.spammers.length > 0 ? ` while the spam sent as ${p.spammers.join(', ')} went out` : '';
      const f = p.forgedAuth;
      const w = p.forwardedAuth;
      const fwd = w === null ? ''
        : `${w.forwards.length + w.moreForwards === 1 ? 'your alias' : 'your aliases'} ${w.forwards.join(', ')}${w.moreForwards > 0 ? ` and ${num(w.moreForwards)} more` : ''}`;
      // Distinct recipients and messages, the answers as "times" (review AN, AN5: "100 refusals" were 80 recipients of
      // 1 message across two tries); the messages by name when few (AN4).
      const r = p.refused;
      const counts = r === undefined ? count(p.total, 'refusal', 'refusals')
        : `${count(r.recipients, 'recipient', 'recipients')} of ${count(r.messages, 'message', 'messages')}`
          + `${r.named.length > 0 ? ` (${r.named.map((x) => `${x.qid} from ${x.sender !== '' ? x.sender : 'an unknown sender'}`).join(', ')})` : ''} refused ${p.total === 1 ? 'once' : `${num(p.total)} times`}`;
      // Every refused recipient got the mail later (review AN, AN4): of the past, with the outcome.
      if (p.resolved !== undefined && r !== undefined) {
        const v = p.resolved;
        // Review AO, AO2: the others were stopped by their own mailbox, not by the limit.
        const others = v.bouncedOwn + v.pending;
        const outcome = others === 0
          ? `${r.recipients === 1 ? 'delivered later' : `all ${num(r.recipients)} delivered later`}, by ${v.deliveredBy}`
          : `${num(v.delivered)} delivered later${v.deliveredBy !== '' ? `, by ${v.deliveredBy}` : ''}; the other ${num(others)} stopped by ${others === 1 ? 'its own mailbox' : 'their own mailboxes'}, `
            + `not by the limit (${[v.bouncedOwn > 0 ? `${num(v.bouncedOwn)} bounced: unknown user or mailbox full` : '',
              v.pending > 0 ? `${num(v.pending)} still queued for another reason` : ''].filter((x) => x !== '').join('; ')})`;
        return `${who} rate-limited mail from ${p.ip !== '' ? p.ip : 'this server'} ${between(p.first, p.last)}: ${counts}, ${outcome}`
          + ` — ${p.classes.join('; ')}`;
      }
      // "Other receivers" alone is plural too (review AC, F10: "Other receivers refuses mail").
      return `${who} refuse${p.providers.length === 1 && p.providers[0] !== 'Other receivers' ? 's' : ''} mail from ${p.ip !== '' ? p.ip : 'this server'}${cause}: ${counts} `
        + `${between(p.first, p.last)}`
        + (p.reDeferred > 0
          ? ` (and ${count(p.reDeferred, 'deferral', 'deferrals')} that Postfix repeated from its cache without contacting the receivers: "delivery temporarily suspended")`
          : '')
        + ` — ${p.classes.join('; ')}`
        + (f !== null
          ? `. The ${count(f.refusals, 'SPF/DKIM refusal', 'SPF/DKIM refusals')} name${f.refusals === 1 ? 's' : ''} forged sender domains (${f.domains.join(', ')} …), not ${f.ownDomain}: `
            + `the receivers are refusing the forged spam, as expected; the fix is to stop ${p.spammers.length > 0 ? 'the compromised account' : 'that mail at its source'}, not DNS records`
          : '')
        + (w === null ? ''
          : w.all
            ? `. The ${count(w.refusals, 'SPF/DKIM refusal was', 'SPF/DKIM refusals were')} of mail forwarded for ${fwd}: forwarding keeps `
              + 'the original senders, whose SPF does not list this server; the fix is SRS (postsrsd) or not forwarding, not DNS records'
            : ` (besides ${count(w.refusals, 'refusal', 'refusals')} of mail forwarded for ${fwd}, which keeps the original senders: SRS or not forwarding fixes those)`);
    },
    refusedMessage: (p) => `${p.qid} from ${p.sender !== '' ? p.sender : 'an unknown sender'}`
      + `${p.saslUser !== '' && p.saslUser !== p.sender ? ` (login ${p.saslUser})` : ''}, ${count(p.recipients, 'recipient', 'recipients')}: `
      + `${num(p.refused)} refused, ${p.sentLater === p.refused ? (p.refused === 1 ? 'delivered later' : 'all delivered later') : `${num(p.sentLater)} delivered later`}`,
    receiversRefusingWhyNoSpam: 'Big receivers say in their answer why they refuse mail, with a published code: Gmail 421-4.7.28/4.7.0 '
      + 'and 550-5.7.1 (an unusual rate of unsolicited mail, poor reputation), 550-5.7.26/5.7.27 (not authenticated by SPF or '
      + 'DKIM), 550-5.7.25 (no reverse DNS); Yahoo TSS04 (volume or user complaints); Microsoft S3150 and 4.7.650 (block '
      + 'list, IP reputation); DNS block lists such as Spamhaus. No finding of this report shows spam sent through this server: '
      + 'a burst of bulk mail (a newsletter) meets rate limits too. While receivers refuse, your users\' mail waits in the queue '
      + 'or bounces, and mail sent faster than a receiver takes it draws its limits again.',
    provider: (p) => p,
    delistAt: (p) => DELISTING[p] ?? `${p}: see the URL in its answer`,
    delisting: (providers) => `after the cleanup: ${providers.map((p) => DELISTING[p] ?? `${p}: see the URL in its answer`).join('; ')}`,
    ptrCheck: (ip, domain) => `dig +short -x ${ip}   # must print a name (e.g. mail.${domain}) whose A record is ${ip}`,
    unsignedMail: (p) => `${count(p.messages, 'message', 'messages')} of ${andList(p.domains.slice(0, 3))}${p.domains.length > 3 ? ' and more' : ''} `
      + `${p.likely === true ? 'likely ' : ''}went to outside recipients without a DKIM signature ${between(p.first, p.last)}: `
      + [
        ...(p.pickup > 0 && p.likely === true
          ? [`${num(p.pickup)} submitted with sendmail (web forms, scripts), of which OpenDKIM logged no line while it logged lines of mail over SMTP, and receivers refused them as unauthenticated (OpenDKIM does not log its signatures here: an inference)`] : []),
        ...(p.pickup > 0 && p.likely !== true ? [`${num(p.pickup)} submitted with sendmail (web forms, scripts), which no milter saw`] : []),
        ...((p.milterDown ?? 0) > 0 ? [`${num(p.milterDown!)} sent while Postfix could not reach the signing milter`] : []),
        ...((p.seen ?? 0) > 0 ? [`${num(p.seen!)} that a signer saw without logging why it did not sign`] : []),
        ...((p.rspamd ?? 0) > 0 ? [`${num(p.rspamd!)} that rspamd handled without signing, while it signed other mail`] : []),
        ...((p.amavis ?? 0) > 0 ? [`${num(p.amavis!)} that amavis passed without signing, while it signed other mail`] : []),
        ...(p.submission > 0 ? [`${num(p.submission)} of logged-in clients that OpenDKIM never saw`] : []),
        ...(p.table > 0 ? [`${num(p.table)} with no SigningTable entry${p.tableAddresses.length > 0 ? ` for ${p.tableAddresses.join(', ')}` : ''}`] : []),
        ...(p.domainList > 0 ? [`${num(p.domainList)} not in OpenDKIM's Domain list`] : []),
        ...(p.external > 0 ? [`${num(p.external)} from clients OpenDKIM took as outside`] : []),
        ...(p.keyError > 0 ? [`${num(p.keyError)} whose key did not load`] : []),
      ].join('; ')
      + (p.refused > 0 ? `; of their recipients, ${num(p.refused)} refused or not delivered${p.refusedBy.length > 0 ? ` (${p.refusedBy.join(', ')})` : ''}` : '')
      + (p.namedRefusals > 0 ? `, and ${count(p.namedRefusals, 'SPF/DKIM refusal', 'SPF/DKIM refusals')} named the domain` : ''),
    outboundPortBlocked: (p) => `Outgoing port 25 looks blocked ${between(p.first, p.last)}: ${count(p.timeouts, 'connection', 'connections')} `
      + `to remote mail servers on port 25 timed out (${num(p.timedOut)} of the ${count(p.destinations, 'server', 'servers')} `
      + 'contacted) while '
      + (p.sent === 0 ? 'not one delivery to a remote server succeeded'
        : `only ${num(p.sent)} deliver${p.sent === 1 ? 'y' : 'ies'} to remote servers succeeded`)
      + (p.after > 0 ? `; afterwards ${count(p.after, 'remote delivery', 'remote deliveries')} went through again` : ''),
    serverTrouble: (p) => `Server trouble ${p.first === p.last ? `at ${p.first}` : `${between(p.first, p.last)}`}: ${p.parts.join('; ')}`,
    troubleDisk: (n, top) => `${count(n, 'disk or queue-file error', 'disk or queue-file errors')} (${top})`,
    troubleCrash: (n, top) => `${count(n, 'fatal error or daemon killed by a signal', 'fatal errors or daemons killed by a signal')} (${top})`,
    troubleAuth: (p) => `${p.smtpdLost > 0 ? `${count(p.smtpdLost, 'SMTP login', 'SMTP logins')} failed because smtpd lost its connection to the authentication server` : ''}`
      + `${p.smtpdLost > 0 && p.dovecot > 0 ? ' and ' : ''}${p.dovecot > 0 ? `Dovecot auth logged ${count(p.dovecot, 'error', 'errors')}` : ''}`
      + (p.guessing !== null ? ` during a password-guessing attack (${count(p.guessing.failed, 'failed login', 'failed logins')} `
        + (p.guessing.span === 'log' ? 'in the whole log' : p.guessing.span === 'between' ? between(p.guessing.first, p.guessing.last) : 'in the hours around it')
        + (p.smtpdLost > 0 ? `, ${p.smtpdLost === 1 ? 'that one' : `these ${num(p.smtpdLost)}`} among them)` : ')') : '')
      + (p.smtpdLost === 0 ? ''
        : p.toUsers > 0
          ? `: real users got "454 Temporary authentication failure" (${count(p.toUsers, 'time', 'times')}, at ${count(p.userIps, 'client', 'clients')} `
            + 'not guessing passwords)' + (p.toAttackers > 0 ? `; the other ${num(p.toAttackers)} went to attacking IPs` : '')
          : p.guessing !== null
            ? `: ${p.smtpdLost === 1 ? 'the' : `all ${num(p.smtpdLost)}`} "454 Temporary authentication failure" answer${p.smtpdLost === 1 ? '' : 's'} `
              + `went to ${p.attackerIps === 1 ? 'an attacking IP' : `${num(p.attackerIps)} attacking IPs`}, none to a real user`
            : ''),
    troubleDns: (n, kinds) => `${count(n, 'delivery', 'deliveries')} deferred because DNS lookups failed (${count(kinds, 'kind of answer', 'kinds of answer')})`,
    troubleCapacity: (n) => `${count(n, 'time', 'times')} a service reached its process limit`,
    troubleTls: (p) => count(p.failures, 'TLS handshake failure', 'TLS handshake failures')
      + (p.repeatIps > 0 ? ` (${count(p.repeatIps, 'client', 'clients')} failed ${num(p.perIp)} times or more)` : ''),
  },

  warnings: {
    mixedZones: (zones) => `The log mixes time zones (${zones}); times are shown as written, without conversion.`,
    zonesMoved: (p) => `The log's lines carry ${p.offsets.length > 1 ? `several UTC offsets (${p.offsets.join(', ')})` : `the UTC offset ${p.offsets[0]}`}: `
      + `each line is placed at the instant it gives, and times are shown at ${p.at}, `
      + `${p.given ? "the before run's offset, so that both runs compare by instant"
        : p.files ? "the offset of the files' first dated line (standard input and pipes are not read ahead)" : 'the offset of the first line'}`
      + `${p.local ? '; lines without an offset (classic syslog) are taken as written' : ''}. The log lines shown as evidence keep their stamps as written.`,
    duplicates: (list) => `Skipped inputs given twice: ${list}.`,
    sameContent: (p) => `Skipped ${p.path}: ${p.how === 'start' ? 'it has the first line and the size of' : p.how === 'inside' ? 'every line of it checked (first, last and 30 between) is also in' : 'every line of it is also in'} `
      + `${p.as}, which was read: the same log lines under two names (a copy, a gunzip -k, or Debian's mail.info and `
      + 'mail.warn beside mail.log). Reading both would count every line twice.',
    setGap: (p) => `No Postfix or Dovecot line between ${p.before}'s last (${p.last}) and ${p.after}'s first (${p.first}), ${p.gap}`
      + `${p.missing.length > 0 ? `, and ${p.missing.join(', ')} ${p.missing.length === 1 ? 'is' : 'are'} not among the inputs` : ''}: `
      + 'a rotated file of that time missing? Its lines are not in this report; give it too if you have it.',
    streamsOutOfOrder: (p) => `${p.b} was read after ${p.a}, but its lines all come before (up to ${p.bTo}, where ${p.a} starts at `
      + `${p.aFrom}): standard input and pipes keep their place on the command line, as they cannot be read ahead to be `
      + 'ordered by time. If they are rotations of one log, give them oldest first, or give the files themselves (a .gz as it is), '
      + 'which are ordered by their first line: a message whose lines are in both is cut in two, and a postsuper -d ALL may '
      + 'not find the messages it deleted.',
    inputsOverlap: (p) => `${p.a} and ${p.b} both hold lines of ${p.host} from ${p.from} to ${p.to}: the files of a rotated `
      + 'set do not overlap in time, so these may be the same lines counted twice (Debian writes mail.log, mail.info and '
      + `mail.warn: give only mail.log and its rotations). If they are, run again without ${p.drop}.`,
    queueSnapshot: (p) => (p.ids === 0
      ? '--queue: the queue dump names no queue ID (an empty queue, or did postqueue -j fail?): every message the log leaves queued is taken as gone'
      : `--queue: the queue dump names ${count(p.ids, 'queue ID', 'queue IDs')}; ${num(p.inLog)} of the ${count(p.stillQueued, 'message', 'messages')} `
        + 'the log leaves queued are among them, and only those count as still queued in the cleanup list'),
    since: (p) => `Only lines from ${p.since} on are analyzed (--since): the ${p.lines.toLocaleString('en-US')} Postfix/Dovecot `
      + `line${p.lines === 1 ? '' : 's'} before it ${p.lines === 1 ? 'is' : 'are'} counted as ignored, and a message that began before it is counted as partial.`,
    nulPadding: (p) => `${p.path}: ${p.bytes.toLocaleString('en-US')} NUL byte${p.bytes === 1 ? '' : 's'} of padding`
      + `${p.blocks > 1 ? ` in ${p.blocks.toLocaleString('en-US')} blocks, the first` : ''} at line ${p.line.toLocaleString('en-US')} `
      + `(byte ${p.offset.toLocaleString('en-US')}${p.after === null ? '' : `, after a line of ${p.after}`}), skipped: a crash or power loss (or logrotate copytruncate) left them, and lines `
      + `written just before may be missing${p.cut ? '; the line they cut is counted as not understood' : ''}.`,
    partialRead: (error) => `${error}: the report covers the part read before the error.`,
    trailingBytes: (path, bytes, format) => `${path}: ${bytes.toLocaleString('en-US')} byte${bytes === 1 ? '' : 's'} after the end of its ${format} `
      + (format === 'gzip'
        ? 'data were ignored, as gzip ignores them ("trailing garbage ignored"): every line of the compressed log was read.'
        : `data were ignored (no ${format} data: a stray tail, such as a copy off a failing disk may end in): every line of the compressed log was read.`),
    compressedReadFailed: (p) => `${p.path}: reading it failed after ${p.bytes.toLocaleString('en-US')} compressed bytes: ${p.why}`,
    compressedProblem: compressedProblemLine,
    allowPartialHint: ' (use --allow-partial to report what was read)',
    grewWhileRead: (p) => `${p.path} grew from ${p.planned.toLocaleString('en-US')} to ${p.now.toLocaleString('en-US')} bytes while it `
      + `was read (it is still being written): the report covers its first ${p.planned.toLocaleString('en-US')} bytes, the lines there when `
      + 'the run started; run again for the newer lines.',
    futureStart: (p) => `${p.path}: --year ${p.year} dates its first line ${p.firstDay}, ${num(p.days)} days after the file was last written `
      + `(${p.modifiedDay}): a log holds no line written after it, so the year is wrong, and with it every date of this report. --year is `
      + `the year of the first line of the oldest file (classic syslog lines carry no year): run again with --year ${p.likelyYear}, or without --year to take it from the file time.`,
    yearGap: (p) => `${p.after} starts ${p.days} days after ${p.before}: if they are one rotated set, a file is dated `
      + 'a year off (classic syslog lines carry no year; it comes from the file time or --year, the year of the first dated line of the set).',
    clockJump: (p) => `The time stamps span ${p.spanDays} days, with a jump of ${p.jumpDays} days `
      + `between ${p.from} and ${p.to} (a clock reset or wrong dates on some lines): `
      + 'the hourly series lists only the hours that have lines.',
    clockSteps: (p) => {
      const one = (x: typeof p.steps[number]): string => `${x.host === '' ? 'Dovecot\'s log' : `host ${x.host}`} went back ${enDuration(x.seconds)} `
        + `at ${x.where} (${x.from} → ${x.to})`;
      const more = p.total - p.steps.length;
      const head = p.total === 1 ? `The clock of ${one(p.steps[0]!)}, a daylight-saving change or a clock step: `
        : `The clock went back ${num(p.total)} times: ${p.steps.map((x) => `${one(x)}; `).join('')}`
          + `${more > 0 ? `and ${num(more)} more (report.json's clockSteps lists ${p.kept === p.total ? 'them all' : `the first ${num(p.kept)}`}); ` : ''}`
          + 'daylight-saving changes or clock steps: ';
      if (p.asWritten === undefined) {
        // Put right: by how much, for each step named (the rest in report.json's clockSteps, correctedBy).
        const by = p.steps.map((x) => enDuration(x.correctedBy ?? 0));
        const dst = p.steps.some((x) => (x.correctedBy ?? 0) % 900 === 0);
        return head + (p.total === 1 ? `from that line on, the host's times are shown ${by[0]} later than written`
          : `from each of those lines on, the host's times are shown that much later than written (${by.join(', ')}${more > 0 ? ', …: report.json\'s clockSteps correctedBy' : ''})`)
          + ', on the clock before the step, so that the events are in the order they happened'
          + `${dst ? ' (after a daylight-saving fall-back, the report\'s times are on the summer clock)' : ''}.`;
      }
      const why = p.asWritten === 'many' ? `more than ${num(p.kept)} are too many to put right`
        : p.asWritten === 'stream' ? 'standard input and pipes are read once and cannot be read again with the times put right'
          : p.asWritten === 'far' ? 'a step back of more than a day is a clock reset or a wrong date, not put right'
          : 'the log is read as written, as the older version that wrote the before report read it';
      return head + `${why}: times are shown as written, and findings that order events by time (a password guessed before the spam, `
        + `postsuper's deletion, --since, compare's cut) may be wrong around ${p.total === 1 ? 'it' : 'them'}.`;
    },
    noMailLines: (p) => `${p.path}: none of its ${count(p.lines, 'line is', 'lines are')} from Postfix or Dovecot`
      + (p.looksLike !== '' ? `. ${enLooksLike(p.path, p.looksLike)}` : `: is it the mail log? ${EN_WHERE_MAIL_LOG}`),
    allBeforeSince: (p) => `${p.path}: all of its ${count(p.before, 'Postfix or Dovecot line is', 'Postfix and Dovecot lines are')} before --since: `
      + 'nothing of it is in this report',
    mostlyUnparsed: (p) => `${p.path}: ${num(p.unparsed)} of its ${count(p.lines, 'line', 'lines')} ${p.unparsed === 1 ? 'was' : 'were'} not understood `
      + '(see "Unparsed lines"): the findings miss what they say. '
      + (p.looksLike !== '' ? enLooksLike(p.path, p.looksLike) : 'Another log format, or a compressed file of another kind? '
        + 'From the journal, export with `journalctl -o short-iso`, `-o json` or `-o export` (each is read, plain or gzipped).'),
    implausibleStamps: (p) => `${count(p.lines, 'line has a time', 'lines have times')} before 2000 or after ${p.latestYear} (the first at ${p.where}: ${p.stamp}): `
      + 'a clock that started without its date, or a wrong stamp. Such a time cannot be placed: '
      + `${p.lines === 1 ? 'the line is counted as unparsed' : 'the lines are counted as unparsed'} and kept out of the period and the counts.`,
    crLineEnds: (p) => `${p.path}: read as ${count(p.lines, 'line', 'lines')}: the findings miss what it holds. ${enLooksLike(p.path, 'cr')}`,
    binaryData: (p) => `${p.path} is binary data, not a log: ${count(p.bytes, 'byte', 'bytes')}, ${count(p.lines, 'line', 'lines')} `
      + (p.mailLines === 0 ? 'with no mail line' : `of which ${count(p.mailLines, 'is a Postfix or Dovecot line', 'are Postfix or Dovecot lines')}`)
      + `. Its NUL bytes are not a crash's padding. Was the wrong file given? ${EN_WHERE_MAIL_LOG}`,
    noMailUnderstood: (p) => `${p.path}: not one of its ${count(p.lines, 'line', 'lines')} was understood as a Postfix or Dovecot line `
      + `(${num(p.unparsed)} not understood, see "Unparsed lines")${p.looksLike !== '' ? `. ${enLooksLike(p.path, p.looksLike)}` : `: is it the mail log? ${EN_WHERE_MAIL_LOG}`}`,
    emptyInput: (p) => (p.stream
      ? `${p.path}: nothing was read from it (not one line), so nothing of it is in this report.`
      : `${p.path}: empty (not one line), so nothing of it is in this report. A log just rotated by logrotate? `
        + 'Its lines are then in the rotated file (maillog.1 …): give that file too.'),
    bulkDeleteAmbiguous: (p) => `postsuper deleted ${count(p.deleted, 'message', 'messages')} at ${p.at} without naming them, `
      + `but ${num(p.open)} were in the queue before that: which ones went is unknown, so the still-queued list may `
      + 'include messages it deleted.',
    unconfirmedHops: (p) => `${count(p.recipients, 'recipient was', 'recipients were')} handed to ${p.relays} on this host, which `
      + 'answered "queued as" with a queue ID that no message of this log took up again: counted as delivered there (a local '
      + 'tunnel or relay to a smarthost), not as a content-filter hop. If it is a content filter whose re-injected mail '
      + 'is logged elsewhere, or comes back more than a minute late, those recipients are counted twice (there, or in this log).',
    proxyBackendsNotRead: (p) => `Login proxy: its backends refused ${count(p.refused, 'login', 'logins')} (${p.from} to ${p.to}); why each was `
      + `refused (a wrong password, an unknown name) only ${p.backends.length > 0 ? `the logs of ${proxyBackendList(p.backends, p.byBackend)} hold` : 'the backends\' own logs hold (the proxy\'s lines name none: its passdb\'s host= does)'}, `
      + 'and those are not in the inputs: add them. The refusals are counted here as failed IMAP/POP3 logins of the client IPs and '
      + 'names the proxy\'s lines give ("proxy dest auth failed").'
      + (p.byBackend.length === 0 && p.backends.length > 0 ? ' The proxy names the backend of each refusal only with auth_verbose = yes ("proxy(user,host:port): Login failed").' : ''),
    redactedBlock: (reads) => (reads.length > 0
      ? `> *Left out of this redacted report: the block to paste here reads ${reads.map((f) => `\`${f}\``).join(' and ')}, which a redacted run does not write (its entries would be pseudonyms). The report of the same log without \`--redact\` has the block and the list.*`
      : '> *Left out of this redacted report: the block to paste here names users, addresses or IPs, which are pseudonyms here: pasted, it would act on names that do not exist. The report of the same log without `--redact` has it.*'),
    redactedSentence: (lists) => `*(A sentence on ${lists.map((f) => `\`${f}\``).join(' and ')} is left out: a redacted run does not write `
      + `${lists.length === 1 ? 'that list' : 'those lists'}; the report of the same log without \`--redact\` has ${lists.length === 1 ? 'it' : 'them'}.)*`,
    redactedPseudonyms: (p) => `Redacted for sharing: e-mail local parts, user names${p.domains ? ', domains' : ''}, IPs, client host names, HELO names `
      + `and the subjects header_checks logged are pseudonyms (HMAC-SHA256 under the key stretched by scrypt, key fingerprint ${p.fingerprint}); `
      + `${p.domains ? '' : 'domains are not, your own included; '}the same value has the same pseudonym throughout the report.`,
    redactedRandomKey: 'The redaction key was random (no --redact-key): pseudonyms cannot be compared with those of another report.',
    redactedShortKey: (p) => `The --redact-key has only ${p.chars} characters: a word or a short key can still be found from the key fingerprint `
      + 'with a word list (each guess costs about 0.1 s through scrypt), and with it every pseudonym. Before this report leaves the '
      + 'company, make it again with a long random key (openssl rand -hex 16) and keep that key for the next run.',
    redactedLeftOut: (p) => [
      ...(p.lists.length > 0 ? [`${p.lists.join(', ')} ${p.lists.length === 1 ? 'is' : 'are'} not written: redacted, ${p.lists.length === 1 ? 'its' : 'their'} entries would be pseudonyms, useless to a firewall or a DNS zone.`] : []),
      ...(p.blocks > 0 ? [`${count(p.blocks, 'block', 'blocks')} to paste that name users or IPs ${p.blocks === 1 ? 'is' : 'are'} left out of the fixes.`] : []),
      'Run the analysis without --redact for the commands and lists to apply.',
    ].join(' '),
  },

  report: {
    defaultTitle: 'Mail log forensics report',
    none: '_None._',
    mailAuthenticationNote: 'The verdicts OpenDMARC (DMARC, by the From: domain) and policyd-spf (SPF, by the envelope sender\'s domain) '
      + 'logged on incoming mail. Failures name the sender\'s domain, often forged: they are the senders\' matter, not this server\'s. '
      + 'The table lists the domains with failures (SPF: fail and softfail), most first.',
    mailAuthenticationLine: (p) => `- **${p.check === 'dmarc' ? 'DMARC (OpenDMARC)' : p.check === 'spf' ? 'SPF (policyd-spf)' : 'SPF (OpenDMARC\'s own check)'}**: ${num(p.verdicts)} ${p.verdicts === 1 ? 'verdict' : 'verdicts'} `
      + `on mail of ${num(p.domains)} ${p.domains === 1 ? 'domain' : 'domains'}: ${p.byResult}`,
    rspamdOutgoingNote: 'What rspamd did with mail sent by logged-in users (its task summaries that name the user, `user: …`): '
      + '`reject` and `add header` on a user\'s mail is rspamd\'s own sign of spam from that account, a stolen password\'s most of all. '
      + 'Mail submitted with sendmail names no user and is not counted.',
    rspamdOutgoingLine: (p) => `- ${num(p.messages)} ${p.messages === 1 ? 'message' : 'messages'} of ${num(p.users)} ${p.users === 1 ? 'user' : 'users'}: ${p.byAction}`,
    rspamdFileJoined: (p) => `- rspamd's own log file was read and joined to the maillog by queue ID: of the messages to outside recipients with no other `
      + `signature, rspamd signed ${num(p.signed)} and did not sign ${num(p.unsigned)}.`,
    localProgramsNote: 'Mail submitted on the server itself through `sendmail` (PHP `mail()`, a CMS, cron, scripts), by the user ID '
      + 'that postfix/pickup logs; `getent passwd UID` names the user (33 is `www-data` on Debian: a web application). '
      + '"Outside" counts recipients at domains this server does not receive for.',
    recipientDomainsOrderNote: 'Domains with the most recipients and deferral attempts together first: those that held the queue come before '
      + 'those that only received much.',
    saslUserAuthFailuresNote: '"AUTH failures": failed SMTP logins with the user\'s name from any IP, the password-guessing bots\' tries '
      + 'of that name included: a number here does not say that the user mistyped (the password-guessing finding and the Client '
      + 'IPs table say from where).',
    deferredAtLastTryNote: '"Deferred at last try": recipients whose last delivery attempt in the log was deferred (still queued at its end, '
      + 'or deleted from the queue after it), not the deferred attempts, which the totals count.',
    recipientDomainsNote: '"Deferred at last try": recipients at the domain whose last delivery attempt in the log was deferred (still '
      + 'queued at its end, or deleted from the queue after it); "Deferral attempts" counts every deferred attempt.',
    refusedFrom: (n, ips) => `${num(n)} (${count(ips, 'IP', 'IPs')})`,
    periodLabel: 'Period: ',
    period: (p) => `Period: **${p.from}** to **${p.to}** (${p.zone}), ${p.duration}; `
      + `${p.lines} lines from ${p.files} file${p.files === 1 ? '' : 's'}; `
      + `host${p.hostCount === 1 ? '' : 's'}: ${p.hosts}.`,
    duration: (hours) => {
      const { days, h, minutes } = splitDuration(hours);
      if (days === 0 && h === 0) return count(minutes, 'min', 'min');
      if (days < 2) return count(Math.round(hours * 10) / 10, 'hour', 'hours');
      return `${count(days, 'day', 'days')}${h > 0 ? ` ${count(h, 'hour', 'hours')}` : ''}`;
    },
    noDatedLine: 'no dated line',
    zone: (tz) => (tz === 'local' ? 'server local time; the log has no time zone' : `UTC${tz}`),
    warning: '**Warning:**',
    activityPer: (minutes) => (minutes === 1 ? 'Activity per minute' : `Activity per ${minutes} minutes`),
    binStartColumn: 'From',
    h: {
      summary: 'Summary', findings: 'Findings', totals: 'Totals', saslUsers: 'SASL users', clientIps: 'Client IPs',
      senders: 'Envelope senders', recipientDomains: 'Recipient domains', deferralReasons: 'Deferral reasons',
      bounceReasons: 'Bounce reasons', rejectReasons: 'Reject reasons', authFailures: 'Authentication failures',
      stillQueued: 'Still queued at the end of the log', hourly: 'Activity per hour', charts: 'Charts', appendix: 'Appendix',
      inputs: 'Inputs and line accounting', unparsed: 'Unparsed lines (first examples)', daemonProblems: 'Daemon warnings and errors',
      localPrograms: 'Local programs (sendmail)', mailboxLogins: 'Mailbox logins (IMAP/POP3)', mailAuthentication: 'Mail authentication of incoming mail',
      rspamdOutgoing: 'rspamd on outgoing mail',
    },
    // The counts come formatted ("1,073"): "1" is the only one that takes the singular (review AG, AG12: "**1** messages").
    summaryReceived: (p) => `- **${p.received}** ${one(p.received, 'message', 'messages')} received (smtpd and local pickup); `
      + `**${p.delivered}** ${one(p.delivered, 'recipient', 'recipients')} delivered, `
      + `**${p.bounced}** bounced, **${p.expired}** expired (bounce rate ${p.bounceRate}).`,
    summaryDeferred: (p) => `- **${p.deferred}** deferred delivery ${one(p.deferred, 'attempt', 'attempts')} for **${p.deferredMessages}** `
      + `${one(p.deferredMessages, 'message', 'messages')}; **${p.stillQueued}** ${one(p.stillQueued, 'message', 'messages')} still in the queue at the end of the log`
      + (p.deletedInBulk > 0 ? ` (after \`postsuper -d ALL\` deleted **${num(p.deletedInBulk)}** at ${p.deletedAt ?? '?'}).` : '.')
      // A requeue deletes nothing: the messages go back through pickup under new IDs (orig_id=).
      + (p.requeues.length > 0
        ? ' `postsuper -r` requeued ' + p.requeues.map((x, i) => `**${num(x.count)}**${i === 0 ? (x.count === 1 ? ' message' : ' messages') : ''} at ${x.at}`).join(', ')
          + (p.moreRequeues > 0 ? ` and ${count(p.moreRequeues, 'more run', 'more runs')}` : '') + '.'
        : ''),
    summaryAuthRefused: (p) => '- '
      + [
        ...(p.port25 > 0 ? [`**${num(p.port25)}** SMTP AUTH ${one(num(p.port25), 'command', 'commands')} refused on port 25 from ${num(p.port25Ips)} IP${p.port25Ips === 1 ? '' : 's'}: `
          + 'AUTH is not offered there (503, no warning line: only the disconnect lines\' auth=0/N count them)'] : []),
        ...(p.other > 0 ? [`**${num(p.other)}** SMTP AUTH ${one(num(p.other), 'command', 'commands')} refused without a warning on the other services (submission, smtps) `
          + `from ${num(p.otherIps)} IP${p.otherIps === 1 ? '' : 's'} (AUTH not offered, or offered only after STARTTLS)`] : []),
      ].join('; ') + '.',
    summaryRejects: (p) => `- **${p.rejected}** SMTP ${one(p.rejected, 'reject', 'rejects')}; **${p.authFailures}** SMTP AUTH ${one(p.authFailures, 'failure', 'failures')}`
      + `${p.aborted > 0 ? ` and ${num(p.aborted)} aborted` : ''} from ${num(p.ips)}${p.atLeast ? '+' : ''} IP${p.ips === 1 && !p.atLeast ? '' : 's'}; `
      + `**${p.mailbox}** IMAP/POP3 login ${one(p.mailbox, 'failure', 'failures')}`
      + `${p.mailboxIps !== null && p.mailboxIps > 0 ? ` from ${num(p.mailboxIps)} IP${p.mailboxIps === 1 ? '' : 's'}` : ''}`
      + `${p.proxyRefused !== undefined ? `, of which **${num(p.proxyRefused)}** refused by the login proxy's backends, whose logs are not in the inputs` : ''}.`,
    noRuleFired: '_No rule fired on this log._',
    severityTag: (s) => s.toUpperCase(),
    severityWord: (s) => s,
    subjectKind: (kind) => kind,
    findingMeta: (p) => `- Rule: ${p.rule}; subject: ${p.kind} ${p.value}; from ${p.from} to ${p.to}`,
    evidence: 'Evidence',
    logLines: 'Log lines',
    why: '**Why it matters.**',
    fix: '**What to do.**',
    cols: {
      measure: ['Measure', 'Count'],
      saslUsers: ['User', 'Messages', 'Recipients', 'Client IPs', 'Senders used', 'Sent', 'Deferred at last try', 'Bounced', 'Expired', 'AUTH failures', 'First', 'Last'],
      saslUserRefused: 'Refused at end of DATA (milter)',
      saslUserRejects: 'Rejected at RCPT, MAIL … (Postfix 3.10+)',
      clientIps: ['IP', 'Name', 'Connections', 'Messages', 'AUTH failures', 'Login failures (IMAP, POP3)', 'Rejects', 'Session problems (most frequent)', 'SASL users', 'User names tried'],
      senders: ['Sender', 'Messages', 'Recipients', 'Sent', 'Deferred at last try', 'Bounced', 'Expired'],
      localPrograms: ['Host', 'UID', 'Messages', 'Recipients', 'Outside recipients', 'Outside domains', 'Outside not delivered', 'First outside', 'Last outside'],
      recipientDomains: ['Domain', 'Recipients', 'Sent', 'Deferred at last try', 'Bounced', 'Expired', 'Deferral attempts'],
      reasons: ['Count', 'DSN', 'Reason (normalised)', 'First seen'],
      userFailures: ['User name', 'Failures'],
      reasonFailures: ['Reason', 'Failures'],
      stillQueued: ['Queue ID', 'Since', 'SASL user', 'Sender', 'Client IP', 'Recipients', 'Not yet delivered', 'Deferrals'],
      legitimate: ['Queue ID', 'Since', 'SASL user', 'Sender', 'Not delivered to', 'Deferrals'],
      hourly: ['Hour', 'Lines', 'Received', 'Sent', 'Deferred', 'Bounced', 'Rejected', 'SMTP AUTH failures', 'IMAP/POP3 login failures', 'Queue size'],
      inputs: ['File', 'Kind', 'Bytes', 'Lines', 'Parsed', 'Ignored (other programs)', 'Unparsed'],
      mailboxLogins: ['User', 'Logins', 'Client IPs', 'Protocols', 'First', 'Last', 'Client IPs with the most logins'],
      mailAuthentication: ['Check', 'Sender domain', 'Verdicts', 'Failed', 'By result'],
      rspamdOutgoing: ['User', 'Messages', 'Refused or flagged', 'By action'],
    },
    totals: {
      received: 'Messages received',
      delivered: 'Recipients delivered',
      deferred: 'Deferred delivery attempts',
      deferredMessages: 'Messages deferred at least once',
      bounced: 'Recipients bounced',
      expired: 'Recipients expired (returned to sender)',
      rejected: 'Rejected (NOQUEUE and queue-ID rejects)',
      rejectWarnings: 'Reject warnings',
      heldDiscarded: 'Held / discarded',
      authFailures: 'SMTP AUTH failures (Postfix)',
      authAborted: 'SMTP AUTH aborted',
      dovecotAuthFailures: 'Failed logins checked by Dovecot (SMTP AUTH and IMAP/POP3)',
      dovecotLoginFailures: 'IMAP/POP3 login failures',
      connections: 'SMTP connections',
      connectFailures: 'Outbound connect failures',
      notifications: 'Bounce / delay notifications generated',
      messagesRemoved: 'Messages removed from the queue',
      postsuperDeleted: 'Deleted by postsuper (summary lines)',
      postsuperRequeued: 'Requeued by postsuper -r (summary lines; still queued, under new IDs)',
      proxyRefused: 'IMAP/POP3 logins a login proxy\'s backends refused (their logs not read; among the failures above)',
      deletedInBulk: 'Deleted in bulk (postsuper -d ALL; named by elimination)',
      stillQueued: 'Still queued at end of log',
      partialMessages: 'Messages that started before the log',
      abandonedTransactions: 'SMTP transactions that never entered the queue (verification probes, clients that quit after RCPT or dropped during DATA)',
      sessionProblems: 'SMTP session problems and postscreen verdicts (lost connection, too many errors, PREGREET …)',
    },
    noDomain: '(none)',
    authByUser: 'SMTP AUTH (Postfix) by user name tried (needs Postfix ≥ 3.7.8, which logs `sasl_username=`):',
    authByUserScope: (p) => `_It counts the ${num(p.credentials)} failures where a password was checked, of the ${num(p.all)} SMTP AUTH failures: `
      + `the other ${num(p.all - p.credentials)} (${[
        ...(p.server > 0 ? [`${num(p.server)} ended in a 454 when smtpd lost the authentication server`] : []),
        ...(p.malformed > 0 ? [`${num(p.malformed)} sent undecodable AUTH data`] : []),
      ].join(' and ')}) are in the table by reason below, and in the per-IP counts._`,
    authByReason: 'By reason:',
    dovecotByUser: 'Dovecot authentication failures by user name:',
    queueEmpty: '_The queue was empty at the end of the log._',
    stillQueuedIntro: (n, cut) => `${n} messages were never removed. Oldest first${firstOf(cut)}:`,
    deletedInBulkHeading: 'Deleted from the queue with postsuper -d ALL',
    deletedInBulkIntro: (p) => `\`postsuper -d ALL\` deleted ${p.count} messages at ${p.at}. The log names none of them: these are `
      + 'the messages that were in the queue then (no line after it). Mail of your own users among them was lost: tell the '
      + `senders to send it again. Oldest first${firstOf(p.cut)}:`,
    legitimateQueuedIntro: (p) => (p.count === '1'
      ? '**1** message still queued is your users\' legitimate mail, not the abuse (`queue-delete.txt` leaves it out). '
        + 'These recipients are still waiting for it:'
      : `**${p.count}** messages still queued are your users' legitimate mail, not the abuse (\`queue-delete.txt\` leaves them out). `
        + `These recipients are still waiting for them${firstOf(p.cut)}:`),
    legitimateDeletedIntro: (p) => (p.count === '1'
      ? '**1** message deleted was your users\' legitimate mail, not the abuse. These recipients never got it: tell the sender, '
        + 'so that they send it again:'
      : `**${p.count}** messages deleted were your users' legitimate mail, not the abuse. These recipients never got them: `
        + `tell the senders, so that they send them again${firstOf(p.cut)}:`),
    moreRecipients: (n) => `and ${num(n)} more`,
    refusedRecipient: (a) => `${a} (refused by the receiver)`,
    refusedNote: '_"Refused by the receiver": bounced because the receiver refuses mail from this server (a block list, its '
      + 'reputation: see the finding on receivers refusing it), not because of the address: the message never reached them '
      + 'either. Send it to them again once the receiver takes this server\'s mail again._',
    mailboxLoginsIntro: (p) => 'Successful Dovecot logins by user (IMAP, POP3; submission and ManageSieve too): who opened which '
      + 'mailbox, and from where. Users with the most client IPs first, with their logins per protocol from all their IPs; '
      + 'their IPs with the most logins first, each with its own logins per protocol when the user used several (POP3 usually '
      + 'downloads the whole mailbox). An IP its owner does not recognise may be someone else with the password.'
      + (p.cut === null ? '' : ` The first ${num(p.shown)} of ${count(p.users, 'user', 'users')} are shown${p.cut.length === 0 ? '' : `; all of them are in ${p.cut.join(' and ')}`}.`),
    mailboxLoginIp: (p) => `${p.ip}${p.name ? ` (${p.name})` : ''}${p.protocols.length === 1 ? ` ${p.protocols[0]!.protocol}` : ''} ${num(p.logins)}×`
      + (p.protocols.length > 1 ? ` (${p.protocols.map((x) => `${x.protocol} ${num(x.logins)}`).join(', ')})` : ''),
    mailboxProtocols: (list) => (list.length === 1 ? list[0]!.protocol : list.map((x) => `${x.protocol} ${num(x.logins)}`).join(', ')),
    mailboxLoginIps: (ips, more) => ips.join(', ') + (more > 0 ? ` and ${count(more, 'more IP', 'more IPs')}` : ''),
    clientIpsListed: (total, listed) => `${num(total)} (only ${num(listed)} in report.json)`,
    chartsIntro: 'SVG files next to this report (attach them to the ticket with it):',
    lineTotals: (p) => `Total: ${p.total} lines = ${p.parsed} parsed + ${p.ignored} ignored + ${p.unparsed} unparsed.`,
    journalExports: (files) => `${files}: a journal export (journalctl -o json or -o export), read entry by entry. The lines quoted from it `
      + 'are the syslog lines made from its entries, each at the exact time the journal recorded, at the server\'s UTC offset '
      + '(which the syslog stamps of its Postfix and Dovecot entries give; +0000 when none has one), as journalctl -o short-iso-precise '
      + 'prints them on the server, and cited by '
      + 'the line of the file where its entry starts; entries of other programs are ignored, as in a syslog file. An entry of a '
      + 'container\'s journald log driver (with CONTAINER_ID or CONTAINER_NAME) holds the container\'s whole line: it is read as '
      + '`docker logs -t` prints it, the journal\'s time in UTC and then the line with its own time.',
    dockerJsonLogs: (files) => `${files}: a container's log as Docker stores it (json-file, /var/lib/docker/containers/…-json.log), `
      + 'read line by line as `docker logs -t` prints it: Docker\'s time in UTC, then the line the container wrote (Postfix\'s own '
      + 'maillog_file, or a syslog daemon inside the container), whose own time the report uses, the year from Docker\'s.',
    cutShort: (p) => `${p.lines} of the ${p.unparsed} unparsed lines look cut short (they end before their fields do: a full disk, `
      + `a copy taken while the log was written, a syslog size limit). The log is damaged there: what those lines said is not counted.`,
    repeatsNotExpanded: (p) => `${p.lines} "last message repeated" line(s) start a file or follow another host's line: `
      + `the line they repeat is not known, so their ${p.events} repeated events are not counted (they are among the ignored lines).`,
    duplicates: (list) => `Given more than once and read once: ${list}.`,
    generatedBy: (tool, version, schema) => `Generated by ${tool} ${version} (report schema ${schema}).`,
  },

  html: {
    kicker: 'Mail log forensics',
    period: 'Period',
    periodNote: (zone, duration) => `(${zone}, ${duration})`,
    logLines: 'Log lines',
    fromFiles: (n) => `from ${n} file${n === 1 ? '' : 's'}`,
    findings: 'Findings',
    noFindings: 'no findings',
    severityCount: (s, c) => `${c} ${s}`,
    contents: 'Contents',
    redacted: (domains, fp) => `Redacted for sharing: user names, e-mail local parts${domains ? ', domains' : ''}, IPs and client host names are pseudonyms`
      + `${domains ? '' : ', domains are not'} (key fingerprint ${fp}).`,
    kpi: {
      received: 'Messages received', delivered: 'Recipients delivered', deferred: 'Deferred attempts', bounced: 'Bounced or expired',
      rejected: 'SMTP rejects', authFailures: 'SMTP AUTH failures', mailbox: 'IMAP/POP3 login failures', stillQueued: 'Still queued',
    },
    kpiMailboxBackends: (refused) => `(${num(refused)} of them refused by the proxy's backends, not read)`,
    css: '',
  },

  charts: {
    font: 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, Noto Sans, Hiragino Sans, Noto Sans CJK JP, sans-serif',
    zone: zoneShort,
    perBin: (minutes) => (minutes === 60 ? 'per hour' : minutes % 60 === 0 ? `per ${minutes / 60} hours` : minutes === 1 ? 'per minute' : `per ${minutes} minutes`),
    timeAxis: (minutes, zone) => `${minutes === 60 ? 'Hour' : minutes % 60 === 0 ? `${minutes / 60}-hour period` : minutes === 1 ? 'Minute' : `${minutes}-minute period`} starting (${zone})`,
    minuteBins: (minutes, span) => `One bar per ${minutes === 1 ? 'minute' : `${minutes} minutes`}: the log spans ${enSpan(span)}.`,
    alt: (title, description) => `${title}: ${description}`,
    deliveries: {
      title: 'Delivery outcomes over time',
      description: 'Top: recipients delivered, and bounced or expired, stacked. Bottom: SMTP rejects. Deferred attempts '
        + '(retries) are in the next chart.',
      sent: 'Delivered (recipients)', bounced: 'Bounced or expired (recipients)', rejected: 'SMTP rejects',
      y: (per) => `Recipients ${per}`,
      yRejected: (per) => `Rejects ${per}`,
      empty: 'No deliveries, deferrals, bounces or rejects in this log.',
    },
    compromisedDelivered: {
      title: 'Delivered: the users\' own mail and the compromised account\'s',
      description: 'Recipients delivered, by the time their message arrived: the users\' own mail, and what the compromised account sent since its password was guessed, with the bounce notices answering it, stacked.',
      legitimate: 'Users\' own mail (recipients)', spam: 'Compromised account, since the guess',
      y: (per) => `Recipients delivered ${per}`,
      empty: 'No delivered mail in this log.',
    },
    deferralsAuth: {
      title: 'Deferrals and auth failures over time',
      description: 'Top: deferred delivery attempts. Bottom: SMTP AUTH failures (Postfix) and IMAP/POP3 login failures '
        + '(Dovecot), each failure counted once.',
      deferred: 'Deferred attempts', smtpAuth: 'SMTP AUTH failures', mailbox: 'IMAP/POP3 login failures',
      yDeferred: (per) => `Deferred attempts ${per}`,
      yAuth: (per) => `Auth failures ${per}`,
      empty: 'No deferral and no authentication failure in this log.',
    },
    queue: {
      title: 'Reconstructed queue size',
      description: 'Messages in the Postfix queue: the highest level within each period, rebuilt from the log minute by minute.',
      series: 'Messages in queue',
      y: 'Messages in queue (peak of period)',
      empty: 'The queue was empty throughout the log.',
    },
    users: {
      title: 'Top SASL users by messages',
      description: 'Messages submitted per authenticated user, with the number of distinct client IPs that used the login.',
      series: 'Messages',
      note: (m, ips) => `${num(m)} msg · ${num(ips)} IP${ips === 1 ? '' : 's'}`,
      x: 'Messages submitted (count)',
      y: 'SASL user',
      empty: 'No message was submitted with SMTP AUTH in this log.',
    },
    ips: {
      // Not "attacking": a user's phone with an old password fails as often, and the sasl-bruteforce finding says
      // which of these to block and which to check first (review 17, F6).
      title: 'Client IPs with the most failed logins and relay probes',
      description: 'The 15 client IPs, among all of them, with the most SMTP AUTH failures, IMAP/POP3 login failures and '
        + '"Relay access denied" probes, stacked.',
      smtpAuth: 'SMTP AUTH failed or aborted', mailbox: 'IMAP/POP3 login failures', relayDenied: 'Relay access denied',
      x: 'Failed logins and relay probes (count)',
      y: 'Client IP',
      empty: 'No client IP failed to log in or probed for an open relay.',
    },
    reasons: {
      title: 'Top deferral reasons',
      description: 'Deferred delivery attempts by normalised reason (IPs, IDs and numbers replaced).',
      x: 'Deferred delivery attempts (count)',
      empty: 'No delivery was deferred in this log.',
    },
    causes: {
      title: 'Top deferral causes',
      description: 'Deferred delivery attempts by receiver and cause, as the Deferral reasons table groups them (Postfix\'s repeats from its cache included).',
    },
    events: {
      takenOver: (user, at) => `${user} taken over ${at}`,
      deleted: (at) => `postsuper -d ALL ${at}`,
    },
  },

  cli: {
    summary: (p) => `${count(p.lines, 'line', 'lines')} (${p.mb} MB) in ${p.secs} s: `
      + `${num(p.received)} received, ${num(p.delivered)} delivered, ${count(p.deferred, 'deferred attempt', 'deferred attempts')}, ${num(p.bounced)} bounced, `
      + `${num(p.rejected)} rejected, ${count(p.authFailures, 'AUTH failure', 'AUTH failures')}, ${num(p.stillQueued)} still queued`
      + `${p.deletedInBulk ? ` (${num(p.deletedInBulk)} deleted with postsuper -d ALL)` : ''}; `
      + `${count(p.findings, 'finding', 'findings')}; ${count(p.unparsed, 'unparsed line', 'unparsed lines')}`
      + `${p.warnings ? `; ${count(p.warnings, 'warning', 'warnings')} (below)` : ''}.\n`,
    skippedOwnOutputs: (p) => `${p.dir}: ${p.files.length === 1 ? 'an input is a file' : `${num(p.files.length)} inputs are files`} that an earlier run of this tool wrote there, `
      + `not logs: not read (${en.someOf(p.files, 5)}).\n`,
    removedStale: (p) => `${p.dir}: removed ${count(p.files.length, 'file', 'files')} of an earlier run that this run did not write `
      + `(${en.someOf(p.files, 5)}).\n`,
    replacedRun: (p) => `${p.dir} held the report of ${p.from} to ${p.to} (${en.someOf(p.files, 3)}); this run replaced it. `
      + 'To compare before and after a fix, keep the runs apart: --out reports/before, then --out reports/after.\n',
    keptOwnReadme: (p) => `${p.dir}: README.txt is not one this tool wrote, so it was left as it is; `
      + (p.name === null ? 'the list of the files of this run was not written (README.maillog-forensics.txt is taken too).\n'
        : `the list of the files of this run is ${p.name}.\n`),
  },
};


/** What a file not understood looks like, and the command that makes it a log this tool reads (split/magic.ts). */
function enLooksLike(path: string, looks: Exclude<LooksLike, ''>): string {
  const f = shellArg(path);
  switch (looks) {
    case 'utf16': return `It is UTF-16 text (it starts with a UTF-16 byte order mark): ${enConvert(path, 'convert it', 'iconv -f UTF-16 -t UTF-8', `${f} > maillog.utf8`)}`;
    case 'utf16le': case 'utf16be': {
      const code = looks === 'utf16le' ? 'UTF-16LE' : 'UTF-16BE';
      return `It is ${code} text (no byte order mark, a NUL byte beside each character): ${enConvert(path, 'convert it', `iconv -f ${code} -t UTF-8`, `${f} > maillog.utf8`)}`;
    }
    case 'cr': return `Its lines end with CR only (no LF line end in its first 64 KiB: a copy made by an old Mac or Windows tool): ${enConvert(path, 'convert it', "tr '\\r' '\\n'", `< ${f} > maillog.lf`)}`;
    case 'gzip-in-gzip': return `It is gzip data compressed twice (its content starts with the gzip magic): ${enConvert(path, 'decompress it once', 'gzip -dc', `${f} > maillog.gz`)}`;
    case 'binary': return 'It is binary data (an image, a program, random bytes), not a text log.';
    case 'exim': return 'Its lines are Exim\'s (cPanel\'s MTA, Debian\'s exim4): this tool reads the logs of Postfix and Dovecot only, and this server '
      + 'sends with Exim. Exim\'s own tools read this log (`eximstats` for the totals, `exigrep` for the lines of one address or IP); if the '
      + 'server runs Dovecot, give its log instead (`doveconf log_path`, or /var/log/maillog on cPanel): its IMAP/POP3 logins and failures are read.';
    case 'sendmail': return 'Its lines are sendmail\'s (sendmail, sm-mta): this tool reads the logs of Postfix and Dovecot only, and this server '
      + 'sends with sendmail. Dovecot\'s lines, when it runs there, are read from the same log; this one holds none.';
  }
}

/**
 * The command that converts an input, with `operands` (the file, where to write) for a file; for standard input
 * (`-`), the same command in the pipe: no file to give it.
 */
function enConvert(path: string, verb: string, command: string, operands: string): string {
  return path === '-' ? `${verb} in the pipe with \`${command}\` before \`analyze -\`.` : `${verb} with \`${command} ${operands}\` and give that file.`;
}

/** Where Postfix writes its log, for a file that holds none of it. */
const EN_WHERE_MAIL_LOG = 'Postfix and Dovecot log to /var/log/mail.log (Debian, Ubuntu) or /var/log/maillog (RHEL), or only to the journal '
  + '(`journalctl -u postfix@- -u dovecot -o json > mail.json`).';
