// Dovecot 2.x: authentication, login processes, LMTP deliveries. Lines come as "dovecot: <service>: <text>"
// (Dovecot logging to syslog) or "dovecot[442]: <service>: <text>", or from Dovecot's own log file (log_path) as
// "<service>: Info: <text>" with no host nor tag (header.ts dovecotFileLine); Dovecot 2.3's shapes and 2.4's (Debian 13:
// "Logged in:", the "auth(user,ip,sasl:mech)<session>: passdb: …" prefix; review 18 of the versions).
//
// The services that carry events (auth, the login processes, LMTP/LDA) list the texts they know that carry none
// and return null for anything else: a line of a new shape is unparsed (counted and shown in the report), never
// taken for noise (review 18: Dovecot 2.4's logins and failures were silent noise, and a breach went unreported).

import type { LogEvent } from '../types.js';
import { sliceKnown, startsAt } from './fields.js';
import { keyAt } from './line-keys.js';
import { ipAt, ipSlice } from './ip.js';
import { cutLine } from './cut.js';

/**
 * passdb drivers (doc.dovecot.org "Password databases"): kept as one string each (sliceKnown), not a filter. Dovecot
 * 2.4 names a passdb by its configured name ("passdb unix_user { driver = pam }" logs "unix_user: …"), any word.
 */
const BACKENDS = ['passwd-file', 'sql', 'pam', 'ldap', 'passwd', 'shadow', 'checkpassword', 'static', 'dict', 'lua'] as const;
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
  // Service name up to ": " — "auth", "auth-worker(304)", "imap-login", "lmtp(21714)", "lmtp(sato@example.jp)<21714><pfGz…>", "master";
  // Dovecot 2.4's auth prefix "auth(info@example.jp,127.0.0.1,sasl:plain)<RilyEHJhnOx/AAAB>" (its ",sasl:" holds no ": ").
  const colon = s.indexOf(': ', m);
  if (colon < 0) return null;
  const c = s.charCodeAt(m);
  let t = colon + 2;
  // Dovecot's own log file (log_path, header.ts dovecotFileLine) writes the level syslog drops (failures.c
  // syslog_handler() writes every level but "Info: "); the rest of the line is the same:
  // "Nov 29 22:46:30 imap-login: Info: Login aborted: Logged out (auth failed, 2 attempts in 8 secs) (auth_failed): user=<admin>, …"
  if (s.charCodeAt(t) === 73 && s.startsWith('Info: ', t)) t += 6;

  if (c === 97 && s.startsWith('auth', m)) return parseAuth(s, m, colon, t);
  if (colon - m > 6 && s.startsWith('-login', colon - 6)) return parseLogin(s, m, colon - 6, t);
  // lda: dovecot-lda run by a Postfix pipe transport; the same lines as lmtp.
  const lda = c === 108 && s.startsWith('lda(', m);
  if (lda || (c === 108 && s.startsWith('lmtp(', m))) {
    // "lmtp(sato@example.jp)<21714><pfGzL/bTCmvSVAAAg+zDdQ>: msgid=<179587…@mail.globex-corp.com>: saved mail to INBOX"
    // "lmtp(suzuki@example.jp)<21714><UH12ES/UCmvSVAAAg+zDdQ>: msgid=unspecified: saved mail to INBOX" (no Message-ID)
    // "lda(sato@example.jp)<20269><0IPHLd5+C2stTwAAg+zDdQ>: msgid=<lda-delivery-known.1795915461162@client.example>: saved mail to INBOX"
    // Dovecot 2.4 writes the same text: mail_log_prefix "%{service}(%{user})<%{process:pid}><%{session}>: " and
    // deliver_log_format "msgid=%{msgid}: %{message}" (review 18 of the versions, "Checked and identical").
    const open = m + (lda ? 4 : 5);
    let saved = s.indexOf(': saved mail to ', t - 2);
    let msgAt = t;
    // Pigeonhole (sieve) writes its own line instead of "saved mail to":
    // "lmtp(sieveuser@example.jp)<16971><0L0RBpR+C2tLQgAAg+zDdQ>: sieve: msgid=<sieve-junkme.1795915412045@client.example>: fileinto action: stored mail into mailbox 'INBOX'"
    // "lmtp(u@example.jp)<…>: sieve: msgid=<…>: stored mail into mailbox 'INBOX'" (implicit keep)
    const sieve = saved < 0 && s.startsWith('sieve: ', t);
    if (sieve) {
      saved = s.indexOf('stored mail into mailbox ', t + 7);
      msgAt = t + 7;
    }
    if (saved > 0) {
      const userEnd = s.indexOf(')', open);
      const msgid = s.startsWith('msgid=<', msgAt) ? dovecotField(s, 'msgid=', msgAt) : '';
      return { kind: 'dovecotDelivered', user: s.slice(open, userEnd), messageId: msgid };
    }
    // Known, no delivery: the LMTP session around the deliveries (corpus healthy/maillog lines 12, 15, 947), and
    // Pigeonhole's other actions (discard, redirect, vacation: the lab's "sieve: msgid=<…>: discard action: Marked
    // message to be discarded if not explicitly delivered (discard action)").
    //   "lmtp(21714): Connect from local"
    //   "lmtp(21714): Disconnect from local: Logged out (state=READY)"
    //   "lmtp(21282): Disconnect from local: Connection closed (state=READY)"
    if (sieve || s.startsWith('Connect from ', t) || s.startsWith('Disconnect from ', t)) return LMTP_NOISE;
    // Anything else ("msgid=<…>: save failed to INBOX: Quota exceeded", a new shape) is unparsed: shown, not hidden.
    return levelAt(s, t, lda ? 'lda' : 'lmtp', LMTP_NOISE);
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

const LMTP_NOISE: LogEvent = { kind: 'noise', what: 'dovecot-lmtp' };
const LOGIN_NOISE: LogEvent = { kind: 'noise', what: 'dovecot-login' };
const AUTH_NOISE: LogEvent = { kind: 'noise', what: 'dovecot-auth' };
const LOOKUP_NOISE: LogEvent = { kind: 'noise', what: 'dovecot-auth-lookup' };

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

/**
 * The level Dovecot writes after a service's prefix (syslog drops "Info: "): "Error: …", "Fatal: …", "Panic: …" are
 * the service's own problem; "Warning: …" and "Debug: …" (auth_debug, mail_debug) are known and carry no event
 * ("master: Warning: Killed with signal 15 (…)", corpus healthy/maillog line 3015). Anything else: null, for the
 * caller to say what it knows; `quiet` is the noise event of the service.
 */
function levelAt(s: string, t: number, daemon: string, quiet: LogEvent): LogEvent | null {
  const c = s.charCodeAt(t);
  if (c === 69 || c === 70 || c === 80) return problemAt(s, t, daemon);
  if ((c === 87 && s.startsWith('Warning: ', t)) || (c === 68 && s.startsWith('Debug: ', t))) return quiet;
  return null;
}

/** Dovecot's auth process ("auth", "auth-worker"): its failed-login lines, in the 2.3 and the 2.4 shape. */
function parseAuth(s: string, m: number, colon: number, t: number): LogEvent | null {
  // Dovecot 2.4 names the request in the prefix (auth-request.c get_log_prefix(): service "(" user ["," ip]
  // [",sasl:" mech] [",master"] ")", then "<pid>" in a worker, "<session>" when the request has one, and
  // ": request [N]" in a worker), and the passdb by its configured name after the level (auth_request_get_log_prefix_db():
  // name ": "). Lines of the real Dovecot 2.4.1 run (review 18 of the versions, syslog form) and of fail2ban#4196:
  //   "auth(info@example.jp,127.0.0.1,sasl:plain)<RilyEHJhnOx/AAAB>: passwd-file: Password mismatch"   (IMAP: a session)
  //   "auth(admin,127.0.0.1,sasl:plain)<sUf/D3JhzuF/AAAB>: passwd-file: unknown user"
  //   "auth(info@example.jp,203.0.113.77,sasl:plain): passwd-file: Password mismatch"                (SMTP AUTH from Postfix: none)
  //   "auth-worker(jose.basanta,138.255.206.154)<1489164><8oNSumM3A8mK/86a>: request [393]: unix_user: pam_authenticate() failed: Authentication failure (Password mismatch?)"
  // A 2.3 worker's prefix is its pid alone ("auth-worker(304): "), which ends in ")", where a 2.4 worker's ends in ">".
  if (s.charCodeAt(m + 4) === 40) return parseAuth24(s, m, m + 4, colon, t, false);
  if (s.charCodeAt(colon - 1) === 62 && s.startsWith('-worker(', m + 4)) return parseAuth24(s, m, m + 11, colon, t, true);
  return parseAuth23(s, m, t);
}

/** Dovecot ≤ 2.3: "auth: <passdb>(user,ip,<session>): <verdict>", or a worker's. */
function parseAuth23(s: string, m: number, t: number): LogEvent | null {
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
    const reason = failureOf(s, close + 3);
    if (reason !== '') {
      // "auth: passwd-file(nobody@example.jp): unknown user": no client IP and no login session — LMTP or LDA
      // looking a recipient up (userdb/passdb lookup), not a login that failed.
      if (lastComma < 0 && comma < 0 && reason === 'unknown user') return LOOKUP_NOISE;
      const user = keyAt(s, from, lastComma < 0 ? fieldsEnd : lastComma);
      const ip = lastComma < 0 ? '' : ipAt(s, lastComma + 1, fieldsEnd);
      return { kind: 'dovecotAuthFailed', user, ip, reason, backend, session: comma >= 0 };
    }
    // Time-outs and the mechanisms' refusals: recognised, no failure verdict (no password was checked).
    if (isAuthNoise(s, close + 3)) return { kind: 'noise', what: 'dovecot-auth-' + backend };
    return null;
  }
  return levelAt(s, p, daemonOf(s, m), AUTH_NOISE);
}

/**
 * Dovecot 2.4: the request's prefix (user, IP, "<session>") is cut here, the text after it is "[request [N]: ]
 * [level: ]<passdb name>: <verdict>". `open` is the index of "(", `colon` of the ": " that ends the prefix.
 *
 * A worker's line and the auth process's line are two attempts, never one counted twice (fail2ban#4196 worried
 * they were, and counts only the second): with a blocking passdb (pam, sql, ldap) the worker checks the password and
 * logs the verdict, and the auth process passes its answer on without a line of its own (passdb-blocking.c
 * verify_plain_callback() → auth_request_verify_plain_callback_finish(), which logs nothing); the auth process logs
 * a verdict itself only when it checks the password: a passdb that does not block (passwd-file), or a cached
 * password (passdb-cache.c passdb_cache_verify_plain() → auth_request_db_password_verify_log()). fail2ban#4196's two
 * lines are a session's first attempt (cache miss: the worker, 00:10:49) and its second (cache hit: auth,
 * 00:10:57) of the three its login line reports. Dovecot 2.3 split the work the same way, and both its lines count.
 */
function parseAuth24(s: string, m: number, open: number, colon: number, t: number, worker: boolean): LogEvent | null {
  // From the ": " back over the "<…>" groups: a worker's "<pid>" first, then "<session>" (base64: no "<" in it).
  let e = colon;
  let groups = 0;
  while (groups < 2 && s.charCodeAt(e - 1) === 62) {
    const lt = s.lastIndexOf('<', e - 2);
    if (lt <= open) break;
    e = lt;
    groups++;
  }
  if (s.charCodeAt(e - 1) !== 41) return parseAuth23(s, m, t);
  const session = groups > (worker ? 1 : 0);
  // Inside the parentheses, from the right: ",master", ",sasl:<mech>", then "," ip when it is one; the rest is the
  // user (str_sanitize()d, up to 64 characters: a comma in it stays).
  let f = e - 1;
  if (f - 7 > open && s.startsWith(',master', f - 7)) f -= 7;
  const mech = s.lastIndexOf(',sasl:', f - 1);
  if (mech > open) f = mech;
  const comma = s.lastIndexOf(',', f - 1);
  const hasIp = comma > open && isIpAt(s, comma + 1, f);
  let p = t;
  if (worker && s.startsWith('request [', p)) {
    const r = s.indexOf(']: ', p + 9);
    if (r < 0) return null;
    p = r + 3;
    // In Dovecot's own log file the level follows the worker's whole prefix (event-log.c: type_pos is the end of a
    // prefix that replaces the process's): "…<8oNSumM3A8mK/86a>: request [393]: Info: unix_user: pam_authenticate() failed: …"
    if (s.charCodeAt(p) === 73 && s.startsWith('Info: ', p)) p += 6;
  }
  const level = levelAt(s, p, worker ? 'auth-worker' : 'auth', AUTH_NOISE);
  if (level !== null) return level;
  // Dovecot 1.x's "auth(default): pam(user,ip): …" (the 2.3 shape after a prefix without an IP).
  if (!hasIp && mech < 0 && !session) {
    const paren = s.indexOf('(', p);
    if (paren > p && paren < s.indexOf(': ', p) && s.indexOf(' ', p) > paren) return parseAuth23(s, m, p);
  }
  // "<passdb name>: ": the name is the passdb's own ("passdb unix_user { driver = pam }" logs "unix_user: "), so
  // any word (no space) before ": " is one; the SASL mechanisms' own verdicts come without (auth-sasl.c:
  // "auth(u,ip,sasl:cram-md5)<s>: Password mismatch", one line per attempt: the passdb only looked the credentials up).
  const nameEnd = s.indexOf(': ', p);
  const named = nameEnd > p && s.indexOf(' ', p) > nameEnd;
  const r = named ? nameEnd + 2 : p;
  const reason = failureOf(s, r);
  if (reason !== '') {
    // "auth(nobody@example.jp)<lmtpSESS0001>: passwd-file: unknown user": LMTP looking a recipient up, no client
    // IP: no login that failed (as 2.3's "passwd-file(nobody@example.jp): unknown user"). A password checked without
    // a client IP (a ",sasl:<mech>" request, which no lookup has) is a failed login, as 2.3's is (review 18 K2).
    if (!hasIp && (reason === 'unknown user' || mech <= open)) return LOOKUP_NOISE;
    return {
      kind: 'dovecotAuthFailed', user: keyAt(s, open + 1, hasIp ? comma : f), ip: hasIp ? ipAt(s, comma + 1, f) : '', reason,
      backend: named ? sliceKnown(s, p, nameEnd, BACKENDS) : '', session,
    };
  }
  if (isAuthNoise(s, r)) return AUTH_NOISE;
  return null;
}

/**
 * The verdict of a failed login at `r` ('' for none): the words of auth-request.c auth_request_log_password_mismatch()
 * ("Password mismatch", also "Password mismatch (given password: …)" with auth_verbose_passwords and "Password
 * mismatch (for LDAP bind)"), auth_request_log_unknown_user() ("unknown user"), and passdb-pam.c's
 * "pam_authenticate() failed: …".
 */
function failureOf(s: string, r: number): string {
  const c = s.charCodeAt(r);
  if (c === 80 && s.startsWith('Password mismatch', r)) return 'Password mismatch';
  if (c === 117 && startsAt(s, 'unknown user', r)) return 'unknown user';
  if (c === 112 && s.startsWith('pam_authenticate() failed', r)) return 'pam failure';
  return '';
}

/**
 * The auth process's other known texts of a request, none a password checked and found wrong: a client that never
 * finished (auth-request-handler.c), the mechanisms' refusals of what a client sent (names and encodings a scanner
 * sends; its login process or Postfix logs the failed attempt). Corpus incident/maillog line 9972:
 *   "auth: login(support,127.66.252.41): Request timed out waiting for client to continue authentication (150 secs)"
 */
const AUTH_QUIET_TEXTS = [
  'Request timed out waiting for client to continue authentication',
  'Username contains disallowed character', 'Username character disallowed by auth_username_chars',
  'Empty username', 'invalid input', 'Invalid base64 data', 'Attempted login with password having illegal chars',
] as const;

function isAuthNoise(s: string, r: number): boolean {
  for (const w of AUTH_QUIET_TEXTS) if (s.startsWith(w, r)) return true;
  return false;
}

/** An IPv4 or IPv6 address between a and b (Dovecot's net_ip2addr(): digits and dots, or hex digits and colons). */
function isIpAt(s: string, a: number, b: number): boolean {
  if (b - a < 2 || b - a > 45) return false;
  let colon = false;
  let dot = false;
  let hex = false;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c === 58) colon = true;
    else if (c === 46) dot = true;
    else if ((c >= 97 && c <= 102) || (c >= 65 && c <= 70)) hex = true;
    else if (c < 48 || c > 57) return false;
  }
  return colon || (dot && !hex);
}

/** The daemon without its pid, one row per daemon and not per worker process: "auth-worker(57917): …" → "auth-worker". */
function daemonOf(s: string, m: number): string {
  let end = s.indexOf(': ', m);
  const paren = s.indexOf('(', m);
  if (paren > 0 && paren < end) end = paren;
  return s.slice(m, end);
}

const PROTOCOLS = ['imap', 'pop3', 'submission', 'managesieve'] as const;

/**
 * The login process's other verdicts on a connection, none a login and none a password found wrong: Dovecot's
 * client_get_extra_disconnect_reason() (login-common/client-common.c; 2.3 writes "(reason)", 2.4 "(reason, N attempts
 * in S secs) (event_reason)") and the lines beside it. The first is the scanners' line, most of them.
 */
/**
 * A login proxy's session after the next hop failed (login-common/client-common.c; review AD, the nopassword proxy):
 * 2.3.19.1 "(proxy dest auth failed)", 2.4.1 "(proxy dest " + the failure's words (LOGIN_PROXY_FAILURE_TYPE_*:
 * "authentication failure", "connection failed", "remote failure", …) + ", N/M successful auths in S secs)". Before
 * "successful auths" in LOGIN_QUIET_TEXTS, which 2.4's line also holds: parseLogin reads the backend's refusals.
 */
const PROXY_DEST = 'proxy dest ';

const LOGIN_QUIET_TEXTS = [
  // "pop3-login: Disconnected (no auth attempts in 58 secs): user=<>, rip=192.51.100.13, …" (LINES.md #35)
  // "imap-login: Login aborted: Connection closed (no auth attempts in 0 secs) (no_auth_attempts): user=<>, …" (the real 2.4.1 run)
  'no auth attempts',
  'disconnected before auth was ready', 'disconnected before greeting', 'disconnected during TLS handshake',
  // 2.3 (client-common.c of 2.3.19.1, a first attempt the client aborted with "*"; review AD, F6):
  // "imap-login: Disconnected (aborted authentication): user=<>, method=PLAIN, rip=203.0.113.9, lip=192.0.2.1, session=<…>"
  'aborted authentication',
  'disconnected while authenticating', 'disconnected while finishing login', 'client didn\'t finish SASL auth',
  // "imap-login: Login aborted: Connection closed (auth aborted by client, 1 attempts in 4 secs) (auth_aborted_by_client): user=<>, …" (2.4.1 run)
  'auth aborted by client',
  // "pop3-login: Aborted login (tried to use disabled plaintext auth): rip=190.210.136.21, …" (fail2ban); 2.3
  // "disallowed plaintext auth", 2.4 "disallowed cleartext auth", "unsupported auth mechanism"
  'tried to use ',
  // The password was right and the session failed: 2.3 "(internal failure, 1 successful auths)"; 2.4 "imap-login:
  // Login aborted: Internal login failure (pid=24827 id=1) (internal failure, 1/1 successful auths in 15 secs)
  // (internal_failure): user=<info@example.jp>, …" (2.4.1 run). No login (no mail was read), so not counted as one.
  PROXY_DEST,
  'successful auths',
  'auth process communication failure', 'connection limit reached', 'auth referral',
  'client didn\'t send a cert', 'client sent an ', 'cert required, client didn\'t start TLS',
  // 2.4's client_auth_fail_code_reasons[] (a session's last refusal other than a password, client-common.c)
  'authorization failed', 'auth service reported temporary failure', 'user disabled', 'password expired',
  'sent invalid base64 in response', 'login disabled', 'anonymous logins disabled',
  'client_limit and process_limit was hit', 'The process is shutting down',
] as const;

/**
 * Where the login line's text from `t` is quiet (LOGIN_QUIET_TEXTS and the lines beside them): -1 when it is not, the
 * index of PROXY_DEST when that is the text found, else -2. One scan as before: the proxy's text costs other lines nothing.
 */
function loginQuietAt(s: string, t: number): number {
  // "imap-login: Maximum number of connections from user+IP exceeded (mail_max_userip_connections=10): user=<…>, …"
  // "imap-login: ID sent: name=Thunderbird, version=115.0" (imap_id_log)
  // "imap-login: Authenticate PLAIN failed: Aborted: user=<>, method=PLAIN, rip=127.0.0.1, …" (2.4.1 run; auth_verbose:
  // a SASL exchange the client or the process cancelled, login-common/sasl-server.c sasl_server_auth_cancel(): no
  // password checked; the session's own line follows)
  // "imap-login: Login failed: Cleartext authentication disabled: user=<>, rip=203.0.113.9, lip=192.0.2.1, session=<…>"
  // (auth_verbose; 2.4.1 client-common-auth.c, also "Login failed: SSL required for authentication"; 2.3 "Login failed:
  // Plaintext authentication disabled"): AUTH refused before any password was checked; the session's own line
  // follows, "(tried to use disallowed cleartext auth, …)" (review AD, F4)
  if (s.startsWith('Maximum number of connections', t) || s.startsWith('ID sent: ', t) || s.startsWith('Authenticate ', t)
    || s.startsWith('Login failed: ', t)) return -2;
  for (const w of LOGIN_QUIET_TEXTS) {
    const at = s.indexOf(w, t);
    if (at >= 0) return w === PROXY_DEST ? at : -2;
  }
  return -1;
}

/**
 * The logins a backend refused, from a login proxy's session line with PROXY_DEST at `at` (loginQuietAt), or null when
 * the next hop failed otherwise (connection, remote, internal failure: no password refused).
 *   2.3.19.1 (client_get_extra_disconnect_reason(): "(proxy dest auth failed)", no count: one at least):
 *   "imap-login: Disconnected (proxy dest auth failed): user=<info@example.jp>, method=PLAIN, rip=203.0.113.50, lip=192.0.2.1, TLS, session=<GKEBFAwQMgDBAgFj>"
 *   2.4.1 (LOGIN_PROXY_FAILURE_TYPE_AUTH "authentication failure", then ", %u/%u successful auths in %u secs": each of
 *   the N logins the proxy's passdb accepted went to the backend, and none got through, else the session would have
 *   been proxied; "temporary authentication failure" is the backend's trouble, not a password):
 *   "imap-login: Login aborted: Connection closed (proxy dest authentication failure, 2/2 successful auths in 9 secs) (proxy_dest_auth_failed): user=<info@example.jp>, method=PLAIN, rip=203.0.113.50, lip=192.0.2.1, TLS, session=<GKEBFAwQMgDBAgFk>"
 * Known as the backend's verdict, not counted as a failed login here (aggregate/events.ts): with nopassword=y the
 * proxy checks no password, and the backend's own log, when read, counts the same failure.
 */
function proxyRefused(s: string, m: number, dash: number, at: number): LogEvent | null {
  const a = at + PROXY_DEST.length;
  let attempts: number;
  if (s.startsWith('auth failed)', a)) attempts = 1;
  else if (s.startsWith('authentication failure, ', a)) {
    let j = a + 24;
    while (s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
    // "N/M successful auths"; the count past MAX_LOGIN_ATTEMPTS is a mangled line: one, as parseLogin's others
    if (j === a + 24 || s.charCodeAt(j) !== 47) return LOGIN_NOISE;
    attempts = attemptsAt(s, a + 24);
    if (attempts < 1 || attempts > MAX_LOGIN_ATTEMPTS) attempts = 1;
  } else return LOGIN_NOISE;
  if (loginFieldsCut(s, a)) return cutLine();
  return {
    kind: 'dovecotProxyRefused', protocol: sliceKnown(s, m, dash, PROTOCOLS), user: dovecotField(s, 'user=', a, keyAt),
    ip: dovecotField(s, ', rip=', a, ipAt), attempts, backend: '', hostPort: '',
  };
}

/**
 * The backend a proxy line names, from `a` (just after "started proxying to "): 2.4's "<192.0.2.30>", 2.2/2.3's
 * "10.0.0.6:143" (then ": user=…", "/remoteuser", " (0.012 secs)" or the end) without its port, an IPv6 address's
 * last ":port" alike. The passdb's host= as written: a host name stays a name.
 */
function proxyBackend(s: string, a: number): string {
  if (s.charCodeAt(a) === 60) {
    const close = s.indexOf('>', a);
    return close < 0 ? '' : ipSlice(s, a + 1, close);
  }
  let end = a;
  while (end < s.length) {
    const d = s.charCodeAt(end);
    if (d === 32 || d === 47 || d === 44 || (d === 58 && s.charCodeAt(end + 1) === 32)) break;
    end++;
  }
  const port = s.lastIndexOf(':', end - 1);
  return port > a ? ipSlice(s, a, port) : ipSlice(s, a, end);
}

/**
 * The "," before a proxy prefix's backend ("proxy(info@example.jp,192.0.2.30:143)": the user, then the host and port
 * of login_proxy_get_hostport()) between `a` (after "proxy(") and `b` (its ")"), or -1 when the prefix names the user
 * only ("proxy(username)", Dovecot 2.2): the text after the last "," ends in ":" and the port's digits.
 */
function prefixHostPort(s: string, a: number, b: number): number {
  const comma = s.lastIndexOf(',', b - 1);
  if (comma < a) return -1;
  const colon = s.lastIndexOf(':', b - 1);
  if (colon <= comma + 1 || colon === b - 1) return -1;
  for (let i = colon + 1; i < b; i++) {
    const d = s.charCodeAt(i);
    if (d < 48 || d > 57) return -1;
  }
  return comma;
}

/** The IP of a proxy prefix's "192.0.2.30:143", "[2001:db8::30]:143" or "imap2.example.jp[192.0.2.30]:143" (a to b). */
function hostPortIp(s: string, a: number, b: number): string {
  const open = s.indexOf('[', a);
  if (open >= 0 && open < b) {
    const close = s.indexOf(']', open);
    return close < 0 || close > b ? '' : ipSlice(s, open + 1, close);
  }
  return ipSlice(s, a, s.lastIndexOf(':', b - 1));
}

/**
 * Whether a login process's "user=<…>, method=…, rip=…, lip=…" list (login_log_format_elements) from `from` is
 * visibly cut: a user name without its ">" ("user=<info@exa" would be another user), or a client address that ends
 * the line ("rip=203.0.11"): Dovecot always writes "lip=" after "rip=", so a whole address is followed by ",". "lip="
 * may end a real line ("…, rip=192.0.2.133, lip=0.0.0.0", fail2ban's tests): its value cut inside is not seen.
 */
function loginFieldsCut(s: string, from: number): boolean {
  const user = s.indexOf('user=<', from);
  if (user >= 0 && s.indexOf('>', user + 6) < 0) return true;
  const rip = s.indexOf(', rip=', from);
  // No "rip=" at all is no sign of a cut: a login_log_format_elements without %r writes none, and every login line
  // would be lost as cut (a line cut before it loses the address only, as before).
  return rip >= 0 && s.indexOf(',', rip + 6) < 0;
}

/** The number written at `j` (digits), up to just past MAX_LOGIN_ATTEMPTS; 0 for none. */
function attemptsAt(s: string, j: number): number {
  let attempts = 0;
  for (; j < s.length && attempts <= MAX_LOGIN_ATTEMPTS; j++) {
    const d = s.charCodeAt(j);
    if (d < 48 || d > 57) break;
    attempts = attempts * 10 + (d - 48);
  }
  return attempts;
}

/**
 * The last reasons of a session after which the attempts before the last one count as failed, each followed by ", N
 * attempts in S secs" (login-common/client-common.c of 2.4.1 client_get_extra_disconnect_reason(); 2.3.19.1 writes the
 * count after "authorization failed" only). None of the session's attempts succeeded (else "N/M successful auths"),
 * and the reason names the last one only: "auth aborted by client" is reset at each attempt (sasl-server.c
 * sasl_server_auth_begin()), "client didn't finish SASL auth" at each reply, and the refusal code at each reply
 * (client-common-auth.c sasl_callback(): last_auth_fail = CLIENT_AUTH_FAIL_CODE_NONE before the reply's code=).
 *   - The last attempt left unfinished (review AD, F5).
 *   - The last attempt's account refused by the auth service after its lookup (review AD, finding 1 of the low ones;
 *     auth/auth-request-handler.c auth_request_handler_reply_failure_finish()): "authorization failed" (a master
 *     login whose master password was accepted, the target user refused), "user disabled", "password expired" (the
 *     passdb's verdict on that account). The verdict depends on the user and password each attempt sent.
 * Not counted, noise (LOGIN_QUIET_TEXTS): refusals that hold for every attempt of the connection before any password is
 * checked, so the attempts before were most likely refused alike: "tried to use disallowed cleartext auth" (a
 * connection not secured at the end never was, sasl-server.c; IMAP LOGIN is refused alike, client_check_plaintext_auth()),
 * "tried to use unsupported auth mechanism", "anonymous logins disabled", "sent invalid base64 in response"; the auth
 * service's "temporary failure", "auth process communication failure" (a flag that stays set from the attempt that
 * hit it); "login disabled" (nologin, sent with a successful reply only: "N/M successful auths").
 */
const LAST_ATTEMPT_TEXTS = [
  '(client didn\'t finish SASL auth, ', '(auth aborted by client, ',
  '(authorization failed, ', '(user disabled, ', '(password expired, ',
] as const;

/**
 * The index of the attempt count in "(<one of LAST_ATTEMPT_TEXTS>N attempts in" of the login line's text from `t`, or
 * -1. One scan of the line for " attempts in " (most login lines have none), then the reason just before the count.
 */
function lastAttemptAt(s: string, t: number): number {
  const tail = s.indexOf(' attempts in ', t);
  if (tail < 0) return -1;
  const count = tail - digitsBefore(s, tail);
  // "(no auth attempts in 58 secs)" has no count
  if (count === tail || count < t + 2 || s.charCodeAt(count - 1) !== 32 || s.charCodeAt(count - 2) !== 44) return -1;
  const open = s.lastIndexOf('(', count);
  if (open < t) return -1;
  for (const w of LAST_ATTEMPT_TEXTS) if (open + w.length === count && s.startsWith(w, open)) return count;
  return -1;
}

/** How many digits end just before `j`. */
function digitsBefore(s: string, j: number): number {
  let k = j;
  while (k > 0 && s.charCodeAt(k - 1) >= 48 && s.charCodeAt(k - 1) <= 57) k--;
  return j - k;
}

function parseLogin(s: string, m: number, dash: number, t: number): LogEvent | null {
  // Dovecot 2.3 (corpus healthy/maillog line 148) and 2.4 (libdovecot-login.so of 2.4.1 has "Logged in", no "Login";
  // login_log_format_elements unchanged: review 18 of the versions, finding 1):
  // "imap-login: Login: user=<suzuki@example.jp>, method=PLAIN, rip=127.0.10.1, lip=127.0.0.1, mpid=21291, session=<…>"
  // "imap-login: Logged in: user=<info@example.jp>, method=PLAIN, rip=203.0.113.50, lip=192.0.2.1, mpid=30311, TLS, session=<…>"
  const c = s.charCodeAt(t);
  if (c === 76 && (s.startsWith('Login: ', t) || s.startsWith('Logged in: ', t))) {
    if (loginFieldsCut(s, t)) return cutLine();
    return {
      kind: 'dovecotLogin', protocol: sliceKnown(s, m, dash, PROTOCOLS), user: dovecotField(s, 'user=', t), ip: dovecotField(s, ', rip=', t, ipSlice),
      lip: dovecotField(s, ', lip=', t, ipSlice), backend: '',
    };
  }
  // A login proxy (director, proxy=y in passdb) logs the login it passes on instead of "Login:" (review Q, Q12): Dovecot
  // 2.2/2.3 login-common client_proxy_finish_destroy_client() "proxy(%s): started proxying to %s:%u" with
  // login_log_format's elements, e.g. (a grok pattern file's sample; 2.3.x adds " (0.012 secs)" before the colon):
  // "Oct 19 14:14:38 host dovecot: imap-login: proxy(username): started proxying to 2.2.2.2:143: user=<username>, method=PLAIN, rip=2.2.2.2, lip=5.5.5.5, secured, session=<GKEBFAwQMgDBAgFf>"
  // Review S, S4 read this format as 2.4's: login-common's client_proxy_finish_destroy_client() logs e_info "Started
  // proxying to <%s>", capitalized, the address in angle brackets (review AD: that is 2.3.19.1's source, whose prefix
  // is "proxy(%s,%s:%u): ", the user and the backend; 2.4.1's text is below); an example made from that format:
  // "Nov 29 22:50:00 mail dovecot: imap-login: proxy(info@example.jp): Started proxying to <192.0.2.30> (0.012 secs): user=<info@example.jp>, method=PLAIN, rip=203.0.113.50, lip=192.0.2.1, TLS, session=<GKEBFAwQMgDBAgFf>"
  // The password was checked: a login to the mailbox (its user= and rip=, the client's address), with the backend it
  // names (2.3's HOST of "HOST:PORT", 2.4's "<HOST>"): the backend's own "Login:" line of the same session may be in
  // the same log (aggregate/mailbox-logins.ts foldProxiedLogins).
  // The released Dovecot 2.4.1 (review AD, F3; its source: login-common/client-common-auth.c
  // client_proxy_finish_destroy_client() str_printfa(str, "Started proxying to remote host"), login-proxy.c
  // login_proxy_set_destination() prefix "proxy(%s,%s): " of the user and login_proxy_get_hostport()) names the backend
  // in the prefix only, as "ip:port", "[ipv6]:port" or "host[ip]:port" (2.3.19's prefix is the same, before "<ip>"):
  // "Nov 28 10:00:21 mail dovecot: imap-login: proxy(info@example.jp,192.0.2.30:143): Started proxying to remote host (0.012 secs): user=<info@example.jp>, method=PLAIN, rip=203.0.113.50, lip=192.0.2.1, TLS, session=<GKEBFAwQMgDBAgFg>"
  if (c === 112 && s.startsWith('proxy(', t)) {
    let started = s.indexOf('): started proxying to ', t);
    if (started < 0) started = s.indexOf('): Started proxying to ', t);
    if (started > 0) {
      // The login_log_format elements may be missing ("…: Started proxying to <192.0.2.30>"); when there, as a login's.
      const elements = s.indexOf(': ', started + 23);
      if (elements > 0 && loginFieldsCut(s, elements)) return cutLine();
      const user = dovecotField(s, 'user=', started);
      const hostPort = prefixHostPort(s, t + 6, started);
      const named = s.charCodeAt(started + 23) === 60 || (hostPort < 0 && !s.startsWith('remote host', started + 23));
      return {
        kind: 'dovecotLogin', protocol: sliceKnown(s, m, dash, PROTOCOLS), user: user !== '' ? user : s.slice(t + 6, hostPort < 0 ? started : hostPort),
        ip: dovecotField(s, ', rip=', started, ipSlice), lip: dovecotField(s, ', lip=', started, ipSlice),
        backend: named ? proxyBackend(s, started + 23) : hostPort < 0 ? '' : hostPortIp(s, hostPort + 1, started),
      };
    }
    // The backend refused the login the proxy passed on (review AD, finding 3 of the low ones; login-common
    // client-common-auth.c client_proxy_log_failure() of 2.3.19.1 and 2.4.1: "Login failed", the conn info (" from
    // <source ip>", " as user <backend user>", " (master <user>)", each when set), ": ", the backend's reply: IMAP's
    // without "NO " (imap-proxy.c), POP3's "-ERR …" as is; login-proxy.c login_proxy_failed() logs it only for an AUTH
    // or AUTH_TEMPFAIL failure and only with auth_verbose):
    //   "imap-login: proxy(info@example.jp,192.0.2.30:143): Login failed: [AUTHENTICATIONFAILED] Authentication failed.: user=<info@example.jp>, method=PLAIN, rip=203.0.113.50, lip=192.0.2.1, TLS, session=<GKEBFAwQMgDBAgFh>"
    //   "pop3-login: proxy(info@example.jp,192.0.2.30:110): Login failed as user info: -ERR [AUTH] Authentication failed.: user=<info@example.jp>, method=PLAIN, rip=203.0.113.50, lip=192.0.2.1, session=<GKEBFAwQMgDBAgFi>"
    // Known, no event: the proxy's own passdb accepted the login (sasl-server.c counts it among the session's
    // "successful auths"); the verdict on the password is the backend's, which logs it itself (its auth process's
    // "Password mismatch", its login process's "(auth failed, 1 attempts …)": counted where its log is read). The
    // session's own line, always written, follows: "Login aborted: … (proxy dest auth failed, 1/1 successful auths in 0
    // secs) (proxy_dest_auth_failed)" (2.3 "(proxy dest auth failed)"), noise as well (LOGIN_QUIET_TEXTS): the count
    // does not depend on auth_verbose.
    // The backend the prefix names is kept (aggregate/events.ts: which backends refused logins); without one (2.2's
    // "proxy(user)"), noise.
    const refused = s.indexOf('): Login failed', t);
    if (refused > 0) {
      const d = s.charCodeAt(refused + 15);
      if (d === 58 || d === 32) {
        const hostPort = prefixHostPort(s, t + 6, refused);
        const backend = hostPort < 0 ? '' : hostPortIp(s, hostPort + 1, refused);
        if (backend === '') return LOGIN_NOISE;
        return {
          kind: 'dovecotProxyRefused', protocol: sliceKnown(s, m, dash, PROTOCOLS), user: '', ip: '', attempts: 0, backend,
          hostPort: s.slice(hostPort + 1, refused),
        };
      }
    }
  }
  // "imap-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs): user=<x>, method=PLAIN, rip=…"
  // "pop3-login: Aborted login (auth failed, 1 attempts in 17 secs): user=<test>, method=PLAIN, rip=192.51.100.13, …"
  // "imap-login: Disconnected (auth failed, 2 attempts): user=<username.bob>, method=PLAIN, rip=49.176.98.87, …"
  // 2.4: "imap-login: Login aborted: Logged out (auth failed, 2 attempts in 27 secs) (auth_failed): user=<info@example.jp>, …" (2.4.1 run)
  const failed = s.indexOf('(auth failed, ', t);
  if (failed > 0) {
    if (loginFieldsCut(s, failed)) return cutLine();
    const attempts = attemptsAt(s, failed + 14);
    // The attempts of one connection: a handful. A count past MAX_LOGIN_ATTEMPTS is a mangled line, one failure, not
    // a number that would swamp every sum (past 2^53 a sum of doubles depends on its order, and so on the cut).
    return {
      kind: 'dovecotLoginFailed', protocol: sliceKnown(s, m, dash, PROTOCOLS), user: dovecotField(s, 'user=', failed, keyAt),
      ip: dovecotField(s, ', rip=', failed, ipAt), attempts: attempts >= 1 && attempts <= MAX_LOGIN_ATTEMPTS ? attempts : 1,
    };
  }
  // Dovecot 2.4 names the session's last reason even after failed attempts (review AD, F5; login-common/client-common.c
  // of 2.4.1 client_get_extra_disconnect_reason(): the last reason, then ", %u attempts in %u secs"; 2.3 wrote "auth
  // aborted by client" and "client didn't finish SASL auth" only for a first attempt, "(auth failed, N attempts …)"
  // after more). The reason names the last attempt; each one before it ended without a login (a success would read
  // "…, 1/3 successful auths …"): N − 1 failed attempts, for the reasons of LAST_ATTEMPT_TEXTS (which says why these).
  // One attempt alone is no failure (noise, below).
  //   "imap-login: Login aborted: Inactivity (client didn't finish SASL auth, 4 attempts in 190 secs) (auth_waiting_client): user=<admin>, method=LOGIN, rip=203.0.113.9, lip=192.0.2.1, session=<…>"
  //   "imap-login: Login aborted: Connection closed (auth aborted by client, 3 attempts in 12 secs) (auth_aborted_by_client): user=<admin>, method=PLAIN, rip=203.0.113.9, …"
  // 2.4.1 client_auth_fail_code_reasons[] with the same count ("authorization failed" also 2.3.19.1's "(authorization
  // failed, %u attempts in %u secs)"):
  //   "imap-login: Login aborted: Logged out (authorization failed, 3 attempts in 9 secs) (authorization_failed): user=<info@example.jp>, method=PLAIN, rip=203.0.113.9, lip=192.0.2.1, session=<…>"
  //   "pop3-login: Login aborted: Connection closed (user disabled, 2 attempts in 5 secs) (user_disabled): user=<old@example.jp>, method=PLAIN, rip=203.0.113.9, …"
  //   "imap-login: Login aborted: Logged out (password expired, 2 attempts in 6 secs) (password_expired): user=<info@example.jp>, method=PLAIN, rip=203.0.113.9, …"
  const last = lastAttemptAt(s, t);
  if (last > 0) {
    const attempts = attemptsAt(s, last);
    if (attempts >= 2) {
      if (loginFieldsCut(s, last)) return cutLine();
      return {
        kind: 'dovecotLoginFailed', protocol: sliceKnown(s, m, dash, PROTOCOLS), user: dovecotField(s, 'user=', last, keyAt),
        ip: dovecotField(s, ', rip=', last, ipAt), attempts: attempts <= MAX_LOGIN_ATTEMPTS ? attempts - 1 : 1,
      };
    }
  }
  if (c === 69 || c === 70 || c === 80) {
    const problem = problemAt(s, t, s.slice(m, dash + 6));
    if (problem !== null) return problem;
  }
  if ((c === 87 && s.startsWith('Warning: ', t)) || (c === 68 && s.startsWith('Debug: ', t))) return LOGIN_NOISE;
  // "pop3-login: Disconnected (no auth attempts in 58 secs): user=<>, rip=…", TLS handshake problems …; anything
  // else (a proxy's "proxy(user): disconnecting …", a new shape) is unparsed: counted and shown.
  const quiet = loginQuietAt(s, t);
  if (quiet >= 0) return proxyRefused(s, m, dash, quiet);
  return quiet === -1 ? null : LOGIN_NOISE;
}
