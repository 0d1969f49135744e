// Syslog tag → parser. Postfix tags are "postfix/<daemon>", "postfix/<service>/<daemon>" (master.cf service
// names such as submission, smtps, relay) or "postfix-<instance>/…" (multi-instance); plain "postfix" is
// used by some start-up errors (pflogsumm NOTES). Dovecot logs as "dovecot" or "dovecot[pid]".
// OpenDKIM, OpenDMARC and pypolicyd-spf log as "opendkim", "opendmarc", "policyd-spf" (auth-milters.ts); rspamd and
// amavis as "rspamd", "amavis" or "amavisd" (signing-filters.ts). Any other program (cron, sshd, clamd, …) is
// ignored, not unparsed.

import type { LogEvent } from '../types.js';
import { parseDovecot } from './dovecot.js';
import { parseOpendkim, parseOpendmarc, parsePolicySpfPerl, parsePolicydSpf } from './auth-milters.js';
import { parseAmavis, parseRspamd, parseRspamdFile } from './signing-filters.js';
import { RSPAMD_FILE_PROG } from './header.js';
import { parseBounce } from './postfix/bounce.js';
import { parseCleanup } from './postfix/cleanup.js';
import { parseDelivery } from './postfix/delivery.js';
import { parseMaster } from './postfix/master.js';
import { parsePickup } from './postfix/pickup.js';
import { parseDnsblog, parsePostscreen } from './postfix/postscreen.js';
import { parsePostsuper } from './postfix/postsuper.js';
import { parseQmgr } from './postfix/qmgr.js';
import { parseSmtpd } from './postfix/smtpd.js';
import { parseDaemonWarning } from './postfix/warning.js';

/** Parses the message part of a line (from index m). null = the line belongs to us but was not understood. */
export type MessageParser = (s: string, m: number) => LogEvent | null;

const DELIVERY_AGENTS = new Set(['smtp', 'lmtp', 'local', 'virtual', 'pipe', 'error', 'discard', 'retry', 'relay']);
const QUIET_DAEMONS = new Set([
  'postfix-script', 'postlogd', 'anvil', 'scache', 'tlsmgr', 'tlsproxy', 'trivial-rewrite', 'proxymap', 'verify',
  'sendmail', 'postdrop', 'showq', 'flush', 'spawn', 'postmap', 'postqueue', 'postalias', 'postconf', 'postlog',
  'postmulti', 'oqmgr', 'nqmgr', 'policy-spf', 'policyd-spf', 'dnsblog-helper',
]);

const cache = new Map<string, MessageParser | null>();

export function parserFor(prog: string): MessageParser | null {
  const hit = cache.get(prog);
  if (hit !== undefined) return hit;
  const p = resolve(prog);
  if (cache.size < 5_000) cache.set(prog, p);
  return p;
}

/** The parsers of delivery agents (smtp, error, lmtp, …): their status lines may repeat an attempt (delivery.ts sameAttempt). */
const deliveryParsers = new WeakSet<MessageParser>();

export function isDeliveryParser(p: MessageParser): boolean {
  return deliveryParsers.has(p);
}

export function isDovecotParser(p: MessageParser): boolean {
  return p === parseDovecot;
}

function resolve(prog: string): MessageParser | null {
  if (prog === 'dovecot' || prog.startsWith('dovecot/') || prog.startsWith('dovecot-')) return parseDovecot;
  // The authentication milters and policy service beside Postfix (auth-milters.ts), by their syslog idents.
  if (prog === 'opendkim') return parseOpendkim;
  if (prog === 'opendmarc') return parseOpendmarc;
  if (prog === 'policyd-spf') return parsePolicydSpf;
  // The other DKIM signers (signing-filters.ts): their verdict lines join the message by queue ID.
  if (prog === 'rspamd') return parseRspamd;
  // rspamd's own log file (header.ts rspamdFileLine): the same lines, whose verdicts join at the end of the run.
  if (prog === RSPAMD_FILE_PROG) return parseRspamdFile;
  if (prog === 'amavis' || prog === 'amavisd') return parseAmavis;
  const isPostfix = prog === 'postfix' || prog.startsWith('postfix/') || prog.startsWith('postfix-');
  if (!isPostfix) return null;
  const slash = prog.lastIndexOf('/');
  const daemon = slash < 0 ? 'postfix' : prog.slice(slash + 1);
  if (daemon === 'smtpd') return (s, m) => parseSmtpd(s, m, prog);
  if (daemon === 'qmgr' || daemon === 'nqmgr' || daemon === 'oqmgr') return parseQmgr;
  if (daemon === 'cleanup') return parseCleanup;
  if (daemon === 'bounce' || daemon === 'defer' || daemon === 'trace') return parseBounce;
  if (daemon === 'pickup') return parsePickup;
  if (daemon === 'postsuper') return parsePostsuper;
  if (daemon === 'postscreen') return parsePostscreen;
  if (daemon === 'dnsblog') return parseDnsblog;
  if (DELIVERY_AGENTS.has(daemon)) {
    const p: MessageParser = (s, m) => parseDelivery(s, m, daemon);
    deliveryParsers.add(p);
    return p;
  }
  // postfix-policyd-spf-perl's verdicts (auth-milters.ts), its other lines as any quiet daemon's.
  if (daemon === 'policy-spf') return (s, m) => parsePolicySpfPerl(s, m) ?? parseMaster(s, m, daemon);
  if (daemon === 'master' || daemon === 'postfix' || QUIET_DAEMONS.has(daemon)) return (s, m) => parseMaster(s, m, daemon);
  // An unknown Postfix daemon: its diagnostics are still understood.
  return (s, m) => parseDaemonWarning(s, m, daemon);
}
