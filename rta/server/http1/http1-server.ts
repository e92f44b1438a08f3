/**
 * A small HTTP/1.1 server on `node:net` for the RTA port: requests with Content-Length bodies
 * (or none), keep-alive and pipelining, one socket write per answer, and the time limits the
 * server needs — headers timeout, idle keep-alive timeout, and a per-request body deadline — kept
 * by two sweeps instead of a timer per request. Node's http module spends more time per request
 * than the whole RTA decision (a stream per request, several writes per answer); this does the
 * least an RTA exchange needs.
 */
import net from 'node:net';
import { headEnd, HeadError, parseHead, plausibleRequestLine, type RequestHead } from './request-head';

export interface Http1Options {
  /** A request head larger than this is refused with 431. */
  maxHeadBytes: number;
  /** A body larger than this is never read (the application answers 413; the connection is closed). */
  maxBodyBytes: number;
  /** A request head must be complete within this (ms) of its first byte, else 408 and the connection is closed. */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (ms). */
  keepAliveTimeoutMs: number;
  /** A body still arriving this long (ms) after its head is handed to `late`. */
  bodyDeadlineMs: number;
}

/** One request and its answer. */
export interface Exchange {
  readonly head: RequestHead;
  /** performance.now() when the head was complete. */
  readonly t0: number;
  /**
   * Writes the answer in one write. `close` ends the connection after it (as does a request that
   * asked to, or a server that is draining). An exchange is answered once; later calls are ignored.
   */
  respond(status: number, contentType: string, body: string | Buffer, close?: boolean, extraHeaders?: string): void;
}

export interface Http1Application {
  /** The head is in. Return true to have the body read (then `body`), or answer (now or later) and return false. */
  head(x: Exchange): boolean;
  body(x: Exchange, body: Buffer): void;
  /** The body has not arrived within the deadline: answer now; the connection is closed after it. */
  late(x: Exchange): void;
  /** The transport refused a request (not HTTP, a head too large or too slow, no Content-Length): count it. */
  refused(status: number, reason: string): void;
}

const REASONS: Record<number, string> = {
  100: 'Continue', 200: 'OK', 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Timeout', 411: 'Length Required',
  413: 'Content Too Large', 415: 'Unsupported Media Type', 431: 'Request Header Fields Too Large', 500: 'Internal Server Error', 503: 'Service Unavailable', 505: 'HTTP Version Not Supported',
};

let dateSecond = 0;
let dateText = '';
/** The Date field, formatted once a second. */
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) { dateSecond = second; dateText = new Date(now).toUTCString(); }
  return dateText;
}

const enum Phase { Head, Body, Skip, Answering, Closed }

class Connection implements Exchange {
  head!: RequestHead;
  t0 = 0;
  phase = Phase.Head;
  /** No byte of the next request has arrived yet (since `since`). */
  idle = true;
  /** Start of the current wait: idle, head, skip, or closing. */
  since = performance.now();
  /** Bytes received and not consumed yet. */
  private pending: Buffer | null = null;
  private skip = 0;
  private answered = false;
  private bodyRead = false;
  private firstRequest = true;
  private advancing = false;

  constructor(readonly socket: net.Socket, private readonly server: Http1Server) {}

  onData(chunk: Buffer): void {
    if (this.phase === Phase.Closed) return;
    this.pending = this.pending === null || this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    this.advance();
  }

  /** Consumes as many whole requests as have arrived (pipelining), in order, their answers in one write. */
  private advance(): void {
    this.advancing = true;
    this.socket.cork();
    try {
      this.consume();
    } finally {
      this.advancing = false;
      this.socket.uncork();
    }
    if (this.socket.writableNeedDrain && this.phase !== Phase.Closed) this.socket.pause();
  }

  private consume(): void {
    const { opts, app } = this.server;
    while (this.phase !== Phase.Closed && this.phase !== Phase.Answering && this.pending !== null && this.pending.length > 0) {
      const buf = this.pending;
      if (this.phase === Phase.Skip) {
        const n = Math.min(this.skip, buf.length);
        this.skip -= n;
        this.pending = buf.subarray(n);
        if (this.skip === 0) this.nextRequest();
        continue;
      }
      if (this.phase === Phase.Body) {
        if (buf.length < this.head.contentLength) return;
        this.server.waitingBodies.delete(this);
        this.pending = buf.subarray(this.head.contentLength);
        this.phase = Phase.Answering;
        this.bodyRead = true;
        app.body(this, buf.subarray(0, this.head.contentLength));
        continue;
      }
      // Phase.Head
      if (this.idle) { this.idle = false; this.since = performance.now(); }
      const end = headEnd(buf);
      if (end < 0) {
        if (buf.length > opts.maxHeadBytes) this.refuse(431, `The request head exceeds ${opts.maxHeadBytes} bytes.`);
        else if (!plausibleRequestLine(buf)) this.refuse(400, 'The bytes received are not an HTTP/1.x request.');
        return;
      }
      if (end + 4 > opts.maxHeadBytes) { this.refuse(431, `The request head exceeds ${opts.maxHeadBytes} bytes.`); return; }
      try {
        this.head = parseHead(buf, end);
      } catch (e) {
        if (e instanceof HeadError) { this.refuse(e.status, e.message); return; }
        throw e;
      }
      this.pending = buf.subarray(end + 4);
      this.t0 = performance.now();
      this.answered = false;
      this.bodyRead = this.head.contentLength === 0;
      this.phase = Phase.Answering;
      const wantsBody = app.head(this);
      if (this.answered) continue; // respond() has moved the phase on
      if (wantsBody && !this.bodyRead) {
        this.phase = Phase.Body;
        this.server.waitingBodies.add(this);
        if (this.head.expectContinue && this.pending.length === 0) this.socket.write('HTTP/1.1 100 Continue\r\n\r\n');
      } else if (wantsBody) {
        this.phase = Phase.Answering;
        app.body(this, Buffer.alloc(0));
      }
      // else: the application answers later (asynchronously); the requests behind wait.
    }
  }

  respond(status: number, contentType: string, body: string | Buffer, close = false, extraHeaders = ''): void {
    if (this.answered || this.phase === Phase.Closed) return;
    this.answered = true;
    this.server.waitingBodies.delete(this);
    const unreadBody = !this.bodyRead && (this.phase === Phase.Body || this.head.contentLength > this.server.opts.maxBodyBytes);
    const ending = close || this.head.close || this.server.draining || unreadBody;
    const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    const connection = ending ? 'Connection: close\r\n' : this.head.keepAlive10 ? 'Connection: keep-alive\r\n' : '';
    const head = `HTTP/1.1 ${status} ${REASONS[status] ?? 'Status'}\r\nContent-Type: ${contentType}\r\nContent-Length: ${length}\r\nDate: ${httpDate()}\r\n${connection}${extraHeaders}\r\n`;
    const withBody = this.head.method !== 'HEAD';
    if (typeof body === 'string') {
      this.socket.write(withBody ? head + body : head);
    } else {
      const out = Buffer.allocUnsafe(head.length + (withBody ? length : 0));
      out.write(head, 0, 'latin1');
      if (withBody) body.copy(out, head.length);
      this.socket.write(out);
    }
    if (ending) { this.end(); return; }
    // Answered at the head of a request with a body: that body is skipped, then the next request.
    if (this.bodyRead) this.nextRequest();
    else { this.skip = this.head.contentLength; this.phase = Phase.Skip; this.since = performance.now(); }
    // An answer given later (asynchronously) lets the requests that arrived meanwhile go on.
    if (!this.advancing) this.advance();
  }

  private nextRequest(): void {
    this.phase = Phase.Head;
    this.idle = true;
    this.firstRequest = false;
    this.since = performance.now();
  }

  /** Refuses at the transport: a short plain-text answer, counted by the application, and the connection ends. */
  private refuse(status: number, reason: string): void {
    if (this.phase === Phase.Closed) return;
    this.server.app.refused(status, reason);
    const body = `${reason}\n`;
    this.socket.write(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Status'}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nDate: ${httpDate()}\r\nConnection: close\r\n\r\n${body}`);
    this.end();
  }

  /** Ends the connection after what was written; what the client still sends is read and dropped. */
  end(): void {
    if (this.phase === Phase.Closed) return;
    this.phase = Phase.Closed;
    this.pending = null;
    this.server.waitingBodies.delete(this);
    this.socket.end();
    this.socket.resume();
    this.since = performance.now();
  }

  /** Closes or refuses the connection when the wait it is in has run out (the slow sweep). */
  checkTimeouts(now: number): void {
    const { opts } = this.server;
    const waited = now - this.since;
    switch (this.phase) {
      case Phase.Closed: if (waited > 2000) this.socket.destroy(); break; // the client never closed its side
      case Phase.Skip: if (waited > opts.keepAliveTimeoutMs) this.end(); break;
      case Phase.Head:
        if (!this.idle) { if (waited > opts.headersTimeoutMs) this.refuse(408, `The request head did not arrive within ${opts.headersTimeoutMs} ms.`); }
        else if (waited > (this.firstRequest ? opts.headersTimeoutMs : opts.keepAliveTimeoutMs)) this.end();
        break;
      default: break;
    }
  }

  /** Between requests: closed at once when the server drains. */
  get isIdle(): boolean { return this.phase === Phase.Head && this.idle; }

  /** The socket closed. */
  closed(): void { this.phase = Phase.Closed; this.pending = null; }
}

/** The transport: connections, the two sweeps, and a graceful close. */
export class Http1Server {
  readonly tcp: net.Server;
  readonly connections = new Set<Connection>();
  /** Connections waiting for a request body, checked against the body deadline. */
  readonly waitingBodies = new Set<Connection>();
  draining = false;
  private readonly fastSweep: NodeJS.Timeout;
  private readonly slowSweep: NodeJS.Timeout;

  constructor(readonly opts: Http1Options, readonly app: Http1Application) {
    this.tcp = net.createServer({ noDelay: true }, (socket) => this.accept(socket));
    // Body deadlines: a quarter of a deadline apart, so a late body is answered by deadline × 1.25.
    this.fastSweep = setInterval(() => {
      if (this.waitingBodies.size === 0) return;
      const now = performance.now();
      for (const c of this.waitingBodies) if (now - c.t0 >= opts.bodyDeadlineMs) { this.waitingBodies.delete(c); app.late(c); c.end(); }
    }, Math.max(1, Math.floor(opts.bodyDeadlineMs / 4)));
    this.slowSweep = setInterval(() => {
      const now = performance.now();
      for (const c of this.connections) c.checkTimeouts(now);
    }, Math.max(10, Math.min(250, Math.floor(opts.headersTimeoutMs / 4))));
    this.fastSweep.unref();
    this.slowSweep.unref();
  }

  private accept(socket: net.Socket): void {
    if (this.draining) { socket.destroy(); return; }
    const c = new Connection(socket, this);
    this.connections.add(c);
    socket.on('data', (chunk: Buffer) => {
      try {
        c.onData(chunk);
      } catch (e) {
        // A fault of ours (never expected): this connection ends, the server goes on.
        this.app.refused(500, `internal error: ${e instanceof Error ? e.message : String(e)}`);
        c.closed();
        socket.destroy();
      }
    });
    socket.on('drain', () => socket.resume());
    socket.on('error', () => socket.destroy());
    socket.on('close', () => { this.connections.delete(c); this.waitingBodies.delete(c); c.closed(); this.maybeClosed(); });
  }

  listen(port: number, host: string): Promise<net.AddressInfo> {
    return new Promise((resolve, reject) => {
      this.tcp.once('error', reject);
      this.tcp.listen(port, host, () => { this.tcp.off('error', reject); resolve(this.tcp.address() as net.AddressInfo); });
    });
  }

  private closed: (() => void) | null = null;
  private maybeClosed(): void {
    if (this.closed && this.connections.size === 0) { const done = this.closed; this.closed = null; done(); }
  }

  /** Stops accepting; idle connections close now, busy ones after their answer (`Connection: close`); all by `graceMs`. */
  close(graceMs: number): Promise<void> {
    this.draining = true;
    clearInterval(this.fastSweep);
    const tcpClosed = new Promise<void>((resolve) => this.tcp.close(() => resolve()));
    const drained = new Promise<void>((resolve) => { this.closed = resolve; });
    for (const c of this.connections) if (c.isIdle) c.end();
    this.maybeClosed();
    const force = setTimeout(() => { for (const c of this.connections) c.socket.destroy(); }, graceMs);
    force.unref();
    return Promise.all([tcpClosed, drained]).then(() => { clearTimeout(force); clearInterval(this.slowSweep); });
  }
}
