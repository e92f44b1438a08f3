import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Coordinator } from './coordinator';
import { publicInfo, type ChallengerSource } from '../decision/generation';
import { carriesToken } from './admin-token';

const MAX_ADMIN_BODY = 64 * 1024;

function send(res: http.ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Whether a request may act on the admin port: never from a browser (an Origin header, or a
 * POST that is not JSON — what a cross-site form or "simple" fetch sends), and always with the
 * bearer token from the token file. GET /healthz alone is open (it says nothing private).
 */
function refusal(req: http.IncomingMessage, token: string): [number, string] | null {
  if (req.method === 'GET' && req.url === '/healthz') return null;
  if (req.headers.origin !== undefined) return [403, 'The admin port does not answer browsers (the request has an Origin header).'];
  if (req.method === 'POST' && !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return [415, 'POST to the admin port needs Content-Type: application/json.'];
  if (!carriesToken(req.headers.authorization, token)) return [401, 'The admin port needs the header Authorization: Bearer <token> (the token is in the file named by the listening log line, adminTokenFile).'];
  return null;
}

/** A reload's challenger: null stops it; fields given replace those serving (a new one needs its bundle). */
function challengerChange(serving: ChallengerSource | null, c: { bundle?: unknown; features?: unknown; share?: unknown } | null): ChallengerSource | null {
  if (c === null) return null;
  const bundle = (c.bundle as string | undefined) ?? serving?.bundle;
  if (!bundle) return { bundle: '', share: 0 };
  const features = (c.features as string | undefined) ?? serving?.features;
  return { bundle, share: (c.share as number | undefined) ?? serving?.share ?? 0.1, ...(features ? { features } : {}) };
}

/**
 * The admin port, bound to 127.0.0.1 only: POST /admin/reload (optional JSON body `{"bundle":
 * DIR, "features": FILE}` to switch files; without it the same paths are read again; the new
 * bundle must be signed by a trusted key), GET /admin/status, GET /metrics (every worker summed)
 * — all with the bearer token — and GET /healthz.
 */
export function startAdminServer(coordinator: Coordinator, port: number, token: string): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer((req, res) => {
    req.on('error', () => {});
    const refused = refusal(req, token);
    if (refused) { req.resume(); send(res, refused[0], { error: refused[1] }); return; }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => { size += c.length; if (size <= MAX_ADMIN_BODY) chunks.push(c); });
    req.on('end', () => {
      const route = `${req.method} ${req.url}`;
      if (route === 'POST /admin/reload') {
        if (size > MAX_ADMIN_BODY) { send(res, 413, { error: `The body exceeds ${MAX_ADMIN_BODY} bytes.` }); return; }
        let change: { bundle?: string; features?: string; challenger?: { bundle?: unknown; features?: unknown; share?: unknown } | null } = {};
        const text = Buffer.concat(chunks).toString('utf8').trim();
        if (text) {
          try { change = JSON.parse(text) as typeof change; } catch (e) { send(res, 400, { error: `The body is not valid JSON: ${(e as Error).message}` }); return; }
          const bad = (['bundle', 'features'] as const).find((k) => change[k] !== undefined && typeof change[k] !== 'string');
          if (typeof change !== 'object' || change === null || bad) { send(res, 400, { error: `Expected {"bundle": "DIR", "features": "FILE", "challenger": {"bundle": "DIR", "features": "FILE", "share": 0.1} | null} (all optional)${bad ? `; ${bad} is not a string` : ''}.` }); return; }
          const c = change.challenger;
          if (c !== undefined && c !== null && (typeof c !== 'object' || (c.bundle !== undefined && typeof c.bundle !== 'string') || (c.features !== undefined && typeof c.features !== 'string') || (c.share !== undefined && typeof c.share !== 'number'))) {
            send(res, 400, { error: 'challenger is {"bundle": "DIR", "features": "FILE", "share": 0.1} (each optional when a challenger serves already) or null to stop it.' }); return;
          }
        }
        const challenger = change.challenger !== undefined ? challengerChange(coordinator.source.challenger ?? null, change.challenger) : undefined;
        if (challenger && !challenger.bundle) { send(res, 400, { error: 'No challenger serves yet: give its bundle, {"challenger": {"bundle": "DIR", "share": 0.1}}.' }); return; }
        coordinator.reload({ ...(change.bundle ? { bundle: change.bundle } : {}), ...(change.features ? { features: change.features } : {}), ...(challenger !== undefined ? { challenger } : {}) })
          .then((r) => send(res, r.ok ? 200 : 422, r), (e: Error) => send(res, 500, { ok: false, error: e.message }));
        return;
      }
      if (route === 'GET /healthz') { send(res, 200, { status: 'ok', ...publicInfo(coordinator.info) }); return; }
      if (route === 'GET /admin/status') { send(res, 200, { status: 'ok', workers: coordinator.workers, ...coordinator.info, source: coordinator.source }); return; }
      if (route === 'GET /metrics') { coordinator.metricsText().then((t) => send(res, 200, t, 'text/plain; version=0.0.4'), (e: Error) => send(res, 500, { error: e.message })); return; }
      send(res, 404, { error: `${route} is not served: POST /admin/reload, GET /admin/status, GET /metrics, GET /healthz.` });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => { server.off('error', reject); resolve({ server, port: (server.address() as AddressInfo).port }); });
  });
}
