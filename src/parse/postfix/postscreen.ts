// postscreen (and dnsblog): the zombie filter in front of smtpd (POSTSCREEN_README).

import type { LogEvent } from '../../types.js';
import { parseReject } from './reject.js';
import { parseDaemonWarning } from './warning.js';

/** Pulls the IP out of "[203.0.113.5]:53024" at i. */
function bracketIp(s: string, i: number): string {
  const open = s.indexOf('[', i);
  const close = open < 0 ? -1 : s.indexOf(']', open);
  return close < 0 ? '' : s.slice(open + 1, close);
}

const ACTIONS: ReadonlyArray<string> = [
  'CONNECT from ', // "CONNECT from [61.238.241.86]:53024 to [89.105.204.244]:25"
  'PASS NEW ', // "PASS NEW [2607:f8b0:4003:c01::23a]:36051"
  'PASS OLD ',
  'PREGREET ', // "PREGREET 14 after 0.08 from [192.0.2.2]:59415: EHLO ylmf-pc\r\n"
  'DNSBL rank ', // "DNSBL rank 3 for [111.73.45.149]:1038"
  'HANGUP ', // "HANGUP after 16 from [192.0.2.3]:48119 in tests after SMTP handshake"
  'COMMAND TIME LIMIT ', 'COMMAND COUNT LIMIT ', 'COMMAND LENGTH LIMIT ', // "COMMAND COUNT LIMIT from [1.2.3.4]:5 after RCPT"
  'COMMAND PIPELINING ', 'NON-SMTP COMMAND ', 'BARE NEWLINE ',
  'DISCONNECT ', // "DISCONNECT [216.81.72.72]:43421"
  'WHITELISTED ', 'ALLOWLISTED ', 'BLACKLISTED ', 'DENYLISTED ', 'WHITELIST VETO ', 'ALLOWLIST VETO ',
  // the deep-protocol tests' fake smtpd, a client sending mail it was never allowed to (Postfix 3.7.11, review 7 L7):
  // "DATA without valid RCPT from [127.0.0.1]:41122"
  'DATA without valid RCPT ', 'BDAT without valid RCPT ',
];

/** The actions as events name them ("PREGREET"): made once, not trimmed again for every line. */
const ACTION_NAMES: ReadonlyArray<string> = ACTIONS.map((a) => a.trim());

export function parsePostscreen(s: string, m: number): LogEvent | null {
  if (s.startsWith('NOQUEUE: ', m)) {
    // "NOQUEUE: reject: RCPT from [216.245.194.173]:60591: 550 5.7.1 Service unavailable; client [216.245.194.173] blocked using rbl.example.com; from=<…>, to=<…>, proto=ESMTP, helo=<…>"
    // "NOQUEUE: reject: CONNECT from [1.2.3.4]:1337: too many connections"
    return parseReject(s, m + 9, '', 'postscreen');
  }
  // "cache btree:/var/lib/postfix-in/postscreen_cache full cleanup: retained=242 dropped=7 entries"
  if (s.startsWith('cache ', m)) return { kind: 'noise', what: 'postscreen-cache' };
  for (let i = 0; i < ACTIONS.length; i++) {
    const a = ACTIONS[i]!;
    if (s.startsWith(a, m)) {
      return { kind: 'postscreen', action: ACTION_NAMES[i]!, ip: bracketIp(s, m + a.length), detail: s.slice(m + a.length) };
    }
  }
  return parseDaemonWarning(s, m, 'postscreen');
}

/** dnsblog: "addr 61.238.241.86 listed by domain psbl.surriel.com as 127.0.0.2" */
export function parseDnsblog(s: string, m: number): LogEvent | null {
  if (s.startsWith('addr ', m)) {
    const sp = s.indexOf(' ', m + 5);
    return { kind: 'postscreen', action: 'DNSBL listed', ip: s.slice(m + 5, sp < 0 ? undefined : sp), detail: s.slice(m) };
  }
  return parseDaemonWarning(s, m, 'dnsblog');
}
