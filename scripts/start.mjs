// `npm start`: the Electron app where Electron is installed; otherwise browser mode — the same
// renderer served on 127.0.0.1 with a per-run token — and the URL to open.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);
if (!fs.existsSync(path.join(root, 'dist', 'cli.cjs')) || process.argv.includes('--build')) {
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

let electronBinary = null;
if (!process.argv.includes('--browser') && !process.env.JOINTSCORE_BROWSER_MODE) {
  try {
    const p = require('electron');
    if (typeof p === 'string' && fs.existsSync(p)) electronBinary = p;
  } catch (err) {
    console.error(`Electron is not available here (${err instanceof Error ? err.message.split('\n')[0] : err}); starting browser mode.`);
  }
}

const child = electronBinary
  ? spawn(electronBinary, [path.join(root, 'dist', 'electron-main.cjs')], { stdio: 'inherit', env: { ...process.env, npm_node_execpath: process.execPath } })
  : spawn(process.execPath, [path.join(root, 'bin', 'jointscore.cjs'), 'serve', ...process.argv.slice(2).filter((a) => a !== '--browser' && a !== '--build')], { stdio: 'inherit' });
const forward = (sig) => () => child.kill(sig);
process.on('SIGINT', forward('SIGINT'));
process.on('SIGTERM', forward('SIGTERM'));
child.on('exit', (code) => process.exit(code ?? 0));
