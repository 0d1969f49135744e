// SMTP AUTH commands smtpd refused without a SASL failure warning, per master.cf service. With
// `-o smtpd_sasl_auth_enable=no` on the `smtp` service (AUTH off on port 25) a bot's AUTH gets "503 5.5.1 Error:
// authentication not enabled" and Postfix logs no warning for it: only the session's disconnect line counts it,
//   "disconnect from unknown[112.253.207.220] ehlo=1 auth=0/1 quit=1 commands=2/3"
// (smtpd(8), postconf(5): "name=ok/tried" per command). The session's tally is smtpd-sessions.ts's; here the counts.

import type { Example } from '../types.js';
import { isSmtpService } from './smtp-service.js';
import { ownString } from '../own-string.js';
import { earliest } from './examples.js';

export interface AuthRefusedRow {
  /** AUTH commands refused without a warning. */
  commands: number;
  /** Per client IP, its refused AUTH commands (distinct IPs survive any split of the log). */
  ips: Map<string, number>;
  /** The earliest disconnect line that counted some. */
  first: Example | null;
  firstAt: number;
  lastAt: number;
}

/** By the smtpd's syslog tag without its pid: "postfix/smtpd" (port 25), "postfix/submission/smtpd" … */
export type AuthRefused = Map<string, AuthRefusedRow>;

/** Counts `n` AUTH commands refused in a session of `service` from `ip`, closed by the line `example` at `at`. */
export function addAuthRefused(map: AuthRefused, service: string, ip: string, n: number, at: number, example: Example): void {
  let row = map.get(service);
  if (row === undefined) {
    row = { commands: 0, ips: new Map(), first: null, firstAt: at, lastAt: at };
    map.set(ownString(service), row);
  }
  row.commands += n;
  if (at < row.firstAt) row.firstAt = at;
  if (at > row.lastAt) row.lastAt = at;
  row.first = earliest(row.first, example);
  // "unknown[unknown]": a client gone before smtpd learned its address is no IP
  if (ip !== '' && ip !== 'unknown') row.ips.set(ownString(ip), (row.ips.get(ip) ?? 0) + n);
}

/** Merges b into a (b is consumed): sums, min/max and the earliest example, so any split of the log agrees. */
export function mergeAuthRefused(a: AuthRefused, b: AuthRefused): void {
  for (const [service, rb] of b) {
    const ra = a.get(service);
    if (ra === undefined) { a.set(service, rb); continue; }
    ra.commands += rb.commands;
    ra.firstAt = Math.min(ra.firstAt, rb.firstAt);
    ra.lastAt = Math.max(ra.lastAt, rb.lastAt);
    ra.first = earliest(ra.first, rb.first);
    for (const [ip, n] of rb.ips) ra.ips.set(ip, (ra.ips.get(ip) ?? 0) + n);
  }
}

/** The port-25 services' (master.cf `smtp`: aggregate/smtp-service.ts) refused AUTH commands and distinct client IPs. */
export function port25RefusedOf(map: AuthRefused): { commands: number; ips: number } {
  let commands = 0;
  const ips = new Set<string>();
  for (const [service, r] of map) {
    if (!isSmtpService(service)) continue;
    commands += r.commands;
    for (const ip of r.ips.keys()) ips.add(ip);
  }
  return { commands, ips: ips.size };
}
