import type { CellDecision } from '../../types/strategy';
import type { GenerationSource } from '../decision/generation';
import type { RtaHttpOptions } from './rta-http';

/** Everything `jointscore rta serve` is configured with. */
export interface RtaServeOptions extends RtaHttpOptions {
  source: GenerationSource;
  port: number;
  host: string;
  /** The admin port (POST /admin/reload, GET /admin/status, GET /metrics), always on 127.0.0.1; 0 = any free port. */
  adminPort: number;
  workers: number;
  /** Overrides the strategy's default decision for unknown users. */
  defaultDecision: CellDecision | null;
  /** Share of answered requests logged (0–1). */
  logSample: number;
  /** How long a shutdown waits for requests in flight (ms). */
  graceMs: number;
  /** The Ed25519 public keys (base64 or PEM) whose signed bundles this server runs; nothing else is loaded. */
  trust: string[];
  /** Where the admin port's bearer token is written (owner-only); the admin port answers only requests carrying it. */
  adminTokenFile: string;
}
