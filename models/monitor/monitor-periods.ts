import type { BundleCharacteristic, BundleScorecard } from '../../types/bundle';
import type { SampleMetrics } from '../../types/model';
import { bandOf, stabilityIndex } from '../metrics/psi';
import { sampleMetrics } from '../metrics/sample-metrics';
import { lightOf, worse, type Light, type MonitorThresholds } from './thresholds';

/** One card's rows: scores, attributes per characteristic (null for a challenger card), and what its periods are compared with. */
export interface MonitoredCard {
  card: BundleScorecard;
  scores: Float64Array;
  attributes: Uint16Array[] | null;
  /** Score bands (left-closed cut points) and the baseline's share of rows in each. */
  baseline: { cuts: number[]; shares: number[] };
  /** Per characteristic, the baseline's share of rows per attribute (unseen last); null without one. */
  attributeShares: number[][] | null;
  /** The AUC an AUC drop is measured from (the bundle's test AUC, else its training AUC). */
  referenceAuc: number | null;
  /** The probability of the card's event a score stands for. */
  probability: (score: number) => number;
  /** The card's outcome per row: 1 event, 0 non-event, 255 not known (yet); null when the rows carry none. */
  target: Uint8Array | null;
}

/** An input's state per row: 0 present and known, 1 missing, 2 a value the bundle never saw (out of range or a new category). */
export interface MonitoredInput {
  name: string;
  state: Uint8Array;
}

export interface MonitorData {
  rows: number;
  /** Each row's period (index into `periods`; −1: no readable date, left out). */
  period: Int32Array;
  periods: string[];
  cards: MonitoredCard[];
  inputs: MonitoredInput[];
}

export interface BandFigures {
  band: number;
  /** Scores in [lower, upper): null = unbounded. */
  lower: number | null;
  upper: number | null;
  rows: number;
  share: number;
  expectedShare: number;
  /** This band's term of the PSI. */
  contribution: number;
  /** Rows with a known outcome, their events, the observed rate and the rate their scores stand for (calibration). */
  outcomeRows: number;
  events: number;
  observedRate: number | null;
  expectedRate: number | null;
}

export interface CharacteristicStability {
  name: string;
  csi: number;
  light: Light;
  /** The attributes whose share moved most (largest CSI terms first, at most three). */
  moved: { label: string; expectedShare: number; share: number; contribution: number }[];
}

/** Rows whose outcome is known by the period's end: their event rate and, with both outcomes present, AUC, KS … as the evaluation computes them. */
export interface OutcomeFigures {
  rows: number;
  events: number;
  eventRate: number | null;
  metrics: SampleMetrics | null;
  aucDrop: number | null;
  light: Light;
}

export interface CardPeriod {
  key: BundleScorecard['key'];
  rows: number;
  meanScore: number | null;
  psi: number;
  psiLight: Light;
  bands: BandFigures[];
  /** Rows whose outcome is known by now: AUC, KS … as the evaluation computes them (null when the period has no events or no non-events among them). */
  outcome: OutcomeFigures;
  characteristics: CharacteristicStability[];
  /** How often each reason code is a row's first reason and among its reasons (points cards). */
  reasonCodes: { code: string; characteristic: string; first: number; any: number }[];
  light: Light;
}

export interface PeriodReport {
  period: string;
  rows: number;
  cards: CardPeriod[];
  inputs: { name: string; missingRate: number; unseenRate: number }[];
  light: Light;
}

/** Rows grouped by period: `order` lists row positions period after period; period p's are order[starts[p] … starts[p+1]). */
function groupByPeriod(period: Int32Array, count: number): { order: Int32Array; starts: Int32Array } {
  const starts = new Int32Array(count + 1);
  for (let i = 0; i < period.length; i++) if (period[i]! >= 0) starts[period[i]! + 1]!++;
  for (let p = 0; p < count; p++) starts[p + 1]! += starts[p]!;
  const next = starts.slice(0, count), order = new Int32Array(starts[count]!);
  for (let i = 0; i < period.length; i++) { const p = period[i]!; if (p >= 0) order[next[p]!++] = i; }
  return { order, starts };
}

const share = (n: number, of: number) => (of > 0 ? n / of : 0);

function bandFigures(m: MonitoredCard, rows: Int32Array, target: Uint8Array | null): { bands: BandFigures[]; psi: number } {
  const { cuts, shares } = m.baseline;
  const n = cuts.length + 1;
  const count = new Float64Array(n), known = new Float64Array(n), events = new Float64Array(n), expected = new Float64Array(n);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!, s = m.scores[i]!, b = bandOf(s, cuts);
    count[b]!++;
    if (target && target[i] !== 255) { known[b]!++; events[b]! += target[i]!; expected[b]! += m.probability(s); }
  }
  const actual = Array.from(count, (c) => share(c, rows.length));
  const psi = stabilityIndex(shares, actual);
  const bands = actual.map((a, b): BandFigures => {
    const e = Math.max(shares[b]!, 1e-4), x = Math.max(a, 1e-4);
    return {
      band: b + 1, lower: b === 0 ? null : cuts[b - 1]!, upper: b === cuts.length ? null : cuts[b]!, rows: count[b]!, share: a, expectedShare: shares[b]!,
      contribution: (x - e) * Math.log(x / e), outcomeRows: known[b]!, events: events[b]!,
      observedRate: known[b]! > 0 ? events[b]! / known[b]! : null, expectedRate: known[b]! > 0 ? expected[b]! / known[b]! : null,
    };
  });
  return { bands, psi };
}

function characteristicStability(c: BundleCharacteristic, attr: Uint16Array, expected: number[], rows: Int32Array, t: MonitorThresholds): CharacteristicStability {
  const count = new Float64Array(c.attributes.length + 1);
  for (let r = 0; r < rows.length; r++) count[attr[rows[r]!]!]!++;
  const actual = Array.from(count, (x) => share(x, rows.length));
  const csi = stabilityIndex(expected, actual);
  const terms = actual.map((a, k) => {
    const e = Math.max(expected[k]!, 1e-4), x = Math.max(a, 1e-4);
    return { label: k < c.attributes.length ? c.attributes[k]!.label : 'unseen', expectedShare: expected[k]!, share: a, contribution: (x - e) * Math.log(x / e) };
  });
  const moved = terms.filter((x) => x.share > 0 || x.expectedShare > 0).sort((a, b) => b.contribution - a.contribution).slice(0, 3);
  return { name: c.name, csi, light: lightOf(csi, t.csiWarn, t.csiAlert), moved };
}

/** Reason-code frequencies by the scorer's rule: characteristics losing the most points against their baseline, worst first, ties in card order, only those losing some. */
function reasonFrequencies(card: BundleScorecard, attributes: Uint16Array[], rows: Int32Array): CardPeriod['reasonCodes'] {
  const better = card.orientation === 'higher-is-better';
  const loss = card.characteristics.map((c) => Float64Array.from([...c.attributes.map((a) => a.points), c.unseenPoints], (p) => (better ? c.baselinePoints - p : p - c.baselinePoints)));
  const k = card.characteristics.length, n = card.reasonCodeCount;
  const first = new Float64Array(k), any = new Float64Array(k);
  // The n largest losses of a row, kept sorted (loss descending; an equal loss after, so card order breaks ties).
  const topLoss = new Float64Array(n + 1), topAt = new Int32Array(n + 1);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    let size = 0;
    for (let j = 0; j < k; j++) {
      const l = loss[j]![attributes[j]![i]!]!;
      if (!(l > 0) || (size === n && !(l > topLoss[n - 1]!))) continue;
      let at = size < n ? size++ : n - 1;
      while (at > 0 && l > topLoss[at - 1]!) { topLoss[at] = topLoss[at - 1]!; topAt[at] = topAt[at - 1]!; at--; }
      topLoss[at] = l; topAt[at] = j;
    }
    if (size > 0) first[topAt[0]!]!++;
    for (let s = 0; s < size; s++) any[topAt[s]!]!++;
  }
  return card.characteristics.map((c, j) => ({ code: c.reasonCode, characteristic: c.name, first: share(first[j]!, rows.length), any: share(any[j]!, rows.length) }))
    .filter((x) => x.any > 0).sort((a, b) => b.first - a.first || b.any - a.any);
}

function outcomeOf(m: MonitoredCard, rows: Int32Array, target: Uint8Array | null, t: MonitorThresholds): OutcomeFigures {
  if (!target) return { rows: 0, events: 0, eventRate: null, metrics: null, aucDrop: null, light: 'ok' };
  let n = 0, events = 0;
  for (let r = 0; r < rows.length; r++) { const y = target[rows[r]!]!; if (y !== 255) { n++; events += y; } }
  if (events === 0 || events === n) return { rows: n, events, eventRate: n ? events / n : null, metrics: null, aucDrop: null, light: 'ok' };
  const labels = new Uint8Array(n), p = new Float64Array(n);
  for (let r = 0, k = 0; r < rows.length; r++) {
    const i = rows[r]!, y = target[i]!;
    if (y === 255) continue;
    labels[k] = y; p[k++] = m.probability(m.scores[i]!);
  }
  const known = { length: n };
  const metrics = sampleMetrics(p, labels);
  const aucDrop = m.referenceAuc === null ? null : m.referenceAuc - metrics.auc;
  // A drop lights up only when the reference lies above the period's 95% interval: a small month's AUC wanders by chance.
  const significant = m.referenceAuc !== null && metrics.aucUpper < m.referenceAuc;
  return { rows: known.length, events, eventRate: events / known.length, metrics, aucDrop, light: significant ? lightOf(aucDrop, t.aucDropWarn, t.aucDropAlert) : 'ok' };
}

function cardPeriod(m: MonitoredCard, rows: Int32Array, t: MonitorThresholds): CardPeriod {
  const { bands, psi } = bandFigures(m, rows, m.target);
  let sum = 0;
  for (let r = 0; r < rows.length; r++) sum += m.scores[rows[r]!]!;
  const characteristics = m.attributes && m.attributeShares ? m.card.characteristics.map((c, k) => characteristicStability(c, m.attributes![k]!, m.attributeShares![k]!, rows, t)) : [];
  const outcome = outcomeOf(m, rows, m.target, t);
  const psiLight = lightOf(psi, t.psiWarn, t.psiAlert);
  const light = [outcome.light, ...characteristics.map((c) => c.light)].reduce(worse, psiLight);
  return {
    key: m.card.key, rows: rows.length, meanScore: rows.length ? sum / rows.length : null, psi, psiLight, bands, outcome, characteristics,
    reasonCodes: m.attributes ? reasonFrequencies(m.card, m.attributes, rows) : [], light,
  };
}

/** Every period's figures against the baseline, with traffic lights by the thresholds. */
export function monitorPeriods(data: MonitorData, t: MonitorThresholds): PeriodReport[] {
  const { order, starts } = groupByPeriod(data.period, data.periods.length);
  return data.periods.map((period, p) => {
    const rows = order.subarray(starts[p]!, starts[p + 1]!);
    const cards = data.cards.map((m) => cardPeriod(m, rows, t));
    const inputs = data.inputs.map((x) => {
      let missing = 0, unseen = 0;
      for (let r = 0; r < rows.length; r++) { const s = x.state[rows[r]!]!; if (s === 1) missing++; else if (s === 2) unseen++; }
      return { name: x.name, missingRate: share(missing, rows.length), unseenRate: share(unseen, rows.length) };
    });
    return { period, rows: rows.length, cards, inputs, light: cards.map((c) => c.light).reduce(worse, 'ok' as Light) };
  });
}
