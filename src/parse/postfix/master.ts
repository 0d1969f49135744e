// master, postfix-script, postlogd and the helper daemons whose lines carry no message.

import type { LogEvent } from '../../types.js';
import { parseDaemonWarning } from './warning.js';

/**
 * master: "daemon started -- version 3.7.11, configuration /etc/postfix", "reload -- version 3.7.11, …",
 * "terminating on signal 15", "warning: process /usr/lib/postfix/sbin/smtpd pid 46234 killed by signal 11".
 * postfix-script: "starting the Postfix mail system", "stopping …", "waiting for the Postfix mail system to terminate".
 */
export function parseMaster(s: string, m: number, daemon: string): LogEvent | null {
  const problem = parseDaemonWarning(s, m, daemon);
  if (problem) return problem;
  if (daemon === 'master') {
    if (s.startsWith('daemon started', m)) return { kind: 'noise', what: 'master-start' };
    if (s.startsWith('reload ', m)) return { kind: 'noise', what: 'master-reload' };
    if (s.startsWith('terminating on signal', m)) return { kind: 'noise', what: 'master-stop' };
    return null;
  }
  // postfix-script, postfix, postlogd, scache, anvil, tlsmgr, trivial-rewrite, proxymap, verify, sendmail, postdrop …
  return { kind: 'noise', what: daemon };
}
