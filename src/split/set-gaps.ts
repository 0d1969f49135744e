// A rotated set with a file missing: `maillog.3.gz maillog.1 maillog`, maillog.2.gz not copied. Each file is read
// and the report looks whole, but a day of the log is not in it. Found after the scan from each input's first and
// last Postfix/Dovecot line (Aggregate.spanByFile), and from the names of numbered rotations (logrotate's
// `maillog.N` and `maillog.N.gz`, `.xz` …; its `dateext` names carry dates, which say nothing of a gap by themselves).

import type { FileSpan } from '../types.js';
import type { InputFile } from './inputs.js';

/**
 * Consecutive inputs with no Postfix/Dovecot line between them for this long are worth a warning. A rotation
 * missing leaves a hole of at least its period: the lines of a day (a daily rotation), a week (weekly), less the
 * jitter of the rotation's start (cron.daily at 06:25, anacron's RANDOM_DELAY of up to 45 minutes on RHEL). A server
 * that takes no mail overnight is quiet for hours around the rotation: a relay with no Internet-facing smtpd that
 * takes mail from 07:00 to 18:00 only is quiet for 13 hours (12 hours warned about it; the twenty-seventh session's
 * review). Numbered rotations with a number skipped are named whatever the hole (missingRotations).
 */
export const SET_GAP_MS = 20 * 3_600_000;

export interface SetGap {
  /** The earlier input (its last line) and the later (its first line), as given. */
  before: string;
  after: string;
  /** Local times of those lines (the aggregate's clock). */
  lastAt: number;
  firstAt: number;
  /** Numbered rotations between the two names that are not among the inputs (`maillog.2`, `maillog.2.gz`). */
  missing: string[];
}

/**
 * The gaps of a set read in time order (InputFile.index): consecutive inputs with spans, the later starting
 * SET_GAP_MS or more after the earlier ends, or numbered rotations of one name with numbers skipped between them.
 * `all`: every path given (a numbered file given but skipped as a copy of another is not missing).
 */
export function setGaps(inputs: InputFile[], spans: Map<number, FileSpan>, all: string[]): SetGap[] {
  const out: SetGap[] = [];
  const ordered = [...inputs].sort((a, b) => a.index - b.index).filter((f) => spans.has(f.index));
  for (let k = 1; k < ordered.length; k++) {
    const a = ordered[k - 1]!, b = ordered[k]!;
    const sa = spans.get(a.index)!, sb = spans.get(b.index)!;
    const missing = missingRotations(a.path, b.path, all);
    if (sb.firstAt - sa.lastAt >= SET_GAP_MS || (missing.length > 0 && sb.firstAt > sa.lastAt)) {
      out.push({ before: a.path, after: b.path, lastAt: sa.lastAt, firstAt: sb.firstAt, missing });
    }
  }
  return out;
}

/** `maillog.3.gz` → { base: 'maillog', n: 3, ext: '.gz' }; `maillog` → n 0, ext ''; null for any other name. */
function rotation(path: string): { base: string; n: number; ext: string } | null {
  // logrotate's compressext: .gz by default, .xz, .bz2 or .zst with another compresscmd (RHEL, Fedora).
  const m = /^(.*?)(?:\.(\d{1,3}))?(\.(?:gz|xz|bz2|zst))?$/.exec(path);
  if (m === null) return null;
  return { base: m[1]!, n: m[2] === undefined ? 0 : Number(m[2]), ext: m[3] ?? '' };
}

/**
 * The numbered rotations of one name strictly between two inputs (older `a`, newer `b`: maillog.3.gz then
 * maillog.1), not given: `maillog.2` (with `.gz`, or `.xz` …, when the older one is compressed, as logrotate's
 * delaycompress leaves only `.1` plain). Empty unless both are numbered rotations (or the live file) of the same name.
 */
function missingRotations(a: string, b: string, all: string[]): string[] {
  const ra = rotation(a), rb = rotation(b);
  if (ra === null || rb === null || ra.base !== rb.base || ra.base === '' || ra.n <= rb.n + 1) return [];
  if (ra.n === 0 && ra.ext !== '') return []; // maillog.gz is no numbered rotation
  const given = new Set(all.map((p) => { const r = rotation(p); return r === null || r.base !== ra.base ? -1 : r.n; }));
  const out: string[] = [];
  for (let n = rb.n + 1; n < ra.n; n++) if (!given.has(n)) out.push(`${ra.base}.${n}${n > 1 ? ra.ext : ''}`);
  return out;
}
