// Bounded folder walks and glob expansion, shared by file discovery (CLI) and catalogue loading.
import * as fs from 'fs';
import * as path from 'path';
import { isGlob, matchesGlob } from './glob';

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);
export const MAX_FILES = 100_000;
const MAX_DEPTH = 64;

export function walkFiles(dir: string, filter: (f: string) => boolean, out: string[] = [], depth = 0): string[] {
  if (depth > MAX_DEPTH || out.length >= MAX_FILES) return out;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walkFiles(p, filter, out, depth + 1);
    } else if (e.isFile() && filter(p)) {
      out.push(p);
      if (out.length >= MAX_FILES) return out;
    }
  }
  return out;
}

/** Files under `cwd` matching a glob (or the file itself when the pattern names one). */
export function expandGlob(pattern: string, cwd: string, filter: (f: string) => boolean = () => true): string[] {
  const abs = path.resolve(cwd, pattern);
  if (!isGlob(pattern)) {
    try {
      const st = fs.statSync(abs);
      if (st.isFile()) return [abs];
      if (st.isDirectory()) return walkFiles(abs, filter);
    } catch {
      return [];
    }
    return [];
  }
  const norm = pattern.replace(/\\/g, '/');
  const staticParts: string[] = [];
  for (const p of norm.split('/')) {
    if (isGlob(p)) break;
    staticParts.push(p);
  }
  const base = path.resolve(cwd, staticParts.join('/') || '.');
  // Anchored: `*.yaml` means this folder only, as a shell would expand it.
  return walkFiles(base, filter).filter((f) => matchesGlob(path.relative(cwd, f).replace(/\\/g, '/'), norm, true) || matchesGlob(f.replace(/\\/g, '/'), norm, true));
}
