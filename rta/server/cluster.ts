import cluster, { type Worker } from 'node:cluster';
import { AppError, toWireError, type WireError } from '../../types/errors';
import type { GenerationInfo, GenerationSource } from '../decision/generation';
import { Coordinator, type Member } from './coordinator';
import type { MetricsState } from './metrics';
import { RequestLog } from './request-log';
import type { RtaServeOptions } from './rta-options';
import { ServingProcess } from './serving-process';

/** Primary ↔ worker messages. */
type ToWorker =
  | { t: 'call'; rid: number; op: 'prepare'; src: GenerationSource; number: number }
  | { t: 'call'; rid: number; op: 'commit' | 'metrics' }
  | { t: 'call'; rid: number; op: 'abort'; error: string }
  | { t: 'metrics-text'; rid: number; text: string }
  | { t: 'shutdown' };
type FromWorker =
  | { t: 'ready'; info: GenerationInfo; port: number }
  | { t: 'failed'; error: WireError }
  | { t: 'reply'; rid: number; ok: true; value: unknown }
  | { t: 'reply'; rid: number; ok: false; error: string }
  | { t: 'metrics-request'; rid: number };

type CallWithoutRid = Extract<ToWorker, { t: 'call' }> extends infer C ? (C extends unknown ? Omit<C, 'rid'> : never) : never;

export const WORKER_ENV = 'JOINTSCORE_RTA_WORKER';

/** A cluster worker seen from the primary: calls over IPC, answered by rid. */
class WorkerMember implements Member {
  private rid = 0;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(readonly worker: Worker) {
    worker.on('exit', () => { for (const w of this.waiting.values()) w.reject(new Error(`worker ${worker.id} exited`)); this.waiting.clear(); });
  }

  onReply(m: Extract<FromWorker, { t: 'reply' }>): void {
    const w = this.waiting.get(m.rid);
    if (!w) return;
    this.waiting.delete(m.rid);
    if (m.ok) w.resolve(m.value); else w.reject(new Error(m.error));
  }

  private call<T>(msg: CallWithoutRid): Promise<T> {
    const rid = ++this.rid;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(rid, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.send({ ...msg, rid });
    });
  }

  prepare(src: GenerationSource, number: number) { return this.call<GenerationInfo>({ t: 'call', op: 'prepare', src, number }); }
  commit() { return this.call<GenerationInfo>({ t: 'call', op: 'commit' }); }
  async abort(error: string) { await this.call<void>({ t: 'call', op: 'abort', error }); }
  metrics() { return this.call<MetricsState>({ t: 'call', op: 'metrics' }); }
}

export interface RtaHandle {
  port: number;
  adminPort: number;
  coordinator: Coordinator;
  /** The first `n` ids of the serving snapshot (one process); a cluster's snapshots stay in its workers: none. */
  sampleIds(n: number): string[];
  stop(): Promise<void>;
}

/**
 * The primary of `--workers N` (N ≥ 2): forks N workers that share the public port (each loads
 * the bundle and snapshot itself), drives their reloads, sums their metrics, and replaces a
 * worker that dies. Resolves once every worker is serving; rejects (and stops them) if any fails.
 */
export async function startClusterPrimary(opts: RtaServeOptions, log: RequestLog, startAdmin: (c: Coordinator) => Promise<number>): Promise<RtaHandle> {
  const members = new Map<number, WorkerMember>();
  let coordinator: Coordinator | null = null;
  let stopping = false;

  const fork = (src: GenerationSource, generation: number) => new Promise<{ info: GenerationInfo; port: number }>((resolve, reject) => {
    const worker = cluster.fork({ [WORKER_ENV]: JSON.stringify({ ...opts, source: src, generation }) });
    const member = new WorkerMember(worker);
    let ready = false;
    worker.on('message', (m: FromWorker) => {
      if (m.t === 'reply') member.onReply(m);
      else if (m.t === 'metrics-request') {
        void (coordinator?.metricsText() ?? Promise.resolve('')).then((text) => { if (worker.isConnected()) worker.send({ t: 'metrics-text', rid: m.rid, text } satisfies ToWorker); });
      } else if (m.t === 'ready') { ready = true; members.set(worker.id, member); resolve({ info: m.info, port: m.port }); }
      else if (m.t === 'failed') reject(AppError.fromWire(m.error));
    });
    worker.on('exit', (code, signal) => {
      members.delete(worker.id);
      if (!ready) { reject(new AppError('INTERNAL', `An RTA worker stopped while loading (exit code ${code}${signal ? `, ${signal}` : ''}).`)); return; }
      if (stopping) return;
      log.event('worker_exited', { worker: worker.id, code, signal, error: 'replacing it' });
      const c = coordinator!;
      fork(c.source, c.info.generation).catch((e: Error) => log.event('worker_restart_failed', { error: e.message }));
    });
  });

  const started = await Promise.allSettled(Array.from({ length: opts.workers }, () => fork(opts.source, 1)));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill();
    throw failed.reason;
  }
  const first = (started[0] as PromiseFulfilledResult<{ info: GenerationInfo; port: number }>).value;
  coordinator = new Coordinator(opts.source, first.info, () => [...members.values()], log);
  const adminPort = await startAdmin(coordinator);
  return {
    port: first.port, adminPort, coordinator, sampleIds: () => [],
    stop: async () => {
      stopping = true;
      const exits = [...members.values()].map((m) => new Promise<void>((resolve) => {
        m.worker.once('exit', () => resolve());
        if (m.worker.isConnected()) m.worker.send({ t: 'shutdown' } satisfies ToWorker); else resolve();
        setTimeout(() => { m.worker.kill('SIGKILL'); resolve(); }, opts.graceMs + 2000).unref();
      }));
      await Promise.all(exits);
    },
  };
}

/** A cluster worker's life: load, serve, answer the primary's calls, shut down when told (or orphaned). */
export async function runClusterWorker(write: (line: string) => void): Promise<number> {
  const cfg = JSON.parse(process.env[WORKER_ENV]!) as RtaServeOptions & { generation: number };
  const log = new RequestLog(write, cfg.logSample);
  const send = (m: FromWorker) => { if (process.connected) process.send!(m); };
  let rid = 0;
  const asked = new Map<number, (text: string) => void>();
  const hooks = {
    metricsText: () => new Promise<string>((resolve, reject) => {
      const id = ++rid;
      asked.set(id, resolve);
      send({ t: 'metrics-request', rid: id });
      setTimeout(() => { if (asked.delete(id)) reject(new Error('the primary did not answer in 2 s')); }, 2000).unref();
    })
  };
  let serving: ServingProcess;
  try {
    const s = await ServingProcess.start(cfg, log, hooks, cfg.generation);
    serving = s.process;
    send({ t: 'ready', info: serving.info(), port: s.port });
  } catch (e) {
    send({ t: 'failed', error: toWireError(e) });
    return 1;
  }
  return new Promise<number>((resolve) => {
    let closing = false;
    // Once closed, the IPC channel is let go too, or it would keep this process alive.
    const shutdown = () => { if (closing) return; closing = true; void serving.close().then(() => { if (process.connected) process.disconnect(); resolve(0); }); };
    // Ctrl-C reaches the whole process group: the primary coordinates the shutdown.
    process.on('SIGINT', () => {});
    process.on('SIGTERM', shutdown);
    process.on('disconnect', shutdown);
    process.on('message', (m: ToWorker) => {
      if (m.t === 'shutdown') { shutdown(); return; }
      if (m.t === 'metrics-text') { asked.get(m.rid)?.(m.text); asked.delete(m.rid); return; }
      const reply = (p: Promise<unknown>) => p.then((value) => send({ t: 'reply', rid: m.rid, ok: true, value }), (e: Error) => send({ t: 'reply', rid: m.rid, ok: false, error: e.message }));
      if (m.op === 'prepare') void reply(serving.prepare(m.src, m.number));
      else if (m.op === 'commit') void reply(Promise.resolve().then(() => serving.commit()));
      else if (m.op === 'abort') void reply(Promise.resolve(serving.abort(m.error)));
      else void reply(Promise.resolve(serving.metrics()));
    });
  });
}
