// The thirty-eighth session's cuts of the scan's garbage (docs/performance.md): each answers as the code it replaced.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseClientAt, sliceKnown, startsAt } from '../src/parse/fields.js';
import type { ClientAddr } from '../src/types.js';
import { parseSmtpd } from '../src/parse/postfix/smtpd.js';
import { domainRowOf, keepDomainRow, newDomainRows } from '../src/aggregate/domain-rows.js';
import { newSmtpdSessions, sessionConnect, sessionDisconnect, sessionHandover, sessionWarnings } from '../src/aggregate/smtpd-sessions.js';
import { newLineContext } from '../src/aggregate/context.js';
import type { AuthRefused } from '../src/aggregate/auth-refused.js';

test('startsAt and sliceKnown compare in place and answer as slice + === did, at every index', () => {
  const lines = ['warning: unknown[192.0.2.1]: SASL LOGIN', 'status=deferred (x)', 'ab', ''];
  const words = ['warning: ', 'unknown', 'LOGIN', 'status=', 'deferred', 'ab', 'b', ''];
  for (const s of lines) {
    for (let at = -3; at <= s.length + 3; at++) {
      for (const w of words) assert.equal(startsAt(s, w, at), s.slice(at, at + w.length) === w, `${JSON.stringify(s)} ${w} ${at}`);
      for (let to = at - 1; to <= s.length + 2; to++) {
        const got = sliceKnown(s, at, to, words);
        assert.equal(got, s.slice(at, to), `${JSON.stringify(s)} ${at}..${to}`);
      }
    }
  }
  // A known word comes back as the constant itself (one string shared by every line), not as a new one.
  const line = 'warning: unknown[192.0.2.1]: SASL LOGIN';
  const words2 = ['unknown'.split('').join('')];
  assert.ok(Object.is(sliceKnown(line, 9, 16, words2), words2[0]));
});

test('the smtpd disconnect counters: auth ok/tried and commands, "auth=1" all ok', () => {
  const ev = parseSmtpd('disconnect from unknown[192.0.2.2] ehlo=1 auth=0/1 rset=1 quit=1 commands=3/4', 0, 'smtpd');
  assert.deepEqual(ev, { kind: 'disconnect', service: 'smtpd', client: { name: 'unknown', ip: '192.0.2.2' }, authOk: 0, authTried: 1, commands: 4 });
  const ok = parseSmtpd('disconnect from x.example[192.0.2.3] ehlo=1 auth=1 mail=1 quit=1 commands=4', 0, 'smtpd');
  assert.ok(ok !== null && ok.kind === 'disconnect');
  assert.deepEqual([ok.authOk, ok.authTried, ok.commands], [1, 1, 4]);
});

test('a client named again gets the object of its last line while it keeps its slot; another client its own', () => {
  const box: { client: ClientAddr } = { client: { name: '', ip: '' } };
  const at = (s: string): ClientAddr => { assert.ok(parseClientAt(s, 0, box) > 0); return box.client; };
  const a = at('unknown[192.0.2.7]');
  const b = at('unknown[192.0.2.7]:4123');
  assert.equal(a, b);
  const c = at('mail.example.org[192.0.2.7]');
  assert.notEqual(c, a);
  assert.deepEqual(c, { name: 'mail.example.org', ip: '192.0.2.7' });
  const d = at('unknown[198.51.100.9]');
  assert.deepEqual(d, { name: 'unknown', ip: '198.51.100.9' });
  assert.deepEqual(at('unknown[]'), { name: 'unknown', ip: '' });
});

test('the recipient domains kept: found as written, the oldest replaced past 16, "" for an address without a domain', () => {
  const c = newDomainRows<number>();
  const add = (to: string, row: number): void => {
    const at = to.lastIndexOf('@');
    assert.equal(domainRowOf(c, to, at), null);
    keepDomainRow(c, to, at, row);
  };
  for (let i = 0; i < 20; i++) add(`u${i}@d${i}.example`, i);
  for (let i = 0; i < 20; i++) {
    const to = `other@d${i}.example`;
    assert.equal(domainRowOf(c, to, to.lastIndexOf('@')), i < 4 ? null : i, `domain ${i}`);
  }
  assert.equal(domainRowOf(c, 'x@D5.example', 1), null); // as written: the caller's row for it is the map's own
  add('postmaster', 99);
  assert.equal(domainRowOf(c, 'root@', 4), 99); // no domain either way: domainOf's ''
});

test('smtpd sessions closed and opened again by one process: only the open ones are handed over', () => {
  const s = newSmtpdSessions();
  const ctx = newLineContext(0);
  const into: AuthRefused = new Map();
  sessionConnect(s, 'mail', 'smtpd', 10);
  sessionWarnings(s, 'mail', 'smtpd', 10, 1);
  sessionDisconnect(s, 'mail', 'smtpd', 10, '192.0.2.1', 3, 0, 1000, ctx, into); // 3 tried, 1 warning: 2 refused
  sessionConnect(s, 'mail', 'smtpd', 11);
  sessionConnect(s, 'mail', 'smtpd', 10);
  sessionWarnings(s, 'mail', 'smtpd', 10, 2);
  const h = sessionHandover(s);
  assert.deepEqual(new Map(h.openKeys.map((k, i) => [k, h.openWarnings[i]])), new Map([['mail\u0000smtpd\u000010', 2], ['mail\u0000smtpd\u000011', 0]]));
  assert.deepEqual(h.heads, []);
  assert.equal(into.get('smtpd')?.ips.get('192.0.2.1'), 2);
  // A disconnect after the process's session is closed is no session's: nothing counted for it.
  sessionDisconnect(s, 'mail', 'smtpd', 11, '192.0.2.2', 1, 0, 2000, ctx, into);
  sessionDisconnect(s, 'mail', 'smtpd', 11, '192.0.2.2', 5, 0, 3000, ctx, into);
  assert.equal(into.get('smtpd')?.ips.get('192.0.2.2'), 1);
  assert.deepEqual(sessionHandover(s).openKeys, ['mail\u0000smtpd\u000010']);
});
