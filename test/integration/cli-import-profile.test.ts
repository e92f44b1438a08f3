import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { ImportResult } from '../../service/contract';
import type { DatasetInfo, DatasetProfile } from '../../types/dataset';
import { assertClose } from '../helpers/assert-close';
import { json, runCli } from '../helpers/cli';
import { SHARED_DATA, tempDir } from '../helpers/temp';

/** Reference figures computed with pandas 1.5 (Debian python3-pandas) on the same files. */
const PANDAS = {
  creditAmount: { mean: 3271.258, std: 2822.73687596044, distinct: 921, quantiles: [425.83, 708.95, 1365.5, 2319.5, 3972.25, 9162.699999999995, 14180.39] },
  checkingAccountIv: 0.6660115033513336,
  checkingAccountWoe: { 'no checking account': 1.176263222898176, '... < 0 DM': -0.8180987056949414 },
  hmeqMissing: { BAD: 0, LOAN: 0, MORTDUE: 518, VALUE: 112, REASON: 252, JOB: 279, YOJ: 515, DEROG: 708, DELINQ: 580, CLAGE: 308, NINQ: 510, CLNO: 222, DEBTINC: 1267 } as Record<string, number>,
  debtinc: { mean: 33.779915349235246, std: 8.601746186440327, median: 34.81826182, distinct: 4693 },
};

describe('CLI: workspace, import, datasets and profile on the public credit data', () => {
  const dir = tempDir();
  const ws = path.join(dir, 'session.jsw');
  let german: ImportResult;

  before(async () => {
    json(await runCli(['workspace', 'create', ws, '--json'], dir));
    german = json<ImportResult>(await runCli(['import', path.join(SHARED_DATA, 'germancredit.csv'), '--workspace', ws, '--party', 'lender', '--json'], dir));
  });

  it('prints the documented import JSON', () => {
    assert.equal(german.dataset, 'germancredit');
    assert.equal(german.rows, 1000);
    assert.equal(german.columns.length, 21);
    assert.ok(Array.isArray(german.warnings));
    for (const c of german.columns) assert.deepEqual(Object.keys(c).sort(), ['distinct', 'missing', 'name', 'role', 'type']);
    const byName = Object.fromEntries(german.columns.map((c) => [c.name, c]));
    assert.deepEqual(byName.credit_amount, { name: 'credit_amount', type: 'numeric', role: 'feature', missing: 0, distinct: 921 });
    assert.deepEqual(byName.creditability, { name: 'creditability', type: 'categorical', role: 'target', missing: 0, distinct: 2 });
    assert.equal(byName.purpose!.type, 'categorical');
  });

  it('lists datasets with their party and size', async () => {
    const list = json<DatasetInfo[]>(await runCli(['datasets', '--workspace', ws, '--json'], dir));
    assert.equal(list.length, 1);
    assert.deepEqual([list[0]!.name, list[0]!.party, list[0]!.rows, list[0]!.columnCount], ['germancredit', 'lender', 1000, 21]);
    assert.equal(list[0]!.sourceSha256, '2c0bae00275c028fc853a1ea72cc7a68002c3f6876c41300c5c948711540c8c6');
  });

  it('profiles numbers as pandas does (mean, std, quantiles, distinct)', async () => {
    const p = json<DatasetProfile>(await runCli(['profile', '--workspace', ws, '--dataset', 'germancredit', '--json'], dir));
    const ca = p.columns.find((c) => c.name === 'credit_amount')!;
    assertClose(ca.numeric!.mean, PANDAS.creditAmount.mean, 1e-12, 'mean');
    assertClose(ca.numeric!.std, PANDAS.creditAmount.std, 1e-12, 'std');
    assert.equal(ca.distinct, PANDAS.creditAmount.distinct);
    ca.numeric!.quantiles.forEach((q, i) => assertClose(q.value, PANDAS.creditAmount.quantiles[i]!, 1e-12, `p${q.p}`));
  });

  it('profiles against a target: event rate, WOE and IV as computed by pandas', async () => {
    const p = json<DatasetProfile>(await runCli(['profile', '--workspace', ws, '--dataset', 'germancredit', '--target', 'creditability', '--json'], dir));
    assert.equal(p.event, 'bad');
    assertClose(p.eventRate!, 0.3);
    const status = p.columns.find((c) => c.name === 'status_of_existing_checking_account')!.targetProfile!;
    assertClose(status.iv, PANDAS.checkingAccountIv, 1e-12, 'IV');
    for (const [label, woe] of Object.entries(PANDAS.checkingAccountWoe)) assertClose(status.bins.find((b) => b.label === label)!.woe, woe, 1e-12, `WOE ${label}`);
    const amount = p.columns.find((c) => c.name === 'credit_amount')!.targetProfile!;
    assert.equal(amount.bins.reduce((s, b) => s + b.count, 0), 1000);
    assert.equal(amount.bins.reduce((s, b) => s + b.events, 0), 300);
  });

  it('imports hmeq with its real missing values exactly as pandas counts them', async () => {
    const r = json<ImportResult>(await runCli(['import', path.join(SHARED_DATA, 'hmeq.csv'), '--workspace', ws, '--party', 'partner', '--json'], dir));
    assert.equal(r.rows, 5960);
    for (const c of r.columns) assert.equal(c.missing, PANDAS.hmeqMissing[c.name], c.name);
    assert.equal(r.columns.find((c) => c.name === 'BAD')!.role, 'target');
    const p = json<DatasetProfile>(await runCli(['profile', '--workspace', ws, '--dataset', 'hmeq', '--target', 'BAD', '--json'], dir));
    const d = p.columns.find((c) => c.name === 'DEBTINC')!;
    assertClose(d.numeric!.mean, PANDAS.debtinc.mean, 1e-12);
    assertClose(d.numeric!.std, PANDAS.debtinc.std, 1e-12);
    assertClose(d.numeric!.quantiles.find((q) => q.p === 0.5)!.value, PANDAS.debtinc.median, 1e-9);
    assert.equal(d.distinct, PANDAS.debtinc.distinct);
    assert.ok(d.targetProfile!.bins.some((b) => b.label === 'Missing'));
    assertClose(p.eventRate!, 1189 / 5960, 1e-12);
  });

  it('keeps a verifiable audit log of what was done', async () => {
    const v = json<{ ok: boolean; entries: number }>(await runCli(['audit', 'verify', '--workspace', ws, '--json'], dir));
    assert.equal(v.ok, true);
    assert.ok(v.entries >= 3);
  });

  it('prints human tables without --json', async () => {
    const r = await runCli(['datasets', '--workspace', ws], dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /germancredit\s+lender\s+1000\s+21/);
  });
});
