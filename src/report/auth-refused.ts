// The report's rows of AUTH commands refused without a SASL warning (aggregate/auth-refused.ts; review AL, AL1).

import type { AuthRefused } from '../aggregate/auth-refused.js';
import { isSmtpService } from '../aggregate/smtp-service.js';
import type { AuthRefusedRow } from './model.js';

/** One row per service, most AUTH commands first, then by service. */
export function authRefusedRows(map: AuthRefused, at: (ms: number) => string | null): AuthRefusedRow[] {
  return [...map].map(([service, r]) => ({
    service, port25: isSmtpService(service), commands: r.commands, ips: r.ips.size, firstAt: at(r.firstAt), lastAt: at(r.lastAt), example: r.first,
  })).sort((a, b) => b.commands - a.commands || (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
}

/** The port-25 rows' AUTH commands and IPs (several hosts' `smtp` services add up; an IP refused on two counts once per row). */
export function port25Refused(rows: readonly AuthRefusedRow[] | undefined): { commands: number; ips: number } | null {
  if (rows === undefined) return null;
  let commands = 0;
  let ips = 0;
  for (const r of rows) if (r.port25) { commands += r.commands; ips += r.ips; }
  return { commands, ips };
}
