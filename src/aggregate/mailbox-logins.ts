// Successful IMAP/POP3 logins per user and client IP, so that a finding can tell who opened a mailbox and since
// when: after a password was guessed, a login from an IP the owner never used means someone read the mail
// (samples/incident.log line 1193, "imap-login: Login: user=<info@example.jp>, method=PLAIN,
// rip=177.138.12.246, …", eleven minutes after the guess).
//
// One row per (user, IP) that logged in: only valid credentials make one, so an attack cannot inflate the
// table; a small server has a few per user.
//
// A login proxy and its backend in one log (review R, R6: a central syslog, or a director and its backend on one
// host) log each login twice, with the same session ID when the backend trusts the proxy (login_trusted_networks):
//   "imap-login: proxy(info@example.jp): started proxying to 10.0.0.6:143: user=<info@example.jp>, method=PLAIN, rip=101.82.15.105, lip=10.0.0.5, TLS, session=<pX0bQ8xW2ZvLg1X>"
//   "imap-login: Login: user=<info@example.jp>, method=PLAIN, rip=101.82.15.105, lip=10.0.0.6, mpid=4411, TLS, session=<pX0bQ8xW2ZvLg1X>"
// and counted 4 logins for 2. Pairing the session IDs would hold a set of them per byte range and a rule for the pairs
// a cut separates, and would miss a backend that does not trust the proxy (it gives the session an ID of its own). So
// each (user, IP) counts the two kinds of lines apart, merged as sums, and once the whole log is read its logins are
// the larger count (foldProxiedLogins): every session through the proxy is its proxy line, and again a "Login:" line
// when that backend logs here, so the smaller count is the same sessions. A lower bound only where a client of the pair
// logged in both straight to a backend and through a proxy to a backend that logs elsewhere. Without proxy lines
// nothing changes. The logins per "protocol user" (dovecotLoginsByUser, totals.dovecotLogins) are taken alike.
//
// A backend that does not trust the proxy logs the proxy as its client: "Login: user=<info@example.jp>, …,
// rip=10.0.0.5, lip=10.0.0.6, …", 10.0.0.5 an address a proxy line shows as its lip, 10.0.0.6 a backend a proxy line
// names. Such a line is the proxy connecting to its backend for a session whose proxy line is counted under the real
// client: it is no client login, and 10.0.0.5 would be a client IP of every user. It is dropped, which needs the whole
// log (the proxy's lines may come in any range): each pair keeps its "Login:" lines' lip, one shared address, or a
// count per address when they differ (the server's own few). Not caught: a proxy that reaches its backends from
// another address than the one its clients reach (a public lip, a private source address), and a backend named by a
// host name in the passdb (host=imap1.example.jp): that address stays a client of every user, as before. A pair that
// keeps some of its lines keeps the first and last time and the example of all of them.

import type { Aggregate, Example, MailboxLoginRow } from '../types.js';
import { isEarlier } from './examples.js';
import { ownString } from '../own-string.js';

/**
 * Counts `n` logins of `user` from `ip` at `at`: "Login:" lines to the address `lip`, or a login proxy's lines
 * (`proxied`); `example` is made only for the first login of the pair; `share` keeps `lip` (one copy for all rows).
 */
export function addMailboxLogin(
  logins: Map<string, Map<string, MailboxLoginRow>>, user: string, ip: string, protocol: string, at: number, n: number,
  example: () => Example, proxied = false, lip = '', share: (s: string) => string = ownString,
): void {
  let byIp = logins.get(user);
  if (byIp === undefined) {
    byIp = new Map();
    logins.set(ownString(user), byIp);
  }
  const row = byIp.get(ip);
  if (row === undefined) {
    byIp.set(ownString(ip), {
      logins: proxied ? 0 : n, proxied: proxied ? n : 0, lips: proxied ? '' : share(lip), firstAt: at, lastAt: at,
      protocol: ownString(protocol), example: example(),
    });
    return;
  }
  if (proxied) row.proxied += n;
  else {
    addLips(row, lip, n, share);
    row.logins += n;
  }
  if (at < row.firstAt) row.firstAt = at;
  if (at > row.lastAt) row.lastAt = at;
}

/** Adds `n` "Login:" lines to `lip` to the row's addresses (before its `logins` are raised). */
function addLips(row: MailboxLoginRow, lip: string, n: number, share: (s: string) => string): void {
  const l = row.lips;
  if (row.logins === 0) row.lips = share(lip);
  else if (typeof l === 'string') {
    if (l !== lip) row.lips = new Map([[l, row.logins], [share(lip), n]]);
  } else {
    const had = l.get(lip);
    l.set(had === undefined ? share(lip) : lip, (had ?? 0) + n);
  }
}

function keep(s: string): string {
  return s;
}

/** Merges b into a (b is consumed): the same rows whatever the split of the log. */
export function mergeMailboxLogins(
  a: Map<string, Map<string, MailboxLoginRow>>, b: Map<string, Map<string, MailboxLoginRow>>,
): void {
  for (const [user, byIpB] of b) {
    const byIpA = a.get(user);
    if (byIpA === undefined) { a.set(user, byIpB); continue; }
    for (const [ip, rb] of byIpB) {
      const ra = byIpA.get(ip);
      if (ra === undefined) { byIpA.set(ip, rb); continue; }
      if (rb.logins > 0) {
        for (const [lip, n] of typeof rb.lips === 'string' ? [[rb.lips, rb.logins] as const] : rb.lips) {
          addLips(ra, lip, n, keep);
          ra.logins += n;
        }
      }
      ra.proxied += rb.proxied;
      ra.firstAt = Math.min(ra.firstAt, rb.firstAt);
      ra.lastAt = Math.max(ra.lastAt, rb.lastAt);
      // The earliest line stands for the pair, with its protocol.
      if (rb.example !== null && (ra.example === null || isEarlier(rb.example, ra.example))) {
        ra.example = rb.example;
        ra.protocol = rb.protocol;
      }
    }
  }
}

/** "Login:" lines of a row whose address (`lip`) is one of `backends`. */
function toBackends(r: MailboxLoginRow, backends: ReadonlySet<string>): number {
  if (typeof r.lips === 'string') return backends.has(r.lips) ? r.logins : 0;
  let n = 0;
  for (const [lip, k] of r.lips) if (backends.has(lip)) n += k;
  return n;
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Takes a login proxy's lines and its backends' together (see the top of this file), once, on the merged aggregate,
 * before the rules read it: each pair's logins become the larger of its "Login:" lines and its proxy lines, less the
 * "Login:" lines of a proxy's own address to a backend it names; a pair left without logins goes. The lines so taken
 * out are taken out of the user's logins per protocol (dovecotLoginsByUser, which holds both kinds of lines from
 * then on) and of totals.dovecotLogins: each from a protocol with lines of both kinds, in byte order (a user's
 * duplicates are of one protocol, but for a client that goes through the proxy with two). Nothing changes in a log
 * without proxy lines.
 */
export function foldProxiedLogins(agg: Aggregate): void {
  const proxied = agg.dovecotProxyLoginsByUser;
  if (proxied.size === 0) return;
  const { addrs, backends } = agg.loginProxies;
  const twice = new Map<string, number>();
  for (const [user, byIp] of agg.mailboxLogins) {
    let n = 0;
    for (const [ip, r] of byIp) {
      const direct = r.logins > 0 && addrs.has(ip) ? r.logins - toBackends(r, backends) : r.logins;
      const logins = Math.max(direct, r.proxied);
      n += r.logins + r.proxied - logins;
      r.logins = logins;
      r.proxied = 0;
      if (logins === 0) byIp.delete(ip);
    }
    if (n > 0) twice.set(user, n);
    if (byIp.size === 0) agg.mailboxLogins.delete(user);
  }
  // Keys are "protocol user" (the protocol has no space); in byte order, as the merged map's order depends on the cut.
  for (const k of [...proxied.keys()].sort(byText)) {
    const p = proxied.get(k)!;
    const direct = agg.dovecotLoginsByUser.get(k) ?? 0;
    const user = k.slice(k.indexOf(' ') + 1);
    const left = twice.get(user) ?? 0;
    const cut = Math.min(left, direct, p);
    if (cut > 0) twice.set(user, left - cut);
    agg.dovecotLoginsByUser.set(k, direct + p - cut);
    agg.totals.dovecotLogins += p - cut;
  }
  proxied.clear();
}
