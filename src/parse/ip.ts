// One written form per IP address (review U, U2). Dovecot listening on "::" logs an IPv4 client as IPv4-mapped IPv6
// ("rip=::ffff:101.82.15.105") where Postfix writes "101.82.15.105"; an IPv6 address may come in upper case or
// expanded ("2001:DB8::1", "2001:0db8:0:0::1"). Every table, list, finding and compare matches IPs as strings, so the
// intruder's POP3 logins under the mapped form were another IP's, and compare said "Fixed". IPs are put in one form
// where they are read: an IPv4-mapped address as dotted IPv4, any other IPv6 address in RFC 5952's (lower case, no
// leading zeros, the longest run of two or more zero groups as "::", the first of equal runs). Everything else (an IPv4
// address, a host name, a text that is no address) is kept as it is.
//
// The parsers' hot path pays for this only on an address that holds ":" (ipAt: a look at up to 5 characters otherwise);
// the forms seen are remembered, so a log of IPv6 clients converts each once.

import { keyAt } from './line-keys.js';

/** Converted forms, by the text as written (bounded: cleared when full). */
const seen = new Map<string, string>();
const SEEN_MAX = 1 << 16;

/** `v` in its one written form: IPv4-mapped IPv6 as dotted IPv4, IPv6 as RFC 5952; anything else unchanged. */
export function canonicalIp(v: string): string {
  if (v.indexOf(':') < 0) return v;
  let c = seen.get(v);
  if (c === undefined) {
    c = canonicalV6(v) ?? v;
    if (seen.size >= SEEN_MAX) seen.clear();
    seen.set(v, c);
  }
  return c;
}

/** keyAt(s, a, b) in its one written form: only an address with ":" in its first 5 characters (every IPv6 text has one) is looked at. */
export function ipAt(s: string, a: number, b: number): string {
  const k = keyAt(s, a, b);
  const end = b - a > 5 ? a + 5 : b;
  for (let i = a; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 58) return canonicalIp(k);
    if (c === 46) return k; // a dot before any colon: IPv4
  }
  return k;
}

/** `s.slice(a, b)` in its one written form (a field the parser slices rather than shares). */
export function ipSlice(s: string, a: number, b: number): string {
  const v = s.slice(a, b);
  const end = b - a > 5 ? 5 : b - a;
  for (let i = 0; i < end; i++) {
    const c = v.charCodeAt(i);
    if (c === 58) return canonicalIp(v);
    if (c === 46) return v;
  }
  return v;
}

/**
 * Eight 16-bit groups in IPv6's short form, lower case: RFC 5952 4.2, the longest run of two or more zero groups
 * becomes "::", the first of equal runs ("2001:db8::1"). The parsers' one written form, and the networks that
 * roaming-clients names ("2001:db8::/32").
 */
export function v6ShortText(g: readonly number[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = (a: number, b: number): string => g.slice(a, b).map((x) => x.toString(16)).join(':');
  return best < 0 ? hex(0, 8) : `${hex(0, best)}::${hex(best + bestLen, 8)}`;
}

/** The 16-bit groups of an IPv6 text (an IPv4 tail in dots included), or null when it is none. A zone ("%eth0") is kept apart. */
function groupsOf(v: string): number[] | null {
  let text = v;
  const dot = text.indexOf('.');
  const tail: number[] = [];
  if (dot >= 0) {
    const colon = text.lastIndexOf(':');
    if (colon < 0 || colon > dot) return null;
    const octets = text.slice(colon + 1).split('.');
    if (octets.length !== 4) return null;
    const n: number[] = [];
    for (const o of octets) {
      if (!/^\d{1,3}$/.test(o) || Number(o) > 255) return null;
      n.push(Number(o));
    }
    tail.push((n[0]! << 8) | n[1]!, (n[2]! << 8) | n[3]!);
    text = text.slice(0, colon + 1);
    // "::ffff:1.2.3.4" → "::ffff:" + tail; "1:2:3:4:5:6:1.2.3.4" → "1:2:3:4:5:6:" + tail; a lone ":" before the tail
    // that is not part of "::" ends a group.
    if (text.endsWith('::')) { /* the "::" stays */ } else text = text.slice(0, -1);
  }
  const hex = (g: string): number | null => (/^[0-9A-Fa-f]{1,4}$/.test(g) ? parseInt(g, 16) : null);
  const parts = (side: string): number[] | null => {
    if (side === '') return [];
    const out: number[] = [];
    for (const g of side.split(':')) {
      const x = hex(g);
      if (x === null) return null;
      out.push(x);
    }
    return out;
  };
  const gap = text.indexOf('::');
  let groups: number[];
  if (gap < 0) {
    const all = parts(text);
    if (all === null) return null;
    groups = [...all, ...tail];
    if (groups.length !== 8) return null;
  } else {
    if (text.indexOf('::', gap + 1) >= 0) return null;
    const head = parts(text.slice(0, gap));
    const rest = parts(text.slice(gap + 2));
    if (head === null || rest === null) return null;
    const known = head.length + rest.length + tail.length;
    if (known > 7) return null;
    groups = [...head, ...new Array<number>(8 - known).fill(0), ...rest, ...tail];
  }
  return groups;
}

function canonicalV6(v: string): string | null {
  const pct = v.indexOf('%');
  const zone = pct >= 0 ? v.slice(pct) : '';
  const g = groupsOf(pct >= 0 ? v.slice(0, pct) : v);
  if (g === null) return null;
  // IPv4-mapped (::ffff:a.b.c.d): the IPv4 address, as Postfix writes the same client.
  if (zone === '' && g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`;
  }
  return v6ShortText(g) + zone;
}
