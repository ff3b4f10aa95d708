import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from './options';

/**
 * Checks, before anything is fetched, that `file` (the value of `flag`, e.g. --out) can be written: its directory
 * exists or is created now, the path is not a directory, and the file can be opened for writing (opened in append
 * mode, so an existing file is left as it is; a file created by the check is removed again). A directory created
 * here stays; one created for a path that then fails the check is removed.
 * @throws UsageError naming the flag and the path, with the reason (no stack).
 */
export function checkWritable(flag: string, file: string): void {
  const target = path.resolve(file);
  const where = `${flag} ${JSON.stringify(file)}`;
  if (isDirectory(target)) {
    const example = path.join(file, flag === '--chart' ? 'chart.png' : 'report.md');
    throw new UsageError(`${where} is a directory; give a file name, e.g. ${example}`);
  }
  const dir = path.dirname(target);
  let created: string | undefined;
  const existed = fs.existsSync(target);
  try {
    created = fs.mkdirSync(dir, { recursive: true });
    fs.closeSync(fs.openSync(target, 'a'));
    if (!existed) {
      fs.rmSync(target, { force: true });
    }
  } catch (e) {
    if (created) {
      fs.rmSync(created, { recursive: true, force: true });
    }
    throw new UsageError(`${where}: ${reason(e, path.dirname(file))}; choose a path you can write to`);
  }
}

/** Checks that --out and --chart are not one file, also through symbolic links. @throws UsageError */
export function checkDistinct(out: string, chart: string): void {
  if (real(out) === real(chart)) {
    throw new UsageError(
      `--out ${JSON.stringify(out)} and --chart ${JSON.stringify(chart)} are the same file; give them different names`
    );
  }
}

/**
 * Writes with `write` and turns a failure (disk full, a path removed since the check, …) into an error that names
 * the flag and the path, without a stack. @throws OutputError
 */
export function writeOutput(flag: string, file: string, write: () => void): void {
  try {
    write();
  } catch (e) {
    throw new OutputError(`${flag} ${JSON.stringify(file)}: cannot write it: ${reason(e, path.dirname(file))}`);
  }
}

/** A report or chart that could not be written after detection ran: exit code 2 with this message. */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

/** Node's error codes in words. */
function reason(e: unknown, dir: string): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'EEXIST':
    case 'ENOTDIR':
      return `${JSON.stringify(nonDirectoryAncestor(dir) ?? dir)} is a file, not a directory`;
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ENOENT':
      return `cannot create a file in ${JSON.stringify(dir)}`;
    default:
      return err?.code ? `${err.code}: ${err.message}` : String(err?.message ?? e);
  }
}

/** The nearest ancestor of dir (itself included, written as given) that exists and is not a directory. */
function nonDirectoryAncestor(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(d)) {
      return isDirectory(d) ? undefined : d;
    }
    if (path.dirname(d) === d) {
      return undefined;
    }
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The path with its directory's symbolic links resolved (the file itself too when it exists). */
function real(file: string): string {
  const target = path.resolve(file);
  try {
    return fs.realpathSync(target);
  } catch {
    try {
      return path.join(fs.realpathSync(path.dirname(target)), path.basename(target));
    } catch {
      return target;
    }
  }
}
