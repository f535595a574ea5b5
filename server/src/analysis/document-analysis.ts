// Everything computed once per document version and shared by the rules and editor features:
// the model, schema problems, parsed values, flow graphs and context shapes (lazily, cached).
import { LineIndex } from '../syntax/line-index';
import { ParsedText, SyntaxProblem } from '../syntax/yaml-tree';
import { ActivityDeclaration, CascadeDocument, SchemaDeclaration } from '../model/types';
import type { PreviousContracts } from '../shapes/contracts/history';

/** Declarations from catalogue files named by the config's `activities:` globs. */
export interface Catalogue {
  activities: ActivityDeclaration[];
  schemas: SchemaDeclaration[];
}

export interface FileContext {
  text: string;
  fileName: string;
  lines: LineIndex;
  parsed: ParsedText;
  catalogue: Catalogue;
  /** Recorded input contracts of this file's workflows (contracts file or git baseline). */
  previousContracts?: PreviousContracts;
}

export class DocumentAnalysis {
  private readonly memo = new Map<string, unknown>();

  constructor(
    readonly file: FileContext,
    readonly model: CascadeDocument,
  ) {}

  /** Memoise a derived value for this document version. */
  cached<T>(key: string, compute: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const v = compute();
    this.memo.set(key, v);
    return v;
  }

  /** The YAML problems that fall inside this document (the last document takes the rest). */
  get syntaxProblems(): SyntaxProblem[] {
    return this.cached('syntaxProblems', () => {
      const docs = this.file.parsed.documents;
      const i = this.model.index;
      return this.file.parsed.problems.filter((p) => {
        const owner = docs.findIndex((d) => p.span.start < d.span.end);
        return (owner === -1 ? docs.length - 1 : owner) === i;
      });
    });
  }

  /** Activity declarations visible to this document: its own first, then the catalogue's. */
  get activities(): Map<string, ActivityDeclaration> {
    return this.cached('activities', () => {
      const m = new Map<string, ActivityDeclaration>();
      for (const a of this.model.activities) if (a.urn && !m.has(a.urn)) m.set(a.urn, a);
      for (const a of this.file.catalogue.activities) if (a.urn && !m.has(a.urn)) m.set(a.urn, a);
      return m;
    });
  }

  get schemas(): Map<string, SchemaDeclaration> {
    return this.cached('schemas', () => {
      const m = new Map<string, SchemaDeclaration>();
      for (const s of this.model.schemas) if (s.urn && !m.has(s.urn)) m.set(s.urn, s);
      for (const s of this.file.catalogue.schemas) if (s.urn && !m.has(s.urn)) m.set(s.urn, s);
      return m;
    });
  }
}
