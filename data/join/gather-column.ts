import type { ColumnSpec } from '../../types/columns';
import type { ColumnProfile } from '../../types/dataset';
import { profileColumn } from '../profile/profile-column';
import { encodeF64 } from '../store/chunk-codec';
import { unpackStoredF64, type StoredF64Column } from '../store/column-chunks';

/**
 * A column of numbers of a join (from either dataset), as the joined dataset stores it: each
 * chunk packed, and its profile — work one thread does for one column while the other does the
 * next (the appending thread only writes the chunks).
 */
export interface GatheredColumn {
  chunks: Uint8Array[];
  profile: ColumnProfile;
}

/** What a thread needs to gather a column: its stored chunks, and per joined row the source row (−1: none, a missing value). */
export interface GatherTask {
  spec: ColumnSpec;
  stored: StoredF64Column;
  pick: Int32Array;
  chunkRows: number;
}

/** Gathers a column elsewhere (the helper thread); takes ownership of the stored chunks' buffer. */
export type ColumnGatherer = (task: GatherTask) => Promise<GatheredColumn>;

/** The values of a stored column in joined row order. */
export function gatherStoredF64(stored: StoredF64Column, pick: Int32Array): Float64Array {
  const source = unpackStoredF64(stored).values;
  const values = new Float64Array(pick.length);
  for (let r = 0; r < pick.length; r++) { const j = pick[r]!; values[r] = j < 0 ? NaN : source[j]!; }
  return values;
}

/** Values packed in chunks of `chunkRows` as the store keeps them, each in a buffer of its own (one to hand to another thread). */
export function packInChunks(values: Float64Array, chunkRows: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < values.length; start += chunkRows) {
    const n = Math.min(chunkRows, values.length - start);
    const blob = encodeF64(values.subarray(start, start + n), n);
    // A chunk stored raw is a view of the values: copied, so it can be handed over without them.
    chunks.push(blob.buffer === values.buffer ? new Uint8Array(blob) : blob);
  }
  return chunks;
}

/** A joined column gathered, packed and profiled (no target: a join profiles without one). */
export function gatherColumn(task: GatherTask): GatheredColumn {
  const values = gatherStoredF64(task.stored, task.pick);
  const chunks = packInChunks(values, task.chunkRows);
  return { chunks, profile: profileColumn(task.spec, { kind: 'f64', values }, null) };
}
