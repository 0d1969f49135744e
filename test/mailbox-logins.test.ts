// Successful IMAP/POP3 logins per user and IP: counts, first and last time, and the earliest line, the same
// whatever order the parts of a split log are merged in.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addMailboxLogin, mergeMailboxLogins } from '../src/aggregate/mailbox-logins.js';
import type { Example, MailboxLoginRow } from '../src/types.js';

type Logins = Map<string, Map<string, MailboxLoginRow>>;

const line = (offset: number, ip: string, protocol: string): Example => ({
  file: 0, line: offset / 100, offset,
  text: `Nov 25 23:52:31 mail dovecot: ${protocol}-login: Login: user=<info@example.jp>, method=PLAIN, rip=${ip}, lip=203.0.113.25`,
});

/** Logins [offset, ip, protocol, at] into a new table. */
function table(rows: Array<[number, string, string, number]>): Logins {
  const t: Logins = new Map();
  for (const [offset, ip, protocol, at] of rows) addMailboxLogin(t, 'info@example.jp', ip, protocol, at, 1, () => line(offset, ip, protocol));
  return t;
}

test('logins are counted per user and IP, with the first and last time and the first line', () => {
  const t = table([[100, '198.51.100.40', 'imap', 1000], [200, '177.138.12.246', 'imap', 2000], [300, '198.51.100.40', 'pop3', 3000]]);
  const office = t.get('info@example.jp')!.get('198.51.100.40')!;
  assert.deepEqual({ ...office, example: office.example!.offset }, { logins: 2, firstAt: 1000, lastAt: 3000, protocol: 'imap', example: 100 });
  assert.equal(t.get('info@example.jp')!.get('177.138.12.246')!.logins, 1);
});

test('merging the parts of a split log gives the rows of the whole, in either order of parts', () => {
  const all: Array<[number, string, string, number]> = [
    [100, '198.51.100.40', 'imap', 1000], [200, '177.138.12.246', 'pop3', 2000], [300, '198.51.100.40', 'imap', 3000], [400, '177.138.12.246', 'imap', 4000],
  ];
  const whole = table(all);
  const show = (t: Logins): unknown => [...t.get('info@example.jp')!].map(([ip, r]) => [ip, r.logins, r.firstAt, r.lastAt, r.protocol, r.example!.offset]).sort();
  for (const cut of [1, 2, 3]) {
    const a = table(all.slice(0, cut));
    mergeMailboxLogins(a, table(all.slice(cut)));
    assert.deepEqual(show(a), show(whole), `cut at ${cut}`);
    const b = table(all.slice(cut));
    mergeMailboxLogins(b, table(all.slice(0, cut)));
    assert.deepEqual(show(b), show(whole), `cut at ${cut}, later part first`);
  }
});
