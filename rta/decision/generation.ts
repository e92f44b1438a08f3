import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BundleManifest, ScorecardDocument, StrategyDocument } from '../../types/bundle';
import { driftPlan, type DriftPlan } from './drift-plan';
import { AppError } from '../../types/errors';
import type { CellDecision } from '../../types/strategy';
import { loadBundleScorer, type BundleScorer } from '../../data/bundle/read-bundle';
import type { FeatureSnapshot } from '../snapshot/feature-snapshot';
import { readSnapshot } from '../snapshot/read-snapshot';
import { parsePublicKey, verifyBundleSignature } from '../../data/bundle/bundle-signature';

/** What the server calls in scorer.mjs: both scores (NaN for the axis a one-card strategy lacks) and the strategy's decision. */
export type StrategyScorer = BundleScorer & {
  targetingScore: (r: Record<string, unknown>) => number;
  creditScore: (r: Record<string, unknown>) => number;
  decide: (t: number, c: number) => { bid: boolean; coefficient: number; cell: [number, number] };
};

/** One loaded bundle + snapshot: what the server answers with until the next reload swaps it. */
export interface Generation {
  /** 1 for the first load, +1 per reload. */
  number: number;
  /** The first 16 hex digits of manifest.json's sha256: which bundle is serving. */
  version: string;
  bundleDir: string;
  featuresFile: string;
  manifest: BundleManifest;
  strategyName: string;
  /** The id of the trusted key that signed the bundle. */
  signedBy: string;
  scorer: StrategyScorer;
  snapshot: FeatureSnapshot;
  /** For users not in the snapshot: the strategy's default, unless the server overrides it. */
  defaultDecision: CellDecision;
  loadedAt: string;
  /** What /metrics watches the scored users' inputs and scores against. */
  drift: DriftPlan;
  /** Which arm this generation is: the champion (with its challenger, if any) or the challenger. */
  model: ModelArm;
  challenger: { gen: Generation; share: number } | null;
}

export interface GenerationSource {
  bundle: string;
  features: string;
  /** A challenger bundle answering a stable share of users (by a hash of their device id); absent or null: none. */
  challenger?: ChallengerSource | null;
}

export interface ChallengerSource {
  bundle: string;
  /** Its feature snapshot (default: the champion's file, read for the challenger's inputs). */
  features?: string;
  /** The share of users it answers, above 0 and below 1. */
  share: number;
}

export type ModelArm = 'champion' | 'challenger';

/**
 * Loads a bundle (every sha256 verified; it must hold a targeting and a credit card and a
 * strategy) and its feature snapshot (read in a worker thread). Nothing is swapped here: a failed
 * load leaves the serving generation as it was.
 */
export async function loadGeneration(src: GenerationSource, number: number, defaultOverride: CellDecision | null, trust: readonly string[]): Promise<Generation> {
  const champion = await loadArm(src, number, defaultOverride, trust, 'champion');
  const c = src.challenger;
  if (!c) return champion;
  if (!(c.share > 0 && c.share < 1)) throw new AppError('INVALID_ARGUMENT', `The challenger's share must lie between 0 and 1; got ${c.share}.`, { option: 'challengerShare', expected: 'a share above 0 and below 1', got: String(c.share) });
  const gen = await loadArm({ bundle: c.bundle, features: c.features ?? src.features }, number, defaultOverride, trust, 'challenger');
  return { ...champion, challenger: { gen, share: c.share } };
}

async function loadArm(src: GenerationSource, number: number, defaultOverride: CellDecision | null, trust: readonly string[], model: ModelArm): Promise<Generation> {
  // The signature first: nothing of an untrusted bundle is read, let alone run.
  const signedBy = verifyBundleSignature(src.bundle, trust.map(parsePublicKey));
  const { manifest, scorer } = await loadBundleScorer(src.bundle);
  const s = scorer as Partial<StrategyScorer> & BundleScorer;
  if (manifest.strategyId === null || typeof s.decide !== 'function' || (typeof s.targetingScore !== 'function' && typeof s.creditScore !== 'function')) {
    throw new AppError('INVALID_ARGUMENT', `${src.bundle} has no bid strategy: the RTA server needs a bundle exported with a strategy (a matrix of a targeting and a credit scorecard, or one scorecard's cut-off).`, { file: src.bundle, expected: 'a bundle with strategy.json' });
  }
  // A one-card (cut-off) strategy has no score on its other axis: NaN, which its one band takes.
  const none = () => Number.NaN;
  const strategyScorer: StrategyScorer = { ...s, targetingScore: s.targetingScore ?? none, creditScore: s.creditScore ?? none, decide: s.decide };
  const strategy = JSON.parse(fs.readFileSync(path.join(src.bundle, 'strategy.json'), 'utf8')) as StrategyDocument;
  const manifestSha = createHash('sha256').update(fs.readFileSync(path.join(src.bundle, 'manifest.json'))).digest('hex');
  const snapshot = await readSnapshot(src.features, manifest.inputs);
  const cards = (JSON.parse(fs.readFileSync(path.join(src.bundle, 'scorecard.json'), 'utf8')) as ScorecardDocument).scorecards;
  return {
    number, version: manifestSha.slice(0, 16), bundleDir: path.resolve(src.bundle), featuresFile: path.resolve(src.features),
    manifest, strategyName: strategy.name, scorer: strategyScorer, snapshot, signedBy,
    defaultDecision: defaultOverride ?? strategy.defaultDecision, loadedAt: new Date().toISOString(),
    drift: driftPlan(manifest, cards), model, challenger: null,
  };
}

/** What the logs and the (authenticated) admin port say about a generation. */
export function generationInfo(g: Generation) {
  return {
    generation: g.number, bundleVersion: g.version, bundle: g.bundleDir, strategy: g.strategyName, createdAt: g.manifest.createdAt, signedBy: g.signedBy,
    features: g.featuresFile, snapshotIds: g.snapshot.rows, inputs: g.manifest.inputs.map((i) => i.name), loadedAt: g.loadedAt,
    challenger: g.challenger ? { bundleVersion: g.challenger.gen.version, bundle: g.challenger.gen.bundleDir, strategy: g.challenger.gen.strategyName, signedBy: g.challenger.gen.signedBy, features: g.challenger.gen.featuresFile, snapshotIds: g.challenger.gen.snapshot.rows, share: g.challenger.share } : null,
  };
}
export type GenerationInfo = ReturnType<typeof generationInfo>;

/** What anyone may learn from /healthz: which bundle serves, never where files are or which process serves. */
export function publicInfo(i: GenerationInfo) {
  return {
    generation: i.generation, bundleVersion: i.bundleVersion, strategy: i.strategy, createdAt: i.createdAt, signedBy: i.signedBy, snapshotIds: i.snapshotIds, loadedAt: i.loadedAt,
    ...(i.challenger ? { challenger: { bundleVersion: i.challenger.bundleVersion, strategy: i.challenger.strategy, share: i.challenger.share } } : {}),
  };
}
