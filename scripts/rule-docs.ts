// Writes docs/rules.md from every rule's meta (summary, severity, options, examples).
// `npm run docs` regenerates it; a test checks that the committed file is current.
import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES } from '../rules';
import { packageRoot } from '../server/src/analysis/package-root';

export function renderRuleDocs(): string {
  const out: string[] = ['# cascade-lint rules', '', 'Generated from each rule\'s `meta` by `npm run docs`; do not edit by hand.', ''];
  out.push('| rule | default | fixable | summary |', '|---|---|---|---|');
  for (const r of ALL_RULES) out.push(`| [\`${r.meta.id}\`](#${r.meta.id}) | ${r.meta.recommended ? r.meta.defaultSeverity : 'off'} | ${r.meta.fixable ? 'yes' : ''} | ${r.meta.summary} |`);
  for (const r of ALL_RULES) {
    out.push('', `## ${r.meta.id}`, '', `**${r.meta.summary}** Default: \`${r.meta.recommended ? r.meta.defaultSeverity : 'off'}\`${r.meta.fixable ? ', autofixable' : ''}.`, '', r.meta.docs.description);
    if (r.meta.optionsSchema) out.push('', 'Options:', '', '```json', JSON.stringify(r.meta.optionsSchema, null, 2), '```');
    for (const ex of r.meta.docs.invalid) out.push('', 'Invalid:', '', '```yaml', ex.trimEnd(), '```');
    for (const ex of r.meta.docs.valid) out.push('', 'Valid:', '', '```yaml', ex.trimEnd(), '```');
  }
  return out.join('\n') + '\n';
}

if (require.main === module) {
  const file = path.join(packageRoot(), 'docs', 'rules.md');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, renderRuleDocs());
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}
