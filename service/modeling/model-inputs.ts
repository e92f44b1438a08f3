import type { Database } from 'better-sqlite3';
import { readColumn } from '../../data/store/column-chunks';
import type { StoredDataset } from '../../data/store/datasets';
import { NO_SAMPLE, SAMPLES, sampleCodeOf } from '../../models/sample/assign-samples';
import type { ColumnData } from '../../types/columns';
import { AppError } from '../../types/errors';

/** A population filter such as `drew_down=1` or `channel!=organic&drew_down=1`. */
export interface Condition {
  column: string;
  op: '=' | '!=';
  value: string;
}

export function parsePopulation(text: string | undefined | null): Condition[] {
  if (!text || !text.trim()) return [];
  return text.split('&').map((part) => {
    const m = /^\s*([^!=]+?)\s*(!=|=)\s*(.*?)\s*$/.exec(part);
    if (!m) throw new AppError('INVALID_ARGUMENT', `The population filter '${part}' is not COLUMN=VALUE or COLUMN!=VALUE.`, { expected: 'e.g. drew_down=1 (several joined by &)', got: part });
    return { column: m[1]!, op: m[2] as '=' | '!=', value: m[3]! };
  });
}

/** Rows of `ds` that meet every condition (numbers compared as numbers, categories as text; missing never equals). */
export function populationMask(db: Database, ds: StoredDataset, conditions: readonly Condition[]): Uint8Array {
  const mask = new Uint8Array(ds.rows).fill(1);
  for (const c of conditions) {
    if (!ds.columns.some((x) => x.name === c.column)) throw new AppError('NOT_FOUND', `The population filter names '${c.column}', which dataset '${ds.name}' does not have.`, { column: c.column, expected: 'a column of the dataset' });
    const col = readColumn(db, ds, c.column);
    const want = c.op === '=';
    if (col.kind === 'f64') {
      const v = Number(c.value);
      if (!Number.isFinite(v)) throw new AppError('INVALID_ARGUMENT', `'${c.column}' is numeric; '${c.value}' is not a number.`, { column: c.column, expected: 'a number', got: c.value });
      for (let i = 0; i < mask.length; i++) { const x = col.values[i]!; if (Number.isNaN(x) || (x === v) !== want) mask[i] = 0; }
    } else {
      const code = col.dictionary.indexOf(c.value);
      for (let i = 0; i < mask.length; i++) { const x = col.codes[i]!; if (x < 0 || (x === code) !== want) mask[i] = 0; }
    }
  }
  return mask;
}

/**
 * Each row's sample code (0 train, 1 test, 2 oot, 255 none) from the dataset's sample column
 * (role `sample`, or the one named); every row is train when there is none.
 */
export function sampleCodes(db: Database, ds: StoredDataset, column?: string): { column: string | null; codes: Uint8Array } {
  const info = column ? ds.columns.find((c) => c.name === column) : ds.columns.find((c) => c.role === 'sample');
  if (column && !info) throw new AppError('NOT_FOUND', `Dataset '${ds.name}' has no sample column '${column}'.`, { column, expected: 'a sample column (see jointscore split)' });
  if (!info) return { column: null, codes: new Uint8Array(ds.rows) };
  const col: ColumnData = readColumn(db, ds, info.name);
  if (col.kind !== 'i32') throw new AppError('INVALID_ARGUMENT', `The sample column '${info.name}' holds numbers, not sample names.`, { column: info.name, expected: 'train | test | oot' });
  const map = col.dictionary.map((d) => sampleCodeOf(d) ?? NO_SAMPLE);
  return { column: info.name, codes: Uint8Array.from(col.codes, (c) => (c < 0 ? NO_SAMPLE : map[c]!)) };
}

/**
 * The sample a report is computed on, and its code (−1 for all rows): the requested one, which
 * must hold rows of the population, else `fallback` — 'test-else-all' picks test when it has rows.
 */
export function chooseSample(codes: Uint8Array, population: Uint8Array, requested: string | undefined, fallback: 'test-else-all' | 'all'): { sample: string; code: number } {
  const has = (k: number) => codes.some((c, i) => c === k && population[i] === 1);
  const sample = requested ?? (fallback === 'test-else-all' && has(1) ? 'test' : 'all');
  if (sample === 'all') return { sample, code: -1 };
  const code = (SAMPLES as readonly string[]).indexOf(sample);
  if (code < 0 || !has(code)) throw new AppError('INVALID_ARGUMENT', `The model's dataset has no '${sample}' sample in its population.`, { expected: 'train | test | oot | all', got: sample });
  return { sample, code };
}
