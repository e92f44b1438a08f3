import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';

/** The fixed, hardened web preferences of every Jointscore window; DevTools only outside the packaged app. */
export function secureWebPreferences(preload: string, devTools = false): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload,
    devTools,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    spellcheck: false,
  };
}

export interface WindowDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
}

/** Creates the main window; it is shown once the first paint is ready (no white flash). */
export function createMainWindow(deps: WindowDeps, opts: { preload: string; indexHtml: string; devTools?: boolean }): BrowserWindow {
  const win = new deps.BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Jointscore',
    backgroundColor: '#f6f7f9',
    webPreferences: secureWebPreferences(opts.preload, opts.devTools === true),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadFile(opts.indexHtml);
  return win;
}
