import type { ServiceEvent } from '../../service/contract';
import type { WireResult } from '../../types/errors';
import type { Transport } from './transport';

/**
 * Browser mode: the page was loaded from `http://127.0.0.1:PORT/<token>/`, so every relative URL
 * carries the token. Calls are POSTs; events arrive over one EventSource.
 */
export function createHttpTransport(base: string = new URL('./', location.href).href): Transport {
  const listeners = new Set<(e: ServiceEvent) => void>();
  let source: EventSource | null = null;
  const ensureEvents = () => {
    if (source) return;
    source = new EventSource(new URL('api/events', base));
    source.onmessage = (m) => {
      const e = JSON.parse(m.data as string) as ServiceEvent;
      listeners.forEach((l) => l(e));
    };
  };
  return {
    mode: 'browser',
    async call(method, args) {
      try {
        const res = await fetch(new URL('api/call', base), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ method, args }) });
        if (!res.ok && res.status !== 400) return { ok: false, error: { code: 'INTERNAL', message: `The local server answered ${res.status}.`, details: {} } };
        return (await res.json()) as WireResult<unknown>;
      } catch (err) {
        return { ok: false, error: { code: 'INTERNAL', message: `The local Jointscore server cannot be reached (${err instanceof Error ? err.message : String(err)}). Is it still running?`, details: {} } };
      }
    },
    subscribe(listener) {
      ensureEvents();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    upload(file, onProgress) {
      return new Promise((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', new URL(`api/upload?name=${encodeURIComponent(file.name)}`, base));
        xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
        xhr.onload = () => {
          const body = JSON.parse(xhr.responseText) as WireResult<{ path: string }>;
          if (body.ok) resolve(body.value.path); else reject(new Error(body.error.message));
        };
        xhr.onerror = () => reject(new Error('upload failed'));
        xhr.send(file);
      });
    },
  };
}
