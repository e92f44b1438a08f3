import { saidInEnglish } from '../../i18n/phrase-said';
import { said, type Said } from '../../types/said';

/** What a candidate model says about itself. */
export interface FitSummary {
  aic: number;
  bic: number;
  /** p-value of each variable's coefficient. */
  pValues: Map<string, number>;
}

export interface StepwiseOptions {
  direction: 'forward' | 'backward' | 'both';
  criterion: 'aic' | 'bic' | 'p';
  /** With criterion p: enter below pEnter, leave above pRemove. */
  pEnter?: number;
  pRemove?: number;
  /** Variables always in the model. */
  include?: readonly string[];
  maxSteps?: number;
}

export interface StepwiseStep {
  action: 'add' | 'remove';
  variable: string;
  /** The criterion after the step (AIC, BIC) or the variable's p-value (p). */
  value: number;
  said: Said;
  reason: string;
}
const stepOf = (action: 'add' | 'remove', variable: string, value: number, s: Said): StepwiseStep => ({ action, variable, value, said: s, reason: saidInEnglish(s) });

/**
 * Stepwise selection (forward, backward or both) by AIC, BIC or p-values, as SAS's and toad's
 * stepwise: each step adds the candidate that improves the criterion most (or has the smallest
 * p-value below pEnter) or removes the one whose removal improves it most (or has the largest
 * p-value above pRemove); included variables never leave. `fit` fits the model on a variable set.
 */
export function stepwise(candidates: readonly string[], fit: (vars: string[]) => FitSummary, o: StepwiseOptions): { selected: string[]; steps: StepwiseStep[] } {
  const include = new Set(o.include ?? []);
  const pEnter = o.pEnter ?? 0.05, pRemove = o.pRemove ?? 0.1;
  const score = (f: FitSummary) => (o.criterion === 'bic' ? f.bic : f.aic);
  let current = o.direction === 'backward' ? [...candidates] : candidates.filter((c) => include.has(c));
  for (const c of include) if (!current.includes(c)) current.push(c);
  let currentFit = fit(current);
  const steps: StepwiseStep[] = [];
  const maxSteps = o.maxSteps ?? 4 * candidates.length + 10;
  const label = o.criterion.toUpperCase();

  const tryRemove = (): boolean => {
    const removable = current.filter((v) => !include.has(v));
    if (removable.length === 0) return false;
    if (o.criterion === 'p') {
      const worst = removable.reduce((a, b) => ((currentFit.pValues.get(b) ?? 0) > (currentFit.pValues.get(a) ?? 0) ? b : a));
      const p = currentFit.pValues.get(worst) ?? 0;
      if (p <= pRemove) return false;
      current = current.filter((v) => v !== worst);
      currentFit = fit(current);
      steps.push(stepOf('remove', worst, p, said('sel.pRemove', { p: p.toFixed(4), max: pRemove })));
      return true;
    }
    let best: { v: string; f: FitSummary } | null = null;
    for (const v of removable) {
      const f = fit(current.filter((x) => x !== v));
      if (!best || score(f) < score(best.f)) best = { v, f };
    }
    if (!best || score(best.f) >= score(currentFit) - 1e-9) return false;
    steps.push(stepOf('remove', best.v, score(best.f), said('sel.criterionRemove', { criterion: label, from: score(currentFit).toFixed(2), to: score(best.f).toFixed(2) })));
    current = current.filter((x) => x !== best!.v);
    currentFit = best.f;
    return true;
  };

  const tryAdd = (): boolean => {
    const pool = candidates.filter((c) => !current.includes(c));
    let best: { v: string; f: FitSummary; p: number } | null = null;
    for (const v of pool) {
      const f = fit([...current, v]);
      const p = f.pValues.get(v) ?? 1;
      const better = !best || (o.criterion === 'p' ? p < best.p : score(f) < score(best.f));
      if (better) best = { v, f, p };
    }
    if (!best) return false;
    if (o.criterion === 'p' ? best.p >= pEnter : score(best.f) >= score(currentFit) - 1e-9) return false;
    steps.push(o.criterion === 'p'
      ? stepOf('add', best.v, best.p, said('sel.pEnter', { p: best.p.toFixed(4), max: pEnter }))
      : stepOf('add', best.v, score(best.f), said('sel.criterionAdd', { criterion: label, from: score(currentFit).toFixed(2), to: score(best.f).toFixed(2) })));
    current = [...current, best.v];
    currentFit = best.f;
    return true;
  };

  for (let k = 0; k < maxSteps; k++) {
    if (o.direction === 'backward') { if (!tryRemove()) break; continue; }
    const added = tryAdd();
    let removed = false;
    if (o.direction === 'both') while (tryRemove()) removed = true;
    if (!added && !removed) break;
  }
  return { selected: current, steps };
}
