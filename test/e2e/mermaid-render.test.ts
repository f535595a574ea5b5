// The Mermaid output of `cascade-lint graph` renders for real (mermaid in headless Chromium):
// every workflow of every example, and generated graphs with hostile names and shapes.
// Skips when Chromium or the devDependencies are missing, unless CASCADE_E2E=1 (CI), where it fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../../server/src/analysis/package-root';
import { walkFiles } from '../../server/src/analysis/file-walk';
import { analyzeText } from '../../server/src/analysis/analyze';
import { flowGraph } from '../../server/src/analysis/stages';
import { toMermaid } from '../../server/src/service/graph-export';
import { MermaidRenderer, missingPrerequisite } from './mermaid-page';
import { HOSTILE_NAMES, TRICKY_WORKFLOWS } from './tricky-workflows';

function mermaidOf(text: string, fileName: string): { name: string; mermaid: string }[] {
  const a = analyzeText(text, { fileName, rules: new Map(), force: true });
  const out: { name: string; mermaid: string }[] = [];
  for (const da of a.documents) for (const wf of da.model.workflows) out.push({ name: wf.name, mermaid: toMermaid(flowGraph(da, wf)) });
  return out;
}

test('mermaid output renders in headless Chromium', { timeout: 180_000 }, async (t) => {
  const missing = missingPrerequisite();
  if (missing) {
    if (process.env.CASCADE_E2E === '1') assert.fail(`CASCADE_E2E=1 but ${missing}`);
    t.skip(`${missing}; set CASCADE_E2E=1 to make this a failure`);
    return;
  }
  const renderer = await MermaidRenderer.launch();
  try {
    const examples = walkFiles(path.join(packageRoot(), 'examples'), (f) => /\.cascade\.ya?ml$/.test(f));
    assert.ok(examples.length >= 3, 'the examples are there');
    let count = 0;
    for (const file of examples) {
      for (const { name, mermaid } of mermaidOf(fs.readFileSync(file, 'utf8'), file)) {
        await t.test(`${path.relative(packageRoot(), file)} ${name}`, async () => {
          const r = await renderer.render(mermaid);
          assert.ok(r.ok, `${r.error}\n${mermaid}`);
          assert.match(r.svg!, /^<svg/);
        });
        count++;
      }
    }
    assert.ok(count >= 4);
    for (const [label, text] of Object.entries(TRICKY_WORKFLOWS)) {
      const diagrams = mermaidOf(text, `${label}.cascade.yaml`);
      assert.ok(diagrams.length > 0, `${label} has a workflow`);
      for (const { mermaid } of diagrams) {
        await t.test(`tricky: ${label}`, async () => {
          const r = await renderer.render(mermaid);
          assert.ok(r.ok, `${r.error}\n${mermaid}`);
        });
      }
    }
    // Hostile names come out of the browser exactly as written (entities decoded, nothing eaten).
    await t.test('labels round-trip: every hostile state name shows as written', async () => {
      const [hostile] = mermaidOf(TRICKY_WORKFLOWS['hostile names'], 'hostile.cascade.yaml');
      const { nodes, edges } = await renderer.labels(hostile.mermaid);
      for (const name of HOSTILE_NAMES) {
        const shown = name === '' ? undefined : name.replace(/\n/g, ' ');
        if (shown !== undefined) assert.ok(nodes.includes(shown), `label ${JSON.stringify(shown)} in ${JSON.stringify(nodes)}`);
      }
      assert.ok(edges.includes('Err "x" | y, States.Timeout'), JSON.stringify(edges));
      assert.ok(edges.includes(`$.a == "x|y" && $.b != '#;'`), JSON.stringify(edges));
    });
    // The renderer itself tells a broken diagram apart (so a pass above means something).
    const broken = await renderer.render('flowchart TD\n  a["unclosed --> b\n');
    assert.equal(broken.ok, false);
  } finally {
    await renderer.close();
  }
});
