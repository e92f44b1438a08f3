import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { readColumn } from '../../data/store/column-chunks';
import { getDataset } from '../../data/store/datasets';
import type { WireError } from '../../types/errors';
import { assertClose } from '../helpers/assert-close';
import { json, runCli } from '../helpers/cli';
import { readCsv } from '../helpers/read-csv';
import { SHARED_DATA, tempDir, write } from '../helpers/temp';

interface BinJson {
  dataset: string; target: string; event: string; sample: string;
  variables: { name: string; type: string; party: string; iv: number; ks: number; trend: string; edited: boolean; tuning?: { chosen: { trend: string; minBinShare: number }; candidates: unknown[] }; bins: { label: string; kind: string; count: number; events: number; nonEvents: number; eventRate: number; woe: number; iv: number }[] }[];
}

describe('CLI: binning a dataset, showing and editing the bins', () => {
  const dir = tempDir();
  const ws = path.join(dir, 'bins.jsw');
  const german = readCsv(path.join(SHARED_DATA, 'germancredit.csv'));
  const col = (name: string) => german.rows.map((r) => r[german.header.indexOf(name)]!);
  const bad = col('creditability').map((v) => (v === 'bad' ? 1 : 0));
  const cli = (...args: string[]) => runCli(args, dir);
  const base = ['--workspace', ws, '--dataset', 'german', '--target', 'creditability'];
  const err = (stderr: string) => (JSON.parse(stderr) as { error: WireError }).error;

  /** Textbook IV of left-closed bins [c_k, c_k+1) straight from the CSV. */
  const textbookIv = (name: string, cuts: number[]) => {
    const x = col(name).map(Number);
    const e = new Array<number>(cuts.length + 1).fill(0), n = [...e];
    x.forEach((v, i) => { const b = cuts.filter((c) => v >= c).length; if (bad[i]) e[b]!++; else n[b]!++; });
    const te = e.reduce((a, b) => a + b), tn = n.reduce((a, b) => a + b);
    return e.reduce((iv, ev, b) => iv + (n[b]! / tn - ev / te) * Math.log((n[b]! / tn) / (ev / te)), 0);
  };

  before(async () => {
    json(await cli('workspace', 'create', ws, '--json'));
    json(await cli('import', path.join(SHARED_DATA, 'germancredit.csv'), '--workspace', ws, '--name', 'german', '--json'));
    // The same data with a seeded sample column: even rows train, odd rows test.
    const lines = fs.readFileSync(path.join(SHARED_DATA, 'germancredit.csv'), 'utf8').trim().split(/\r?\n/);
    write(dir, 'sampled.csv', [`${lines[0]},sample`, ...lines.slice(1).map((l, i) => `${l},${i % 2 === 0 ? 'train' : 'test'}`)].join('\n'));
    json(await cli('import', path.join(dir, 'sampled.csv'), '--workspace', ws, '--name', 'sampled', '--json'));
  });

  it('bins every feature with the optimal method and prints the documented JSON', async () => {
    const r = json<BinJson>(await cli('bin', ...base, '--event', 'bad', '--json'));
    assert.equal(r.event, 'bad');
    assert.equal(r.sample, 'all');
    assert.equal(r.variables.length, 20);
    for (const v of r.variables) {
      assert.deepEqual(Object.keys(v.bins[0]!).filter((k) => ['label', 'count', 'events', 'nonEvents', 'eventRate', 'woe', 'iv'].includes(k)).length, 7);
      assertClose(v.iv, v.bins.reduce((s, b) => s + b.iv, 0), 1e-12, `${v.name} IV = Σ bin IV`);
      assert.equal(v.bins.reduce((s, b) => s + b.count, 0), 1000);
      assert.equal(v.party, 'lender');
      // Each variable's settings were chosen by cross-validation, and its bins follow the chosen trend.
      assert.ok(v.tuning && v.tuning.candidates.length === (v.type === 'numeric' ? 10 : 2), `${v.name}: tuning candidates`);
      const chosen = v.tuning.chosen.trend;
      if (v.type === 'numeric' && (chosen === 'ascending' || chosen === 'descending')) assert.ok([chosen, 'flat'].includes(v.trend), `${v.name}: ${v.trend} under ${chosen}`);
      if (v.type === 'numeric' && (chosen === 'peak' || chosen === 'valley')) assert.ok([chosen, 'ascending', 'descending', 'flat'].includes(v.trend), `${v.name}: ${v.trend} under ${chosen}`);
    }
    const checking = r.variables.find((v) => v.name === 'status_of_existing_checking_account')!;
    assert.ok(checking.iv > 0.6, `checking account IV ${checking.iv}`);
  });

  it('edits cut points: the IV equals the textbook formula to 1e-9, and undo/redo/reset walk the history', async () => {
    const edited = json<BinJson>(await cli('bin', 'edit', ...base, '--var', 'duration_in_month', '--cuts', '12,24,36', '--json'));
    const v = edited.variables[0]!;
    assert.deepEqual(v.bins.map((b) => b.label), ['(-inf, 12)', '[12, 24)', '[24, 36)', '[36, inf)', 'Missing']);
    assertClose(v.iv, textbookIv('duration_in_month', [12, 24, 36]), 1e-9, 'IV');
    assert.equal(v.edited, true);
    const split = json<BinJson>(await cli('bin', 'edit', ...base, '--var', 'duration_in_month', '--split', '18', '--json')).variables[0]!;
    assertClose(split.iv, textbookIv('duration_in_month', [12, 18, 24, 36]), 1e-9, 'IV after split');
    const merged = json<BinJson>(await cli('bin', 'edit', ...base, '--var', 'duration_in_month', '--merge', '0', '--json')).variables[0]!;
    assertClose(merged.iv, textbookIv('duration_in_month', [18, 24, 36]), 1e-9, 'IV after merge');
    const undone = json<BinJson>(await cli('bin', 'edit', ...base, '--var', 'duration_in_month', '--undo', '--json')).variables[0]!;
    assertClose(undone.iv, split.iv, 1e-12);
    const redone = json<BinJson>(await cli('bin', 'edit', ...base, '--var', 'duration_in_month', '--redo', '--json')).variables[0]!;
    assertClose(redone.iv, merged.iv, 1e-12);
    const noRedo = await cli('bin', 'edit', ...base, '--var', 'duration_in_month', '--redo', '--json');
    assert.equal(noRedo.code, 1);
    assert.match(err(noRedo.stderr).message, /Nothing to redo/);
    const refit = json<BinJson>(await cli('bin', 'edit', ...base, '--var', 'age_in_years', '--refit', 'descending', '--json')).variables[0]!;
    const rates = refit.bins.filter((b) => b.kind === 'bin').map((b) => b.eventRate);
    assert.ok(rates.every((x, i) => i === 0 || x < rates[i - 1]!), `age re-binned descending: ${rates.join(' ')}`);
    const reset = json<BinJson>(await cli('bin', 'edit', ...base, '--var', 'duration_in_month', '--reset', '--json')).variables[0]!;
    assert.equal(reset.edited, false);
    const shown = json<BinJson>(await cli('bin', 'show', ...base, '--var', 'duration_in_month', '--json'));
    assert.deepEqual(shown.variables[0]!.bins, reset.bins);
    const text = await cli('bin', 'show', ...base, '--var', 'duration_in_month');
    assert.match(text.stdout, /duration_in_month \(numeric, lender\): IV .* KS/);
    assert.match(text.stdout, /Missing/);
  });

  it('moves a category between groups and keeps every category in exactly one group', async () => {
    const before = json<BinJson>(await cli('bin', 'show', ...base, '--var', 'purpose', '--json')).variables[0]!;
    const groups = before.bins.filter((b) => b.kind === 'bin').length;
    const moved = json<BinJson>(await cli('bin', 'edit', ...base, '--var', 'purpose', '--move', 'retraining', '--to', 'new', '--json')).variables[0]!;
    assert.equal(moved.bins.filter((b) => b.kind === 'bin').length, groups + 1);
    assert.equal(moved.bins.at(-2)!.label, 'retraining');
    assert.equal(moved.bins.reduce((s, b) => s + b.count, 0), 1000);
  });

  it('fits on the training sample only, with monotonic trends and special values as asked', async () => {
    const r = json<BinJson>(await cli('bin', '--workspace', ws, '--dataset', 'sampled', '--target', 'creditability', '--vars', 'age_in_years,credit_amount', '--monotonic', 'descending', '--special', '-999', '--json'));
    assert.equal(r.sample, 'train');
    for (const v of r.variables) {
      assert.equal(v.bins.reduce((s, b) => s + b.count, 0), 500);
      const rates = v.bins.filter((b) => b.kind === 'bin').map((b) => b.eventRate);
      assert.ok(rates.every((x, i) => i === 0 || x < rates[i - 1]!), `${v.name} descending: ${rates.join(' ')}`);
      assert.ok(v.bins.some((b) => b.kind === 'special' && b.label === 'Special -999' && b.count === 0));
    }
    const all = json<BinJson>(await cli('bin', '--workspace', ws, '--dataset', 'sampled', '--target', 'creditability', '--sample', 'all', '--vars', 'age_in_years', '--json'));
    assert.equal(all.variables[0]!.bins.reduce((s, b) => s + b.count, 0), 1000);
  });

  it('names what is wrong: a missing target, a variable that cannot be binned, a sample that does not exist, no binning yet', async () => {
    const noTarget = await cli('bin', '--workspace', ws, '--dataset', 'german', '--target', 'nope', '--json');
    assert.equal(noTarget.code, 1);
    assert.equal(err(noTarget.stderr).details?.column, 'nope');
    const text = await cli('bin', ...base, '--vars', 'creditability', '--json');
    assert.match(err(text.stderr).message, /is the target/);
    const sample = await cli('bin', ...base, '--sample', 'oot', '--json');
    assert.match(err(sample.stderr).message, /has no sample column/);
    const none = await cli('bin', 'show', '--workspace', ws, '--dataset', 'sampled', '--target', 'age_in_years', '--json');
    assert.match(err(none.stderr).message, /no binning for target 'age_in_years'/);
    const badCuts = await cli('bin', 'edit', ...base, '--var', 'duration_in_month', '--cuts', '1,x');
    assert.equal(badCuts.code, 2);
    const badOption = await cli('bin', ...base, '--max-bins', '1', '--json');
    assert.match(err(badOption.stderr).message, /maxBins must be an integer from 2 to 50/);
  });

  it('writes the WOE of every binned variable as a new dataset, row by row as the bins say', async () => {
    const shown = json<BinJson>(await cli('bin', 'show', ...base, '--json'));
    const w = json<{ dataset: string; rows: number; columns: string[] }>(await cli('bin', 'woe', ...base, '--name', 'german_woe', '--json'));
    assert.equal(w.rows, 1000);
    assert.deepEqual(w.columns, ['creditability', ...shown.variables.map((v) => `${v.name}_woe`)]);
    const db = new Database(ws, { readonly: true });
    const ds = getDataset(db, 'german_woe');
    const dur = readColumn(db, ds, 'duration_in_month_woe');
    const purpose = readColumn(db, ds, 'purpose_woe');
    db.close();
    assert.equal(dur.kind, 'f64');
    const durBins = shown.variables.find((v) => v.name === 'duration_in_month')!.bins;
    const months = col('duration_in_month').map(Number);
    const woeOf = (x: number) => durBins.find((b) => b.kind === 'bin' && (b.label.startsWith('(-inf') || x >= Number(/^\[([^,]+),/.exec(b.label)![1])) && (b.label.endsWith('inf)') || x < Number(/, ([^)]+)\)$/.exec(b.label)![1])))!.woe;
    months.forEach((x, i) => assert.equal((dur as { values: Float64Array }).values[i], woeOf(x), `row ${i}`));
    const purposeBins = shown.variables.find((v) => v.name === 'purpose')!.bins;
    assert.ok(purposeBins.some((b) => b.woe === (purpose as { values: Float64Array }).values[0]));
    const again = await cli('bin', 'woe', ...base, '--name', 'german_woe', '--json');
    assert.equal(err(again.stderr).code, 'DATASET_EXISTS');
  });

  it('refuses an edit that does not fit the bins, and keeps the stored binning and the audit log as they were', async () => {
    const before = json<BinJson>(await cli('bin', 'show', ...base, '--json'));
    const audit = json<unknown[]>(await cli('audit', 'list', '--workspace', ws, '--json')).length;
    const merge = await cli('bin', 'edit', ...base, '--var', 'duration_in_month', '--merge', '99', '--json');
    assert.equal(merge.code, 1);
    assert.match(err(merge.stderr).message, /Cannot merge bin 99 with the next: there are \d+ regular bins/);
    const move = await cli('bin', 'edit', ...base, '--var', 'purpose', '--move', 'spaceship', '--to', '0', '--json');
    assert.match(err(move.stderr).message, /No group holds the category 'spaceship'/);
    const wrongKind = await cli('bin', 'edit', ...base, '--var', 'purpose', '--cuts', '1,2', '--json');
    assert.match(err(wrongKind.stderr).message, /applies to numeric variables; this one is categorical/);
    const noVar = await cli('bin', 'edit', ...base, '--var', 'nope', '--cuts', '1', '--json');
    assert.equal(err(noVar.stderr).details?.column, 'nope');
    assert.deepEqual(json<BinJson>(await cli('bin', 'show', ...base, '--json')), before);
    assert.equal(json<unknown[]>(await cli('audit', 'list', '--workspace', ws, '--json')).length, audit);
  });

  it('refuses a WOE transform of a dataset without the binned columns, and leaves no dataset behind', async () => {
    json(await cli('import', path.join(SHARED_DATA, 'hmeq.csv'), '--workspace', ws, '--name', 'hmeq', '--json'));
    const r = await cli('bin', 'woe', ...base, '--apply-to', 'hmeq', '--name', 'hmeq_woe', '--json');
    assert.equal(r.code, 1);
    assert.match(err(r.stderr).message, /Dataset 'hmeq' has no column '.+', which the binning needs/);
    const names = json<{ name: string }[]>(await cli('datasets', '--workspace', ws, '--json')).map((d) => d.name);
    assert.ok(!names.includes('hmeq_woe'));
  });

  it('lists the stored binnings of a dataset', async () => {
    const list = json<{ target: string; event: string; sample: string; variables: number }[]>(await cli('bin', 'list', '--workspace', ws, '--dataset', 'german', '--json'));
    assert.deepEqual(list.map((b) => [b.target, b.event, b.sample, b.variables]), [['creditability', 'bad', 'all', 20]]);
    assert.match((await cli('bin', 'list', '--workspace', ws, '--dataset', 'hmeq')).stdout, /No binnings yet/);
  });

  it('records binning and every edit in the audit log', async () => {
    const entries = json<{ action: string }[]>(await cli('audit', 'list', '--workspace', ws, '--json'));
    assert.ok(entries.filter((e) => e.action === 'bin').length >= 2);
    assert.ok(entries.filter((e) => e.action === 'bin.edit').length >= 6);
    assert.equal(json<{ ok: boolean }>(await cli('audit', 'verify', '--workspace', ws, '--json')).ok, true);
  });
});
