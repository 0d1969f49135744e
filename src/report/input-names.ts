// How the reports name an input file (review Z, Z25): by its base name ("maillog", "maillog.2.gz"), not the path typed
// on the command line ("/home/yamada/clients/acme/maillog"), which would show the admin's own disk in the client's
// ticket. Two inputs of the same base name ("a/maillog", "b/maillog") keep as many of their last path components as
// tell them apart ("a/maillog", "b/maillog"). The full paths are listed once, in report.md's inputs appendix, and
// stay in report.json's `inputs[].path` (a script opens them); a redacted report has the cited names only.

import type { Report } from './model.js';

/** The path's components: "/" and "\" both separate (a report made on Windows is read here too). */
function components(path: string): string[] {
  const parts = path.split(/[/\\]+/).filter((p) => p !== '' && p !== '.');
  return parts.length > 0 ? parts : [path];
}

/**
 * The name each path is cited by, in the order given: the shortest run of its last components that no other path of
 * the list ends with. Standard input ("-") stays "-". A path given twice gets the same name.
 */
export function citedNames(paths: readonly string[]): string[] {
  const parts = paths.map(components);
  return parts.map((mine, i) => {
    for (let k = 1; k <= mine.length; k++) {
      const suffix = mine.slice(-k).join('/');
      const taken = parts.some((other, j) => j !== i && paths[j] !== paths[i] && other.slice(-k).join('/') === suffix);
      if (!taken) return suffix;
    }
    return paths[i]!;
  });
}

/** `text` with every path of `paths` written as its cited name (the longest paths first, so none is cut in two). */
export function citePaths(text: string, paths: readonly string[]): string {
  const names = citedNames(paths);
  const pairs = paths.map((p, i) => [p, names[i]!] as const).filter(([p, n]) => p !== n && p !== '').sort((a, b) => b[0].length - a[0].length);
  let out = text;
  for (const [p, n] of pairs) out = out.split(p).join(n);
  return out;
}

/** Every path a report names: its inputs, the inputs it skipped and what they repeat, those given twice. */
function reportPaths(r: Pick<Report, 'inputs' | 'skippedInputs' | 'duplicateInputs'>): string[] {
  const all = [...r.inputs.map((f) => f.path), ...(r.skippedInputs ?? []).flatMap((s) => [s.path, s.as]), ...(r.duplicateInputs ?? [])];
  return [...new Set(all)];
}

/**
 * The name each of the report's inputs is cited by (in the order of `inputs`, the index of an example's `file`),
 * told apart from the skipped inputs' too, which the warnings name beside them.
 */
export function inputNames(r: Pick<Report, 'inputs' | 'skippedInputs' | 'duplicateInputs'>): string[] {
  const paths = reportPaths(r);
  const names = new Map(citedNames(paths).map((n, i) => [paths[i]!, n]));
  return r.inputs.map((f) => names.get(f.path) ?? f.path);
}

/**
 * The name the log lines of input `index` cite (`#index` for an index the report has no input of): "maillog", not
 * the path typed on the command line, which report.md's inputs appendix lists once.
 */
export function fileName(r: Report, index: number): string {
  // Made once per report (a table cites a file per row), again when its paths are not those the names were made of.
  const key = [...r.inputs.map((f) => f.path), '', ...(r.skippedInputs ?? []).flatMap((x) => [x.path, x.as]), '', ...(r.duplicateInputs ?? [])].join('\0');
  let got = cache.get(r);
  if (got === undefined || got.key !== key) { got = { key, names: inputNames(r) }; cache.set(r, got); }
  return got.names[index] ?? `#${index}`;
}

const cache = new WeakMap<Report, { key: string; names: string[] }>();

/** A warning (or any text of the report) with the report's paths as their cited names. */
export function citeReportPaths(text: string, r: Pick<Report, 'inputs' | 'skippedInputs' | 'duplicateInputs'>): string {
  return citePaths(text, reportPaths(r));
}

/**
 * The report with its paths as their cited names everywhere (a redacted report: review Z, Z25): inputs, skipped and
 * repeated inputs, clock steps and the warnings. A pure copy.
 */
export function withCitedPaths(r: Report): Report {
  const paths = reportPaths(r);
  const names = new Map(citedNames(paths).map((n, i) => [paths[i]!, n]));
  const name = (p: string): string => names.get(p) ?? p;
  return {
    ...r,
    inputs: r.inputs.map((f) => ({ ...f, path: name(f.path) })),
    duplicateInputs: r.duplicateInputs.map(name),
    skippedInputs: (r.skippedInputs ?? []).map((s) => ({ ...s, path: name(s.path), as: name(s.as) })),
    warnings: r.warnings.map((w) => citePaths(w, paths)),
    ...(r.clockSteps === undefined ? {} : { clockSteps: { ...r.clockSteps, examples: r.clockSteps.examples.map((s) => ({ ...s, file: name(s.file) })) } }),
  };
}
