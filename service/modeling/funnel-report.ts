import type { Database } from 'better-sqlite3';
import { readColumn } from '../../data/store/column-chunks';
import { getDataset } from '../../data/store/datasets';
import { funnel, type FunnelSegment, type FunnelStage } from '../../models/strategy/funnel';
import type { ColumnData } from '../../types/columns';
import { AppError } from '../../types/errors';
import { parsePopulation, populationMask } from './model-inputs';

export interface FunnelRequest {
  dataset: string;
  /** The flag columns of the stages after exposure, in order (e.g. applied, prescreen_passed, approved, drew_down). */
  stages: string[];
  /** A column to segment by (month, channel, a score band column…). */
  by?: string;
  /** The exposed rows (default: every row). */
  population?: string;
}

export interface FunnelResult {
  dataset: string;
  stages: string[];
  by: string | null;
  overall: FunnelStage[];
  segments: FunnelSegment[];
}

const TRUE_WORDS = /^(1|1\.0|true|yes|y)$/i;

function flags(col: ColumnData): Uint8Array {
  if (col.kind === 'f64') return Uint8Array.from(col.values, (v) => (v === 1 ? 1 : 0));
  const yes = Uint8Array.from(col.dictionary, (d) => (TRUE_WORDS.test(d.trim()) ? 1 : 0));
  return Uint8Array.from(col.codes, (c) => (c >= 0 ? yes[c]! : 0));
}

/** Segment labels of a column: categories as they are, dates as their month (yyyy-mm), numbers as written. */
function segmentsOf(col: ColumnData, isDate: boolean): { codes: Int32Array; labels: string[] } {
  if (col.kind === 'i32') return { codes: col.codes, labels: col.dictionary };
  const labelOf = (v: number) => (isDate ? new Date(v).toISOString().slice(0, 7) : String(v));
  const index = new Map<string, number>();
  const codes = Int32Array.from(col.values, (v) => {
    if (Number.isNaN(v)) return -1;
    const l = labelOf(v);
    let k = index.get(l);
    if (k === undefined) { k = index.size; index.set(l, k); }
    return k;
  });
  const labels = [...index.keys()];
  // Order segments by label (months and numbers read in order).
  const order = labels.map((_, k) => k).sort((a, b) => (isDate ? labels[a]!.localeCompare(labels[b]!) : Number(labels[a]) - Number(labels[b])));
  const rank = new Int32Array(labels.length);
  order.forEach((k, r) => { rank[k] = r; });
  return { codes: codes.map((c) => (c < 0 ? -1 : rank[c]!)), labels: order.map((k) => labels[k]!) };
}

/** The funnel of a dataset's stage flags, overall and per segment. */
export function funnelReport(db: Database, req: FunnelRequest): FunnelResult {
  const ds = getDataset(db, req.dataset);
  if (req.stages.length === 0) throw new AppError('INVALID_ARGUMENT', 'Name the stage flag columns in order, e.g. applied, prescreen_passed, approved, drew_down.', { option: 'stages', expected: 'one or more columns' });
  const column = (name: string) => {
    if (!ds.columns.some((c) => c.name === name)) throw new AppError('NOT_FOUND', `Dataset '${ds.name}' has no column '${name}'.`, { column: name, expected: 'a stage flag column' });
    return readColumn(db, ds, name);
  };
  const exposed = populationMask(db, ds, parsePopulation(req.population));
  const reached = [exposed, ...req.stages.map((s) => flags(column(s)))];
  const seg = req.by ? segmentsOf(column(req.by), ds.columns.find((c) => c.name === req.by)?.type === 'date') : undefined;
  const f = funnel(['exposed', ...req.stages], reached, seg);
  return { dataset: ds.name, stages: ['exposed', ...req.stages], by: req.by ?? null, overall: f.overall, segments: f.segments };
}
