// One provider's pool of sending addresses: a SaaS (CRM, booking, invoicing) that logs in as a company address
// from its cloud egress IPs, not a botnet. A botnet's machines are strangers' home routers and PCs spread over the
// world's networks; a service's pool sits in few networks and its addresses resolve under one domain:
//   connect from ec2-3-112-10-20.ap-northeast-1.compute.amazonaws.com[3.112.10.20]
//   connect from 9.80.198.104.bc.googleusercontent.com[104.198.80.9]
// (review 16, E4: a CRM's 30 AWS addresses sending invoices as billing@, one recipient each, read as a stolen
// password with the advice to block the pool).

import type { Aggregate } from '../types.js';
import { networkOf } from './roaming-clients.js';

export interface ProviderPool {
  /** The domain the pool's addresses resolve under (amazonaws.com), or null when only their networks tell. */
  domain: string | null;
  /** The IPs under that domain, or in the pool's networks (all of them). */
  ips: number;
  /** All the IPs. */
  total: number;
  /** The distinct /16 networks (IPv6: /32) of all the IPs. */
  networks: number;
}

/** This share of the IPs or more under one domain make a pool (a few of a service's IPs may lack a name). */
const NAMED_SHARE = 0.8;
/** At least this many IPs per /16 network on average make a pool: a botnet's IPs are nearly one per network. */
const IPS_PER_NETWORK = 3;

/**
 * Words of residential (dial-up, DSL, cable, fibre) reverse names: a botnet in one ISP's customer range also
 * resolves under one domain (p5b0c1234.dip0.t-ipconnect.de, 123-45-67-89.dynamic.163data.com.cn,
 * c-73-1-2-3.hsd1.ca.comcast.net, p1234-ipngn5601tokyo.ocn.ne.jp, softbank126012034056.bbtec.net).
 */
export const RESIDENTIAL = /(?:^|[.-])(?:dyn|dynamic|dynamicip|dip\d*|dsl|adsl|xdsl|vdsl|cable|catv|dhcp|ppp|pppoe|pool|broadband|bb|bbtec|fttx|ftth|fios|cpe|res|residential|customer|cust|client|home|user|mobile|wireless|3g|4g|lte|hsd\d*|p\d+-ipngn\d*\w*)(?:[.-]|\d|$)/i;

/** Second-level labels under a country code that are public suffixes themselves (example.co.jp, isp.com.cn). */
const GENERIC_SECOND = new Set(['co', 'com', 'ne', 'net', 'or', 'org', 'ac', 'ad', 'go', 'gr', 'ed', 'edu', 'gov', 'lg', 'ltd', 'plc']);

/** The domain a reverse name is registered under: compute.amazonaws.com → amazonaws.com, x.isp.co.jp → isp.co.jp. */
export function registeredDomain(name: string): string | null {
  const labels = name.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length < 2 || labels.some((l) => l === '')) return null;
  const last = labels[labels.length - 1]!;
  if (/^\d+$/.test(last)) return null;
  const second = labels[labels.length - 2]!;
  const take = last.length === 2 && GENERIC_SECOND.has(second) && labels.length >= 3 ? 3 : 2;
  return labels.slice(-take).join('.');
}

/**
 * Whether `ips` look like one provider's sending pool: NAMED_SHARE of them resolve (Postfix's verified client name,
 * not "unknown") under one registered domain with no residential word, or as many have such names (of a few
 * providers) and they crowd into few /16 networks (IPv6: /48).
 */
export function providerPool(agg: Aggregate, ips: readonly string[]): ProviderPool | null {
  if (ips.length === 0) return null;
  const networks = new Set<string>();
  const byDomain = new Map<string, number>();
  let named = 0;
  for (const ip of ips) {
    // IPv6: a /48 is one site's, as a /16 holds one provider's few blocks (a /32 is a whole ISP).
    networks.add(networkOf(ip, 16, 48) ?? ip);
    const name = agg.byClientIp.get(ip)?.name ?? 'unknown';
    if (name === 'unknown' || RESIDENTIAL.test(name)) continue;
    const domain = registeredDomain(name);
    if (domain === null) continue;
    named++;
    byDomain.set(domain, (byDomain.get(domain) ?? 0) + 1);
  }
  let top: [string, number] | null = null;
  for (const [d, n] of byDomain) if (top === null || n > top[1] || (n === top[1] && d < top[0])) top = [d, n];
  if (top !== null && top[1] >= NAMED_SHARE * ips.length) return { domain: top[0], ips: top[1], total: ips.length, networks: networks.size };
  // Few networks alone are no pool: a botnet of one ISP's routers crowds into few /16s too (review 17, L1). A
  // service's servers have names, if of two or three providers.
  if (named >= NAMED_SHARE * ips.length && networks.size * IPS_PER_NETWORK <= ips.length) {
    return { domain: null, ips: ips.length, total: ips.length, networks: networks.size };
  }
  return null;
}
