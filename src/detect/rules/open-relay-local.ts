// The open-relay rule's advice, in English, for a program on this server that submits mail through sendmail(1)
// rather than over SMTP (review 13 H5). PHP's mail() runs /usr/sbin/sendmail; Postfix's pickup then logs the user
// the program ran as, and nothing else about it:
//   "Nov 10 14:00:03 mail postfix/pickup[21553]: 5A1B2C3D4E: uid=33 from=<security@mufg.jp>"
// There is no client IP to look at, no login, and no mynetworks to narrow: the uid names the program's user (33 is
// www-data on Debian and Ubuntu), and the web server's and PHP's own logs name the script. Other languages: src/i18n.

import type { LocalProgram, LocalProgramBulkAdvice, LocalProgramSpamAdvice } from '../../i18n/index.js';
import { commented, count, figure, oneSender } from '../util.js';
import { brandNote, burstSignsText, findScriptSteps, programName, strangerOnlyNote } from './open-relay.js';

/** The web server's user refused by sendmail and postdrop (review Y, Y12: set with postconf -e). Every language. */
export const SUBMIT_USERS_BLOCK: readonly string[] = ['```', "postconf -e 'authorized_submit_users = !www-data, static:all'", '```'];

/** Who the uid is and what runs as it now: the first step for a program found by its uid. */
export function findUserSteps(programs: readonly LocalProgram[]): string[] {
  const uids = [...new Set(programs.map((p) => p.uid))];
  return [
    '```',
    ...uids.flatMap((uid) => [
      commented(`getent passwd ${uid}`, 'the user: www-data, apache, nginx or a hosting account'),
      commented(`ps -u ${uid} -f`, 'what runs as that user now'),
      commented(`crontab -l -u "$(id -nu ${uid})"`, 'that user\'s cron jobs: a script started again and again'),
    ]),
    commented('find /var/www -name \'*.php\' -mtime -7 -ls', 'PHP files changed in the last week (uploaded scripts)'),
    '```',
  ];
}

/** A hacked web application or script on this host, sending through sendmail (open-relay.ts ownNetworkSpamOf). */
export function localProgramSpamFix(p: LocalProgramSpamAdvice): string {
  const who = p.programs.map(programName).join(', ');
  const seen = p.forgedDomains.length > 0
    ? `mail sent as other people's domains (${p.forgedDomains.join(', ')} …) was submitted by ${who}`
    : `${count(p.messages, 'message', 'messages')} to ${count(p.domains, 'outside domain', 'outside domains')} were submitted by ${who} `
      + `within ${count(p.minutes, 'minute', 'minutes')}${burstSignsText(p)}`;
  const s = p.sprayed ?? null;
  const n = figure;
  // Few outside domains, many different addresses (review 19, M2): why that is no redirect.
  const spread = s !== null
    ? ` Those messages went to ${n(s.recipients, s.recipientsAtLeast, s.recipientsAbout)} different outside addresses, at most two messages an address on average, from `
      + `${oneSender(s) ? '1 sender address' : `${n(s.senders, s.sendersAtLeast, s.sendersAbout)} different sender addresses`} of ${p.forgedDomains.length === 1 ? 'that domain' : 'those domains'}: `
      + 'a form or script sending phishing to a list of addresses, not a redirect or '
      + '`.forward`, which resends mail as its original senders to the same few mailboxes again and again.'
    : '';
  const one = p.strangerDomains.length === 1;
  const stranger = p.strangerDomains.length > 0
    ? ` ${p.strangerDomains.join(', ')} ${one ? 'is' : 'are'} none of this server's domains: nobody logs in as ${one ? 'it' : 'them'}, `
      + `no mail for ${one ? 'it' : 'them'} is delivered here, and no host or program of yours sent as ${one ? 'it' : 'them'} outside the burst `
      + '(a newsletter of yours is sent as your own domain).'
    : '';
  return [
    `A program on this server handed this mail to Postfix through \`sendmail\` (pickup logs the user it ran as, uid=): ${seen}.${brandNote(p)}${spread}${stranger}${strangerOnlyNote(p)} `
      + 'On a web server that user is most often the web server\'s own (www-data, apache, nginx) or a hosting account, and the program a '
      + 'hacked web form, WordPress plugin or uploaded PHP script calling mail(). Find the script and stop it.'
      + (p.forgedDomains.length > 0 ? ' SPF, DKIM and DMARC records of your own domains change nothing here: the mail is sent as other '
        + 'people\'s domains, by a program on your server.' : ''),
    '',
    ...findUserSteps(p.programs),
    '',
    ...findScriptSteps(),
    '',
    'For PHP, turn on `mail.add_x_header = On` (php.ini; every mail() message then carries '
      + '`X-PHP-Originating-Script: UID:script.php`) and `mail.log = /var/log/phpmail.log` (one line per mail() call with the '
      + 'script and line). Then match ' + (p.burstFrom !== null ? `the burst's times (from ${p.burstFrom})` : 'the first messages\' times (pickup\'s `uid=… from=<…>` lines above)')
      + ' to the web server\'s logs: '
      + '`grep POST /var/log/apache2/access.log` or `/var/log/nginx/access.log`, and PHP-FPM\'s (`/var/log/php*-fpm.log`, or the pool\'s '
      + '`access.log` when set) at those minutes name the page that was called. Disable that form, or take the site offline, until it is '
      + 'fixed: remove or fix the script, change the passwords of the web application and its FTP/SSH accounts, then delete the held '
      + 'spam (`postsuper -d QUEUE_ID`, or `postsuper -d ALL hold` once only spam is held).',
    '',
    'Until then Postfix can refuse that user\'s `sendmail` outright (postconf(5) `authorized_submit_users`, with the name '
      + '`getent passwd` gave: uid 33 is www-data on Debian and Ubuntu, 48 is apache on RHEL). `postconf authorized_submit_users` '
      + 'shows the list now (`static:anyone` by default); where it lists more, keep them in the line, which replaces it. '
      + 'sendmail reads it at once, no reload needed:',
    '',
    ...SUBMIT_USERS_BLOCK,
  ].join('\n');
}

/**
 * Bulk mail from such a program that shows no spam sign (a burst, one sender domain, most of it delivered): a list
 * manager's or a shop's mailing, by the look of it.
 */
export function localProgramBulkFix(p: LocalProgramBulkAdvice): string {
  const senders = p.senderDomains.length > 0 ? `, sent as ${p.senderDomains.join(', ')}` : '';
  return [
    `${count(p.messages, 'message', 'messages')} to ${count(p.domains, 'outside domain', 'outside domains')} within `
      + `${count(p.minutes, 'minute', 'minutes')} from ${p.programs.map(programName).join(', ')} through \`sendmail\`${senders}, `
      + `${p.notDelivered}% of the recipients not delivered: this is what a newsletter or mailing list sent by a list manager (Mailman, `
      + 'Sympa) or a web application looks like' + (p.forgedMessages === 0 ? ', and none of it was sent as other people\'s domains' : '')
      + '. If it was planned, nothing needs changing here.',
    '',
    'Bulk mail arrives when the receivers can check it: SPF and DKIM for the sender\'s domain (Gmail requires DMARC and '
      + 'one-click unsubscribe, RFC 8058, too of senders of 5,000 or more messages a day to its users; Yahoo asks the same '
      + 'of bulk senders), and a list kept clean of addresses that bounce.',
    '',
    'If nobody here sent a mailing then, treat it as a hacked web application: find the program by its user and the script that sent it.',
    '',
    ...findUserSteps(p.programs),
    '',
    ...findScriptSteps(),
  ].join('\n');
}
