import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decideRequest, defaultAnswer, type DecisionConfig } from '../decision/decide-request';
import { generationInfo, type Generation } from '../decision/generation';
import { jsonResponse, parseJsonRequest } from '../protocol/json-codec';
import { decodeRequest, encodeResponse } from '../protocol/proto-codec';
import { BadRequest, type RtaRequest, type RtaResponse } from '../protocol/rta-message';
import { emptyMetrics, observe, type MetricsState, type RequestOutcome } from './metrics';
import type { RequestLog } from './request-log';

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

/** `application/x-protobuf` (and the other protobuf spellings) or JSON; null for anything else. */
function formatOf(contentType: string | undefined): Format | null {
  if (contentType === undefined) return 'json';
  const t = contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (t === 'application/json' || t === 'text/json' || t === '') return 'json';
  if (t === 'application/x-protobuf' || t === 'application/protobuf' || t === 'application/octet-stream') return 'proto';
  return null;
}

const CONTENT_TYPE: Record<Format, string> = { json: 'application/json', proto: 'application/x-protobuf' };

/** A request whose body has not arrived yet: its start, and what to do at its deadline. */
interface Waiting {
  t0: number;
  expire: () => void;
}

const NO_REQUEST: RtaRequest = { id: '', isPing: false, isTest: false, device: { os: 'unknown' }, siteSetId: 0, slotId: '', strategyIds: [], requestTimeMs: 0 };

export interface RtaHttpHooks {
  /** Prometheus text for GET /metrics (the cluster sums every worker's). */
  metricsText: () => Promise<string>;
  /** Extra facts for GET /healthz. */
  health: () => Record<string, unknown>;
}

/**
 * The public port: POST /rta answers bid requests (JSON or protobuf), GET /healthz and
 * GET /metrics. Every request ends within its deadline with an answer or a 4xx; a request body
 * still arriving at the deadline gets the default decision and its connection is closed.
 */
export class RtaHttpServer {
  readonly metrics: MetricsState = emptyMetrics();
  private readonly server: http.Server;
  private readonly record: Record<string, unknown> = {};
  private draining = false;
  private readonly deadlines = new Set<Waiting>();
  /** Connections answered with `Connection: close` before their request was read to the end. */
  private readonly answeredAndClosing = new WeakSet<object>();
  private readonly sweep: NodeJS.Timeout;

  constructor(private gen: Generation, private readonly opts: RtaHttpOptions, private readonly log: RequestLog, private readonly hooks: RtaHttpHooks) {
    this.server = http.createServer({ connectionsCheckingInterval: 250, keepAliveTimeout: opts.keepAliveTimeoutMs, headersTimeout: opts.headersTimeoutMs, requestTimeout: Math.max(opts.headersTimeoutMs, 5000) }, (req, res) => this.onRequest(req, res));
    // Checks a quarter of a deadline apart: a late body is answered by deadline × 1.25 at most.
    this.sweep = setInterval(() => {
      if (this.deadlines.size === 0) return;
      const now = performance.now();
      for (const w of this.deadlines) if (now - w.t0 >= opts.deadlineMs) { this.deadlines.delete(w); w.expire(); }
    }, Math.max(1, Math.floor(opts.deadlineMs / 4)));
    this.sweep.unref();
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      // The client went away, or the rest of a request we already answered (and closed) arrived: nothing to count.
      if (err.code === 'ECONNRESET' || this.answeredAndClosing.has(socket)) { socket.destroy(); return; }
      this.answeredAndClosing.add(socket);
      observe(this.metrics, 'client_error', 0);
      this.log.refusal('client_error', { error: err.code ?? err.message });
      const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      if (socket.writable && !(socket as { _httpMessage?: unknown })._httpMessage) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      else socket.destroy();
    });
  }

  get generation(): Generation { return this.gen; }

  /** Swaps in a loaded generation: the next request decides with it; none in flight fails. */
  swap(next: Generation): void { this.gen = next; }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => { this.server.off('error', reject); resolve(this.server.address() as AddressInfo); });
    });
  }

  /** Stops accepting, lets requests in flight finish (their connections close after the answer), then closes the rest. */
  close(graceMs = 5000): Promise<void> {
    this.draining = true;
    clearInterval(this.sweep);
    return new Promise((resolve) => {
      const force = setTimeout(() => this.server.closeAllConnections(), graceMs);
      force.unref();
      this.server.close(() => { clearTimeout(force); resolve(); });
      this.server.closeIdleConnections();
    });
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const t0 = performance.now();
    req.on('error', () => {});
    const url = req.url ?? '';
    if (url === '/rta' || url.startsWith('/rta?')) { this.onRta(req, res, t0); return; }
    if (req.method !== 'GET' && req.method !== 'HEAD') { this.refuse(res, t0, 'json', 405, 'method_not_allowed', `${req.method} ${url}: only POST /rta, GET /healthz and GET /metrics are served.`); return; }
    if (url === '/healthz') {
      const body = JSON.stringify({ status: this.draining ? 'draining' : 'ok', ...generationInfo(this.gen), ...this.hooks.health() });
      this.send(res, this.draining ? 503 : 200, 'application/json', body);
      return;
    }
    if (url === '/metrics') {
      this.hooks.metricsText().then(
        (text) => this.send(res, 200, 'text/plain; version=0.0.4', text),
        (e: Error) => this.send(res, 500, 'text/plain', `metrics unavailable: ${e.message}\n`),
      );
      return;
    }
    this.refuse(res, t0, 'json', 404, 'not_found', `${url} is not served: POST /rta, GET /healthz, GET /metrics.`);
  }

  private onRta(req: http.IncomingMessage, res: http.ServerResponse, t0: number): void {
    if (req.method !== 'POST') { res.setHeader('Allow', 'POST'); this.refuse(res, t0, 'json', 405, 'method_not_allowed', `${req.method} /rta: bid requests are POSTed.`); return; }
    const format = formatOf(req.headers['content-type']);
    if (format === null) { this.refuse(res, t0, 'json', 415, 'unsupported_media_type', `Content-Type ${req.headers['content-type']} is not served: application/json or application/x-protobuf.`, true); return; }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.opts.maxBodyBytes) { this.refuse(res, t0, format, 413, 'too_large', `The body is ${declared} bytes; at most ${this.opts.maxBodyBytes} are read.`, true); return; }
    const chunks: Buffer[] = [];
    let size = 0, done = false;
    // The deadline: one sweep for every request waiting for its body, not a timer each.
    const waiting: Waiting = {
      t0, expire: () => {
        if (done) return;
        done = true;
        // The body has not arrived in time: the default decision, and this connection ends (the rest of the body is not read).
        this.answer(res, t0, format, defaultAnswer(this.gen, NO_REQUEST, this.opts, 'deadline'), true);
      },
    };
    this.deadlines.add(waiting);
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > this.opts.maxBodyBytes) { done = true; this.deadlines.delete(waiting); this.refuse(res, t0, format, 413, 'too_large', `The body exceeds ${this.opts.maxBodyBytes} bytes.`, true); return; }
      chunks.push(c);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      this.deadlines.delete(waiting);
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      let request: RtaRequest;
      try {
        request = format === 'json' ? parseJsonRequest(body.toString('utf8')) : decodeRequest(body);
      } catch (e) {
        if (e instanceof BadRequest) this.refuse(res, t0, format, e.status, 'bad_request', e.message);
        else this.internal(res, t0, format, e);
        return;
      }
      let r: RtaResponse;
      try {
        r = decideRequest(this.gen, request, this.opts, this.record);
      } catch (e) {
        this.internal(res, t0, format, e);
        return;
      }
      if (performance.now() - t0 > this.opts.deadlineMs && !request.isPing) r = defaultAnswer(this.gen, request, this.opts, 'deadline');
      this.answer(res, t0, format, r, false, request.isTest);
    });
    req.on('close', () => { if (!done) { done = true; this.deadlines.delete(waiting); } });
  }

  private answer(res: http.ServerResponse, t0: number, format: Format, r: RtaResponse, close: boolean, test = false): void {
    const seconds = (performance.now() - t0) / 1000;
    r.processingTimeUs = Math.round(seconds * 1e6);
    const outcome: RequestOutcome = test ? 'test' : r.outcome === 'scored' ? (r.bid ? 'bid' : 'no_bid') : (r.outcome as RequestOutcome);
    this.send(res, 200, CONTENT_TYPE[format], format === 'json' ? jsonResponse(r) : encodeResponse(r), close);
    observe(this.metrics, outcome, seconds);
    this.log.request(() => ({ id: r.id, outcome, bid: r.bid, coefficient: r.bidCoefficient, us: r.processingTimeUs, generation: this.gen.number }));
  }

  /** A fault of ours (never expected): 500, logged, and the server goes on. */
  private internal(res: http.ServerResponse, t0: number, format: Format, e: unknown): void {
    this.log.event('internal_error', { error: e instanceof Error ? e.stack ?? e.message : String(e) });
    this.refuse(res, t0, format, 500, 'internal_error', 'The server could not answer this request; see its log.');
  }

  private refuse(res: http.ServerResponse, t0: number, format: Format, status: 400 | 404 | 405 | 413 | 415 | 500, outcome: RequestOutcome, error: string, close = false): void {
    const r: RtaResponse = { id: '', code: status, bid: false, strategyIds: [], bidCoefficient: 0, cacheSeconds: 0, processingTimeUs: Math.round((performance.now() - t0) * 1000), outcome: 'unspecified', error };
    this.send(res, status, CONTENT_TYPE[format], format === 'json' ? jsonResponse(r) : encodeResponse(r), close);
    observe(this.metrics, outcome, (performance.now() - t0) / 1000);
    this.log.refusal(outcome, { status, error });
  }

  private send(res: http.ServerResponse, status: number, type: string, body: string | Buffer, close = false): void {
    if (res.headersSent) return;
    if (close && res.socket) this.answeredAndClosing.add(res.socket);
    const length = String(typeof body === 'string' ? Buffer.byteLength(body) : body.length);
    res.writeHead(status, close || this.draining ? ['Content-Type', type, 'Content-Length', length, 'Connection', 'close'] : ['Content-Type', type, 'Content-Length', length]);
    res.end(body);
  }
}
