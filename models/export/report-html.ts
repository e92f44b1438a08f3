import type { BundleManifest, BundleScorecard, StrategyDocument } from '../../types/bundle';
import type { Curves } from '../metrics/curves';
import { axisLabels } from '../../types/strategy';

export interface ReportModel {
  card: BundleScorecard;
  kind: string;
  population: string | null;
  /** Per sample: headline metrics, the score's PSI against train, and the curves. */
  samples: { sample: string; rows: number; events: number; auc: number; aucLower: number; aucUpper: number; ks: number; gini: number; psi: number | null; curves: Curves }[];
  coefficients: { name: string; coefficient: number; standardError: number; pValue: number }[];
  /** IV of each characteristic's binning on train. */
  iv: Record<string, number>;
  /** Why these settings: the inputs' origin, the leakage guard's report, what cross-validation chose (absent for older models). */
  why?: { featureSource: string; outcomesLeftOut: string[]; keptDespiteLeakage: string[]; penalty: string | null; binning: { variable: string; trend: string; minBinShare: number }[] };
}

export interface ReportData {
  title: string;
  manifest: Omit<BundleManifest, 'files'>;
  dataset: { name: string; rows: number; columns: number; party: string };
  match: { leftRows: number; rightRows: number; matched: number; matchRate: number } | null;
  models: ReportModel[];
  strategy: StrategyDocument | null;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fix = (x: number | null | undefined, d = 3) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(d));
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);

function table(caption: string, head: string[], rows: (string | number)[][]): string {
  return `<table><caption>${esc(caption)}</caption><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${typeof c === 'number' ? c : esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

const COLORS = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df'];

/** A line chart as inline SVG, both axes 0–1 unless `yMax` is given. */
function lineChart(title: string, series: { name: string; x: number[]; y: number[] }[], o: { xLabel: string; yLabel: string; yMax?: number; diagonal?: boolean }): string {
  const W = 320, H = 240, L = 40, B = 30, T = 20, R = 10;
  const yMax = o.yMax ?? 1;
  const px = (x: number) => (L + x * (W - L - R)).toFixed(1);
  const py = (y: number) => (H - B - (Math.min(y, yMax) / yMax) * (H - B - T)).toFixed(1);
  const lines = series.map((s, k) => `<polyline fill="none" stroke="${COLORS[k % COLORS.length]}" stroke-width="1.5" points="${s.x.map((x, i) => `${px(x)},${py(s.y[i]!)}`).join(' ')}"/>`);
  const legend = series.map((s, k) => `<text x="${L + 8}" y="${T + 14 + k * 14}" fill="${COLORS[k % COLORS.length]}" font-size="11">${esc(s.name)}</text>`);
  return `<figure><svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">`
    + `<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - B - T}" fill="none" stroke="#bbb"/>`
    + (o.diagonal ? `<line x1="${px(0)}" y1="${py(0)}" x2="${px(1)}" y2="${py(yMax)}" stroke="#ddd"/>` : '')
    + `<text x="${L}" y="${H - 8}" font-size="11">${esc(o.xLabel)}</text><text x="4" y="${T - 6}" font-size="11">${esc(o.yLabel)} (max ${fix(yMax, 2)})</text>`
    + lines.join('') + legend.join('') + `</svg><figcaption>${esc(title)}</figcaption></figure>`;
}

function whySection(w: NonNullable<ReportModel['why']>): string {
  const items = [
    `Inputs from ${esc(w.featureSource)}.`,
    ...(w.outcomesLeftOut.length ? [`Outcome columns left out: ${esc(w.outcomesLeftOut.join(', '))}.`] : []),
    ...(w.keptDespiteLeakage.length ? [`<strong>Kept despite the leakage check</strong>: ${esc(w.keptDespiteLeakage.join('; '))}.`] : []),
    ...(w.penalty ? [esc(w.penalty)] : []),
  ];
  return `<h3>Why these settings</h3><ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>${w.binning.length ? table('Binning settings chosen by cross-validation on train', ['variable', 'trend', 'min bin share'], w.binning.map((b) => [b.variable, b.trend === 'none' ? 'free' : b.trend, b.minBinShare])) : ''}`;
}

function modelSection(m: ReportModel): string {
  const c = m.card;
  const parts = [
    `<h2>${esc(c.key === 'credit' ? 'Credit' : 'Targeting')} model: ${esc(c.modelName)} (model ${c.modelId}, scorecard ${c.scorecardId})</h2>`,
    `<p>${esc(m.kind)} predicting <code>${esc(c.target)} = ${esc(c.event)}</code>${m.population ? ` on rows where <code>${esc(m.population)}</code>` : ''}. Scaling: PDO ${c.pdo}, ${c.baseScore} points at odds ${c.baseOdds}, ${esc(c.orientation)}; base points ${c.basePoints}; score range ${c.scoreRange.min}–${c.scoreRange.max}.</p>`,
    table('Performance by sample', ['sample', 'rows', 'events', 'AUC', 'AUC 95% CI', 'KS', 'Gini', 'PSI vs train'],
      m.samples.map((s) => [s.sample, s.rows, s.events, fix(s.auc), `${fix(s.aucLower)}–${fix(s.aucUpper)}`, fix(s.ks), fix(s.gini), fix(s.psi, 4)])),
    '<div class="charts">',
    lineChart('ROC', m.samples.map((s) => ({ name: s.sample, x: s.curves.roc.fpr, y: s.curves.roc.tpr })), { xLabel: 'false-positive rate', yLabel: 'true-positive rate', diagonal: true }),
    lineChart('KS: cumulative events and non-events', m.samples.flatMap((s) => [
      { name: `${s.sample} events`, x: s.curves.cumulative.share, y: s.curves.cumulative.events },
      { name: `${s.sample} non-events`, x: s.curves.cumulative.share, y: s.curves.cumulative.nonEvents },
    ]), { xLabel: 'share of rows, riskiest first', yLabel: 'cumulative share' }),
    lineChart('Lift', m.samples.map((s) => ({ name: s.sample, x: s.curves.lift.share, y: s.curves.lift.lift })), { xLabel: 'share of rows, riskiest first', yLabel: 'lift', yMax: Math.max(1, ...m.samples.flatMap((s) => s.curves.lift.lift.filter(Number.isFinite))) }),
    '</div>',
    ...(m.why ? [whySection(m.why)] : []),
    table('Coefficients (logistic regression on WOE)', ['term', 'coefficient', 'std. error', 'p-value'], m.coefficients.map((t) => [t.name, fix(t.coefficient, 5), fix(t.standardError, 5), t.pValue < 1e-4 ? '< 0.0001' : fix(t.pValue, 4)])),
  ];
  for (const ch of c.characteristics) {
    parts.push(table(`${ch.name} (${ch.type}${ch.party ? `, ${ch.party}` : ''}; IV ${fix(m.iv[ch.name], 4)}; reason code ${ch.reasonCode})`, ['attribute', 'training rows', 'WOE', 'points'],
      [...ch.attributes.map((a) => [a.label, a.count, fix(a.woe, 4), a.points]), ['any other value', '–', '0', ch.unseenPoints]]));
  }
  return `<section>${parts.join('\n')}</section>`;
}

function strategySection(s: StrategyDocument): string {
  const head = ['targeting \\ credit', ...axisLabels(s.credit)];
  const rows = s.cells.map((row, t) => [axisLabels(s.targeting)[t]!, ...row.map((cell) => `${cell.decision.action === 'bid' ? `bid ×${cell.decision.coefficient}` : 'no bid'} · ${cell.rows} rows · resp ${pct(cell.responseRate)} · bad ${pct(cell.badRate)} · EV ${fix(cell.expectedValue, 2)}`)]);
  return `<section><h2>Strategy: ${esc(s.name)}</h2><p>Figures on the ${esc(s.sample)} sample. Expected value per bid = response rate × ((1 − bad rate) × ${s.value.revenuePerGood} − bad rate × ${s.value.lossPerBad}) − ${s.value.costPerBid}. ${s.cutoff ? `Cut-off ${s.cutoff.score}: scores ${s.cutoff.pass === 'above' ? '≥' : '<'} it pass. ` : ''}Users the service cannot score: ${s.defaultDecision.action === 'bid' ? `bid ×${s.defaultDecision.coefficient}` : 'no bid'}.</p>${table('Targeting band × credit band', head, rows)}</section>`;
}

/** report.html: a self-contained model report (no scripts, no external resources). */
export function reportHtml(d: ReportData): string {
  const m = d.manifest;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(d.title)}</title>
<style>body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#1f2328}table{border-collapse:collapse;margin:1em 0}caption{text-align:left;font-weight:600;padding:4px 0}td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}figcaption{font-size:12px;color:#57606a}code{background:#f6f8fa;padding:0 3px}</style>
</head><body>
<h1>${esc(d.title)}</h1>
<p>Bundle format ${m.formatVersion}, Jointscore ${esc(m.tool.version)}, created ${esc(m.createdAt)}. Every bin holds at least ${m.privacy.minBinRows} training row${m.privacy.minBinRows === 1 ? "" : "s"} (or none); the bundle holds bins and points, never rows.</p>
<section><h2>Data</h2>${table('Training data', ['dataset', 'party', 'rows', 'columns', 'fingerprint (sha256)'], [[d.dataset.name, d.dataset.party, d.dataset.rows, d.dataset.columns, m.trainingData.fingerprint]])}
${d.match ? table('Match of the two parties', ['lender rows', 'partner rows', 'matched', 'match rate'], [[d.match.leftRows, d.match.rightRows, d.match.matched, pct(d.match.matchRate)]]) : ''}
${table('Inputs the RTA service supplies', ['input', 'type', 'party', 'used by'], m.inputs.map((i) => [i.name, i.type, i.party ?? '–', i.usedBy.join(', ')]))}</section>
${d.models.map(modelSection).join('\n')}
${d.strategy ? strategySection(d.strategy) : ''}
</body></html>
`;
}
