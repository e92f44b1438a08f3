import type { BundleCharacteristic, BundleScorecard, ScorecardDocument, StrategyDocument } from '../../types/bundle';
import { countedBins, type CountedBins } from './counted-bins';
import { pointsExpression } from './scorer-source-parts';

const js = (v: unknown) => JSON.stringify(v);

/** The same characteristic scoring each attribute's index instead of its points (−1: a value no attribute matches). */
export function attributeIndexOf(c: BundleCharacteristic): BundleCharacteristic {
  return { ...c, unseenPoints: -1, attributes: c.attributes.map((a, i) => ({ ...a, points: i })) };
}

const numbers = (xs: number[]) => xs.map(String).join(', ');

/** Whether count j is attribute byCount[0] + j throughout: the attribute is then a sum, not a table look-up. */
const consecutive = (b: CountedBins) => b.byCount.every((a, j) => a >= 0 && a === b.byCount[0]! + j);

/** What a row adds once its attribute `a` is known: its points to the score and, for the reasons card, its rank to its bits (see reasonRanks). */
const tally = (ranked: boolean) => `s[i] += t[a + 1];${ranked ? ' bits[i * W + word[a + 1]] |= mask[a + 1];' : ''}`;
const tables = (ranked: boolean) => (ranked ? 't, word, mask, bits, W' : 't');

/**
 * The loop over a batch shared by every numeric characteristic with this many uppers and specials
 * (see CountedBins): its bounds and attributes come as arguments, so one function reaches optimized
 * code in the first batch for them all. `first` is the attribute of count 0 when the counts are
 * consecutive attributes, else `byCount` maps them.
 */
function countedShape(name: string, b: CountedBins, ranked: boolean): string {
  const uppers = b.uppers.map((_, j) => `u${j}`), specials = b.specials.map((_, j) => `s${j}`), attributes = b.specials.map((_, j) => `a${j}`);
  const count = uppers.map((u) => `(v >= ${u})`);
  const ints = [consecutive(b) ? 'first' : null, ...attributes, 'missing'].filter((x): x is string => x !== null);
  const params = [consecutive(b) ? 'first' : 'byCount', ...uppers, ...specials.flatMap((x, j) => [x, attributes[j]!]), 'missing'];
  // Read once as numbers before the loop: TurboFan does not hoist a parameter's checks out of it.
  const locals = [...ints.map((x) => `${x} = ${x}_ | 0`), ...[...uppers, ...specials].map((x) => `${x} = +${x}_`)];
  const attribute = consecutive(b) ? ['first', ...count].join(' + ') : `byCount[${['0', ...count].join(' + ')}]`;
  return [
    `function ${name}(x, n, s, ${tables(ranked)}, ${params.map((x) => (x === 'byCount' ? x : `${x}_`)).join(', ')}) {`,
    `  const ${locals.join(', ')};`,
    `  for (let i = 0; i < n; i++) { const v = x[i]; let a = ${attribute}; ${b.specials.map((_, j) => `if (v === s${j}) a = a${j}; `).join('')}if (v !== v) a = missing; ${tally(ranked)} }`,
    '}',
  ].join('\n');
}

/** The loop shared by every categorical characteristic: each row's attribute by its code (−1 missing), from the attribute of each distinct value. */
function codedShape(name: string, ranked: boolean): string {
  return `function ${name}(codes, n, s, ${tables(ranked)}, byCode, missing) {\n  for (let i = 0; i < n; i++) { const code = codes[i]; const a = code < 0 ? missing : byCode[code]; ${tally(ranked)} }\n}`;
}

/**
 * One characteristic over a batch: each row's attribute index `a` (−1: unseen), its points read
 * from the card's table by attribute and added to `s`, and — for the card whose reasons are
 * named — the attribute's rank set in the row's bits. A numeric input is a Float64Array (NaN
 * missing); a categorical one `{ codes, dictionary }` whose attributes are looked up once per
 * distinct value. Returns the call, adding the loop it calls to `shapes` (shared by name) or to
 * `own` (a numeric characteristic whose bins cannot be counted keeps the row scorer's branches).
 * `fn` names the row scorer's helpers for it.
 */
function characteristicCall(c: BundleCharacteristic, card: string, fn: string, k: number, ranked: boolean, shapes: Map<string, string>, own: string[]): string {
  const col = `cols[${js(c.name)}]`;
  const args = ranked ? `${card}_points_by_attribute[${k}], ${card}_rank_word[${k}], ${card}_rank_mask[${k}], bits, W` : `${card}_points_by_attribute[${k}]`;
  const expression = pointsExpression(attributeIndexOf(c), `${fn}_attr_points`);
  const counted = countedBins(c);
  if (counted) {
    const name = `column_counted_${counted.uppers.length}_${counted.specials.length}_${consecutive(counted) ? 'sum' : 'table'}${ranked ? '_ranked' : ''}`;
    if (!shapes.has(name)) shapes.set(name, countedShape(name, counted, ranked));
    const shape = [consecutive(counted) ? String(counted.byCount[0]) : `Int32Array.of(${numbers(counted.byCount)})`, ...counted.uppers.map(String), ...counted.specials.flatMap((x) => [String(x.value), String(x.attribute)]), String(counted.missing)];
    return `  ${name}(${col}, n, s, ${args}, ${shape.join(', ')});`;
  }
  if (c.type === 'numeric') {
    own.push(`function ${fn}_column(x, n, s, ${tables(ranked)}) {\n  let v, p;\n  for (let i = 0; i < n; i++) { v = x[i]; const a = ${expression}; ${tally(ranked)} }\n}`);
    return `  ${fn}_column(${col}, n, s, ${args});`;
  }
  const name = `column_coded${ranked ? '_ranked' : ''}`;
  if (!shapes.has(name)) shapes.set(name, codedShape(name, ranked));
  own.push(`function ${fn}_by_code(d) {\n  const byCode = new Int32Array(d.length); let v, p;\n  for (let j = 0; j < d.length; j++) { v = d[j]; byCode[j] = ${expression}; }\n  return byCode;\n}`);
  return `  ${name}(${col}.codes, n, s, ${args}, ${fn}_by_code(${col}.dictionary), ${c.attributes.findIndex((a) => a.kind === 'missing')});`;
}

/** A card's points by characteristic and attribute index + 1 (index 0: an unseen value's points). */
function pointsByAttribute(card: BundleScorecard): string {
  return `const ${card.key}_points_by_attribute = [${card.characteristics.map((c) => `[${numbers([c.unseenPoints, ...c.attributes.map((a) => a.points)])}]`).join(', ')}].map((p) => Float64Array.from(p));`;
}

/**
 * The reasons card's (characteristic, attribute) pairs that lose points, ranked as `reasons`
 * orders them: loss descending (baseline against points, as the row scorer subtracts them), ties
 * in card order. A row has one attribute per characteristic, so its reasons are the lowest ranks
 * set in its bits (W words a row): `rank_word`/`rank_mask` by attribute index + 1 set them (mask 0:
 * no loss), `rank_k`/`rank_a` name them.
 */
function reasonRanks(card: BundleScorecard): string {
  const key = card.key;
  const loss = card.orientation === 'higher-is-better' ? `${key}_baselines[k] - p` : `p - ${key}_baselines[k]`;
  return [
    `/** The ${key} card's losing (characteristic, attribute) pairs ranked worst first, ties in card order; a row's reasons are the lowest ranks set in its bits. */`,
    `const ${key}_ranked = ${key}_points_by_attribute.flatMap((t, k) => Array.from(t, (p, a) => ({ loss: ${loss}, k, a: a - 1 }))).filter((x) => x.loss > 0).sort((x, y) => y.loss - x.loss || x.k - y.k);`,
    `const ${key}_rank_words = Math.max(1, Math.ceil(${key}_ranked.length / 32));`,
    `const ${key}_rank_k = Int32Array.from(${key}_ranked, (x) => x.k), ${key}_rank_a = Int32Array.from(${key}_ranked, (x) => x.a);`,
    `const ${key}_rank_word = ${key}_points_by_attribute.map((t) => new Int32Array(t.length)), ${key}_rank_mask = ${key}_points_by_attribute.map((t) => new Int32Array(t.length));`,
    `${key}_ranked.forEach((x, r) => { ${key}_rank_word[x.k][x.a + 1] = r >> 5; ${key}_rank_mask[x.k][x.a + 1] = 1 << (r & 31); });`,
  ].join('\n');
}

function cardColumns(card: BundleScorecard, ranked: boolean, shapes: Map<string, string>): string {
  const own: string[] = [];
  const calls = card.characteristics.map((c, k) => characteristicCall(c, card.key, `${card.key}_${k}`, k, ranked, shapes, own));
  return [
    pointsByAttribute(card),
    ...(ranked ? [reasonRanks(card)] : []),
    ...own,
    `/** The ${card.key} card over rows [0, n): the scores, summed in card order as the row scorer adds them${ranked ? '; each row\'s attribute ranks set in bits[i * W …]' : ''}. */`,
    `function ${card.key}Columns(cols, n${ranked ? ', bits, W' : ''}) {`,
    `  const s = new Float64Array(n).fill(${card.basePoints});`,
    ...calls,
    '  return s;',
    '}',
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
  const key = primary.key;
  // As the row scorer: a strategy axis without its card reads undefined (the lowest band).
  const scoreOf = (k: string) => (doc.scorecards.some((c) => c.key === k) ? `scores.${k}[i]` : 'undefined');
  const shapes = new Map<string, string>();
  const cards = doc.scorecards.map((c) => cardColumns(c, c === primary && R > 0, shapes));
  return [
    ...cards,
    ...shapes.values(),
    '/** Rank bits of a batch: one array reused from batch to batch (it never leaves this module), cleared for each. */',
    'let scratch = new Int32Array(0);',
    'function rankBits(size) {',
    '  if (scratch.length < size) scratch = new Int32Array(size);',
    '  return scratch.fill(0, 0, size).subarray(0, size);',
    '}',
    `/** Scores a batch of typed columns (see the module's comment): { scores, reasons, attributes, bid, coefficient }. */`,
    'export function scoreColumns(cols, n) {',
    '  const scores = {};',
    ...doc.scorecards.filter((c) => c !== primary).map((c) => `  scores.${c.key} = ${c.key}Columns(cols, n);`),
    `  const reasons = new Int32Array(n * ${R}).fill(-1), attributes = new Int32Array(n * ${R}).fill(-1);`,
    ...(R > 0 ? [
      `  const W = ${key}_rank_words, bits = rankBits(n * W);`,
      `  scores.${key} = ${key}Columns(cols, n, bits, W);`,
      '  // A row\'s reasons: its lowest set ranks, word by word, lowest bit first.',
      `  for (let i = 0, at = 0; i < n; i++, at += ${R}) {`,
      '    let m = 0;',
      `    for (let w = 0; w < W && m < ${R}; w++) {`,
      '      let x = bits[i * W + w];',
      `      while (x !== 0 && m < ${R}) { const low = x & -x, r = (w << 5) + 31 - Math.clz32(low); reasons[at + m] = ${key}_rank_k[r]; attributes[at + m] = ${key}_rank_a[r]; m++; x ^= low; }`,
      '    }',
      '  }',
    ] : [`  scores.${key} = ${key}Columns(cols, n);`]),
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
