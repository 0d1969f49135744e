// The verdicts on incoming mail that OpenDMARC and policyd-spf logged (aggregate/auth-verdicts.ts), for report.json
// and the report's "Mail authentication of incoming mail" section: messages by result, and the sender domains that
// failed most. Absent when the log holds no such line (most logs: neither program runs, or logs elsewhere).

import type { Aggregate, AuthCheck } from '../types.js';

/** One check's verdicts: by result (fixed order), the domains seen, and the domains with the most failures. */
export interface VerdictSummary {
  verdicts: number;
  byResult: Record<string, number>;
  domains: number;
  /** Domains by failures (fail, and softfail for SPF), then verdicts, then name; --top rows (0: all). */
  topFailing: Array<{ domain: string; verdicts: number; failed: number; byResult: Record<string, number> }>;
}

export interface MailAuthentication {
  /** OpenDMARC's DMARC result per message ("3A10F6: gmail.com pass"), by the From: domain. */
  dmarc?: VerdictSummary;
  /** policyd-spf's Received-SPF result per message (identity=mailfrom), by the envelope sender's domain. */
  spf?: VerdictSummary;
  /** OpenDMARC's own SPF check ("SPF(mailfrom): gmail.com pass", SPFSelfValidate), by the envelope sender's domain. */
  spfOpendmarc?: VerdictSummary;
}

const RESULTS: Record<AuthCheck, string[]> = {
  dmarc: ['pass', 'fail', 'none', 'temperror'],
  spf: ['pass', 'fail', 'softfail', 'neutral', 'none', 'temperror', 'permerror'],
  'spf-opendmarc': ['pass', 'fail', 'softfail', 'neutral', 'none', 'temperror', 'permerror'],
};

/** The results of `counts` in their fixed order, those with a count only. */
function ordered(check: AuthCheck, counts: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of RESULTS[check]) if ((counts.get(r) ?? 0) > 0) out[r] = counts.get(r)!;
  return out;
}

function summary(check: AuthCheck, agg: Aggregate, top: number): VerdictSummary | undefined {
  const byResult = new Map<string, number>();
  const byDomain = new Map<string, Map<string, number>>();
  let verdicts = 0;
  for (const [key, n] of agg.authVerdicts) {
    const a = key.indexOf(' ');
    const b = key.indexOf(' ', a + 1);
    if (key.slice(0, a) !== check) continue;
    const result = key.slice(a + 1, b);
    const domain = key.slice(b + 1);
    verdicts += n;
    byResult.set(result, (byResult.get(result) ?? 0) + n);
    const d = byDomain.get(domain) ?? new Map<string, number>();
    byDomain.set(domain, d);
    d.set(result, (d.get(result) ?? 0) + n);
  }
  if (verdicts === 0) return undefined;
  const failedOf = (d: Map<string, number>): number => (d.get('fail') ?? 0) + (check !== 'dmarc' ? d.get('softfail') ?? 0 : 0);
  const rows = [...byDomain].map(([domain, d]) => ({ domain, verdicts: [...d.values()].reduce((x, y) => x + y, 0), failed: failedOf(d), byResult: ordered(check, d) }))
    .filter((r) => r.failed > 0)
    .sort((x, y) => y.failed - x.failed || y.verdicts - x.verdicts || (x.domain < y.domain ? -1 : x.domain > y.domain ? 1 : 0));
  return { verdicts, byResult: ordered(check, byResult), domains: byDomain.size, topFailing: top > 0 ? rows.slice(0, top) : rows };
}

export function mailAuthentication(agg: Aggregate, top: number): MailAuthentication | undefined {
  if (agg.authVerdicts.size === 0) return undefined;
  const dmarc = summary('dmarc', agg, top);
  const spf = summary('spf', agg, top);
  const spfOpendmarc = summary('spf-opendmarc', agg, top);
  return { ...(dmarc !== undefined ? { dmarc } : {}), ...(spf !== undefined ? { spf } : {}), ...(spfOpendmarc !== undefined ? { spfOpendmarc } : {}) };
}
