// Hover on `version`: the contract history as markdown (for the language server to show).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../../server/src/analysis/package-root';
import { Project } from '../../server/src/analysis/project';
import { analyzeText } from '../../server/src/analysis/analyze';
import { contractHoverAt } from '../../server/src/service/contract-hover';

const dir = path.join(packageRoot(), 'examples', 'order-versions');
const file = path.join(dir, 'order-intake.cascade.yaml');

test('hover on version: recorded versions, their changes and the migrations', () => {
  const text = fs.readFileSync(file, 'utf8');
  const a = new Project({ cwd: dir }).analyze(file, text);
  const offset = text.indexOf('version: v3') + 'version: v'.length;
  const h = contractHoverAt(a.documents[0], offset);
  assert.ok(h);
  assert.equal(text.slice(h.span.start, h.span.end), 'version: v3');
  const md = h.contents;
  assert.match(md, /^\*\*Input contract of `OrderIntake`\*\* — version `v3`/);
  assert.match(md, /\| v1 \| `\{customer_id: string, order_id: string\}` \| — \|/);
  assert.match(md, /\| v2 \| `\{customer_id: string, order_id: string, validation_status\?: string\}` \| compatible: optional field "validation_status" \(string\) was added \|/);
  assert.match(md, /\| v3 \| `\{customer: \{id: string\}, order: \{id: string\}\}` \| \*\*breaking\*\*: field "customer_id" \(string\) was removed;/);
  assert.match(md, /- `v1` → `v2`: set `validation_status`/);
  assert.match(md, /- `v2` → `v3`: rename `customer_id` → `customer.id`, `order_id` → `order.id`; remove `validation_status`/);
  assert.match(md, /History recorded in "cascade.contracts.json"\.$/);
  assert.equal(contractHoverAt(a.documents[0], text.indexOf('timeout: 7d')), null);
});

test('hover on version without history, and with a change not yet recorded', () => {
  const text = 'workflows:\n  - name: W\n    version: v2\n    input: { id: integer }\n    start: D\n    states: [{ name: D, type: Succeed }]\n';
  const bare = analyzeText(text, { fileName: 'w.cascade.yaml' });
  const md = contractHoverAt(bare.documents[0], text.indexOf('v2'))!.contents;
  assert.match(md, /\| v2 \(this file, not recorded\) \| `\{id: integer\}` \| — \|/);
  assert.match(md, /No recorded history/);
  const withHistory = analyzeText(text, {
    fileName: 'w.cascade.yaml',
    previousContracts: { kind: 'baseline', label: 'main', workflows: new Map([['W', new Map([['v2', { input: { kind: 'object', open: false, fields: new Map([['id', { type: { kind: 'string' }, required: true }]]) } }]])]]) },
  });
  const md2 = contractHoverAt(withHistory.documents[0], text.indexOf('v2'))!.contents;
  assert.match(md2, /\| v2 \(this file\) \| `\{id: integer\}` \| \*\*breaking\*\*: field "id" changed type from string to integer \|/);
  assert.match(md2, /History at "main"\./);
});
