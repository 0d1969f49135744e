// Errors the CLI turns into one line on stderr and an exit code (see README "Exit codes").

/** The user asked for something impossible: bad option, missing or unreadable input. Exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The run failed: corrupt gzip, unwritable output. Exit 1. */
export class RunError extends Error {
  override name = 'RunError';
}

export function describeFsError(err: unknown, path: string): string {
  const code = (err as { code?: string }).code;
  switch (code) {
    case 'ENOENT': return `${path}: no such file`;
    case 'EACCES': case 'EPERM': return `${path}: permission denied`;
    case 'EISDIR': return `${path}: is a directory`;
    case 'ENOTDIR': return `${path}: a file is in the way (not a directory)`;
    case 'EEXIST': return `${path}: exists and is not a directory`;
    case 'ENOSPC': return `${path}: no space left on device`;
    default: return `${path}: ${(err as Error).message ?? String(err)}`;
  }
}
