import fs from 'node:fs';
import Database from 'better-sqlite3';
import { findArtifactById } from '../data/store/artifacts';
import { getDataset } from '../data/store/datasets';
import { readColumn } from '../data/store/column-chunks';
import { predictPart } from '../service/uplift/uplift-parts';
import { loadTfBackend } from '../service/tf/load-backend';
import type { StoredUplift } from '../types/uplift';
import { qini } from '../models/uplift/qini';
import { tierOf } from '../models/uplift/recommend';

async function main() {
  await loadTfBackend();
  const [wsPath, truthPath, ...ids] = process.argv.slice(2);
  const db = new Database(wsPath!, { readonly: true });
  const ds = getDataset(db, 'camp');
  const col = (n: string) => readColumn(db, ds, n);
  const truthLines = fs.readFileSync(truthPath!, 'utf8').trim().split('\n');
  const head = truthLines[0]!.split(',');
  const truth = truthLines.slice(1).map((l) => l.split(','));
  const sample = col('sample') as { codes: Int32Array; dictionary: string[] };
  const test = sample.dictionary.indexOf('test');
  const offer = col('offer') as { codes: Int32Array; dictionary: string[] }, channel = col('channel') as { codes: Int32Array; dictionary: string[] };
  const resp = (col('responded') as { values: Float64Array }).values;
  for (const id of ids) {
    const u = findArtifactById<StoredUplift>(db, Number(id))!.body;
    const p0 = predictPart(u.controlModel, col);
    const preds = u.arms.map((a) => { const p = predictPart(a.model, col); return u.method === 'two-model' ? Float64Array.from(p, (x, i) => x - p0[i]!) : Float64Array.from(p, (q) => 2 * q - 1); });
    let agree = 0, n = 0;
    const lines: string[] = [];
    u.arms.forEach((a, k) => {
      const tcols = a.channel ? [head.indexOf(`uplift_${a.treatment}_${a.channel}`)] : ['app', 'sms', 'call'].map((c) => head.indexOf(`uplift_${a.treatment}_${c}`));
      const trueU = (i: number) => tcols.reduce((s, c) => s + Number(truth[i]![c]), 0) / tcols.length;
      const rows: number[] = [];
      for (let i = 0; i < ds.rows; i++) if (sample.codes[i] === test) rows.push(i);
      // correlation of predicted vs true uplift, and mean true uplift in the top decile
      const pr = rows.map((i) => preds[k]![i]!), tr = rows.map((i) => trueU(i));
      const m = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
      const mp = m(pr), mt = m(tr);
      let sxy = 0, sxx = 0, syy = 0; pr.forEach((x, j) => { sxy += (x - mp) * (tr[j]! - mt); sxx += (x - mp) ** 2; syy += (tr[j]! - mt) ** 2; });
      const order = rows.map((_, j) => j).sort((x, y) => pr[y]! - pr[x]!);
      const top = order.slice(0, Math.floor(order.length / 10));
      // oracle qini on the arm's evaluation rows
      const ev = rows.filter((i) => (offer.dictionary[offer.codes[i]!] === 'none') || (offer.dictionary[offer.codes[i]!] === a.treatment && (!a.channel || channel.dictionary[channel.codes[i]!] === a.channel)));
      const oracle = qini({ uplift: ev.map((i) => trueU(i)), treated: ev.map((i) => (offer.dictionary[offer.codes[i]!] === 'none' ? 0 : 1)), response: ev.map((i) => resp[i]!) }).coefficient;
      lines.push(`${a.key.padEnd(20)} corr ${(sxy / Math.sqrt(sxx * syy)).toFixed(3)} top-decile pred ${m(top.map((j) => pr[j]!)).toFixed(4)} true ${m(top.map((j) => tr[j]!)).toFixed(4)} observed ${String(a.deciles[0]!.uplift?.toFixed(4))} qini ${a.qini.toFixed(5)} oracle ${oracle.toFixed(5)}`);
    });
    for (let i = 0; i < ds.rows; i++) {
      if (sample.codes[i] !== test) continue;
      const mean = preds.reduce((s, p) => s + p[i]!, 0) / preds.length;
      const t = tierOf(mean, p0[i]!, u.thresholds);
      n++; if (t === truth[i]![1]) agree++;
    }
    console.log(`${id} ${u.method} ${u.learner}: tier agreement ${(agree / n).toFixed(3)}`);
    console.log(lines.join('\n'));
  }
}
void main();
