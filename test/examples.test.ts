// The bundled examples are the README demo: under every rule (extends: all) they produce no
// finding at all, except the info note on the documentation fragments in examples/snippets/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../server/src/analysis/package-root';
import { walkFiles } from '../server/src/analysis/file-walk';
import { analyzeText, rulesById } from '../server/src/analysis/analyze';
import { LineIndex } from '../server/src/syntax/line-index';

const root = path.join(packageRoot(), 'examples');
const files = walkFiles(root, (f) => /\.(cascade|cdl)\.ya?ml$/.test(f));
const all = new Map([...rulesById().values()].map((r) => [r.meta.id, { severity: r.meta.defaultSeverity, options: { ...(r.meta.defaultOptions ?? {}) } }]));

test('there are at least three example applications', () => {
  assert.ok(files.filter((f) => !f.includes(`${path.sep}snippets${path.sep}`)).length >= 3);
});

for (const file of files) {
  test(`example ${path.relative(root, file)} is clean under every rule`, () => {
    const text = fs.readFileSync(file, 'utf8');
    const a = analyzeText(text, { fileName: file, rules: all });
    assert.deepEqual(a.internalErrors, []);
    const lines = new LineIndex(text);
    const findings = a.findings
      .filter((f) => !(f.ruleId === 'missing-envelope' && file.includes(`${path.sep}snippets${path.sep}`)))
      .map((f) => `${lines.positionAt(f.span.start).line + 1}:${lines.positionAt(f.span.start).character + 1} ${f.ruleId} ${f.message}`);
    assert.deepEqual(findings, []);
  });
}
