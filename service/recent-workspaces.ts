import fs from 'node:fs';
import path from 'node:path';
import type { RecentWorkspace } from './contract';

const MAX_RECENT = 12;

/** The recent-workspaces list, kept as JSON in the user's settings folder. */
export class RecentWorkspaces {
  private readonly file: string;
  constructor(settingsDir: string) {
    this.file = path.join(settingsDir, 'recent-workspaces.json');
  }

  list(): RecentWorkspace[] {
    let entries: { path: string; name: string; openedAt: string }[] = [];
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(this.file, 'utf8'));
      if (Array.isArray(parsed)) entries = parsed.filter((e) => e && typeof e.path === 'string');
    } catch {
      entries = [];
    }
    return entries.map((e) => ({ ...e, exists: fs.existsSync(e.path) }));
  }

  add(workspacePath: string): void {
    const abs = path.resolve(workspacePath);
    const rest = this.list().filter((e) => e.path !== abs).map(({ path: p, name, openedAt }) => ({ path: p, name, openedAt }));
    const entries = [{ path: abs, name: path.basename(abs, '.jsw'), openedAt: new Date().toISOString() }, ...rest].slice(0, MAX_RECENT);
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(entries, null, 2));
      fs.renameSync(tmp, this.file);
    } catch {
      // The recent list is a convenience: failing to save it never fails the open.
    }
  }
}

/** The default settings folder per platform (Electron passes its own `userData`). */
export function defaultSettingsDir(): string {
  const home = process.env.HOME ?? process.env.USERPROFILE ?? '.';
  if (process.env.JOINTSCORE_SETTINGS_DIR) return process.env.JOINTSCORE_SETTINGS_DIR;
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? home, 'Jointscore');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Jointscore');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'jointscore');
}
