import fs from 'node:fs';
import type { MonitorThresholds, PeriodKind } from '../types/monitor';
import type { MonitorResult } from '../service/monitor/run-monitor';
import { codeWord } from '../i18n/code-word';
import type { Translator } from '../i18n/translate';
import { checkKnown, cliLocale, list, number, one, opt, required, UsageError } from './args';
import { table } from './format';
import type { Shell } from './shell';

const THRESHOLD_FLAGS: [string, keyof MonitorThresholds][] = [['psi-warn', 'psiWarn'], ['psi-alert', 'psiAlert'], ['csi-warn', 'csiWarn'], ['csi-alert', 'csiAlert'], ['auc-warn', 'aucDropWarn'], ['auc-alert', 'aucDropAlert']];

function thresholdFlags(sh: Shell): Partial<MonitorThresholds> {
  const out: Partial<MonitorThresholds> = Object.fromEntries(THRESHOLD_FLAGS.flatMap(([flag, key]) => { const v = number(sh.args, flag); return v === undefined ? [] : [[key, v]]; }));
  const bands = sh.args.flags.get('funnel-band') ?? [];
  if (bands.length) out.funnelBands = Object.fromEntries(bands.map((b) => funnelBand(b)));
  return out;
}

/** `--funnel-band applied=0.15:0.30`: a stage and the band its conversion should stay in. */
function funnelBand(text: string): [string, [number, number]] {
  const m = /^([^=]+)=([0-9.]+):([0-9.]+)$/.exec(text.trim());
  if (!m) throw new UsageError(`--funnel-band takes STAGE=LOWER:UPPER (conversions from 0 to 1); got '${text}'`, { key: 'cli.usage.funnelBand', values: { got: text } });
  return [m[1]!.trim(), [Number(m[2]), Number(m[3])]];
}

/** `FILE.csv` or `WORKSPACE#DATASET` (the part before '#' an existing file, the whole not one). */
export function inputOf(text: string): { input: string } | { workspace: string; dataset: string } {
  const k = text.lastIndexOf('#');
  if (k > 0 && !fs.existsSync(text) && fs.existsSync(text.slice(0, k))) return { workspace: text.slice(0, k), dataset: text.slice(k + 1) };
  return { input: text };
}

const fix = (x: number | null | undefined, d = 4) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(d));
const mark = (tr: Translator, light: string) => (light === 'ok' ? '' : ` ${tr.t(light === 'alert' ? 'mon.light.alert' : 'mon.light.warn')}`);

function monitorText(r: MonitorResult, tr: Translator): string {
  const t = tr.t;
  const parts = [t('cli.monitor.head', { rows: r.rows, periods: r.periods.length, period: codeWord(tr, 'period', r.period), from: r.periods[0]?.period ?? '', to: r.periods.at(-1)?.period ?? '' })];
  if (r.unreadableTime.rows > 0) parts.push(t('cli.monitor.unreadable', { rows: r.unreadableTime.rows, column: r.time, value: r.unreadableTime.first?.value ?? '' }));
  r.cards.forEach((card, k) => {
    parts.push('', t('mon.cardTitle', { card: codeWord(tr, 'purpose', card.key), name: card.modelName }));
    parts.push(table([t('mon.period'), t('cli.h.rows'), 'PSI', t('mon.worstCsi'), t('mon.eventRate'), 'AUC', 'KS', t('mon.aucDrop')], r.periods.map((p) => {
      const c = p.cards[k]!;
      const w = c.characteristics.reduce<(typeof c.characteristics)[number] | null>((a, x) => (a === null || x.csi > a.csi ? x : a), null);
      return [p.period, c.rows, `${fix(c.psi)}${mark(tr, c.psiLight)}`, w ? `${w.name} ${fix(w.csi)}${mark(tr, w.light)}` : '–', c.outcome.eventRate === null ? '–' : `${(c.outcome.eventRate * 100).toFixed(1)}%`, fix(c.outcome.metrics?.auc), fix(c.outcome.metrics?.ks), `${fix(c.outcome.aucDrop)}${mark(tr, c.outcome.light)}`];
    })));
  });
  if (r.funnel) {
    const all = r.funnel.periods.filter((p) => p.segment === 'all');
    parts.push('', t('mon.funnelAll'), table([t('mon.period'), ...r.funnel.stages], all.map((p) => [p.period, ...p.cells.map((c) => `${c.conversion === null ? '–' : `${(c.conversion * 100).toFixed(1)}%`}${mark(tr, c.light)}`)])));
  }
  parts.push('', r.alerts.length ? t('cli.monitor.alerts', { count: r.alerts.length }) : t('mon.noAlerts'));
  for (const a of r.alerts) {
    const what = a.metric === 'funnel' ? `${a.card === 'all' ? t('mon.funnelAllShort') : `${r.funnel?.segment ?? ''}=${a.card}`}  ${a.subject} ${(a.value * 100).toFixed(1)}%` : `${codeWord(tr, 'purpose', a.card)}  ${a.metric.toUpperCase()}${a.subject ? ` ${a.subject}` : ''} ${fix(a.value)}`;
    parts.push(`  ${a.period}  ${what}${mark(tr, a.light)}`);
  }
  parts.push('', t('cli.monitor.report', { report: r.report }));
  return parts.join('\n');
}

const rateText = (r: { rate: number | null; lower: number | null; upper: number | null; count: number; of: number }) => (r.rate === null ? '–' : `${(r.rate * 100).toFixed(2)}% (${(r.lower! * 100).toFixed(2)}–${(r.upper! * 100).toFixed(2)}%, ${r.count}/${r.of})`);
const meanText = (m: { mean: number | null; lower: number | null; upper: number | null }, pct = false) => (m.mean === null ? '–' : pct ? `${(m.mean * 100).toFixed(2)} pp (${(m.lower! * 100).toFixed(2)}…${(m.upper! * 100).toFixed(2)})` : `${m.mean.toFixed(2)} (${m.lower!.toFixed(2)}…${m.upper!.toFixed(2)})`);

/** `jointscore monitor --decisions LOG --outcomes FILE [--id COL] [--response COL] [--bad COL] [--value COL]`: champion against challenger. */
async function compareCommand(sh: Shell): Promise<void> {
  const { service, args, print, withJob, tr } = sh;
  checkKnown(args, ['decisions', 'outcomes', 'id', 'response', 'bad', 'value']);
  const r = await withJob((jobId) => service.call('monitor.compare', {
    decisions: required(args, 'decisions'), outcomes: required(args, 'outcomes'), jobId,
    ...opt('id', one(args, 'id')), ...opt('response', one(args, 'response')), ...opt('bad', one(args, 'bad')), ...opt('value', one(args, 'value')),
  }));
  const t = tr.t;
  print(r, () => [
    t('cli.compare.head', { decisions: r.decisions, users: r.arms.reduce((a, x) => a + x.users, 0), outcomes: r.outcomeRows }),
    table([t('cli.compare.model'), t('cli.compare.users'), t('cli.compare.bidRate'), t('cli.compare.matched'), t('cli.compare.response'), t('cli.compare.bad'), t('cli.compare.value')],
      r.arms.map((a) => [a.model, a.users, rateText(a.bids), a.matched, rateText(a.response), rateText(a.bad), meanText(a.valuePerBid)])),
    ...(r.difference ? [t('cli.compare.difference', { response: meanText(r.difference.response, true), bad: meanText(r.difference.bad, true), value: meanText(r.difference.valuePerBid) })] : []),
    ...(r.switchedUsers ? [t('cli.compare.switched', { users: r.switchedUsers })] : []),
  ].join('\n'));
}

/**
 * `jointscore monitor --bundle DIR --input FILE|WORKSPACE#DATASET --time COL [--target COL [--event V]]
 * [--period month|week|quarter] [--baseline train|FILE] [--report FILE] [--workspace W] [--psi-warn X …]`,
 * and `jointscore monitor thresholds --workspace W [--psi-warn X …]`.
 */
export async function monitorCommand(sh: Shell): Promise<void> {
  const { service, args, print, withJob, tr } = sh;
  if (args.positionals[1] === 'thresholds') {
    checkKnown(args, ['workspace', 'funnel-band', ...THRESHOLD_FLAGS.map(([f]) => f)]);
    const workspace = required(args, 'workspace');
    const given = thresholdFlags(sh);
    const r = Object.keys(given).length ? await service.call('monitor.setThresholds', { workspace, thresholds: given }) : await service.call('monitor.thresholds', { workspace });
    print(r, () => tr.t('cli.monitor.thresholds', { psiWarn: r.psiWarn, psiAlert: r.psiAlert, csiWarn: r.csiWarn, csiAlert: r.csiAlert, aucWarn: r.aucDropWarn, aucAlert: r.aucDropAlert, saved: r.saved ? 'yes' : 'no' })
      + Object.entries(r.funnelBands ?? {}).map(([s, [lo, hi]]) => `\n  ${s}: ${lo}–${hi}`).join(''));
    return;
  }
  if (one(args, 'decisions') !== undefined) { await compareCommand(sh); return; }
  checkKnown(args, ['bundle', 'input', 'time', 'target', 'event', 'period', 'baseline', 'report', 'workspace', 'funnel', 'segment', 'funnel-band', ...THRESHOLD_FLAGS.map(([f]) => f)]);
  const source = inputOf(required(args, 'input'));
  const workspace = 'workspace' in source ? source.workspace : one(args, 'workspace');
  const thresholds = thresholdFlags(sh);
  const r = await withJob((jobId) => service.call('monitor.run', {
    bundle: required(args, 'bundle'), time: required(args, 'time'), lang: cliLocale(args), jobId,
    ...('input' in source ? { input: source.input } : { dataset: source.dataset }), ...opt('workspace', workspace),
    ...opt('target', one(args, 'target')), ...opt('event', one(args, 'event')), ...opt('period', one(args, 'period') as PeriodKind | undefined),
    ...opt('baseline', one(args, 'baseline')), ...opt('report', one(args, 'report')), ...opt('funnel', list(one(args, 'funnel'))), ...opt('segment', one(args, 'segment')), ...(Object.keys(thresholds).length ? { thresholds } : {}),
  }));
  print(r, () => monitorText(r, tr));
}
