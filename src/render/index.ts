// The renderers: each turns the report model into files. `--format` picks them by name.

import type { Report } from '../report/model.js';
import { renderMarkdown } from './markdown.js';

export interface RenderedFile {
  /** Path relative to the output directory. */
  path: string;
  content: string | Buffer;
}

export interface RenderOptions {
  title: string;
}

export interface Renderer {
  name: string;
  description: string;
  render: (report: Report, opts: RenderOptions) => RenderedFile[] | Promise<RenderedFile[]>;
}

/** Stable JSON: the report is already in a deterministic order; two-space indent, final newline. */
export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}

export const RENDERERS: Renderer[] = [
  { name: 'json', description: 'report.json, the machine contract', render: (r) => [{ path: 'report.json', content: renderJson(r) }] },
  { name: 'md', description: 'report.md for tickets', render: (r, o) => [{ path: 'report.md', content: renderMarkdown(r, o.title) }] },
];

export function rendererNames(): string[] {
  return RENDERERS.map((r) => r.name);
}
