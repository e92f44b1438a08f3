import type { Database } from 'better-sqlite3';
import { readColumn } from '../../data/store/column-chunks';
import { getDataset } from '../../data/store/datasets';
import { encodeFeatures } from '../../models/features/encode';
import { adverseReasons, type Contribution } from '../../models/gbdt/reasons';
import { gbdtContributions } from '../../models/gbdt/tree-shap';
import { AppError } from '../../types/errors';
import type { FeatureEncoding } from '../../types/model';
import { loadModel } from './evaluate-model';

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

export interface Explanation { modelId: number; model: string; kind: string; purpose: 'credit' | 'targeting'; dataset: string; method: 'tree-shap'; rows: RowExplanation[] }

/** An input's value as the data has it: the number, the category's label, or null when missing or unseen. */
function displayValue(e: FeatureEncoding, x: number): string | number | null {
  if (Number.isNaN(x)) return null;
  return e.kind === 'category' ? e.levels[x] ?? null : x;
}

/**
 * Why each asked-for row scored as it did under a gradient-boosted trees model: every input's exact
 * TreeSHAP contribution to the row's log-odds (they add up to it, from the model's expected
 * log-odds), and the top reasons for an adverse decision. Rows are numbered from 1.
 */
export function explainRows(db: Database, req: ExplainRequest): Explanation {
  const model = loadModel(db, req.model);
  if (!model.gbdt) {
    throw new AppError('INVALID_ARGUMENT', `Model ${req.model} is a ${model.kind} model; per-row explanations are computed for gbdt models (a scorecard's points give its reason codes).`, { option: 'model', expected: 'a gbdt model', got: model.kind });
  }
  const ds = getDataset(db, req.dataset ?? model.dataset);
  const top = req.top ?? 3;
  if (!Number.isInteger(top) || top < 1 || top > 50) throw new AppError('INVALID_ARGUMENT', `top must be a whole number from 1 to 50; got ${String(top)}.`, { option: 'top', expected: '1 to 50', got: String(top) });
  if (req.rows.length === 0 || req.rows.length > 10_000) throw new AppError('INVALID_ARGUMENT', `Name from 1 to 10,000 rows to explain; got ${req.rows.length}.`, { option: 'rows', expected: '1 to 10000 row numbers', got: String(req.rows.length) });
  for (const r of req.rows) {
    if (!Number.isInteger(r) || r < 1 || r > ds.rows) throw new AppError('INVALID_ARGUMENT', `Row ${r} is not a row of '${ds.name}' (1 to ${ds.rows}).`, { option: 'rows', row: r, expected: `1 to ${ds.rows}`, got: String(r) });
  }
  const { columns } = encodeFeatures(model.features, (n) => {
    if (!ds.columns.some((c) => c.name === n)) throw new AppError('NOT_FOUND', `Dataset '${ds.name}' lacks '${n}', an input of model ${req.model}.`, { column: n, expected: 'every input of the model' });
    return readColumn(db, ds, n);
  }, false);
  const trees = model.gbdt.model;
  const rows = req.rows.map((row): RowExplanation => {
    const i = row - 1;
    const { expected, contributions } = gbdtContributions(trees, (f) => columns[f]![i]!);
    const parts = model.features.map((e, f) => ({ input: e.name, value: displayValue(e, columns[f]![i]!), contribution: contributions[f]! }));
    const logOdds = expected + contributions.reduce((a, b) => a + b, 0);
    return { row, logOdds, probability: 1 / (1 + Math.exp(-logOdds)), expected, contributions: parts, reasons: adverseReasons(parts, model.purpose, top) };
  });
  return { modelId: req.model, model: model.name, kind: model.kind, purpose: model.purpose, dataset: ds.name, method: 'tree-shap', rows };
}
