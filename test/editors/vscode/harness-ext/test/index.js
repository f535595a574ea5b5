// Extension-host tests: run INSIDE code-server's Node extension host with the full vscode API,
// against the cascade-lint extension installed from the .vsix. Writes a JSON report next to the
// workspace folder; run() throws when any check fails (the runner turns that into exit code 1).
const vscode = require('vscode');
const fs = require('fs');
const path = require('path');

const EXT_ID = 'cascade-lint.cascade-lint-vscode';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(what, fn, ms = 20000) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out: ${what}`);
    await sleep(100);
  }
}

function posOf(doc, needle, delta = 0) {
  const i = doc.getText().indexOf(needle);
  if (i < 0) throw new Error(`"${needle}" not in ${doc.fileName}`);
  return doc.positionAt(i + delta);
}

const text = (c) => (typeof c === 'string' ? c : c.value).replace(/\\/g, '');

exports.run = async function run() {
  const ws = vscode.workspace.workspaceFolders[0].uri.fsPath;
  const report = { vscode: vscode.version, checks: {} };
  const check = (name, ok, detail) => {
    report.checks[name] = { ok: !!ok, detail };
  };
  try {
    const ext = vscode.extensions.getExtension(EXT_ID);
    check('installed', !!ext, ext && ext.extensionPath);
    const shopUri = vscode.Uri.file(path.join(ws, 'shop.cascade.yaml'));
    const doc = await vscode.workspace.openTextDocument(shopUri);
    await vscode.window.showTextDocument(doc);
    const api = await until('activation', async () => ext.isActive && ext.exports);

    // Diagnostics with the rule id as code and a link to its docs.
    const diags = await until('diagnostics', () => {
      const d = vscode.languages.getDiagnostics(shopUri).filter((x) => x.source === 'cascade-lint');
      return d.length ? d : undefined;
    });
    const alias = diags.find((d) => d.code && d.code.value === 'prefer-canonical-keys');
    check('diagnostics', alias && alias.severity === vscode.DiagnosticSeverity.Warning && String(alias.code.target).includes('#prefer-canonical-keys'), diags.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code && d.code.value} ${d.message}`));

    // Hover on a context path and on a state name.
    const h1 = await vscode.commands.executeCommand('vscode.executeHoverProvider', shopUri, posOf(doc, '$.customer.tier', 12));
    const h1t = h1.flatMap((h) => h.contents.map(text)).join('\n');
    check('hover-path', /Type:\*\* `string`/.test(h1t) && /LoadCustomer/.test(h1t), h1t);
    const h2 = await vscode.commands.executeCommand('vscode.executeHoverProvider', shopUri, posOf(doc, 'default: Rejected', 10));
    const h2t = h2.flatMap((h) => h.contents.map(text)).join('\n');
    check('hover-state', /Rejected/.test(h2t) && /Incoming/.test(h2t), h2t);

    // Completion: state names after next:, paths after $.customer.
    const c1 = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', shopUri, posOf(doc, 'next: IsGold', 6));
    const c1l = c1.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    check('completion-state', c1l.includes('Charge') && c1l.includes('Rejected'), c1l);
    const c2 = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', shopUri, posOf(doc, '$.customer.tier', 11));
    const c2l = c2.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    check('completion-path', ['id', 'name', 'tier', 'email'].every((x) => c2l.includes(x)), c2l);

    // Definition and rename.
    const defs = await vscode.commands.executeCommand('vscode.executeDefinitionProvider', shopUri, posOf(doc, 'next: IsGold', 8));
    const d0 = defs[0];
    const defLine = (d0.range || d0.targetRange).start.line;
    check('definition', defLine === posOf(doc, 'name: IsGold').line, defLine);
    const edit = await vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', shopUri, posOf(doc, 'next: Charge', 8), 'ChargeCard');
    const edits = edit.get(shopUri);
    check('rename', edits.length === 2 && edits.every((e) => e.newText === 'ChargeCard'), edits.map((e) => `${e.range.start.line + 1}:${e.range.start.character + 1}`));
    let refused = '';
    try {
      await vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', shopUri, posOf(doc, 'next: Charge', 8), 'Done');
    } catch (e) {
      refused = String(e && e.message);
    }
    check('rename-refused', /already exists/.test(refused), refused);

    // Code actions: the quick fix for the alias, and disable-next-line.
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', shopUri, alias.range);
    const titles = actions.map((a) => a.title);
    check('code-actions', titles.includes('Rename "resultPath" to "result"') && titles.includes('Disable prefer-canonical-keys for this line'), titles);

    // Symbols.
    const syms = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', shopUri);
    const wf = syms.find((s) => s.name === 'Checkout');
    check('symbols', wf && wf.children.map((s) => s.name).join() === 'LoadCustomer,IsGold,Charge,Done,Rejected', syms.map((s) => s.name));

    // A YAML file that is not a Cascade file gets nothing.
    const other = vscode.Uri.file(path.join(ws, 'ci.yaml'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(other));
    await sleep(1500);
    check('non-cascade-ignored', vscode.languages.getDiagnostics(other).length === 0, vscode.languages.getDiagnostics(other).map((d) => d.message));

    // The graph command renders the Mermaid graph in the webview, and re-renders after an edit.
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('cascade.showGraph');
    const g1 = await until('graph rendered', () => {
      const s = api.graph();
      return s.rendered && s.rendered.ok ? s : undefined;
    }, 30000);
    check('graph', g1.workflow === 'Checkout' && g1.rendered.svgLength > 1000, g1);
    const we = new vscode.WorkspaceEdit();
    we.insert(shopUri, posOf(doc, '        - name: Done'), '        - name: Audit\n          type: Pass\n          next: Done\n');
    await vscode.workspace.applyEdit(we);
    const g2 = await until('graph updated', () => {
      const s = api.graph();
      return s.updates > g1.updates && s.rendered && s.rendered.ok && s.rendered.version > g1.rendered.version ? s : undefined;
    }, 30000);
    check('graph-updates', !!g2, g2);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  } catch (e) {
    check('no-exception', false, String((e && e.stack) || e));
  }
  const failed = Object.entries(report.checks).filter(([, v]) => !v.ok).map(([k]) => k);
  report.failed = failed;
  fs.writeFileSync(path.join(ws, '..', 'exthost-result.json'), JSON.stringify(report, null, 1));
  if (failed.length) throw new Error(`extension-host checks failed: ${failed.join(', ')}`);
};
