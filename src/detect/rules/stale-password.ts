// Failed logins that are the site's own users, not a guesser: a mail client still using an old password (the normal
// aftermath of a password reset: the compromised-account advice says "their failed logins look like the attack"),
// or users mistyping on a client they share. Review 10, H4: /tmp/r10w/oldpw.log, the corpus healthy log plus 13 IMAP
// failures of yamada@example.jp from 127.0.10.2, which sent 51 messages there after SASL logins of five users and
// opened mailboxes over IMAP:
//   "dovecot: imap-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs):
//    user=<yamada@example.jp>, method=PLAIN, rip=127.0.10.2, lip=127.0.0.1, session=<ZyDm9VVhTbx/AAo0>"
//   "dovecot: imap-login: Login: user=<sato@example.jp>, method=PLAIN, rip=127.0.10.2, lip=127.0.0.1, mpid=21299, …"
// Blocking such an IP cuts an office off IMAP and SMTP.
//
// The order tells them from a guesser (review 11, H1/H2): a client with an old password had logged in from its IP
// before its failures began; a guesser's failures come first and its login, if any, after them. A shared client
// (a webmail on 127.0.0.1, an office NAT: review 11, H4) is seen by its users: several log in from it, and every
// name it failed for logs in from it too. A device whose address keeps changing (a phone behind carrier NAT,
// review 12 H2) never shows one address twice: its addresses are told by their network, their one name, their few
// failures each, the name not under a wide attack, and their pace (roaming-clients.ts).
//
// A device with an old password that never logs in from its address at all (review AN, AN1: /work/review-an-logs/
// office.log, sato@'s phone fails every 10 minutes from 08:00 to 18:50, 71 times, from 203.0.113.77, while sato@
// logs in and sends from the office, 198.51.100.40):
//   "dovecot: auth: passwd-file(sato@example.jp,203.0.113.77,<4vo0T+O78B3CtbCh>): Password mismatch"
//   "dovecot: imap-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs): user=<sato@example.jp>, …, rip=203.0.113.77, …"
// is told by its one name, a real user's, that no one else tries, and by its pace (devicePaceOf, deviceOf). It was a
// HIGH "password guessing" whose first step firewalled sato@'s own phone (and on carrier NAT, other subscribers).

import { countsOf, sumCounts } from '../../aggregate/create.js';
import { userCountsOf } from '../../aggregate/user-counts.js';
import type { Aggregate, ClientIpStats, LoginFailureTimes } from '../../types.js';
import type { RoamingClient } from '../roaming-clients.js';

/**
 * Why the IP is a client of the site's users: it logged in before its first failure ('before'); several users log in
 * from it and every name it failed for does too, or all but one name that no wide attack goes for (an office PC still
 * polling an account since removed, beside users who mistype their own: review 16, the office was blocklisted)
 * ('shared'); it failed a few times for the name it then logged in
 * as, a name no wide attack goes for ('few'); it is this server itself, 127.0.0.1 or ::1, where a webmail or proxy
 * logs in for its users ('this-host': never blocked, whatever it did); it is one of the addresses of a user's own
 * device that changes address, one after another in the network the name had logged in from before ('roaming':
 * roaming-clients.ts); it never logged in, but failed for one real user's name only, a name no one else tries, at a
 * mail client's pace: a device of that user's with an old password ('device': deviceOf, review AN, AN1).
 */
export type StaleReason = 'before' | 'shared' | 'roaming' | 'few' | 'this-host' | 'device';

/** An IP with failed logins that is a client of the site's own users: listed to check, not blocked. */
export interface StaleClient {
  ip: string;
  /** The user names it failed with, sorted; empty when no failure line named one (Postfix before 3.7.8 logs no sasl_username=). */
  names: string[];
  /** Of those, the names that never logged in from it (one at most for 'shared'). */
  strangers: number;
  failures: number;
  /** Users it logged in as: SASL users it sent mail as, and IMAP/POP3 logins, sorted. */
  loggedInAs: string[];
  /** Messages it sent with a login, and its IMAP/POP3 logins. */
  messages: number;
  mailboxLogins: number;
  reason: StaleReason;
  /** 'roaming': the network of the device's addresses ("126.0.0.0/8") and the address the name logged in from there before; '' otherwise. */
  network: string;
  earlierLoginIp: string;
  /** 'device': the usual time between its name's failures (minutes) and their span (hours); 0 otherwise. */
  everyMinutes: number;
  spanHours: number;
}

/** Per IP, over IMAP/POP3 (agg.mailboxLogins is per user): the users who opened a mailbox from it, the logins and the first. */
export interface MailboxLoginsOfIp {
  users: string[];
  logins: number;
  firstAt: number;
  lastAt: number;
}

export function mailboxLoginsByIp(agg: Aggregate): Map<string, MailboxLoginsOfIp> {
  const out = new Map<string, MailboxLoginsOfIp>();
  for (const [user, byIp] of agg.mailboxLogins) {
    for (const [ip, row] of byIp) {
      const r = out.get(ip);
      if (r === undefined) out.set(ip, { users: [user], logins: row.logins, firstAt: row.firstAt, lastAt: row.lastAt });
      else {
        r.users.push(user);
        r.logins += row.logins;
        if (row.firstAt < r.firstAt) r.firstAt = row.firstAt;
        if (row.lastAt > r.lastAt) r.lastAt = row.lastAt;
      }
    }
  }
  return out;
}

/**
 * The IP had logged in (as anyone: SMTP AUTH, or IMAP/POP3 per `mailbox`) before its first failed login: it had a
 * password already, so its failures are a client's (a typo, an old password), never the guess that gave it one.
 * (review 18: a traveller's laptop read the mailbox from the hotel at 03:54, mistyped at 04:23, and its SMTP AUTH at
 * 19:39 dated a "guess" of the account.)
 */
export function loggedInBeforeFailing(r: ClientIpStats, mailbox: MailboxLoginsOfIp | undefined): boolean {
  return Math.min(r.firstAuthOkAt, mailbox?.firstAt ?? Infinity) < r.firstLoginFailureAt;
}

/** A typo's failures at most: one or two tries before the right password. */
const TYPO_FAILURES = 2;

/**
 * A typo, then the user's own client at work: at most TYPO_FAILURES failed logins, from a network (IPv4 /8, IPv6
 * /32: roamingPrefixV4/V6) the user had logged in from before (`homeNetwork`), then mailbox logins as that one user again and
 * again (3 or more) over an hour or more. The phone that mistyped on a new carrier address keeps polling. Even while
 * a wide attack goes for the name, which every public server's published addresses are (review 17, I4: sato@'s
 * phone on a new SoftBank address failed once, logged in and synced all afternoon; it was a CRITICAL mailbox-breach,
 * its address to block, and the data-protection notice). Not a stranger's address that guessed right on its second
 * try and then syncs the mailbox: that is data theft (review 17, L2).
 */
export function typoThenPolling(
  failures: number, logins: { logins: number; firstAt: number; lastAt: number } | undefined, homeNetwork: boolean, logEnd: number,
): boolean {
  if (!homeNetwork || failures > TYPO_FAILURES || logins === undefined || logins.logins < 3) return false;
  const span = logins.lastAt - logins.firstAt;
  if (span >= HOUR) return true;
  // Or polling still going on when the log ends, which an hour of it cannot fit in: logins a poll interval apart (5
  // minutes or more on average: a mail client's schedule, not a download's folder after folder) up to the log's end,
  // the last no more than one and a half intervals before it (review 18: a typo, three 15-minute polls, the log copied
  // 10 minutes later; not 4 logins in 6 minutes and then 18 minutes of silence, a mailbox harvested).
  const interval = span / (logins.logins - 1);
  return interval >= MIN_POLL_INTERVAL && logEnd - logins.lastAt <= 1.5 * interval;
}

const HOUR = 3_600_000;
/** The shortest average time between a polling client's logins (a mail client checks every 5 to 30 minutes). */
const MIN_POLL_INTERVAL = 5 * 60_000;

/**
 * The user names an IP failed with, as far as the log names them (authUsersTried): Postfix's "SASL LOGIN
 * authentication failed: …, sasl_username=yamada@example.jp" and Dovecot's login process "imap-login:
 * Disconnected: … (auth failed, 1 attempts in 2 secs): user=<yamada@example.jp>".
 */
export function namesTriedBy(r: ClientIpStats): ReadonlyMap<string, number> {
  return userCountsOf(r.authUsersTried);
}

/** 127.0.0.1 and ::1: the server's own programs (a webmail, an IMAP proxy) log in from it for their users. */
export function isThisHost(ip: string): boolean {
  return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
}

/** What staleClientOf needs to know of the log as a whole. */
export interface StaleContext {
  /** Failures from one IP, for one name, at which a login after them is a guess that worked (mailbox-breach.minFailuresOneName). */
  minGuessFailures: number;
  /** A name a wide attack goes for (attacked-names.ts): one more IP failing for it, then logging in, is the attack's. */
  isAttacked: (name: string) => boolean;
  /** The addresses of the users' own devices that change address (roaming-clients.ts), by IP. */
  roaming: ReadonlyMap<string, RoamingClient>;
  /** A name whose failures a client polling with a wrong password makes, not a guesser (polledSlowly). */
  slowlyPolled: (name: string) => boolean;
  /** `name` had logged in from `ip`'s network before `before` (roaming-clients.ts loggedInFromNetworkBefore). */
  homeNetworkBefore: (name: string, ip: string, before: number) => boolean;
  /** The log's last time (agg.lastAt): a typo's polling may be cut short by it (typoThenPolling). */
  logEnd: number;
  /**
   * For an IP that never logged in and failed for this one name: the pace of a user's own device with an old password
   * (devicePaceOf), when the name logs in elsewhere in the log, no wide attack goes for it, no other IP that never
   * logged in as it tries it, and no account takeover of it is reported; else null.
   */
  devicePace: (name: string) => DevicePace | null;
}

/** How a name's failures came: the usual time between two of them, and from its first to its last. */
export interface DevicePace {
  everyMinutes: number;
  spanHours: number;
}

/**
 * fail2ban's jail as this tool's own advice sets it up (sasl-bruteforce.ts fail2banJail: `maxretry = 5`, `findtime =
 * 10m`): 5 failures within 10 minutes are a guesser's. A client the jail would never ban is no IP to firewall by hand.
 */
const JAIL_MAX_RETRY = 5;
const JAIL_FIND_TIME = 10 * 60_000;

/** At most one failure every 5 minutes in any clock hour (a timeline kept by the hour past EXACT_TIMES failures). */
const DEVICE_MAX_PER_HOUR = 12;

/**
 * The pace of a mail client polling with a wrong password, over the name's failures in each of its views (SMTP and
 * IMAP/POP3, as Postfix or as Dovecot logs them; fail2ban's `postfix-sasl` and `dovecot` jails count them apart), or
 * null. Precisely (review AN, AN1):
 *  - polledSlowly: from first to last over two hours or more, one failure every 5 minutes or slower on average in the
 *    busiest view (review 16: an office PC polling a removed account every 10 minutes; a mail client checks every 5
 *    to 30 minutes);
 *  - and never a burst: no JAIL_MAX_RETRY failures within JAIL_FIND_TIME in any view (what fail2ban bans), and, for a
 *    view kept by the hour, no hour with more than DEVICE_MAX_PER_HOUR. An average hides a burst: 40 tries in two
 *    minutes and a slow trickle for ten hours average 12 minutes apart, and are a guesser's.
 * office.log: IMAP every 10 minutes, SMTP every 2 hours, 08:00 to 18:50: a device. The corpus incident's 127.66.6.x
 * try info@ 9 seconds apart; review 11 H2's 15 failures within a minute: no device.
 */
export function devicePaceOf(times: LoginFailureTimes, name: string): DevicePace | null {
  if (!polledSlowly(times, name)) return null;
  let first = Infinity;
  let last = -Infinity;
  let busiest: number[] = [];
  let busiestCount = 0;
  for (const view of [times.smtp, times.smtpDovecot, times.mailbox, times.mailboxDovecot, times.mailboxProxy]) {
    const t = view.get(name);
    if (t === undefined) continue;
    if (t.hourly) {
      let n = 0;
      for (const [h, c] of t.counts) {
        if (c > DEVICE_MAX_PER_HOUR) return null;
        first = Math.min(first, h * 60 * MINUTE);
        last = Math.max(last, (h + 1) * 60 * MINUTE);
        n += c;
      }
      if (n > busiestCount) { busiestCount = n; busiest = []; }
      continue;
    }
    const sorted = [...t.times].sort((a, b) => a - b);
    for (let i = 0; i + JAIL_MAX_RETRY - 1 < sorted.length; i++) {
      if (sorted[i + JAIL_MAX_RETRY - 1]! - sorted[i]! < JAIL_FIND_TIME) return null;
    }
    if (sorted.length > 0) { first = Math.min(first, sorted[0]!); last = Math.max(last, sorted[sorted.length - 1]!); }
    if (sorted.length > busiestCount) { busiestCount = sorted.length; busiest = sorted; }
  }
  const span = last - first;
  // The usual gap: the median of the busiest view's (its polling interval), else the average.
  const gaps = busiest.slice(1).map((at, i) => at - busiest[i]!).sort((a, b) => a - b);
  const every = gaps.length > 0 ? gaps[Math.floor(gaps.length / 2)]! : busiestCount > 1 ? span / (busiestCount - 1) : span;
  return { everyMinutes: Math.max(1, Math.round(every / MINUTE)), spanHours: Math.round(span / (6 * MINUTE)) / 10 };
}

/** Fewest failures of a device: two gaps make a pace. */
const DEVICE_MIN_FAILURES = 3;

/**
 * An IP that never logged in as a user's own device with an old password (review AN, AN1), or null: all its failures
 * for one name (ctx.devicePace's tests of that name, and its pace), and its own failures, from the first to its last
 * line (`lastAt`: an IP that never logged in has no lines but its tries' sessions), over two hours or more and one every 5
 * minutes or slower on average (its own count against its own span: the name's timeline mixes every IP's). A guesser
 * as patient, alone on a real name, reads the same: the advice says to block it if the user has no such device.
 */
function deviceOf(ip: string, r: ClientIpStats, failures: number, ctx: StaleContext): StaleClient | null {
  if (failures < DEVICE_MIN_FAILURES) return null;
  const span = r.lastAt - r.firstLoginFailureAt;
  if (!(span >= 120 * MINUTE) || failures > span / (5 * MINUTE) + 1) return null;
  const tried = namesTriedBy(r);
  if (tried.size !== 1) return null;
  const name = [...tried.keys()][0]!;
  const pace = ctx.devicePace(name);
  if (pace === null) return null;
  return {
    ip, names: [name], strangers: 1, failures, loggedInAs: [], messages: 0, mailboxLogins: 0, reason: 'device',
    network: '', earlierLoginIp: '', everyMinutes: pace.everyMinutes, spanHours: pace.spanHours,
  };
}

const MINUTE = 60_000;

/**
 * A name's failed logins spread over two hours or more, one every 5 minutes or slower (in its busiest view of the
 * four: SMTP and IMAP/POP3, as Postfix or as Dovecot logs them): a mail client polling an account that was removed or
 * whose password changed, not a guesser, who tries names by the minute (review 11 H4: an office trying "admin" 12
 * times at once is blocked; review 16: an office PC polling a removed account every 10 minutes is not).
 */
export function polledSlowly(times: LoginFailureTimes, name: string): boolean {
  let first = Infinity;
  let last = -Infinity;
  let most = 0;
  for (const view of [times.smtp, times.smtpDovecot, times.mailbox, times.mailboxDovecot, times.mailboxProxy]) {
    const t = view.get(name);
    if (t === undefined) continue;
    let n = 0;
    if (t.hourly) {
      for (const [h, c] of t.counts) { first = Math.min(first, h * 60 * MINUTE); last = Math.max(last, (h + 1) * 60 * MINUTE); n += c; }
    } else {
      for (const at of t.times) { first = Math.min(first, at); last = Math.max(last, at); }
      n = t.times.length;
    }
    most = Math.max(most, n);
  }
  const span = last - first;
  return span >= 120 * MINUTE && most <= span / (5 * MINUTE) + 1;
}

/**
 * The IP as a client of the site's users (StaleReason), or null: a guesser, or an IP that never logged in.
 * `failures` is the IP's count as the brute-force rule counts it.
 */
export function staleClientOf(
  ip: string, r: ClientIpStats, failures: number, mailbox: MailboxLoginsOfIp | undefined, ctx: StaleContext,
): StaleClient | null {
  const thisHost = isThisHost(ip);
  const roaming = ctx.roaming.get(ip);
  // Most IPs that fail never log in (a botnet's millions): ruled out before anything is built for them, unless they
  // are a device of a user's polling with an old password (deviceOf: its span, a number, rules out most first).
  if (!thisHost && roaming === undefined && r.saslUsers === null && mailbox === undefined && !Number.isFinite(r.firstAuthOkAt)) {
    return deviceOf(ip, r, failures, ctx);
  }
  const tried = namesTriedBy(r);
  const users = new Set<string>(countsOf(r.saslUsers).keys());
  for (const u of mailbox?.users ?? []) users.add(u);
  const firstLoginAt = Math.min(r.firstAuthOkAt, mailbox?.firstAt ?? Infinity);
  const strangers = [...tried.keys()].filter((n) => !users.has(n));
  const everyNameLoggedIn = strangers.length === 0;
  const oneName = tried.size === 0 ? '' : tried.size === 1 ? [...tried.keys()][0]! : null;
  // An office of several users, failing for their own names and one other that no wide attack goes for.
  const officeStale = users.size >= 2 && strangers.length === 1 && !ctx.isAttacked(strangers[0]!) && ctx.slowlyPolled(strangers[0]!);
  const reason: StaleReason | null =
    oneName !== null && firstLoginAt < r.firstLoginFailureAt ? 'before'
      : users.size >= 2 && (everyNameLoggedIn || officeStale) ? 'shared'
        : roaming !== undefined ? 'roaming'
          : oneName !== null && failures < ctx.minGuessFailures && (oneName === '' ? users.size > 0 : users.has(oneName)
            && (!ctx.isAttacked(oneName)
              || (users.size === 1 && typoThenPolling(failures, mailbox, ctx.homeNetworkBefore(oneName, ip, r.firstLoginFailureAt), ctx.logEnd)))) ? 'few'
            : thisHost ? 'this-host' : null;
  if (reason === null) return null;
  return {
    ip, names: [...tried.keys()].sort(), strangers: strangers.length, failures, loggedInAs: [...users].sort(),
    messages: sumCounts(r.saslUsers), mailboxLogins: mailbox?.logins ?? 0, reason,
    network: reason === 'roaming' ? roaming!.network : '', earlierLoginIp: reason === 'roaming' ? roaming!.earlierLoginIp : '',
    everyMinutes: 0, spanHours: 0,
  };
}
