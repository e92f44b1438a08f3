import type { Database } from 'better-sqlite3';
import { readColumn } from '../../data/store/column-chunks';
import { getDataset } from '../../data/store/datasets';
import { encodeFeatures } from '../../models/features/encode';
import { adverseReasons, type Contribution } from '../../models/gbdt/reasons';
import { gbdtContributions } from '../../models/gbdt/tree-shap';
import { AppError } from '../../types/errors';
import type { FeatureEncoding } from '../../types/model';
import { loadModel } from './evaluate-model';
import type { ColumnData } from '../../types/columns';
import type { StoredModel } from '../../types/model';
import { encodedWidth } from '../../models/export/portable-model';
import { INTEGRATED_GRADIENT_STEPS, scorerRuntime } from '../../models/export/scorer-runtime';
import { portableOfModel } from '../export/portable-of-card';

export interface ExplainRequest { model: number; dataset?: string; rows: number[]; top?: number }

export interface RowExplanation {
  /** The row's number in the dataset (1-based, as `datasets rows` shows it). */
  row: number;
  logOdds: number;
  probability: number;
  /** The log-odds every row starts from (the model's mean); plus every contribution gives `logOdds`. */
  expected: number;
  contributions: Contribution[];
  reasons: Contribution[];
}

/** `tree-shap`: exact TreeSHAP (trees); `integrated-gradients`: from the training means, 32 steps, scaled to add up exactly (networks and linear models). */
export interface Explanation { modelId: number; model: string; kind: string; purpose: 'credit' | 'targeting'; dataset: string; method: 'tree-shap' | 'integrated-gradients'; rows: RowExplanation[] }

/** An input's value as the data has it: the number, the category's label, or null when missing or unseen. */
function displayValue(e: FeatureEncoding, x: number): string | number | null {
  if (Number.isNaN(x)) return null;
  return e.kind === 'category' ? e.levels[x] ?? null : x;
}

/** A raw column's value for display: the number, the category, or null when missing. */
function rawValue(col: ColumnData, i: number): string | number | null {
  if (col.kind === 'f64') return Number.isNaN(col.values[i]!) ? null : col.values[i]!;
  return col.codes[i]! < 0 ? null : col.dictionary[col.codes[i]!]!;
}

/**
 * A network's or linear model's explanation of each row: integrated gradients of the log-odds from
 * the training means of its encoded inputs (the same code scorer.mjs runs), grouped by input.
 */
function networkRows(db: Database, model: StoredModel, columnOf: (n: string) => ColumnData, rows: readonly number[], top: number): RowExplanation[] {
  const net = portableOfModel(db, model);
  if (net.kind === 'gbdt') throw new AppError('INTERNAL', 'not a network');
  const rt = scorerRuntime();
  const layers = rt.compileLayers(net.layers);
  const widths = net.encodings.map(encodedWidth);
  const { columns } = encodeFeatures(model.features, columnOf, model.kind === 'mlp');
  const baseline = Float64Array.from(net.baseline);
  const expected = rt.netLogOdds(layers, baseline);
  return rows.map((row) => {
    const i = row - 1;
    const x = Float64Array.from(columns, (c) => c[i]!);
    const phi = rt.groupBy(rt.integratedGradients(layers, x, baseline, INTEGRATED_GRADIENT_STEPS), widths);
    const parts = model.features.map((e, k) => ({ input: e.name, value: rawValue(columnOf(e.name), i), contribution: phi[k]! }));
    const logOdds = rt.netLogOdds(layers, x);
    return { row, logOdds, probability: 1 / (1 + Math.exp(-logOdds)), expected, contributions: parts, reasons: adverseReasons(parts, model.purpose, top) };
  });
}

/**
 * Why each asked-for row scored as it did: every input's contribution to the row's log-odds (they
 * add up to it, from the model's expected log-odds) — exact TreeSHAP for trees, integrated
 * gradients from the training means for networks and linear models — and the top reasons for an
 * adverse decision. Rows are numbered from 1.
 */
export function explainRows(db: Database, req: ExplainRequest): Explanation {
  const model = loadModel(db, req.model);
  const ds = getDataset(db, req.dataset ?? model.dataset);
  const top = req.top ?? 3;
  if (!Number.isInteger(top) || top < 1 || top > 50) throw new AppError('INVALID_ARGUMENT', `top must be a whole number from 1 to 50; got ${String(top)}.`, { option: 'top', expected: '1 to 50', got: String(top) });
  if (req.rows.length === 0 || req.rows.length > 10_000) throw new AppError('INVALID_ARGUMENT', `Name from 1 to 10,000 rows to explain; got ${req.rows.length}.`, { option: 'rows', expected: '1 to 10000 row numbers', got: String(req.rows.length) });
  for (const r of req.rows) {
    if (!Number.isInteger(r) || r < 1 || r > ds.rows) throw new AppError('INVALID_ARGUMENT', `Row ${r} is not a row of '${ds.name}' (1 to ${ds.rows}).`, { option: 'rows', row: r, expected: `1 to ${ds.rows}`, got: String(r) });
  }
  const cache = new Map<string, ColumnData>();
  const columnOf = (n: string) => {
    if (!ds.columns.some((c) => c.name === n)) throw new AppError('NOT_FOUND', `Dataset '${ds.name}' lacks '${n}', an input of model ${req.model}.`, { column: n, expected: 'every input of the model' });
    let c = cache.get(n);
    if (!c) { c = readColumn(db, ds, n); cache.set(n, c); }
    return c;
  };
  const base = { modelId: req.model, model: model.name, kind: model.kind, purpose: model.purpose, dataset: ds.name };
  if (!model.gbdt) return { ...base, method: 'integrated-gradients', rows: networkRows(db, model, columnOf, req.rows, top) };
  const { columns } = encodeFeatures(model.features, columnOf, false);
  const trees = model.gbdt.model;
  const rows = req.rows.map((row): RowExplanation => {
    const i = row - 1;
    const { expected, contributions } = gbdtContributions(trees, (f) => columns[f]![i]!);
    const parts = model.features.map((e, f) => ({ input: e.name, value: displayValue(e, columns[f]![i]!), contribution: contributions[f]! }));
    const logOdds = expected + contributions.reduce((a, b) => a + b, 0);
    return { row, logOdds, probability: 1 / (1 + Math.exp(-logOdds)), expected, contributions: parts, reasons: adverseReasons(parts, model.purpose, top) };
  });
  return { ...base, method: 'tree-shap', rows };
}
