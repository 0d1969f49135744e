// The offset a journal export's entries without a syslog stamp are written at (journal-zone.ts): that of the first
// entry with one in the content's first JOURNAL_ZONE_PROBE_BYTES, read with the reader of its format. The planner
// finds it for a file (split/inputs.ts) and gives it to every range; a stream's reader finds it in the stream's head
// (workers/task.ts), so a file and the same bytes on standard input are written alike.

import type { LineSink, ScanResult } from '../scan.js';
import type { JournalFormat } from './journal-format.js';
import { readExport } from './journal-export.js';
import { journalLineSink } from './journal-lines.js';
import { readStream } from './read-stream.js';
import { journalClock } from './journal-zone.js';

const FOUND = new Error('journal offset found');

/** Minutes east of UTC of the first syslog stamp among the entries `head` holds; null when none has one. */
export async function journalFallbackOffset(head: Buffer, format: JournalFormat): Promise<number | null> {
  const clock = journalClock();
  const stopWhenFound = (): void => {
    if (clock.found !== null) throw FOUND;
  };
  const sink: LineSink = {
    line: stopWhenFound,
    bytes: stopWhenFound,
    longLine: () => undefined,
    previous: () => undefined,
    finish: (): ScanResult => { throw new Error('the offset probe has no result'); },
  };
  async function* once(): AsyncGenerator<Buffer> {
    yield head;
  }
  try {
    if (format === 'export') await readExport(once(), sink, clock);
    else await readStream(once(), journalLineSink(sink, format, clock));
  } catch (err) {
    if (err !== FOUND) throw err;
  }
  return clock.found;
}
