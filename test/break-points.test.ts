// render/break-points.ts (review AH): where report.html's and compare.html's table cells may break an address, a host
// name, an IPv6 address or a path: a <wbr> after "@", before a name's ".", after "-" and "/", after an IPv6 ":".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { breakPoints, htmlWithBreaks, longestUnbroken } from '../src/render/break-points.js';
import { breakableCell, esc } from '../src/render/html.js';

/** `s` with "|" at each break point. */
function shown(s: string): string {
  let out = '';
  let last = 0;
  for (const p of breakPoints(s)) { out += `${s.slice(last, p)}|`; last = p; }
  return out + s.slice(last);
}

test('addresses from the samples: after "@", before each "." of the domain, after a "-"', () => {
  assert.equal(shown('user8176@gmail.com'), 'user8176@|gmail|.com');
  assert.equal(shown('takahashi@example.jp'), 'takahashi@|example|.jp');
  assert.equal(shown('no-reply9530@rakuten.co.jp'), 'no-|reply9530@|rakuten|.co|.jp');
  assert.equal(shown('account9213@smbc-card.com'), 'account9213@|smbc-|card|.com');
  assert.equal(shown('0106019363a1b2c3-d4e5f607@ap-northeast-1.amazonses.com'), '0106019363a1b2c3-|d4e5f607@|ap-|northeast-|1|.amazonses|.com');
  // A dotted local part breaks like a name.
  assert.equal(shown('taro.yamada@example.co.jp'), 'taro|.yamada@|example|.co|.jp');
});

test('host names: before each "." and after each "-"', () => {
  assert.equal(shown('gmail-smtp-in.l.google.com'), 'gmail-|smtp-|in|.l|.google|.com');
  assert.equal(shown('mail-tycjpn01on2041.outbound.protection.outlook.com'), 'mail-|tycjpn01on2041|.outbound|.protection|.outlook|.com');
  assert.equal(shown('mail139.suw11.mcdlv.net'), 'mail139|.suw11|.mcdlv|.net');
  assert.equal(shown('a48-94.smtp-out.amazonses.com'), 'a48-|94|.smtp-|out|.amazonses|.com');
  // In a reason: the host before "[IP]", the name after "name=".
  assert.equal(shown('lost connection with gmail-smtp-in.l.google.com[IP] while'), 'lost connection with gmail-|smtp-|in|.l|.google|.com[IP] while');
  assert.equal(shown('name=account-verify.top type=A'), 'name=account-|verify|.top type=A');
});

test('IPv6 addresses: after each ":", a "::" kept together; IPv4 addresses, times, dates and numbers stay whole', () => {
  assert.equal(shown('2001:db8:85a3::8a2e:370:7334'), '2001:|db8:|85a3::|8a2e:|370:|7334');
  assert.equal(shown('2001:0db8:0000:0000:0000:0000:0000:0001'), '2001:|0db8:|0000:|0000:|0000:|0000:|0000:|0001');
  assert.equal(shown('fe80::1ff:fe23:4567:890a%eth0'), 'fe80::|1ff:|fe23:|4567:|890a%eth0');
  assert.equal(shown('IPv6:2001:db8::25'), 'IPv6:|2001:|db8::|25');
  for (const whole of ['203.0.113.250', '198.51.100.137', '22:16:04', '2026-11-28', '2026-11-28 22:16:04', '1,234,567.5', '53.3%', 'deferred', 'A1B2C3D4E5F']) {
    assert.deepEqual(breakPoints(whole), [], whole);
  }
});

test('paths and URLs: after each "/" inside the word, not the one it starts with nor between two', () => {
  // ".1" is no name: a file's number stays with it.
  assert.equal(shown('/var/log/mail/maillog.1'), '/var/|log/|mail/|maillog.1');
  assert.equal(shown('https://mail.example.jp/help'), 'https://|mail|.example|.jp/|help');
  assert.equal(shown('IMAP/POP3'), 'IMAP/|POP3');
});

test('short words and prose are left alone', () => {
  for (const s of ['a@b.jp', 'e.g. 5', 'sent as the compromised account', 'password guessing', 'IMAP/POP3 でのパスワードの推測']) {
    assert.equal(shown(s).replace(/\|/g, '') === s, true);
  }
  assert.deepEqual(breakPoints('a@b.jp'), []);
  assert.deepEqual(breakPoints('sent as the compromised account'), []);
});

test('in a cell\'s HTML: <wbr>s between characters, tags and entities left whole, the address copied as it is', () => {
  const cell = htmlWithBreaks(esc('account172@paypal.com, tanaka@example.jp & "x-y@z.example"'));
  assert.equal(cell.html, 'account172@<wbr>paypal<wbr>.com, tanaka@<wbr>example<wbr>.jp &amp; &quot;x-<wbr>y@<wbr>z<wbr>.example&quot;');
  // Copy-paste: the text without the <wbr>s is the text.
  assert.equal(cell.html.replace(/<wbr>/g, ''), esc('account172@paypal.com, tanaka@example.jp & "x-y@z.example"'));
  assert.equal(htmlWithBreaks('<code>/var/log/maillog</code>:716').html, '<code>/var/<wbr>log/<wbr>maillog</code>:716');
  assert.equal(htmlWithBreaks('<strong>mail.example.jp</strong>').html, '<strong>mail<wbr>.example<wbr>.jp</strong>');
  // A word across tags: "&lt;user@example.jp&gt;".
  assert.equal(htmlWithBreaks('&lt;card6520@amazon.co.jp&gt;').html, '&lt;card6520@<wbr>amazon<wbr>.co<wbr>.jp&gt;');
});

test('a run of more than 16 characters with no place to break is a span.unbroken (CSS may break it anywhere), an IPv4 address is not', () => {
  assert.equal(longestUnbroken('user8176@gmail.com'), 9);
  assert.equal(longestUnbroken('IMAP/POP3 でのパスワードの推測'), 5);
  // A browser breaks after a hyphen before a letter by itself.
  assert.equal(longestUnbroken('authentication-failures'), 15);
  assert.equal(longestUnbroken('x'.repeat(50)), 50);
  assert.equal(breakableCell(esc('mail-tycjpn01on2041.outbound.protection.outlook.com'), 'host'),
    '<td class="host">mail-<wbr>tycjpn01on2041<wbr>.outbound<wbr>.protection<wbr>.outlook<wbr>.com</td>');
  assert.equal(breakableCell('203.0.113.250, 211.131.126.172', ''), '<td>203.0.113.250, 211.131.126.172</td>');
  const token = 'dGhpcyBpcyBhIGxvbmcgYmFzZTY0IHRva2VuIHdpdGggbm8gYnJlYWs';
  assert.equal(breakableCell(`HELO ${token} &amp; more`, 'long'), `<td class="long">HELO <span class="unbroken">${token}</span> &amp; more</td>`);
  assert.equal(breakableCell(esc('notifications8176@example-bank.co.jp'), ''),
    '<td><span class="unbroken">notifications8176@</span><wbr>example-<wbr>bank<wbr>.co<wbr>.jp</td>');
  // Across a tag: the whole cell.
  assert.equal(breakableCell(`<strong>${token.slice(0, 10)}</strong>${token}`, ''), `<td class="unbroken"><strong>${token.slice(0, 10)}</strong>${token}</td>`);
  assert.equal(breakableCell('plain words', ''), '<td>plain words</td>');
});
