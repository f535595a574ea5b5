// The VS Code side of cascade-lint: starts the bundled language server for YAML documents (the
// server itself ignores YAML that is not Cascade), shows a status item for Cascade files and
// offers the flow-graph view.
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { GraphPanel } from './graph-panel';

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem | undefined;

const CASCADE_NAME = /\.(cascade|cdl)\.ya?ml$/i;

/** Spec §1: a Cascade file by name, or by `apiVersion: cascade.io/...` in its first document. */
export function isCascadeDocument(doc: vscode.TextDocument | undefined): boolean {
  if (!doc || doc.languageId !== 'yaml') return false;
  if (CASCADE_NAME.test(doc.fileName)) return true;
  const head = doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, 200), 0));
  const firstDoc = head.split(/^---\s*$/m).find((d) => d.trim() && !/^\s*(#.*)?$/s.test(d)) ?? '';
  return /^apiVersion:\s*["']?cascade\.io\//m.test(firstDoc);
}

export interface CascadeApi {
  client(): LanguageClient | undefined;
  graph(): ReturnType<typeof GraphPanel.state>;
}

export async function activate(context: vscode.ExtensionContext): Promise<CascadeApi> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'file', pattern: '**/*.{cascade,cdl}.{yaml,yml}' },
    ],
    synchronize: { configurationSection: 'cascade' },
    outputChannelName: 'Cascade',
    traceOutputChannel: vscode.window.createOutputChannel('Cascade Trace'),
  };
  client = new LanguageClient('cascade', 'Cascade', serverOptions, clientOptions);

  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 100);
  status.name = 'Cascade';
  status.command = 'cascade.showGraph';
  context.subscriptions.push(status);

  const updateStatus = (): void => {
    const editor = vscode.window.activeTextEditor;
    const isCascade = isCascadeDocument(editor?.document);
    void vscode.commands.executeCommand('setContext', 'cascade.isCascadeFile', isCascade);
    if (!status) return;
    if (!isCascade || !editor) {
      status.hide();
      return;
    }
    const running = client?.state === State.Running;
    const diags = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'cascade-lint');
    const errors = diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const warnings = diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
    status.text = !running ? '$(sync~spin) Cascade' : errors ? `$(error) Cascade ${errors}` : warnings ? `$(warning) Cascade ${warnings}` : '$(check) Cascade';
    status.tooltip = running ? `cascade-lint: ${errors} error(s), ${warnings} warning(s). Click to show the flow graph.` : 'cascade-lint: starting the language server';
    status.show();
  };

  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.languages.onDidChangeDiagnostics(updateStatus),
    vscode.workspace.onDidOpenTextDocument(updateStatus),
    client.onDidChangeState(updateStatus),
    vscode.commands.registerCommand('cascade.showGraph', () => GraphPanel.show(context, client!)),
    vscode.commands.registerCommand('cascade.restartServer', async () => {
      await client?.restart();
    }),
    vscode.workspace.onDidChangeTextDocument((e) => GraphPanel.documentChanged(e.document)),
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (e && isCascadeDocument(e.document)) GraphPanel.follow(e.document);
    }),
  );
  updateStatus();
  await client.start();
  updateStatus();
  return { client: () => client, graph: () => GraphPanel.state() };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
