import type { Database } from 'better-sqlite3';
import { appendAudit } from '../../data/store/audit-log';
import { saveArtifact } from '../../data/store/artifacts';
import { readColumn } from '../../data/store/column-chunks';
import { getDataset, type StoredDataset } from '../../data/store/datasets';
import { encodeFeatures, fitRawEncodings, selectRows } from '../../models/features/encode';
import { fitLogistic } from '../../models/logistic/fit-logistic';
import { fitLogisticAdam } from '../../models/logistic/fit-logistic-adam';
import { sampleMetrics } from '../../models/metrics/sample-metrics';
import { DEFAULT_MLP, predictMlp, rowMajor, serializeMlp, trainMlp } from '../../models/mlp/mlp';
import { SAMPLES } from '../../models/sample/assign-samples';
import type { ColumnData } from '../../types/columns';
import { AppError } from '../../types/errors';
import type { FeatureEncoding, MlpConfig, ModelKind, ModelPurpose, SampleMetrics, StoredModel, TrainingPoint } from '../../types/model';
import type { JobControls } from '../../types/progress';
import { locateBinning } from '../binning/edit-binning';
import { targetOf } from '../binning/binning-inputs';
import { loadTfBackend } from '../tf/load-backend';
import { parsePopulation, populationMask, sampleCodes } from './model-inputs';
import { linearScores } from '../../models/logistic/linear-scores';

export const MODEL = 'model';

export interface TrainRequest {
  dataset: string;
  target: string;
  event?: string;
  purpose?: ModelPurpose;
  /** e.g. `drew_down=1`: the rows the model is for (a credit model: those who drew down). */
  population?: string;
  model: ModelKind;
  /** Input columns (default: the binning's variables with IV ≥ `minIv` for WOE models, else every feature). */
  features?: string[];
  /** WOE models: the binning's sample (default: the one binning of the target). */
  binningSample?: string;
  /** MLP on WOE features instead of raw ones. */
  woe?: boolean;
  /** The sample column (default: the dataset's column with role `sample`). */
  split?: string;
  l2?: number;
  /** L1 (lasso) penalty: fitted by Adam on TensorFlow.js (no standard errors). */
  l1?: number;
  /** `newton` (default; exact statistics) or `adam` (gradient steps: L1, very wide data). */
  solver?: 'newton' | 'adam';
  minIv?: number;
  mlp?: Partial<MlpConfig>;
  name?: string;
}

export interface TrainResult {
  modelId: number;
  name: string;
  backend: StoredModel['backend'];
  purpose: ModelPurpose;
  kind: ModelKind;
  rows: Record<'train' | 'test' | 'oot', number>;
  coefficients: StoredModel['logistic'] extends null ? never : NonNullable<StoredModel['logistic']>['coefficients'];
  metrics: StoredModel['metrics'];
  warnings: string[];
  seconds: number;
}

function rawColumn(db: Database, ds: StoredDataset, name: string): ColumnData {
  if (!ds.columns.some((c) => c.name === name)) throw new AppError('NOT_FOUND', `Dataset '${ds.name}' has no column '${name}'.`, { column: name, expected: 'a column of the dataset' });
  return readColumn(db, ds, name);
}

/** WOE encodings from the stored binning of the target (the current, possibly edited, bins). */
function woeEncodings(db: Database, ds: StoredDataset, req: TrainRequest, event: string): { encodings: FeatureEncoding[]; binning: StoredModel['binning'] } {
  const { set } = locateBinning(db, { dataset: ds.name, target: req.target, event, ...(req.binningSample ? { sample: req.binningSample } : {}) });
  const minIv = req.minIv ?? 0.02;
  const vars = req.features?.length
    ? req.features.map((f) => {
      const v = set.variables.find((x) => x.name === f);
      if (!v) throw new AppError('NOT_FOUND', `The binning of '${req.target}' has no variable '${f}'; bin it first.`, { column: f, expected: 'a binned variable' });
      return v;
    })
    : set.variables.filter((v) => v.table.iv >= minIv);
  if (vars.length === 0) throw new AppError('INVALID_ARGUMENT', `No binned variable of '${req.target}' reaches IV ${minIv}; lower --min-iv or name --features.`, { expected: 'at least one variable' });
  return {
    encodings: vars.map((v) => ({ kind: 'woe', name: v.name, party: v.party, spec: v.history[v.cursor]!, table: v.table })),
    binning: { dataset: set.dataset, target: set.target, event: set.event, sample: set.sample },
  };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Trains one model on a dataset as a job: the population and the rows with a known target, the
 * sample column's train rows to fit on (binning fit on train too), features encoded (WOE from
 * the stored binning, or raw: medians for missing numbers, one-hot categories), a logistic
 * regression (Newton on TensorFlow.js, exact statistics) or an MLP (early stopping on the test
 * sample); scores and metrics on every sample; stored as a `model` artifact in one transaction.
 * A cancelled job stores nothing.
 */
export async function trainModel(db: Database, req: TrainRequest, controls: JobControls): Promise<TrainResult> {
  const started = performance.now();
  const backend = await loadTfBackend();
  const ds = getDataset(db, req.dataset);
  const target = targetOf(db, ds, req.target, req.event);
  const conditions = parsePopulation(req.population);
  const population = populationMask(db, ds, conditions);
  const { column: sampleColumn, codes } = sampleCodes(db, ds, req.split);
  const used = new Uint8Array(ds.rows);
  const rows = { train: 0, test: 0, oot: 0 };
  for (let i = 0; i < ds.rows; i++) {
    if (population[i] === 1 && target.flags[i] !== 255 && codes[i] !== 255) { used[i] = 1; rows[SAMPLES[codes[i]!]!]++; }
  }
  if (rows.train === 0) throw new AppError('INVALID_ARGUMENT', `No training row: the population${req.population ? ` '${req.population}'` : ''} has no row with a known '${req.target}' in the train sample.`, { column: req.target, expected: 'training rows' });
  const inSample = (s: number) => Uint8Array.from(codes, (c, i) => (used[i] === 1 && c === s ? 1 : 0));
  const trainMask = inSample(0);

  const warnings: string[] = [];
  let encodings: FeatureEncoding[];
  let binning: StoredModel['binning'] = null;
  if (req.model === 'scorecard-lr' || req.woe) {
    const w = woeEncodings(db, ds, req, target.event);
    encodings = w.encodings; binning = w.binning;
  } else {
    const names = req.features?.length
      ? req.features
      : ds.columns.filter((c) => c.role === 'feature' && (c.type === 'numeric' || c.type === 'categorical') && c.name !== req.target && !conditions.some((k) => k.column === c.name)).map((c) => c.name);
    if (names.length === 0) throw new AppError('INVALID_ARGUMENT', `Dataset '${ds.name}' has no numeric or categorical feature to train on; name --features.`, { expected: 'features' });
    encodings = fitRawEncodings(names.map((n) => ({ name: n, party: ds.columns.find((c) => c.name === n)?.party ?? null, column: rawColumn(db, ds, n) })), trainMask, { dropReference: req.model === 'logistic' });
  }
  const cache = new Map<string, ColumnData>();
  const columnOf = (n: string) => { let c = cache.get(n); if (!c) { c = rawColumn(db, ds, n); cache.set(n, c); } return c; };
  const { names, columns } = encodeFeatures(encodings, columnOf, req.model === 'mlp');
  const y = (mask: Uint8Array) => { const out: number[] = []; for (let i = 0; i < mask.length; i++) if (mask[i] === 1) out.push(target.flags[i]!); return Uint8Array.from(out); };
  const history: TrainingPoint[] = [];
  let logistic: StoredModel['logistic'] = null;
  let mlp: StoredModel['mlp'] = null;
  let scores: Float64Array;

  if (req.model === 'mlp') {
    const config: MlpConfig = { ...DEFAULT_MLP, ...req.mlp };
    const valMask = rows.test > 0 ? inSample(1) : trainMask;
    const trained = await trainMlp(rowMajor(selectRows(columns, trainMask)), y(trainMask), rowMajor(selectRows(columns, valMask)), y(valMask), names.length, config, {
      signal: controls.signal,
      onEpoch: (p) => {
        history.push(p);
        controls.onProgress({ phase: 'train', done: p.step, total: config.epochs, message: `epoch ${p.step}: loss ${p.loss.toFixed(4)}${p.valAuc !== undefined ? `, validation AUC ${p.valAuc.toFixed(4)}` : ''}`, metrics: { loss: p.loss, ...(p.valLoss !== undefined ? { valLoss: p.valLoss } : {}), ...(p.valAuc !== undefined ? { valAuc: p.valAuc } : {}) } });
      },
    });
    scores = predictMlp(trained.model, rowMajor(columns), names.length);
    mlp = { config, ...serializeMlp(trained.model), bestEpoch: trained.bestEpoch };
    trained.model.dispose();
  } else {
    const l2 = req.l2 ?? 0;
    const useAdam = req.solver === 'adam' || (req.l1 ?? 0) > 0;
    const trainX = selectRows(columns, trainMask), trainY = y(trainMask);
    const fit = useAdam
      ? fitLogisticAdam(names, trainX, trainY, {
        l1: req.l1 ?? 0, l2, signal: controls.signal,
        onEpoch: (s) => {
          history.push({ step: s.epoch, loss: s.loss });
          controls.onProgress({ phase: 'train', done: s.epoch, total: 30, message: `Adam epoch ${s.epoch}: loss ${s.loss.toFixed(4)}`, metrics: { loss: s.loss } });
        },
      })
      : fitLogistic(names, trainX, trainY, {
        l2, signal: controls.signal,
        onIteration: (s) => {
          history.push({ step: s.iteration, loss: -s.logLikelihood / rows.train });
          controls.onProgress({ phase: 'train', done: s.iteration, total: 0, message: `Newton iteration ${s.iteration} (${s.phase}): log-likelihood ${s.logLikelihood.toFixed(4)}`, metrics: { loss: -s.logLikelihood / rows.train } });
        },
      });
    if (useAdam) warnings.push(`Fitted by Adam${req.l1 ? ` with an L1 penalty of ${req.l1}` : ''}: no standard errors or p-values.`);
    const partyOf = new Map(encodings.map((e) => [e.name, e.party]));
    const featureOf = (input: string) => encodings.find((e) => input === e.name || input.startsWith(`${e.name}=`))?.name ?? null;
    logistic = {
      coefficients: fit.terms.map((t, k) => ({ ...t, feature: k === 0 ? null : featureOf(t.name), party: k === 0 ? null : partyOf.get(featureOf(t.name) ?? '') ?? null })),
      logLikelihood: fit.logLikelihood, nullLogLikelihood: fit.nullLogLikelihood, aic: fit.aic, bic: fit.bic, iterations: fit.iterations, converged: fit.converged, l2, l1: req.l1 ?? 0, solver: useAdam ? 'adam' : 'newton',
    };
    if (!fit.converged) warnings.push('The Newton iterations did not converge: a feature may separate the target perfectly.');
    if (req.model === 'scorecard-lr') {
      for (const t of logistic.coefficients.slice(1)) {
        // WOE = ln(%non-event / %event): a higher WOE means fewer events, so its coefficient must be negative.
        if (t.coefficient > 0) warnings.push(`'${t.name}' has a positive coefficient (${t.coefficient.toFixed(4)}) on its WOE: its effect is reversed in the presence of the other variables (collinearity?); consider dropping it.`);
      }
    }
    scores = linearScores(logistic.coefficients.map((c) => c.coefficient), columns);
  }

  const metrics: StoredModel['metrics'] = {};
  SAMPLES.forEach((s, k) => {
    const mask = inSample(k);
    const labels = y(mask);
    let e = 0;
    for (const v of labels) e += v;
    if (labels.length > 0 && e > 0 && e < labels.length) {
      const p = Float64Array.from(selectRows([scores], mask)[0]!);
      metrics[s] = sampleMetrics(p, labels) satisfies SampleMetrics;
    }
  });
  if (controls.signal.aborted) throw new AppError('CANCELLED', 'Training was cancelled.');

  const purpose: ModelPurpose = req.purpose ?? (/bad|default|overdue|dpd|delinq/i.test(req.target) ? 'credit' : 'targeting');
  const name = req.name ?? `${req.model} ${req.target}${req.population ? ` | ${req.population}` : ''}`;
  const createdAt = new Date().toISOString();
  const seconds = (performance.now() - started) / 1000;
  const body: StoredModel = {
    schemaVersion: 1, name, purpose, kind: req.model, dataset: ds.name, target: req.target, event: target.event, population: req.population ?? null,
    sampleColumn, binning, backend, createdAt, seconds, features: encodings, inputs: names, logistic, mlp, history, warnings, metrics,
  };
  let modelId = 0;
  db.transaction(() => {
    modelId = saveArtifact(db, { kind: MODEL, schemaVersion: 1, datasetId: ds.id, name, body, createdAt });
    appendAudit(db, 'train', { model: modelId, name, kind: req.model, purpose, dataset: ds.name, target: req.target, event: target.event, population: req.population ?? null, features: encodings.map((e) => e.name), backend, auc: Object.fromEntries(Object.entries(metrics).map(([k, m]) => [k, round(m.auc)])) }, createdAt);
  })();
  return { modelId, name, backend, purpose, kind: req.model, rows, coefficients: logistic?.coefficients ?? [], metrics, warnings, seconds };
}
