import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_KEY_COLUMN, writeDemoSnapshot } from '../../data/demo/demo-snapshot';
import type { BundleManifest } from '../../types/bundle';
import { AppError } from '../../types/errors';
import type { ArgsOf, Method, ResultOf } from '../contract';

export interface DemoBundleRequest {
  out: string;
  featuresOut: string;
  rows?: number;
  seed?: number;
  /** Keep the sample session's folder (its files and its workspace, sample-session.jsw) here (default: a temporary folder, removed). */
  sessionDir?: string;
  jobId?: string;
}

export interface DemoBundleResult {
  bundle: string;
  zip: string;
  features: string;
  /** Ids in the snapshot: every partner user, keyed by the MD5 of their device id. */
  snapshotIds: number;
  keyColumn: string;
  inputs: string[];
  models: BundleManifest['models'];
  strategyId: number;
  workspace: string | null;
  seconds: number;
}

/** The sample session's model inputs: partner behaviour only (the stage flags would give the target away). */
export const DEMO_FEATURES = ['finance_min', 'loan_apps_installed', 'night_ratio', 'active_hours', 'device_price_tier', 'city_tier', 'days_since_active', 'os'];

type Call = <M extends Method>(method: M, args: ArgsOf<M>) => Promise<ResultOf<M>>;

/**
 * The whole sample session in one call: generate, pseudonymize, import, join, split, bin, train a
 * credit and a targeting scorecard-lr, scale both, build the strategy matrix, export — then the
 * matching feature snapshot, ready for `jointscore rta serve`.
 */
export async function demoBundle(call: Call, req: DemoBundleRequest): Promise<DemoBundleResult> {
  const started = performance.now();
  for (const p of [req.out, req.featuresOut]) if (fs.existsSync(p)) throw new AppError('ALREADY_EXISTS', `${p} already exists; the demo never overwrites.`, { file: p });
  const dir = req.sessionDir ? path.resolve(req.sessionDir) : fs.mkdtempSync(path.join(os.tmpdir(), 'jointscore-demo-'));
  const job = req.jobId ? { jobId: req.jobId } : {};
  try {
    const info = await call('demo.openSession', { dir, rows: req.rows ?? 20_000, seed: req.seed ?? 1, keepRawFiles: true, ...job });
    const workspace = info.path;
    const dataset = 'joint';
    await call('split.run', { workspace, dataset, random: 0.7, seed: req.seed ?? 1, target: 'applied' });
    await call('binning.run', { workspace, dataset, target: 'bad', options: {}, ...job });
    await call('binning.run', { workspace, dataset, target: 'applied', options: {}, ...job });
    const credit = await call('model.train', { workspace, dataset, target: 'bad', population: 'drew_down=1', model: 'scorecard-lr', purpose: 'credit', features: DEMO_FEATURES, ...job });
    const targeting = await call('model.train', { workspace, dataset, target: 'applied', purpose: 'targeting', model: 'scorecard-lr', features: DEMO_FEATURES, ...job });
    const cs = await call('scorecard.build', { workspace, model: credit.modelId, scaling: {} });
    const ts = await call('scorecard.build', { workspace, model: targeting.modelId, scaling: { orientation: 'higher-is-riskier' } });
    const strategy = await call('strategy.matrix', { workspace, targeting: ts.scorecardId, credit: cs.scorecardId, value: {} });
    const exported = await call('export.bundle', { workspace, model: credit.modelId, strategy: strategy.strategyId, out: req.out });
    const inputs = exported.manifest.inputs.map((i) => i.name);
    const snapshotIds = await writeDemoSnapshot(path.join(dir, 'partner.csv'), inputs, req.featuresOut);
    return {
      bundle: exported.out, zip: exported.zip, features: path.resolve(req.featuresOut), snapshotIds, keyColumn: DEMO_KEY_COLUMN, inputs,
      models: exported.manifest.models, strategyId: strategy.strategyId, workspace: req.sessionDir ? workspace : null, seconds: (performance.now() - started) / 1000,
    };
  } finally {
    if (!req.sessionDir) fs.rmSync(dir, { recursive: true, force: true });
  }
}
