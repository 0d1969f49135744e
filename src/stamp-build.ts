// `npm run build` runs this after tsc: it writes dist/build-info.json with the git commit of this package's checkout
// (tool-build.ts reads it into report.json's tool.commit), or removes it when the package is no git checkout of its
// own (a tarball unpacked inside another repository must not name that repository's commit).

import { execFileSync } from 'node:child_process';
import { realpathSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BUILD_INFO_URL } from './tool-build.js';

const root = realpathSync(fileURLToPath(new URL('../../', import.meta.url)));
const git = (args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

try {
  if (realpathSync(git(['rev-parse', '--show-toplevel'])) !== root) throw new Error('not this package\'s own checkout');
  const commit = git(['rev-parse', 'HEAD']);
  // Tracked files that differ from the commit (untracked scratch files do not make another build).
  const modified = git(['status', '--porcelain', '--untracked-files=no']) !== '';
  writeFileSync(BUILD_INFO_URL, `${JSON.stringify({ commit, ...(modified ? { modified } : {}) })}\n`);
} catch {
  rmSync(BUILD_INFO_URL, { force: true });
}
