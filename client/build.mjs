// Builds the extension for packaging: bundles the client and the language server (with all
// their dependencies) with esbuild, and copies what the server reads at run time (schemas/)
// and the webview's mermaid into the extension folder.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const require = createRequire(join(root, 'package.json'));
rmSync(join(here, 'dist'), { recursive: true, force: true });
mkdirSync(join(here, 'dist'), { recursive: true });
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node18', sourcemap: false, minify: process.env.CASCADE_MINIFY !== '0', logLevel: 'warning', legalComments: 'none' };
await build({ ...common, entryPoints: [join(here, 'src/extension.ts')], outfile: join(here, 'dist/extension.js'), external: ['vscode'] });
await build({ ...common, entryPoints: [join(here, 'src/server-entry.ts')], outfile: join(here, 'dist/server.js') });
cpSync(join(root, 'schemas'), join(here, 'schemas'), { recursive: true });
cpSync(require.resolve('mermaid/dist/mermaid.min.js'), join(here, 'media/mermaid.min.js'));
console.log('client built: dist/extension.js, dist/server.js, schemas/, media/mermaid.min.js');
