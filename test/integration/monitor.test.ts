import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, it } from 'node:test';
import type { BundleCharacteristic, BundleScorecard } from '../../types/bundle';
import type { MonitorResult } from '../../service/monitor/run-monitor';
import { sampleMetrics } from '../../models/metrics/sample-metrics';
import { json, runCli } from '../helpers/cli';
import { monitorSession, type MonitorSession } from '../helpers/monitor-session';
import { tempDir } from '../helpers/temp';

/** The attribute a value falls in, by the card's documented rule (independent of the product's matcher). */
function attributeOf(c: BundleCharacteristic, text: string): number {
  if (text === '') return c.attributes.findIndex((a) => a.kind === 'missing');
  const v = Number(text);
  const special = c.attributes.findIndex((a) => a.kind === 'special' && a.value === v);
  if (special >= 0) return special;
  const bin = c.attributes.findIndex((a) => a.kind === 'bin' && (a.lower == null || v >= a.lower) && (a.upper == null || v < a.upper));
  return bin >= 0 ? bin : c.attributes.length;
}

const term = (e: number, a: number) => { const E = Math.max(e, 1e-4), A = Math.max(a, 1e-4); return (A - E) * Math.log(A / E); };

describe('jointscore monitor: a bundle watched month by month on new rows with known shifts', () => {
  const dir = tempDir();
  let s: MonitorSession;
  let ws: string, bundle: string, card: BundleScorecard, drifted: [string, string[]][], joined: MonitorSession['joined'];

  before(async () => {
    s = await monitorSession(dir);
    ({ ws, bundle, card, drifted, joined } = s);
  });

  it('ships the score\'s development distribution in scorecard.json, every band above the privacy threshold', () => {
    const d = card.development!;
    assert.equal(d.sample, 'train');
    assert.equal(d.counts.reduce((a, b) => a + b, 0), d.rows);
    assert.ok(d.counts.every((c) => c >= 20));
    assert.equal(d.cuts.length + 1, d.counts.length);
  });

  it('flags exactly the shifted months and characteristics, with PSI, CSI, AUC and KS equal to a hand computation on the file', async () => {
    const r = json<MonitorResult>(await runCli(['monitor', '--bundle', bundle, '--input', path.join(dir, 'b', 'joined.csv'), '--time', 'exposure_month', '--target', 'applied', '--event', '1', '--report', path.join(dir, 'report.html'), '--json'], dir));
    assert.equal(r.periods.length, 12);
    assert.equal(r.rows, joined.rows.length);
    const csiAlerts = r.alerts.filter((a) => a.metric === 'csi').map((a) => `${a.period} ${a.subject}`).sort();
    assert.deepEqual(csiAlerts, [`2025-06 ${drifted[0]![0]}`, `2025-07 ${drifted[0]![0]}`, `2025-09 ${drifted[1]![0]}`]);
    // The score moves as much as its characteristics' points do: a PSI flag only in a shifted month.
    const psiMonths = r.alerts.filter((a) => a.metric === 'psi').map((a) => a.period);
    assert.ok(psiMonths.length > 0 && psiMonths.every((m) => ['2025-06', '2025-07', '2025-09'].includes(m)), psiMonths.join(', '));
    assert.ok(r.alerts.filter((a) => a.metric === 'csi').every((a) => a.light === 'alert'), 'these shifts are large: red');
    // By hand, from the file and the bundle's documents.
    const scorer = (await import(pathToFileURL(path.join(bundle, 'scorer.mjs')).href)) as { targetingScore: (x: Record<string, unknown>) => number; score: (x: Record<string, unknown>) => { reasonCodes: string[] } };
    const h = joined.header, month = h.indexOf('exposure_month'), applied = h.indexOf('applied');
    const total = (c: BundleCharacteristic) => c.attributes.reduce((a, x) => a + x.count, 0);
    for (const p of r.periods) {
      const rows = joined.rows.filter((x) => x[month] === p.period);
      assert.equal(p.rows, rows.length);
      const scores = rows.map((x) => scorer.targetingScore(Object.fromEntries(card.characteristics.map((c) => [c.name, x[h.indexOf(c.name)]]))));
      const cuts = card.development!.cuts, n = card.development!.rows;
      const band = (s: number) => cuts.filter((c) => c <= s).length;
      const psi = card.development!.counts.reduce((t, e, b) => t + term(e / n, scores.filter((s) => band(s) === b).length / rows.length), 0);
      assert.ok(Math.abs(p.cards[0]!.psi - psi) < 1e-9, `PSI ${p.period}: ${p.cards[0]!.psi} vs ${psi}`);
      for (const [k, c] of card.characteristics.entries()) {
        const at = rows.map((x) => attributeOf(c, x[h.indexOf(c.name)]!));
        const csi = [...c.attributes.keys(), c.attributes.length].reduce((t, j) => t + term(j < c.attributes.length ? c.attributes[j]!.count / total(c) : 0, at.filter((a) => a === j).length / rows.length), 0);
        assert.ok(Math.abs(p.cards[0]!.characteristics[k]!.csi - csi) < 1e-9, `CSI ${c.name} ${p.period}`);
      }
      // Reason codes: how often each is a row's first and among its reasons, as scorer.mjs gives them.
      const reasons = rows.map((x) => scorer.score(Object.fromEntries(card.characteristics.map((c) => [c.name, x[h.indexOf(c.name)]]))).reasonCodes);
      for (const rc of p.cards[0]!.reasonCodes) {
        assert.equal(rc.first, reasons.filter((r) => r[0] === rc.code).length / rows.length, `first reason ${rc.code} ${p.period}`);
        assert.equal(rc.any, reasons.filter((r) => r.includes(rc.code)).length / rows.length, `any reason ${rc.code} ${p.period}`);
      }
      assert.ok(Math.abs(p.cards[0]!.reasonCodes.reduce((a, r) => a + r.first, 0) - reasons.filter((r) => r.length > 0).length / rows.length) < 1e-12);
      const sign = card.orientation === 'higher-is-better' ? -1 : 1;
      const prob = scores.map((s) => 1 / (1 + Math.exp(-(s - card.offset) / (sign * card.factor))));
      const m = sampleMetrics(prob, rows.map((x) => (x[applied] === '1' ? 1 : 0)));
      assert.equal(p.cards[0]!.outcome.metrics!.auc, m.auc, `AUC ${p.period}`);
      assert.equal(p.cards[0]!.outcome.metrics!.ks, m.ks, `KS ${p.period}`);
    }
    // The input that stopped arriving shows as missing in its month.
    const sept = r.periods.find((p) => p.period === '2025-09')!.inputs.find((x) => x.name === drifted[1]![0])!;
    assert.ok(sept.missingRate > 0.95, `missing in September: ${sept.missingRate}`);
    const html = fs.readFileSync(path.join(dir, 'report.html'), 'utf8');
    assert.match(html, /<svg/);
    assert.ok(html.includes(drifted[0]![0]) && html.includes('2025-09'));
  });

  it('reads a workspace dataset the same as the file, and the workspace\'s saved thresholds change the lights', async () => {
    const fromFile = json<MonitorResult>(await runCli(['monitor', '--bundle', bundle, '--input', path.join(dir, 'b', 'joined.csv'), '--time', 'exposure_month', '--target', 'applied', '--report', path.join(dir, 'r1.html'), '--json'], dir));
    const fromWs = json<MonitorResult>(await runCli(['monitor', '--bundle', bundle, '--input', `${ws}#joint2`, '--time', 'exposure_month', '--target', 'applied', '--report', path.join(dir, 'r2.html'), '--json'], dir));
    assert.deepEqual(fromWs.periods.map((p) => [p.period, p.rows, p.cards[0]!.psi.toFixed(12)]), fromFile.periods.map((p) => [p.period, p.rows, p.cards[0]!.psi.toFixed(12)]));
    const worst = Math.max(...fromWs.periods.flatMap((p) => p.cards[0]!.characteristics.map((c) => c.csi)));
    const t = json<{ csiWarn: number; saved: boolean }>(await runCli(['monitor', 'thresholds', '--workspace', ws, '--csi-warn', String(worst + 1), '--csi-alert', String(worst + 2), '--psi-warn', '100', '--psi-alert', '200', '--auc-warn', '1', '--auc-alert', '1', '--json'], dir));
    assert.equal(t.saved, true);
    const calm = json<MonitorResult>(await runCli(['monitor', '--bundle', bundle, '--input', `${ws}#joint2`, '--time', 'exposure_month', '--report', path.join(dir, 'r3.html'), '--json'], dir));
    assert.deepEqual(calm.alerts, [], 'thresholds above every index: no alert');
    assert.equal(calm.thresholds.csiWarn, worst + 1);
    const flagged = json<MonitorResult>(await runCli(['monitor', '--bundle', bundle, '--input', `${ws}#joint2`, '--time', 'exposure_month', '--csi-warn', '0.01', '--csi-alert', '0.02', '--report', path.join(dir, 'r4.html'), '--json'], dir));
    assert.ok(flagged.alerts.filter((a) => a.metric === 'csi').length > calm.alerts.length, 'a flag given for one run overrides the saved one');
    const audit = await runCli(['audit', 'list', '--workspace', ws], dir);
    assert.match(audit.stdout, /monitoring thresholds/);
  });

  it('follows the six-stage funnel by month and channel, equal to a hand count, and lights a stage that leaves its band', async () => {
    const stages = ['reached', 'applied', 'prescreen_passed', 'approved', 'drew_down', 'repurchased'];
    const h = joined.header, at = (c: string) => h.indexOf(c);
    // A known shift: in August half of the approvals are withdrawn (and what follows them).
    let flip = 0;
    const shifted = joined.rows.map((r) => {
      if (r[at('exposure_month')] !== '2025-08' || r[at('approved')] !== '1' || flip++ % 2 === 1) return r;
      const x = [...r];
      for (const c of ['approved', 'drew_down', 'repurchased']) x[at(c)] = '0';
      return x;
    });
    const file = path.join(dir, 'funnel.csv');
    fs.writeFileSync(file, [h, ...shifted].map((r) => r.join(',')).join('\n') + '\n');
    const r = json<MonitorResult>(await runCli(['monitor', '--bundle', bundle, '--input', file, '--time', 'exposure_month', '--funnel', stages.join(','), '--segment', 'channel', '--report', path.join(dir, 'funnel.html'), '--json'], dir));
    const f = r.funnel!;
    assert.deepEqual(f.stages, stages);
    for (const p of f.periods) {
      const rows = shifted.filter((x) => x[at('exposure_month')] === p.period && (p.segment === 'all' || x[at('channel')] === p.segment));
      let from = rows;
      for (const [k, s] of stages.entries()) {
        const next = from.filter((x) => x[at(s)] === '1');
        assert.equal(p.cells[k]!.count, next.length, `${p.period} ${p.segment} ${s}`);
        assert.equal(p.cells[k]!.from, from.length);
        from = next;
      }
    }
    const red = r.alerts.filter((a) => a.metric === 'funnel' && a.light === 'alert' && a.card === 'all');
    assert.deepEqual(red.map((a) => `${a.period} ${a.subject}`), ['2025-08 approved'], 'the withdrawn approvals, and nothing else, are red');
    assert.ok(r.alerts.some((a) => a.metric === 'funnel' && a.period === '2025-08' && a.subject === 'approved' && a.card === 'short_video'), 'and in the larger channel');
    assert.match(fs.readFileSync(path.join(dir, 'funnel.html'), 'utf8'), /repurchased/);
    // A band set for a stage replaces its control limits: every month outside it is red.
    const banded = json<MonitorResult>(await runCli(['monitor', '--bundle', bundle, '--input', file, '--time', 'exposure_month', '--funnel', stages.join(','), '--funnel-band', 'reached=0.95:1', '--report', path.join(dir, 'banded.html'), '--json'], dir));
    assert.equal(banded.alerts.filter((a) => a.metric === 'funnel' && a.subject === 'reached').length, 12);
    const bad = await runCli(['monitor', '--bundle', bundle, '--input', file, '--time', 'exposure_month', '--funnel', 'reached', '--funnel-band', 'reached=0.9:0.1'], dir);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /funnelBands must be for reached, a band LOWER:UPPER/);
  });

  it('refuses a missing time column, a time column with no dates and thresholds out of order, naming them, and writes no report', async () => {
    const report = path.join(dir, 'never.html');
    for (const [args, pattern] of [
      [['--time', 'month'], /no column 'month' \(the time column\)/],
      [['--time', 'channel'], /No value of the time column 'channel'.*reads as a date \(row 1: 'short_video'\)/],
      [['--time', 'exposure_month', '--psi-warn', '0.5', '--psi-alert', '0.2'], /psiWarn must be at most psiAlert/],
      [['--time', 'exposure_month', '--period', 'day'], /period/],
    ] as const) {
      const r = await runCli(['monitor', '--bundle', bundle, '--input', path.join(dir, 'b', 'joined.csv'), '--report', report, ...args], dir);
      assert.notEqual(r.code, 0, args.join(' '));
      assert.match(r.stderr, pattern);
    }
    assert.ok(!fs.existsSync(report));
  });
});
