import { app, BrowserWindow, dialog, ipcMain, session, shell, utilityProcess } from 'electron';
import { fork } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMainWindow } from './create-window';
import { registerIpc } from './ipc';
import { CHANNELS, type HostToService, type ServiceToHost } from './ipc-protocol';
import { denyAllPermissions, hardenContents } from './security';
import { createServiceHost, type ServiceChannel } from './service-host';

/**
 * Electron main: thin. The service (SQLite, imports, training) runs in another process — a
 * utilityProcess in the packaged app; in development a Node child process, so native modules
 * built for Node by `npm install` load unchanged.
 */
const dist = __dirname;
const servicePath = path.join(dist, 'service-process.cjs');

function startServiceChannel(): ServiceChannel {
  const args = ['--settings-dir', app.getPath('userData')];
  if (app.isPackaged) {
    const child = utilityProcess.fork(servicePath, args, { serviceName: 'Jointscore service' });
    return {
      postMessage: (m: HostToService) => child.postMessage(m),
      onMessage: (l) => child.on('message', (m: ServiceToHost) => l(m)),
      onExit: (l) => child.on('exit', (code) => l(code)),
      kill: () => void child.kill(),
    };
  }
  // Development only: the Node that npm runs (never whatever `node` is first on PATH).
  const node = process.env.npm_node_execpath ?? process.env.JOINTSCORE_NODE;
  if (!node || !path.isAbsolute(node)) throw new Error('The development app runs its service with the Node that npm uses: start it through npm (npm start), or set JOINTSCORE_NODE to an absolute path.');
  const child = fork(servicePath, args, { execPath: node, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    postMessage: (m) => child.send(m),
    onMessage: (l) => child.on('message', (m) => l(m as ServiceToHost)),
    onExit: (l) => child.on('exit', (code) => l(code)),
    kill: () => void child.kill(),
  };
}

if (!app.requestSingleInstanceLock()) app.quit();
else {
  void app.whenReady().then(() => {
    denyAllPermissions(session.defaultSession);
    const host = createServiceHost(startServiceChannel());
    const indexHtml = path.join(dist, 'renderer', 'index.html');
    const appUrl = pathToFileURL(indexHtml).href;
    const win = createMainWindow({ BrowserWindow }, { preload: path.join(dist, 'preload.cjs'), indexHtml, devTools: !app.isPackaged });
    hardenContents(win.webContents, appUrl, { openExternal: (url) => shell.openExternal(url) });
    host.onEvent((e) => { if (!win.isDestroyed()) win.webContents.send(CHANNELS.event, e); });
    registerIpc({
      ipcMain, host, appUrl,
      pickFile: async ({ title, extensions, save }) => {
        const filters = [{ name: extensions.join(', '), extensions: extensions.map((e) => e.replace(/^\./, '')) }];
        if (save) {
          const r = await dialog.showSaveDialog(win, { title, filters });
          return r.canceled ? null : r.filePath ?? null;
        }
        const r = await dialog.showOpenDialog(win, { title, filters, properties: ['openFile'] });
        return r.canceled ? null : r.filePaths[0] ?? null;
      },
    });
    app.on('second-instance', () => { if (win.isMinimized()) win.restore(); win.focus(); });
    app.on('window-all-closed', () => { host.stop(); app.quit(); });
  });
}
