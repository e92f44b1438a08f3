import { orderOf } from './ranks';

export interface ScoreBand {
  band: number;
  minScore: number;
  maxScore: number;
  rows: number;
  events: number;
  eventRate: number;
  /** Shares of all rows and of all events in this band and the riskier ones above it. */
  cumulativeRows: number;
  cumulativeEvents: number;
  /** Event rate of the band over the overall event rate. */
  lift: number;
}

/**
 * The score-band table (deciles by default): rows sorted by score, highest first, cut into
 * `bands` groups of (nearly) equal size without splitting tied scores; per band the count,
 * events, event rate, cumulative capture of events and lift.
 */
export function scoreBands(scores: ArrayLike<number>, labels: ArrayLike<number>, bands = 10): ScoreBand[] {
  const n = scores.length;
  const order = orderOf(scores).reverse();
  let total = 0;
  for (let i = 0; i < n; i++) total += labels[i] === 1 ? 1 : 0;
  const rate = total / Math.max(1, n);
  const out: ScoreBand[] = [];
  let start = 0, cumRows = 0, cumEvents = 0;
  for (let b = 0; b < bands && start < n; b++) {
    let end = Math.max(start + 1, Math.round(((b + 1) * n) / bands));
    while (end < n && scores[order[end]!] === scores[order[end - 1]!]) end++;
    if (b === bands - 1) end = n;
    let events = 0;
    for (let i = start; i < end; i++) events += labels[order[i]!] === 1 ? 1 : 0;
    const rows = end - start;
    cumRows += rows; cumEvents += events;
    out.push({
      band: out.length + 1, minScore: scores[order[end - 1]!]!, maxScore: scores[order[start]!]!, rows, events, eventRate: events / rows,
      cumulativeRows: cumRows / n, cumulativeEvents: total ? cumEvents / total : 0, lift: rate > 0 ? events / rows / rate : 0,
    });
    start = end;
  }
  return out;
}
