import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on `script`: the bundled `.cjs`, or — running from TypeScript sources
 * under tsx (the tests) — the `.ts` file with tsx's CommonJS hook registered first.
 */
export function spawnWorker(script: string, workerData: unknown): Worker {
  return script.endsWith('.ts')
    ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true, workerData })
    : new Worker(script, { workerData });
}
