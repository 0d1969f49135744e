// Inputs of one host that cover the same time: a rotated set never overlaps, so their lines may be the same lines
// counted twice (mail.warn.2.gz beside mail.log.2.gz, which split/same-content.ts cannot open cheaply before the
// scan). Not two logs of one server split by program (rsyslog writing Dovecot to dovecot.log, Postfix to mail.log):
// only files with lines of the same program (Postfix or Dovecot) are compared. A pair whose smaller file repeats
// the larger's lines is read again without it (split/repeating-inputs.ts); any other pair is warned about.

import type { Aggregate, FileSpan } from '../types.js';
import type { InputFile } from '../split/inputs.js';

/**
 * Overlap that is not a rotation seam: logrotate's copy and the new file share at most the seconds of the switch,
 * and lines from several writers arrive a little out of order.
 */
const SEAM_MS = 60_000;

export interface InputOverlap {
  a: string;
  b: string;
  host: string;
  /** LocalMillis of the shared time. */
  from: number;
  to: number;
  /** The one to leave out if they repeat each other: a severity-filtered name (mail.warn, mail.info), else the smaller. */
  drop: string;
  /**
   * The shared time is no longer than a rotation seam, but one file's lines all fall within the other's time: not
   * warned about (a rotated file may share a second or two with the next), only checked for repeated lines (a
   * mail.err.2.gz of a few lines within a minute, review 11: its lines were counted twice).
   */
  withinSeam: boolean;
}

/** Debian's and Ubuntu's severity-filtered copies of the mail log: mail.info, mail.warn, mail.err (and rotations). */
function filteredName(path: string): boolean {
  return /(?:^|\/)[^/]*\.(?:info|warn|err|notice)(?:\.\d+)?(?:\.(?:gz|xz|bz2|zst))?$/.test(path);
}

/**
 * Pairs of inputs with the same first host and a program in common whose mail lines share more than SEAM_MS of
 * time, or of which one's lines all fall within the other's time (`withinSeam` when no longer than SEAM_MS), in
 * input order.
 */
export function findOverlaps(inputs: InputFile[], agg: Aggregate): InputOverlap[] {
  const out: InputOverlap[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const a = inputs[i]!;
    const sa = agg.spanByFile.get(a.index);
    const host = overlapHost(a);
    if (host === null || sa === undefined) continue;
    for (let j = i + 1; j < inputs.length; j++) {
      const b = inputs[j]!;
      const sb = agg.spanByFile.get(b.index);
      if (overlapHost(b) !== host || sb === undefined || (sa.programs & sb.programs) === 0) continue;
      const from = Math.max(sa.firstAt, sb.firstAt);
      const to = Math.min(sa.lastAt, sb.lastAt);
      const withinSeam = to - from <= SEAM_MS;
      if (to < from || (withinSeam && !within(sa, sb) && !within(sb, sa))) continue;
      const lines = (f: InputFile): number => agg.linesByFile.get(f.index)?.total ?? 0;
      const drop = filteredName(a.path) !== filteredName(b.path) ? (filteredName(a.path) ? a : b) : lines(a) <= lines(b) ? a : b;
      out.push({ a: a.path, b: b.path, host, from, to, drop: drop.path, withinSeam });
    }
  }
  return out;
}

/** The name host-less files are compared under: Dovecot's own log file (log_path) names no host (header.ts dovecotFileLine). */
const HOSTLESS = 'Dovecot';

/**
 * The host an input's lines are compared under: its first dated line's host, HOSTLESS for a file whose first dated
 * line has none (two copies of /var/log/dovecot.log: review O, D1), null when nothing is known (no dated line, or a
 * stream, which is not probed before the scan).
 */
function overlapHost(f: InputFile): string | null {
  if (f.host !== '') return f.host;
  return f.kind !== 'stdin' && f.kind !== 'stream' && !Number.isNaN(f.firstAt) ? HOSTLESS : null;
}

/** Whether every line of x falls within y's time. */
function within(x: FileSpan, y: FileSpan): boolean {
  return x.firstAt >= y.firstAt && x.lastAt <= y.lastAt;
}
