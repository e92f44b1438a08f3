import { loadGeneration, generationInfo, type Generation, type GenerationInfo, type GenerationSource } from '../decision/generation';
import { decideRequest } from '../decision/decide-request';
import { jsonResponse } from '../protocol/json-codec';
import { encodeResponse } from '../protocol/proto-codec';
import type { RtaRequest } from '../protocol/rta-message';
import type { MetricsState } from './metrics';
import { RtaHttpServer, type RtaHttpHooks } from './rta-http';
import type { RtaServeOptions } from './rta-options';
import type { RequestLog } from './request-log';

/**
 * Runs a loaded generation's decision path (lookup, both scorecards, strategy, both answer
 * encodings) on up to 256 of its own users before it serves: the first real requests then find the
 * bundle's scorer compiled instead of paying for it against their deadline.
 */
function warmUp(g: Generation, opts: RtaServeOptions): void {
  const record: Record<string, unknown> = {};
  const n = Math.min(256, g.snapshot.rows);
  for (let r = 0; r < n; r++) {
    const req: RtaRequest = { id: `warm-${r}`, isPing: false, isTest: r % 2 === 0, device: { os: 'unknown', oaid_md5: g.snapshot.idAt(r) }, siteSetId: 0, slotId: '', strategyIds: [], requestTimeMs: 0 };
    const a = decideRequest(g, req, opts, record);
    jsonResponse(a);
    encodeResponse(a);
  }
}

/**
 * One serving process: its generation, its HTTP server and the two-phase reload the coordinator
 * drives — prepare (load the new bundle and snapshot beside the serving one, off the event loop)
 * then commit (swap between two requests) or abort.
 */
export class ServingProcess {
  private pending: Generation | null = null;
  private constructor(readonly http: RtaHttpServer, private readonly opts: RtaServeOptions, private readonly log: RequestLog) {}

  static async start(opts: RtaServeOptions, log: RequestLog, hooks: RtaHttpHooks, generationNumber = 1): Promise<{ process: ServingProcess; port: number }> {
    const gen = await loadGeneration(opts.source, generationNumber, opts.defaultDecision, opts.trust);
    warmUp(gen, opts);
    const http = new RtaHttpServer(gen, opts, log, hooks);
    const address = await http.listen(opts.port, opts.host);
    return { process: new ServingProcess(http, opts, log), port: address.port };
  }

  info(): GenerationInfo { return generationInfo(this.http.generation); }
  metrics(): MetricsState { return this.http.metrics; }
  /** The first `n` ids of the serving snapshot. */
  sampleIds(n: number): string[] {
    const s = this.http.generation.snapshot;
    return Array.from({ length: Math.min(n, s.rows) }, (_, r) => s.idAt(r));
  }

  async prepare(src: GenerationSource, number: number): Promise<GenerationInfo> {
    this.pending = null;
    const next = await loadGeneration(src, number, this.opts.defaultDecision, this.opts.trust);
    warmUp(next, this.opts);
    this.pending = next;
    return generationInfo(next);
  }

  commit(): GenerationInfo {
    if (!this.pending) throw new Error('nothing prepared to commit');
    const prev = this.http.generation;
    this.http.swap(this.pending);
    this.pending = null;
    this.http.metrics.reloads.ok++;
    this.log.event('reloaded', { from: prev.number, ...generationInfo(this.http.generation) });
    return generationInfo(this.http.generation);
  }

  abort(error: string): void {
    this.pending = null;
    this.http.metrics.reloads.failed++;
    this.log.event('reload_failed', { error, serving: this.http.generation.number });
  }

  close(): Promise<void> { return this.http.close(this.opts.graceMs); }
}
