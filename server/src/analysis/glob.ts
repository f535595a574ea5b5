// Minimal glob matching for config `ignore`, `overrides.files` and `activities` patterns:
// `**`, `*`, `?`, `{a,b}` and `[...]`, matched against forward-slash relative paths.

const cache = new Map<string, RegExp>();

/**
 * `anchored`: a pattern without a slash matches in the base folder only, as a shell expands it
 * (command-line and catalogue globs); otherwise at any depth, like .gitignore (config `ignore`).
 */
export function globToRegExp(glob: string, anchored = false): RegExp {
  const key = (anchored ? 'A' : 'U') + glob;
  const hit = cache.get(key);
  if (hit) return hit;
  let re = '';
  let i = 0;
  let braces = 0;
  const g = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  while (i < g.length && i < 4096) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        const slashAfter = g[i + 2] === '/';
        re += slashAfter ? '(?:.*/)?' : '.*';
        i += slashAfter ? 3 : 2;
        continue;
      }
      re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else if (c === '[') {
      const close = g.indexOf(']', i + 1);
      if (close > i) {
        re += '[' + g.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = close;
      } else re += '\\[';
    } else re += c.replace(/[.+^$()|\\\]]/g, '\\$&');
    i++;
  }
  while (braces-- > 0) re += ')';
  // A pattern without a slash matches at any depth, like .gitignore.
  const source = anchored || g.includes('/') ? `^${re}(?:/.*)?$` : `^(?:.*/)?${re}(?:/.*)?$`;
  let out: RegExp;
  try {
    out = new RegExp(source);
  } catch {
    out = /^$/;
  }
  cache.set(key, out);
  return out;
}

export function matchesGlob(relPath: string, glob: string, anchored = false): boolean {
  return globToRegExp(glob, anchored).test(relPath.replace(/\\/g, '/').replace(/^\.\//, ''));
}

export function isGlob(s: string): boolean {
  return /[*?{[]/.test(s);
}
