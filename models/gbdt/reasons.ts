/** An input's part in one row's score: its value as the row has it and its contribution to the log-odds of the event. */
export interface Contribution { input: string; value: string | number | null; contribution: number }

/**
 * The reasons a row scored as it did, for an adverse decision: the inputs that pushed it most
 * toward the adverse outcome, most first — toward the event for a credit model (going bad), away
 * from it for a targeting model (not responding). Inputs that pushed the other way are not reasons.
 */
export function adverseReasons(contributions: readonly Contribution[], purpose: 'credit' | 'targeting', top: number): Contribution[] {
  const sign = purpose === 'credit' ? 1 : -1;
  return contributions.filter((c) => sign * c.contribution > 0).sort((a, b) => sign * (b.contribution - a.contribution) || a.input.localeCompare(b.input)).slice(0, top);
}
