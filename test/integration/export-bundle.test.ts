import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import Database from 'better-sqlite3';
import { readColumn } from '../../data/store/column-chunks';
import { openWorkspaceDb } from '../../data/workspace/open-workspace';
import { sqlOfDialect } from '../../models/export/scorecard-sql';
import { explainRow, pointsOfRows, scoreRows } from '../../models/scorecard/score-rows';
import type { ExportResult, ScoreFileResult, Strategy } from '../../service/contract';
import type { BundleScorer } from '../../data/bundle/read-bundle';
import type { BundleManifest, ScorecardDocument } from '../../types/bundle';
import type { ColumnData } from '../../types/columns';
import type { WireError } from '../../types/errors';
import type { Scorecard } from '../../types/scorecard';
import { json, runCli } from '../helpers/cli';
import { evaluatePmmlScorecard, parseXml } from '../helpers/pmml-scorecard';
import { REPO, SHARED_DATA, tempDir } from '../helpers/temp';
import { createHash } from 'node:crypto';
import { createService } from '../../service/create-service';

const FEATURES = 'finance_min,loan_apps_installed,night_ratio,active_hours,device_price_tier,city_tier,days_since_active,os';

describe('CLI: strategy, export bundle and scoring — every format scores alike', () => {
  const dir = tempDir();
  const ws = path.join(dir, 's.jsw');
  const cli = (...args: string[]) => runCli(args, dir);
  const err = (stderr: string) => (JSON.parse(stderr) as { error: WireError }).error;
  let credit = 0, targeting = 0, strategyId = 0;
  let bundle = '';

  before(async () => {
    json(await cli('demo', 'generate', '--rows', '30000', '--seed', '11', '--out', dir, '--json'));
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'ab'.repeat(32), { mode: 0o600 });
    const secret = ['--secret-file', path.join(dir, 'secret.txt')];
    json(await cli('pseudonymize', path.join(dir, 'lender.csv'), '--key', 'phone', '--key-kind', 'phone', ...secret, '--out', path.join(dir, 'lender.h.csv'), '--json'));
    json(await cli('pseudonymize', path.join(dir, 'partner.csv'), '--key', 'phone', '--key-kind', 'phone', ...secret, '--drop', 'device_id', '--out', path.join(dir, 'partner.h.csv'), '--json'));
    json(await cli('workspace', 'create', ws, '--json'));
    json(await cli('import', path.join(dir, 'lender.h.csv'), '--workspace', ws, '--name', 'lender', '--json'));
    json(await cli('import', path.join(dir, 'partner.h.csv'), '--workspace', ws, '--name', 'partner', '--party', 'partner', '--json'));
    json(await cli('join', '--workspace', ws, '--left', 'lender', '--right', 'partner', '--on', 'phone_hmac_sha256', '--how', 'left', '--name', 'joint', '--json'));
    json(await cli('split', '--workspace', ws, '--dataset', 'joint', '--random', '0.7', '--seed', '1', '--target', 'applied', '--json'));
    json(await cli('bin', '--workspace', ws, '--dataset', 'joint', '--target', 'bad', '--json'));
    json(await cli('bin', '--workspace', ws, '--dataset', 'joint', '--target', 'applied', '--json'));
    const c = json<{ modelId: number }>(await cli('train', '--workspace', ws, '--dataset', 'joint', '--target', 'bad', '--population', 'drew_down=1', '--model', 'scorecard-lr', '--features', FEATURES, '--json'));
    const t = json<{ modelId: number }>(await cli('train', '--workspace', ws, '--dataset', 'joint', '--target', 'applied', '--purpose', 'targeting', '--model', 'scorecard-lr', '--features', FEATURES, '--json'));
    credit = c.modelId; targeting = t.modelId;
  });

  it('builds the targeting × credit matrix by hand-checkable counts, takes per-cell decisions and refuses bad ones', async () => {
    const cs = json<{ scorecardId: number }>(await cli('scorecard', '--workspace', ws, '--model', String(credit), '--json'));
    const ts = json<{ scorecardId: number }>(await cli('scorecard', '--workspace', ws, '--model', String(targeting), '--orientation', 'higher-is-riskier', '--json'));
    const r = json<{ strategyId: number; strategy: Strategy }>(await cli('strategy', 'matrix', '--workspace', ws, '--targeting', String(ts.scorecardId), '--credit', String(cs.scorecardId), '--bands', '3', '--json'));
    strategyId = r.strategyId;
    const s = r.strategy;
    assert.equal(s.sample, 'test');
    const cells = s.cells.flat();
    assert.equal(cells.reduce((a, c) => a + c.rows, 0), s.totals.rows, 'every row in one cell');
    // Against a hand count: the in-app card's scores on the test rows, banded by the strategy's cuts.
    const db = openWorkspaceDb(ws);
    try {
      const card = (id: number) => JSON.parse((db.prepare('SELECT body_json FROM artifacts WHERE id = ?').get(id) as { body_json: string }).body_json) as Scorecard;
      const columnOf = (n: string) => readColumn(db, 'joint', n);
      const tScores = scoreRows(card(ts.scorecardId), columnOf), cScores = scoreRows(card(cs.scorecardId), columnOf);
      const sample = readColumn(db, 'joint', 'sample'), applied = readColumn(db, 'joint', 'applied'), bad = readColumn(db, 'joint', 'bad');
      const testCode = sample.kind === 'i32' ? sample.dictionary.indexOf('test') : -1;
      const band = (x: number, cuts: number[]) => cuts.filter((c) => c <= x).length;
      const count = new Map<string, { rows: number; resp: number; bads: number; known: number }>();
      for (let i = 0; i < tScores.length; i++) {
        if (sample.kind !== 'i32' || sample.codes[i] !== testCode) continue;
        const key = `${band(tScores[i]!, s.targeting!.cuts)},${band(cScores[i]!, s.credit!.cuts)}`;
        const k = count.get(key) ?? { rows: 0, resp: 0, bads: 0, known: 0 };
        k.rows++;
        if (applied.kind === 'f64') k.resp += applied.values[i]!;
        if (bad.kind === 'f64' && !Number.isNaN(bad.values[i]!)) { k.known++; k.bads += bad.values[i]!; }
        count.set(key, k);
      }
      for (const c of cells) {
        const k = count.get(`${c.t},${c.c}`) ?? { rows: 0, resp: 0, bads: 0, known: 0 };
        assert.equal(c.rows, k.rows, `cell ${c.t},${c.c} rows`);
        assert.equal(c.responders, k.resp);
        assert.equal(c.outcomeKnown, k.known);
        assert.equal(c.bads, k.bads);
        if (c.responseRate !== null && c.badRate !== null) {
          const ev = c.responseRate * ((1 - c.badRate) * s.value.revenuePerGood - c.badRate * s.value.lossPerBad) - s.value.costPerBid;
          assert.ok(Math.abs(c.expectedValue! - ev) < 1e-9);
          assert.equal(c.decision.action, ev > 0 ? 'bid' : 'no-bid', 'suggested: bid where it pays');
        }
      }
    } finally {
      db.close();
    }
    const d = json<Strategy>(await cli('strategy', 'decide', '--workspace', ws, '--strategy', String(strategyId), '--cell', '0,0=bid:1.4', '--cell', '2,2=no-bid', '--default', 'bid:0.5', '--json'));
    assert.deepEqual(d.cells[0]![0]!.decision, { action: 'bid', coefficient: 1.4 });
    assert.deepEqual(d.cells[2]![2]!.decision, { action: 'no-bid', coefficient: 0 });
    assert.deepEqual(d.defaultDecision, { action: 'bid', coefficient: 0.5 });
    const bad1 = await cli('strategy', 'decide', '--workspace', ws, '--strategy', String(strategyId), '--cell', '0,1=bid:1.1', '--cell', '1,1=bid:9', '--json');
    assert.equal(bad1.code, 1);
    assert.match(err(bad1.stderr).message, /Cell \(1, 1\): a bid coefficient must be from 0\.1 to 3; got 9/);
    const bad2 = await cli('strategy', 'decide', '--workspace', ws, '--strategy', String(strategyId), '--cell', '7,0=no-bid', '--json');
    assert.match(err(bad2.stderr).message, /outside the 3 × 3 matrix/);
    const shown = json<Strategy>(await cli('strategy', 'show', '--workspace', ws, '--id', String(strategyId), '--json'));
    assert.deepEqual(shown.cells[0]![1]!.decision, d.cells[0]![1]!.decision, 'a refused edit changes nothing, not even its valid cells');
    const tiers = json<{ tiers: { tier: string; rows: number; responseRate: number }[]; rows: number }>(await cli('strategy', 'tiers', '--workspace', ws, '--scorecard', String(ts.scorecardId), '--json'));
    assert.equal(tiers.tiers.reduce((a, t) => a + t.rows, 0), tiers.rows);
    assert.ok(tiers.tiers[0]!.responseRate > tiers.tiers[2]!.responseRate, 'high intent responds more than low');
  });

  it('exports a bundle whose manifest hashes every file, scorecard.json meets its schema and the PMML the 4.4 XSD; the same inputs give the same bytes', async () => {
    bundle = path.join(dir, 'bundle');
    const r = json<ExportResult>(await cli('export', '--workspace', ws, '--model', String(credit), '--strategy', String(strategyId), '--out', bundle, '--json'));
    const names = fs.readdirSync(bundle).sort();
    assert.deepEqual(names, ['manifest.json', 'manifest.sig', 'report.html', 'scorecard.json', 'scorecard.pmml', 'scorecard.schema.json', 'scorecard.sql', 'scorer.mjs', 'strategy.json']);
    const m = JSON.parse(fs.readFileSync(path.join(bundle, 'manifest.json'), 'utf8')) as BundleManifest;
    assert.deepEqual(m, r.manifest);
    // Signed by this workbench's key: an Ed25519 signature of manifest.json's exact bytes.
    const sig = JSON.parse(fs.readFileSync(path.join(bundle, 'manifest.sig'), 'utf8')) as { keyId: string; publicKey: string; signature: string };
    const own = json<{ keyId: string; publicKey: string }>(await cli('signing-key', '--json'));
    assert.deepEqual([sig.keyId, sig.publicKey, r.signature?.keyId], [own.keyId, own.publicKey, own.keyId]);
    const { createPublicKey, verify } = await import('node:crypto');
    const pub = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(own.publicKey, 'base64')]), format: 'der', type: 'spki' });
    assert.ok(verify(null, fs.readFileSync(path.join(bundle, 'manifest.json')), pub, Buffer.from(sig.signature, 'base64')));
    const keyFile = path.join(dir, 'keys', 'bundle-signing-ed25519.pem');
    assert.equal((fs.statSync(keyFile).mode & 0o777).toString(8), '600', 'the private key is readable by its owner only');
    assert.deepEqual(m.models.map((x) => x.key), ['credit', 'targeting']);
    assert.deepEqual(m.inputs.map((i) => i.name), FEATURES.split(','));
    assert.equal(m.inputs.find((i) => i.name === 'os')!.type, 'categorical');
    assert.ok(m.metrics.credit!.test!.auc > 0.5);
    assert.match(m.trainingData.fingerprint, /^[0-9a-f]{64}$/);
    for (const f of m.files) {
      const data = fs.readFileSync(path.join(bundle, f.path));
      assert.equal(f.bytes, data.length);
      assert.equal(f.sha256, (await import('node:crypto')).createHash('sha256').update(data).digest('hex'), f.path);
    }
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO, 'models', 'export', 'scorecard.schema.json'), 'utf8')) as object);
    const doc = JSON.parse(fs.readFileSync(path.join(bundle, 'scorecard.json'), 'utf8')) as ScorecardDocument;
    assert.ok(validate(doc), JSON.stringify(validate.errors));
    assert.ok(!validate({ ...doc, primary: 'other' }), 'the schema rejects what it should');
    const lint = spawnSync('xmllint', ['--noout', '--schema', path.join(SHARED_DATA, '..', 'pmml', 'pmml-4-4.xsd'), path.join(bundle, 'scorecard.pmml')], { encoding: 'utf8' });
    assert.equal(lint.error, undefined, 'xmllint (Debian libxml2-utils) must be installed');
    assert.equal(lint.status, 0, lint.stderr);
    const unzip = spawnSync('unzip', ['-t', `${bundle}.zip`], { encoding: 'utf8' });
    assert.equal(unzip.status, 0, unzip.stdout + unzip.stderr);
    const listed = spawnSync('unzip', ['-Z1', `${bundle}.zip`], { encoding: 'utf8' }).stdout.trim().split('\n').sort();
    assert.deepEqual(listed, names);
    // Again into another folder: byte for byte the same.
    const again = path.join(dir, 'bundle-again');
    json(await cli('export', '--workspace', ws, '--model', String(credit), '--strategy', String(strategyId), '--out', again, '--json'));
    for (const n of names) assert.ok(fs.readFileSync(path.join(bundle, n)).equals(fs.readFileSync(path.join(again, n))), `${n} differs between two exports`);
    assert.ok(fs.readFileSync(`${bundle}.zip`).equals(fs.readFileSync(`${again}.zip`)), 'the zips differ');
  });

  it('writes report.html in Chinese when asked (--lang zh-CN); every file the RTA service reads is the same bytes', async () => {
    const zh = path.join(dir, 'bundle-zh');
    json(await cli('export', '--workspace', ws, '--model', String(credit), '--strategy', String(strategyId), '--out', zh, '--lang', 'zh-CN', '--json'));
    const report = fs.readFileSync(path.join(zh, 'report.html'), 'utf8');
    assert.match(report, /<html lang="zh-CN">/);
    for (const words of ['模型报告', '各样本上的表现', '训练数据', 'RTA 服务需提供的输入', '策略：']) assert.ok(report.includes(words), words);
    assert.match(fs.readFileSync(path.join(bundle, 'report.html'), 'utf8'), /<html lang="en">[\s\S]*Performance by sample/);
    for (const n of ['scorecard.json', 'scorecard.pmml', 'scorecard.sql', 'scorer.mjs', 'strategy.json']) assert.ok(fs.readFileSync(path.join(bundle, n)).equals(fs.readFileSync(path.join(zh, n))), `${n} is language-neutral`);
  });

  it("anchors the workspace's audit log: the manifest names the entry of the strategy's last edit, and a log cut before it no longer verifies", async () => {
    const m = JSON.parse(fs.readFileSync(path.join(bundle, 'manifest.json'), 'utf8')) as BundleManifest;
    const entries = json<{ seq: number; hash: string; action: string; params: { strategy?: number } }[]>(await cli('audit', 'list', '--workspace', ws, '--json'));
    const lastEdit = entries.filter((e) => (e.action === 'strategy.decide' || e.action === 'strategy') && e.params.strategy === strategyId).at(-1)!;
    assert.deepEqual(m.audit, { seq: lastEdit.seq, hash: lastEdit.hash });
    assert.equal(json<{ ok: boolean }>(await cli('audit', 'verify', '--workspace', ws, '--anchor', bundle, '--json')).ok, true);
    // A copy of the workspace whose log was cut before that entry, with its recorded head rewritten to match.
    const copy = path.join(dir, 'cut.jsw');
    fs.copyFileSync(ws, copy);
    const kept = entries.filter((e) => e.seq < lastEdit.seq).at(-1)!;
    const db = new Database(copy);
    try {
      db.exec('DROP TRIGGER audit_log_no_delete');
      db.prepare('DELETE FROM audit_log WHERE seq > ?').run(kept.seq);
      db.prepare("UPDATE meta SET value = ? WHERE key = 'audit_head'").run(JSON.stringify({ seq: kept.seq, hash: kept.hash }));
    } finally { db.close(); }
    assert.equal(json<{ ok: boolean }>(await cli('audit', 'verify', '--workspace', copy, '--json')).ok, true, 'the head alone no longer tells');
    const anchored = await cli('audit', 'verify', '--workspace', copy, '--anchor', bundle, '--json');
    assert.deepEqual([anchored.code, (JSON.parse(anchored.stdout) as { truncated: boolean }).truncated], [1, true]);
    const junk = await cli('audit', 'verify', '--workspace', ws, '--anchor', path.join(dir, 'no-such-bundle'));
    assert.equal(junk.code, 2);
  });

  it('scores held-out rows and edge values identically in the app, scorer.mjs, the SQL run by SQLite and the PMML evaluated from the spec', async () => {
    const scorer = (await import(pathToFileURL(path.join(bundle, 'scorer.mjs')).href)) as BundleScorer;
    const doc = JSON.parse(fs.readFileSync(path.join(bundle, 'scorecard.json'), 'utf8')) as ScorecardDocument;
    const pmml = parseXml(fs.readFileSync(path.join(bundle, 'scorecard.pmml'), 'utf8'));
    const sql = fs.readFileSync(path.join(bundle, 'scorecard.sql'), 'utf8');
    const inputs = FEATURES.split(',');
    const db = openWorkspaceDb(ws);
    let cards: Scorecard[];
    const columns = new Map<string, ColumnData>();
    try {
      cards = doc.scorecards.map((c) => JSON.parse((db.prepare('SELECT body_json FROM artifacts WHERE id = ?').get(c.scorecardId) as { body_json: string }).body_json) as Scorecard);
      for (const n of [...inputs, 'sample']) columns.set(n, readColumn(db, 'joint', n));
    } finally {
      db.close();
    }
    const sample = columns.get('sample')!;
    const testRows: number[] = [];
    if (sample.kind === 'i32') for (let i = 0; i < sample.codes.length; i++) if (sample.dictionary[sample.codes[i]!] === 'test') testRows.push(i);
    assert.ok(testRows.length > 5000);
    // Records as the RTA service would send them: numbers, text, null for missing.
    const records: Record<string, number | string | null>[] = testRows.map((i) => Object.fromEntries(inputs.map((n) => {
      const c = columns.get(n)!;
      if (c.kind === 'f64') return [n, Number.isNaN(c.values[i]!) ? null : c.values[i]!];
      return [n, c.codes[i]! < 0 ? null : c.dictionary[c.codes[i]!]!];
    })));
    // Edge values: at and just below every cut, far outside the training range, an unseen category, missing.
    const base = records[0]!;
    for (const card of doc.scorecards) for (const ch of card.characteristics) {
      const values: (number | string | null)[] = [null];
      if (ch.type === 'numeric') {
        for (const a of ch.attributes) if (a.lower != null) values.push(a.lower, a.lower - 1e-9);
        for (const a of ch.attributes) if (a.kind === 'special') values.push(a.value!);
        values.push(-1e12, 1e12, -999, 0);
      } else {
        values.push('never-seen-category', ...ch.attributes.flatMap((a) => a.categories ?? []));
      }
      for (const v of values) records.push({ ...base, [ch.name]: v });
    }
    const n = records.length;
    // In the app: the stored cards on columns built from the same records.
    const dictionaries = new Map<string, string[]>();
    const recordColumns = new Map<string, ColumnData>(inputs.map((name) => {
      if (columns.get(name)!.kind === 'f64') return [name, { kind: 'f64', values: Float64Array.from(records, (r) => (r[name] === null ? NaN : Number(r[name]))) } as ColumnData];
      const dict: string[] = [];
      const codes = Int32Array.from(records, (r) => { const v = r[name]; if (v === null) return -1; let k = dict.indexOf(String(v)); if (k < 0) { k = dict.length; dict.push(String(v)); } return k; });
      dictionaries.set(name, dict);
      return [name, { kind: 'i32', codes, dictionary: dict } as ColumnData];
    }));
    const appScores = cards.map((c) => scoreRows(c, (name) => recordColumns.get(name)!));
    const appPoints = pointsOfRows(cards[0]!, (name) => recordColumns.get(name)!);
    // SQL on SQLite.
    const sqlite = new Database(':memory:');
    sqlite.exec(`CREATE TABLE input_rows (${inputs.map((name) => `"${name}" ${columns.get(name)!.kind === 'f64' ? 'REAL' : 'TEXT'}`).join(', ')})`);
    const insert = sqlite.prepare(`INSERT INTO input_rows VALUES (${inputs.map(() => '?').join(', ')})`);
    sqlite.transaction(() => { for (const r of records) insert.run(...inputs.map((name) => r[name])); })();
    const sqlRows = sqlite.prepare(sqlOfDialect(sql, 'ansi').replace(/;$/, '') + ' ORDER BY rowid').all() as Record<string, number>[];
    sqlite.close();
    assert.equal(sqlRows.length, n);
    let checked = 0;
    for (let i = 0; i < n; i++) {
      const s = scorer.score(records[i]!);
      const explained = explainRow(cards[0]!, appPoints.map((p) => p[i]!));
      for (const [k, card] of doc.scorecards.entries()) {
        const key = card.key;
        const app = appScores[k]![i]!;
        assert.equal(s.scores[key], app, `row ${i}: scorer.mjs ${key} ${s.scores[key]} vs app ${app} (${JSON.stringify(records[i])})`);
        assert.equal(sqlRows[i]![`score_${key}`], app, `row ${i}: SQL ${key}`);
        const p = evaluatePmmlScorecard(pmml, key, records[i]!);
        assert.equal(p.score, app, `row ${i}: PMML ${key}`);
        if (k === 0) assert.deepEqual(p.reasonCodes, explained.reasonCodes, `row ${i}: PMML reason codes`);
      }
      assert.deepEqual(s.reasonCodes, explained.reasonCodes, `row ${i}: reason codes`);
      assert.equal(s.score, explained.score);
      checked++;
    }
    assert.equal(checked, n);
    // The decision is the strategy's cell for the two scores.
    const strategy = JSON.parse(fs.readFileSync(path.join(bundle, 'strategy.json'), 'utf8')) as Strategy;
    const band = (x: number, cuts: number[]) => cuts.filter((c) => c <= x).length;
    for (const r of records.slice(0, 500)) {
      const s = scorer.score(r);
      const cell = strategy.cells[band(s.scores.targeting!, strategy.targeting!.cuts)]![band(s.scores.credit!, strategy.credit!.cuts)]!;
      assert.equal(s.decision!.bid, cell.decision.action === 'bid');
      assert.equal(s.decision!.coefficient, cell.decision.coefficient);
    }
  });

  it('holds no row of the training data: no id, no partner row, no value of a column the model does not use', () => {
    const text = fs.readdirSync(bundle).map((f) => fs.readFileSync(path.join(bundle, f), 'utf8')).join('\n');
    const hexes = new Set(text.match(/[0-9a-f]{64}/g) ?? []);
    const lines = fs.readFileSync(path.join(dir, 'partner.h.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    assert.ok(lines.length > 10_000);
    for (const l of lines) assert.ok(!hexes.has(l[0]!), `training id ${l[0]} in the bundle`);
    const tags = new Set(lines.map((l) => l[11]!).filter((t) => t.includes('|')));
    for (const t of tags) assert.ok(!text.includes(t), `interest_tags value '${t}' in the bundle`);
    for (const l of lines.slice(0, 2000)) assert.ok(!text.includes(l.slice(2, 8).join(',')), 'a partner row in the bundle');
    const zip = fs.readFileSync(`${bundle}.zip`);
    assert.ok(!zip.includes(Buffer.from(lines[0]![0]!)), 'an id in the zip');
  });

  it('stops before writing when a bin is under the privacy threshold, naming the bins', async () => {
    const out = path.join(dir, 'too-small');
    const r = await cli('export', '--workspace', ws, '--model', String(credit), '--out', out, '--min-bin-rows', '100000', '--json');
    assert.equal(r.code, 1);
    const e = err(r.stderr);
    assert.equal(e.code, 'PRIVACY_THRESHOLD');
    assert.match(e.message, /fewer than 100000 training rows/);
    assert.match(e.message, /credit scorecard: finance_min/);
    assert.ok(!fs.existsSync(out) && !fs.existsSync(`${out}.zip`), 'nothing written');
    assert.ok(!fs.readdirSync(dir).some((f) => f.includes('.partial')));
    const exists = await cli('export', '--workspace', ws, '--model', String(credit), '--out', bundle, '--json');
    assert.equal(err(exists.stderr).code, 'ALREADY_EXISTS');
  });

  it('a credit card alone makes a cut-off strategy: two bands counted by hand, exported with its one card, answered by the RTA server', async () => {
    const cs = json<{ scorecardId: number }>(await cli('scorecard', '--workspace', ws, '--model', String(credit), '--json'));
    const table = json<{ pass: string; sample: string; table: { cutoff: number; passed: number }[] }>(await cli('strategy', 'cutoffs', '--workspace', ws, '--scorecard', String(cs.scorecardId), '--json'));
    assert.equal(table.pass, 'above', 'a credit score that rises as risk falls passes above the cut-off');
    const mid = table.table[Math.floor(table.table.length / 2)]!;
    const r = json<{ strategyId: number; strategy: Strategy }>(await cli('strategy', 'cutoff', '--workspace', ws, '--scorecard', String(cs.scorecardId), '--cutoff', String(mid.cutoff), '--json'));
    const s = r.strategy;
    assert.deepEqual([s.kind, s.targeting, s.credit!.cuts, s.cutoff, s.sample], ['cutoff', null, [mid.cutoff], { score: mid.cutoff, pass: 'above' }, table.sample]);
    assert.deepEqual(s.cells.map((row) => row.map((c) => c.decision.action)), [['no-bid', 'bid']]);
    assert.equal(s.cells[0]![1]!.rows, mid.passed, 'the passing band holds the rows the cut-off table says pass');
    // By hand: the in-app card's scores of the test rows in the credit population.
    const db = openWorkspaceDb(ws);
    try {
      const card = JSON.parse((db.prepare('SELECT body_json FROM artifacts WHERE id = ?').get(cs.scorecardId) as { body_json: string }).body_json) as Scorecard;
      const scores = scoreRows(card, (n) => readColumn(db, 'joint', n));
      const sample = readColumn(db, 'joint', 'sample'), drew = readColumn(db, 'joint', 'drew_down'), bad = readColumn(db, 'joint', 'bad');
      let above = 0, aboveBad = 0;
      for (let i = 0; i < scores.length; i++) {
        if (sample.kind !== 'i32' || sample.dictionary[sample.codes[i]!] !== 'test' || drew.kind !== 'f64' || drew.values[i] !== 1 || bad.kind !== 'f64') continue;
        if (scores[i]! >= mid.cutoff) { above++; aboveBad += bad.values[i]!; }
      }
      assert.deepEqual([s.cells[0]![1]!.rows, s.cells[0]![1]!.bads], [above, aboveBad]);
    } finally {
      db.close();
    }
    const edited = json<Strategy>(await cli('strategy', 'decide', '--workspace', ws, '--strategy', String(r.strategyId), '--cell', '0,1=bid:1.3', '--json'));
    assert.deepEqual(edited.cells[0]![1]!.decision, { action: 'bid', coefficient: 1.3 });
    const out = path.join(dir, 'cutoff-bundle');
    const exported = json<ExportResult>(await cli('export', '--workspace', ws, '--model', String(credit), '--strategy', String(r.strategyId), '--out', out, '--json'));
    assert.deepEqual(exported.manifest.models.map((m) => m.key), ['credit'], 'one card only');
    assert.ok(exported.manifest.files.some((f) => f.path === 'strategy.json'));
    const scorer = (await import(pathToFileURL(path.join(out, 'scorer.mjs')).href)) as BundleScorer;
    // The RTA server on the one-card bundle: a snapshot keyed by a device id hash.
    const rows = fs.readFileSync(path.join(dir, 'partner.h.csv'), 'utf8').trim().split('\n');
    const header = rows[0]!.split(','), inputs = FEATURES.split(',');
    const md5 = (x: string) => createHash('md5').update(x).digest('hex');
    const records = rows.slice(1, 401).map((l) => { const f = l.split(','); return Object.fromEntries(header.map((h, k) => [h, f[k]!])); });
    const features = path.join(dir, 'cutoff-features.csv');
    fs.writeFileSync(features, `${['device_id_md5', ...inputs].join(',')}\n${records.map((rec) => [md5(rec[header[0]!]!), ...inputs.map((n) => rec[n])].join(',')).join('\n')}\n`);
    const service = createService({ mode: 'cli', settingsDir: dir });
    try {
      const started = await service.call('rta.start', { bundle: out, features });
      let bids = 0;
      for (const rec of records.slice(0, 120)) {
        const a = await service.call('rta.request', { port: started.port, device: { oaid_md5: md5(rec[header[0]!]!) }, test: true });
        const offline = scorer.score(rec);
        assert.deepEqual([a.answer.outcome, a.answer.bid, a.answer.credit_score, a.answer.targeting_score], ['scored', offline.decision!.bid, offline.score, null]);
        assert.equal(offline.decision!.bid, offline.score >= mid.cutoff);
        if (a.answer.bid) { bids++; assert.equal(a.answer.bid_coefficient, 1.3); }
      }
      assert.ok(bids > 0 && bids < 120, `some bid, some not (${bids})`);
      await service.call('rta.stop', { server: started.server });
    } finally {
      service.close();
    }
  });

  it('jointscore score applies scorer.mjs to a CSV and refuses a bundle changed after export', async () => {
    const input = path.join(dir, 'partner.h.csv');
    const lender = fs.readFileSync(path.join(dir, 'partner.h.csv'), 'utf8').trim().split('\n');
    const out = path.join(dir, 'scores.csv');
    const r = json<ScoreFileResult>(await cli('score', '--bundle', bundle, '--input', input, '--out', out, '--json'));
    assert.equal(r.rows, lender.length - 1);
    const raw = fs.readFileSync(out);
    assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a byte-order mark by default: Excel on a Chinese Windows reads it as UTF-8');
    const scored = raw.toString('utf8').replace(/^\uFEFF/, '').trim().split('\n');
    assert.equal(scored[0], 'phone_hmac_sha256,score_credit,score_targeting,reason_codes,reasons,bid,bid_coefficient');
    const doc = JSON.parse(fs.readFileSync(path.join(bundle, 'scorecard.json'), 'utf8')) as ScorecardDocument;
    const creditCard = doc.scorecards.find((c) => c.key === 'credit')!;
    let named = 0;
    const scorer = (await import(pathToFileURL(path.join(bundle, 'scorer.mjs')).href)) as BundleScorer;
    const header = lender[0]!.split(',');
    for (let i = 1; i < 300; i++) {
      const f = lender[i]!.split(',');
      const rec = Object.fromEntries(header.map((h, k) => [h, f[k] === '' ? null : h === 'os' ? f[k] : Number(f[k])]));
      const s = scorer.score(rec);
      const reasons = s.reasons.map((x) => `${x.code} ${x.characteristic}: ${x.attribute}`).join('; ');
      assert.equal(scored[i], [f[0], s.scores.credit, s.scores.targeting, s.reasonCodes.join(' '), reasons.includes(',') ? `"${reasons}"` : reasons, s.decision!.bid ? 1 : 0, s.decision!.coefficient].join(','));
      // Each named reason is its code's characteristic, and the named bin gives the row's points there.
      for (const x of s.reasons) {
        const ch = creditCard.characteristics.find((c) => c.reasonCode === x.code)!;
        assert.equal(x.characteristic, ch.name);
        assert.equal(ch.attributes.find((a) => a.label === x.attribute)?.points ?? ch.unseenPoints, s.points[ch.name]);
        named++;
      }
    }
    assert.ok(named > 200, `reasons named (${named})`);
    // An id a spreadsheet would run as a formula is written inert.
    const hostile = path.join(dir, 'hostile.csv');
    fs.writeFileSync(hostile, `${lender[0]}\n${["=cmd|' /C calc'!A0", ...lender[1]!.split(',').slice(1)].join(',')}\n`);
    json(await cli('score', '--bundle', bundle, '--input', hostile, '--out', path.join(dir, 'hostile.out.csv'), '--json'));
    assert.match(fs.readFileSync(path.join(dir, 'hostile.out.csv'), 'utf8').split('\n')[1]!, /^'=cmd\|' \/C calc'!A0,/);
    // Ids in Chinese, written as GBK when asked (Excel's default on a Chinese Windows), read back the same; plain UTF-8 has no mark.
    const chinese = path.join(dir, 'chinese-ids.csv');
    fs.writeFileSync(chinese, `${lender[0]}\n${lender.slice(1, 6).map((l, k) => ['客户' + '甲乙丙丁戊'[k], ...l.split(',').slice(1)].join(',')).join('\n')}\n`);
    json(await cli('score', '--bundle', bundle, '--input', chinese, '--out', path.join(dir, 'chinese.gbk.csv'), '--out-encoding', 'gbk', '--json'));
    const gbk = new TextDecoder('gbk').decode(fs.readFileSync(path.join(dir, 'chinese.gbk.csv'))).split('\n');
    assert.deepEqual(gbk.slice(1, 6).map((l) => l.split(',')[0]), ['客户甲', '客户乙', '客户丙', '客户丁', '客户戊']);
    assert.equal(fs.readFileSync(path.join(dir, 'chinese.gbk.csv')).indexOf(Buffer.from('客户甲', 'utf8')), -1, 'not UTF-8');
    json(await cli('score', '--bundle', bundle, '--input', chinese, '--out', path.join(dir, 'chinese.utf8.csv'), '--out-encoding', 'utf8', '--json'));
    assert.match(fs.readFileSync(path.join(dir, 'chinese.utf8.csv'), 'utf8'), /^phone_hmac_sha256,/);
    const bad = await cli('score', '--bundle', bundle, '--input', chinese, '--out', path.join(dir, 'x.csv'), '--out-encoding', 'latin1', '--json');
    assert.deepEqual([err(bad.stderr).code, err(bad.stderr).details.option], ['INVALID_ARGUMENT', 'encoding']);
    // A file without one of the bundle's inputs, and one with a ragged row: named, and no output left.
    const noInput = path.join(dir, 'no-input.csv');
    fs.writeFileSync(noInput, `${header.filter((h) => h !== 'night_ratio').join(',')}\n`);
    const e1 = await cli('score', '--bundle', bundle, '--input', noInput, '--out', path.join(dir, 'no-input.out.csv'), '--json');
    assert.equal(err(e1.stderr).details.column, 'night_ratio');
    assert.match(err(e1.stderr).message, /has no column 'night_ratio', an input of the bundle/);
    const ragged = path.join(dir, 'ragged.csv');
    fs.writeFileSync(ragged, `${lender.slice(0, 4).join('\n')}\n${lender[4]!.split(',').slice(0, 5).join(',')}\n`);
    const e2 = err((await cli('score', '--bundle', bundle, '--input', ragged, '--out', path.join(dir, 'ragged.out.csv'), '--json')).stderr);
    assert.equal(e2.code, 'RAGGED_ROW');
    assert.equal(e2.details.row, 4);
    assert.equal(e2.details.line, 5);
    assert.ok(!fs.existsSync(path.join(dir, 'no-input.out.csv')) && !fs.existsSync(path.join(dir, 'ragged.out.csv')), 'no output left behind');
    assert.ok(!fs.readdirSync(dir).some((f) => f.includes('.partial')));
    const pmml = path.join(bundle, 'scorecard.pmml');
    fs.appendFileSync(pmml, '<!-- edited -->');
    const t = await cli('score', '--bundle', bundle, '--input', input, '--out', path.join(dir, 'scores2.csv'), '--json');
    assert.equal(err(t.stderr).code, 'HASH_MISMATCH');
    assert.match(err(t.stderr).message, /scorecard\.pmml .* was changed after export/);
    assert.ok(!fs.existsSync(path.join(dir, 'scores2.csv')));
  });
});
