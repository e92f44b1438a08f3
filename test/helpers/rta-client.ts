import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { REPO } from './temp';

export interface RunningServer {
  child: ChildProcess;
  port: number;
  adminPort: number;
  /** The admin port's bearer token, read from the token file the listening line names. */
  adminToken: string;
  logs: string[];
  stderr: () => string;
  exited: Promise<number>;
}

/**
 * Starts `jointscore rta serve …` as a user would and resolves once its `listening` log line
 * appears. `settingsDir`: the workbench whose signing key it trusts by default (the one that exported).
 */
export function startRtaServer(args: string[], settingsDir: string): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO, 'bin', 'jointscore.cjs'), 'rta', 'serve', '--port', '0', '--admin-port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, JOINTSCORE_SETTINGS_DIR: settingsDir } });
    const logs: string[] = [];
    let err = '', pending = '';
    const exited = new Promise<number>((res) => child.once('exit', (code) => res(code ?? -1)));
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    child.stdout!.on('data', (d: Buffer) => {
      pending += d.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const l of lines) {
        logs.push(l);
        if (l.includes('"event":"listening"')) {
          const j = JSON.parse(l) as { port: number; adminPort: number; adminTokenFile: string };
          resolve({ child, port: j.port, adminPort: j.adminPort, adminToken: fs.readFileSync(j.adminTokenFile, 'utf8').trim(), logs, stderr: () => err, exited });
        }
      }
    });
    void exited.then((code) => reject(new Error(`rta serve exited (${code}) before listening: ${err}`)));
  });
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One HTTP request (keep-alive through `agent` when given). */
export function request(port: number, method: string, url: string, body?: Buffer | string, headers: Record<string, string> = {}, agent?: http.Agent): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: url, headers, ...(agent ? { agent } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export const postJson = (port: number, body: unknown, agent?: http.Agent) => request(port, 'POST', '/rta', typeof body === 'string' ? body : JSON.stringify(body), { 'Content-Type': 'application/json' }, agent);

/** Writes raw bytes (in parts, `gapMs` apart) and collects what comes back until the server closes or `waitMs` passes. */
export function raw(port: number, parts: (string | Buffer)[], waitMs: number, gapMs = 0): Promise<{ text: string; closedByServer: boolean; ms: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const s = net.connect(port, '127.0.0.1');
    let text = '', done = false;
    const finish = (closedByServer: boolean) => { if (done) return; done = true; s.destroy(); resolve({ text, closedByServer, ms: performance.now() - t0 }); };
    s.on('data', (d: Buffer) => { text += d.toString('latin1'); });
    s.on('end', () => finish(true));
    s.on('close', () => finish(true));
    s.on('error', () => finish(true));
    setTimeout(() => finish(false), waitMs);
    s.on('connect', async () => {
      for (const p of parts) {
        if (s.destroyed) return;
        s.write(p);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
    });
  });
}

/** The headers the admin port needs: the bearer token and a JSON body. */
export const adminHeaders = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' });
