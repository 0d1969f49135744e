// A period's length in whole units, for the report's "Period:" line (review Z, Z24: "0.03 hours", "75.03 hours").

export interface DurationParts { days: number; h: number; minutes: number }

/** Whole days and hours, rounded to the hour, and for less than an hour the minutes (at least 1). */
export function splitDuration(hours: number): DurationParts {
  if (hours < 1) return { days: 0, h: 0, minutes: Math.max(1, Math.round(hours * 60)) };
  const whole = Math.round(hours);
  return { days: Math.floor(whole / 24), h: whole % 24, minutes: 0 };
}
