import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createService, type Service } from '../../../service/create-service';
import { startBrowserServer, type BrowserServer } from '../../../service/http/browser-server';
import { REPO, tempDir } from '../../helpers/temp';

function request(port: number, p: string, opts: { method?: string; host?: string; body?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, method: opts.method ?? 'GET', headers: { Host: opts.host ?? `127.0.0.1:${port}`, 'Content-Type': 'application/json', ...opts.headers } }, (res) => {
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
    service = createService({ mode: 'browser', settingsDir: path.join(dir, 'settings'), fileRoots: [dir] });
    server = await startBrowserServer({ service, rendererDir: path.join(REPO, 'dist', 'renderer'), uploadDir: dir, maxUploadBytes: 1000 });
  });

  it('acts only for its own page: another origin, a non-JSON call and an oversized upload are refused', async () => {
    const call = (headers: Record<string, string>) => request(server.port, `/${server.token}/api/call`, { method: 'POST', body: JSON.stringify({ method: 'app.info', args: {} }), headers });
    assert.equal((await call({ Origin: 'http://evil.example' })).status, 403);
    assert.equal((await call({ Origin: `http://127.0.0.1:${server.port}` })).status, 200, 'its own page');
    assert.equal((await call({ 'Content-Type': 'text/plain' })).status, 415, 'a "simple" cross-site POST');
    const up = (body: string) => request(server.port, `/${server.token}/api/upload?name=a.csv`, { method: 'POST', body, headers: { 'Content-Type': 'application/octet-stream' } });
    assert.equal((await up('x'.repeat(999))).status, 200);
    const big = await up('x'.repeat(5000));
    assert.equal(big.status, 413);
    assert.match(big.body, /larger than 1,000 bytes/);
    const left = fs.readdirSync(dir).filter((d) => d.startsWith('u-')).flatMap((d) => fs.readdirSync(path.join(dir, d)));
    assert.deepEqual(left, ['a.csv'], 'the refused upload left nothing');
  });

  it('reads and writes only inside the folders it was started on: not /etc/passwd, not a hidden folder, not through a symlink', async () => {
    const api = async (method: string, args: Record<string, unknown>) => JSON.parse((await request(server.port, `/${server.token}/api/call`, { method: 'POST', body: JSON.stringify({ method, args }) })).body);
    const refused = async (method: string, args: Record<string, unknown>, option: string) => {
      const r = await api(method, args);
      assert.deepEqual([r.ok, r.error?.code, r.error?.details.option], [false, 'PATH_NOT_ALLOWED', option], `${method} ${JSON.stringify(args)}`);
    };
    await refused('import.preview', { file: '/etc/passwd' }, 'file');
    await refused('files.list', { dir: '/' }, 'dir');
    await refused('files.list', { dir: '/etc' }, 'dir');
    fs.mkdirSync(path.join(dir, '.ssh'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.ssh', 'id_rsa.csv'), 'a,b\n1,2\n');
    await refused('import.preview', { file: path.join(dir, '.ssh', 'id_rsa.csv') }, 'file');
    fs.symlinkSync('/etc/passwd', path.join(dir, 'passwd.csv'));
    await refused('import.preview', { file: path.join(dir, 'passwd.csv') }, 'file');
    await refused('pseudonymize.run', { input: path.join(dir, 'in.csv'), output: '/tmp/../etc/out.csv', key: 'id', keyKind: 'other' }, 'output');
    await refused('workspace.create', { path: '/var/tmp/evil.jsw' }, 'path');
    await refused('datasets.list', { workspace: '/var/tmp/evil.jsw' }, 'workspace');
    fs.writeFileSync(path.join(dir, 'ok.csv'), 'a,b\n1,2\n');
    assert.equal((await api('import.preview', { file: path.join(dir, 'ok.csv') })).ok, true, 'a file in its folder');
    const listing = await api('files.list', { dir });
    assert.equal(listing.value.parent, null, 'no way up out of its folders');
    assert.ok(!listing.value.entries.some((e: { name: string }) => e.name.startsWith('.')));
  });

  it('in the app, bid requests go only to RTA servers it started', async () => {
    const r = JSON.parse((await request(server.port, `/${server.token}/api/call`, { method: 'POST', body: JSON.stringify({ method: 'rta.request', args: { port: 22, host: '10.0.0.1', device: { oaid_md5: 'x' } } }) })).body);
    assert.deepEqual([r.ok, r.error.code, r.error.details.option], [false, 'INVALID_ARGUMENT', 'port']);
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
