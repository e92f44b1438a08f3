import Database from 'better-sqlite3';
import { getDataset } from '../data/store/datasets';
import { readColumn } from '../data/store/column-chunks';
import { loadModel, scoreWithModel } from '../service/modeling/evaluate-model';
import { loadTfBackend } from '../service/tf/load-backend';

async function main() {
  await loadTfBackend();
  const db = new Database(process.argv[2]!, { readonly: true });
  const ds = getDataset(db, 'joint');
  const col = (n: string) => readColumn(db, ds, n);
  const num = (n: string) => { const c = col(n); if (c.kind !== 'f64') throw new Error(n); return c.values; };
  const applied = num('applied'), truth = num('p_bad'), bureau = num('bureau_bad'), bad = num('bad');
  const sample = col('sample');
  if (sample.kind !== 'i32') throw new Error('sample');
  const mean = (xs: number[], f: (i: number) => number) => xs.reduce((t, i) => t + f(i), 0) / xs.length;
  const ids = process.argv.slice(3).map(Number);
  const scores = await Promise.all(ids.map(async (id) => scoreWithModel(loadModel(db, id), col)));
  for (const s of [0, 1]) {
    const un: number[] = [], cal: number[] = [];
    for (let i = 0; i < ds.rows; i++) if (applied[i] === 1 && Number.isNaN(bad[i]!) && sample.codes[i] === s) { un.push(i); if (!Number.isNaN(bureau[i]!)) cal.push(i); }
    console.log(`sample ${sample.dictionary[s]}: unlabelled ${un.length} true ${mean(un, (i) => truth[i]!).toFixed(4)}; bureau rows ${cal.length} observed ${mean(cal, (i) => bureau[i]!).toFixed(4)} true ${mean(cal, (i) => truth[i]!).toFixed(4)}`);
    ids.forEach((id, k) => {
      const p = scores[k]!;
      console.log(`  model ${id}: mean pred ${mean(un, (i) => p[i]!).toFixed(4)} |mean err| ${Math.abs(mean(un, (i) => p[i]! - truth[i]!)).toFixed(4)} MAE ${mean(un, (i) => Math.abs(p[i]! - truth[i]!)).toFixed(4)}`);
    });
  }
}
void main();
