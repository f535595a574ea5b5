// Runs every annotated fixture under test/fixtures/rules/<rule-id>/ exhaustively.
// CASCADE_UPDATE_FIXTURES=1 rewrites the annotations from the actual findings for review.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../server/src/analysis/package-root';
import { walkFiles } from '../server/src/analysis/file-walk';
import { checkFixtureFile } from './harness/run-fixture';

const root = path.join(packageRoot(), 'test', 'fixtures', 'rules');
// `*.previous.yaml` files are the earlier versions that contract fixtures compare with.
const files = fs.existsSync(root) ? walkFiles(root, (f) => /\.ya?ml$/.test(f) && !/\.previous\.ya?ml$/.test(f)) : [];

test('there are rule fixtures', () => {
  assert.ok(files.length > 0);
});

for (const file of files) {
  test(`fixture ${path.relative(root, file)}`, () => {
    const out = checkFixtureFile(file);
    assert.deepEqual({ unexpected: out.unexpected, missing: out.missing }, { unexpected: [], missing: [] }, out.rewritten);
  });
}
