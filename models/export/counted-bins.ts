import type { BundleAttribute, BundleCharacteristic } from '../../types/bundle';

/**
 * A numeric characteristic's attribute computed without a branch on common values: the number of
 * bin uppers at or below the value picks the bin (`byCount`), then each special value and missing
 * override it. Exactly the attribute `pointsExpression` reaches for every value, NaN included:
 * missing for NaN, and a special only where that expression tests it (inside the bin its value
 * falls in, when that bin's bounds contain it; the first of equal values).
 */
export interface CountedBins {
  /** Ascending, finite: a value counts every upper it is ≥ of. */
  uppers: number[];
  /** Attribute index by count (−1: past the last finite upper, an unseen value). */
  byCount: number[];
  /** Special values with their attribute index, as the row scorer tests them. */
  specials: { value: number; attribute: number }[];
  /** The missing attribute's index (−1: none, the unseen points). */
  missing: number;
}

/** The counted form of a numeric characteristic, or null when its bins do not allow one (no bins, uppers not ascending). */
export function countedBins(c: BundleCharacteristic): CountedBins | null {
  if (c.type !== 'numeric') return null;
  const bins = c.attributes.filter((a) => a.kind === 'bin');
  if (bins.length === 0) return null;
  const last = bins[bins.length - 1]!;
  const uppers = bins.slice(0, -1).map((a) => a.upper);
  if (last.upper != null) uppers.push(last.upper);
  if (!uppers.every((u, j): u is number => typeof u === 'number' && Number.isFinite(u) && (j === 0 || u > uppers[j - 1]!))) return null;
  // The branch a value lands in and the bounds the row scorer tests its specials against.
  const branches = bins.map((a) => ({ attribute: c.attributes.indexOf(a), lower: a.lower, upper: a === last ? last.upper : a.upper }));
  if (last.upper != null) branches.push({ attribute: -1, lower: last.upper, upper: null });
  const specials: CountedBins['specials'] = [];
  for (const s of c.attributes.filter((a): a is BundleAttribute & { value: number } => a.kind === 'special' && typeof a.value === 'number')) {
    const v = s.value;
    if (v !== v || specials.some((x) => x.value === v)) continue;
    const b = branches[uppers.filter((u) => v >= u).length]!;
    if ((b.lower == null || v >= b.lower) && (b.upper == null || v < b.upper)) specials.push({ value: v, attribute: c.attributes.indexOf(s) });
  }
  return { uppers, byCount: branches.map((b) => b.attribute), specials, missing: c.attributes.findIndex((a) => a.kind === 'missing') };
}
