// Drives VS Code (code-server 4.100.3, headless Chromium via playwright-core) against the
// installed .vsix: (1) the extension-host tests of vscode/harness-ext run in code-server's Node
// extension host; (2) a UI pass opens a workflow and saves screenshots of the Problems panel,
// a hover and the flow graph. Recipe: shared/clients/README.md §3a.
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '../../..');
export const CS_DIR = process.env.CASCADE_CS_DIR || '/tmp/cs';
export const CS_BIN = path.join(CS_DIR, 'node_modules/.bin/code-server');
export const CHROMIUM = process.env.CASCADE_CHROMIUM || '/usr/lib/chromium/chromium';
export const VSIX = path.join(ROOT, 'dist/cascade-lint-vscode.vsix');
const HARNESS = path.join(ROOT, 'test/editors/vscode/harness-ext');

export interface CodeServerResult {
  exthost: { exitCode: unknown; report: { vscode?: string; checks?: Record<string, { ok: boolean; detail: unknown }>; failed?: string[] } | null };
  ui: Record<string, boolean | string>;
  screenshots: string[];
  log: string[];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

async function waitHttp(url: string, ms: number): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url} within ${ms} ms`);
}

export async function runCodeServer(screenshotsDir = process.env.CASCADE_SCREENSHOTS_DIR || path.join(ROOT, 'docs')): Promise<CodeServerResult> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  const t0 = Date.now();
  const log: string[] = [];
  const say = (m: string): void => {
    log.push(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
  };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-vscode-'));
  const data = path.join(tmp, 'data');
  const exts = path.join(tmp, 'ext');
  const ws = path.join(tmp, 'ws');
  fs.mkdirSync(path.join(data, 'User'), { recursive: true });
  fs.mkdirSync(ws, { recursive: true });
  fs.writeFileSync(
    path.join(data, 'User/settings.json'),
    JSON.stringify({ 'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'update.mode': 'none', 'workbench.tips.enabled': false, 'workbench.colorTheme': 'Default Light Modern', 'editor.hover.delay': 200, 'window.commandCenter': false }),
  );
  fs.copyFileSync(path.join(ROOT, 'test/fixtures/lsp/shop.cascade.yaml'), path.join(ws, 'shop.cascade.yaml'));
  fs.copyFileSync(path.join(ROOT, 'test/fixtures/lsp/not-cascade.yaml'), path.join(ws, 'ci.yaml'));
  const result: CodeServerResult = { exthost: { exitCode: null, report: null }, ui: {}, screenshots: [], log };
  const base = ['--user-data-dir', data, '--extensions-dir', exts];
  execFileSync(CS_BIN, [...base, '--install-extension', VSIX], { stdio: 'pipe', timeout: 120_000 });
  say('vsix installed');
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const csLog = fs.openSync(path.join(tmp, 'code-server.log'), 'w');
  const cs: ChildProcess = spawn(CS_BIN, ['--bind-addr', host, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', ...base], { stdio: ['ignore', csLog, csLog] });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'] });
  try {
    await waitHttp(`http://${host}/healthz`, 60_000);
    say('code-server up');

    // (1) Extension-host tests.
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${host}${HARNESS}`],
      ['extensionTestsPath', `vscode-remote://${host}${HARNESS}/test/index.js`],
    ];
    const page = await browser.newPage();
    const exited = new Promise<unknown>((r) => void page.exposeFunction('codeAutomationExit', (code: unknown) => r(code)));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => say(`[exthost] ${type} ${(args ?? []).join(' ')}`.slice(0, 400)));
    await page.goto(`http://${host}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer: NodeJS.Timeout | undefined;
    result.exthost.exitCode = await Promise.race([exited, new Promise((r) => (timer = setTimeout(() => r('timeout'), 180_000)))]);
    clearTimeout(timer);
    const reportFile = path.join(tmp, 'exthost-result.json');
    result.exthost.report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : null;
    say(`extension-host tests exit ${String(result.exthost.exitCode)}`);
    await page.close();

    // (2) UI: Problems panel, a hover and the graph, as a person sees them.
    fs.mkdirSync(screenshotsDir, { recursive: true });
    const ui = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    const shot = async (name: string): Promise<void> => {
      const f = path.join(screenshotsDir, name);
      await ui.screenshot({ path: f });
      result.screenshots.push(f);
    };
    try {
      await ui.goto(`http://${host}/?folder=${encodeURIComponent(ws)}`);
      await ui.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      await ui.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
      say('workbench up');
      await ui.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => undefined);
      await ui.keyboard.press('Control+P');
      await ui.waitForSelector('.quick-input-widget input', { timeout: 20_000 });
      await ui.keyboard.type('shop.cascade.yaml');
      await ui.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 20_000 });
      await ui.keyboard.press('Enter');
      await ui.waitForSelector('.editor-instance .view-lines', { timeout: 30_000 });
      say('editor open');
      await ui.keyboard.press('Control+Shift+M');
      await ui.locator('.markers-panel').getByText('Use the canonical key "result"').first().waitFor({ timeout: 60_000 });
      result.ui.problems = true;
      say('diagnostic in the Problems panel');
      await shot('vscode-problems.png');
      // Hover the state name in "default: Rejected": put the cursor on it, then Show Hover.
      const shop = fs.readFileSync(path.join(ws, 'shop.cascade.yaml'), 'utf8');
      const at = shop.indexOf('default: Rejected') + 'default: R'.length;
      const lineNo = shop.slice(0, at).split('\n').length;
      const col = at - shop.lastIndexOf('\n', at - 1);
      await ui.locator('.editor-instance .view-lines').first().click();
      await ui.keyboard.press('Control+G');
      await ui.waitForSelector('.quick-input-widget input', { timeout: 20_000 });
      await ui.keyboard.type(`${lineNo}:${col}`);
      await ui.keyboard.press('Enter');
      await ui.waitForTimeout(300);
      await ui.keyboard.press('Control+K');
      await ui.keyboard.press('Control+I');
      await ui.locator('.monaco-hover').getByText('Incoming').first().waitFor({ timeout: 30_000 });
      result.ui.hover = true;
      say('hover shown');
      await ui.waitForTimeout(700); // let the hover finish fading in
      await shot('vscode-hover.png');
      await ui.mouse.move(10, 10);
      await ui.keyboard.press('Escape');
      await ui.keyboard.press('Control+J'); // hide the panel: room for the graph
      await ui.keyboard.press('F1');
      await ui.waitForSelector('.quick-input-widget input', { timeout: 20_000 });
      await ui.keyboard.type('Cascade: Show flow graph');
      await ui.locator('.quick-input-list .monaco-list-row', { hasText: 'Show flow graph' }).first().waitFor({ timeout: 20_000 });
      await ui.keyboard.press('Enter');
      // The webview is nested iframes; wait for the rendered SVG inside them.
      let rendered = false;
      for (let i = 0; i < 100 && !rendered; i++) {
        for (const f of ui.frames()) {
          if ((await f.locator('#graph svg').count().catch(() => 0)) > 0) rendered = true;
        }
        if (!rendered) await ui.waitForTimeout(200);
      }
      result.ui.graph = rendered;
      say(`graph ${rendered ? 'rendered' : 'NOT rendered'}`);
      await ui.waitForTimeout(500);
      await shot('vscode-graph.png');
    } catch (e) {
      result.ui.error = String(e instanceof Error ? e.message.split('\n')[0] : e);
      say(`UI failed: ${result.ui.error}`);
      await ui.screenshot({ path: path.join(tmp, 'vscode-fail.png') }).catch(() => undefined);
    }
  } finally {
    await browser.close().catch(() => undefined);
    cs.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    if (cs.exitCode === null) cs.kill('SIGKILL');
    fs.closeSync(csLog);
    if (process.env.CASCADE_KEEP_TMP !== '1') fs.rmSync(tmp, { recursive: true, force: true });
    else say(`kept ${tmp}`);
  }
  return result;
}

// `node dist/test/editors/code-server-run.js --run` drives it by hand. (node --test runs every
// file below a test/ folder, so without --run this module only defines the function.)
if (require.main === module && process.argv.includes('--run')) {
  runCodeServer().then(
    (r) => {
      console.log(JSON.stringify(r, null, 1));
      const ok = r.exthost.exitCode === 0 && r.ui.problems === true && r.ui.hover === true && r.ui.graph === true;
      process.exitCode = ok ? 0 : 1;
    },
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
