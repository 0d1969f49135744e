// Line-level counts: everything that can be counted from one line without knowing the message it belongs to
// (rejects, auth failures, delivery attempts, connections). Message-level counts are in messages.ts.

import { countRspamdAction, keepFileVerdict } from './rspamd-file.js';
import { countDkimLine, countMilterDown } from './dkim-signing.js';
import { countAuthVerdict } from './auth-verdicts.js';
import type { Aggregate, ClientIpStats, DomainStats, HourStats, LogEvent, MinuteStats, ReasonStats } from '../types.js';
import type { LineContext } from './context.js';
import { exampleOf } from './context.js';
import { NOTIFICATION_EXAMPLES } from './examples.js';
import { HOUR_MS, bump, newClientIp, newDomain, row } from './create.js';
import { normalizeReason } from './normalize.js';
import { addFailureTime } from './timeline.js';
import { addMailboxLogin } from './mailbox-logins.js';
import { addSenderLoginReject, loginNotOwning } from './sender-login-rejects.js';
import { addSaslUserReject } from './sasl-user-rejects.js';

import { bumpUser } from './user-counts.js';
import { isSmtpService } from './smtp-service.js';
import { authCheckedDomainOf } from './auth-domain.js';
import { ownString } from '../own-string.js';
import { domainOf } from '../parse/fields.js';
import { addSessionProblem, postscreenLabel, smtpdProblemLabel } from './session-problems.js';
import type { DeliveryEvent } from '../parse/postfix/delivery.js';
import { type NextHopCache, addNextHop, newNextHopCache } from './next-hops.js';
import { countLostRcpt } from './refusal-closures.js';
import { type DomainRows, domainRowOf, keepDomainRow, newDomainRows } from './domain-rows.js';


/**
 * The row of client `name`[`ip`] (a ClientAddr's two fields, passed apart: Dovecot's lines name an IP alone, and an
 * object made for the call was garbage on each of them, thirty-eighth session).
 */
export function ipRow(agg: Aggregate, name: string, ip: string, at: number, ctx: LineContext): ClientIpStats {
  // A client gone before smtpd learned its address: "lost connection after CONNECT from unknown[unknown]"
  // (review 7, parsers L8). Its lines are counted; an IP row named "unknown" would be no IP at all.
  if (ip === '' || ip === 'unknown') return newClientIp(name);
  // The table's one cursor: callers use the row for this line only. A new row's key is cut from this line, which
  // the row keeps anyway as its first example: no copy (ownString).
  const r = agg.byClientIp.cursorFor(ip, name);
  // Also when a message fold made the row first (messages.ts): else the example would depend on the split.
  if (r.firstExample === null) r.firstExample = exampleOf(ctx);
  // The name shown for an IP: the smallest non-empty one seen (order-independent, so any split agrees).
  if (name !== '' && (r.name === '' || name < r.name)) r.name = name;
  if (at < r.firstAt) r.firstAt = at;
  if (at > r.lastAt) r.lastAt = at;
  return r;
}

function reason(map: Map<string, ReasonStats>, key: string, dsn: string, at: number, ctx: LineContext, n: number): void {
  const r = map.get(key);
  if (r === undefined) map.set(ownString(key), { count: n, dsn, example: exampleOf(ctx), firstAt: at, lastAt: at });
  else seenAgain(r, at, n);
}

function seenAgain(r: ReasonStats, at: number, n: number): void {
  r.count += n;
  if (at < r.firstAt) r.firstAt = at;
  if (at > r.lastAt) r.lastAt = at;
}

/**
 * Counts one event `n` times (n > 1: an rsyslog "message repeated n times" line of a kind no message record
 * needs, counted at once instead of replayed). `hour` and `minute` are the rows of the line's hour and minute (the
 * scanner keeps them at hand, saving a map lookup per line).
 * `recent` remembers the delivery lines just seen and the raw reason texts seen before (see RecentDeliveries).
 */
export function addEvent(
  agg: Aggregate, ev: LogEvent, at: number, ctx: LineContext, hour: HourStats, minute: MinuteStats, recent: RecentDeliveries, n = 1,
): void {
  const t = agg.totals;
  switch (ev.kind) {
    case 'disconnect':
      // "disconnect from unknown[127.66.6.6] ehlo=1 auth=1/2 mail=1 …": a login succeeded in this session.
      if (ev.authOk > 0 && ev.client.ip !== '') {
        const ip = ipRow(agg, ev.client.name, ev.client.ip, at, ctx);
        if (at < ip.firstAuthOkAt) ip.firstAuthOkAt = at;
        if (ip.firstAuthOk === null) ip.firstAuthOk = exampleOf(ctx);
      }
      return;
    case 'smtpdClient':
      // "53D29160686: client=unknown[127.66.6.6], sasl_method=LOGIN, sasl_username=info@example.jp" is logged at
      // MAIL FROM, so the AUTH that succeeded came before it; the session's "disconnect … auth=1/2" line comes
      // after the message (corpus incident lines 802 and 805; with microsecond stamps they no longer tie), so
      // a login time taken from it falls after the guesser's own first message.
      if (ev.saslUser !== '' && ev.origQueueId === '' && ev.client.ip !== '') {
        const ip = ipRow(agg, ev.client.name, ev.client.ip, at, ctx);
        if (at < ip.firstAuthOkAt) ip.firstAuthOkAt = at;
        if (ip.firstAuthOk === null) ip.firstAuthOk = exampleOf(ctx);
      }
      return;
    case 'connect':
      t.connections += n;
      if (ev.client.ip !== '') ipRow(agg, ev.client.name, ev.client.ip, at, ctx).connections += n;
      return;
    case 'reject': {
      if (ev.action === 'reject' || ev.action === 'milter-reject') {
        t.rejected += n;
        hour.rejected += n;
        minute.rejected += n;
        if (ev.client.ip !== '') {
          const ip = ipRow(agg, ev.client.name, ev.client.ip, at, ctx);
          ip.rejects += n;
          // "554 5.7.1 <a@b>: Relay access denied" ; "550 5.1.1 <x@example.jp>: Recipient address rejected: User unknown in virtual mailbox table"
          if (ev.reason.indexOf('Relay access denied') >= 0) {
            ip.relayDenied += n;
            if (ip.firstRelayDenied === null) ip.firstRelayDenied = exampleOf(ctx);
          } else if (ev.reason.indexOf('User unknown') >= 0 || ev.reason.indexOf('user unknown') >= 0) {
            ip.unknownRecipient += n;
            if (ip.firstUnknownRecipient === null) ip.firstUnknownRecipient = exampleOf(ctx);
          } else {
            // "553 5.7.1 <notice@mufg.jp>: Sender address rejected: not owned by user info@example.jp": this IP
            // logged in as info@example.jp (sender-login-rejects.ts)
            const login = loginNotOwning(ev.reason);
            if (login !== '') addSenderLoginReject(agg.senderLoginRejects, login, ev.client.ip === 'unknown' ? '' : ev.client.ip, ev.from, at, n, ctx.example);
          }
        }
        const code = ev.code !== '' ? ev.code + ' ' : '';
        const group = normalizeReason(code + (ev.dsn !== '' ? ev.dsn + ' ' : '') + ev.reason);
        reason(agg.rejectReasons, group, ev.dsn, at, ctx, n);
        // Postfix ≥ 3.10 names the session's login: "… helo=<pc> sasl_method=LOGIN sasl_username=info@example.jp".
        // Not a refusal of a whole message with a queue ID (a milter's at END-OF-MESSAGE): the login's message, counted
        // as its refusedMessages when its record is folded (refused-messages.ts; review O, S3).
        if (ev.saslUser !== undefined && !(ev.qid !== '' && (ev.stage === 'END-OF-MESSAGE' || ev.stage === 'DATA'))) {
          addSaslUserReject(agg.saslUserRejects, ev.saslUser, ev.client.ip, group, at, n);
        }
      } else if (ev.action === 'reject_warning') t.rejectWarnings += n;
      // header/body DISCARD and HOLD, and the milter's: "4jcV3v58VXzNgMr: milter-discard: END-OF-MESSAGE from
      // localhost[127.0.0.1]: milter triggers DISCARD action; from=<…> to=<…> proto=ESMTP helo=<…>" (the correlator
      // closes the same two discard actions as a whole message)
      else if (ev.action === 'discard' || ev.action === 'milter-discard') t.discarded += n;
      else if (ev.action === 'hold' || ev.action === 'milter-hold') t.held += n;
      return;
    }
    case 'authFailed': {
      t.authFailures += n;
      hour.authFailures += n;
      minute.authFailures += n;
      const ip = ipRow(agg, ev.client.name, ev.client.ip, at, ctx);
      ip.authFailures += n;
      if (isSmtpService(ev.service)) ip.smtpServiceAuthFailures += n;
      loginFailedAt(ip, at);
      if (ip.firstAuthFailure === null) ip.firstAuthFailure = exampleOf(ctx);
      if (ev.user !== '') {
        // A brute force tries the same few hundred names from every IP: each per-IP map shares one copy of a name
        // (172,000 per-IP entries in a worker scanning half of the 1.5 GB benchmark log).
        ip.authUsersTried = bumpUser(ip.authUsersTried, ev.user, n, ctx.shareUser);
      }
      const kind = authFailureKind(ev.reason);
      if (kind === 'credentials') {
        t.authCredentialFailures += n;
        if (ev.user !== '') {
          bump(agg.authFailuresByUser, ev.user, n);
          addFailureTime(agg.loginFailureTimes.smtp, ev.user, at, n);
        }
      } else if (kind === 'server') {
        // "warning: unknown[127.66.215.44]: SASL LOGIN authentication failed: Connection lost to authentication server"
        t.authServerErrors += n;
        ip.authServerErrors += n;
        const span = agg.authServerErrorSpan;
        if (at < span.firstAt) span.firstAt = at;
        if (at > span.lastAt) span.lastAt = at;
        span.example ??= exampleOf(ctx);
        bump(agg.authServerErrorsByHour, Math.floor(at / HOUR_MS), n);
      }
      else t.authMalformed += n;
      bump(agg.authFailureReasons, ev.reason, n); // a handful of texts: normalised when the report is built
      return;
    }
    case 'authAborted': {
      t.authAborted += n;
      bump(agg.authAbortedByHour, Math.floor(at / HOUR_MS), n);
      const ip = ipRow(agg, ev.client.name, ev.client.ip, at, ctx);
      ip.authAborted += n;
      if (isSmtpService(ev.service)) ip.smtpServiceAuthFailures += n;
      loginFailedAt(ip, at);
      return;
    }
    case 'smtpdProblem': {
      // "lost connection after AUTH from unknown[192.0.2.23]", "too many errors after RCPT from …", "warning: non-SMTP
      // command from …" …: per IP by kind, and per hour (session-problems.ts says which count).
      const label = smtpdProblemLabel(ctx.problemLabels, ev.problem, ev.after);
      if (label === null) return;
      t.sessionProblems += n;
      hour.sessionProblems += n;
      if (ev.client.ip !== '') addSessionProblem(ipRow(agg, ev.client.name, ev.client.ip, at, ctx), label, n);
      return;
    }
    case 'postscreen': {
      bump(agg.postscreen, ev.action, n);
      // "PREGREET 11 after 0.1 from [192.0.2.25]:40000: EHLO x\r\n": a verdict against the client, which never
      // reached smtpd (no connect line, no other trace of it).
      const label = postscreenLabel(ev.action);
      if (label === null) return;
      t.sessionProblems += n;
      hour.sessionProblems += n;
      if (ev.ip !== '') addSessionProblem(ipRow(agg, '', ev.ip, at, ctx), label, n);
      return;
    }
    case 'delivery': {
      // byStatus keeps Postfix's status= words: a filter's discard verdict was logged "status=sent" (delivery.ts).
      bump(agg.byStatus, ev.status === 'discarded' ? 'sent' : ev.status, n);
      if (ev.status === 'deferred') {
        t.deferred += n;
        hour.deferred += n;
        minute.deferred += n;
        if (at < agg.firstDeferralAt) agg.firstDeferralAt = at;
        const dom = recipientDomainRow(agg, ev.to, recent);
        dom.deferralAttempts += n;
        const key = cachedReason(agg, agg.deferralReasons, recent.deferral, ev, at, ctx, n);
        noteLastDeferral(dom, at, key);
        countLostRcpt(agg, ev, key, at, ctx, n);
      } else if (ev.status === 'sent') {
        if (ev.filterHop) t.filterHops += n;
        else {
          hour.sent += n;
          minute.sent += n;
        }
        if (ev.agent === 'smtp') {
          if (!ev.filterHop) {
            hour.remoteSent += n;
            addNextHop(agg, ev.to, ev.relay, n, recent.nextHop);
          }
          const open = ev.relay.indexOf('[');
          if (open >= 0) bump(agg.remoteSentIps, ev.relay.slice(open + 1, ev.relay.indexOf(']', open)));
        } else if (ev.reason.indexOf('delivered to file: /dev/null') >= 0) {
          t.devNullDeliveries += n;
          if (agg.devNullExample === null) agg.devNullExample = exampleOf(ctx);
        }
      } else if (ev.status === 'bounced') {
        hour.bounced += n;
        minute.bounced += n;
        if (ev.agent === 'smtp') addNextHop(agg, ev.to, ev.relay, n, recent.nextHop);
        cachedReason(agg, agg.bounceReasons, recent.bounce, ev, at, ctx, n);
      }
      return;
    }
    case 'expired':
      hour.expired += n;
      minute.expired += n;
      return;
    case 'removed':
      t.messagesRemoved += n;
      hour.removed += n;
      minute.removed += n;
      if (ev.by === 'postsuper') {
        const tag = postsuperTag(ctx.text);
        if (tag !== null) bump(agg.postsuperRemovedBy, tag.tag, n);
      }
      return;
    case 'connectFailed':
      t.connectFailures += n;
      bump(agg.connectFailureIps, ev.ip, n);
      if (ev.port === '25' && ev.reason === 'Connection timed out') {
        hour.connectTimeouts25 += n;
        if (at < hour.connectTimeout25FirstAt) hour.connectTimeout25FirstAt = at;
        if (at > hour.connectTimeout25LastAt) hour.connectTimeout25LastAt = at;
        bump(agg.connectTimeoutIps, ev.ip, n);
      }
      // No DSN on a "connect to …:25: Connection refused" line: the DSN slot keeps the port (report: `port`).
      reason(agg.connectFailureReasons, ev.reason, ev.port, at, ctx, n);
      return;
    case 'notification':
      t.notifications += n;
      // Lines come in file order within a range: the first ones are the earliest (merge keeps the first of all).
      if (agg.notificationExamples.length < NOTIFICATION_EXAMPLES) agg.notificationExamples.push(exampleOf(ctx));
      return;
    case 'postsuperSummary':
      if (ev.action === 'Deleted') {
        t.postsuperDeleted += ev.count * n;
        const tag = postsuperTag(ctx.text);
        if (tag !== null && ev.count > 0) {
          agg.queueDeletions.push({ at, host: tag.host, tag: tag.tag, count: ev.count * n, example: exampleOf(ctx) });
        }
      } else if (ev.action === 'Requeued') {
        // "Requeued: 5 messages" (postsuper -r): the admin's queue operation, shown beside the deletions.
        t.postsuperRequeued += ev.count * n;
        const tag = postsuperTag(ctx.text);
        if (tag !== null && ev.count > 0) agg.queueRequeues.push({ at, host: tag.host, count: ev.count * n });
      }
      return;
    case 'daemonProblem':
      reason(agg.daemonProblems, ev.severity + ' ' + ev.daemon + ': ' + normalizeReason(ev.text), '', at, ctx, n);
      // A signer's milter that did not answer: the mail of that minute may have left unsigned (dkim-signing.ts).
      if (ev.text.startsWith('connect to Milter service ') || ev.text.startsWith('milter ')) countMilterDown(agg, ev.text, at, n);
      return;
    case 'dovecotAuthFailed':
      t.dovecotAuthFailures += n;
      hour.dovecotAuthFailures += n;
      bump(agg.dovecotAuthFailuresByUser, ev.user, n);
      if (ev.user !== '') addFailureTime(ev.session ? agg.loginFailureTimes.mailboxDovecot : agg.loginFailureTimes.smtpDovecot, ev.user, at, n);
      if (ev.user !== '' && ev.session) minute.mailboxAuth += n;
      if (ev.ip !== '') bump(agg.dovecotAuthFailuresByIp, ev.ip, n);
      if (ev.session && ev.ip !== '') {
        const ip = ipRow(agg, '', ev.ip, at, ctx);
        ip.mailboxAuthFailures += n;
        mailboxFailed(ip, at, ctx);
        // The name of this IMAP/POP3 attempt, kept apart from the login-process line's (the same session's "auth
        // failed, N attempts" line names it too): which of the two views counts is decided after the scan
        // (mailbox-names.ts), as the per-IP failures take the larger of mailboxLoginFailures and mailboxAuthFailures.
        if (ev.user !== '') ip.mailboxAuthUsersTried = bumpUser(ip.mailboxAuthUsersTried, ev.user, n, ctx.shareUser);
      }
      return;
    case 'dovecotLogin':
      // A login proxy's line and its backend's "Login:" line may both be in the log, for one session: counted apart,
      // and taken together once the whole log is read (mailbox-logins.ts foldProxiedLogins).
      if (ev.backend === '') {
        t.dovecotLogins += n;
        bump(agg.dovecotLoginsByUser, ev.protocol + ' ' + ev.user, n);
      } else {
        bump(agg.dovecotProxyLoginsByUser, ev.protocol + ' ' + ev.user, n);
        const proxies = agg.loginProxies;
        if (ev.lip !== '' && !proxies.addrs.has(ev.lip)) proxies.addrs.add(ownString(ev.lip));
        const had = proxies.backends.get(ev.backend);
        proxies.backends.set(had === undefined ? ownString(ev.backend) : ev.backend, (had ?? 0) + n);
      }
      if (ev.user !== '' && ev.ip !== '') {
        addMailboxLogin(agg.mailboxLogins, ev.user, ev.ip, ev.protocol, at, n, ctx.example, ev.lip, ev.backend, ctx.loginKeys);
      }
      return;
    case 'dovecotProxyRefused': {
      // The proxy checked no password, the backend refused it and logs it itself (review AD). Counted apart, per client
      // IP and user, and taken as those IPs' and users' failed logins once the whole log is read, where the backend's own
      // lines, if read, count the same attempts (proxy-refusals.ts, review AD/Z rest).
      const proxies = agg.loginProxies;
      if (ev.attempts === 0) {
        const had = proxies.refusedBy.get(ev.hostPort);
        proxies.refusedBy.set(had === undefined ? ownString(ev.hostPort) : ev.hostPort, (had ?? 0) + n);
        return;
      }
      const refused = ev.attempts * n;
      proxies.refused += refused;
      if (at < proxies.firstRefusedAt) proxies.firstRefusedAt = at;
      if (at > proxies.lastRefusedAt) proxies.lastRefusedAt = at;
      if (ev.user !== '') {
        addFailureTime(agg.loginFailureTimes.mailboxProxy, ev.user, at, refused);
        minute.mailboxProxy += refused;
      }
      if (ev.ip !== '') {
        let x = proxies.refusedByIp.get(ev.ip);
        if (x === undefined) {
          x = { refused: 0, firstAt: at, lastAt: at, first: exampleOf(ctx), users: null };
          proxies.refusedByIp.set(ownString(ev.ip), x);
        }
        x.refused += refused;
        if (at < x.firstAt) x.firstAt = at;
        if (at > x.lastAt) x.lastAt = at;
        if (ev.user !== '') x.users = bumpUser(x.users, ev.user, refused, ctx.shareUser);
      }
      return;
    }
    case 'dovecotLoginFailed':
      t.dovecotLoginFailures += ev.attempts * n;
      if (ev.user !== '' && ev.attempts > 0) {
        addFailureTime(agg.loginFailureTimes.mailbox, ev.user, at, ev.attempts * n);
        minute.mailboxLogin += ev.attempts * n;
      }
      if (ev.ip !== '') {
        const ip = ipRow(agg, '', ev.ip, at, ctx);
        ip.mailboxLoginFailures += ev.attempts * n;
        mailboxFailed(ip, at, ctx);
        // The names an IMAP/POP3 guesser tries, as for SMTP AUTH above and with the same shared copies: from this
        // line, which the login process writes whatever auth_verbose says ("imap-login: Disconnected: Aborted login by
        // logging out (auth failed, 1 attempts in 2 secs): user=<admin>, method=PLAIN, rip=198.51.100.7, …"); the
        // auth line of the same attempt ("passwd-file(admin,198.51.100.7,<…>): unknown user") is not counted again.
        // A session of N attempts names only the last user it tried: N tries of that name.
        if (ev.user !== '') ip.authUsersTried = bumpUser(ip.authUsersTried, ev.user, ev.attempts * n, ctx.shareUser);
      }
      return;
    case 'dkim':
      // "E184C4E29BF: DKIM-Signature field added (s=mail, d=example.jp)": signed, by its key; a key that failed to load.
      // rspamd's and amavis's verdicts ("…, DKIM_SIGNED(0.00){example.jp:s=dkim;}, …", "…, dkim_new=dkim:example.jp, …").
      if (ev.outcome === 'signed' || ev.outcome === 'key-error' || ev.signer !== undefined) countDkimLine(agg, ev.outcome, ev.detail, ev.signer ?? 'opendkim', ctx.example, n);
      // rspamd's task summary: its action on mail of an authenticated user; a line of its own file joins at the end.
      if (ev.action !== undefined) {
        if (ev.user !== undefined && ev.user !== '' && ev.action !== '') countRspamdAction(agg, ev.user, ev.action, n);
        if (ev.ownFile === true && (ev.outcome === 'signed' || ev.outcome === 'rspamd-unsigned')) {
          const e = keepFileVerdict(agg.dkimSigning, ev.qid, ev.outcome, { file: ctx.file, line: ctx.line, offset: ctx.offset, text: ctx.text });
          if (e !== null) ctx.refs.push(e);
        }
      }
      return;
    case 'authVerdict':
      // "3A10F6: gmail.com pass" (OpenDMARC), "prepend Received-SPF: Pass (mailfrom) …" (policyd-spf).
      countAuthVerdict(agg, ev.check, ev.result, ev.domain, n);
      return;
    default:
      return;
  }
}

/** A failed login of this client at `at` (firstLoginFailureAt). */
function loginFailedAt(ip: ClientIpStats, at: number): void {
  if (at < ip.firstLoginFailureAt) ip.firstLoginFailureAt = at;
}

/** A failed IMAP/POP3 login of this client: its time, and its line if it is the client's first failure. */
function mailboxFailed(ip: ClientIpStats, at: number, ctx: LineContext): void {
  loginFailedAt(ip, at);
  if (ip.firstAuthFailure === null) ip.firstAuthFailure = exampleOf(ctx);
}

/**
 * Per-scan memory of the delivery lines just seen. qmgr works through a destination's queue in one go, so a
 * deferred flood writes the same reason and the same recipient domain on most consecutive lines (measured on
 * the generated incident log: the same raw reason as the previous deferral 70% of the time, the same domain
 * 70%): comparing with the last value costs a string comparison, where a map lookup first hashes the new
 * string (~90 ns for a short one, more for a 150-character reason).
 */
export interface RecentDeliveries {
  deferral: RawReasons;
  bounce: RawReasons;
  /** The byRecipientDomain rows of the recipient domains (as written) counted last (domain-rows.ts). */
  domains: DomainRows<DomainStats>;
  /** The last domain counted in nextHops (next-hops.ts). */
  nextHop: NextHopCache;
}

/** Raw reason text → its group's row, for every distinct raw text (bounded), plus the last one seen. */
interface RawReasons {
  seen: Map<string, RawReason>;
  lastText: string;
  last: RawReason | null;
}

/** A raw text's group and its key, and the domain it names in a failed SPF/DKIM check ("" for nearly all: auth-domain.ts). */
interface RawReason {
  row: ReasonStats;
  key: string;
  authDomain: string;
}

/**
 * A domain's last deferral (DomainStats.lastDeferralAt/Reason): the later line, the greater reason on a tie, whatever
 * the order they come in (a range's lines, then the ranges merged in any order: the same answer for any --jobs).
 */
export function noteLastDeferral(d: DomainStats, at: number, reason: string): void {
  if (at > d.lastDeferralAt || (at === d.lastDeferralAt && reason > d.lastDeferralReason)) {
    d.lastDeferralAt = at;
    d.lastDeferralReason = reason;
  }
}

export function newRecentDeliveries(): RecentDeliveries {
  const raw = (): RawReasons => ({ seen: new Map(), lastText: '', last: null });
  return { deferral: raw(), bounce: raw(), domains: newDomainRows(), nextHop: newNextHopCache() };
}

const RAW_CACHE_MAX = 50_000;

/**
 * Counts a delivery line's raw reason in its normalised group, normalising each distinct raw text once per scan;
 * and the domain it names in a failed SPF/DKIM check in refusedAuthDomains (read once per distinct text too), in
 * refusedAuthForwarded as well when the line is of forwarded mail (orig_to=; an empty-string test on other lines).
 */
/** Counts a delivery line's reason in its group (normalize.ts), and returns the group's key. */
function cachedReason(
  agg: Aggregate, map: Map<string, ReasonStats>, cache: RawReasons, ev: DeliveryEvent, at: number, ctx: LineContext, n: number,
): string {
  const text = ev.reason;
  const dsn = ev.dsn;
  let hit = cache.last !== null && text === cache.lastText ? cache.last : cache.seen.get(text);
  if (hit === undefined) {
    const key = normalizeReason(text);
    let r = map.get(key);
    // Its own copy (a normalised text may be a slice of its line), kept by the map and by the domains' last deferral.
    const own = ownString(key);
    if (r === undefined) {
      r = { count: n, dsn, example: exampleOf(ctx), firstAt: at, lastAt: at };
      map.set(own, r);
    } else seenAgain(r, at, n);
    const authDomain = authCheckedDomainOf(text);
    hit = { row: r, key: own, authDomain: authDomain === '' ? '' : ownString(authDomain) };
    if (cache.seen.size >= RAW_CACHE_MAX) cache.seen.clear();
    cache.seen.set(ownString(text), hit);
  } else seenAgain(hit.row, at, n);
  if (hit.authDomain !== '') {
    bump(agg.refusedAuthDomains, hit.authDomain, n);
    if (ev.origTo !== '') {
      bump(agg.refusedAuthForwarded, hit.authDomain, n);
      bump(agg.refusedAuthForwards, `${ev.origTo} → ${ev.to}`, n);
    }
  }
  // The last text is held as it came (a slice of its line): one line kept alive, replaced on the next miss.
  cache.lastText = text;
  cache.last = hit;
  return hit.key;
}

/** The byRecipientDomain row of a recipient address (domain lower-cased), those of the last domains reused. */
function recipientDomainRow(agg: Aggregate, to: string, recent: RecentDeliveries): DomainStats {
  const at = to.lastIndexOf('@');
  const kept = domainRowOf(recent.domains, to, at);
  if (kept !== null) return kept;
  const r = row(agg.byRecipientDomain, domainOf(to), newDomain);
  keepDomainRow(recent.domains, to, at, r);
  return r;
}

/**
 * What an smtpd "SASL <mech> authentication failed: <reason>" says about the attempt:
 *   "(reason unavailable)", "authentication failure", "UGFzc3dvcmQ6" → a password was tried and was wrong;
 *   "Connection lost to authentication server" → smtpd gave up waiting for the auth server (e.g. Dovecot's
 *   auth penalty under a brute force): server trouble;
 *   "Invalid base64 data in initial response", "Invalid authentication mechanism" → undecodable input.
 */
export function authFailureKind(reason: string): 'credentials' | 'server' | 'malformed' {
  if (reason.startsWith('Connection lost to authentication server') || reason.startsWith('Connection lost to auth')) return 'server';
  if (reason.startsWith('Invalid base64') || reason.startsWith('Invalid authentication') || reason.startsWith('Invalid response')
    || reason.startsWith('malformed')) return 'malformed';
  return 'credentials';
}

/**
 * The host and run of postsuper that wrote a line (rare lines: a regex is fine here).
 * "Nov 28 22:20:49 mail postfix/postsuper[22918]: Deleted: 290 messages" → host "mail", tag "mail postsuper[22918]";
 * "2026-11-28T22:20:49.318+09:00 mail postfix/postsuper[22918]: 4F2A81C0B3: removed" → the same.
 */
const POSTSUPER_TAG = /(\S+) (?:\S+\/)?postsuper\[(\d+)\]: /;

function postsuperTag(line: string): { host: string; tag: string } | null {
  const m = POSTSUPER_TAG.exec(line);
  return m === null ? null : { host: m[1]!, tag: `${m[1]!} postsuper[${m[2]!}]` };
}
