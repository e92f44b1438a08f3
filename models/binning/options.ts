import { BINNING_METHODS, MONOTONIC_TRENDS, TUNED_SETTINGS, type BinningOptions, type TunedSetting } from '../../types/binning';
import { AppError } from '../../types/errors';

/** The defaults, declared once: what a modeler gets from `jointscore bin` with no option. */
export const DEFAULT_BINNING_OPTIONS: Readonly<BinningOptions> = Object.freeze({
  method: 'optimal',
  monotonic: 'auto',
  maxBins: 8,
  minBinShare: 0.05,
  minBinEvents: 1,
  minBinNonEvents: 1,
  maxPrebins: 50,
  special: [],
  rareCategoryShare: 0.01,
  treeCriterion: 'gini',
  chiThreshold: 3.841,
  tune: ['monotonic', 'minBinShare'] as TunedSetting[],
  cvFolds: 5,
});

/** The tuned settings left once the user's explicit choices are taken out (theirs always win). */
function tunedSettings(given: Partial<BinningOptions>): TunedSetting[] {
  const base = given.tune ?? DEFAULT_BINNING_OPTIONS.tune;
  return base.filter((t) => (t === 'monotonic' ? given.monotonic === undefined || given.monotonic === 'auto' : given.minBinShare === undefined));
}

function bad(option: string, expected: string, got: unknown): AppError {
  return new AppError('INVALID_ARGUMENT', `Binning option ${option} must be ${expected}; got ${JSON.stringify(got)}.`, { expected, got: String(got) });
}

/** Fills in defaults and checks every option, with one exact message per case. */
export function binningOptions(given: Partial<BinningOptions> = {}): BinningOptions {
  const o: BinningOptions = { ...DEFAULT_BINNING_OPTIONS, special: [...DEFAULT_BINNING_OPTIONS.special], tune: [] };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) (o as unknown as Record<string, unknown>)[k] = v;
  if (!BINNING_METHODS.includes(o.method)) throw bad('method', BINNING_METHODS.join(' | '), o.method);
  if (!MONOTONIC_TRENDS.includes(o.monotonic)) throw bad('monotonic', MONOTONIC_TRENDS.join(' | '), o.monotonic);
  if (!Number.isInteger(o.maxBins) || o.maxBins < 2 || o.maxBins > 50) throw bad('maxBins', 'an integer from 2 to 50', o.maxBins);
  if (!Number.isInteger(o.maxPrebins) || o.maxPrebins < o.maxBins || o.maxPrebins > 100) throw bad('maxPrebins', `an integer from maxBins (${o.maxBins}) to 100`, o.maxPrebins);
  if (!(o.minBinShare >= 0 && o.minBinShare < 0.5)) throw bad('minBinShare', 'a share in [0, 0.5)', o.minBinShare);
  if (!Number.isInteger(o.minBinEvents) || o.minBinEvents < 0) throw bad('minBinEvents', 'a whole number ≥ 0', o.minBinEvents);
  if (!Number.isInteger(o.minBinNonEvents) || o.minBinNonEvents < 0) throw bad('minBinNonEvents', 'a whole number ≥ 0', o.minBinNonEvents);
  if (!Array.isArray(o.special) || !o.special.every((s) => typeof s === 'number' && Number.isFinite(s))) throw bad('special', 'a list of finite numbers', o.special);
  if (!(o.rareCategoryShare >= 0 && o.rareCategoryShare < 0.5)) throw bad('rareCategoryShare', 'a share in [0, 0.5)', o.rareCategoryShare);
  if (o.treeCriterion !== 'gini' && o.treeCriterion !== 'entropy') throw bad('treeCriterion', 'gini | entropy', o.treeCriterion);
  if (!(o.chiThreshold >= 0)) throw bad('chiThreshold', 'a number ≥ 0', o.chiThreshold);
  if (!Array.isArray(o.tune) || !o.tune.every((t) => TUNED_SETTINGS.includes(t))) throw bad('tune', `a list of ${TUNED_SETTINGS.join(', ')}`, o.tune);
  if (!Number.isInteger(o.cvFolds) || o.cvFolds < 2 || o.cvFolds > 20) throw bad('cvFolds', 'an integer from 2 to 20', o.cvFolds);
  o.tune = tunedSettings(given);
  o.special = [...new Set(o.special)].sort((a, b) => a - b);
  return o;
}
