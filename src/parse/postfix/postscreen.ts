// postscreen (and dnsblog): the zombie filter in front of smtpd (POSTSCREEN_README).

import type { LogEvent } from '../../types.js';
import { parseReject } from './reject.js';
import { parseDaemonWarning } from './warning.js';
import { ipSlice } from '../ip.js';

/** Pulls the IP out of "[203.0.113.5]:53024" at i. */
function bracketIp(s: string, i: number): string {
  const open = s.indexOf('[', i);
  const close = open < 0 ? -1 : s.indexOf(']', open);
  return close < 0 ? '' : ipSlice(s, open + 1, close);
}

/**
 * postscreen's actions (POSTSCREEN_README), as its lines start, and whether each is a verdict against the client: it
 * failed a test or a list, and postscreen kept it from smtpd (counted as a session problem, see
 * aggregate/session-problems.ts, which takes its postscreen labels from this table). Not verdicts: CONNECT,
 * PASS NEW/OLD, DISCONNECT, the allowlist lines and their VETO.
 */
export const POSTSCREEN_ACTIONS: ReadonlyArray<{ prefix: string; verdict: boolean }> = [
  { prefix: 'CONNECT from ', verdict: false }, // "CONNECT from [61.238.241.86]:53024 to [89.105.204.244]:25"
  { prefix: 'PASS NEW ', verdict: false }, // "PASS NEW [2607:f8b0:4003:c01::23a]:36051"
  { prefix: 'PASS OLD ', verdict: false },
  { prefix: 'PREGREET ', verdict: true }, // "PREGREET 14 after 0.08 from [192.0.2.2]:59415: EHLO ylmf-pc\r\n"
  { prefix: 'DNSBL rank ', verdict: true }, // "DNSBL rank 3 for [111.73.45.149]:1038"
  { prefix: 'HANGUP ', verdict: true }, // "HANGUP after 16 from [192.0.2.3]:48119 in tests after SMTP handshake"
  // "COMMAND COUNT LIMIT from [1.2.3.4]:5 after RCPT"
  { prefix: 'COMMAND TIME LIMIT ', verdict: true }, { prefix: 'COMMAND COUNT LIMIT ', verdict: true }, { prefix: 'COMMAND LENGTH LIMIT ', verdict: true },
  // "NON-SMTP COMMAND from [1.2.3.4]:5 after CONNECT: GET / HTTP/1.1"
  { prefix: 'COMMAND PIPELINING ', verdict: true }, { prefix: 'NON-SMTP COMMAND ', verdict: true }, { prefix: 'BARE NEWLINE ', verdict: true },
  { prefix: 'DISCONNECT ', verdict: false }, // "DISCONNECT [216.81.72.72]:43421"
  { prefix: 'WHITELISTED ', verdict: false }, { prefix: 'ALLOWLISTED ', verdict: false },
  { prefix: 'BLACKLISTED ', verdict: true }, { prefix: 'DENYLISTED ', verdict: true }, // "DENYLISTED [1.2.3.4]:5" (postscreen_access_list)
  { prefix: 'WHITELIST VETO ', verdict: false }, { prefix: 'ALLOWLIST VETO ', verdict: false },
  // the deep-protocol tests' fake smtpd, a client sending mail it was never allowed to (Postfix 3.7.11, review 7 L7):
  // "DATA without valid RCPT from [127.0.0.1]:41122"
  { prefix: 'DATA without valid RCPT ', verdict: true }, { prefix: 'BDAT without valid RCPT ', verdict: true },
];

const ACTIONS: ReadonlyArray<string> = POSTSCREEN_ACTIONS.map((a) => a.prefix);

/** The actions as events name them ("PREGREET"): made once, not trimmed again for every line. */
export const ACTION_NAMES: ReadonlyArray<string> = ACTIONS.map((a) => a.trim());

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
    return { kind: 'postscreen', action: 'DNSBL listed', ip: ipSlice(s, m + 5, sp < 0 ? s.length : sp), detail: s.slice(m) };
  }
  return parseDaemonWarning(s, m, 'dnsblog');
}
