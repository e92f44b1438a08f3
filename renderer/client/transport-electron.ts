import type { JointscoreBridge, Transport } from './transport';

/** Electron: the preload's `window.jointscore` bridge (call, on, pickFile — nothing else). */
export function createElectronTransport(bridge: JointscoreBridge): Transport {
  return {
    mode: 'electron',
    call: (method, args) => bridge.call(method, args),
    subscribe: (listener) => bridge.on(listener),
    pickFile: (options) => bridge.pickFile(options),
  };
}
