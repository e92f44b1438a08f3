import { axisCuts } from '../../types/strategy';
import type { BundleCharacteristic, BundleScorecard, ScorecardDocument, StrategyDocument } from '../../types/bundle';
import { modelCardSource } from './model-scorer-source';
import { RUNTIME_SOURCE } from './scorer-runtime';
import { categoryCount, pointsExpression, readValue } from './scorer-source-parts';
import { attributeIndexOf, columnarScorerSource } from './columnar-scorer-source';

const js = (v: unknown) => JSON.stringify(v);

function characteristicFunction(fn: string, c: BundleCharacteristic): string {
  const lines: string[] = [];
  if (c.type === 'categorical') {
    const entries: [string, number][] = [];
    for (const a of c.attributes) if (a.kind === 'bin') for (const v of a.categories ?? []) entries.push([v, a.points]);
    if (categoryCount(c) <= 32) {
      lines.push(`function ${fn}_points_of(s) {`, '  switch (s) {');
      for (const a of c.attributes) if (a.kind === 'bin' && a.categories?.length) lines.push(`    ${a.categories.map((v) => `case ${js(v)}:`).join(' ')} return ${a.points};`);
      lines.push(`    default: return ${c.unseenPoints};`, '  }', '}');
    } else {
      lines.push(`const ${fn}_points = new Map(${js(entries)});`);
    }
  }
  lines.push(`function ${fn}(r) {`, '  let v, p;', `  ${readValue(c)}`, `  return ${pointsExpression(c, `${fn}_points`)};`, '}');
  return lines.join('\n');
}

function cardSource(card: BundleScorecard): string {
  const fns = card.characteristics.map((_, k) => `${card.key}_${k}`);
  const parts = card.characteristics.map((c, k) => characteristicFunction(fns[k]!, c));
  // Which attribute a reason's characteristic fell in: computed only for the reasons given.
  parts.push(...card.characteristics.map((c, k) => characteristicFunction(`${fns[k]}_attr`, attributeIndexOf(c))));
  const better = card.orientation === 'higher-is-better';
  parts.push(
    `const ${card.key}_codes = ${js(card.characteristics.map((c) => c.reasonCode))};`,
    `const ${card.key}_baselines = ${js(card.characteristics.map((c) => c.baselinePoints))};`,
    `/** The ${card.key} score alone: every characteristic inline, added in card order. */`,
    `export function ${card.key}Score(r) {`,
    `  let s = ${card.basePoints}, v, p;`,
    ...card.characteristics.map((c, k) => `  ${readValue(c)} s += ${pointsExpression(c, `${fns[k]}_points`)};`),
    '  return s;',
    '}',
    `function ${card.key}Points(r) {`,
    `  return [${fns.map((f) => `${f}(r)`).join(', ')}];`,
    '}',
    `const ${card.key}_attrs = [${fns.map((f) => `${f}_attr`).join(', ')}];`,
    `const ${card.key}_names = ${js(card.characteristics.map((c) => c.name))};`,
    `const ${card.key}_labels = ${js(card.characteristics.map((c) => c.attributes.map((a) => a.label)))};`,
    `/** Each reason code of a record with its characteristic and the attribute (bin) the record fell in. */`,
    `function ${card.key}Named(r, reasonCodes) {`,
    '  return reasonCodes.map((code) => {',
    `    const k = ${card.key}_codes.indexOf(code), a = ${card.key}_attrs[k](r);`,
    `    return { code, characteristic: ${card.key}_names[k], attribute: a < 0 ? 'other value' : ${card.key}_labels[k][a] };`,
    '  });',
    '}',
    `function ${card.key}Explain(pts) {`,
    `  let s = ${card.basePoints};`,
    '  for (let k = 0; k < pts.length; k++) s += pts[k];',
    `  const points = { ${card.characteristics.map((c, k) => `${js(c.name)}: pts[${k}]`).join(', ')} };`,
    `  return { score: s, points, reasonCodes: reasons(pts, ${card.key}_baselines, ${card.key}_codes, ${card.reasonCodeCount}, ${better}) };`,
    '}',
  );
  return parts.join('\n');
}

/**
 * scorer.mjs: a dependency-free ES module. `score(record)` → `{ score, points, reasonCodes,
 * reasons, decision, scores }` for the primary card (points by characteristic, reason codes worst
 * first, `reasons` the same with their characteristic and the record's attribute;
 * `decision` from the strategy when the bundle has one: `{ bid, coefficient, cell }`, else null;
 * `scores` holds every card's score); `scoreValue(record)` is the primary score alone, for batches;
 * `scoreColumns(columns, n)` scores a batch of typed columns (see columnar-scorer-source.ts).
 * Records are plain objects keyed by input name: numbers or numeric text for numeric inputs
 * (null, undefined, '' or non-numeric text are missing), text for categorical ones.
 */
/** How a generated module reads a record's values: text to numbers (blank is missing), anything to text (blank is null). */
export const READ_VALUES = [
  'function num(v) {',
  "  if (typeof v === 'string') return v.trim() === '' ? NaN : Number(v);",
  '  return NaN;',
  '}',
  'function str(v) {',
  '  if (v === null || v === undefined) return null;',
  "  const s = typeof v === 'string' ? v : String(v);",
  "  return s === '' ? null : s;",
  '}',
];

export function scorerSource(doc: ScorecardDocument, strategy: StrategyDocument | null, header: string): string {
  const primary = doc.scorecards.find((c) => c.key === doc.primary)!;
  const others = doc.scorecards.filter((c) => c !== primary);
  const out = [
    `// ${header}`,
    '// Generated by Jointscore: a dependency-free ES module. See the bundle\'s manifest.json for the inputs.',
    '',
    ...READ_VALUES,
    '/** The characteristics losing the most points against their baseline, worst first, ties in card order, only those losing some. */',
    'function reasons(pts, baselines, codes, n, higherIsBetter) {',
    '  // Picks in (loss descending, card order) one at a time: no allocation but the result.',
    '  const out = [];',
    '  let prevLoss = Infinity, prevK = -1;',
    '  while (out.length < n) {',
    '    let best = -1, bestLoss = 0;',
    '    for (let k = 0; k < pts.length; k++) {',
    '      const loss = higherIsBetter ? baselines[k] - pts[k] : pts[k] - baselines[k];',
    '      if (loss > prevLoss || (loss === prevLoss && k <= prevK)) continue;',
    '      if (loss > bestLoss) { best = k; bestLoss = loss; }',
    '    }',
    '    if (best < 0) break;',
    '    out.push(codes[best]);',
    '    prevLoss = bestLoss; prevK = best;',
    '  }',
    '  return out;',
    '}',
    '',
    ...(doc.scorecards.some((c) => c.model) ? [RUNTIME_SOURCE] : []),
    ...doc.scorecards.map((c) => (c.model ? modelCardSource(c) : cardSource(c))),
    '',
  ];
  if (strategy) {
    out.push(
      `const strategy = ${js({ t: axisCuts(strategy.targeting), c: axisCuts(strategy.credit), cells: strategy.cells.map((row) => row.map((cell) => [cell.decision.action === 'bid' ? 1 : 0, cell.decision.coefficient])) })};`,
      'function band(s, cuts) { let k = 0; while (k < cuts.length && cuts[k] <= s) k++; return k; }',
      '/** The strategy\'s decision for a targeting and a credit score (a one-card strategy ignores the score it has no axis for). */',
      'export function decide(targetingScore, creditScore) {',
      '  const t = band(targetingScore, strategy.t), c = band(creditScore, strategy.c);',
      '  const d = strategy.cells[t][c];',
      '  return { bid: d[0] === 1, coefficient: d[1], cell: [t, c] };',
      '}',
    );
  }
  const scores = `{ ${[primary, ...others].map((c) => `${c.key}: ${c === primary ? 'e.score' : `${c.key}Score(record)`}`).join(', ')} }`;
  out.push(
    `/** The ${primary.key} score with its points, reason codes and the bid decision. */`,
    'export function score(record) {',
    primary.model ? `  const e = ${primary.key}Explain(record);` : `  const e = ${primary.key}Explain(${primary.key}Points(record));`,
    `  const scores = ${scores};`,
    `  return { score: e.score, points: e.points, reasonCodes: e.reasonCodes, reasons: ${primary.model ? 'e.reasons' : `${primary.key}Named(record, e.reasonCodes)`}, decision: ${strategy ? `decide(${strategy.targeting ? 'scores.targeting' : '0'}, ${strategy.credit ? 'scores.credit' : '0'})` : 'null'}, scores };`,
    '}',
    `export const scoreValue = ${primary.key}Score;`,
    columnarScorerSource(doc, strategy),
    `export const meta = ${js({ primary: primary.key, cards: doc.scorecards.map((c) => ({ key: c.key, modelId: c.modelId, column: c.partial?.column ?? `score_${c.key}`, inputs: c.model ? c.model.encodings.map((x) => x.name) : c.characteristics.map((x) => x.name) })), strategy: strategy !== null })};`,
    '',
  );
  return out.join('\n');
}
