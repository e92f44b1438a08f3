import { axisCuts } from '../../types/strategy';
import type { BundleCharacteristic, BundleScorecard, ScorecardDocument, StrategyDocument } from '../../types/bundle';

const js = (v: unknown) => JSON.stringify(v);

/**
 * One characteristic's points as an expression of `v` (the record's value, a number already for
 * numeric inputs): missing, then special values, then bins (ascending: the first upper bound
 * above the value is its bin), else unseen. `map` names the category → points Map.
 */
function pointsExpression(c: BundleCharacteristic, map: string): string {
  const missing = c.attributes.find((a) => a.kind === 'missing')?.points ?? c.unseenPoints;
  if (c.type === 'numeric') {
    const bins = c.attributes.filter((a) => a.kind === 'bin');
    const specials = c.attributes.filter((a) => a.kind === 'special');
    if (bins.length === 0) return `v !== v ? ${missing} : ${specials.map((a) => `v === ${a.value} ? ${a.points} : `).join('')}${c.unseenPoints}`;
    // Each special value is tested only inside the bin it falls in; NaN (missing) fails every
    // \`<\` and is tested in the last branch alone: common values take the fewest comparisons.
    const inBin = (lower: number | null | undefined, upper: number | null | undefined, points: number) => {
      const here = specials.filter((a) => (lower == null || a.value! >= lower) && (upper == null || a.value! < upper));
      return here.length ? `(${here.map((a) => `v === ${a.value} ? ${a.points} : `).join('')}${points})` : String(points);
    };
    const parts: string[] = [];
    for (const a of bins.slice(0, -1)) parts.push(`v < ${a.upper} ? ${inBin(a.lower, a.upper, a.points)}`);
    const lastBin = bins[bins.length - 1]!;
    const beyond = lastBin.upper == null ? inBin(lastBin.lower, null, lastBin.points) : `v < ${lastBin.upper} ? ${inBin(lastBin.lower, lastBin.upper, lastBin.points)} : ${inBin(lastBin.upper, null, c.unseenPoints)}`;
    parts.push(`v !== v ? ${missing} : ${beyond}`);
    return parts.join(' : ');
  }
  // Few categories: a switch (V8 compares internalized strings by pointer first); many: a Map.
  if (categoryCount(c) <= 32) return `v === null || v === undefined || v === '' ? ${missing} : ${map}_of(typeof v === 'string' ? v : String(v))`;
  return `v === null || v === undefined || v === '' ? ${missing} : (p = ${map}.get(typeof v === 'string' ? v : String(v))) === undefined ? ${c.unseenPoints} : p`;
}

/** Reads the characteristic's value into `v` (numbers parsed from numeric text; anything else missing). */
function readValue(c: BundleCharacteristic): string {
  return c.type === 'numeric' ? `v = r[${js(c.name)}]; if (typeof v !== 'number') v = num(v);` : `v = r[${js(c.name)}];`;
}

function categoryCount(c: BundleCharacteristic): number {
  return c.attributes.reduce((n, a) => n + (a.kind === 'bin' ? a.categories?.length ?? 0 : 0), 0);
}

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

/** The same characteristic scoring each attribute's index instead of its points (−1: a value no attribute matches). */
function attributeIndexOf(c: BundleCharacteristic): BundleCharacteristic {
  return { ...c, unseenPoints: -1, attributes: c.attributes.map((a, i) => ({ ...a, points: i })) };
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
 * `scores` holds every card's score); `scoreValue(record)` is the primary score alone, for batches.
 * Records are plain objects keyed by input name: numbers or numeric text for numeric inputs
 * (null, undefined, '' or non-numeric text are missing), text for categorical ones.
 */
export function scorerSource(doc: ScorecardDocument, strategy: StrategyDocument | null, header: string): string {
  const primary = doc.scorecards.find((c) => c.key === doc.primary)!;
  const others = doc.scorecards.filter((c) => c !== primary);
  const out = [
    `// ${header}`,
    '// Generated by Jointscore: a dependency-free ES module. See the bundle\'s manifest.json for the inputs.',
    '',
    'function num(v) {',
    "  if (typeof v === 'string') return v.trim() === '' ? NaN : Number(v);",
    '  return NaN;',
    '}',
    'function str(v) {',
    '  if (v === null || v === undefined) return null;',
    "  const s = typeof v === 'string' ? v : String(v);",
    "  return s === '' ? null : s;",
    '}',
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
    ...doc.scorecards.map(cardSource),
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
    `  const e = ${primary.key}Explain(${primary.key}Points(record));`,
    `  const scores = ${scores};`,
    `  return { score: e.score, points: e.points, reasonCodes: e.reasonCodes, reasons: ${primary.key}Named(record, e.reasonCodes), decision: ${strategy ? `decide(${strategy.targeting ? 'scores.targeting' : '0'}, ${strategy.credit ? 'scores.credit' : '0'})` : 'null'}, scores };`,
    '}',
    `export const scoreValue = ${primary.key}Score;`,
    `export const meta = ${js({ primary: primary.key, cards: doc.scorecards.map((c) => ({ key: c.key, modelId: c.modelId, inputs: c.characteristics.map((x) => x.name) })), strategy: strategy !== null })};`,
    '',
  );
  return out.join('\n');
}
