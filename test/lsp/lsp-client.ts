// A small LSP client over stdio for protocol tests and the benchmark: spawns the server,
// frames JSON-RPC with Content-Length, answers the server's own requests, records
// notifications, and can write raw (malformed) bytes.
import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import * as path from 'path';

/** The server to spawn: the repository's bin, or another build (e.g. the bundled one in the .vsix). */
export const SERVER_BIN = process.env.CASCADE_SERVER_BIN || path.resolve(__dirname, '../../../bin/cascade-language-server.js');

export interface RpcError {
  code: number;
  message: string;
}

export interface Notification {
  method: string;
  params: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  at: number;
}

type Pending = { resolve: (v: { result?: unknown; error?: RpcError }) => void; method: string };

export class LspClient {
  readonly proc: ChildProcessWithoutNullStreams;
  private buf = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number | string, Pending>();
  readonly notifications: Notification[] = [];
  private readonly waiters: { pred: (n: Notification) => boolean; resolve: (n: Notification) => void }[] = [];
  stderr = '';
  exited: number | null = null;
  settings: Record<string, unknown> = {};
  readonly serverRequests: { method: string; params: unknown }[] = [];

  constructor(args: string[] = ['--stdio'], env: Record<string, string> = {}) {
    this.proc = spawn(process.execPath, [SERVER_BIN, ...args], { env: { ...process.env, ...env }, stdio: 'pipe' });
    this.proc.stdout.on('data', (d: Buffer) => this.onData(d));
    this.proc.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.proc.on('exit', (code) => {
      this.exited = code ?? -1;
      for (const p of this.pending.values()) p.resolve({ error: { code: -1, message: 'server exited' } });
      this.pending.clear();
    });
    this.proc.stdin.on('error', () => undefined);
  }

  private onData(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const headerEnd = this.buf.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buf.subarray(0, headerEnd).toString('ascii');
      const m = /Content-Length: (\d+)/i.exec(header);
      if (!m) throw new Error(`bad header from server: ${header}`);
      const len = Number(m[1]);
      if (this.buf.length < headerEnd + 4 + len) return;
      const body = this.buf.subarray(headerEnd + 4, headerEnd + 4 + len).toString('utf8');
      this.buf = this.buf.subarray(headerEnd + 4 + len);
      this.dispatch(JSON.parse(body));
    }
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private dispatch(msg: any): void {
    if (msg.id !== undefined && msg.method) {
      // A request from the server.
      this.serverRequests.push({ method: msg.method, params: msg.params });
      let result: unknown = null;
      if (msg.method === 'workspace/configuration') result = (msg.params.items ?? []).map((i: { section?: string }) => (i.section ? (this.settings[i.section] ?? null) : this.settings));
      this.write({ jsonrpc: '2.0', id: msg.id, result });
      return;
    }
    if (msg.id !== undefined) {
      const p = this.pending.get(msg.id);
      if (p) {
        this.pending.delete(msg.id);
        p.resolve({ result: msg.result, error: msg.error });
      }
      return;
    }
    const n: Notification = { method: msg.method, params: msg.params, at: performance.now() };
    this.notifications.push(n);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i].pred(n)) {
        this.waiters[i].resolve(n);
        this.waiters.splice(i, 1);
      }
    }
  }

  write(msg: unknown): void {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.writeRaw(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  writeRaw(bytes: Buffer | string): void {
    if (this.exited === null) this.proc.stdin.write(bytes);
  }

  /** Send a request; returns its id and a promise of the response. */
  send(method: string, params: unknown): { id: number; response: Promise<{ result?: unknown; error?: RpcError }> } {
    const id = this.nextId++;
    const response = new Promise<{ result?: unknown; error?: RpcError }>((resolve) => this.pending.set(id, { resolve, method }));
    this.write({ jsonrpc: '2.0', id, method, params });
    return { id, response };
  }

  async request<T = any>(method: string, params: unknown, timeoutMs = 10_000): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const { response } = this.send(method, params);
    const r = await withTimeout(response, timeoutMs, `${method} timed out`);
    if (r.error) throw Object.assign(new Error(`${method}: ${r.error.message}`), { rpc: r.error });
    return r.result as T;
  }

  notify(method: string, params: unknown): void {
    this.write({ jsonrpc: '2.0', method, params });
  }

  waitFor(pred: (n: Notification) => boolean, timeoutMs = 10_000, what = 'notification'): Promise<Notification> {
    const hit = this.notifications.find(pred);
    if (hit) return Promise.resolve(hit);
    return withTimeout(new Promise<Notification>((resolve) => this.waiters.push({ pred, resolve })), timeoutMs, `timed out waiting for ${what}`);
  }

  /** The next publishDiagnostics for uri (optionally for a given version) after now. */
  nextDiagnostics(uri: string, version?: number, timeoutMs = 10_000): Promise<Notification> {
    const since = this.notifications.length;
    return withTimeout(
      new Promise<Notification>((resolve) => {
        const pred = (n: Notification): boolean => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri && (version === undefined || n.params.version === version);
        const hit = this.notifications.slice(since).find(pred);
        if (hit) resolve(hit);
        else this.waiters.push({ pred, resolve });
      }),
      timeoutMs,
      `timed out waiting for diagnostics of ${uri}${version !== undefined ? ` v${version}` : ''}`,
    );
  }

  async initialize(capabilities: Record<string, unknown> = DEFAULT_CAPABILITIES, initializationOptions: Record<string, unknown> = {}, rootUri: string | null = null): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const r = await this.request('initialize', { processId: process.pid, rootUri, capabilities, initializationOptions, clientInfo: { name: 'cascade-test-client', version: '1' } });
    this.notify('initialized', {});
    return r;
  }

  open(uri: string, text: string, version = 1, languageId = 'yaml'): void {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, changes: unknown[]): void {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  async shutdown(): Promise<number> {
    if (this.exited !== null) return this.exited;
    try {
      await this.request('shutdown', null, 5000);
      this.notify('exit', null);
    } catch {
      // already gone
    }
    const code = await withTimeout(new Promise<number>((r) => (this.exited !== null ? r(this.exited) : this.proc.on('exit', (c) => r(c ?? -1)))), 5000, 'exit').catch(() => {
      this.proc.kill('SIGKILL');
      return -9;
    });
    return code;
  }
}

export const DEFAULT_CAPABILITIES = {
  workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceEdit: { documentChanges: false } },
  textDocument: {
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, tagSupport: { valueSet: [1, 2] } },
    rename: { prepareSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
  },
};

export function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => (t = setTimeout(() => reject(new Error(message)), ms)))]).finally(() => clearTimeout(t));
}

/** Line/character of the first occurrence of `needle` (plus `delta` characters) in `text`. */
export function positionOf(text: string, needle: string, delta = 0, nth = 0): { line: number; character: number } {
  let idx = -1;
  for (let i = 0; i <= nth; i++) {
    idx = text.indexOf(needle, idx + 1);
    if (idx < 0) throw new Error(`"${needle}" not found`);
  }
  const off = idx + delta;
  const before = text.slice(0, off);
  const line = before.split('\n').length - 1;
  return { line, character: off - (before.lastIndexOf('\n') + 1) };
}
