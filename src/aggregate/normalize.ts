// Reason texts grouped by meaning, not by bytes: one remote policy must make one group even though every
// answer carries another IP, address, queue ID or tracking token (pflogsumm keeps them verbatim, so one
// Gmail rate limit becomes thousands of groups; DESIGN.md "Line-shape facts").
//
//   "host 127.0.1.1[127.0.1.1] said: 421-4.7.28 [203.0.113.9      15] Our system has detected … d2e1a72fcca58-… - gsmtp (in reply to RCPT TO command)"
//   → "host [IP] said: 421-4.7.28 [IP N] Our system has detected … ID - gsmtp (in reply to RCPT TO command)"
//   "… For this message, 550-5.7.26 DKIM checks did not pass and SPF check for [aeon.co.jp] did not 550-5.7.26 pass with ip: [127.0.0.1]. …"
//   → "… SPF check for [DOMAIN] did not …": the domain Gmail checked is the (forged) sender's, one per message; the
//     receivers-refusing rule reads it from the raw text (aggregate refusedAuthDomains), not from the group.
//   "… on our block list (S3150). … [TY2PEPF0000A1B2.apcprd04.prod.outlook.com 2026-11-28T00:00:00.000Z 08DDF00000000000] …"
//   → "… on our block list (S3150). … [ID TIME ID] …": Microsoft's policy code stays, its tracking stamp goes.

import { newStringPool, sharedString } from '../own-string.js';
import { AFTER_REFUSAL } from './refusal-closures.js';

const MAX_LEN = 300;
const cache = new Map<string, string>();
const CACHE_MAX = 20_000;

/**
 * Each group's text, once: thousands of raw texts fall into one group (every answer names another IP), and the
 * cache above kept a copy of the group's text for each of them (7,000 copies of a few texts, ~4 MB, in a worker
 * scanning half of the 1.5 GB benchmark log).
 */
const groups = newStringPool(CACHE_MAX);

export function normalizeReason(raw: string): string {
  const hit = cache.get(raw);
  if (hit !== undefined) return hit;
  const out = sharedString(groups, normalizeUncached(raw));
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(raw, out);
  return out;
}

function normalizeUncached(raw: string): string {
  // A lost connection after a receiver's 421 (refusal-closures.ts): each half as it would be alone, so the 421's half is
  // the key of the 421's own line (detect/closed-after-refusal.ts finds that line by it).
  const after = raw.startsWith('lost connection with ') ? raw.indexOf(AFTER_REFUSAL) : -1;
  if (after > 0) return normalizeUncached(raw.slice(0, after)) + AFTER_REFUSAL + normalizeUncached(raw.slice(after + AFTER_REFUSAL.length));
  const tokens = raw.length > 2000 ? raw.slice(0, 2000).split(' ') : raw.split(' ');
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === '') continue;
    out.push(normalizeToken(t));
  }
  let s = out.join(' ');
  if (s.length > MAX_LEN) s = s.slice(0, MAX_LEN) + '…';
  return s;
}

function normalizeToken(t: string): string {
  // A receiver's help page is the pointer to its fix, the same for every message it refuses: its host and path are
  // kept ("See https://support.google.com/mail/answer/81126#rate_limit" read "See ID": review 16); only what names
  // the client or the sender in it goes (normalizeUrl).
  if (t.startsWith('https://') || t.startsWith('http://') || t.startsWith('<https://') || t.startsWith('(https://')) return normalizeUrl(t);
  if (t.indexOf('@') >= 0) {
    // "<a@b>:" keeps its punctuation: "<ADDR>:"
    const lead = t.charCodeAt(0) === 60 ? '<' : '';
    const close = t.lastIndexOf('>');
    const tail = close >= 0 ? t.slice(close) : '';
    return lead + 'ADDR' + (lead && !tail ? '' : tail);
  }
  // SMTP reply codes ("421", "550-5.7.1") and enhanced status codes ("4.7.28") carry the meaning: keep them.
  if (isSmtpCode(t) || isDsn(t)) return t;
  let digits = 0;
  let letters = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
  }
  if (digits === 0) return bracketedDomain(t) ?? t;
  // Timestamps before addresses: "2026-11-28T00:00:00.000Z" read as an IPv6 address left "2026-11-28TIPZ".
  if (TIMESTAMP.test(t)) return punct(t, 'TIME');
  // Addresses: "127.0.1.1[127.0.1.1]:25:", "[203.0.113.9", "2001:db8::1"
  if (t.indexOf('.') >= 0 || t.indexOf(':') >= 0 || t.indexOf('[') >= 0) {
    const replaced = t
      .replace(/[0-9a-fA-F]*:[0-9a-fA-F:]*:[0-9a-fA-F:.]+/g, 'IP')
      .replace(/\d{1,3}(?:\.\d{1,3}){3}/g, 'IP')
      .replace(/\]:\d+/g, ']');
    if (replaced !== t) return replaced.replace(/IP\[IP\]/g, '[IP]');
  }
  // Bracketed domains with digits: "SPF check for [mail2.example.jp]".
  const domain = bracketedDomain(t);
  if (domain !== null) return domain;
  // Tracking tokens and IDs: long mixes of letters and digits ("d2e1a72fcca58-…si123pgf.12", "C598F1B0002D").
  // Counted without punctuation: "(S3150)." is Microsoft's block list code, a policy, not an ID.
  if (letters > 0 && letters + digits >= 8) return punct(t, 'ID');
  // Plain numbers ("15]", "(494133", "secs)") — except a leading reply code handled above.
  if (letters === 0) return t.replace(/\d+(?:\.\d+)?/g, 'N');
  return t;
}

/**
 * A URL with the client's IP or the sender's address in its path or query made a reason per client (review 17 H4):
 * the IP, an address and each query value are folded as any other token is, the scheme, host, path shape and fragment
 * stay:
 *   "https://www.spamhaus.org/query/ip/103.143.200.68;"  (smtpd's reject_rbl_client reply with Spamhaus's TXT record)
 *   → "https://www.spamhaus.org/query/ip/IP;"
 *   "http://www.openspf.net/Why?s=mfrom;id=b@x.example;ip=198.51.100.1;r=<UNKNOWN>;"  (policyd-spf)
 *   → "http://www.openspf.net/Why?s=mfrom;id=ADDR;ip=IP;r=<UNKNOWN>;"
 *   "https://support.google.com/mail/answer/81126#rate_limit"  → as it is
 */
function normalizeUrl(t: string): string {
  const start = t.indexOf('://') + 3;
  let end = t.length;
  while (end > start && TRAILING.includes(t[end - 1]!)) end--;
  let hostEnd = start;
  while (hostEnd < end && t[hostEnd] !== '/' && t[hostEnd] !== '?' && t[hostEnd] !== '#') hostEnd++;
  const hash = t.indexOf('#', hostEnd);
  const restEnd = hash >= 0 && hash < end ? hash : end;
  const q = t.indexOf('?', hostEnd);
  const pathEnd = q >= 0 && q < restEnd ? q : restEnd;
  let out = t.slice(0, start) + foldIps(t.slice(start, hostEnd)) + foldIps(foldAddresses(t.slice(hostEnd, pathEnd)));
  if (pathEnd < restEnd) {
    // "?s=mfrom;id=…;ip=…": each value as a token of its own, the keys and separators as they are
    out += '?' + t.slice(pathEnd + 1, restEnd).split(/([;&])/).map((part) => {
      const eq = part.indexOf('=');
      // A bare value ("http://www.spamcop.net/bl.shtml?192.0.2.7", SORBS' "…/lookup?192.0.2.7"): a token too.
      if (eq < 0) return part === ';' || part === '&' || part === '' ? part : normalizeToken(part);
      const v = part.slice(eq + 1);
      return part.slice(0, eq + 1) + (v.includes('%40') ? 'ADDR' : v === '' ? v : normalizeToken(v));
    }).join('');
  }
  return out + t.slice(restEnd);
}

/** What may follow a URL in a reply: "…/103.143.200.68;", "…/error-codes)", "….html." */
const TRAILING = ';,.)>]';

/** "/query/ip/103.143.200.68" → "/query/ip/IP" (IPv6 too, not a clock time "/12:30:45"); the rest as it is. */
function foldIps(s: string): string {
  return s.replace(/[0-9a-fA-F]*:[0-9a-fA-F:]*:[0-9a-fA-F:.]+/g, (m) => (/^\d{1,2}:\d{2}:\d{2}$/.test(m) ? m : 'IP'))
    .replace(/\d{1,3}(?:\.\d{1,3}){3}/g, 'IP');
}

/** A path segment naming an address ("/unsubscribe/a@b.example", "a%40b.example") → "ADDR". */
function foldAddresses(s: string): string {
  return s.indexOf('@') < 0 && s.indexOf('%40') < 0 ? s : s.replace(/[^/]*(?:@|%40)[^/]*/g, 'ADDR');
}

/** ISO 8601 date-times and clock times: "2026-11-28T00:00:00.000Z", "[2026-11-28T22:16:28+09:00]", "22:16:28". */
const TIMESTAMP = /^[[(<]?(?:\d{4}-\d{2}-\d{2}T)?\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?[\])>.,;:]?$/;

/** "[aeon.co.jp]" → "[DOMAIN]", "[EXAMPLE.COM]." → "[DOMAIN]."; null unless a domain stands alone in square brackets. */
function bracketedDomain(t: string): string | null {
  const m = /^\[(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}\]([.,;:)]?)$/.exec(t);
  return m === null ? null : '[DOMAIN]' + m[1]!;
}

function punct(t: string, word: string): string {
  const first = t.charCodeAt(0);
  const last = t.charCodeAt(t.length - 1);
  const lead = first === 40 || first === 91 || first === 60 ? t[0] : '';
  const tail = last === 41 || last === 93 || last === 62 || last === 59 || last === 44 || last === 58 ? t[t.length - 1] : '';
  return lead + word + tail;
}

function isSmtpCode(t: string): boolean {
  const a = t.charCodeAt(0);
  if (a !== 50 && a !== 52 && a !== 53) return false;
  if (t.length === 3) return isDigits(t, 1, 3);
  return isDigits(t, 1, 3) && t.charCodeAt(3) === 45 && isDsn(t.slice(4));
}

function isDsn(t: string): boolean {
  return /^[245]\.\d{1,3}\.\d{1,3}[;:,)]?$/.test(t);
}

function isDigits(t: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
