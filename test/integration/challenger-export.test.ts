import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { readColumn } from '../../data/store/column-chunks';
import { openWorkspaceDb } from '../../data/workspace/open-workspace';
import { sqlOfDialect } from '../../models/export/scorecard-sql';
import { scorerRuntime } from '../../models/export/scorer-runtime';
import { modelLogOdds } from '../../models/features/model-log-odds';
import type { Explanation, ExportResult } from '../../service/contract';
import type { ColumnData } from '../../types/columns';
import type { ScorecardDocument } from '../../types/bundle';
import type { StoredModel } from '../../types/model';
import type { Scorecard } from '../../types/scorecard';
import { json, runCli } from '../helpers/cli';
import { pmmlModels } from '../helpers/pmml-models';
import { readCsv } from '../helpers/read-csv';
import { REPO, SHARED_DATA, tempDir } from '../helpers/temp';
import Ajv2020 from 'ajv/dist/2020';

type Scorer = {
  score: (r: Record<string, unknown>) => { score: number; points: Record<string, number>; reasonCodes: string[]; reasons: { code: string; characteristic: string; attribute: string }[] };
  scoreValue: (r: Record<string, unknown>) => number;
};

const NUMERIC = ['LOAN', 'MORTDUE', 'VALUE', 'YOJ', 'DEROG', 'DELINQ', 'CLAGE', 'NINQ', 'CLNO', 'DEBTINC'];
const TEXT = ['REASON', 'JOB'];

/** Records as the RTA service sends them: numbers, text, null for missing. */
function recordsOf(file: string): Record<string, unknown>[] {
  const { header, rows } = readCsv(file);
  return rows.filter((r) => r[header.indexOf('sample')] === 'test').map((r) => Object.fromEntries(header.map((h, k) => {
    const v = r[k]!;
    if (NUMERIC.includes(h)) return [h, v === '' ? null : Number(v)];
    return [h, v === '' ? null : v];
  })));
}

/** Edge records: all missing, unseen categories, huge and tiny numbers. */
const EDGES: Record<string, unknown>[] = [
  Object.fromEntries([...NUMERIC, ...TEXT].map((c) => [c, null])),
  { ...Object.fromEntries(NUMERIC.map((c) => [c, 1e12])), REASON: 'never seen', JOB: 'astronaut' },
  { ...Object.fromEntries(NUMERIC.map((c) => [c, -1e12])), REASON: 'DebtCon', JOB: '' },
  { ...Object.fromEntries(NUMERIC.map((c) => [c, 0])), REASON: 'HomeImp', JOB: 'Office' },
];

/** The app's own columns for records (the workspace's import would read the same values). */
function columnsOf(records: Record<string, unknown>[]): (name: string) => ColumnData {
  return (name) => {
    if (NUMERIC.includes(name)) return { kind: 'f64', values: Float64Array.from(records, (r) => (r[name] === null ? NaN : Number(r[name]))) };
    const dictionary: string[] = [];
    const codes = Int32Array.from(records, (r) => {
      const v = r[name];
      if (v === null || v === '') return -1;
      let k = dictionary.indexOf(String(v));
      if (k < 0) { dictionary.push(String(v)); k = dictionary.length - 1; }
      return k;
    });
    return { kind: 'i32', codes, dictionary };
  };
}

/** Row `row` (from 1) of the shared hmeq split file as a record. */
function recordAt(all: { header: string[]; rows: string[][] }, row: number): Record<string, unknown> {
  const raw = all.rows[row - 1]!;
  return Object.fromEntries(all.header.map((h, j) => [h, raw[j] === '' ? null : NUMERIC.includes(h) ? Number(raw[j]) : raw[j]]));
}

describe('CLI: every model kind exports — app, scorer.mjs, PMML and SQL agree', () => {
  const dir = tempDir();
  const ws = path.join(dir, 'hmeq.jsw');
  const cli = (...args: string[]) => runCli(args, dir);
  const records = [...recordsOf(path.join(SHARED_DATA, 'hmeq.split.csv')), ...EDGES];
  const models = new Map<string, { model: StoredModel; card: Scorecard; bundle: string; scorer: Scorer }>();

  before(async () => {
    json(await cli('workspace', 'create', ws, '--json'));
    json(await cli('import', path.join(SHARED_DATA, 'hmeq.split.csv'), '--workspace', ws, '--name', 'hmeq', '--role', 'sample=sample', '--json'));
    json(await cli('bin', '--workspace', ws, '--dataset', 'hmeq', '--target', 'BAD', '--json'));
    json(await cli('train', '--workspace', ws, '--dataset', 'hmeq', '--target', 'BAD', '--model', 'gbdt', '--trees', '60', '--name', 'trees', '--monotone', 'DELINQ=+1', '--json'));
    json(await cli('train', '--workspace', ws, '--dataset', 'hmeq', '--target', 'BAD', '--model', 'gbdt', '--trees', '30', '--woe', 'true', '--name', 'woe-trees', '--json'));
    json(await cli('train', '--workspace', ws, '--dataset', 'hmeq', '--target', 'BAD', '--model', 'mlp', '--hidden', '16,8', '--epochs', '15', '--name', 'net', '--json'));
    json(await cli('train', '--workspace', ws, '--dataset', 'hmeq', '--target', 'BAD', '--model', 'logistic', '--name', 'linear', '--json'));
    for (const name of ['trees', 'woe-trees', 'net', 'linear']) {
      const card = json<{ scorecardId: number; scorecard: Scorecard }>(await cli('scorecard', '--workspace', ws, '--model', name, '--no-round', '--json'));
      const out = path.join(dir, `bundle-${name}`);
      json<ExportResult>(await cli('export', '--workspace', ws, '--model', name, '--out', out, '--json'));
      const model = json<StoredModel>(await cli('models', 'show', '--workspace', ws, '--model', name, '--json'));
      models.set(name, { model, card: card.scorecard, bundle: out, scorer: await import(pathToFileURL(path.join(out, 'scorer.mjs')).href) as Scorer });
    }
  });

  it('scorer.mjs gives every held-out and edge row the score the app gives (to 1e-9), for trees, trees on WOE, a network and a logistic regression', () => {
    for (const [name, { model, card, scorer }] of models) {
      const logOdds = modelLogOdds(model, columnsOf(records));
      const sign = card.scaling.orientation === 'higher-is-better' ? -1 : 1;
      records.forEach((r, i) => {
        const app = card.offset + sign * card.factor * logOdds[i]!;
        assert.ok(Math.abs(scorer.scoreValue(r) - app) < 1e-9, `${name} row ${i}: scorer ${scorer.scoreValue(r)} vs app ${app}`);
      });
    }
  });

  it('the app scores a workspace dataset as it scores the same values given as records (the import path and the record path agree)', () => {
    const db = openWorkspaceDb(ws);
    try {
      const { model, card } = models.get('trees')!;
      const inWorkspace = modelLogOdds(model, (n) => readColumn(db, 'hmeq', n));
      const sample = readColumn(db, 'hmeq', 'sample');
      const test = sample.kind === 'i32' ? Array.from(sample.codes.keys()).filter((i) => sample.dictionary[sample.codes[i]!] === 'test') : [];
      const fromRecords = modelLogOdds(model, columnsOf(records.slice(0, test.length)));
      test.forEach((i, k) => assert.ok(Math.abs(inWorkspace[i]! - fromRecords[k]!) < 1e-12, `row ${i}`));
      assert.ok(card.scaled);
    } finally {
      db.close();
    }
  });

  it('scorecard.json of every challenger bundle validates against the shipped JSON Schema', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO, 'models', 'export', 'scorecard.schema.json'), 'utf8')) as object);
    for (const [name, { bundle }] of models) assert.ok(validate(JSON.parse(fs.readFileSync(path.join(bundle, 'scorecard.json'), 'utf8'))), `${name}: ${JSON.stringify(validate.errors)}`);
  });

  it('the PMML validates against the PMML 4.4 schema and an evaluator written from the spec gives the same scores (to 1e-9)', () => {
    for (const [name, { bundle, scorer, card }] of models) {
      const file = path.join(bundle, 'scorecard.pmml');
      const lint = spawnSync('xmllint', ['--noout', '--schema', path.join(SHARED_DATA, '..', 'pmml', 'pmml-4-4.xsd'), file], { encoding: 'utf8' });
      if (!lint.error) assert.equal(lint.status, 0, `${name}: ${lint.stderr}`);
      const pmml = pmmlModels(fs.readFileSync(file, 'utf8'));
      for (const [i, r] of records.entries()) {
        const out = pmml.evaluate(card.purpose, r);
        assert.ok(Math.abs((out[`score_${card.purpose}`] as number) - scorer.scoreValue(r)) < 1e-9, `${name} row ${i}: PMML ${String(out[`score_${card.purpose}`])} vs scorer ${scorer.scoreValue(r)}`);
      }
    }
  });

  it('the SQL run in SQLite gives the same scores for trees and the logistic regression (to 1e-9), and says plainly that the network has none', () => {
    for (const [name, { bundle, scorer, card }] of models) {
      const sql = fs.readFileSync(path.join(bundle, 'scorecard.sql'), 'utf8');
      if (name === 'net') {
        assert.match(sql, /neural network \(mlp\): it has no SQL form here/);
        continue;
      }
      const db = new Database(':memory:');
      try {
        db.exec(`CREATE TABLE input_rows (id INTEGER, ${NUMERIC.map((c) => `"${c}" REAL`).join(', ')}, ${TEXT.map((c) => `"${c}" TEXT`).join(', ')})`);
        const insert = db.prepare(`INSERT INTO input_rows VALUES (?, ${[...NUMERIC, ...TEXT].map(() => '?').join(', ')})`);
        records.forEach((r, i) => insert.run(i, ...[...NUMERIC, ...TEXT].map((c) => r[c] ?? null)));
        const rows = db.prepare(`${sqlOfDialect(sql, 'ansi').replace(/;$/, '')} ORDER BY id`).all() as Record<string, number>[];
        assert.equal(rows.length, records.length);
        rows.forEach((row, i) => assert.ok(Math.abs(row[`score_${card.purpose}`]! - scorer.scoreValue(records[i]!)) < 1e-9, `${name} row ${i}: SQL ${row[`score_${card.purpose}`]} vs scorer ${scorer.scoreValue(records[i]!)}`));
      } finally {
        db.close();
      }
    }
  });

  it("the trees' reasons in scorer.mjs are the app's TreeSHAP reasons, and every row's points add up to its score", async () => {
    const { card, scorer, model } = models.get('trees')!;
    const rows = [1, 2, 3, 50, 400, 1200, 2400];
    const app = json<Explanation>(await cli('explain', '--workspace', ws, '--model', 'trees', '--rows', rows.join(','), '--json'));
    const file = readCsv(path.join(SHARED_DATA, 'hmeq.split.csv'));
    const sign = card.scaling.orientation === 'higher-is-better' ? -1 : 1;
    app.rows.forEach((e, k) => {
      const s = scorer.score(recordAt(file, rows[k]!));
      for (const c of e.contributions) assert.ok(Math.abs(s.points[c.input]! - sign * card.factor * c.contribution) < 1e-9, `row ${rows[k]} ${c.input}`);
      assert.deepEqual(s.reasons.map((x) => x.characteristic), e.reasons.map((x) => x.input), `row ${rows[k]} reasons`);
      const expected = card.offset + sign * card.factor * (e.logOdds - e.contributions.reduce((a, c) => a + c.contribution, 0));
      assert.ok(Math.abs(expected + Object.values(s.points).reduce((a, b) => a + b, 0) - s.score) < 1e-9);
      assert.equal(s.reasonCodes.length, s.reasons.length);
      assert.ok(s.reasonCodes.every((c) => /^RC\d{2}$/.test(c)));
    });
    assert.equal(model.kind, 'gbdt');
  });

  it("the network's reasons (integrated gradients from the training means) add up to its score's distance from the baseline", () => {
    const { scorer, bundle } = models.get('net')!;
    const doc = JSON.parse(fs.readFileSync(path.join(bundle, 'scorecard.json'), 'utf8')) as ScorecardDocument;
    const m = doc.scorecards[0]!.model!;
    assert.equal(m.kind, 'mlp');
    assert.ok(m.baseline.length > 0);
    const rt = scorerRuntime();
    const layers = rt.compileLayers(m.layers);
    const card = doc.scorecards[0]!;
    const atBaseline = card.offset - card.factor * rt.netLogOdds(layers, Float64Array.from(m.baseline));
    for (const r of records.slice(0, 200)) {
      const s = scorer.score(r);
      const total = Object.values(s.points).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(atBaseline + total - s.score) < 1e-6, `points ${total} add up to ${s.score} − ${atBaseline}`);
      assert.ok(s.reasons.length <= 3);
      // A reason pushes toward going bad: the credit score loses points on it.
      for (const x of s.reasons) assert.ok(s.points[x.characteristic]! < 0);
    }
  });

  it("the app's explanation of a network's rows (jointscore explain) is scorer.mjs's: same contributions to 1e-9, same reasons, adding up to the log-odds", async () => {
    for (const name of ['net', 'linear']) {
      const { card, scorer } = models.get(name)!;
      const rows = [1, 2, 3, 77, 900, 2000];
      const app = json<Explanation>(await cli('explain', '--workspace', ws, '--model', name, '--rows', rows.join(','), '--json'));
      assert.equal(app.method, 'integrated-gradients');
      const file = readCsv(path.join(SHARED_DATA, 'hmeq.split.csv'));
      const sign = card.scaling.orientation === 'higher-is-better' ? -1 : 1;
      app.rows.forEach((e, k) => {
        const s = scorer.score(recordAt(file, rows[k]!));
        const total = e.contributions.reduce((a, c) => a + c.contribution, 0);
        assert.ok(Math.abs(e.expected + total - e.logOdds) < 1e-9, `${name} row ${rows[k]} adds up`);
        for (const c of e.contributions) assert.ok(Math.abs(s.points[c.input]! - sign * card.factor * c.contribution) < 1e-9, `${name} row ${rows[k]} ${c.input}`);
        assert.deepEqual(s.reasons.map((x) => x.characteristic), e.reasons.map((x) => x.input), `${name} row ${rows[k]} reasons`);
      });
    }
  });

  it("partial dependence (jointscore dependence) follows the trees' monotone constraint and equals a hand average of the model's log-odds", async () => {
    const d = json<{ grid: number[]; logOdds: number[]; missing: number; rows: number; monotone: number; kind: string }>(await cli('dependence', '--workspace', ws, '--model', 'trees', '--feature', 'DELINQ', '--rows', '300', '--json'));
    assert.equal(d.monotone, 1);
    assert.equal(d.kind, 'numeric');
    for (let k = 1; k < d.logOdds.length; k++) assert.ok(d.logOdds[k]! >= d.logOdds[k - 1]! - 1e-12, `non-decreasing at ${d.grid[k]}`);
    // By hand: the model's log-odds of the first 300 evenly spaced training rows with DELINQ set to a grid value, averaged.
    const { model } = models.get('trees')!;
    const db = openWorkspaceDb(ws);
    try {
      const sample = readColumn(db, 'hmeq', 'sample');
      const train = sample.kind === 'i32' ? Array.from(sample.codes.keys()).filter((i) => sample.dictionary[sample.codes[i]!] === 'train') : [];
      const step = train.length / 300;
      const rows = Array.from({ length: 300 }, (_, j) => train[Math.floor(j * step)]!);
      const k = d.grid.length - 1;
      const l = modelLogOdds(model, (n) => {
        const c = readColumn(db, 'hmeq', n);
        if (n === 'DELINQ') return { kind: 'f64', values: new Float64Array(rows.length).fill(d.grid[k]!) };
        return c.kind === 'f64' ? { kind: 'f64', values: Float64Array.from(rows, (i) => c.values[i]!) } : { kind: 'i32', codes: Int32Array.from(rows, (i) => c.codes[i]!), dictionary: c.dictionary };
      });
      assert.ok(Math.abs(l.reduce((a, b) => a + b, 0) / l.length - d.logOdds[k]!) < 1e-12);
    } finally {
      db.close();
    }
    const bad = await cli('dependence', '--workspace', ws, '--model', 'trees', '--feature', 'nope', '--json');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /'nope' is not an input of model/);
  });

  it('refuses a bundle whose tree leaves hold fewer training rows than the privacy threshold, naming them', async () => {
    const r = await cli('export', '--workspace', ws, '--model', 'trees', '--out', path.join(dir, 'too-small'), '--min-bin-rows', '100000', '--json');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /PRIVACY_THRESHOLD/);
    assert.match(r.stderr, /tree 1 leaf/);
    assert.ok(!fs.existsSync(path.join(dir, 'too-small')));
  });
});
