// Client sessions as scripts (generators yielding seconds): outside MTAs delivering to us, our users
// submitting on 587, IMAP/POP3 logins, SASL brute force on 25/587, Dovecot brute force, the successful
// guess, spam bots using the stolen login, and open-relay probes. Each writes what smtpd / Dovecot log.

import type { Script } from './sim.js';
import type { Server, Pool } from './server.js';
import type { Mta, Msg } from './mta.js';
import type { Rng } from './prng.js';
import { Cmds } from './lines.js';
import * as L from './lines.js';
import { messageId, type MsgidStyle } from './msgid.js';
import {
  CORRESPONDENTS,
  SERVER,
  SPAM_TARGETS,
  UNKNOWN_LOCALS,
  USERS,
  forgedSender,
  harvestedLocal,
  isMailboxLogin,
  profile,
  type InboundServer,
  type User,
} from './world.js';

// ---- helpers -------------------------------------------------------------------------------------

function domainOf(addr: string): string {
  const at = addr.lastIndexOf('@');
  return at < 0 ? SERVER.fqdn : addr.slice(at + 1);
}

/** Size of an ordinary message: mostly a few kB, sometimes an attachment. */
export function legitSize(rng: Rng): number {
  const s = rng.chance(0.12) ? rng.logNormal(400_000, 1.0) : rng.logNormal(6_000, 0.8);
  return Math.max(520, Math.min(15_000_000, Math.round(s)));
}

const RECV_WEIGHTS: readonly (readonly [string, number])[] = [
  ...USERS.map((u) => [`${u}@${SERVER.domain}`, profile(u).recvWeight] as const),
  [`sales@${SERVER.domain}`, 3],
  [`postmaster@${SERVER.domain}`, 0.4],
];

/** 1-3 distinct local recipients for inbound mail. */
export function localRecipients(rng: Rng): string[] {
  const n = rng.weighted([
    [1, 75],
    [2, 20],
    [3, 5],
  ] as const);
  const out: string[] = [];
  for (let i = 0; i < 10 && out.length < n; i++) {
    const a = rng.weighted(RECV_WEIGHTS);
    if (!out.includes(a)) out.push(a);
  }
  return out;
}

/** Recipients for a message one of our users writes. */
export function outboundRecipients(rng: Rng, user: User): string[] {
  const n = rng.weighted([
    [1, 70],
    [2, 22],
    [3, 8],
  ] as const);
  const out: string[] = [];
  for (let i = 0; i < 10 && out.length < n; i++) {
    const a = rng.chance(0.72) ? rng.pick(CORRESPONDENTS) : `${rng.pick(USERS.filter((u) => u !== user && u !== 'info'))}@${SERVER.domain}`;
    if (!out.includes(a)) out.push(a);
  }
  return out;
}

const CLIENT_STYLE: Record<User, MsgidStyle> = {
  tanaka: 'thunderbird',
  suzuki: 'outlook',
  sato: 'thunderbird',
  yamada: 'outlook',
  takahashi: 'thunderbird',
  info: 'thunderbird',
};

interface Conn {
  pool: Pool;
  tag: string;
  proc: ReturnType<Pool['acquire']>;
  service: 'smtpd' | 'submission';
  anvilService: string;
  name: string;
  ip: string;
  cmds: Cmds;
}

function open(srv: Server, port: 25 | 587, name: string, ip: string): Conn {
  const pool = port === 25 ? srv.smtpd : srv.submission;
  const proc = pool.acquire();
  const service = port === 25 ? 'smtpd' : 'submission';
  const anvilService = port === 25 ? 'smtp' : 'submission';
  srv.truth.connection(service);
  srv.anvilConnect(anvilService, ip);
  srv.emit(proc.tag, L.smtpd.connect(name, ip));
  return { pool, tag: proc.tag, proc, service, anvilService, name, ip, cmds: new Cmds() };
}

function close(srv: Server, c: Conn, how: 'quit' | 'lost' | 'silent', lostAfter = 'AUTH'): void {
  if (how === 'quit') c.cmds.add('quit');
  else if (how === 'lost') srv.emit(c.tag, L.smtpd.lost(lostAfter, c.name, c.ip));
  srv.emit(c.tag, L.smtpd.disconnect(c.name, c.ip, c.cmds));
  srv.anvilDisconnect(c.anvilService, c.ip);
  c.pool.release(c.proc);
}

function starttls(srv: Server, c: Conn): void {
  c.cmds.add('starttls');
  srv.emit(c.tag, L.smtpd.tls(c.name, c.ip));
  c.cmds.add('ehlo');
}

/** A failed SASL exchange: Dovecot answers at once, Postfix logs the warning after the 2 s failure delay. */
function* failedAuth(srv: Server, c: Conn, login: string, method: string): Script {
  srv.dovecot(L.dovecot.authFailed(login, c.ip, null, isMailboxLogin(login) ? 'Password mismatch' : 'unknown user'));
  srv.truth.dovecotAuthFailure(c.ip);
  yield 2 + srv.rng.range(0.001, 0.06);
  srv.emit(c.tag, L.smtpd.saslFailed(c.name, c.ip, method, '(reason unavailable)', login));
  srv.truth.authFailure(c.ip, login, '(reason unavailable)', c.service === 'smtpd' ? 'postfix/smtpd' : 'postfix/submission/smtpd');
  c.cmds.add('auth', false);
}

// ---- outside MTAs delivering to us (port 25) -------------------------------------------------------

export function* inboundSession(srv: Server, mta: Mta, rng: Rng, s: InboundServer, unknownRcptRate: number, messages?: number): Script {
  const c = open(srv, 25, s.name, s.ip);
  yield rng.range(0.05, 0.4);
  c.cmds.add('ehlo');
  if (s.tls) {
    yield rng.range(0.02, 0.1);
    starttls(srv, c);
  }
  const n = messages ?? (rng.chance(0.82) ? 1 : rng.int(2, 3));
  for (let k = 0; k < n; k++) {
    const sender = rng.pick(s.senders);
    const list = localRecipients(rng).map((a) => ({ a, ok: true }));
    if (rng.chance(unknownRcptRate)) list.splice(rng.int(0, list.length), 0, { a: `${rng.pick(UNKNOWN_LOCALS)}@${SERVER.domain}`, ok: false });
    const size = legitSize(rng);
    const msgid = messageId(s.msgid, domainOf(sender) === 'amazonses.com' ? 'email.amazonses.com' : s.helo, rng, srv.now);
    yield rng.range(0.01, 0.08);
    c.cmds.add('mail');
    let msg: Msg | null = null;
    for (const x of list) {
      yield rng.range(0.003, 0.06);
      if (!x.ok) {
        srv.emit(c.tag, L.smtpd.userUnknown(c.name, c.ip, sender, x.a, s.helo, 'ESMTP'));
        srv.truth.reject('user-unknown');
        c.cmds.add('rcpt', false);
        continue;
      }
      if (msg === null) msg = mta.openSmtpd(c.proc, c.name, { kind: 'inbound', sender, size, msgid, clientIp: s.ip, saslUser: null });
      mta.addRcpt(msg, x.a);
      c.cmds.add('rcpt');
    }
    if (msg === null) {
      c.cmds.add('rset');
      continue;
    }
    c.cmds.add('data');
    yield rng.range(0.05, 0.4) + size / 4e6;
    mta.commit(msg);
    yield rng.range(0.005, 0.04);
  }
  close(srv, c, 'quit');
}

// ---- our users on port 587 -------------------------------------------------------------------------

export interface SubmissionOptions {
  messages: number;
  mistype?: boolean;
  recipients?: string[];
}

export function* submissionSession(srv: Server, mta: Mta, rng: Rng, user: User, ip: string, o: SubmissionOptions): Script {
  const login = `${user}@${SERVER.domain}`;
  const method = profile(user).saslMethod;
  const c = open(srv, 587, 'unknown', ip);
  yield rng.range(0.03, 0.2);
  c.cmds.add('ehlo');
  starttls(srv, c);
  yield rng.range(0.05, 0.3);
  if (o.mistype === true) {
    yield* failedAuth(srv, c, login, method);
    yield rng.range(2, 6);
  }
  c.cmds.add('auth');
  for (let k = 0; k < o.messages; k++) {
    yield rng.range(0.02, 0.3);
    const rcpts = o.recipients ?? outboundRecipients(rng, user);
    const size = legitSize(rng);
    const msgid = messageId(CLIENT_STYLE[user], SERVER.domain, rng, srv.now);
    c.cmds.add('mail');
    let msg: Msg | null = null;
    for (const r of rcpts) {
      yield rng.range(0.003, 0.05);
      if (msg === null) msg = mta.openSmtpd(c.proc, c.name, { kind: 'outbound', sender: login, size, msgid, clientIp: ip, saslUser: login }, method);
      mta.addRcpt(msg, r);
      c.cmds.add('rcpt');
    }
    c.cmds.add('data');
    yield rng.range(0.05, 0.5) + size / 2e6;
    mta.commit(msg as Msg);
    yield rng.range(0.005, 0.05);
  }
  close(srv, c, 'quit');
}

// ---- Dovecot: our users reading mail ----------------------------------------------------------------

export function* imapSession(srv: Server, rng: Rng, user: User, ip: string, durationS: number, mistype = false): Script {
  const login = `${user}@${SERVER.domain}`;
  const sess = srv.loginSession(ip);
  yield rng.range(0.05, 0.4);
  if (mistype) {
    srv.dovecot(L.dovecot.authFailed(login, ip, sess, 'Password mismatch'));
    srv.truth.dovecotAuthFailure(ip);
    yield rng.range(4, 9);
  }
  const mpid = srv.freshPid();
  srv.dovecot(L.dovecot.login('imap', login, 'PLAIN', ip, SERVER.ip, mpid, true, sess));
  srv.truth.dovecotLogin(login);
  yield durationS;
  const hdr = rng.int(0, 12);
  const body = rng.chance(0.6) ? rng.int(0, Math.max(1, hdr)) : 0;
  srv.dovecot(L.dovecot.imapLogout(login, mpid, sess, 'Disconnected: Logged out', rng.int(90, 2600), rng.int(900, 60000), hdr, hdr * rng.int(600, 900), body, body * rng.int(2000, 90000)));
}

export function* pop3Session(srv: Server, rng: Rng, user: User, ip: string): Script {
  const login = `${user}@${SERVER.domain}`;
  const sess = srv.loginSession(ip);
  yield rng.range(0.05, 0.4);
  const mpid = srv.freshPid();
  srv.dovecot(L.dovecot.login('pop3', login, 'PLAIN', ip, SERVER.ip, mpid, true, sess));
  srv.truth.dovecotLogin(login);
  const retr = rng.int(0, 6);
  yield rng.range(0.5, 3) + retr * 0.3;
  const total = rng.int(20, 40);
  const bytes = retr * rng.int(3000, 40000);
  srv.dovecot(L.dovecot.pop3Logout(login, mpid, sess, retr, bytes, 0, total, total * rng.int(4000, 9000)));
}

// ---- attackers ----------------------------------------------------------------------------------------

export interface BruteOptions {
  port: 25 | 587;
  names: string[];
  method: 'LOGIN' | 'PLAIN';
  tls: boolean;
  end: 'quit' | 'lost';
  helo?: string;
}

/** One SMTP connection of a SASL password-guessing bot. */
export function* bruteSmtpSession(srv: Server, rng: Rng, ip: string, o: BruteOptions): Script {
  const c = open(srv, o.port, 'unknown', ip);
  yield rng.range(0.1, 0.9);
  c.cmds.add('ehlo');
  if (o.tls && o.port === 587) {
    yield rng.range(0.05, 0.3);
    starttls(srv, c);
  }
  for (const name of o.names) {
    yield rng.range(0.05, 0.5);
    if (o.port === 25 && !srv.cfg.authOnPort25) {
      // 503 5.5.1 Error: authentication not enabled — nothing but the counter shows it
      c.cmds.add('auth', false);
      srv.truth.authRefusedNoSasl++;
      continue;
    }
    yield* failedAuth(srv, c, name, o.method);
  }
  yield rng.range(0.02, 0.4);
  close(srv, c, o.end);
}

/** A broken bot sending garbage AUTH PLAIN until smtpd gives up (smtpd_hard_error_limit). */
export function* garbageAuthSession(srv: Server, rng: Rng, ip: string, tries: number): Script {
  const c = open(srv, 25, 'unknown', ip);
  yield rng.range(0.1, 0.5);
  c.cmds.add('ehlo');
  for (let i = 0; i < tries; i++) {
    yield rng.range(0.05, 0.4);
    if (!srv.cfg.authOnPort25) {
      c.cmds.add('auth', false);
      srv.truth.authRefusedNoSasl++;
      continue;
    }
    const reason = 'Invalid base64 data in initial response';
    srv.emit(c.tag, L.smtpd.saslFailed(c.name, c.ip, 'PLAIN', reason, '(unavailable)'));
    srv.truth.authFailure(ip, '(unavailable)', reason, 'postfix/smtpd');
    c.cmds.add('auth', false);
  }
  if (tries >= 20) {
    srv.emit(c.tag, L.smtpd.tooManyErrors('AUTH', c.name, c.ip));
    close(srv, c, 'silent');
  } else close(srv, c, 'quit');
}

/** A bot that starts AUTH LOGIN and sends '*' (501 5.7.0 Authentication aborted). */
export function* abortedAuthSession(srv: Server, rng: Rng, ip: string): Script {
  const c = open(srv, 25, 'unknown', ip);
  yield rng.range(0.1, 0.5);
  c.cmds.add('ehlo');
  yield rng.range(0.1, 0.5);
  if (srv.cfg.authOnPort25) {
    srv.emit(c.tag, L.smtpd.saslAborted(c.name, c.ip, 'LOGIN'));
    srv.truth.authAborted++;
  } else srv.truth.authRefusedNoSasl++;
  c.cmds.add('auth', false);
  yield rng.range(0.1, 0.5);
  close(srv, c, 'quit');
}

/** The guess that works: AUTH succeeds (no line of its own), the bot quits at once. */
export function* successfulGuessSession(srv: Server, rng: Rng, ip: string, port: 25 | 587, onSuccess: () => void): Script {
  const c = open(srv, port, 'unknown', ip);
  yield rng.range(0.1, 0.9);
  c.cmds.add('ehlo');
  if (port === 587) {
    yield rng.range(0.05, 0.3);
    starttls(srv, c);
  }
  yield rng.range(0.1, 0.5);
  c.cmds.add('auth');
  onSuccess();
  yield rng.range(0.2, 1.0);
  close(srv, c, 'quit');
}

export interface DovecotBruteOptions {
  svc: 'imap' | 'pop3';
  names: string[];
  tls: boolean;
}

/** IMAP/POP3 password guessing: auth lines per attempt, one login-process disconnect line. */
export function* dovecotBruteSession(srv: Server, rng: Rng, ip: string, o: DovecotBruteOptions): Script {
  const sess = srv.loginSession(ip);
  const t0 = srv.now;
  let last = o.names[0] as string;
  for (const name of o.names) {
    yield rng.range(0.2, 3);
    srv.dovecot(L.dovecot.authFailed(name, ip, sess, isMailboxLogin(name) ? 'Password mismatch' : 'unknown user'));
    srv.truth.dovecotAuthFailure(ip);
    last = name;
    yield 2 + rng.range(0, 0.05);
  }
  yield rng.range(0.01, 0.2);
  const secs = Math.max(1, Math.round((srv.now - t0) / 1e6));
  const reason = rng.chance(0.85) ? 'Aborted login by logging out' : 'Connection closed';
  srv.dovecot(L.dovecot.loginFailed(o.svc, reason, o.names.length, secs, last, 'PLAIN', ip, SERVER.ip, o.tls, sess));
  srv.truth.dovecotLoginFailure(ip, o.names.length);
}

/** The attacker peeking into the stolen mailbox. */
export function* intruderImapSession(srv: Server, rng: Rng, login: string, ip: string, durationS: number): Script {
  const sess = srv.loginSession(ip);
  yield rng.range(0.1, 0.6);
  const mpid = srv.freshPid();
  srv.dovecot(L.dovecot.login('imap', login, 'PLAIN', ip, SERVER.ip, mpid, false, sess));
  srv.truth.dovecotLogin(login);
  yield durationS;
  srv.dovecot(L.dovecot.imapLogout(login, mpid, sess, 'Disconnected: Logged out', rng.int(300, 900), rng.int(20000, 400000), rng.int(20, 200), rng.int(20000, 150000), 0, 0));
}

export interface SpamOptions {
  port: 25 | 587;
  tls: boolean;
  login: string;
  method: 'LOGIN' | 'PLAIN';
  messages: number;
  rcpts: [number, number];
  forgedShare: number;
  onMessage: (m: Msg) => void;
  /** fixed recipients (the attacker's own test mailbox) instead of harvested ones */
  fixedRcpts?: string[];
}

/** A spam bot using the stolen login: AUTH ok, several messages to harvested free-mail addresses. */
export function* spamSession(srv: Server, mta: Mta, rng: Rng, ip: string, o: SpamOptions): Script {
  const c = open(srv, o.port, 'unknown', ip);
  yield rng.range(0.1, 0.8);
  c.cmds.add('ehlo');
  if (o.tls && o.port === 587) {
    yield rng.range(0.05, 0.3);
    starttls(srv, c);
  }
  yield rng.range(0.1, 0.5);
  c.cmds.add('auth');
  for (let k = 0; k < o.messages; k++) {
    yield rng.range(0.05, 0.6);
    const sender = rng.chance(o.forgedShare) ? forgedSender(rng) : o.login;
    const n = rng.int(o.rcpts[0], o.rcpts[1]);
    const rcpts: string[] = o.fixedRcpts !== undefined ? o.fixedRcpts.slice() : [];
    while (o.fixedRcpts === undefined && rcpts.length < n) {
      const a = `${harvestedLocal(rng)}@${rng.weighted(SPAM_TARGETS)}`;
      if (!rcpts.includes(a)) rcpts.push(a);
    }
    const size = rng.int(1400, 9000);
    const msgid = rng.chance(0.2) ? '' : messageId('spam', domainOf(sender), rng, srv.now);
    c.cmds.add('mail');
    let msg: Msg | null = null;
    for (const r of rcpts) {
      yield rng.range(0.002, 0.03);
      if (msg === null) msg = mta.openSmtpd(c.proc, c.name, { kind: 'spam', sender, size, msgid, clientIp: ip, saslUser: o.login, spam: true }, o.method);
      mta.addRcpt(msg, r);
      c.cmds.add('rcpt');
    }
    c.cmds.add('data');
    yield rng.range(0.1, 0.9);
    mta.commit(msg as Msg);
    o.onMessage(msg as Msg);
  }
  yield rng.range(0.05, 0.5);
  close(srv, c, rng.chance(0.85) ? 'quit' : 'lost', 'END-OF-MESSAGE');
}

/** An open-relay probe: RCPT to a foreign domain without AUTH. */
export function* relayProbeSession(srv: Server, rng: Rng, ip: string, helo: string, from: string, to: string[]): Script {
  const c = open(srv, 25, 'unknown', ip);
  yield rng.range(0.1, 0.8);
  const useHelo = rng.chance(0.25);
  c.cmds.add(useHelo ? 'helo' : 'ehlo');
  yield rng.range(0.05, 0.4);
  c.cmds.add('mail');
  for (const t of to) {
    yield rng.range(0.05, 0.4);
    srv.emit(c.tag, L.smtpd.relayDenied(c.name, c.ip, from, t, helo, useHelo ? 'SMTP' : 'ESMTP'));
    srv.truth.reject('relay-denied');
    c.cmds.add('rcpt', false);
  }
  yield rng.range(0.05, 0.3);
  if (rng.chance(0.3)) c.cmds.add('rset');
  close(srv, c, rng.chance(0.8) ? 'quit' : 'lost', 'RCPT');
}
