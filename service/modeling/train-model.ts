import type { Database } from 'better-sqlite3';
import type { BoostHelper, HistogramInputs } from '../../models/gbdt/histogram';
import { DEFAULT_GBDT, GbdtCancelled, gbdtImportance, trainGbdt, type GbdtConfig } from '../../models/gbdt/train-gbdt';
import { gbdtProbabilities } from '../../models/gbdt/predict-gbdt';
import { meanAbsContributions } from '../../models/gbdt/tree-shap';
import { saidInEnglish } from '../../i18n/phrase-said';
import { said, type Said } from '../../types/said';
import { appendAudit } from '../../data/store/audit-log';
import { saveArtifact } from '../../data/store/artifacts';
import { readColumn } from '../../data/store/column-chunks';
import { getDataset, type StoredDataset } from '../../data/store/datasets';
import { encodeFeatures, fitPiecewiseEncodings, fitRawEncodings, fitTreeEncodings, selectRows } from '../../models/features/encode';
import { NO_FOLD, stratifiedFolds } from '../../models/sample/cv-folds';
import { fitLogistic } from '../../models/logistic/fit-logistic';
import { fitLogisticAdam } from '../../models/logistic/fit-logistic-adam';
import { sampleMetrics } from '../../models/metrics/sample-metrics';
import { DEFAULT_MLP, predictMlp, rowMajor, serializeMlp, trainMlp } from '../../models/mlp/mlp';
import { SAMPLES } from '../../models/sample/assign-samples';
import type { ColumnData } from '../../types/columns';
import { AppError } from '../../types/errors';
import type { FeatureEncoding, FeatureSource, MlpConfig, ModelKind, ModelPurpose, ModelSettings, SampleMetrics, StoredModel, TrainingPoint } from '../../types/model';
import { guardAgainstLeakage, markUsedAsTarget, outcomeColumns } from './leakage-guard';
import { latestSelection } from './select-features';
import { tuneLogistic, type InputSet } from '../../models/logistic/tune-logistic';
import type { JobControls } from '../../types/progress';
import { locateBinning } from '../binning/edit-binning';
import { targetOf } from '../binning/binning-inputs';
import { loadTfBackend } from '../tf/load-backend';
import { parsePopulation, populationMask, sampleCodes } from './model-inputs';
import { linearScores } from '../../models/logistic/linear-scores';
import { weightsOf, type DatasetWeights } from './row-weights';

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
  /** Gradient-boosted trees: settings, and a monotone constraint per input (+1: the event never less likely as it rises; −1: never more). */
  gbdt?: Partial<GbdtConfig> & { monotone?: Record<string, number> };
  name?: string;
  /** Inputs kept although they are outcomes or the leakage guard flags them (recorded in the model and the audit log). */
  allow?: string[];
  /** Use the stored selection for this dataset, target and population when there is one (default true). */
  useSelection?: boolean;
  /** The column weighting each row (default: the dataset's column with role `weight`; null: none). */
  weight?: string | null;
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
  /** What a modeler must know, as codes and parameters; `warnings` the same in English. */
  notes: Said[];
  warnings: string[];
  seconds: number;
  featureSource: FeatureSource;
  features: string[];
  leakage: NonNullable<StoredModel['leakage']>;
  settings: ModelSettings;
}

function rawColumn(db: Database, ds: StoredDataset, name: string): ColumnData {
  if (!ds.columns.some((c) => c.name === name)) throw new AppError('NOT_FOUND', `Dataset '${ds.name}' has no column '${name}'.`, { column: name, expected: 'a column of the dataset' });
  return readColumn(db, ds, name);
}

interface InputChoice { names: string[] | null; source: FeatureSource; leftOut: string[] }

/**
 * Where the input list comes from: the request, else the newest stored selection for the
 * dataset, target, event and population, else the defaults (null: the caller's rule). Outcome
 * columns never enter a default list.
 */
function chooseInputs(db: Database, ds: StoredDataset, req: TrainRequest, event: string): InputChoice {
  const leftOut = outcomeColumns(ds, req.target);
  if (req.features?.length) return { names: req.features, source: { kind: 'request' }, leftOut: [] };
  const selection = req.useSelection === false ? null : latestSelection(db, ds.id, req.target, event, req.population);
  if (selection && selection.selected.length > 0) return { names: selection.selected, source: { kind: 'selection', selectionId: selection.id, createdAt: selection.createdAt }, leftOut };
  return { names: null, source: { kind: 'default', rule: '' }, leftOut };
}

/** WOE encodings from the stored binning of the target (the current, possibly edited, bins). */
function woeEncodings(db: Database, ds: StoredDataset, req: TrainRequest, event: string, choice: InputChoice): { candidates: InputSet[]; byName: Map<string, FeatureEncoding>; binning: StoredModel['binning']; tuned: ModelSettings['binning'] } {
  const { set } = locateBinning(db, { dataset: ds.name, target: req.target, event, ...(req.binningSample ? { sample: req.binningSample } : {}) });
  const byName = new Map(set.variables.map((v) => [v.name, { kind: 'woe', name: v.name, party: v.party, spec: v.history[v.cursor]!, table: v.table } as FeatureEncoding]));
  const minIv = req.minIv ?? 0.02;
  let candidates: InputSet[];
  if (choice.names) {
    for (const f of choice.names) if (!byName.has(f)) throw new AppError('NOT_FOUND', `The binning of '${req.target}' has no variable '${f}'; bin it first.`, { column: f, expected: 'a binned variable' });
    candidates = [{ label: choice.source.kind, names: choice.names }];
  } else {
    const role = new Map(ds.columns.map((c) => [c.name, c.role]));
    const usable = set.variables.filter((v) => role.get(v.name) === 'feature' && v.table.bins.filter((b) => b.count > 0).length > 1);
    const strong = usable.filter((v) => v.table.iv >= minIv).map((v) => v.name);
    const all = usable.filter((v) => v.table.iv > 1e-9).map((v) => v.name);
    candidates = [{ label: `IV >= ${minIv}`, names: strong }];
    if (req.minIv === undefined && all.length > strong.length) candidates.push({ label: 'every varying variable', names: all });
    candidates = candidates.filter((c) => c.names.length > 0);
  }
  if (candidates.length === 0) throw new AppError('INVALID_ARGUMENT', `No binned variable of '${req.target}' reaches IV ${minIv}; lower the IV floor or name the features.`, { option: 'minIv | features', expected: 'at least one variable' });
  const tuned = set.variables.filter((v) => v.tuning && !v.edited).map((v) => ({ variable: v.name, trend: v.tuning!.chosen.trend, minBinShare: v.tuning!.chosen.minBinShare, said: v.tuning!.said, reason: v.tuning!.reason }));
  return { candidates, byName, binning: { dataset: set.dataset, target: set.target, event: set.event, sample: set.sample, ...(set.weight ? { weight: set.weight } : {}) }, tuned };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** The rows a model learns from and is measured on: in the population, with a known target, in a sample. */
interface TrainingRows {
  sampleColumn: StoredModel['sampleColumn'];
  rows: TrainResult['rows'];
  trainMask: Uint8Array;
  inSample: (sample: number) => Uint8Array;
  /** The target flags of the rows a mask selects, in row order. */
  y: (mask: Uint8Array) => Uint8Array;
  /** The weight column, and the weights of the rows a mask selects (null: unweighted). */
  weights: DatasetWeights | null;
  w: (mask: Uint8Array) => Float64Array | null;
}

function trainingRows(db: Database, ds: StoredDataset, req: TrainRequest, target: ReturnType<typeof targetOf>, population: Uint8Array): TrainingRows {
  const { column: sampleColumn, codes } = sampleCodes(db, ds, req.split);
  const known = Uint8Array.from(population, (p, i) => (p === 1 && target.flags[i] !== 255 && codes[i] !== 255 ? 1 : 0));
  const weights = weightsOf(db, ds, req.weight, known);
  const used = new Uint8Array(ds.rows);
  const rows = { train: 0, test: 0, oot: 0 };
  for (let i = 0; i < ds.rows; i++) {
    // A row of weight 0 takes no part in fitting or measuring.
    if (known[i] === 1 && (!weights || weights.weight[i]! > 0)) { used[i] = 1; rows[SAMPLES[codes[i]!]!]++; }
  }
  if (rows.train === 0) throw new AppError('INVALID_ARGUMENT', `No training row: the population${req.population ? ` '${req.population}'` : ''} has no row with a known '${req.target}' in the train sample.`, { column: req.target, expected: 'training rows' });
  const inSample = (s: number) => Uint8Array.from(codes, (c, i) => (used[i] === 1 && c === s ? 1 : 0));
  const y = (mask: Uint8Array) => { const out: number[] = []; for (let i = 0; i < mask.length; i++) if (mask[i] === 1) out.push(target.flags[i]!); return Uint8Array.from(out); };
  const w = (mask: Uint8Array) => (weights ? selectRows([weights.weight], mask)[0]! : null);
  return { sampleColumn, rows, trainMask: inSample(0), inSample, y, weights, w };
}

/** The inputs and how each is encoded: WOE from the binning (inputs and penalty chosen by cross-validation on train), or raw. */
function chooseEncodings(db: Database, ds: StoredDataset, req: TrainRequest, event: string, conditions: ReturnType<typeof parsePopulation>, at: TrainingRows, columnOf: (n: string) => ColumnData, controls: JobControls) {
  const choice = chooseInputs(db, ds, req, event);
  const manual = (['l2', 'l1', 'solver', 'minIv', 'features'] as const).filter((k) => req[k] !== undefined);
  const settings: ModelSettings = { penalty: null, binning: [], manual };
  let l2 = req.l2 ?? 0;
  let binning: StoredModel['binning'] = null;
  let encodings: FeatureEncoding[];
  if (req.model === 'scorecard-lr' || req.woe) {
    const w = woeEncodings(db, ds, req, event, choice);
    binning = w.binning;
    let inputs = w.candidates[0]!;
    const tunePenalty = req.model === 'scorecard-lr' && req.l2 === undefined && req.l1 === undefined && req.solver !== 'adam';
    if (tunePenalty || w.candidates.length > 1) {
      const woeCols = new Map<string, Float64Array>();
      const colOf = (n: string) => { let c = woeCols.get(n); if (!c) { c = selectRows(encodeFeatures([w.byName.get(n)!], columnOf, false).columns, at.trainMask)[0]!; woeCols.set(n, c); } return c; };
      controls.onProgress({ phase: 'tune', done: 0, total: 0, message: 'choosing inputs and penalty by cross-validation on train' });
      const tuning = tuneLogistic(w.candidates, colOf, at.y(at.trainMask), 5, 1, tunePenalty ? undefined : [l2], at.w(at.trainMask));
      inputs = w.candidates.find((c) => c.label === tuning.chosen.inputs)!;
      if (tunePenalty) l2 = tuning.chosen.l2;
      settings.penalty = tuning;
    }
    if (choice.names === null) choice.source = { kind: 'default', rule: inputs.label };
    encodings = inputs.names.map((n) => w.byName.get(n)!);
    settings.binning = w.tuned.filter((t) => inputs.names.includes(t.variable));
  } else {
    const names = choice.names
      ?? ds.columns.filter((c) => c.role === 'feature' && (c.type === 'numeric' || c.type === 'categorical') && c.name !== req.target && !conditions.some((k) => k.column === c.name)).map((c) => c.name);
    if (choice.names === null) choice.source = { kind: 'default', rule: 'every numeric or categorical feature' };
    if (names.length === 0) throw new AppError('INVALID_ARGUMENT', `Dataset '${ds.name}' has no numeric or categorical feature to train on; name the features.`, { option: 'features', expected: 'features' });
    const sources = names.map((n) => ({ name: n, party: ds.columns.find((c) => c.name === n)?.party ?? null, column: columnOf(n) }));
    encodings = req.model === 'mlp' ? fitPiecewiseEncodings(sources, at.trainMask) : req.model === 'gbdt' ? fitTreeEncodings(sources, at.trainMask) : fitRawEncodings(sources, at.trainMask, { dropReference: req.model === 'logistic' });
  }
  return { choice, encodings, binning, settings, l2 };
}

interface Fitted {
  scores: Float64Array;
  logistic: StoredModel['logistic'];
  mlp: StoredModel['mlp'];
  gbdt?: StoredModel['gbdt'];
}

/** The MLP, with early stopping on a fifth of the train rows (stratified, seeded): test and OOT stay unseen until the end. */
async function fitMlpModel(req: TrainRequest, flags: Uint8Array, names: string[], columns: Float64Array[], at: TrainingRows, history: TrainingPoint[], controls: JobControls): Promise<Fitted> {
  const config: MlpConfig = { ...DEFAULT_MLP, ...req.mlp };
  const folds = stratifiedFolds(flags, at.trainMask, 5, config.seed);
  const fitMask = Uint8Array.from(folds, (f) => (f !== NO_FOLD && f !== 0 ? 1 : 0));
  const valMask = Uint8Array.from(folds, (f) => (f === 0 ? 1 : 0));
  const trained = await trainMlp(rowMajor(selectRows(columns, fitMask)), at.y(fitMask), rowMajor(selectRows(columns, valMask)), at.y(valMask), names.length, config, {
    signal: controls.signal, weights: at.w(fitMask), valWeights: at.w(valMask),
    onEpoch: (p) => {
      history.push(p);
      controls.onProgress({ phase: 'train', done: p.step, total: config.epochs, message: `epoch ${p.step}: loss ${p.loss.toFixed(4)}${p.valAuc !== undefined ? `, validation AUC ${p.valAuc.toFixed(4)}` : ''}`, metrics: { loss: p.loss, ...(p.valLoss !== undefined ? { valLoss: p.valLoss } : {}), ...(p.valAuc !== undefined ? { valAuc: p.valAuc } : {}) } });
    },
  });
  const scores = predictMlp(trained.model, rowMajor(columns), names.length);
  const mlp = { config, ...serializeMlp(trained.model), bestEpoch: trained.bestEpoch };
  trained.model.dispose();
  return { scores, logistic: null, mlp };
}

/** Each tree setting within its range, else INVALID_ARGUMENT naming the option, what it takes and what it got. */
function checkGbdtConfig(c: GbdtConfig): void {
  const rules: [keyof GbdtConfig, (v: number) => boolean, string][] = [
    ['maxIter', (v) => Number.isInteger(v) && v >= 1 && v <= 10_000, 'a whole number of trees from 1 to 10000'],
    ['learningRate', (v) => v > 0 && v <= 1, 'a number in (0, 1]'],
    ['maxLeafNodes', (v) => Number.isInteger(v) && v >= 2 && v <= 4096, 'a whole number of leaves from 2 to 4096'],
    ['maxDepth', (v) => Number.isInteger(v) && v >= 0, 'a whole depth (0: no limit)'],
    ['minSamplesLeaf', (v) => Number.isInteger(v) && v >= 1, 'a whole number of rows, at least 1'],
    ['l2', (v) => v >= 0, 'a number ≥ 0'],
    ['maxBins', (v) => Number.isInteger(v) && v >= 2 && v <= 255, 'a whole number of bins from 2 to 255'],
    ['subsample', (v) => v > 0 && v <= 1, 'a share in (0, 1]'],
    ['colsample', (v) => v > 0 && v <= 1, 'a share in (0, 1]'],
  ];
  for (const [option, ok, expected] of rules) {
    const v = c[option];
    if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) throw new AppError('INVALID_ARGUMENT', `The trees' ${option} must be ${expected}; got ${String(v)}.`, { option, expected, got: String(v) });
  }
}

/** Up to k row indices of n, evenly spaced (all of them when n ≤ k). */
function evenSample(n: number, k: number): number[] {
  const step = Math.max(1, n / k);
  const out: number[] = [];
  for (let x = 0; Math.floor(x) < n && out.length < k; x += step) out.push(Math.floor(x));
  return out;
}

function cancellable<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof GbdtCancelled) throw new AppError('CANCELLED', 'Training was cancelled.');
    throw e;
  }
}

/** Starts a second thread for tree histograms and the passes between trees over the given shared inputs. */
export type TreeHistograms = (inputs: HistogramInputs) => BoostHelper;
/** Below this many cells (rows × inputs) one thread grows the trees faster than two. */
const TWO_THREAD_CELLS = 2_000_000;

/** Gradient-boosted trees on the train rows (early stopping, when on, holds out a share of them): test and OOT stay unseen. */
function fitGbdtModel(req: TrainRequest, encodings: FeatureEncoding[], columns: Float64Array[], at: TrainingRows, history: TrainingPoint[], controls: JobControls, histograms?: TreeHistograms): Fitted {
  const { monotone = {}, ...options } = req.gbdt ?? {};
  const config: GbdtConfig = { ...DEFAULT_GBDT, ...options };
  checkGbdtConfig(config);
  for (const [name, sign] of Object.entries(monotone)) {
    if (sign !== 1 && sign !== -1 && sign !== 0) throw new AppError('INVALID_ARGUMENT', `The monotone constraint on '${name}' must be +1, -1 or 0; got ${String(sign)}.`, { option: 'monotone', column: name, expected: '+1, -1 or 0', got: String(sign) });
    if (!encodings.some((e) => e.name === name && e.kind === 'raw')) throw new AppError('INVALID_ARGUMENT', `A monotone constraint names '${name}', which is not a numeric input of the model.`, { option: 'monotone', column: name, expected: 'a numeric input', got: name });
  }
  const inputs = encodings.map((e) => ({ name: e.name, categorical: e.kind === 'category', categories: e.kind === 'category' ? e.levels.length : undefined, monotone: monotone[e.name] ?? 0 }));
  const trainRows = at.rows.train;
  const model = cancellable(() => trainGbdt(selectRows(columns, at.trainMask), inputs, at.y(at.trainMask), config, {
    signal: controls.signal, weights: at.w(at.trainMask),
    ...(histograms && trainRows * inputs.length >= TWO_THREAD_CELLS ? { histograms } : {}),
    onIteration: (p) => {
      if (p.trainLoss === null) { controls.onProgress({ phase: 'train', done: p.iteration, total: config.maxIter, message: `tree ${p.iteration}` }); return; }
      history.push({ step: p.iteration, loss: p.trainLoss, ...(p.validationLoss !== null ? { valLoss: p.validationLoss } : {}) });
      controls.onProgress({ phase: 'train', done: p.iteration, total: config.maxIter, message: `tree ${p.iteration}: loss ${p.trainLoss.toFixed(4)}`, metrics: { loss: p.trainLoss, ...(p.validationLoss !== null ? { valLoss: p.validationLoss } : {}) } });
    },
  }));
    const train = selectRows(columns, at.trainMask);
  const shap = meanAbsContributions(model, train, evenSample(train[0]?.length ?? 0, 500));
  const importance = gbdtImportance(model).map((r) => ({ ...r, meanAbsShap: shap[model.features.findIndex((f) => f.name === r.feature)]! }));
  return { scores: gbdtProbabilities(model, columns), logistic: null, mlp: null, gbdt: { config, model, importance } };
}

/** A logistic regression: Newton (exact statistics) or, for L1, Adam; warnings for what a modeler must know. */
function fitLogisticModel(req: TrainRequest, l2: number, encodings: FeatureEncoding[], names: string[], columns: Float64Array[], at: TrainingRows, history: TrainingPoint[], notes: Said[], controls: JobControls): Fitted {
  const useAdam = req.solver === 'adam' || (req.l1 ?? 0) > 0;
  const trainX = selectRows(columns, at.trainMask), trainY = at.y(at.trainMask), trainW = at.w(at.trainMask);
  const fit = useAdam
    ? fitLogisticAdam(names, trainX, trainY, {
      l1: req.l1 ?? 0, l2, signal: controls.signal, ...(trainW ? { weights: trainW } : {}),
      onEpoch: (s) => {
        history.push({ step: s.epoch, loss: s.loss });
        controls.onProgress({ phase: 'train', done: s.epoch, total: 30, message: `Adam epoch ${s.epoch}: loss ${s.loss.toFixed(4)}`, metrics: { loss: s.loss } });
      },
    })
    : fitLogistic(names, trainX, trainY, {
      l2, signal: controls.signal, ...(trainW ? { weights: trainW } : {}),
      onIteration: (s) => {
        history.push({ step: s.iteration, loss: -s.logLikelihood / at.rows.train });
        controls.onProgress({ phase: 'train', done: s.iteration, total: 0, message: `Newton iteration ${s.iteration} (${s.phase}): log-likelihood ${s.logLikelihood.toFixed(4)}`, metrics: { loss: -s.logLikelihood / at.rows.train } });
      },
    });
  if (useAdam) notes.push(req.l1 ? said('warn.adamL1', { l1: req.l1 }) : said('warn.adam'));
  const partyOf = new Map(encodings.map((e) => [e.name, e.party]));
  const featureOf = (input: string) => encodings.find((e) => input === e.name || input.startsWith(`${e.name}=`))?.name ?? null;
  const logistic: NonNullable<StoredModel['logistic']> = {
    coefficients: fit.terms.map((t, k) => ({ ...t, feature: k === 0 ? null : featureOf(t.name), party: k === 0 ? null : partyOf.get(featureOf(t.name) ?? '') ?? null })),
    logLikelihood: fit.logLikelihood, nullLogLikelihood: fit.nullLogLikelihood, aic: fit.aic, bic: fit.bic, iterations: fit.iterations, converged: fit.converged, l2, l1: req.l1 ?? 0, solver: useAdam ? 'adam' : 'newton',
  };
  if (!fit.converged) notes.push(said('warn.notConverged'));
  if (req.model === 'scorecard-lr') {
    for (const t of logistic.coefficients.slice(1)) {
      // WOE = ln(%non-event / %event): a higher WOE means fewer events, so its coefficient must be negative.
      if (t.coefficient > 0) notes.push(said('warn.positiveWoe', { name: t.name, coefficient: t.coefficient.toFixed(4) }));
    }
  }
  return { scores: linearScores(logistic.coefficients.map((c) => c.coefficient), columns), logistic, mlp: null };
}

/** AUC, KS, Gini, … on every sample that has both outcomes. */
function metricsBySample(scores: Float64Array, at: TrainingRows): StoredModel['metrics'] {
  const metrics: StoredModel['metrics'] = {};
  SAMPLES.forEach((s, k) => {
    const mask = at.inSample(k);
    const labels = at.y(mask);
    let e = 0;
    for (const v of labels) e += v;
    if (labels.length > 0 && e > 0 && e < labels.length) metrics[s] = sampleMetrics(Float64Array.from(selectRows([scores], mask)[0]!), labels, at.w(mask)) satisfies SampleMetrics;
  });
  return metrics;
}

/**
 * Trains one model on a dataset as a job: the population and the rows with a known target, the
 * sample column's train rows to fit on (binning fit on train too), features encoded (WOE from
 * the stored binning, or raw: medians for missing numbers, one-hot categories), a logistic
 * regression (Newton on TensorFlow.js, exact statistics) or an MLP (early stopping on the test
 * sample); scores and metrics on every sample; stored as a `model` artifact in one transaction.
 * A cancelled job stores nothing.
 */
export async function trainModel(db: Database, req: TrainRequest, controls: JobControls, histograms?: TreeHistograms): Promise<TrainResult> {
  const started = performance.now();
  const backend = await loadTfBackend();
  const ds = getDataset(db, req.dataset);
  const target = targetOf(db, ds, req.target, req.event);
  const conditions = parsePopulation(req.population);
  const at = trainingRows(db, ds, req, target, populationMask(db, ds, conditions));
  const cache = new Map<string, ColumnData>();
  const columnOf = (n: string) => { let c = cache.get(n); if (!c) { c = rawColumn(db, ds, n); cache.set(n, c); } return c; };
  const { choice, encodings, binning, settings, l2 } = chooseEncodings(db, ds, req, target.event, conditions, at, columnOf, controls);

  const notes: Said[] = [];
  if (binning && (binning.weight ?? null) !== (at.weights?.column ?? null)) notes.push(said('warn.binningWeight', { binning: binning.weight ?? '—', model: at.weights?.column ?? '—' }));
  const evidence = guardAgainstLeakage(ds, encodings.map((e) => e.name), columnOf, target, at.trainMask, req.allow ?? []);
  const leakage = { outcomesLeftOut: choice.leftOut, allowed: [...new Set(evidence.map((e) => e.column))], evidence: evidence.map((e) => ({ column: e.column, kind: e.kind, said: e.said, detail: e.detail })) };
  if (leakage.outcomesLeftOut.length) notes.push(said('warn.outcomesLeftOut', { columns: leakage.outcomesLeftOut.join(', ') }));
  for (const c of leakage.allowed) notes.push(said('warn.keptDespite', { column: c }));
  const { names, columns } = encodeFeatures(encodings, columnOf, req.model === 'mlp');
  const history: TrainingPoint[] = [];
  const { scores, logistic, mlp, gbdt = null } = req.model === 'mlp'
    ? await fitMlpModel(req, target.flags, names, columns, at, history, controls)
    : req.model === 'gbdt' ? fitGbdtModel(req, encodings, columns, at, history, controls, histograms)
      : fitLogisticModel(req, l2, encodings, names, columns, at, history, notes, controls);
  const metrics = metricsBySample(scores, at);
  if (controls.signal.aborted) throw new AppError('CANCELLED', 'Training was cancelled.');

  const purpose: ModelPurpose = req.purpose ?? (/bad|default|overdue|dpd|delinq|creditab|违约|逾期/i.test(req.target) ? 'credit' : 'targeting');
  const name = req.name ?? `${req.model} ${req.target}${req.population ? ` | ${req.population}` : ''}`;
  const createdAt = new Date().toISOString();
  const seconds = (performance.now() - started) / 1000;
  const warnings = notes.map(saidInEnglish);
  const body: StoredModel = {
    schemaVersion: 1, name, purpose, kind: req.model, dataset: ds.name, target: req.target, event: target.event, population: req.population ?? null,
    sampleColumn: at.sampleColumn, ...(at.weights ? { weight: at.weights.column } : {}), binning, backend, createdAt, seconds, features: encodings, inputs: names, logistic, mlp, gbdt, history, warnings, notes, metrics,
    featureSource: choice.source, leakage, settings,
  };
  let modelId = 0;
  db.transaction(() => {
    modelId = saveArtifact(db, { kind: MODEL, schemaVersion: 1, datasetId: ds.id, name, body, createdAt });
    markUsedAsTarget(db, ds, req.target, createdAt);
    appendAudit(db, 'train', { model: modelId, name, kind: req.model, purpose, dataset: ds.name, target: req.target, event: target.event, population: req.population ?? null, ...(at.weights ? { weight: at.weights.column } : {}), features: encodings.map((e) => e.name), featureSource: choice.source, allowedDespiteLeakage: leakage.allowed, backend, auc: Object.fromEntries(Object.entries(metrics).map(([k, m]) => [k, round(m.auc)])) }, createdAt);
  })();
  return { modelId, name, backend, purpose, kind: req.model, rows: at.rows, coefficients: logistic?.coefficients ?? [], metrics, warnings, notes, seconds, featureSource: choice.source, features: encodings.map((e) => e.name), leakage, settings };
}
