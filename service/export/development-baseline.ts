import type { Database } from 'better-sqlite3';
import { readColumn } from '../../data/store/column-chunks';
import { getDataset } from '../../data/store/datasets';
import { scoreDistribution } from '../../models/monitor/score-baseline';
import { scorecardDocument } from '../../models/export/scorecard-document';
import { scorerSource } from '../../models/export/scorer-source';
import type { BundleScorecard } from '../../types/bundle';
import type { ColumnData } from '../../types/columns';
import { targetOf } from '../binning/binning-inputs';
import { loadModel } from '../modeling/evaluate-model';
import { parsePopulation, populationMask, sampleCodes } from '../modeling/model-inputs';
import { cardColumns, type CardScoreFunctions } from '../../models/monitor/card-scores';
import { dynamicImport } from '../../data/compute/dynamic-import';

/** Loads generated scorer source as a module (challenger cards' score functions, exactly as the bundle's scorer.mjs computes them). */
export async function scorerModule(source: string): Promise<CardScoreFunctions> {
  return dynamicImport<CardScoreFunctions>(`data:text/javascript;base64,${Buffer.from(source, 'utf8').toString('base64')}`);
}

/**
 * A card with its score's distribution on its model's development rows (training sample, the
 * model's population, outcome known): the baseline `jointscore monitor` compares each period with.
 * Bands under `minRows` rows are merged, as for bins.
 */
export async function withDevelopment(db: Database, card: BundleScorecard, minRows: number): Promise<BundleScorecard> {
  const model = loadModel(db, card.modelId);
  const ds = getDataset(db, model.dataset);
  const target = targetOf(db, ds, model.target, model.event);
  const population = populationMask(db, ds, parsePopulation(model.population));
  const { column, codes } = sampleCodes(db, ds, model.sampleColumn ?? undefined);
  const cache = new Map<string, ColumnData>();
  const columnOf = (n: string) => { let c = cache.get(n); if (!c) { c = readColumn(db, ds, n); cache.set(n, c); } return c; };
  const scorer = card.model ? await scorerModule(scorerSource(scorecardDocument(card, []), null, 'development baseline')) : {};
  const { scores } = cardColumns(card, columnOf, ds.rows, scorer);
  const keep: number[] = [];
  for (let i = 0; i < ds.rows; i++) if ((column === null || codes[i] === 0) && population[i] === 1 && target.flags[i] !== 255) keep.push(i);
  const s = Float64Array.from(keep, (i) => scores[i]!), labels = Uint8Array.from(keep, (i) => target.flags[i]!);
  return { ...card, development: scoreDistribution(s, labels, column === null ? 'all' : 'train', minRows) };
}
