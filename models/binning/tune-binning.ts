import type { BinningOptions, TuningCandidate, VariableTuning } from '../../types/binning';
import { partition, segmentsOf } from './fit-binning';
import { fineClasses, type FineClasses } from './prebin';
import type { FoldStats } from './fold-stats';
import type { Trend } from './segments';
import { numericBinCounts, type Counts, type VariableStats } from './variable-stats';
import { saidInEnglish } from '../../i18n/phrase-said';
import { said } from '../../types/said';

/** Shares of rows a bin must hold that cross-validation tries when the share is tuned. */
export const TUNED_MIN_BIN_SHARES = [0.05, 0.02] as const;
/** A tuned share never makes bins smaller than this many rows (the export's default privacy threshold). */
export const MIN_TUNED_BIN_ROWS = 20;
const NUMERIC_TRENDS: Trend[] = ['ascending', 'descending', 'peak', 'valley', 'none'];
/** Simpler shapes first: a monotonic trend is easier to defend than a peak, a peak than none. */
const TREND_COMPLEXITY: Record<Trend, number> = { ascending: 0, descending: 0, peak: 1, valley: 1, none: 2 };

/**
 * Rows counted by a fold's fine classes, its missing values and each special value; `other`: held-out
 * rows no fine class holds (a category unseen when fitting), scored at the overall rate.
 */
export interface FoldCounts { regular: Counts[]; missing: Counts; specials: Counts[]; other?: Counts }

interface Candidate { trend: Trend; minBinShare: number }

function candidatesFor(kind: VariableStats['kind'], o: BinningOptions, rows: number): Candidate[] {
  const trends: Trend[] = kind === 'categorical' ? ['none'] : o.tune.includes('monotonic') ? NUMERIC_TRENDS : o.monotonic === 'auto' ? ['ascending', 'descending'] : [o.monotonic];
  const shares = o.tune.includes('minBinShare') ? TUNED_MIN_BIN_SHARES.filter((x, k) => k === 0 || x * rows >= MIN_TUNED_BIN_ROWS) : [o.minBinShare];
  return trends.flatMap((trend) => shares.map((minBinShare) => ({ trend, minBinShare })));
}

const add = (a: Counts, b: Counts): Counts => ({ events: a.events + b.events, nonEvents: a.nonEvents + b.nonEvents });
const total = (cs: readonly Counts[]) => cs.reduce(add, { events: 0, nonEvents: 0 });

/**
 * A fold as counts: fine classes fitted on its fitting rows alone (prebinning inside the
 * cross-validation loop, so held-out rows never shape a cut), then both sides counted by them.
 */
export function foldCounts(fold: FoldStats, o: BinningOptions): { fine: FineClasses; fit: FoldCounts; held: FoldCounts } {
  const fine = fineClasses(fold.fit, o.maxPrebins, o.rareCategoryShare);
  const fit: FoldCounts = { regular: fine.counts, missing: fold.fit.missing, specials: fold.fit.kind === 'numeric' ? fold.fit.specials : [] };
  const h = fold.held;
  let held: FoldCounts;
  if (h.kind === 'numeric') {
    held = { regular: numericBinCounts(h, fine.cuts ?? []), missing: h.missing, specials: h.specials };
  } else {
    const groupOf = new Map<string, number>();
    (fine.groups ?? []).forEach((g, k) => { for (const value of g) groupOf.set(value, k); });
    const regular = fine.counts.map(() => ({ events: 0, nonEvents: 0 }));
    const other = { events: 0, nonEvents: 0 };
    for (const c of h.categories) { const k = groupOf.get(c.value); const t = k === undefined ? other : regular[k]!; t.events += c.events; t.nonEvents += c.nonEvents; }
    held = { regular, missing: h.missing, specials: [], other };
  }
  return { fine, fit, held };
}

/**
 * The log-likelihood of held-out counts under the event rates the fitted bins (runs of fine classes
 * starting at `starts`, then missing and each special value) have on the fitting counts, each rate
 * shrunk by one pseudo-row at the overall rate (so an empty or pure bin never predicts 0 or 1).
 */
export function heldOutLogLikelihood(fit: FoldCounts, held: FoldCounts, starts: readonly number[]): number {
  const groups = (x: FoldCounts) => [...starts.map((s, k) => total(x.regular.slice(s, k + 1 < starts.length ? starts[k + 1] : x.regular.length))), x.missing, ...x.specials];
  const a = groups(fit), b = groups(held);
  const all = total(a);
  const prior = (all.events + 0.5) / (all.events + all.nonEvents + 1);
  const ll = (c: Counts, p: number) => c.events * Math.log(p) + c.nonEvents * Math.log(1 - p);
  let sumLl = held.other ? ll(held.other, prior) : 0;
  a.forEach((g, k) => { sumLl += ll(b[k]!, (g.events + prior) / (g.events + g.nonEvents + 1)); });
  return sumLl;
}

/**
 * Chooses a variable's tuned settings (trend, minimum bin share — never one that allows bins of
 * fewer than 20 rows) by k-fold cross-validation: for each candidate, bins fitted on k − 1 folds
 * (fine classes included) are scored by the held-out log-likelihood of the k-th; the lowest mean
 * held-out log-loss wins, and of candidates within a hair of it (1e-4 per row) the simplest
 * (monotonic before peak/valley before none; the larger share).
 */
export function tuneBinning(folds: readonly FoldStats[], o: BinningOptions): { options: BinningOptions; tuning: VariableTuning } {
  const k = folds.length;
  const pairs = folds.map((fold) => ({ ...foldCounts(fold, o), stats: fold.fit }));
  const size = (x: FoldCounts) => add(add(add(total(x.regular), x.missing), total(x.specials)), x.other ?? { events: 0, nonEvents: 0 });
  const rows = pairs.reduce((t, p) => { const c = size(p.held); return t + c.events + c.nonEvents; }, 0);
  const kind = folds[0]!.fit.kind;
  const scored: TuningCandidate[] = candidatesFor(kind, o, rows).map((c) => {
    const options = { ...o, monotonic: c.trend, minBinShare: c.minBinShare };
    let ll = 0, bins = 0;
    for (const p of pairs) {
      const t = size(p.fit);
      const seg = segmentsOf(p.fit.regular, t.events, t.nonEvents, options);
      const starts = seg.m === 0 ? [] : partition(seg, p.fine, p.stats, options, c.trend);
      ll += heldOutLogLikelihood(p.fit, p.held, starts.length ? starts : seg.m ? [0] : []);
      bins += Math.max(1, starts.length);
    }
    return { trend: c.trend, minBinShare: c.minBinShare, logLoss: rows > 0 ? -ll / rows : 0, bins: bins / k };
  });
  const best = Math.min(...scored.map((c) => c.logLoss));
  const complexity = (c: TuningCandidate) => TREND_COMPLEXITY[c.trend] * 2 + (c.minBinShare < 0.05 ? 1 : 0);
  const chosen = scored.filter((c) => c.logLoss <= best + 1e-4).sort((x, y) => complexity(x) - complexity(y) || x.logLoss - y.logLoss)[0]!;
  const runnerUp = scored.filter((c) => c !== chosen).sort((x, y) => x.logLoss - y.logLoss)[0];
  const why = !runnerUp ? said('tune.binOnly', { loss: chosen.logLoss.toFixed(5) })
    : said(kind === 'categorical' ? 'tune.binNextShare' : 'tune.binNext', { loss: chosen.logLoss.toFixed(5), folds: k, rows, trend: runnerUp.trend, share: runnerUp.minBinShare, next: runnerUp.logLoss.toFixed(5) });
  const reason = saidInEnglish(why);
  return {
    options: { ...o, monotonic: chosen.trend, minBinShare: chosen.minBinShare },
    tuning: { folds: k, rows, chosen: { trend: chosen.trend, minBinShare: chosen.minBinShare }, candidates: scored, said: why, reason },
  };
}
