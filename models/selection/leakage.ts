import { saidInEnglish } from '../../i18n/phrase-said';
import { said, type Said } from '../../types/said';
import { fineClasses } from '../binning/prebin';
import type { Counts, VariableStats } from '../binning/variable-stats';

/** What makes a feature look like it was recorded after the outcome it is meant to predict. */
export interface LeakageThresholds {
  /** A single variable ranking the target this well on the training rows is implausible. */
  maxAuc: number;
  /** A group of rows this pure in one class (while the base rate is not) is suspect… */
  purity: number;
  /** …when it holds at least this share of the rows… */
  minShare: number;
  /** …and chance would explain it with probability below e^(−this) (n · KL(group rate ‖ base rate)). */
  minEvidence: number;
}

export const DEFAULT_LEAKAGE_THRESHOLDS: Readonly<LeakageThresholds> = Object.freeze({ maxAuc: 0.9, purity: 0.995, minShare: 0.005, minEvidence: 20.7 });

export interface LeakageEvidence {
  column: string;
  /** `auc`: ranks the target too well alone; `pure-group`: some of its values (or its missingness) decide the target; `outcome-role`: declared an outcome. */
  kind: 'auc' | 'pure-group' | 'outcome-role';
  /** The AUC, or the event rate of the pure group. */
  value: number;
  /** The group ('missing', 'present', a value range or categories) for `pure-group`. */
  group: string | null;
  rows: number;
  baseRate: number;
  /** The evidence as a code and parameters; `detail` is the same in English. */
  said: Said;
  detail: string;
}
const withSaid = (e: Omit<LeakageEvidence, 'said' | 'detail'>, s: Said): LeakageEvidence => ({ ...e, said: s, detail: saidInEnglish(s) });

interface Group extends Counts { label: string }

function groupsOf(s: VariableStats): Group[] {
  const fine = fineClasses(s, 20, 0.01);
  const label = (k: number) => (fine.groups ? fine.groups[k]!.slice(0, 3).join(', ') + (fine.groups[k]!.length > 3 ? ', …' : '')
    : `[${k === 0 ? '-inf' : fine.cuts![k - 1]}, ${k < fine.cuts!.length ? fine.cuts![k] : 'inf'})`);
  const out: Group[] = fine.counts.map((c, k) => ({ ...c, label: label(k) }));
  const m = s.missing;
  if (m.events + m.nonEvents > 0) {
    out.push({ ...m, label: 'missing' });
    out.push({ events: s.totalEvents - m.events, nonEvents: s.totalNonEvents - m.nonEvents, label: 'present' });
  }
  return out;
}

/** The AUC of scoring each row by its group's event rate (ties within a group count one half). */
export function groupedAuc(groups: readonly Counts[]): number {
  const sorted = [...groups].filter((g) => g.events + g.nonEvents > 0).sort((a, b) => a.events / (a.events + a.nonEvents) - b.events / (b.events + b.nonEvents));
  let P = 0, N = 0;
  for (const g of sorted) { P += g.events; N += g.nonEvents; }
  if (P === 0 || N === 0) return 0.5;
  let below = 0, area = 0;
  for (const g of sorted) { area += g.events * (below + 0.5 * g.nonEvents); below += g.nonEvents; }
  return area / (P * N);
}

const kl = (q: number, p: number) => (q > 0 ? q * Math.log(q / p) : 0) + (q < 1 ? (1 - q) * Math.log((1 - q) / (1 - p)) : 0);

/**
 * Evidence that a candidate input leaks the target, from its statistics on the training rows:
 * its grouped AUC alone (20 quantile groups or categories, and missing) above `maxAuc`, or a
 * group of its rows — missing, present, a value range, a set of categories — almost purely of one
 * class while the base rate is not, too large for chance (e.g. `credit_line` exists only for
 * approved applicants, so its presence decides `applied`). Empty when nothing is suspect.
 */
export function leakageEvidence(column: string, s: VariableStats, t: LeakageThresholds = DEFAULT_LEAKAGE_THRESHOLDS): LeakageEvidence[] {
  const n = s.totalEvents + s.totalNonEvents;
  if (n === 0 || s.totalEvents === 0 || s.totalNonEvents === 0) return [];
  const base = s.totalEvents / n;
  const groups = groupsOf(s);
  const out: LeakageEvidence[] = [];
  const auc = groupedAuc(groups.filter((g) => g.label !== 'present'));
  if (auc >= t.maxAuc) out.push(withSaid({ column, kind: 'auc', value: auc, group: null, rows: n, baseRate: base }, said('leak.auc', { auc: auc.toFixed(3), max: t.maxAuc })));
  // Missingness first: "present only for …" is the clearest evidence a person can check.
  const byClarity = [...groups.filter((g) => g.label === 'missing' || g.label === 'present'), ...groups.filter((g) => g.label !== 'missing' && g.label !== 'present')];
  for (const g of byClarity) {
    const rows = g.events + g.nonEvents;
    const rate = rows > 0 ? g.events / rows : 0;
    const pure = rate >= t.purity || rate <= 1 - t.purity;
    if (!pure || rows < t.minShare * n || rows === n || rows * kl(rate, base) < t.minEvidence) continue;
    out.push(withSaid({ column, kind: 'pure-group', value: rate, group: g.label, rows, baseRate: base }, said('leak.pureGroup', { group: g.label, rows, rate: (rate * 100).toFixed(1), base: (base * 100).toFixed(1) })));
    break;
  }
  return out;
}
