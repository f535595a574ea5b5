// Finds the files to lint: explicit files, folders (Cascade files only; node_modules and
// .git skipped) and globs.
import * as fs from 'fs';
import * as path from 'path';
import { hasCascadeFileName } from '../model/build';
import { isGlob } from '../analysis/glob';
import { expandGlob, walkFiles } from '../analysis/file-walk';

export interface Target {
  file: string;
  /** Named on the command line: linted even if it does not look like a Cascade file. */
  explicit: boolean;
  /** The command-line pattern (file, folder or glob) that found it. */
  pattern: string;
}

export interface FindOptions {
  /**
   * A folder that holds no matching file is an error too, as in ESLint (the lint command). The
   * `test` and `contracts` commands report "nothing found" over all their patterns instead.
   */
  errorOnEmptyFolder?: boolean;
  /** false (`--no-error-on-unmatched-pattern`): a pattern that matches nothing is skipped. */
  errorOnUnmatched?: boolean;
}

/** Does a .yaml/.yml file start with `apiVersion: cascade.io/...` in its first document? */
export function sniffCascade(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(8192);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const lines = buf.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n|\r/);
    // Skip what may precede the first document: blank lines, comments, %directives, one `---`.
    let i = 0;
    while (i < lines.length && (/^\s*(#.*)?$/.test(lines[i]) || lines[i].startsWith('%'))) i++;
    if (i < lines.length && /^---(\s|$)/.test(lines[i])) i++;
    // The first document runs to the next document marker; its root key must say cascade.io/.
    for (; i < lines.length && !/^(---|\.\.\.)(\s|$)/.test(lines[i]); i++) {
      if (/^apiVersion:\s*["']?cascade\.io\//.test(lines[i])) return true;
    }
    return false;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export function isCascadeCandidate(file: string): boolean {
  if (hasCascadeFileName(file)) return true;
  return /\.ya?ml$/i.test(file) && !/\.cascade-test\.ya?ml$/i.test(file) && sniffCascade(file);
}

export class NoFilesError extends Error {}

export const noMatchMessage = (pattern: string): string => `No files matching the pattern "${pattern}" were found.`;

/**
 * Resolve command-line patterns to files. Throws NoFilesError for a missing path, a glob that
 * matches nothing and (with errorOnEmptyFolder) a folder with no matching file.
 */
export function findFiles(patterns: string[], cwd: string, filter: (f: string) => boolean = isCascadeCandidate, options: FindOptions = {}): Target[] {
  const seen = new Set<string>();
  const out: Target[] = [];
  const add = (file: string, explicit: boolean, pattern: string): void => {
    const abs = path.resolve(cwd, file);
    if (seen.has(abs)) return;
    seen.add(abs);
    out.push({ file: abs, explicit, pattern });
  };
  const unmatched = (message: string): void => {
    if (options.errorOnUnmatched !== false) throw new NoFilesError(message);
  };
  for (const pat of patterns.length ? patterns : ['.']) {
    const abs = path.resolve(cwd, pat);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(abs);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      const found = walkFiles(abs, filter);
      if (found.length === 0 && options.errorOnEmptyFolder) unmatched(noMatchMessage(pat));
      found.forEach((f) => add(f, false, pat));
    } else if (stat?.isFile()) {
      add(abs, true, pat);
    } else if (isGlob(pat)) {
      const matched = expandGlob(pat, cwd, (f) => /\.ya?ml$/i.test(f)).filter(filter);
      if (matched.length === 0) unmatched(noMatchMessage(pat));
      matched.forEach((f) => add(f, false, pat));
    } else {
      unmatched(`No such file or folder: "${pat}".`);
    }
  }
  return out;
}
