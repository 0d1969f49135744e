// The tool's version and build, as report.json's `tool` names them. The version is package.json's, read when the
// tool runs (never a copy that a release forgets to change); the build is the git commit the build was made from,
// stamped by `npm run build` into dist/build-info.json (stamp-build.ts) when the tree is a git checkout of this
// package, absent otherwise (an installed package, a tarball). Read once per process: every report of one build,
// whatever --jobs, names the same, and one that moved on since cannot pass for it (review AB, F5: every report said
// 0.1.0, so that compare could not tell a report of an older version).

import { readFileSync } from 'node:fs';

/** The commit the running build was made from; `modified`: tracked files differed from it then. */
export interface ToolBuild { commit: string; modified?: true }

/** The build stamp's file, beside dist/src (stamp-build.ts writes it). */
export const BUILD_INFO_URL = new URL('../build-info.json', import.meta.url);

/** package.json's version. */
export function toolVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** The build stamp, or undefined when there is none (not built from a git checkout) or it is not one. */
export function toolBuild(): ToolBuild | undefined {
  let text: string;
  try {
    text = readFileSync(BUILD_INFO_URL, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const b = JSON.parse(text) as { commit?: unknown; modified?: unknown };
    if (typeof b.commit !== 'string' || !/^[0-9a-f]{40}$/.test(b.commit)) return undefined;
    return { commit: b.commit, ...(b.modified === true ? { modified: true as const } : {}) };
  } catch {
    return undefined;
  }
}

/** A build as people read it: "0.1.0 (commit 1a2b3c4d5e6f)", "+ changes" when the tree differed from it. */
export function buildText(version: string, commit: string | undefined, modified: boolean | undefined): string {
  return commit === undefined ? version : `${version} (commit ${commit.slice(0, 12)}${modified === true ? ' + changes' : ''})`;
}
