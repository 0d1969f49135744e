// Which master.cf service an smtpd line came from, by its syslog tag.

/**
 * The master.cf `smtp` service (port 25): its smtpd logs as "postfix/smtpd" (or "postfix-<instance>/smtpd"); other
 * services carry their syslog_name, "postfix/submission/smtpd", "postfix/smtps/smtpd" (Debian's master.cf sets
 * `-o syslog_name=postfix/submission` on its submission entry; one without it logs as "postfix/smtpd" too).
 * `service` is the tag without its pid: "postfix/submission/smtpd".
 */
export function isSmtpService(service: string): boolean {
  return service.endsWith('/smtpd') && service.indexOf('/') === service.length - 6;
}
