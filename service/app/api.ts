import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LATEST_VERSION } from '../../data/workspace/migrations';
import { AppError } from '../../types/errors';
import type { Handlers, ServiceContext } from '../service-context';
import { signingKey } from '../signing/signing-key';
import { loadTfBackend } from '../tf/load-backend';
import { str } from '../validate-args';
import { VERSION } from '../version';

type AppMethods = 'app.info' | 'model.backend' | 'secret.generate' | 'signing.key' | 'jobs.cancel';

/** The app itself: its version, the compute backend, keys and secrets, and cancelling jobs. */
export function appApi(ctx: ServiceContext): Pick<Handlers, AppMethods> {
  return {
    'app.info': () => ({ version: VERSION, mode: ctx.options.mode, node: process.versions.node, platform: process.platform, workspaceVersion: LATEST_VERSION }),
    'model.backend': async () => ({ backend: await loadTfBackend() }),
    'secret.generate': ({ path: p }) => {
      // By default in the app's own secrets folder: never beside the data it will hash, which gets shared.
      const file = path.resolve(p === undefined ? path.join(ctx.options.settingsDir, 'secrets', `session-secret-${new Date().toISOString().replace(/[:.]/g, '-')}.key`) : str(p, 'path'));
      if (fs.existsSync(file)) throw new AppError('ALREADY_EXISTS', `${file} already exists; a session secret is never overwritten.`, { file });
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
      return { path: file };
    },
    'signing.key': () => { const k = signingKey(ctx.options.settingsDir); return { keyId: k.keyId, publicKey: k.publicKey, file: k.file }; },
    'jobs.cancel': ({ jobId }) => ({ cancelled: ctx.jobs.cancel(str(jobId, 'jobId')) }),
  };
}
