// Renders Mermaid text for real: mermaid (from node_modules) in headless Chromium driven by
// playwright-core. No network: the page is built with setContent, mermaid is injected from disk,
// and every http(s) request is aborted.
import * as fs from 'fs';
import type { Browser, Page } from 'playwright-core';

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/lib/chromium/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium'];

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'];

/** The Chromium binary to use: $CHROMIUM_PATH, else Debian's locations. */
export function findChromium(env: Record<string, string | undefined> = process.env): string | undefined {
  const explicit = env.CHROMIUM_PATH;
  if (explicit) return fs.existsSync(explicit) ? explicit : undefined;
  return CHROMIUM_CANDIDATES.find((p) => fs.existsSync(p));
}

/** Why the renderer cannot run here, or undefined when it can. */
export function missingPrerequisite(): string | undefined {
  if (!findChromium()) return 'Chromium is not installed (apt-get install chromium, or set CHROMIUM_PATH)';
  for (const m of ['playwright-core', 'mermaid/dist/mermaid.min.js']) {
    try {
      require.resolve(m);
    } catch {
      return `the devDependency "${m.split('/')[0]}" is not installed (npm install)`;
    }
  }
  return undefined;
}

export interface RenderResult {
  ok: boolean;
  svg?: string;
  error?: string;
}

export class MermaidRenderer {
  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
  ) {}

  static async launch(): Promise<MermaidRenderer> {
    // Loaded lazily so that this module can be imported where playwright-core is absent.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { chromium } = require('playwright-core') as typeof import('playwright-core');
    const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true });
    try {
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 2 });
      await context.route(/^https?:/, (route) => route.abort());
      const page = await context.newPage();
      await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0;background:white"><div id="out"></div></body></html>');
      await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
      await page.evaluate(() => {
        (globalThis as unknown as { mermaid: { initialize(c: unknown): void } }).mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default', flowchart: { htmlLabels: true, useMaxWidth: false } });
      });
      return new MermaidRenderer(browser, page);
    } catch (e) {
      await browser.close();
      throw e;
    }
  }

  private counter = 0;

  /** Parses and renders one diagram; ok only when mermaid produced an <svg> without an error diagram. */
  async render(text: string): Promise<RenderResult> {
    const id = `graph${this.counter++}`;
    return this.page.evaluate(
      async ({ text, id }) => {
        const m = (globalThis as unknown as { mermaid: { parse(t: string): Promise<unknown>; render(id: string, t: string): Promise<{ svg: string }> } }).mermaid;
        try {
          await m.parse(text);
          const { svg } = await m.render(id, text);
          const bad = /Syntax error in text|class="error-icon"/.test(svg);
          return bad ? { ok: false, svg, error: 'mermaid rendered its error diagram' } : { ok: svg.trimStart().startsWith('<svg'), svg };
        } catch (e) {
          return { ok: false, error: e instanceof Error ? e.message : String(e) };
        }
      },
      { text, id },
    );
  }

  /** The text of every node and edge label, as a browser shows it (entities decoded). */
  async labels(text: string): Promise<{ nodes: string[]; edges: string[] }> {
    const r = await this.render(text);
    if (!r.ok || !r.svg) throw new Error(r.error ?? 'render failed');
    return this.page.evaluate((svg) => {
      const doc = (globalThis as unknown as { document: { createElement(t: string): { innerHTML: string; querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> } } }).document;
      const div = doc.createElement('div');
      div.innerHTML = svg;
      const texts = (sel: string): string[] => Array.from(div.querySelectorAll(sel)).map((e) => (e.textContent ?? '').trim());
      return { nodes: texts('.node .nodeLabel, .cluster .nodeLabel'), edges: texts('.edgeLabel .edgeLabel, .edgeLabel span').filter((t) => t !== '') };
    }, r.svg);
  }

  /** Renders a diagram into the page and saves a PNG of it. */
  async screenshot(text: string, file: string): Promise<void> {
    const r = await this.render(text);
    if (!r.ok || !r.svg) throw new Error(r.error ?? 'render failed');
    await this.page.evaluate((svg) => {
      const doc = (globalThis as unknown as { document: { getElementById(id: string): { innerHTML: string; style: Record<string, string> } | null } }).document;
      const out = doc.getElementById('out')!;
      out.innerHTML = svg;
      out.style.display = 'inline-block';
      out.style.padding = '16px';
      out.style.background = 'white';
    }, r.svg);
    await this.page.locator('#out').screenshot({ path: file });
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
