// Runs every annotated fixture under test/fixtures/rules/<rule-id>/ exhaustively.
// CASCADE_UPDATE_FIXTURES=1 rewrites the annotations from the actual findings for review.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../server/src/analysis/package-root';
import { walkFiles } from '../server/src/analysis/file-walk';
import { checkFixtureFile, readFixtureConfig } from './harness/run-fixture';
import { splitAnnotations } from './harness/annotations';

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

// A `valid*.yaml` fixture is a fully clean workflow: no finding from any recommended rule, none
// turned off. Cases that need another rule to speak (an alias spelling, say) live in files named
// for what they show (`aliases.cascade.yaml`), with that finding annotated.
for (const file of files.filter((f) => /^valid/.test(path.basename(f)))) {
  test(`valid fixture ${path.relative(root, file)} has no findings and turns no rule off`, () => {
    const text = fs.readFileSync(file, 'utf8');
    assert.deepEqual(splitAnnotations(text).expected.map((e) => `${e.line + 1}: ${e.ruleId}`), []);
    const cfg = readFixtureConfig(text);
    assert.deepEqual([cfg.rules ?? {}, cfg.only, cfg.extends], [{}, undefined, undefined]);
  });
}
