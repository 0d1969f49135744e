/**
 * Levenshtein distance (insert, delete, replace one character), for "did you mean" on a mistyped option
 * (`--langg` → `--lang`) or threshold name (`--threshold sasl.failure=3` → `sasl.failures`).
 */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}
