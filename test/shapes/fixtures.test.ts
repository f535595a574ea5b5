// Runs every shape fixture under test/fixtures/shapes/ (see test/harness/shape-annotations.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../../server/src/analysis/package-root';
import { walkFiles } from '../../server/src/analysis/file-walk';
import { checkShapeFixture } from '../harness/shape-annotations';
import { UPDATE } from '../harness/run-fixture';

const root = path.join(packageRoot(), 'test', 'fixtures', 'shapes');
const files = fs.existsSync(root) ? walkFiles(root, (f) => /\.ya?ml$/.test(f)) : [];

test('there are shape fixtures', () => {
  assert.ok(files.length > 0);
});

for (const file of files) {
  test(`shape fixture ${path.relative(root, file)}`, () => {
    const text = fs.readFileSync(file, 'utf8');
    const out = checkShapeFixture(text, file, UPDATE);
    if (out.rewritten !== undefined) fs.writeFileSync(file, out.rewritten);
    assert.deepEqual(out.failures, []);
  });
}
