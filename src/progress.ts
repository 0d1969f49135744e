// A progress line on stderr for long runs: bytes done / total, MB/s, ETA. Only on a terminal.

export interface Progress {
  add(bytes: number): void;
  done(): void;
}

/** `label`: what the line says is going on ("scanning"; "re-reading" for the second read of a set whose clock went back). */
export function newProgress(totalBytes: number, enabled: boolean, stream: NodeJS.WriteStream = process.stderr, label = 'scanning'): Progress {
  if (!enabled || !stream.isTTY) return { add() {}, done() {} };
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
    const total = totalBytes > 0 ? ` / ${(totalBytes / 1e6).toFixed(0)} MB (${pct.toFixed(0)}%)` : '';
    stream.write(`\r\x1b[K${label} ${(done / 1e6).toFixed(0)} MB${total}, ${rate.toFixed(0)} MB/s${eta > 0 ? `, ETA ${eta.toFixed(0)} s` : ''}`);
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
let phaseShown = false;

/** Phase lines on `stream` from now on when `enabled` and it is a terminal; none otherwise. */
export function setPhaseLines(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): void {
  phaseStream = enabled && stream.isTTY ? stream : null;
}

/** "merging the ranges …": replaces the line shown before. */
export function phaseLine(text: string): void {
  if (phaseStream === null) return;
  phaseStream.write(`\r\x1b[K${text} …`);
  phaseShown = true;
}

/** Clears the phase line, before a line of another kind (the summary, a note, an error) is written. */
export function endPhaseLine(): void {
  if (phaseShown && phaseStream !== null) phaseStream.write('\r\x1b[K');
  phaseShown = false;
}
