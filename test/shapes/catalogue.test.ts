// Declarations from a catalogue named by the config (`activities:` globs) make shapes exact
// exactly like `spec.activities` and `spec.schemas` do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Project } from '../../server/src/analysis/project';

test('catalogue activities and schemas shape results', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-cat-'));
  try {
    fs.mkdirSync(path.join(dir, 'catalogue'));
    fs.writeFileSync(path.join(dir, '.cascade-lint.yaml'), 'activities:\n  - catalogue/*.yaml\n');
    fs.writeFileSync(
      path.join(dir, 'catalogue', 'crm.yaml'),
      'activities:\n  - urn: urn:cascade:activity:load_customer\n    output: { id: string, name: string }\nschemas:\n  - urn: urn:cascade:schema:approve\n    schema: { type: object, properties: { ok: { type: boolean } }, required: [ok], additionalProperties: false }\n',
    );
    const file = path.join(dir, 'flow.cascade.yaml');
    const text = [
      'states:',
      '  - name: Load',
      '    type: Task',
      '    resource: urn:cascade:activity:load_customer',
      '    result: $.customer',
      '    next: Ask',
      '  - name: Ask',
      '    type: HumanTask',
      '    ui: { schema: "urn:cascade:schema:approve", target: rjsf }',
      '    result: $.answer',
      '    next: Use',
      '  - name: Use',
      '    type: Task',
      '    resource: urn:cascade:activity:use',
      '    parameters:',
      '      name: "{{ $.customer.nam }}"',
      '      ok: "{{ $.answer.okay }}"',
      '    end: true',
      '',
    ].join('\n');
    const a = new Project().analyze(file, text);
    const found = a.findings.filter((f) => f.ruleId === 'unknown-property').map((f) => [text.slice(f.span.start, f.span.end), f.message]);
    assert.deepEqual(found, [
      ['nam', '"nam" is not a property of "$.customer" (the declared output of "urn:cascade:activity:load_customer"), which has "id", "name"; did you mean "$.customer.name"?'],
      ['okay', '"okay" is not a property of "$.answer" (the form schema "urn:cascade:schema:approve"), which has "ok".'],
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
