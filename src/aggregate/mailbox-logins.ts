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
// and counted 4 logins for 2. A backend that does not trust the proxy logs the proxy as its client, under a session ID
// of its own (review T's p5-untrusted-plus-direct.log):
//   "imap-login: Login: user=<info@example.jp>, method=PLAIN, rip=10.0.0.5, lip=10.0.0.6, mpid=4411, TLS, session=<Qa1bQ8xW2ZvLg1A>"
// Pairing session IDs would hold a set of them per byte range and a rule for the pairs a cut separates, and misses the
// untrusting backend. So each (user, IP) row counts its lines by kind and by what they name, merged as sums: "Login:"
// lines per protocol and lip (the address the client reached), a proxy's lines per protocol, lip (the proxy's
// address, X) and the backend they name (b). Once the whole log is read (foldProxiedLogins), with the same counts
// however it was cut:
//
// 1. Each proxied session of a user through X to b is logged by b, when b logs here, either under the client's row
//    ("Login:" at lip b, b trusting X) or under X's row ("Login:" with rip X at lip b, b untrusting X). Per pair (X, b)
//    the log says which: A, the lines in X's rows at lip b, for each user and protocol no more than that user's proxy
//    lines through X to b, against T, the lines at lip b in the clients' rows, in each row no more than its proxy lines
//    through X to b. An untrusting b gives A = every proxied session and T only the clients that also logged in to b
//    straight; a trusting b T = every proxied session and A only logins made from X's own address (a webmail or
//    imapsync on the proxy node, Roundcube logging in anew on each request). b untrusts X when A > T. A tie is read as
//    trusting: for an untrusting b it needs every proxied client to have logged in straight to b as often as through
//    X (its count is then the larger of the two, low, and X stays a client), for a trusting b every proxied user to
//    have logged in from X's address as often (Roundcube's case), where reading it as untrusting would count every
//    proxied session twice. A pair that gave A or T shows that b logs here under the name the proxy lines give it (an
//    address; a host name in the passdb, host=imap1.example.jp, never matches a lip).
// 2. In X's row, the lines at lip b of an untrusting pair are the proxy's own connections up to the user's proxy lines
//    through X to b, per protocol: dropped (X would be a client of every user). Those beyond are logins made from X's
//    own address, kept as such (review T, F5: the cluster node's webmail users, rip=192.0.2.10, lip=192.0.2.20). Not
//    caught: a proxy that reaches its backends from another address than the one its clients reach (a public lip, a
//    private source address): that address stays a client, as before.
// 3. In a client's row, per protocol (imap-login's lines pair with imap-login's only, review T, F4: IMAP through a
//    director, POP3 straight to a server of its own): proxy lines through an untrusting pair, and "Login:" lines at a
//    backend seen in 1 that none of the row's other proxy lines name, are sessions of their own and add up (F4: 3
//    proxied and 2 straight to the untrusting backend are 5); the other proxy lines and "Login:" lines may be one
//    session twice and count as the larger of the two. That larger count is a lower bound only for a client that
//    logged in both through a proxy and straight to a server the log never shows as a backend (one that logs
//    elsewhere, or named by host name, or behind NAT where the lip is not the address proxied to): adding would
//    double every session of a trusting backend that the log cannot match to its name.
// A row left without logins goes; one that keeps some keeps the first and last time and the example of all its lines.
// The logins per "protocol user" (dovecotLoginsByUser, totals.dovecotLogins) lose the same lines, so the rows of a
// user add up to them (less the lines without a rip=). Without proxy lines nothing changes.

import type { Aggregate, Example, MailboxLoginRow } from '../types.js';
import { isEarlier } from './examples.js';
import { ownString } from '../own-string.js';

/** A row's lines of one kind by key (MailboxLoginRow.lips, .others, .via): one key for all, or a count per key. */
type Keyed = string | Map<string, number>;

/** The key of "Login:" lines ("protocol lip") or of a proxy's lines ("protocol lip backend", `backend` not ''). */
function keyOf(protocol: string, lip: string, backend: string): string {
  return backend === '' ? protocol + ' ' + lip : protocol + ' ' + lip + ' ' + backend;
}

/**
 * `k` is keyOf(protocol, lip, backend), read in place: no string made for a row's usual one key, on every login line
 * (no part holds a space: the length, the spaces and the parts at their places decide).
 */
function isKey(k: string, protocol: string, lip: string, backend: string): boolean {
  const p = protocol.length;
  const l = p + 1 + lip.length;
  if (backend === '') return k.length === l && k.endsWith(lip) && k.charCodeAt(p) === 32 && k.startsWith(protocol);
  return k.length === l + 1 + backend.length && k.endsWith(backend) && k.charCodeAt(l) === 32 && k.startsWith(lip, p + 1)
    && k.charCodeAt(p) === 32 && k.startsWith(protocol);
}

/**
 * Makes the rows' keys: `share` keeps a new one (one copy for all rows); the last few made (`recent`: the server's few
 * addresses and protocols) are handed out again for a line with the same parts, without a string made or looked up (a
 * new row's POP3 or proxy line, or a line of a row that keeps a count per key).
 */
export interface LoginKeys {
  share: (s: string) => string;
  recent: string[];
  next: number;
}

const RECENT_KEYS = 8;

export function newLoginKeys(share: (s: string) => string = ownString): LoginKeys {
  return { share, recent: [], next: 0 };
}

function keyFor(keys: LoginKeys, protocol: string, lip: string, backend: string): string {
  const recent = keys.recent;
  for (let i = 0; i < recent.length; i++) if (isKey(recent[i]!, protocol, lip, backend)) return recent[i]!;
  const k = keys.share(keyOf(protocol, lip, backend));
  if (recent.length < RECENT_KEYS) recent.push(k);
  else {
    recent[keys.next] = k;
    keys.next = (keys.next + 1) % RECENT_KEYS;
  }
  return k;
}

/** `cur` (`had` lines, 0: none) with `n` lines of key `k` more; `share` keeps a new key (one copy for all rows). */
function addKey(cur: Keyed, had: number, k: string, n: number, share: (s: string) => string): Keyed {
  if (had === 0) return share(k);
  if (typeof cur === 'string') return cur === k ? cur : new Map([[cur, had], [share(k), n]]);
  const h = cur.get(k);
  cur.set(h === undefined ? share(k) : k, (h ?? 0) + n);
  return cur;
}

/**
 * Counts `n` logins of `user` from `ip` at `at`: "Login:" lines to the address `lip`, or, when `backend` is not '', a
 * login proxy's lines reached on `lip` and naming `backend`; `example` is made only for the first login of the pair;
 * `keys` makes the keys of their counts (LoginKeys).
 */
export function addMailboxLogin(
  logins: Map<string, Map<string, MailboxLoginRow>>, user: string, ip: string, protocol: string, at: number, n: number,
  example: () => Example, lip = '', backend = '', keys: LoginKeys = newLoginKeys(),
): void {
  let byIp = logins.get(user);
  if (byIp === undefined) {
    byIp = new Map();
    logins.set(ownString(user), byIp);
  }
  const proxied = backend !== '';
  const row = byIp.get(ip);
  if (row === undefined) {
    const other = !proxied && protocol !== 'imap';
    byIp.set(ownString(ip), {
      logins: proxied ? 0 : n, lips: proxied ? '' : keys.share(lip), others: other ? keyFor(keys, protocol, lip, '') : '', othersN: other ? n : 0,
      proxied: proxied ? n : 0, via: proxied ? keyFor(keys, protocol, lip, backend) : '', firstAt: at, lastAt: at,
      protocol: ownString(protocol), example: example(),
    });
    return;
  }
  if (proxied) {
    const v = row.via;
    if (row.proxied === 0 || typeof v !== 'string' || !isKey(v, protocol, lip, backend)) row.via = addKey(v, row.proxied, keyFor(keys, protocol, lip, backend), n, keep);
    row.proxied += n;
  } else {
    // As before review T: every "Login:" line by its lip; those of another protocol than IMAP by both, apart.
    const l = row.lips;
    if (row.logins === 0 || typeof l !== 'string' || l !== lip) row.lips = addKey(l, row.logins, lip, n, keys.share);
    row.logins += n;
    if (protocol !== 'imap') {
      const o = row.others;
      if (row.othersN === 0 || typeof o !== 'string' || !isKey(o, protocol, lip, '')) row.others = addKey(o, row.othersN, keyFor(keys, protocol, lip, ''), n, keep);
      row.othersN += n;
    }
  }
  if (at < row.firstAt) row.firstAt = at;
  if (at > row.lastAt) row.lastAt = at;
}

function keep(s: string): string {
  return s;
}

/** The (key, lines) of `k` holding `total` lines. */
function entriesOf(k: Keyed, total: number): Iterable<readonly [string, number]> {
  return typeof k === 'string' ? (total > 0 ? [[k, total] as const] : []) : k;
}

/** A row's "Login:" lines by "protocol lip" (its IMAP lines: those of the lip less the other protocols' there). */
function loginLinesOf(r: MailboxLoginRow): Map<string, number> {
  const imap = new Map<string, number>(entriesOf(r.lips, r.logins));
  const out = new Map<string, number>();
  for (const [k, n] of entriesOf(r.others, r.othersN)) {
    out.set(k, n);
    const lip = k.slice(k.indexOf(' ') + 1);
    imap.set(lip, imap.get(lip)! - n);
  }
  for (const [lip, n] of imap) if (n > 0) out.set('imap ' + lip, n);
  return out;
}

/**
 * A row's logins per protocol ("imap", "pop3", "submission", "managesieve"), adding up to `logins`: its lines of
 * another protocol than IMAP by `others` (summed over their lips), IMAP the rest (review U, U3: `protocol` is the
 * earliest login's only, and a user with 1 IMAP login, then 50 POP3 ones from one IP read "IMAP 51×"). Read from
 * the counts the scan keeps anyway (no state of its own, merged as they are: sums), after foldProxiedLogins, which
 * leaves them as the pair's logins per protocol. Keys in the order of the first line of each kind met.
 */
export function loginProtocols(r: MailboxLoginRow): Map<string, number> {
  const out = new Map<string, number>();
  const imap = r.logins - r.othersN;
  if (imap > 0) out.set('imap', imap);
  for (const [k, n] of entriesOf(r.others, r.othersN)) bump(out, k.slice(0, k.indexOf(' ')), n);
  return out;
}

/**
 * A row's protocols for a finding's evidence: "imap" for one, "pop3 50 + imap 1" for several (most first, then by
 * name): an intruder IP whose first session was IMAP and which then pulled the mailbox over POP3 is no "imap, 51×".
 */
export function loginProtocolsText(r: MailboxLoginRow): string {
  const p = [...loginProtocols(r)].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return p.length <= 1 ? r.protocol : p.map(([k, n]) => `${k} ${n}`).join(' + ');
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
      for (const [k, n] of entriesOf(rb.lips, rb.logins)) {
        ra.lips = addKey(ra.lips, ra.logins, k, n, keep);
        ra.logins += n;
      }
      for (const [k, n] of entriesOf(rb.others, rb.othersN)) {
        ra.others = addKey(ra.others, ra.othersN, k, n, keep);
        ra.othersN += n;
      }
      for (const [k, n] of entriesOf(rb.via, rb.proxied)) {
        ra.via = addKey(ra.via, ra.proxied, k, n, keep);
        ra.proxied += n;
      }
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

function bump(m: Map<string, number>, k: string, n: number): void {
  m.set(k, (m.get(k) ?? 0) + n);
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One protocol's lines of a row, as steps 2 and 3 at the top of this file sort them. */
interface Sorted {
  /** Proxy lines through an untrusting pair (sessions of their own). */
  untrusted: number;
  /** The other proxy lines, and the backends they name. */
  proxy: number;
  names: string[];
  /** "Login:" lines: sessions of their own; that may be the proxy lines' sessions again; a proxy's own connections. */
  apart: number;
  paired: number;
  own: number;
}

function sortedOf(m: Map<string, Sorted>, protocol: string): Sorted {
  let s = m.get(protocol);
  if (s === undefined) m.set(protocol, s = { untrusted: 0, proxy: 0, names: [], apart: 0, paired: 0, own: 0 });
  return s;
}

/**
 * Takes a login proxy's lines and its backends' together (see the top of this file), once, on the merged aggregate,
 * before the rules read it: each pair's logins become its sessions as counted there, a pair left without logins goes,
 * and the lines so taken out are taken out of the user's logins per protocol (dovecotLoginsByUser, which holds both
 * kinds of lines from then on) and of totals.dovecotLogins. Nothing changes in a log without proxy lines. A row taken
 * so keeps its logins per protocol in `others` and `othersN` (loginProtocols), its `lips` one key '' for all.
 */
export function foldProxiedLogins(agg: Aggregate): void {
  const proxied = agg.dovecotProxyLoginsByUser;
  if (proxied.size === 0) return;
  const addrs = agg.loginProxies.addrs;
  // Step 1: per user, the proxy lines by "protocol X b"; per pair "X b", A (fromProxy) and T (fromClients).
  const sessions = new Map<string, Map<string, number>>();
  const fromProxy = new Map<string, number>();
  const fromClients = new Map<string, number>();
  for (const [user, byIp] of agg.mailboxLogins) {
    let s: Map<string, number> | undefined;
    for (const r of byIp.values()) {
      if (r.proxied === 0) continue;
      s ??= new Map();
      const lines = r.logins === 0 ? null : loginLinesOf(r);
      for (const [k, n] of entriesOf(r.via, r.proxied)) {
        bump(s, k, n);
        const a = k.indexOf(' ');
        const b = k.indexOf(' ', a + 1);
        // A trusting backend's "Login:" line is at lip b, or at lip X when the proxy sent its ID (review AD/Z rest:
        // imap-login/client.c client_update_info() takes "x-connected-ip", the address the client reached the proxy on,
        // from a trusted peer, as it takes "x-originating-ip" for rip=; imap-proxy.c proxy_write_id() sends both).
        const l = lines === null ? 0 : (lines.get(k.slice(0, a) + k.slice(b)) ?? 0) || (lines.get(k.slice(0, b)) ?? 0);
        if (l > 0) bump(fromClients, k.slice(a + 1), Math.min(l, n));
      }
    }
    if (s === undefined) continue;
    sessions.set(user, s);
    for (const [ip, r] of byIp) {
      if (r.logins === 0 || !addrs.has(ip)) continue;
      for (const [k, n] of loginLinesOf(r)) {
        const a = k.indexOf(' ');
        const through = s.get(k.slice(0, a) + ' ' + ip + k.slice(a));
        if (through !== undefined) bump(fromProxy, ip + k.slice(a), Math.min(n, through));
      }
    }
  }
  const untrusting = new Set<string>();
  const known = new Set<string>();
  for (const [pair, a] of fromProxy) {
    if (a > (fromClients.get(pair) ?? 0)) untrusting.add(pair);
    known.add(pair.slice(pair.indexOf(' ') + 1));
  }
  for (const pair of fromClients.keys()) known.add(pair.slice(pair.indexOf(' ') + 1));
  // The backends that log here: their refusals of the proxy's logins are counted from their own lines (run.ts).
  for (const b of known) agg.loginProxies.logging.add(b);
  // Steps 2 and 3, for the users with proxy lines (the others' rows have nothing to pair).
  const removed = new Map<string, number>();
  const byProtocol = new Map<string, Sorted>();
  for (const [user, s] of sessions) {
    const byIp = agg.mailboxLogins.get(user)!;
    for (const [ip, r] of byIp) {
      const mayOwn = r.logins > 0 && addrs.has(ip);
      if (r.proxied === 0 && !mayOwn) continue;
      byProtocol.clear();
      for (const [k, n] of entriesOf(r.via, r.proxied)) {
        const a = k.indexOf(' ');
        const x = sortedOf(byProtocol, k.slice(0, a));
        if (untrusting.has(k.slice(a + 1))) x.untrusted += n;
        else {
          x.proxy += n;
          x.names.push(k.slice(k.indexOf(' ', a + 1) + 1));
        }
      }
      for (const [k, lines] of r.logins === 0 ? [] : loginLinesOf(r)) {
        const a = k.indexOf(' ');
        const protocol = k.slice(0, a);
        const lip = k.slice(a + 1);
        const x = sortedOf(byProtocol, protocol);
        let n = lines;
        if (mayOwn && untrusting.has(ip + ' ' + lip)) {
          const dropped = Math.min(n, s.get(protocol + ' ' + ip + ' ' + lip) ?? 0);
          x.own += dropped;
          n -= dropped;
        }
        if (known.has(lip) && !x.names.includes(lip)) x.apart += n;
        else x.paired += n;
      }
      // The pair's logins, and those of another protocol than IMAP by "protocol " (no lip) as loginProtocols reads them.
      let logins = 0;
      let others: Keyed = '';
      let othersN = 0;
      for (const [protocol, x] of byProtocol) {
        const both = Math.min(x.paired, x.proxy);
        const n = x.apart + x.untrusted + x.paired + x.proxy - both;
        logins += n;
        if (protocol !== 'imap' && n > 0) {
          others = addKey(others, othersN, protocol + ' ', n, keep);
          othersN += n;
        }
        if (x.own + both > 0) bump(removed, protocol + ' ' + user, x.own + both);
      }
      r.logins = logins;
      r.lips = '';
      r.others = others;
      r.othersN = othersN;
      r.proxied = 0;
      r.via = '';
      if (logins === 0) byIp.delete(ip);
    }
    if (byIp.size === 0) agg.mailboxLogins.delete(user);
  }
  // Keys are "protocol user" (the protocol has no space); in byte order, as the merged map's order depends on the cut.
  for (const k of [...proxied.keys()].sort(byText)) {
    const p = proxied.get(k)! - (removed.get(k) ?? 0);
    agg.dovecotLoginsByUser.set(k, (agg.dovecotLoginsByUser.get(k) ?? 0) + p);
    agg.totals.dovecotLogins += p;
  }
  proxied.clear();
}
