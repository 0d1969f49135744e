// Reject-style action lines written by smtpd, cleanup and postscreen (smtpd_check.c, cleanup_milter.c).

import type { LogEvent } from '../../types.js';
import { NO_CLIENT, angleField, clientAt } from '../fields.js';
import { keyAt } from '../line-keys.js';
import { cutLine, endsAtKey } from '../cut.js';

/**
 * smtpd access actions and cleanup's header/body actions (header_checks(5); the cleanup binary's action table):
 *   "E2C9B29F2B2: info: header Subject: hc-info test from localhost[127.0.0.1]; from=<alice@outside.example> to=<sato@example.jp> proto=ESMTP helo=<client.example>: header info test"
 *   "E3B9929F2B3: replace: header Subject: hc-replace test from localhost[127.0.0.1]; from=<alice@outside.example> to=<sato@example.jp> proto=ESMTP helo=<client.example>: Subject: replaced"
 *   "E50E929F2B4: prepend: header Subject: hc-prepend test from localhost[127.0.0.1]; from=<alice@outside.example> to=<sato@example.jp> proto=ESMTP helo=<client.example>: X-Test: prepended"
 *   "06B1D29F2C4: bcc: header Subject: hc-bcc test from localhost[127.0.0.1]; from=<alice@outside.example> to=<sato@example.jp> proto=ESMTP helo=<client.example>: bcc@example.jp"
 *   "4jcV8h4BMczNgQG: strip: header Subject: hc-strip test from localhost[127.0.0.1]; from=<alice@outside.example> to=<sato@example.jp> proto=ESMTP helo=<client.example>: stripped header"
 * INFO, REPLACE, PREPEND, BCC and STRIP change or copy the message: no count moves, the message goes on.
 */
const ACTIONS = ['reject', 'reject_warning', 'milter-reject', 'discard', 'hold', 'filter', 'redirect', 'warning',
  'info', 'replace', 'prepend', 'bcc', 'strip'];

/**
 * `t` points after "QID: " / "NOQUEUE: ". Shapes:
 *   "reject: RCPT from unknown[127.0.20.13]: 550 5.1.1 <nakamura@example.jp>: Recipient address rejected: User unknown in virtual mailbox table; from=<ishii@sakura-client.jp> to=<nakamura@example.jp> proto=ESMTP helo=<www123>"
 *   "reject: RCPT from 1-2-3-4-example.com[1.2.3.4]: 554 5.7.1 <smtp@example.com>: Relay access denied; from=<john@example.com> to=<smtp@example.org> proto=SMTP helo=<198.51.100.17>"
 *   "milter-reject: END-OF-MESSAGE from x[61.238.241.86]: 5.7.1 Blocked by SpamAssassin; from=<w@c.com> to=<v@e.com> proto=ESMTP helo=<e.com>"
 *   "reject: header Subject: buy now from x[1.2.3.4]; from=<a@b> to=<c@d> proto=ESMTP helo=<h>: 5.7.1 message content rejected"  (cleanup)
 *   "reject: RCPT from [216.245.194.173]:60591: 550 5.7.1 Service unavailable; client [216.245.194.173] blocked using rbl.example.com; from=<s@e.com>, to=<g@e.com>, proto=ESMTP, helo=<b.e.com>"  (postscreen)
 *   "reject: EHLO from s271272.static.corbina.ru[78.107.251.238]: 504 5.5.2 <User>: Helo command rejected: need fully-qualified hostname; proto=SMTP helo=<User>"  (no sender yet: the tail starts at proto=)
 *   "milter-header-redirect: header X-Spam-Status: Yes, score=39.3 required=5.0 tests=ADVANCE_FE from 061238241086.static.ctinets.com[61.238.241.86]; from=<wumt5@cchfdc.com> to=<voorzitter@example.com> proto=ESMTP helo=<ecsolved.com>: tom@example.com"  (cleanup: milter-<header|body>-<action>)
 */
export function parseReject(s: string, t: number, qid: string, daemon: string): LogEvent | null {
  const colon = s.indexOf(': ', t);
  if (colon < 0) return null;
  const action = s.slice(t, colon);
  if (!ACTIONS.includes(action) && !action.startsWith('milter-')) return null;
  const p = colon + 2;
  const stageEnd = s.indexOf(' ', p);
  if (stageEnd < 0) return null;
  const stage = s.slice(p, stageEnd);
  // smtpd_check.c appends " from=<…>" only once MAIL FROM was given; " proto=…" is always there.
  let tail = s.lastIndexOf('; from=<');
  if (tail < 0) tail = s.lastIndexOf('; proto=');
  if (envelopeCut(s, tail, daemon)) return cutLine();
  // cleanup quotes the header or body line, which may hold " from " itself: the client is the last " from "
  // before the envelope, "…: header Subject: Offer from [ACME] corp from localhost[127.0.0.1]; from=<…> …"
  // (Postfix 3.7.11, review 7 L5; the first " from " gave a client "ACME").
  const content = stage === 'header' || stage === 'body';
  const fromAt = content && tail > stageEnd ? s.lastIndexOf(' from ', tail) : s.indexOf(' from ', stageEnd);
  if (fromAt < 0) return null;
  const client = clientAt(s, fromAt + 6);
  let reason: string;
  let code = '';
  let dsn = '';
  if (content) {
    // cleanup: the reason follows the envelope tail, after "helo=<…>: ", or after "to=<…>: " for mail submitted
    // locally, which has no helo: "…: header Subject: hc-reject local from local; from=<sato@example.jp>
    // to=<suzuki@example.jp>: 5.7.1 header reject test" (Postfix 3.7.11, review 7 L6)
    const close = s.indexOf('>: ', tail < 0 ? p : tail);
    reason = close < 0 ? s.slice(stageEnd + 1, fromAt) : s.slice(close + 3);
  } else {
    // After "from client[ip]: " (postscreen: "from [ip]:port: ")
    const textStart = s.indexOf(': ', fromAt + 6);
    const textEnd = tail < 0 ? s.length : tail;
    reason = textStart < 0 || textStart > textEnd ? '' : s.slice(textStart + 2, textEnd);
  }
  const r = splitReply(reason, reply);
  code = reply.code;
  dsn = reply.dsn;
  const ev: LogEvent & { kind: 'reject' } = {
    kind: 'reject',
    daemon,
    qid,
    action,
    stage,
    client,
    code,
    dsn,
    reason: reason.slice(r),
    from: tail < 0 ? '' : angleField(s, 'from=', tail),
    to: tail < 0 ? '' : angleField(s, ' to=', tail),
    helo: tail < 0 ? '' : angleField(s, ' helo=', tail),
  };
  const user = content || tail < 0 ? '' : saslUserOf(s, tail);
  if (user !== '') ev.saslUser = user;
  return ev;
}

/**
 * Postfix 3.10's smtpd appends the session's SASL login to the access-action lines of an authenticated client
 * (smtpd_check.c log_whatsup(): "%s: %s: %s from %s: %s;", then " from=<%s>", " to=<%s>", " proto=%s", " helo=<%s>",
 * " sasl_method=%s", " sasl_username=%s", " sasl_sender=%s", each when set; review 18 of the versions, finding 5, from
 * the disassembly of Debian 13's 3.10.13 smtpd; 3.7.11 wrote the first four only):
 *   "NOQUEUE: reject: RCPT from unknown[192.0.2.29]: 553 5.7.1 <ceo@example.jp>: Sender address rejected: not owned by user info@example.jp; from=<ceo@example.jp> to=<x@example.org> proto=ESMTP helo=<pc> sasl_method=LOGIN sasl_username=info@example.jp"
 * The login, or '' when the line has none. The HELO name and the envelope addresses are the client's words and may
 * hold " sasl_username=" (a HELO of "pc> sasl_method=LOGIN sasl_username=ceo@example.jp"): the fields are read from
 * the end, where only smtpd writes. A client without a login ends its line with "helo=<…>" or the protocol, so a line
 * that ends in ">" names nobody: its "sasl_…" may be the HELO's. The login runs to " sasl_sender=" or the end of
 * the line, and may hold a space (an LDAP "John Doe"; review O, S2), not "=" nor ">". `tail` is where the envelope ("; from=<" or
 * "; proto=") starts. Not read, since the line alone cannot tell them from a HELO that spells the fields: a logged-in
 * client's line whose MAIL FROM carried AUTH=<addr> (it ends "sasl_sender=<addr>"); nor caught: a line cut short by a
 * syslog size limit right after such a HELO names a login that never logged in. Both touch the users table's reject
 * count only; no rule reads it.
 */
function saslUserOf(s: string, tail: number): string {
  if (s.charCodeAt(s.length - 1) === 62) return ''; // '>': most lines (no login)
  const u = s.lastIndexOf(' sasl_username=');
  if (u < tail) return '';
  const v = u + 15;
  const sender = s.indexOf(' sasl_sender=', v);
  const end = sender >= 0 ? sender : s.length;
  if (sender >= 0 && s.indexOf(' ', sender + 13) >= 0) return ''; // an ESMTP parameter's value, the line's last word
  const method = s.lastIndexOf(' sasl_method=', u - 1);
  if (method < tail || s.indexOf(' ', method + 13) !== u) return '';
  // A value holding "=" or ">" is an address's or HELO's words that run on to smtpd's fields ("… sasl_username=ceo@
  // example.jp\"@evil.example> to=<x@gmail.com> proto=SMTP"), not a login.
  if (end <= v || s.lastIndexOf('=', end - 1) >= v || s.lastIndexOf('>', end - 1) >= v) return '';
  return keyAt(s, v, end);
}

/**
 * Whether the envelope of an action line (from `tail`, "; from=<" or "; proto=") is visibly cut. smtpd's log_whatsup()
 * always writes " proto=…" (postscreen ", proto=…"), cleanup always "from=<…> to=<…>"; a line without them lost its end
 * (a "from=<ro" would be read as the sender "ro"). postscreen's "CONNECT from [ip]:port: too many connections" has no
 * envelope. A HELO holds any character but its closing ">" comes after "helo=<": none at all is a cut.
 */
function envelopeCut(s: string, tail: number, daemon: string): boolean {
  if (tail < 0) return daemon !== 'postscreen';
  let after: number;
  if (daemon === 'cleanup') {
    const to = s.indexOf(' to=<', tail);
    if (to < 0) return true;
    after = s.indexOf('>', to + 5);
  } else after = s.indexOf('proto=', tail);
  if (after < 0) return true;
  const helo = s.indexOf('helo=<', after);
  return (helo >= 0 && s.indexOf('>', helo + 6) < 0) || endsAtKey(s);
}

const reply = { code: '', dsn: '' };

/** Splits "550 5.1.1 text" / "5.7.1 text" into code and DSN (into `out`); returns where the text starts. */
function splitReply(reason: string, out: { code: string; dsn: string }): number {
  out.code = '';
  out.dsn = '';
  let r = 0;
  if (isCode(reason, 0)) { out.code = reason.slice(0, 3); r = 4; }
  if (isDsn(reason, r)) {
    const e = reason.indexOf(' ', r);
    out.dsn = e < 0 ? reason.slice(r) : reason.slice(r, e);
    r = e < 0 ? reason.length : e + 1;
  }
  return r;
}

/**
 * The answer of a before-queue content filter (smtpd_proxy_filter), logged by smtpd with no client: the client is
 * on the session's connect line (Postfix 3.7.11, review 7 M9). A reject refuses the whole message:
 *   "proxy-reject: END-OF-MESSAGE: 554 5.7.1 proxy filter says no; from=<…> to=<sato@example.jp> proto=ESMTP helo=<…>"
 */
export function parseProxyReject(s: string, m: number): LogEvent | null {
  const stageAt = m + 14; // after "proxy-reject: "
  const colon = s.indexOf(': ', stageAt);
  if (colon < 0) return null;
  let tail = s.lastIndexOf('; from=<');
  if (tail < 0) tail = s.lastIndexOf('; proto=');
  if (envelopeCut(s, tail, 'smtpd')) return cutLine();
  const reason = s.slice(colon + 2, tail > colon ? tail : s.length);
  const r = splitReply(reason, reply);
  return {
    kind: 'reject', daemon: 'smtpd', qid: '', action: 'reject', stage: s.slice(stageAt, colon), client: NO_CLIENT,
    code: reply.code, dsn: reply.dsn, reason: reason.slice(r),
    from: tail < 0 ? '' : angleField(s, 'from=', tail),
    to: tail < 0 ? '' : angleField(s, ' to=', tail),
    helo: tail < 0 ? '' : angleField(s, ' helo=', tail),
  };
}

function isCode(s: string, i: number): boolean {
  const a = s.charCodeAt(i);
  return (a === 52 || a === 53) && s.charCodeAt(i + 3) === 32 && isDigit(s, i + 1) && isDigit(s, i + 2);
}

function isDsn(s: string, i: number): boolean {
  const a = s.charCodeAt(i);
  return (a === 50 || a === 52 || a === 53) && s.charCodeAt(i + 1) === 46 && isDigit(s, i + 2);
}

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}
