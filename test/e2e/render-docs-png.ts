// Writes docs/graph-payments.png (the README's picture) from the payments example.
// Run: CASCADE_RENDER_DOCS=1 node dist/test/e2e/render-docs-png.js [example] [out.png]
// (a no-op under `node --test`, which runs every file below dist/test).
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../../server/src/analysis/package-root';
import { analyzeText } from '../../server/src/analysis/analyze';
import { flowGraph } from '../../server/src/analysis/stages';
import { toMermaid } from '../../server/src/service/graph-export';
import { MermaidRenderer } from './mermaid-page';

async function main(): Promise<void> {
  const root = packageRoot();
  const input = path.resolve(process.argv[2] ?? path.join(root, 'examples', 'payments.cascade.yaml'));
  const output = path.resolve(process.argv[3] ?? path.join(root, 'docs', 'graph-payments.png'));
  const a = analyzeText(fs.readFileSync(input, 'utf8'), { fileName: input, rules: new Map(), force: true });
  const da = a.documents.find((d) => d.model.workflows.length > 0);
  if (!da) throw new Error(`no workflow in ${input}`);
  const mermaid = toMermaid(flowGraph(da, da.model.workflows[0]));
  fs.mkdirSync(path.dirname(output), { recursive: true });
  const r = await MermaidRenderer.launch();
  try {
    await r.screenshot(mermaid, output);
  } finally {
    await r.close();
  }
  process.stdout.write(`wrote ${path.relative(process.cwd(), output)}\n`);
}

if (process.env.CASCADE_RENDER_DOCS === '1') {
  main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  });
}
