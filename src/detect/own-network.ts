// Addresses the Internet cannot reach: loopback, RFC 1918 private, link-local and IPv6 unique-local (RFC 4193).
// A client on one of these is the server itself (a web application, Mailman or a monitoring script submitting on
// localhost) or a host of the site's own network (an office's printers and servers): Postfix relays for them
// through `permit_mynetworks`, and that is a smarthost, not an open relay (review 10, H3):
//   "A1B2C3: client=printer1.office.lan[10.1.2.10]"      "A1B2C3: client=localhost[127.0.0.1]"
// Carrier-grade NAT (100.64.0.0/10) and the documentation ranges (192.0.2.0/24 …) count as the Internet: the
// first holds other customers of an ISP, the second stands for the Internet in examples and tests.

import { isIP } from 'node:net';

export type OwnNetworkClass = 'loopback' | 'private' | 'link-local' | 'unique-local';

/** The four numbers of an IPv4 address (also the IPv4 inside "::ffff:10.1.2.3"), or null. */
function ipv4Parts(ip: string): number[] | null {
  const v4 = ip.toLowerCase().startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  if (isIP(v4) !== 4) return null;
  return v4.split('.').map(Number);
}

/** The eight 16-bit groups of an IPv6 address, or null ("fd12::1" → [0xfd12, 0, 0, 0, 0, 0, 0, 1]). */
function ipv6Groups(ip: string): number[] | null {
  if (isIP(ip) !== 6) return null;
  let text = ip.toLowerCase();
  const pct = text.indexOf('%');
  if (pct >= 0) text = text.slice(0, pct);
  // A trailing IPv4 ("::ffff:10.1.2.3") is two groups.
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.indexOf('.') >= 0) {
    const p = tail.split('.').map(Number);
    text = text.slice(0, lastColon + 1) + ((p[0]! << 8) | p[1]!).toString(16) + ':' + ((p[2]! << 8) | p[3]!).toString(16);
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const zeros = rest === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(zeros).fill('0'), ...right].map((g) => parseInt(g, 16));
}

/** Which of the site's own address kinds `ip` is, or null for an address of the Internet. */
export function ownNetworkClass(ip: string): OwnNetworkClass | null {
  const v4 = ipv4Parts(ip);
  if (v4 !== null) {
    const [a, b] = v4 as [number, number];
    if (a === 127) return 'loopback';
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
    if (a === 169 && b === 254) return 'link-local';
    return null;
  }
  const g = ipv6Groups(ip);
  if (g === null) return null;
  if (g.every((x, i) => x === (i === 7 ? 1 : 0))) return 'loopback';
  if ((g[0]! & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0]! & 0xfe00) === 0xfc00) return 'unique-local';
  return null;
}

/** Loopback, always in mynetworks: the server's own programs (Postfix's own default for mynetworks_style = host). */
export const LOOPBACK_NETWORKS = ['127.0.0.0/8', '[::1]/128'];

/**
 * The `mynetworks` entry (postconf(5): "[ipv6]/len" in brackets) that holds `ip`: its /24 for a private IPv4 (an
 * office LAN is seldom smaller, and widening inside private space lets no one from the Internet in), its /64 for a
 * unique-local IPv6, the whole link-local range, loopback's own; a host route for an address of the Internet
 * (a server of the site's own that --allow-ips vouched for).
 */
export function mynetworksEntry(ip: string): string {
  const cls = ownNetworkClass(ip);
  const v4 = ipv4Parts(ip);
  if (v4 !== null) {
    if (cls === 'loopback') return LOOPBACK_NETWORKS[0]!;
    if (cls === 'link-local') return '169.254.0.0/16';
    if (cls === 'private') return `${v4[0]}.${v4[1]}.${v4[2]}.0/24`;
    return `${v4.join('.')}/32`;
  }
  const g = ipv6Groups(ip);
  if (g === null) return ip;
  if (cls === 'loopback') return LOOPBACK_NETWORKS[1]!;
  if (cls === 'link-local') return '[fe80::]/10';
  if (cls === 'unique-local') {
    const prefix = g.slice(0, 4);
    while (prefix[prefix.length - 1] === 0) prefix.pop();
    return `[${prefix.map((x) => x.toString(16)).join(':')}::]/64`;
  }
  return `[${ip.toLowerCase()}]/128`;
}

/** A `mynetworks` value: loopback first, then the entries that hold `ips`, each once, IPv4 before IPv6, in order. */
export function mynetworksValue(ips: Iterable<string>): string[] {
  const extra = new Set<string>();
  for (const ip of ips) {
    const e = mynetworksEntry(ip);
    if (!LOOPBACK_NETWORKS.includes(e)) extra.add(e);
  }
  const key = (e: string): [number, string] => {
    if (e.startsWith('[')) return [1, e];
    const [a, b, c, d] = e.slice(0, e.indexOf('/')).split('.').map((x) => x.padStart(3, '0'));
    return [0, `${a}.${b}.${c}.${d}${e.slice(e.indexOf('/'))}`];
  };
  const sorted = [...extra].sort((x, y) => {
    const [kx, sx] = key(x);
    const [ky, sy] = key(y);
    return kx - ky || (sx < sy ? -1 : sx > sy ? 1 : 0);
  });
  return [...LOOPBACK_NETWORKS, ...sorted];
}
