import type { InferenceBand, InferenceReport } from '../../types/inference';
import { psi, quantileCuts, bandOf } from '../metrics/psi';

/** Every through-the-door row: whether its outcome is known (then its label), its weight, and both models' probabilities. */
export interface ReportRows {
  known: Uint8Array;
  labels: Uint8Array;
  weight: Float64Array | null;
  kgb: Float64Array;
  inferred: Float64Array;
}

/**
 * How the inferred model differs from the known-good-bad one on the through-the-door rows: the
 * mean predicted bad rate of each on the known and on the unlabelled rows (weighted), the PSI
 * between their probabilities, and by bands of the inferred score the known rows' observed bad
 * rate beside each model's predicted rate for the unlabelled rows.
 */
export function compareModels(r: ReportRows, bands = 10): Pick<InferenceReport, 'known' | 'unlabelled' | 'psi' | 'bands'> {
  const w = (i: number) => (r.weight ? r.weight[i]! : 1);
  const cuts = quantileCuts(r.inferred, bands);
  const n = cuts.length + 1;
  const acc = Array.from({ length: n }, () => ({ kw: 0, kb: 0, kn: 0, uw: 0, un: 0, ukgb: 0, uinf: 0 }));
  const known = { rows: 0, w: 0, observed: 0, kgb: 0, inferred: 0 }, un = { rows: 0, w: 0, kgb: 0, inferred: 0 };
  for (let i = 0; i < r.known.length; i++) {
    const b = acc[bandOf(r.inferred[i]!, cuts)]!, wi = w(i);
    if (r.known[i] === 1) {
      known.rows++; known.w += wi; known.observed += wi * r.labels[i]!; known.kgb += wi * r.kgb[i]!; known.inferred += wi * r.inferred[i]!;
      b.kn++; b.kw += wi; b.kb += wi * r.labels[i]!;
    } else {
      un.rows++; un.w += wi; un.kgb += wi * r.kgb[i]!; un.inferred += wi * r.inferred[i]!;
      b.un++; b.uw += wi; b.ukgb += wi * r.kgb[i]!; b.uinf += wi * r.inferred[i]!;
    }
  }
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
  const out: InferenceBand[] = acc.map((b, k) => ({
    lower: k === 0 ? 0 : cuts[k - 1]!, upper: k < cuts.length ? cuts[k]! : 1,
    known: b.kn, knownBadRate: ratio(b.kb, b.kw), unlabelled: b.un, kgbRate: ratio(b.ukgb, b.uw), inferredRate: ratio(b.uinf, b.uw),
  }));
  return {
    known: { rows: known.rows, observed: ratio(known.observed, known.w) ?? 0, kgb: ratio(known.kgb, known.w) ?? 0, inferred: ratio(known.inferred, known.w) ?? 0 },
    unlabelled: { rows: un.rows, kgb: ratio(un.kgb, un.w) ?? 0, inferred: ratio(un.inferred, un.w) ?? 0 },
    psi: psi(r.kgb, r.inferred).psi,
    bands: out,
  };
}
