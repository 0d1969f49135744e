// A short log's length for the time charts' captions ("the log spans 47 minutes"): the minutes from its first line's
// minute to its last's, both counted (report.minutely's rows), in hours and minutes past two hours.

export function enSpan(minutes: number): string {
  if (minutes < 120) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h} hours` + (m === 0 ? '' : m === 1 ? ' 1 minute' : ` ${m} minutes`);
}

export function jaSpan(minutes: number): string {
  if (minutes < 120) return `${minutes} 分間`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} 時間` : `${h} 時間 ${m} 分間`;
}
