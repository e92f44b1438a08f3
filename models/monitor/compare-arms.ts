/** One logged decision: the user (as the server looked them up), the model arm that decided, and whether it bid. */
export interface LoggedDecision {
  user: string;
  model: string;
  bid: boolean;
}

/** What became of a user later (null: not known). */
export interface UserOutcome {
  response: number | null;
  bad: number | null;
  value: number | null;
}

/** A rate with its 95% Wilson interval. */
export interface Rate {
  count: number;
  of: number;
  rate: number | null;
  lower: number | null;
  upper: number | null;
}

/** A mean with its 95% normal interval. */
export interface Mean {
  n: number;
  mean: number | null;
  lower: number | null;
  upper: number | null;
}

export interface ArmFigures {
  model: string;
  /** Distinct users the arm decided on (each user counted by their first logged decision). */
  users: number;
  bids: Rate;
  /** Among the users it bid on whose outcome is known: response, bad (among those with a credit outcome) and value per bid. */
  matched: number;
  response: Rate;
  bad: Rate;
  valuePerBid: Mean;
}

export interface ArmComparison {
  arms: ArmFigures[];
  /** Challenger minus champion, with a 95% interval (normal approximation; null when either side lacks the figure). */
  difference: { response: Mean; bad: Mean; valuePerBid: Mean } | null;
  decisions: number;
  /** Users whose logged decisions came from more than one arm (a reload changed the share): counted in their first. */
  switchedUsers: number;
}

const Z = 1.959963984540054;

export function wilson(count: number, of: number): Rate {
  if (of === 0) return { count, of, rate: null, lower: null, upper: null };
  const p = count / of, z2 = Z * Z;
  const centre = (p + z2 / (2 * of)) / (1 + z2 / of);
  const half = (Z * Math.sqrt((p * (1 - p)) / of + z2 / (4 * of * of))) / (1 + z2 / of);
  return { count, of, rate: p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

export function meanWithInterval(xs: readonly number[]): Mean {
  const n = xs.length;
  if (n === 0) return { n, mean: null, lower: null, upper: null };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)) : 0;
  return { n, mean, lower: mean - (Z * sd) / Math.sqrt(n), upper: mean + (Z * sd) / Math.sqrt(n) };
}

/** Difference of two means (or rates) with a 95% interval from their standard errors. */
function difference(a: { mean: number | null; se: number; n: number }, b: { mean: number | null; se: number; n: number }): Mean {
  if (a.mean === null || b.mean === null) return { n: a.n + b.n, mean: null, lower: null, upper: null };
  const d = a.mean - b.mean, se = Math.sqrt(a.se * a.se + b.se * b.se);
  return { n: a.n + b.n, mean: d, lower: d - Z * se, upper: d + Z * se };
}

const rateSe = (r: Rate) => ({ mean: r.rate, n: r.of, se: r.rate === null ? 0 : Math.sqrt((r.rate * (1 - r.rate)) / r.of) });

/**
 * Champion against challenger on logged decisions joined with later outcomes: per arm the users it
 * decided on, its bid rate, and among the users it bid on whose outcome is known the response
 * rate, the bad rate and the value per bid, each with a 95% interval; then challenger − champion.
 */
export function compareArms(decisions: readonly LoggedDecision[], outcomes: ReadonlyMap<string, UserOutcome>): ArmComparison {
  const first = new Map<string, LoggedDecision>();
  const armsOf = new Map<string, Set<string>>();
  for (const d of decisions) {
    if (!first.has(d.user)) first.set(d.user, d);
    let s = armsOf.get(d.user);
    if (!s) armsOf.set(d.user, (s = new Set()));
    s.add(d.model);
  }
  const models = [...new Set([...first.values()].map((d) => d.model))].sort((a, b) => (a === 'champion' ? -1 : b === 'champion' ? 1 : a.localeCompare(b)));
  const arms = models.map((model): ArmFigures => {
    const mine = [...first.values()].filter((d) => d.model === model);
    const bids = mine.filter((d) => d.bid);
    const known = bids.map((d) => outcomes.get(d.user)).filter((o): o is UserOutcome => o !== undefined);
    const responses = known.filter((o) => o.response !== null);
    const credit = known.filter((o) => o.bad !== null);
    const values = known.filter((o) => o.value !== null).map((o) => o.value!);
    return {
      model, users: mine.length, bids: wilson(bids.length, mine.length), matched: known.length,
      response: wilson(responses.filter((o) => o.response === 1).length, responses.length),
      bad: wilson(credit.filter((o) => o.bad === 1).length, credit.length),
      valuePerBid: meanWithInterval(values),
    };
  });
  const champion = arms.find((a) => a.model === 'champion'), challenger = arms.find((a) => a.model === 'challenger');
  const valueSe = (m: Mean) => ({ mean: m.mean, n: m.n, se: m.mean === null ? 0 : (m.upper! - m.mean) / Z });
  return {
    arms, decisions: decisions.length, switchedUsers: [...armsOf.values()].filter((s) => s.size > 1).length,
    difference: champion && challenger ? {
      response: difference(rateSe(challenger.response), rateSe(champion.response)),
      bad: difference(rateSe(challenger.bad), rateSe(champion.bad)),
      valuePerBid: difference(valueSe(challenger.valuePerBid), valueSe(champion.valuePerBid)),
    } : null,
  };
}
