// Cutting a text for a table cell or a ticket line at a word, never inside one.

/** `s` cut at the last space before `max` characters (at a character in text without spaces: Japanese), with "…". */
export function cutWords(s: string, max: number): string {
  const chars = Array.from(s);
  if (chars.length <= max) return s;
  const head = chars.slice(0, max).join('');
  const space = head.lastIndexOf(' ');
  return `${(space >= max / 2 ? head.slice(0, space) : head).trimEnd()} …`;
}
