// English: the comparison's original words (compare.md, compare.html, compare.json and the charts of the bundled
// samples read as before; test/golden/compare).

import type { IntrudersStillTrying, MailboxUnchecked } from '../compare/model.js';
import type { ChartUnit, CompareMessages, HeadlineParts, MailboxNoteIp, MailFlowParts, StillGoingOnParts } from './compare.js';
import { anySieveLogin, intruderProtocols } from '../compare/mailbox-intruders.js';
import type { Severity } from '../types.js';
import { REFUSAL_KIND_WORDS } from './refusal-kind-words.js';
import { count } from '../detect/util.js';

/** Why the intruder IPs' sending could not be checked (review AB, F2). */
const SENDING_CUT_EN = 'the after report lists only its first client IPs, and not all of the account\'s (--top; --top 0 lists all)';

const num = (x: number): string => x.toLocaleString('en-US');
/** "1 message", "2 messages". */
/** "75 h", "42.5 h". */
const hours1 = (h: number): string => `${h.toLocaleString('en-US', { maximumFractionDigits: 1 })} h`;
/**
 * A period's length: "75 h" (`digits` decimals at most), or in minutes under an hour ("5 min", where "0.1 h" and "0 h"
 * sat under a header of 0.09 h and 0.03 h: review AK, AK11).
 */
const periodLength = (h: number, digits = 1): string => {
  if (h >= 1) return `${h.toLocaleString('en-US', { maximumFractionDigits: digits })} h`;
  const m = Math.round(h * 60);
  return m < 1 ? 'under a minute' : `${num(m)} min`;
};
/** Review AK, AK11: rates per day of a period under an hour are its counts times 24, said where they are given. */
const shortRatesEn = (p: { before: number; after: number }): string => {
  const short = (['before', 'after'] as const).filter((x) => p[x] < 1);
  if (short.length === 0) return '';
  return ` A period shorter than an hour (${short.map((x) => `${x} ${periodLength(p[x])}`).join(', ')}) counts as one hour: `
    + `${short.length === 1 ? 'its' : 'their'} rates per day are ${short.length === 1 ? 'its' : 'their'} counts times 24, not a day's measure.`;
};
/** "info@example.jp", "info@example.jp and sales@example.jp", "a@x, b@x and c@x". */
/** The overlay charts' counts and x axis, by the hour or (two short logs) by the minute. */
const PER: Record<ChartUnit, string> = { hour: 'per hour', minute: 'per minute' };
const SINCE: Record<ChartUnit, string> = { hour: 'hours counted from the start of each period', minute: 'minutes counted from the start of each period' };
// A serial comma before the last "and" when a name holds one itself ("backscatter, and relay probing and address
// harvesting"), where "backscatter and relay probing and address harvesting" reads as three names.
const andList = (xs: string[]): string => (xs.length <= 1 ? (xs[0] ?? '')
  : `${xs.slice(0, -1).join(', ')}${xs.length > 2 && xs.some((x) => x.includes(' and ')) ? ',' : ''} and ${xs[xs.length - 1]}`);

/**
 * Backscatter's kinds of bounce still made after (StillGoingOn kind `bounces`, keyed by the before finding's evidence
 * key), as the after report's totals count them.
 */
const BOUNCE_KINDS_EN: Record<string, (n: number) => string> = {
  bouncesBouncedThemselves: (n) => `${count(n, 'bounce notification', 'bounce notifications')} to outside addresses that could not be delivered either, `
    + 'their senders forged',
  acceptedThenBounced: (n) => `${count(n, 'recipient', 'recipients')} of inbound mail accepted, then bounced here`,
  devNullDeliveries: (n) => `${count(n, 'delivery', 'deliveries')} into /dev/null`,
};

function bouncesStillEn(items: ReadonlyArray<{ key: string; events: number | null }>): string {
  return `${andList(items.map((x) => BOUNCE_KINDS_EN[x.key]?.(x.events ?? 0) ?? `${x.key} ${num(x.events ?? 0)}`))} after`;
}

/** What of a finding below its threshold still goes on, in a few words (the headline and its verdict share them). */
function stillGoingOnShortEn(p: Pick<StillGoingOnParts, 'rule' | 'kind' | 'list' | 'count' | 'of' | 'events' | 'atLeast'> & { items?: StillGoingOnParts['items'] }): string {
  const events = (one: string, many: string): string => `${p.atLeast ? 'at least ' : ''}${num(p.events)} ${p.events === 1 ? one : many} after`;
  if (p.kind === 'bounces') return bouncesStillEn(p.items ?? []);
  if (p.kind === 'queued') {
    return `${num(p.count)} of the ${num(p.of)} messages queued at the end of the before log are still queued at the end of the after log, `
      + events('deferral', 'deferrals');
  }
  const listed = p.list === 'blocklist-ips.txt' ? 'listed in blocklist-ips.txt' : 'named';
  const one = p.count === 1;
  // Review AK, AK8: being refused is the good outcome; what goes on is that they still probe.
  const doing = p.rule === 'sasl-bruteforce' ? `still ${one ? 'fails' : 'fail'} logins, ${events('failed login', 'failed logins')}`
    : `still ${one ? 'probes' : 'probe'}, ${events('refused probe', 'refused probes')}`;
  return `${num(p.count)} of the ${num(p.of)} IPs the before run ${listed} ${doing}`;
}

const span = (s: { from: string; to: string }): string => `${s.from} to ${s.to}`;
const severity = (s: { before: Severity | null; after: Severity | null }): string => (s.before && s.after && s.before !== s.after
  ? `${s.before} → ${s.after}` : (s.before ?? s.after)!);

/** Why the before run's intruder IPs were not looked for among the Dovecot logins after (MailboxIntruders.why). */
const mailboxUncheckedEn = (why: MailboxUnchecked): string => (why === 'no-table'
  ? 'the after report has no table of them (made by an older version)'
  : why === 'no-dovecot' ? 'the after log has no Dovecot login at all, successful or failed, by anyone (Dovecot may write to its own log file, log_path: give it too)'
  : why === 'capped' ? 'the account logged in from more client IPs than the after report keeps (1,000)'
    : 'the after report lists only some of them (made by an older version, cut at --top; --top 0 lists all)');
/** Review AH, AH2: why receivers-refusing's refusals after were not counted (resolvedAfter's refusalsUncounted). */
const REFUSALS_UNCOUNTED_EN = {
  older: 'the after report has no table of deferral causes (made by an older version: analyze the after log again)',
  cut: 'the after report\'s tables of deferral causes and bounce reasons are cut at --top (--top 0 lists all)',
} as const;
/** Review Q, Q10: what Dovecot's login processes cover (imap-login, pop3-login, submission-login, managesieve-login). */
type ResolvedAfterParts = Parameters<CompareMessages['resolvedAfter']>[0];

/** Languages by their code, as a sentence names them. */
const LANGUAGE_EN: Record<string, string> = { en: 'English', ja: 'Japanese' };

const LOGINS = 'Dovecot logins (IMAP, POP3, submission, ManageSieve)';
const REVERSED = 'the after log is older than the before log (were the two swapped?)';

function mailFlowEn(p: MailFlowParts): string {
  const tail = `bounce rate ${p.bounceRate.after.toFixed(1)}% (before ${p.bounceRate.before.toFixed(1)}%), `
    + `${num(p.stillQueued.after)} still queued at the end (before ${num(p.stillQueued.before)}).`;
  const l = p.leftOut;
  if (l === null) {
    return `Mail flow after: ${p.received.after} messages received per day (before ${p.received.before}), `
      + `${p.delivered.after} recipients delivered per day (before ${p.delivered.before}), ${tail}`;
  }
  // Review AH, AH3: one sentence a side, not one 80-word sentence for the whole paragraph.
  const sides = l.sides.map((s) => `The ${s.side} run's totals also hold the ${count(s.messages, 'message', 'messages')} and `
    + `${count(s.delivered, 'delivered recipient', 'delivered recipients')} that the compromised account`
    + `${s.users.length === 1 ? '' : 's'} ${andList(s.users)} sent `
    + `${s.sinceGuessed ? `after ${s.users.length === 1 ? 'it was' : 'they were'} guessed` : 'in that log'}`
    + (s.bounceNotices > 0 ? `, and ${count(s.bounceNotices, 'delivered bounce notice', 'delivered bounce notices')} answering that mail` : '')
    // Review AK, AK11: "With them, 162 messages …" right after "119 … (before 66.2), 162 recipients …" read as the after run's.
    + `. With them, ${s.side}: ${p.received[s.side]} messages received and ${p.delivered[s.side]} recipients delivered per day.`);
  return `Mail flow after, compromised accounts left out: ${l.received.after} messages received per day (before `
    + `${l.received.before}), ${l.delivered.after} recipients delivered per day (before ${l.delivered.before}). `
    + `${sides.join(' ')} Overall: ${tail}`;
}

function resolvedAfterEn(p: ResolvedAfterParts): string {
  const listedEn = (n: number): string => `the ${num(n)} IPs the before run listed as the intruder's (compromised-ips.txt)`;
  if (p.count === null) {
    if (p.queueIdsChecked != null) return `none of them still queued after (the before run's ${num(p.queueIdsChecked)} abusive queue IDs, queue-delete.txt)`;
    return p.otherCause === true ? 'none of it after: the after run\'s finding of the rule is other accounts\' spam (new)'
      : 'no finding after' + (p.sendingUnknown === undefined ? '' : `; whether ${listedEn(p.sendingUnknown)} still send as it was not checked: ${SENDING_CUT_EN}`)
        + (p.refusalsUncounted === undefined ? '' : `; its refusals after were not counted: ${REFUSALS_UNCOUNTED_EN[p.refusalsUncounted]}`);
  }
  // Review P, P3: what was checked against the before run's intruder IPs, and what could not be (review Q, Q8: said
  // whether or not the sending check was exact; never "no sign of someone else" over a check not made).
  const listed = (n: number): string => `the ${num(n)} IPs the before run listed as the intruder's (compromised-ips.txt)`;
  // Review R, R5: a redacted report keeps the list as pseudonyms; only an older version's left it out. With no mail
  // after, only the logins are left to check.
  const listWhy = p.intrudersUnchecked === 'no-list'
    ? 'the before report lists none (a redacted report made by an older version leaves compromised-ips.txt out: analyze the before log again with the same --redact-key)'
    : 'the before finding lists none (no compromised-ips.txt: every IP that used the account since the guess is also another user\'s, or this server\'s)';
  const notListed = p.intrudersUnchecked === undefined ? ''
    : p.count === 0 ? `; its ${LOGINS} were not checked against the intruder's IPs: ${listWhy}`
      : `; not checked against the intruder's IPs, neither its mail nor its ${LOGINS}: ${listWhy}`;
  const notChecked = typeof p.mailboxChecked === 'string';
  const unchecked = (notChecked ? `; the ${LOGINS} of the IPs the before run listed as the intruder's were not checked: ${mailboxUncheckedEn(p.mailboxChecked as MailboxUnchecked)}` : '')
    // Review AB, F2: an intruder sending a few messages is past the rows of a table cut at --top.
    + (p.sendingUnknown === undefined ? '' : `; whether ${listed(p.sendingUnknown)} still send as it was not checked: ${SENDING_CUT_EN}`);
  const mailboxNone = p.mailboxChecked !== true ? ''
    : p.intrudersChecked != null ? ', and none of them logged in to it through Dovecot (IMAP, POP3, submission, ManageSieve)'
      : p.intrudersListed != null ? `, and none of ${listed(p.intrudersListed)} logged in to it through Dovecot (IMAP, POP3, submission, ManageSieve)` : '';
  if (p.count === 0) {
    const n = p.intrudersChecked ?? p.intrudersListed;
    return 'none after' + (p.mailboxChecked === true && n != null ? `, and none of ${listed(n)} logged in to it through Dovecot (IMAP, POP3, submission, ManageSieve)` : '')
      + unchecked + notListed;
  }
  // The account's mail after the password change: no sign of someone else, not "less spam" (review 19, H1); not
  // claimed when the intruders' IPs could not be checked (review Q, Q8, Q11), and not "in its mail" when its mail was
  // not checked against them either (review R, R5: it read "no sign of someone else in its mail … not checked against
  // the intruder's IPs, neither its mail …").
  // Review AB, F7: not when IPs the before run did not know send as it, nor when its owner's IPs are not all known.
  const why = p.rule !== 'compromised-account' || p.intrudersUnchecked !== undefined || p.sendingUnknown !== undefined
    || p.newSenders !== undefined || p.ownersUnknown === true ? 'below the rule\'s threshold'
    : notChecked ? 'below the rule\'s threshold, no sign of someone else in its mail, but see what was not checked'
      : 'with no sign of someone else at work (below the rule\'s threshold)';
  return `${p.atLeast ? 'at least ' : ''}${num(p.count)}${p.perHour === null ? '' : ` (${p.perHour} per hour)`} after, ${why}`
    + (p.sameRate ? ' only because the after log is shorter: the rate did not drop' : '')
    + (p.intrudersChecked != null ? `, none of it from ${listed(p.intrudersChecked)}` : '')
    + mailboxNone + unchecked + notListed;
}

/** Review AB, F7: the IPs the before run did not know that send as the account after (appended to resolvedAfter). */
function newSendersEn(n: ResolvedAfterParts['newSenders']): string {
  if (n === undefined) return '';
  const more = n.count > n.ips.length ? ` and ${count(n.count - n.ips.length, 'more', 'more')}` : '';
  return `; but ${count(n.count, 'IP', 'IPs')} the before run knew neither as the owner's nor as the intruder's ${n.count === 1 ? 'sends' : 'send'} as it after `
    + `(${n.ips.join(', ')}${more}${n.messages === null ? '' : `: ${count(n.messages, 'message', 'messages')}`}): to check with the owner `
    + '(a new device of theirs, or someone else with the password)'
    // Review AB's rest: the before report names only some of the owner's IPs; these may be its others.
    + (n.owners === undefined ? '' : `; the before report names only ${num(n.owners.known)} of the owner's ${num(n.owners.of)} IPs (the finding `
      + 'its first 5, its Client IPs table those within --top), so some of these may be the owner\'s: analyze the before log again with --top 0 to tell them apart');
}

/**
 * Review AK, AK2 and AK3: the intruder IPs that still connect or fail logins after the fix (appended to resolvedAfter
 * and carriedAfter): how many, which, the logins they failed and as whom; the password holds, the block is missing.
 * `more`: said after IPs of the same list already named as using the account (carriedAfter).
 */
function stillTryingEn(t: IntrudersStillTrying | undefined, of: number, more = false): string {
  if (t === undefined) return '';
  const one = t.count === 1;
  const shown = t.ips.slice(0, 5);
  const ips = `${shown.join(', ')}${t.count > shown.length ? ` and ${count(t.count - shown.length, 'more', 'more')}` : ''}`;
  const users = t.users.length === 0 ? '' : t.usersTried === 1 ? ` as ${t.users[0]}`
    : ` as ${andList([...t.users, ...(t.usersTried > t.users.length ? [count(t.usersTried - t.users.length, 'more user', 'more users')] : [])])}`;
  const all = t.failing === t.count ? (one ? '' : 'all of them ') : `${num(t.failing)} of them `;
  const failed = t.failing === 0 ? ', with no failed login'
    : ` and ${all}failed ${count(t.failedLogins, 'login', 'logins')}${t.failing > 1 && t.usersTried === 1 ? `, all${users}` : users}`;
  return `; but ${t.atLeast ? 'at least ' : ''}${num(t.count)} ${more ? 'more ' : ''}of the ${num(of)} IPs of compromised-ips.txt `
    + `${one ? 'still connects' : 'still connect'} after the fix (${ips})${failed}. `
    // A sentence of its own (review AM's rest: it was the fourth clause joined by a colon), as the Japanese has it.
    + `${t.failing === 0 ? (one ? 'It got no login' : 'They got no login') : 'The new password holds'}, but ${one ? 'this IP is' : 'these IPs are'} not blocked: `
    + 'block the IPs of compromised-ips.txt at the firewall (a first step of the before report) and check that the block is in place'
    + (t.atLeast ? ' (the after report, made by an older version, lists only its first client IPs: analyze the after log again to count them all)' : '');
}

/**
 * Review AK, AK3 (follow-up): the headline's part for the before run's intruder IPs still connecting after, with its
 * leading "; " (HeadlineParts.intrudersConnecting); '' when none.
 */
function intrudersConnectingEn(c: HeadlineParts['intrudersConnecting']): string {
  if (c === undefined || c.count === 0) return '';
  return `; ${c.atLeast ? 'at least ' : ''}${num(c.count)} of the ${num(c.of)} intruder IPs (compromised-ips.txt) `
    + `${c.count === 1 && !c.atLeast ? 'still connects' : 'still connect'} after: block ${c.count === 1 && !c.atLeast ? 'it' : 'them'} at the firewall`;
}

/** Review AB, F6: why an after log this short cannot show that a finding's abuse stopped (appended to resolvedAfter). */
function tooShortEn(t: ResolvedAfterParts['tooShort']): string {
  if (t === undefined) return '';
  const why = t.byPause && t.pauseHours !== null
    ? `in the before run it paused for up to ${hours1(t.pauseHours)} between its events`
    : `at the before rate it would hold about ${t.expected} of them, too few to tell`;
  return `; but the after log covers only ${t.afterHours} h and ${why}: too short to show that it stopped (analyze a longer after log)`;
}

export const compareEn: CompareMessages = {
  lang: 'en',
  defaultTitle: 'Before and after',
  side: { before: 'before', after: 'after' },
  redaction: (domains, fp) => `Both reports are redacted with the same key (fingerprint ${fp}): user names, e-mail local parts${domains ? ', domains' : ''}, IPs and client host names are pseudonyms${domains ? '' : ', domains are not'}.`,
  redactionSchemes: (t) => `cannot compare ${t.beforeName} (pseudonyms of ${t.beforeDigits} hex digits) with ${t.afterName} `
    + `(pseudonyms of ${t.afterDigits} hex digits): they were redacted by different versions, so no user, IP or host `
    + 'name of one matches the other\'s and every one would show as new and gone; analyze both logs again with the same '
    + 'version and the same --redact-key',

  measures: {
    received: 'Messages received',
    delivered: 'Recipients delivered',
    deferred: 'Deferred delivery attempts',
    deferredMessages: 'Messages deferred at least once',
    bounced: 'Recipients bounced or expired',
    bounceRate: 'Bounce rate (of final recipients)',
    rejected: 'SMTP rejects',
    authFailures: 'SASL (SMTP AUTH) failures',
    dovecotLoginFailures: 'IMAP/POP3 login failures',
    stillQueued: 'Still queued at the end of the log',
  },
  leftOut: (label) => `${label}, compromised accounts left out`,
  ruleMeasures: {
    'compromised-account': 'messages sent',
    'sasl-bruteforce': 'failed logins',
    'queue-flood': 'deferred attempts',
    'queue-cleanup': 'abusive messages still queued',
    'queue-deleted': 'legitimate messages deleted with the queue',
    'receivers-refusing': 'refusals',
    // The finding's impact, not its bounce messages (incident.log: 139, of which 105 to outside addresses): bounces to
    // outside addresses + inbound mail bounced after acceptance + deliveries to /dev/null, as rules/backscatter.ts adds them.
    backscatter: 'bounces to outside addresses (with mail bounced after acceptance or sent to /dev/null)',
    'relay-probing': 'rejected probes',
    'open-relay': 'relayed recipients',
    'outbound-port-blocked': 'connection timeouts',
    'server-trouble': 'problem lines',
    impact: 'impact',
  },
  movers: {
    saslUsers: { title: 'SASL users', metric: 'messages submitted' },
    clientIps: { title: 'Client IPs', metric: 'activity: connections, messages, AUTH and IMAP/POP3 failures, rejects' },
    senders: { title: 'Envelope senders', metric: 'messages' },
    localPrograms: { title: 'Local programs (sendmail)', metric: 'recipients at outside domains' },
    recipientDomains: { title: 'Recipient domains', metric: 'recipients' },
    deferralCauses: { title: 'Deferral causes', metric: 'deferred delivery attempts, by receiver and cause' },
    deferralReasons: { title: 'Deferral reasons', metric: 'deferred delivery attempts' },
  },
  ratesNote(p) {
    const rest = 'counts are compared as rates per hour and per day as well as totals, and a finding\'s change is the change of its rate per hour'
      + (p.shortPeriod ? ' (a period shorter than an hour counts as one hour)' : '');
    return p.sameLength
      ? `Both periods are about as long (before ${periodLength(p.before)}, after ${periodLength(p.after)}); ${rest}.`
      : `The periods differ in length (before ${periodLength(p.before)}, after ${periodLength(p.after)}): ${rest}.`;
  },
  orderAfterOlder: (p) => `The after log is older than the before log: were the two swapped? The after period (${span(p.after)}) ends `
    + `${p.touching ? 'when' : 'before'} the before period (${span(p.before)}) starts, so a finding "fixed" here is one the older log `
    + 'does not have yet, not one that a fix removed. Give the earlier log (or its report) as before and the later one as after.'
    + (p.nextYear === undefined ? '' : ` Or is the after log of the next year? Its lines carry no year, and with a report as the before side --year is `
      + `the after log's own: give --year ${p.nextYear}.`),
  orderSame: (p) => `Both runs cover the same period (${span(p.before)}): if they are the same log, this comparison cannot show a fix.`,
  orderOverlapping(p) {
    const min = Math.max(1, Math.round(p.hours * 60));
    const length = p.hours < 1 ? `${min} minute${min === 1 ? '' : 's'}` : hours1(p.hours);
    return `The two periods overlap for ${length} (before ${span(p.before)}, after ${span(p.after)})`
      + (p.afterFirst ? ', and the after period starts first: were the two swapped?'
        : p.holds === true ? ': the after period holds the whole before period and more (an older log copied with it?).' : '.')
      + ' Log lines of that time may be in both runs and are then counted on both sides, which hides part of a change; '
      + 'to show a fix, the after log should start after the before log ends'
      // The same maillog, grown (analyze --baseline, or compare of report directories): how to cut it (review 16).
      + (p.afterFirst ? '.' : `: analyze it with --since "${p.before.to}", or give the log itself to compare, which reads it from there on.`);
  },
  unusable(p) {
    const what = `The ${p.side} ${p.source === 'report' ? 'report' : 'log'}`;
    const why = 'Against it, every finding of the other run would read "fixed" or "new", which says nothing about a fix.';
    if (p.reason === 'no-mail-lines' && p.since !== null) {
      return `${what} has no Postfix/Dovecot line from ${p.since} on (the end of the before period; ${count(p.lines, 'line', 'lines')} `
        + 'read): nothing can be compared. Is it the same log as the before one, or an older one? Give the log written after the fix.';
    }
    if (p.reason === 'no-mail-lines') {
      return `${what} has no dated Postfix/Dovecot line (${count(p.lines, 'line', 'lines')} read): nothing can be compared. `
        + `${why} An empty log (just rotated?) or a file of another kind: give the log that holds the ${p.side} period.`;
    }
    return `${what} is mostly not understood: ${num(p.unparsed)} of the ${count(p.inputLines, 'line', 'lines')} of ${p.path} could not be parsed `
      + `(another log format, or a compressed file of another kind?): nothing can be compared. ${why}`;
  },
  headlineUnusable: (p) => `Nothing can be compared: ${andList(p.sides.map((s) => `the ${s.side} ${s.source === 'report' ? 'report' : 'log'} `
    + (s.reason === 'no-mail-lines' ? 'has no Postfix/Dovecot line' : 'is mostly not understood')))}.`,
  afterCut: (p) => `The after log is analyzed from ${p.since} on, the end of the before period: its ${count(p.lines, 'line', 'lines')} `
    + (p.uncounted === null ? 'before that are left out (they are the before period, counted on the before side; '
      : `before that are left out (they are the before period, but ${p.uncounted.lines === null || p.uncounted.lines === 0
        ? 'some of them may be' : `${p.uncounted.atLeast ? 'at least ' : ''}${num(p.uncounted.lines)} of them are`} from before the before `
        + `run's start, its --since ${p.uncounted.since}, and so counted on neither side; the rest are counted on the before side; `)
    + 'a message that began before is counted as partial).',
  afterCutUnlike: (p) => `The after log is analyzed from ${p.since} on, the end of the before period: its ${count(p.lines, 'line', 'lines')} `
    + 'before that are left out, but they may not be the before period\'s lines: in the '
    + `${count(p.hours, 'hour', 'hours')} of the before period compared, the before run counted ${num(p.beforeLines)} lines and the after log has `
    + `${num(p.afterLines)}, and ${p.alike === 0 ? 'no hour has' : `only ${num(p.alike)} ${p.alike === 1 ? 'hour has' : 'hours have'}`} about as many `
    + '(the same log grown has the same lines hour by hour). Is the after log another server\'s'
    + `${p.host !== null ? `, also named ${p.host}` : ''}? Its lines of that time are then counted on neither side: `
    + 'give the log of the server the before log is from.',
  zonesDiffer: (p) => {
    const zone = (z: string): string => (z === 'local' ? 'carry no UTC offset (classic syslog: the server\'s local time)' : `are in UTC${z}`);
    return `The before log's times ${zone(p.before)} and the after log's ${zone(p.after)}: the two periods cannot be placed against each other, `
      + 'so they are compared as written'
      + (p.afterLogs ? ', and the after log was analyzed whole, not cut at the end of the before period: check that it does not repeat lines of the before log' : '')
      + '. Write both logs with the same time format for an exact comparison.';
  },
  olderBeforeOffsets: (p) => `The before report was written by an older version from a log whose UTC offsets change (${p.offsets.join(', ')}): `
    + 'its times are wall clocks as written and its period ends at the latest of them, not at the last line, so '
    + (p.afterCut ? 'the end of the before period and the cut of the after log at it' : 'the end of the before period and the order of the two periods')
    + ' may be off by the change. Analyze the before log again with this version and compare the new report (or give the before log itself as BEFORE).',
  optionsDiffer: (p) => `The two runs were made with different detection options (before: ${p.before ?? 'none'}; after: ${p.after ?? 'none'}): `
    + 'a finding fixed or new may come from the options, not from the log (an allowed account or IP is never reported, a higher threshold '
    + 'fires later). Analyze both logs with the same options for a comparison of the fix.',
  purgeAfterCut: (p) => `The after log has postsuper deleting ${count(p.deleted, 'message', 'messages')} in bulk that the after run, read from the end `
    + `of the before period on, cannot name (they were queued before it). The before period left ${count(p.queued, 'message', 'messages')} queued`
    + (p.legitimate > 0 ? `, ${num(p.legitimate)} of them legitimate mail of ${andList(p.senders.slice(0, 3))}${p.senders.length > 3 ? ' and others' : ''}: `
      + 'if still queued then, they were lost with the deletion (ask the senders to send again); analyze the whole log to know which'
      : ': "still queued" dropping to the after run\'s is the deletion, not the queue draining') + '.',
  versionsDiffer: (p) => {
    const side = (x: 'before' | 'after'): string => `${x} ${p[x]}${p.noCommit.includes(x) ? ', naming no commit (an older version, or a build outside a git checkout)' : ''}`;
    return `The two reports come from different builds of maillog-forensics: ${side('before')}; ${side('after')}. Rules and their numbers change `
      + 'between builds: a finding fixed or new may come from that. Analyze both logs with one build for a comparison of the fix.';
  },
  languagesDiffer(p) {
    // Review AL, AL3: two sides in one language are "Both reports", not "The before report is in X and The after …".
    const langs = p.sides.map((x) => LANGUAGE_EN[x.lang] ?? x.lang);
    const one = p.sides.length === 1;
    const which = one ? `The ${p.sides[0]!.side} report is in ${langs[0]}`
      : langs[0] === langs[1] ? `Both reports are in ${langs[0]}` : `The before report is in ${langs[0]} and the after report in ${langs[1]}`;
    return `${which}: ${one ? 'its' : 'their'} finding titles and subjects here are as ${one ? 'it' : 'they'} wrote them `
      + `(analyze ${one ? 'it' : 'them'} again with --lang en for English ones).`;
  },
  hostsDiffer: (p) => `The two runs share no host: the before run is of ${andList(p.before)}, the after run of ${andList(p.after)}. `
    + 'Are they logs of the same server? A comparison of two servers says nothing about a fix.',
  headline(p) {
    // Rule names inside the sentence: "password guessing", not "Password guessing".
    const lc = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);
    p = { ...p, reduced: p.reduced.map((r) => ({ ...r, rule: lc(r.rule) })), added: p.added.map(lc), sameRate: p.sameRate.map(lc),
      background: (p.background ?? []).map((b) => ({ ...b, rule: lc(b.rule) })), followUp: (p.followUp ?? []).map(lc), unchecked: (p.unchecked ?? []).map(lc),
      tooShort: (p.tooShort ?? []).map(lc) };
    const c = p.counts;
    const total = c.resolved + c.reduced + c.persisting;
    // Findings at their rule's background and follow-up notes are named apart (review 19): neither is "Improved" nor "Attention".
    const background = p.background ?? [];
    const followUp = p.followUp ?? [];
    const reduced = c.reduced - background.length;
    const added = c.new - followUp.length;
    const stillGoingOn = p.stillGoingOn ?? [];
    let label: string;
    let rest: string;
    if (p.unchanged) {
      label = 'No change';
      rest = `${total === 1 ? 'the finding' : `all ${total} findings`} of the before run ${total === 1 ? 'is' : 'are'} still there at the same rate; no new finding`
        + `${intrudersConnectingEn(p.intrudersConnecting)}.`;
    } else if (total === 0 && c.new === 0) {
      label = 'Nothing to compare';
      rest = 'neither run has a finding.';
    } else {
      const parts: string[] = [];
      const unchecked = p.unchecked ?? [];
      const tooShort = p.tooShort ?? [];
      const newSenders = (p.newSenders ?? []).map(lc);
      // What keeps a finding gone from the after run from being called fixed, as one "but" clause (review AK: each its
      // own "; but" read as a list of contradictions after a count that said "fixed").
      const caveats: string[] = [];
      if (p.sameRate.length > 0) {
        caveats.push(`${p.sameRate.join(', ')} only fell below ${p.sameRate.length === 1 ? 'its rule\'s threshold' : 'their rules\' thresholds'} `
          + `at the same rate per hour, in an after log of ${p.afterHours} h: too short to tell`);
      }
      // Review AB, F6: a slow abuse that paused for longer than the after log covers may not have stopped.
      if (tooShort.length > 0) {
        caveats.push(`the after log covers only ${p.afterHours} h, too short to show that ${andList(tooShort)} stopped (see ${tooShort.length === 1 ? 'its verdict' : 'their verdicts'})`);
      }
      if (newSenders.length > 0) caveats.push(`${andList(newSenders)} is used after from IPs the before run did not know (see its verdict)`);
      // Review Q, Q8, Q11: a resolved account not checked against the before run's intruder IPs is no clean fix.
      if (unchecked.length > 0) caveats.push(`${unchecked.join(', ')} could not be checked against the before run's intruder IPs (see its verdict)`);
      if (total > 0) {
        parts.push(`${c.resolved} of the ${total} finding${total === 1 ? '' : 's'} of the before run `
          + (caveats.length === 0 ? 'fixed' : `no longer found, but ${caveats.join(', and ')}`));
        for (const b of background) {
          // Review AL, AL2: not "the usual guessing" when the after run names a real account it goes for.
          parts.push(`${b.rule} reduced to the background: nobody logged in after, `
            + (b.targeted === undefined ? 'the usual guessing goes on '
              : `but ${num(b.targeted.failures)} of the ${num(b.targeted.of)} failed logins after are for ${b.targeted.name}, a real account `)
            + `(${b.after} failed logins per hour, before ${b.before})`);
        }
        if (reduced > 0) parts.push(`${reduced} reduced (${p.reduced.map((r) => (r.pct === null ? `${r.rule} ${r.severity ?? ''}`.trim() : `${r.rule} -${r.pct}%`)).join(', ')})`);
        // Review: below the threshold but the before run's own IPs (or messages) still at it: not fixed, named apart.
        for (const g of stillGoingOn) parts.push(`${lc(g.name)} below its rule's threshold but still going on (${stillGoingOnShortEn(g)})`);
        if (c.persisting > stillGoingOn.length) parts.push(`${c.persisting - stillGoingOn.length} still there`);
      } else if (caveats.length > 0) parts.push(`but ${caveats.join(', and ')}`);
      parts.push(added === 0 ? 'no new finding' : `${added} new (${p.added.join(', ')})`);
      if (followUp.length > 0) {
        // Not "low": sasl-bruteforce's note of the users' own clients is info (review AN, AN3).
        parts.push(`${followUp.length} follow-up note${followUp.length === 1 ? '' : 's'} of a fixed finding (${followUp.join(', ')}: ${followUp.length === 1 ? 'a note' : 'notes'}, what the fix left to do)`);
      }
      // Review AK, AK3: a block still to make, whatever the label (the password fix holds; the finding keeps its status).
      const connecting = intrudersConnectingEn(p.intrudersConnecting);
      if (connecting !== '') parts.push(connecting.slice(2));
      label = added > 0 ? 'Attention' : c.persisting > 0 ? 'Not fixed' : p.sameRate.length > 0 || unchecked.length > 0 || tooShort.length > 0 || newSenders.length > 0 ? 'Unclear' : reduced > 0 ? 'Improved' : 'Fixed';
      rest = `${parts.join('; ')}.`;
      // Never "Fixed" over a comparison of a newer log with an older one.
      if (p.reversed) return `Check the order: ${REVERSED}; ${rest}`;
    }
    if (p.reversed) return `Check the order: ${REVERSED}; ${label.toLowerCase()}: ${rest}`;
    // Review AB, F3: a report of the same maillog grown holds the before period too, counted on both sides.
    if (p.overlapHours !== undefined) {
      return `Check the periods: they overlap for ${hours1(p.overlapHours)}, whose lines are counted on both sides, so this says little of a fix; `
        + `${label.toLowerCase()}: ${rest}`;
    }
    return `${label}: ${rest}`;
  },
  authOffOnPort25: (p) => `SMTP AUTH on port 25: ${p.failedBefore > 0 ? `${num(p.failedBefore)} failed before, ` : ''}`
    + `${p.failedAfter > 0 ? `${num(p.failedAfter)} failed` : 'none failed'} after, ${num(p.refusedAfter)} refused from ${num(p.refusedIps)} IP${p.refusedIps === 1 ? '' : 's'} `
    + '(AUTH is off there: 503, logged only as auth=0/N on the disconnect lines)'
    + (p.working ? ': the step of turning SMTP AUTH off on port 25 (the password-guessing finding\'s) is in place and working; the bots still try, and are refused.' : '.'),
  newRefusals: (items) => `New after: ${items.map((x) => `${REFUSAL_KIND_WORDS.en[x.kind]} refusals (${num(x.count)}) from ${x.receiver === 'Other receivers' ? 'other receivers' : x.receiver}`).join('; ')}`
    + '. The before run had none; too few for a finding, but worth a look'
    + (items.some((x) => x.kind === 'unauthenticated') ? ': SPF/DKIM/DMARC refusals that start after a change of DNS records mean the records are wrong: check the SPF record, the DKIM key published and the DMARC policy of your domain.' : '.'),
  mailFlow: (p) => mailFlowEn(p) + (p.periodHours === undefined ? '' : shortRatesEn(p.periodHours)) + (p.relayedSpam ?? []).map((r) => ` Not left out: the ${r.side} run's ${count(r.recipients, 'recipient', 'recipients')} `
    + `relayed as spam by ${andList(r.sources)} (open-relay), counted as mail flow in its totals.`).join(''),

  status(status, m, x) {
    const per = m.kind === 'count' ? ' per hour' : '';
    if (x?.followUp === true) return 'Follow-up note';
    if (x?.background === true) return 'Reduced to the background (nobody logged in)';
    if (x?.stillGoingOn === true) return 'Below the threshold (still going on)';
    switch (status) {
      case 'resolved': return m.afterWithoutFinding?.sameRate === true ? 'Unclear (below the threshold at the same rate)'
        : m.afterWithoutFinding?.tooShort !== undefined ? 'Unclear (after log too short)'
          : m.carriedOver?.newSenders !== undefined ? 'Unclear (sent as from IPs not known before)'
            : x?.intrudersUnchecked === true ? 'Unclear (intruder IPs not checked)' : 'Fixed';
      case 'new': return 'New';
      case 'reduced': return x?.bySeverity === true || m.changePct === null ? `Reduced (${x?.severity ? severity(x.severity) : 'severity'})` : `Reduced by ${Math.round(-m.changePct)}%`;
      default:
        if (x?.carried === 'queue-ids') return 'Still there (the same messages still queued)';
        if (x?.carried === 'intruder-ips') return 'Still there, below the rule\'s threshold';
        if (m.changePct === null) return 'Still there';
        // A change that rounds to 0% is no change (review 19, L1: "down 0% per hour" for -0.4%).
        if (Math.round(m.changePct) === 0) return `Still there (no change${per})`;
        return m.changePct > 0 ? `Still there, up ${Math.round(m.changePct)}%${per}` : `Still there, down ${Math.round(-m.changePct)}%${per}`;
    }
  },
  amount: (value, perHour) => (perHour === null ? num(value) : `${num(value)} (${perHour} per hour)`),
  noteMeasures: {
    failedLoginsFromIpsToCheck: 'failed logins of clients that also logged in (an old password?)',
    refusedSenders: 'sender refusals',
    messagesFromOtherIps: 'messages from IPs not known as the owner\'s',
  },
  carriedAfter(p) {
    if (p.kind === 'queue-ids') {
      return `${p.amount} after: ${num(p.count)} of the before run's ${num(p.of)} abusive queue IDs (queue-delete.txt) are still queued `
        + 'at the end of the after log, the same messages';
    }
    const mb = p.mailbox?.checked === true && p.mailbox.count > 0 ? p.mailbox : null;
    const sending = p.sending ?? (mb === null ? p.count : 0);
    const sendsText = `send as it${p.messages === null ? '' : ` (${count(p.messages, 'message', 'messages')})`}`;
    // Review P, P3: the same IPs logging in through Dovecot, named with their logins (review Q, Q10: IMAP and POP3 open
    // the mailbox, submission sends, ManageSieve changes its filters: all take the password).
    // Review U, U3: each protocol of an IP that used several ("1 IMAP, then 50 POP3" read "IMAP 51×").
    const ipText = (x: MailboxNoteIp): string => {
      if (x.logins === null) return `${x.ip} (its logins are beyond the after report's detailed rows)`;
      const p = intruderProtocols(x);
      return p.length === 1 ? `${x.ip} ${p[0]![0].toUpperCase()} ${x.logins}× from ${x.first ?? '?'}`
        : `${x.ip} ${x.logins}× (${p.map(([k, n]) => `${k.toUpperCase()} ${num(n ?? 0)}`).join(', ')}) from ${x.first ?? '?'}`;
    };
    const opens = mb === null ? '' : `log in to it through Dovecot (${mb.atLeast || mb.loginsAtLeast === true ? 'at least ' : ''}${count(mb.logins, 'login', 'logins')}: `
      + mb.ips.slice(0, 5).map(ipText).join(', ')
      + (mb.count > 5 ? ` and ${count(mb.count - 5, 'more IP', 'more IPs')}` : '') + ')';
    const what = mb === null ? `still ${sendsText}` : sending === 0 ? `still ${opens}` : `still use it: ${num(sending)} ${sendsText}, ${num(mb.count)} ${opens}`;
    const sieve = mb !== null && anySieveLogin(mb.ips)
      ? '; a ManageSieve login can change the mailbox\'s Sieve filters (a redirect of its mail): check them' : '';
    // Review Q, Q9: an address that only logs in after the fix may be the owner's own device the before run listed.
    const noFail = p.toCheckUnknown === undefined || p.toCheckUnknown.length === 0 ? 'no mail sent, no failed login' : 'no mail sent, no failed login in the after report\'s tables';
    const check = p.toCheck === undefined || p.toCheck.length === 0 ? ''
      : `; the log cannot tell whether ${p.toCheck.length === 1 ? `${p.toCheck[0]}, which only logs in after the fix (${noFail}), is` : `${p.toCheck.join(', ')}, which only log in after the fix (${noFail}), are`} `
        + 'the owner\'s own (a phone on a carrier\'s shared address first seen after the guess is listed too): to check with the owner'
        + (p.toCheckUnknown === undefined || p.toCheckUnknown.length === 0 ? ''
          : ` (whether ${andList(p.toCheckUnknown)} failed a login after the fix is not known: the after report lists only its first client IPs, --top; --top 0 lists all)`);
    return `${p.amount} after${p.finding ? '' : ', below the rule\'s threshold'}, but ${p.atLeast ? 'at least ' : ''}${num(p.count)} of the ${num(p.of)} IPs `
      + `the before run listed as the intruder's (compromised-ips.txt) ${what}: the password still works for them`
      + check + sieve
      + (p.mailbox?.checked === false ? `; their ${LOGINS} were not checked: ${mailboxUncheckedEn(p.mailbox.why)}` : '')
      + stillTryingEn(p.stillTrying, p.of, true);
  },
  stillGoingOnAfter(p) {
    if (p.kind === 'bounces') {
      return `${p.amount} after, below the rule's threshold, but ${stillGoingOnShortEn(p)}; the same backscatter, still going on below the rule's threshold`;
    }
    const items = p.items.map((x) => (x.events === null ? x.key : `${x.key} ${num(x.events)}×`)).join(', ')
      + (p.more > 0 ? ` and ${count(p.more, p.kind === 'queued' ? 'more message' : 'more IP', p.kind === 'queued' ? 'more messages' : 'more IPs')}` : '');
    const below = p.finding ? ', what the after run calls background guessing' : ', below the rule\'s threshold';
    return `${p.amount} after${below}, but ${stillGoingOnShortEn(p)}: ${items}; the same ${p.kind === 'queued' ? 'messages' : 'attackers'}, `
      + 'still going on below the rule\'s threshold';
  },
  ipsNotKnown(p) {
    // Review AK, AK8: what the tables show first (the IPs in none of their rows), then what that leaves unknown; never
    // "whether they are still refused" (being refused is the good outcome: the question is whether they still probe).
    const listed = p.list === 'blocklist-ips.txt' ? 'listed in blocklist-ips.txt' : 'named';
    const one = p.unknown === 1;
    const doing = p.rule === 'sasl-bruteforce' ? (one ? 'fails logins' : 'fail logins') : one ? 'probes' : 'probe';
    const tables = `the after report's client-IP tables (cut at --top ${num(p.top)})`;
    const where = p.found === 0 && p.unknown === p.of
      ? (p.of === 1 ? `the IP the before run ${listed} is in none of ${tables}` : `none of the ${num(p.of)} IPs the before run ${listed} is in ${tables}`)
      : `${p.found > 0 ? 'the other ' : ''}${num(p.unknown)} of the ${num(p.of)} IPs the before run ${listed} ${one ? 'is' : 'are'} in none of ${tables}`;
    return `${p.complete ? p.after : `${p.after} after`}; ${where}: whether ${one ? 'it' : 'they'} still ${doing} beyond those rows is not known `
      + '(--top 0 lists all, or compare with the after log itself)';
  },
  ipsConnected(p) {
    // Review AK, AK8 follow-up: from an after report holding every client IP (clientIpIndex), said exactly.
    const listed = p.list === 'blocklist-ips.txt' ? 'listed in blocklist-ips.txt' : 'named';
    const what = p.rule === 'sasl-bruteforce' ? 'failing a login' : 'probing';
    const ips = p.of === 1 ? `the IP the before run ${listed}` : `the ${num(p.of)} IPs the before run ${listed}`;
    const where = p.connected === 0 ? (p.of === 1 ? `${ips} did not connect after` : `none of ${ips} connected after`)
      : p.of === 1 ? `${ips} connected after, without ${what}`
        : `${num(p.connected)} of ${ips} connected after, ${p.connected === 1 ? 'without' : 'none of them'} ${what}`;
    return `${p.complete ? p.after : `${p.after} after`}; ${where}`;
  },
  resolvedAfter: (p) => resolvedAfterEn(p) + stillTryingEn(p.stillTrying, p.stillTrying?.of ?? 0) + newSendersEn(p.newSenders) + tooShortEn(p.tooShort),
  about: (name, value) => (value === null ? name : `${name}: ${value}`),
  findingVerdict(p) {
    const head = `${p.statusText}: ${p.about} (${p.rule}, ${severity(p.severity)})`;
    if (p.status === 'resolved' || p.afterComplete === true) return `${head}: ${p.label} ${p.before} before, ${p.after}.`;
    if (p.status === 'new') return `${head}: ${p.label} ${p.after}.`;
    return `${head}: ${p.label} ${p.before} before, ${p.after} after.`;
  },

  md: {
    verdict: 'Verdict',
    warning: 'Warning',
    note: 'Note',
    sideWarning: (side) => `Warning of the ${side} report`,
    periodLabel: { before: 'Before', after: 'After' },
    baselineLabel: { before: 'Baseline (before)', after: 'This run (after)' },
    periodLine: (p) => `- **${p.label}:** ${p.from} to ${p.to} (${p.timezone === 'local' ? 'server local time' : `UTC${p.timezone}`}), ${p.hours} h; `
      + `${num(p.lines)} lines; ${count(p.findings, 'finding', 'findings')}; from the `
      + `${p.kind === 'report' ? 'report' : `log${p.paths.length === 1 ? '' : 's'}`} ${p.paths.join(', ')}.`,
    change: (p) => (p.status === 'resolved' || p.afterComplete === true ? `${p.label}: ${p.before} before, ${p.after}`
      : p.status === 'new' ? `${p.label}: ${p.after}`
        : `${p.label}: ${p.before} before, ${p.after} after`),
    verdictLine: (p) => `- ${p.badge} [${p.severity}] ${p.about} — ${p.change}. \`${p.rule}\``,
    totals: 'Totals side by side',
    totalsHeaders: ['Measure', 'Before', 'After', 'Change', 'Before per day', 'After per day', 'Change of the rate'],
    points: (x) => `${x} pts`,
    ratesLine: (p) => `Rates are per day of each period (before ${periodLength(p.before, 2)}, after ${periodLength(p.after, 2)}).${shortRatesEn(p)} `
      + 'The bounce rate is the share of final recipients that bounced or expired; "still queued" is the queue at the end of each log, compared as is.',
    leftOutLine: (sides) => '"Compromised accounts left out": without the mail of the accounts the "Compromised mail account" finding names, '
      + sides.map((s) => `${s.side}, ${s.accounts.map((x) => `${x.user} (${x.since === null ? 'the whole log' : `since it was guessed, ${x.since}`}: `
        + `${count(x.messages, 'message', 'messages')}, ${count(x.delivered, 'recipient', 'recipients')} delivered`
        + (x.bounceNotices > 0 ? `, ${count(x.bounceNotices, 'bounce notice', 'bounce notices')} answering that mail delivered` : '') + ')').join(', ')}`).join('; ') + '.',
    evidence: 'Evidence',
    logLines: (side) => `Log lines (${side}):`,
    oneSide: (p) => (p.change === null
      ? `- ${p.badge}: ${p.about}; ${p.side}, from ${p.from} to ${p.to}. \`${p.rule}\``
      : `- ${p.badge}: ${p.about} — ${p.change}. \`${p.rule}\`\n- Before: from ${p.from} to ${p.to}; its evidence and log lines are in `
        + `${p.source === 'report' ? 'the before report' : 'the report of the before log (analyze it)'}.`),
    bothSides: (p) => `- ${p.badge}: ${p.about}; compared by ${p.label}${p.perHour ? ' per hour' : ''}. \`${p.rule}\``,
    sideTitle: (p) => `- ${p.side === 'before' ? 'Before' : 'After'}: ${p.title} (${p.from} to ${p.to})`,
    evidenceHeaders: ['Evidence', 'Before', 'After'],
    subjectRow: 'About',
    severityRow: 'Severity',
    group: (which, n) => `${{ resolved: 'Fixed', unclear: 'Unclear', reduced: 'Reduced', stillGoingOn: 'Below the threshold, still going on', persisting: 'Still there', new: 'New' }[which]} (${n})`,
    groupNone: {
      resolved: '_No finding of the before run is fixed._',
      reduced: '_No finding of the before run is reduced._',
      persisting: '_No finding of the before run is still there._',
      new: '_No finding that the before run did not have._',
    },
    movers: 'Top movers',
    moversIntro: 'The biggest changes of the rate per day, up or down ("new": not seen before; "gone": not seen after).',
    moverHeading: (title, metric) => `${title} (${metric})`,
    moverNone: '_No change in the rate per day._',
    moverHeaders: {
      key: 'Key', reason: 'Reason (normalised)', dsn: 'DSN', cause: 'Receiver: cause', code: 'Code', before: 'Before', after: 'After', beforePerDay: 'Before per day',
      afterPerDay: 'After per day', changePerDay: 'Change per day', status: 'Status',
    },
    moverStatus: { new: 'new', gone: 'gone', up: 'up', down: 'down' },
    moverStatusCut: { new: 'not in the before table (cut at --top)', gone: 'not in the after table (cut at --top)' },
    noKey: '(none)',
    approximate: '\\* Missing from one report\'s table, which was cut at `--top`: counted as 0 there, the true count is at most that table\'s last row.',
    charts: 'Charts',
    chartsIntro: 'Before and after on one axis, hours since the start of each period (SVG files next to this file):',
    appendix: 'Appendix',
    inputHeaders: ['Side', 'Input file'],
    generatedBy: (p) => `Generated by ${p.tool} ${p.version} (comparison ${p.comparison}, report schema ${p.schema}; `
      + `reports made by version ${p.before} and ${p.after}).`,
    baseline: 'Compared with the baseline',
    baselineIntro: (paths) => `This run compared with the baseline ${paths}:`,
  },

  html: {
    kicker: 'Mail log forensics · before and after',
    contents: 'Contents',
    periodNote: (hours, lines) => `(${hours} h, ${lines} lines)`,
    tiles: { resolved: 'fixed', unclear: 'unclear', reduced: 'reduced', stillGoingOn: 'below the threshold, still going on', persisting: 'still there', new: 'new' },
  },

  charts: {
    deferred: {
      title: 'Deferred delivery attempts, before and after',
      description: (u) => `Deferred delivery attempts ${PER[u]}, ${SINCE[u]}.`,
      empty: 'No delivery was deferred in either period.',
    },
    authFailures: {
      title: 'Authentication failures, before and after',
      description: (u) => `Failed SMTP AUTH and IMAP/POP3 authentications ${PER[u]}, ${SINCE[u]}.`,
      empty: 'No authentication failed in either period.',
    },
    delivered: {
      title: 'Recipients delivered, before and after',
      description: (u) => `Recipients delivered (status=sent) ${PER[u]}, ${SINCE[u]}.`,
      empty: 'No recipient was delivered in either period.',
    },
    deliveredLegitimate: {
      title: 'Legitimate recipients delivered, before and after',
      description: (u) => `Recipients delivered ${PER[u]} without the mail that compromised accounts sent since they were guessed, as in the `
        + `"compromised accounts left out" rows; that spam is drawn apart (dotted, red). Counted by the ${u} each message arrived, `
        + `${u}s from the start of each period.`,
      empty: 'No recipient was delivered in either period.',
      spam: (side) => `Spam left out, ${side}`,
    },
    deliveredSpamIncluded: {
      title: 'Recipients delivered, before and after, spam included',
      description: (u) => `Recipients delivered (status=sent) ${PER[u]}, ${SINCE[u]}. The compromised `
        + 'accounts\' spam is included: a report made by an older version does not say when it arrived (the "compromised '
        + 'accounts left out" rows leave it out).',
      empty: 'No recipient was delivered in either period.',
    },
    queue: {
      title: 'Queue size, before and after',
      description: (u) => `Messages in the Postfix queue rebuilt from the log, ${SINCE[u]}.`,
      empty: 'The queue was empty throughout both periods.',
    },
    series: (side, h) => `${side === 'before' ? 'Before' : 'After'} (${hours1(h)})`,
    xAxis: (bin, u) => `${u === 'hour' ? 'Hours' : 'Minutes'} since the start of each period${bin === 1 ? '' : ` (${bin}-${u} steps)`}`,
    yCount: (bin, u) => `Count ${PER[u]}${bin === 1 ? '' : ` (average of ${bin}-${u} periods)`}`,
    yQueue: 'Messages in queue',
  },
};
