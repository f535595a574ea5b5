// What the CLI hands to formatters: one linted file with its findings and line index.
import { Finding } from '../syntax/types';
import { LineIndex } from '../syntax/line-index';

export interface LintResult {
  filePath: string;
  /** Path relative to the working directory, forward slashes. */
  relPath: string;
  text: string;
  lines: LineIndex;
  findings: Finding[];
  /** Fixed text when --fix/--fix-dry-run changed something. */
  output?: string;
}

export interface Pos1 {
  line: number;
  column: number;
}

/** 1-based line and UTF-16 column of an offset, as ESLint reports them. */
export function pos1(lines: LineIndex, offset: number): Pos1 {
  const p = lines.positionAt(offset);
  return { line: p.line + 1, column: p.character + 1 };
}

export function counts(findings: Finding[]): { errors: number; warnings: number; infos: number; fixableErrors: number; fixableWarnings: number } {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  for (const f of findings) {
    if (f.severity === 'error') {
      errors++;
      if (f.fix) fixableErrors++;
    } else if (f.severity === 'warning') {
      warnings++;
      if (f.fix) fixableWarnings++;
    } else infos++;
  }
  return { errors, warnings, infos, fixableErrors, fixableWarnings };
}
