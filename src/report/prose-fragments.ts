// The tool's own words, for redaction (review AE, L10): the fixed text of every string literal of src/, written by
// `npm run build` (build-prose-fragments.ts) into dist/prose-fragments.json. A name redaction would replace in the
// tool's prose (a finding's title, fix and why; the warnings) stays where it lies inside one of these fragments: the
// word "scanner" of "(a web application, a scanner, a monitoring script …)" is the advice's, not the user "scanner"
// whose pseudonym it would otherwise give away. The name a template interpolates ("The SASL account ${user} was
// guessed") lies in no fragment, and is replaced as before.

import { readFileSync } from 'node:fs';

/** The file the build writes, beside dist/src. */
export const PROSE_FRAGMENTS_URL = new URL('../../prose-fragments.json', import.meta.url);

/**
 * The shortest fragment kept, and the least context a fragment must give a name beyond the name itself: a word
 * alone ('admin' in a list of names attackers try) or a short piece between two interpolations (" user ") could
 * stand around an interpolated name as well.
 */
export const MIN_FRAGMENT = 12;
export const MIN_CONTEXT = 8;

let cached: readonly string[] | undefined;

/**
 * The fragments, read once per process; none when the file is missing (a bare `tsc` build): redaction then replaces
 * names in the tool's prose too, as before, which mangles the advice but leaks nothing.
 */
export function proseFragments(): readonly string[] {
  if (cached === undefined) {
    try {
      const list = JSON.parse(readFileSync(PROSE_FRAGMENTS_URL, 'utf8')) as unknown;
      cached = Array.isArray(list) ? list.filter((f): f is string => typeof f === 'string') : [];
    } catch {
      cached = [];
    }
  }
  return cached;
}
