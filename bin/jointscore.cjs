#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'cli.cjs');
if (!fs.existsSync(bundle)) {
  process.stderr.write('jointscore: the CLI is not built; run `npm run build` in the Jointscore folder.\n');
  process.exit(1);
}
// A command that runs a job: its worker starts now and compiles its code while this thread
// loads the CLI's; the job takes it (service/jobs/standby-worker.ts).
const JOB_COMMANDS = new Set(['import', 'profile', 'join', 'split', 'bin', 'woe', 'select', 'train', 'infer', 'uplift', 'evaluate', 'scorecard', 'export', 'demo', 'score', 'compare', 'pseudonymize', 'psi', 'monitor']);
const worker = path.join(__dirname, '..', 'dist', 'worker.cjs');
const standby = path.join(__dirname, '..', 'dist', 'standby-worker.cjs');
if (JOB_COMMANDS.has(process.argv[2]) && !process.argv.includes('--help') && fs.existsSync(worker) && fs.existsSync(standby)) require(standby).startStandbyWorker(worker);
// The bundle's compiled code is cached beside it (data/compute/code-cache.ts): a command starts ~30 ms sooner.
const codeCache = path.join(__dirname, '..', 'dist', 'code-cache.cjs');
const cli = fs.existsSync(codeCache) ? require(codeCache).requireWithCodeCache(bundle) : { exports: require(bundle), saveCache: () => {} };
cli.exports.runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  cli.saveCache();
});
