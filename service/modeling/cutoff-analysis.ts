import type { Database } from 'better-sqlite3';
import { cutoffTable, type CutoffRow } from '../../models/strategy/cutoff-table';
import type { Scorecard } from '../../types/scorecard';
import { loadScorecard, scoreModelRows } from './build-scorecard';
import { chooseSample } from './model-inputs';
import { loadModel } from './evaluate-model';
import { passingSide } from './bid-strategy';

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
  /** The side of a cut-off that passes (is approved / bid on): above (score ≥ cut-off) or below (score < cut-off). */
  pass: 'above' | 'below';
  table: CutoffRow[];
}

/** Cut-off analysis of a stored scorecard on its model's dataset and population, on one sample. */
export function analyzeCutoffs(db: Database, req: CutoffRequest): CutoffResult {
  const card = loadScorecard(db, req.scorecard).body;
  const { scores, flags, codes, population } = scoreModelRows(db, card, loadModel(db, card.modelId));
  const { sample, code } = chooseSample(codes, population, req.sample, 'test-else-all');
  const s: number[] = [], f: number[] = [];
  for (let i = 0; i < scores.length; i++) if (population[i] === 1 && (code < 0 || codes[i] === code)) { s.push(scores[i]!); f.push(flags[i]!); }
  const pass = passingSide(card);
  const table = cutoffTable(s, f, { pass, ...(req.step ? { step: req.step } : {}) });
  return { scorecard: req.scorecard, sample, rows: s.length, orientation: card.scaling.orientation, pass, table };
}
