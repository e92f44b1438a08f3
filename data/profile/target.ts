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

function label(v: number): string {
  return Number.isInteger(v) ? String(v) : String(v);
}

/**
 * Turns a column with two distinct values into event flags. The event is `event` when given,
 * else the value that reads as the event (1, bad, yes, true, default), else the rarer value.
 */
export function binaryTarget(name: string, col: ColumnData, event?: string): BinaryTarget {
  const n = col.kind === 'f64' ? col.values.length : col.codes.length;
  const counts = new Map<string, number>();
  const keys: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let key: string | null;
    if (col.kind === 'f64') { const v = col.values[i]!; key = Number.isNaN(v) ? null : label(v); } else { const c = col.codes[i]!; key = c < 0 ? null : col.dictionary[c]!; }
    keys[i] = key;
    if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
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
  const flags = new Uint8Array(n);
  for (let i = 0; i < n; i++) flags[i] = keys[i] === null ? 255 : keys[i] === ev ? 1 : 0;
  return { name, event: ev, nonEvent, flags, events: counts.get(ev)!, nonEvents: counts.get(nonEvent)! };
}
