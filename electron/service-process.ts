import { createService } from '../service/create-service';
import { defaultSettingsDir } from '../service/recent-workspaces';
import type { HostToService, ServiceToHost } from './main/ipc-protocol';

/**
 * The service process of the desktop app: Electron's utilityProcess (packaged) or a Node child
 * process (development). Requests arrive as messages; results and events go back as messages.
 */
interface Port {
  send(m: ServiceToHost): void;
  onMessage(l: (m: HostToService) => void): void;
}

function port(): Port {
  const parentPort = (process as unknown as { parentPort?: { postMessage(m: unknown): void; on(e: 'message', l: (e: { data: unknown }) => void): void } }).parentPort;
  if (parentPort) return { send: (m) => parentPort.postMessage(m), onMessage: (l) => parentPort.on('message', (e) => l(e.data as HostToService)) };
  if (process.send) {
    const send = process.send.bind(process);
    return { send: (m) => { send(m); }, onMessage: (l) => process.on('message', (m) => l(m as HostToService)) };
  }
  throw new Error('service-process must be started by the Electron main process');
}

const p = port();
try {
  const i = process.argv.indexOf('--settings-dir');
  const settingsDir = i >= 0 ? process.argv[i + 1] ?? defaultSettingsDir() : defaultSettingsDir();
  const service = createService({ mode: 'electron', settingsDir });
  service.on((event) => p.send({ type: 'event', event }));
  p.onMessage((m) => {
    if (m.type === 'grant') { service.grant(m.path, 'file'); return; }
    if (m.type !== 'call') return;
    void service.callWire(m.method, m.args).then((result) => p.send({ type: 'reply', seq: m.seq, result }));
  });
  p.send({ type: 'ready' });
} catch (err) {
  p.send({ type: 'init-failure', message: err instanceof Error ? err.message : String(err) });
}
