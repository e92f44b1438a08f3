import { createHash } from 'node:crypto';
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { registerDynamicImport } from './dynamic-import';

/**
 * Loads a CommonJS bundle as `require` would, with V8's code cache kept in a file beside it
 * (`<bundle>.cache`: the SHA-1 of the bundle's text, then V8's data — V8 itself checks only the
 * text's length): from the second load on, the bundle's code is deserialized instead of compiled
 * (the CLI's 1 MB bundle and the job worker's 1.3 MB, some 30 ms each). The cache is written by
 * `saveCache` when there was none or V8 rejected it (another Node version); a folder that cannot
 * be written (an installed app) runs without one. A cached script loses its `import()` on Node 20,
 * so the bundle's dynamic imports go through `dynamicImport`, which this loader serves. Built as
 * its own `dist/code-cache.cjs`: the launcher loads it before any bundle.
 */
export interface CachedBundle {
  exports: Record<string, unknown>;
  /** Whether the code came from the cache. */
  cached: boolean;
  saveCache: () => void;
}

const DIGEST_BYTES = 20;

type ModuleInternals = typeof Module & { wrap(source: string): string; _nodeModulePaths(from: string): string[] };

export function requireWithCodeCache(file: string): CachedBundle {
  registerDynamicImport();
  const M = Module as ModuleInternals;
  const cacheFile = `${file}.cache`;
  const source = fs.readFileSync(file, 'utf8');
  const digest = createHash('sha1').update(source).digest();
  let cachedData: Buffer | undefined;
  try {
    const saved = fs.readFileSync(cacheFile);
    // Only a cache made from this very text.
    if (saved.length > DIGEST_BYTES && saved.subarray(0, DIGEST_BYTES).equals(digest)) cachedData = saved.subarray(DIGEST_BYTES);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(M.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = M._nodeModulePaths(path.dirname(file));
  mod.loaded = true;
  (script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  return {
    exports: mod.exports as Record<string, unknown>,
    cached: !stale,
    saveCache: () => {
      if (!stale) return;
      // Written whole, then renamed into place: a reader never sees half a cache.
      const temp = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      try {
        fs.writeFileSync(temp, Buffer.concat([digest, script.createCachedData()]));
        fs.renameSync(temp, cacheFile);
      } catch {
        fs.rmSync(temp, { force: true });
      }
    },
  };
}
