// One build for every bundle: the CLI, the job worker, the Electron main + preload + service
// process, and the renderer. esbuild, a second or two.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = path.join(root, 'dist');
const production = process.argv.includes('--production');

const node = {
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true,
  // Large packages stay in node_modules and load on first use (`--help` and most commands never need them).
  external: ['better-sqlite3', 'electron', '@tensorflow/*', 'exceljs', 'exceljs/*', 'unzipper'], logLevel: 'warning', legalComments: 'none',
};

fs.rmSync(dist, { recursive: true, force: true });
await Promise.all([
  build({ ...node, entryPoints: { cli: 'cli/main.ts', worker: 'service/jobs/worker-entry.ts', 'boost-helper': 'service/jobs/boost-helper-entry.ts', 'csv-part-helper': 'service/monitor/csv-part-helper-entry.ts', 'rta-snapshot-worker': 'rta/snapshot/snapshot-worker.ts', 'standby-worker': 'service/jobs/standby-worker.ts', 'code-cache': 'data/compute/code-cache.ts' }, outdir: dist, outExtension: { '.js': '.cjs' } }),
  build({ ...node, entryPoints: { 'electron-main': 'electron/main/index.ts', 'service-process': 'electron/service-process.ts', preload: 'electron/preload/index.ts' }, outdir: dist, outExtension: { '.js': '.cjs' } }),
  build({
    entryPoints: { app: 'renderer/main.tsx' }, outdir: path.join(dist, 'renderer'), bundle: true, platform: 'browser',
    format: 'esm', target: 'chrome120', sourcemap: !production, minify: true, splitting: true, chunkNames: 'chunks/[name]-[hash]',
    loader: { '.css': 'css' }, define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'warning', legalComments: 'none',
  }),
]);
for (const f of ['index.html', 'styles.css']) fs.copyFileSync(path.join(root, 'renderer', f), path.join(dist, 'renderer', f));
console.log(`built ${path.relative(process.cwd(), dist) || 'dist'}/`);
