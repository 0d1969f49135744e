// A client of the Internet that Postfix names inside one of the site's own domains is a host of the site, like one on
// its private addresses (own-network.ts): a company CRM on a public IP relaying its newsletters through
// `permit_mynetworks` (review AO, AO3: list-mynet.log:6302, a mail server delivering for lists.example.org):
//   "54E7516B2B0: client=app1.example.org[198.51.100.80]"
// Postfix writes a name there only when it is forward-confirmed (the PTR's name resolves back to the IP; else
// "unknown"), so an attacker would need an A record in the site's own zone. Its own domains are ownDomains
// (open-relay.ts: the SASL users' and those delivered here), a name in one of them or below it; and the registered
// domain (provider-pool.ts registeredDomain) of a domain delivered here one label below it, that label without digits
// (lists.example.org → example.org; not os3-375-20914.vs.sakura.ne.jp, a rented server's own name whose registered
// domain is its provider's). Under such a parent, a name that looks like a provider's or ISP's generic one (the IP in
// it, a residential word: provider-pool.ts) does not count.

import type { Aggregate } from '../types.js';
import { RESIDENTIAL, registeredDomain } from './provider-pool.js';
import { atOrBelow } from './domain-under.js';

/** The site's own host by its name: the client's name, and the own domain (or its parent) it is inside. */
export interface OwnHostName {
  name: string;
  domain: string;
}

/** The parents of the domains delivered here that count (lists.example.org → example.org; see the header). */
export function ownParentDomains(agg: Aggregate): Set<string> {
  const out = new Set<string>();
  for (const d of agg.localDeliveryDomains.keys()) {
    const parent = registeredDomain(d);
    if (parent === null || parent === d || !d.endsWith(`.${parent}`)) continue;
    const below = d.slice(0, d.length - parent.length - 1);
    if (below.includes('.') || /\d/.test(below)) continue;
    out.add(parent);
  }
  return out;
}

/** The IP's numbers as a name may carry them (198-51-100-80, 80.100.51.198, 198051100080), any separators. */
function carriesIp(name: string, ip: string): boolean {
  const parts = ip.split('.');
  if (parts.length !== 4) return false;
  const digits = name.replace(/[^0-9]+/g, '.');
  const forward = parts.join('.');
  const backward = [...parts].reverse().join('.');
  const padded = parts.map((p) => p.padStart(3, '0')).join('');
  return `.${digits}.`.includes(`.${forward}.`) || `.${digits}.`.includes(`.${backward}.`) || name.replace(/\D/g, '').includes(padded);
}

/**
 * The own domain a client's Postfix name is inside (`own`: ownDomains; `parents`: ownParentDomains), or null: for
 * "unknown", a name outside them, or a generic name under a parent.
 */
export function ownHostName(ip: string, name: string | undefined, own: ReadonlySet<string>, parents: ReadonlySet<string>): OwnHostName | null {
  if (name === undefined || name === '' || name === 'unknown') return null;
  const n = name.toLowerCase().replace(/\.$/, '');
  for (const d of own) if (atOrBelow(n, d)) return { name: n, domain: d };
  if (RESIDENTIAL.test(n) || carriesIp(n, ip)) return null;
  for (const d of parents) if (atOrBelow(n, d) && n !== d) return { name: n, domain: d };
  return null;
}
