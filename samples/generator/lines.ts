// Line formatters, one group per daemon. Each returns the message part after `tag: `; the shapes are
// copied from real Postfix 3.7.11 / Dovecot 2.3.19.1 output (/work/shared/corpus, LINES.md).

// ---- shared ------------------------------------------------------------------------------------

/**
 * Postfix's delay format (log_adhoc.c): whole seconds from 10 s up, one decimal from 1 s, two decimals
 * below 1 s, trailing zeros dropped, "0" under 10 ms — `delay=121`, `delay=1.9`, `0.26`, `0.8`, `0`.
 */
export function fmtDelay(seconds: number): string {
  if (seconds >= 10) return String(Math.floor(seconds));
  if (seconds >= 1) {
    const v = Math.floor(seconds * 10) / 10;
    return Number.isInteger(v) ? String(v) : v.toFixed(1);
  }
  const h = Math.floor(seconds * 100);
  if (h <= 0) return '0';
  if (h % 10 === 0) return '0.' + h / 10;
  return h < 10 ? '0.0' + h : '0.' + h;
}

export const TLS_IN =
  'TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256';

// ---- postfix/smtpd -----------------------------------------------------------------------------

const CMD_ORDER = ['helo', 'ehlo', 'starttls', 'auth', 'mail', 'rcpt', 'data', 'bdat', 'rset', 'noop', 'vrfy', 'etrn', 'quit', 'unknown'];

/** Per-session SMTP command counters, printed by smtpd at disconnect (Postfix >= 3.0). */
export class Cmds {
  private readonly ok = new Map<string, number>();
  private readonly all = new Map<string, number>();

  add(cmd: string, success = true): void {
    this.all.set(cmd, (this.all.get(cmd) ?? 0) + 1);
    if (success) this.ok.set(cmd, (this.ok.get(cmd) ?? 0) + 1);
    else if (!this.ok.has(cmd)) this.ok.set(cmd, 0);
  }

  /** ` ehlo=2 starttls=1 auth=0/1 quit=1 commands=4/5` (with leading space) */
  text(): string {
    let s = '';
    let okSum = 0;
    let allSum = 0;
    for (const c of CMD_ORDER) {
      const a = this.all.get(c);
      if (a === undefined) continue;
      const o = this.ok.get(c) ?? 0;
      okSum += o;
      allSum += a;
      s += o === a ? ` ${c}=${a}` : ` ${c}=${o}/${a}`;
    }
    s += okSum === allSum ? ` commands=${allSum}` : ` commands=${okSum}/${allSum}`;
    return s;
  }
}

export const smtpd = {
  connect: (name: string, ip: string): string => `connect from ${name}[${ip}]`,
  tls: (name: string, ip: string): string => `Anonymous TLS connection established from ${name}[${ip}]: ${TLS_IN}`,
  client: (qid: string, name: string, ip: string, sasl?: { method: string; user: string }): string =>
    sasl === undefined
      ? `${qid}: client=${name}[${ip}]`
      : `${qid}: client=${name}[${ip}], sasl_method=${sasl.method}, sasl_username=${sasl.user}`,
  saslFailed: (name: string, ip: string, method: string, reason: string, user: string): string =>
    `warning: ${name}[${ip}]: SASL ${method} authentication failed: ${reason}, sasl_username=${user}`,
  saslAborted: (name: string, ip: string, method: string): string => `warning: ${name}[${ip}]: SASL ${method} authentication aborted`,
  lost: (after: string, name: string, ip: string): string => `lost connection after ${after} from ${name}[${ip}]`,
  tooManyErrors: (after: string, name: string, ip: string): string => `too many errors after ${after} from ${name}[${ip}]`,
  disconnect: (name: string, ip: string, cmds: Cmds): string => `disconnect from ${name}[${ip}]${cmds.text()}`,
  relayDenied: (name: string, ip: string, from: string, to: string, helo: string, proto: string): string =>
    `NOQUEUE: reject: RCPT from ${name}[${ip}]: 554 5.7.1 <${to}>: Relay access denied; from=<${from}> to=<${to}> proto=${proto} helo=<${helo}>`,
  userUnknown: (name: string, ip: string, from: string, to: string, helo: string, proto: string): string =>
    `NOQUEUE: reject: RCPT from ${name}[${ip}]: 550 5.1.1 <${to}>: Recipient address rejected: User unknown in virtual mailbox table; from=<${from}> to=<${to}> proto=${proto} helo=<${helo}>`,
};

// ---- queue: cleanup, qmgr, pickup, bounce, postsuper ------------------------------------------

export const cleanup = {
  messageId: (qid: string, msgid: string): string => `${qid}: message-id=<${msgid}>`,
};

export const qmgr = {
  active: (qid: string, from: string, size: number, nrcpt: number): string =>
    `${qid}: from=<${from}>, size=${size}, nrcpt=${nrcpt} (queue active)`,
  removed: (qid: string): string => `${qid}: removed`,
  expired: (qid: string, from: string): string => `${qid}: from=<${from}>, status=expired, returned to sender`,
};

export const pickup = {
  uid: (qid: string, uid: number, from: string): string => `${qid}: uid=${uid} from=<${from}>`,
};

export const bounce = {
  nonDelivery: (qid: string, ndrQid: string): string => `${qid}: sender non-delivery notification: ${ndrQid}`,
};

export const postsuper = {
  removed: (qid: string): string => `${qid}: removed`,
  deleted: (n: number): string => `Deleted: ${n} message${n === 1 ? '' : 's'}`,
};

export const anvil = {
  rate: (rate: number, service: string, ip: string, at: string): string => `statistics: max connection rate ${rate}/60s for (${service}:${ip}) at ${at}`,
  count: (count: number, service: string, ip: string, at: string): string => `statistics: max connection count ${count} for (${service}:${ip}) at ${at}`,
  cache: (size: number, at: string): string => `statistics: max cache size ${size} at ${at}`,
};

// ---- delivery agents: smtp, lmtp, local, error -------------------------------------------------

export interface DeliveryFields {
  qid: string;
  to: string;
  origTo?: string | undefined;
  relay: string;
  connUse?: number | undefined;
  delay: number;
  a: number;
  b: number;
  c: number;
  d: number;
  dsn: string;
  status: 'sent' | 'deferred' | 'bounced';
  text: string;
}

export function delivery(f: DeliveryFields): string {
  const orig = f.origTo !== undefined ? `orig_to=<${f.origTo}>, ` : '';
  const cu = f.connUse !== undefined && f.connUse > 1 ? `conn_use=${f.connUse}, ` : '';
  return (
    `${f.qid}: to=<${f.to}>, ${orig}relay=${f.relay}, ${cu}delay=${fmtDelay(f.delay)}, ` +
    `delays=${fmtDelay(f.a)}/${fmtDelay(f.b)}/${fmtDelay(f.c)}/${fmtDelay(f.d)}, dsn=${f.dsn}, status=${f.status} (${f.text})`
  );
}

export const smtp = {
  connectFailed: (host: string, ip: string, why: string): string => `connect to ${host}[${ip}]:25: ${why}`,
  tls: (trusted: boolean, host: string, ip: string, tls12: boolean, ecdsa: boolean): string =>
    `${trusted ? 'Trusted' : 'Untrusted'} TLS connection established to ${host}[${ip}]:25: ` +
    (tls12
      ? 'TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)'
      : `TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature ${ecdsa ? 'ECDSA (P-256)' : 'RSA-PSS (2048 bits)'} server-digest SHA256`),
};

// ---- dovecot -------------------------------------------------------------------------------------

export const dovecot = {
  authFailed: (user: string, ip: string, session: string | null, why: 'unknown user' | 'Password mismatch'): string =>
    session === null ? `auth: passwd-file(${user},${ip}): ${why}` : `auth: passwd-file(${user},${ip},<${session}>): ${why}`,
  login: (svc: 'imap' | 'pop3', user: string, method: string, rip: string, lip: string, mpid: number, tls: boolean, session: string): string =>
    `${svc}-login: Login: user=<${user}>, method=${method}, rip=${rip}, lip=${lip}, mpid=${mpid}, ${tls ? 'TLS, ' : ''}session=<${session}>`,
  loginFailed: (
    svc: 'imap' | 'pop3',
    reason: string,
    attempts: number,
    secs: number,
    user: string,
    method: string,
    rip: string,
    lip: string,
    tls: boolean,
    session: string,
  ): string =>
    `${svc}-login: Disconnected: ${reason} (auth failed, ${attempts} attempts in ${secs} secs): user=<${user}>, method=${method}, rip=${rip}, lip=${lip}, ${tls ? 'TLS, ' : ''}session=<${session}>`,
  imapLogout: (user: string, pid: number, session: string, how: string, inB: number, outB: number, hdrCount: number, hdrBytes: number, bodyCount: number, bodyBytes: number): string =>
    `imap(${user})<${pid}><${session}>: ${how} in=${inB} out=${outB} deleted=0 expunged=0 trashed=0 hdr_count=${hdrCount} hdr_bytes=${hdrBytes} body_count=${bodyCount} body_bytes=${bodyBytes}`,
  pop3Logout: (user: string, pid: number, session: string, retr: number, retrBytes: number, del: number, total: number, size: number): string =>
    `pop3(${user})<${pid}><${session}>: Disconnected: Logged out top=0/0, retr=${retr}/${retrBytes}, del=${del}/${total}, size=${size}`,
  lmtpConnect: (pid: number): string => `lmtp(${pid}): Connect from local`,
  lmtpSaved: (user: string, pid: number, guid: string, msgid: string): string =>
    `lmtp(${user})<${pid}><${guid}>: msgid=${msgid === '' ? 'unspecified' : '<' + msgid + '>'}: saved mail to INBOX`,
  lmtpDisconnect: (pid: number): string => `lmtp(${pid}): Disconnect from local: Logged out (state=READY)`,
};

// ---- not mail: must be counted as ignored by an analyzer --------------------------------------------

export const other = {
  cron: (cmd: string): string => `(root) CMD (${cmd})`,
};
