'use strict';
// Loads a CommonJS bundle as `require` would, with V8's code cache kept in a file beside it
// (`<bundle>.cache`: the SHA-1 of the bundle's text, then V8's data — V8 itself checks only the
// text's length): from the second run on, the bundle's code is deserialized instead of compiled. The cache is written after the first run (once the code that run used is compiled)
// and again when V8 rejects it (another Node version); a bundle folder that cannot be written
// (an installed app) simply runs without one. Falls back to `require` where `vm` lacks the main
// context's loader for `import()` (Node before 20.18).
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');
const { createHash } = require('node:crypto');

const DIGEST_BYTES = 20;

function requireWithCodeCache(file) {
  const loader = vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (!loader) return { exports: require(file), cached: false, saveCache: () => {} };
  const cacheFile = `${file}.cache`;
  const source = fs.readFileSync(file, 'utf8');
  const digest = createHash('sha1').update(source).digest();
  let cachedData;
  try {
    const saved = fs.readFileSync(cacheFile);
    // Only a cache made from this very text.
    if (saved.length > DIGEST_BYTES && saved.subarray(0, DIGEST_BYTES).equals(digest)) cachedData = saved.subarray(DIGEST_BYTES);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData, importModuleDynamically: loader });
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  mod.loaded = true;
  require.cache[file] = mod;
  const localRequire = (id) => mod.require(id);
  localRequire.resolve = (request) => Module._resolveFilename(request, mod);
  localRequire.cache = require.cache;
  localRequire.main = require.main;
  script.runInThisContext().call(mod.exports, mod.exports, localRequire, mod, file, path.dirname(file));
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  return {
    exports: mod.exports,
    /** Whether the code came from the cache. */
    cached: !stale,
    /** Writes the code cache when there was none or V8 rejected it (written whole, then renamed into place). */
    saveCache: () => {
      if (!stale) return;
      const temp = `${cacheFile}.${process.pid}.tmp`;
      try {
        fs.writeFileSync(temp, Buffer.concat([digest, script.createCachedData()]));
        fs.renameSync(temp, cacheFile);
      } catch {
        try { fs.rmSync(temp, { force: true }); } catch { /* nothing to remove */ }
      }
    },
  };
}

module.exports = { requireWithCodeCache };
