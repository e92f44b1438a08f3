import { mulberry32 } from '../stats/random';

/** A row outside every fold (not in the sample, or its target unknown). */
export const NO_FOLD = 255;

/**
 * Assigns the rows in `mask` (every row when null) whose target flag is known (0 or 1) to `k`
 * folds for cross-validation, stratified by the flag so every fold keeps the event rate: within
 * each class the rows are shuffled with the seed (Fisher–Yates on mulberry32) and dealt round
 * robin. At most `maxRows` rows take part (a seeded sample of each class in proportion), so
 * tuning stays cheap on millions of rows. Rows left out get `NO_FOLD`.
 */
export function stratifiedFolds(flags: Uint8Array, mask: Uint8Array | null, k: number, seed = 1, maxRows = Infinity): Uint8Array {
  const folds = new Uint8Array(flags.length).fill(NO_FOLD);
  const classes: number[][] = [[], []];
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i]!;
    if ((f === 0 || f === 1) && (!mask || mask[i] === 1)) classes[f]!.push(i);
  }
  const total = classes[0]!.length + classes[1]!.length;
  const keep = total > maxRows ? maxRows / total : 1;
  const rand = mulberry32(seed);
  let next = 0;
  for (const rows of classes) {
    for (let i = rows.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); const t = rows[i]!; rows[i] = rows[j]!; rows[j] = t; }
    const take = Math.round(rows.length * keep);
    for (let r = 0; r < take; r++) folds[rows[r]!] = next++ % k;
  }
  return folds;
}

/** The rows of fold `f` (held out) or of every other fold (fitted on), as a mask. */
export function foldMask(folds: Uint8Array, f: number, heldOut: boolean): Uint8Array {
  return Uint8Array.from(folds, (x) => (x === NO_FOLD ? 0 : (x === f) === heldOut ? 1 : 0));
}
