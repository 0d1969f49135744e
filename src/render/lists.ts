// Lists exported by findings (firewall IPs, queue IDs for postsuper), one item per line, ready to paste.

import type { Report } from '../report/model.js';
import type { RenderedFile } from './index.js';

/**
 * Every list a finding may export. Only these are written, and only these are removed from a reused --out
 * directory when a later run does not write them (output-owned.ts): a stale queue-delete.txt next to a report that
 * never mentions it is a `postsuper -d -` of queue IDs Postfix has since given to other mail.
 */
export const LIST_FILES = ['blocklist-ips.txt', 'compromised-ips.txt', 'dns-records.txt', 'queue-delete.txt'] as const;

export function renderLists(report: Report): RenderedFile[] {
  const files = new Map<string, Set<string>>();
  for (const f of report.findings) {
    for (const [name, items] of Object.entries(f.lists ?? {})) {
      // Only the known file names: a list name never chooses a directory, nor a file a later run would not clean.
      if (!(LIST_FILES as readonly string[]).includes(name)) continue;
      const set = files.get(name) ?? new Set<string>();
      for (const i of items) set.add(i);
      files.set(name, set);
    }
  }
  return [...files].sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, set]) => ({ path: name, content: [...set].sort().join('\n') + '\n' }));
}
