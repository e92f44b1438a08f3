/** Compiled WebAssembly modules, one per base64 text (each module compiles once per thread). */
const compiled = new Map<string, WebAssembly.Module | null>();

/**
 * The module whose bytes `base64` holds, or null where this runtime cannot compile it (no
 * WebAssembly, or no SIMD / shared memory for the modules that use them): the caller then uses
 * its JavaScript path.
 */
export function wasmModule(base64: string): WebAssembly.Module | null {
  let module = compiled.get(base64);
  if (module === undefined) {
    try {
      module = new WebAssembly.Module(Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0)));
    } catch {
      module = null;
    }
    compiled.set(base64, module);
  }
  return module;
}
