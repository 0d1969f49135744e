// smtpd (any service name: postfix/smtpd, postfix/submission/smtpd, postfix-out/smtpd …).

import type { ClientAddr, LogEvent } from '../../types.js';
import { clientAt, commaField, NO_CLIENT, parseClientAt, queueIdLength, sliceKnown, startsAt } from '../fields.js';
import { cutLine, endsAtKey } from '../cut.js';
import { parseProxyReject, parseReject } from './reject.js';
import { keyAt } from '../line-keys.js';
import { ipSlice } from '../ip.js';
import { parseDaemonWarning } from './warning.js';

/** Parses the text of an smtpd line (`m` = index of the message in `s`). Returns null when not understood. */
export function parseSmtpd(s: string, m: number, service: string): LogEvent | null {
  const c = s.charCodeAt(m);

  // "connect from unknown[127.66.108.36]"
  if (c === 99 && s.startsWith('connect from ', m)) {
    if (parseClientAt(s, m + 13, clientBox) < 0) return cutLine(); // "connect from unknown[192.0.2"
    return { kind: 'connect', service, client: clientBox.client };
  }
  // "disconnect from unknown[192.0.2.2] ehlo=1 auth=0/1 rset=1 quit=1 commands=3/4" (Postfix ≥ 3.0 counters)
  // "disconnect from unknown[192.0.2.10] ehlo=1 auth=0/1 quit=1 commands=2/3 notes=bare_lf" (≥ 3.9, notesStart)
  if (c === 100 && s.startsWith('disconnect from ', m)) return parseDisconnect(s, m + 16, service);

  const qlen = queueIdLength(s, m);
  if (qlen > 0) {
    const qid = sliceKnown(s, m, m + qlen, NOQUEUE); // Postfix ≥ 3.10's session lines: "NOQUEUE: lost connection …"
    const t = m + qlen + 2;
    // "BC4E116065B: client=unknown[127.0.20.12]"
    // "EB4B2C19E2: client=xxx[1.2.3.4], sasl_method=PLAIN, sasl_username=user@domain"
    // "…: client=localhost[127.0.0.1], orig_queue_id=A17F830001CA, orig_client=x[1.2.3.4]" (XFORWARD reinjection)
    if (s.startsWith('client=', t)) {
      if (parseClientAt(s, t + 7, clientBox) < 0 || clientFieldsCut(s, t)) return cutLine();
      const saslMethod = commaField(s, ', sasl_method=', t);
      const saslUser = commaField(s, ', sasl_username=', t);
      // smtpd_sasl_mail_log() writes the method and the user together: a method alone is a line cut before the
      // user, a client that did log in, not one that never did.
      if (saslMethod !== '' && saslUser === '') return cutLine();
      return {
        kind: 'smtpdClient',
        service,
        qid: qid === 'NOQUEUE' ? '' : qid,
        client: clientBox.client,
        saslMethod,
        saslUser,
        origQueueId: commaField(s, ', orig_queue_id=', t),
      };
    }
    // Postfix 3.10 puts the queue ID (or NOQUEUE) before the session's "after" lines (smtpd.c of 3.10: msg_info("%s: %s
    // after %s from %s", queue_id_or_noqueue, state->reason, state->where, state->namaddr); 3.7.11's string was
    // "%s after %s from %s"; review 18 of the versions, finding 4). The same session problem as 3.7's line below:
    //   "NOQUEUE: lost connection after AUTH from unknown[192.0.2.100]"
    //   "NOQUEUE: timeout after RCPT from unknown[192.0.2.25]"
    //   "NOQUEUE: too many errors after AUTH from unknown[192.0.2.24]"
    //   "4F9D21C0A3B: lost connection after DATA (494133 bytes) from unknown[192.0.2.26]"
    const tc = s.charCodeAt(t);
    if (tc === 108 || tc === 116) {
      const problem = sessionProblem(s, t, service);
      if (problem !== undefined) return problem;
    }
    // "NOQUEUE: reject: RCPT from unknown[…]: 554 5.7.1 <a@b>: Relay access denied; from=<…> to=<…> proto=ESMTP helo=<…>"
    const rej = parseReject(s, t, qid === 'NOQUEUE' ? '' : qid, 'smtpd');
    if (rej) return rej;
    // Other "QID: …" smtpd lines are rare: "filter:", "hold:" go through parseReject.
    return null;
  }

  if (c === 119 && startsAt(s, 'warning: ', m)) return parseSmtpdWarning(s, m + 9, service);

  // Postfix ≤ 3.9 (3.7.11's smtpd: "%s after %s from %s", "%s after %s (%lu bytes) from %s"):
  // "lost connection after AUTH from unknown[192.0.2.23]" ; "lost connection after DATA (494133 bytes) from …"
  // "timeout after END-OF-MESSAGE from unknown[72.13.58.7]" ; "too many errors after RCPT from example.com[192.0.2.11]"
  const problem = sessionProblem(s, m, service);
  if (problem !== undefined) return problem;
  // "improper command pipelining after AUTH from unknown[1.2.3.4]: QUIT"
  if (s.startsWith('improper command pipelining after ', m)) {
    const p = m + 34;
    const from = s.indexOf(' from ', p);
    return {
      kind: 'smtpdProblem', service, problem: 'pipelining',
      after: from < 0 ? '' : s.slice(p, from), client: from < 0 ? NO_CLIENT : clientAt(s, from + 6),
    };
  }
  // TLS and session details: recognised, no forensic value.
  // "Anonymous TLS connection established from unknown[127.0.20.12]: TLSv1.3 with cipher …"
  if (s.indexOf('TLS connection established from ', m) >= 0) return { kind: 'noise', what: 'tls' };
  // "SSL_accept error from unknown[1.2.3.4]: lost connection" ; "bare <LF> received after CONNECT from …"
  if (s.startsWith('SSL_accept error from ', m)) {
    return { kind: 'smtpdProblem', service, problem: 'tls-error', after: 'STARTTLS', client: clientAt(s, m + 22) };
  }
  if (s.startsWith('bare <LF> received', m)) return { kind: 'noise', what: 'bare-lf' };
  // smtpd_discard_ehlo_keywords without "silent-discard" logs this after every EHLO (smtpd.c "discarding EHLO
  // keywords: %s", in Postfix 3.7.11's smtpd): a setting, no event (review 17 H5; "chunking" went in widely as the
  // SMTP smuggling workaround of December 2023):
  //   "discarding EHLO keywords: CHUNKING"
  if (s.startsWith('discarding EHLO keywords: ', m)) return { kind: 'noise', what: 'ehlo-discard' };
  // A before-queue content filter's answer (review 7 M9; Postfix 3.7.11). Accepted: the message goes on under the
  // after-filter smtpd's own queue ID and client= line, so this line only notes it:
  //   "proxy-accept: END-OF-MESSAGE: 250 2.0.0 Ok: queued as D2B08A6A08; from=<…> to=<…> proto=ESMTP helo=<…>"
  if (s.startsWith('proxy-accept: ', m)) return { kind: 'noise', what: 'smtpd-proxy-accept' };
  if (s.startsWith('proxy-reject: ', m)) return parseProxyReject(s, m);
  if (s.startsWith('NOQUEUE: ', m)) return null;
  // "fatal: …", "error: …", "panic: …", "statistics: …" and other daemon-wide lines.
  return parseDaemonWarning(s, m, 'smtpd');
}

const clientBox: { client: ClientAddr } = { client: NO_CLIENT };
const NOQUEUE = ['NOQUEUE'] as const;

/**
 * Whether the ", key=value" list after "client=name[addr]" is visibly cut: its last field has no "=" ("…, sasl_meth")
 * or no value ("…, sasl_username="), or the line ends in the separator. A value cut inside ("sasl_username=info@exa")
 * cannot be told from a whole one: the last field of a line has no closing character.
 */
function clientFieldsCut(s: string, t: number): boolean {
  const n = s.length;
  const last = s.charCodeAt(n - 1);
  if (last === 44 || last === 32) return true; // ", " or ","
  const sep = s.lastIndexOf(', ', n - 1);
  if (sep < t) return false;
  const eq = s.indexOf('=', sep + 2);
  return eq < 0 || endsAtKey(s);
}

const PROBLEMS: ReadonlyArray<readonly [string, string]> = [
  ['lost connection after ', 'lost-connection'],
  ['timeout after ', 'timeout'],
  ['too many errors after ', 'too-many-errors'],
];

/** The stages smtpd names in "… after AUTH from …" (a brute force's is AUTH): each a constant, not a string a line. */
const SMTP_STAGES = ['AUTH', 'CONNECT', 'EHLO', 'HELO', 'STARTTLS', 'MAIL', 'RCPT', 'DATA', 'END-OF-MESSAGE', 'BDAT', 'RSET',
  'QUIT', 'UNKNOWN'] as const;

/** The session problem whose text starts at `p` (one of PROBLEMS); undefined: not one; null: one, cut short. */
function sessionProblem(s: string, p: number, service: string): LogEvent | null | undefined {
  for (const [prefix, problem] of PROBLEMS) {
    if (s.startsWith(prefix, p)) {
      const after = s.indexOf(' ', p + prefix.length);
      const from = s.indexOf(' from ', p + prefix.length);
      if (after < 0 || from < 0 || parseClientAt(s, from + 6, clientBox) < 0) return cutLine();
      return {
        kind: 'smtpdProblem',
        service,
        problem,
        after: sliceKnown(s, p + prefix.length, after, SMTP_STAGES),
        client: clientBox.client,
      };
    }
  }
  return undefined;
}

function parseDisconnect(s: string, i: number, service: string): LogEvent | null {
  const j = parseClientAt(s, i, clientBox);
  if (j < 0) return cutLine();
  const client = clientBox.client;
  // Postfix ≥ 3.0 ends the counters with "commands=ok/total" (older ones write none): counters without it, or
  // ending in "/" or "=", are cut ("auth=0/" would read as no failed AUTH). Postfix ≥ 3.9 may add " notes=…" after them.
  if (j < s.length) {
    let end = s.length;
    if (!isDigit(s, end - 1)) {
      end = notesStart(s, j);
      if (end < 0) return cutLine();
    }
    if (!isDigit(s, end - 1) || s.indexOf(' commands=', j) < 0) return cutLine();
  }
  let authOk = 0;
  let authTried = 0;
  let commands = 0;
  // "auth=0/1": ok/total; "auth=1": all ok.
  const a = s.indexOf(' auth=', i);
  if (a >= 0) {
    counter(s, a + 6);
    authOk = counterOk;
    authTried = counterTotal;
  }
  const cm = s.indexOf(' commands=', i);
  if (cm >= 0) {
    counter(s, cm + 10);
    commands = counterTotal;
  }
  return { kind: 'disconnect', service, client, authOk, authTried, commands };
}

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/**
 * Where the " notes=" that ends a disconnect line starts, or -1. With "smtpd_forbid_bare_newline = note" (Postfix
 * ≥ 3.9, HISTORY 20240124; smtpd.c of 3.10.13 appends vstring_sprintf_append(buf, " notes=bare_lf") after the
 * counters when the client sent a line ending in a bare <LF>), "a list of comma-separated names" (postconf(5)):
 *   "disconnect from unknown[192.0.2.10] ehlo=1 auth=0/1 quit=1 commands=2/3 notes=bare_lf"
 * The names are lower-case words; an empty list or one ending in "," is cut ("notes=" or "notes=bare_lf,").
 * Looked for only when a line does not end in a counter's digit.
 */
function notesStart(s: string, from: number): number {
  const notes = s.lastIndexOf(' notes=');
  if (notes < from) return -1;
  const n = s.length;
  if (notes + 7 >= n || s.charCodeAt(n - 1) === 44) return -1;
  for (let i = notes + 7; i < n; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 44)) return -1;
  }
  return notes;
}

/** counter()'s answer: two numbers left here, not a pair allocated on every disconnect line (thirty-eighth session). */
let counterOk = 0;
let counterTotal = 0;

/** "0/1" at `i` (ok/total) or "1" (all ok) into counterOk and counterTotal. */
function counter(s: string, i: number): void {
  let ok = 0;
  let j = i;
  while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) { ok = ok * 10 + s.charCodeAt(j) - 48; j++; }
  counterOk = ok;
  counterTotal = ok;
  if (s.charCodeAt(j) !== 47) return;
  j++;
  let total = 0;
  while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) { total = total * 10 + s.charCodeAt(j) - 48; j++; }
  counterTotal = total;
}

/**
 * Whether the warning text at `w` is cut: one word ("unknown", "unknown[192.0.2.1]:", no smtpd warning is one word),
 * a client "name[addr" whose "]" is missing, or "name[addr]: SASL" cut.
 */
function isCutClient(s: string, w: number): boolean {
  const open = s.indexOf('[', w);
  const space = s.indexOf(' ', w);
  if (space < 0) return true;
  if (open < 0 || space < open) return false;
  const close = s.indexOf(']', open);
  if (close < 0) return true;
  return s.charCodeAt(close + 1) === 58 && isCutOf(s, close + 1, [': SASL ']);
}

const VERDICTS = [' authentication failed: ', ' authentication aborted'] as const;
/** The failure reasons a cut could turn into another kind of failure (aggregate/events.ts authFailureKind). */
const KNOWN_REASONS = ['authentication failure', 'UGFzc3dvcmQ6', 'VXNlcm5hbWU6', 'Connection lost to authentication server',
  'Invalid base64 data in initial response', 'Invalid authentication mechanism'] as const;

/** Whether the text from `i` to the line's end is a proper beginning of one of smtpd's SASL verdicts. */
function isCutVerdict(s: string, i: number): boolean {
  return isCutOf(s, i, VERDICTS);
}

const USER_KEY = [', sasl_username='] as const;

/** Whether the text from `i` (≥ 0) to the line's end is a proper beginning of one of `words` (no substring made). */
function isCutOf(s: string, i: number, words: readonly string[]): boolean {
  if (i < 0) return false;
  const rest = s.length - i;
  for (const v of words) {
    if (rest >= v.length) continue;
    let k = 0;
    while (k < rest && s.charCodeAt(i + k) === v.charCodeAt(k)) k++;
    if (k === rest) return true;
  }
  return false;
}

/** The reasons a brute force repeats (Cyrus SASL / Dovecot auth answers as smtpd logs them). */
const SASL_REASONS = ['(reason unavailable)', 'authentication failure', 'UGFzc3dvcmQ6', 'VXNlcm5hbWU6'] as const;
/** 3.7's text of a mechanism Dovecot does not offer, and 3.10's beginning of it, followed by the name in quotes. */
const INVALID_MECHANISM = 'Invalid authentication mechanism';
const INVALID_MECHANISM_NAMED = 'Invalid authentication mechanism: \'';
const INVALID_MECHANISM_NAMED_AT = 'Invalid authentication mechanism:';
const SASL_MECHANISMS = ['LOGIN', 'PLAIN', 'CRAM-MD5', 'DIGEST-MD5', 'NTLM', 'XOAUTH2'] as const;

function parseSmtpdWarning(s: string, w: number, service: string): LogEvent | null {
  // "warning: unknown[127.66.108.36]: SASL PLAIN authentication failed: (reason unavailable), sasl_username=test"
  // "warning: HOSTNAME[1.1.1.1]: SASL LOGIN authentication failed: authentication failure"   (before 3.7.8: no user)
  // "warning: unknown[192.0.2.237]:55729: SASL LOGIN authentication failed: UGFzc3dvcmQ6"
  // "warning: unknown[127.66.20.36]: SASL LOGIN authentication aborted"
  const sasl = s.indexOf(': SASL ', w);
  if (sasl > 0) {
    const mechStart = sasl + 7;
    const mechEnd = s.indexOf(' ', mechStart);
    // Cut in the mechanism or the verdict ("SASL LOG", "SASL LOGIN authentication fai"): not some other warning.
    if (mechEnd < 0 || isCutVerdict(s, mechEnd)) return cutLine();
    if (mechEnd > 0) {
      const client = clientAt(s, w);
      const mechanism = sliceKnown(s, mechStart, mechEnd, SASL_MECHANISMS);
      if (s.startsWith(' authentication failed', mechEnd)) {
        let reasonStart = mechEnd + 22;
        if (s.charCodeAt(reasonStart) === 58) reasonStart += 2;
        const userAt = s.indexOf(', sasl_username=', reasonStart);
        const reasonEnd = userAt < 0 ? s.length : userAt;
        // The reason follows ": " always; "(reason unavailable)" without its ")" (or a line ending in ", sasl_username=")
        // is cut, and a cut reason would count as another kind of failure.
        // Before 3.7.8 no user follows: a reason that is a beginning of a known one ("Connection lost to auth", a
        // server error, would count as a wrong password) is cut too.
        if (s.charCodeAt(reasonStart - 2) !== 58 || reasonEnd === reasonStart || endsAtKey(s)
          || (s.charCodeAt(reasonStart) === 40 && s.charCodeAt(reasonEnd - 1) !== 41)
          || (userAt < 0 && (isCutOf(s, reasonStart, KNOWN_REASONS) || isCutOf(s, s.lastIndexOf(',', s.length - 1), USER_KEY)))) {
          return cutLine();
        }
        // Postfix ≥ 3.10 names the mechanism Dovecot does not offer (xsasl/xsasl_dovecot_server.c of 3.10.13:
        // vstring_sprintf(reply, "Invalid authentication mechanism: '%s'", sasl_method), printable(); HISTORY 20241031;
        // 3.7.11: "Invalid authentication mechanism"):
        //   "warning: unknown[192.0.2.12]: SASL XOAUTH authentication failed: Invalid authentication mechanism: 'XOAUTH', sasl_username=(unavailable)"
        // The reason is 3.7's, one row of the failure reasons for every mechanism (each made a row of its own, review AD,
        // finding 2 of the low ones); the mechanism is the line's own "SASL XOAUTH" (`mechanism`). Cut after the ":" or
        // inside the name (no closing "'", no user after it): a cut line.
        let reason: string;
        if (s.charCodeAt(reasonStart) === 73 && s.startsWith(INVALID_MECHANISM_NAMED_AT, reasonStart)) {
          if (reasonEnd - reasonStart <= INVALID_MECHANISM_NAMED.length || !s.startsWith(INVALID_MECHANISM_NAMED, reasonStart)
            || s.charCodeAt(reasonEnd - 1) !== 39) return cutLine();
          reason = INVALID_MECHANISM;
        } else reason = sliceKnown(s, reasonStart, reasonEnd, SASL_REASONS);
        // Postfix writes "(unavailable)" when the client never sent a user name.
        let user = userAt < 0 ? '' : keyAt(s, userAt + 16, s.length);
        if (user === '(unavailable)') user = '';
        return { kind: 'authFailed', service, client, mechanism, reason, user };
      }
      if (s.startsWith(' authentication aborted', mechEnd)) {
        return { kind: 'authAborted', service, client, mechanism };
      }
    }
  }
  // Cut before the warning's words, or inside a client's address ("warning: unknown[192.0.2"): no other warning.
  if (w >= s.length || isCutClient(s, w)) return cutLine();
  // "warning: hostname exemple.com does not resolve to address 185.14.29.32"
  // "warning: hostname mail-x.example.com does not resolve to address 2001:db8::25: Name or service not known"
  // (an IPv6 address holds ":" itself; the text after it follows ": ", review 7 L4)
  if (s.startsWith('hostname ', w) && s.indexOf(' does not resolve to address ', w) > 0) {
    const addr = s.indexOf(' to address ', w) + 12;
    const end = s.indexOf(': ', addr);
    return {
      kind: 'smtpdProblem', service, problem: 'hostname-does-not-resolve', after: 'CONNECT',
      client: { name: s.slice(w + 9, s.indexOf(' ', w + 9)), ip: ipSlice(s, addr, end < 0 ? s.length : end) },
    };
  }
  // "warning: non-SMTP command from unknown[1.2.3.4]: GET / HTTP/1.1"
  if (s.startsWith('non-SMTP command from ', w)) {
    return { kind: 'smtpdProblem', service, problem: 'non-smtp-command', after: '', client: clientAt(s, w + 22) };
  }
  // "warning: Illegal address syntax from unknown[1.2.3.4] in MAIL command: <…>"
  if (s.startsWith('Illegal address syntax from ', w)) {
    return { kind: 'smtpdProblem', service, problem: 'illegal-address-syntax', after: '', client: clientAt(s, w + 28) };
  }
  // "warning: Connection rate limit exceeded: 20 from mail.example.com[192.168.0.1] for service smtp" (anvil limits)
  const limit = s.indexOf(' limit exceeded: ', w);
  if (limit > 0) {
    const from = s.indexOf(' from ', limit);
    return {
      kind: 'smtpdProblem', service, problem: 'rate-limit', after: s.slice(w, limit).toLowerCase(),
      client: from < 0 ? NO_CLIENT : clientAt(s, from + 6),
    };
  }
  // "warning: unknown[1.2.3.4]: address not listed for hostname x" ; reverse DNS mismatches.
  if (s.indexOf('address not listed for hostname', w) > 0) {
    return { kind: 'smtpdProblem', service, problem: 'address-not-listed', after: 'CONNECT', client: clientAt(s, w) };
  }
  return parseDaemonWarning(s, w - 9, 'smtpd');
}
