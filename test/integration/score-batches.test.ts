import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { scorerSource } from '../../models/export/scorer-source';
import { mulberry32 } from '../../models/stats/random';
import { inputsOf } from '../../service/export/export-bundle';
import { scoreFile, type ScoreFileRequest, type ScoreFileResult } from '../../service/export/score-file';
import { startComputeHelper } from '../../service/jobs/compute-helper';
import type { BundleAttribute, BundleCharacteristic, BundleScorecard, ScorecardDocument, StrategyDocument } from '../../types/bundle';
import { AppError } from '../../types/errors';
import { REPO, tempDir } from '../helpers/temp';

const dir = tempDir();
const controls = { signal: { aborted: false }, onProgress: () => {} };
const helper = startComputeHelper(path.join(REPO, 'service', 'jobs', 'worker-entry.ts'));
after(() => helper.stop());

const attr = (a: Partial<BundleAttribute> & Pick<BundleAttribute, 'kind' | 'points'>): BundleAttribute => ({ label: a.label ?? a.kind, woe: 0, count: 0, ...a });
const numeric = (name: string, code: string, shift: number): BundleCharacteristic => ({
  name, type: 'numeric', party: 'partner', reasonCode: code, baselinePoints: 40 + shift, unseenPoints: -3,
  attributes: [attr({ kind: 'missing', points: 7 }), attr({ kind: 'special', value: -999, points: 2 }), ...[10, 25, 50, 80].map((u, k, all) => attr({ kind: 'bin', lower: k ? all[k - 1]! : null, upper: u, points: 10 * k + shift, label: `<${u}` })), attr({ kind: 'bin', lower: 80, upper: null, points: 40 + shift, label: '80+' })],
});
const region: BundleCharacteristic = {
  name: 'region', type: 'categorical', party: 'lender', reasonCode: 'RG', baselinePoints: 20, unseenPoints: 1,
  attributes: [attr({ kind: 'missing', points: 3 }), attr({ kind: 'bin', categories: ['north', '华东'], points: 20, label: 'north, 华东' }), attr({ kind: 'bin', categories: ['south'], points: 8, label: 'south' })],
};
const card = (key: 'credit' | 'targeting', cs: BundleCharacteristic[]): BundleScorecard => ({
  key, scorecardId: 1, modelId: 1, modelName: key, target: 'bad', event: '1', orientation: 'higher-is-better', pdo: 20, baseScore: 600, baseOdds: 50,
  factor: 28.85, offset: 487, basePoints: 450, reasonCodeCount: 3, scoreRange: { min: 0, max: 1000 }, characteristics: cs,
});
const doc = { format: 'jointscore-scorecard', formatVersion: 1, primary: 'credit', scorecards: [card('credit', [numeric('x1', 'R1', 0), region, numeric('x2', 'R2', 5)]), card('targeting', [numeric('x2', 'R2', 1), numeric('x3', 'R3', 2)])] } as ScorecardDocument;
const axis = (cuts: number[]) => ({ scorecardId: 1, modelId: 1, modelName: 'm', purpose: 'credit', orientation: 'higher-is-better', cuts, labels: [...cuts, 0].map(String) });
const strategy = { format: 'jointscore-strategy', formatVersion: 1, targeting: axis([500]), credit: axis([520, 540]), cells: [0, 1].map((t) => [0, 1, 2].map((c) => ({ t, c, decision: { action: (t + c) % 2 ? 'bid' : 'skip', coefficient: 1 + c / 10 } }))) } as unknown as StrategyDocument;

let bundle = '';
let big = '';
before(() => {
  bundle = path.join(dir, 'bundle');
  fs.mkdirSync(bundle);
  const files = [{ path: 'scorecard.json', data: Buffer.from(JSON.stringify(doc)) }, { path: 'scorer.mjs', data: Buffer.from(scorerSource(doc, strategy, 'test')) }];
  for (const f of files) fs.writeFileSync(path.join(bundle, f.path), f.data);
  fs.writeFileSync(path.join(bundle, 'manifest.json'), JSON.stringify({ format: 'jointscore-bundle', formatVersion: 1, inputs: inputsOf(doc.scorecards), files: files.map((f) => ({ path: f.path, bytes: f.data.length, sha256: createHash('sha256').update(f.data).digest('hex') })) }));
  // ~10 MB: past the size from which the file is scored on both threads.
  const rnd = mulberry32(3);
  const value = () => { const u = rnd(); return u < 0.04 ? '' : u < 0.06 ? '-999' : u < 0.07 ? 'NA' : u < 0.075 ? 'oops' : String(Math.round(rnd() * 1000) / 10); };
  const regions = ['north', 'south', '华东', 'west', '', 'NULL'];
  const lines = ['uid,x1,x2,x3,region,extra'];
  // Some ids a spreadsheet would run as a formula, some in Chinese: written as csvField writes them.
  const id = (i: number) => (i % 997 === 0 ? `@id${i}` : i % 1009 === 0 ? `客户${i}` : `id${i}`);
  for (let i = 0; i < 260_000; i++) lines.push(`${id(i)},${value()},${value()},${value()},${regions[Math.floor(rnd() * regions.length)]},${Math.floor(rnd() * 1e6)}`);
  big = path.join(dir, 'big.csv');
  fs.writeFileSync(big, `${lines.join('\n')}\n`);
  assert.ok(fs.statSync(big).size > 8 * 1024 * 1024);
});

async function scored(req: Omit<ScoreFileRequest, 'bundle' | 'out'>, name: string): Promise<{ result: ScoreFileResult; bytes: Buffer }> {
  const out = path.join(dir, name);
  const result = await scoreFile({ bundle, out, ...req }, controls, req.rowByRow ? undefined : helper.scorer);
  return { result: { ...result, out: '', seconds: 0 }, bytes: fs.readFileSync(out) };
}

async function failure(req: Omit<ScoreFileRequest, 'bundle' | 'out'>, name: string): Promise<AppError> {
  const out = path.join(dir, name);
  try {
    await scoreFile({ bundle, out, ...req }, controls, req.rowByRow ? undefined : helper.scorer);
  } catch (err) {
    assert.ok(err instanceof AppError);
    assert.ok(!fs.existsSync(out) && !fs.readdirSync(dir).some((f) => f.startsWith(name)), 'nothing left behind');
    return err;
  }
  throw new Error('scoring did not fail');
}

describe('jointscore score in batches of columns, on both threads', () => {
  it('writes byte for byte what scoring row by row writes: scores of both cards, reasons, bids, invalid counts (UTF-8 with BOM and GBK)', async () => {
    for (const encoding of ['utf8-bom', 'gbk'] as const) {
      const rows = await scored({ input: big, rowByRow: true, encoding }, `rows-${encoding}.csv`);
      const batches = await scored({ input: big, encoding }, `batches-${encoding}.csv`);
      assert.equal(rows.result.rows, 260_000);
      assert.ok(rows.result.bids! > 0 && rows.result.invalidValues.x1! > 0);
      assert.equal(batches.result.threads, 2, 'cut in two');
      assert.deepEqual({ ...batches.result, threads: 1 }, rows.result, encoding);
      assert.ok(batches.bytes.equals(rows.bytes), `${encoding}: the same bytes`);
    }
  });

  it('writes what scoring row by row writes for quoted fields, CRLF and CR line ends and blank lines (plain records and the rest mixed)', async () => {
    const lines = fs.readFileSync(big, 'utf8').split('\n').slice(0, 5001);
    const mixed = lines.map((l, i) => (i % 7 === 3 ? l.replace(/^([^,]*),([^,]*),/, '"$1","$2",') : i % 11 === 5 ? `${l}\r` : l));
    for (const [name, text] of [['quoted-crlf.csv', `${mixed.join('\n')}\n\n`], ['cr.csv', `${lines.join('\r')}\r`], ['no-final-newline.csv', mixed.join('\n')]] as const) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      const rows = await scored({ input: file, rowByRow: true }, `rows-${name}`);
      const batches = await scored({ input: file }, `batches-${name}`);
      assert.equal(rows.result.rows, 5000, name);
      assert.deepEqual({ ...batches.result, threads: 1 }, rows.result, name);
      assert.ok(batches.bytes.equals(rows.bytes), `${name}: the same bytes`);
    }
  });

  it('writes the reasons as scoring row by row writes them when labels hold quotes and commas and a reason code starts like a formula', async () => {
    const quoted: BundleCharacteristic = {
      ...region, reasonCode: 'Q1',
      attributes: [attr({ kind: 'missing', points: 3 }), attr({ kind: 'bin', categories: ['north', '华东'], points: 20, label: 'say "hi", 华东' }), attr({ kind: 'bin', categories: ['south'], points: 8, label: '"south", 沿海' })],
    };
    const odd = { ...doc, scorecards: [card('credit', [numeric('x1', '=F1', 0), quoted, numeric('x2', 'R2', 5)])] } as ScorecardDocument;
    const oddBundle = path.join(dir, 'odd-bundle');
    fs.mkdirSync(oddBundle);
    const files = [{ path: 'scorecard.json', data: Buffer.from(JSON.stringify(odd)) }, { path: 'scorer.mjs', data: Buffer.from(scorerSource(odd, null, 'test')) }];
    for (const f of files) fs.writeFileSync(path.join(oddBundle, f.path), f.data);
    fs.writeFileSync(path.join(oddBundle, 'manifest.json'), JSON.stringify({ format: 'jointscore-bundle', formatVersion: 1, inputs: inputsOf(odd.scorecards), files: files.map((f) => ({ path: f.path, bytes: f.data.length, sha256: createHash('sha256').update(f.data).digest('hex') })) }));
    const input = path.join(dir, 'odd.csv');
    fs.writeFileSync(input, `${fs.readFileSync(big, 'utf8').split('\n').slice(0, 20_001).join('\n')}\n`);
    const outputs = await Promise.all([true, false].map(async (rowByRow) => {
      const out = path.join(dir, `odd-${rowByRow ? 'rows' : 'batches'}.csv`);
      await scoreFile({ bundle: oddBundle, out, input, rowByRow }, controls, rowByRow ? undefined : helper.scorer);
      return fs.readFileSync(out);
    }));
    assert.ok(outputs[1]!.equals(outputs[0]!), 'the same bytes');
    const text = outputs[0]!.toString('utf8');
    assert.ok(text.includes('; Q1 region: ""south"", 沿海') && text.includes(",'=F1 x1:"), 'both kinds of reason text occur: quoted, and made spreadsheet-safe');
  });

  it('names the same line and row for a ragged row in the second half, and leaves no file', async () => {
    const lines = fs.readFileSync(big, 'utf8').split('\n');
    lines[200_001] = lines[200_001]!.split(',').slice(0, 4).join(',');
    const ragged = path.join(dir, 'ragged.csv');
    fs.writeFileSync(ragged, lines.join('\n'));
    const one = await failure({ input: ragged, rowByRow: true }, 'ragged-rows.csv');
    const two = await failure({ input: ragged }, 'ragged-batches.csv');
    assert.equal(one.code, 'RAGGED_ROW');
    assert.deepEqual([two.message, two.details], [one.message, one.details]);
    assert.equal(one.details.line, 200_002);
  });
});
