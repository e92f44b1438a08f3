/** Positions 0…n−1 ordered by ascending value (stable). */
export function orderOf(values: ArrayLike<number>): Int32Array {
  const idx = Int32Array.from({ length: values.length }, (_, i) => i);
  const v = Float64Array.from(values as ArrayLike<number>);
  return idx.sort((a, b) => v[a]! - v[b]! || a - b);
}

/** Midranks (1-based; tied values share the mean of their ranks) of `values`. */
export function midranks(values: ArrayLike<number>): Float64Array {
  const order = orderOf(values);
  const ranks = new Float64Array(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]!] === values[order[i]!]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = r;
    i = j + 1;
  }
  return ranks;
}
