import type { Database } from 'better-sqlite3';
import { readColumn } from '../../data/store/column-chunks';
import { getDataset } from '../../data/store/datasets';
import { categoricalGrid, numericGrid, partialDependence } from '../../models/features/partial-dependence';
import type { ColumnData } from '../../types/columns';
import { AppError } from '../../types/errors';
import { loadModel } from './evaluate-model';
import { parsePopulation, populationMask, sampleCodes } from './model-inputs';

export interface DependenceRequest { model: number; feature: string; points?: number; rows?: number }

export interface Dependence {
  modelId: number;
  model: string;
  feature: string;
  kind: 'numeric' | 'categorical';
  /** The grid: numbers at training quantiles, or the most frequent levels. */
  grid: (number | string)[];
  /** Mean log-odds of the event with the feature set to each grid value, and to missing. */
  logOdds: number[];
  missing: number;
  /** Training rows averaged over (evenly spaced). */
  rows: number;
  /** The monotone constraint the trees were trained under (+1, −1, 0; 0 for other kinds). */
  monotone: number;
}

const whole = (v: unknown, lo: number, hi: number, option: string, fallback: number): number => {
  if (v === undefined) return fallback;
  if (!Number.isInteger(v) || (v as number) < lo || (v as number) > hi) throw new AppError('INVALID_ARGUMENT', `${option} must be a whole number from ${lo} to ${hi}; got ${String(v)}.`, { option, expected: `${lo} to ${hi}`, got: String(v) });
  return v as number;
};

/** Partial dependence of a stored model's log-odds on one of its inputs, over (up to `rows`) training rows. */
export function modelDependence(db: Database, req: DependenceRequest): Dependence {
  const model = loadModel(db, req.model);
  const k = model.features.findIndex((f) => f.name === req.feature);
  if (k < 0) throw new AppError('INVALID_ARGUMENT', `'${req.feature}' is not an input of model ${req.model}.`, { option: 'feature', expected: model.features.map((f) => f.name).join(', '), got: req.feature });
  const points = whole(req.points, 2, 100, 'points', 20), most = whole(req.rows, 10, 20_000, 'rows', 1000);
  const ds = getDataset(db, model.dataset);
  const population = populationMask(db, ds, parsePopulation(model.population));
  const { codes } = sampleCodes(db, ds, model.sampleColumn ?? undefined);
  const train: number[] = [];
  for (let i = 0; i < codes.length; i++) if (codes[i] === 0 && population[i] === 1) train.push(i);
  const step = Math.max(1, train.length / most);
  const rows = Array.from({ length: Math.min(most, train.length) }, (_, j) => train[Math.floor(j * step)]!);
  const cache = new Map<string, ColumnData>();
  const columnOf = (n: string) => { let c = cache.get(n); if (!c) { c = readColumn(db, ds, n); cache.set(n, c); } return c; };
  const col = columnOf(req.feature);
  const grid = col.kind === 'f64' ? { kind: 'numeric' as const, values: numericGrid(col.values, rows, points) } : { kind: 'categorical' as const, values: categoricalGrid(col, rows, points) };
  const { logOdds, missing } = partialDependence(model, columnOf, req.feature, rows, grid);
  return { modelId: req.model, model: model.name, feature: req.feature, kind: grid.kind, grid: grid.values, logOdds, missing, rows: rows.length, monotone: model.gbdt?.model.monotone[k] ?? 0 };
}
