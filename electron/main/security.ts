import type { WebContents } from 'electron';

export interface SecurityDeps {
  /** Opens a URL in the user's browser (Electron's `shell.openExternal`). */
  openExternal: (url: string) => Promise<void> | void;
}

/** Only documentation links on https go to the user's browser; nothing else leaves the app. */
export function isAllowedExternal(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/**
 * Locks a window's contents to the app page: no navigation, no redirects, no new windows
 * (https links go to the user's browser instead), no <webview>.
 */
export function hardenContents(contents: WebContents, appUrl: string, deps: SecurityDeps): void {
  const sameDocument = (url: string) => url.split('#')[0] === appUrl.split('#')[0];
  contents.on('will-navigate', (event, url) => {
    if (!sameDocument(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) void deps.openExternal(url);
    return { action: 'deny' };
  });
}

export interface PermissionSession {
  setPermissionRequestHandler: (h: (wc: unknown, permission: string, cb: (granted: boolean) => void) => void) => void;
  setPermissionCheckHandler: (h: (wc: unknown, permission: string) => boolean) => void;
}

/** Denies every permission request and every permission check (camera, notifications, clipboard, geolocation…): the app needs none. */
export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_wc, _permission, cb) => cb(false));
  session.setPermissionCheckHandler(() => false);
}
