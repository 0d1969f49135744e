// A log of another MTA given as the mail log (review AJ): a cPanel or Debian exim4 server's, or sendmail's. Its lines
// are not understood (Exim's own log file) or not Postfix's (sendmail through syslog), and the warning said only "is it
// the mail log?", which it is, of a server this tool does not read. Told from the file's first bytes (magic.ts
// looksLike), so that the warning names the MTA and what reads its log.

/** Another MTA whose log a file's first bytes show; '' when none is known. */
export type OtherMta = '' | 'exim' | 'sendmail';

// Exim's own log file (/var/log/exim4/mainlog, cPanel's /var/log/exim_mainlog): a date without the syslog prefix, then
// a message ID (6-6-2 characters, or 6-11-4 since Exim 4.97) or one of the lines of no message:
//   2026-11-28 10:00:01 1vABCd-000123-AB <= info@example.jp H=(ylmf-pc) [185.1.2.3] P=esmtpsa A=dovecot_login:info@example.jp S=1234
//   2026-11-28 10:00:03 dovecot_login authenticator failed for (User) [185.1.2.4]: 535 Incorrect authentication data (set_id=admin@example.jp)
//   2026-11-28 10:00:05 SMTP connection from (ylmf-pc) [185.1.2.3]:51432 lost D=3s
//   2026-11-28 10:00:06 H=(ylmf-pc) [185.1.2.3] F=<a@b.c> rejected RCPT <x@gmail.com>: relay not permitted
// A log_selector may add milliseconds, the zone and the process ID: 2026-11-28 10:00:01.123 +0900 [4321] 1vABCd-…
const EXIM_FILE_LINE = new RegExp(
  '^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d{3})?(?: [+-]\\d{4})?(?: \\[\\d+\\])? '
  + '(?:[0-9A-Za-z]{6}-[0-9A-Za-z]{6}(?:[0-9A-Za-z]{5})?-[0-9A-Za-z]{2}(?:[0-9A-Za-z]{2})? |\\S+ authenticator failed for |SMTP connection from |H=|Start queue run|End queue run)',
  'm');

// Exim or sendmail through syslog, by the program name:
//   Nov 28 10:00:01 mail exim[1234]: 1vABCd-000123-AB <= info@example.jp H=(ylmf-pc) [185.1.2.3] P=esmtpsa S=1234
//   Nov 28 10:00:01 mail sendmail[1234]: 4ASA01aB001234: from=<info@example.jp>, size=1234, class=0, nrcpts=1, relay=[185.1.2.3]
//   Nov 28 10:00:03 mail sm-mta[1236]: 4ASA01aB001235: AUTH failure (LOGIN): authentication failure (-13) SASL(-13): authentication failure: checkpass failed, user=admin, relay=[185.1.2.4]
const EXIM_SYSLOG_LINE = /^\S.* exim4?\[\d+\]: /m;
const SENDMAIL_SYSLOG_LINE = /^\S.* (?:sendmail|sm-mta|sm-msp-queue)\[\d+\]: /m;

/** The MTA whose lines the text of a file's first bytes holds, Exim before sendmail; '' for none of them. */
export function otherMta(text: string): OtherMta {
  if (EXIM_FILE_LINE.test(text) || EXIM_SYSLOG_LINE.test(text)) return 'exim';
  if (SENDMAIL_SYSLOG_LINE.test(text)) return 'sendmail';
  return '';
}
