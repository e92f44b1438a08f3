import { orderOf } from './ranks';

export interface Curves {
  /** ROC: false- and true-positive rates at each distinct threshold, highest scores first (thinned to ≤ `points`). */
  roc: { fpr: number[]; tpr: number[] };
  /** Cumulative shares of events and non-events by share of rows taken (KS and gain charts). */
  cumulative: { share: number[]; events: number[]; nonEvents: number[] };
  /** Cumulative lift: event rate of the top share over the overall rate. */
  lift: { share: number[]; lift: number[] };
  /** Calibration: mean predicted probability and observed event rate in ten equal-count bins. */
  calibration: { predicted: number[]; observed: number[]; rows: number[] };
}

/** The evaluation curves of probabilities (or any score, higher = more likely an event). */
export function curves(scores: ArrayLike<number>, labels: ArrayLike<number>, points = 200): Curves {
  const n = scores.length;
  const order = orderOf(scores).reverse();
  let n1 = 0;
  for (let i = 0; i < n; i++) n1 += labels[i] === 1 ? 1 : 0;
  const n0 = n - n1;
  const roc = { fpr: [0], tpr: [0] };
  const cumulative = { share: [0], events: [0], nonEvents: [0] };
  const lift = { share: [] as number[], lift: [] as number[] };
  const every = Math.max(1, Math.floor(n / points));
  let e = 0, ne = 0, lastKept = 0;
  for (let i = 0; i < n; i++) {
    if (labels[order[i]!] === 1) e++; else ne++;
    const boundary = i === n - 1 || scores[order[i + 1]!] !== scores[order[i]!];
    if (!boundary || (i + 1 - lastKept < every && i !== n - 1)) continue;
    lastKept = i + 1;
    roc.fpr.push(n0 ? ne / n0 : 0); roc.tpr.push(n1 ? e / n1 : 0);
    cumulative.share.push((i + 1) / n); cumulative.events.push(n1 ? e / n1 : 0); cumulative.nonEvents.push(n0 ? ne / n0 : 0);
    lift.share.push((i + 1) / n); lift.lift.push(n1 ? (e / (i + 1)) / (n1 / n) : 0);
  }
  const calibration = { predicted: [] as number[], observed: [] as number[], rows: [] as number[] };
  const asc = order.slice().reverse();
  for (let b = 0; b < 10; b++) {
    const s = Math.floor((b * n) / 10), t = Math.floor(((b + 1) * n) / 10);
    if (t <= s) continue;
    let sp = 0, so = 0;
    for (let i = s; i < t; i++) { sp += scores[asc[i]!]!; so += labels[asc[i]!] === 1 ? 1 : 0; }
    calibration.predicted.push(sp / (t - s)); calibration.observed.push(so / (t - s)); calibration.rows.push(t - s);
  }
  return { roc, cumulative, lift, calibration };
}
