import fs from 'node:fs';
import { Worker } from 'node:worker_threads';

/** The first script that exists: the bundled `.cjs` beside the running bundle, else the TypeScript source (under tsx). */
export function findScript(candidates: readonly string[], what: string): string {
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`${what} not found (looked for ${candidates.join(', ')}); run npm run build`);
  return found;
}

/**
 * Starts a worker thread on `script`: the bundled `.cjs`, or — running from TypeScript sources
 * under tsx (the tests) — the `.ts` file with tsx's CommonJS hook registered first.
 */
export function spawnWorker(script: string, workerData: unknown): Worker {
  return script.endsWith('.ts')
    ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true, workerData })
    : new Worker(script, { workerData });
}
