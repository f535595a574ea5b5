// textDocument/rename over JSON-RPC also edits the *.cascade-test.yaml files that target the
// workflow: found under the workspace folder on disk, or taken from the editor when open.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { LspClient, DEFAULT_CAPABILITIES, positionOf } from './lsp-client';

const FLOW = `apiVersion: cascade.io/v1
kind: Application
metadata: { name: orders }
spec:
  workflows:
    - name: Orders
      start: Load
      states:
        - name: Load
          type: Pass
          next: Done
        - name: Done
          type: Succeed
`;
const TEST = `workflow: ../flows/orders.cascade.yaml
cases:
  - name: passes
    expect:
      path: [Load, Done]
      states: { Load: { attempts: 1 } }
`;

const uriOf = (f: string): string => pathToFileURL(f).href;

describe('rename across test files (language server)', () => {
  let c: LspClient;
  let root: string;
  let flowUri: string;
  let testUri: string;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-lsp-rename-'));
    fs.mkdirSync(path.join(root, 'flows'));
    fs.mkdirSync(path.join(root, 'tests'));
    fs.writeFileSync(path.join(root, 'flows', 'orders.cascade.yaml'), FLOW);
    fs.writeFileSync(path.join(root, 'tests', 'orders.cascade-test.yaml'), TEST);
    fs.writeFileSync(path.join(root, 'tests', 'other.cascade-test.yaml'), TEST.replace('orders.cascade', 'other.cascade'));
    flowUri = uriOf(path.join(root, 'flows', 'orders.cascade.yaml'));
    testUri = uriOf(path.join(root, 'tests', 'orders.cascade-test.yaml'));
    c = new LspClient(['--stdio'], { CASCADE_LSP_DEBOUNCE_MS: '20' });
    await c.initialize(DEFAULT_CAPABILITIES, {}, uriOf(root));
    c.open(flowUri, FLOW);
    await c.nextDiagnostics(flowUri, 1);
  });

  after(async () => {
    assert.equal(await c.shutdown(), 0, c.stderr);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('edits the workflow and the test file on disk that targets it, and no other', async () => {
    const edit = await c.request('textDocument/rename', { textDocument: { uri: flowUri }, position: positionOf(FLOW, 'name: Load', 6), newName: 'Fetch' });
    assert.deepEqual(Object.keys(edit.changes).sort(), [flowUri, testUri].sort());
    assert.equal(edit.changes[flowUri].length, 2);
    assert.deepEqual(edit.changes[testUri], [
      { range: { start: { line: 4, character: 13 }, end: { line: 4, character: 17 } }, newText: 'Fetch' },
      { range: { start: { line: 5, character: 16 }, end: { line: 5, character: 20 } }, newText: 'Fetch' },
    ]);
  });

  it('uses the unsaved text of an open test file', async () => {
    const unsaved = TEST.replace('cases:\n', 'cases:\n  - name: new\n    mocks: { Load: { return: 1 } }\n');
    c.open(testUri, unsaved);
    const edit = await c.request('textDocument/rename', { textDocument: { uri: flowUri }, position: positionOf(FLOW, 'next: Done', 6), newName: 'Finished' });
    assert.equal(edit.changes[testUri].length, 1, 'only "Done" in expect.path');
    const load = await c.request('textDocument/rename', { textDocument: { uri: flowUri }, position: positionOf(FLOW, 'name: Load', 6), newName: 'Fetch' });
    assert.equal(load.changes[testUri].length, 3, 'the open text has one more mock');
    assert.deepEqual(load.changes[testUri][0].range.start, { line: 3, character: 13 });
  });

  it('refuses a rename that would duplicate a key in a test', async () => {
    c.change(testUri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } }, text: TEST.replace('{ Load: { attempts: 1 } }', '{ Load: { attempts: 1 }, Fetch: {} }') }]);
    await assert.rejects(c.request('textDocument/rename', { textDocument: { uri: flowUri }, position: positionOf(FLOW, 'name: Load', 6), newName: 'Fetch' }), /already has "Fetch" in "expect.states"/);
  });
});
