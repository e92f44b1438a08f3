import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** The first script that exists: the bundled `.cjs` beside the running bundle, else the TypeScript source (under tsx). */
export function findScript(candidates: readonly string[], what: string): string {
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`${what} not found (looked for ${candidates.join(', ')}); run npm run build`);
  return found;
}

/**
 * Starts a worker thread on `script`: the bundled `.cjs` — outside the app, loaded with the code
 * cache beside it when the build's `code-cache.cjs` is there too (see code-cache.ts; a worker
 * saves the cache once its bundle is loaded) — or, running from TypeScript sources under tsx (the tests), the
 * `.ts` file with tsx's CommonJS hook registered first.
 */
export function spawnWorker(script: string, workerData: unknown): Worker {
  if (script.endsWith('.ts')) return new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true, workerData });
  const codeCache = path.join(path.dirname(script), 'code-cache.cjs');
  // Not in the app: its bundles sit in a read-only archive, where no cache can be kept.
  if (process.versions.electron || !fs.existsSync(codeCache)) return new Worker(script, { workerData });
  return new Worker(`require(${JSON.stringify(codeCache)}).requireWithCodeCache(${JSON.stringify(script)}).saveCache();`, { eval: true, workerData });
}
