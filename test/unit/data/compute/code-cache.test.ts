import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { requireWithCodeCache as load } from '../../../../data/compute/code-cache';
import { tempDir } from '../../../helpers/temp';

const requireWithCodeCache = (file: string) => load(file) as ReturnType<typeof load> & { exports: { answer: () => number; load: () => Promise<string> } };

/** A small CommonJS bundle: an answer, a `require` and a dynamic import of a file beside it. */
function bundle(dir: string, answer: number): string {
  const file = path.join(dir, 'bundle.cjs');
  fs.writeFileSync(path.join(dir, 'beside.mjs'), 'export const word = "beside";\n');
  // A dynamic import as bundled code makes it (data/compute/dynamic-import.ts): through the loader's own.
  const viaLoader = `globalThis[Symbol.for('jointscore.dynamic-import')](${JSON.stringify(pathToFileURL(path.join(dir, 'beside.mjs')).href)})`;
  fs.writeFileSync(file, `const path = require('node:path');\nexports.answer = () => ${answer} + path.sep.length - 1;\nexports.load = async () => (await ${viaLoader}).word;\n`);
  return file;
}

describe('a bundle\'s code cache', () => {
  it('is written after a first run and used by the next, with the same exports, require and import()', async () => {
    const dir = tempDir();
    const file = bundle(dir, 41);
    const first = requireWithCodeCache(file);
    assert.equal(first.cached, false);
    assert.equal(first.exports.answer(), 41);
    first.saveCache();
    assert.ok(fs.statSync(`${file}.cache`).size > 20, 'cache written');
    const second = requireWithCodeCache(file);
    assert.equal(second.cached, true);
    assert.equal(second.exports.answer(), 41);
    assert.equal(await second.exports.load(), 'beside');
  });

  it('is not used for a bundle of the same length but other text (V8 checks only the length), nor when it is damaged, and is written again', () => {
    const dir = tempDir();
    const file = bundle(dir, 41);
    const first = requireWithCodeCache(file);
    first.saveCache();
    const before = fs.statSync(file).size;
    bundle(dir, 42);
    assert.equal(fs.statSync(file).size, before, 'same length');
    const changed = requireWithCodeCache(file);
    assert.equal(changed.cached, false);
    assert.equal(changed.exports.answer(), 42, 'the new text runs');
    changed.saveCache();
    assert.equal(requireWithCodeCache(file).cached, true, 'rewritten for the new text');
    fs.writeFileSync(`${file}.cache`, Buffer.alloc(64, 7));
    const damaged = requireWithCodeCache(file);
    assert.equal(damaged.cached, false);
    assert.equal(damaged.exports.answer(), 42);
  });

  it('runs without a cache when the bundle\'s folder cannot be written', () => {
    const dir = tempDir();
    const file = bundle(dir, 41);
    fs.mkdirSync(`${file}.cache`);
    const loaded = requireWithCodeCache(file);
    assert.doesNotThrow(() => loaded.saveCache());
    assert.equal(loaded.exports.answer(), 41);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
  });
});
