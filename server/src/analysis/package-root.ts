// Locates files shipped with the package (schemas/) from compiled or source locations alike.
import * as fs from 'fs';
import * as path from 'path';

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && fs.existsSync(path.join(dir, 'schemas'))) return (root = dir);
    dir = path.dirname(dir);
  }
  return (root = path.resolve(__dirname, '../../../..'));
}

export function readPackageJson(): { version: string; name: string } {
  try {
    return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string; name: string };
  } catch {
    return { version: '0.0.0', name: 'cascade-lint' };
  }
}
