// Daemon-wide diagnostics from any Postfix program (msg.c): "warning: …", "error: …", "fatal: …", "panic: …".

import type { LogEvent } from '../../types.js';

/**
 * "warning: process /usr/lib/postfix/sbin/smtpd pid 46234 killed by signal 11"
 * "fatal: open database /etc/postfix/virtual.db: No such file or directory"
 * "panic: myfree: corrupt or unallocated memory block"
 * "warning: service "smtp" (25) has reached its process limit "50": new clients may experience noticeable delays"
 * "statistics: max connection rate 1/60s for (smtpd:61.238.241.86) at Oct 26 18:13:50"  (anvil, scache: noise)
 */
export function parseDaemonWarning(s: string, m: number, daemon: string): LogEvent | null {
  const c = s.charCodeAt(m);
  if (c === 119 && s.startsWith('warning: ', m)) {
    return { kind: 'daemonProblem', daemon, severity: 'warning', text: s.slice(m + 9) };
  }
  if (c === 102 && s.startsWith('fatal: ', m)) return { kind: 'daemonProblem', daemon, severity: 'fatal', text: s.slice(m + 7) };
  if (c === 112 && s.startsWith('panic: ', m)) return { kind: 'daemonProblem', daemon, severity: 'panic', text: s.slice(m + 7) };
  if (c === 101 && s.startsWith('error: ', m)) return { kind: 'daemonProblem', daemon, severity: 'error', text: s.slice(m + 7) };
  if (c === 115 && s.startsWith('statistics: ', m)) return { kind: 'noise', what: 'statistics' };
  return null;
}
