// Webview script: renders the Mermaid text the extension sends, reports the result back.
(function () {
  const vscode = acquireVsCodeApi();
  const dark = document.body.classList.contains('vscode-dark') || document.body.classList.contains('vscode-high-contrast');
  // securityLevel strict: labels are text, never HTML or links from the workflow file.
  window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: dark ? 'dark' : 'default', flowchart: { htmlLabels: false } });
  const graph = document.getElementById('graph');
  const error = document.getElementById('error');
  const select = document.getElementById('workflow');
  const file = document.getElementById('file');
  let n = 0;
  select.addEventListener('change', () => vscode.postMessage({ type: 'pick', workflow: select.value }));
  window.addEventListener('message', async (event) => {
    const m = event.data;
    if (m.type === 'error') {
      error.textContent = m.message;
      error.hidden = false;
      return;
    }
    if (m.type !== 'graph') return;
    file.textContent = m.file ? `${m.file}${m.version !== undefined ? ` (v${m.version})` : ''}` : '';
    select.replaceChildren(...(m.workflows || []).map((w) => Object.assign(document.createElement('option'), { value: w, textContent: w, selected: w === m.workflow })));
    select.hidden = (m.workflows || []).length < 2;
    if (!m.mermaid) {
      graph.replaceChildren();
      error.textContent = 'This file has no workflow to show.';
      error.hidden = false;
      vscode.postMessage({ type: 'rendered', ok: false, error: 'no workflow', version: m.version });
      return;
    }
    try {
      const { svg } = await window.mermaid.render(`cascade-graph-${++n}`, m.mermaid);
      graph.innerHTML = svg;
      error.hidden = true;
      vscode.postMessage({ type: 'rendered', ok: true, svgLength: svg.length, version: m.version });
    } catch (e) {
      error.textContent = `Cannot draw the graph: ${e && e.message ? e.message : e}`;
      error.hidden = false;
      vscode.postMessage({ type: 'rendered', ok: false, error: String(e && e.message ? e.message : e), version: m.version });
    }
  });
  vscode.postMessage({ type: 'ready' });
})();
