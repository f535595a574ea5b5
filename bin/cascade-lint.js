#!/usr/bin/env node
'use strict';
const { runCli, nodeIo } = require('../dist/server/src/cli/main.js');
runCli(process.argv.slice(2), nodeIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`cascade-lint: internal error: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 3;
  },
);
