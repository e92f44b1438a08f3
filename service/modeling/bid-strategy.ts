import type { Database } from 'better-sqlite3';
import { appendAudit } from '../../data/store/audit-log';
import { findArtifactById, listArtifactsOfKind, saveArtifact, updateArtifactBody } from '../../data/store/artifacts';
import { getDataset } from '../../data/store/datasets';
import { intentTiers, type IntentTier } from '../../models/strategy/intent-tiers';
import { bandLabels, quantileCuts, strategyMatrix } from '../../models/strategy/strategy-matrix';
import { AppError } from '../../types/errors';
import type { Scorecard } from '../../types/scorecard';
import { DEFAULT_STRATEGY_VALUE, MAX_BID_COEFFICIENT, MIN_BID_COEFFICIENT, type CellDecision, type ScoreAxis, type Strategy, type StrategyValue } from '../../types/strategy';
import { loadScorecard, scoreModelRows } from './build-scorecard';
import { chooseSample } from './model-inputs';
import { loadModel } from './evaluate-model';

export const STRATEGY = 'strategy';

export interface StrategyRequest {
  /** Scorecard ids: one of a targeting model, one of a credit model, on the same dataset. */
  targeting: number;
  credit: number;
  /** Equal-count bands per score (default 5), or explicit cut points. */
  bands?: number;
  targetingCuts?: number[];
  creditCuts?: number[];
  /** train, test, oot or all (default: test when there is one, else all). */
  sample?: string;
  value?: Partial<StrategyValue>;
  name?: string;
}

export interface CutoffStrategyRequest {
  /** One scorecard: a credit card (approve above the cut-off) or a targeting card (bid where response is likely). */
  scorecard: number;
  /** Scores on the passing side of it pass: at or above it for a credit card that rises as risk falls (or a targeting card that rises with response), below it otherwise. */
  cutoff: number;
  /** The bid coefficient of those who pass (default 1). */
  coefficient?: number;
  sample?: string;
  value?: Partial<StrategyValue>;
  name?: string;
}

export interface CellEdit {
  t: number;
  c: number;
  action: CellDecision['action'];
  coefficient?: number;
}

export interface DecideRequest {
  strategy: number;
  cells?: CellEdit[];
  defaultDecision?: { action: CellDecision['action']; coefficient?: number };
}

export function loadStrategy(db: Database, id: number): { strategy: Strategy; createdAt: string } {
  const a = findArtifactById<Strategy>(db, id);
  if (!a || a.kind !== STRATEGY) throw new AppError('NOT_FOUND', `The workspace has no strategy ${id}.`, { got: String(id), expected: 'a strategy id (jointscore strategy matrix)' });
  return { strategy: a.body, createdAt: a.createdAt };
}

function checkCuts(name: string, cuts: number[] | undefined): void {
  if (!cuts) return;
  if (cuts.some((c) => !Number.isFinite(c)) || cuts.some((c, k) => k > 0 && !(c > cuts[k - 1]!))) {
    throw new AppError('INVALID_ARGUMENT', `${name} cut points must be increasing numbers; got ${cuts.join(', ')}.`, { expected: 'increasing numbers, e.g. 520,560,600', got: cuts.join(',') });
  }
}

/**
 * The targeting × credit matrix of two scorecards on their dataset's rows (in the targeting
 * model's population, on one sample): bands of equal size (or the given cuts), per cell the
 * response rate, the bad rate among rows whose outcome is known (the credit model's population)
 * and the expected value per bid, with a suggested decision. Stored (artifact `strategy`), audited.
 */
export function buildStrategy(db: Database, req: StrategyRequest): { strategyId: number; strategy: Strategy } {
  const tCard = loadScorecard(db, req.targeting).body, cCard = loadScorecard(db, req.credit).body;
  if (tCard.purpose !== 'targeting') throw new AppError('INVALID_ARGUMENT', `Scorecard ${req.targeting} is of a ${tCard.purpose} model; the targeting axis needs a targeting model's scorecard.`, { expected: 'a targeting scorecard', got: tCard.purpose });
  if (cCard.purpose !== 'credit') throw new AppError('INVALID_ARGUMENT', `Scorecard ${req.credit} is of a ${cCard.purpose} model; the credit axis needs a credit model's scorecard.`, { expected: 'a credit scorecard', got: cCard.purpose });
  if (tCard.dataset !== cCard.dataset) throw new AppError('INVALID_ARGUMENT', `The scorecards come from different datasets ('${tCard.dataset}', '${cCard.dataset}'): a strategy needs both scores on the same rows.`, { expected: 'two scorecards of one dataset' });
  checkCuts('Targeting', req.targetingCuts);
  checkCuts('Credit', req.creditCuts);
  const bands = req.bands ?? 5;
  if (!Number.isInteger(bands) || bands < 1 || bands > 20) throw new AppError('INVALID_ARGUMENT', `Bands must be a whole number from 1 to 20; got ${bands}.`, { expected: '1–20', got: String(bands) });
  const value = strategyValue(req.value);

  const tModel = loadModel(db, tCard.modelId), cModel = loadModel(db, cCard.modelId);
  const t = scoreModelRows(db, tCard, tModel), c = scoreModelRows(db, cCard, cModel);
  const { sample, code } = chooseSample(t.codes, t.population, req.sample, 'test-else-all');
  const keep: number[] = [];
  for (let i = 0; i < t.scores.length; i++) if (t.population[i] === 1 && (code < 0 || t.codes[i] === code)) keep.push(i);
  if (keep.length === 0) throw new AppError('INVALID_ARGUMENT', `No rows of the '${sample}' sample are in the targeting model's population.`, { expected: 'rows to build the matrix on' });
  const ts = Float64Array.from(keep, (i) => t.scores[i]!), cs = Float64Array.from(keep, (i) => c.scores[i]!);
  const responded = Uint8Array.from(keep, (i) => t.flags[i]!);
  const bad = Uint8Array.from(keep, (i) => (c.population[i] === 1 ? c.flags[i]! : 255));
  const targetingCuts = req.targetingCuts ?? quantileCuts(ts, bands);
  // Credit bands on the rows whose outcome is known (those the credit model was built on), when there are enough.
  const known = cs.filter((_, j) => bad[j] !== 255);
  const creditCuts = req.creditCuts ?? quantileCuts(known.length >= bands * 20 ? known : cs, bands);
  const { cells, totals } = strategyMatrix({ targeting: ts, credit: cs, responded, bad, targetingCuts, creditCuts, value });
  const strategy: Strategy = {
    schemaVersion: 1, kind: 'matrix', name: req.name ?? `${tCard.modelName} × ${cCard.modelName}`, dataset: tCard.dataset, sample,
    targeting: scoreAxis(req.targeting, tCard, targetingCuts), credit: scoreAxis(req.credit, cCard, creditCuts), value, cells,
    defaultDecision: { action: 'no-bid', coefficient: 0 }, totals,
  };
  return storeStrategy(db, strategy, { targeting: req.targeting, credit: req.credit, sample, targetingCuts, creditCuts, value });
}

function strategyValue(v: Partial<StrategyValue> | undefined): StrategyValue {
  const value = { ...DEFAULT_STRATEGY_VALUE, ...v };
  for (const [k, x] of Object.entries(value)) if (!Number.isFinite(x) || x < 0) throw new AppError('INVALID_ARGUMENT', `${k} must be a number ≥ 0; got ${x}.`, { expected: 'a number ≥ 0', got: String(x) });
  return value;
}

function scoreAxis(id: number, card: Scorecard, cuts: number[]): ScoreAxis {
  return { scorecardId: id, modelId: card.modelId, modelName: card.modelName, purpose: card.purpose, orientation: card.scaling.orientation, cuts, labels: bandLabels(cuts) };
}

/** Which side of a cut-off passes: the low-risk side of a credit score, the likely-to-respond side of a targeting score. */
export function passingSide(card: Pick<Scorecard, 'purpose' | 'scaling'>): 'above' | 'below' {
  const eventRises = card.scaling.orientation === 'higher-is-riskier';
  return (card.purpose === 'credit') !== eventRises ? 'above' : 'below';
}

/**
 * A one-card strategy: bid (or approve) where the score is on the passing side of a cut-off,
 * no bid elsewhere — two bands of the card's axis; the other axis is absent. Figures per band
 * on one sample of the card's population: a credit card's bad rate (its expected value counts
 * every row as an applicant), a targeting card's response rate. Stored and audited like a matrix.
 */
export function buildCutoffStrategy(db: Database, req: CutoffStrategyRequest): { strategyId: number; strategy: Strategy } {
  const card = loadScorecard(db, req.scorecard).body;
  if (!Number.isFinite(req.cutoff)) throw new AppError('INVALID_ARGUMENT', `The cut-off must be a number; got ${req.cutoff}.`, { option: 'cutoff', expected: 'a score, e.g. 560', got: String(req.cutoff) });
  const pass = passingSide(card);
  const passing = decision('bid', req.coefficient, 'The passing band');
  const value = strategyValue(req.value);
  const { scores, flags, codes, population } = scoreModelRows(db, card, loadModel(db, card.modelId));
  const { sample, code } = chooseSample(codes, population, req.sample, 'test-else-all');
  const keep: number[] = [];
  for (let i = 0; i < scores.length; i++) if (population[i] === 1 && (code < 0 || codes[i] === code)) keep.push(i);
  if (keep.length === 0) throw new AppError('INVALID_ARGUMENT', `No rows of the '${sample}' sample are in the model's population.`, { expected: 'rows to set the cut-off on' });
  const s = Float64Array.from(keep, (i) => scores[i]!), f = Uint8Array.from(keep, (i) => flags[i]!), unknown = new Uint8Array(keep.length).fill(255);
  const credit = card.purpose === 'credit';
  const cuts = [req.cutoff];
  const { cells, totals } = strategyMatrix({
    targeting: credit ? new Float64Array(keep.length) : s, credit: credit ? s : new Float64Array(keep.length),
    responded: credit ? unknown : f, bad: credit ? f : unknown, targetingCuts: credit ? [] : cuts, creditCuts: credit ? cuts : [], value, everyoneResponds: credit,
  });
  const passBand = pass === 'above' ? 1 : 0;
  for (const row of cells) for (const cell of row) cell.decision = (credit ? cell.c : cell.t) === passBand ? passing : { action: 'no-bid', coefficient: 0 };
  const axis = scoreAxis(req.scorecard, card, cuts);
  const strategy: Strategy = {
    schemaVersion: 1, kind: 'cutoff', name: req.name ?? `${card.modelName} ${pass === 'above' ? '≥' : '<'} ${req.cutoff}`, dataset: card.dataset, sample,
    targeting: credit ? null : axis, credit: credit ? axis : null, cutoff: { score: req.cutoff, pass }, value, cells,
    defaultDecision: { action: 'no-bid', coefficient: 0 }, totals,
  };
  return storeStrategy(db, strategy, { scorecard: req.scorecard, cutoff: req.cutoff, pass, sample, value });
}

function storeStrategy(db: Database, strategy: Strategy, audit: Record<string, unknown>): { strategyId: number; strategy: Strategy } {
  const createdAt = new Date().toISOString();
  let strategyId = 0;
  db.transaction(() => {
    strategyId = saveArtifact(db, { kind: STRATEGY, schemaVersion: 1, datasetId: getDataset(db, strategy.dataset).id, name: strategy.name, body: strategy, createdAt });
    appendAudit(db, 'strategy', { strategy: strategyId, name: strategy.name, kind: strategy.kind ?? 'matrix', ...audit }, createdAt);
  })();
  return { strategyId, strategy };
}

function decision(action: string, coefficient: number | undefined, where: string): CellDecision {
  if (action === 'no-bid') return { action, coefficient: 0 };
  if (action !== 'bid') throw new AppError('INVALID_ARGUMENT', `${where}: the decision must be 'bid' or 'no-bid'; got '${action}'.`, { expected: 'bid | no-bid', got: action });
  const k = coefficient ?? 1;
  if (!(k >= MIN_BID_COEFFICIENT && k <= MAX_BID_COEFFICIENT)) throw new AppError('INVALID_ARGUMENT', `${where}: a bid coefficient must be from ${MIN_BID_COEFFICIENT} to ${MAX_BID_COEFFICIENT}; got ${k}.`, { expected: `${MIN_BID_COEFFICIENT}–${MAX_BID_COEFFICIENT}`, got: String(k) });
  return { action, coefficient: k };
}

/** Sets cells' decisions (and the default for users the service cannot score); all edits or none, audited. */
export function decideStrategy(db: Database, req: DecideRequest): Strategy {
  const { strategy } = loadStrategy(db, req.strategy);
  const next: Strategy = { ...strategy, cells: strategy.cells.map((row) => row.map((cell) => ({ ...cell }))) };
  for (const e of req.cells ?? []) {
    const cell = next.cells[e.t]?.[e.c];
    if (!cell) throw new AppError('INVALID_ARGUMENT', `Cell (${e.t}, ${e.c}) is outside the ${next.cells.length} × ${next.cells[0]!.length} matrix.`, { expected: `t < ${next.cells.length}, c < ${next.cells[0]!.length}`, got: `${e.t},${e.c}` });
    cell.decision = decision(e.action, e.coefficient, `Cell (${e.t}, ${e.c})`);
  }
  if (req.defaultDecision) next.defaultDecision = decision(req.defaultDecision.action, req.defaultDecision.coefficient, 'The default decision');
  db.transaction(() => {
    updateArtifactBody(db, req.strategy, next);
    appendAudit(db, 'strategy.decide', { strategy: req.strategy, cells: req.cells ?? [], defaultDecision: req.defaultDecision ?? null });
  })();
  return next;
}

export function listStrategies(db: Database): { id: number; name: string; dataset: string; kind: 'matrix' | 'cutoff'; createdAt: string }[] {
  return listArtifactsOfKind(db, STRATEGY).map((a) => {
    const s = findArtifactById<Strategy>(db, a.id)!.body;
    return { id: a.id, name: a.name, dataset: s.dataset, kind: s.kind ?? 'matrix', createdAt: a.createdAt };
  });
}

export interface TiersRequest {
  scorecard: number;
  sample?: string;
  /** Shares of the high- and mid-intent tiers (default 0.2, 0.3). */
  shares?: [number, number];
}

/** Stock-customer tiers (high / mid / low intent) by a targeting scorecard's score. */
export function intentTiersReport(db: Database, req: TiersRequest): { scorecard: number; sample: string; rows: number; tiers: IntentTier[] } {
  const card = loadScorecard(db, req.scorecard).body;
  if (card.purpose !== 'targeting') throw new AppError('INVALID_ARGUMENT', `Scorecard ${req.scorecard} is of a ${card.purpose} model; intent tiers need a targeting model's scorecard.`, { expected: 'a targeting scorecard', got: card.purpose });
  const shares = req.shares ?? [0.2, 0.3];
  if (!(shares[0] > 0 && shares[1] > 0 && shares[0] + shares[1] < 1)) throw new AppError('INVALID_ARGUMENT', `Tier shares must be positive and add up to less than 1; got ${shares.join(', ')}.`, { expected: 'e.g. 0.2,0.3', got: shares.join(',') });
  const { scores, flags, codes, population } = scoreModelRows(db, card, loadModel(db, card.modelId));
  const { sample, code } = chooseSample(codes, population, req.sample, 'all');
  const s: number[] = [], r: number[] = [];
  for (let i = 0; i < scores.length; i++) if (population[i] === 1 && (code < 0 || codes[i] === code)) { s.push(scores[i]!); r.push(flags[i]!); }
  return { scorecard: req.scorecard, sample, rows: s.length, tiers: intentTiers(s, r, { eventRisesWithScore: card.scaling.orientation === 'higher-is-riskier', shares }) };
}
