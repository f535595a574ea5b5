// ESLint flat config: typescript-eslint's recommended rules, plus the layer order of the design
// enforced with no-restricted-imports: syntax -> model -> expr/schema -> graph -> shapes ->
// analysis -> (service | cli | interpreter) -> lsp.
import tseslint from 'typescript-eslint';

const layers = ['syntax', 'model', 'expr', 'schema', 'graph', 'shapes', 'analysis', 'service', 'cli', 'interpreter', 'lsp'];
// Which layers each layer may NOT import (everything above it).
const forbidden = {
  syntax: ['model', 'expr', 'schema', 'graph', 'shapes', 'analysis', 'service', 'cli', 'interpreter', 'lsp'],
  model: ['expr', 'schema', 'graph', 'shapes', 'analysis', 'service', 'cli', 'interpreter', 'lsp'],
  expr: ['schema', 'graph', 'shapes', 'analysis', 'service', 'cli', 'interpreter', 'lsp'],
  schema: ['graph', 'shapes', 'service', 'cli', 'interpreter', 'lsp'],
  graph: ['shapes', 'analysis', 'service', 'cli', 'interpreter', 'lsp'],
  shapes: ['analysis', 'service', 'cli', 'interpreter', 'lsp'],
  analysis: ['service', 'cli', 'interpreter', 'lsp'],
  service: ['cli', 'interpreter', 'lsp'],
  interpreter: ['service', 'cli', 'lsp'],
  cli: ['lsp'],
  lsp: ['cli'],
};

const layerRules = layers.map((layer) => ({
  files: [`server/src/${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...forbidden[layer].map((f) => ({ group: [`../${f}/*`, `../../${f}/*`, `../${f}`], message: `The ${layer} layer must not import the ${f} layer (see design.md: layers point one way).` })),
          ...(layer === 'lsp' ? [] : [{ group: ['vscode-languageserver', 'vscode-languageserver/*'], message: 'Only server/src/lsp may import vscode-languageserver.' }]),
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'client/**', 'bin/**', 'test/fixtures/**', 'docs/**', 'examples/**', 'test/editors/vscode/harness-ext/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.name='eval']", message: 'Nothing in a workflow file is ever executed as code.' }, { selector: "NewExpression[callee.name='Function']", message: 'Nothing in a workflow file is ever executed as code.' }],
    },
  },
  {
    files: ['rules/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../server/src/service/*', '../server/src/cli/*', '../server/src/lsp/*', '../server/src/interpreter/*', 'vscode-languageserver'], message: 'Rules read the model, graph and shapes through their context only.' }] }],
    },
  },
  ...layerRules,
);
