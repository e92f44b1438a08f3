import type { Database } from 'better-sqlite3';
import { findArtifactById } from '../../data/store/artifacts';
import { SAMPLES } from '../../models/sample/assign-samples';
import { cutoffTable, type CutoffRow } from '../../models/strategy/cutoff-table';
import { AppError } from '../../types/errors';
import type { Scorecard } from '../../types/scorecard';
import { SCORECARD, scoreModelRows } from './build-scorecard';
import { loadModel } from './evaluate-model';

export interface CutoffRequest {
  scorecard: number;
  /** train, test, oot or all (default: test when there is one, else all). */
  sample?: string;
  step?: number;
}

export interface CutoffResult {
  scorecard: number;
  sample: string;
  rows: number;
  orientation: Scorecard['scaling']['orientation'];
  table: CutoffRow[];
}

/** Cut-off analysis of a stored scorecard on its model's dataset and population, on one sample. */
export function analyzeCutoffs(db: Database, req: CutoffRequest): CutoffResult {
  const a = findArtifactById<Scorecard>(db, req.scorecard);
  if (!a || a.kind !== SCORECARD) throw new AppError('NOT_FOUND', `The workspace has no scorecard ${req.scorecard}.`, { got: String(req.scorecard), expected: 'a scorecard id (jointscore scorecard)' });
  const card = a.body;
  const { scores, flags, codes, population } = scoreModelRows(db, card, loadModel(db, card.modelId));
  const has = (k: number) => codes.some((c, i) => c === k && population[i] === 1);
  const sample = req.sample ?? (has(1) ? 'test' : 'all');
  const k = (SAMPLES as readonly string[]).indexOf(sample);
  if (sample !== 'all' && (k < 0 || !has(k))) throw new AppError('INVALID_ARGUMENT', `The model's dataset has no '${sample}' sample in its population.`, { expected: 'train | test | oot | all', got: sample });
  const s: number[] = [], f: number[] = [];
  for (let i = 0; i < scores.length; i++) if (population[i] === 1 && (sample === 'all' || codes[i] === k)) { s.push(scores[i]!); f.push(flags[i]!); }
  const table = cutoffTable(s, f, { higherIsBetter: card.scaling.orientation === 'higher-is-better', ...(req.step ? { step: req.step } : {}) });
  return { scorecard: req.scorecard, sample, rows: s.length, orientation: card.scaling.orientation, table };
}
