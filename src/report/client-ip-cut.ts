// The --top cut of the Client IPs table when a botnet guesses IMAP/POP3 passwords (review Z, the rest of it). The
// table folds IMAP/POP3-only guessers past the first few into one row (render/client-ip-table.ts), but the cut was
// made before, by activity: 14 failures each outrank a mail server's 3 connections and 3 messages, so on a day when
// 5,000 IPs guessed, the 50 rows were 50 guessers, the table showed 5 of them and "45 more IPs", and the servers that
// delivered the day's mail, the office's own clients and everyone else were gone. The cut now counts rows as the table
// shows them: while more than GUESSER_ROWS_MAX guessers are in, they take GUESSER_ROWS_SHOWN + 1 rows, so the other
// IPs fill the rest of --top. The entries are taken in the order of activity, as before, and the cut ends at the first
// one that would not fit: a log whose guessers do not fold (at most GUESSER_ROWS_MAX of them named) is cut as before.

/**
 * IMAP/POP3-only password guessers shown one by one: past GUESSER_ROWS_MAX of them, the first GUESSER_ROWS_SHOWN (the
 * most failures) and one row for the rest.
 */
export const GUESSER_ROWS_MAX = 10;
export const GUESSER_ROWS_SHOWN = 5;

/** The rows of the table that `guessers` folded guessers take. */
function guesserRows(guessers: number): number {
  return guessers <= GUESSER_ROWS_MAX ? guessers : GUESSER_ROWS_SHOWN + 1;
}

/**
 * The entries of the table from `guessers` and `others`, each in the order of activity (count desc, key asc) and cut
 * at `top` alone: merged in that order up to `top` rows as shown, guessers folded.
 */
export function cutFoldingGuessers<T extends { key: string; n: number }>(guessers: T[], others: T[], top: number): T[] {
  const out: T[] = [];
  let g = 0;
  let o = 0;
  let i = 0;
  let j = 0;
  while (i < guessers.length || j < others.length) {
    const a = guessers[i];
    const b = others[j];
    const takeGuesser = b === undefined || (a !== undefined && (a.n > b.n || (a.n === b.n && a.key < b.key)));
    if (takeGuesser) {
      if (o + guesserRows(g + 1) > top) break;
      out.push(a!);
      g++;
      i++;
    } else {
      if (o + 1 + guesserRows(g) > top) break;
      out.push(b!);
      o++;
      j++;
    }
  }
  return out;
}
