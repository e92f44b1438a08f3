import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DEMO_FEATURES } from '../../service/demo/demo-bundle';
import type { BundleManifest } from '../../types/bundle';
import { json, runCli } from '../helpers/cli';
import { postJson, startRtaServer, type RunningServer } from '../helpers/rta-client';
import { tempDir } from '../helpers/temp';

interface Scorer {
  score: (r: Record<string, unknown>) => { decision: { bid: boolean; coefficient: number; cell: [number, number] } };
  targetingScore: (r: Record<string, unknown>) => number;
  creditScore: (r: Record<string, unknown>) => number;
}

describe('jointscore rta serve: a mixed strategy (a gbdt targeting model × a scorecard credit model) answers as its scorer.mjs does', () => {
  const dir = tempDir();
  const features = path.join(dir, 'features.csv');
  const bundle = path.join(dir, 'mixed');
  let server: RunningServer;
  let scorer: Scorer;
  let rows: Record<string, string>[] = [];

  before(async () => {
    const demo = json<{ workspace: string; models: { key: string; scorecardId: number }[] }>(await runCli(['demo', 'bundle', '--out', path.join(dir, 'first'), '--features-out', features, '--rows', '12000', '--seed', '5', '--session-dir', path.join(dir, 'session'), '--json'], dir));
    const ws = demo.workspace;
    const cli = (...args: string[]) => runCli(args, dir);
    const gb = json<{ modelId: number }>(await cli('train', '--workspace', ws, '--dataset', 'joint', '--target', 'applied', '--purpose', 'targeting', '--model', 'gbdt', '--trees', '40', '--features', DEMO_FEATURES.join(','), '--name', 'gbdt-targeting', '--json'));
    const card = json<{ scorecardId: number }>(await cli('scorecard', '--workspace', ws, '--model', String(gb.modelId), '--orientation', 'higher-is-riskier', '--json'));
    const credit = demo.models.find((m) => m.key === 'credit')!.scorecardId;
    const s = json<{ strategyId: number }>(await cli('strategy', 'matrix', '--workspace', ws, '--targeting', String(card.scorecardId), '--credit', String(credit), '--bands', '3', '--name', 'mixed', '--json'));
    // The lowest targeting band is not bid on, whatever the figures suggest: some users bid, some do not.
    json(await cli('strategy', 'decide', '--workspace', ws, '--strategy', String(s.strategyId), '--cell', '0,0=no-bid', '--cell', '0,1=no-bid', '--cell', '0,2=no-bid', '--cell', '2,2=bid:1.5', '--json'));
    const exported = json<{ manifest: BundleManifest }>(await cli('export', '--workspace', ws, '--model', String(gb.modelId), '--strategy', String(s.strategyId), '--out', bundle, '--json'));
    assert.deepEqual(exported.manifest.models.map((m) => [m.key, m.kind]), [['targeting', 'gbdt'], ['credit', 'scorecard-lr']]);
    scorer = (await import(pathToFileURL(path.join(bundle, 'scorer.mjs')).href)) as Scorer;
    const lines = fs.readFileSync(features, 'utf8').trim().split('\n');
    const header = lines[0]!.split(',');
    rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, k) => [header[k]!, v])));
    server = await startRtaServer(['--bundle', bundle, '--features', features, '--log-sample', '0', '--deadline-ms', '500'], dir);
  });
  after(() => { server?.child.kill('SIGKILL'); });

  it('every decision and both scores equal scorer.mjs + strategy.json offline for 600 known users', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const known = rows.filter((_, i) => i % Math.max(1, Math.floor(rows.length / 600)) === 0).slice(0, 600);
    let bids = 0;
    for (const [i, rec] of known.entries()) {
      const a = JSON.parse((await postJson(server.port, { id: `q${i}`, device: { os: 'android', oaid_md5: rec.device_id_md5 }, strategy_ids: ['s1'], is_test: true }, agent)).body.toString()) as { bid: boolean; bid_coefficient: number; outcome: string; targeting_score: number; credit_score: number; cell: number[] };
      const offline = scorer.score(rec).decision;
      assert.equal(a.outcome, 'scored');
      assert.equal(a.bid, offline.bid, `q${i}`);
      assert.equal(a.bid_coefficient, offline.bid ? offline.coefficient : 0);
      assert.equal(a.targeting_score, scorer.targetingScore(rec));
      assert.equal(a.credit_score, scorer.creditScore(rec));
      assert.deepEqual(a.cell, offline.cell);
      if (offline.bid) bids++;
    }
    agent.destroy();
    assert.ok(bids > 0 && bids < known.length, `bids on some users and not others (${bids} of ${known.length})`);
  });
});
