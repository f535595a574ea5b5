// The json format is ESLint's shape: per file {filePath, messages, errorCount, warningCount,
// fixableErrorCount, fixableWarningCount}; info findings are severity 1 with "level": "info"
// and count neither as warnings nor against --max-warnings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { INPUTS, parseJson, run } from './helpers';

test('json: ESLint result and message shape, 1-based UTF-16 positions, counts that add up', async () => {
  const r = await run(['-f', 'json', '.']);
  const results = parseJson(r.stdout);
  assert.ok(results.length >= 4);
  for (const res of results) {
    assert.ok(path.isAbsolute(res.filePath));
    for (const k of ['errorCount', 'warningCount', 'fixableErrorCount', 'fixableWarningCount']) assert.equal(typeof (res as unknown as Record<string, unknown>)[k], 'number', k);
    let errors = 0;
    let warnings = 0;
    let fixE = 0;
    let fixW = 0;
    for (const m of res.messages) {
      assert.equal(typeof m.ruleId, 'string');
      assert.ok(m.severity === 1 || m.severity === 2);
      assert.ok(m.message.length > 0 && !m.message.includes('\n'), 'one-line messages');
      for (const k of ['line', 'column', 'endLine', 'endColumn'] as const) assert.ok(Number.isInteger(m[k]) && m[k] >= 1, k);
      assert.ok(m.endLine > m.line || (m.endLine === m.line && m.endColumn >= m.column));
      if (m.level !== undefined) assert.equal(m.level, 'info');
      if (m.level === 'info') assert.equal(m.severity, 1);
      if (m.fix) {
        assert.ok(Array.isArray(m.fix.range) && m.fix.range.length === 2 && m.fix.range[0] <= m.fix.range[1]);
        assert.equal(typeof m.fix.text, 'string');
      }
      if (m.severity === 2) {
        errors++;
        if (m.fix) fixE++;
      } else if (m.level !== 'info') {
        warnings++;
        if (m.fix) fixW++;
      }
    }
    assert.deepEqual([res.errorCount, res.warningCount, res.fixableErrorCount, res.fixableWarningCount], [errors, warnings, fixE, fixW], res.filePath);
  }
  const orders = results.find((x) => x.filePath === path.join(INPUTS, 'orders.cascade.yaml'))!;
  const fixable = orders.messages.find((m) => m.ruleId === 'prefer-canonical-keys' && m.line === 17)!;
  assert.deepEqual(fixable.fix, { range: [fixable.fix!.range[0], fixable.fix!.range[0] + 'resultPath'.length], text: 'result' });
});

test('json: columns count UTF-16 code units (an emoji is two), as ESLint does', async () => {
  const [res] = parseJson((await run(['-f', 'json', 'unicode.cascade.yaml'])).stdout);
  const lines = fs.readFileSync(path.join(INPUTS, 'unicode.cascade.yaml'), 'utf8').split('\n');
  const metaLine = lines.findIndex((l) => l.startsWith('metadata:'));
  const nxtLine = lines.findIndex((l) => l.includes('nxt:'));
  assert.equal(lines[metaLine], 'metadata: { name: unicode, labels: { icon: "🚀✨" }, annotation: x }');
  assert.equal(lines[nxtLine], '        - { name: Hello, type: Pass, value: "he\u0301llo 🚀 注文", nxt: Bye, end: true }');
  const col = (line: number, word: string) => lines[line].indexOf(word) + 1; // String#indexOf counts UTF-16 units
  assert.deepEqual(
    res.messages.map((m) => [m.line, m.column, m.endColumn]),
    [
      [metaLine + 1, col(metaLine, 'annotation'), col(metaLine, 'annotation') + 'annotation'.length],
      [nxtLine + 1, col(nxtLine, 'nxt'), col(nxtLine, 'nxt') + 3],
    ],
  );
});

test('json: info findings are severity 1 with level "info", in no count, and never fail --max-warnings', async () => {
  const [res] = parseJson((await run(['-f', 'json', '--max-warnings', '2', 'fragment.cascade.yaml'])).stdout);
  const info = res.messages.filter((m) => m.level === 'info');
  assert.deepEqual(info.map((m) => [m.ruleId, m.severity]), [['missing-envelope', 1]]);
  assert.equal(res.warningCount, 2, 'two warnings; the info is not one');
  assert.equal((await run(['--max-warnings', '2', 'fragment.cascade.yaml'])).code, 0);
});
