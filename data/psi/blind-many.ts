import type { JobControls } from '../../types/progress';
import { cancelled } from '../import/cancel';
import { blinder, POINT_BYTES, type PsiScalar } from './psi-group';
import type { BlindMany } from './psi-steps';

/** Elements per chunk handed to a thread. */
const CHUNK = 2048;

/** Blinds a chunk of elements on another thread. */
export type RemoteBlinder = (scalar: PsiScalar, elements: Uint8Array) => Promise<Uint8Array>;

/**
 * Blinds elements chunk by chunk on this thread and, when given, on a second one at the same
 * time (each takes the next chunk when it is free), checking for cancellation and reporting
 * progress between chunks.
 */
export function blindInChunks(remote: RemoteBlinder | null): BlindMany {
  return async (scalar, elements, controls: JobControls, phase) => {
    const n = elements.length / POINT_BYTES;
    const out = new Uint8Array(elements.length);
    const local = blinder(scalar);
    let next = 0, done = 0;
    const take = (): [number, number] | null => (next >= n || controls.signal.aborted ? null : [next, (next = Math.min(n, next + CHUNK))]);
    const report = () => controls.onProgress({ phase, done, total: n, message: `${phase}: ${done.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} elements` });
    const remoteLoop = async () => {
      for (let c = take(); c && remote; c = take()) {
        // A copy (a Buffer's slice would be a view): the chunk's memory moves to the other thread.
        out.set(await remote(scalar, new Uint8Array(elements.subarray(c[0] * POINT_BYTES, c[1] * POINT_BYTES))), c[0] * POINT_BYTES);
        done += c[1] - c[0];
      }
    };
    const localLoop = async () => {
      for (let c = take(); c; c = take()) {
        local(elements, out, c[0], c[1]);
        done += c[1] - c[0];
        report();
        // Let the other thread's reply in, and a cancel.
        await new Promise((r) => setImmediate(r));
      }
    };
    // Two chunks in flight to the other thread: its next one is already queued while this thread is busy with its own.
    await Promise.all([...(remote ? [remoteLoop(), remoteLoop()] : []), localLoop()]);
    if (controls.signal.aborted) throw cancelled();
    return out;
  };
}
