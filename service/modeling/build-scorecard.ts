import type { Database } from 'better-sqlite3';
import { appendAudit } from '../../data/store/audit-log';
import { NO_CONTROLS, type JobControls } from '../../types/progress';
import { cancelled } from '../../data/import/cancel';
import { findArtifactById, saveArtifact, type Artifact } from '../../data/store/artifacts';
import { readColumn } from '../../data/store/column-chunks';
import { getDataset } from '../../data/store/datasets';
import { aucWithCi } from '../../models/metrics/auc';
import { buildScorecard } from '../../models/scorecard/build-scorecard';
import { scaledScorecard, scaleLogOdds } from '../../models/scorecard/scale-log-odds';
import { modelLogOdds } from '../../models/features/model-log-odds';
import { gbdtLogOddsRange } from '../../models/gbdt/predict-gbdt';
import { scoreRows } from '../../models/scorecard/score-rows';
import { SAMPLES } from '../../models/sample/assign-samples';
import type { ColumnData } from '../../types/columns';
import { AppError } from '../../types/errors';
import type { StoredModel } from '../../types/model';
import { DEFAULT_SCALING, type ScalingOptions, type Scorecard } from '../../types/scorecard';
import { targetOf } from '../binning/binning-inputs';
import { loadModel } from './evaluate-model';
import { parsePopulation, populationMask, sampleCodes } from './model-inputs';

export const SCORECARD = 'scorecard';

/** A stored scorecard by id, or NOT_FOUND. */
export function loadScorecard(db: Database, id: number): Artifact<Scorecard> {
  const a = findArtifactById<Scorecard>(db, id);
  if (!a || a.kind !== SCORECARD) throw new AppError('NOT_FOUND', `The workspace has no scorecard ${id}.`, { got: String(id), expected: 'a scorecard id (jointscore scorecard)' });
  return a;
}

export interface ScorecardRequest {
  model: number;
  scaling?: Partial<ScalingOptions>;
}

export interface ScoreDistribution {
  /** Left edges of equal-width score bands, and the events and non-events in each. */
  edges: number[];
  events: number[];
  nonEvents: number[];
}

export interface ScorecardResult {
  scorecardId: number;
  scorecard: Scorecard;
  /** Per sample of the model's dataset: rows and the AUC of the score (oriented so higher means the event). */
  samples: { sample: string; rows: number; auc: number }[];
  /** The score's distribution by outcome on the train sample. */
  distribution: ScoreDistribution;
}

function distribution(scores: Float64Array, flags: Uint8Array, mask: Uint8Array, card: Scorecard): ScoreDistribution {
  let { min, max } = card.scoreRange;
  if (card.scaled) {
    // A challenger's possible range is far wider than its scores: bands over the scores seen.
    min = Infinity; max = -Infinity;
    for (let i = 0; i < scores.length; i++) if (mask[i] === 1) { min = Math.min(min, scores[i]!); max = Math.max(max, scores[i]!); }
    if (min > max) ({ min, max } = card.scoreRange);
    min = Math.floor(min); max = Math.ceil(max);
  }
  const width = Math.max(1, Math.ceil((max - min) / 20));
  const edges = Array.from({ length: Math.floor((max - min) / width) + 1 }, (_, k) => min + k * width);
  const events = edges.map(() => 0), nonEvents = edges.map(() => 0);
  for (let i = 0; i < scores.length; i++) {
    if (mask[i] !== 1) continue;
    const k = Math.min(edges.length - 1, Math.max(0, Math.floor((scores[i]! - min) / width)));
    if (flags[i] === 1) events[k]!++; else nonEvents[k]!++;
  }
  return { edges, events, nonEvents };
}

/**
 * The card's score of every row of its model's dataset, with each row's outcome flag (1, 0, 255
 * unknown), sample code and whether it is in the model's population.
 */
export function scoreModelRows(db: Database, card: Scorecard, model: StoredModel): { scores: Float64Array; flags: Uint8Array; codes: Uint8Array; population: Uint8Array } {
  const ds = getDataset(db, model.dataset);
  const target = targetOf(db, ds, model.target, model.event);
  const population = populationMask(db, ds, parsePopulation(model.population));
  const { codes } = sampleCodes(db, ds, model.sampleColumn ?? undefined);
  const cache = new Map<string, ColumnData>();
  const columnOf = (n: string) => { let c = cache.get(n); if (!c) { c = readColumn(db, ds, n); cache.set(n, c); } return c; };
  const scores = card.scaled ? modelLogOdds(model, columnOf).map((l) => scaleLogOdds(card, l)) : scoreRows(card, columnOf);
  return { scores, flags: target.flags, codes, population };
}

/** The card of a stored model: points per attribute for a scorecard-LR model, the PDO scaling of its log-odds for any other. */
function cardOfModel(db: Database, modelId: number, model: StoredModel, scaling: ScalingOptions): Scorecard {
  const meta = { modelId, modelName: model.name, dataset: model.dataset, purpose: model.purpose, target: model.target, event: model.event };
  if (model.kind !== 'scorecard-lr' || !model.logistic) {
    const kind = model.gbdt ? 'gbdt' : model.mlp ? 'mlp' : 'logistic';
    if (model.gbdt) return scaledScorecard(meta, kind, scaling, gbdtLogOddsRange(model.gbdt.model));
    const ds = getDataset(db, model.dataset);
    const logOdds = modelLogOdds(model, (n) => readColumn(db, ds, n));
    let min = Infinity, max = -Infinity;
    for (const l of logOdds) { if (l < min) min = l; if (l > max) max = l; }
    return scaledScorecard(meta, kind, scaling, { min, max });
  }
  const coefficients = new Map(model.logistic.coefficients.map((c) => [c.name, c.coefficient]));
  return buildScorecard({
    ...meta,
    intercept: model.logistic.coefficients[0]!.coefficient,
    characteristics: model.features.map((f) => {
      if (f.kind !== 'woe') throw new AppError('INTERNAL', `Feature '${f.name}' of model ${modelId} is not a WOE feature.`);
      return { name: f.name, party: f.party, coefficient: coefficients.get(f.name)!, spec: f.spec, table: f.table };
    }),
  }, scaling);
}

/**
 * Builds the scorecard of a stored model with PDO scaling — points per attribute from a
 * scorecard-LR model's WOE bins and coefficients; the scaled log-odds of any other model — scores
 * the model's dataset with the card to report its AUC per sample and its distribution by outcome,
 * and stores it (artifact `scorecard`, audited).
 */
export function buildModelScorecard(db: Database, req: ScorecardRequest, controls: JobControls = NO_CONTROLS): ScorecardResult {
  const model = loadModel(db, req.model);
  // The orientation follows the purpose: a credit score rises as risk falls, a targeting score as the response grows.
  const scaling: ScalingOptions = { ...DEFAULT_SCALING, orientation: model.purpose === 'targeting' ? 'higher-is-riskier' : 'higher-is-better', ...req.scaling };
  if (!(scaling.pdo > 0) || !(scaling.baseOdds > 0) || !Number.isFinite(scaling.baseScore)) {
    throw new AppError('INVALID_ARGUMENT', `PDO (${scaling.pdo}) and base odds (${scaling.baseOdds}) must be positive and the base score a number.`, { expected: 'pdo > 0, base odds > 0' });
  }
  const card = cardOfModel(db, req.model, model, scaling);

  const ds = getDataset(db, model.dataset);
  controls.onProgress({ phase: 'score', done: 0, total: 1, message: `Scoring ${ds.rows.toLocaleString('en')} rows with the card` });
  const { scores, flags, codes, population } = scoreModelRows(db, card, model);
  if (controls.signal.aborted) throw cancelled();
  const sign = scaling.orientation === 'higher-is-better' ? -1 : 1;
  const samples: ScorecardResult['samples'] = [];
  SAMPLES.forEach((s, k) => {
    const sc: number[] = [], y: number[] = [];
    for (let i = 0; i < scores.length; i++) if (codes[i] === k && population[i] === 1 && flags[i] !== 255) { sc.push(sign * scores[i]!); y.push(flags[i]!); }
    const e = y.reduce((a, b) => a + b, 0);
    if (y.length > 0 && e > 0 && e < y.length) samples.push({ sample: s, rows: y.length, auc: aucWithCi(sc, y).auc });
  });
  const trainMask = Uint8Array.from(codes, (c, i) => (c === 0 && population[i] === 1 && flags[i] !== 255 ? 1 : 0));
  const dist = distribution(scores, flags, trainMask, card);
  const createdAt = new Date().toISOString();
  let scorecardId = 0;
  db.transaction(() => {
    scorecardId = saveArtifact(db, { kind: SCORECARD, schemaVersion: 1, datasetId: ds.id, name: `model=${req.model}`, body: card, createdAt });
    appendAudit(db, 'scorecard', { scorecard: scorecardId, model: req.model, scaling, scoreRange: card.scoreRange }, createdAt);
  })();
  controls.onProgress({ phase: 'score', done: 1, total: 1, message: 'Scorecard stored' });
  return { scorecardId, scorecard: card, samples, distribution: dist };
}
