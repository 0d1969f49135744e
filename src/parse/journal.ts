// journalctl's own marker lines between the log lines (systemd journalctl(1), output of `journalctl -u postfix`):
//   "-- Journal begins at Mon 2026-11-23 10:00:01 JST, ends at Sat 2026-11-28 22:20:49 JST. --"
//   "-- Logs begin at Mon 2026-11-23 10:00:01 JST, end at Sat 2026-11-28 22:20:49 JST. --"   (systemd < 246)
//   "-- Boot 0f3c2d1e4b5a46789abcdef012345678 --"
//   "-- Reboot --"   "-- No entries --"
// They are no mail lines and nothing is lost by ignoring them; counted as unparsed they read as lines the tool
// did not understand.

/** Whether a line without a syslog header is one of journalctl's markers. */
export function isJournalMarker(text: string): boolean {
  return text.length >= 6 && text.startsWith('-- ') && text.endsWith(' --');
}
