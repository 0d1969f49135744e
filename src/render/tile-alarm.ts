// The colour of report.html's summary tiles (review Z, Z19): a tile is red or amber only when a finding of that
// severity cites its quantity, never for being non-zero. A healthy log has a mistyped password and a few greylisting
// deferrals: its "1 SMTP AUTH failures" and "5 Deferred attempts" were red and amber with no finding at all.

import type { Report } from '../report/model.js';
import type { Finding, Severity } from '../types.js';

export type TileKey = 'received' | 'delivered' | 'deferred' | 'bounced' | 'rejected' | 'authFailures' | 'mailbox' | 'stillQueued';
export type TileAlarm = 'bad' | 'warn' | '';

/**
 * The findings that cite a tile's quantity: their rule and, where the rule reports it among others, the evidence key
 * that must be above 0 (a password-guessing finding of SMTP AUTH alone does not cite the IMAP/POP3 failures).
 */
const CITED_BY: Record<TileKey, Array<{ rule: string; key?: string }>> = {
  received: [],
  delivered: [],
  deferred: [
    { rule: 'queue-flood', key: 'deferredAttempts' },
    { rule: 'outbound-port-blocked', key: 'deferredAttempts' },
    { rule: 'receivers-refusing', key: 'refusals' },
  ],
  bounced: [
    { rule: 'receivers-refusing', key: 'refusals' },
    { rule: 'backscatter', key: 'bounceMessages' },
  ],
  rejected: [{ rule: 'relay-probing', key: 'relayDenied' }],
  authFailures: [
    { rule: 'sasl-bruteforce', key: 'smtpAuthFailuresFromAttackingIps' },
    { rule: 'compromised-account', key: 'failedLoginsForThisName' },
  ],
  mailbox: [
    { rule: 'sasl-bruteforce', key: 'mailboxLoginFailuresFromAttackingIps' },
    { rule: 'mailbox-breach', key: 'failedLoginsFromIntruderIps' },
  ],
  stillQueued: [
    { rule: 'queue-cleanup', key: 'abusiveQueued' },
    { rule: 'queue-flood', key: 'stillQueued' },
  ],
};

const ALARM: Record<Severity, TileAlarm> = { critical: 'bad', high: 'bad', medium: 'warn', low: '', info: '' };

function cites(f: Finding, c: { rule: string; key?: string }): boolean {
  if (f.rule !== c.rule) return false;
  if (c.key === undefined) return true;
  const v = f.evidence[c.key];
  return typeof v === 'number' && v > 0;
}

/** The tile's class: `bad` (red) for a critical or high finding citing it, `warn` (amber) for a medium one, else none. */
export function tileAlarm(r: Report, tile: TileKey): TileAlarm {
  let out: TileAlarm = '';
  for (const f of r.findings) {
    if (!CITED_BY[tile].some((c) => cites(f, c))) continue;
    const a = ALARM[f.severity];
    if (a === 'bad') return a;
    if (a === 'warn') out = a;
  }
  return out;
}
