// The other DKIM signers beside Postfix: rspamd (a milter; its dkim_signing module) and amavis (a content filter;
// dkim_key(…) in amavisd.conf). When their lines are in the maillog, each message they handled has one verdict line
// that carries Postfix's queue ID and says whether they signed it; the correlator joins it to the message as
// OpenDKIM's lines are (MessageRecord.dkim, correlate/dkim-rank.ts: a signature by any signer counts as signed).
// Their reasons not to sign are logged at debug level only (rspamd's lualib/lua_dkim_tools.lua: lua_util.debugm;
// amavis: log level 2 and up), so "not signed" is all a line tells, and only where that signer signs other mail here
// (detect/rules/unsigned-mail.ts). By default rspamd logs to its own file (/var/log/rspamd/rspamd.log, logging.inc
// type = "file"); then none of its lines are here and the report cannot see its signatures (the finding says so).
// Every other line of theirs is known and carries nothing the report uses: noise, read. Only the verdict lines are
// searched: the rest stop at their first few characters.

import type { LogEvent } from '../types.js';

const RSPAMD: LogEvent = { kind: 'noise', what: 'rspamd' };
const AMAVIS: LogEvent = { kind: 'noise', what: 'amavis' };

/** The key's DNS name, "dkim._domainkey.example.jp", from a selector and a domain ('' when either is missing). */
function keyName(selector: string, domain: string): string {
  return selector === '' || domain === '' ? '' : `${selector}._domainkey.${domain}`.toLowerCase();
}

/** The queue ID at `i` (Postfix's, short hex or long alphanumeric; fields.ts queueIdLength wants a ": " after it), or ''. */
function qidAt(s: string, i: number, end: number): string {
  let j = i;
  while (j < end) {
    const c = s.charCodeAt(j);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) j++;
    else break;
  }
  return j - i >= 5 && j - i <= 20 ? s.slice(i, j) : '';
}

/**
 * rspamd (syslog ident "rspamd"; logging type = "syslog"): the task's summary line, rspamd_task_write_log, whose
 * default log_format lists every symbol with its options; DKIM_SIGNED (dkim_signing.lua's symbol) is there when it
 * signed, with "domain:s=selector":
 *   "<8ae27d>; proxy; rspamd_task_write_log: id: <5afa242e.hP5p/mry+fTNNjms%no-reply@example.com>, qid: <A785B308622AB>, ip: 10.154.200.17, from: <no-reply@example.com>, (default: F (no action): [-0.64/20.00] [BAYES_HAM(-3.00){100.00%;},AUTH_NA(1.00){},…]), len: 2348, …"
 *     (NethServer's manual, a /var/log/maillog excerpt)
 *   "<7d7d2e>; task; rspamd_task_write_log: id: <27e86f506a4881125fff808a5622e098@d77.jp>, qid: <5358D817E4B0>, ip: 172.30.0.1, user: delta, from: <delta@d77.jp>, (default: F (no action): [-0.10/15.00] [MIME_GOOD(-0.10){text/plain;},ALIAS_RESOLVED(0.00){},ARC_NA(0.00){},DKIM_SIGNED(0.00){d77.jp:s=202601;},…]), len: 428, …"
 *     (a rspamd.log excerpt: the same text after its own prefix)
 * and a key that does not load (the message leaves unsigned; the line names no queue ID):
 *   "<xxx>; dkim_sign; cannot load dkim key /var/lib/amavis/dkim/subdomain.example.com.private: unsupported key format"
 *   "<a1b2c3>; task; dkim_module_load_key_format: cannot load dkim key /var/lib/rspamd/dkim/example.jp.dkim.key: cannot stat key file: /var/lib/rspamd/dkim/example.jp.dkim.key: Permission denied"
 * A summary line without "qid: <…>" (a message sent with rspamc, not through Postfix) names no message: noise.
 */
export function parseRspamd(s: string, m: number): LogEvent {
  // "<uid>; module; text": the text after the second "; ".
  const a = s.indexOf('; ', m);
  const b = a < 0 ? -1 : s.indexOf('; ', a + 2);
  if (b < 0) return RSPAMD;
  const t = b + 2;
  if (s.startsWith('rspamd_task_write_log: ', t)) return taskSummary(s, t);
  // Searched only in the lines of its DKIM code ("cannot load …" itself, or "dkim_module_load_key_format: cannot …"):
  // rspamd logs many lines per message at info level, which stop here after a few characters.
  const k = s.startsWith('cannot load dkim key ', t) ? t : s.startsWith('dkim_', t) ? s.indexOf(': cannot load dkim key ', t) + 2 : -1;
  if (k > t - 1 && k - t < 40) {
    const from = k + 21;
    const colon = s.indexOf(': ', from);
    return { kind: 'dkim', qid: '', outcome: 'key-error', detail: s.slice(from, colon < 0 ? s.length : colon), signer: 'rspamd' };
  }
  return RSPAMD;
}

/**
 * rspamd_task_write_log's default log_format (rspamd 3.x, src/libserver/cfg_utils.cxx):
 *   "id: <$mid>,$if_qid{ qid: <$>,}$if_ip{ ip: $,}$if_user{ user: $,}$if_smtp_from{ from: <$>,} (default: $is_spam
 *    ($action): [$scores] [$symbols_scores_params]), len: $len, …"
 * so the queue ID, then the authenticated user when there is one, then the action between "(default: F (" and
 * "): [" ($is_spam is T, F or S: spam, not spam, skipped). Rspamd's own actions: "no action", "greylist",
 * "add header", "rewrite subject", "soft reject", "reject" (and custom ones, counted as written).
 */
function taskSummary(s: string, t: number): LogEvent {
  const q = s.indexOf(', qid: <', t);
  if (q < 0) return RSPAMD;
  const close = s.indexOf('>', q + 8);
  const qid = close < 0 ? '' : qidAt(s, q + 8, close);
  if (qid === '' || q + 8 + qid.length !== close) return RSPAMD;
  const d = s.indexOf(' (default: ', close);
  // "… ip: 203.0.113.5, user: info@example.jp, from: <…>, (default: …": the user, when before the action.
  const u = s.indexOf(', user: ', close);
  const user = u < 0 || (d >= 0 && u > d) ? '' : s.slice(u + 8, Math.max(u + 8, s.indexOf(',', u + 8)));
  const open = d < 0 ? -1 : s.indexOf(' (', d + 11);
  const end = open < 0 || open > d + 14 ? -1 : s.indexOf('): [', open + 2);
  const action = end < 0 || end - open > 40 ? '' : s.slice(open + 2, end);
  const sym = s.indexOf('DKIM_SIGNED(', close);
  if (sym < 0) return { kind: 'dkim', qid, outcome: 'rspamd-unsigned', detail: '', signer: 'rspamd', action, user };
  // "DKIM_SIGNED(0.00){d77.jp:s=202601;}": the first signature's domain and selector.
  const brace = s.indexOf('){', sym);
  const colon = brace < 0 ? -1 : s.indexOf(':s=', brace);
  const semi = colon < 0 ? -1 : s.indexOf(';', colon);
  const key = semi < 0 ? '' : keyName(s.slice(colon + 3, semi), s.slice(brace + 2, colon));
  return { kind: 'dkim', qid, outcome: 'signed', detail: key, signer: 'rspamd', action, user };
}

/**
 * A line of rspamd's own log file (header.ts rspamdFileLine: "2026-12-01 00:29:47 #25094(normal) " before it, no
 * host): read as its syslog lines are, and marked as the file's (`ownFile`), whose verdicts join the maillog's
 * messages at the end of the run (aggregate/rspamd-file.ts). Lines of rspamd 3.4 (Debian 12), scanned with rspamc
 * with a Queue-Id header as Postfix's milter gives it (test/fixtures/rspamd/README.md):
 *   "<1d8c62>; task; rspamd_task_write_log: id: <20261130221531.A1@example.jp>, qid: <4NqT2s0Xbz>, ip: 203.0.113.5, user: info@example.jp, from: <info@example.jp>, (default: F (no action): [-0.10/15.00] [MIME_GOOD(-0.10){text/plain;},ARC_NA(0.00){},…,DKIM_SIGNED(0.00){example.jp:s=dkim;},…]), len: 202, time: 482.065ms, dns req: 1, digest: <f67a0d1f5fb9af974787b47091895188>, rcpts: <taro@example.net>, mime_rcpts: <taro@example.net>"
 *   "<5e5e25>; task; rspamd_task_write_log: id: <gtube.D4@example.jp>, qid: <4NqT2x5Bgs>, ip: 198.51.100.23, user: info@example.jp, from: <info@example.jp>, (default: S (reject): [15.00/15.00] [GTUBE(0.00){}]), len: 158, …"
 */
export function parseRspamdFile(s: string, m: number): LogEvent {
  const ev = parseRspamd(s, m);
  if (ev.kind === 'dkim') ev.ownFile = true;
  return ev;
}

/**
 * amavis (amavisd-new; syslog ident "amavis" on Debian and Red Hat, "amavisd" elsewhere): the main log line of a
 * message it passed (log_templ, level 0), which names the queue ID of the copy it gave back to Postfix ("queued_as:"),
 * the one that goes out, and, when it signed that copy, "dkim_new=selector:domain" ([:dkim|newsig_sd]):
 *   "(01389-01) Passed CLEAN {RelayedInternal}, ORIGINATING/MYNETS LOCAL [172.16.100.1]:54180 ESMTP/ESMTP <postmaster@a.cn> -> <amavis@d8.iredmail.org>, (), Queue-ID: 2F322E003E, mail_id: 47G-u3kjLkOz, b: 3tnIDXRGW, Hits: -0.428, size: 316, queued_as: 58A90DFC34, Subject: "mail subject", From: <postmaster@a.cn>, helo=test.com, Tests: [ALL_TRUSTED=-1,INVALID_DATE=0.432,MISSING_MID=0.14], autolearn=no autolearn_force=no, autolearnscore=0.572, dkim_new=dkim:a.cn, 19162 ms"
 *     (iRedMail's documentation, a verbose log_templ)
 *   "(04083-01) Passed CLEAN {RelayedOutbound}, ORIGINATING/MYNETS LOCAL [45.117.82.48]:57224 [45.117.82.48] <admin@tudv3.tudv.xyz> -> <idinhtu1989@gmail.com>, Queue-ID: B141CE6BDD, Message-ID: <1406627814.5.1651732554479.JavaMail.zimbra@tudv3.tudv.xyz>, mail_id: WaVl27LgwIDf, Hits: -, size: 1152, queued_as: 15411E6BE1, 380 ms"
 *     (a server that signs with OpenDKIM after amavis: no dkim_new)
 * Without "queued_as:" (amavis's own delivery, a milter setup) the verdict is the original's, "Queue-ID:". A message
 * split for several recipients ("queued_as: 0A1B2C/0A1B2D") counts by its first copy.
 */
export function parseAmavis(s: string, m: number): LogEvent {
  // "(01389-01) Passed …": the log id in parentheses, then the verdict.
  if (s.charCodeAt(m) !== 40) return AMAVIS;
  const close = s.indexOf(') ', m);
  if (close < 0 || close - m > 24 || !s.startsWith('Passed ', close + 2)) return AMAVIS;
  let at = s.indexOf(', queued_as: ', close);
  let from = at + 13;
  if (at < 0) {
    at = s.indexOf(', Queue-ID: ', close);
    from = at + 12;
  }
  if (at < 0) return AMAVIS;
  const qlen = qidAt(s, from, s.length).length;
  if (qlen === 0) return AMAVIS;
  const qid = s.slice(from, from + qlen);
  const d = s.indexOf(', dkim_new=', from);
  if (d < 0) return { kind: 'dkim', qid, outcome: 'amavis-unsigned', detail: '', signer: 'amavis' };
  // "dkim_new=dkim:a.cn": selector, then domain, up to the next field (several signatures are comma-joined).
  const v = d + 11;
  let end = v;
  while (end < s.length && s.charCodeAt(end) !== 44 && s.charCodeAt(end) !== 32) end++;
  const colon = s.indexOf(':', v);
  const key = colon < 0 || colon > end ? '' : keyName(s.slice(v, colon), s.slice(colon + 1, end));
  return { kind: 'dkim', qid, outcome: 'signed', detail: key, signer: 'amavis' };
}
