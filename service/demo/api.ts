import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Handlers, ServiceContext } from '../service-context';
import { str } from '../validate-args';
import { demoBundle } from './demo-bundle';

type DemoMethods = 'demo.generate' | 'demo.campaign' | 'demo.openSession' | 'demo.bundle';

/** The sample session: generated data, the whole pipeline on it, and a bundle to serve. */
export function demoApi(ctx: ServiceContext): Pick<Handlers, DemoMethods> {
  return {
    'demo.generate': ({ jobId, ...request }) => ctx.runJob('demo', path.resolve(str(request.out, 'out')), request, jobId),
    'demo.campaign': ({ jobId, ...request }) => { const out = path.resolve(str(request.out, 'out')); return ctx.runJob('campaign', out, { rows: request.rows, seed: request.seed, out }, jobId); },
    'demo.openSession': async ({ dir, rows, seed, jobId, keepRawFiles }) => {
      const out = path.resolve(dir ?? path.join(ctx.options.settingsDir, 'sample-sessions', new Date().toISOString().replace(/[:.]/g, '-')));
      fs.mkdirSync(out, { recursive: true });
      // The raw files (phone numbers, device ids) and the session secret live in a temporary folder,
      // removed once the session is built; the session folder keeps only pseudonymized data.
      const raw = keepRawFiles ? out : fs.mkdtempSync(path.join(os.tmpdir(), 'jointscore-sample-raw-'));
      try {
        const job = jobId ? { jobId } : {};
        const truth = await ctx.call('demo.generate', { rows: rows ?? 20_000, seed: seed ?? 1, out: raw, ...job });
        const secretFile = path.join(raw, 'session-secret.txt');
        fs.writeFileSync(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 });
        const workspace = path.join(out, 'sample-session.jsw');
        await ctx.call('workspace.create', { path: workspace });
        const lender = await ctx.call('pseudonymize.run', { input: truth.lender, output: path.join(out, 'lender.pseudonymized.csv'), key: 'phone', keyKind: 'phone', secretFile, workspace, ...job });
        const partner = await ctx.call('pseudonymize.run', { input: truth.partner, output: path.join(out, 'partner.pseudonymized.csv'), key: 'phone', keyKind: 'phone', secretFile, drop: ['device_id'], workspace, ...job });
        // The generator knows which of its columns are recorded after exposure: they are outcomes (bad, the credit target, stays the target).
        const roles = Object.fromEntries(truth.outcomes.map((c) => [c, c === 'bad' ? 'target' : 'outcome'] as const));
        await ctx.call('import.run', { workspace, file: lender.output, name: 'lender', party: 'lender', roles, ...job });
        await ctx.call('import.run', { workspace, file: partner.output, name: 'partner', party: 'partner', ...job });
        await ctx.call('join.run', { workspace, left: 'lender', right: 'partner', on: 'phone_hmac_sha256', how: 'left', name: 'joint', ...job });
        return ctx.info(workspace);
      } finally {
        if (!keepRawFiles) fs.rmSync(raw, { recursive: true, force: true });
      }
    },
    'demo.bundle': (request) => demoBundle(ctx.call, request),
  };
}
