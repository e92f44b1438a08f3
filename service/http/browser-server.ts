import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Service } from '../create-service';

/** The CSP of every page: our own scripts and styles only; plotly needs inline styles and blob workers. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.map': 'application/json',
};
const MAX_BODY = 1024 * 1024;
/** The largest file the browser may upload for import (the CLI and Electron read files in place). */
export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

export interface BrowserServer {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

export interface BrowserServerOptions {
  service: Service;
  /** Folder holding the built renderer (index.html, app.js, app.css). */
  rendererDir: string;
  port?: number;
  token?: string;
  /** Where uploaded files are written before import. */
  uploadDir?: string;
  /** Uploads larger than this are refused (default MAX_UPLOAD_BYTES). */
  maxUploadBytes?: number;
}

/**
 * Browser mode: serves the renderer and the Workbench API on 127.0.0.1 only. Every request must
 * carry the per-run token as the first path segment (`/<token>/…`), compared in constant time;
 * the Host header must name the loopback address (against DNS rebinding).
 */
export function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const tokenBytes = Buffer.from(token);
  let uploadRoot: string | null = options.uploadDir ?? null;
  let ownsUploadRoot = false;
  const uploadDir = () => {
    if (!uploadRoot) { uploadRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'jointscore-upload-')); ownsUploadRoot = true; }
    // What the browser uploaded, the app may read (and import).
    options.service.grant(uploadRoot, 'folder');
    return uploadRoot;
  };
  const clients = new Set<http.ServerResponse>();
  const unsubscribe = options.service.on((e) => {
    const data = `data: ${JSON.stringify(e)}\n\n`;
    for (const c of clients) c.write(data);
  });
  let port = 0;

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', `internal error: ${err instanceof Error ? err.message : String(err)}`);
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 403, 'text/plain', 'forbidden host');
    const url = new URL(req.url ?? '/', `http://${host}`);
    const [first, ...rest] = url.pathname.split('/').filter((s) => s.length > 0);
    const given = Buffer.from(first ?? '');
    if (given.length !== tokenBytes.length || !timingSafeEqual(given, tokenBytes)) return send(res, 401, 'text/plain', 'missing or wrong token');
    const route = rest.join('/');
    // A page of another origin never acts here, even one that learned the token: its POSTs carry its Origin.
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) return send(res, 403, 'text/plain', 'forbidden origin');
    if (route === 'api/call' && req.method === 'POST' && !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return send(res, 415, 'text/plain', 'API calls are application/json');
    if (route === 'api/call' && req.method === 'POST') return apiCall(req, res);
    if (route === 'api/events' && req.method === 'GET') return events(req, res);
    if (route === 'api/upload' && req.method === 'POST') return upload(req, res, url);
    if (req.method !== 'GET') return send(res, 405, 'text/plain', 'method not allowed');
    if (url.pathname === `/${token}`) { res.writeHead(302, { Location: `/${token}/` }); res.end(); return; }
    return serveStatic(res, route === '' ? 'index.html' : route);
  }

  async function apiCall(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let body: { method?: unknown; args?: unknown };
    try {
      body = JSON.parse((await readBody(req, MAX_BODY)).toString('utf8')) as typeof body;
    } catch (err) {
      return send(res, 400, 'application/json', JSON.stringify({ ok: false, error: { code: 'INVALID_ARGUMENT', message: `Bad request body: ${err instanceof Error ? err.message : String(err)}`, details: {} } }));
    }
    const result = await options.service.callWire(body.method, body.args ?? {});
    send(res, 200, 'application/json', JSON.stringify(result));
  }

  function events(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    clients.add(res);
    req.on('close', () => clients.delete(res));
  }

  async function upload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const name = path.basename(url.searchParams.get('name') ?? 'upload.csv').replace(/[^\w.\-\u4e00-\u9fff]/g, '_') || 'upload.csv';
    const limit = options.maxUploadBytes ?? MAX_UPLOAD_BYTES;
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limit) { req.resume(); return send(res, 413, 'application/json', JSON.stringify({ ok: false, error: { code: 'INVALID_ARGUMENT', message: `The file is ${declared.toLocaleString('en')} bytes; uploads take at most ${limit.toLocaleString('en')}. Run Jointscore as the desktop app or the CLI to read it in place.`, details: { expected: `at most ${limit} bytes`, got: String(declared) } } })); }
    const dir = fs.mkdtempSync(path.join(uploadDir(), 'u-'));
    const target = path.join(dir, name);
    let size = 0;
    const ok = await new Promise<boolean>((resolve, reject) => {
      const out = fs.createWriteStream(target);
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > limit && !out.destroyed) { req.unpipe(out); out.destroy(); req.resume(); resolve(false); }
      });
      req.pipe(out);
      out.on('finish', () => resolve(true));
      out.on('error', reject);
      req.on('error', (e) => (size > limit ? resolve(false) : reject(e)));
    });
    if (!ok) {
      fs.rmSync(dir, { recursive: true, force: true });
      res.setHeader('Connection', 'close');
      return send(res, 413, 'application/json', JSON.stringify({ ok: false, error: { code: 'INVALID_ARGUMENT', message: `The file is larger than ${limit.toLocaleString('en')} bytes, the most an upload takes. Run Jointscore as the desktop app or the CLI to read it in place.`, details: { expected: `at most ${limit} bytes` } } }));
    }
    send(res, 200, 'application/json', JSON.stringify({ ok: true, value: { path: target } }));
  }

  function serveStatic(res: http.ServerResponse, rel: string): void {
    const root = path.resolve(options.rendererDir);
    const file = path.resolve(root, rel);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return send(res, 404, 'text/plain', 'not found');
    res.writeHead(200, {
      'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    });
    fs.createReadStream(file).pipe(res);
  }

  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}/${token}/`,
        token,
        port,
        close: () => new Promise<void>((done) => {
          unsubscribe();
          if (ownsUploadRoot && uploadRoot) fs.rmSync(uploadRoot, { recursive: true, force: true });
          for (const c of clients) c.end();
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) { reject(new Error(`body larger than ${limit} bytes`)); req.destroy(); return; }
      parts.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}
