// The outside domains that clients of the Internet had relayed here without a login: which of them this server
// relays for (relay_domains of a backup MX or a filtering gateway), and which are other people's, sprayed by an open
// relay's bots. A backup MX relays a handful of domains, from hundreds of senders with a few recipients each, to their
// primary (review 12, L1: mx2 relays example.jp and example-shop.jp, 300 messages to 8 addresses, every one to
// mx1.example.jp). An open relay's bots are handed spam lists sorted by domain, so one bot may relay to gmail.com only,
// 75 addresses none of which comes twice, to Google's MX (review 13, M6). A partner mailing 15 staff at once through
// the backup MX looks like a bot by its count, and not by the rest: the other senders of the domain are many, its 15
// addresses are the staff's, and the mail goes to the same mx1.example.jp as the other domain's (review 14, F5).
//
// The evidence, per domain D (aggregate/next-hops.ts keeps where each domain's mail went and to how many addresses):
//   - shape: at least 3 Internet clients relayed to D and to no other outside domain, and less than half of D's
//     relayed recipients came from clients that relayed 10 or more to it (a backup MX's senders are many, with a few
//     recipients each; a partner's list among them is a part; the bots' counts are all of it);
//   - sprayed: D's final answers were for 100 different addresses or more, and those are at least half of the answers
//     (a domain's staff get mail again and again; bought or harvested lists name each address once);
//   - tied: every next hop D's mail was delivered to (a few addresses, not a big provider's dozens) is a primary of
//     ours: a host on a private address, under a domain of ours or with the shape, or that takes the mail of one of
//     those; that takes mail only for domains relayed here and our own, 10 at most, none sprayed without the shape (a
//     relayhost or smarthost takes every domain's mail).
// D is relayed for when it has the shape or is tied; it is someone else's, an open relay's target even for a client
// that relayed to D alone, when it is sprayed without the shape (then no primary of ours takes its mail: never tied).

import type { Aggregate } from '../types.js';
import { distinctAddresses } from '../aggregate/next-hops.js';
import { ownNetworkClass } from './own-network.js';
import { atOrBelow } from './domain-under.js';

/** The limits above, in one place (the open-relay rule's one-domain path and queue-flood's "own domains" use them). */
export const RELAYED_DOMAIN_LIMITS = {
  /** A client that relayed to this many outside domains or more is no backup MX's sender. */
  maxDomainsPerClient: 2,
  /** One-domain clients a domain needs for the shape. */
  minClients: 3,
  /** Recipients one client relayed to the domain from which it is a heavy sender … */
  heavyClientRecipients: 10,
  /** … and the percentage of the domain's relayed recipients from heavy senders at which it has no backup MX's shape. */
  maxHeavySharePercent: 50,
  /** Distinct addresses of the domain's final answers from which its mail is sprayed … */
  sprayedAddresses: 100,
  /** … when they are at least this percentage of its final answers. */
  sprayedSharePercent: 50,
  /** Domains a primary of ours takes mail for, at most. */
  maxPrimaryDomains: 10,
} as const;

/** What the log shows of one outside domain that Internet clients relayed to without a login. */
export interface RelayedDomain {
  domain: string;
  /** Internet clients that relayed to it, and those that relayed to it alone (no other outside domain). */
  clients: number;
  oneDomainClients: number;
  /** Recipients those clients relayed to it, and those of clients that relayed heavyClientRecipients or more to it. */
  recipients: number;
  heavyRecipients: number;
  /** Its smtp final answers (sent, bounced), about how many different addresses they were for, and their next hops. */
  finals: number;
  addresses: number;
  hosts: string[];
  /** Whether its mail went to more relays (host and IP) than next-hops.ts keeps: a big provider's, never one primary. */
  moreHosts: boolean;
  shape: boolean;
  sprayed: boolean;
  tied: boolean;
  /** Relayed for (shape or tied); someone else's (sprayed without the shape). Neither: the log does not tell. */
  relayedFor: boolean;
  notOurs: boolean;
}

/** "mx1.example.jp[192.0.2.10]:25" → host name and IP (name lower-cased). */
function hostOf(relay: string): { name: string; ip: string } {
  const open = relay.indexOf('[');
  const close = relay.indexOf(']', open);
  return { name: relay.slice(0, open).toLowerCase(), ip: relay.slice(open + 1, close < 0 ? relay.length : close) };
}

/**
 * Every outside domain (not in `own`) that Internet clients relayed to without a login, with its evidence. `own`:
 * the domains the log shows as ours (open-relay.ts ownDomains: SASL users' domains, local deliveries).
 */
export function relayedDomains(agg: Aggregate, own: ReadonlySet<string>): Map<string, RelayedDomain> {
  const L = RELAYED_DOMAIN_LIMITS;
  const out = new Map<string, RelayedDomain>();
  for (const [ip, row] of agg.byClientIp) {
    if (row.unauthRelayDomains === null || ownNetworkClass(ip) !== null) continue;
    const outside = [...row.unauthRelayDomains].filter(([d]) => !own.has(d));
    for (const [d, n] of outside) {
      let r = out.get(d);
      if (r === undefined) {
        const hops = agg.nextHops.get(d);
        const finals = hops?.finals ?? 0;
        const addresses = hops === undefined ? 0 : distinctAddresses(hops);
        r = {
          domain: d, clients: 0, oneDomainClients: 0, recipients: 0, heavyRecipients: 0, finals, addresses,
          hosts: [...new Set((hops?.relays ?? []).map((k) => hostOf(k).name))].sort(), moreHosts: hops?.moreRelays ?? false,
          shape: false, sprayed: addresses >= L.sprayedAddresses && addresses * 100 >= finals * L.sprayedSharePercent,
          tied: false, relayedFor: false, notOurs: false,
        };
        out.set(d, r);
      }
      r.clients++;
      if (outside.length < L.maxDomainsPerClient) r.oneDomainClients++;
      r.recipients += n;
      if (n >= L.heavyClientRecipients) r.heavyRecipients += n;
    }
  }
  if (out.size === 0) return out;
  const anchors = new Set(own);
  for (const r of out.values()) {
    r.shape = r.oneDomainClients >= L.minClients && r.heavyRecipients * 100 < r.recipients * L.maxHeavySharePercent;
    r.notOurs = r.sprayed && !r.shape;
    if (r.shape) anchors.add(r.domain);
  }
  // The next hops of those domains by name: every domain each took mail for, and whether all its addresses are the
  // site's own.
  const hops = new Map<string, { domains: Set<string>; private: boolean }>();
  for (const r of out.values()) for (const name of r.hosts) hops.set(name, { domains: new Set(), private: true });
  for (const [d, row] of agg.nextHops) {
    for (const relay of row.relays) {
      const { name, ip } = hostOf(relay);
      const h = hops.get(name);
      if (h === undefined) continue;
      h.domains.add(d);
      if (ownNetworkClass(ip) === null) h.private = false;
    }
  }
  const primary = (name: string): boolean => {
    const h = hops.get(name);
    if (h === undefined || h.domains.size > L.maxPrimaryDomains) return false;
    if (![...h.domains].every((d) => (out.has(d) && !out.get(d)!.notOurs) || own.has(d))) return false;
    return h.private || [...anchors].some((a) => atOrBelow(name, a)) || [...h.domains].some((d) => anchors.has(d));
  };
  for (const r of out.values()) {
    r.tied = r.hosts.length > 0 && !r.moreHosts && r.hosts.every(primary);
    r.relayedFor = r.shape || r.tied;
  }
  return out;
}

/** The domains this server relays for (relayedDomains: with a backup MX's shape, or tied to a primary of ours). */
export function relayedForDomains(agg: Aggregate, own: ReadonlySet<string>): Set<string> {
  return new Set([...relayedDomains(agg, own).values()].filter((r) => r.relayedFor).map((r) => r.domain));
}
