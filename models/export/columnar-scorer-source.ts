import type { BundleCharacteristic, BundleScorecard, ScorecardDocument, StrategyDocument } from '../../types/bundle';
import { pointsExpression } from './scorer-source-parts';

const js = (v: unknown) => JSON.stringify(v);

/** The same characteristic scoring each attribute's index instead of its points (−1: a value no attribute matches). */
export function attributeIndexOf(c: BundleCharacteristic): BundleCharacteristic {
  return { ...c, unseenPoints: -1, attributes: c.attributes.map((a, i) => ({ ...a, points: i })) };
}

/**
 * One characteristic over a batch: its points per row into `out` and added to `s`. A numeric
 * input is a Float64Array (NaN missing); a categorical one `{ codes, dictionary }` whose points
 * are looked up once per distinct value. `fn` names the row scorer's helpers for it.
 */
function characteristicLoop(c: BundleCharacteristic, fn: string, k: number): string {
  const col = `cols[${js(c.name)}]`;
  if (c.type === 'numeric') {
    return `  { const x = ${col}, out = pts[${k}]; let v, p; for (let i = 0; i < n; i++) { v = x[i]; const q = ${pointsExpression(c, `${fn}_points`)}; out[i] = q; s[i] += q; } }`;
  }
  const missing = c.attributes.find((a) => a.kind === 'missing')?.points ?? c.unseenPoints;
  return [
    `  { const c = ${col}, d = c.dictionary, codes = c.codes, t = new Float64Array(d.length), out = pts[${k}]; let v, p;`,
    `    for (let j = 0; j < d.length; j++) { v = d[j]; t[j] = ${pointsExpression(c, `${fn}_points`)}; }`,
    `    for (let i = 0; i < n; i++) { const code = codes[i]; const q = code < 0 ? ${missing} : t[code]; out[i] = q; s[i] += q; } }`,
  ].join('\n');
}

/** The attribute (bin) a row fell in on characteristic k of a card: for naming its reasons. */
function attributeAt(card: BundleScorecard): string {
  const cases = card.characteristics.map((c, k) => {
    const fn = `${card.key}_${k}`;
    const value = c.type === 'numeric' ? `cols[${js(c.name)}][i]` : `(code = cols[${js(c.name)}].codes[i]) < 0 ? null : cols[${js(c.name)}].dictionary[code]`;
    return `    case ${k}: v = ${value}; return ${pointsExpression(attributeIndexOf(c), `${fn}_attr_points`)};`;
  });
  return [`function ${card.key}AttributeAt(cols, k, i) {`, '  let v, p, code;', '  switch (k) {', ...cases, '    default: return -1;', '  }', '}'].join('\n');
}

function cardColumns(card: BundleScorecard): string {
  return [
    `/** The ${card.key} card over rows [0, n): the scores, each characteristic's points into pts[k]; sums in card order, as the row scorer adds them. */`,
    `function ${card.key}Columns(cols, n, pts) {`,
    `  const s = new Float64Array(n).fill(${card.basePoints});`,
    ...card.characteristics.map((c, k) => characteristicLoop(c, `${card.key}_${k}`, k)),
    '  return s;',
    '}',
    attributeAt(card),
  ].join('\n');
}

/**
 * The columnar half of scorer.mjs, beside the row scorer and built from the same expressions:
 * `scoreColumns(cols, n)` scores a batch of typed columns — for each numeric input a
 * Float64Array (NaN missing), for each categorical one `{ codes: Int32Array (−1 missing),
 * dictionary: string[] }` — and returns every card's scores, the primary card's reasons as
 * characteristic and attribute indices (n × reasonCodeCount, −1 past the last), and the bid
 * decisions. `reasonTable` names them. Only for bundles whose cards are all scorecards.
 */
export function columnarScorerSource(doc: ScorecardDocument, strategy: StrategyDocument | null): string {
  if (doc.scorecards.some((c) => c.model)) return '';
  const primary = doc.scorecards.find((c) => c.key === doc.primary)!;
  const R = primary.reasonCodeCount;
  const better = primary.orientation === 'higher-is-better';
  // As the row scorer: a strategy axis without its card reads undefined (the lowest band).
  const scoreOf = (key: string) => (doc.scorecards.some((c) => c.key === key) ? `scores.${key}[i]` : 'undefined');
  return [
    ...doc.scorecards.map(cardColumns),
    '/** Row i\'s reasons into out[at…]: the characteristics losing the most points against their baseline, worst first, ties in card order, only those losing some (as `reasons`, in one pass). */',
    'function reasonsAt(pts, i, baselines, n, higherIsBetter, out, at, losses) {',
    '  if (n === 0) return 0;',
    '  let m = 0;',
    '  for (let k = 0; k < pts.length; k++) {',
    '    const loss = higherIsBetter ? baselines[k] - pts[k][i] : pts[k][i] - baselines[k];',
    '    if (!(loss > 0) || (m === n && loss <= losses[m - 1])) continue;',
    '    let j = m < n ? m++ : n - 1;',
    '    while (j > 0 && losses[j - 1] < loss) { losses[j] = losses[j - 1]; out[at + j] = out[at + j - 1]; j--; }',
    '    losses[j] = loss; out[at + j] = k;',
    '  }',
    '  return m;',
    '}',
    '/** Per-characteristic points of a batch: arrays reused from batch to batch (they never leave this module). */',
    'let scratch = [];',
    'function pointsScratch(k, n) {',
    '  if (scratch.length < k || scratch[0].length < n) scratch = Array.from({ length: Math.max(k, scratch.length) }, () => new Float64Array(Math.max(n, scratch[0]?.length ?? 0)));',
    '  return scratch.slice(0, k).map((a) => a.subarray(0, n));',
    '}',
    `/** Scores a batch of typed columns (see the module's comment): { scores, reasons, attributes, bid, coefficient }. */`,
    'export function scoreColumns(cols, n) {',
    '  const scores = {};',
    ...doc.scorecards.filter((c) => c !== primary).map((c) => `  scores.${c.key} = ${c.key}Columns(cols, n, pointsScratch(${c.characteristics.length}, n));`),
    `  const pts = pointsScratch(${primary.characteristics.length}, n);`,
    `  scores.${primary.key} = ${primary.key}Columns(cols, n, pts);`,
    `  const reasons = new Int32Array(n * ${R}).fill(-1), attributes = new Int32Array(n * ${R}).fill(-1), losses = new Float64Array(${Math.max(1, R)});`,
    '  for (let i = 0; i < n; i++) {',
    `    const m = reasonsAt(pts, i, ${primary.key}_baselines, ${R}, ${better}, reasons, i * ${R}, losses);`,
    `    for (let r = 0; r < m; r++) attributes[i * ${R} + r] = ${primary.key}AttributeAt(cols, reasons[i * ${R} + r], i);`,
    '  }',
    '  let bid = null, coefficient = null;',
    ...(strategy ? [
      '  bid = new Uint8Array(n); coefficient = new Float64Array(n);',
      `  for (let i = 0; i < n; i++) { const d = decide(${strategy.targeting ? scoreOf('targeting') : '0'}, ${strategy.credit ? scoreOf('credit') : '0'}); bid[i] = d.bid ? 1 : 0; coefficient[i] = d.coefficient; }`,
    ] : []),
    '  return { scores, reasons, attributes, bid, coefficient };',
    '}',
    `/** The primary card's reason codes, characteristic names and attribute labels, by index. */`,
    `export const reasonTable = { count: ${R}, codes: ${primary.key}_codes, names: ${primary.key}_names, labels: ${primary.key}_labels };`,
  ].join('\n');
}
