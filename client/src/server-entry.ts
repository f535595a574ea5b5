// Entry of the bundled server (dist/server.js): the same main as bin/cascade-language-server.
import { main } from '../../server/src/lsp/main';

main(process.argv.slice(2));
