import { isMethod, type ServiceEvent } from '../../service/contract';
import type { WireResult } from '../../types/errors';
import type { HostToService, ServiceToHost } from './ipc-protocol';

/** What the main process needs of the service process: Electron's utilityProcess and Node's child_process both fit. */
export interface ServiceChannel {
  postMessage(message: HostToService): void;
  onMessage(listener: (message: ServiceToHost) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export interface ServiceHost {
  call(method: string, args: unknown): Promise<WireResult<unknown>>;
  /** Lets the service use a file the user picked in the native dialog. */
  grant(path: string): void;
  onEvent(listener: (e: ServiceEvent) => void): () => void;
  stop(): void;
}

/**
 * Talks to the service process with sequence-numbered requests. If the service fails to start or
 * dies, every pending and later call resolves to an error value, so the UI shows it instead of
 * waiting forever.
 */
export function createServiceHost(channel: ServiceChannel): ServiceHost {
  let seq = 0;
  const pending = new Map<number, (r: WireResult<unknown>) => void>();
  const listeners = new Set<(e: ServiceEvent) => void>();
  let dead: string | null = null;
  const failAll = (message: string) => {
    dead = message;
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'INTERNAL', message, details: {} } });
    pending.clear();
  };
  channel.onMessage((m) => {
    if (m.type === 'reply') {
      pending.get(m.seq)?.(m.result);
      pending.delete(m.seq);
    } else if (m.type === 'event') listeners.forEach((l) => l(m.event));
    else if (m.type === 'init-failure') failAll(`The Jointscore service failed to start: ${m.message}`);
  });
  channel.onExit((code) => failAll(`The Jointscore service stopped (exit code ${code ?? 'unknown'}).`));
  return {
    call(method, args) {
      if (dead) return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: dead, details: {} } });
      if (!isMethod(method)) return Promise.resolve({ ok: false, error: { code: 'INVALID_ARGUMENT', message: `Unknown method '${String(method)}'.`, details: {} } });
      const id = ++seq;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        channel.postMessage({ type: 'call', seq: id, method, args });
      });
    },
    grant(path) {
      if (!dead) channel.postMessage({ type: 'grant', path });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      channel.kill();
      failAll('The Jointscore service was stopped.');
    },
  };
}
