// Redaction for tickets: e-mail local parts, SASL / IMAP user names and client IPs (v4 and v6) become stable
// pseudonyms everywhere in the report model — table keys, lists, findings, example log lines, free text — so that a
// report can be attached to a ticket outside the company. Domains stay (they tell which receivers complained) unless
// `redactDomains`.
//
// A pseudonym is the first 12 hex digits of HMAC-SHA256(K, kind + ":" + value), K the key stretched by scrypt
// (redactionKey): the same value gives the same pseudonym within a report and, with the same key, across reports (so
// two redacted reports can still be compared); without the key it cannot be reversed by hashing guesses. K's
// fingerprint (SHA-256, 8 hex) goes into the report so that `compare` can refuse reports made with different keys.
// A --redact-key a person chose may be short: with the key itself in the HMAC and the fingerprint, one known pair
// (the server's own IP and its pseudonym) or the fingerprint let a guess be checked in a nanosecond, and a word list
// found the key, and with it every IP of the report; through scrypt each guess costs ~0.1 s and 32 MiB.
//
// Free text is scanned in one pass (so a pseudonym is never redacted twice) for: user names in the places Postfix and
// Dovecot log them (sasl_username=, user=<…>, passwd-file(user,ip), imap(user)), addresses, IPv4, IPv6, and every
// other user name known from the report's tables; and for the other ways a log line spells a client IP (review U, U1):
// Dovecot's session IDs ("session=<wKn2+Rph4q2xigz2>", "passwd-file(user,ip,<…>)", "imap(user)<pid><…>"), base64 of the
// IP among others, become "sess-" pseudonyms; a reverse name with the IP in dashes ("c-73-12-34-56.example") and an
// IP with leading zeros get the IP's pseudonym. Checked and left: Postfix queue IDs (time and inode), Dovecot's mpid=
// (a pid), LMTP's session GUIDs (time and host; made pseudonyms alike), lip= (an IP, redacted as any).
//
// The tool's own prose (a finding's title, fix and why, the warnings) is scanned the same way, but keeps its words: a
// match inside a fragment of the tool's text (prose-fragments.ts) is the prose's, not a name's (review AE, L10: the
// user "scanner" turned "(a web application, a scanner, …)" into "a user-f0068bd4181a"); there, names that are common
// words ("server", "admin") are replaced too, where the prose interpolates them.
//
// What is meant to be pasted is left out rather than redacted (review 10, L3): a list of pseudonyms
// (blocklist-ips.txt: `ip-05f9840d`) fails in `nft add element` on every line, and a sender_login map of pseudonyms
// ("user-2112aa57@example.jp  user-2112aa57@example.jp"), if pasted, refuses every real user with "not owned by
// user". So a list whose entries redaction changes is not exported (the finding's `lists` loses it: no file is
// written, and output-owned.ts removes an earlier run's copy as for any list this run did not write), and a fenced
// block of a finding's fix that names a user or an IP, or reads such a list, becomes a note that the unredacted
// run has it.
//
// A withheld list that `compare` reads (COMPARED_LISTS: compromised-ips.txt, the intruder IPs it checks the after run
// against) stays in report.json as pseudonyms, in the finding's `pseudonymLists` (review R, R5): with the same key the
// after report's IP pseudonyms are the same, so the check is made; without it, a redacted pair could not tell that
// the intruder still logs in, and `--fail-on persisting` passed. It is never written as a file.
//
// The input files are named by their cited names (input-names.ts: "maillog", not "/home/yamada/acme/maillog").

import { createHash, createHmac, scryptSync } from 'node:crypto';
import { isIP } from 'node:net';
import type { Report } from './model.js';
import { messagesFor } from '../i18n/index.js';
import { canonicalIp } from '../parse/ip.js';
import { buildOverview } from './overview.js';
import { withCitedPaths } from './input-names.js';
import { shellArg } from '../detect/util.js';
import { MIN_CONTEXT, proseFragments } from './prose-fragments.js';

export interface RedactOptions {
  key: string;
  redactDomains: boolean;
  /** The key was generated for this run (no --redact-key): say so in the warnings. */
  randomKey?: boolean;
}

/**
 * The HMAC key of a --redact-key: scrypt with N = 2^15, r = 8 (32 MiB, ~0.1 s once per run; RFC 7914), a fixed salt
 * (the same key must give the same pseudonyms in every run). Reports of versions before it (no
 * `redaction.keyDerivation`) used the key as it was: their pseudonyms differ, and `compare` says so.
 */
export const KEY_DERIVATION = 'scrypt';
/**
 * The hex digits of a pseudonym (review AE, L7). Two of n values share one with probability about n²/2^(4d+1): with
 * 8 digits (32 bits) 0.3 % for 5,000 users and ~7 pairs expected among a 250,000-IP botnet, whose rows the charts and
 * compare's movers then merge; with 12 (48 bits) 4.4·10⁻⁸ for 5,000 users and 1 in 9,000 (1.1·10⁻⁴) for 250,000 IPs.
 * Recorded as `redaction.pseudonymHexDigits` (absent in older reports: 8), so that `compare` refuses two sides whose
 * pseudonyms cannot match.
 */
export const PSEUDONYM_HEX_DIGITS = 12;
/** The pseudonym length of reports made before `redaction.pseudonymHexDigits` was recorded. */
export const OLDER_PSEUDONYM_HEX_DIGITS = 8;
/**
 * A chosen key shorter than this gets a warning: scrypt makes a guess cost ~0.1 s, not nothing, and a word list of
 * 100,000 words is a few core-hours (review X, X1). 16 random hex characters are 64 bits.
 */
export const SHORT_REDACTION_KEY = 16;
const KEY_SALT = 'maillog-forensics redaction key';
const derived = new Map<string, Buffer>();

export function redactionKey(key: string): Buffer {
  let k = derived.get(key);
  if (k === undefined) {
    k = scryptSync(key, KEY_SALT, 32, { N: 32768, r: 8, p: 1, maxmem: 64 * 1048576 });
    derived.set(key, k);
  }
  return k;
}

export function keyFingerprint(key: string): string {
  return createHash('sha256').update(redactionKey(key)).digest('hex').slice(0, 8);
}

/** Lists withheld from export that compare reads: kept as pseudonyms in the finding's `pseudonymLists`. */
const COMPARED_LISTS = new Set(['compromised-ips.txt']);

/** Tables copied as they are: numbers, times, our own words. */
const KEEP = new Set(['schemaVersion', 'tool', 'options', 'period', 'totals', 'hourly', 'eventKinds', 'byStatus', 'rules', 'redaction']);

/**
 * Common words and role names: replaced where the log says they are a user name (sasl_username=, user=<…>, …), not
 * wherever the word appears ("unknown user", "mail for …", "test").
 */
const COMMON_WORDS = new Set([
  'user', 'users', 'mail', 'test', 'info', 'admin', 'root', 'guest', 'support', 'sales', 'office', 'contact', 'example',
  'webmaster', 'postmaster', 'noreply', 'no-reply', 'www', 'web', 'smtp', 'imap', 'pop3', 'pop', 'lmtp', 'auth', 'login',
  'local', 'unknown', 'none', 'error', 'warning', 'fatal', 'panic', 'status', 'sent', 'deferred', 'bounced', 'expired',
  'relay', 'client', 'server', 'host', 'from', 'to', 'postfix', 'dovecot', 'smtpd', 'cleanup', 'qmgr', 'pickup', 'bounce',
  'virtual', 'pipe', 'error', 'reject', 'connect', 'disconnect', 'password', 'master', 'daemon', 'mailer-daemon', 'nobody',
  'account', 'service', 'news', 'help', 'abuse', 'security', 'hostmaster', 'ftp', 'backup', 'oracle', 'mysql', 'ubuntu',
  'debian', 'centos', 'pi', 'demo', 'temp', 'default', 'system', 'operator', 'manager', 'office', 'marketing', 'hr',
]);

/** HELO names of brute-force tools and bots, no one's machine: kept, as evidence (Postfix logs them as helo=<…>). */
const HELO_KEPT = new Set(['ylmf-pc', 'localhost', 'localhost.localdomain', 'pc', 'windows', 'win7', 'ehlo', 'helo']);

const PSEUDONYM = new RegExp(`^(?:user|ip|host|domain|sess|text)-[0-9a-f]{${PSEUDONYM_HEX_DIGITS}}$`);
const DOMAIN_NAME = /^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+$/u;
/** A name or address the patterns of the free-text scan take whole: no space, quote or other character they stop at. */
const PLAIN_NAME = /^[\p{L}\p{N}_.%+!#$&*^~@\-]+$/u;
const PLACEHOLDER = /^\(.*\)$|^<>$|^$|^unknown$/;

// Local part: RFC 5322 atoms without "=" (so "sasl_username=x@y" is not one local part) and without quotes.
const LOCAL = String.raw`[\p{L}\p{N}_.%+!#$&*^~\-]+`;
const DOMAIN = String.raw`[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*`;
/**
 * A Dovecot session ID: base64 of 48 bits of time, the client's port and the client's IP (4 bytes, or 16 for IPv6;
 * login-common client_get_session_id()), so anyone can read the IP back from it (review U, U1). It becomes a pseudonym
 * of its own kind ("session=<sess-1a2b3c4d5e6f>"), keyed like the others: the lines of one session keep sharing one.
 */
const SESSION_ID = String.raw`[A-Za-z0-9+/]+={0,2}`;
// The dotted tail first: "::ffff:198.51.100.9" is one address, not "::ffff:198" and ".51.100.9" left in clear (review U, U2).
const V6 = String.raw`(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?`;
/**
 * Where a log line names a person (see secretsOf): an address's local part, a bare envelope name, user=<…>, helo=<…>,
 * the user of a Dovecot prefix ("lda(alice.k)<4242>: Error: chdir(/home/alice.k/) failed: … euid=1001(alice.k)"),
 * local(8)'s "cannot update mailbox /var/mail/yamada for user yamada." (local/mailbox.c), and a mailbox path
 * ("create maildir file /home/sakura/Maildir/tmp/…", "/var/vmail/example.jp/k.ito/tmp/…": see pathUser).
 */
const LINE_NAMES = new RegExp([
  String.raw`(?<local>${LOCAL})@${DOMAIN}`,
  String.raw`\b(?:orig_to|to|from|user)=<(?<bare>[^>@\n]+)>`,
  String.raw`\bhelo=<(?<helo>[^>\s]+)>`,
  String.raw`\b[a-z][a-z0-9-]*\((?<dov>[\p{L}\p{N}][^,()<>\s@/]*)(?:@${DOMAIN})?[,)]`,
  String.raw`\bfor user (?<foruser>[\p{L}\p{N}_%+\-]+(?:\.[\p{L}\p{N}_%+\-]+)*)`,
  String.raw`(?<![\p{L}\p{N}_.\-])/(?:home|var/mail|var/spool/mail|var/vmail|srv/vmail|srv/mail)/(?<path>[^\s,;:()'"<>]+)`,
].join('|'), 'gu');
/** Directories of a mail store that name no one ("/home/vmail/example.jp/k.ito/Maildir"). */
const MAIL_DIRS = new Set(['vmail', 'mail', 'mailboxes', 'domains', 'virtual', 'maildir', 'maildirs']);
const V4 = String.raw`(?:\d{1,3}\.){3}\d{1,3}`;
/** A host name as Postfix writes it before "[address]" (smtpd's "name[addr]"), one label or more. */
const HOST_NAME = String.raw`[\p{L}\p{N}_\-]+(?:\.[\p{L}\p{N}_\-]+)*`;

/**
 * The ways a reverse name spells an IPv4 address (review AE, F1), as one regex: the four numbers in order or
 * reversed, joined by "-", "_" or "." and maybe zero-padded ("c-73-12-34-56", "FL1-125-199-12-34", "ip-10-0-0-5",
 * "56.34.12.73"), the twelve zero-padded digits ("softbank126012034056", "061238241086"), the eight hex digits
 * ("p5dc3a1b2", "4a0c2238") and the 32-bit number.
 */
function ipSpellings(v4: string): RegExp {
  const n = v4.split('.').map(Number);
  const sep = (parts: number[]): string => String.raw`(?<!\d)${parts.map((p) => `0*${p}`).join('[-_.]')}(?!\d)`;
  const pad = (parts: number[]): string => String.raw`(?<!\d)${parts.map((p) => String(p).padStart(3, '0')).join('')}(?!\d)`;
  const hex = n.map((p) => p.toString(16).padStart(2, '0')).join('');
  const int = String(((n[0]! * 256 + n[1]!) * 256 + n[2]!) * 256 + n[3]!);
  const rev = [...n].reverse();
  return new RegExp([sep(n), sep(rev), pad(n), pad(rev), hex, String.raw`(?<!\d)${int}(?!\d)`].join('|'), 'gi');
}

interface Redactor {
  user: (v: string) => string;
  addr: (v: string) => string;
  ip: (v: string) => string;
  host: (v: string) => string;
  domain: (v: string) => string;
  text: (v: string) => string;
  /** A verbatim log line: as `text`, and a `sasl_username=` takes the rest of the line (Postfix does not delimit it). */
  logLine: (v: string) => string;
  /** A table's text made of a log line (a reason, a cause's detail): as `text`, and the names its line gives (review AE, F2). */
  rowText: (v: string, line: string) => string;
  /**
   * The tool's own prose with values in it (a finding's title, fix and why; a warning): as `text`, but a match that
   * lies inside a fragment of the tool's own text (prose-fragments.ts) is the prose's word, and stays (review AE, L10).
   */
  prose: (v: string) => string;
}

let twoCharWordSet: Set<string> | undefined;

/** The two-character words of the tool's own text ("to", "in", "IP", "OK"), lower-cased. */
function twoCharWords(): ReadonlySet<string> {
  if (twoCharWordSet === undefined) {
    twoCharWordSet = new Set(proseFragments().flatMap((f) => f.match(/(?<![\p{L}\p{N}_])[\p{L}\p{N}]{2}(?![\p{L}\p{N}_])/gu) ?? []).map((w) => w.toLowerCase()));
  }
  return twoCharWordSet;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The pseudonym of a value of `kind` under `key` (derived: redactionKey). */
function pseudonymHash(key: Buffer, kind: string, v: string): string {
  return createHmac('sha256', key).update(`${kind}:${v}`, 'utf8').digest('hex').slice(0, PSEUDONYM_HEX_DIGITS);
}

/**
 * The pseudonym a redacted report gives an IP address under `key` (its --redact-key): compare looks the after log's
 * IPs up by it against a redacted before report's lists (compare/after-ip-counts.ts).
 */
export function ipPseudonymFor(key: string): (ip: string) => string {
  const k = redactionKey(key);
  return (v) => `ip-${pseudonymHash(k, 'ip', isIP(v) === 6 ? canonicalIp(v.toLowerCase()) : v)}`;
}

function newRedactor(r: Report, opts: RedactOptions): Redactor {
  const key = redactionKey(opts.key);
  const hash = (kind: string, v: string): string => pseudonymHash(key, kind, v);

  const domain = (d: string): string => {
    if (!opts.redactDomains || d === '' || PSEUDONYM.test(d)) return d;
    return `domain-${hash('d', d.toLowerCase())}`;
  };
  const local = (l: string): string => (l === '' || PSEUDONYM.test(l) ? l : `user-${hash('u', l)}`);
  const addr = (v: string): string => {
    if (PLACEHOLDER.test(v)) return v;
    const at = v.lastIndexOf('@');
    if (at < 0) return local(v);
    return `${local(v.slice(0, at))}@${domain(v.slice(at + 1))}`;
  };
  const user = (v: string): string => (PLACEHOLDER.test(v) ? v : v.includes('@') ? addr(v) : local(v));
  const ip = (v: string): string => {
    if (PSEUDONYM.test(v)) return v;
    const kind = isIP(v);
    if (kind === 0) return text(v);
    // One pseudonym per address, however it is written (review U, U2): "::ffff:1.2.3.4" is 1.2.3.4's, "2001:DB8::1"
    // and "2001:0db8:0:0::1" are 2001:db8::1's (the parsers' form: src/parse/ip.ts).
    return `ip-${hash('ip', kind === 6 ? canonicalIp(v.toLowerCase()) : v)}`;
  };
  const session = (v: string): string => `sess-${hash('s', v)}`;
  /**
   * A HELO name is the client's own word for itself: a staff member's machine ("Taro-no-MacBook-Air.local",
   * "carol-pc") becomes a host pseudonym, an IP literal the IP's. Kept: a bot's signature (HELO_KEPT: "ylmf-pc",
   * "User") and a domain the report names anyway (a bot greeting as the server's own domain, "helo=<example.jp>").
   */
  const reportDomains = new Set([...r.bySenderDomain, ...r.byRecipientDomain].map((d) => d.key.toLowerCase()).filter((d) => DOMAIN_NAME.test(d)));
  const heloKept = (v: string): boolean => HELO_KEPT.has(v.toLowerCase()) || COMMON_WORDS.has(v.toLowerCase()) || reportDomains.has(v.toLowerCase());
  const helo = (v: string): string => {
    const literal = /^\[(?:IPv6:)?([^\]]+)\]$/i.exec(v);
    if (literal !== null && isIP(literal[1]!) !== 0) return `[${v.slice(1, -1 - literal[1]!.length)}${ip(literal[1]!)}]`;
    if (reportDomains.has(v.toLowerCase())) return domain(v);
    return heloKept(v) ? v : host(v);
  };
  /**
   * A reverse name with the client's IP in it (review AE, F1): "FL1-125-199-12-34.tky.mesh.ad.jp[125.199.12.34]",
   * "softbank126012034056.bbtec.net", "KD106180012034.au-net.ne.jp", "061238241086.static.ctinets.com",
   * "p5dc3a1b2.dip0.t-ipconnect.de" (hex), "56.34.12.73.dyn.example" (reversed): each spelling of `v4` in `name`
   * becomes the IP's pseudonym, the rest is free text ("FL1-ip-859df9c1.tky.mesh.ad.jp").
   */
  const withoutIp = (name: string, v4: string): string => {
    const re = ipSpellings(v4);
    let out = '';
    let last = 0;
    for (const m of name.matchAll(re)) {
      out += text(name.slice(last, m.index)) + ip(v4);
      last = m.index + m[0].length;
    }
    return last === 0 ? text(name) : out + text(name.slice(last));
  };
  /** An IPv4 address written with leading zeros ("073.012.034.056"), dashes or underscores ("c-73-12-34-56.example"), or null. */
  const v4Of = (v: string): string | null => {
    const parts = v.split(/[-_.]/).map(Number);
    return parts.length === 4 && parts.every((n) => n <= 255) ? parts.join('.') : null;
  };
  const host = (v: string): string => {
    if (PLACEHOLDER.test(v) || PSEUDONYM.test(v)) return v;
    if (isIP(v) !== 0) return ip(v);
    return `host-${hash('h', v.toLowerCase())}`;
  };

  /**
   * A name too short to be looked for beyond the places the log says it is a name (sasl_username=, user=<…>, an
   * address; review AE, L10): one character, and two that are a word of the tool's own text ("to", "in", "as", "OK",
   * "IP"), which the advice and the log's reply texts are full of. Two other characters, initials ("yk") or a
   * Japanese name ("山田"), are looked for as any name: bare and whole, where no letter or digit touches them.
   */
  const tooShort = (v: string): boolean => v.length < 2 || (v.length === 2 && (/^\d+$/.test(v) || twoCharWords().has(v.toLowerCase())));
  // What the tables know, for the free-text pass.
  const hosts = new Set(r.hosts.map((h) => h.key.toLowerCase()));
  const names = new Set<string>();
  // The names that are common words ("admin", "server", "mail"): replaced in the tool's prose too, where "The SASL
  // account server was guessed" names the user (review AE, L10); its own words there are kept by their fragments.
  const commonNames = new Set<string>();
  const addName = (v: string): void => {
    if (!v || v.includes('@') || PLACEHOLDER.test(v) || tooShort(v) || v.length > 256 || hosts.has(v.toLowerCase())) return;
    (COMMON_WORDS.has(v.toLowerCase()) ? commonNames : names).add(v);
  };
  for (const u of r.bySaslUser) addName(u.key);
  for (const c of [...r.byClientIp, ...(r.topAttackingIps ?? [])]) { c.saslUsers.forEach(addName); c.topUsersTried.forEach(addName); c.mailboxUsers?.forEach(addName); }
  for (const x of r.authFailuresByUser) addName(x.key);
  for (const x of r.clientIpIndex?.ips ?? []) x.users?.forEach(addName);
  for (const x of r.rspamdOutgoing?.users ?? []) addName(x.user);
  for (const x of r.dovecotAuthFailuresByUser) addName(x.key);
  for (const x of r.dovecotLoginsByUser) addName(x.key.replace(/^\S+ /, ''));
  for (const x of r.mailboxLoginsByUser ?? []) addName(x.key);
  for (const q of [...r.stillQueued, ...r.deletedInBulk]) addName(q.saslUser);
  // Names and addresses the structural patterns below would cut short (review AA, F14: "sasl_username=Taro Yamada"
  // became "user-0706580d Yamada", and "o'$(touch …)'`id`\";x@example.jp" left all but "x" in clear): every one the
  // tables know is matched whole, as is and as the rules quote it in commands (detect/util.ts shellArg), before any
  // pattern that would take a word of it.
  const whole = new Map<string, string>();
  const addWhole = (v: string): void => {
    if (!v || v.length < 3 || v.length > 1024 || PLACEHOLDER.test(v) || PSEUDONYM.test(v) || PLAIN_NAME.test(v)) return;
    whole.set(v, v);
    whole.set(shellArg(v), v);
  };
  for (const u of r.bySaslUser) { addWhole(u.key); u.topSenders.forEach(addWhole); }
  for (const c of [...r.byClientIp, ...(r.topAttackingIps ?? [])]) { c.saslUsers.forEach(addWhole); c.topUsersTried.forEach(addWhole); c.mailboxUsers?.forEach(addWhole); }
  for (const x of [...r.authFailuresByUser, ...r.dovecotAuthFailuresByUser, ...(r.mailboxLoginsByUser ?? []), ...r.bySender]) addWhole(x.key);
  for (const x of r.rspamdOutgoing?.users ?? []) addWhole(x.user);
  for (const x of r.clientIpIndex?.ips ?? []) x.users?.forEach(addWhole);
  for (const x of r.dovecotLoginsByUser) addWhole(x.key.replace(/^\S+ /, ''));
  for (const q of [...r.stillQueued, ...r.deletedInBulk]) { addWhole(q.saslUser); addWhole(q.sender); q.to.forEach(addWhole); q.pendingTo.forEach(addWhole); q.refusedTo?.forEach(addWhole); }
  for (const f of r.findings) if (/user|login|account|sender|recipient|mailbox|addr/i.test(f.subject?.kind ?? '')) addWhole(f.subject!.value);
  const wholeList = [...whole.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map(escapeRe).join('|');

  const domains = new Set<string>();
  if (opts.redactDomains) {
    const addDomain = (d: string): void => { if (DOMAIN_NAME.test(d)) domains.add(d.toLowerCase()); };
    const fromAddr = (a: string): void => { const at = a.lastIndexOf('@'); if (at >= 0) addDomain(a.slice(at + 1)); };
    for (const x of r.bySenderDomain) addDomain(x.key);
    for (const x of r.byRecipientDomain) addDomain(x.key);
    for (const x of r.bySender) fromAddr(x.key);
    for (const u of r.bySaslUser) { fromAddr(u.key); u.topSenders.forEach(fromAddr); }
    for (const q of [...r.stillQueued, ...r.deletedInBulk]) { fromAddr(q.sender); fromAddr(q.saslUser); }
  }

  // A known name whole (see `whole`), not inside a longer name or address.
  const wholeAlt = wholeList === '' ? [] : [String.raw`(?<![\p{L}\p{N}_.@+/\-])(?<whole>${wholeList})(?![\p{L}\p{N}_.@+=(/:\[\-])`];
  // sasl_username= takes a known name whole; in a log line, the rest of the line (Postfix writes the value raw, last
  // or before ", sasl_sender="); elsewhere, a word.
  const saslValue = (logLine: boolean): string => [
    ...(wholeList === '' ? [] : [String.raw`(?:${wholeList})(?=$|[\s,;)])`]),
    ...(logLine ? [String.raw`[^\n]*?(?=, sasl_sender=|$)`] : []),
    String.raw`[^\s,;()]+`,
  ].join('|');
  const alternatives = (logLine: boolean): string[] => [
    ...wholeAlt,
    // Dovecot's login session ID, which is the client's IP in base64 (see SESSION above): "session=<wKn2+Rph4q2xigz2>"
    // (login lines; "session=X" in auth_debug's request lines), and the "<…>" of a prefix: 2.3's
    // "passwd-file(user,ip,<zyDGC1th5dRRvVOm>)", 2.4's "auth(user,ip,sasl:plain)<RilyEHJhnOx/AAAB>:", a mail process's
    // "imap(user)<21291><WAD58FVhW7N/AAoB>:" (a pid, all digits, is no session), LMTP's "<2EIWOEDUCmvSVAAAg+zDdQ:T2>"
    // (a GUID of time and host, no IP, alike).
    String.raw`(?<sessk>\bsession=<?)(?<sessv>${SESSION_ID})(?=[>\s,;)]|$)`,
    String.raw`(?<=[,)>]<)(?!\d+>)(?<sessb>${SESSION_ID})(?=>|:T\d+>)`,
    // A header or body line cleanup's header_checks/body_checks logged (review AE, F5): its text is the mail's own (a
    // subject names people and matters), not the log's; it becomes a "text-" pseudonym, the same for the same text,
    // so that a subject a spam run repeats is still seen as one. cleanup_message.c writes "%s: %s: %s %.*s from %s;
    // from=<%s> to=<%s> proto=%s helo=<%s>", e.g. "4104E3F: reject: header Subject: Invoice for Keiko Sasaki from
    // unknown[198.51.100.7]; from=<ceo@example.jp> to=<x@example.org> proto=ESMTP helo=<User>: 550 5.7.1 No invoices".
    String.raw`(?<hdrk>\b(?:reject|warning|hold|discard|filter|redirect|replace|prepend|info|bcc|strip): (?:header|body|mime-header|nested-header) (?:[\x21-\x39\x3b-\x7e]+: ?)?)(?<hdrv>[^\n]*?)(?= from \S*\[[^\]\s]*\](?::\d+)?; from=<)`,
    // reject_sender_login_mismatch: "553 5.7.1 <ceo@example.jp>: Sender address rejected: not owned by user kobayashi"
    // (smtpd_check.c; review AE, F6): a login name no table may know.
    String.raw`(?<=\bnot owned by user )(?!ADDR(?![^\s;,]))(?<owner>${LOCAL}(?:@${DOMAIN})?)(?=$|[\s;,])`,
    // authorized_submit_users: "postfix/sendmail[99]: fatal: User alice(1001) is not allowed to submit mail" (review AE, F8).
    String.raw`(?<=\bUser )(?<submitter>[^\s()]+)(?=\(\d+\) is not allowed to submit mail)`,
    // postscreen's PREGREET quotes what the client sent too early, often its EHLO: "PREGREET 14 after 0.08 from
    // [192.0.2.2]:59415: EHLO Taro-PC\r\n" (LINES.md #26): the name is a HELO name (review AE, F8).
    String.raw`(?<=\bPREGREET \d+ after [\d.]+ from \S+: (?:EHLO|HELO|ehlo|helo) )(?<pregreet>[^\s\\]+)`,
    String.raw`\b(?<sasl>sasl_username=)(?<saslv>${saslValue(logLine)})`,
    String.raw`\b(?<userk>user=<)(?<userv>[^>]*)(?=>)`,
    // Bare local recipients and senders: to=<root>, orig_to=<alice>, to=<Taro Yamada>
    String.raw`\b(?<envk>(?:orig_to|to|from)=<)(?<envv>[^>@\n]+)(?=>)`,
    // An address in <…> whose local part has a space or a quote (from=<"Taro Yamada"@example.jp>, "<o'brien x@…>"):
    // whole, where the address pattern below would take its last word only (review AA, F14).
    String.raw`(?<=<)(?<angle>[^<>@\n]*[\s"'\x60][^<>@\n]*@[^<>\s@]+)(?=>)`,
    // Dovecot: passwd-file(user,ip,<session>), imap(user)<pid><session>, auth-worker(user,ip)
    String.raw`(?<dovk>\b[a-z][a-z0-9-]*\()(?<dovv>(?!\d+[,)])[^,()<>\s]+)(?<dovrest>(?:,[^,()\s]*)*\))`,
    // A client's reverse name (review AE, F1): the tables give it as a pseudonym (byClientIp `name`), so does a log
    // line, where smtpd writes it before the IP: "connect from NAME[IP]", "client=NAME[IP]", "RCPT from NAME[IP]: …",
    // "warning: NAME[IP]: SASL LOGIN authentication failed: …"; and smtpd's DNS warnings "warning: hostname NAME does
    // not resolve to address IP", "warning: IP: hostname NAME verification failed: …", "warning: IP: address not
    // listed for hostname NAME" (smtpd_peer.c). A name was kept in clear, and resolving it gave back the IP behind
    // its pseudonym; a name like "FL1-125-199-12-34.tky.mesh.ad.jp" spelled it.
    String.raw`(?<=\bfrom |\bclient=|\borig_client=|\bwarning: )(?<cname>${HOST_NAME})\[(?<cip>${V4}|${V6})\]`,
    String.raw`(?<=\bhostname )(?<hname>${HOST_NAME})(?= does not resolve to address | verification failed)`,
    String.raw`(?<=\baddress not listed for hostname )(?<hname2>${HOST_NAME})`,
    // Another "NAME[IPv4]" (a receiver: "relay=NAME[IP]:25", "host NAME[IP] said"): the name stays, but not the IP in it.
    String.raw`(?<![\p{L}\p{N}_.\-])(?<rname>${HOST_NAME})\[(?<rip>${V4})\]`,
    // The HELO name a client gave (review AE, F3): "helo=<Taro-no-MacBook-Air.local>", "helo=<carol-pc.example.jp>".
    String.raw`\b(?<helok>helo=<)(?<helov>[^>\s]+)(?=>)`,
    // A user name written without "<…>" (review AE, F4): PAM's "… tty=dovecot ruser=masaru rhost=203.0.113.9  user=masaru"
    // (LINES.md, Dovecot auth backend).
    String.raw`\b(?<barek>r?user=)(?!<)(?<barev>[^\s<>;,()\[\]]+)`,
    String.raw`\b(?<rhostk>rhost=)(?<rhostv>${HOST_NAME})(?![\p{L}\p{N}_.:\-])`,
    String.raw`\b(?<v6k>IPv6:)(?<v6v>${V6})`,
    String.raw`(?<email>(?<emaill>${LOCAL})@(?<emaild>${DOMAIN}))`,
    String.raw`(?<![\d.])(?<v4>(?:\d{1,3}\.){3}\d{1,3})(?!\d|\.\d)`,
    // A reverse name that spells the IP with dashes ("c-73-12-34-56.hsd1.example[73.12.34.56]"): the IP's pseudonym.
    String.raw`(?<![\d.]|\d[-_])(?<v4d>\d{1,3}(?:[-_]\d{1,3}){3})(?!\d|[-_]\d)`,
    String.raw`(?<![\w.:])(?<v6>${V6})(?![\w:]|\.\d)`,
  ];
  const tail: string[] = [];
  if (domains.size > 0) {
    const list = [...domains].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map(escapeRe).join('|');
    tail.push(String.raw`(?<![\p{L}\p{N}\-])(?<sub>(?:[\p{L}\p{N}\-]+\.)*)(?<dom>${list})(?![\p{L}\p{N}\-]|\.[\p{L}\p{N}])`);
  }
  const nameAlt = (set: ReadonlySet<string>): string[] => {
    if (set.size === 0) return [];
    const list = [...set].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map(escapeRe).join('|');
    return [String.raw`(?<![\p{L}\p{N}_.@+/\-])(?<name>${list})(?![\p{L}\p{N}_.@+=(/:\[\-])`];
  };
  const scanner = new RegExp([...alternatives(false), ...tail, ...nameAlt(names)].join('|'), 'giu');
  const lineScanner = new RegExp([...alternatives(true), ...tail, ...nameAlt(names)].join('|'), 'giu');
  const proseScanner = commonNames.size === 0 ? scanner : new RegExp([...alternatives(false), ...tail, ...nameAlt(new Set([...names, ...commonNames]))].join('|'), 'giu');

  /**
   * The names a log line gives in the places the scan knows (addresses, "to=<root>", "user=<…>", "helo=<…>"), with
   * their pseudonyms, to be replaced where the same line, or the reason a table made of it, repeats them bare
   * (review AE, F2): a receiver quoting the recipient ("550 5.7.1 Message rejected for recipient kenji.mori"), local(8)
   * ("cannot update mailbox /home/ghanako/Maildir/ for user ghanako."), smtpd's reply quoting the HELO name
   * ("450 4.7.1 <noriko-pc>: Helo command rejected: Host not found; … helo=<noriko-pc>").
   */
  const secretsOf = (line: string): Map<string, string> => {
    const out = new Map<string, string>();
    const add = (v: string, pseudonym: (v: string) => string): void => {
      if (tooShort(v) || COMMON_WORDS.has(v.toLowerCase()) || PSEUDONYM.test(v) || PLACEHOLDER.test(v) || /^\d+$/.test(v)) return;
      if (!out.has(v.toLowerCase())) out.set(v.toLowerCase(), pseudonym(v));
    };
    for (const m of line.matchAll(LINE_NAMES)) {
      const g = m.groups!;
      if (g.local !== undefined) add(g.local, local);
      else if (g.bare !== undefined) add(g.bare, local);
      else if (g.helo !== undefined && !g.helo.startsWith('[') && !heloKept(g.helo)) add(g.helo, host);
      else if (g.dov !== undefined) add(g.dov, local);
      else if (g.foruser !== undefined) add(g.foruser, local);
      else if (g.path !== undefined) {
        // The first directory that is neither the store's own (MAIL_DIRS) nor a domain the report names is the user's.
        const owner = g.path.split('/').find((d) => d !== '' && !MAIL_DIRS.has(d.toLowerCase()) && !reportDomains.has(d.toLowerCase()));
        if (owner !== undefined) add(owner, local);
      }
    }
    return out;
  };
  const withSecrets = (s: string, secrets: ReadonlyMap<string, string>): string => {
    if (secrets.size === 0) return s;
    const list = [...secrets.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map(escapeRe).join('|');
    const re = new RegExp(String.raw`(?<![\p{L}\p{N}_.@+\-])(?:${list})(?![\p{L}\p{N}_@+\-]|\.[\p{L}\p{N}])`, 'giu');
    return s.replace(re, (m) => secrets.get(m.toLowerCase())!);
  };
  const text = (s: string): string => scan(s, scanner);
  const logLine = (s: string): string => withSecrets(scan(s, lineScanner), secretsOf(s));
  const rowText = (s: string, line: string): string => withSecrets(text(s), secretsOf(line));
  // A match the scan makes in the tool's prose is the prose's own word where the text around it is a fragment of the
  // tool's own text (prose-fragments.ts) that holds it with MIN_CONTEXT characters more: "a scanner" of "(a web
  // application, a scanner, a monitoring script …)", an example the advice gives ("Debian runs Postfix as
  // `postfix@-.service`"). The fragments holding a match are looked up once per matched text.
  const fragmentsWith = new Map<string, string[]>();
  const inOwnText = (s: string, at: number, m: string): boolean => {
    let list = fragmentsWith.get(m);
    if (list === undefined) {
      list = proseFragments().filter((f) => f.length - m.length >= MIN_CONTEXT && f.includes(m));
      fragmentsWith.set(m, list);
    }
    for (const f of list) {
      for (let j = f.indexOf(m); j >= 0; j = f.indexOf(m, j + 1)) if (at - j >= 0 && s.startsWith(f, at - j)) return true;
    }
    return false;
  };
  const prose = (s: string): string => scan(s, proseScanner, (at, length) => inOwnText(s, at, s.slice(at, at + length)));
  function scan(s: string, re: RegExp, kept?: (at: number, length: number) => boolean): string {
    return s.replace(re, (m: string, ...args: unknown[]) => {
      const g = args[args.length - 1] as Record<string, string | undefined>;
      if (kept !== undefined && kept(args[args.length - 3] as number, m.length)) return m;
      if (g.whole !== undefined) return user(whole.get(g.whole)!);
      if (g.sessk !== undefined) return g.sessk + session(g.sessv!);
      if (g.sessb !== undefined) return session(g.sessb);
      if (g.sasl !== undefined) return g.sasl + user(g.saslv!);
      if (g.userk !== undefined) return g.userk + user(g.userv!);
      if (g.envk !== undefined) return g.envk + user(g.envv!);
      if (g.angle !== undefined) return addr(g.angle);
      if (g.dovk !== undefined) return g.dovk + user(g.dovv!) + text(g.dovrest!);
      if (g.hdrk !== undefined) return g.hdrk + (g.hdrv === '' ? '' : `text-${hash('t', g.hdrv!)}`);
      if (g.owner !== undefined) return user(g.owner);
      if (g.submitter !== undefined) return user(g.submitter);
      if (g.pregreet !== undefined) return helo(g.pregreet);
      if (g.cname !== undefined) return `${host(g.cname)}[${ip(g.cip!)}]`;
      if (g.hname !== undefined) return host(g.hname);
      if (g.hname2 !== undefined) return host(g.hname2);
      if (g.rname !== undefined) return `${isIP(g.rip!) === 4 ? withoutIp(g.rname, g.rip!) : text(g.rname)}[${ip(g.rip!)}]`;
      if (g.helok !== undefined) return g.helok + helo(g.helov!);
      if (g.barek !== undefined) return g.barek + user(g.barev!);
      if (g.rhostk !== undefined) return g.rhostk + host(g.rhostv!);
      if (g.v6k !== undefined) return g.v6k + (isIP(g.v6v!) === 6 ? ip(g.v6v!) : g.v6v!);
      if (g.email !== undefined) return addr(m);
      if (g.v4 !== undefined || g.v4d !== undefined) { const v4 = v4Of(m); return v4 === null ? m : ip(v4); }
      if (g.v6 !== undefined) return isIP(g.v6) === 6 ? ip(g.v6) : m;
      if (g.dom !== undefined) return g.sub! + domain(g.dom);
      if (g.name !== undefined) return user(g.name);
      return m;
    });
  }

  return { user, addr, ip, host, domain, text, logLine, rowText, prose };
}

type Field = (v: string, red: Redactor) => string;

/**
 * The rules' own words in blocks to paste that read as an IP or an address but name nobody: fail2ban's
 * "ignoreip = 127.0.0.1/8 ::1" and "journalmatch = _SYSTEMD_UNIT=postfix@-.service" (sasl-bruteforce, relay-probing).
 * Without this, redaction left the whole jail file out (review Y). Only these literals: an IP from the log in the same
 * block still withholds it.
 */
const OWN_WORDS = /(?<![\w.])127\.0\.0\.1\/8(?![\w.])|(?<![\w:])::1(?![\w:.])|_SYSTEMD_UNIT=postfix@-\.service(?![\w.-])/g;

/** A fenced block of a fix, as the rules write them ("```" alone on its line, the block, "```"). */
const FENCED = /^```[^\n]*\n[\s\S]*?^```[ \t]*$/gm;

/**
 * A finding's fix, redacted: prose as free text; a block to paste that redaction would change, or that reads a list
 * left out (`withheld`), replaced by `note` (counted in `left.blocks`).
 */
function redactFix(fix: string, x: Redactor, withheld: ReadonlySet<string>, note: (reads: string[]) => string, left: { blocks: number },
  sentenceNote: (lists: string[]) => string): string {
  const prose = (t: string): string => withoutListSentences(x.prose(t), withheld, sentenceNote);
  let out = '';
  let last = 0;
  for (const m of fix.matchAll(FENCED)) {
    const block = m[0];
    out += prose(fix.slice(last, m.index));
    const reads = [...withheld].filter((f) => block.includes(f)).sort();
    const checked = block.replace(OWN_WORDS, ' ');
    if (reads.length === 0 && x.prose(checked) === checked) out += block;
    else {
      out += note(reads);
      left.blocks++;
    }
    last = m.index + block.length;
  }
  return out + prose(fix.slice(last));
}

/**
 * A sentence ends at ". ", "! ", "? " before a capital, a backquote, "*" or "(" (English), or after "。" (Japanese); the
 * rules' prose has no other full stops followed by a capital.
 */
const SENTENCE_END = /(?<=[.!?]) +(?=[A-Z`*(])|(?<=。)/;

/**
 * Prose with every sentence that names a withheld list ("`compromised-ips.txt` (next to this report) lists the 41 IPs
 * …: block them …") replaced by one note per line (review 11, L1: the fix said the lists were "written next to this
 * report" when a redacted run writes none). Line by line: a line is a paragraph or a list item of the fix.
 */
function withoutListSentences(text: string, withheld: ReadonlySet<string>, note: (lists: string[]) => string): string {
  if (withheld.size === 0) return text;
  return text.split('\n').map((line) => {
    const named = [...withheld].filter((f) => line.includes(f)).sort();
    if (named.length === 0) return line;
    const names = (s: string): boolean => [...withheld].some((f) => s.includes(f));
    const lead = /^(\s*(?:[-*] |\d+\. |> )?)/.exec(line)![1]!;
    // First a parenthesis that points to the list ("Block the attacking IPs (`compromised-ips.txt`, written next to
    // this report; …), and make the guessing slower: …" keeps its sentence), then any sentence still naming one.
    const body = line.slice(lead.length).replace(/ ?\([^()]*\)|（[^（）]*）/g, (p) => (names(p) ? '' : p));
    const kept = body.split(SENTENCE_END).filter((s) => !names(s));
    return lead + [...kept.map((s) => s.trim()).filter((s) => s !== ''), note(named)].join(kept.some((s) => /。/.test(s)) ? '' : ' ');
  }).join('\n');
}

const QUEUED_FIELDS: Record<string, Field> = {
  saslUser: (v, x) => x.user(v), sender: (v, x) => x.addr(v), clientIp: (v, x) => x.ip(v), to: (v, x) => x.addr(v),
  pendingTo: (v, x) => x.addr(v), refusedTo: (v, x) => x.addr(v), qid: (v) => v, host: (v) => v,
};
const CLIENT_IP_FIELDS: Record<string, Field> = {
  key: (v, x) => x.ip(v), name: (v, x) => x.host(v), saslUsers: (v, x) => x.user(v), topUsersTried: (v, x) => x.user(v),
  mailboxUsers: (v, x) => x.user(v),
  // Words of ours (detect/client-roles.ts), no log text.
  roles: (v) => v,
};

/** Fields whose meaning is known; every other string of the model goes through the free-text scan. */
const FIELDS: Record<string, Record<string, Field>> = {
  bySaslUser: { key: (v, x) => x.user(v), topClientIps: (v, x) => x.ip(v), topSenders: (v, x) => x.addr(v), topRejectClientIps: (v, x) => x.ip(v) },
  byClientIp: CLIENT_IP_FIELDS,
  topAttackingIps: CLIENT_IP_FIELDS,
  bySender: { key: (v, x) => x.addr(v) },
  // A sender without "@" is its own row ("root", "Taro Yamada": aggregate/messages.ts): a name, not a domain.
  bySenderDomain: { key: (v, x) => (v === '<>' || v === 'localhost' || DOMAIN_NAME.test(v) ? x.domain(v) : x.user(v)) },
  byLocalProgram: { key: (v) => v, host: (v) => v, uid: (v) => v },
  byRecipientDomain: { key: (v, x) => x.domain(v) },
  mailAuthentication: { domain: (v, x) => x.domain(v) },
  rspamdOutgoing: { user: (v, x) => x.user(v) },
  authFailuresByUser: { key: (v, x) => x.user(v) },
  dovecotAuthFailuresByUser: { key: (v, x) => x.user(v) },
  dovecotAuthFailuresByIp: { key: (v, x) => x.ip(v) },
  clientIpIndex: { ip: (v, x) => x.ip(v), users: (v, x) => x.user(v) },
  dovecotLoginsByUser: { key: (v, x) => { const sp = v.indexOf(' '); return sp < 0 ? x.user(v) : `${v.slice(0, sp)} ${x.user(v.slice(sp + 1))}`; } },
  mailboxLoginsByUser: { key: (v, x) => x.user(v), ip: (v, x) => x.ip(v), ips: (v, x) => x.ip(v), protocol: (v) => v },
  stillQueued: QUEUED_FIELDS,
  deletedInBulk: QUEUED_FIELDS,
  postsuperRequeues: { host: (v) => v },
  hosts: { key: (v) => v },
  clockSteps: { host: (v) => v, from: (v) => v, to: (v) => v },
  inputs: { kind: (v) => v },
  skippedInputs: { how: (v) => v },
};

/** How a finding's subject is redacted, by its kind. */
function subjectValue(kind: string, v: string, x: Redactor): string {
  if (/ip|client|address/i.test(kind) && isIP(v) !== 0) return x.ip(v);
  if (/user|login|account/i.test(kind)) return x.user(v);
  if (/sender|recipient|mailbox|addr/i.test(kind)) return x.addr(v);
  return x.text(v);
}

/** A redacted deep copy of the report. Pure: the same report and options give the same result. */
export function redactReport(report: Report, opts: RedactOptions): Report {
  if (report.redaction) throw new Error('the report is already redacted');
  const x = newRedactor(report, opts);
  const msg = messagesFor(report.lang);
  // The lists whose entries would be pseudonyms: not exported (see the top of this file).
  const withheld = new Set<string>();
  for (const f of report.findings) {
    for (const [name, items] of Object.entries(f.lists ?? {})) if (items.some((i) => x.text(i) !== i)) withheld.add(name);
  }
  const left = { blocks: 0 };
  const walk = (v: unknown, table: string, field: string): unknown => {
    if (typeof v === 'string') {
      const f = FIELDS[table]?.[field];
      if (f) return f(v, x);
      // Finding evidence named after users or addresses ("topUserNamesTried": "sales, info, …"): lists of names,
      // redacted even when they are common words, which the free-text scan leaves alone.
      if (table === 'findings' && /user|login|account/i.test(field)) return v.split(/(,\s*)/).map((p, i) => (i % 2 ? p : x.user(p.trim()))).join('');
      if (table === 'findings' && /sender|recipient|address|mailbox/i.test(field)) return v.split(/(,\s*)/).map((p, i) => (i % 2 ? p : x.addr(p.trim()))).join('');
      // The warnings are the tool's prose, with the values of the run in it (file names, times, counts).
      if (table === 'warnings') return x.prose(v);
      return x.text(v);
    }
    if (Array.isArray(v)) return v.map((e) => walk(e, table, field));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      // A reason row's example line (bounceReasons, deferralCauses …): the names it gives are hidden in the reason too.
      const example = (v as { example?: { text?: unknown } }).example;
      const exampleLine = example !== null && typeof example === 'object' && typeof example.text === 'string' ? example.text : null;
      for (const [k, e] of Object.entries(v as Record<string, unknown>)) {
        if (exampleLine !== null && (k === 'reason' || k === 'detail') && typeof e === 'string' && FIELDS[table]?.[k] === undefined) {
          out[k] = x.rowText(e, exampleLine);
        } else if (table === 'findings' && k === 'subject' && e !== null && typeof e === 'object') {
          const s = e as { kind: string; value: string };
          out[k] = { ...s, value: subjectValue(s.kind, s.value, x) };
        } else if (table === 'findings' && (k === 'title' || k === 'why') && typeof e === 'string') {
          out[k] = x.prose(e);
        } else if (table === 'findings' && k === 'fix' && typeof e === 'string') {
          out[k] = redactFix(e, x, withheld, msg.warnings.redactedBlock, left, msg.warnings.redactedSentence);
        } else if (table === 'findings' && k === 'evidence' && e !== null && typeof e === 'object') {
          // "intruderIpsList = compromised-ips.txt": a pointer to a list this run does not write (review 11, L1).
          out[k] = walk(Object.fromEntries(Object.entries(e as Record<string, unknown>).filter(([, ev]) => typeof ev !== 'string' || !withheld.has(ev))), table, k);
        } else if (table === 'findings' && k === 'lists' && e !== null && typeof e === 'object') {
          out[k] = Object.fromEntries(Object.entries(e as Record<string, unknown>).filter(([name]) => !withheld.has(name))
            .map(([name, items]) => [name, walk(items, table, name)]));
          // The withheld lists compare reads, as pseudonyms (IPs: the same pseudonyms as the tables' keys).
          const kept = Object.entries(e as Record<string, string[]>).filter(([name]) => withheld.has(name) && COMPARED_LISTS.has(name));
          if (kept.length > 0) out.pseudonymLists = Object.fromEntries(kept.map(([name, items]) => [name, items.map(x.ip)]));
        } else if (k === 'sessionProblemKinds' && e !== null && typeof e === 'object') {
          // Labels are Postfix's words plus the SMTP stage it names; a forged line could put a name or an IP there.
          out[k] = Object.fromEntries(Object.entries(e as Record<string, unknown>).map(([kind, n]) => [x.text(kind), n]));
        } else if (k === 'text' && typeof e === 'string' && typeof (v as { line?: unknown }).line === 'number') {
          out[k] = x.logLine(e); // an example log line ({file, line, offset, text})
        } else if (k === 'dsn' || k === 'qid' || k === 'rule' || k === 'severity' || k === 'firstAt' || k === 'lastAt' || k === 'since' || k === 'deletedAt'
          || k === 'legitimateQueueIds') {
          out[k] = e;
        } else {
          out[k] = walk(e, table, k);
        }
      }
      return out;
    }
    return v;
  };

  const out: Record<string, unknown> = {};
  // The paths typed on the command line are the admin's own disk: a redacted report names the files only (review Z,
  // Z25), in report.json too.
  for (const [k, v] of Object.entries(withCitedPaths(report))) out[k] = KEEP.has(k) ? structuredClone(v) : walk(v, k, '');
  const red = out as unknown as Report;
  // The allow-lists of the run (options.detection, kept as a whole above): pseudonyms like the tables' (review 19, M4).
  const d = red.options?.detection;
  if (d) red.options.detection = { ...d, allowIps: d.allowIps.map(x.ip).sort(), allowUsers: d.allowUsers.map(x.user).sort() };
  const fp = keyFingerprint(opts.key);
  red.warnings = [
    ...red.warnings,
    msg.warnings.redactedPseudonyms({ domains: opts.redactDomains, fingerprint: fp }),
    ...(opts.randomKey ? [msg.warnings.redactedRandomKey] : []),
    ...(!opts.randomKey && opts.key.length < SHORT_REDACTION_KEY ? [msg.warnings.redactedShortKey({ chars: opts.key.length })] : []),
    ...(withheld.size > 0 || left.blocks > 0 ? [msg.warnings.redactedLeftOut({ lists: [...withheld].sort(), blocks: left.blocks })] : []),
  ];
  red.redaction = { keyFingerprint: fp, keyDerivation: KEY_DERIVATION, pseudonymHexDigits: PSEUDONYM_HEX_DIGITS, domains: opts.redactDomains, pseudonymLists: true };
  // The verdict and first steps again, from the redacted findings: a withheld list is named nowhere, and a command
  // block that became a note gives no command (report/overview.ts). A report of an older version has none.
  if (report.overview !== undefined) red.overview = buildOverview(red, msg);
  return red;
}
