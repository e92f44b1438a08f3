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

/** A numeric characteristic's attribute of `v` into `a` by counting bin uppers (see CountedBins): compares and adds, no branch on the bins. */
function countedAttribute(b: CountedBins): string {
  const count = b.uppers.map((u) => `(v >= ${u})`);
  return [
    `let a = ${consecutive(b) ? [String(b.byCount[0]), ...count].join(' + ') : `byCount[${['0', ...count].join(' + ')}]`};`,
    ...b.specials.map((s) => `if (v === ${s.value}) a = ${s.attribute};`),
    `if (v !== v) a = ${b.missing};`,
  ].join(' ');
}

/**
 * One characteristic over a batch: each row's attribute index `a` (−1: unseen), its points read
 * from the card's table by attribute and added to `s`, and — for the card whose reasons are
 * named — the attribute's rank set in the row's bits (see reasonRanks). A numeric input is a
 * Float64Array (NaN missing); a categorical one `{ codes, dictionary }` whose attributes are
 * looked up once per distinct value. `fn` names the row scorer's helpers for it.
 */
function characteristicLoop(c: BundleCharacteristic, card: string, fn: string, k: number, ranked: boolean): string {
  const col = `cols[${js(c.name)}]`;
  const tables = `t = ${card}_points_by_attribute[${k}]${ranked ? `, word = ${card}_rank_word[${k}], mask = ${card}_rank_mask[${k}]` : ''}`;
  const add = `s[i] += t[a + 1];${ranked ? ' bits[i * W + word[a + 1]] |= mask[a + 1];' : ''}`;
  const expression = pointsExpression(attributeIndexOf(c), `${fn}_attr_points`);
  if (c.type === 'numeric') {
    const counted = countedBins(c);
    const byCount = counted && !consecutive(counted) ? `, byCount = Int32Array.of(${numbers(counted.byCount)})` : '';
    const attribute = counted ? countedAttribute(counted) : `const a = ${expression};`;
    return `  { const x = ${col}${byCount}, ${tables}; let v, p; for (let i = 0; i < n; i++) { v = x[i]; ${attribute} ${add} } }`;
  }
  const missing = c.attributes.findIndex((a) => a.kind === 'missing');
  return [
    `  { const c = ${col}, d = c.dictionary, codes = c.codes, byCode = new Int32Array(d.length), ${tables}; let v, p;`,
    `    for (let j = 0; j < d.length; j++) { v = d[j]; byCode[j] = ${expression}; }`,
    `    for (let i = 0; i < n; i++) { const code = codes[i]; const a = code < 0 ? ${missing} : byCode[code]; ${add} } }`,
  ].join('\n');
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

function cardColumns(card: BundleScorecard, ranked: boolean): string {
  return [
    pointsByAttribute(card),
    ...(ranked ? [reasonRanks(card)] : []),
    `/** The ${card.key} card over rows [0, n): the scores, summed in card order as the row scorer adds them${ranked ? '; each row\'s attribute ranks set in bits[i * W …]' : ''}. */`,
    `function ${card.key}Columns(cols, n${ranked ? ', bits, W' : ''}) {`,
    `  const s = new Float64Array(n).fill(${card.basePoints});`,
    ...card.characteristics.map((c, k) => characteristicLoop(c, card.key, `${card.key}_${k}`, k, ranked)),
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
  return [
    ...doc.scorecards.map((c) => cardColumns(c, c === primary && R > 0)),
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
