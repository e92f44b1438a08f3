import type { ColumnData } from '../../types/columns';
import { AppError } from '../../types/errors';

/** A binary target as a vector: 1 = event, 0 = non-event, 255 = missing target. */
export interface BinaryTarget {
  name: string;
  event: string;
  nonEvent: string;
  flags: Uint8Array;
  events: number;
  nonEvents: number;
}

const EVENT_WORDS = /^(1|1\.0|bad|yes|y|true|default|event|positive)$/i;

/**
 * Turns a column with two distinct values into event flags. The event is `event` when given,
 * else the value that reads as the event (1, bad, yes, true, default), else the rarer value.
 * Values are counted by number or by code, and spelled once per distinct value.
 */
export function binaryTarget(name: string, col: ColumnData, event?: string): BinaryTarget {
  const n = col.kind === 'f64' ? col.values.length : col.codes.length;
  // Each row's distinct-value slot (−1 = missing), and each slot's label.
  const slot = new Int32Array(n);
  const labels: string[] = [];
  if (col.kind === 'f64') {
    const index = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const v = col.values[i]!;
      if (Number.isNaN(v)) { slot[i] = -1; continue; }
      let k = index.get(v);
      if (k === undefined) { k = labels.length; index.set(v, k); labels.push(String(v)); }
      slot[i] = k;
    }
  } else {
    const index = new Int32Array(col.dictionary.length).fill(-1);
    for (let i = 0; i < n; i++) {
      const c = col.codes[i]!;
      if (c < 0) { slot[i] = -1; continue; }
      if (index[c] === -1) { index[c] = labels.length; labels.push(col.dictionary[c]!); }
      slot[i] = index[c]!;
    }
  }
  const counts = new Map<string, number>();
  const perSlot = new Float64Array(labels.length);
  for (let i = 0; i < n; i++) if (slot[i]! >= 0) perSlot[slot[i]!]!++;
  labels.forEach((l, k) => counts.set(l, (counts.get(l) ?? 0) + perSlot[k]!));
  const values = [...counts.keys()];
  if (values.length !== 2) {
    throw new AppError('INVALID_ARGUMENT', `Target '${name}' must have exactly two distinct values; it has ${values.length}${values.length <= 5 ? ` (${values.join(', ')})` : ''}.`, {
      column: name, expected: 'a binary column', got: `${values.length} distinct values`,
    });
  }
  let ev: string;
  if (event !== undefined) {
    if (!counts.has(event)) throw new AppError('INVALID_ARGUMENT', `Target '${name}' has no value '${event}' (values: ${values.join(', ')}).`, { column: name, expected: values.join(' | '), got: event });
    ev = event;
  } else {
    const word = values.filter((v) => EVENT_WORDS.test(v));
    ev = word.length === 1 ? word[0]! : values.sort((a, b) => (counts.get(a)! - counts.get(b)!) || a.localeCompare(b))[0]!;
  }
  const nonEvent = values.find((v) => v !== ev)!;
  const isEvent = Uint8Array.from(labels, (l) => (l === ev ? 1 : 0));
  const flags = new Uint8Array(n);
  for (let i = 0; i < n; i++) flags[i] = slot[i]! < 0 ? 255 : isEvent[slot[i]!]!;
  return { name, event: ev, nonEvent, flags, events: counts.get(ev)!, nonEvents: counts.get(nonEvent)! };
}
