import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { BundleManifest, ScorecardDocument } from '../../types/bundle';
import { json, runCli } from '../helpers/cli';
import { postJson, request, startRtaServer, type RunningServer } from '../helpers/rta-client';
import { tempDir } from '../helpers/temp';

interface Scorer { targetingScore: (r: Record<string, unknown>) => number; creditScore: (r: Record<string, unknown>) => number }

/** The value of a Prometheus sample line (0 when absent). */
const sample = (text: string, line: string) => Number(new RegExp(`^${line.replace(/[{}()[\]."+]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);

describe('jointscore rta serve: drift on /metrics — each input\'s missing and unseen counts and each card\'s score histogram', () => {
  const dir = tempDir();
  const bundle = path.join(dir, 'bundle');
  const drifted = path.join(dir, 'drifted.csv');
  let server: RunningServer;
  let rows: Record<string, string>[] = [];
  let header: string[] = [];
  let manifest: BundleManifest;

  before(async () => {
    const features = path.join(dir, 'features.csv');
    json(await runCli(['demo', 'bundle', '--out', bundle, '--features-out', features, '--rows', '12000', '--seed', '5', '--session-dir', path.join(dir, 'session'), '--json'], dir));
    manifest = JSON.parse(fs.readFileSync(path.join(bundle, 'manifest.json'), 'utf8')) as BundleManifest;
    const numeric = manifest.inputs.find((i) => i.type === 'numeric')!.name, categorical = manifest.inputs.find((i) => i.type === 'categorical')!.name;
    // The snapshot as it arrives after a partner change: one input stops arriving for 100 users, another takes a category never seen for 50.
    const lines = fs.readFileSync(features, 'utf8').trim().split('\n');
    header = lines[0]!.split(',');
    rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, k) => [header[k]!, v])));
    rows.slice(0, 100).forEach((r) => { r[numeric] = ''; });
    rows.slice(100, 150).forEach((r) => { r[categorical] = 'harmony-next'; });
    fs.writeFileSync(drifted, `${header.join(',')}\n${rows.map((r) => header.map((h) => r[h]).join(',')).join('\n')}\n`);
    server = await startRtaServer(['--bundle', bundle, '--features', drifted, '--log-sample', '0', '--deadline-ms', '500'], dir);
  });
  after(() => { server?.child.kill('SIGKILL'); });

  it('counts exactly what a hand count of the users asked for gives', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const asked = rows.slice(0, 200);
    for (const [i, r] of asked.entries()) await postJson(server.port, { id: `d${i}`, device: { os: 'android', oaid_md5: r.device_id_md5 }, strategy_ids: ['s1'] }, agent);
    await postJson(server.port, { id: 'stranger', device: { os: 'android', oaid_md5: '0'.repeat(32) }, strategy_ids: ['s1'] }, agent);
    agent.destroy();
    const text = (await request(server.port, 'GET', '/metrics')).body.toString();
    assert.equal(sample(text, 'jointscore_rta_scored_users_total'), 200, 'the stranger is not scored');
    for (const input of manifest.inputs) {
      const missing = asked.filter((r) => r[input.name] === '' || r[input.name] === undefined).length;
      const unseen = input.type === 'categorical' ? asked.filter((r) => r[input.name] !== '' && !(input.allowedValues ?? []).includes(r[input.name]!)).length : 0;
      assert.equal(sample(text, `jointscore_rta_input_missing_total{input="${input.name}"}`), missing, `${input.name} missing`);
      assert.equal(sample(text, `jointscore_rta_input_unseen_total{input="${input.name}"}`), unseen, `${input.name} unseen`);
    }
    assert.ok(sample(text, `jointscore_rta_input_missing_total{input="${manifest.inputs.find((i) => i.type === 'numeric')!.name}"}`) >= 100);
    // Each card's histogram: the bundle's own scorer on the same users, binned by hand over the card's range.
    const scorer = (await import(pathToFileURL(path.join(bundle, 'scorer.mjs')).href)) as Scorer;
    const cards = (JSON.parse(fs.readFileSync(path.join(bundle, 'scorecard.json'), 'utf8')) as ScorecardDocument).scorecards;
    for (const card of cards) {
      const { min, max } = card.scoreRange;
      const scores = asked.map((r) => (card.key === 'credit' ? scorer.creditScore(r) : scorer.targetingScore(r)));
      assert.equal(sample(text, `jointscore_rta_score_count{card="${card.key}"}`), 200);
      for (const k of [4, 9, 14]) {
        const le = min + ((max - min) / 20) * (k + 1);
        const byHand = scores.filter((s) => Math.min(19, Math.max(0, Math.floor(((s - min) / (max - min)) * 20))) <= k).length;
        assert.equal(sample(text, `jointscore_rta_score_bucket{card="${card.key}",le="${le}"}`), byHand, `${card.key} ≤ ${le}`);
      }
    }
  });
});
