// A run turns the event loop before it writes its files (src/interrupt.ts turnForSignals), so that a stop signal that
// came while it drew them is handled before the write: Node runs a signal's listeners from the loop's poll phase,
// never inside running code, and the bundled CLI's drawing may not turn the loop at all.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs';
import { turnForSignals } from '../src/interrupt.js';

/** Sends SIGUSR2 to this process from inside `from`, then awaits turnForSignals: whether the listener had run. */
async function handledAfterTurn(from: (run: () => void) => void): Promise<boolean> {
  let seen = false;
  const listener = (): void => { seen = true; };
  process.on('SIGUSR2', listener);
  try {
    return await new Promise<boolean>((resolve, reject) => {
      from(() => {
        process.kill(process.pid, 'SIGUSR2');
        assert.equal(seen, false, 'a listener never runs inside running code');
        turnForSignals().then(() => resolve(seen), reject);
      });
    });
  } finally {
    process.off('SIGUSR2', listener);
  }
}

test('a signal sent while code runs is handled by the end of turnForSignals, whatever phase of the loop it came in', async () => {
  const phases: Record<string, (run: () => void) => void> = {
    'a timer': (run) => { setTimeout(run, 0); },
    'an immediate (the check phase)': (run) => { setImmediate(run); },
    'a file read (the poll phase)': (run) => { readFile(new URL(import.meta.url), () => run()); },
    'a promise': (run) => { void Promise.resolve().then(run); },
  };
  for (const [name, from] of Object.entries(phases)) {
    for (let i = 0; i < 20; i++) assert.equal(await handledAfterTurn(from), true, `${name}, round ${i + 1}`);
  }
});
