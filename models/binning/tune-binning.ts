import type { BinSpec, BinningOptions, TuningCandidate, VariableTuning } from '../../types/binning';
import { binningTable } from './binning-table';
import { fitBinning } from './fit-binning';
import type { Trend } from './segments';
import type { VariableStats } from './variable-stats';

/** Shares of rows a bin must hold that cross-validation tries when the share is tuned. */
export const TUNED_MIN_BIN_SHARES = [0.05, 0.02] as const;
const NUMERIC_TRENDS: Trend[] = ['ascending', 'descending', 'peak', 'valley', 'none'];
/** Simpler shapes first: a monotonic trend is easier to defend than a peak, a peak than none. */
const TREND_COMPLEXITY: Record<Trend, number> = { ascending: 0, descending: 0, peak: 1, valley: 1, none: 2 };

/** The statistics of a variable on the rows of a mask (a fold, or every other fold). */
export type StatsOnRows = (mask: Uint8Array) => VariableStats;

interface Candidate { trend: Trend; minBinShare: number }

/** A tuned share never makes bins smaller than this many rows (the export's default privacy threshold). */
export const MIN_TUNED_BIN_ROWS = 20;

function candidatesFor(kind: VariableStats['kind'], o: BinningOptions, rows: number): Candidate[] {
  const trends: Trend[] = kind === 'categorical' ? ['none'] : o.tune.includes('monotonic') ? NUMERIC_TRENDS : o.monotonic === 'auto' ? ['ascending', 'descending'] : [o.monotonic];
  const shares = o.tune.includes('minBinShare') ? TUNED_MIN_BIN_SHARES.filter((x, k) => k === 0 || x * rows >= MIN_TUNED_BIN_ROWS) : [o.minBinShare];
  return trends.flatMap((trend) => shares.map((minBinShare) => ({ trend, minBinShare })));
}

/**
 * The log-likelihood of the held-out rows under the event rates the bins of `spec` have on the
 * fitting rows, each rate shrunk by one pseudo-row at the overall rate (so an empty or pure bin
 * never predicts 0 or 1). Held-out values no bin holds (an unseen category) get the overall rate.
 */
export function heldOutLogLikelihood(fit: VariableStats, held: VariableStats, spec: BinSpec): number {
  const a = binningTable(fit, spec), b = binningTable(held, spec);
  const prior = a.totals.count > 0 ? (a.totals.events + 0.5) / (a.totals.count + 1) : 0.5;
  const ll = (events: number, nonEvents: number, p: number) => events * Math.log(p) + nonEvents * Math.log(1 - p);
  let total = 0, events = 0, nonEvents = 0;
  a.bins.forEach((bin, k) => {
    const h = b.bins[k]!;
    total += ll(h.events, h.nonEvents, (bin.events + prior) / (bin.count + 1));
    events += h.events; nonEvents += h.nonEvents;
  });
  return total + ll(b.totals.events - events, b.totals.nonEvents - nonEvents, prior);
}

/**
 * Chooses a variable's tuned settings (trend, minimum bin share — never one that allows bins of
 * fewer than 20 rows) by k-fold cross-validation: for
 * each candidate, bins fitted on k − 1 folds are scored by the held-out log-likelihood of the k-th;
 * the candidate with the lowest mean held-out log-loss wins, and of candidates within a hair of
 * it (1e-4 per row) the simplest (monotonic before peak/valley before none; the larger share).
 * Returns the options to fit the variable with on the whole sample and the evidence.
 */
export function tuneBinning(statsOn: StatsOnRows, folds: Uint8Array, kind: VariableStats['kind'], o: BinningOptions): { options: BinningOptions; tuning: VariableTuning } {
  const k = o.cvFolds;
  const pairs = Array.from({ length: k }, (_, f) => ({
    fit: statsOn(Uint8Array.from(folds, (x) => (x < k && x !== f ? 1 : 0))),
    held: statsOn(Uint8Array.from(folds, (x) => (x === f ? 1 : 0))),
  }));
  const rows = pairs.reduce((t, p) => t + p.held.totalEvents + p.held.totalNonEvents, 0);
  const scored: TuningCandidate[] = candidatesFor(kind, o, rows).map((c) => {
    const options = { ...o, monotonic: c.trend, minBinShare: c.minBinShare };
    let ll = 0, bins = 0;
    for (const p of pairs) {
      const spec = fitBinning(p.fit, options).spec;
      ll += heldOutLogLikelihood(p.fit, p.held, spec);
      bins += spec.kind === 'numeric' ? spec.cuts.length + 1 : spec.groups.length;
    }
    return { trend: c.trend, minBinShare: c.minBinShare, logLoss: rows > 0 ? -ll / rows : 0, bins: bins / k };
  });
  const best = Math.min(...scored.map((c) => c.logLoss));
  const complexity = (c: TuningCandidate) => TREND_COMPLEXITY[c.trend] * 2 + (c.minBinShare < 0.05 ? 1 : 0);
  const chosen = scored.filter((c) => c.logLoss <= best + 1e-4).sort((x, y) => complexity(x) - complexity(y) || x.logLoss - y.logLoss)[0]!;
  const runnerUp = scored.filter((c) => c !== chosen).sort((x, y) => x.logLoss - y.logLoss)[0];
  const reason = runnerUp
    ? `held-out log-loss ${chosen.logLoss.toFixed(5)} over ${k} folds of ${rows} rows; next best ${runnerUp.trend}, share ${runnerUp.minBinShare}: ${runnerUp.logLoss.toFixed(5)}`
    : `the only candidate (held-out log-loss ${chosen.logLoss.toFixed(5)})`;
  return {
    options: { ...o, monotonic: chosen.trend, minBinShare: chosen.minBinShare },
    tuning: { folds: k, rows, chosen: { trend: chosen.trend, minBinShare: chosen.minBinShare }, candidates: scored, reason },
  };
}
