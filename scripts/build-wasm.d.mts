/** The WebAssembly text modules and the TypeScript files generated from them. */
export const WASM_MODULES: { wat: string; out: string; name: string }[];
/** The base64 of a .wat (path from the repository root) compiled with wabt. */
export function compileWat(watPath: string): Promise<string>;
export function generatedSource(base64: string, name: string, wat: string): string;
