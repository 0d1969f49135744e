// Errors the CLI turns into one line on stderr and an exit code (see README "Exit codes").

/** The user asked for something impossible: bad option, missing or unreadable input. Exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The run failed: corrupt gzip, unwritable output. Exit 1. */
export class RunError extends Error {
  override name = 'RunError';
}

/** A file-system error as one plain line naming the file (never Node's "ESPIPE: invalid seek, read"). */
export function describeFsError(err: unknown, path: string): string {
  const code = (err as { code?: string }).code;
  switch (code) {
    case 'ENOENT': return `${path}: no such file`;
    case 'EACCES': case 'EPERM': return `${path}: permission denied`;
    case 'EISDIR': return `${path}: is a directory`;
    case 'ENOTDIR': return `${path}: a file is in the way (not a directory)`;
    case 'EEXIST': return `${path}: exists and is not a directory`;
    case 'ENOSPC': return `${path}: no space left on device`;
    case 'EDQUOT': return `${path}: disk quota exceeded`;
    case 'EROFS': return `${path}: read-only file system`;
    case 'ELOOP': return `${path}: too many levels of symbolic links (a symlink loop?)`;
    case 'ENAMETOOLONG': return `${path}: file name too long`;
    case 'ESPIPE': return `${path}: a pipe or FIFO cannot be read at an offset (pipe it into - instead)`;
    case 'EIO': return `${path}: input/output error (a failing disk or a lost device?)`;
    case 'ENXIO': case 'ENODEV': return `${path}: no such device (a socket or a device, not a log file)`;
    case 'EMFILE': case 'ENFILE': return `${path}: too many open files`;
    case 'EBUSY': return `${path}: device or resource busy`;
    case 'EFBIG': return `${path}: file too large`;
    case 'ETXTBSY': return `${path}: file busy`;
    case 'EAGAIN': return `${path}: not ready to be read (a non-blocking pipe or device)`;
    default: {
      // Node's text is "CODE: description, syscall 'path'": keep the description, name the code once.
      const message = (err as Error)?.message ?? String(err);
      const m = /^([A-Z0-9_]+): (.*?)(?:, [a-z_]+(?: '.*')?)?$/s.exec(message);
      return m ? `${path}: ${m[2]} (${m[1]})` : `${path}: ${message}`;
    }
  }
}
