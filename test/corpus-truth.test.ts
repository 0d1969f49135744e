// Every count we can check against the ground truth of the real Postfix 3.7 + Dovecot 2.3 corpus
// (../shared/corpus: computed from what the clients sent and the fake receivers answered, never from the log).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, countsOf, report } from './helpers.js';

interface Truth {
  auth: {
    smtp_sasl_failed_total: number;
    smtp_sasl_failed_by_username: Record<string, number>;
    smtp_sasl_unsuccessful_by_ip: Record<string, number>;
    smtp_sasl_unsuccessful_total: number;
    smtp_sasl_tempfail_454_total: number;
    smtp_sasl_undecodable_535_total: number;
    smtp_sasl_aborted_501_total: number;
    mailbox_login_failed_by_ip: Record<string, number>;
    mailbox_login_success_by_user: Record<string, number>;
  };
  messages: {
    accepted_total: number;
    accepted_by_sasl_user: Record<string, number>;
    accepted_by_client_ip: Record<string, number>;
    local_sendmail: { total: number };
  };
  rcpt_rejects: { total: number };
  remote_delivery_ground_truth: {
    by_recipient_domain: Record<string, { final_delivered: number; final_rejected_5xx: number; never_finalized: number }>;
    ndr_to_remote_senders: { delivered: number; rejected_5xx: number };
  };
  notes: { queue_before_delete?: { requests: number }; postsuper_deleted?: number; final_queue: { requests: number } };
}

const LOCAL_DOMAINS = new Set(['example.jp', 'mail.example.jp']);

for (const scenario of ['healthy', 'incident']) {
  const dir = join(CORPUS, scenario);
  const available = existsSync(join(dir, 'ground_truth.json'));
  for (const file of ['maillog', 'maillog.rfc3339']) {
    test(`${scenario}/${file}: every count equals the ground truth`, { skip: available ? false : 'corpus not found' }, async () => {
      const truth = JSON.parse(readFileSync(join(dir, 'ground_truth.json'), 'utf8')) as Truth;
      const r = await report([join(dir, file)], { year: 2026 });
      const t = r.totals;

      assert.equal(r.lines.unparsed, 0, 'a real Postfix 3.7 + Dovecot 2.3 log has no unparsed line');
      assert.equal(r.lines.total, r.lines.parsed + r.lines.ignored + r.lines.unparsed);

      // Received = accepted by smtpd (one queue ID each) + local sendmail submissions (pickup).
      assert.equal(t.received, truth.messages.accepted_total + truth.messages.local_sendmail.total);
      assert.equal(t.rejected, truth.rcpt_rejects.total);

      // SMTP AUTH: every "SASL … authentication failed|aborted" line, by client IP; credential failures by user.
      assert.equal(t.authFailures + t.authAborted, truth.auth.smtp_sasl_unsuccessful_total);
      assert.equal(t.authCredentialFailures, truth.auth.smtp_sasl_failed_total);
      assert.equal(t.authServerErrors, truth.auth.smtp_sasl_tempfail_454_total);
      assert.equal(t.authMalformed, truth.auth.smtp_sasl_undecodable_535_total);
      assert.equal(t.authAborted, truth.auth.smtp_sasl_aborted_501_total);
      assert.deepEqual(countsOf(r.byClientIp, (x) => x.authFailures + x.authAborted), truth.auth.smtp_sasl_unsuccessful_by_ip);
      assert.deepEqual(countsOf(r.authFailuresByUser, (x) => x.count), truth.auth.smtp_sasl_failed_by_username);

      // IMAP/POP3 login failures by IP (truth keys are "imap 1.2.3.4"; we count per IP).
      const mailboxByIp: Record<string, number> = {};
      for (const [k, v] of Object.entries(truth.auth.mailbox_login_failed_by_ip)) {
        const ip = k.split(' ')[1]!;
        mailboxByIp[ip] = (mailboxByIp[ip] ?? 0) + v;
      }
      assert.deepEqual(countsOf(r.byClientIp, (x) => x.mailboxLoginFailures), mailboxByIp);
      // How many IPs failed (the summary's "from N IPs"), counted over every IP, and the IMAP/POP3 failures hour by
      // hour (the auth chart): not Dovecot's auth failures, which also hold its check of every SMTP AUTH attempt.
      assert.deepEqual(r.clientIpCounts, {
        clientIps: r.byClientIp.length, smtpAuthFailures: Object.keys(truth.auth.smtp_sasl_unsuccessful_by_ip).length,
        mailboxLoginFailures: Object.keys(mailboxByIp).length,
      });
      const mailboxTotal = Object.values(mailboxByIp).reduce((a, b) => a + b, 0);
      assert.equal(t.dovecotLoginFailures, mailboxTotal);
      assert.equal(r.hourly.reduce((sum, h) => sum + h.mailboxLoginFailures, 0), mailboxTotal);
      assert.deepEqual(countsOf(r.dovecotLoginsByUser, (x) => x.count), truth.auth.mailbox_login_success_by_user);

      // Messages out of the queue hour by hour (review 10, L2): the "removed" lines (totals.messagesRemoved) and the
      // messages a `postsuper -d ALL` deleted without a line of their own (totals.deletedInBulk; the incident's 290).
      assert.equal(r.hourly.reduce((sum, h) => sum + h.removed, 0), t.messagesRemoved + t.deletedInBulk);
      assert.equal(t.deletedInBulk, truth.notes.postsuper_deleted ?? 0);
      if (scenario === 'incident') assert.deepEqual([t.messagesRemoved, t.deletedInBulk], [291, 290]);

      // Messages by SASL user and by client IP (smtpd-accepted messages).
      const bySasl = { ...truth.messages.accepted_by_sasl_user };
      delete bySasl['(none)'];
      assert.deepEqual(countsOf(r.bySaslUser, (x) => x.messages), bySasl);
      assert.deepEqual(countsOf(r.byClientIp, (x) => x.messages), truth.messages.accepted_by_client_ip);

      // Remote deliveries per recipient domain: final delivered and 5xx-bounced recipients. The truth counts the
      // NDRs to (forged) remote senders separately, so compare those in the sums.
      const remote = truth.remote_delivery_ground_truth;
      const ours = new Map(r.byRecipientDomain.map((d) => [d.key, d]));
      let truthSent = remote.ndr_to_remote_senders.delivered;
      let truthBounced = remote.ndr_to_remote_senders.rejected_5xx;
      for (const [domain, d] of Object.entries(remote.by_recipient_domain)) {
        truthSent += d.final_delivered;
        truthBounced += d.final_rejected_5xx;
        const o = ours.get(domain);
        assert.ok(o, `recipient domain ${domain} in the report`);
        assert.ok(o.sent >= d.final_delivered, `${domain}: delivered ${o.sent} ≥ ${d.final_delivered}`);
        assert.ok(o.deferred >= d.never_finalized, `${domain}: still deferred ${o.deferred} ≥ ${d.never_finalized}`);
      }
      const remoteRows = r.byRecipientDomain.filter((d) => !LOCAL_DOMAINS.has(d.key));
      assert.equal(remoteRows.reduce((s, d) => s + d.sent, 0), truthSent);
      assert.equal(remoteRows.reduce((s, d) => s + d.bounced, 0), truthBounced);
      assert.equal(t.bounced, truthBounced, 'every bounce in this lab is a remote 5xx');

      // The incident log ends with `postsuper -d ALL` ("Deleted: 290 messages", no per-ID line): the messages it
      // deleted are exactly what `mailq` showed just before (mailq.txt), and the queue at the end of the log is
      // empty, as `mailq` said after it ("Mail queue is empty", final_queue).
      const mailq = readFileSync(join(dir, 'mailq.txt'), 'utf8');
      const queued = [...mailq.matchAll(/^([0-9A-F]{6,})[*!]?\s/gm)].map((m) => m[1]!).sort();
      const beforeDelete = truth.notes.queue_before_delete?.requests ?? 0;
      assert.deepEqual(r.deletedInBulk.map((q) => q.qid).sort(), beforeDelete > 0 ? queued : []);
      assert.equal(t.deletedInBulk, beforeDelete);
      assert.equal(r.stillQueued.length, truth.notes.final_queue.requests);
      assert.equal(t.stillQueued, truth.notes.final_queue.requests);
      assert.equal(t.postsuperDeleted, truth.notes.postsuper_deleted ?? 0);
      if (beforeDelete > 0) {
        // Pending recipients: what mailq listed under each message, not every recipient the message ever had.
        const pendingInMailq = [...mailq.matchAll(/^\s+\S+@\S+\s*$/gm)].length;
        assert.equal(r.deletedInBulk.reduce((s, q) => s + q.pending, 0), pendingInMailq);
      }
    });
  }

  test(`${scenario}: classic and RFC 3339 copies of the same log give the same counts`, { skip: available ? false : 'corpus not found' }, async () => {
    const a = await report([join(dir, 'maillog')], { year: 2026 });
    const b = await report([join(dir, 'maillog.rfc3339')]);
    assert.deepEqual(a.totals, b.totals);
    assert.deepEqual(a.bySaslUser.map((u) => [u.key, u.messages, u.sent, u.deferred]), b.bySaslUser.map((u) => [u.key, u.messages, u.sent, u.deferred]));
    assert.deepEqual(a.hourly.map((h) => h.received), b.hourly.map((h) => h.received));
    assert.equal(a.period.timezone, 'local');
    assert.equal(b.period.timezone, '+09:00');
  });
}
