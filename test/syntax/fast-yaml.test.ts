// The fast path (syntax/fast-yaml.ts) must give exactly what the `yaml` library gives, or give
// up: compared on every YAML file of the repository, on generated workflows, on hand-written
// corner cases and on thousands of random mutations of real files.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseYaml, parseYamlFully, ParsedText } from '../../server/src/syntax/yaml-tree';
import { fastParseYaml, plainValue } from '../../server/src/syntax/fast-yaml';
import { generateWorkflow } from '../../bench/generate';
import { packageRoot } from '../../server/src/analysis/package-root';

const ROOT = packageRoot();

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.') || e.name === 'dist') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

function comparable(p: ParsedText): unknown {
  return { documents: p.documents, problems: p.problems };
}

/** Asserts that the fast path, when it takes the text, agrees with the full parser. */
function agree(text: string, label: string): boolean {
  const fast = fastParseYaml(text);
  if (!fast) return false;
  assert.deepStrictEqual(comparable(parseYaml(text)), comparable(parseYamlFully(text)), `${label}: the fast path differs from the yaml library on:\n${text.length > 2000 ? text.slice(0, 2000) + '…' : text}`);
  return true;
}

const CORPUS = yamlFiles(path.join(ROOT, 'examples')).concat(yamlFiles(path.join(ROOT, 'test')), yamlFiles(path.join(ROOT, 'schemas')));

test('fast path agrees with the yaml library on every YAML file of the repository', () => {
  let taken = 0;
  for (const f of CORPUS) if (agree(fs.readFileSync(f, 'utf8'), path.relative(ROOT, f))) taken++;
  // Most Cascade files are in the subset; if this drops, the fast path has become useless.
  if (process.env.CASCADE_FAST_YAML_REPORT) console.log(`corpus: fast path took ${taken} of ${CORPUS.length}`);
  assert.ok(taken > CORPUS.length / 3, `the fast path took only ${taken} of ${CORPUS.length} files`);
});

test('fast path takes the generated benchmark workflows and agrees', () => {
  for (const n of [4, 10, 100, 1000]) assert.ok(agree(generateWorkflow(n), `generated ${n}`), `the fast path gave up on the generated workflow of ${n} states`);
  assert.ok(agree(generateWorkflow(100).replace(/\n/g, '\r\n'), 'generated 100, CRLF'), 'the fast path gave up on CRLF line breaks');
});

test('fast path on corner cases: agrees or gives up', () => {
  const cases = [
    'a: 1\n', 'a: 1', '# c\n\na: 1\n', '  a: 1\n', 'a: 1\n# end\n', 'a: 1\n\n\n', 'a:\n  - x\n  # c\n\nb: 2\n',
    'a:\n- x\n- y\nb: 2\n', 'a:\n  b:\n    c: d\n  # trailing\ne: f\n', 'a:\n  b: 1\n  # c\n', 'k: v # comment\n',
    'a: [x, y]  # c\nb: "q"\n', 'a: { b: c, d: [1, 2, {e: f}] }\n', "a: 'it''s'\n", 'a: "x#y"\n', 'a: x#y\n',
    'a: http://example.com/x\n', 'a: b: c\n', 'a: b:\n', 'a:\n', 'a: \n', 'a: |\n  x\n', 'a: >\n  x\n', 'a: &x 1\nb: *x\n',
    'a: !!str 1\n', '---\na: 1\n', 'a: 1\n---\nb: 2\n', '%YAML 1.2\n---\na: 1\n', 'a: 1\r\nb: 2\r\n', 'a: 1\r\nb: |\r\n  x\r\n', 'a: x \r\n', 'a: x#\r\n', 'a: 1\rb: 2\n', 'a:\r\n  - "q"\r\n  - [x, y]  # c\r\n', '\ufeffa: 1\n', 'a:\t1\n',
    'a: "\\n"\n', 'a: "unclosed\n', "a: 'unclosed\n", 'a: [1, 2\n', 'a: {b: 1\n', 'a: [1, 2,]\n', 'a: {b: 1,}\n', 'a: [a: b]\n',
    'a: {b}\n', 'a: {b: }\n', 'a: {"b": 1}\n', 'a: [,]\n', 'a: []\n', 'a: {}\n', '- a\n- b\n', '- - a\n  - b\n- c\n',
    '- a: 1\n  b: 2\n- c: 3\n', '- a: 1\n   b: 2\n', '- a: 1\n b: 2\n', 'a: 1\n  b: 2\n', 'a: 1\nb: 2\n  c: 3\n', 'a:\n  x\n',
    'a: multi\n  line\n', 'a: 1\na: 2\n', 'a: 1\nb:\n  c: 1\n  c: 2\n', 'x: {a: 1, a: 2}\n', '__proto__: 1\nconstructor: 2\n',
    'a: ~\nb: null\nc: Null\nd: NULL\ne: nULL\n', 'a: true\nb: False\nc: TRUE\nd: tRUE\ne: yes\n', 'a: 0o17\nb: 0x1F\nc: 017\nd: -12\ne: +3\n',
    'a: 1.5\nb: .5\nc: 1.\nd: 1e3\ne: -1.5E-3\nf: .inf\ng: -.Inf\nh: .nan\ni: .NaN\nj: 1_000\n', 'a: 123456789012345678901234567890\n',
    '1: a\ntrue: b\nnull: c\n~: d\n', 'a b: c d\n', 'a : b\n', 'a:b\n', 'a: -1\nb: -x\nc: - x\n', 'a: ?x\nb: :x\n', 'a: @x\n', 'a: `x`\n',
    'a: %x\n', 'a: ,x\n', 'a: x, y\n', 'a: [x y, z]\n', 'a: {b: c d}\n', 'a: [ "x" , \'y\' ]\n', 'a: {b: "c", d: \'e\'}\n',
    'a: "x" y\n', 'a: "x"#c\n', 'a: "x" #c\n', 'a: [x]#c\n', 'a: [x] #c\n', 'a: [x] y\n', '- x\n-\n', '-\n  a: 1\n', '- \n  - a\n',
    '-x\n', 'a:\n    - x\n    - y\n', 'a:\n  - x\n - y\n', 'key with spaces   : value\n', 'a: value with   spaces   \n',
    'a: {b: [c, {d: e}], f: g}\nh: i\n', 'a: |\n  line1\n  line2\n\nb: >-\n  x\n  y\n\n  z\nc: 1\nd: |\n  last\n', 'a: |\n  x', 'a: |\n  x\n  # not a comment\nb: 1\n',
    'a: >\n  x\n   y\n', 'a: |\n  x\n y\n', 'a: |\nb: 1\n', 'a: |+\n  x\n\n', 'a: |2\n   x\n', 'a: |\n\n  x\n', 'a: |\n  x\n    \n  y\n', '- >\n  a\n  b\n- c\n', 'a: é\nb: "日本"\nc: 😀\n', 'ключ: значение\n', 'a: 1\n\n# c\n\n', '# only a comment\n', '',
    '\n\n', 'a', '"a"\n', '[a, b]\n', '{a: b}\n', 'a:\n  - b: 1\n    c:\n      - d\n  - e\n', 'a:\n  -   b: 1\n      c: 2\n',
  ];
  for (const c of cases) agree(c, JSON.stringify(c));
});

test('plainValue matches the core schema', () => {
  assert.equal(plainValue('1_000'), '1_000');
  assert.equal(plainValue('0o17'), 15);
  assert.equal(plainValue('0x1F'), 31);
  assert.equal(plainValue('017'), 17);
  assert.equal(plainValue('+3'), 3);
  assert.equal(plainValue('.5'), 0.5);
  assert.equal(plainValue('1.'), 1);
  assert.ok(Number.isNaN(plainValue('.nan') as number));
  assert.equal(plainValue('-.inf'), Number.NEGATIVE_INFINITY);
  assert.equal(plainValue('yes'), 'yes');
  assert.equal(plainValue('~'), null);
  assert.equal(plainValue('False'), false);
});

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SIGNIFICANT = [':', '-', ' ', ' ', ' ', '\n', '\n', '"', "'", '#', '{', '}', '[', ']', ',', '|', '>', '&', '*', '!', '%', '?', '~', '.', '0', '1', 'x', 'true', 'null', '- ', ': ', '  ', '\t', '\r', '\\', '@', '`', 'é'];

function mutate(text: string, rnd: () => number): string {
  let t = text;
  const edits = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rnd() * (t.length + 1));
    const kind = rnd();
    if (kind < 0.4) t = t.slice(0, at) + SIGNIFICANT[Math.floor(rnd() * SIGNIFICANT.length)] + t.slice(at);
    else if (kind < 0.7) t = t.slice(0, at) + t.slice(at + 1 + Math.floor(rnd() * 3));
    else if (kind < 0.85) t = t.slice(0, at) + SIGNIFICANT[Math.floor(rnd() * SIGNIFICANT.length)] + t.slice(at + 1);
    else {
      // Re-indent a line: the structural mistakes people make.
      const ls = t.lastIndexOf('\n', at - 1) + 1;
      t = rnd() < 0.5 ? t.slice(0, ls) + ' ' + t.slice(ls) : t.slice(0, ls) + t.slice(ls).replace(/^ /, '');
    }
  }
  return t;
}

test('fast path agrees with the yaml library on random mutations of real files', () => {
  const seed = Number(process.env.CASCADE_PROPERTY_SEED ?? 20261125);
  const rnd = prng(seed);
  const sources = CORPUS.map((f) => fs.readFileSync(f, 'utf8')).filter((t) => fastParseYaml(t) && t.length < 20_000);
  sources.push(generateWorkflow(30));
  const runs = Number(process.env.CASCADE_FAST_YAML_RUNS ?? 4000);
  let taken = 0;
  for (let i = 0; i < runs; i++) {
    const src = sources[Math.floor(rnd() * sources.length)];
    // Mutate a window of the file to keep each case small and its report readable.
    const from = Math.floor(rnd() * Math.max(1, src.length - 600));
    const lineStart = src.lastIndexOf('\n', from) + 1;
    const window = src.slice(lineStart, lineStart + 600 + Math.floor(rnd() * 600));
    const text = mutate(rnd() < 0.3 ? src : window, rnd);
    if (agree(text, `seed ${seed}, case ${i}`)) taken++;
  }
  if (process.env.CASCADE_FAST_YAML_REPORT) console.log(`mutations: fast path took ${taken} of ${runs}`);
  assert.ok(taken > runs / 10, `the fast path took only ${taken} of ${runs} mutated texts`);
});

/** Random block YAML: nested maps and sequences (compact forms too), scalars of every kind, flow
 *  collections, comments and blank lines at random indents, odd spacing. */
function randomYaml(rnd: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const scalars = ['x', 'a b', '1', '-2', '0x1F', '1.5', '.inf', 'true', 'False', 'null', '~', '"q"', "'s'", "'it''s'", '"a # b"', 'a#b', 'http://x', '{{ $.a }}', '"{{ $.b | default(1) }}"', 'é', '[]', '{}', '[a, "b", 1]', '{ k: v, n: [1, 2] }', '{a: {b: c}}'];
  const keys = ['a', 'b', 'name', 'type', 'next', 'k1', 'x y', '1', 'true', 'null', '__proto__', 'a', 'b'];
  const lines: string[] = [];
  const gap = (indent: number): void => {
    while (rnd() < 0.25) {
      const r = rnd();
      if (r < 0.4) lines.push('');
      else if (r < 0.5) lines.push(' '.repeat(Math.floor(rnd() * 6)));
      else lines.push(' '.repeat(Math.max(0, indent + Math.floor(rnd() * 7) - 3)) + '# ' + pick(['c', 'note: x', '- y', '']));
    }
  };
  const tail = (): string => (rnd() < 0.15 ? ' '.repeat(1 + Math.floor(rnd() * 2)) + '# t' : rnd() < 0.1 ? '  ' : '');
  const node = (indent: number, depth: number, prefix: string, inlineOk: boolean): void => {
    // `prefix` is what already stands on the current line ("key:" or "- ").
    const r = rnd();
    if (inlineOk && (depth > 3 || r < 0.45)) {
      if (rnd() < 0.15) {
        // A block scalar: header, content lines (some empty, some more indented, some like comments).
        lines.push(prefix + (prefix.endsWith(':') ? ' ' : '') + pick(['|', '>', '|-', '>-', '|+', '| # c', '|2']) + tail());
        const at = indent + 1 + Math.floor(rnd() * 3);
        const n = 1 + Math.floor(rnd() * 4);
        for (let i = 0; i < n; i++) {
          const k = rnd();
          lines.push(k < 0.15 ? '' : k < 0.2 ? ' '.repeat(at) : k < 0.3 ? ' '.repeat(at + 1) + 'more' : ' '.repeat(at) + pick(['text', '# not a comment', 'a: b', '- x', '{{ $.a }}']));
        }
        return;
      }
      lines.push(prefix + (prefix.endsWith(':') ? ' ' : '') + pick(scalars) + tail());
      return;
    }
    const step = 1 + Math.floor(rnd() * 3);
    const isSeq = r < 0.7;
    const n = 1 + Math.floor(rnd() * 3);
    if (prefix.endsWith('- ') && rnd() < 0.5) {
      // Compact: the first entry on the dash's line.
      const col = prefix.length;
      for (let i = 0; i < n; i++) {
        const lead = i === 0 ? prefix : ' '.repeat(col);
        if (isSeq) node(col, depth + 1, lead + '- ', true);
        else node(col, depth + 1, lead + pick(keys) + ':', true);
        gap(col);
      }
      return;
    }
    lines.push(prefix + tail());
    gap(indent);
    // A sequence under a key may sit at the key's own indent.
    const inner = isSeq && prefix.endsWith(':') && rnd() < 0.3 ? indent : indent + step;
    for (let i = 0; i < n; i++) {
      if (isSeq) node(inner, depth + 1, ' '.repeat(inner) + '- ', true);
      else node(inner, depth + 1, ' '.repeat(inner) + pick(keys) + ':', true);
      gap(inner);
    }
  };
  gap(0);
  const n = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < n; i++) {
    node(0, 0, pick(keys) + ':', true);
    gap(0);
  }
  return lines.join('\n') + (rnd() < 0.8 ? '\n' : '');
}

test('fast path agrees with the yaml library on random block YAML', () => {
  const seed = Number(process.env.CASCADE_PROPERTY_SEED ?? 20261125);
  const rnd = prng(seed + 1);
  const runs = Number(process.env.CASCADE_FAST_YAML_RUNS ?? 4000);
  let taken = 0;
  for (let i = 0; i < runs; i++) {
    const y = randomYaml(rnd);
    // A quarter with Windows line breaks.
    if (agree(rnd() < 0.25 ? y.replace(/\n/g, '\r\n') : y, `seed ${seed}, random case ${i}`)) taken++;
  }
  if (process.env.CASCADE_FAST_YAML_REPORT) console.log(`random: fast path took ${taken} of ${runs}`);
  assert.ok(taken > runs / 10, `the fast path took only ${taken} of ${runs} random texts`);
});
