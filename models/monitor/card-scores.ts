import type { BundleScorecard } from '../../types/bundle';
import type { ColumnData } from '../../types/columns';
import { attributeColumn, pointsTable } from './attribute-index';

/** A loaded scorer module's per-card score functions (`<key>Score(record)`), as scorer.mjs exports them. */
export type CardScoreFunctions = Record<string, ((record: Record<string, unknown>) => number) | unknown>;

export interface CardColumns {
  scores: Float64Array;
  /** Each characteristic's attribute per row (unseen = its attribute count); null for a challenger card, which has none. */
  attributes: Uint16Array[] | null;
}

/**
 * Every row's score on a card. A points card: each characteristic's attribute through the
 * scorer's matching rules, points added in card order from the base points (the very sum
 * scorer.mjs computes). A challenger card: its scorer function row by row.
 */
export function cardColumns(card: BundleScorecard, columnOf: (name: string) => ColumnData, rows: number, scorer: CardScoreFunctions): CardColumns {
  if (!card.model) {
    const attributes = card.characteristics.map((c) => attributeColumn(c, columnOf(c.name)));
    const tables = card.characteristics.map(pointsTable);
    const scores = new Float64Array(rows).fill(card.basePoints);
    attributes.forEach((attr, k) => { const t = tables[k]!; for (let i = 0; i < rows; i++) scores[i] += t[attr[i]!]!; });
    return { scores, attributes };
  }
  const fn = scorer[`${card.key}Score`] as (r: Record<string, unknown>) => number;
  const names = card.model.encodings.map((e) => e.name);
  const cols = names.map(columnOf);
  const scores = new Float64Array(rows);
  const record: Record<string, unknown> = {};
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < names.length; j++) {
      const c = cols[j]!;
      record[names[j]!] = c.kind === 'f64' ? c.values[i] : c.codes[i]! < 0 ? null : c.dictionary[c.codes[i]!];
    }
    scores[i] = fn(record);
  }
  return { scores, attributes: null };
}

/** The probability of the card's event a score stands for: its PDO scaling undone (score = offset + s·factor·log-odds, s = −1 when higher is better). */
export function eventProbability(card: BundleScorecard, score: number): number {
  const sign = card.orientation === 'higher-is-better' ? -1 : 1;
  return 1 / (1 + Math.exp(-(score - card.offset) / (sign * card.factor)));
}
