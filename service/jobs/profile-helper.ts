import type { MessagePort } from 'node:worker_threads';
import { profileColumn } from '../../data/profile/profile-column';
import type { ColumnProfiler } from '../../data/profile/profile-dataset';
import type { BinaryTarget } from '../../data/profile/target';
import type { ColumnData, ColumnSpec } from '../../types/columns';
import type { ColumnProfile } from '../../types/dataset';
import { spawnWorker } from './spawn-worker';

interface HelperRequest { id: number; spec: ColumnSpec; col: ColumnData; target: BinaryTarget | null }
type HelperReply = { id: number; ok: true; profile: ColumnProfile } | { id: number; ok: false; message: string };

/** The helper thread's loop: profile each column it is sent. */
export function serveProfileHelper(port: MessagePort): void {
  port.on('message', (m: HelperRequest) => {
    try {
      port.postMessage({ id: m.id, ok: true, profile: profileColumn(m.spec, m.col, m.target) } satisfies HelperReply);
    } catch (err) {
      port.postMessage({ id: m.id, ok: false, message: err instanceof Error ? err.message : String(err) } satisfies HelperReply);
    }
  });
}

/**
 * Starts a second thread that profiles columns, so a job profiles two columns at a time on two
 * cores. Column buffers are transferred, not copied.
 */
export function startProfileHelper(workerScript: string): { profiler: ColumnProfiler; stop: () => Promise<void> } {
  const worker = spawnWorker(workerScript, { role: 'profile-helper' });
  worker.unref();
  let seq = 0;
  const pending = new Map<number, { resolve: (p: ColumnProfile) => void; reject: (e: Error) => void }>();
  worker.on('message', (m: HelperReply) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.ok) p?.resolve(m.profile); else p?.reject(new Error(m.message));
  });
  worker.on('error', (err) => { for (const p of pending.values()) p.reject(err); pending.clear(); });
  return {
    profiler: (spec, col, target) => new Promise((resolve, reject) => {
      const id = ++seq;
      pending.set(id, { resolve, reject });
      const transfer = [col.kind === 'f64' ? col.values.buffer : col.codes.buffer] as ArrayBuffer[];
      worker.postMessage({ id, spec, col, target } satisfies HelperRequest, transfer);
    }),
    stop: async () => { await worker.terminate(); },
  };
}
