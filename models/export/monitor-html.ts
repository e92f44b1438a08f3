import type { Locale } from '../../i18n/locales';
import { translator, type Translator } from '../../i18n/translate';
import { codeWord } from '../../i18n/code-word';
import type { CardPeriod, PeriodReport } from '../monitor/monitor-periods';
import type { Light, MonitorThresholds } from '../monitor/thresholds';
import type { PeriodKind } from '../monitor/periods';
import type { FunnelMonitor } from '../monitor/funnel-periods';

/** What the monitoring report shows (a monitoring run's result, without its file name). */
export interface MonitorReportData {
  bundle: string;
  source: string;
  time: string;
  period: PeriodKind;
  baseline: { kind: 'train' | 'file'; source: string; rows: number };
  thresholds: MonitorThresholds;
  rows: number;
  cards: { key: string; modelName: string; kind: string; referenceAuc: number | null; characteristics: string[]; target: string | null; event: string | null }[];
  periods: PeriodReport[];
  funnel: FunnelMonitor | null;
  alerts: { period: string; card: string; metric: 'psi' | 'csi' | 'auc' | 'funnel'; subject: string | null; value: number; light: Exclude<Light, 'ok'> }[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fix = (x: number | null | undefined, d = 3) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(d));
const pct = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(1)}%`);
const LIGHT_BG: Record<Light, string> = { ok: '#dafbe1', warn: '#fff8c5', alert: '#ffebe9' };

type Cell = string | number | { text: string; light: Light; title?: string };
function table(caption: string, head: string[], rows: Cell[][]): string {
  const td = (c: Cell) => (typeof c === 'object' ? `<td style="background:${LIGHT_BG[c.light]}"${c.title ? ` title="${esc(c.title)}"` : ''}>${esc(c.text)}</td>` : `<td>${typeof c === 'number' ? c : esc(c)}</td>`);
  return `<table><caption>${esc(caption)}</caption><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map(td).join('')}</tr>`).join('')}</tbody></table>`;
}

const COLORS = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#0969da', '#bf3989', '#57606a', '#953800', '#116329'];

/** Lines over the periods as inline SVG, with dashed horizontal threshold lines. */
function periodChart(title: string, periods: string[], series: { name: string; y: (number | null)[] }[], marks: { y: number; color: string }[], yLabel: string): string {
  const W = 580, H = 260, L = 46, B = 40, T = 16, R = 180;
  const all = [...series.flatMap((s) => s.y.filter((v): v is number => v !== null && Number.isFinite(v))), ...marks.map((m) => m.y)];
  const yMax = Math.max(1e-9, ...all) * 1.1;
  const px = (k: number) => (L + (periods.length > 1 ? k / (periods.length - 1) : 0.5) * (W - L - R)).toFixed(1);
  const py = (y: number) => (H - B - (y / yMax) * (H - B - T)).toFixed(1);
  const lines = series.map((s, k) => {
    const pts = s.y.map((v, i) => (v === null || !Number.isFinite(v) ? null : `${px(i)},${py(v)}`)).filter((x): x is string => x !== null);
    return `<polyline fill="none" stroke="${COLORS[k % COLORS.length]}" stroke-width="1.5" points="${pts.join(' ')}"/>${pts.map((p) => `<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="2" fill="${COLORS[k % COLORS.length]}"/>`).join('')}`;
  });
  const legend = series.map((s, k) => `<text x="${W - R + 8}" y="${T + 10 + k * 14}" fill="${COLORS[k % COLORS.length]}" font-size="11">${esc(s.name)}</text>`);
  const thresholds = marks.map((m) => `<line x1="${L}" x2="${W - R}" y1="${py(m.y)}" y2="${py(m.y)}" stroke="${m.color}" stroke-dasharray="4 3"/>`);
  const every = Math.max(1, Math.ceil(periods.length / 8));
  const ticks = periods.map((p, k) => (k % every === 0 ? `<text x="${px(k)}" y="${H - B + 14}" font-size="10" text-anchor="middle">${esc(p)}</text>` : '')).join('');
  return `<figure><svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" role="img" aria-label="${esc(title)}"><rect x="${L}" y="${T}" width="${W - L - R}" height="${H - B - T}" fill="none" stroke="#d0d7de"/>${thresholds.join('')}${lines.join('')}${legend.join('')}${ticks}<text x="${L}" y="${T - 4}" font-size="10">${fix(yMax, 3)}</text><text x="${L - 4}" y="${H - B}" font-size="10" text-anchor="end">0</text><text x="12" y="${T + (H - B - T) / 2}" font-size="11" transform="rotate(-90 12 ${T + (H - B - T) / 2})" text-anchor="middle">${esc(yLabel)}</text></svg><figcaption>${esc(title)}</figcaption></figure>`;
}

const bandName = (b: { lower: number | null; upper: number | null }) => (b.lower === null ? `< ${b.upper}` : b.upper === null ? `≥ ${b.lower}` : `[${b.lower}, ${b.upper})`);

function cardSection(d: MonitorReportData, k: number, tr: Translator): string {
  const t = tr.t;
  const info = d.cards[k]!;
  const rows = d.periods.map((p) => ({ period: p.period, c: p.cards[k]! }));
  const labels = rows.map((r) => r.period);
  const th = d.thresholds;
  const worstCsi = (c: CardPeriod) => c.characteristics.reduce<CardPeriod['characteristics'][number] | null>((w, x) => (w === null || x.csi > w.csi ? x : w), null);
  const summary = table(t('mon.summary'), [t('mon.period'), t('html.rows'), t('mon.meanScore'), 'PSI', t('mon.worstCsi'), t('mon.outcomeRows'), t('mon.eventRate'), 'AUC', 'KS', t('mon.aucDrop')], rows.map(({ period, c }) => {
    const w = worstCsi(c);
    return [period, c.rows, fix(c.meanScore, 1), { text: fix(c.psi, 4), light: c.psiLight }, w ? { text: `${w.name} ${fix(w.csi, 4)}`, light: w.light } : '–', c.outcome.rows, pct(c.outcome.eventRate), fix(c.outcome.metrics?.auc ?? null, 4), fix(c.outcome.metrics?.ks ?? null, 4), { text: fix(c.outcome.aucDrop, 4), light: c.outcome.light }];
  }));
  const names = info.characteristics;
  const psiChart = periodChart(t('mon.chartStability'), labels, [{ name: 'PSI', y: rows.map((r) => r.c.psi) }, ...names.map((n) => ({ name: `CSI ${n}`, y: rows.map((r) => r.c.characteristics.find((x) => x.name === n)?.csi ?? null) }))], [{ y: th.psiWarn, color: '#bf8700' }, { y: th.psiAlert, color: '#cf222e' }], t('mon.index'));
  const csi = names.length ? table(t('mon.csiTable'), [t('mon.characteristic'), ...labels], names.map((n) => [n, ...rows.map(({ c }) => { const x = c.characteristics.find((y) => y.name === n)!; return { text: fix(x.csi, 4), light: x.light }; })])) : '';
  const moved = table(t('mon.moved'), [t('mon.period'), t('mon.characteristic'), t('mon.attribute'), t('mon.baselineShare'), t('mon.share'), t('mon.contribution')],
    rows.flatMap(({ period, c }) => c.characteristics.filter((x) => x.light !== 'ok').flatMap((x) => x.moved.map((m) => [period, x.name, m.label, pct(m.expectedShare), pct(m.share), fix(m.contribution, 4)]))));
  const bands = rows[0]?.c.bands ?? [];
  const dist = table(t('mon.distribution'), [t('mon.band'), t('mon.baseline'), ...labels], bands.map((b, j) => [bandName(b), pct(b.expectedShare), ...rows.map(({ c }) => pct(c.bands[j]!.share))]));
  const distChart = periodChart(t('mon.chartDistribution'), labels, bands.map((b, j) => ({ name: bandName(b), y: rows.map(({ c }) => c.bands[j]!.share) })), [], t('mon.share'));
  const anyOutcome = rows.some(({ c }) => c.outcome.rows > 0);
  const vintage = anyOutcome ? table(t('mon.vintage'), [t('mon.band'), ...labels], bands.map((b, j) => [bandName(b), ...rows.map(({ c }) => { const x = c.bands[j]!; return x.outcomeRows ? `${pct(x.observedRate)} / ${pct(x.expectedRate)} (${x.outcomeRows})` : '–'; })])) : '';
  const vintageChart = anyOutcome ? periodChart(t('mon.chartVintage'), labels, bands.map((b, j) => ({ name: bandName(b), y: rows.map(({ c }) => c.bands[j]!.observedRate) })), [], t('mon.eventRate')) : '';
  const reasons = rows.some(({ c }) => c.reasonCodes.length) ? table(t('mon.reasons'), [t('mon.reasonCode'), t('mon.characteristic'), ...labels], names.map((n) => {
    const code = rows.flatMap(({ c }) => c.reasonCodes).find((r) => r.characteristic === n)?.code ?? '';
    return [code, n, ...rows.map(({ c }) => { const r = c.reasonCodes.find((x) => x.characteristic === n); return r ? `${pct(r.first)} / ${pct(r.any)}` : '–'; })];
  })) : '';
  return `<section><h2>${esc(t('mon.cardTitle', { card: codeWord(tr, 'purpose', info.key), name: info.modelName }))}</h2>
<p>${esc(info.target ? t('mon.outcome', { target: info.target, event: info.event ?? '' }) : t('mon.noOutcome'))} ${esc(t('mon.reference', { auc: fix(info.referenceAuc, 4) }))}</p>
${summary}
<div class="charts">${psiChart}${distChart}${vintageChart}</div>
${csi}${moved}${dist}${vintage}${reasons}</section>`;
}

/** The funnel by period: per segment, each stage's conversion from the stage before, lit against its band. */
function funnelSection(f: FunnelMonitor, tr: Translator): string {
  const t = tr.t;
  const segments = [...new Set(f.periods.map((p) => p.segment))];
  const bandText = (c: FunnelMonitor['periods'][number]['cells'][number]) => (c.band ? `${pct(c.band.lower)}–${pct(c.band.upper)}` : '');
  const tables = segments.map((seg) => {
    const rows = f.periods.filter((p) => p.segment === seg);
    return table(seg === 'all' ? t('mon.funnelAll') : t('mon.funnelSegment', { column: f.segment ?? '', value: seg }), [t('mon.period'), ...f.stages],
      rows.map((p) => [p.period, ...p.cells.map((c) => ({ text: `${pct(c.conversion)} (${c.count}/${c.from})`, light: c.light, title: bandText(c) }))]));
  });
  const all = f.periods.filter((p) => p.segment === 'all');
  const chart = periodChart(t('mon.chartFunnel'), all.map((p) => p.period), f.stages.map((s, k) => ({ name: s, y: all.map((p) => p.cells[k]!.conversion) })), [], t('mon.conversion'));
  return `<section><h2>${esc(t('mon.funnelTitle'))}</h2><p>${esc(t('mon.funnelNote'))}</p><div class="charts">${chart}</div>${tables.join('')}</section>`;
}

/** The monitoring report: self-contained HTML (inline SVG, no scripts), in the chosen language. */
export function monitorHtml(d: MonitorReportData, lang: Locale): string {
  const tr = translator(lang);
  const t = tr.t;
  const labels = d.periods.map((p) => p.period);
  const inputs = d.periods[0]?.inputs.map((x) => x.name) ?? [];
  const quality = table(t('mon.inputs'), [t('mon.input'), ...labels], inputs.map((n) => [n, ...d.periods.map((p) => { const x = p.inputs.find((y) => y.name === n)!; return `${pct(x.missingRate)} / ${pct(x.unseenRate)}`; })]));
  const alerts = d.alerts.length
    ? table(t('mon.alerts'), [t('mon.period'), t('mon.card'), t('mon.metric'), t('mon.characteristic'), t('mon.value')], d.alerts.map((a) => [a.period, a.metric === 'funnel' ? (a.card === 'all' ? t('mon.funnelAllShort') : a.card) : codeWord(tr, 'purpose', a.card), a.metric === 'funnel' ? t('mon.conversion') : a.metric.toUpperCase(), a.subject ?? '–', { text: a.metric === 'funnel' ? pct(a.value) : fix(a.value, 4), light: a.light }]))
    : `<p>${esc(t('mon.noAlerts'))}</p>`;
  const th = d.thresholds;
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(t('mon.title'))}</title>
<style>body{font:14px/1.45 system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:2em auto;max-width:1200px;color:#1f2328}table{border-collapse:collapse;margin:1em 0}caption{text-align:left;font-weight:600;padding:4px 0}td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}figcaption{font-size:12px;color:#57606a}</style>
</head><body>
<h1>${esc(t('mon.title'))}</h1>
<p>${esc(t('mon.meta', { bundle: d.bundle, source: d.source, time: d.time, period: codeWord(tr, 'period', d.period), rows: d.rows }))}</p>
<p>${esc(d.baseline.kind === 'train' ? t('mon.baselineTrain', { dataset: d.baseline.source, rows: d.baseline.rows }) : t('mon.baselineFile', { file: d.baseline.source, rows: d.baseline.rows }))}</p>
<p>${esc(t('mon.thresholds', { psiWarn: th.psiWarn, psiAlert: th.psiAlert, csiWarn: th.csiWarn, csiAlert: th.csiAlert, aucWarn: th.aucDropWarn, aucAlert: th.aucDropAlert }))}</p>
${alerts}
${d.cards.map((_, k) => cardSection(d, k, tr)).join('\n')}
${d.funnel ? funnelSection(d.funnel, tr) : ''}
<section><h2>${esc(t('mon.inputsTitle'))}</h2><p>${esc(t('mon.inputsNote'))}</p>${quality}</section>
</body></html>
`;
}
