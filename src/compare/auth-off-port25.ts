// Whether AUTH is off on port 25 after, and working (review AL, AL1). Once `-o smtpd_sasl_auth_enable=no` is on the
// master.cf `smtp` service, the bots' AUTH there gets "503 5.5.1 Error: authentication not enabled" and no warning
// line: the after report's "SMTP AUTH on port 25 | 0" read as if they had stopped trying. The after report counts the
// refused commands (report.json authRefused, from the disconnect lines' auth=0/N); this puts them beside the failures.

import type { Report } from '../report/model.js';
import { port25Refused } from '../report/auth-refused.js';

export interface AuthOffOnPort25 {
  /** SASL failures on port 25 from the attacking IPs (sasl-bruteforce's evidence; 0 without the finding). */
  failedBefore: number;
  failedAfter: number;
  /** AUTH commands refused on port 25 without a warning after, and their IPs. */
  refusedAfter: number;
  refusedIps: number;
  /** Port 25 took AUTH before (failures, none refused) and refuses it after with none failing: the step works. */
  working: boolean;
}

function port25Failures(r: Report): number {
  const f = r.findings.find((x) => x.rule === 'sasl-bruteforce');
  const v = f?.evidence['port25AuthFailuresFromAttackingIps'];
  return typeof v === 'number' ? v : 0;
}

/** null when the after report refused no AUTH on port 25 (or is of a version that did not count it). */
export function authOffOnPort25Of(before: Report, after: Report): AuthOffOnPort25 | null {
  const refused = port25Refused(after.authRefused);
  if (refused === null || refused.commands === 0) return null;
  const failedBefore = port25Failures(before);
  const failedAfter = port25Failures(after);
  const refusedBefore = port25Refused(before.authRefused)?.commands ?? 0;
  return {
    failedBefore, failedAfter, refusedAfter: refused.commands, refusedIps: refused.ips,
    working: failedBefore > 0 && refusedBefore === 0 && failedAfter === 0,
  };
}
