import type { ServiceEvent } from '../../service/contract';
export type { JointscoreBridge } from '../../service/contract';
import type { WireResult } from '../../types/errors';

/** How the renderer reaches the service: Electron IPC through the preload bridge, or HTTP + SSE in browser mode. */
export interface Transport {
  readonly mode: 'electron' | 'browser';
  call(method: string, args: unknown): Promise<WireResult<unknown>>;
  subscribe(listener: (e: ServiceEvent) => void): () => void;
  /** A native open-file dialog (Electron only). */
  pickFile?(options: { title: string; extensions: string[]; save?: boolean }): Promise<string | null>;
  /** Sends a file chosen in the browser to the local server; returns its path there (browser mode only). */
  upload?(file: File, onProgress: (fraction: number) => void): Promise<string>;
}

