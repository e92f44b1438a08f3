import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scorerSource } from '../../../../models/export/scorer-source';
import { columnarScorerSource } from '../../../../models/export/columnar-scorer-source';
import { mulberry32 } from '../../../../models/stats/random';
import type { BundleAttribute, BundleCharacteristic, BundleScorecard, ScorecardDocument, StrategyDocument } from '../../../../types/bundle';
import type { ColumnarScorer } from '../../../../service/export/score-batches';
import type { BundleScorer } from '../../../../data/bundle/read-bundle';

const attr = (a: Partial<BundleAttribute> & Pick<BundleAttribute, 'kind' | 'points'>): BundleAttribute => ({ label: a.label ?? a.kind, woe: 0, count: a.count ?? 0, ...a });

const age: BundleCharacteristic = {
  name: 'age', type: 'numeric', party: 'lender', reasonCode: 'R1', baselinePoints: 30, unseenPoints: -5,
  attributes: [
    attr({ kind: 'missing', points: 1 }), attr({ kind: 'special', value: -1, points: 2 }), attr({ kind: 'special', value: 99, points: 3 }),
    attr({ kind: 'bin', lower: null, upper: 25, points: 10, label: '<25' }), attr({ kind: 'bin', lower: 25, upper: 40, points: 20, label: '[25,40)' }),
    attr({ kind: 'bin', lower: 40, upper: 70, points: 30, label: '[40,70)' }),
  ],
};
const income: BundleCharacteristic = {
  name: 'income', type: 'numeric', party: 'partner', reasonCode: 'R3', baselinePoints: 12.5, unseenPoints: 0,
  attributes: [attr({ kind: 'missing', points: 3.25 }), attr({ kind: 'bin', lower: null, upper: 5000, points: 1.5, label: 'low' }), attr({ kind: 'bin', lower: 5000, upper: null, points: 12.5, label: 'high' })],
};
const city: BundleCharacteristic = {
  name: 'city', type: 'categorical', party: 'partner', reasonCode: 'R2', baselinePoints: 15, unseenPoints: 0,
  attributes: [attr({ kind: 'missing', points: 4 }), attr({ kind: 'bin', categories: ['a', 'b'], points: 15, label: 'a,b' }), attr({ kind: 'bin', categories: ['c'], points: 5, label: 'c' })],
};
/** The same bins as age under another name: ties in loss, at every rank, are common. */
const age2: BundleCharacteristic = { ...age, name: 'age2', reasonCode: 'R5' };
/** More than 32 categories: the row scorer looks them up in a Map rather than a switch. */
const shop: BundleCharacteristic = {
  name: 'shop', type: 'categorical', party: 'lender', reasonCode: 'R4', baselinePoints: 9, unseenPoints: 2,
  attributes: [attr({ kind: 'missing', points: 0 }), ...Array.from({ length: 5 }, (_, g) => attr({ kind: 'bin', categories: Array.from({ length: 8 }, (_, k) => `s${g * 8 + k}`), points: g * 2 + 1, label: `group ${g}` }))],
};

function card(key: 'credit' | 'targeting', characteristics: BundleCharacteristic[], orientation: BundleScorecard['orientation'], reasonCodeCount: number): BundleScorecard {
  return {
    key, scorecardId: 1, modelId: 1, modelName: key, target: 'bad', event: '1', orientation, pdo: 20, baseScore: 600, baseOdds: 50,
    factor: 20 / Math.LN2, offset: 0, basePoints: 500, reasonCodeCount, scoreRange: { min: 0, max: 1000 }, characteristics,
  };
}

const doc: ScorecardDocument = { format: 'jointscore-scorecard', formatVersion: 1, primary: 'credit', scorecards: [card('credit', [age, city, income, shop, age2], 'higher-is-better', 3), card('targeting', [income, shop, age], 'higher-is-riskier', 2)] } as ScorecardDocument;
const axis = (purpose: 'targeting' | 'credit', cuts: number[]) => ({ scorecardId: 1, modelId: 1, modelName: purpose, purpose, orientation: 'higher-is-better', cuts, labels: [...cuts, 0].map(String) });
const strategy = {
  format: 'jointscore-strategy', formatVersion: 1, targeting: axis('targeting', [530, 545]), credit: axis('credit', [540]),
  cells: [0, 1, 2].map((t) => [0, 1].map((c) => ({ t, c, decision: { action: (t + c) % 2 === 0 ? 'bid' : 'skip', coefficient: 1 + t / 10 + c / 100 } }))),
} as unknown as StrategyDocument;

/** Specials listed between the bins, the first bin bounded below, a special outside its bin's bounds (never tested), one at a cut, a repeated one, no missing attribute, a finite last upper. */
const gapped: BundleCharacteristic = {
  name: 'gapped', type: 'numeric', party: 'lender', reasonCode: 'G', baselinePoints: 40, unseenPoints: -7,
  attributes: [
    attr({ kind: 'bin', lower: 0, upper: 25, points: 12, label: '[0,25)' }), attr({ kind: 'special', value: -1, points: 33 }),
    attr({ kind: 'bin', lower: 25, upper: 40, points: 8, label: '[25,40)' }), attr({ kind: 'special', value: 25, points: 2 }),
    attr({ kind: 'special', value: 25, points: 39 }), attr({ kind: 'bin', lower: 40, upper: 70, points: 40, label: '[40,70)' }),
  ],
};
/** Uppers out of order and a characteristic with no bins: both keep the row scorer's branches. */
const unsorted: BundleCharacteristic = {
  name: 'unsorted', type: 'numeric', party: 'lender', reasonCode: 'U', baselinePoints: 9, unseenPoints: 1,
  attributes: [attr({ kind: 'bin', lower: null, upper: 50, points: 3, label: 'a' }), attr({ kind: 'bin', lower: 50, upper: 30, points: 9, label: 'b' }), attr({ kind: 'bin', lower: 30, upper: null, points: 5, label: 'c' }), attr({ kind: 'missing', points: 4 })],
};
const flagOnly: BundleCharacteristic = {
  name: 'flag', type: 'numeric', party: 'lender', reasonCode: 'F', baselinePoints: 6, unseenPoints: 0,
  attributes: [attr({ kind: 'missing', points: 2 }), attr({ kind: 'special', value: 1, points: 6 }), attr({ kind: 'special', value: 0, points: 4 })],
};
/** 40 groups of one category: more losing attributes than one 32-bit word of ranks holds, with ties. */
const brand: BundleCharacteristic = {
  name: 'brand', type: 'categorical', party: 'partner', reasonCode: 'B', baselinePoints: 20, unseenPoints: 0,
  attributes: [attr({ kind: 'missing', points: 1 }), ...Array.from({ length: 40 }, (_, g) => attr({ kind: 'bin', categories: [`b${g}`], points: g % 21, label: `brand ${g}` }))],
};

async function load(source: string): Promise<BundleScorer & ColumnarScorer> {
  return (await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`)) as BundleScorer & ColumnarScorer;
}

const coded = (xs: (string | null)[]) => {
  const dictionary = [...new Set(xs.filter((x): x is string => x !== null))];
  return { codes: Int32Array.from(xs, (x) => (x === null ? -1 : dictionary.indexOf(x))), dictionary };
};

/** Seeded inputs for every characteristic above: NaN, specials, cut values, ±0, ±Infinity, far values, unseen and missing categories. */
function inputs(n: number) {
  const rnd = mulberry32(8);
  const odd = [NaN, -1, 25, 99, 1e9, -0, 0, 1, Infinity, -Infinity, 40, 70, 50, 30, 12.5];
  const ages = Float64Array.from({ length: n }, () => { const u = rnd(); return u < 0.05 ? NaN : u < 0.1 ? -1 : u < 0.13 ? 99 : u < 0.16 ? 1e9 : Math.floor(rnd() * 80); });
  const ages2 = Float64Array.from(ages, (a) => (rnd() < 0.5 ? a : Math.floor(rnd() * 80)));
  const wide = () => Float64Array.from({ length: n }, () => (rnd() < 0.4 ? odd[Math.floor(rnd() * odd.length)]! : Math.floor(rnd() * 90) - 5));
  const pick = (values: (string | null)[]) => Array.from({ length: n }, () => values[Math.floor(rnd() * values.length)]!);
  const numbers = { age: ages, age2: ages2, income: Float64Array.from({ length: n }, () => (rnd() < 0.1 ? NaN : Math.floor(rnd() * 10000))), gapped: wide(), unsorted: wide(), flag: wide() };
  const texts = { city: pick(['a', 'b', 'c', 'zz', null]), shop: pick([...Array.from({ length: 45 }, (_, k) => `s${k}`), null]), brand: pick([...Array.from({ length: 42 }, (_, k) => `b${k}`), null]) };
  const columns = { ...numbers, ...Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, coded(v)])) };
  const record = (i: number) => ({ ...Object.fromEntries(Object.entries(numbers).map(([k, v]) => [k, v[i]])), ...Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, v[i]])) });
  return { columns, record };
}

/** Every row of the batch against the row scorer: each card's score, the named reasons (worst first, ties in card order) and the decision. */
async function assertRowParity(d: ScorecardDocument, s: StrategyDocument | null, n: number) {
  const m = await load(scorerSource(d, s, 'test'));
  const { columns, record } = inputs(n);
  const got = m.scoreColumns(columns, n);
  const R = m.reasonTable.count;
  assert.equal(R, d.scorecards.find((c) => c.key === d.primary)!.reasonCodeCount);
  assert.equal(got.reasons.length, n * R);
  for (let i = 0; i < n; i++) {
    const want = m.score(record(i));
    for (const c of d.scorecards) assert.equal(got.scores[c.key]![i], want.scores[c.key], `row ${i}: ${c.key}`);
    const named: { code: string; characteristic: string; attribute: string }[] = [];
    for (let r = 0; r < R && got.reasons[i * R + r]! >= 0; r++) {
      const k = got.reasons[i * R + r]!, a = got.attributes[i * R + r]!;
      named.push({ code: m.reasonTable.codes[k]!, characteristic: m.reasonTable.names[k]!, attribute: a < 0 ? 'other value' : m.reasonTable.labels[k]![a]! });
    }
    assert.deepEqual(named, want.reasons, `row ${i}: reasons`);
    if (s) assert.deepEqual({ bid: got.bid![i] === 1, coefficient: got.coefficient![i] }, { bid: want.decision!.bid, coefficient: want.decision!.coefficient }, `row ${i}: decision`);
    else assert.equal(got.bid, null);
  }
}

describe('the columnar scorer generated beside the row scorer', () => {
  it('gives every row the row scorer\'s scores, reasons (worst first, ties in card order), attributes and bid', async () => {
    await assertRowParity(doc, strategy, 5000);
  });

  it('agrees with the row scorer on specials listed between bins, specials outside their bin, repeated specials, unsorted uppers, no bins, and more losing attributes than a word of ranks', async () => {
    const odd = card('targeting', [gapped, brand, unsorted, flagOnly, city, age, brand, gapped], 'higher-is-riskier', 4);
    await assertRowParity({ ...doc, primary: 'targeting', scorecards: [doc.scorecards[0]!, odd] }, strategy, 6000);
    const better = card('credit', [brand, gapped, unsorted, flagOnly, shop, brand], 'higher-is-better', 5);
    await assertRowParity({ ...doc, primary: 'credit', scorecards: [better] }, null, 6000);
  });

  it('names no reasons for a card that gives none, and still scores it', async () => {
    await assertRowParity({ ...doc, scorecards: [card('credit', [age, gapped, brand], 'higher-is-better', 0), doc.scorecards[1]!] }, strategy, 2000);
  });

  it('is left out of a bundle whose cards include a model (those score row by row)', () => {
    const withModel = { ...doc, scorecards: [doc.scorecards[1]!, { ...doc.scorecards[0]!, characteristics: [], model: { kind: 'logistic' } }] } as unknown as ScorecardDocument;
    assert.equal(columnarScorerSource(withModel, null), '');
    assert.match(columnarScorerSource(doc, null), /export function scoreColumns/);
  });
});
