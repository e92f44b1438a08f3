import { BINS } from './histogram';
import { MISSING_BIN } from './quantize';

/** What a split needs to know about the growing rules. */
export interface SplitRules {
  l2: number;
  minSamplesLeaf: number;
  minHessian: number;
  /** Per feature: +1 the prediction never falls as the value rises, −1 never rises, 0 free. */
  monotone: readonly number[];
  /** Per feature: split by sets of categories (bin = category index). */
  categorical: readonly boolean[];
  /** Per feature: how many value bins it has (numeric thresholds + 1, or categories). */
  valueBins: readonly number[];
}

/** The best split of a node: a numeric threshold (bins ≤ `bin` go left) or a set of categories going left; missing values go `missingLeft`. */
export interface Split {
  feature: number;
  gain: number;
  bin: number;
  /** Categorical splits: the bins (categories, or 255 for missing) that go left. */
  leftSet: Uint8Array | null;
  missingLeft: boolean;
  left: { g: number; h: number; n: number; value: number };
  right: { g: number; h: number; n: number; value: number };
}

/** The objective a leaf of value v removes: −(2 G v + (H + λ) v²) (= G² / (H + λ) at its optimum v = −G / (H + λ)). */
const score = (G: number, H: number, v: number, l2: number) => -(2 * G * v + (H + l2) * v * v);
const clamp = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);

/** The value of a leaf, within the bounds monotone constraints put on it. */
export function leafValue(G: number, H: number, l2: number, lo: number, hi: number): number {
  return clamp(-G / (H + l2), lo, hi);
}

/**
 * The best split of a node from its histogram, over the given features: every threshold of a
 * numeric feature with missing values sent left and right, and for a categorical feature the
 * prefixes of its categories ordered by G / (H + 10) (as LightGBM and scikit-learn do). A split
 * leaving fewer than `minSamplesLeaf` rows or `minHessian` on a side, or breaking a feature's
 * monotone constraint, is not considered. Null when no split gains.
 */
export function findBestSplit(hist: Float64Array, G: number, H: number, N: number, features: readonly number[], rules: SplitRules, lo: number, hi: number): Split | null {
  const parentValue = leafValue(G, H, rules.l2, lo, hi);
  const parent = score(G, H, parentValue, rules.l2);
  let best: Split | null = null;
  let bestGain = -Infinity;
  const l2 = rules.l2;
  // Without bounds the unconstrained gain is exact and cheap: only a candidate that beats the best is looked at closely.
  const free = lo === -Infinity && hi === Infinity;
  const consider = (feature: number, bin: number, leftSet: Uint8Array | null, missingLeft: boolean, gl: number, hl: number, nl: number) => {
    const gr = G - gl, hr = H - hl, nr = N - nl;
    if (nl < rules.minSamplesLeaf || nr < rules.minSamplesLeaf || hl < rules.minHessian || hr < rules.minHessian) return;
    if (free && best && (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parent <= best.gain) return;
    const vl = leafValue(gl, hl, rules.l2, lo, hi), vr = leafValue(gr, hr, rules.l2, lo, hi);
    const c = rules.monotone[feature] ?? 0;
    if ((c > 0 && vl > vr) || (c < 0 && vl < vr)) return;
    const gain = score(gl, hl, vl, rules.l2) + score(gr, hr, vr, rules.l2) - parent;
    if (gain > 1e-12 && (!best || gain > best.gain)) {
      best = { feature, gain, bin, leftSet, missingLeft, left: { g: gl, h: hl, n: nl, value: vl }, right: { g: gr, h: hr, n: nr, value: vr } };
      bestGain = gain;
    }
  };
  const minLeaf = rules.minSamplesLeaf, minH = rules.minHessian;
  // The cheap checks inline (most thresholds fail them): sizes, then — without bounds — the exact unconstrained gain against the best.
  const worth = (gl: number, hl: number, nl: number) => {
    const hr = H - hl, nr = N - nl;
    if (nl < minLeaf || nr < minLeaf || hl < minH || hr < minH) return false;
    if (!free) return true;
    const gr = G - gl;
    return (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parent > bestGain;
  };
  for (const f of features) {
    const base = f * BINS * 3;
    const m = base + MISSING_BIN * 3;
    const gm = hist[m]!, hm = hist[m + 1]!, nm = hist[m + 2]!;
    if (rules.categorical[f]) { categoricalSplits(hist, base, f, rules.valueBins[f]!, N / H, consider); continue; }
    let gl = 0, hl = 0, nl = 0;
    const last = rules.valueBins[f]! - 1;
    for (let b = 0; b < last; b++) {
      const k = base + b * 3;
      const nb = hist[k + 2]!;
      // An empty bin repeats the previous threshold's split.
      if (nb === 0) continue;
      gl += hist[k]!; hl += hist[k + 1]!; nl += nb;
      if (worth(gl, hl, nl)) consider(f, b, null, false, gl, hl, nl);
      if (nm > 0 && worth(gl + gm, hl + hm, nl + nm)) consider(f, b, null, true, gl + gm, hl + hm, nl + nm);
    }
    // Missing alone on one side: every value left, missing right.
    if (nm > 0) consider(f, last, null, false, G - gm, H - hm, N - nm);
  }
  return best;
}

/** Below this hessian support (in rows) a category takes no part in the ordering and always goes right (scikit-learn's MIN_CAT_SUPPORT, LightGBM's cat_smooth). */
const MIN_CAT_SUPPORT = 10;

/**
 * Prefixes of a categorical feature's categories (missing as one more) ordered by G / (H + 10),
 * from either end up to the middle, as scikit-learn scans them: categories with too little support
 * are left out of the order and go right with the larger side.
 */
function categoricalSplits(hist: Float64Array, base: number, f: number, categories: number, support: number, consider: (f: number, bin: number, set: Uint8Array, missingLeft: boolean, gl: number, hl: number, nl: number) => void): void {
  const used: number[] = [];
  for (const c of [...Array.from({ length: categories }, (_, k) => k), MISSING_BIN]) if (hist[base + c * 3 + 2]! > 0 && hist[base + c * 3 + 1]! * support >= MIN_CAT_SUPPORT) used.push(c);
  if (used.length < 2) return;
  const ratio = (c: number) => hist[base + c * 3]! / (hist[base + c * 3 + 1]! + MIN_CAT_SUPPORT);
  const order = used.sort((a, b) => ratio(a) - ratio(b) || a - b);
  const half = (order.length + 1) >> 1;
  for (const [seq, middle] of [[order, half], [[...order].reverse(), half - 1]] as const) {
    let gl = 0, hl = 0, nl = 0;
    const set = new Uint8Array(BINS);
    for (let k = 0; k < middle; k++) {
      const c = seq[k]!;
      gl += hist[base + c * 3]!; hl += hist[base + c * 3 + 1]!; nl += hist[base + c * 3 + 2]!;
      set[c] = 1;
      consider(f, -1, set.slice(), set[MISSING_BIN] === 1, gl, hl, nl);
    }
  }
}
