import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ID_HASH_WASM_BASE64 } from '../../../../data/pseudonymize/wasm/id-hash-wasm';

describe('id-hash WebAssembly module', () => {
  it('is exactly what id-hash.wat compiles to (run `npm run build:wasm` after editing the .wat)', async () => {
    const { compileIdHashWat } = await import('../../../../scripts/build-wasm.mjs');
    assert.equal(await compileIdHashWat(), ID_HASH_WASM_BASE64);
  });
});
