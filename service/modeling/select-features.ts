import type { Database } from 'better-sqlite3';
import { appendAudit } from '../../data/store/audit-log';
import { findArtifactById, listArtifacts, saveArtifact } from '../../data/store/artifacts';
import { readColumn } from '../../data/store/column-chunks';
import { encodeFeatures, selectRows } from '../../models/features/encode';
import { fitLogistic } from '../../models/logistic/fit-logistic';
import { stabilityIndex } from '../../models/metrics/psi';
import { correlationMatrix } from '../../models/selection/correlation';
import { weightsOf } from './row-weights';
import { stepwise, type StepwiseOptions } from '../../models/selection/stepwise';
import { vifs } from '../../models/selection/vif';
import type { ColumnData } from '../../types/columns';
import { AppError } from '../../types/errors';
import { said, type Said } from '../../types/said';
import { saidInEnglish } from '../../i18n/phrase-said';
import type { FeatureEncoding } from '../../types/model';
import type { JobControls } from '../../types/progress';
import { targetOf } from '../binning/binning-inputs';
import { locateBinning } from '../binning/edit-binning';
import { loadTfBackend } from '../tf/load-backend';
import { parsePopulation, populationMask, sampleCodes } from './model-inputs';
import { outcomeColumns } from './leakage-guard';

export const SELECTION = 'selection';

export interface SelectRequest {
  dataset: string;
  target: string;
  event?: string;
  population?: string;
  /** The binning's sample (default: the one binning of the target). */
  binningSample?: string;
  minIv?: number;
  /** Drop a variable whose CSI between train and test or OOT exceeds this. */
  maxPsi?: number;
  /** Of two WOE variables correlated beyond this (|Pearson| on train), drop the lower-IV one. */
  maxCorrelation?: number;
  /** Drop the highest-VIF variable while any VIF exceeds this. */
  maxVif?: number;
  stepwise?: StepwiseOptions['direction'] | 'none';
  criterion?: StepwiseOptions['criterion'];
  /** Always kept / always dropped: manual choices win over every rule. */
  include?: string[];
  exclude?: string[];
}

export interface SelectionStep {
  step: 'manual' | 'outcome' | 'iv' | 'psi' | 'correlation' | 'vif' | 'stepwise';
  variable: string;
  action: 'drop' | 'add' | 'remove' | 'keep';
  value: number | null;
  /** Why, as a code and parameters; `reason` is the same in English. */
  said: Said;
  reason: string;
}
const selStep = (step: SelectionStep['step'], variable: string, action: SelectionStep['action'], value: number | null, s: Said): SelectionStep => ({ step, variable, action, value, said: s, reason: saidInEnglish(s) });

export interface SelectResult {
  dataset: string;
  target: string;
  event: string;
  selected: string[];
  steps: SelectionStep[];
  variables: { name: string; party: string | null; iv: number; psi: number | null; vif: number | null; selected: boolean }[];
  selectionId: number;
}

/** CSI of a WOE variable: its bins' (distinct WOE values') shares on train against another sample. */
function csi(train: Float64Array, other: Float64Array): number {
  const keys = [...new Set(train)].sort((a, b) => a - b);
  const share = (xs: Float64Array) => { const m = new Map<number, number>(); for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1); return keys.map((k) => (m.get(k) ?? 0) / Math.max(1, xs.length)); };
  return stabilityIndex(share(train), share(other));
}

/**
 * Feature selection on the WOE variables of the target's binning, fit on the train sample, as
 * toad's `selection.select` then stepwise: manual exclusions, IV below the threshold, CSI
 * between samples above it, pairwise correlation (the lower-IV one goes), VIF, then stepwise
 * logistic regression by AIC, BIC or p-value. Manual inclusions survive every rule. Each step
 * names the variable, the figure and the reason. Stored as a `selection` artifact.
 */
export async function selectFeatures(db: Database, req: SelectRequest, controls: JobControls): Promise<SelectResult> {
  await loadTfBackend();
  const { ds, set } = locateBinning(db, { dataset: req.dataset, target: req.target, ...(req.event !== undefined ? { event: req.event } : {}), ...(req.binningSample ? { sample: req.binningSample } : {}) });
  const target = targetOf(db, ds, req.target, set.event);
  const population = populationMask(db, ds, parsePopulation(req.population));
  const { codes } = sampleCodes(db, ds);
  const mask = (s: number) => Uint8Array.from(codes, (c, i) => (c === s && population[i] === 1 && target.flags[i] !== 255 ? 1 : 0));
  const train = mask(0), test = mask(1), oot = mask(2);
  const include = new Set(req.include ?? []), exclude = new Set(req.exclude ?? []);
  for (const v of [...include, ...exclude]) if (!set.variables.some((x) => x.name === v)) throw new AppError('NOT_FOUND', `The binning of '${req.target}' has no variable '${v}'.`, { column: v, expected: 'a binned variable' });
  const steps: SelectionStep[] = [];
  const encodings: FeatureEncoding[] = set.variables.map((v) => ({ kind: 'woe', name: v.name, party: v.party, spec: v.history[v.cursor]!, table: v.table }));
  const cache = new Map<string, ColumnData>();
  const { names, columns } = encodeFeatures(encodings, (n) => { let c = cache.get(n); if (!c) { c = readColumn(db, ds, n); cache.set(n, c); } return c; }, false);
  const trainCols = new Map(names.map((n, j) => [n, selectRows([columns[j]!], train)[0]!]));
  const iv = new Map(set.variables.map((v) => [v.name, v.table.iv]));
  const party = new Map(set.variables.map((v) => [v.name, v.party]));
  const psiOf = new Map<string, number | null>();
  const hasOther = test.some((x) => x === 1) || oot.some((x) => x === 1);
  names.forEach((n, j) => {
    if (!hasOther) { psiOf.set(n, null); return; }
    const others = [test, oot].filter((m) => m.some((x) => x === 1)).map((m) => csi(trainCols.get(n)!, selectRows([columns[j]!], m)[0]!));
    psiOf.set(n, Math.max(...others));
  });

  let alive = [...names].sort((a, b) => iv.get(b)! - iv.get(a)!);
  const drop = (v: string, s: SelectionStep) => { alive = alive.filter((x) => x !== v); steps.push(s); };
  for (const v of [...alive]) if (exclude.has(v)) drop(v, selStep('manual', v, 'drop', null, said('sel.manual')));
  const outcomes = new Set(outcomeColumns(ds, req.target));
  for (const v of [...alive]) if (outcomes.has(v) && !include.has(v)) drop(v, selStep('outcome', v, 'drop', null, said('sel.outcome')));
  const minIv = req.minIv ?? 0.02;
  for (const v of [...alive]) if (!include.has(v) && iv.get(v)! < minIv) drop(v, selStep('iv', v, 'drop', iv.get(v)!, said('sel.iv', { iv: iv.get(v)!.toFixed(4), min: minIv })));
  const maxPsi = req.maxPsi ?? 0.25;
  for (const v of [...alive]) { const p = psiOf.get(v); if (!include.has(v) && p !== null && p !== undefined && p > maxPsi) drop(v, selStep('psi', v, 'drop', p, said('sel.csi', { csi: p.toFixed(4), max: maxPsi }))); }
  controls.onProgress({ phase: 'select', done: 1, total: 4, message: 'correlation' });

  // A weighted binning's selection weighs the rows as its bins did: correlations, VIFs and the stepwise fits take the same weights.
  const weights = set.weight ? weightsOf(db, ds, set.weight, train) : null;
  const w = weights ? selectRows([weights.weight], train)[0]! : null;
  const maxCorr = req.maxCorrelation ?? 0.7;
  if (alive.length > 1) {
    const r = correlationMatrix(alive.map((v) => trainCols.get(v)!), w);
    const p = alive.length;
    const kept: number[] = [];
    const order = alive.map((_, k) => k).sort((a, b) => Number(include.has(alive[b]!)) - Number(include.has(alive[a]!)) || iv.get(alive[b]!)! - iv.get(alive[a]!)!);
    const gone = new Set<string>();
    for (const k of order) {
      const clash = kept.find((j) => Math.abs(r[k * p + j]!) > maxCorr);
      if (clash !== undefined && !include.has(alive[k]!)) { gone.add(alive[k]!); steps.push(selStep('correlation', alive[k]!, 'drop', r[k * p + clash]!, said('sel.correlation', { r: r[k * p + clash]!.toFixed(3), other: alive[clash]!, otherIv: iv.get(alive[clash]!)!.toFixed(4), iv: iv.get(alive[k]!)!.toFixed(4) }))); } else kept.push(k);
    }
    alive = alive.filter((v) => !gone.has(v));
  }
  const maxVif = req.maxVif ?? 10;
  const vifOf = new Map<string, number>();
  for (;;) {
    if (alive.length < 2) break;
    const v = vifs(correlationMatrix(alive.map((x) => trainCols.get(x)!), w), alive.length);
    alive.forEach((x, k) => vifOf.set(x, v[k]!));
    let worst = -1;
    v.forEach((x, k) => { if (!include.has(alive[k]!) && x > maxVif && (worst < 0 || x > v[worst]!)) worst = k; });
    if (worst < 0) break;
    drop(alive[worst]!, selStep('vif', alive[worst]!, 'drop', v[worst]!, said('sel.vif', { vif: v[worst]!.toFixed(2), max: maxVif })));
  }
  controls.onProgress({ phase: 'select', done: 2, total: 4, message: 'stepwise' });

  const direction = req.stepwise ?? 'both';
  if (direction !== 'none' && alive.length > 0) {
    const y = Uint8Array.from(selectRows([Float64Array.from(target.flags)], train)[0]!);
    let fits = 0;
    const result = stepwise(alive, (vars) => {
      if (controls.signal.aborted) throw new AppError('CANCELLED', 'Selection was cancelled.');
      const f = fitLogistic(vars, vars.map((v) => trainCols.get(v)!), y, w ? { weights: w } : {});
      controls.onProgress({ phase: 'stepwise', done: ++fits, total: 0, message: `${fits} models fitted` });
      return { aic: f.aic, bic: f.bic, pValues: new Map(f.terms.slice(1).map((t) => [t.name, t.pValue])) };
    }, { direction, criterion: req.criterion ?? 'aic', include: [...include] });
    for (const s of result.steps) steps.push(selStep('stepwise', s.variable, s.action, s.value, s.said));
    alive = result.selected;
  }
  const selected = new Set(alive);
  const variables = names.map((n) => ({ name: n, party: party.get(n) ?? null, iv: iv.get(n)!, psi: psiOf.get(n) ?? null, vif: vifOf.get(n) ?? null, selected: selected.has(n) })).sort((a, b) => b.iv - a.iv);
  const result = { dataset: ds.name, target: req.target, event: set.event, selected: alive, steps, variables };
  const createdAt = new Date().toISOString();
  let selectionId = 0;
  db.transaction(() => {
    selectionId = saveArtifact(db, { kind: SELECTION, schemaVersion: 1, datasetId: ds.id, name: `target=${req.target};event=${set.event}`, body: { ...result, request: req }, createdAt });
    appendAudit(db, 'select', { dataset: ds.name, target: req.target, selected: alive, dropped: steps.filter((s) => s.action === 'drop' || s.action === 'remove').length }, createdAt);
  })();
  return { ...result, selectionId };
}

const samePopulation = (a: string | undefined | null, b: string | undefined | null) => (a ?? '').replace(/\s+/g, '') === (b ?? '').replace(/\s+/g, '');

/** The newest stored selection for a dataset, target, event and population, or null. */
export function latestSelection(db: Database, datasetId: number, target: string, event: string, population: string | undefined): { id: number; selected: string[]; createdAt: string } | null {
  for (const a of listArtifacts(db, SELECTION, datasetId)) {
    if (a.name !== `target=${target};event=${event}`) continue;
    const full = findArtifactById<SelectResult & { request: SelectRequest }>(db, a.id);
    if (full && samePopulation(full.body.request.population, population)) return { id: a.id, selected: full.body.selected, createdAt: a.createdAt };
  }
  return null;
}
