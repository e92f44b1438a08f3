import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../types/errors';

/**
 * Which paths the service may read or write. The CLI reads and writes whatever its user names;
 * the app (Electron, browser mode) only paths the user chose — a file picked in the native dialog,
 * a folder the browser mode was started on — plus the folders of the workspaces opened that way
 * and the app's own settings folder. A page that goes rogue cannot reach anything else.
 */
export interface FileAccess {
  /** The resolved path, or PATH_NOT_ALLOWED naming the option it came in (`what`). */
  check(p: string, what: string): string;
  /** Lets the app use one file (picked in a dialog) or everything in a folder. */
  grant(p: string, scope: 'file' | 'folder'): void;
  /** Whether `p` may be used (for listing: parents outside are not offered). */
  allows(p: string): boolean;
  /** The folders where browsing starts. */
  roots(): string[];
}

/** The CLI: every path its user typed. */
export function openFileAccess(): FileAccess {
  return { check: (p) => path.resolve(p), grant: () => {}, allows: () => true, roots: () => [process.env.HOME ?? process.cwd()] };
}

/** The real location of `p` (symlinks and `..` followed), through its nearest existing ancestor when it does not exist yet. */
export function realLocation(p: string): string {
  const abs = path.resolve(p);
  const rest: string[] = [];
  let at = abs;
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(at), ...rest.reverse());
    } catch {
      const up = path.dirname(at);
      if (up === at) return abs;
      rest.push(path.basename(at));
      at = up;
    }
  }
}

function inside(folder: string, p: string): string | null {
  const rel = path.relative(folder, p);
  if (rel === '') return '';
  return rel.startsWith('..') || path.isAbsolute(rel) ? null : rel;
}

/** Hidden files and folders (.ssh, .aws, .config of other programs) stay out of reach even inside an allowed folder. */
function hidden(rel: string): boolean {
  return rel.split(path.sep).some((segment) => segment.startsWith('.'));
}

/** The app: folders given at start (roots), plus what the user picks or opens while it runs. */
export function restrictedFileAccess(roots: string[]): FileAccess {
  const folders = new Set(roots.map(realLocation));
  const files = new Set<string>();
  const allows = (p: string): boolean => {
    const real = realLocation(p);
    if (files.has(real)) return true;
    // A new file beside one the user picked (a scored copy of a picked input): created, never overwriting.
    if (!fs.existsSync(real) && [...files].some((f) => path.dirname(f) === path.dirname(real))) return true;
    for (const f of folders) {
      const rel = inside(f, real);
      if (rel !== null && !hidden(rel)) return true;
    }
    return false;
  };
  return {
    allows,
    check(p, what) {
      if (typeof p !== 'string' || p.length === 0) throw new AppError('INVALID_ARGUMENT', `'${what}' must be a non-empty path.`, { option: what, expected: 'a path', got: String(p) });
      if (allows(p)) return path.resolve(p);
      throw new AppError('PATH_NOT_ALLOWED', `The app may not use ${path.resolve(p)}: choose it with Browse…, or keep it in a folder the app was given (${[...folders].join(', ')}).`, {
        file: path.resolve(p), option: what, expected: 'a path chosen with Browse…, a workspace\'s folder, or a folder the app was started with',
      });
    },
    grant(p, scope) {
      (scope === 'file' ? files : folders).add(realLocation(p));
    },
    roots: () => [...roots.map((r) => path.resolve(r))],
  };
}
