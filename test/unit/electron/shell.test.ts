import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { BrowserWindowConstructorOptions, IpcMainInvokeEvent, WebContents } from 'electron';
import { createMainWindow, secureWebPreferences } from '../../../electron/main/create-window';
import { registerIpc } from '../../../electron/main/ipc';
import { CHANNELS, type HostToService, type ServiceToHost } from '../../../electron/main/ipc-protocol';
import { denyAllPermissions, hardenContents, isAllowedExternal } from '../../../electron/main/security';
import { createServiceHost, type ServiceChannel } from '../../../electron/main/service-host';

const APP_URL = 'file:///opt/jointscore/dist/renderer/index.html';

describe('Electron window', () => {
  it('uses context isolation, the sandbox and no Node integration', () => {
    const prefs = secureWebPreferences('/p/preload.cjs');
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(prefs.nodeIntegrationInWorker, false);
    assert.equal(prefs.webviewTag, false);
    assert.equal(prefs.devTools, false, 'no DevTools unless asked (the packaged app never asks)');
    assert.equal(secureWebPreferences('/p/preload.cjs', true).devTools, true);
  });

  it('creates the window hidden, loads the app file and shows it when ready', () => {
    let options: BrowserWindowConstructorOptions | null = null;
    const events = new EventEmitter();
    let loaded = '';
    let shown = false;
    class FakeWindow {
      constructor(o: BrowserWindowConstructorOptions) { options = o; }
      once(e: string, l: () => void) { events.once(e, l); return this; }
      loadFile(f: string) { loaded = f; return Promise.resolve(); }
      show() { shown = true; }
    }
    createMainWindow({ BrowserWindow: FakeWindow as never }, { preload: '/p/preload.cjs', indexHtml: '/p/index.html' });
    assert.equal(options!.show, false);
    assert.equal(options!.webPreferences?.sandbox, true);
    assert.equal(loaded, '/p/index.html');
    assert.equal(shown, false);
    events.emit('ready-to-show');
    assert.equal(shown, true);
  });
});

describe('Electron security', () => {
  function fakeContents() {
    const emitter = new EventEmitter();
    let openHandler: ((d: { url: string }) => { action: string }) | null = null;
    const contents = Object.assign(emitter, { setWindowOpenHandler: (h: typeof openHandler) => { openHandler = h; } });
    return { contents: contents as unknown as WebContents, emitter, open: (url: string) => openHandler!({ url }) };
  }
  const navigate = (emitter: EventEmitter, name: string, url: string) => {
    let prevented = false;
    emitter.emit(name, { preventDefault: () => { prevented = true; } }, url);
    return prevented;
  };

  it('blocks navigation away from the app page, redirects and webviews', () => {
    const { contents, emitter } = fakeContents();
    hardenContents(contents, APP_URL, { openExternal: () => {} });
    assert.equal(navigate(emitter, 'will-navigate', 'https://evil.example/'), true);
    assert.equal(navigate(emitter, 'will-navigate', `${APP_URL}#/datasets`), false);
    assert.equal(navigate(emitter, 'will-redirect', APP_URL), true);
    assert.equal(navigate(emitter, 'will-attach-webview', ''), true);
  });

  it('denies new windows; only https links go to the user browser', () => {
    const { contents, open } = fakeContents();
    const opened: string[] = [];
    hardenContents(contents, APP_URL, { openExternal: (u) => { opened.push(u); } });
    assert.deepEqual(open('https://docs.example.org/woe'), { action: 'deny' });
    assert.deepEqual(open('file:///etc/passwd'), { action: 'deny' });
    assert.deepEqual(open('javascript:alert(1)'), { action: 'deny' });
    assert.deepEqual(opened, ['https://docs.example.org/woe']);
    assert.equal(isAllowedExternal('https://user:pw@x.org'), false);
  });

  it('denies every permission request and every permission check', () => {
    let answer: boolean | null = null;
    let check: ((wc: unknown, p: string) => boolean) | null = null;
    denyAllPermissions({ setPermissionRequestHandler: (h) => h(null, 'media', (g) => { answer = g; }), setPermissionCheckHandler: (h) => { check = h; } });
    assert.equal(answer, false);
    assert.equal(check!(null, 'clipboard-read'), false);
  });
});

describe('IPC and the service host', () => {
  function fakeChannel() {
    const listeners: ((m: ServiceToHost) => void)[] = [];
    const exits: ((c: number | null) => void)[] = [];
    const sent: HostToService[] = [];
    const channel: ServiceChannel = {
      postMessage: (m) => sent.push(m),
      onMessage: (l) => listeners.push(l),
      onExit: (l) => exits.push(l),
      kill: () => {},
    };
    return { channel, sent, reply: (m: ServiceToHost) => listeners.forEach((l) => l(m)), exit: (c: number) => exits.forEach((l) => l(c)) };
  }

  it('pairs replies with requests by sequence number, forwards events and passes picked files on', async () => {
    const f = fakeChannel();
    const host = createServiceHost(f.channel);
    const events: unknown[] = [];
    host.onEvent((e) => events.push(e));
    const a = host.call('datasets.list', { workspace: 'a' });
    const b = host.call('workspace.recent', {});
    assert.deepEqual(f.sent.map((m) => (m.type === 'call' ? m.seq : null)), [1, 2]);
    f.reply({ type: 'reply', seq: 2, result: { ok: true, value: 'B' } });
    f.reply({ type: 'reply', seq: 1, result: { ok: true, value: 'A' } });
    f.reply({ type: 'event', event: { event: 'workspace.changed', payload: { workspace: 'w' } } });
    assert.deepEqual(await a, { ok: true, value: 'A' });
    assert.deepEqual(await b, { ok: true, value: 'B' });
    assert.equal(events.length, 1);
    host.grant('/data/picked.csv');
    assert.deepEqual(f.sent.at(-1), { type: 'grant', path: '/data/picked.csv' });
  });

  it('answers every pending and later call with an error when the service dies', async () => {
    const f = fakeChannel();
    const host = createServiceHost(f.channel);
    const pending = host.call('datasets.list', { workspace: 'a' });
    f.exit(3);
    const r = await pending;
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error.message : '', /exit code 3/);
    const later = await host.call('workspace.recent', {});
    assert.equal(later.ok, false);
  });

  it('refuses calls from untrusted frames, unknown methods and non-object arguments, and grants the service only the picked file', async () => {
    const handlers = new Map<string, (e: IpcMainInvokeEvent, ...a: unknown[]) => unknown>();
    const calls: string[] = [];
    const granted: string[] = [];
    registerIpc({
      ipcMain: { handle: (ch: string, h: (e: IpcMainInvokeEvent, ...a: unknown[]) => unknown) => { handlers.set(ch, h); } } as never,
      host: { call: async (m) => { calls.push(m); return { ok: true, value: m }; }, grant: (p) => { granted.push(p); }, onEvent: () => () => {}, stop: () => {} },
      appUrl: APP_URL,
      pickFile: async () => '/tmp/x.csv',
    });
    const ev = (url: string) => ({ senderFrame: { url } }) as unknown as IpcMainInvokeEvent;
    const call = handlers.get(CHANNELS.call)!;
    assert.deepEqual(await call(ev(APP_URL), 'workspace.recent', {}), { ok: true, value: 'workspace.recent' });
    const untrusted = (await call(ev('https://evil.example/'), 'workspace.recent', {})) as { ok: boolean; error: { code: string } };
    assert.equal(untrusted.error.code, 'UNAUTHORIZED');
    const unknown = (await call(ev(APP_URL), 'fs.deleteEverything', {})) as { ok: boolean; error: { code: string } };
    assert.equal(unknown.error.code, 'INVALID_ARGUMENT');
    const badArgs = (await call(ev(APP_URL), 'datasets.list', 'x')) as { ok: boolean };
    assert.equal(badArgs.ok, false);
    assert.deepEqual(calls, ['workspace.recent']);
    const pick = handlers.get(CHANNELS.pickFile)!;
    assert.equal(await pick(ev(APP_URL), { title: 'Open', extensions: ['.csv'] }), '/tmp/x.csv');
    assert.equal(await pick(ev('https://evil.example/'), { title: 'Open', extensions: ['.csv'] }), null);
    assert.equal(await pick(ev(APP_URL), { title: 3 }), null);
    // Only the file the user picked, from the app's own page, is granted to the service.
    assert.deepEqual(granted, ['/tmp/x.csv']);
  });
});
