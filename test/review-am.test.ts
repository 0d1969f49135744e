// Review AM, AM3, AM4, AM5 and AM9: the DMARC report address to create, the csv files cut at --top, the Dovecot
// failure files' descriptions, and the port of the connection failures.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from './helpers.js';
import { renderCsv } from '../src/render/csv.js';
import { folderWords } from '../src/i18n/folder.js';

const dir = mkdtempSync(join(tmpdir(), 'review-am-'));

test('AM9: connection failures have the port in a `port` field and column, no `dsn` (the line has no DSN)', async () => {
  // maillog:925 of the corpus incident: "connect to 127.0.1.6[127.0.1.6]:25: Connection refused".
  const path = join(dir, 'connect.log');
  writeFileSync(path, [
    'Nov 28 22:10:00 mail postfix/smtp[22054]: connect to 127.0.1.6[127.0.1.6]:25: Connection refused',
    'Nov 28 22:10:01 mail postfix/smtp[22054]: connect to 127.0.1.6[127.0.1.6]:25: Connection refused',
    'Nov 28 22:10:02 mail postfix/smtp[22055]: connect to 127.0.1.7[127.0.1.7]:587: Connection timed out',
  ].join('\n') + '\n');
  const r = await report([path], { year: 2026 });
  assert.deepEqual(r.connectFailureReasons.map((x) => ({ ...x, example: x.example?.line })), [
    { reason: 'Connection refused', count: 2, port: '25', example: 1 },
    { reason: 'Connection timed out', count: 1, port: '587', example: 3 },
  ]);
  const csv = String(renderCsv(r).find((f) => f.path === 'csv/connectFailureReasons.csv')!.content).split('\r\n');
  assert.equal(csv[0], '\uFEFFreason,count,port,exampleFile,exampleLine,exampleText');
  assert.equal(csv[1], 'Connection refused,2,25,connect.log,1,Nov 28 22:10:00 mail postfix/smtp[22054]: connect to 127.0.1.6[127.0.1.6]:25: Connection refused');
  // The other reasons tables keep their dsn column.
  const rejects = String(renderCsv(r).find((f) => f.path === 'csv/rejectReasons.csv')!.content);
  assert.equal(rejects.split('\r\n')[0], '\uFEFFreason,count,dsn,exampleFile,exampleLine,exampleText');
});

test('AM5: the Dovecot failure files are every login Dovecot refused, SMTP AUTH through Postfix included, not IMAP/POP3 only', () => {
  const en = folderWords('en').csv;
  const ja = folderWords('ja').csv;
  assert.equal(en.dovecotAuthFailuresByUser, 'logins Dovecot refused (SMTP AUTH through Postfix, and IMAP/POP3) by user name tried');
  assert.equal(en.dovecotAuthFailuresByIp, 'logins Dovecot refused (SMTP AUTH through Postfix, and IMAP/POP3) by client IP');
  assert.equal(ja.dovecotAuthFailuresByUser, 'Dovecot が拒否したログイン（Postfix 経由の SMTP AUTH と IMAP/POP3。試されたユーザー名ごと）');
  assert.equal(ja.dovecotAuthFailuresByIp, 'Dovecot が拒否したログイン（Postfix 経由の SMTP AUTH と IMAP/POP3。接続元 IP ごと）');
});
