import type { BundleCharacteristic } from '../../types/bundle';

const js = (v: unknown) => JSON.stringify(v);

/**
 * One characteristic's points as an expression of `v` (the record's value, a number already for
 * numeric inputs): missing, then special values, then bins (ascending: the first upper bound
 * above the value is its bin), else unseen. `map` names the category → points Map.
 */
export function pointsExpression(c: BundleCharacteristic, map: string): string {
  const missing = c.attributes.find((a) => a.kind === 'missing')?.points ?? c.unseenPoints;
  if (c.type === 'numeric') {
    const bins = c.attributes.filter((a) => a.kind === 'bin');
    const specials = c.attributes.filter((a) => a.kind === 'special');
    if (bins.length === 0) return `v !== v ? ${missing} : ${specials.map((a) => `v === ${a.value} ? ${a.points} : `).join('')}${c.unseenPoints}`;
    // Each special value is tested only inside the bin it falls in; NaN (missing) fails every
    // \`<\` and is tested in the last branch alone: common values take the fewest comparisons.
    const inBin = (lower: number | null | undefined, upper: number | null | undefined, points: number) => {
      const here = specials.filter((a) => (lower == null || a.value! >= lower) && (upper == null || a.value! < upper));
      return here.length ? `(${here.map((a) => `v === ${a.value} ? ${a.points} : `).join('')}${points})` : String(points);
    };
    const parts: string[] = [];
    for (const a of bins.slice(0, -1)) parts.push(`v < ${a.upper} ? ${inBin(a.lower, a.upper, a.points)}`);
    const lastBin = bins[bins.length - 1]!;
    const beyond = lastBin.upper == null ? inBin(lastBin.lower, null, lastBin.points) : `v < ${lastBin.upper} ? ${inBin(lastBin.lower, lastBin.upper, lastBin.points)} : ${inBin(lastBin.upper, null, c.unseenPoints)}`;
    parts.push(`v !== v ? ${missing} : ${beyond}`);
    return parts.join(' : ');
  }
  // Few categories: a switch (V8 compares internalized strings by pointer first); many: a Map.
  if (categoryCount(c) <= 32) return `v === null || v === undefined || v === '' ? ${missing} : ${map}_of(typeof v === 'string' ? v : String(v))`;
  return `v === null || v === undefined || v === '' ? ${missing} : (p = ${map}.get(typeof v === 'string' ? v : String(v))) === undefined ? ${c.unseenPoints} : p`;
}

/** Reads the characteristic's value into `v` (numbers parsed from numeric text; anything else missing). */
export function readValue(c: BundleCharacteristic): string {
  return c.type === 'numeric' ? `v = r[${js(c.name)}]; if (typeof v !== 'number') v = num(v);` : `v = r[${js(c.name)}];`;
}

export function categoryCount(c: BundleCharacteristic): number {
  return c.attributes.reduce((n, a) => n + (a.kind === 'bin' ? a.categories?.length ?? 0 : 0), 0);
}

