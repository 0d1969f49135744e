// Dovecot 2.x: authentication, login processes, LMTP deliveries. Lines come as "dovecot: <service>: <text>"
// (Dovecot logging to syslog) or "dovecot[442]: <service>: <text>".

import type { LogEvent } from '../types.js';
import { sliceKnown } from './fields.js';
import { keyAt } from './line-keys.js';

/** passdb drivers (doc.dovecot.org "Password databases") and the verdicts a brute force repeats. */
const BACKENDS = ['passwd-file', 'sql', 'pam', 'ldap', 'passwd', 'shadow', 'checkpassword', 'static', 'dict', 'lua'] as const;
const AUTH_REASONS = ['unknown user', 'Password mismatch'] as const;
/** The most failed attempts one "(auth failed, N attempts …)" line is taken to report. */
const MAX_LOGIN_ATTEMPTS = 10_000;

/**
 * Value of "key=<…>" (angle) or "key=value" up to ", " — Dovecot login lines use both. `cut` makes the string:
 * `keyAt` for user names and IPs (see line-keys.ts).
 */
function dovecotField(s: string, key: string, from: number, cut: (s: string, a: number, b: number) => string = slice): string {
  const k = s.indexOf(key, from);
  if (k < 0) return '';
  const v = k + key.length;
  if (s.charCodeAt(v) === 60) {
    const close = s.indexOf('>', v);
    return cut(s, v + 1, close < 0 ? s.length : close);
  }
  let end = s.indexOf(',', v);
  if (end < 0) end = s.length;
  return cut(s, v, end);
}

function slice(s: string, a: number, b: number): string {
  return s.slice(a, b);
}

export function parseDovecot(s: string, m: number): LogEvent | null {
  // Dovecot 1.x under its own syslog tag repeated the name: "dovecot[442]: dovecot: auth(default): pam(…): …".
  if (s.startsWith('dovecot: ', m)) m += 9;
  // Service name up to ": " — "auth", "auth-worker(304)", "imap-login", "lmtp(21714)", "lmtp(sato@example.jp)<21714><pfGz…>", "master".
  const colon = s.indexOf(': ', m);
  if (colon < 0) return null;
  const c = s.charCodeAt(m);
  const t = colon + 2;

  if (c === 97 && s.startsWith('auth', m)) return parseAuth(s, m, t);
  if (colon - m > 6 && s.startsWith('-login', colon - 6)) return parseLogin(s, m, colon - 6, t);
  // lda: dovecot-lda run by a Postfix pipe transport; the same lines as lmtp.
  const lda = c === 108 && s.startsWith('lda(', m);
  if (lda || (c === 108 && s.startsWith('lmtp(', m))) {
    // "lmtp(sato@example.jp)<21714><pfGzL/bTCmvSVAAAg+zDdQ>: msgid=<179587…@mail.globex-corp.com>: saved mail to INBOX"
    // "lmtp(suzuki@example.jp)<21714><UH12ES/UCmvSVAAAg+zDdQ>: msgid=unspecified: saved mail to INBOX" (no Message-ID)
    // "lda(sato@example.jp)<20269><0IPHLd5+C2stTwAAg+zDdQ>: msgid=<lda-delivery-known.1795915461162@client.example>: saved mail to INBOX"
    const open = m + (lda ? 4 : 5);
    let saved = s.indexOf(': saved mail to ', t - 2);
    let msgAt = t;
    // Pigeonhole (sieve) writes its own line instead of "saved mail to"; discard and redirect stay noise:
    // "lmtp(sieveuser@example.jp)<16971><0L0RBpR+C2tLQgAAg+zDdQ>: sieve: msgid=<sieve-junkme.1795915412045@client.example>: fileinto action: stored mail into mailbox 'INBOX'"
    // "lmtp(u@example.jp)<…>: sieve: msgid=<…>: stored mail into mailbox 'INBOX'" (implicit keep)
    if (saved < 0 && s.startsWith('sieve: ', t)) {
      saved = s.indexOf('stored mail into mailbox ', t + 7);
      msgAt = t + 7;
    }
    if (saved > 0) {
      const userEnd = s.indexOf(')', open);
      const msgid = s.startsWith('msgid=<', msgAt) ? dovecotField(s, 'msgid=', msgAt) : '';
      return { kind: 'dovecotDelivered', user: s.slice(open, userEnd), messageId: msgid };
    }
    // "lmtp(21714): Connect from local", "lmtp(21714): Disconnect from local: Logged out (state=READY)"
    return problemOr(s, t, lda ? 'lda' : 'lmtp', { kind: 'noise', what: 'dovecot-lmtp' });
  }
  // "master: Dovecot v2.3.19.1 (9b53102964) starting up for imap, pop3, lmtp (core dumps disabled)"
  // "master: Warning: Killed with signal 15 (by pid=22530 uid=0 code=kill)"
  if (c === 109 && s.startsWith('master: ', m)) return problemOr(s, t, 'master', { kind: 'noise', what: 'dovecot-master' });
  // "imap(suzuki@example.jp)<21291><WAD58FVhW7N/AAoB>: Disconnected: Logged out in=115 out=2459 …"
  if (s.startsWith('imap(', m) || s.startsWith('pop3(', m) || s.startsWith('submission(', m) || s.startsWith('indexer', m)
    || s.startsWith('managesieve(', m)
    || s.startsWith('stats', m) || s.startsWith('config', m) || s.startsWith('log(', m) || s.startsWith('anvil', m)
    || s.startsWith('doveadm', m) || s.startsWith('dict', m) || s.startsWith('quota', m) || s.startsWith('ssl-params', m)) {
    return problemOr(s, t, 'dovecot', { kind: 'noise', what: 'dovecot-session' });
  }
  // PAM's own line from inside Dovecot's auth process (tag "dovecot-auth" or "auth"), fail2ban's dovecot test:
  // "dovecot-auth: pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser=web rhost=176.61.140.224"
  // Not counted: the same failure is the login process's "imap-login: Disconnected (auth failed, 1 attempts …)"
  // line (always logged) and, with auth_verbose, Dovecot's "pam(web,176.61.140.224): pam_authenticate() failed".
  if (c === 112 && s.startsWith('pam_unix(', m)) return { kind: 'noise', what: 'dovecot-pam' };
  // A service without a user or pid, when the process itself has a problem:
  // "imap: Error: Module is for different ABI version 2.2.9 (we have 2.2.ABIv7(2.2.9)): /usr/lib/dovecot/modules//drac_plugin.so"
  // "imap: Fatal: Couldn't load required plugins"
  // "lmtp: Error: postdrop: warning: unable to look up public/pickup: No such file or directory"
  const sev = s.charCodeAt(t);
  if ((sev === 69 || sev === 70 || sev === 80) && s.indexOf(' ', m) > colon) return problemAt(s, t, s.slice(m, colon));
  return null;
}

/** Dovecot writes "Error: …", "Fatal: …", "Panic: …" after the service name. */
function problemOr(s: string, t: number, daemon: string, otherwise: LogEvent): LogEvent {
  return problemAt(s, t, daemon) ?? otherwise;
}

function problemAt(s: string, t: number, daemon: string): LogEvent | null {
  if (s.startsWith('Error: ', t)) return { kind: 'daemonProblem', daemon: 'dovecot-' + daemon, severity: 'error', text: s.slice(t + 7) };
  if (s.startsWith('Fatal: ', t)) return { kind: 'daemonProblem', daemon: 'dovecot-' + daemon, severity: 'fatal', text: s.slice(t + 7) };
  if (s.startsWith('Panic: ', t)) return { kind: 'daemonProblem', daemon: 'dovecot-' + daemon, severity: 'panic', text: s.slice(t + 7) };
  return null;
}

function parseAuth(s: string, m: number, t: number): LogEvent | null {
  // "auth: passwd-file(test,127.66.108.36): unknown user"
  // "auth: passwd-file(webmaster,127.66.215.44,<HrZj…>): unknown user"
  // "auth: sql(admin@example.ru,192.168.144.226,<6rXunFtu493AqJDi>): Password mismatch"
  // "auth-worker(304): pam(username,1.2.3.4): pam_authenticate() failed: Authentication failure (password mismatch?)"
  // "auth: login(support,127.66.252.41): Request timed out waiting for client to continue authentication (150 secs)"
  // "auth: Error: auth client 1 disconnected with 1 pending requests: EOF"
  // Dovecot ≥ 2.3.11 names the worker connection and request first:
  // "auth-worker(2506): conn unix:auth-worker (pid=2420,uid=0): auth-worker<48865241>: sql(user1@test.ro,192.168.1.23,<tgBHif/3pJReNHGH>): Password mismatch"
  // "auth-worker(57917): Error: conn unix:auth-worker (pid=57915,uid=113): auth-worker<1>: sql(me@mydomain,127.0.0.1,<OOoLdOsaHIJ/AAAB>): Invalid password in passdb: Password is not blowfish password"
  let p = t;
  let error = false;
  if (s.charCodeAt(t) === 69 && s.startsWith('Error: conn ', t)) {
    error = true;
    p = t + 7;
  }
  if (s.charCodeAt(p) === 99 && s.startsWith('conn ', p)) {
    const w = s.indexOf('): auth-worker<', p + 5);
    const gt = w < 0 ? -1 : s.indexOf('>: ', w + 15);
    if (gt > 0) p = gt + 3;
    else if (error) { p = t; error = false; } // not the worker prefix: an ordinary "Error: …"
  }
  if (error) return { kind: 'daemonProblem', daemon: 'dovecot-' + daemonOf(s, m), severity: 'error', text: s.slice(p) };
  const open = s.indexOf('(', p);
  const close = open < 0 ? -1 : s.indexOf('): ', open);
  if (open > p && close > open && s.indexOf(' ', p) > open) {
    const backend = sliceKnown(s, p, open, BACKENDS);
    // Inside the parentheses: "user", "user,ip" or "user,ip,<session>"; indexes only, no intermediate strings.
    const from = open + 1;
    const session = close - 2 >= from ? s.lastIndexOf(',<', close - 2) : -1;
    const comma = session >= from ? session : -1;
    const fieldsEnd = comma >= 0 ? comma : close;
    const last = fieldsEnd - 1 >= from ? s.lastIndexOf(',', fieldsEnd - 1) : -1;
    const lastComma = last >= from ? last : -1;
    const reason = sliceKnown(s, close + 3, s.length, AUTH_REASONS);
    if (reason === 'unknown user' || reason === 'Password mismatch' || reason.startsWith('Password mismatch')
      || reason.startsWith('pam_authenticate() failed') || reason.startsWith('unknown user')) {
      // "auth: passwd-file(nobody@example.jp): unknown user": no client IP and no login session — LMTP or LDA
      // looking a recipient up (userdb/passdb lookup), not a login that failed.
      if (lastComma < 0 && comma < 0 && reason.charCodeAt(0) === 117) return { kind: 'noise', what: 'dovecot-auth-lookup' };
      const user = keyAt(s, from, lastComma < 0 ? fieldsEnd : lastComma);
      const ip = lastComma < 0 ? '' : keyAt(s, lastComma + 1, fieldsEnd);
      return { kind: 'dovecotAuthFailed', user, ip, reason: reason.startsWith('pam_') ? 'pam failure' : reason, backend, session: comma >= 0 };
    }
    // Time-outs and lookups: recognised, no failure verdict (the client never finished).
    return { kind: 'noise', what: 'dovecot-auth-' + backend };
  }
  const sev = s.charCodeAt(p); // "Error: ", "Fatal: ", "Panic: " — the daemon name is cut only for those
  if (sev === 69 || sev === 70 || sev === 80) return problemOr(s, p, daemonOf(s, m), { kind: 'noise', what: 'dovecot-auth' });
  return { kind: 'noise', what: 'dovecot-auth' };
}

/** The daemon without its pid, one row per daemon and not per worker process: "auth-worker(57917): …" → "auth-worker". */
function daemonOf(s: string, m: number): string {
  let end = s.indexOf(': ', m);
  const paren = s.indexOf('(', m);
  if (paren > 0 && paren < end) end = paren;
  return s.slice(m, end);
}

function parseLogin(s: string, m: number, dash: number, t: number): LogEvent | null {
  const protocol = s.slice(m, dash); // imap, pop3, submission, managesieve
  // "imap-login: Login: user=<suzuki@example.jp>, method=PLAIN, rip=127.0.10.1, lip=127.0.0.1, mpid=21291, session=<…>"
  if (s.startsWith('Login: ', t)) {
    return { kind: 'dovecotLogin', protocol, user: dovecotField(s, 'user=', t), ip: dovecotField(s, ', rip=', t) };
  }
  // "imap-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs): user=<x>, method=PLAIN, rip=…"
  // "pop3-login: Aborted login (auth failed, 1 attempts in 17 secs): user=<test>, method=PLAIN, rip=192.51.100.13, …"
  // "imap-login: Disconnected (auth failed, 2 attempts): user=<username.bob>, method=PLAIN, rip=49.176.98.87, …"
  const failed = s.indexOf('(auth failed, ', t);
  if (failed > 0) {
    let attempts = 0;
    for (let j = failed + 14; j < s.length && attempts <= MAX_LOGIN_ATTEMPTS; j++) {
      const d = s.charCodeAt(j);
      if (d < 48 || d > 57) break;
      attempts = attempts * 10 + (d - 48);
    }
    // The attempts of one connection: a handful. A count past MAX_LOGIN_ATTEMPTS is a mangled line, one failure, not
    // a number that would swamp every sum (past 2^53 a sum of doubles depends on its order, and so on the cut).
    return {
      kind: 'dovecotLoginFailed', protocol, user: dovecotField(s, 'user=', failed, keyAt),
      ip: dovecotField(s, ', rip=', failed, keyAt), attempts: attempts >= 1 && attempts <= MAX_LOGIN_ATTEMPTS ? attempts : 1,
    };
  }
  // "pop3-login: Disconnected (no auth attempts in 58 secs): user=<>, rip=…", TLS handshake problems …
  return problemOr(s, t, protocol + '-login', { kind: 'noise', what: 'dovecot-login' });
}
