// docs/rules.md is generated from the rules' meta; this keeps it current.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { renderRuleDocs } from '../scripts/rule-docs';
import { packageRoot } from '../server/src/analysis/package-root';

test('docs/rules.md is up to date (npm run docs)', () => {
  const file = path.join(packageRoot(), 'docs', 'rules.md');
  assert.equal(fs.readFileSync(file, 'utf8'), renderRuleDocs());
});
