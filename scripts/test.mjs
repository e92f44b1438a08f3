// `npm test`: build, typecheck, lint, then the unit, integration and end-to-end suites with
// Node's test runner (TypeScript through tsx). `npm test -- unit` runs one suite.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const only = process.argv[2];
const suites = only ? [only] : ['unit', 'integration', 'e2e'];
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function step(label, cmd, args) {
  const t = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) {
    console.error(`\n${label} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status ?? 1);
  }
  console.log(`${label}: ok (${((Date.now() - t) / 1000).toFixed(1)} s)`);
}

function testFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? testFiles(p) : d.name.endsWith('.test.ts') ? [p] : [];
  });
}

step('build', process.execPath, ['scripts/build.mjs']);
if (!only) {
  // Electron's types ship inside the electron package, which an install may drop where its binary
  // cannot be downloaded (install with ELECTRON_SKIP_BINARY_DOWNLOAD=1 to keep it).
  const haveElectron = fs.existsSync(path.join(root, 'node_modules', 'electron', 'electron.d.ts'));
  if (!haveElectron) console.log('typecheck: the electron package is not installed; electron/ is not typechecked in this run.');
  step('typecheck', bin('tsc'), ['-p', haveElectron ? 'tsconfig.json' : 'tsconfig.without-electron.json', '--noEmit']);
  step('lint', bin('eslint'), ['.', '--max-warnings=0']);
}
const files = suites.flatMap((s) => testFiles(path.join(root, 'test', s))).sort();
if (files.length === 0) {
  console.error(`no test files in ${suites.join(', ')}`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
