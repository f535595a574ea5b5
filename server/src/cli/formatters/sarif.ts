// SARIF 2.1.0 for GitHub code scanning: one run, the tool's rules, results with regions.
import * as path from 'path';
import { Finding } from '../../syntax/types';
import { LintResult, pos1 } from '../result';
import type { Rule } from '../../analysis/rule';
import { readPackageJson } from '../../analysis/package-root';
import { ruleDocsUrl } from '../../analysis/docs-url';

function level(s: Finding['severity']): 'error' | 'warning' | 'note' {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}

export function formatSarif(results: LintResult[], rules: readonly Rule[], cwd: string): string {
  const used = new Set<string>();
  for (const r of results) for (const f of r.findings) used.add(f.ruleId);
  const ruleList = rules.filter((r) => used.has(r.meta.id));
  const index = new Map(ruleList.map((r, i) => [r.meta.id, i]));
  const uri = (p: string): string => path.relative(cwd, p).split(path.sep).map(encodeURIComponent).join('/');
  const region = (r: LintResult, s: { start: number; end: number }): Record<string, number> => {
    const a = pos1(r.lines, s.start);
    const b = pos1(r.lines, s.end);
    return { startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column, charOffset: s.start, charLength: s.end - s.start };
  };
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'cascade-lint',
            version: readPackageJson().version,
            informationUri: 'https://github.com/cascade-lint/cascade-lint',
            rules: ruleList.map((r) => ({
              id: r.meta.id,
              name: r.meta.id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
              shortDescription: { text: r.meta.summary },
              fullDescription: { text: r.meta.docs.description },
              helpUri: ruleDocsUrl(r.meta.id),
              defaultConfiguration: { level: level(r.meta.defaultSeverity) },
              properties: { tags: [r.meta.kind] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: 'file://' + cwd.split(path.sep).map(encodeURIComponent).join('/') + '/' } },
        columnKind: 'utf16CodeUnits',
        results: results.flatMap((r) =>
          r.findings.map((f) => {
            const res: Record<string, unknown> = {
              ruleId: f.ruleId,
              level: level(f.severity),
              message: { text: f.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: uri(r.filePath), uriBaseId: '%SRCROOT%' }, region: region(r, f.span) } }],
            };
            const i = index.get(f.ruleId);
            if (i !== undefined) res.ruleIndex = i;
            if (f.related.length) {
              res.relatedLocations = f.related.map((x, id) => ({
                id,
                message: { text: x.message },
                physicalLocation: { artifactLocation: { uri: uri(r.filePath), uriBaseId: '%SRCROOT%' }, region: region(r, x.span) },
              }));
            }
            return res;
          }),
        ),
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
