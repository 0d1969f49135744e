// A day of Postfix and Dovecot log lines for rule tests (compromised-account's busy servers and botnets, reviews 12
// and 13), in the corpus's line shapes (/work/shared/corpus): submission smtpd "client=…, sasl_username=…", cleanup
// "message-id=", qmgr "from=<…>, size=…, nrcpt=…", smtp "status=…", Dovecot LMTP and "imap-login: Login: …",
// "auth: passwd-file(…): Password mismatch", and Postfix 3.6's "SASL LOGIN authentication failed: UGFzc3dvcmQ6".

const MON = 'Nov';

/** A day of log lines (Nov 10), written in time order; `t` is seconds since midnight. */
export class DayLog {
  private lines: Array<{ t: number; seq: number; text: string }> = [];
  private seq = 0;
  private pid = 20000;
  private queueIds = 0;

  emit(t: number, tag: string, text: string): void {
    const s = Math.floor(t);
    const hh = String(Math.floor(s / 3600)).padStart(2, '0');
    const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
    const ss = String(s % 60).padStart(2, '0');
    this.lines.push({ t, seq: this.seq++, text: `${MON} 10 ${hh}:${mm}:${ss} mail ${tag}: ${text}` });
  }

  nextPid(): number { return ++this.pid; }

  qid(): string { return (0x3EA76F0000 + ++this.queueIds).toString(16).toUpperCase(); }

  /** A client's session that submits one message (with a SASL login when `sasl` is given); its queue ID. */
  submit(t: number, ip: string, sasl: string | null, sender: string, rcpts: string[], svc = 'postfix/submission/smtpd', name = 'unknown'): string {
    const pid = this.nextPid();
    const q = this.qid();
    this.emit(t, `${svc}[${pid}]`, `connect from ${name}[${ip}]`);
    this.emit(t + 0.1, `${svc}[${pid}]`, `${q}: client=${name}[${ip}]${sasl !== null ? `, sasl_method=PLAIN, sasl_username=${sasl}` : ''}`);
    this.emit(t + 0.2, `postfix/cleanup[${this.nextPid()}]`, `${q}: message-id=<${Math.round(t * 1000)}.${q}@example.jp>`);
    this.emit(t + 0.2, 'postfix/qmgr[1111]', `${q}: from=<${sender}>, size=4521, nrcpt=${rcpts.length} (queue active)`);
    this.emit(t + 0.3, `${svc}[${pid}]`, `disconnect from ${name}[${ip}] ehlo=2 starttls=1 ${sasl !== null ? 'auth=1 ' : ''}mail=1 rcpt=${rcpts.length} data=1 quit=1 commands=${6 + rcpts.length + (sasl !== null ? 1 : 0)}`);
    return q;
  }

  sent(t: number, q: string, rcpt: string): void {
    const dom = rcpt.split('@')[1]!;
    this.emit(t, `postfix/smtp[${this.nextPid()}]`, `${q}: to=<${rcpt}>, relay=mx.${dom}[192.0.2.80]:25, delay=1.2, delays=0.1/0.01/0.4/0.7, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4F1B2C3D4E)`);
  }

  greylisted(t: number, q: string, rcpt: string): void {
    const dom = rcpt.split('@')[1]!;
    this.emit(t, `postfix/smtp[${this.nextPid()}]`, `${q}: to=<${rcpt}>, relay=mx.${dom}[192.0.2.80]:25, delay=2, delays=2/0.01/30/0, dsn=4.7.1, status=deferred (host mx.${dom}[192.0.2.80] said: 450 4.7.1 <${rcpt}>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/${dom}.html (in reply to RCPT TO command))`);
  }

  /** `table`: the receiver's words after "User unknown" (" in virtual mailbox table"), '' for none. */
  bounced(t: number, q: string, rcpt: string, table = ''): void {
    const dom = rcpt.split('@')[1]!;
    this.emit(t, `postfix/smtp[${this.nextPid()}]`, `${q}: to=<${rcpt}>, relay=mx.${dom}[192.0.2.80]:25, delay=0.9, delays=0.1/0.01/0.3/0.5, dsn=5.1.1, status=bounced (host mx.${dom}[192.0.2.80] said: 550 5.1.1 <${rcpt}>: Recipient address rejected: User unknown${table} (in reply to RCPT TO command))`);
  }

  deferred(t: number, q: string, rcpt: string): void {
    const dom = rcpt.split('@')[1]!;
    this.emit(t, `postfix/smtp[${this.nextPid()}]`, `${q}: to=<${rcpt}>, relay=none, delay=31, delays=0.1/0/30/0, dsn=4.4.1, status=deferred (connect to mx.${dom}[192.0.2.80]:25: Connection timed out)`);
  }

  removed(t: number, q: string): void { this.emit(t, 'postfix/qmgr[1111]', `${q}: removed`); }

  /** Mail from outside for a local mailbox, delivered by Dovecot LMTP. */
  inbound(t: number, sender: string, rcpt: string): void {
    const dom = sender.split('@')[1]!;
    const q = this.submit(t, '198.18.7.25', null, sender, [rcpt], 'postfix/smtpd', `mail.${dom}`);
    this.emit(t + 0.5, 'dovecot', `lmtp(${rcpt})<${this.nextPid()}><gbGdAtQnKWlTNQAA>: msgid=<x${q}@${dom}>: saved mail to INBOX`);
    this.emit(t + 0.5, `postfix/lmtp[${this.nextPid()}]`, `${q}: to=<${rcpt}>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.05, delays=0.01/0.01/0.01/0.02, dsn=2.0.0, status=sent (250 2.0.0 <${rcpt}> gbGdAtQnKWlTNQAA Saved)`);
    this.removed(t + 0.6, q);
  }

  /** Send every message through amavis (127.0.0.1:10024, back on 10025 with XFORWARD), as iRedMail-style servers do. */
  amavis = false;

  /** A SASL user's message, every recipient sent. */
  userMail(t: number, ip: string, sasl: string, sender: string, rcpts: string[]): void {
    const q = this.submit(t, ip, sasl, sender, rcpts);
    if (this.amavis) {
      // The copy's lines (LINES.md #31 and the corpus's XFORWARD client= shape), then the hand-off naming it.
      const c = this.qid();
      const pid = this.nextPid();
      this.emit(t + 0.5, `postfix/smtpd[${pid}]`, `connect from localhost[127.0.0.1]`);
      this.emit(t + 0.5, `postfix/smtpd[${pid}]`, `${c}: client=localhost[127.0.0.1], orig_queue_id=${q}, orig_client=unknown[${ip}]`);
      this.emit(t + 0.6, `postfix/cleanup[${this.nextPid()}]`, `${c}: message-id=<${Math.round(t * 1000)}.${q}@example.jp>`);
      this.emit(t + 0.6, 'postfix/qmgr[1111]', `${c}: from=<${sender}>, size=5210, nrcpt=${rcpts.length} (queue active)`);
      this.emit(t + 0.6, `postfix/smtpd[${pid}]`, `disconnect from localhost[127.0.0.1] ehlo=1 xforward=1 mail=1 rcpt=${rcpts.length} data=1 quit=1 commands=${5 + rcpts.length}`);
      for (const r of rcpts) {
        this.emit(t + 0.7, `postfix/smtp[${this.nextPid()}]`, `${q}: to=<${r}>, relay=127.0.0.1[127.0.0.1]:10024, delay=0.6, delays=0.1/0/0/0.5, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as ${c})`);
      }
      this.removed(t + 0.8, q);
      for (const r of rcpts) this.sent(t + 1, c, r);
      this.removed(t + 1.1, c);
      return;
    }
    for (const r of rcpts) this.sent(t + 1, q, r);
    this.removed(t + 1.1, q);
  }

  /**
   * A message a local program submitted through sendmail (PHP's mail()): pickup's line in the corpus's shape
   * ("9F613DB31D: uid=33 from=<shop@example.jp>"), cleanup and qmgr; its queue ID.
   */
  pickup(t: number, uid: number, sender: string, rcpts: string[]): string {
    const q = this.qid();
    this.emit(t, 'postfix/pickup[21553]', `${q}: uid=${uid} from=<${sender}>`);
    this.emit(t + 0.1, `postfix/cleanup[${this.nextPid()}]`, `${q}: message-id=<${Math.round(t * 1000)}.${q}@mail.example.jp>`);
    this.emit(t + 0.1, 'postfix/qmgr[1111]', `${q}: from=<${sender}>, size=3257, nrcpt=${rcpts.length} (queue active)`);
    return q;
  }

  /**
   * Message `q` handed to amavis (127.0.0.1:10024) and its copy back on 10025, with XFORWARD's orig_queue_id= or
   * without; the copy's queue ID, whose deliveries the caller logs.
   */
  amavisHop(t: number, q: string, sender: string, rcpts: string[], xforward: boolean): string {
    const c = this.qid();
    const pid = this.nextPid();
    this.emit(t, `postfix/smtpd[${pid}]`, `connect from localhost[127.0.0.1]`);
    this.emit(t, `postfix/smtpd[${pid}]`, `${c}: client=localhost[127.0.0.1]${xforward ? `, orig_queue_id=${q}` : ''}`);
    this.emit(t + 0.1, `postfix/cleanup[${this.nextPid()}]`, `${c}: message-id=<${Math.round(t * 1000)}.${q}@mail.example.jp>`);
    this.emit(t + 0.1, 'postfix/qmgr[1111]', `${c}: from=<${sender}>, size=3710, nrcpt=${rcpts.length} (queue active)`);
    this.emit(t + 0.1, `postfix/smtpd[${pid}]`, `disconnect from localhost[127.0.0.1] ehlo=1 ${xforward ? 'xforward=1 ' : ''}mail=1 rcpt=${rcpts.length} data=1 quit=1 commands=${(xforward ? 5 : 4) + rcpts.length}`);
    for (const r of rcpts) {
      this.emit(t + 0.2, `postfix/smtp[${this.nextPid()}]`, `${q}: to=<${r}>, relay=127.0.0.1[127.0.0.1]:10024, delay=0.6, delays=0.1/0/0/0.5, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as ${c})`);
    }
    this.removed(t + 0.3, q);
    return c;
  }

  /**
   * A submission of `user` from `ip` that a milter (rspamd, ClamAV) refuses at END-OF-MESSAGE with `reply` (LINES.md
   * §3 #7's line shape), the session ending "data=0/1": no qmgr line follows.
   */
  refusedSubmission(t: number, ip: string, user: string, to: string, reply = '5.7.1 Spam message rejected'): void {
    const svc = 'postfix/submission/smtpd';
    const pid = this.nextPid();
    const q = this.qid();
    this.emit(t, `${svc}[${pid}]`, `connect from unknown[${ip}]`);
    this.emit(t + 0.1, `${svc}[${pid}]`, `${q}: client=unknown[${ip}], sasl_method=LOGIN, sasl_username=${user}`);
    this.emit(t + 0.2, `postfix/cleanup[${this.nextPid()}]`, `${q}: message-id=<${Math.round(t * 1000)}.spam@example.jp>`);
    this.emit(t + 0.3, `postfix/cleanup[${this.nextPid()}]`, `${q}: milter-reject: END-OF-MESSAGE from unknown[${ip}]: ${reply}; from=<${user}> to=<${to}> proto=ESMTP helo=<User>`);
    this.emit(t + 0.4, `${svc}[${pid}]`, `disconnect from unknown[${ip}] ehlo=1 auth=1 mail=1 rcpt=1 data=0/1 quit=1 commands=5/6`);
  }

  imapLogin(t: number, user: string, ip: string): void {
    this.emit(t, 'dovecot', `imap-login: Login: user=<${user}>, method=PLAIN, rip=${ip}, lip=192.0.2.1, mpid=${this.nextPid()}, TLS, session=<hK3dQ8xW2ZvLg1Xk>`);
  }

  /** One failed SMTP AUTH of `user` from `ip`, as Dovecot auth and Postfix log it. */
  authFailure(t: number, ip: string, user: string): void {
    const pid = this.nextPid();
    this.emit(t, `postfix/submission/smtpd[${pid}]`, `connect from unknown[${ip}]`);
    this.emit(t + 1, 'dovecot', `auth: passwd-file(${user},${ip}): Password mismatch`);
    this.emit(t + 3, `postfix/submission/smtpd[${pid}]`, `warning: unknown[${ip}]: SASL PLAIN authentication failed: (reason unavailable), sasl_username=${user}`);
    this.emit(t + 3, `postfix/submission/smtpd[${pid}]`, `disconnect from unknown[${ip}] ehlo=2 starttls=1 auth=0/1 quit=1 commands=4/5`);
  }

  /** A failed IMAP login of `user`, as Dovecot's auth and login process log it. */
  imapFailure(t: number, ip: string, user: string): void {
    this.emit(t, 'dovecot', `auth: passwd-file(${user},${ip},<Qm3kR8xW2ZvLg1Xk>): Password mismatch`);
    this.emit(t + 2, 'dovecot', `imap-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs): user=<${user}>, method=PLAIN, rip=${ip}, lip=192.0.2.1, TLS, session=<Qm3kR8xW2ZvLg1Xk>`);
  }

  /** A failed SMTP AUTH as Postfix before 3.7.8 logs it, with Dovecot's default auth_verbose=no: no user named. */
  smtpFailureNoName(t: number, ip: string): void {
    const pid = this.nextPid();
    this.emit(t, `postfix/smtpd[${pid}]`, `connect from unknown[${ip}]`);
    this.emit(t + 2, `postfix/smtpd[${pid}]`, `warning: unknown[${ip}]: SASL LOGIN authentication failed: UGFzc3dvcmQ6`);
    this.emit(t + 2.2, `postfix/smtpd[${pid}]`, `lost connection after AUTH from unknown[${ip}]`);
    this.emit(t + 2.2, `postfix/smtpd[${pid}]`, `disconnect from unknown[${ip}] ehlo=1 auth=0/1 commands=1/2`);
  }

  /** A successful SMTP AUTH and nothing sent: a guesser checking the password it found. */
  smtpLoginNoMail(t: number, ip: string): void {
    const pid = this.nextPid();
    this.emit(t, `postfix/smtpd[${pid}]`, `connect from unknown[${ip}]`);
    this.emit(t + 2.2, `postfix/smtpd[${pid}]`, `disconnect from unknown[${ip}] ehlo=1 auth=1 quit=1 commands=3`);
  }

  text(): string {
    return this.lines.sort((a, b) => a.t - b.t || a.seq - b.seq).map((l) => l.text).join('\n') + '\n';
  }
}
