import assert from 'node:assert/strict';
import Ajv2020 from 'ajv/dist/2020';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { BundleManifest } from '../../types/bundle';
import { json, runCli } from '../helpers/cli';
import { postJson, startRtaServer, type RunningServer } from '../helpers/rta-client';
import { readCsv } from '../helpers/read-csv';
import { REPO, SHARED_DATA, tempDir } from '../helpers/temp';

interface Scorer {
  score: (r: Record<string, unknown>) => { score: number; reasonCodes: string[]; decision: { bid: boolean; coefficient: number } | null };
  creditScore: (r: Record<string, unknown>) => number;
  targetingScore: (r: Record<string, unknown>) => number;
}

/** A CSV's rows as records, numbers as numbers and empty fields as missing (as the RTA snapshot reads them). */
function records(file: string): Record<string, unknown>[] {
  const { header, rows } = readCsv(file);
  return rows.map((r) => Object.fromEntries(r.map((v, k) => [header[k]!, v === '' ? null : Number.isNaN(Number(v)) ? v : Number(v)])));
}

describe('split deployment of a joint scorecard: the partner scores its own features, the lender reads its partial points', () => {
  const dir = tempDir();
  const features = path.join(dir, 'features.csv');
  let full: Scorer, lender: Scorer, partner: Scorer;
  let lenderManifest: BundleManifest;
  let server: RunningServer;
  let workspace = '', creditModel = '';
  const partial = path.join(dir, 'partner-points.csv');

  before(async () => {
    const demo = json<{ workspace: string; strategyId: number; models: { key: string; modelId: number }[] }>(await runCli(['demo', 'bundle', '--out', path.join(dir, 'first'), '--features-out', features, '--rows', '20000', '--seed', '5', '--session-dir', path.join(dir, 'session'), '--json'], dir));
    const credit = String(demo.models.find((m) => m.key === 'credit')!.modelId);
    workspace = demo.workspace; creditModel = credit;
    const strategy = String(demo.strategyId);
    json(await runCli(['export', '--workspace', demo.workspace, '--model', credit, '--strategy', strategy, '--out', path.join(dir, 'full'), '--json'], dir));
    const split = json<{ manifest: BundleManifest; partner: { out: string; columns: string[] } }>(await runCli(['export', '--workspace', demo.workspace, '--model', credit, '--strategy', strategy, '--out', path.join(dir, 'lender'), '--split-by-party', 'partner', '--json'], dir));
    assert.equal(split.partner.out, path.join(dir, 'lender-partner'));
    lenderManifest = split.manifest;
    // The partner, on its machine, scores its own features with its part of the card.
    json(await runCli(['score', '--bundle', split.partner.out, '--input', features, '--out', partial, '--id', 'device_id_md5', '--json'], dir));
    const load = async (b: string) => (await import(pathToFileURL(path.join(dir, b, 'scorer.mjs')).href)) as Scorer;
    [full, lender, partner] = [await load('full'), await load('lender'), await load('lender-partner')];
    server = await startRtaServer(['--bundle', path.join(dir, 'lender'), '--features', partial, '--log-sample', '0', '--deadline-ms', '500'], dir);
  });
  after(() => { server?.child.kill('SIGKILL'); });

  it('adds up: the lender\'s part on the partner\'s partial points equals the full card on every row and on edge values', () => {
    const points = new Map(records(partial).map((r) => [r.device_id_md5, r]));
    const rows = records(features);
    assert.equal(points.size, rows.length);
    const part = (r: Record<string, unknown> | undefined) => (r ? { partner_points_credit: r.partner_points_credit, partner_points_targeting: r.partner_points_targeting } : {});
    for (const r of rows) {
      const l = part(points.get(r.device_id_md5));
      assert.equal(lender.creditScore(l), full.creditScore(r));
      assert.equal(lender.targetingScore(l), full.targetingScore(r));
      assert.deepEqual(lender.score(l).decision, full.score(r).decision);
    }
    // Edge values: every partner input missing, far out of range, or unseen; a user the partner did not score at all.
    const names = Object.keys(rows[0]!).filter((n) => n !== 'device_id_md5');
    for (const edge of [{}, Object.fromEntries(names.map((n) => [n, 1e12])), Object.fromEntries(names.map((n) => [n, -1e12])), Object.fromEntries(names.map((n) => [n, 'never-seen']))]) {
      const l = { partner_points_credit: partner.creditScore(edge), partner_points_targeting: partner.targetingScore(edge) };
      assert.equal(lender.creditScore(l), full.creditScore(edge), JSON.stringify(edge).slice(0, 60));
      assert.equal(lender.targetingScore(l), full.targetingScore(edge));
    }
    assert.equal(lender.creditScore({}), full.creditScore({}), 'a user the partner did not score takes the missing values\' points');
  });

  it('keeps the partner\'s features with the partner: the lender\'s bundle and snapshot hold partial points only', () => {
    const partnerInputs = JSON.parse(fs.readFileSync(path.join(dir, 'lender-partner', 'manifest.json'), 'utf8')) as BundleManifest;
    const theirs = new Set(partnerInputs.inputs.map((i) => i.name));
    assert.ok(theirs.size > 0 && lenderManifest.inputs.every((i) => !theirs.has(i.name)), `no partner feature among the lender's inputs: ${lenderManifest.inputs.map((i) => i.name).join(', ')}`);
    assert.ok(lenderManifest.inputs.some((i) => i.name === 'partner_points_credit'));
    assert.deepEqual(readCsv(partial).header.filter((h) => !h.startsWith('partner_points_')), ['device_id_md5', 'top_reason_code']);
    const partnerDoc = JSON.parse(fs.readFileSync(path.join(dir, 'lender-partner', 'scorecard.json'), 'utf8')) as { scorecards: { characteristics: { party: string }[]; basePoints: number }[] };
    assert.ok(partnerDoc.scorecards[0]!.characteristics.every((c) => c.party === 'partner'));
    assert.equal(partnerDoc.scorecards[0]!.basePoints, 0);
  });

  it('writes both parts as bundles like any other: scorecard.json meets its schema and the PMML the 4.4 XSD, SQL and scorer beside them', () => {
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(fs.readFileSync(path.join(REPO, 'models', 'export', 'scorecard.schema.json'), 'utf8')) as object);
    for (const b of ['lender', 'lender-partner']) {
      assert.ok(validate(JSON.parse(fs.readFileSync(path.join(dir, b, 'scorecard.json'), 'utf8'))), `${b}: ${JSON.stringify(validate.errors)}`);
      const lint = spawnSync('xmllint', ['--noout', '--schema', path.join(SHARED_DATA, '..', 'pmml', 'pmml-4-4.xsd'), path.join(dir, b, 'scorecard.pmml')], { encoding: 'utf8' });
      assert.equal(lint.status, 0, `${b}: ${lint.stderr}`);
      for (const f of ['scorecard.sql', 'scorer.mjs', 'report.html', 'manifest.json']) assert.ok(fs.existsSync(path.join(dir, b, f)), `${b}/${f}`);
    }
  });

  it('rta serve with the lender\'s bundle and the partial-points snapshot answers as the full card\'s scorer.mjs', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const rows = records(features).filter((_, i) => i % 60 === 0).slice(0, 300);
    for (const [i, r] of rows.entries()) {
      const a = JSON.parse((await postJson(server.port, { id: `q${i}`, device: { os: 'android', oaid_md5: r.device_id_md5 }, strategy_ids: ['s1'], is_test: true }, agent)).body.toString()) as { outcome: string; bid: boolean; credit_score: number; targeting_score: number };
      assert.equal(a.outcome, 'scored');
      assert.equal(a.credit_score, full.creditScore(r), `q${i}`);
      assert.equal(a.targeting_score, full.targetingScore(r), `q${i}`);
      assert.equal(a.bid, full.score(r).decision!.bid, `q${i}`);
    }
    agent.destroy();
  });

  it('refuses a party the card does not use, or points that are not whole numbers, naming them, and writes neither bundle', async () => {
    const nobody = await runCli(['export', '--workspace', workspace, '--model', creditModel, '--out', path.join(dir, 'x1'), '--split-by-party', 'nobody'], dir);
    assert.equal(nobody.code, 1);
    assert.match(nobody.stderr, /no characteristic of party 'nobody' \(parties: partner\)/);
    json(await runCli(['scorecard', '--workspace', workspace, '--model', creditModel, '--no-round', '--json'], dir));
    const fractional = await runCli(['export', '--workspace', workspace, '--model', creditModel, '--out', path.join(dir, 'x2'), '--split-by-party', 'partner'], dir);
    assert.equal(fractional.code, 1);
    assert.match(fractional.stderr, /points are not whole numbers .*a split needs a rounded scorecard/);
    for (const f of ['x1', 'x1-nobody', 'x2', 'x2-partner', 'x1.zip', 'x2.zip', 'x2-partner.zip']) assert.ok(!fs.existsSync(path.join(dir, f)), `${f} was not written`);
  });
});
