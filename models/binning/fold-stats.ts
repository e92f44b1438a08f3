import type { BinningOptions } from '../../types/binning';
import { categoricalStats, numericStats, type CategoricalStats, type Counts, type NumericStats, type VariableStats } from './variable-stats';
import type { VariableInput } from './bin-variable';

/** A fold of cross-validation as binning sees it: the statistics of the rows fitted on and of the rows held out. */
export interface FoldStats { fit: VariableStats; held: VariableStats }

/** Merges sorted arrays into one sorted array (pairwise, O(n log k)). */
function mergeSorted(parts: Float64Array[]): Float64Array {
  let xs = parts;
  while (xs.length > 1) {
    const next: Float64Array[] = [];
    for (let i = 0; i < xs.length; i += 2) {
      const a = xs[i]!, b = xs[i + 1];
      if (!b) { next.push(a); continue; }
      const out = new Float64Array(a.length + b.length);
      let p = 0, q = 0, r = 0;
      while (p < a.length && q < b.length) out[r++] = a[p]! <= b[q]! ? a[p++]! : b[q++]!;
      while (p < a.length) out[r++] = a[p++]!;
      while (q < b.length) out[r++] = b[q++]!;
      next.push(out);
    }
    xs = next;
  }
  return xs[0] ?? new Float64Array(0);
}

const sum = (cs: readonly Counts[]): Counts => cs.reduce((t, c) => ({ events: t.events + c.events, nonEvents: t.nonEvents + c.nonEvents }), { events: 0, nonEvents: 0 });

function numericFolds(parts: NumericStats[]): FoldStats[] {
  return parts.map((held, f) => {
    const others = parts.filter((_, g) => g !== f);
    const missing = sum(others.map((o) => o.missing));
    const specials = held.specials.map((sp, i) => ({ value: sp.value, ...sum(others.map((o) => o.specials[i]!)) }));
    const fit: NumericStats = {
      kind: 'numeric', eventValues: mergeSorted(others.map((o) => o.eventValues)), nonEventValues: mergeSorted(others.map((o) => o.nonEventValues)), missing, specials,
      totalEvents: others.reduce((t, o) => t + o.totalEvents, 0), totalNonEvents: others.reduce((t, o) => t + o.totalNonEvents, 0),
    };
    return { fit, held };
  });
}

function categoricalFolds(parts: CategoricalStats[]): FoldStats[] {
  return parts.map((held, f) => {
    const others = parts.filter((_, g) => g !== f);
    const byValue = new Map<string, Counts>();
    for (const o of others) for (const c of o.categories) { const t = byValue.get(c.value) ?? { events: 0, nonEvents: 0 }; t.events += c.events; t.nonEvents += c.nonEvents; byValue.set(c.value, t); }
    const fit: CategoricalStats = {
      kind: 'categorical', categories: [...byValue].map(([value, c]) => ({ value, ...c })), missing: sum(others.map((o) => o.missing)),
      totalEvents: others.reduce((t, o) => t + o.totalEvents, 0), totalNonEvents: others.reduce((t, o) => t + o.totalNonEvents, 0),
    };
    return { fit, held };
  });
}

/**
 * Every fold's fitting and held-out statistics, from one pass per fold over the fold rows: each
 * fold's values are sorted once (by outcome), and the fitting side of a fold is the merge of the
 * others — never a re-sort of four fifths of the rows per fold.
 */
export function foldStats(v: VariableInput, folds: Uint8Array, options: Pick<BinningOptions, 'cvFolds' | 'special'>): FoldStats[] {
  const k = options.cvFolds;
  if (v.weights) return weightedFoldStats(v, folds, k, options.special);
  // The fold rows alone, copied out once: every fold's pass then reads only them.
  let n = 0;
  for (let i = 0; i < folds.length; i++) if (folds[i]! < k) n++;
  const at = new Int32Array(n);
  for (let i = 0, j = 0; i < folds.length; i++) if (folds[i]! < k) at[j++] = i;
  const flags = new Uint8Array(n);
  const masks = Array.from({ length: k }, () => new Uint8Array(n));
  for (let j = 0; j < n; j++) { const i = at[j]!; flags[j] = v.flags[i]!; masks[folds[i]!]![j] = 1; }
  const col = v.column;
  if (col.kind === 'f64') {
    const values = new Float64Array(n);
    for (let j = 0; j < n; j++) values[j] = col.values[at[j]!]!;
    return numericFolds(masks.map((m) => numericStats(values, flags, m, options.special)));
  }
  const codes = new Int32Array(n);
  for (let j = 0; j < n; j++) codes[j] = col.codes[at[j]!]!;
  return categoricalFolds(masks.map((m) => categoricalStats(codes, col.dictionary, flags, m)));
}

/** Weighted rows: each fold's two sides counted straight from the rows (the fold rows are few; no merge of weights needed). */
function weightedFoldStats(v: VariableInput, folds: Uint8Array, k: number, special: readonly number[]): FoldStats[] {
  const col = v.column;
  const stats = (mask: Uint8Array): VariableStats => (col.kind === 'f64'
    ? numericStats(col.values, v.flags, mask, special, v.weights)
    : categoricalStats(col.codes, col.dictionary, v.flags, mask, v.weights));
  return Array.from({ length: k }, (_, f) => ({
    fit: stats(Uint8Array.from(folds, (g) => (g < k && g !== f ? 1 : 0))),
    held: stats(Uint8Array.from(folds, (g) => (g === f ? 1 : 0))),
  }));
}
