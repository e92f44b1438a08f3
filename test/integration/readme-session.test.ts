import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { StoredModel } from '../../types/model';
import type { WireError } from '../../types/errors';
import { json, runCli } from '../helpers/cli';
import { REPO, tempDir } from '../helpers/temp';

/** The README's sample-session block, line by line, exactly as written. */
function readmeSession(): string[] {
  const text = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const section = text.slice(text.indexOf('## A joint session, command by command'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  return block.split('\n').filter((l) => l.trim() !== '');
}

/** The first sh block under a README heading, continuation lines joined. */
function readmeBlock(heading: string): string[] {
  const text = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const block = /```sh\n([\s\S]*?)```/.exec(text.slice(text.indexOf(heading)))![1]!;
  return block.replace(/\\\n\s*/g, '').split('\n').filter((l) => l.trim() !== '');
}

const OUTCOMES = ['applied', 'prescreen_passed', 'approved', 'drew_down', 'credit_line', 'bad'];

describe('the README sample session runs as written, and its models are ones a modeler can trust', () => {
  const dir = tempDir();
  const ws = path.join(dir, 'demo', 'session.jsw');
  const cli = (...args: string[]) => runCli(args, dir);
  const models = new Map<string, StoredModel & { id: number }>();

  before(() => {
    // `npx jointscore …` as a user types it, answered by this checkout's CLI (no registry lookup).
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'npx'), `#!/bin/sh\n[ "$1" = jointscore ] || exit 127\nshift\nexec "${process.execPath}" "${path.join(REPO, 'bin', 'jointscore.cjs')}" "$@"\n`, { mode: 0o755 });
    for (const line of readmeSession()) {
      const r = spawnSync('bash', ['-e', '-c', line], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, JOINTSCORE_SETTINGS_DIR: dir } });
      assert.equal(r.status, 0, `README line failed:\n${line}\n${r.stderr}`);
    }
  });

  it('infers the rejects of the credit model as the README says: a factor above 1 measured on the bureau outcomes, the unlabelled rows predicted worse than by the known-good-bad model', () => {
    const bin = path.join(dir, 'bin');
    const lines = readmeBlock('### `jointscore infer --workspace W');
    assert.equal(lines.length, 2);
    for (const line of lines) {
      const r = spawnSync('bash', ['-e', '-c', `${line} --json`], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, JOINTSCORE_SETTINGS_DIR: dir } });
      assert.equal(r.status, 0, `README line failed:\n${line}\n${r.stderr}`);
      if (!line.includes(' infer ')) continue;
      const out = json<{ name: string; report: { factor: number; calibration: { train: { lower: number } }; unlabelled: { kgb: number; inferred: number } } }>({ code: 0, stdout: r.stdout, stderr: '' });
      assert.equal(out.name, 'credit | inferred (fuzzy)');
      assert.ok(out.report.calibration.train.lower > 1, `factor ${out.report.factor}`);
      assert.ok(out.report.unlabelled.inferred > out.report.unlabelled.kgb + 0.01, JSON.stringify(out.report.unlabelled));
    }
  });

  it('models the campaign\'s uplift as the README says: the coupon\'s Qini above random, persuadables offered something', () => {
    const bin = path.join(dir, 'bin');
    const lines = readmeBlock('### `jointscore uplift --workspace W');
    for (const line of lines) {
      const r = spawnSync('bash', ['-e', '-c', `${line} --json`], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, JOINTSCORE_SETTINGS_DIR: dir } });
      assert.equal(r.status, 0, `README line failed:\n${line}\n${r.stderr}`);
      if (!line.includes(' uplift ')) continue;
      const out = json<{ arms: { key: string; qini: number }[]; tiers: { tier: string; recommended: { arm: string; share: number }[] }[] }>({ code: 0, stdout: r.stdout, stderr: '' });
      assert.deepEqual(out.arms.map((a) => a.key), ['coupon', 'line_increase', 'price_cut']);
      assert.ok(out.arms.find((a) => a.key === 'coupon')!.qini > 0);
      const persuadable = out.tiers.find((t) => t.tier === 'persuadable')!;
      assert.ok(persuadable.recommended.filter((x) => x.arm !== 'none').reduce((s, x) => s + x.share, 0) > 0.5, JSON.stringify(persuadable));
    }
  });

  it('monitors a later year as the README says: the shifted months of finance_min red on every card that uses it, both cards on their own outcomes', async () => {
    const bin = path.join(dir, 'bin');
    const lines = readmeBlock('### `jointscore monitor --bundle DIR');
    for (const line of lines) {
      const r = spawnSync('bash', ['-e', '-c', line], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, JOINTSCORE_SETTINGS_DIR: dir } });
      assert.equal(r.status, 0, `README line failed:\n${line}\n${r.stderr}`);
      if (line.includes(' monitor ')) assert.match(r.stdout, /Monitored [\d,]+ rows in 12 periods/);
    }
    const again = spawnSync('bash', ['-e', '-c', `${lines.at(-1)!} --json`], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, JOINTSCORE_SETTINGS_DIR: dir } });
    const r = json<{ cards: { key: string; target: string | null; characteristics: string[] }[]; alerts: { period: string; metric: string; subject: string | null; card: string }[]; funnel: { stages: string[] } }>({ code: again.status ?? -1, stdout: again.stdout, stderr: again.stderr });
    assert.deepEqual(r.cards.map((c) => [c.key, c.target]).sort(), [['credit', 'bad'], ['targeting', 'applied']]);
    assert.equal(r.funnel.stages.length, 6);
    for (const c of r.cards.filter((x) => x.characteristics.includes('finance_min'))) {
      const months = r.alerts.filter((a) => a.metric === 'csi' && a.card === c.key && a.subject === 'finance_min').map((a) => a.period);
      assert.deepEqual(months, ['2025-06', '2025-07'], c.key);
    }
  });

  it('ends with an exported bundle and every partner user scored', () => {
    assert.ok(fs.existsSync(path.join(dir, 'demo', 'bundle', 'manifest.json')));
    const scores = fs.readFileSync(path.join(dir, 'demo', 'scores.csv'), 'utf8').trim().split('\n');
    const partnerRows = fs.readFileSync(path.join(dir, 'demo', 'partner.h.csv'), 'utf8').trim().split('\n').length;
    assert.equal(scores.length, partnerRows);
  });

  it('trains the targeting models on pre-exposure features only, within the generator\'s known range', async () => {
    for (const m of json<{ id: number; name: string }[]>(await cli('models', '--workspace', ws, '--json'))) {
      models.set(m.name, json<StoredModel & { id: number }>(await cli('models', 'show', '--workspace', ws, '--model', String(m.id), '--json')));
    }
    for (const name of ['targeting', 'targeting-mlp', 'credit']) {
      const m = models.get(name)!;
      assert.ok(m, `model '${name}' exists`);
      const used = m.features.map((f) => f.name);
      assert.deepEqual(used.filter((f) => OUTCOMES.includes(f)), [], `${name} uses no outcome column: ${used.join(', ')}`);
      assert.ok(m.leakage!.outcomesLeftOut.length >= 4, `${name} says which outcomes it left out`);
    }
    const auc = models.get('targeting-mlp')!.metrics.test!.auc;
    // The generator's application propensity lives in the partner's behaviour: a real but modest signal.
    assert.ok(auc > 0.56 && auc < 0.72, `targeting MLP test AUC ${auc}`);
  });

  it('trains from the stored selection when there is one, and says so', () => {
    for (const name of ['credit', 'targeting']) {
      const m = models.get(name)!;
      assert.equal(m.featureSource!.kind, 'selection', `${name} inputs from the selection`);
    }
    assert.equal(models.get('targeting-mlp')!.featureSource!.kind, 'selection');
  });

  it('refuses an outcome as an input with LEAKAGE_SUSPECTED and its evidence, unless the user keeps it (recorded)', async () => {
    const base = ['train', '--workspace', ws, '--dataset', 'joint', '--target', 'applied', '--purpose', 'targeting', '--model', 'mlp', '--hidden', '4', '--epochs', '2', '--json'];
    const refused = await cli(...base, '--features', 'approved,finance_min');
    assert.equal(refused.code, 1);
    const e = (JSON.parse(refused.stderr) as { error: WireError }).error;
    assert.equal(e.code, 'LEAKAGE_SUSPECTED');
    assert.equal(e.details.column, 'approved');
    const evidence = e.details.evidence as { kind: string; value: number }[];
    assert.ok(evidence.some((x) => x.kind === 'outcome-role'));
    assert.ok(evidence.some((x) => x.kind === 'pure-group' && x.value > 0.99), 'approved applicants all applied');
    // credit_line exists only for approved applicants: even as a plain feature its missingness gives it away.
    json(await cli('datasets', 'set-role', '--workspace', ws, '--dataset', 'joint', '--column', 'credit_line', '--role', 'feature', '--json'));
    const byPattern = (JSON.parse((await cli(...base, '--features', 'credit_line,finance_min')).stderr) as { error: WireError }).error;
    assert.equal(byPattern.code, 'LEAKAGE_SUSPECTED');
    assert.match(byPattern.message, /present/);
    const kept = json<{ modelId: number; features: string[]; leakage: { allowed: string[] } }>(await cli(...base, '--features', 'approved,finance_min', '--allow', 'approved', '--name', 'leaky'));
    assert.deepEqual(kept.leakage.allowed, ['approved']);
    const audit = json<{ action: string; params: { model?: number; allowedDespiteLeakage?: string[] } }[]>(await cli('audit', 'list', '--workspace', ws, '--json'));
    assert.deepEqual(audit.find((a) => a.action === 'train' && a.params.model === kept.modelId)!.params.allowedDespiteLeakage, ['approved']);
  });
});
