import { foldMask, stratifiedFolds } from '../sample/cv-folds';
import { selectRows } from '../features/encode';
import { fitLogistic } from './fit-logistic';
import { linearScores } from './linear-scores';
import { saidInEnglish } from '../../i18n/phrase-said';
import { said, type Said } from '../../types/said';

/** The L2 penalties (λ, on the log-likelihood: scikit-learn's C = 1/λ) cross-validation tries. */
export const L2_GRID = [0, 1, 4, 16, 64] as const;

/** A candidate input set, e.g. the variables with IV ≥ 0.02, or every variable that varies. */
export interface InputSet { label: string; names: string[] }

export interface PenaltyCandidate { inputs: string; features: number; l2: number; logLoss: number }

/** Why a logistic fit got its inputs and penalty: each candidate's held-out log-loss and the choice. */
export interface LogisticTuning {
  folds: number;
  rows: number;
  chosen: { inputs: string; l2: number };
  candidates: PenaltyCandidate[];
  /** Why, as a code and parameters; `reason` is the same in English. */
  said: Said;
  reason: string;
}

/**
 * Chooses among input sets and L2 penalties by stratified k-fold cross-validation on the training
 * rows only: every candidate is fitted on k − 1 folds and scored by the held-out log-loss of the
 * k-th; the lowest mean wins, and of candidates within 1e-4 per row of it the one with fewer
 * inputs and then the larger penalty (the simpler model). A candidate that cannot be fitted on some
 * fold (a constant column) is left out.
 */
export function tuneLogistic(sets: readonly InputSet[], columnOf: (name: string) => Float64Array, y: Uint8Array, k = 5, seed = 1, grid: readonly number[] = L2_GRID, weights: Float64Array | null = null): LogisticTuning {
  const folds = stratifiedFolds(y, null, k, seed);
  const splits = Array.from({ length: k }, (_, f) => ({ fit: foldMask(folds, f, false), held: foldMask(folds, f, true) }));
  const yOf = (mask: Uint8Array) => Uint8Array.from(selectRows([Float64Array.from(y)], mask)[0]!);
  // Weighted rows: each fold fitted with its rows' weights, and the held-out log-loss a weighted mean.
  const wOf = (mask: Uint8Array) => (weights ? selectRows([weights], mask)[0]! : null);
  const candidates: PenaltyCandidate[] = [];
  for (const set of sets) {
    const cols = set.names.map(columnOf);
    for (const l2 of grid) {
      let loss = 0, rows = 0, ok = true;
      for (const s of splits) {
        try {
          const wf = wOf(s.fit);
          const fit = fitLogistic(set.names, selectRows(cols, s.fit), yOf(s.fit), { l2, ...(wf ? { weights: wf } : {}) });
          const p = linearScores(fit.terms.map((t) => t.coefficient), selectRows(cols, s.held));
          const yh = yOf(s.held), wh = wOf(s.held);
          for (let i = 0; i < p.length; i++) {
            const q = Math.min(1 - 1e-12, Math.max(1e-12, p[i]!)), wi = wh ? wh[i]! : 1;
            loss -= wi * (yh[i] === 1 ? Math.log(q) : Math.log(1 - q));
            rows += wi;
          }
        } catch { ok = false; break; }
      }
      if (ok) candidates.push({ inputs: set.label, features: set.names.length, l2, logLoss: loss / rows });
    }
  }
  if (candidates.length === 0) {
    const none = said('tune.penaltyNone');
    return { folds: k, rows: y.length, chosen: { inputs: sets[0]!.label, l2: 0 }, candidates, said: none, reason: saidInEnglish(none) };
  }
  const best = Math.min(...candidates.map((c) => c.logLoss));
  const chosen = candidates.filter((c) => c.logLoss <= best + 1e-4).sort((a, b) => a.features - b.features || b.l2 - a.l2)[0]!;
  const why = said('tune.penalty', { folds: k, rows: y.length, loss: chosen.logLoss.toFixed(5), best: best.toFixed(5) });
  return { folds: k, rows: y.length, chosen: { inputs: chosen.inputs, l2: chosen.l2 }, candidates, said: why, reason: saidInEnglish(why) };
}
