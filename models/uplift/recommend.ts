import type { UpliftTier } from '../../types/uplift';

/** An arm's economics: take-up cost of the offer, cost of one contact. */
export interface ArmCost { offerCost: number; contactCost: number }

/**
 * The expected incremental value of giving a customer an arm: uplift × value of a response, less the
 * offer's cost when they take it up (probability p₀ + u) and the contact's cost.
 */
export function incrementalValue(uplift: number, controlRate: number, valuePerResponse: number, cost: ArmCost): number {
  const taken = Math.min(1, Math.max(0, controlRate + uplift));
  return uplift * valuePerResponse - taken * cost.offerCost - cost.contactCost;
}

/** The arm with the highest expected incremental value, or -1 (no offer) when none is worth more than nothing. */
export function bestArm(uplifts: readonly number[], controlRate: number, valuePerResponse: number, costs: readonly ArmCost[]): { arm: number; value: number } {
  let arm = -1, value = 0;
  uplifts.forEach((u, a) => {
    const v = incrementalValue(u, controlRate, valuePerResponse, costs[a]!);
    if (v > value) { arm = a; value = v; }
  });
  return { arm, value };
}

/**
 * A customer's tier from the mean predicted uplift over the arms (steadier than the best of several
 * noisy arms) and the response rate without an offer: persuadable at ≥ +threshold, do-not-disturb at
 * ≤ −threshold; otherwise a sure thing when they respond anyway at least `controlRate` (the control
 * group's rate), else a lost cause.
 */
export function tierOf(meanUplift: number, controlRate: number, t: { uplift: number; controlRate: number }): UpliftTier {
  if (meanUplift >= t.uplift) return 'persuadable';
  if (meanUplift <= -t.uplift) return 'do_not_disturb';
  return controlRate >= t.controlRate ? 'sure_thing' : 'lost_cause';
}
