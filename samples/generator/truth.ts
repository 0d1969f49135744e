// Ground truth, counted by the model at the moment it decides to write each line — never by reading the
// written log back. The `note` map documents every field.

import { isoLocal, TZ_NAME, localParts } from './clock.js';

function inc(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function sortedObject(map: Map<string, number>): Record<string, number> {
  const keys = [...map.keys()].sort((a, b) => (map.get(b) as number) - (map.get(a) as number) || (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = map.get(k) as number;
  return out;
}

export class Truth {
  received = 0;
  receivedSmtpd = 0;
  receivedPickup = 0;
  queueFilesCreated = 0;
  delivered = 0;
  deliveredLocal = 0;
  deliveredRemote = 0;
  forwarded = 0;
  bounced = 0;
  expired = 0;
  expiredMessages = 0;
  deferred = 0;
  deferredMessages = 0;
  deferredByReason = new Map<string, number>();
  rejected = 0;
  rejectedByReason = new Map<string, number>();
  authFailures = 0;
  authFailuresByIp = new Map<string, number>();
  authFailuresByUser = new Map<string, number>();
  authFailuresByReason = new Map<string, number>();
  authFailuresByService = new Map<string, number>();
  authAborted = 0;
  authRefusedNoSasl = 0;
  dovecotAuthFailures = 0;
  dovecotAuthFailuresByIp = new Map<string, number>();
  dovecotLoginFailures = 0;
  dovecotLoginFailedAttempts = 0;
  dovecotLoginFailuresByIp = new Map<string, number>();
  dovecotLogins = 0;
  dovecotLoginsByUser = new Map<string, number>();
  messagesBySaslUser = new Map<string, number>();
  messagesByClientIp = new Map<string, number>();
  messagesBySender = new Map<string, number>();
  smtpConnections = new Map<string, number>();
  bounceNotifications = 0;
  postsuperRemoved = 0;
  ignoredLines = 0;
  spamMessages = 0;
  spamRecipients = 0;
  spamForgedSenderMessages = 0;
  spamClientIps = new Set<string>();
  compromiseAt = -1;
  firstSpamAt = -1;

  // ---- recording ----------------------------------------------------------------------------
  connection(service: string): void {
    inc(this.smtpConnections, service);
  }
  accepted(via: 'smtpd' | 'pickup', clientIp: string | null, saslUser: string | null, sender: string): void {
    this.received++;
    if (via === 'smtpd') this.receivedSmtpd++;
    else this.receivedPickup++;
    if (clientIp !== null) inc(this.messagesByClientIp, clientIp);
    if (saslUser !== null) inc(this.messagesBySaslUser, saslUser);
    inc(this.messagesBySender, sender === '' ? '<>' : sender);
  }
  reject(reason: string): void {
    this.rejected++;
    inc(this.rejectedByReason, reason);
  }
  authFailure(ip: string, user: string, reason: string, service: string): void {
    this.authFailures++;
    inc(this.authFailuresByIp, ip);
    inc(this.authFailuresByUser, user);
    inc(this.authFailuresByReason, reason);
    inc(this.authFailuresByService, service);
  }
  dovecotAuthFailure(ip: string): void {
    this.dovecotAuthFailures++;
    inc(this.dovecotAuthFailuresByIp, ip);
  }
  dovecotLoginFailure(ip: string, attempts: number): void {
    this.dovecotLoginFailures++;
    this.dovecotLoginFailedAttempts += attempts;
    inc(this.dovecotLoginFailuresByIp, ip);
  }
  dovecotLogin(user: string): void {
    this.dovecotLogins++;
    inc(this.dovecotLoginsByUser, user);
  }
  deferral(reasonClass: string): void {
    this.deferred++;
    inc(this.deferredByReason, reasonClass);
  }

  // ---- output --------------------------------------------------------------------------------
  toJSON(extra: {
    scenario: string;
    description: string;
    files: unknown;
    firstLineAt: number;
    lastLineAt: number;
    lines: number;
    stillQueuedIds: string[];
    reusedQueueIds?: string[];
    spamStillQueuedIds?: string[];
    legitStillQueuedIds?: string[];
    compromisedUser?: string | null;
    attackerIps?: string[];
    serverConfig: Record<string, unknown>;
    story?: unknown;
  }): Record<string, unknown> {
    const out: Record<string, unknown> = {
      scenario: extra.scenario,
      description: extra.description,
      generatedBy: 'samples/generator (discrete-event model of Postfix 3.7.11 + Dovecot 2.3.19); counted from the model, never parsed from the log',
      year: localParts(extra.lastLineAt).year,
      timezone: TZ_NAME,
      host: 'mail',
      files: extra.files,
      firstLineAt: isoLocal(extra.firstLineAt),
      lastLineAt: isoLocal(extra.lastLineAt),
      lines: extra.lines,
      ignoredLines: this.ignoredLines,
      received: this.received,
      receivedSmtpd: this.receivedSmtpd,
      receivedPickup: this.receivedPickup,
      queueFilesCreated: this.queueFilesCreated,
      bounceNotifications: this.bounceNotifications,
      delivered: this.delivered,
      deliveredLocal: this.deliveredLocal,
      deliveredRemote: this.deliveredRemote,
      forwarded: this.forwarded,
      bounced: this.bounced,
      expired: this.expired,
      expiredMessages: this.expiredMessages,
      deferred: this.deferred,
      deferredMessages: this.deferredMessages,
      deferredByReason: sortedObject(this.deferredByReason),
      rejected: this.rejected,
      rejectedByReason: sortedObject(this.rejectedByReason),
      authFailures: this.authFailures,
      authFailuresByIp: sortedObject(this.authFailuresByIp),
      authFailuresByUser: sortedObject(this.authFailuresByUser),
      authFailuresByReason: sortedObject(this.authFailuresByReason),
      authFailuresByService: sortedObject(this.authFailuresByService),
      authFailureIps: this.authFailuresByIp.size,
      authAborted: this.authAborted,
      authRefusedNoSasl: this.authRefusedNoSasl,
      dovecotAuthFailures: this.dovecotAuthFailures,
      dovecotAuthFailuresByIp: sortedObject(this.dovecotAuthFailuresByIp),
      dovecotLoginFailures: this.dovecotLoginFailures,
      dovecotLoginFailedAttempts: this.dovecotLoginFailedAttempts,
      dovecotLoginFailuresByIp: sortedObject(this.dovecotLoginFailuresByIp),
      dovecotLogins: this.dovecotLogins,
      dovecotLoginsByUser: sortedObject(this.dovecotLoginsByUser),
      messagesBySaslUser: sortedObject(this.messagesBySaslUser),
      messagesByClientIp: sortedObject(this.messagesByClientIp),
      messagesBySender: sortedObject(this.messagesBySender),
      smtpConnections: sortedObject(this.smtpConnections),
      postsuperRemoved: this.postsuperRemoved,
      stillQueued: extra.stillQueuedIds.length,
      stillQueuedIds: extra.stillQueuedIds,
      reusedQueueIds: [...new Set(extra.reusedQueueIds ?? [])].sort(),
    };
    if (extra.compromisedUser !== undefined) {
      out['compromisedUser'] = extra.compromisedUser;
      out['compromiseAt'] = this.compromiseAt >= 0 ? isoLocal(this.compromiseAt) : null;
      out['firstSpamAt'] = this.firstSpamAt >= 0 ? isoLocal(this.firstSpamAt) : null;
      out['spamMessages'] = this.spamMessages;
      out['spamRecipients'] = this.spamRecipients;
      out['spamForgedSenderMessages'] = this.spamForgedSenderMessages;
      out['spamClientIps'] = this.spamClientIps.size;
      out['attackerIps'] = extra.attackerIps ?? [];
      out['spamStillQueued'] = (extra.spamStillQueuedIds ?? []).length;
      out['spamStillQueuedIds'] = extra.spamStillQueuedIds ?? [];
      out['legitStillQueuedIds'] = extra.legitStillQueuedIds ?? [];
    }
    out['serverConfig'] = extra.serverConfig;
    if (extra.story !== undefined) out['story'] = extra.story;
    out['note'] = NOTE;
    return out;
  }
}

export const NOTE: Record<string, string> = {
  year:
    'Classic syslog stamps carry no year. Every classic file is written with its mtime a few seconds after its last line; git does not keep mtimes, so use this year (or the RFC 3339 twin) when a checkout has fresh mtimes.',
  timezone: 'All stamps are wall-clock Asia/Tokyo (UTC+09:00, no DST); the RFC 3339 twin shows the same instants with +09:00.',
  lines: 'Total lines written (all files of the scenario together), including ignoredLines.',
  ignoredLines: 'Lines from programs that are neither postfix/* nor dovecot (CRON, sshd, systemd): an analyzer should count them as not mail-related.',
  received:
    'Messages accepted from outside the queue, each counted once: smtpd `QID: client=` lines plus pickup `QID: uid=` lines (same definition as pflogsumm "received"). Bounce notifications and local forwards are created inside Postfix and are not counted.',
  queueFilesCreated: 'All queue files created: received + bounce notifications + local forwards.',
  bounceNotifications: 'Messages created by postfix/bounce (`sender non-delivery notification: NEWQID`), one per notification line; from=<>.',
  delivered:
    'Recipients whose final status is sent: the number of `status=sent` delivery lines excluding `(forwarded as …)` (each recipient is sent at most once). Includes local (lmtp) deliveries and the delivery of bounce notifications. Same as pflogsumm "delivered"; delivered + forwarded = all status=sent lines.',
  forwarded: 'local(8) deliveries that forwarded to an alias target: `status=sent (forwarded as NEWQID)` (pflogsumm "forwarded").',
  bounced: 'Recipients whose final status is bounced: the number of `status=bounced` lines (pflogsumm "bounced"). Expired recipients are not included.',
  expired:
    'Recipients still deferred when their message expired (maximal_queue_lifetime): their last delivery line says status=deferred and qmgr then logs `from=<…>, status=expired, returned to sender`. expiredMessages counts those qmgr lines.',
  deferred: 'Number of `status=deferred` delivery lines (smtp and error agents), every retry counted (pflogsumm "deferrals").',
  deferredMessages:
    'Distinct messages (queue files) with at least one status=deferred line (pflogsumm "deferred", which counts distinct queue IDs: it differs only if a reused queue ID was deferred in both lives).',
  deferredByReason: 'deferred split by the model\'s reason class (timeout, refused, tss04, ratelimit, greylist, …).',
  rejected: 'NOQUEUE reject lines written by smtpd (`NOQUEUE: reject: RCPT from …`), one per rejected RCPT (pflogsumm "rejected").',
  authFailures:
    'Postfix warning lines `SASL <mech> authentication failed: <reason>, sasl_username=<u>` from postfix/smtpd and postfix/submission/smtpd. authFailuresByIp / authFailuresByUser / authFailuresByReason / authFailuresByService split the same lines by client IP, the literal sasl_username value ("(unavailable)" when Postfix could not decode one), the reason text and the syslog service name.',
  authAborted: '`SASL LOGIN authentication aborted` warning lines (not counted in authFailures).',
  authRefusedNoSasl:
    'AUTH commands refused with 503 because AUTH is disabled on that port (after the fix on port 25): no warning line is written, only `auth=0/N` in the disconnect line.',
  dovecotAuthFailures: 'Dovecot `auth: passwd-file(<user>,<ip>[,<session>]): unknown user | Password mismatch` lines, for SMTP AUTH (no session) and IMAP/POP3 (with session) alike.',
  dovecotLoginFailures:
    'Dovecot `imap-login:`/`pop3-login: Disconnected: … (auth failed, N attempts in S secs)` lines (one per connection); dovecotLoginFailedAttempts is the sum of their N (= the passwd-file failure lines that carry a session ID).',
  dovecotLogins: 'Successful `imap-login: Login:` / `pop3-login: Login:` lines.',
  messagesBySaslUser: 'Accepted messages (smtpd client= lines) with sasl_username=U, by U.',
  messagesByClientIp: 'Accepted messages (smtpd client= lines) by client IP; pickup messages have no client and are not included.',
  messagesBySender: 'Accepted messages (received) by envelope sender as first logged by qmgr (`from=<…>`), pickup senders qualified (www-data@mail.example.jp).',
  smtpConnections: 'smtpd `connect from` lines by service (smtpd = port 25, submission = port 587).',
  postsuperRemoved: 'Queue files deleted by the administrator: `postfix/postsuper[pid]: QID: removed` lines (followed by one `Deleted: N messages`).',
  stillQueued:
    'Queue files never removed by the end of the log (no qmgr/postsuper `removed`, no expiry): stillQueuedIds, sorted. Includes bounce notifications still waiting.',
  reusedQueueIds:
    'Queue IDs that were given to a new message after an earlier message with the same ID had been removed (Postfix reuses IDs: microseconds + inode). Correlate by queue ID only within one message life (client=/pickup … removed).',
  compromisedUser: 'The SASL account the attacker guessed; compromiseAt is the successful AUTH (no line of its own: the disconnect shows auth=1); firstSpamAt is the first client= line of a spam message.',
  spamMessages:
    'Messages accepted with the compromised login from attacker IPs (spamRecipients = their recipients after nrcpt; spamForgedSenderMessages = those whose envelope sender is not @example.jp; spamClientIps = distinct client IPs).',
  attackerIps: 'IPs that sent mail as the compromised user (the guesser that found the password is listed first).',
  spamStillQueuedIds: 'stillQueuedIds of spam messages. legitStillQueuedIds: the other still-queued queue IDs (legitimate mail and bounce notifications).',
  serverConfig: 'The Postfix settings the model follows (non-defaults matter for expiry and retry times).',
};
