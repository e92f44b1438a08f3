import type { ColumnSpec } from '../../types/columns';
import { createIdHasher } from '../pseudonymize/hash-id';
import { NORMALIZERS, type KeyKind } from '../pseudonymize/normalize';
import { createBuilder, type CellValue, type ColumnBuilder } from './column-builders';
import { fieldText } from './csv-tokenizer';
import { isMissingText } from './parse-value';
import type { PiiKind } from './pii-guard';

/** The id kind to normalize a column by, from what the PII guard saw in it. */
export function keyKindOf(pii: PiiKind | undefined): KeyKind {
  return pii === 'phone' || pii === 'idcard' || pii === 'email' ? pii : 'text';
}

export { readSecretFile } from '../pseudonymize/secret-file';

/**
 * A key column hashed on the way in: each raw id is normalized for its kind and HMAC-SHA256'd
 * with the session secret, so the raw value never reaches the workspace. Ids that fail
 * validation are stored as missing and counted.
 */
export class HashingBuilder implements ColumnBuilder {
  readonly storage = 'i32' as const;
  readonly fastKind = 2 as const;
  /** Ids that were not valid for the kind (stored as missing). */
  invalid = 0;
  private readonly inner: ColumnBuilder;
  private readonly normalize: (raw: string) => { ok: boolean; value: string };
  private readonly hash: (normalized: string) => string;

  constructor(readonly spec: ColumnSpec, chunkRows: number, kind: KeyKind, secret: Uint8Array) {
    this.inner = createBuilder(spec, chunkRows);
    this.normalize = NORMALIZERS[kind];
    this.hash = createIdHasher('hmac-sha256', secret);
  }

  private add(pos: number, raw: string): void {
    if (isMissingText(raw)) { this.inner.addValue(pos, null, { file: '', row: 0 }); return; }
    const n = this.normalize(raw);
    if (!n.ok) { this.invalid++; this.inner.addValue(pos, null, { file: '', row: 0 }); return; }
    this.inner.addValue(pos, this.hash(n.value), { file: '', row: 0 });
  }

  addBytes(pos: number, buf: Uint8Array, start: number, end: number, escaped: boolean): void {
    this.add(pos, fieldText(buf, start, end, escaped));
  }
  addValue(pos: number, value: CellValue): void {
    this.add(pos, value === null || value === undefined ? '' : String(value));
  }
  chunkF64(): Float64Array { return this.inner.chunkF64(); }
  chunkI32(): Int32Array { return this.inner.chunkI32(); }
  byteDictionary() { return this.inner.byteDictionary(); }
  dictionary(): string[] { return this.inner.dictionary(); }
}
