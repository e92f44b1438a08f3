#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'cli.cjs');
if (!fs.existsSync(bundle)) {
  process.stderr.write('jointscore: the CLI is not built; run `npm run build` in the Jointscore folder.\n');
  process.exit(1);
}
require(bundle).runCli(process.argv.slice(2)).then((code) => { process.exitCode = code; });
