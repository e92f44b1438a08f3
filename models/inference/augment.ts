import type { InferenceMethod, InferenceReport } from '../../types/inference';
import { mulberry32 } from '../stats/random';

export interface InferenceOptions {
  method: InferenceMethod;
  /** How much more often an unlabelled row goes bad than the known-good-bad model says (the event-rate increase); 1 = as it says. */
  factor: number;
  /** Hard cut-off: the inferred probability from which a row counts as bad; null = the one that infers as many bads as expected (Σp). */
  cutoff: number | null;
  /** Parceling: how many score bands (quantiles of the known-good-bad score over all rows). */
  bands: number;
  seed: number;
}

/**
 * Training rows after inference: each known row once with its outcome; each unlabelled row with
 * an inferred outcome — twice under fuzzy augmentation (bad with weight p, good with weight 1 − p;
 * the second copy counts no person). `row` is the dataset row.
 */
export interface AugmentedRows {
  row: Int32Array;
  flag: Uint8Array;
  weight: Float64Array;
  people: Uint8Array;
  inferred: Uint8Array;
}

/** What an inference decided: the cut-off used, or per parceling band its score range and rates. */
export interface InferenceDecision {
  cutoff: number | null;
  parcels: InferenceReport['parcels'];
  /** Unlabelled rows' inferred bads (weights under fuzzy augmentation) and rows. */
  inferredBads: number;
  unlabelled: number;
}

/** The unlabelled rows' inferred probability of the event: the model's, times the factor, capped below 1. */
export function raised(p: number, factor: number): number {
  return Math.min(0.999, Math.max(0, p * factor));
}

/**
 * Augments the known rows with the unlabelled ones by the method: `known`/`labels`/`knownWeight`
 * the labelled rows; `unlabelled`/`p`/`unlabelledWeight` the rows without an outcome and the
 * known-good-bad model's event probability for each.
 */
export function augment(
  known: { rows: Int32Array; labels: Uint8Array; weight: Float64Array; p: Float64Array },
  unlabelled: { rows: Int32Array; weight: Float64Array; p: Float64Array },
  o: InferenceOptions,
): { rows: AugmentedRows; decision: InferenceDecision } {
  const q = Float64Array.from(unlabelled.p, (x) => raised(x, o.factor));
  const decision: InferenceDecision = { cutoff: null, parcels: [], inferredBads: 0, unlabelled: unlabelled.rows.length };
  let flags: Uint8Array;
  if (o.method === 'fuzzy') return fuzzy(known, unlabelled, q, decision);
  if (o.method === 'hard-cutoff') {
    decision.cutoff = o.cutoff ?? expectedCutoff(q, unlabelled.weight);
    flags = Uint8Array.from(q, (x) => (x >= decision.cutoff! ? 1 : 0));
  } else {
    flags = parcel(known, unlabelled, o, decision);
  }
  flags.forEach((f, i) => { decision.inferredBads += f * unlabelled.weight[i]!; });
  const n = known.rows.length, u = unlabelled.rows.length;
  const rows: AugmentedRows = {
    row: concat(known.rows, unlabelled.rows), flag: concat(known.labels, flags), weight: concat(known.weight, unlabelled.weight),
    people: new Uint8Array(n + u).fill(1), inferred: Uint8Array.from({ length: n + u }, (_, i) => (i >= n ? 1 : 0)),
  };
  return { rows, decision };
}

function concat<T extends Int32Array | Uint8Array | Float64Array>(a: T, b: T): T {
  const out = new (a.constructor as new (n: number) => T)(a.length + b.length);
  out.set(a); out.set(b, a.length);
  return out;
}

/** Fuzzy augmentation: every unlabelled row as a bad weighted q and as a good weighted 1 − q (its weight times). */
function fuzzy(known: Parameters<typeof augment>[0], un: Parameters<typeof augment>[1], q: Float64Array, decision: InferenceDecision): { rows: AugmentedRows; decision: InferenceDecision } {
  const n = known.rows.length, u = un.rows.length;
  const rows: AugmentedRows = {
    row: new Int32Array(n + 2 * u), flag: new Uint8Array(n + 2 * u), weight: new Float64Array(n + 2 * u), people: new Uint8Array(n + 2 * u), inferred: new Uint8Array(n + 2 * u),
  };
  rows.row.set(known.rows); rows.flag.set(known.labels); rows.weight.set(known.weight); rows.people.fill(1, 0, n);
  for (let i = 0; i < u; i++) {
    const a = n + 2 * i, b = a + 1, w = un.weight[i]!;
    rows.row[a] = rows.row[b] = un.rows[i]!;
    rows.flag[a] = 1; rows.weight[a] = w * q[i]!; rows.people[a] = 1; rows.inferred[a] = 1;
    rows.flag[b] = 0; rows.weight[b] = w * (1 - q[i]!); rows.people[b] = 0; rows.inferred[b] = 1;
    decision.inferredBads += w * q[i]!;
  }
  return { rows, decision };
}

/** The cut-off that calls as many unlabelled rows bad as the probabilities expect: the top Σwq of weight. */
export function expectedCutoff(q: Float64Array, w: Float64Array): number {
  let expected = 0;
  for (let i = 0; i < q.length; i++) expected += w[i]! * q[i]!;
  const order = Array.from(q.keys()).sort((a, b) => q[b]! - q[a]!);
  let taken = 0;
  for (const i of order) {
    if (taken + w[i]! / 2 > expected) return q[i]! + 1e-12;
    taken += w[i]!;
  }
  return 0;
}

/**
 * Parceling: the rows in score bands (quantiles of the known-good-bad probability over known and
 * unlabelled rows together); in each band the known rows' bad rate times the factor is the share of
 * its unlabelled rows drawn (seeded, without replacement) as bads.
 */
function parcel(known: Parameters<typeof augment>[0], un: Parameters<typeof augment>[1], o: InferenceOptions, decision: InferenceDecision): Uint8Array {
  const all = Float64Array.from([...known.p, ...un.p]).sort();
  const edges = Array.from({ length: o.bands - 1 }, (_, k) => all[Math.floor(((k + 1) * all.length) / o.bands)]!);
  const bandOf = (p: number) => { let lo = 0, hi = edges.length; while (lo < hi) { const m = (lo + hi) >> 1; if (p >= edges[m]!) lo = m + 1; else hi = m; } return lo; };
  const kb = new Float64Array(o.bands), kw = new Float64Array(o.bands), kp = new Float64Array(o.bands), kn = new Float64Array(o.bands);
  known.p.forEach((p, i) => { const b = bandOf(p); kw[b]! += known.weight[i]!; kb[b]! += known.weight[i]! * known.labels[i]!; kn[b]!++; });
  const members: number[][] = Array.from({ length: o.bands }, () => []);
  un.p.forEach((p, i) => { const b = bandOf(p); members[b]!.push(i); kp[b]! += p; });
  const flags = new Uint8Array(un.rows.length);
  const rand = mulberry32(o.seed);
  for (let b = 0; b < o.bands; b++) {
    const m = members[b]!;
    // A band without known rows takes the model's own mean probability there.
    const base = kw[b]! > 0 ? kb[b]! / kw[b]! : m.length ? kp[b]! / m.length : 0;
    const rate = raised(base, o.factor);
    for (let i = m.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); const t = m[i]!; m[i] = m[j]!; m[j] = t; }
    const bads = Math.round(rate * m.length);
    for (let k = 0; k < bads; k++) flags[m[k]!] = 1;
    decision.parcels.push({ lower: b === 0 ? 0 : edges[b - 1]!, upper: b < edges.length ? edges[b]! : 1, known: kn[b]!, knownBadRate: base, unlabelled: m.length, inferredBadRate: m.length ? bads / m.length : 0 });
  }
  return flags;
}
