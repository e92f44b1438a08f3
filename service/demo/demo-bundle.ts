import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scan, detectCsvLayout } from '../../data/import/csv-source';
import { fieldText, type CsvRecordSink } from '../../data/import/csv-tokenizer';
import type { BundleManifest } from '../../types/bundle';
import { AppError } from '../../types/errors';
import type { ArgsOf, Method, ResultOf } from '../contract';

export interface DemoBundleRequest {
  out: string;
  featuresOut: string;
  rows?: number;
  seed?: number;
  /** Keep the sample session's workspace and files here (default: a temporary folder, removed). */
  workspace?: string;
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
export const DEMO_KEY_COLUMN = 'device_id_md5';

type Call = <M extends Method>(method: M, args: ArgsOf<M>) => Promise<ResultOf<M>>;

const csvField = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * The feature snapshot an ad platform's RTA traffic is looked up in: per partner user, the MD5 of
 * the device id the platform sends (OAID on Android, IDFA on iOS, as generated) and the bundle's
 * inputs — no phone, no other column. Written beside and renamed into place.
 */
export function writeDemoSnapshot(partnerCsv: string, inputs: readonly string[], out: string): number {
  if (fs.existsSync(out)) throw new AppError('ALREADY_EXISTS', `${out} already exists; the demo never overwrites.`, { file: out });
  const tmp = `${out}.partial-${process.pid}`;
  const fd = fs.openSync(tmp, 'w');
  let buf = `${[DEMO_KEY_COLUMN, ...inputs].map(csvField).join(',')}\n`;
  let header: string[] | null = null;
  let positions: number[] = [];
  let rows = 0;
  const sink: CsvRecordSink = {
    record(b, starts, ends, escaped, count) {
      const field = (k: number) => fieldText(b, starts[k]!, ends[k]!, escaped[k] === 1);
      if (!header) {
        header = Array.from({ length: count }, (_, k) => field(k));
        positions = ['device_id', ...inputs].map((c) => { const k = header!.indexOf(c); if (k < 0) throw new AppError('INVALID_ARGUMENT', `${partnerCsv} has no column '${c}'.`, { file: partnerCsv, column: c }); return k; });
        return;
      }
      const device = field(positions[0]!);
      if (!device) return;
      buf += `${createHash('md5').update(device).digest('hex')},${positions.slice(1).map((k) => csvField(field(k))).join(',')}\n`;
      rows++;
      if (buf.length > 1 << 20) { fs.writeSync(fd, buf); buf = ''; }
    },
  };
  try {
    scan(partnerCsv, detectCsvLayout(partnerCsv), sink, null, () => false, () => {});
    fs.writeSync(fd, buf);
    fs.closeSync(fd);
    fs.renameSync(tmp, out);
  } catch (e) {
    try { fs.closeSync(fd); } catch { /* closed */ }
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  return rows;
}

/**
 * The whole sample session in one call: generate, pseudonymize, import, join, split, bin, train a
 * credit and a targeting scorecard-lr, scale both, build the strategy matrix, export — then the
 * matching feature snapshot, ready for `jointscore rta serve`.
 */
export async function demoBundle(call: Call, req: DemoBundleRequest): Promise<DemoBundleResult> {
  const started = performance.now();
  for (const p of [req.out, req.featuresOut]) if (fs.existsSync(p)) throw new AppError('ALREADY_EXISTS', `${p} already exists; the demo never overwrites.`, { file: p });
  const dir = req.workspace ? path.resolve(req.workspace) : fs.mkdtempSync(path.join(os.tmpdir(), 'jointscore-demo-'));
  const job = req.jobId ? { jobId: req.jobId } : {};
  try {
    const info = await call('demo.openSession', { dir, rows: req.rows ?? 20_000, seed: req.seed ?? 1, ...job });
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
    const snapshotIds = writeDemoSnapshot(path.join(dir, 'partner.csv'), inputs, req.featuresOut);
    return {
      bundle: exported.out, zip: exported.zip, features: path.resolve(req.featuresOut), snapshotIds, keyColumn: DEMO_KEY_COLUMN, inputs,
      models: exported.manifest.models, strategyId: strategy.strategyId, workspace: req.workspace ? workspace : null, seconds: (performance.now() - started) / 1000,
    };
  } finally {
    if (!req.workspace) fs.rmSync(dir, { recursive: true, force: true });
  }
}
