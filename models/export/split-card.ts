import { AppError } from '../../types/errors';
import type { BundleAttribute, BundleCharacteristic, BundleScorecard } from '../../types/bundle';

/** The column (and the lender's input) carrying one card's partner points: `partner_points_<card>`. */
export const partnerColumn = (key: string) => `partner_points_${key}`;

const sumOf = (chars: readonly BundleCharacteristic[], pick: (c: BundleCharacteristic) => number) => chars.reduce((s, c) => s + pick(c), 0);
const missingPoints = (c: BundleCharacteristic) => c.attributes.find((a) => a.kind === 'missing')?.points ?? c.unseenPoints;

/**
 * A scorecard split between the lender and one partner party for deployment where neither sees
 * the other's features. The partner's card holds its characteristics only (base points 0): its
 * score is the partner's partial points. The lender's card keeps its own characteristics and reads
 * the partial as one more characteristic, `partner_points_<card>`, whose attribute for each whole
 * number v of points in the partial's range is worth v (a row the partner did not score takes what
 * the partner's characteristics give missing values). So lender part + partner part = the full
 * card's score on every row. Points must be whole numbers (the default, rounded scorecards).
 */
export function splitCard(card: BundleScorecard, party: string): { lender: BundleScorecard; partner: BundleScorecard } {
  if (card.model) throw new AppError('INVALID_ARGUMENT', `The ${card.key} card is a ${card.model.kind} model's scaled score; only a scorecard's points add up by party.`, { option: 'splitByParty', expected: 'scorecards', got: card.model.kind });
  const theirs = card.characteristics.filter((c) => c.party === party);
  if (theirs.length === 0) throw new AppError('INVALID_ARGUMENT', `The ${card.key} scorecard has no characteristic of party '${party}' (parties: ${[...new Set(card.characteristics.map((c) => c.party ?? 'none'))].join(', ')}).`, { option: 'splitByParty', expected: 'a party of the card\'s characteristics', got: party });
  const fractional = theirs.flatMap((c) => [...c.attributes.map((a) => a.points), c.unseenPoints]).find((p) => !Number.isInteger(p));
  if (fractional !== undefined) throw new AppError('INVALID_ARGUMENT', `The ${card.key} scorecard's points are not whole numbers (${fractional}); a split needs a rounded scorecard.`, { option: 'splitByParty', expected: 'whole points', got: String(fractional) });
  const column = partnerColumn(card.key);
  const better = card.orientation === 'higher-is-better';
  const min = sumOf(theirs, (c) => Math.min(c.unseenPoints, ...c.attributes.map((a) => a.points)));
  const max = sumOf(theirs, (c) => Math.max(c.unseenPoints, ...c.attributes.map((a) => a.points)));
  const { development: _d, ...whole } = card;
  const partner: BundleScorecard = { ...whole, basePoints: 0, characteristics: theirs, scoreRange: { min, max }, partial: { party, column } };
  const attributes: BundleAttribute[] = [{ label: 'missing', kind: 'missing', points: sumOf(theirs, missingPoints), woe: 0, count: 0 }];
  for (let v = min; v <= max; v++) attributes.push({ label: String(v), kind: 'bin', lower: v === min ? null : v - 0.5, upper: v === max ? null : v + 0.5, points: v, woe: 0, count: 0 });
  const codes = card.characteristics.map((c) => Number(c.reasonCode.slice(2))).filter(Number.isFinite);
  const points: BundleCharacteristic = {
    name: column, type: 'numeric', party, reasonCode: `RC${String(Math.max(0, ...codes) + 1).padStart(2, '0')}`,
    baselinePoints: better ? max : min, unseenPoints: attributes[0]!.points, attributes,
  };
  return { lender: { ...card, characteristics: [...card.characteristics.filter((c) => c.party !== party), points] }, partner };
}
