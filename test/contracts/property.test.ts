// Generated workflows with arbitrary versions, contracts and migrations, compared with arbitrary
// earlier versions: the contract rules and the hover never crash, and findings stay in the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';

// A fixed seed keeps CI deterministic; CASCADE_PROPERTY_SEED explores other inputs.
fc.configureGlobal({ seed: Number(process.env.CASCADE_PROPERTY_SEED ?? 20261125) });
import { analyzeText } from '../../server/src/analysis/analyze';
import { historiesOfText } from '../../server/src/analysis/contract-sources';
import { contractHoverAt } from '../../server/src/service/contract-hover';

const version = fc.constantFrom('v1', 'v2', 'v3', 'v10', '2', 'V2', 'v2.0', '"v3"', 'null', '[v1]', '{}', '');
const name = fc.constantFrom('id', 'customer_id', 'customer.id', 'customer', 'a..b', '__proto__', 'constructor', 'x y', '"q"');
const compactType = fc.constantFrom('string', 'string?', 'integer', 'number[]', 'any', 'object', 'strng', '{ id: string }', '{ id: integer? }', '[]', 'null');
const input = fc.oneof(
  fc.array(fc.tuple(name, compactType), { maxLength: 4 }).map((fs) => `input: { ${fs.map(([n, t]) => `${n}: ${t}`).join(', ')} }`),
  fc.constantFrom('input_schema: { type: object, properties: { id: { enum: [a, b] } }, required: [id] }', 'input_schema: urn:cascade:schema:missing', 'input_schema: true', 'input_schema: { $ref: "#/definitions/x" }', 'input: 3', ''),
);
const migration = fc
  .tuple(version, version, fc.array(fc.tuple(name, name), { maxLength: 2 }), fc.array(fc.tuple(name, fc.constantFrom('1', 'x', 'null', '[1]', '{a: 1}')), { maxLength: 2 }), fc.array(name, { maxLength: 2 }))
  .map(([from, to, rename, set, remove]) => `      - { from: ${from}, to: ${to}, rename: { ${rename.map(([a, b]) => `${a}: ${b}`).join(', ')} }, set: { ${set.map(([a, b]) => `${a}: ${b}`).join(', ')} }, remove: [${remove.join(', ')}] }`);
const workflowText = fc
  .tuple(version, input, fc.array(migration, { maxLength: 3 }), fc.constantFrom('workflow.input.id', '$.workflow.input.customer_id', 'workflow.input.customer.id', 'workflow.input.a.b'))
  .map(([v, inp, migs, read]) => `workflows:\n  - name: W\n    version: ${v}\n    ${inp}\n${migs.length ? `    migrations:\n${migs.join('\n')}\n` : ''}    start: S\n    states:\n      - name: S\n        type: Pass\n        value: "{{ ${read} }}"\n        end: true\n`);

test('property: contract rules and hover never crash on generated workflows and histories', () => {
  fc.assert(
    fc.property(workflowText, workflowText, (now, before) => {
      const previousContracts = { kind: 'baseline' as const, label: 'HEAD', workflows: historiesOfText(before, 'w.cascade.yaml', { activities: [], schemas: [] }) };
      const a = analyzeText(now, { fileName: 'w.cascade.yaml', previousContracts });
      assert.deepEqual(a.internalErrors, []);
      for (const f of a.findings) assert.ok(f.span.start >= 0 && f.span.end <= now.length, `${f.ruleId} span out of the text`);
      for (const da of a.documents) contractHoverAt(da, now.indexOf('version:') + 1);
    }),
    { numRuns: 400 },
  );
});
