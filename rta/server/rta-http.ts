import type { AddressInfo } from 'node:net';
import { decideRequest, defaultAnswer, type DecisionConfig } from '../decision/decide-request';
import { generationInfo, publicInfo, type Generation } from '../decision/generation';
import { jsonResponse, parseJsonRequest } from '../protocol/json-codec';
import { decodeRequest, encodeResponse } from '../protocol/proto-codec';
import { BadRequest, type RtaRequest, type RtaResponse } from '../protocol/rta-message';
import { emptyMetrics, emptyModelMetrics, observe, type MetricsState, type ModelMetrics, type RequestOutcome } from './metrics';
import { assignmentKey } from '../decision/assignment';
import { driftObserver } from './drift';
import type { RequestLog } from './request-log';
import { Http1Server, type Exchange, type Http1Application } from './http1/http1-server';

export interface RtaHttpOptions extends DecisionConfig {
  /** After this long from a request's arrival, the default decision is the answer (ms). */
  deadlineMs: number;
  /** Larger bodies are refused with 413 before they are read. */
  maxBodyBytes: number;
  /** A client must send a request's headers within this (ms), else 408 and the socket is closed. */
  headersTimeoutMs: number;
  /** Idle keep-alive connections are closed after this (ms). */
  keepAliveTimeoutMs: number;
}

export const DEFAULT_HTTP_OPTIONS: Omit<RtaHttpOptions, keyof DecisionConfig> = { deadlineMs: 10, maxBodyBytes: 16 * 1024, headersTimeoutMs: 2000, keepAliveTimeoutMs: 30_000 };

type Format = 'json' | 'proto';

/** Request heads larger than this are refused with 431 (Node's http allows 16 KiB; an RTA request's head is a few hundred bytes). */
const MAX_HEAD_BYTES = 8 * 1024;

/** `application/x-protobuf` (and the other protobuf spellings) or JSON; null for anything else. */
function formatOf(contentType: string | undefined): Format | null {
  if (contentType === undefined) return 'json';
  const known = seenTypes.get(contentType);
  if (known !== undefined) return known;
  const t = contentType.split(';', 1)[0]!.trim().toLowerCase();
  const format = t === 'application/json' || t === 'text/json' || t === '' ? 'json'
    : t === 'application/x-protobuf' || t === 'application/protobuf' || t === 'application/octet-stream' ? 'proto' : null;
  if (seenTypes.size < 64) seenTypes.set(contentType, format);
  return format;
}
/** Content-Type values seen and their format: a platform sends the same few every time. */
const seenTypes = new Map<string, Format | null>();

const CONTENT_TYPE: Record<Format, string> = { json: 'application/json', proto: 'application/x-protobuf' };

const NO_REQUEST: RtaRequest = { id: '', isPing: false, isTest: false, device: { os: 'unknown' }, siteSetId: 0, slotId: '', strategyIds: [], requestTimeMs: 0 };

export interface RtaHttpHooks {
  /** Prometheus text for GET /metrics (the cluster sums every worker's). */
  metricsText: () => Promise<string>;
}

/**
 * The public port: POST /rta answers bid requests (JSON or protobuf), GET /healthz and
 * GET /metrics. Every request ends within its deadline with an answer or a 4xx; a request body
 * still arriving at the deadline gets the default decision and its connection is closed.
 */
export class RtaHttpServer implements Http1Application {
  readonly metrics: MetricsState = emptyMetrics();
  private readonly server: Http1Server;
  private readonly record: Record<string, unknown> = {};
  private readonly observeDrift = driftObserver(this.metrics);
  /** Each model arm's own figures (per-arm answers and drift), found once per generation. */
  private readonly armObservers = new Map<string, { version: string; metrics: ModelMetrics; observe: ReturnType<typeof driftObserver> }>();
  private readonly drift = (g: Generation, record: Record<string, unknown>, targeting: number, credit: number) => {
    const scores = { targeting, credit };
    if (g.model === 'champion') this.observeDrift(g.drift, record, scores);
    this.arm(g).observe(g.drift, record, scores);
  };

  /** An arm's metrics and drift observer, kept per bundle version (a reload to another bundle starts that arm afresh). */
  private arm(g: Generation): { metrics: ModelMetrics; observe: ReturnType<typeof driftObserver> } {
    let a = this.armObservers.get(g.model);
    if (!a || a.version !== g.version) {
      const metrics = (this.metrics.models[g.model] = emptyModelMetrics(g.version));
      a = { version: g.version, metrics, observe: driftObserver(metrics) };
      this.armObservers.set(g.model, a);
    }
    return a;
  }

  constructor(private gen: Generation, private readonly opts: RtaHttpOptions, private readonly log: RequestLog, private readonly hooks: RtaHttpHooks) {
    this.server = new Http1Server({
      maxHeadBytes: MAX_HEAD_BYTES, maxBodyBytes: opts.maxBodyBytes, headersTimeoutMs: opts.headersTimeoutMs,
      keepAliveTimeoutMs: opts.keepAliveTimeoutMs, bodyDeadlineMs: opts.deadlineMs,
    }, this);
  }

  get generation(): Generation { return this.gen; }

  /** Swaps in a loaded generation: the next request decides with it; none in flight fails. */
  swap(next: Generation): void { this.gen = next; }

  listen(port: number, host: string): Promise<AddressInfo> { return this.server.listen(port, host); }

  /** Stops accepting, lets requests in flight finish (their connections close after the answer), then closes the rest. */
  close(graceMs = 5000): Promise<void> { return this.server.close(graceMs); }

  head(x: Exchange): boolean {
    const { method, target } = x.head;
    if (target === '/rta' || target.startsWith('/rta?')) return this.rtaHead(x);
    if (method !== 'GET' && method !== 'HEAD') { this.refuse(x, 'json', 405, 'method_not_allowed', `${method} ${target}: only POST /rta, GET /healthz and GET /metrics are served.`); return false; }
    if (target === '/healthz') {
      const draining = this.server.draining;
      x.respond(draining ? 503 : 200, 'application/json', JSON.stringify({ status: draining ? 'draining' : 'ok', ...publicInfo(generationInfo(this.gen)) }));
      return false;
    }
    if (target === '/metrics') {
      this.hooks.metricsText().then(
        (text) => x.respond(200, 'text/plain; version=0.0.4', text),
        (e: Error) => x.respond(500, 'text/plain', `metrics unavailable: ${e.message}\n`),
      );
      return false;
    }
    this.refuse(x, 'json', 404, 'not_found', `${target} is not served: POST /rta, GET /healthz, GET /metrics.`);
    return false;
  }

  private rtaHead(x: Exchange): boolean {
    const { method, contentType, contentLength } = x.head;
    if (method !== 'POST') { this.refuse(x, 'json', 405, 'method_not_allowed', `${method} /rta: bid requests are POSTed.`, false, 'Allow: POST\r\n'); return false; }
    const format = formatOf(contentType);
    if (format === null) { this.refuse(x, 'json', 415, 'unsupported_media_type', `Content-Type ${contentType} is not served: application/json or application/x-protobuf.`); return false; }
    if (contentLength > this.opts.maxBodyBytes) { this.refuse(x, format, 413, 'too_large', `The body is ${contentLength} bytes; at most ${this.opts.maxBodyBytes} are read.`, true); return false; }
    return true;
  }

  body(x: Exchange, body: Buffer): void {
    const format = formatOf(x.head.contentType)!;
    let request: RtaRequest;
    try {
      request = format === 'json' ? parseJsonRequest(body.toString('utf8')) : decodeRequest(body);
    } catch (e) {
      if (e instanceof BadRequest) this.refuse(x, format, e.status, 'bad_request', e.message);
      else this.internal(x, format, e);
      return;
    }
    let r: RtaResponse;
    try {
      r = decideRequest(this.gen, request, this.opts, this.record, this.drift);
    } catch (e) {
      this.internal(x, format, e);
      return;
    }
    if (performance.now() - x.t0 > this.opts.deadlineMs && !request.isPing) r = defaultAnswer(this.gen, request, this.opts, 'deadline');
    this.answer(x, format, r, false, request);
  }

  /** The body has not arrived in time: the default decision, and this connection ends (the rest of the body is not read). */
  late(x: Exchange): void {
    this.answer(x, formatOf(x.head.contentType)!, defaultAnswer(this.gen, NO_REQUEST, this.opts, 'deadline'), true);
  }

  refused(status: number, reason: string): void {
    // 505: an HTTP/2 or HTTP/3 probe is the client's choice of protocol, not a fault of the server.
    const internal = status >= 500 && status !== 505;
    const outcome: RequestOutcome = internal ? 'internal_error' : 'client_error';
    observe(this.metrics, outcome, 0);
    if (internal) this.log.event('internal_error', { error: reason });
    else this.log.refusal(outcome, { status, error: reason });
  }

  private answer(x: Exchange, format: Format, r: RtaResponse, close: boolean, request: RtaRequest | null = null): void {
    const seconds = (performance.now() - x.t0) / 1000;
    r.processingTimeUs = Math.round(seconds * 1e6);
    const outcome: RequestOutcome = request?.isTest ? 'test' : r.outcome === 'scored' ? (r.bid ? 'bid' : 'no_bid') : (r.outcome as RequestOutcome);
    x.respond(200, CONTENT_TYPE[format], format === 'json' ? jsonResponse(r) : encodeResponse(r), close);
    observe(this.metrics, outcome, seconds);
    const arm = r.model === 'challenger' ? this.gen.challenger?.gen ?? null : r.model === 'champion' ? this.gen : null;
    if (arm) { const o = this.arm(arm).metrics.outcomes; o[outcome] = (o[outcome] ?? 0) + 1; }
    // Each logged decision names its model and bundle, and the user as looked up (a hashed device id), for joining with later outcomes.
    this.log.request(() => ({
      id: r.id, outcome, bid: r.bid, coefficient: r.bidCoefficient, us: r.processingTimeUs, generation: this.gen.number,
      ...(arm ? { model: arm.model, version: arm.version } : {}),
      ...(request && !request.isPing ? { user: assignmentKey(request.device, this.opts.lookupOrder) } : {}),
      ...(r.scores ? { targetingScore: Number.isFinite(r.scores[0]) ? r.scores[0] : null, creditScore: Number.isFinite(r.scores[1]) ? r.scores[1] : null } : {}),
    }));
  }

  /** A fault of ours (never expected): 500, logged, and the server goes on. */
  private internal(x: Exchange, format: Format, e: unknown): void {
    this.log.event('internal_error', { error: e instanceof Error ? e.stack ?? e.message : String(e) });
    this.refuse(x, format, 500, 'internal_error', 'The server could not answer this request; see its log.');
  }

  private refuse(x: Exchange, format: Format, status: 400 | 404 | 405 | 413 | 415 | 500, outcome: RequestOutcome, error: string, close = false, extraHeaders = ''): void {
    const us = Math.round((performance.now() - x.t0) * 1000);
    const r: RtaResponse = { id: '', code: status, bid: false, strategyIds: [], bidCoefficient: 0, cacheSeconds: 0, processingTimeUs: us, outcome: 'unspecified', error };
    x.respond(status, CONTENT_TYPE[format], format === 'json' ? jsonResponse(r) : encodeResponse(r), close, extraHeaders);
    observe(this.metrics, outcome, us / 1e6);
    this.log.refusal(outcome, { status, error });
  }
}
