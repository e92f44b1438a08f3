import type { Database } from 'better-sqlite3';
import { readColumn } from '../../data/store/column-chunks';
import { getDataset } from '../../data/store/datasets';
import { encodeFeatures } from '../../models/features/encode';
import { portableModel } from '../../models/export/portable-model';
import type { BundleScorecard } from '../../types/bundle';
import type { StoredModel } from '../../types/model';
import type { PortableModel } from '../../types/portable-model';
import { parsePopulation, populationMask, sampleCodes } from '../modeling/model-inputs';

/** The mean of each encoded input over the model's training rows (its population in the train sample): where a network's reasons start. */
export function trainingMeans(db: Database, model: StoredModel): number[] {
  const ds = getDataset(db, model.dataset);
  const population = populationMask(db, ds, parsePopulation(model.population));
  const { codes } = sampleCodes(db, ds, model.sampleColumn ?? undefined);
  const { columns } = encodeFeatures(model.features, (n) => readColumn(db, ds, n), model.kind === 'mlp');
  let rows = 0;
  const sums = columns.map(() => 0);
  for (let i = 0; i < codes.length; i++) {
    if (codes[i] !== 0 || population[i] !== 1) continue;
    rows++;
    columns.forEach((c, j) => { sums[j] += c[i]!; });
  }
  return sums.map((s) => (rows ? s / rows : 0));
}

/** A challenger's portable model for its card in the bundle (networks with their training means). */
export function portableOfModel(db: Database, model: StoredModel): PortableModel {
  return portableModel(model, model.gbdt ? [] : trainingMeans(db, model));
}

/** Leaves and WOE bins of challenger cards holding fewer than `k` training rows (but some). */
export function smallModelParts(cards: readonly BundleScorecard[], k: number): string[] {
  const out: string[] = [];
  for (const card of cards) {
    const m = card.model;
    if (!m) continue;
    for (const e of m.encodings) if (e.kind === 'woe') for (const a of e.bins.attributes) if (a.count > 0 && a.count < k) out.push(`${card.key} model: ${e.name} ${a.label} (${a.count} rows)`);
    if (m.kind === 'gbdt') m.trees.forEach((tree, t) => tree.forEach((n, j) => { if (n.f < 0 && n.n > 0 && n.n < k) out.push(`${card.key} model: tree ${t + 1} leaf ${j} (${n.n} rows)`); }));
  }
  return out;
}
