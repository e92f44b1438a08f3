import type { Database } from 'better-sqlite3';
import { gbdtProbabilities } from '../../models/gbdt/predict-gbdt';
import { findArtifactById } from '../../data/store/artifacts';
import { readColumn } from '../../data/store/column-chunks';
import { getDataset } from '../../data/store/datasets';
import { encodeFeatures, selectRows } from '../../models/features/encode';
import { linearScores } from '../../models/logistic/linear-scores';
import { curves, type Curves } from '../../models/metrics/curves';
import { psi } from '../../models/metrics/psi';
import { sampleMetrics } from '../../models/metrics/sample-metrics';
import { scoreBands, type ScoreBand } from '../../models/metrics/score-bands';
import { loadMlp, predictMlp, rowMajor } from '../../models/mlp/mlp';
import { SAMPLES } from '../../models/sample/assign-samples';
import type { ColumnData } from '../../types/columns';
import { AppError } from '../../types/errors';
import type { SampleMetrics, StoredModel } from '../../types/model';
import { targetOf } from '../binning/binning-inputs';
import { loadTfBackend } from '../tf/load-backend';
import { parsePopulation, populationMask, sampleCodes } from './model-inputs';
import { MODEL } from './train-model';
import { weightsOf } from './row-weights';

export interface SampleEvaluation {
  sample: 'train' | 'test' | 'oot' | 'all';
  metrics: SampleMetrics;
  bands: ScoreBand[];
  curves: Curves;
  /** PSI of the score against the train sample (null for train itself). */
  psi: number | null;
}

export interface Evaluation {
  modelId: number;
  model: string;
  kind: StoredModel['kind'];
  purpose: StoredModel['purpose'];
  dataset: string;
  backend: string;
  samples: SampleEvaluation[];
}

export function loadModel(db: Database, id: number): StoredModel {
  const a = findArtifactById<StoredModel>(db, id);
  if (!a || a.kind !== MODEL) throw new AppError('NOT_FOUND', `The workspace has no model ${id}; see \`jointscore models\`.`, { got: String(id), expected: 'a model id' });
  return a.body;
}

/** Event probabilities of every row of a dataset under a stored model. */
export async function scoreWithModel(model: StoredModel, columnOf: (name: string) => ColumnData): Promise<Float64Array> {
  const { columns } = encodeFeatures(model.features, columnOf, model.kind === 'mlp');
  if (model.logistic) return linearScores(model.logistic.coefficients.map((c) => c.coefficient), columns);
  if (model.gbdt) return gbdtProbabilities(model.gbdt.model, columns);
  if (!model.mlp) throw new AppError('INTERNAL', `Model '${model.name}' holds neither coefficients, trees nor a network.`);
  await loadTfBackend();
  const net = await loadMlp(model.mlp);
  try {
    return predictMlp(net, rowMajor(columns), columns.length);
  } finally {
    net.dispose();
  }
}

/**
 * Evaluates a stored model on a dataset (default: the one it was trained on), per sample of
 * that dataset's sample column (or all rows): AUC with DeLong interval, KS, Gini, log-loss,
 * Brier, the decile table, ROC / KS / gain / lift / calibration curves, and the PSI of the
 * score against the train sample. Only the model's population with a known target counts.
 */
export async function evaluateModel(db: Database, modelId: number, datasetName?: string): Promise<Evaluation> {
  const model = loadModel(db, modelId);
  const ds = getDataset(db, datasetName ?? model.dataset);
  const target = targetOf(db, ds, model.target, model.event);
  const population = populationMask(db, ds, parsePopulation(model.population));
  const { column, codes } = sampleCodes(db, ds);
  const cache = new Map<string, ColumnData>();
  const columnOf = (n: string) => {
    let c = cache.get(n);
    if (!c) {
      if (!ds.columns.some((x) => x.name === n)) throw new AppError('NOT_FOUND', `Dataset '${ds.name}' lacks '${n}', an input of model ${modelId}.`, { column: n, expected: 'every input of the model' });
      c = readColumn(db, ds, n);
      cache.set(n, c);
    }
    return c;
  };
  const scores = await scoreWithModel(model, columnOf);
  // A weighted model is measured with its weights (where the dataset has the column).
  const weights = model.weight && ds.columns.some((c) => c.name === model.weight) ? weightsOf(db, ds, model.weight, Uint8Array.from(population, (p, i) => (p === 1 && target.flags[i] !== 255 ? 1 : 0))) : null;
  const groups: { sample: SampleEvaluation['sample']; mask: Uint8Array }[] = column
    ? SAMPLES.map((s, k) => ({ sample: s, mask: Uint8Array.from(codes, (c, i) => (c === k && population[i] === 1 && target.flags[i] !== 255 ? 1 : 0)) }))
    : [{ sample: 'all', mask: Uint8Array.from(population, (p, i) => (p === 1 && target.flags[i] !== 255 ? 1 : 0)) }];
  const labelsOf = (mask: Uint8Array) => Uint8Array.from(selectRows([Float64Array.from(target.flags)], mask)[0]!);
  const trainScores = groups[0] ? selectRows([scores], groups[0].mask)[0]! : null;
  const samples: SampleEvaluation[] = [];
  for (const g of groups) {
    const s = selectRows([scores], g.mask)[0]!;
    const labels = labelsOf(g.mask);
    let e = 0;
    for (const v of labels) e += v;
    if (labels.length === 0 || e === 0 || e === labels.length) continue;
    samples.push({
      sample: g.sample, metrics: sampleMetrics(s, labels, weights ? selectRows([weights.weight], g.mask)[0]! : null), bands: scoreBands(s, labels), curves: curves(s, labels),
      psi: g.sample === 'train' || g.sample === 'all' || !trainScores || trainScores.length === 0 ? null : psi(trainScores, s).psi,
    });
  }
  return { modelId, model: model.name, kind: model.kind, purpose: model.purpose, dataset: ds.name, backend: model.backend, samples };
}
