import type { BundleManifest, BundleScorecard, StrategyDocument } from '../../types/bundle';
import type { Curves } from '../metrics/curves';
import { axisLabels } from '../../types/strategy';
import type { Locale } from '../../i18n/locales';
import { translator, type Translator } from '../../i18n/translate';
import { phraseSaid } from '../../i18n/phrase-said';
import { binLabel } from '../../i18n/bin-label';
import { codeWord } from '../../i18n/code-word';
import type { Said } from '../../types/said';

export interface ReportModel {
  card: BundleScorecard;
  kind: string;
  population: string | null;
  /** Per sample: headline metrics, the score's PSI against train, and the curves. */
  samples: { sample: string; rows: number; events: number; auc: number; aucLower: number; aucUpper: number; ks: number; gini: number; psi: number | null; curves: Curves }[];
  coefficients: { name: string; coefficient: number; standardError: number; pValue: number }[];
  /** A challenger's inputs: reason code, gain share and mean |SHAP| (trees), monotone constraint. */
  challenger?: { feature: string; reasonCode: string; share: number | null; splits: number | null; meanAbsShap: number | null; monotone: number }[];
  /** IV of each characteristic's binning on train. */
  iv: Record<string, number>;
  /** Why these settings: the inputs' origin, the leakage guard's report, what cross-validation chose (absent for older models). */
  why?: {
    featureSource: Said;
    outcomesLeftOut: string[];
    keptDespiteLeakage: { column: string; said?: Said; detail: string }[];
    penalty: { l2: number; inputs: string; folds: number; rows: number; said?: Said; reason: string } | null;
    binning: { variable: string; trend: string; minBinShare: number }[];
  };
}

export interface ReportData {
  title: string;
  manifest: Omit<BundleManifest, 'files'>;
  dataset: { name: string; rows: number; columns: number; party: string };
  match: { leftRows: number; rightRows: number; matched: number; matchRate: number } | null;
  models: ReportModel[];
  strategy: StrategyDocument | null;
  /** The report's language (default English). */
  lang?: Locale;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fix = (x: number | null | undefined, d = 3) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(d));
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);

function table(caption: string, head: string[], rows: (string | number)[][]): string {
  return `<table><caption>${esc(caption)}</caption><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${typeof c === 'number' ? c : esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

const COLORS = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df'];

/** A line chart as inline SVG, both axes 0–1 unless `yMax` is given. */
function lineChart(title: string, series: { name: string; x: number[]; y: number[] }[], o: { xLabel: string; yLabel: string; yMax?: number; diagonal?: boolean; maxLabel?: (value: string) => string }): string {
  const W = 320, H = 240, L = 40, B = 30, T = 20, R = 10;
  const yMax = o.yMax ?? 1;
  const px = (x: number) => (L + x * (W - L - R)).toFixed(1);
  const py = (y: number) => (H - B - (Math.min(y, yMax) / yMax) * (H - B - T)).toFixed(1);
  const lines = series.map((s, k) => `<polyline fill="none" stroke="${COLORS[k % COLORS.length]}" stroke-width="1.5" points="${s.x.map((x, i) => `${px(x)},${py(s.y[i]!)}`).join(' ')}"/>`);
  const legend = series.map((s, k) => `<text x="${L + 8}" y="${T + 14 + k * 14}" fill="${COLORS[k % COLORS.length]}" font-size="11">${esc(s.name)}</text>`);
  return `<figure><svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">`
    + `<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - B - T}" fill="none" stroke="#bbb"/>`
    + (o.diagonal ? `<line x1="${px(0)}" y1="${py(0)}" x2="${px(1)}" y2="${py(yMax)}" stroke="#ddd"/>` : '')
    + `<text x="${L}" y="${H - 8}" font-size="11">${esc(o.xLabel)}</text><text x="4" y="${T - 6}" font-size="11">${esc(o.yLabel)} (${esc((o.maxLabel ?? ((v) => `max ${v}`))(fix(yMax, 2)))})</text>`
    + lines.join('') + legend.join('') + `</svg><figcaption>${esc(title)}</figcaption></figure>`;
}

type T = Translator['t'];

function whySection(w: NonNullable<ReportModel['why']>, tr: Translator): string {
  const t = tr.t;
  const said = (s: Said | undefined, english: string) => (s ? phraseSaid(s, tr) : english);
  const p = w.penalty;
  const items = [
    esc(t('html.inputsFrom', { source: phraseSaid(w.featureSource, tr) })),
    ...(w.outcomesLeftOut.length ? [esc(t('html.outcomesLeftOut', { columns: w.outcomesLeftOut.join(', ') }))] : []),
    ...(w.keptDespiteLeakage.length ? [`<strong>${esc(t('html.keptDespite'))}</strong>: ${esc(w.keptDespiteLeakage.map((e) => `${e.column}: ${said(e.said, e.detail)}`).join('; '))}.`] : []),
    ...(p ? [esc(`${phraseSaid({ code: 'report.penalty', params: { l2: p.l2, inputs: p.inputs, folds: p.folds, rows: p.rows } }, tr)}: ${said(p.said, p.reason)}.`)] : []),
  ];
  return `<h3>${esc(t('html.why'))}</h3><ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>${w.binning.length ? table(t('html.binningCv'), [t('html.variable'), t('html.trend'), t('html.minShare')], w.binning.map((b) => [b.variable, b.trend === 'none' ? t('html.free') : codeWord(tr, 'edit.trend', b.trend), b.minBinShare])) : ''}`;
}

/** A challenger's page: how its score is formed, how reasons are found, and each input's importance and constraint. */
function challengerSection(c: BundleScorecard, rows: NonNullable<ReportModel['challenger']>, tr: Translator): string {
  const t = tr.t;
  const sign = c.orientation === 'higher-is-better' ? '−' : '+';
  const mono = (s: number) => (s > 0 ? t('html.monoUp') : s < 0 ? t('html.monoDown') : '–');
  return [
    `<p>${esc(t('html.formula', { offset: fix(c.offset, 2), sign, factor: fix(c.factor, 3) }))} ${esc(c.model!.kind === 'gbdt' ? t('html.explainTrees') : t('html.explainNetwork'))}</p>`,
    table(t('html.challengerInputs'), [t('html.inputHead'), t('html.reasonCode'), t('html.gainShare'), t('html.splits'), t('html.meanShap'), t('html.monotone')],
      rows.map((r) => [r.feature, r.reasonCode, r.share === null ? '–' : `${fix(r.share * 100, 1)}%`, r.splits ?? '–', r.meanAbsShap === null ? '–' : fix(r.meanAbsShap, 4), mono(r.monotone)])),
  ].join('\n');
}

function modelSection(m: ReportModel, tr: Translator): string {
  const t = tr.t;
  const c = m.card;
  const sample = (s: string) => (s === 'train' || s === 'test' || s === 'oot' ? t(`sample.${s}`) : s);
  const orientation = c.orientation === 'higher-is-better' || c.orientation === 'higher-is-riskier' ? t(`html.orient.${c.orientation}`) : c.orientation;
  const maxLabel = (value: string) => t('html.max', { value });
  const parts = [
    `<h2>${esc(t('html.modelTitle', { kind: c.key === 'credit' ? t('html.credit') : t('html.targeting'), name: c.modelName, id: c.modelId, card: c.scorecardId }))}</h2>`,
    `<p>${esc(t('html.predicting', { kind: m.kind }))} <code>${esc(c.target)} = ${esc(c.event)}</code>${m.population ? `${esc(t('html.onRows'))} <code>${esc(m.population)}</code>` : ''}${esc(t('html.scaling', { pdo: c.pdo, base: c.baseScore, odds: c.baseOdds, orientation, basePoints: c.basePoints, min: c.scoreRange.min, max: c.scoreRange.max }))}</p>`,
    table(t('html.performance'), [t('html.sample'), t('html.rows'), t('html.events'), 'AUC', t('html.aucCi'), 'KS', t('html.gini'), t('html.psi')],
      m.samples.map((s) => [sample(s.sample), s.rows, s.events, fix(s.auc), `${fix(s.aucLower)}–${fix(s.aucUpper)}`, fix(s.ks), fix(s.gini), fix(s.psi, 4)])),
    '<div class="charts">',
    lineChart('ROC', m.samples.map((s) => ({ name: sample(s.sample), x: s.curves.roc.fpr, y: s.curves.roc.tpr })), { xLabel: t('html.fpr'), yLabel: t('html.tpr'), diagonal: true, maxLabel }),
    lineChart(t('html.ksTitle'), m.samples.flatMap((s) => [
      { name: t('html.events.of', { sample: sample(s.sample) }), x: s.curves.cumulative.share, y: s.curves.cumulative.events },
      { name: t('html.nonEvents.of', { sample: sample(s.sample) }), x: s.curves.cumulative.share, y: s.curves.cumulative.nonEvents },
    ]), { xLabel: t('html.shareRiskiest'), yLabel: t('html.cumShare'), maxLabel }),
    lineChart(t('html.lift'), m.samples.map((s) => ({ name: sample(s.sample), x: s.curves.lift.share, y: s.curves.lift.lift })), { xLabel: t('html.shareRiskiest'), yLabel: t('html.liftY'), maxLabel, yMax: Math.max(1, ...m.samples.flatMap((s) => s.curves.lift.lift.filter(Number.isFinite))) }),
    '</div>',
    ...(m.why ? [whySection(m.why, tr)] : []),
    ...(m.coefficients.length ? [table(t('html.coefficients'), [t('html.term'), t('html.coefficient'), t('html.stdError'), t('html.pValue')], m.coefficients.map((x) => [x.name, fix(x.coefficient, 5), fix(x.standardError, 5), x.pValue < 1e-4 ? '< 0.0001' : fix(x.pValue, 4)]))] : []),
    ...(c.model && m.challenger ? [challengerSection(c, m.challenger, tr)] : []),
  ];
  for (const ch of c.characteristics) {
    parts.push(table(t('html.characteristic', { name: ch.name, type: codeWord(tr, 'type', ch.type), party: ch.party ? `, ${codeWord(tr, 'party', ch.party)}` : '', iv: fix(m.iv[ch.name], 4), code: ch.reasonCode }), [t('html.attribute'), t('html.trainingRows'), 'WOE', t('html.points')],
      [...ch.attributes.map((a) => [binLabel(a, t), a.count, fix(a.woe, 4), a.points]), [t('html.otherValue'), '–', '0', ch.unseenPoints]]));
  }
  return `<section>${parts.join('\n')}</section>`;
}

function strategySection(s: StrategyDocument, t: T): string {
  const decision = (d: StrategyDocument['defaultDecision']) => (d.action === 'bid' ? t('html.bid', { coefficient: d.coefficient }) : t('html.noBid'));
  const head = [t('html.corner'), ...axisLabels(s.credit)];
  const rows = s.cells.map((row, k) => [axisLabels(s.targeting)[k]!, ...row.map((cell) => t('html.cell', { decision: decision(cell.decision), rows: cell.rows, resp: pct(cell.responseRate), bad: pct(cell.badRate), ev: fix(cell.expectedValue, 2) }))]);
  const sample = s.sample === 'train' || s.sample === 'test' || s.sample === 'oot' ? t(`sample.${s.sample}`) : s.sample;
  const lead = [
    t('html.strategyLead', { sample, revenue: s.value.revenuePerGood, loss: s.value.lossPerBad, cost: s.value.costPerBid }),
    ...(s.cutoff ? [t('html.cutoff', { score: s.cutoff.score, op: s.cutoff.pass === 'above' ? '≥' : '<' })] : []),
    t('html.unscored', { decision: decision(s.defaultDecision) }),
  ].join(' ');
  return `<section><h2>${esc(t('html.strategy', { name: s.name }))}</h2><p>${esc(lead)}</p>${table(t('html.matrix'), head, rows)}</section>`;
}

/** report.html in the chosen language: a self-contained model report (no scripts, no external resources). */
export function reportHtml(d: ReportData): string {
  const m = d.manifest;
  const tr = translator(d.lang ?? 'en');
  const t = tr.t;
  return `<!doctype html>
<html lang="${d.lang ?? 'en'}"><head><meta charset="utf-8"><title>${esc(d.title)}</title>
<style>body{font:14px/1.45 system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:2em auto;max-width:1100px;color:#1f2328}table{border-collapse:collapse;margin:1em 0}caption{text-align:left;font-weight:600;padding:4px 0}td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}figcaption{font-size:12px;color:#57606a}code{background:#f6f8fa;padding:0 3px}</style>
</head><body>
<h1>${esc(d.title)}</h1>
<p>${esc(t('html.meta', { format: m.formatVersion, version: m.tool.version, at: m.createdAt, rows: m.privacy.minBinRows }))}</p>
<section><h2>${esc(t('html.data'))}</h2>${table(t('html.trainingData'), [t('html.dataset'), t('html.party'), t('html.rows'), t('html.columns'), t('html.fingerprint')], [[d.dataset.name, codeWord(tr, 'party', d.dataset.party), d.dataset.rows, d.dataset.columns, m.trainingData.fingerprint]])}
${d.match ? table(t('html.match'), [t('html.lenderRows'), t('html.partnerRows'), t('html.matched'), t('html.matchRate')], [[d.match.leftRows, d.match.rightRows, d.match.matched, pct(d.match.matchRate)]]) : ''}
${table(t('html.inputs'), [t('html.input'), t('html.type'), t('html.party'), t('html.usedBy')], m.inputs.map((i) => [i.name, codeWord(tr, 'type', i.type), i.party ? codeWord(tr, 'party', i.party) : '–', i.usedBy.map((u) => codeWord(tr, 'purpose', u)).join(', ')]))}</section>
${d.models.map((x) => modelSection(x, tr)).join('\n')}
${d.strategy ? strategySection(d.strategy, t) : ''}
</body></html>
`;
}
