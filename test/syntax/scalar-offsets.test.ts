// Each character of a scalar's value maps back to where it is written, whatever the scalar's
// style: plain, quoted with escapes, folded over lines, literal and folded blocks, CRLF.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml, scalarCharOffsets, YNode, YScalar } from '../../server/src/syntax/yaml-tree';

function firstScalarValue(root: YNode | null): YScalar {
  assert.ok(root && root.kind === 'map');
  const v = root.pairs[0].value;
  assert.ok(v && v.kind === 'scalar');
  return v;
}

/** Every occurrence of each marker in the value maps to the same marker in the source. */
function check(yaml: string, markers: string[]): void {
  const parsed = parseYaml(yaml);
  assert.deepEqual(parsed.problems, []);
  const node = firstScalarValue(parsed.documents[0].root);
  const value = String(node.value);
  const map = scalarCharOffsets(yaml, node);
  let from = 0;
  for (const m of markers) {
    const i = value.indexOf(m);
    assert.ok(i >= 0, `"${m}" in the value of ${JSON.stringify(yaml)}`);
    const at = yaml.indexOf(m, from);
    assert.equal(map(i), at, `"${m}" in ${JSON.stringify(yaml)}`);
    assert.equal(map(i + m.length - 1) + 1, at + m.length, `end of "${m}" in ${JSON.stringify(yaml)}`);
    from = at + m.length;
  }
}

const cases: [string, string, string[]][] = [
  ['plain one line', 'k: a {{ AAA }} b\n', ['AAA']],
  ['plain over lines', 'k: first {{ AAA }}\n  second {{ BBB }}\n\n  third CCC\n', ['AAA', 'BBB', 'CCC']],
  ['double-quoted escapes', 'k: "\\t\\u00e9\\U0001F600 AAA \\"q\\" BBB"\n', ['AAA', 'BBB']],
  ['double-quoted over lines', 'k: "one AAA\n  two BBB   \n\n  three \\\n  CCC"\n', ['AAA', 'BBB', 'CCC']],
  ['double-quoted escaped space before a break', 'k: "one\\ \n  AAA"\n', ['AAA']],
  ['single-quoted over lines', "k: 'it''s AAA\n  and BBB'\n", ['AAA', 'BBB']],
  ['literal block', 'k: |\n  line AAA\n    more BBB\n\n  last CCC\n', ['AAA', 'BBB', 'CCC']],
  ['literal block, strip', 'k: |-\n  AAA\n  BBB\n', ['AAA', 'BBB']],
  ['folded block', 'k: >\n  Dear AAA,\n  total BBB\n\n  next CCC\n    indented DDD\n  back EEE\n', ['AAA', 'BBB', 'CCC', 'DDD', 'EEE']],
  ['folded block, keep, with comment', 'k: >+ # note\n  AAA\n  BBB\n\n', ['AAA', 'BBB']],
  ['folded block, CRLF', 'k: >\r\n  one AAA\r\n  two BBB\r\n', ['AAA', 'BBB']],
  ['double-quoted over lines, CRLF', 'k: "one AAA\r\n  two BBB"\r\n', ['AAA', 'BBB']],
  ['folded block in a sequence', 'k:\n  - >\n    x AAA\n    y BBB\n', ['AAA', 'BBB']],
];

for (const [name, yaml, markers] of cases) {
  test(`scalar offsets: ${name}`, () => {
    if (name === 'folded block in a sequence') {
      const parsed = parseYaml(yaml);
      const root = parsed.documents[0].root;
      assert.ok(root && root.kind === 'map');
      const seq = root.pairs[0].value;
      assert.ok(seq && seq.kind === 'seq');
      const node = seq.items[0] as YScalar;
      const map = scalarCharOffsets(yaml, node);
      for (const m of markers) assert.equal(map(String(node.value).indexOf(m)), yaml.indexOf(m));
      return;
    }
    check(yaml, markers);
  });
}
