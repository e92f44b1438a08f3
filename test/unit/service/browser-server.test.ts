import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createService, type Service } from '../../../service/create-service';
import { startBrowserServer, type BrowserServer } from '../../../service/http/browser-server';
import { REPO, tempDir } from '../../helpers/temp';

function request(port: number, p: string, opts: { method?: string; host?: string; body?: string } = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, method: opts.method ?? 'GET', headers: { Host: opts.host ?? `127.0.0.1:${port}`, 'Content-Type': 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

describe('browser-mode server', () => {
  let server: BrowserServer;
  let service: Service;
  const dir = tempDir();
  before(async () => {
    service = createService({ mode: 'browser', settingsDir: dir });
    server = await startBrowserServer({ service, rendererDir: path.join(REPO, 'dist', 'renderer') });
  });
  after(async () => { await server.close(); service.close(); });

  it('listens on 127.0.0.1 and puts the token in the URL', () => {
    assert.match(server.url, new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/${server.token}/$`));
    assert.ok(server.token.length >= 32);
  });

  it('refuses every request without the right token', async () => {
    for (const p of ['/', '/index.html', '/api/call', `/${'0'.repeat(server.token.length)}/`, `/${server.token.slice(0, -1)}/`]) {
      assert.equal((await request(server.port, p)).status, 401, p);
    }
    assert.equal((await request(server.port, '/x/api/call', { method: 'POST', body: '{"method":"app.info","args":{}}' })).status, 401);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    assert.equal((await request(server.port, `/${server.token}/`, { host: 'evil.example' })).status, 403);
  });

  it('serves the app with a strict CSP, and answers API calls with wire results', async () => {
    const page = await request(server.port, `/${server.token}/`);
    assert.equal(page.status, 200);
    assert.match(page.body, /<div id="root">/);
    assert.match(String(page.headers['content-security-policy']), /default-src 'none'; script-src 'self'/);
    const info = JSON.parse((await request(server.port, `/${server.token}/api/call`, { method: 'POST', body: JSON.stringify({ method: 'app.info', args: {} }) })).body);
    assert.equal(info.ok, true);
    assert.equal(info.value.mode, 'browser');
    const bad = JSON.parse((await request(server.port, `/${server.token}/api/call`, { method: 'POST', body: JSON.stringify({ method: 'nope', args: {} }) })).body);
    assert.deepEqual([bad.ok, bad.error.code], [false, 'INVALID_ARGUMENT']);
    for (const p of [`/${server.token}/../../etc/passwd`, `/${server.token}/%2e%2e/%2e%2e/etc/passwd`, `/${server.token}/..%2f..%2fetc%2fpasswd`]) {
      const r = await request(server.port, p);
      assert.ok(r.status === 401 || r.status === 404, `${p} gave ${r.status}`);
      assert.doesNotMatch(r.body, /root:/);
    }
  });
});
