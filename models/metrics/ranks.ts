import { radixOrder } from '../stats/sort-f64';

/** Positions 0…n−1 ordered by ascending value (stable; a radix sort). */
export function orderOf(values: ArrayLike<number>): Int32Array {
  if (values.length < 64) {
    const v = Float64Array.from(values as ArrayLike<number>);
    return Int32Array.from({ length: values.length }, (_, i) => i).sort((a, b) => v[a]! - v[b]! || a - b);
  }
  return radixOrder(values instanceof Float64Array ? values : Float64Array.from(values as ArrayLike<number>));
}
