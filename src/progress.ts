// A progress line on stderr for long runs: bytes done / total, MB/s, ETA. Only on a terminal. In the report's
// language (i18n/progress.ts).

import type { Lang } from './i18n/index.js';
import { progressWords } from './i18n/progress.js';
import type { Phase } from './i18n/progress.js';

export interface Progress {
  add(bytes: number): void;
  done(): void;
}

/** `again`: the second read of a set whose clock went back ("re-reading" rather than "scanning"). */
export function newProgress(totalBytes: number, enabled: boolean, stream: NodeJS.WriteStream = process.stderr, again = false, lang?: Lang): Progress {
  if (!enabled || !stream.isTTY) return { add() {}, done() {} };
  const words = progressWords(lang);
  const started = Date.now();
  let done = 0;
  let lastDraw = 0;
  const draw = (final: boolean): void => {
    const now = Date.now();
    if (!final && now - lastDraw < 250) return;
    lastDraw = now;
    const secs = Math.max(0.001, (now - started) / 1000);
    const rate = done / secs / 1e6;
    const pct = totalBytes > 0 ? Math.min(100, (done / totalBytes) * 100) : 0;
    const eta = rate > 0 && totalBytes > done ? (totalBytes - done) / 1e6 / rate : 0;
    stream.write(`\r\x1b[K${words.scan({
      again, doneMb: (done / 1e6).toFixed(0), totalMb: totalBytes > 0 ? (totalBytes / 1e6).toFixed(0) : null, pct: pct.toFixed(0),
      rate: rate.toFixed(0), eta: eta > 0 ? eta.toFixed(0) : null,
    })}`);
  };
  return {
    add(bytes: number) { done += bytes; draw(false); },
    done() { if (lastDraw > 0) stream.write('\r\x1b[K'); },
  };
}

// What the run is doing after the scan, on the progress line's place: with millions of distinct IPs the merge, the
// detection and the writing take minutes after "scanning … 100%, ETA 0 s" (review AA, F6). Shown as the progress
// line is (a terminal, not --quiet), replaced by the next phase and cleared before anything else is written.
let phaseStream: NodeJS.WriteStream | null = null;
let phaseLang: Lang | undefined;
let phaseShown = false;

/** Phase lines on `stream`, in `lang`, from now on when `enabled` and it is a terminal; none otherwise. */
export function setPhaseLines(enabled: boolean, stream: NodeJS.WriteStream = process.stderr, lang?: Lang): void {
  phaseStream = enabled && stream.isTTY ? stream : null;
  phaseLang = lang;
}

/** "merging 3 ranges …": replaces the line shown before. */
export function phaseLine(phase: Phase): void {
  if (phaseStream === null) return;
  phaseStream.write(`\r\x1b[K${progressWords(phaseLang).phase(phase)} …`);
  phaseShown = true;
}

/** Clears the phase line, before a line of another kind (the summary, a note, an error) is written. */
export function endPhaseLine(): void {
  if (phaseShown && phaseStream !== null) phaseStream.write('\r\x1b[K');
  phaseShown = false;
}
