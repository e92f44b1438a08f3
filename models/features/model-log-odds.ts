import type { ColumnData } from '../../types/columns';
import type { StoredModel } from '../../types/model';
import { gbdtLogOdds } from '../gbdt/predict-gbdt';
import { mlpLayers } from '../export/portable-model';
import { scorerRuntime } from '../export/scorer-runtime';
import { encodeFeatures } from './encode';

/**
 * The log-odds of the event for every row under a stored model, in float64 and without
 * TensorFlow.js: the trees' sum, the network's last unit (its float32 weights read as doubles),
 * or the linear predictor. This is the number a bundle's scorer computes for the same rows.
 */
export function modelLogOdds(model: StoredModel, columnOf: (name: string) => ColumnData): Float64Array {
  const { columns } = encodeFeatures(model.features, columnOf, model.kind === 'mlp');
  const n = columns[0]?.length ?? 0;
  if (model.gbdt) return gbdtLogOdds(model.gbdt.model, columns);
  const layers = model.mlp ? mlpLayers(model.mlp)
    : model.logistic ? [{ weights: [model.logistic.coefficients.slice(1).map((c) => c.coefficient)], bias: [model.logistic.coefficients[0]!.coefficient], activation: 'identity' as const }]
      : null;
  if (!layers) throw new Error(`Model '${model.name}' holds neither trees, a network nor coefficients`);
  // The bundle's own runtime: the app's scores are the exported scorer's, operation for operation.
  const rt = scorerRuntime();
  const compiled = rt.compileLayers(layers);
  const out = new Float64Array(n);
  const x = new Float64Array(columns.length);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < columns.length; j++) x[j] = columns[j]![i]!;
    out[i] = rt.netLogOdds(compiled, x);
  }
  return out;
}
