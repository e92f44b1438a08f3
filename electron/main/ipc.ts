import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { isMethod } from '../../service/contract';
import type { WireResult } from '../../types/errors';
import { CHANNELS } from './ipc-protocol';
import type { ServiceHost } from './service-host';

export interface PickFileOptions {
  title: string;
  extensions: string[];
  save?: boolean;
}

export interface IpcDeps {
  ipcMain: Pick<IpcMain, 'handle'>;
  host: ServiceHost;
  /** The URL of the app page; calls from any other frame are refused. */
  appUrl: string;
  pickFile: (options: PickFileOptions) => Promise<string | null>;
}

function trusted(event: IpcMainInvokeEvent, appUrl: string): boolean {
  const url = event.senderFrame?.url ?? '';
  return url.split('#')[0] === appUrl.split('#')[0];
}

function refuse(message: string): WireResult<never> {
  return { ok: false, error: { code: 'UNAUTHORIZED', message, details: {} } };
}

/** Registers the two invoke channels. Each checks the sender frame and the arguments before forwarding. */
export function registerIpc(deps: IpcDeps): void {
  deps.ipcMain.handle(CHANNELS.call, async (event, method: unknown, args: unknown) => {
    if (!trusted(event, deps.appUrl)) return refuse('IPC call from an untrusted frame.');
    if (!isMethod(method)) return { ok: false, error: { code: 'INVALID_ARGUMENT', message: `Unknown method '${String(method)}'.`, details: {} } };
    if (typeof args !== 'object' || args === null || Array.isArray(args)) return { ok: false, error: { code: 'INVALID_ARGUMENT', message: `Arguments of '${method}' must be an object.`, details: {} } };
    return deps.host.call(method, args);
  });
  deps.ipcMain.handle(CHANNELS.pickFile, async (event, options: unknown) => {
    if (!trusted(event, deps.appUrl)) return null;
    const o = options as Partial<PickFileOptions> | null;
    if (!o || typeof o.title !== 'string' || !Array.isArray(o.extensions) || !o.extensions.every((e) => typeof e === 'string')) return null;
    const picked = await deps.pickFile({ title: o.title, extensions: o.extensions, ...(o.save === true ? { save: true } : {}) });
    // The page gets the path, and the service may now use that one file: no other path enters from the page.
    if (picked) deps.host.grant(picked);
    return picked;
  });
}
