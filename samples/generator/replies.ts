// What remote servers answer, as Postfix's smtp client quotes it in `status=… (…)`. Texts follow real
// provider replies (Gmail 421-4.7.28 / 550-5.7.26, Yahoo TSS04, Microsoft S3150, postgrey) in the
// layout Postfix gives multi-line replies (continuation lines joined with spaces).

import { SERVER, type Flavor, type Mx } from './world.js';
import type { Rng } from './prng.js';
import { unixSeconds } from './clock.js';

function hostIp(mx: Mx): string {
  return `${mx.host}[${mx.ip}]`;
}

/** Gmail's per-transaction trace id: `d9443c01a7336-2a1b2c3d4e5si123456pjb.0 - gsmtp` */
function gmailId(rng: Rng): string {
  return `${rng.hex(13)}-${rng.hex(10)}si${rng.int(100000, 9999999)}${rng.pick(['pjb', 'plb', 'b3a', 'pgb', 'a1c'])}.${rng.int(0, 999)} - gsmtp`;
}

/** Text inside `status=sent (…)` for an accepted message. */
export function sentReply(flavor: Flavor, rng: Rng, tUs: number, msgid: string, size: number): string {
  switch (flavor) {
    case 'gmail':
      return `250 2.0.0 OK  ${unixSeconds(tUs)} ${gmailId(rng)}`;
    case 'microsoft':
    case 'exchange':
      return `250 2.6.0 <${msgid === '' ? `${rng.hex(16)}@${SERVER.fqdn}` : msgid}> [InternalId=${rng.int(1000000000, 4294967295)}, Hostname=${rng.pick(['TY3P286MB', 'OS3P286MB', 'TYCP286MB', 'TY4P286MB'])}${rng.int(1000, 9999)}.JPNP286.PROD.OUTLOOK.COM] ${size + rng.int(800, 2400)} bytes in ${(rng.int(8, 240) / 1000).toFixed(3)}, ${(rng.int(2000, 90000) / 1000).toFixed(3)} KB/sec Queued mail for delivery`;
    case 'yahoojp':
      return `250 ok dirdel ${rng.int(1, 4)}/${rng.int(0, 1)}`;
    case 'yahoo':
      return '250 ok dirdel';
    case 'icloud':
      return `250 2.0.0 Ok: queued as ${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`;
    case 'qq':
      return '250 OK: queued as.';
    case 'netease':
      return `250 Mail OK queued as gzga-smtp-mta-g${rng.int(0, 3)}-${rng.int(0, 5)},_____${rng.alnum(20)}--.${rng.int(10000, 99999)}S2 ${unixSeconds(tUs)}`;
    case 'mailru':
      return `250 OK id=1t${rng.alnum(4)}-00${rng.hex(4, true)}-${rng.hex(2, true)}`;
    case 'naver':
      return `250 2.0.0 OK ${rng.alnum(22)} - nsmtp`;
    case 'docomo':
    case 'au':
    case 'softbank':
    case 'postfix':
    case 'nxdomain':
    default:
      return `250 2.0.0 Ok: queued as ${rng.pick(['4', '4', '3'])}${rng.pick(['N', 'P', 'R', 'T'])}${rng.alnum(1).toUpperCase()}${rng.alnum(10)}`;
  }
}

export function gmailRateLimit(mx: Mx, rng: Rng): string {
  const c = '421-4.7.28';
  return (
    `host ${hostIp(mx)} said: ${c} [${SERVER.ip}      15] Our system has detected an unusual rate of ${c} unsolicited mail originating from your IP address. To protect our ${c} users from spam, mail sent from your IP address has been temporarily ${c} rate limited. For more information, go to ${c}  https://support.google.com/mail/?p=UnsolicitedRateLimitError to 421 4.7.28 review our Bulk Email Senders Guidelines. ${gmailId(rng)} (in reply to RCPT TO command)`
  );
}

export function gmailUnauthenticated(mx: Mx, senderDomain: string, rng: Rng): string {
  const c = '550-5.7.26';
  return (
    `host ${hostIp(mx)} said: ${c} This mail is unauthenticated, which poses a security risk to the ${c} sender and Gmail users, and has been blocked. The sender must ${c} authenticate with at least one of SPF or DKIM. For this message, ${c} DKIM checks did not pass and SPF check for [${senderDomain}] did not ${c} pass with ip: [${SERVER.ip}]. To best protect our users from spam, the ${c} message has been blocked. For more information, go to 550 5.7.26  https://support.google.com/mail/answer/81126#authentication ${gmailId(rng)} (in reply to end of DATA command)`
  );
}

export function yahooTss04(mx: Mx): string {
  return `host ${hostIp(mx)} refused to talk to me: 421 4.7.0 [TSS04] Messages from ${SERVER.ip} temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes`;
}

export function microsoftBlock(mx: Mx, tUs: number, rng: Rng): string {
  const iso = new Date(Math.floor(tUs / 1000)).toISOString();
  return `host ${hostIp(mx)} said: 550 5.7.1 Unfortunately, messages from [${SERVER.ip}] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [${rng.pick(['TY1PEPF0000A1B2', 'OS2PEPF00004C3D', 'TYZPEPF0000912A'])}.apcprd04.prod.outlook.com ${iso} ${rng.hex(16, true)}] (in reply to RCPT TO command)`;
}

export function userUnknown(mx: Mx, flavor: Flavor, rcpt: string, rng: Rng): string {
  switch (flavor) {
    case 'gmail':
      return `host ${hostIp(mx)} said: 550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. For more information, go to 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser ${gmailId(rng)} (in reply to RCPT TO command)`;
    case 'yahoojp':
    case 'yahoo':
      return `host ${hostIp(mx)} said: 554 5.7.9 Message not accepted for policy reasons.  See https://postmaster.yahooinc.com/error-codes (in reply to RCPT TO command)`;
    case 'microsoft':
    case 'exchange':
      return `host ${hostIp(mx)} said: 550 5.5.0 Requested action not taken: mailbox unavailable (in reply to RCPT TO command)`;
    default:
      return `host ${hostIp(mx)} said: 550 5.1.1 <${rcpt}>: Recipient address rejected: User unknown (in reply to RCPT TO command)`;
  }
}

export function greylisted(mx: Mx, rcpt: string, domain: string): string {
  return `host ${hostIp(mx)} said: 450 4.2.0 <${rcpt}>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/${domain}.html (in reply to RCPT TO command)`;
}

export function lostConnection(mx: Mx, stage: 'RCPT TO' | 'end of data' | 'MAIL FROM'): string {
  return stage === 'end of data'
    ? `lost connection with ${hostIp(mx)} while sending end of data -- message may be sent more than once`
    : `lost connection with ${hostIp(mx)} while sending ${stage}`;
}

export function greetingTimeout(mx: Mx): string {
  return `conversation with ${hostIp(mx)} timed out while receiving the initial server greeting`;
}

export function connectFailure(mx: Mx, why: 'timeout' | 'refused'): string {
  return `connect to ${hostIp(mx)}:25: ${why === 'timeout' ? 'Connection timed out' : 'Connection refused'}`;
}

export function hostNotFound(domain: string, temporary: boolean): string {
  return temporary
    ? `Host or domain name not found. Name service error for name=${domain} type=MX: Host not found, try again`
    : `Host or domain name not found. Name service error for name=${domain} type=A: Host not found`;
}

export function mailboxFull(mx: Mx, rcpt: string): string {
  return `host ${hostIp(mx)} said: 452 4.2.2 <${rcpt}>: Mailbox full (in reply to RCPT TO command)`;
}

export function suspended(reason: string): string {
  return `delivery temporarily suspended: ${reason}`;
}
