import type { ServiceEvent } from '../../service/contract';
import type { WireResult } from '../../types/errors';

/** IPC channel names: one place, used by main and preload. */
export const CHANNELS = {
  call: 'jointscore:call',
  pickFile: 'jointscore:pick-file',
  event: 'jointscore:event',
} as const;

/** Messages between the main process and the service process. */
export type HostToService =
  | { type: 'call'; seq: number; method: string; args: unknown }
  /** A file the user picked in the native dialog: the only way a path outside the app's folders enters. */
  | { type: 'grant'; path: string };
export type ServiceToHost =
  | { type: 'ready' }
  | { type: 'reply'; seq: number; result: WireResult<unknown> }
  | { type: 'event'; event: ServiceEvent }
  | { type: 'init-failure'; message: string };
