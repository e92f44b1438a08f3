import path from 'node:path';
import fs from 'node:fs';
import { createService } from '../service/create-service';
import { startBrowserServer } from '../service/http/browser-server';
import { defaultSettingsDir } from '../service/recent-workspaces';
import { one, type ParsedArgs } from './args';
import { AppError } from '../types/errors';

/** Finds the built renderer: `dist/renderer` beside the CLI bundle (or the repo's dist when run from source). */
export function rendererDir(): string {
  const candidates = [path.join(__dirname, 'renderer'), path.join(__dirname, '..', 'dist', 'renderer')];
  const found = candidates.find((c) => fs.existsSync(path.join(c, 'index.html')));
  if (!found) throw new Error(`the renderer is not built (looked in ${candidates.join(', ')}); run npm run build`);
  return found;
}

/** `jointscore serve`: browser mode until Ctrl-C. */
export async function serveBrowserMode(args: ParsedArgs, io: { out: (s: string) => void; err: (s: string) => void }): Promise<number> {
  const port = one(args, 'port');
  // The folders the page may read and write (besides what it uploads and the app's own settings folder).
  const given = args.flags.get('files') ?? [];
  const fileRoots = given.length > 0 ? given.map((d) => path.resolve(d)) : [process.cwd(), ...(process.env.HOME ? [process.env.HOME] : [])];
  for (const d of fileRoots) if (!fs.existsSync(d) || !fs.statSync(d).isDirectory()) throw new AppError('FILE_NOT_FOUND', `--files ${d}: no such folder.`, { file: d, option: 'files', expected: 'a folder' });
  const service = createService({ mode: 'browser', settingsDir: defaultSettingsDir(), fileRoots });
  const server = await startBrowserServer({ service, rendererDir: rendererDir(), ...(port !== undefined ? { port: Number(port) } : {}) });
  io.out(`Jointscore is running in browser mode (Electron is not available here).`);
  io.out(`Files: ${fileRoots.join(', ')} (more with --files DIR)`);
  io.out(`Open ${server.url}`);
  io.out('Press Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  service.close();
  return 0;
}
