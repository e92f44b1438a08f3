/** The base64 of id-hash.wat compiled with wabt. */
export function compileIdHashWat(): Promise<string>;
export function generatedSource(base64: string): string;
