import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { JointscoreBridge, ServiceEvent } from '../../service/contract';
import type { WireResult } from '../../types/errors';
import { CHANNELS } from '../main/ipc-protocol';

/** The only thing the page gets: call, on, pickFile. No raw ipcRenderer, no generic send. */
const bridge = {
  call: (method: string, args: unknown) => ipcRenderer.invoke(CHANNELS.call, method, args) as Promise<WireResult<unknown>>,
  on: (listener: (e: ServiceEvent) => void) => {
    const wrapped = (_event: IpcRendererEvent, e: ServiceEvent) => listener(e);
    ipcRenderer.on(CHANNELS.event, wrapped);
    return () => { ipcRenderer.removeListener(CHANNELS.event, wrapped); };
  },
  pickFile: (options: { title: string; extensions: string[]; save?: boolean }) => ipcRenderer.invoke(CHANNELS.pickFile, options) as Promise<string | null>,
} satisfies JointscoreBridge;

contextBridge.exposeInMainWorld('jointscore', bridge);
