import type { BundleCharacteristic } from '../../types/bundle';
import type { ColumnData } from '../../types/columns';

/**
 * Which attribute of a bundle characteristic a value falls in, by the scorer.mjs rules
 * (`scorer-source-parts.ts`): missing first, then the first bin whose upper bound lies above
 * the value, special values tested inside the bin they fall in, a value past the last bounded
 * bin (or a category the card never saw) unseen. Attribute positions are the card's; unseen is
 * `attributes.length`.
 */
export function unseenIndex(c: BundleCharacteristic): number {
  return c.attributes.length;
}

/** The attribute of a number (NaN: missing) on a numeric characteristic. */
export function numericAttribute(c: BundleCharacteristic, v: number): number {
  const missing = c.attributes.findIndex((a) => a.kind === 'missing');
  if (v !== v) return missing >= 0 ? missing : unseenIndex(c);
  let lower: number | null = null, upper: number | null = null, bin = unseenIndex(c);
  const bins = c.attributes.flatMap((a, k) => (a.kind === 'bin' ? [k] : []));
  for (let b = 0; b < bins.length; b++) {
    const a = c.attributes[bins[b]!]!;
    const last = b === bins.length - 1;
    if (a.upper == null || v < a.upper) { bin = bins[b]!; lower = a.lower ?? null; upper = a.upper ?? null; break; }
    if (last) { lower = a.upper; upper = null; }
  }
  if (bins.length === 0) { lower = null; upper = null; }
  for (let k = 0; k < c.attributes.length; k++) {
    const a = c.attributes[k]!;
    if (a.kind !== 'special' || a.value !== v) continue;
    if ((lower === null || a.value >= lower) && (upper === null || a.value < upper)) return k;
  }
  return bin;
}

/** The attribute of a text value (null or '': missing) on a categorical characteristic. */
export function categoricalAttribute(c: BundleCharacteristic, s: string | null): number {
  if (s === null || s === '') {
    const missing = c.attributes.findIndex((a) => a.kind === 'missing');
    return missing >= 0 ? missing : unseenIndex(c);
  }
  const k = c.attributes.findIndex((a) => a.kind === 'bin' && (a.categories ?? []).includes(s));
  return k >= 0 ? k : unseenIndex(c);
}

/** A value as a characteristic of either type reads it: numbers as text for categories, text parsed for numbers. */
function attributeOfText(c: BundleCharacteristic, s: string | null): number {
  if (c.type === 'categorical') return categoricalAttribute(c, s);
  return numericAttribute(c, s === null || s.trim() === '' ? NaN : Number(s));
}

/**
 * Each row's attribute of a characteristic (unseen = `attributes.length`) from a stored column:
 * a dictionary column is matched once per distinct value; a numeric one value by value, through
 * the bins' bounds.
 */
export function attributeColumn(c: BundleCharacteristic, col: ColumnData): Uint16Array {
  if (col.kind === 'i32') {
    const byCode = Uint16Array.from(col.dictionary, (s) => attributeOfText(c, s));
    const missing = attributeOfText(c, null);
    const out = new Uint16Array(col.codes.length);
    for (let i = 0; i < out.length; i++) { const code = col.codes[i]!; out[i] = code < 0 ? missing : byCode[code]!; }
    return out;
  }
  const out = new Uint16Array(col.values.length);
  if (c.type === 'categorical') {
    const memo = new Map<number, number>();
    for (let i = 0; i < out.length; i++) {
      const v = col.values[i]!;
      let k = memo.get(v);
      if (k === undefined) { k = categoricalAttribute(c, v !== v ? null : String(v)); memo.set(v, k); }
      out[i] = k;
    }
    return out;
  }
  return numericAttributes(c, col.values, out);
}

/**
 * Numbers to attributes, compiled once per characteristic: each special value's attribute is
 * resolved by the exact rule up front; every other value by the first bin upper bound above it
 * (a scan: cards have a handful of bins).
 */
function numericAttributes(c: BundleCharacteristic, values: Float64Array, out: Uint16Array): Uint16Array {
  const bins = c.attributes.flatMap((a, k) => (a.kind === 'bin' ? [k] : []));
  const lastBounded = bins.length > 0 && c.attributes[bins[bins.length - 1]!]!.upper != null;
  // Attribute per region: bin k for values below uppers[k]; past the last bound, unseen (or the last bin when unbounded).
  const uppers = Float64Array.from(bins, (k) => c.attributes[k]!.upper ?? Infinity);
  const region = Uint16Array.from([...bins, lastBounded || bins.length === 0 ? unseenIndex(c) : bins[bins.length - 1]!]);
  const specialValues = Float64Array.from(c.attributes.filter((a) => a.kind === 'special'), (a) => a.value!);
  const specialAttrs = Uint16Array.from(specialValues, (v) => numericAttribute(c, v));
  const nb = uppers.length, ns = specialValues.length;
  const missing = numericAttribute(c, NaN);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) { out[i] = missing; continue; }
    let s = 0;
    while (s < ns && specialValues[s] !== v) s++;
    if (s < ns) { out[i] = specialAttrs[s]!; continue; }
    let k = 0;
    while (k < nb && !(v < uppers[k]!)) k++;
    out[i] = region[k]!;
  }
  return out;
}

/** Points per attribute position, unseen last. */
export function pointsTable(c: BundleCharacteristic): Float64Array {
  return Float64Array.from([...c.attributes.map((a) => a.points), c.unseenPoints]);
}
