// A distributed brute force from a botnet of N distinct client IPs (issue 3: bounded memory), for measuring the
// per-IP tables: each IP comes back one to three times, hours apart, in waves over the log, and each visit is
// Postfix's connect, SASL failure (3.7.8+ with sasl_username=) and disconnect lines, as test/botnet-scale.test.ts
// writes them; every fourth IP also fails an IMAP login (Dovecot's login-process line). Deterministic: the same
// bytes for the same N, no randomness. Verbatim shapes (docs/log-formats.md, /work/shared/LINES.md):
//   "Nov 20 00:00:00 mail postfix/smtpd[1000]: connect from unknown[11.0.0.7]"
//   "… warning: unknown[11.0.0.7]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=admin"
//   "… disconnect from unknown[11.0.0.7] ehlo=1 auth=0/1 quit=1 commands=2/3"
//   "… dovecot: imap-login: Disconnected (auth failed, 2 attempts): user=<info>, method=PLAIN, rip=11.0.0.7, lip=192.0.2.1, TLS"

import * as fs from 'node:fs';

const NAMES = ['admin', 'info', 'test', 'sales', 'postmaster@example.jp'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** IP i's address: IPv4 from 11.0.0.0 on; every tenth IPv6 (2001:db8::/32). Distinct for i < 2^28. */
export function botnetIp(i: number): string {
  if (i % 10 === 9) return `2001:db8:${(i >>> 16).toString(16)}:${(i & 0xffff).toString(16)}::${(1 + (i % 250)).toString(16)}`;
  return `${11 + (i >>> 24)}.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`;
}

export interface BotnetCounts {
  ips: number;
  lines: number;
  bytes: number;
  smtpAuthFailures: number;
  imapLoginFailures: number;
}

/** Writes the log to `out`: IP i visits 1 + i % 3 times, in three waves, four visits a second. */
export function writeBotnet(ips: number, out: string): BotnetCounts {
  const fd = fs.openSync(out, 'w');
  const counts: BotnetCounts = { ips, lines: 0, bytes: 0, smtpAuthFailures: 0, imapLoginFailures: 0 };
  let buf = '';
  let sec = 0;
  const p = (x: number): string => String(x).padStart(2, '0');
  for (let wave = 1; wave <= 3; wave++) {
    for (let i = 0; i < ips; i++) {
      if (1 + (i % 3) < wave) continue;
      const d = new Date(Date.UTC(2026, 10, 20) + Math.floor(sec++ / 4) * 1000);
      const t = `${MONTHS[d.getUTCMonth()]!} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
      const ip = botnetIp(i);
      const tag = i % 2 === 0 ? 'postfix/smtpd' : 'postfix/submission/smtpd';
      const pid = 1000 + (i % 5000);
      const name = NAMES[(i + wave) % NAMES.length]!;
      buf += `${t} mail ${tag}[${pid}]: connect from unknown[${ip}]\n`
        + `${t} mail ${tag}[${pid}]: warning: unknown[${ip}]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=${name}\n`
        + `${t} mail ${tag}[${pid}]: disconnect from unknown[${ip}] ehlo=1 auth=0/1 quit=1 commands=2/3\n`;
      counts.lines += 3;
      counts.smtpAuthFailures++;
      if (i % 4 === 0) {
        buf += `${t} mail dovecot: imap-login: Disconnected (auth failed, 2 attempts): user=<${name}>, method=PLAIN, rip=${ip}, lip=192.0.2.1, TLS\n`;
        counts.lines++;
        counts.imapLoginFailures += 2;
      }
      if (buf.length > 1 << 20) {
        counts.bytes += fs.writeSync(fd, buf);
        buf = '';
      }
    }
  }
  counts.bytes += fs.writeSync(fd, buf);
  fs.closeSync(fd);
  return counts;
}
