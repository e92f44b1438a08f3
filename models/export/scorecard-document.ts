import type { BundleCharacteristic, BundleScorecard, ScorecardDocument } from '../../types/bundle';
import { BUNDLE_FORMAT_VERSION } from '../../types/bundle';
import type { PortableModel } from '../../types/portable-model';
import { reasonCodeOf } from './portable-model';
import type { Scorecard } from '../../types/scorecard';

/**
 * A stored scorecard as the bundle carries it: attributes in match order, points as scored, no raw
 * points or coefficients' internals. A challenger's card carries its portable model instead, with a
 * reason code per input.
 */
export function bundleScorecard(card: Scorecard, scorecardId: number, model?: PortableModel): BundleScorecard {
  const characteristics: BundleCharacteristic[] = card.characteristics.map((c) => {
    // Missing first, then special values, then the regular bins: the order every exporter matches in.
    const order = (k: string) => (k === 'missing' ? 0 : k === 'special' ? 1 : 2);
    const attributes = [...c.attributes].sort((a, b) => order(a.kind) - order(b.kind)).map((a) => ({
      label: a.label, kind: a.kind,
      ...(a.kind === 'bin' && c.type === 'numeric' ? { lower: a.lower ?? null, upper: a.upper ?? null } : {}),
      ...(a.categories ? { categories: a.categories } : {}),
      ...(a.value !== undefined ? { value: a.value } : {}),
      points: a.points, woe: a.woe, count: a.count,
    }));
    return { name: c.name, type: c.type, party: c.party, reasonCode: c.reasonCode, baselinePoints: c.bestPoints, unseenPoints: c.unseenPoints, attributes };
  });
  const s = card.scaling;
  return {
    key: card.purpose, scorecardId, modelId: card.modelId, modelName: card.modelName, target: card.target, event: card.event,
    orientation: s.orientation, pdo: s.pdo, baseScore: s.baseScore, baseOdds: s.baseOdds, factor: card.factor, offset: card.offset,
    basePoints: card.basePoints, reasonCodeCount: s.reasonCodes, scoreRange: card.scoreRange, characteristics,
    ...(model ? { model, reasonCodes: model.encodings.map((_, k) => reasonCodeOf(k)), rounded: s.round } : {}),
  };
}

export function scorecardDocument(primary: BundleScorecard, others: BundleScorecard[]): ScorecardDocument {
  return { format: 'jointscore-scorecard', formatVersion: BUNDLE_FORMAT_VERSION, primary: primary.key, scorecards: [primary, ...others] };
}

/** Formats a number for SQL and PMML: the shortest text that reads back as the same double. */
export function numberText(x: number): string {
  return String(x).replace('e', 'E');
}
