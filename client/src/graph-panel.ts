// The "Cascade: Show flow graph" webview: asks the server for the workflow graph
// (`cascade/graph`) and renders its Mermaid text with the bundled mermaid (no network; a strict
// CSP allows only this extension's scripts). Re-rendered as the document changes.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

interface GraphResponse {
  uri: string;
  version: number;
  workflows: string[];
  workflow?: string;
  mermaid?: string;
}

export interface GraphState {
  visible: boolean;
  uri?: string;
  workflow?: string;
  workflows: string[];
  /** Updates sent to the webview, and the last result it reported back. */
  updates: number;
  rendered?: { ok: boolean; error?: string; svgLength?: number; version?: number };
}

export class GraphPanel {
  private static current: GraphPanel | undefined;
  private timer: NodeJS.Timeout | undefined;
  private workflow: string | undefined;
  private stateInfo: GraphState = { visible: true, workflows: [], updates: 0 };

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
    private document: vscode.TextDocument,
  ) {
    panel.webview.html = this.html();
    panel.onDidDispose(() => {
      if (GraphPanel.current === this) GraphPanel.current = undefined;
      if (this.timer) clearTimeout(this.timer);
    });
    panel.webview.onDidReceiveMessage((m: { type: string; workflow?: string; ok?: boolean; error?: string; svgLength?: number; version?: number }) => {
      if (m.type === 'ready') void this.update();
      else if (m.type === 'pick') {
        this.workflow = m.workflow;
        void this.update();
      } else if (m.type === 'rendered') this.stateInfo.rendered = { ok: !!m.ok, error: m.error, svgLength: m.svgLength, version: m.version };
    });
  }

  static show(context: vscode.ExtensionContext, client: LanguageClient): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.languageId !== 'yaml') {
      void vscode.window.showInformationMessage('Open a Cascade workflow file to show its flow graph.');
      return;
    }
    if (GraphPanel.current) {
      GraphPanel.current.document = doc;
      GraphPanel.current.panel.reveal(vscode.ViewColumn.Beside, true);
      void GraphPanel.current.update();
      return;
    }
    const panel = vscode.window.createWebviewPanel('cascadeGraph', 'Cascade flow graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')],
    });
    GraphPanel.current = new GraphPanel(panel, context, client, doc);
  }

  static state(): GraphState {
    const c = GraphPanel.current;
    return c ? { ...c.stateInfo, visible: c.panel.visible } : { visible: false, workflows: [], updates: 0 };
  }

  static documentChanged(doc: vscode.TextDocument): void {
    const c = GraphPanel.current;
    if (!c || c.document.uri.toString() !== doc.uri.toString()) return;
    if (c.timer) clearTimeout(c.timer);
    c.timer = setTimeout(() => void c.update(), 300);
  }

  static follow(doc: vscode.TextDocument): void {
    const c = GraphPanel.current;
    if (!c || c.document.uri.toString() === doc.uri.toString()) return;
    c.document = doc;
    c.workflow = undefined;
    void c.update();
  }

  private async update(): Promise<void> {
    let r: GraphResponse | null = null;
    try {
      r = await this.client.sendRequest<GraphResponse | null>('cascade/graph', { textDocument: { uri: this.document.uri.toString() }, workflow: this.workflow });
    } catch (e) {
      void this.panel.webview.postMessage({ type: 'error', message: String(e) });
      return;
    }
    const name = this.document.uri.path.split('/').pop();
    this.panel.title = r?.workflow ? `Flow: ${r.workflow}` : 'Cascade flow graph';
    this.stateInfo = { ...this.stateInfo, uri: this.document.uri.toString(), workflow: r?.workflow, workflows: r?.workflows ?? [], updates: this.stateInfo.updates + 1 };
    void this.panel.webview.postMessage({ type: 'graph', file: name, version: r?.version, workflows: r?.workflows ?? [], workflow: r?.workflow, mermaid: r?.mermaid });
  }

  private html(): string {
    const w = this.panel.webview;
    const media = (f: string): vscode.Uri => w.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'media', f));
    const nonce = Array.from({ length: 32 }, () => Math.floor(Math.random() * 36).toString(36)).join('');
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${w.cspSource} data:; style-src ${w.cspSource} 'unsafe-inline'; font-src ${w.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media('graph.css')}">
<title>Cascade flow graph</title></head>
<body>
<header><select id="workflow" title="Workflow"></select><span id="file"></span></header>
<div id="error" hidden></div>
<div id="graph" aria-label="Flow graph"></div>
<script nonce="${nonce}" src="${media('mermaid.min.js')}"></script>
<script nonce="${nonce}" src="${media('graph.js')}"></script>
</body></html>`;
  }
}
