// Numbers and times as people read them in a report.

export function n(x: number): string {
  return x.toLocaleString('en-US');
}

export function pct(part: number, whole: number): string {
  if (whole === 0) return '–';
  return (Math.round((part / whole) * 1000) / 10).toFixed(1) + '%';
}

/** "2026-11-28T22:15:28+09:00" → "2026-11-28 22:15:28". */
export function when(iso: string | null): string {
  if (iso === null) return '–';
  return iso.replace('T', ' ').replace(/(\.\d+)?([+-]\d\d:\d\d|Z)?$/, '');
}
