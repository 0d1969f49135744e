// A delivery agent's status line that repeats the previous attempt for another recipient is not parsed again
// (parse/postfix/delivery.ts sameAttempt): its event must be, field for field, the one the parser gives.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newHeader, newYearRule, parseHeader } from '../src/parse/header.js';
import { isDeliveryParser, parserFor } from '../src/parse/programs.js';
import type { LastAttempt } from '../src/parse/postfix/delivery.js';
import { lastAttemptOf, sameAttempt } from '../src/parse/postfix/delivery.js';
import type { LogEvent } from '../src/types.js';
import { CORPUS, ROOT } from './helpers.js';

type Delivery = Extract<LogEvent, { kind: 'delivery' }>;

/** Message part of a line and the parser its tag selects. */
function split(line: string): { m: number; parse: NonNullable<ReturnType<typeof parserFor>> } {
  const h = newHeader();
  assert.ok(parseHeader(line, h, newYearRule(2026, 10, true), new Map()), line);
  const parse = parserFor(h.prog);
  assert.ok(parse !== null, line);
  return { m: h.msgStart, parse };
}

function attemptOf(line: string): LastAttempt {
  const { m, parse } = split(line);
  const ev = parse(line, m);
  assert.ok(ev !== null && ev.kind === 'delivery', line);
  const a = lastAttemptOf(line, m, ev);
  assert.ok(a !== null, line);
  return a;
}

// ../shared/corpus/incident/maillog lines 1016 and 1028 (Postfix 3.7.11): one attempt, two recipients, eleven
// lines of other programs between them.
const FIRST = 'Nov 28 22:16:28 mail postfix/smtp[22047]: 879BE16068F: to=<tsuyorari@163.com>, relay=none, delay=0.43, delays=0.2/0.23/0/0, dsn=4.4.1, status=deferred (connect to 127.0.1.6[127.0.1.6]:25: Connection refused)';
const SECOND = 'Nov 28 22:16:28 mail postfix/smtp[22047]: 879BE16068F: to=<nayakan.tako@qq.com>, relay=none, delay=0.43, delays=0.2/0.23/0/0, dsn=4.4.1, status=deferred (connect to 127.0.1.6[127.0.1.6]:25: Connection refused)';

test('the same attempt for another recipient gives the parser\'s event, sharing the first line\'s reason', () => {
  const last = attemptOf(FIRST);
  const { m, parse } = split(SECOND);
  const fast = sameAttempt(SECOND, m, last);
  assert.ok(fast !== null);
  assert.deepEqual(fast, parse(SECOND, m));
  assert.equal(fast.to, 'nayakan.tako@qq.com');
  assert.equal(fast.reason, 'connect to 127.0.1.6[127.0.1.6]:25: Connection refused');
  assert.equal(fast.reason, last.ev.reason);
  assert.equal(Object.keys(fast).join(), Object.keys(parse(SECOND, m)!).join(), 'same fields in the same order (one object shape)');
});

test('anything else after the address, another queue ID or a line that is no status line is parsed', () => {
  const last = attemptOf(FIRST);
  const other = [
    SECOND.replace('delay=0.43', 'delay=0.44'), // a later attempt
    SECOND.replace('Connection refused', 'Connection timed out'),
    SECOND.replace('status=deferred', 'status=bounced '),
    SECOND.replace('879BE16068F', '879BE16068E'), // another message, an ID of the same length
    SECOND.replace('879BE16068F', '879BE160680F'),
    SECOND.replace('>, relay=none', '>, orig_to=<tako>, relay=none'),
    'Nov 28 22:16:28 mail postfix/smtp[22047]: 879BE16068F: host 127.0.1.6[127.0.1.6] said: 421 4.7.0 Try again later (in reply to RCPT TO command)',
    'Nov 28 22:16:28 mail postfix/smtp[22047]: 879BE16068F: to=<nayakan.tako@qq.com>',
  ];
  for (const line of other) {
    const { m } = split(line);
    assert.equal(sameAttempt(line, m, last), null, line);
  }
});

test('only delivery agents\' parsers repeat attempts: cleanup, qmgr and smtpd do not', () => {
  for (const prog of ['postfix/smtp', 'postfix/error', 'postfix/lmtp', 'postfix/local', 'postfix/virtual', 'postfix/pipe', 'postfix-out/smtp', 'postfix/relay/smtp']) {
    assert.equal(isDeliveryParser(parserFor(prog)!), true, prog);
  }
  for (const prog of ['postfix/cleanup', 'postfix/qmgr', 'postfix/smtpd', 'postfix/submission/smtpd', 'postfix/bounce', 'dovecot']) {
    assert.equal(isDeliveryParser(parserFor(prog)!), false, prog);
  }
});

test('every status line of the corpus and the samples that repeats an attempt gives the parser\'s event', () => {
  // The scanner's rule: the last status line a delivery agent's parser read, and that parser, decide.
  const files = [join(CORPUS, 'incident', 'maillog'), join(CORPUS, 'healthy', 'maillog'), join(ROOT, 'samples', 'incident.log'), join(ROOT, 'samples', 'deferred-flood.log')];
  let repeats = 0;
  let parsed = 0;
  for (const file of files) {
    let last: LastAttempt | null = null;
    let lastParse: unknown = null;
    for (const line of readFileSync(file, 'latin1').split('\n')) {
      if (line === '') continue;
      const h = newHeader();
      if (!parseHeader(line, h, newYearRule(2026, 10, true), new Map())) continue;
      const parse = parserFor(h.prog);
      if (parse === null) continue;
      const ev = parse(line, h.msgStart);
      const fast: Delivery | null = parse === lastParse && last !== null ? sameAttempt(line, h.msgStart, last) : null;
      if (fast !== null) {
        repeats++;
        assert.deepEqual(fast, ev, `${file}: ${line}`);
        continue;
      }
      if (ev !== null && ev.kind === 'delivery' && isDeliveryParser(parse)) {
        parsed++;
        last = lastAttemptOf(line, h.msgStart, ev as Delivery);
        lastParse = parse;
      }
    }
  }
  // The incident corpus alone has 939 status lines that repeat the attempt of that agent's line before them.
  assert.ok(repeats > 900, `repeats ${repeats}`);
  assert.ok(parsed > 1000, `parsed ${parsed}`);
});
