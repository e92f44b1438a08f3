import { binVariable } from '../../models/binning/bin-variable';
import { binningOptions } from '../../models/binning/options';
import { encodeFeatures, fitTreeEncodings, gatherColumn, gatherRows } from '../../models/features/encode';
import { gbdtProbabilities } from '../../models/gbdt/predict-gbdt';
import { DEFAULT_GBDT, trainGbdt, type GbdtConfig } from '../../models/gbdt/train-gbdt';
import { fitLogistic } from '../../models/logistic/fit-logistic';
import { linearScores } from '../../models/logistic/linear-scores';
import type { ColumnData } from '../../types/columns';
import type { FeatureEncoding } from '../../types/model';
import type { UpliftLearner, UpliftPart } from '../../types/uplift';

/** The rows one part learns from: dataset rows (may repeat), their outcome and weight. */
export interface PartRows { rows: Int32Array; flags: Uint8Array; weights: Float64Array | null }

/** `encodings`: WOE inputs shared by every part (binned once on all the training rows), each part fitting its own coefficients. */
export interface PartSettings { learner: UpliftLearner; l2: number; gbdt: Partial<GbdtConfig>; minIv: number; encodings?: FeatureEncoding[] }

export interface FeatureSourceOf { name: string; party: string | null; column: ColumnData }

/** WOE encodings binned on the given rows and outcome (weighted), the inputs below `minIv` left out (at least the strongest kept). */
export function woeEncodings(sources: readonly FeatureSourceOf[], r: PartRows, minIv: number): FeatureEncoding[] {
  const options = binningOptions({ tune: [] });
  const fitted = sources.map((s) => ({ s, v: binVariable({ name: s.name, party: s.party, column: gatherColumn(s.column, r.rows), flags: r.flags, mask: null, weights: r.weights && { weight: r.weights } }, options) }));
  const strong = fitted.filter((f) => f.v.table.iv >= minIv && f.v.table.bins.filter((b) => b.count > 0).length > 1);
  const kept = strong.length ? strong : [...fitted].sort((a, b) => b.v.table.iv - a.v.table.iv).slice(0, 1);
  return kept.map(({ s, v }) => ({ kind: 'woe', name: s.name, party: s.party, spec: v.auto, table: v.table }));
}

/** Fits one response model of an uplift model on its rows: WOE logistic regression, or trees on the raw inputs. */
export function fitPart(sources: readonly FeatureSourceOf[], columnOf: (n: string) => ColumnData, r: PartRows, s: PartSettings, signal: { readonly aborted: boolean }): UpliftPart {
  const n = r.rows.length;
  if (s.learner === 'gbdt') {
    const mask = new Uint8Array(sources[0]?.column.kind === 'f64' ? sources[0].column.values.length : sources[0]?.column.codes.length ?? 0);
    for (const i of r.rows) mask[i] = 1;
    const features = fitTreeEncodings(sources, mask);
    const { columns } = encodeFeatures(features, columnOf, false);
    const x = gatherRows(columns, r.rows);
    const inputs = features.map((e) => ({ name: e.name, categorical: e.kind === 'category', categories: e.kind === 'category' ? e.levels.length : undefined, monotone: 0 }));
    const gbdt = trainGbdt(x, inputs, r.flags, { ...DEFAULT_GBDT, ...s.gbdt }, { weights: r.weights, signal });
    return { features, coefficients: null, gbdt, rows: n };
  }
  const features = s.encodings ?? woeEncodings(sources, r, s.minIv);
  const { names, columns } = encodeFeatures(features, columnOf, false);
  const x = gatherRows(columns, r.rows);
  const fit = fitLogistic(names, x, r.flags, { l2: s.l2, ...(r.weights ? { weights: r.weights } : {}), signal });
  return { features, coefficients: fit.terms.map((t) => t.coefficient), gbdt: null, rows: n };
}

/** A part's probability for every row of the dataset. */
export function predictPart(part: UpliftPart, columnOf: (n: string) => ColumnData): Float64Array {
  const { columns } = encodeFeatures(part.features, columnOf, false);
  return part.gbdt ? gbdtProbabilities(part.gbdt, columns) : linearScores(part.coefficients!, columns);
}
