/**
 * `import(specifier)` for code that may run from a V8 code cache (see code-cache.ts): Node 20
 * loses a cached script's dynamic-import callback ("A dynamic import callback was not
 * specified"), so the loader — compiled the ordinary way — registers its own `import` under this
 * key and every dynamic import of ours goes through it. Elsewhere (the app, tests) it is `import`.
 * Specifiers are absolute URLs or package names (resolved from the loader beside the bundle).
 */
export const IMPORT_KEY = Symbol.for('jointscore.dynamic-import');

type WithImport = typeof globalThis & { [IMPORT_KEY]?: (specifier: string) => Promise<unknown> };

export function dynamicImport<T>(specifier: string): Promise<T> {
  const viaLoader = (globalThis as WithImport)[IMPORT_KEY];
  return (viaLoader ? viaLoader(specifier) : import(specifier)) as Promise<T>;
}

/** Registers this module's `import` for code run from a code cache (the loader calls it). */
export function registerDynamicImport(): void {
  (globalThis as WithImport)[IMPORT_KEY] ??= (specifier) => import(specifier);
}
