// `cascade-language-server --stdio`: the process entry point. Transport flags (--stdio,
// --node-ipc, --socket=N, --pipe=NAME) are read by vscode-languageserver itself.
import { createConnection, ProposedFeatures, LSPErrorCodes } from 'vscode-languageserver/node';
import { startServer } from './server';
import { readPackageJson } from '../analysis/package-root';

export function main(argv: string[]): void {
  if (argv.includes('--version') || argv.includes('-v')) {
    process.stdout.write(`${readPackageJson().version}\n`);
    return;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write('Usage: cascade-language-server --stdio | --node-ipc | --socket=<port> | --pipe=<name>\n\nThe Cascade language server (LSP 3.17).\n');
    return;
  }
  if (!argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe') || a.startsWith('--clientProcessId'))) {
    process.argv.push('--stdio');
  }
  const connection = createConnection(ProposedFeatures.all, {
    // A request cancelled while still queued is answered at once, without running it.
    cancelUndispatched: (message) => ({ jsonrpc: '2.0', id: (message as { id?: number | string }).id ?? null, error: { code: LSPErrorCodes.RequestCancelled, message: 'Request cancelled.' } }),
  });
  // No input may kill the server: a bug anywhere is logged, and the connection goes on.
  process.on('uncaughtException', (e) => {
    try {
      connection.console.error(`cascade-language-server: uncaught ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    } catch {
      // the connection itself is gone
    }
  });
  process.on('unhandledRejection', (e) => {
    try {
      connection.console.error(`cascade-language-server: unhandled rejection ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    } catch {
      // the connection itself is gone
    }
  });
  startServer(connection);
  connection.listen();
}

