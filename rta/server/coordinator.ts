import type { GenerationInfo, GenerationSource } from '../decision/generation';
import { addMetrics, emptyMetrics, prometheusText, type MetricsState } from './metrics';
import type { RequestLog } from './request-log';

/** A serving process as the coordinator drives it: in this process, or a cluster worker over IPC. */
export interface Member {
  prepare(src: GenerationSource, number: number): Promise<GenerationInfo>;
  commit(): Promise<GenerationInfo>;
  abort(error: string): Promise<void>;
  metrics(): Promise<MetricsState>;
}

export type ReloadResult = { ok: true; info: GenerationInfo; seconds: number } | { ok: false; error: string; serving: GenerationInfo };

/**
 * Reloads every serving process together, one reload at a time: all prepare the new generation
 * (each loads and verifies it beside the serving one); only when all succeed do all commit.
 * Any failure aborts them all and the old generation goes on serving everywhere.
 */
export class Coordinator {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private src: GenerationSource, private current: GenerationInfo, private readonly members: () => Member[], private readonly log: RequestLog) {}

  get source(): GenerationSource { return this.src; }
  get info(): GenerationInfo { return this.current; }
  get workers(): number { return this.members().length; }

  reload(change: Partial<GenerationSource> = {}): Promise<ReloadResult> {
    const run = this.queue.then(() => this.reloadNow({ ...this.src, ...change }));
    this.queue = run.catch(() => {});
    return run;
  }

  private async reloadNow(src: GenerationSource): Promise<ReloadResult> {
    const started = performance.now();
    const number = this.current.generation + 1;
    const members = this.members();
    this.log.event('reload_started', { bundle: src.bundle, features: src.features, challenger: src.challenger ?? null, generation: number, workers: members.length });
    const prepared = await Promise.allSettled(members.map((m) => m.prepare(src, number)));
    const failed = prepared.find((p): p is PromiseRejectedResult => p.status === 'rejected');
    if (failed) {
      const error = failed.reason instanceof Error ? failed.reason.message : String(failed.reason);
      await Promise.allSettled(members.map((m) => m.abort(error)));
      return { ok: false, error, serving: this.current };
    }
    const infos = await Promise.all(members.map((m) => m.commit()));
    this.src = src;
    this.current = infos[0]!;
    return { ok: true, info: this.current, seconds: (performance.now() - started) / 1000 };
  }

  async metrics(): Promise<MetricsState> {
    const all = await Promise.all(this.members().map((m) => m.metrics()));
    return all.reduce(addMetrics, emptyMetrics());
  }

  async metricsText(): Promise<string> {
    const i = this.current;
    return prometheusText(await this.metrics(), { bundleVersion: i.bundleVersion, strategy: i.strategy, createdAt: i.createdAt, generation: i.generation, snapshotIds: i.snapshotIds, workers: this.workers });
  }
}
