import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { compileWat, WASM_MODULES } from '../../scripts/build-wasm.mjs';
import { REPO } from '../helpers/temp';

describe('WebAssembly modules', () => {
  for (const m of WASM_MODULES) {
    it(`${m.out} is exactly what ${m.wat} compiles to (run \`npm run build:wasm\` after editing the .wat)`, async () => {
      const generated = (await import(path.join(REPO, m.out))) as Record<string, string>;
      assert.equal(await compileWat(m.wat), generated[m.name]);
    });
  }
});
