// The mail-authentication programs that run beside Postfix and log to the same maillog: OpenDKIM (a milter that
// signs outgoing mail and verifies incoming), OpenDMARC (a milter that checks incoming mail) and policyd-spf
// (pypolicyd-spf, a policy service that checks the SPF of incoming mail). What matters for the report is outgoing
// mail that left unsigned and why (detect/rules/unsigned-mail.ts); the verdicts on incoming mail are only counted.
//
// OpenDKIM's job ID is Postfix's queue ID (the milter `i` macro), so its lines join the message records. Its lines
// (opendkim/opendkim.c, mlfi_eoh and mlfi_eom; trusteddomainproject/OpenDKIM):
//   "%s: %s field added (s=%s, d=%s)"                 only with SyslogSuccess yes (conf_dolog_success)
//   "%s: no signing table match for '%s@%s'"           LogWhy yes: SigningTable has no entry for the From address
//   "%s: no signing domain match for '%s'"             LogWhy yes: the Domain list lacks it
//   "%s: no signing subdomain match for '%s'"          LogWhy yes, SubDomains yes
//   "%s: %s [%s] not internal" / "%s: not authenticated"   LogWhy yes: the client is not in InternalHosts and did
//                                                      not log in, so the mail is taken as incoming (verified)
//   "%s: external host %s attempted to send as %s"     the domain is one it signs, but the client is not internal
//   "%s: error loading key '%s'" / "%s: signing table references unknown key '%s'" / "%s: error reading signing
//   table"                                             the message is tempfailed (SMFIS_TEMPFAIL), not signed
// Its other lines about a message (verification results, DNS errors: "3A10F6: DKIM verification successful") are
// 'seen': they decide nothing, but tell that OpenDKIM saw the message (detect/rules/unsigned-mail.ts reads that
// without SyslogSuccess). Every other line of these programs (start-up, OpenDMARC, policyd-spf) is known and carries
// nothing the report uses: a `noise` event, so that it counts as read.

import type { AuthCheck, DkimOutcome, LogEvent } from '../types.js';
import { queueIdLength } from './fields.js';

const OPENDKIM: LogEvent = { kind: 'noise', what: 'opendkim' };
const OPENDMARC: LogEvent = { kind: 'noise', what: 'opendmarc' };
const POLICYD_SPF: LogEvent = { kind: 'noise', what: 'policyd-spf' };

function dkim(qid: string, outcome: DkimOutcome, detail: string): LogEvent {
  return { kind: 'dkim', qid, outcome, detail };
}

/** The text between the first "'" after `i` and the last "'" of the line ('' when there is none). */
function quoted(s: string, i: number): string {
  const open = s.indexOf("'", i);
  const close = s.lastIndexOf("'");
  return open >= 0 && close > open ? s.slice(open + 1, close) : '';
}

/**
 * opendkim: the signing decisions of one message, by queue ID; its other lines about a message are 'seen'
 * ("E184C4E29BF: DKIM verification successful"); lines about no message are noise.
 *   "E184C4E29BF: DKIM-Signature field added (s=mail, d=example.jp)"        (a signed message: d= its domain)
 *   "91E522A000C: DKIM-Signature header added (s=default, d=example.com)"   (OpenDKIM 2.0–2.4 said "header")
 *   "E184C4E29BF: no signing table match for 'eicar@aleph-tec.com'"
 *   "E184C4E29BF: no signing domain match for 'shop.example.jp'"
 *   "15411E6BE1: mail-wr1-f42.google.com [209.85.221.42] not internal"
 *   "15411E6BE1: external host web1.example.jp attempted to send as example.jp"
 *   "4F9D195432C: error loading key 'mail._domainkey.example.jp'"
 *   "4F9D195432C: signing table references unknown key 'mail._domainkey.shop.example.jp'"
 */
export function parseOpendkim(s: string, m: number): LogEvent {
  const qlen = queueIdLength(s, m);
  if (qlen === 0 || s.startsWith('NOQUEUE', m)) return OPENDKIM;
  const seen = parseDecision(s, m, qlen);
  return seen === OPENDKIM ? dkim(s.slice(m, m + qlen), 'seen', '') : seen;
}

/** The decision a line about message `s[m, m+qlen)` gives, or OPENDKIM when it gives none. */
function parseDecision(s: string, m: number, qlen: number): LogEvent {
  const t = m + qlen + 2;
  // "HOST [IP] not internal": the client as OpenDKIM saw it (its host name, then the address in brackets); first,
  // since a host name may start with any letter.
  if (s.endsWith('] not internal')) return dkim(s.slice(m, m + qlen), 'not-internal', s.slice(t, s.length - 13));
  switch (s.charCodeAt(t)) {
    case 68: { // D
      if (!s.startsWith('DKIM-Signature ', t)) return OPENDKIM;
      if (!s.startsWith('field added', t + 15) && !s.startsWith('header added', t + 15)) return OPENDKIM;
      // The key's DNS name, "mail._domainkey.example.jp", from "(s=mail, d=example.jp)" ('' when cut short).
      const sel = s.indexOf('(s=', t);
      const comma = sel < 0 ? -1 : s.indexOf(', d=', sel);
      const end = comma < 0 ? -1 : s.indexOf(')', comma);
      const key = end < 0 ? '' : `${s.slice(sel + 3, comma)}._domainkey.${s.slice(comma + 4, end)}`.toLowerCase();
      return dkim(s.slice(m, m + qlen), 'signed', key);
    }
    case 110: // n
      if (s.startsWith('no signing table match for ', t)) return dkim(s.slice(m, m + qlen), 'signing-table', quoted(s, t).toLowerCase());
      if (s.startsWith('no signing domain match for ', t) || s.startsWith('no signing subdomain match for ', t)) {
        return dkim(s.slice(m, m + qlen), 'signing-domain', quoted(s, t).toLowerCase());
      }
      return OPENDKIM;
    case 101: // e
      if (s.startsWith('external host ', t)) {
        const as = s.indexOf(' attempted to send as ', t);
        return as < 0 ? OPENDKIM : dkim(s.slice(m, m + qlen), 'external-host', s.slice(t + 14, as));
      }
      if (s.startsWith('error loading key ', t) || s.startsWith('error reading signing table', t)) {
        return dkim(s.slice(m, m + qlen), 'key-error', quoted(s, t));
      }
      return OPENDKIM;
    case 115: // s
      if (s.startsWith('signing table references unknown key ', t)) return dkim(s.slice(m, m + qlen), 'key-error', quoted(s, t));
      return OPENDKIM;
    default:
      return OPENDKIM;
  }
}

/** OpenDMARC's results (opendmarc.c mlfi_eom: aresult), and pypolicyd-spf's Received-SPF results, lower-cased. */
const DMARC_RESULTS = new Set(['pass', 'fail', 'none', 'temperror']);
const SPF_RESULTS = new Set(['pass', 'fail', 'softfail', 'neutral', 'none', 'temperror', 'permerror']);

function verdict(check: AuthCheck, result: string, domain: string): LogEvent {
  return { kind: 'authVerdict', check, result, domain: domain.toLowerCase() };
}

/** The domain of an address ("x@gmail.com", "x%40gmail.com" as a URL quotes it), or ''. */
function domainOfAddress(a: string): string {
  const at = a.lastIndexOf('@');
  if (at >= 0) return a.slice(at + 1);
  const q = a.lastIndexOf('%40');
  return q >= 0 ? a.slice(q + 3) : '';
}

/**
 * opendmarc: its DMARC verdict on an incoming message (opendmarc.c mlfi_eom, syslog "%s: %s %s": job ID, From:
 * domain, result), counted; its other lines are noise:
 *   "A1B2C3D4E5F: example.net none" ; "3A10F6: gmail.com pass" (trusteddomainproject/OpenDMARC#264)
 *   "3A10F6: SPF(mailfrom): gmail.com pass"   (its own SPF check, SPFSelfValidate: opendmarc.c "%s: SPF(%s): %s %s",
 *                                              counted apart from policyd-spf's; "SPF(helo)" checks another name)
 *   "OpenDMARC Filter v1.4.2 starting (args: -f -p inet:8893@localhost -P /var/run/opendmarc/opendmarc.pid)"
 */
export function parseOpendmarc(s: string, m: number): LogEvent {
  const qlen = queueIdLength(s, m);
  if (qlen === 0) return OPENDMARC;
  const t = m + qlen + 2;
  if (s.startsWith('SPF(mailfrom): ', t)) {
    const d = t + 15;
    const end = s.indexOf(' ', d);
    const result = end < 0 ? '' : s.slice(end + 1);
    return end > d && SPF_RESULTS.has(result) ? verdict('spf-opendmarc', result, s.slice(d, end)) : OPENDMARC;
  }
  const sp = s.indexOf(' ', t);
  if (sp < 0 || s.indexOf(' ', sp + 1) >= 0) return OPENDMARC;
  const result = s.slice(sp + 1);
  return DMARC_RESULTS.has(result) ? verdict('dmarc', result, s.slice(t, sp)) : OPENDMARC;
}

/**
 * policyd-spf (pypolicyd-spf): the SPF verdict on the envelope sender of incoming mail, counted; its other lines
 * (the HELO check, debug lines) are noise:
 *   "prepend Received-SPF: Pass (mailfrom) identity=mailfrom; client-ip=209.85.221.42; helo=mail-wr1-f42.google.com; envelope-from=x@gmail.com; receiver=<UNKNOWN> "
 *   "550 5.7.23 Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=mfrom;id=security@facebookmail.com;ip=209.85.128.52;r=<UNKNOWN>"
 *   "550 5.7.23 Message rejected due to: SPF fail - not authorized."   (a fail whose sender the line does not give)
 * (postfix-policyd-spf-perl logs as postfix/policy-spf: parsePolicySpfPerl.)
 */
export function parsePolicydSpf(s: string, m: number): LogEvent {
  if (s.startsWith('prepend Received-SPF: ', m)) {
    const r = m + 22;
    const sp = s.indexOf(' ', r);
    if (sp < 0 || s.indexOf(' identity=mailfrom;', sp) < 0) return POLICYD_SPF;
    const result = s.slice(r, sp).toLowerCase();
    if (!SPF_RESULTS.has(result)) return POLICYD_SPF;
    const ef = s.indexOf('; envelope-from=', sp);
    const end = ef < 0 ? -1 : s.indexOf(';', ef + 16);
    return verdict('spf', result, ef < 0 ? '' : domainOfAddress(s.slice(ef + 16, end < 0 ? s.length : end)));
  }
  const rej = s.indexOf('Message rejected due to: SPF fail', m);
  if (rej < 0 || rej - m > 12) return POLICYD_SPF;
  if (s.indexOf('?s=helo;', rej) >= 0) return POLICYD_SPF;
  const id = s.indexOf(';id=', rej);
  const end = id < 0 ? -1 : s.indexOf(';', id + 4);
  return verdict('spf', 'fail', id < 0 ? '' : domainOfAddress(s.slice(id + 4, end < 0 ? s.length : end)));
}

/**
 * postfix-policyd-spf-perl (syslog ident postfix/policy-spf): with $VERBOSE on, its SPF verdict on the envelope sender,
 * "%s: SPF %s: Envelope-from: %s, IP Address: %s, Recipient: %s" (queue ID, empty at RCPT time; the Mail::SPF result
 * as text, its code first), one per recipient as pypolicyd-spf's; counted as policyd-spf's. Its other lines (the
 * HELO check, start-up) are the daemon's:
 *   ": SPF pass (Mechanism 'include:aspmx.googlemail.com' matched): Envelope-from: xxxxxxxxxx@yourdomain.com"   (a 2012 forum post)
 */
export function parsePolicySpfPerl(s: string, m: number): LogEvent | null {
  const at = s.indexOf(': SPF ', m);
  if (at < 0 || at - m > 20) return null;
  const r = at + 6;
  let end = r;
  while (end < s.length && s.charCodeAt(end) >= 97 && s.charCodeAt(end) <= 122) end++;
  const result = s.slice(r, end);
  const ef = s.indexOf('): Envelope-from: ', end);
  if (!SPF_RESULTS.has(result) || ef < 0) return null;
  const from = ef + 18;
  const comma = s.indexOf(',', from);
  return verdict('spf', result, domainOfAddress(s.slice(from, comma < 0 ? s.length : comma)));
}
