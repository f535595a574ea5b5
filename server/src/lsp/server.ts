// The language server: a thin, defensive adapter from LSP to server/src/service. It keeps one
// analysis per open document version, publishes debounced diagnostics only for the version
// they were computed from, honours cancellation, and contains every failure of a handler.
import * as path from 'path';
import { fileURLToPath } from 'url';
import {
  CancellationToken,
  ClientCapabilities,
  CodeAction,
  CodeActionKind,
  Diagnostic,
  CompletionItem,
  CompletionItemKind,
  CompletionList,
  Connection,
  DidChangeWatchedFilesNotification,
  DocumentSymbol,
  FoldingRange,
  FoldingRangeKind,
  InitializeResult,
  InsertTextFormat,
  InsertTextMode,
  LSPErrorCodes,
  Location,
  MarkupKind,
  Range,
  ResponseError,
  SymbolKind,
  TextDocuments,
  TextDocumentSyncKind,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as fs from 'fs';
import { Project } from '../analysis/project';
import { analyzeText, FileAnalysis } from '../analysis/analyze';
import { ConfigError, CONFIG_FILE_NAMES, parseSeverity, RuleSetting } from '../analysis/config';
import { isGlob, matchesGlob } from '../analysis/glob';
import { LineIndex } from '../syntax/line-index';
import { Finding, Span, TextEdit as SpanEdit } from '../syntax/types';
import {
  CompletionEntry,
  CompletionKind,
  ContextShapes,
  codeActionsAt,
  completionsAt,
  definitionAt,
  documentSymbols,
  foldingSpans,
  graphFor,
  hoverAt,
  OutlineSymbol,
  prepareRenameAt,
  referencesAt,
  renameWithTestsAt,
  RenameError,
  warmForEditing,
  WorkspaceFile,
} from '../service';
import { findTestFiles, TEST_FILE_PATTERN } from '../analysis/test-files';
import { plainMarkdown, plainSnippet, SOURCE, toDiagnostic, toRange, toSpan } from './convert';

export const GRAPH_REQUEST = 'cascade/graph';
export const DEFAULT_DEBOUNCE_MS = 150;
/** The shortest quiet period after a change before analysing (coalesces bursts of edits). */
export const MIN_QUIET_MS = 20;
/** How many recent analysis times per document predict the next one. */
const TIMING_SAMPLES = 8;
/** A document up to this size keeps its previous analysis too (an undo brings the text back). */
const KEEP_PREVIOUS_MAX_CHARS = 200_000;

export interface ServerOptions {
  debounceMs?: number;
  shapes?: ContextShapes;
}

interface Cached {
  version: number;
  analysis: FileAnalysis;
  /** A config problem that fell back to the default rules. */
  configError?: string;
}

/** A scheduled diagnostics run: its timer and when its diagnostics are due (absent: at once). */
interface Pending {
  timer: NodeJS.Timeout;
  due?: number;
}

interface EditorSettings {
  rules?: Record<string, unknown>;
}

export function fileNameOf(uri: string): string {
  try {
    if (uri.startsWith('file:')) return fileURLToPath(uri);
  } catch {
    // fall through
  }
  if (uri.startsWith('untitled:')) return uri;
  const m = /^[A-Za-z][\w+.-]*:(?:\/\/[^/]*)?(.*)$/.exec(uri);
  try {
    return decodeURIComponent(m ? m[1] : uri);
  } catch {
    return m ? m[1] : uri;
  }
}

const cancelled = (): ResponseError<void> => new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled.');

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new Map<string, Cached>();
  /** The analysis each document had before its current one (small documents only): undo reuses it. */
  const previous = new Map<string, Cached>();
  const pending = new Map<string, Pending>();
  /** Recent analysis times per document (wall clock and CPU), with the text length they were measured at. */
  const timings = new Map<string, { ms: number; cpuMs: number; chars: number }[]>();
  let analysedBefore = false;
  let debounceMs = options.debounceMs ?? (Number(process.env.CASCADE_LSP_DEBOUNCE_MS) || DEFAULT_DEBOUNCE_MS);
  let editorRules: Record<string, RuleSetting> = {};
  let project = new Project({});
  let capabilities: ClientCapabilities = {};
  let markdown = true;
  let snippets = true;
  let hierarchicalSymbols = true;
  /** The client takes a completion list's default edit range (LSP 3.17 itemDefaults). */
  let itemDefaultRange = false;
  let configurationSupport = false;
  const reportedConfigErrors = new Set<string>();
  /** The workspace folders (paths), where a rename looks for the test files of a workflow. */
  let workspaceRoots: string[] = [];

  const log = (m: string): void => {
    try {
      connection.console.log(m);
    } catch {
      // a closed connection cannot log
    }
  };

  const logError = (where: string, e: unknown): void => {
    try {
      connection.console.error(`cascade-language-server: ${where} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    } catch {
      // a closed connection cannot log
    }
  };

  function analyse(doc: TextDocument): Cached {
    let hit = cache.get(doc.uri);
    if (hit && hit.version === doc.version) return hit;
    const text = doc.getText();
    // The same text as an earlier analysis (a no-op change, an undo): reuse it for this version.
    const same = hit && hit.analysis.file.text === text ? hit : previous.get(doc.uri)?.analysis.file.text === text ? previous.get(doc.uri) : undefined;
    if (same) {
      const entry = { ...same, version: doc.version };
      if (same !== hit && hit) remember(doc.uri, hit);
      cache.set(doc.uri, entry);
      return entry;
    }
    // An analysis that will not be kept as the previous one is let go (no reference left, this
    // function's included) before the next is built: the collector can take it while the new
    // one grows, and a large document does not hold two analyses at once.
    if (hit && hit.analysis.file.text.length > KEEP_PREVIOUS_MAX_CHARS) {
      cache.delete(doc.uri);
      previous.delete(doc.uri);
      hit = undefined;
    }
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const fileName = fileNameOf(doc.uri);
    let entry: Cached;
    try {
      entry = { version: doc.version, analysis: project.analyze(fileName, text) };
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      const where = e.file ? `${path.basename(e.file)}${e.line ? `:${e.line}` : ''}` : 'config';
      entry = { version: doc.version, analysis: analyzeText(text, { fileName }), configError: `Invalid ${where}: ${e.message} The default rules apply until it is fixed.` };
      if (!reportedConfigErrors.has(entry.configError!)) {
        reportedConfigErrors.add(entry.configError!);
        void connection.window.showWarningMessage(`cascade-lint: ${entry.configError}`);
      }
    }
    if (entry.analysis.internalErrors.length) for (const ie of entry.analysis.internalErrors) log(`internal: ${ie}`);
    if (hit) remember(doc.uri, hit);
    cache.set(doc.uri, entry);
    // The process's first analysis also compiles the analyser: it predicts nothing.
    if (analysedBefore) {
      const t = timings.get(doc.uri) ?? [];
      const cpu = process.cpuUsage(cpuStarted);
      t.push({ ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, chars: text.length });
      if (t.length > TIMING_SAMPLES) t.shift();
      timings.set(doc.uri, t);
    }
    analysedBefore = true;
    return entry;
  }

  function remember(uri: string, c: Cached): void {
    if (c.analysis.file.text.length <= KEEP_PREVIOUS_MAX_CHARS) previous.set(uri, c);
    else previous.delete(uri);
  }

  /**
   * The time the next analysis of a document of `chars` characters is expected to take: the
   * slowest of its recent analyses, scaled to the current length. The slowest rather than the
   * mean, so that a loaded machine or a collection pause still meets the due time. `wall` is
   * what the due time needs; `cpu` is what the document itself costs, whatever the load.
   */
  function expectedMs(uri: string, chars: number): { wall: number; cpu: number } {
    let wall = 0;
    let cpu = 0;
    for (const s of timings.get(uri) ?? []) {
      const scale = Math.max(1, chars) / Math.max(1, s.chars);
      wall = Math.max(wall, s.ms * scale);
      cpu = Math.max(cpu, s.cpuMs * scale);
    }
    return { wall: wall * 1.2, cpu };
  }

  function analysisFor(uri: string): Cached | undefined {
    const doc = documents.get(uri);
    return doc ? analyse(doc) : undefined;
  }

  /** Analyse the current version and publish its diagnostics at `due` (or at once when late). */
  function publish(uri: string, due: number | undefined): void {
    pending.delete(uri);
    const doc = documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    let diagnostics: Diagnostic[];
    try {
      const c = analyse(doc);
      if (!c.analysis.isCascade) diagnostics = [];
      else {
        diagnostics = c.analysis.findings.map((f) => toDiagnostic(uri, c.analysis.file.lines, f));
        if (c.configError) diagnostics.unshift({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 2, source: SOURCE, code: 'config', message: c.configError });
      }
    } catch (e) {
      logError('diagnostics', e);
      return;
    }
    const warm = (): void => {
      const now = cache.get(uri);
      if (!now || now.version !== version) return;
      try {
        warmForEditing(now.analysis);
      } catch (e) {
        logError('warm-up', e);
      }
    };
    const send = (): void => {
      pending.delete(uri);
      // Never publish for a version the editor has already moved past.
      const now = documents.get(uri);
      if (!now || now.version !== version) return;
      void connection.sendDiagnostics({ uri, version, diagnostics });
    };
    if (due !== undefined && due - performance.now() >= 1) {
      // Early: prepare the editing caches while waiting, then publish when due, not before, so
      // that a version typed over within the debounce is never shown.
      warm();
      const wait = due - performance.now();
      if (wait >= 1) {
        pending.set(uri, { timer: setTimeout(send, wait) });
        return;
      }
    }
    send();
    setImmediate(warm);
  }

  /**
   * Debounce: diagnostics are due `debounceMs` after the last change. The analysis starts as
   * late as it can while still finishing by then (by the slowest recent analysis of this
   * document), but at least MIN_QUIET_MS after the change, so that a burst of edits costs one
   * analysis; its result is held until the due time. A document whose analysis costs far more
   * CPU than the debounce (a large document, not a busy machine) cannot be on time anyway: it
   * waits for the full quiet period, so that typing in it does not keep the server analysing
   * versions that are already outdated.
   */
  function changed(uri: string, chars: number): void {
    const due = performance.now() + debounceMs;
    const expected = expectedMs(uri, chars);
    const quiet = expected.cpu > 2 * debounceMs ? debounceMs : Math.max(Math.min(MIN_QUIET_MS, debounceMs), Math.round(debounceMs - expected.wall));
    schedule(uri, quiet, due);
  }

  function schedule(uri: string, delay: number, due?: number): void {
    const p = pending.get(uri);
    if (p) clearTimeout(p.timer);
    pending.set(uri, { timer: setTimeout(() => publish(uri, due), delay), due });
  }

  function reanalyseAll(): void {
    cache.clear();
    previous.clear();
    for (const d of documents.all()) schedule(d.uri, 0);
  }

  async function loadSettings(): Promise<void> {
    if (!configurationSupport) return;
    try {
      const s = (await connection.workspace.getConfiguration('cascade')) as EditorSettings | null;
      applySettings(s);
    } catch (e) {
      logError('workspace/configuration', e);
    }
  }

  function applySettings(s: EditorSettings | null | undefined): void {
    const rules: Record<string, RuleSetting> = {};
    if (s && s.rules && typeof s.rules === 'object') {
      for (const [id, v] of Object.entries(s.rules)) {
        const sev = parseSeverity(Array.isArray(v) ? v[0] : v);
        if (sev && project.knownRules.has(id)) rules[id] = { severity: sev };
      }
    }
    if (JSON.stringify(rules) === JSON.stringify(editorRules)) return;
    editorRules = rules;
    project = new Project({ editorRules });
    reanalyseAll();
  }

  /**
   * What the analysis of a document reads from disk besides its config: its contracts file and
   * the files its config's `activities:` names. `reads(file)` over-approximates (a file a folder
   * walk would skip still counts) and never misses; on any doubt it says yes.
   */
  function diskInputsOf(docFile: string): (file: string) => boolean {
    try {
      const contracts = path.resolve(project.contractsFileFor(docFile));
      const cfg = project.configFor(docFile);
      return (file) => {
        const abs = path.resolve(file);
        if (abs === contracts) return true;
        for (const g of cfg.activities) {
          const norm = g.replace(/\\/g, '/');
          if (!isGlob(norm)) {
            const target = path.resolve(cfg.dir, g);
            if (abs === target || abs.startsWith(target.endsWith(path.sep) ? target : target + path.sep)) return true;
            continue;
          }
          const rel = path.relative(cfg.dir, abs).replace(/\\/g, '/');
          if (matchesGlob(rel, norm, true) || matchesGlob(abs.replace(/\\/g, '/'), norm, true)) return true;
        }
        return false;
      };
    } catch {
      return () => true;
    }
  }

  /** Wrap a request handler: honour cancellation, contain any failure (log, answer null). */
  function guard<P, R>(name: string, fn: (params: P) => R, fallback: R) {
    return (params: P, token?: CancellationToken): R | ResponseError<void> => {
      if (token?.isCancellationRequested) return cancelled();
      try {
        const r = fn(params);
        if (token?.isCancellationRequested) return cancelled();
        return r;
      } catch (e) {
        if (e instanceof ResponseError) return e as ResponseError<void>;
        logError(name, e);
        return fallback;
      }
    };
  }

  /** Wrap a notification handler: contain any failure. */
  function contain<P>(name: string, fn: (params: P) => void) {
    return (params: P): void => {
      try {
        fn(params);
      } catch (e) {
        logError(name, e);
      }
    };
  }

  interface PositionParams {
    textDocument: { uri: string };
    position: { line: number; character: number };
  }

  function at(p: PositionParams): { c: Cached; offset: number } | undefined {
    const c = analysisFor(p.textDocument.uri);
    if (!c || !c.analysis.isCascade) return undefined;
    const pos = p.position;
    if (!pos || typeof pos.line !== 'number' || typeof pos.character !== 'number') return undefined;
    return { c, offset: c.analysis.file.lines.offsetAt(pos) };
  }

  const lspEdit = (lines: LineIndex, e: SpanEdit): TextEdit => ({ range: toRange(lines, e.span), newText: e.newText });

  connection.onInitialize((params): InitializeResult => {
    capabilities = params.capabilities ?? {};
    const td = capabilities.textDocument ?? {};
    markdown = (td.hover?.contentFormat ?? [MarkupKind.Markdown]).includes(MarkupKind.Markdown);
    snippets = td.completion?.completionItem?.snippetSupport === true;
    hierarchicalSymbols = td.documentSymbol?.hierarchicalDocumentSymbolSupport === true;
    itemDefaultRange = td.completion?.completionList?.itemDefaults?.includes('editRange') === true;
    configurationSupport = capabilities.workspace?.configuration === true;
    workspaceRoots = (params.workspaceFolders ?? []).map((f) => fileNameOf(f.uri));
    if (!workspaceRoots.length && params.rootUri) workspaceRoots = [fileNameOf(params.rootUri)];
    const init = (params.initializationOptions ?? {}) as { debounceMs?: unknown; settings?: EditorSettings };
    if (typeof init.debounceMs === 'number' && init.debounceMs >= 0) debounceMs = init.debounceMs;
    if (init.settings) applySettings(init.settings);
    log(`cascade-language-server: client ${params.clientInfo ? `${params.clientInfo.name} ${params.clientInfo.version ?? ''}` : 'unknown'}`);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['.', '$', '|', '[', ' '], resolveProvider: false },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll + '.cascade'] },
      },
      serverInfo: { name: 'cascade-language-server', version: readVersion() },
    };
  });

  connection.onInitialized(
    contain('initialized', () => {
      if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
        void connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/.cascade-lint.{yaml,yml}' }, { globPattern: '**/*.{yaml,yml,json}' }],
        });
      }
      void loadSettings();
    }),
  );

  connection.onDidChangeConfiguration(
    contain('didChangeConfiguration', (p) => {
      const pushed = (p.settings as { cascade?: EditorSettings } | null)?.cascade;
      if (configurationSupport) void loadSettings();
      else if (pushed) applySettings(pushed);
    }),
  );

  connection.onDidChangeWatchedFiles(
    contain('didChangeWatchedFiles', (p) => {
      // Other YAML and JSON files saved in the workspace (build output, lock files) cost nothing.
      // A changed file that is open counts too: saving a catalogue the editor holds changes what
      // the other documents read from disk.
      const open = documents.all().map((d) => ({ uri: d.uri, reads: diskInputsOf(fileNameOf(d.uri)) }));
      const relevant = p.changes.some((c) => {
        const file = fileNameOf(c.uri);
        if (CONFIG_FILE_NAMES.includes(path.basename(file))) return true;
        return open.some((d) => d.uri !== c.uri && d.reads(file));
      });
      if (!relevant) return;
      reportedConfigErrors.clear();
      project.invalidate();
      reanalyseAll();
    }),
  );

  documents.onDidOpen(contain('didOpen', (e) => schedule(e.document.uri, 0)));
  documents.onDidChangeContent(
    contain('didChange', (e) => {
      // didOpen also fires didChangeContent; the open handler already scheduled it.
      if (pending.has(e.document.uri) && !cache.has(e.document.uri)) return;
      changed(e.document.uri, e.document.getText().length);
    }),
  );
  documents.onDidClose(
    contain('didClose', (e) => {
      const t = pending.get(e.document.uri);
      if (t) clearTimeout(t.timer);
      pending.delete(e.document.uri);
      cache.delete(e.document.uri);
      previous.delete(e.document.uri);
      timings.delete(e.document.uri);
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    }),
  );

  connection.onHover(
    guard('hover', (p) => {
      const a = at(p);
      if (!a) return null;
      const h = hoverAt(a.c.analysis, a.offset, { shapes: options.shapes });
      if (!h) return null;
      return { contents: markdown ? { kind: MarkupKind.Markdown, value: h.contents } : { kind: MarkupKind.PlainText, value: plainMarkdown(h.contents) }, range: toRange(a.c.analysis.file.lines, h.span) };
    }, null),
  );

  const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
    state: CompletionItemKind.EnumMember,
    key: CompletionItemKind.Property,
    type: CompletionItemKind.Class,
    error: CompletionItemKind.Event,
    filter: CompletionItemKind.Function,
    field: CompletionItemKind.Field,
    snippet: CompletionItemKind.Snippet,
    value: CompletionItemKind.Value,
    urn: CompletionItemKind.Module,
  };

  /** An item without its edit range, for lists whose items share the default range. */
  function completionItem(i: CompletionEntry): CompletionItem {
    const text = i.insertText ?? i.label;
    const item: CompletionItem = { label: i.label, kind: COMPLETION_KIND[i.kind] };
    if (i.detail) item.detail = i.detail;
    if (i.documentation) item.documentation = markdown ? { kind: MarkupKind.Markdown, value: i.documentation } : plainMarkdown(i.documentation);
    if (i.sortText) item.sortText = i.sortText;
    if (i.filterText) item.filterText = i.filterText;
    // PlainText is the protocol's default format: only snippets say which they are.
    if (i.snippet) {
      item.insertTextFormat = snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText;
      item.insertTextMode = InsertTextMode.asIs;
    }
    const newText = i.snippet && !snippets ? plainSnippet(text) : text;
    if (newText !== i.label) item.textEditText = newText;
    return item;
  }

  /** Converted items by service entry: a long list served again (state names) costs lookups. */
  const convertedItems = new WeakMap<CompletionEntry, CompletionItem>();

  connection.onCompletion(
    guard('completion', (p): CompletionList | null => {
      const a = at(p);
      if (!a) return null;
      const r = completionsAt(a.c.analysis, a.offset, { shapes: options.shapes });
      const lines = a.c.analysis.file.lines;
      const list: CompletionList = { isIncomplete: r.isIncomplete === true, items: [] };
      // Items share the range they replace: say it once when the client takes list defaults.
      const shared = r.replace ?? (r.items.length > 0 && r.items.every((i) => i.replace && i.replace.start === r.items[0].replace!.start && i.replace.end === r.items[0].replace!.end) ? r.items[0].replace : undefined);
      if (shared && itemDefaultRange) {
        list.itemDefaults = { editRange: toRange(lines, shared) };
        for (const i of r.items) {
          if (i.replace && (i.replace.start !== shared.start || i.replace.end !== shared.end)) {
            list.items.push(withEdit(completionItem(i), toRange(lines, i.replace)));
            continue;
          }
          let item = convertedItems.get(i);
          if (!item) convertedItems.set(i, (item = completionItem(i)));
          list.items.push(item);
        }
        return list;
      }
      const sharedRange = shared ? toRange(lines, shared) : undefined;
      const text = a.c.analysis.file.text;
      const afterSpace = (offset: number): boolean => offset > 0 && (text[offset - 1] === ' ' || text[offset - 1] === '\t');
      for (const i of r.items) {
        const span = i.replace ?? r.replace;
        if (!span) continue;
        let item = convertedItems.get(i);
        if (!item) convertedItems.set(i, (item = completionItem(i)));
        // Nothing typed yet, after a space, and the label is the text: any client inserts a bare
        // label there at the cursor, so it needs no edit, and a long list of names stays small.
        // (After `$.` a client's idea of the word at the cursor may take in `$.`: keep the edit.)
        if (span.start === span.end && afterSpace(span.start) && item.textEditText === undefined && item.insertTextFormat === undefined) list.items.push(item);
        else list.items.push(withEdit(item, sharedRange && span.start === shared!.start && span.end === shared!.end ? sharedRange : toRange(lines, span)));
      }
      return list;
    }, null),
  );

  /** A copy of the item with its own edit: `textEditText` (or the label) over `range`. */
  function withEdit(item: CompletionItem, range: Range): CompletionItem {
    const out: CompletionItem = { label: item.label, kind: item.kind };
    if (item.detail !== undefined) out.detail = item.detail;
    if (item.documentation !== undefined) out.documentation = item.documentation;
    if (item.sortText !== undefined) out.sortText = item.sortText;
    if (item.filterText !== undefined) out.filterText = item.filterText;
    if (item.insertTextFormat !== undefined) out.insertTextFormat = item.insertTextFormat;
    if (item.insertTextMode !== undefined) out.insertTextMode = item.insertTextMode;
    out.textEdit = { range, newText: item.textEditText ?? item.label };
    return out;
  }

  const toLocation = (uri: string, lines: LineIndex, l: { file?: string; span: Span }): Location | undefined => {
    if (!l.file) return { uri, range: toRange(lines, l.span) };
    try {
      const text = fs.readFileSync(l.file, 'utf8');
      return { uri: pathToUri(l.file), range: toRange(new LineIndex(text), l.span) };
    } catch {
      return undefined;
    }
  };

  connection.onDefinition(
    guard('definition', (p) => {
      const a = at(p);
      if (!a) return null;
      const locs = definitionAt(a.c.analysis, a.offset).map((l) => toLocation(p.textDocument.uri, a.c.analysis.file.lines, l)).filter((l): l is Location => !!l);
      return locs.length ? locs : null;
    }, null),
  );

  connection.onReferences(
    guard('references', (p) => {
      const a = at(p);
      if (!a) return null;
      return referencesAt(a.c.analysis, a.offset, p.context?.includeDeclaration !== false)
        .map((l) => toLocation(p.textDocument.uri, a.c.analysis.file.lines, l))
        .filter((l): l is Location => !!l);
    }, null),
  );

  connection.onPrepareRename(
    guard('prepareRename', (p) => {
      const a = at(p);
      if (!a) return null;
      const r = prepareRenameAt(a.c.analysis, a.offset);
      return r ? { range: toRange(a.c.analysis.file.lines, r.span), placeholder: r.placeholder } : null;
    }, null),
  );

  /**
   * The test files a rename may touch: the open ones (their unsaved text) and those on disk under
   * the workspace folders (or, without any, under the workflow's own folder).
   */
  function testFilesFor(uri: string, file: string): { files: WorkspaceFile[]; uris: Map<string, string> } {
    const texts = new Map<string, string>();
    const uris = new Map<string, string>();
    for (const d of documents.all()) {
      const f = fileNameOf(d.uri);
      if (!TEST_FILE_PATTERN.test(f)) continue;
      texts.set(path.resolve(f), d.getText());
      uris.set(path.resolve(f), d.uri);
    }
    if (uri.startsWith('file:')) {
      for (const f of findTestFiles(workspaceRoots.length ? workspaceRoots : [path.dirname(file)])) {
        if (texts.has(f)) continue;
        try {
          texts.set(f, fs.readFileSync(f, 'utf8'));
        } catch {
          // unreadable: not part of the rename
        }
      }
    }
    return { files: [...texts].map(([f, text]) => ({ file: f, text })), uris };
  }

  connection.onRenameRequest(
    guard('rename', (p): WorkspaceEdit | null => {
      const a = at(p);
      if (!a) return null;
      try {
        const tests = testFilesFor(p.textDocument.uri, a.c.analysis.file.fileName);
        const r = renameWithTestsAt(a.c.analysis, a.offset, String(p.newName ?? ''), tests.files);
        const changes: Record<string, TextEdit[]> = { [p.textDocument.uri]: r.edits.map((e) => lspEdit(a.c.analysis.file.lines, e)) };
        for (const f of r.files) {
          const lines = new LineIndex(tests.files.find((t) => t.file === f.file)?.text ?? '');
          changes[tests.uris.get(f.file) ?? pathToUri(f.file)] = f.edits.map((e) => lspEdit(lines, e));
        }
        return { changes };
      } catch (e) {
        if (e instanceof RenameError) throw new ResponseError(LSPErrorCodes.RequestFailed, e.message);
        throw e;
      }
    }, null),
  );

  const SYMBOL_KIND: Record<OutlineSymbol['kind'], SymbolKind> = {
    workflow: SymbolKind.Class,
    state: SymbolKind.Function,
    branch: SymbolKind.Namespace,
    activity: SymbolKind.Interface,
    schema: SymbolKind.Struct,
  };

  connection.onDocumentSymbol(
    guard('documentSymbol', (p) => {
      const c = analysisFor(p.textDocument.uri);
      if (!c || !c.analysis.isCascade) return null;
      const lines = c.analysis.file.lines;
      const convert = (s: OutlineSymbol): DocumentSymbol => ({
        name: s.name,
        detail: s.detail,
        kind: SYMBOL_KIND[s.kind],
        range: toRange(lines, s.span),
        selectionRange: toRange(lines, s.selectionSpan),
        children: s.children.map(convert),
      });
      const symbols = documentSymbols(c.analysis);
      if (hierarchicalSymbols) return symbols.map(convert);
      const flat: { name: string; kind: SymbolKind; location: Location; containerName?: string }[] = [];
      const walk = (s: OutlineSymbol, container?: string): void => {
        flat.push({ name: s.name, kind: SYMBOL_KIND[s.kind], location: { uri: p.textDocument.uri, range: toRange(lines, s.span) }, containerName: container });
        for (const ch of s.children) walk(ch, s.name);
      };
      for (const s of symbols) walk(s);
      return flat;
    }, null),
  );

  connection.onFoldingRanges(
    guard('foldingRange', (p) => {
      const c = analysisFor(p.textDocument.uri);
      if (!c || !c.analysis.isCascade) return null;
      const lines = c.analysis.file.lines;
      const out: FoldingRange[] = [];
      for (const f of foldingSpans(c.analysis)) {
        const startLine = lines.positionAt(f.span.start).line;
        const endLine = lines.positionAt(Math.max(f.span.start, f.span.end - 1)).line;
        if (endLine > startLine) out.push({ startLine, endLine, kind: f.kind === 'comment' ? FoldingRangeKind.Comment : undefined });
      }
      return out;
    }, null),
  );

  connection.onCodeAction(
    guard('codeAction', (p) => {
      const c = analysisFor(p.textDocument.uri);
      if (!c || !c.analysis.isCascade) return null;
      const lines = c.analysis.file.lines;
      const span = toSpan(lines, p.range);
      const uri = p.textDocument.uri;
      const diag = (f: Finding) => toDiagnostic(uri, lines, f);
      return codeActionsAt(c.analysis, span, p.context?.only).map(
        (a): CodeAction => ({
          title: a.title,
          kind: a.kind,
          diagnostics: a.findings.map(diag),
          isPreferred: a.isPreferred,
          edit: { changes: { [uri]: a.edits.map((e) => lspEdit(lines, e)) } },
        }),
      );
    }, null),
  );

  interface GraphParams {
    textDocument?: { uri: string };
    uri?: string;
    workflow?: string;
    position?: { line: number; character: number };
  }

  connection.onRequest(
    GRAPH_REQUEST,
    guard('cascade/graph', (p: GraphParams) => {
      const uri = p?.textDocument?.uri ?? p?.uri;
      if (typeof uri !== 'string') return null;
      const c = analysisFor(uri);
      if (!c) return null;
      const offset = p.position ? c.analysis.file.lines.offsetAt(p.position) : undefined;
      return { uri, version: c.version, ...graphFor(c.analysis, { workflow: typeof p.workflow === 'string' ? p.workflow : undefined, offset }) };
    }, null),
  );

  connection.onShutdown(() => {
    for (const t of pending.values()) clearTimeout(t.timer);
    pending.clear();
  });

  documents.listen(connection);
}

function pathToUri(file: string): string {
  return 'file://' + path.resolve(file).split(path.sep).map(encodeURIComponent).join('/').replace(/^\/?/, '/').replace(/^\/\//, '/');
}

function readVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../analysis/package-root') as typeof import('../analysis/package-root')).readPackageJson().version;
  } catch {
    return '0.0.0';
  }
}
