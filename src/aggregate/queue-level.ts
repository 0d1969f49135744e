// The queue rebuilt from the log, minute by minute: messages there before the log (partial records) plus those
// that entered, minus those removed (qmgr/postsuper "removed" lines, bulk deletions). An hourly series hides a
// flood's peak when the queue is emptied within the hour (the corpus incident: ~360 messages at 22:16, 0 at 22:20).

import type { Aggregate } from '../types.js';
import { MINUTE_MS } from './create.js';

export interface QueueLevel {
  /** The highest end-of-minute queue size, the minute it was reached (local millis; NaN: no minute). */
  peak: number;
  peakAt: number;
  /** The busiest minute's log lines (mail programs' lines only), and when. */
  maxLinesPerMinute: number;
  busiestMinuteAt: number;
  /** Per local hour index: the highest end-of-minute queue size within that hour. */
  peakByHour: Map<number, number>;
}

export function queueLevel(agg: Aggregate): QueueLevel {
  const minutes = [...agg.minutes.keys()].sort((a, b) => a - b);
  let queue = agg.totals.partialMessages;
  const out: QueueLevel = { peak: queue, peakAt: NaN, maxLinesPerMinute: 0, busiestMinuteAt: NaN, peakByHour: new Map() };
  for (const m of minutes) {
    const s = agg.minutes.get(m)!;
    queue += s.entered - s.removed;
    if (queue > out.peak) { out.peak = queue; out.peakAt = m * MINUTE_MS; }
    if (s.lines > out.maxLinesPerMinute) { out.maxLinesPerMinute = s.lines; out.busiestMinuteAt = m * MINUTE_MS; }
    const hour = Math.floor(m / 60);
    if (queue > (out.peakByHour.get(hour) ?? -1)) out.peakByHour.set(hour, queue);
  }
  return out;
}
