// Review AO, AO9: the SASL users table's "AUTH failures" counts every failed SMTP login with the user's name, the
// password-guessing bots' tries included (review AO's busy MX: tanaka@example.jp 18, every one from bot IPs that never
// logged in). The table now says so under it, so that nobody asks tanaka@ about a misconfigured client.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderMarkdown } from '../src/render/markdown.js';
import { ROOT, markdownSection, report } from './helpers.js';

test('AO9: samples/incident.log, the SASL users table has AUTH failures and the note on whose they are (en, ja)', async () => {
  for (const [lang, heading, words] of [
    ['en', 'SASL users', 'the password-guessing bots\' tries of that name included'],
    ['ja', 'SASL ユーザー', 'その名前を試したパスワード推測のボットの失敗も含むため'],
  ] as const) {
    const r = await report([join(ROOT, 'samples', 'incident.log')], { year: 2026, lang });
    // info@example.jp's row counts the guessers' failures: `grep -c 'authentication failed.*sasl_username=info@example.jp'` 91.
    assert.equal(r.bySaslUser.find((u) => u.key === 'info@example.jp')?.authFailures, 91);
    assert.ok(markdownSection(renderMarkdown(r), heading).includes(words), lang);
  }
});

test('AO9: no note when no login of the table failed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ao9-'));
  const path = join(dir, 'maillog');
  writeFileSync(path, [
    'Dec  1 09:00:00 mail postfix/submission/smtpd[2001]: connect from pc1.example.jp[198.51.100.40]',
    'Dec  1 09:00:01 mail postfix/submission/smtpd[2001]: 4A1B2C3D4E: client=pc1.example.jp[198.51.100.40], sasl_method=PLAIN, sasl_username=sato@example.jp',
    'Dec  1 09:00:01 mail postfix/cleanup[2002]: 4A1B2C3D4E: message-id=<1@example.jp>',
    'Dec  1 09:00:01 mail postfix/qmgr[1000]: 4A1B2C3D4E: from=<sato@example.jp>, size=1200, nrcpt=1 (queue active)',
    'Dec  1 09:00:02 mail postfix/submission/smtpd[2001]: disconnect from pc1.example.jp[198.51.100.40] ehlo=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=6',
    'Dec  1 09:00:03 mail postfix/smtp[2003]: 4A1B2C3D4E: to=<a@example.net>, relay=mx.example.net[192.0.2.9]:25, delay=2, delays=0.1/0/0.5/1.4, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 9F8E7D)',
    'Dec  1 09:00:03 mail postfix/qmgr[1000]: 4A1B2C3D4E: removed',
  ].join('\n') + '\n');
  const r = await report([path], { year: 2026 });
  assert.deepEqual(r.bySaslUser.map((u) => [u.key, u.messages, u.authFailures]), [['sato@example.jp', 1, 0]]);
  const section = markdownSection(renderMarkdown(r), 'SASL users');
  assert.ok(section.includes('"Deferred at last try"'), 'the table is there');
  assert.ok(!section.includes('"AUTH failures"'), section);
});
