// The syslog prefix (timestamp, host, tag) and the tag → parser table. Every line is verbatim from a public
// source (cited next to it) unless its comment says which part was put together, and why.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Header, YearRule } from '../src/parse/header.js';
import { SYSLOG_REPEAT_PROG, newHeader, newYearRule, parseHeader, settleYearRule } from '../src/parse/header.js';
import { parserFor } from '../src/parse/programs.js';

/** A year rule as `--year Y` makes it (fixed); the first classic line settles its month. */
function fixedYear(year: number): YearRule {
  return newYearRule(year, 0, true);
}

function header(line: string, years: YearRule = fixedYear(2026)): Header {
  const h = newHeader();
  assert.ok(parseHeader(line, h, years, new Map()), `no header in: ${line}`);
  return h;
}

/** Local wall-clock time as LocalMillis (Date.UTC of the local fields). */
function local(y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0): number {
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

interface HeaderCase {
  name: string;
  src: string;
  line: string;
  at: number;
  zone: string;
  host: string;
  prog: string;
  pid: number;
  /** The text the message parser gets. */
  msg: string;
}

const CASES: HeaderCase[] = [
  {
    name: 'classic header, space-padded day',
    src: 'LINES.md §3 #8 (Lightmeter performance_test.go)',
    line: 'Jun  3 10:40:57 mail postfix/qmgr[1005]: 4AA091855DA0: from=<user@sender.com>, size=391, nrcpt=1 (queue active)',
    at: local(2026, 6, 3, 10, 40, 57), zone: 'local', host: 'mail', prog: 'postfix/qmgr', pid: 1005,
    msg: '4AA091855DA0: from=<user@sender.com>, size=391, nrcpt=1 (queue active)',
  },
  {
    name: 'classic header, space-padded day (February)',
    src: 'fail2ban tests/files/logs/postfix-rbl',
    line: 'Feb  7 12:25:45 xxx12345 postfix/smtpd[13275]: NOQUEUE: reject: RCPT from unknown[87.236.233.182]: 554 5.7.1 Service unavailable; Client host [87.236.233.182] blocked using rbl.example.com; https://www.example.com/query/ip/87.236.233.182; from=<spammer@example.com> to=<goodguy@example.com> proto=SMTP helo=<WIN-5N8GBBS0R5I>',
    at: local(2026, 2, 7, 12, 25, 45), zone: 'local', host: 'xxx12345', prog: 'postfix/smtpd', pid: 13275,
    msg: 'NOQUEUE: reject: RCPT from unknown[87.236.233.182]: 554 5.7.1 Service unavailable; Client host [87.236.233.182] blocked using rbl.example.com; https://www.example.com/query/ip/87.236.233.182; from=<spammer@example.com> to=<goodguy@example.com> proto=SMTP helo=<WIN-5N8GBBS0R5I>',
  },
  {
    // LINES.md §1 gives only the prefix "Mar 7 02:09:33 server postfix/smtpd[27246]: …" (fail2ban tests); the
    // message is LINES.md §3 #1's.
    name: 'classic header, unpadded day',
    src: 'LINES.md §1 prefix + §3 #1 message',
    line: 'Mar 7 02:09:33 server postfix/smtpd[27246]: connect from unknown[62.4.15.68]',
    at: local(2026, 3, 7, 2, 9, 33), zone: 'local', host: 'server', prog: 'postfix/smtpd', pid: 27246,
    msg: 'connect from unknown[62.4.15.68]',
  },
  {
    name: 'zero-padded day (maillog_file / postlogd strftime "%b %d")',
    src: 'fail2ban tests/files/logs/dovecot',
    line: 'Jul 02 13:49:31 hostname dovecot[442]: pop3-login: Aborted login (auth failed, 1 attempts in 17 secs): user=<test>, method=PLAIN, rip=192.51.100.13, lip=203.0.113.17, session=<YADINsQCDs5BH8Pg>',
    at: local(2026, 7, 2, 13, 49, 31), zone: 'local', host: 'hostname', prog: 'dovecot', pid: 442,
    msg: 'pop3-login: Aborted login (auth failed, 1 attempts in 17 secs): user=<test>, method=PLAIN, rip=192.51.100.13, lip=203.0.113.17, session=<YADINsQCDs5BH8Pg>',
  },
  {
    name: 'two-digit day',
    src: 'corpus healthy/maillog line 4',
    line: 'Nov 28 22:13:19 mail postfix/smtpd[21271]: connect from unknown[127.0.20.8]',
    at: local(2026, 11, 28, 22, 13, 19), zone: 'local', host: 'mail', prog: 'postfix/smtpd', pid: 21271,
    msg: 'connect from unknown[127.0.20.8]',
  },
  {
    name: 'RFC 3339 with microseconds and offset (rsyslog high precision, Debian 12)',
    src: 'corpus incident/maillog.rfc3339 line 1',
    line: '2026-11-28T22:15:28.617922+09:00 mail dovecot: master: Dovecot v2.3.19.1 (9b53102964) starting up for imap, pop3, lmtp (core dumps disabled)',
    at: local(2026, 11, 28, 22, 15, 28, 617), zone: '+09:00', host: 'mail', prog: 'dovecot', pid: 0,
    msg: 'master: Dovecot v2.3.19.1 (9b53102964) starting up for imap, pop3, lmtp (core dumps disabled)',
  },
  {
    name: 'RFC 3339 with microseconds, other offset',
    src: 'LINES.md §3 #3 (wazuh#35544)',
    line: '2026-04-17T00:08:08.488301+02:00 myhostname postfix/smtps/smtpd[119886]: 7721F1453B: client=remotehost124[ip124], sasl_method=LOGIN, sasl_username=myuser',
    at: local(2026, 4, 17, 0, 8, 8, 488), zone: '+02:00', host: 'myhostname', prog: 'postfix/smtps/smtpd', pid: 119886,
    msg: '7721F1453B: client=remotehost124[ip124], sasl_method=LOGIN, sasl_username=myuser',
  },
  {
    name: 'RFC 3339 with a year unlike the --year option (ISO lines carry their own)',
    src: 'LINES.md §1 (youyo/postfix-log-parser test/test-iso8601.log)',
    line: '2020-01-30T06:26:05.404714+09:00 mail postfix/smtpd[1830]: connect from example.com[127.0.0.1]',
    at: local(2020, 1, 30, 6, 26, 5, 404), zone: '+09:00', host: 'mail', prog: 'postfix/smtpd', pid: 1830,
    msg: 'connect from example.com[127.0.0.1]',
  },
  {
    // journalctl -o short-iso writes the offset without a colon (systemd/systemd#26639, LINES.md §1); the
    // message is the same event as the RFC 3339 line above.
    name: 'journalctl short-iso, offset without colon',
    src: 'LINES.md §1 journalctl short-iso shape + youyo test-iso8601.log message',
    line: '2020-01-30T06:26:05+0900 mail postfix/smtpd[1830]: connect from example.com[127.0.0.1]',
    at: local(2020, 1, 30, 6, 26, 5), zone: '+09:00', host: 'mail', prog: 'postfix/smtpd', pid: 1830,
    msg: 'connect from example.com[127.0.0.1]',
  },
  {
    // "Z" as in the docker-mailserver#3292 wrapper stamp "2023-04-25T22:52:49.512347648Z" (nanoseconds).
    name: 'ISO timestamp in UTC ("Z"), nanoseconds',
    src: 'LINES.md §1 docker stamp + §3 #9 message',
    line: '2023-04-25T22:52:49.512347648Z letterman postfix/qmgr[8204]: AAB4D259B1: removed',
    at: local(2023, 4, 25, 22, 52, 49, 512), zone: '+00:00', host: 'letterman', prog: 'postfix/qmgr', pid: 8204,
    msg: 'AAB4D259B1: removed',
  },
  // journalctl of systemd 252 (Debian 12) on a journal holding `echo "connect from unknown[192.0.2.1]" | systemd-cat
  // -t postfix/smtpd`, run as `TZ=… journalctl -o short-full` and `-o short-unix` (review 10, L4).
  {
    name: 'journalctl short-full, zone abbreviation: the local wall clock',
    src: 'journalctl 252 -o short-full, TZ=Asia/Tokyo',
    line: 'Sun 2026-11-29 14:59:42 JST vm postfix/smtpd[23730]: connect from unknown[192.0.2.1]',
    at: local(2026, 11, 29, 14, 59, 42), zone: 'local', host: 'vm', prog: 'postfix/smtpd', pid: 23730,
    msg: 'connect from unknown[192.0.2.1]',
  },
  {
    name: 'journalctl short-full, a zone without abbreviation is its offset',
    src: 'journalctl 252 -o short-full, TZ=America/Sao_Paulo',
    line: 'Sun 2026-11-29 02:59:42 -03 vm postfix/smtpd[23730]: connect from unknown[192.0.2.1]',
    at: local(2026, 11, 29, 2, 59, 42), zone: '-03:00', host: 'vm', prog: 'postfix/smtpd', pid: 23730,
    msg: 'connect from unknown[192.0.2.1]',
  },
  {
    name: 'journalctl short-full --utc',
    src: 'journalctl 252 --utc -o short-full',
    line: 'Sun 2026-11-29 05:59:35 UTC vm postfix/smtpd[23612]: connect from unknown[192.0.2.1]',
    at: local(2026, 11, 29, 5, 59, 35), zone: '+00:00', host: 'vm', prog: 'postfix/smtpd', pid: 23612,
    msg: 'connect from unknown[192.0.2.1]',
  },
  {
    name: 'journalctl short-unix: epoch seconds, read as UTC',
    src: 'journalctl 252 -o short-unix (the same line whatever TZ)',
    line: '1795931982.116177 vm postfix/smtpd[23730]: connect from unknown[192.0.2.1]',
    at: local(2026, 11, 29, 5, 59, 42, 116), zone: '+00:00', host: 'vm', prog: 'postfix/smtpd', pid: 23730,
    msg: 'connect from unknown[192.0.2.1]',
  },
  {
    name: 'multi-instance tag postfix-out/smtp',
    src: 'LINES.md §1 syslog-tag variants (Hsn723/postfix_exporter#249); message: corpus incident/maillog line 925',
    line: 'Nov 28 22:16:28 mail postfix-out/smtp[22054]: connect to 127.0.1.6[127.0.1.6]:25: Connection refused',
    at: local(2026, 11, 28, 22, 16, 28), zone: 'local', host: 'mail', prog: 'postfix-out/smtp', pid: 22054,
    msg: 'connect to 127.0.1.6[127.0.1.6]:25: Connection refused',
  },
];

for (const c of CASES) {
  test(`header: ${c.name} (${c.src})`, () => {
    const h = header(c.line);
    assert.equal(h.at, c.at, new Date(h.at).toISOString());
    assert.equal(h.zone, c.zone);
    assert.equal(h.host, c.host);
    assert.equal(h.prog, c.prog);
    assert.equal(h.pid, c.pid);
    assert.equal(c.line.slice(h.msgStart), c.msg);
  });
}

test('header: a line without a syslog prefix is refused', () => {
  const h = newHeader();
  const years = fixedYear(2026);
  // TAI64N stamps (daemontools) and bare text have no prefix we can read (LINES.md §1, fail2ban dovecot tests).
  assert.equal(parseHeader('@400000004c91b044077a9e94 imap-login: Info: Aborted login (auth failed, 1 attempts): user=<martin@waschbuesch.de>, method=CRAM-MD5, rip=80.187.101.33, lip=80.254.129.240, TLS', h, years, new Map()), false);
  assert.equal(parseHeader('', h, years, new Map()), false);
  assert.equal(parseHeader('Foo 28 22:13:19 mail postfix/smtpd[1]: connect from unknown[127.0.20.8]', h, years, new Map()), false);
  assert.equal(parseHeader('Nov 28 25:13:19 mail postfix/smtpd[1]: connect from unknown[127.0.20.8]', h, years, new Map()), false);
  assert.equal(parseHeader('Nov 28 22:13:19 mail', h, years, new Map()), false);
});

test('year rule: with --year every classic line of the file gets that year', () => {
  const years = fixedYear(2019);
  assert.equal(header('Jun  3 10:40:57 mail postfix/qmgr[1005]: 4AA091855DA0: removed', years).at, local(2019, 6, 3, 10, 40, 57));
  assert.equal(years.firstMonth, 5);
  assert.equal(years.firstYear, 2019);
});

test('year rule: a file that starts in December rolls over to the next year in January', () => {
  // The file's first classic line was on December 1, 2025.
  const years = fixedYear(2025);
  settleYearRule(years, 11, 1);
  // fail2ban tests/files/logs/postfix-sasl
  const dec = header('Dec  2 22:24:22 hel postfix/smtpd[7676]: warning: 114-44-142-233.dynamic.hinet.net[114.44.142.233]: SASL CRAM-MD5 authentication failed: PDc3OTEwNTkyNTEyMzA2NDIuMTIyODI1MzA2MUBoZWw+', years);
  assert.equal(dec.at, local(2025, 12, 2, 22, 24, 22));
  // fail2ban tests/files/logs/postfix-sasl
  const jan = header('Jan 29 08:11:45 mail postfix/smtpd[10752]: warning: unknown[1.1.1.1]: SASL LOGIN authentication failed: Password:', years);
  assert.equal(jan.at, local(2026, 1, 29, 8, 11, 45));
});

test('year rule: without --year the first line settles it from the file time (mtime)', () => {
  // The file was last modified in January 2026 and starts in December: that December is 2025.
  const years = newYearRule(2026, 0, false);
  const first = header('Dec 25 02:35:54 platypus postfix/smtpd[9144]: improper command pipelining after RSET from 173-10-140-217-BusName-washingtonDC.hfc.comcastbusiness.net[173.10.140.217]', years); // fail2ban tests/files/logs/postfix
  assert.equal(years.firstMonth, 11);
  assert.equal(years.firstYear, 2025);
  assert.equal(first.at, local(2025, 12, 25, 2, 35, 54));
  const next = header('Jan 12 11:07:49 emf1pt2-2-35-70 postfix/smtpd[13767]: improper command pipelining after DATA from unknown[181.21.131.88]:', years); // same file
  assert.equal(next.at, local(2026, 1, 12, 11, 7, 49));
  // A month not after the mtime's month keeps the mtime's year.
  const same = newYearRule(2026, 10, false);
  settleYearRule(same, 10, 28);
  assert.equal(same.firstYear, 2026);
});

test('header: journalctl short-full and short-unix look-alikes are refused', () => {
  const h = newHeader();
  const no = (line: string): void => assert.equal(parseHeader(line, h, fixedYear(2026), new Map()), false, line);
  no('Sun 2026-11-29 14:59:42+09:00 vm postfix/smtpd[23730]: connect from unknown[192.0.2.1]'); // an offset of its own
  no('Son 2026-11-29 14:59:42 JST vm postfix/smtpd[23730]: connect from unknown[192.0.2.1]'); // no English weekday
  no('Sun 2026-11-29 14:59:42 +9 vm postfix/smtpd[23730]: connect from unknown[192.0.2.1]'); // one digit
  no('Sun 2026-11-29 14:59:42 +2500 vm postfix/smtpd[23730]: connect from unknown[192.0.2.1]');
  no('Sun 2026-11-29 14:59:42  vm postfix/smtpd[23730]: connect from unknown[192.0.2.1]'); // no zone
  no('17959319.116177 vm postfix/smtpd[23730]: connect from unknown[192.0.2.1]'); // 8 digits: 1970
  no('17959319820.116177 vm postfix/smtpd[23730]: connect from unknown[192.0.2.1]'); // 11 digits
  no('1795931982.116177vm postfix/smtpd[23730]: connect from unknown[192.0.2.1]');
});

test('year rule: a short-full or short-unix first line settles it from its own date', () => {
  const full = fixedYear(2019);
  header('Sun 2026-11-29 14:59:42 JST vm postfix/smtpd[23730]: connect from unknown[192.0.2.1]', full);
  assert.deepEqual([full.firstYear, full.firstMonth, full.firstDay, full.iso], [2026, 10, 29, true]);
  const unix = fixedYear(2019);
  header('1795931982.116177 vm postfix/smtpd[23730]: connect from unknown[192.0.2.1]', unix);
  assert.deepEqual([unix.firstYear, unix.firstMonth, unix.firstDay, unix.iso], [2026, 10, 29, true]);
});

test('year rule: an RFC 3339 first line settles it from its own date, whatever --year says', () => {
  const years = fixedYear(2019);
  header('2026-12-31T23:59:28.617922+09:00 mail dovecot: master: Dovecot v2.3.19.1 (9b53102964) starting up for imap, pop3, lmtp (core dumps disabled)', years); // corpus incident/maillog.rfc3339 line 1, date changed
  assert.deepEqual([years.firstYear, years.firstMonth, years.firstDay, years.iso], [2026, 11, 31, true]);
  // A classic line after it (a logger switched formats) is placed from that date: January is 2027.
  assert.equal(header('Jan  1 00:00:02 mail postfix/smtpd[1]: connect from unknown[192.0.2.10]', years).at, local(2027, 1, 1, 0, 0, 2));
});

// D4 of the robustness review: lines of several writers (rsyslog and Postfix's maillog_file, merged logs) are out
// of order by seconds; across a month's end that is a month backwards, not the next year.
test('year rule: a line a little before the first one, across a month or year boundary, stays next to it', () => {
  const dec = newYearRule(2025, 11, false);
  // review-robust.md D4 (ooo.log)
  assert.equal(header('Dec  1 00:00:01 mail postfix/smtpd[101]: connect from unknown[192.0.2.1]', dec).at, local(2025, 12, 1, 0, 0, 1));
  assert.equal(header('Nov 30 23:59:59 mail postfix/smtpd[102]: connect from unknown[192.0.2.2]', dec).at, local(2025, 11, 30, 23, 59, 59));
  // Up to a month back is a reordering; the year still rolls over for January.
  assert.equal(header('Nov  1 00:00:00 mail postfix/smtpd[102]: connect from unknown[192.0.2.2]', dec).at, local(2025, 11, 1, 0, 0, 0));
  assert.equal(header('Jan  1 00:00:03 mail postfix/smtpd[103]: connect from unknown[192.0.2.3]', dec).at, local(2026, 1, 1, 0, 0, 3));
  assert.equal(header('Oct 30 00:00:00 mail postfix/smtpd[102]: connect from unknown[192.0.2.2]', dec).at, local(2026, 10, 30, 0, 0, 0));
  // A file that starts on January 1st with a late line of December 31st: that December is the year before.
  const jan = newYearRule(2026, 0, false);
  assert.equal(header('Jan  1 00:00:01 mail postfix/smtpd[101]: connect from unknown[192.0.2.1]', jan).at, local(2026, 1, 1, 0, 0, 1));
  assert.equal(header('Dec 31 23:59:59 mail postfix/smtpd[102]: connect from unknown[192.0.2.2]', jan).at, local(2025, 12, 31, 23, 59, 59));
  assert.equal(header('Dec  1 00:00:00 mail postfix/smtpd[102]: connect from unknown[192.0.2.2]', jan).at, local(2025, 12, 1, 0, 0, 0));
  assert.equal(header('Nov 30 23:59:59 mail postfix/smtpd[102]: connect from unknown[192.0.2.2]', jan).at, local(2026, 11, 30, 23, 59, 59));
});

// D11: Date.UTC overflow made "Nov 31" December 1st and "2026-02-30" March 2nd; "+25:99" was taken as a zone.
test('header: impossible dates and offsets are no timestamp (the line is unparsed)', () => {
  const h = newHeader();
  const no = (line: string, years = fixedYear(2026)): void => assert.equal(parseHeader(line, h, years, new Map()), false, line);
  // review-robust.md D11 (misc.log lines 17–19)
  no('Nov 31 10:00:15 mail postfix/smtpd[45]: connect from unknown[192.0.2.1]');
  no('2026-02-30T10:00:16+09:00 mail postfix/smtpd[45]: connect from unknown[192.0.2.1]');
  no('2026-11-28T10:00:17+25:99 mail postfix/smtpd[45]: connect from unknown[192.0.2.1]');
  no('2026-11-28T10:00:17+09:60 mail postfix/smtpd[45]: connect from unknown[192.0.2.1]');
  no('2026-04-31T10:00:17Z mail postfix/smtpd[45]: connect from unknown[192.0.2.1]');
  // February 29th exists in leap years only, for classic lines in the year the rule gives them.
  no('Feb 29 10:00:15 mail postfix/smtpd[45]: connect from unknown[192.0.2.1]');
  const leap = fixedYear(2028);
  no('Nov 31 10:00:15 mail postfix/smtpd[45]: connect from unknown[192.0.2.1]', leap);
  assert.equal(leap.firstMonth, -1, 'an impossible date does not settle the rule');
  assert.equal(header('Feb 29 10:00:15 mail postfix/smtpd[45]: connect from unknown[192.0.2.1]', leap).at, local(2028, 2, 29, 10, 0, 15));
  assert.equal(header('2028-02-29T10:00:16+09:00 mail postfix/smtpd[45]: connect from unknown[192.0.2.1]').at, local(2028, 2, 29, 10, 0, 16));
  assert.equal(header('2026-11-28T10:00:17-12:00 mail postfix/smtpd[45]: connect from unknown[192.0.2.1]').zone, '-12:00');
  assert.equal(header('Nov 30 10:00:15 mail postfix/smtpd[45]: connect from unknown[192.0.2.1]').at, local(2026, 11, 30, 10, 0, 15));
});

// D6 (part): a log received over the network and stored with its priority.
test('header: a syslog <PRI> prefix is skipped', () => {
  // RFC 3164 §5.4, example 1 (verbatim).
  const su = header("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8");
  assert.deepEqual([su.at, su.host, su.prog, su.pid], [local(2026, 10, 11, 22, 14, 15), 'mymachine', 'su', 0]);
  // review-robust.md D6: samples/bruteforce.log with "<22>" (mail.info) in front.
  const line = '<22>Nov 12 00:19:15 mail postfix/smtpd[71231]: connect from mail.client-a.co.jp[203.0.113.71]';
  const h = header(line);
  const plain = header(line.slice(4));
  assert.deepEqual({ ...h, msgStart: h.msgStart - 4, stampEnd: h.stampEnd - 4 }, plain);
  assert.equal(line.slice(h.msgStart), 'connect from mail.client-a.co.jp[203.0.113.71]');
  // rsyslog's forwarding template "<%PRI%>%TIMESTAMP:::date-rfc3339% %HOSTNAME% %syslogtag:1:32%…" (rsyslog
  // docs, templates examples, "ForwardFormat"); stamp and host of RFC 5424 §6.5 example 1, a Postfix tag.
  const iso = header('<165>2003-10-11T22:14:15.003Z mymachine.example.com postfix/smtpd[1]: connect from unknown[192.0.2.1]');
  assert.deepEqual([iso.at, iso.zone, iso.prog], [local(2003, 10, 11, 22, 14, 15, 3), '+00:00', 'postfix/smtpd']);
  const h2 = newHeader();
  for (const bad of ['<>Nov 12 00:19:15 mail postfix/smtpd[1]: x', '<1234>Nov 12 00:19:15 mail postfix/smtpd[1]: x', '<22 Nov 12 00:19:15 mail postfix/smtpd[1]: x', '<22>']) {
    assert.equal(parseHeader(bad, h2, fixedYear(2026), new Map()), false, bad);
  }
});

// review 7, parsers L10: `docker compose logs -t` output (docker-mailserver#3292, LINES.md §1, verbatim), the same
// without -t (the wrapper's stamp cut out) and `docker logs -t` (no service name): the syslog line inside is read.
test('header: the docker compose "service  | " wrapper and docker\'s own stamp are skipped', () => {
  const inner = 'Apr 26 00:52:49 mail postfix/qmgr[938]: 266DB1A36D6: removed';
  const want = header(inner);
  // The inner stamp is the time (the server's local time, as on every other line). Docker's stamp, when it is
  // the file's first date, gives the year as any RFC 3339 line does: 2023 here, whatever --year says.
  for (const [line, year] of [
    ['mailserver  | 2023-04-25T22:52:49.512347648Z Apr 26 00:52:49 mail postfix/qmgr[938]: 266DB1A36D6: removed', 2023],
    [`mailserver  | ${inner}`, 2026],
    [`2023-04-25T22:52:49.512347648Z ${inner}`, 2023],
    [`mail_server-1.x | ${inner}`, 2026],
  ] as const) {
    const h = header(line, fixedYear(2026));
    const cut = line.length - inner.length;
    assert.deepEqual([h.at, h.zone, h.host, h.prog, h.pid, line.slice(h.msgStart)], [local(year, 4, 26, 0, 52, 49), want.zone, 'mail', 'postfix/qmgr', 938, '266DB1A36D6: removed'], line);
    assert.equal(h.stampEnd, want.stampEnd + cut, line);
  }
  // An RFC 3339 line inside the wrapper keeps its own zone.
  const iso = header('mailserver  | 2026-11-28T22:15:28.617922+09:00 mail postfix/smtpd[1830]: connect from unknown[192.0.2.1]');
  assert.deepEqual([iso.zone, iso.prog, iso.pid], ['+09:00', 'postfix/smtpd', 1830]);
  // docker-mailserver's supervisord writes its own lines in the same wrapper (find_string id 3635287726): no syslog line.
  const h = newHeader();
  for (const bad of [
    'mailserver  | 2023-07-13 07:10:59,539 WARN received SIGTERM indicating exit request',
    'mailserver  | [  ERROR  ]  Shutting down',
    'mailserver | ',
    '| Apr 26 00:52:49 mail postfix/qmgr[938]: 266DB1A36D6: removed',
    'mailserver  |Apr 26 00:52:49 mail postfix/qmgr[938]: 266DB1A36D6: removed',
  ]) assert.equal(parseHeader(bad, h, fixedYear(2026), new Map()), false, bad);
});

// review 7, parsers L10: sysklogd's repeat line has a host and no tag (LINES.md §1 #32; the reviewer's line, and
// public lines found with find_string: id 7100572249, id 44444791639).
test('header: sysklogd "last message repeated N times" has a header; its program is SYSLOG_REPEAT_PROG', () => {
  for (const [line, host] of [
    ['Nov 28 22:15:30 mail last message repeated 3 times', 'mail'],
    ['Mar 19 14:01:07 jyro last message repeated 2 times', 'jyro'],
    ['Apr  6 13:44:29 herakleion last message repeated 3 times', 'herakleion'],
  ] as const) {
    const h = header(line);
    assert.deepEqual([h.host, h.prog, h.pid, line.slice(h.msgStart, h.msgStart + 22)], [host, SYSLOG_REPEAT_PROG, 0, 'last message repeated '], line);
    assert.equal(parserFor(h.prog), null);
  }
  // Other tagless texts stay without a header.
  assert.equal(parseHeader('Nov 28 22:15:30 mail last login repeated 3 times', newHeader(), fixedYear(2026), new Map()), false);
  assert.equal(parseHeader('Nov 28 22:15:30 mail lastmessage repeated 3 times', newHeader(), fixedYear(2026), new Map()), false);
});

interface TagCase { prog: string; src: string; line: string; ours: boolean }

const TAGS: TagCase[] = [
  { prog: 'postfix/smtpd', ours: true, src: 'corpus healthy/maillog line 4', line: 'Nov 28 22:13:19 mail postfix/smtpd[21271]: connect from unknown[127.0.20.8]' },
  { prog: 'postfix/submission/smtpd', ours: true, src: 'corpus healthy/maillog line 36', line: 'Nov 28 22:13:20 mail postfix/submission/smtpd[21283]: connect from unknown[127.0.12.34]' },
  { prog: 'postfix/smtps/smtpd', ours: true, src: 'LINES.md §3 #1 (fail2ban#1592)', line: 'Oct 24 06:58:51 taken postfix/smtps/smtpd[25795]: connect from unknown[62.4.15.68]' },
  { prog: 'postfix-incoming/smtpd', ours: true, src: 'fail2ban tests/files/logs/postfix-rbl', line: 'Dec 30 18:19:15 xxx postfix-incoming/smtpd[1574]: NOQUEUE: reject: RCPT from badguy.example.com[93.184.216.34]: 454 4.7.1 Service unavailable; Client host [93.184.216.34] blocked using rbl.example.com; http://www.example.com/query?ip=93.184.216.34; from=<spammer@example.com> to=<goodguy@example.com> proto=ESMTP helo=<badguy.example.com>' },
  { prog: 'dovecot', ours: true, src: 'corpus healthy/maillog line 12', line: 'Nov 28 22:13:19 mail dovecot: lmtp(21281): Connect from local' },
  { prog: 'dovecot', ours: true, src: 'fail2ban tests/files/logs/dovecot', line: 'Jul 02 13:49:32 hostname dovecot[442]: pop3-login: Disconnected (no auth attempts in 58 secs): user=<>, rip=192.51.100.13, lip=203.0.113.17, session=<LgDINsQCkttVIMPg>' },
  { prog: 'postfix/postfix-script', ours: true, src: 'corpus healthy/maillog line 2', line: 'Nov 28 22:13:18 mail postfix/postfix-script[21245]: starting the Postfix mail system' },
  // OpenDKIM's lines are read since review AF (parse/auth-milters.ts): its decision joins the message by queue ID.
  { prog: 'opendkim', ours: true, src: 'opendkim.c "%s: %s field added (s=%s, d=%s)"', line: 'Nov 28 22:17:01 mail opendkim[5]: E5342160671: DKIM-Signature field added (s=mail, d=example.jp)' },
  // amavis's lines are read since review AF rest (parse/signing-filters.ts): its verdict joins the message it gave back.
  { prog: 'amavis', ours: true, src: 'LINES.md §3 #31 (Lightmeter 6_deferred_message_retry.log)', line: 'Nov 28 22:17:01 mail amavis[25465]: (25465-19) Passed CLEAN {RelayedOpenRelay}, [68.183.218.8]:34872 <a@example.com> -> <b@example.net>, Queue-ID: 78E8330001C7, queued_as: A17F830001CA, 92 ms' },
  // Non-mail programs share the mail log on many systems; they are ignored, not unparsed. The message texts are
  // those the daemons print (cron's "(user) CMD (…)", sshd's "Accepted publickey for …", clamd's scan result);
  // the prefixes are the corpus server's.
  { prog: 'CRON', ours: false, src: 'cron(8) message shape', line: 'Nov 28 22:17:01 mail CRON[123]: (root) CMD (   cd / && run-parts --report /etc/cron.hourly)' },
  { prog: 'sshd', ours: false, src: 'sshd message shape', line: 'Nov 28 22:17:01 mail sshd[1]: Accepted publickey for root from 192.0.2.5 port 50522 ssh2: ED25519 SHA256:abc' },
  { prog: 'clamd', ours: false, src: 'clamd(8) message shape', line: 'Nov 28 22:17:01 mail clamd[912]: /var/lib/amavis/tmp/amavis-20261128T221701-25465/parts/p002: Eicar-Signature FOUND' },
];

for (const c of TAGS) {
  test(`tag ${c.prog} → ${c.ours ? 'a parser' : 'ignored'} (${c.src})`, () => {
    const h = header(c.line);
    assert.equal(h.prog, c.prog);
    const p = parserFor(h.prog);
    if (!c.ours) {
      assert.equal(p, null);
      return;
    }
    assert.ok(p, 'a Postfix or Dovecot tag has a parser');
    assert.notEqual(p(c.line, h.msgStart), null, 'and the parser understands the line');
  });
}

test('tags: the relay transport and multi-instance names reach the delivery parser', () => {
  for (const prog of ['postfix/smtp', 'postfix-out/smtp', 'postfix/relay/smtp', 'postfix-mx/content-filter/smtp', 'postfix/lmtp']) {
    const p = parserFor(prog);
    assert.ok(p, prog);
    // grok test/smtp_0033.yaml message.
    const line = 'Nov 28 22:16:58 mail ' + prog + '[22080]: 745137AA: lost connection with hotmail-com.olc.protection.outlook.com[104.47.55.161] while sending RCPT TO';
    const h = header(line);
    assert.equal(h.prog, prog);
    assert.deepEqual(p(line, h.msgStart), {
      kind: 'remoteSaid', qid: '745137AA', host: 'hotmail-com.olc.protection.outlook.com', ip: '104.47.55.161',
      text: 'lost connection with hotmail-com.olc.protection.outlook.com[104.47.55.161] while sending RCPT TO',
    });
  }
  assert.equal(parserFor('postfixadmin'), null);
  assert.equal(parserFor('dovecotish'), null);
});
