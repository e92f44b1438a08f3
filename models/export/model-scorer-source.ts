import type { BundleScorecard } from '../../types/bundle';
import type { PortableEncoding, PortableModel } from '../../types/portable-model';
import { encodedWidth } from './portable-model';
import { INTEGRATED_GRADIENT_STEPS } from './scorer-runtime';
import { pointsExpression, readValue } from './scorer-source-parts';

const js = (v: unknown) => JSON.stringify(v);

/** Statements that write encoding `e`'s model inputs into x[o…] from the record r. */
function encodeStatements(e: PortableEncoding, o: number, map: string): string[] {
  const numeric = `v = r[${js(e.name)}]; if (typeof v !== 'number') v = num(v);`;
  const text = `v = str(r[${js(e.name)}]);`;
  switch (e.kind) {
    case 'raw': return [numeric, `x[${o}] = v;`];
    case 'category': return [text, `x[${o}] = v === null || (p = ${map}.get(v)) === undefined ? NaN : p;`];
    case 'impute': return [numeric, `x[${o}] = ((v !== v ? ${e.median} : v) - ${e.shift}) * ${e.scale};`];
    case 'onehot': return [text, `for (let j = 0; j < ${e.levels.length}; j++) x[${o} + j] = 0;`, `if (v !== null && (p = ${map}.get(v)) !== undefined) x[${o} + p] = 1;`];
    case 'ple': {
      const k = e.edges.length - 1;
      return [numeric, `if (v !== v) { for (let j = 0; j < ${k}; j++) x[${o} + j] = 0; x[${o + k}] = 1; } else {`,
        `  for (let j = 0; j < ${k}; j++) { const lo = ${map}[j], hi = ${map}[j + 1]; x[${o} + j] = v >= hi ? 1 : v <= lo ? 0 : (v - lo) / (hi - lo); }`,
        `  x[${o + k}] = 0;`, '}'];
    }
    case 'woe': return [readValue(e.bins), `x[${o}] = ${pointsExpression(e.bins, `${map}_points`)};`];
  }
}

/** Constants an encoding's statements use (level maps, edges, WOE category lookups). */
function encodeConstants(e: PortableEncoding, map: string): string[] {
  if (e.kind === 'category' || e.kind === 'onehot') return [`const ${map} = new Map(${js(e.levels.map((l, k) => [l, k]))});`];
  if (e.kind === 'ple') return [`const ${map} = ${js(e.edges)};`];
  if (e.kind === 'woe' && e.bins.type === 'categorical') {
    const entries: [string, number][] = [];
    for (const a of e.bins.attributes) if (a.kind === 'bin') for (const v of a.categories ?? []) entries.push([v, a.points]);
    return [`const ${map}_points = new Map(${js(entries)});`, `function ${map}_points_of(s) { const p = ${map}_points.get(s); return p === undefined ? ${e.bins.unseenPoints} : p; }`];
  }
  return [];
}

/** A raw input's value for the reasons: the number or text as the record has it, or null when missing. */
function displayStatement(e: PortableEncoding): string {
  const numeric = e.kind === 'raw' || e.kind === 'impute' || e.kind === 'ple' || (e.kind === 'woe' && e.bins.type === 'numeric');
  return numeric ? `((v) => { v = typeof v === 'number' ? v : num(v); return v !== v ? null : v; })(r[${js(e.name)}])` : `str(r[${js(e.name)}])`;
}

/**
 * A challenger card's functions in scorer.mjs: `<key>Encode(r)` (the encoded inputs),
 * `<key>LogOdds(r)`, `<key>Score(r)` (its PDO scaling) and `<key>Explain(r)` — each input's
 * contribution to the log-odds (TreeSHAP for trees; integrated gradients from the training means for
 * networks), the score, `points` (contributions on the score's scale) and the adverse reason codes.
 */
/**
 * A portable model's `<key>Encode(r)`, `<key>LogOdds(r)` and `<key>Contributions(x)` (with the
 * constants they read): what any module scoring the model needs, whatever it does with the log-odds.
 */
export function modelLogOddsSource(key: string, m: PortableModel): string[] {
  const widths = m.encodings.map(encodedWidth);
  const width = widths.reduce((a, b) => a + b, 0);
  const offsets = widths.map((_, k) => widths.slice(0, k).reduce((a, b) => a + b, 0));
  const out: string[] = [];
  m.encodings.forEach((e, k) => out.push(...encodeConstants(e, `${key}_e${k}`)));
  out.push(
    `function ${key}Encode(r) {`, `  const x = new Float64Array(${width});`, '  let v, p;',
    ...m.encodings.flatMap((e, k) => encodeStatements(e, offsets[k]!, `${key}_e${k}`).map((s) => `  ${s}`)),
    '  return x;', '}',
  );
  if (m.kind === 'gbdt') {
    // The SHAP tables are built as the module loads: a server's first request does not pay for them.
    out.push(`const ${key}_model = shapTables({ baseline: ${m.baseline}, trees: ${js(m.trees)}.map(compileTree) });`,
      `function ${key}LogOdds(r) { return treesLogOdds(${key}_model, ${key}Encode(r)); }`,
      `function ${key}Contributions(x) { return treesShap(${key}_model, x, new Float64Array(${m.encodings.length})); }`);
  } else {
    out.push(`const ${key}_layers = compileLayers(${js(m.layers)});`, `const ${key}_baseline = ${js(m.baseline)};`, `const ${key}_widths = ${js(widths)};`,
      `function ${key}LogOdds(r) { return netLogOdds(${key}_layers, ${key}Encode(r)); }`,
      `function ${key}Contributions(x) { return groupBy(integratedGradients(${key}_layers, x, ${key}_baseline, ${INTEGRATED_GRADIENT_STEPS}), ${key}_widths); }`);
  }
  return out;
}

export function modelCardSource(card: BundleScorecard): string {
  const m = card.model!;
  const key = card.key;
  const sign = card.orientation === 'higher-is-better' ? -1 : 1;
  const round = (e: string) => (card.rounded ? `Math.round(${e}) + 0` : e);
  const out: string[] = modelLogOddsSource(key, m);
  out.push(
    `const ${key}_codes = ${js(card.reasonCodes)};`,
    `const ${key}_names = ${js(m.encodings.map((e) => e.name))};`,
    `/** The ${key} score alone: the PDO scaling of the model's log-odds. */`,
    `export function ${key}Score(r) { return ${round(`${card.offset} + ${sign * card.factor} * ${key}LogOdds(r)`)}; }`,
    `function ${key}Explain(r) {`,
    `  const x = ${key}Encode(r), phi = ${key}Contributions(x);`,
    `  const logOdds = ${m.kind === 'gbdt' ? `treesLogOdds(${key}_model, x)` : `netLogOdds(${key}_layers, x)`};`,
    `  const points = {};`,
    `  for (let k = 0; k < phi.length; k++) points[${key}_names[k]] = ${sign * card.factor} * phi[k];`,
    `  const worst = adverse(phi, ${key}_codes, ${card.reasonCodeCount}, ${card.key === 'credit' ? 'true' : 'false'});`,
    `  const values = [${m.encodings.map(displayStatement).join(', ')}];`,
    `  return { score: ${round(`${card.offset} + ${sign * card.factor} * logOdds`)}, logOdds, points, reasonCodes: worst.map((k) => ${key}_codes[k]),`,
    `    reasons: worst.map((k) => ({ code: ${key}_codes[k], characteristic: ${key}_names[k], attribute: values[k] === null ? 'missing' : String(values[k]) })) };`,
    '}',
  );
  return out.join('\n');
}
