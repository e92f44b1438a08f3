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
  const applied = num('applied'), drew = num('drew_down'), truth = num('p_bad');
  const bad = col('bad');
  const isMissing = (i: number) => bad.kind === 'f64' ? Number.isNaN(bad.values[i]!) : bad.codes[i]! < 0;
  for (const id of process.argv.slice(3).map(Number)) {
    const m = loadModel(db, id);
    const p = await scoreWithModel(m, col);
    const rows: number[] = [];
    for (let i = 0; i < ds.rows; i++) if (applied[i] === 1 && isMissing(i)) rows.push(i);
    const lab: number[] = [];
    for (let i = 0; i < ds.rows; i++) if (drew[i] === 1 && !isMissing(i)) lab.push(i);
    const mean = (xs: number[], f: (i: number) => number) => xs.reduce((t, i) => t + f(i), 0) / xs.length;
    const mae = mean(rows, (i) => Math.abs(p[i]! - truth[i]!));
    console.log(`model ${id} ${m.name}: unlabelled ${rows.length}: predicted ${mean(rows, (i) => p[i]!).toFixed(4)} true ${mean(rows, (i) => truth[i]!).toFixed(4)} MAE ${mae.toFixed(4)} | labelled ${lab.length}: predicted ${mean(lab, (i) => p[i]!).toFixed(4)} true ${mean(lab, (i) => truth[i]!).toFixed(4)}`);
    const sorted = [...rows].sort((a, b) => p[a]! - p[b]!);
    const bands: string[] = [];
    for (let k = 0; k < 5; k++) { const part = sorted.slice(Math.floor(k * sorted.length / 5), Math.floor((k + 1) * sorted.length / 5)); bands.push(`${mean(part, (i) => p[i]!).toFixed(3)}/${mean(part, (i) => truth[i]!).toFixed(3)}`); }
    console.log('  quintiles pred/true:', bands.join(' '));
  }
}
void main();
