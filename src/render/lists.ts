// Lists exported by findings (firewall IPs, queue IDs for postsuper), one item per line, ready to paste.

import type { Report } from '../report/model.js';
import type { RenderedFile } from './index.js';

export function renderLists(report: Report): RenderedFile[] {
  const files = new Map<string, Set<string>>();
  for (const f of report.findings) {
    for (const [name, items] of Object.entries(f.lists ?? {})) {
      // Only plain file names: a list name never chooses a directory.
      if (!/^[a-z0-9][a-z0-9.-]*\.txt$/.test(name)) continue;
      const set = files.get(name) ?? new Set<string>();
      for (const i of items) set.add(i);
      files.set(name, set);
    }
  }
  return [...files].sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, set]) => ({ path: name, content: [...set].sort().join('\n') + '\n' }));
}
