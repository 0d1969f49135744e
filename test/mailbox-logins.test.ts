// Successful IMAP/POP3 logins per user and IP: counts, first and last time, and the earliest line, the same
// whatever order the parts of a split log are merged in.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addMailboxLogin, foldProxiedLogins, mergeMailboxLogins } from '../src/aggregate/mailbox-logins.js';
import { newAggregate } from '../src/aggregate/create.js';
import { mergeAggregates } from '../src/aggregate/merge.js';
import type { Aggregate, Example, MailboxLoginRow } from '../src/types.js';

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
  assert.deepEqual({ ...office, example: office.example!.offset }, {
    logins: 2, lips: '', others: 'pop3 ', othersN: 1, proxied: 0, via: '', firstAt: 1000, lastAt: 3000, protocol: 'imap', example: 100,
  });
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

// Review R, R6: a login proxy's lines and its backends' "Login:" lines, counted apart and taken together after the
// scan (foldProxiedLogins): per protocol, the proxied sessions and the backend's lines of them once, less a proxy's own
// connections to a backend that does not trust it (review T, F4/F5).
test('a proxy\'s and its backend\'s lines of a pair fold to the same rows at every cut, in either order of parts', () => {
  type Login = [offset: number, ip: string, lip: string, backend: string];
  const all: Login[] = [
    [100, '101.82.15.105', '10.0.0.5', '10.0.0.6'], // proxy(info@example.jp): started proxying to 10.0.0.6:143 … rip=101.82.15.105, lip=10.0.0.5
    [200, '10.0.0.5', '10.0.0.6', ''], // the backend, not trusting 10.0.0.5: Login: … rip=10.0.0.5, lip=10.0.0.6
    [300, '101.82.15.105', '10.0.0.5', '10.0.0.6'],
    [400, '10.0.0.5', '10.0.0.6', ''],
    [500, '10.0.0.5', '10.0.0.5', ''], // a login at the proxy host's own address: no backend's, kept
    [600, '198.51.100.40', '10.0.0.6', ''], // through a second proxy, 10.0.0.4, that the backend trusts: the client's rip
    [700, '198.51.100.40', '10.0.0.4', '10.0.0.6'],
    [800, '198.51.100.40', '10.0.0.6', ''], // … and once straight to the backend
  ];
  const part = (rows: Login[]): Aggregate => {
    const agg = newAggregate();
    for (const [offset, ip, lip, backend] of rows) {
      addMailboxLogin(agg.mailboxLogins, 'info@example.jp', ip, 'imap', offset, 1, () => line(offset, ip, 'imap'), lip, backend);
      const k = 'imap info@example.jp';
      if (backend !== '') {
        agg.dovecotProxyLoginsByUser.set(k, (agg.dovecotProxyLoginsByUser.get(k) ?? 0) + 1);
        agg.loginProxies.addrs.add(lip);
      } else {
        agg.dovecotLoginsByUser.set(k, (agg.dovecotLoginsByUser.get(k) ?? 0) + 1);
        agg.totals.dovecotLogins++;
      }
    }
    return agg;
  };
  const show = (agg: Aggregate): unknown => {
    foldProxiedLogins(agg);
    return {
      rows: [...agg.mailboxLogins.get('info@example.jp')!].map(([ip, r]) => [ip, r.logins, r.firstAt, r.lastAt, r.example!.offset]).sort(),
      user: agg.dovecotLoginsByUser.get('imap info@example.jp'), total: agg.totals.dovecotLogins,
    };
  };
  const whole = show(part(all));
  // 2 through the proxy, 1 at the proxy host, 2 from the trusted client (its second "Login:" line without a proxy line).
  assert.deepEqual(whole, {
    rows: [['10.0.0.5', 1, 200, 500, 200], ['101.82.15.105', 2, 100, 300, 100], ['198.51.100.40', 2, 600, 800, 600]], user: 5, total: 5,
  });
  for (let cut = 1; cut < all.length; cut++) {
    const a = part(all.slice(0, cut));
    assert.deepEqual(show(mergeAggregates(a, part(all.slice(cut)))), whole, `cut at ${cut}`);
    const b = part(all.slice(cut));
    assert.deepEqual(show(mergeAggregates(b, part(all.slice(0, cut)))), whole, `cut at ${cut}, later part first`);
  }
});
