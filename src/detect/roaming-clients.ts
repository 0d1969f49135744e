// A user's own device with an old password whose address keeps changing: a phone behind a mobile carrier's NAT
// (review 12, H2: /tmp/r12/phone.log). suzuki@ changes her password at 09:00; her phone, which had logged in that
// morning from 126.201.33.7, syncs every 15 minutes with the old one from a new 126.x address every half hour, 3
// failures a sync, until she types the new password in at 14:12:
//   "dovecot: imap-login: Login: user=<suzuki@example.jp>, method=PLAIN, rip=126.201.33.7, lip=192.0.2.1, mpid=…, TLS, session=<…>"   (08:00)
//   "dovecot: auth: passwd-file(suzuki@example.jp,126.201.158.236,<…>): Password mismatch"
//   "dovecot: imap-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs): user=<suzuki@example.jp>, method=PLAIN, rip=126.201.158.236, lip=192.0.2.1, TLS, session=<…>"
//   "dovecot: imap-login: Login: user=<suzuki@example.jp>, method=PLAIN, rip=126.218.208.248, …"   (14:12)
// Eleven addresses, one name, no address seen twice: the "logged in before its failures" test of stale-password.ts
// cannot see it, and 11 IPs with 63 failures looked like a distributed attack.
//
// The rule, in one sentence: addresses of one network (IPv4 /8, IPv6 /32: a carrier's NAT pool spans many /16s,
// SoftBank's 126.0.0.0/8 whole) that each failed fewer than mailbox-breach.minFailuresOneName (10) times and only for
// one name, which had logged in from that network before their first failure and which no wide attack from other
// addresses goes for, and that came one after another (a new address every 5 minutes or slower on average) are that
// user's own device with an old password, not a guesser. A distributed guesser rotates through addresses seconds
// apart (the corpus incident: 127.66.6.2 … 127.66.6.6 try info@example.jp 9 seconds apart; review 11, H1: 20 IPs try
// suzuki@ 3 seconds apart), from networks the user never logged in from.
//
// The failure cap and the attack test keep a guesser that happens to sit in the user's /8 out (review 13, H4; 118/8
// is shared by Japanese ISPs and CHINANET's 118.112/12). The phone fails at most 6 times per address (3 per
// 15-minute sync) and nothing else tries the name. /tmp/r13/roam-two.log: one patient guesser whose lease changed,
// 118.112.34.9 then 118.122.91.14, 150 failures each, 6 s apart, then the login:
//   "dovecot: imap-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs): user=<suzuki@example.jp>, method=PLAIN, rip=118.112.34.9, lip=192.0.2.1, TLS, session=<…>"
//   "dovecot: imap-login: Login: user=<suzuki@example.jp>, method=PLAIN, rip=118.122.91.14, lip=192.0.2.1, mpid=…, TLS, session=<…>"
// /tmp/r13/roam-wide.log: 36 bot IPs of other networks try suzuki@ 5 times each; 3 more in 118/8 do too, two hours
// apart, and a fourth fails 12 times and logs in. Both were taken for suzuki's phone and their login hidden. The
// attack test leaves out every group that passes the other tests, so one user's phone never makes another's an attack.
// The price: during a wide attack on her name, a user's own phone is counted with the attack.

import { attackedNames, ipFailures, namesLoggedInByIp } from './attacked-names.js';
import { isThisHost } from './rules/stale-password.js';
import { v6ShortText } from '../parse/ip.js';
import type { Aggregate, ClientIpStats } from '../types.js';
import type { RuleContext } from './rule.js';

/** One address of a user's device that changes address. */
export interface RoamingClient {
  /** The one name the address failed with. */
  name: string;
  /** The network its addresses share, in CIDR ("126.0.0.0/8"). */
  network: string;
  /** The address the name logged in from in that network before the first failure of any of them, and when. */
  earlierLoginIp: string;
  earlierLoginAt: number;
  /** How many addresses of the network took turns failing for the name. */
  addresses: number;
}

/** The IPv4 address as a 32-bit number, or null. */
function v4Number(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

/** The IPv6 address as 8 numbers of 16 bits ("::" expanded, an IPv4 tail as two), or null. */
function v6Groups(ip: string): number[] | null {
  const addr = ip.split('%')[0]!;
  const halves = addr.split('::');
  if (halves.length > 2) return null;
  // A dotted IPv4 tail only as the address's last group ("::ffff:192.0.2.1"; not "1.2.3.4::5").
  const groupsOf = (s: string, v4Tail: boolean): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    const parts = s.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (v4Tail && i === parts.length - 1 && p.includes('.')) {
        const v4 = v4Number(p);
        if (v4 === null) return null;
        out.push(Math.floor(v4 / 65536), v4 % 65536);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return null;
    }
    return out;
  };
  const head = groupsOf(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? groupsOf(halves[1]!, true) : [];
  if (head === null || tail === null) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  if (head.length + tail.length > 7) return null;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/** "2001:db8::/32": the groups in the short form (the longest run of two or more zero groups as "::"). */
function v6Text(groups: number[], bits: number): string {
  return `${v6ShortText(groups)}/${bits}`;
}

/**
 * The network of an address in CIDR: its first `v4Bits` bits for IPv4 (an IPv4-mapped IPv6 address counts as
 * IPv4), its first `v6Bits` for IPv6; null for what is no address ("unknown").
 */
export function networkOf(ip: string, v4Bits: number, v6Bits: number): string | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const v4 = v4Number(mapped?.[1] ?? ip);
  if (v4 !== null) {
    const bits = Math.max(0, Math.min(32, v4Bits));
    const size = 2 ** (32 - bits);
    const net = Math.floor(v4 / size) * size;
    return `${[24, 16, 8, 0].map((s) => Math.floor(net / 2 ** s) % 256).join('.')}/${bits}`;
  }
  if (!ip.includes(':')) return null;
  const groups = v6Groups(ip);
  if (groups === null) return null;
  const bits = Math.max(0, Math.min(128, v6Bits));
  const masked = groups.map((g, i) => {
    const keep = Math.max(0, Math.min(16, bits - 16 * i));
    return keep === 0 ? 0 : g - (g % 2 ** (16 - keep));
  });
  return v6Text(masked, bits);
}

/** The one name an IP failed with, or null (none named, or several). */
function onlyName(r: ClientIpStats): string | null {
  const t = r.authUsersTried;
  if (t === null) return null;
  if (t instanceof Map) return t.size === 1 ? [...t.keys()][0]! : null;
  return t.names.length === 1 ? t.names[0]! : null;
}

interface Group {
  name: string;
  network: string;
  /** Per address, its first failed login. */
  ips: Array<[string, number]>;
}

/**
 * The addresses that are a user's own device changing address (the rule above), by IP; --allow-ips and this server
 * itself left out (they are never blocked anyway). One pass over the client IPs: an IP is looked at only when it
 * failed fewer than mailbox-breach.minFailuresOneName times, for exactly one name that logged in somewhere in the log.
 */
/**
 * Worked out once per run: compromised-account, mailbox-breach and sasl-bruteforce each ask, with contexts that
 * share the run's allow-list and thresholds (detect/index.ts).
 */
const computed = new WeakMap<Aggregate, { allowIps: ReadonlySet<string>; thresholds: unknown; clients: Map<string, RoamingClient> }>();

export function roamingClients(agg: Aggregate, ctx: Pick<RuleContext, 'allowIps' | 'threshold'> & { thresholds?: unknown }): Map<string, RoamingClient> {
  const done = computed.get(agg);
  if (done !== undefined && done.allowIps === ctx.allowIps && done.thresholds === ctx.thresholds && ctx.thresholds !== undefined) return done.clients;
  const clients = findRoamingClients(agg, ctx);
  computed.set(agg, { allowIps: ctx.allowIps, thresholds: ctx.thresholds, clients });
  return clients;
}

function findRoamingClients(agg: Aggregate, ctx: Pick<RuleContext, 'allowIps' | 'threshold'>): Map<string, RoamingClient> {
  const v4Bits = ctx.threshold('sasl-bruteforce.roamingPrefixV4');
  const v6Bits = ctx.threshold('sasl-bruteforce.roamingPrefixV6');
  const minGap = ctx.threshold('sasl-bruteforce.roamingMinutesPerAddress') * 60_000;
  // As many failures as mailbox-breach counts a login after them a guess (its 'many') is no phone's sync.
  const maxFailures = ctx.threshold('mailbox-breach.minFailuresOneName');
  const groups = new Map<string, Group>();
  for (const [ip, r] of agg.byClientIp) {
    const failures = ipFailures(r);
    if (failures === 0 || failures >= maxFailures || ctx.allowIps.has(ip) || isThisHost(ip)) continue;
    const name = onlyName(r);
    if (name === null || (!agg.mailboxLogins.has(name) && !agg.bySaslUser.has(name))) continue;
    const network = networkOf(ip, v4Bits, v6Bits);
    if (network === null) continue;
    const key = `${name}\n${network}`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { name, network, ips: [] }));
    g.ips.push([ip, r.firstLoginFailureAt]);
  }
  const candidates: Array<[Group, [string, number]]> = [];
  for (const g of groups.values()) {
    // One address is no address that changes: stale-password.ts's own tests (a login from it before, a few failures) apply.
    if (g.ips.length < 2) continue;
    const starts = g.ips.map(([, t]) => t).sort((a, b) => a - b);
    const first = starts[0]!;
    // One after another: a new address every minGap or slower on average, not a botnet's seconds.
    if ((starts[starts.length - 1]! - first) / (g.ips.length - 1) < minGap) continue;
    const earlier = earliestLoginIn(agg, g.name, g.network, v4Bits, v6Bits, first);
    if (earlier !== null) candidates.push([g, earlier]);
  }
  const out = new Map<string, RoamingClient>();
  if (candidates.length === 0) return out;
  // A name that a wide attack goes for, counted without the candidate groups: their addresses are the attack's.
  const grouped = new Set(candidates.flatMap(([g]) => g.ips.map(([ip]) => ip)));
  const attack = attackedNames(agg, ctx, namesLoggedInByIp(agg), grouped);
  for (const [g, earlier] of candidates) {
    if (attack.isAttacked(g.name)) continue;
    for (const [ip] of g.ips) {
      out.set(ip, { name: g.name, network: g.network, earlierLoginIp: earlier[0], earlierLoginAt: earlier[1], addresses: g.ips.length });
    }
  }
  return out;
}

/** The name's earliest login (IMAP/POP3, or sending mail after SMTP AUTH) from `network` before `before`. */
function earliestLoginIn(agg: Aggregate, name: string, network: string, v4Bits: number, v6Bits: number, before: number): [string, number] | null {
  let best: [string, number] | null = null;
  const consider = (ip: string, at: number): void => {
    if (at >= before || (best !== null && (at > best[1] || (at === best[1] && ip >= best[0])))) return;
    if (networkOf(ip, v4Bits, v6Bits) === network) best = [ip, at];
  };
  for (const [ip, row] of agg.mailboxLogins.get(name) ?? []) consider(ip, row.firstAt);
  for (const [ip, at] of agg.bySaslUser.get(name)?.clientIpFirstAt ?? []) consider(ip, at);
  return best;
}

/**
 * Whether `name` had logged in from `ip`'s network (roamingPrefixV4/V6, as the roaming rule reads it) before `before`:
 * the user's own network, for a typo's exception during a wide attack (stale-password.ts typoThenPolling).
 */
export function loggedInFromNetworkBefore(agg: Aggregate, ctx: Pick<RuleContext, 'threshold'>, name: string, ip: string, before: number): boolean {
  const v4Bits = ctx.threshold('sasl-bruteforce.roamingPrefixV4');
  const v6Bits = ctx.threshold('sasl-bruteforce.roamingPrefixV6');
  const network = networkOf(ip, v4Bits, v6Bits);
  return network !== null && earliestLoginIn(agg, name, network, v4Bits, v6Bits, before) !== null;
}
