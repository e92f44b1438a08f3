import type { ColumnBuilder } from './column-builders';
import type { JobControls } from '../../types/progress';

/** What the reader hands to the import: the header, and the rows fed into one builder per column. */
export interface TableSource {
  readonly format: 'csv' | 'parquet' | 'xlsx';
  readonly file: string;
  readonly header: string[];
  /** Encoding and delimiter actually used, for text files. */
  readonly details: Record<string, string>;
  /**
   * Reads every data row into `builders` (one per header column, in order), calling `endOfRow`
   * after each row; `endOfRow` flushes full chunks. `onBytes` reports bytes read (for the file
   * hash and progress).
   */
  readRows(builders: ColumnBuilder[], endOfRow: () => void, controls: JobControls, onBytes: (chunk: Uint8Array) => void): Promise<void>;
}

/** The first rows of a file as text, for the import dialog and type inference. */
export interface SampleRows {
  header: string[];
  rows: (string | null)[][];
}
