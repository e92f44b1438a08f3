import type { BinRow, BinSpec, BinningTable } from '../../types/binning';
import { numericBinCounts, rowsOf, type Counts, type VariableStats } from './variable-stats';
import { ivOf, woeOf } from './woe';

const num = (x: number) => (x === Infinity ? 'inf' : x === -Infinity ? '-inf' : String(x));

/** `(-inf, 3)`, `[3, 10)`, `[10, inf)`. */
export function intervalLabel(lower: number, upper: number): string {
  return `${lower === -Infinity ? '(' : '['}${num(lower)}, ${num(upper)})`;
}

export function groupLabel(categories: readonly string[]): string {
  return categories.length <= 3 ? categories.join(', ') : `${categories.slice(0, 3).join(', ')}, … (+${categories.length - 3})`;
}

/**
 * The binning table of a spec: per bin the counts, share, event rate, WOE and IV term, then the
 * special-value bins and the missing bin; totals, IV (sum of the terms) and KS (the largest gap
 * between the cumulative event and non-event distributions down the table).
 */
export function binningTable(s: VariableStats, spec: BinSpec): BinningTable {
  const TE = s.totalEvents, TN = s.totalNonEvents, T = TE + TN;
  const weighted = s.missing.rows !== undefined;
  const rows: (Counts & Omit<BinRow, 'count' | 'share' | 'events' | 'nonEvents' | 'eventRate' | 'woe' | 'iv'>)[] = [];
  if (s.kind === 'numeric') {
    if (spec.kind !== 'numeric') throw new Error('a numeric variable needs a numeric bin spec');
    const counts = numericBinCounts(s, spec.cuts);
    counts.forEach((c, k) => {
      const lower = k === 0 ? -Infinity : spec.cuts[k - 1]!, upper = k < spec.cuts.length ? spec.cuts[k]! : Infinity;
      rows.push({ ...c, label: intervalLabel(lower, upper), kind: 'bin', lower: Number.isFinite(lower) ? lower : null, upper: Number.isFinite(upper) ? upper : null });
    });
    for (const sp of s.specials) rows.push({ events: sp.events, nonEvents: sp.nonEvents, ...(sp.rows !== undefined ? { rows: sp.rows } : {}), label: `Special ${num(sp.value)}`, kind: 'special', value: sp.value });
  } else {
    if (spec.kind !== 'categorical') throw new Error('a categorical variable needs a categorical bin spec');
    const byValue = new Map(s.categories.map((c) => [c.value, c]));
    for (const g of spec.groups) {
      let events = 0, nonEvents = 0, people = 0;
      for (const v of g) { const c = byValue.get(v); if (c) { events += c.events; nonEvents += c.nonEvents; people += rowsOf(c); } }
      rows.push({ events, nonEvents, ...(weighted ? { rows: people } : {}), label: groupLabel(g), kind: 'bin', categories: [...g] });
    }
  }
  rows.push({ ...s.missing, label: 'Missing', kind: 'missing' });
  let iv = 0, ks = 0, ce = 0, cn = 0, people = 0;
  const bins: BinRow[] = rows.map(({ rows: binRows, ...r }) => {
    const weight = r.events + r.nonEvents;
    const count = weighted ? binRows ?? 0 : weight;
    people += count;
    const part = ivOf(r.events, r.nonEvents, TE, TN);
    iv += part;
    ce += r.events; cn += r.nonEvents;
    if (TE > 0 && TN > 0) ks = Math.max(ks, Math.abs(ce / TE - cn / TN));
    return { ...r, count, ...(weighted ? { weight } : {}), share: T > 0 ? weight / T : 0, eventRate: weight > 0 ? r.events / weight : 0, woe: woeOf(r.events, r.nonEvents, TE, TN), iv: part };
  });
  const totals = { count: people, ...(weighted ? { weight: T } : {}), events: TE, nonEvents: TN, eventRate: T > 0 ? TE / T : 0 };
  return { bins, totals, iv, ks, trend: measuredTrend(bins.filter((b) => b.kind === 'bin' && (b.weight ?? b.count) > 0).map((b) => b.eventRate)) };
}

/** The shape of a sequence of event rates. */
export function measuredTrend(rates: readonly number[]): BinningTable['trend'] {
  if (rates.length < 2) return 'flat';
  const signs: number[] = [];
  for (let i = 1; i < rates.length; i++) { const d = Math.sign(rates[i]! - rates[i - 1]!); if (d !== 0 && d !== signs[signs.length - 1]) signs.push(d); }
  if (signs.length === 0) return 'flat';
  if (signs.length === 1) return signs[0]! > 0 ? 'ascending' : 'descending';
  if (signs.length === 2) return signs[0]! > 0 ? 'peak' : 'valley';
  return 'none';
}
