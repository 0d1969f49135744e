// The logins a Dovecot login proxy's backends refused, counted as the client IPs' and users' failed IMAP/POP3 logins
// (review AD/Z rest, item 1). A proxy whose passdb checks no password (nopassword=y) passes every login on; the backend
// checks it and the proxy logs only the session's end, with the client (rip=) and the name (user=):
//   2.3.19.1 "imap-login: Disconnected (proxy dest auth failed): user=<admin@example.jp>, method=PLAIN, rip=198.51.100.7, lip=192.0.2.1, TLS, session=<GKEBFAwQMgDBAgFj>"
//   2.4.1    "imap-login: Login aborted: Connection closed (proxy dest authentication failure, 2/2 successful auths in 9 secs) (proxy_dest_auth_failed): user=<admin@example.jp>, method=PLAIN, rip=198.51.100.7, lip=192.0.2.1, TLS, session=<…>"
// fail2ban's dovecot filter bans on the first shape's rip= the same way (filter.d/dovecot.conf, "proxy dest auth failed").
// A botnet guessing IMAP passwords through such a proxy was invisible to the password-guessing rules: no IP had a
// failure. The scan counts these apart (events.ts: LoginProxies.refusedByIp, LoginFailureTimes.mailboxProxy); here,
// once the log is read, they join the IPs' rows.
//
// When a backend's own log is read too, it counts the same attempts (login-common/client-common.c's "(auth failed, 1
// attempts in 0 secs)" line, auth's "Password mismatch"), under one of two client addresses (dovecot/core
// imap-login/imap-proxy.c proxy_write_id() sends the backend "x-originating-ip", "x-session-id" …, which
// imap-login/client.c client_update_info() takes only from a peer in login_trusted_networks; pop3 and submission
// do the same with XCLIENT):
// - a backend that trusts the proxy logs the client's address: a third view of the same attempts on the same row,
//   so the row takes the larger of its views (as it does of the login process's and auth's, mailbox-names.ts); a
//   client that also guessed straight at a server whose log is read gets the larger, a lower bound;
// - a backend that does not logs the proxy's address as its client (the rip= of its lines, its source address): the
//   proxy would be a guesser of every name. The failures of a row whose IP is an address the proxy's clients reach
//   it on (LoginProxies.addrs, as foldProxiedLogins pairs the logins) are the proxy's own connections up to the
//   refusals its lines count, and go, with the names. Not caught, as for the logins: a proxy that reaches its
//   backends from another address than the one its clients reach (a private source address).
// Per user name, the views are kept apart and the larger counts (timeline.ts loginFailuresUpTo).

import type { Aggregate, ClientIpStats } from '../types.js';
import { isEarlier } from './examples.js';
import { type UserCounts, bumpUser, userCountsOf } from './user-counts.js';

/** Takes a login proxy's refusals into the IPs' failed logins (see above). Once, after foldProxiedLogins and foldMailboxAuthNames. */
export function foldProxyRefusals(agg: Aggregate): void {
  const p = agg.loginProxies;
  if (p.refusedByIp.size === 0) return;
  const byName = new Map<string, number>();
  for (const x of p.refusedByIp.values()) for (const [name, n] of userCountsOf(x.users)) byName.set(name, (byName.get(name) ?? 0) + n);
  for (const addr of [...p.addrs].sort()) {
    const r = agg.byClientIp.get(addr);
    if (r !== undefined && !p.refusedByIp.has(addr)) dropProxyConnections(r, p.refused, byName);
  }
  // In byte order: rows made here are added in the same order whatever the cut.
  for (const ip of [...p.refusedByIp.keys()].sort()) {
    const x = p.refusedByIp.get(ip)!;
    let r = agg.byClientIp.get(ip);
    if (r === undefined) {
      r = agg.byClientIp.rowFor(ip);
      r.firstExample = x.first;
    }
    if (x.firstAt < r.firstAt) r.firstAt = x.firstAt;
    if (x.lastAt > r.lastAt) r.lastAt = x.lastAt;
    if (x.firstAt < r.firstLoginFailureAt) r.firstLoginFailureAt = x.firstAt;
    if (x.first !== null && (r.firstAuthFailure === null || isEarlier(x.first, r.firstAuthFailure))) r.firstAuthFailure = x.first;
    if (x.refused <= Math.max(r.mailboxLoginFailures, r.mailboxAuthFailures)) continue;
    // The proxy's view is the larger: the row's IMAP/POP3 failures and each name's tries are raised to it.
    r.mailboxLoginFailures = x.refused;
    const had = userCountsOf(r.authUsersTried);
    const raise: Array<[string, number]> = [];
    for (const [name, n] of userCountsOf(x.users)) {
      const more = n - (had.get(name) ?? 0);
      if (more > 0) raise.push([name, more]);
    }
    for (const [name, more] of raise) r.authUsersTried = bumpUser(r.authUsersTried, name, more, (s) => s);
  }
}

/**
 * An untrusting backend's failures under the proxy's address: up to the proxy's refusals, from both views, and the
 * names they tried up to the proxy's count of each.
 */
function dropProxyConnections(r: ClientIpStats, refused: number, byName: ReadonlyMap<string, number>): void {
  const failed = Math.max(r.mailboxLoginFailures, r.mailboxAuthFailures);
  if (failed === 0) return;
  const drop = Math.min(failed, refused);
  r.mailboxLoginFailures = Math.max(0, r.mailboxLoginFailures - drop);
  r.mailboxAuthFailures = Math.max(0, r.mailboxAuthFailures - drop);
  let kept: UserCounts | null = null;
  for (const [name, n] of userCountsOf(r.authUsersTried)) {
    const left = n - Math.min(n, byName.get(name) ?? 0);
    if (left > 0) kept = bumpUser(kept, name, left, (s) => s);
  }
  r.authUsersTried = kept;
}
