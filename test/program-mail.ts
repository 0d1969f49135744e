// Shared by the local-program relay tests (review Q, review S; this file has no tests of its own): mail that programs
// on this host submit through sendmail (postfix/pickup "uid=33 from=<…>"), written with test/day-log.ts.

import { DayLog } from './day-log.js';
import type { Finding } from '../src/types.js';
import type { Report } from '../src/report/model.js';

export const relays = (r: Report): Finding[] => r.findings.filter((f) => f.rule === 'open-relay');
/** Ten free-mail domains a harvested list is made of. */
export const FREE = ['gmail.com', 'yahoo.co.jp', 'outlook.com', 'icloud.com', 'hotmail.com', 'docomo.ne.jp', 'ezweb.ne.jp', 'softbank.ne.jp', 'qq.com', '163.com'];
/** The brands review 19's phishing form sent as. */
export const BRANDS = ['mufg.jp', 'smbc-card.com', 'amazon.co.jp', 'rakuten.co.jp', 'jcb.co.jp'];

/** A message a program submitted through sendmail (pickup uid=), each recipient delivered over SMTP. */
export function programMail(log: DayLog, t: number, uid: number, sender: string, rcpts: string[]): void {
  const q = log.pickup(t, uid, sender, rcpts);
  for (const r of rcpts) log.sent(t + 1, q, r);
  log.removed(t + 1.5, q);
}

/** The site's everyday inbound mail (example.jp is ours). */
export function siteDay(): DayLog {
  const log = new DayLog();
  for (let i = 0; i < 6; i++) log.inbound(3600 * (8 + i), 'kato@partner.example', 'tanaka@example.jp');
  return log;
}
