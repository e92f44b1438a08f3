import type { BundleManifest } from '../../types/bundle';

/** Score histogram bands per card: this many equal bands over the card's score range. */
export const SCORE_BANDS = 20;

/** What one generation's requests are checked against: its inputs (categories known), and each card's score range. */
export interface DriftPlan {
  inputs: { name: string; known: Set<string> | null }[];
  cards: { key: 'targeting' | 'credit'; lo: number; hi: number }[];
}

/** The plan of a bundle: every input of the manifest, each card's range from scorecard.json. */
export function driftPlan(manifest: BundleManifest, ranges: readonly { key: 'targeting' | 'credit'; scoreRange: { min: number; max: number } }[]): DriftPlan {
  return {
    inputs: manifest.inputs.map((i) => ({ name: i.name, known: i.type === 'categorical' && i.allowedValues ? new Set(i.allowedValues) : null })),
    cards: ranges.map((c) => ({ key: c.key, lo: c.scoreRange.min, hi: c.scoreRange.max })),
  };
}
