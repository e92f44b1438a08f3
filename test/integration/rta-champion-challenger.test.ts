import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DEMO_FEATURES } from '../../service/demo/demo-bundle';
import { assignmentPoint } from '../../rta/decision/assignment';
import type { CompareResult } from '../../service/contract';
import { json, runCli } from '../helpers/cli';
import { postJson, request, startRtaServer, type RunningServer } from '../helpers/rta-client';
import { tempDir } from '../helpers/temp';

interface Scorer { score: (r: Record<string, unknown>) => { decision: { bid: boolean; coefficient: number } } }
type Answer = { bid: boolean; bid_coefficient: number; outcome: string; model?: string };

/** The value of a Prometheus sample line (0 when absent). */
const sample = (text: string, line: string) => Number(new RegExp(`^${line.replace(/[{}()[\]."+]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);

describe('rta serve with a challenger: a stable share of users, each answered by its own model, counted per model, compared on outcomes', () => {
  const dir = tempDir();
  const features = path.join(dir, 'features.csv');
  const champion = path.join(dir, 'champion'), challenger = path.join(dir, 'challenger');
  const SHARE = 0.3;
  let scorers: Record<string, Scorer>;
  let rows: Record<string, string>[] = [];
  let server: RunningServer;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const ask = async (server: RunningServer, id: string, test: boolean) => JSON.parse((await postJson(server.port, { id: `q-${id}`, device: { os: 'android', oaid_md5: id }, is_test: test }, agent)).body.toString()) as Answer;
  const serve = (...extra: string[]) => startRtaServer(['--bundle', champion, '--features', features, '--challenger', challenger, '--challenger-share', String(SHARE), '--deadline-ms', '500', ...extra], dir);

  before(async () => {
    const demo = json<{ workspace: string; models: { key: string; scorecardId: number }[] }>(await runCli(['demo', 'bundle', '--out', champion, '--features-out', features, '--rows', '12000', '--seed', '5', '--session-dir', path.join(dir, 'session'), '--json'], dir));
    const ws = demo.workspace;
    const cli = (...args: string[]) => runCli(args, dir);
    const gb = json<{ modelId: number }>(await cli('train', '--workspace', ws, '--dataset', 'joint', '--target', 'applied', '--purpose', 'targeting', '--model', 'gbdt', '--trees', '30', '--features', DEMO_FEATURES.join(','), '--name', 'gbdt-targeting', '--json'));
    const card = json<{ scorecardId: number }>(await cli('scorecard', '--workspace', ws, '--model', String(gb.modelId), '--orientation', 'higher-is-riskier', '--json'));
    const credit = demo.models.find((m) => m.key === 'credit')!.scorecardId;
    const s = json<{ strategyId: number }>(await cli('strategy', 'matrix', '--workspace', ws, '--targeting', String(card.scorecardId), '--credit', String(credit), '--bands', '3', '--name', 'challenger', '--json'));
    json(await cli('strategy', 'decide', '--workspace', ws, '--strategy', String(s.strategyId), '--cell', '0,0=no-bid', '--cell', '0,1=no-bid', '--cell', '0,2=no-bid', '--cell', '2,2=bid:1.5', '--json'));
    json(await cli('export', '--workspace', ws, '--model', String(gb.modelId), '--strategy', String(s.strategyId), '--out', challenger, '--json'));
    scorers = {
      champion: (await import(pathToFileURL(path.join(champion, 'scorer.mjs')).href)) as Scorer,
      challenger: (await import(pathToFileURL(path.join(challenger, 'scorer.mjs')).href)) as Scorer,
    };
    const lines = fs.readFileSync(features, 'utf8').trim().split('\n');
    const header = lines[0]!.split(',');
    rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, k) => [header[k]!, v])));
    server = await serve('--log-sample', '1');
  });
  after(() => { server?.child.kill('SIGKILL'); });

  const armOf = (id: string) => (assignmentPoint(id.toLowerCase()) < SHARE ? 'challenger' : 'champion');

  it('answers each user by the arm their device id hashes to, with that model\'s own scorer.mjs decision', async () => {
    const users = rows.slice(0, 800);
    const seen: Record<string, number> = { champion: 0, challenger: 0 };
    for (const rec of users) {
      const a = await ask(server, rec.device_id_md5!, true);
      const arm = armOf(rec.device_id_md5!);
      assert.equal(a.model, arm, rec.device_id_md5);
      const d = scorers[arm]!.score(rec).decision;
      assert.equal(a.bid, d.bid, `${arm} ${rec.device_id_md5}`);
      assert.equal(a.bid_coefficient, d.bid ? d.coefficient : 0);
      seen[arm]!++;
    }
    assert.ok(seen.challenger! > 800 * SHARE * 0.75 && seen.challenger! < 800 * SHARE * 1.25, JSON.stringify(seen));
  });

  it('logs every decision with its model and user, counts answers and scores per model on /metrics, and compares the arms on outcomes as a hand count does', async () => {
    const before = await request(server.adminPort, 'GET', '/metrics', undefined, { Authorization: `Bearer ${server.adminToken}` });
    const users = rows.slice(800, 2800).map((r) => r.device_id_md5!);
    const answers: { user: string; arm: string; a: Answer }[] = [];
    for (const u of users) answers.push({ user: u, arm: armOf(u), a: await ask(server, u, false) });
    for (let k = 0; k < 50; k++) answers.push({ user: `unknown${k}`, arm: armOf(`unknown${k}`), a: await ask(server, `unknown${k}`, false) });
    const text = (await request(server.adminPort, 'GET', '/metrics', undefined, { Authorization: `Bearer ${server.adminToken}` })).body.toString();
    const was = before.body.toString();
    for (const arm of ['champion', 'challenger']) {
      for (const outcome of ['bid', 'no_bid', 'unknown_user']) {
        const line = `jointscore_rta_model_requests_total{model="${arm}",outcome="${outcome}"}`;
        const expected = answers.filter((x) => x.arm === arm && (outcome === 'unknown_user' ? x.a.outcome === 'unknown_user' : x.a.outcome === 'scored' && x.a.bid === (outcome === 'bid'))).length;
        assert.equal(sample(text, line) - sample(was, line), expected, line);
      }
      const scored = answers.filter((x) => x.arm === arm && x.a.outcome === 'scored').length;
      const line = `jointscore_rta_model_scored_users_total{model="${arm}"}`;
      assert.equal(sample(text, line) - sample(was, line), scored);
      assert.equal(sample(text, `jointscore_rta_model_score_count{model="${arm}",card="credit"}`) - sample(was, `jointscore_rta_model_score_count{model="${arm}",card="credit"}`), scored);
    }
    // The log: one line per answered request, naming the model and the user.
    await new Promise((r) => setTimeout(r, 200));
    const logged = server.logs.filter((l) => l.includes('"event":"request"')).map((l) => JSON.parse(l) as { model: string; user: string; outcome: string; bid: boolean });
    const plain = logged.filter((l) => l.outcome !== 'test');
    assert.equal(plain.length, answers.length);
    assert.ok(plain.every((l, k) => l.model === answers[k]!.arm && l.user === answers[k]!.user.toLowerCase()));
    const log = path.join(dir, 'decisions.jsonl');
    fs.writeFileSync(log, `${server.logs.join('\n')}\n`);
    // Later outcomes for the users: a response, a credit outcome for some responders, a value.
    const outcomes = users.map((u, k) => ({ user: u, responded: k % 3 === 0 ? 1 : 0, bad: k % 3 === 0 ? (k % 7 === 0 ? '1' : k % 5 === 0 ? '' : '0') : '', value: k % 3 === 0 ? (k % 7 === 0 ? -400 : 120) : -2 }));
    const outFile = path.join(dir, 'outcomes.csv');
    fs.writeFileSync(outFile, `device_id_md5,responded,bad,value\n${outcomes.map((o) => `${o.user},${o.responded},${o.bad},${o.value}`).join('\n')}\n`);
    const r = json<CompareResult>(await runCli(['monitor', '--decisions', log, '--outcomes', outFile, '--response', 'responded', '--bad', 'bad', '--value', 'value', '--json'], dir));
    const byUser = new Map(outcomes.map((o) => [o.user, o]));
    for (const arm of ['champion', 'challenger']) {
      const firstOf = new Map<string, { bid: boolean }>();
      for (const l of plain) if (l.outcome !== 'test' && !firstOf.has(l.user) && logged.find((x) => x.user === l.user)!.model === arm) firstOf.set(l.user, l);
      const mine = [...firstOf.entries()];
      const bids = mine.filter(([, d]) => d.bid).map(([u]) => byUser.get(u)).filter((o) => o !== undefined);
      const got = r.arms.find((a) => a.model === arm)!;
      assert.equal(got.users, mine.length, arm);
      assert.equal(got.bids.count, mine.filter(([, d]) => d.bid).length);
      assert.equal(got.matched, bids.length);
      assert.equal(got.response.count, bids.filter((o) => o.responded === 1).length);
      assert.equal(got.response.of, bids.length);
      assert.equal(got.bad.count, bids.filter((o) => o.bad === '1').length);
      assert.equal(got.bad.of, bids.filter((o) => o.bad !== '').length);
      assert.ok(Math.abs(got.valuePerBid.mean! - bids.reduce((a, o) => a + o.value, 0) / bids.length) < 1e-9);
      assert.ok(got.response.lower! <= got.response.rate! && got.response.rate! <= got.response.upper!);
    }
    assert.ok(r.difference && r.difference.valuePerBid.lower! <= r.difference.valuePerBid.mean! && r.difference.valuePerBid.mean! <= r.difference.valuePerBid.upper!);
  });

  it('keeps every user in the same arm after a restart, and swaps or stops the challenger on reload', async () => {
    const users = rows.slice(0, 300).map((r) => r.device_id_md5!);
    const arms = async (s: RunningServer) => Promise.all(users.map(async (u) => (await ask(s, u, true)).model));
    const beforeRestart = await arms(server);
    server.child.kill('SIGTERM');
    await server.exited;
    server = await serve('--log-sample', '0');
    assert.deepEqual(await arms(server), beforeRestart);
    const reload = async (body: unknown) => JSON.parse((await request(server.adminPort, 'POST', '/admin/reload', JSON.stringify(body), { Authorization: `Bearer ${server.adminToken}`, 'Content-Type': 'application/json' })).body.toString()) as { ok: boolean; info: { challenger: { share: number } | null } };
    const stopped = await reload({ challenger: null });
    assert.equal(stopped.ok, true);
    assert.equal(stopped.info.challenger, null);
    assert.ok((await arms(server)).every((m) => m === 'champion'));
    const half = await reload({ challenger: { bundle: challenger, share: 0.5 } });
    assert.equal(half.info.challenger!.share, 0.5);
    assert.deepEqual(await arms(server), users.map((u) => (assignmentPoint(u) < 0.5 ? 'challenger' : 'champion')));
    const bad = await request(server.adminPort, 'POST', '/admin/reload', JSON.stringify({ challenger: { share: 'a lot' } }), { Authorization: `Bearer ${server.adminToken}`, 'Content-Type': 'application/json' });
    assert.equal(bad.status, 400);
    const r = await runCli(['rta', 'serve', '--bundle', champion, '--features', features, '--challenger', challenger, '--challenger-share', '1.5'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--challenger-share is a share above 0 and below 1; got 1.5/);
  });
});
