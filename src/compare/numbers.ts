// Rates and changes for comparing two periods of different lengths. Stored numbers are rounded here, once, so that
// compare.json is stable and every renderer prints the same figure.

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

/** Hours a period's counts are divided by: its length, at least one hour. */
export function rateHours(hours: number): number {
  return Number.isFinite(hours) && hours > 1 ? hours : 1;
}

export function perHour(count: number, hours: number): number {
  return round(count / hours, 2);
}

export function perDay(count: number, hours: number): number {
  return round((count / hours) * 24, 1);
}

/** Change from a to b in percent, one decimal; null when a is 0 (no base to compare with). */
export function changePct(a: number, b: number): number | null {
  if (a === 0) return b === 0 ? 0 : null;
  return round(((b - a) / a) * 100, 1);
}

/** A rate as people read it: 2 decimals below 10, 1 below 100, whole numbers above. */
export function fmtRate(x: number): string {
  const a = Math.abs(x);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : 2;
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A rate per day (stored with one decimal): one decimal below 100, whole numbers above. */
export function fmtPerDay(x: number): string {
  const digits = Math.abs(x) >= 100 ? 0 : 1;
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "+12", "-296", "0". */
export function signed(x: number, digits = 0): string {
  const s = Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return x > 0 ? `+${s}` : x < 0 ? `-${s}` : s;
}

/** "+30.0%", "-44.0%", "0.0%", "–" for null. */
export function signedPct(x: number | null): string {
  return x === null ? '–' : `${signed(x, 1)}%`;
}
