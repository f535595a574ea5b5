// Where the `*.cascade-test.yaml` files of a project are: the name pattern (shared with the
// interpreter) and a bounded walk for them (node_modules and .git skipped, as for lint targets).
import { walkFiles } from './file-walk';

export const TEST_FILE_PATTERN = /\.cascade-test\.ya?ml$/i;

/** The test files under the given folders, each once, in walk order. */
export function findTestFiles(roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const root of roots) {
    for (const f of walkFiles(root, (x) => TEST_FILE_PATTERN.test(x))) {
      if (seen.has(f)) continue;
      seen.add(f);
      out.push(f);
    }
  }
  return out;
}
