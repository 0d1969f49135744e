// Log lines of mail submitted as a SASL user (no tests of its own): the before/after journey's tests (review AB) add
// them after samples/after-fix.log to play an intruder or a new IP still sending as the account.

/** What keeps one test's messages apart from another's: queue ID letter and digit, message-id and reply prefixes. */
export interface SentAsMarks {
  qidLetter: string;
  qidDigit: string;
  messageId: string;
  queuedAs: string;
}

/**
 * Lines of `n` messages sent as `user` from each of `ips`, on Nov 30 from 20:00 (after samples/after-fix.log's last
 * line), in the shapes of samples/incident.log's submissions.
 */
export function sentAs(user: string, ips: string[], n: number, marks: SentAsMarks): string {
  const lines: string[] = [];
  let k = 0;
  for (const ip of ips) {
    for (let i = 0; i < n; i++, k++) {
      const t = `Nov 30 20:${String(k).padStart(2, '0')}:00 mail`;
      const qid = `${marks.qidLetter}${String(k).padStart(3, '0')}${marks.qidDigit}637B1`;
      lines.push(`${t} postfix/submission/smtpd[${80000 + k}]: ${qid}: client=unknown[${ip}], sasl_method=LOGIN, sasl_username=${user}`,
        `${t} postfix/cleanup[${81000 + k}]: ${qid}: message-id=<${marks.messageId}${k}@example.jp>`,
        `${t} postfix/qmgr[32300]: ${qid}: from=<${user}>, size=6775, nrcpt=1 (queue active)`,
        `${t} postfix/smtp[${82000 + k}]: ${qid}: to=<victim${k}@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.157.27]:25, delay=1, `
          + `delays=0.29/0/0.32/0.11, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ${marks.queuedAs}${k})`,
        `${t} postfix/qmgr[32300]: ${qid}: removed`);
    }
  }
  return `${lines.join('\n')}\n`;
}
