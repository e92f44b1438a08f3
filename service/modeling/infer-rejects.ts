import type { Database } from 'better-sqlite3';
import { appendAudit } from '../../data/store/audit-log';
import { saveArtifact } from '../../data/store/artifacts';
import { readColumn } from '../../data/store/column-chunks';
import { getDataset, type StoredDataset } from '../../data/store/datasets';
import { binVariable, statsOf } from '../../models/binning/bin-variable';
import { binningTable } from '../../models/binning/binning-table';
import { binningOptions } from '../../models/binning/options';
import { encodeFeatures, gatherColumn, gatherRows, selectRows } from '../../models/features/encode';
import { augment, type AugmentedRows, type InferenceOptions } from '../../models/inference/augment';
import { compareModels } from '../../models/inference/inference-report';
import { fitLogistic } from '../../models/logistic/fit-logistic';
import { linearScores } from '../../models/logistic/linear-scores';
import { sampleMetrics } from '../../models/metrics/sample-metrics';
import { SAMPLES } from '../../models/sample/assign-samples';
import { stratifiedFolds } from '../../models/sample/cv-folds';
import type { BinningOptions } from '../../types/binning';
import type { ColumnData } from '../../types/columns';
import { AppError } from '../../types/errors';
import { INFERENCE_METHODS, type InferenceMethod, type InferenceReport } from '../../types/inference';
import type { FeatureEncoding, StoredModel } from '../../types/model';
import type { JobControls } from '../../types/progress';
import { said } from '../../types/said';
import { saidInEnglish } from '../../i18n/phrase-said';
import { targetOf } from '../binning/binning-inputs';
import { binaryTarget } from '../../data/profile/target';
import { calibrateFactor, type FactorEstimate } from '../../models/inference/calibrate-factor';
import { locateBinning } from '../binning/edit-binning';
import { loadTfBackend } from '../tf/load-backend';
import { loadModel, scoreWithModel } from './evaluate-model';
import { parsePopulation, populationMask, sampleCodes } from './model-inputs';
import { weightsOf } from './row-weights';
import { MODEL } from './train-model';

export interface InferRequest {
  /** The known-good-bad model: a logistic regression or scorecard trained on the rows with an outcome. */
  model: number;
  /** The through-the-door population the credit model is for (default: every row of the dataset), e.g. `applied=1`. */
  population?: string;
  method?: InferenceMethod;
  /** The event-rate increase for unlabelled rows (default 1: the known-good-bad model's own probability). */
  factor?: number;
  /**
   * A column holding, for some rows without an outcome here, their outcome elsewhere (a credit
   * bureau's report of a loan taken at another lender): the factor is measured on its train rows
   * (instead of `factor`), and checked on the other samples'.
   */
  calibrate?: string;
  /** Hard cut-off: the probability from which an unlabelled row is a bad (default: as many bads as expected). */
  cutoff?: number;
  /** Parceling: score bands (default 10). */
  bands?: number;
  /** Repeat — refit, rescore the unlabelled rows, infer again — until the inferred outcomes settle (fuzzy, hard cut-off). */
  iterate?: boolean;
  name?: string;
  seed?: number;
}

export interface InferResult {
  modelId: number;
  name: string;
  report: InferenceReport;
  metrics: StoredModel['metrics'];
  coefficients: NonNullable<StoredModel['logistic']>['coefficients'];
  seconds: number;
}

const MAX_ITERATIONS = 20;
/** Iteration stops when no unlabelled row's inferred probability moves more than this. */
const SETTLED = 1e-4;

function checkRequest(req: InferRequest, kgb: StoredModel): InferenceOptions {
  const method = req.method ?? 'fuzzy';
  if (!INFERENCE_METHODS.includes(method)) throw new AppError('INVALID_ARGUMENT', `The inference method must be ${INFERENCE_METHODS.join(', ')}; got '${String(method)}'.`, { option: 'method', expected: INFERENCE_METHODS.join(' | '), got: String(method) });
  if (req.calibrate !== undefined && req.factor !== undefined) throw new AppError('INVALID_ARGUMENT', 'Give the event-rate factor or a column to measure it on, not both.', { option: 'factor | calibrate', expected: 'one of them', got: 'both' });
  const factor = req.factor ?? 1;
  if (!(factor > 0 && factor <= 10)) throw new AppError('INVALID_ARGUMENT', `The event-rate factor must be a number in (0, 10]; got ${String(req.factor)}.`, { option: 'factor', expected: 'a number in (0, 10]', got: String(req.factor) });
  if (req.cutoff !== undefined && !(req.cutoff > 0 && req.cutoff < 1)) throw new AppError('INVALID_ARGUMENT', `The cut-off is a probability in (0, 1); got ${String(req.cutoff)}.`, { option: 'cutoff', expected: 'a probability in (0, 1)', got: String(req.cutoff) });
  const bands = req.bands ?? 10;
  if (!Number.isInteger(bands) || bands < 2 || bands > 50) throw new AppError('INVALID_ARGUMENT', `Parceling takes 2 to 50 score bands; got ${String(req.bands)}.`, { option: 'bands', expected: 'a whole number from 2 to 50', got: String(req.bands) });
  if (!kgb.logistic || kgb.logistic.solver !== 'newton' || !(kgb.kind === 'scorecard-lr' || kgb.kind === 'logistic')) {
    throw new AppError('INVALID_ARGUMENT', `Reject inference starts from a logistic regression or scorecard fitted by Newton; model ${req.model} is ${kgb.kind}${kgb.logistic ? ` (${kgb.logistic.solver})` : ''}.`, { option: 'model', expected: 'a scorecard-lr or logistic model', got: kgb.kind });
  }
  return { method, factor, cutoff: req.cutoff ?? null, bands, seed: req.seed ?? 1 };
}

/** The rows of the inference: known (the model's own training population with an outcome) and unlabelled (the rest of the through-the-door rows), by sample. */
function inferenceRows(db: Database, ds: StoredDataset, kgb: StoredModel, population: string | undefined) {
  const target = targetOf(db, ds, kgb.target, kgb.event);
  const ttd = populationMask(db, ds, parsePopulation(population));
  const kgbPopulation = populationMask(db, ds, parsePopulation(kgb.population));
  const { codes } = sampleCodes(db, ds, kgb.sampleColumn ?? undefined);
  const weights = weightsOf(db, ds, kgb.weight ?? null, ttd);
  const inPlay = (i: number) => ttd[i] === 1 && codes[i] !== 255 && (!weights || weights.weight[i]! > 0);
  const known = Uint8Array.from(ttd, (_, i) => (inPlay(i) && kgbPopulation[i] === 1 && target.flags[i] !== 255 ? 1 : 0));
  const unlabelled = Uint8Array.from(ttd, (_, i) => (inPlay(i) && known[i] === 0 ? 1 : 0));
  const indices = (mask: Uint8Array, sample: number) => { const out: number[] = []; mask.forEach((m, i) => { if (m === 1 && (sample < 0 || codes[i] === sample)) out.push(i); }); return Int32Array.from(out); };
  const trainKnown = indices(known, 0), trainUnlabelled = indices(unlabelled, 0);
  if (trainKnown.length === 0) throw new AppError('INVALID_ARGUMENT', `The through-the-door population${population ? ` '${population}'` : ''} holds none of the model's training rows with a known '${kgb.target}'.`, { option: 'population', expected: 'a population containing the known-good-bad rows', got: population ?? '' });
  if (trainUnlabelled.length === 0) throw new AppError('INVALID_ARGUMENT', `Every train row of the through-the-door population${population ? ` '${population}'` : ''} already has an outcome: there is nothing to infer.`, { option: 'population', expected: 'rows without an outcome', got: population ?? '' });
  return { target, codes, weights, known, unlabelled, trainKnown, trainUnlabelled, ttd: Uint8Array.from(ttd, (_, i) => (inPlay(i) ? 1 : 0)) };
}

interface Rebinning { options: BinningOptions; edited: ReadonlySet<string> }

/** The options of the model's binning and the variables the modeler edited (the defaults and none when it is gone). */
function rebinningOf(db: Database, kgb: StoredModel): Rebinning {
  if (!kgb.binning) return { options: binningOptions(), edited: new Set() };
  try {
    const { set } = locateBinning(db, { dataset: kgb.binning.dataset, target: kgb.binning.target, event: kgb.binning.event, sample: kgb.binning.sample });
    return { options: set.options, edited: new Set(set.variables.filter((v) => v.edited).map((v) => v.name)) };
  } catch {
    return { options: binningOptions(), edited: new Set() };
  }
}

/**
 * The model's encodings refitted on the augmented rows: WOE inputs binned again (an input the
 * modeler edited keeps its bins, with WOE recounted); other encodings as they were.
 */
function refitEncodings(from: readonly FeatureEncoding[], aug: AugmentedRows, columnOf: (n: string) => ColumnData, { options, edited }: Rebinning, keepBins: boolean): FeatureEncoding[] {
  const folds = options.tune.length > 0 && !keepBins ? stratifiedFolds(aug.flag, null, options.cvFolds, 1, 50_000) : null;
  return from.map((e) => {
    if (e.kind !== 'woe') return e;
    const column = gatherColumn(columnOf(e.name), aug.row);
    const input = { name: e.name, party: e.party, column, flags: aug.flag, mask: null, folds, weights: { weight: aug.weight, people: aug.people } };
    if (keepBins || edited.has(e.name)) return { ...e, table: binningTable(statsOf(input, options), e.spec) };
    const auto = binVariable(input, options);
    return { ...e, spec: auto.auto, table: auto.table };
  });
}

/**
 * One fit on the augmented rows: encodings (binned again from the known-good-bad model's, or — in
 * later rounds — the bins of `kept` with their WOE recounted), the logistic regression (the known-good-bad
 * model's penalty) and every row's probability.
 */
function fitAugmented(kgb: StoredModel, aug: AugmentedRows, columnOf: (n: string) => ColumnData, rebinning: Rebinning, signal: JobControls['signal'], kept?: readonly FeatureEncoding[]) {
  const features = refitEncodings(kept ?? kgb.features, aug, columnOf, rebinning, kept !== undefined);
  const { names, columns } = encodeFeatures(features, columnOf, false);
  const x = gatherRows(columns, aug.row);
  const fit = fitLogistic(names, x, aug.flag, { l2: kgb.logistic!.l2, weights: aug.weight, signal });
  const scores = linearScores(fit.terms.map((t) => t.coefficient), columns);
  return { features, names, fit, scores };
}

/**
 * Reject inference for a credit model: the known-good-bad model scores the through-the-door rows
 * without an outcome; the method gives them inferred outcomes (fuzzy augmentation, hard cut-off,
 * parceling by score band, each with an event-rate factor); the model's inputs are binned again
 * and the logistic regression refitted on known and inferred train rows together — repeated until
 * the inferred outcomes settle when asked. Stored as a new model with a report comparing the two.
 */
export async function inferRejects(db: Database, req: InferRequest, controls: JobControls): Promise<InferResult> {
  const started = performance.now();
  await loadTfBackend();
  const kgb = loadModel(db, req.model);
  const o = checkRequest(req, kgb);
  const ds = getDataset(db, kgb.dataset);
  const rows = inferenceRows(db, ds, kgb, req.population);
  const cache = new Map<string, ColumnData>();
  const columnOf = (n: string) => { let c = cache.get(n); if (!c) { c = readColumn(db, ds, n); cache.set(n, c); } return c; };
  const kgbScores = await scoreWithModel(kgb, columnOf);
  const w = (idx: Int32Array) => Float64Array.from(idx, (i) => (rows.weights ? rows.weights.weight[i]! : 1));
  const known = { rows: rows.trainKnown, labels: Uint8Array.from(rows.trainKnown, (i) => rows.target.flags[i]!), weight: w(rows.trainKnown), p: Float64Array.from(rows.trainKnown, (i) => kgbScores[i]!) };
  const unWeight = w(rows.trainUnlabelled);
  const options = rebinningOf(db, kgb);
  const calibration = req.calibrate !== undefined ? calibrationRows(db, ds, req.calibrate, kgb.event, rows) : null;
  if (calibration) {
    const train = calibration.train;
    const estimate = calibrateFactor(Uint8Array.from(train, (i) => calibration.flags[i]!), Float64Array.from(train, (i) => kgbScores[i]!), rows.weights ? w(train) : null);
    if (!estimate) throw new AppError('INVALID_ARGUMENT', `No train row without an outcome here has one in '${req.calibrate}': the factor cannot be measured.`, { option: 'calibrate', column: req.calibrate, expected: 'outcomes of some rows without one here' });
    o.factor = estimate.factor;
    calibration.estimate = estimate;
  }
  let inferred = augment(known, { rows: rows.trainUnlabelled, weight: unWeight, p: Float64Array.from(rows.trainUnlabelled, (i) => kgbScores[i]!) }, o);
  const first = inferred.decision;
  let fitted = fitAugmented(kgb, inferred.rows, columnOf, options, controls.signal);
  let iterations = 1, converged = !req.iterate;
  let previous = Float64Array.from(rows.trainUnlabelled, (i) => kgbScores[i]!);
  controls.onProgress({ phase: 'infer', done: 1, total: req.iterate ? MAX_ITERATIONS : 1, message: `inferred ${first.unlabelled} rows by ${o.method}` });
  while (req.iterate && iterations < MAX_ITERATIONS) {
    if (controls.signal.aborted) throw new AppError('CANCELLED', 'Reject inference was cancelled.');
    const p = Float64Array.from(rows.trainUnlabelled, (i) => fitted.scores[i]!);
    let moved = 0;
    for (let k = 0; k < p.length; k++) moved = Math.max(moved, Math.abs(p[k]! - previous[k]!));
    if (moved < SETTLED) { converged = true; break; }
    previous = p;
    // Later rounds: the refitted model's probabilities, measured again against the outside outcomes when there are
    // some (else taken as they are: the model carries the first factor), the bins of the first refit kept.
    const factor = calibration ? calibrateFactor(Uint8Array.from(calibration.train, (i) => calibration.flags[i]!), Float64Array.from(calibration.train, (i) => fitted.scores[i]!), rows.weights ? w(calibration.train) : null)?.factor ?? 1 : 1;
    inferred = augment(known, { rows: rows.trainUnlabelled, weight: unWeight, p }, { ...o, factor, cutoff: req.cutoff ?? null });
    fitted = fitAugmented(kgb, inferred.rows, columnOf, options, controls.signal, fitted.features);
    iterations++;
    controls.onProgress({ phase: 'infer', done: iterations, total: MAX_ITERATIONS, message: `iteration ${iterations}: largest change ${moved.toFixed(5)}` });
  }
  if (controls.signal.aborted) throw new AppError('CANCELLED', 'Reject inference was cancelled.');
  return store(db, ds, req, kgb, o, { rows, kgbScores, fitted, first, iterations, converged, trainUnlabelledWeight: unWeight, calibration }, started);
}

interface Calibration { column: string; flags: Uint8Array; train: Int32Array; check: Int32Array; estimate?: FactorEstimate }

/** The rows without an outcome here that have one in the calibration column: the train ones measure the factor, the others check it. */
function calibrationRows(db: Database, ds: StoredDataset, column: string, event: string, rows: ReturnType<typeof inferenceRows>): Calibration {
  if (!ds.columns.some((c) => c.name === column)) throw new AppError('NOT_FOUND', `Dataset '${ds.name}' has no column '${column}' to measure the factor on.`, { option: 'calibrate', column, expected: 'a column of outcomes observed elsewhere' });
  const { flags } = binaryTarget(column, readColumn(db, ds, column), event);
  const train: number[] = [], check: number[] = [];
  rows.unlabelled.forEach((u, i) => { if (u === 1 && flags[i] !== 255) (rows.codes[i] === 0 ? train : check).push(i); });
  return { column, flags, train: Int32Array.from(train), check: Int32Array.from(check) };
}

type Fitted = ReturnType<typeof fitAugmented>;

function metricsOf(scores: Float64Array, rows: ReturnType<typeof inferenceRows>): StoredModel['metrics'] {
  const metrics: StoredModel['metrics'] = {};
  SAMPLES.forEach((s, k) => {
    const mask = Uint8Array.from(rows.known, (m, i) => (m === 1 && rows.codes[i] === k ? 1 : 0));
    const labels = Uint8Array.from(selectRows([Float64Array.from(rows.target.flags)], mask)[0]!);
    const e = labels.reduce((t, v) => t + v, 0);
    if (e > 0 && e < labels.length) metrics[s] = sampleMetrics(selectRows([scores], mask)[0]!, labels, rows.weights ? selectRows([rows.weights.weight], mask)[0]! : null);
  });
  return metrics;
}

function calibrationReport(c: Calibration, rows: ReturnType<typeof inferenceRows>, kgb: Float64Array, inferred: Float64Array): NonNullable<InferenceReport['calibration']> {
  const e = c.estimate!;
  let wSum = 0, observed = 0, pk = 0, pi = 0;
  for (const i of c.check) { const wi = rows.weights ? rows.weights.weight[i]! : 1; wSum += wi; observed += wi * c.flags[i]!; pk += wi * kgb[i]!; pi += wi * inferred[i]!; }
  return {
    column: c.column,
    train: { rows: e.rows, observed: e.observed, kgb: e.predicted, factor: e.factor, lower: e.lower, upper: e.upper },
    check: c.check.length ? { rows: c.check.length, observed: observed / wSum, kgb: pk / wSum, inferred: pi / wSum } : null,
  };
}

function store(
  db: Database, ds: StoredDataset, req: InferRequest, kgb: StoredModel, o: InferenceOptions,
  r: { rows: ReturnType<typeof inferenceRows>; kgbScores: Float64Array; fitted: Fitted; first: ReturnType<typeof augment>['decision']; iterations: number; converged: boolean; trainUnlabelledWeight: Float64Array; calibration: Calibration | null },
  started: number,
): InferResult {
  const { rows, fitted } = r;
  const ttd = rows.ttd;
  const pick = <T extends Float64Array | Uint8Array>(xs: T) => xs.filter((_, i) => ttd[i] === 1) as T;
  const comparison = compareModels({
    known: pick(rows.known), labels: pick(Uint8Array.from(rows.target.flags, (f) => (f === 1 ? 1 : 0))), weight: rows.weights ? pick(rows.weights.weight) : null,
    kgb: pick(r.kgbScores), inferred: pick(fitted.scores),
  });
  const unlabelledWeight = r.trainUnlabelledWeight.reduce((t, x) => t + x, 0);
  const report: InferenceReport = {
    method: o.method, factor: o.factor, kgbModel: req.model, kgbName: kgb.name, population: req.population ?? null,
    trainKnown: rows.trainKnown.length, trainUnlabelled: rows.trainUnlabelled.length, inferredBadRate: unlabelledWeight > 0 ? r.first.inferredBads / unlabelledWeight : 0,
    cutoff: r.first.cutoff, parcels: r.first.parcels, iterations: r.iterations, converged: r.converged, ...comparison,
    ...(r.calibration?.estimate ? { calibration: calibrationReport(r.calibration, rows, r.kgbScores, fitted.scores) } : {}),
  };
  const metrics = metricsOf(fitted.scores, rows);
  const coefficients = fitted.fit.terms.map((t, k) => {
    const feature = k === 0 ? null : fitted.features.find((e) => t.name === e.name || t.name.startsWith(`${e.name}=`))?.name ?? null;
    return { ...t, feature, party: feature ? fitted.features.find((e) => e.name === feature)!.party : null };
  });
  const name = req.name ?? `${kgb.name} | inferred (${o.method})`;
  const createdAt = new Date().toISOString();
  const seconds = (performance.now() - started) / 1000;
  const notes = [said('warn.inferred', { method: o.method, rows: rows.trainUnlabelled.length, model: kgb.name })];
  const body: StoredModel = {
    ...kgb, name, population: req.population ?? null, createdAt, seconds, features: fitted.features, inputs: fitted.names,
    logistic: { ...kgb.logistic!, coefficients, logLikelihood: fitted.fit.logLikelihood, nullLogLikelihood: fitted.fit.nullLogLikelihood, aic: fitted.fit.aic, bic: fitted.fit.bic, iterations: fitted.fit.iterations, converged: fitted.fit.converged },
    history: [], notes, warnings: notes.map(saidInEnglish), metrics, rejectInference: report,
  };
  let modelId = 0;
  db.transaction(() => {
    modelId = saveArtifact(db, { kind: MODEL, schemaVersion: 1, datasetId: ds.id, name, body, createdAt });
    appendAudit(db, 'infer', { model: modelId, name, from: req.model, method: o.method, factor: o.factor, ...(req.calibrate ? { calibrate: req.calibrate } : {}), cutoff: r.first.cutoff, population: req.population ?? null, iterations: r.iterations, known: rows.trainKnown.length, unlabelled: rows.trainUnlabelled.length }, createdAt);
  })();
  return { modelId, name, report, metrics, coefficients, seconds };
}
