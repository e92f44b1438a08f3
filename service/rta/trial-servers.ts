/**
 * RTA servers started from the workbench to try an exported bundle as the RTA service will run it:
 * the reference server of `jointscore rta serve` (one process, loopback only) on the bundle and a
 * feature snapshot, and real bid requests sent to it over HTTP. The servers live in the service
 * process (never Electron's main process) until stopped or the service closes.
 */
import http from 'node:http';
import path from 'node:path';
import { existingSigningKey } from '../signing/signing-key';
import { DEFAULT_LOOKUP_ORDER } from '../../rta/decision/decide-request';
import type { GenerationInfo } from '../../rta/decision/generation';
import { DEVICE_ID_FIELDS, OS_TYPES, type DeviceIdField, type OsType } from '../../rta/protocol/rta-message';
import type { RtaHandle } from '../../rta/server/cluster';
import { DEFAULT_HTTP_OPTIONS } from '../../rta/server/rta-http';
import { startRta } from '../../rta/server/start-rta';
import { addSnapshotReader } from '../../rta/snapshot/read-snapshot';
import { datasetSnapshotReader } from './dataset-snapshot';
import { AppError } from '../../types/errors';

export interface RtaTrialServer {
  /** Handle for rta.stop. */
  server: string;
  url: string;
  port: number;
  adminPort: number;
  info: GenerationInfo;
  /** The first ids of the snapshot (hashed), to try a known user. */
  sampleIds: string[];
}

export interface RtaTrialRequest {
  /** The server's port on 127.0.0.1 (one started here, or any `jointscore rta serve`). */
  port: number;
  host?: string;
  /** Request id; default `try-<time>`. */
  id?: string;
  device: Partial<Record<DeviceIdField, string>> & { os?: OsType };
  /** Ask for the scores, cell and reason codes in the answer (test traffic, not cached by the platform). */
  test?: boolean;
  strategyIds?: string[];
}

export interface RtaTrialAnswer {
  /** HTTP status of the answer. */
  status: number;
  /** Round trip, milliseconds. */
  ms: number;
  /** The server's answer as JSON (rta.proto's fields). */
  answer: Record<string, unknown>;
}

const TRIAL_DEADLINE_MS = 250;

export class TrialServers {
  private readonly servers = new Map<string, { handle: RtaHandle; view: RtaTrialServer }>();
  private next = 1;

  constructor(private readonly settingsDir: string) { addSnapshotReader(datasetSnapshotReader); }

  /** Whether a port is one of the servers started here (what the app may send requests to). */
  serves(port: number): boolean { return [...this.servers.values()].some((s) => s.view.port === port); }

  /** Loads the bundle (signed by this workbench, every sha256 verified) and the snapshot, and serves them on 127.0.0.1. */
  async start(bundle: string, features: string, port = 0): Promise<RtaTrialServer> {
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('INVALID_ARGUMENT', `'port' must be a whole number from 0 to 65535; got ${port}.`, { expected: '0–65535', got: String(port) });
    const source = { bundle: path.resolve(bundle), features: path.resolve(features) };
    let handle: RtaHandle;
    try {
      handle = await startRta({
        // An interactive try on a workstation: a deadline of 250 ms, so a busy laptop's pause does not
        // turn a try into the default answer (the answer still shows the server's processing time).
        ...DEFAULT_HTTP_OPTIONS, deadlineMs: TRIAL_DEADLINE_MS, source, port, host: '127.0.0.1', adminPort: 0, workers: 1, cacheSeconds: 300, strategyIds: [],
        lookupOrder: [...DEFAULT_LOOKUP_ORDER], defaultDecision: null, logSample: 0, graceMs: 1000,
        // It runs what this workbench signed, and nothing else.
        trust: [existingSigningKey(this.settingsDir)?.publicKey].filter((k): k is string => k !== undefined),
        adminTokenFile: path.join(this.settingsDir, 'rta', `admin-${process.pid}-${this.next}.token`),
      }, () => {});
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new AppError('INVALID_ARGUMENT', `Port ${port} on 127.0.0.1 is in use; choose another, or 0 for any free port.`, { expected: 'a free port', got: String(port) });
      throw e;
    }
    const server = `rta-${this.next++}`;
    const view: RtaTrialServer = { server, url: `http://127.0.0.1:${handle.port}/rta`, port: handle.port, adminPort: handle.adminPort, info: handle.coordinator.info, sampleIds: handle.sampleIds(5) };
    this.servers.set(server, { handle, view });
    return view;
  }

  list(): RtaTrialServer[] { return [...this.servers.values()].map((s) => s.view); }

  async stop(server: string): Promise<{ stopped: boolean }> {
    const s = this.servers.get(server);
    if (!s) return { stopped: false };
    this.servers.delete(server);
    await s.handle.stop();
    return { stopped: true };
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.servers.keys()].map((k) => this.stop(k)));
  }
}

/** Sends one bid request (JSON) to an RTA server over HTTP and returns its answer. */
export function sendTrialRequest(req: RtaTrialRequest): Promise<RtaTrialAnswer> {
  if (!Number.isInteger(req.port) || req.port < 1 || req.port > 65535) throw new AppError('INVALID_ARGUMENT', `'port' must be the RTA server's port (1–65535); got ${req.port}.`, { expected: '1–65535', got: String(req.port) });
  const device: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.device ?? {})) {
    if (k === 'os') {
      if (!(OS_TYPES as readonly string[]).includes(String(v))) throw new AppError('INVALID_ARGUMENT', `device.os must be one of ${OS_TYPES.join(', ')}; got '${v}'.`, { expected: OS_TYPES.join(' | '), got: String(v) });
    } else if (!(DEVICE_ID_FIELDS as readonly string[]).includes(k)) {
      throw new AppError('INVALID_ARGUMENT', `device.${k} is not a device id field: ${DEVICE_ID_FIELDS.join(', ')}.`, { expected: DEVICE_ID_FIELDS.join(' | '), got: k });
    }
    if (typeof v === 'string' && v.trim()) device[k] = v.trim();
  }
  if (!DEVICE_ID_FIELDS.some((f) => device[f])) throw new AppError('INVALID_ARGUMENT', `A bid request needs at least one device id (${DEVICE_ID_FIELDS.join(', ')}).`, { expected: 'a device id' });
  const body = JSON.stringify({ id: req.id ?? `try-${Date.now()}`, is_test: req.test === true, device, strategy_ids: req.strategyIds ?? [], request_time_ms: Date.now() });
  const host = req.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const r = http.request({ host, port: req.port, method: 'POST', path: '/rta', agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }, timeout: 5000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => {
        const ms = performance.now() - t0;
        try {
          resolve({ status: res.statusCode ?? 0, ms, answer: JSON.parse(text) as Record<string, unknown> });
        } catch {
          reject(new AppError('UNSUPPORTED_FORMAT', `http://${host}:${req.port}/rta answered ${res.statusCode} with a body that is not JSON: ${text.slice(0, 200)}`, { expected: 'an RTA server' }));
        }
      });
    });
    r.on('timeout', () => r.destroy(new Error('no answer within 5 s')));
    r.on('error', (e) => reject(new AppError('NOT_FOUND', `No RTA server answered at http://${host}:${req.port}/rta: ${e.message}.`, { expected: 'a running RTA server', got: `${host}:${req.port}` })));
    r.end(body);
  });
}
