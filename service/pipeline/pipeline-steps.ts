/**
 * The modeling pipeline of one dataset and target, as steps a modeler walks through: each step's
 * state (not done, done, or stale because an earlier step changed after it) and what it was
 * fitted on. Pure: the facts come from the stored artifacts; times are ISO strings.
 */
export type StepId = 'data' | 'samples' | 'binning' | 'selection' | 'model' | 'scorecard' | 'strategy' | 'export';
export type StepState = 'todo' | 'done' | 'stale';

export interface PipelineStep {
  id: StepId;
  state: StepState;
  /** What the step holds now, or what to do. */
  detail: string;
  /** Why it is stale: the earlier step that changed after it. */
  staleBecause: StepId | null;
  at: string | null;
}

export interface PipelineFacts {
  dataset: { name: string; rows: number; columns: number; createdAt: string };
  split: { createdAt: string; counts: { sample: string; rows: number }[] } | null;
  /** The binnings of the target, any event and sample. */
  binnings: { sample: string; event: string; variables: number; createdAt: string; updatedAt: string; stale: boolean }[];
  selection: { createdAt: string; selected: number } | null;
  /** The target's models, any kind. */
  models: { id: number; name: string; kind: string; createdAt: string; testAuc: number | null }[];
  cards: { id: number; modelId: number; createdAt: string }[];
  strategies: { id: number; name: string; scorecardIds: number[]; createdAt: string }[];
  exports: { model: number; strategy: number | null; out: string; at: string }[];
}

const newest = <T>(xs: T[], at: (x: T) => string): T | null => xs.reduce<T | null>((best, x) => (best === null || at(x) > at(best) ? x : best), null);
const step = (id: StepId, state: StepState, detail: string, at: string | null = null, staleBecause: StepId | null = null): PipelineStep => ({ id, state, detail, at, staleBecause });

/** The first earlier step that changed after `at`, if any. */
function changedSince(at: string, earlier: [StepId, string | null][]): StepId | null {
  for (const [id, t] of earlier) if (t !== null && t > at) return id;
  return null;
}

export function pipelineSteps(f: PipelineFacts): PipelineStep[] {
  const steps: PipelineStep[] = [step('data', 'done', `${f.dataset.rows.toLocaleString('en')} rows × ${f.dataset.columns} columns`, f.dataset.createdAt)];
  const splitAt = f.split?.createdAt ?? null;
  steps.push(f.split ? step('samples', 'done', f.split.counts.filter((c) => c.rows > 0).map((c) => `${c.sample} ${c.rows.toLocaleString('en')}`).join(' · '), splitAt) : step('samples', 'todo', 'split the rows (70/30 stratified) before binning'));

  const fitted = f.binnings.filter((b) => !b.stale);
  const bin = newest(fitted.length ? fitted : f.binnings, (b) => b.updatedAt);
  const binAt = bin?.updatedAt ?? null;
  if (!bin) steps.push(step('binning', 'todo', 'bin the variables on the train sample'));
  else {
    const because = bin.stale ? 'samples' : changedSince(bin.createdAt, [['samples', splitAt]]);
    steps.push(step('binning', because ? 'stale' : 'done', `${bin.variables} variables on the ${bin.sample} sample (event ${bin.event})`, binAt, because));
  }

  const selAt = f.selection?.createdAt ?? null;
  if (!f.selection) steps.push(step('selection', 'todo', 'select variables (IV, PSI, correlation, stepwise)'));
  else {
    const because = changedSince(f.selection.createdAt, [['samples', splitAt], ['binning', binAt]]);
    steps.push(step('selection', because ? 'stale' : 'done', `${f.selection.selected} variables selected`, selAt, because));
  }

  const model = newest(f.models, (m) => m.createdAt);
  if (!model) steps.push(step('model', 'todo', 'train a scorecard model (and challengers)'));
  else {
    const because = changedSince(model.createdAt, [['samples', splitAt], ['binning', binAt], ['selection', selAt]]);
    steps.push(step('model', because ? 'stale' : 'done', `model ${model.id} '${model.name}' (${model.kind})${model.testAuc !== null ? `, test AUC ${model.testAuc.toFixed(4)}` : ''}`, model.createdAt, because));
  }

  const card = model ? newest(f.cards.filter((c) => c.modelId === model.id), (c) => c.createdAt) : null;
  const anyCard = newest(f.cards, (c) => c.createdAt);
  if (card) steps.push(step('scorecard', 'done', `scorecard ${card.id} of model ${model!.id}`, card.createdAt));
  else if (anyCard) steps.push(step('scorecard', 'stale', `scorecard ${anyCard.id} is of an older model (${anyCard.modelId})`, anyCard.createdAt, 'model'));
  else steps.push(step('scorecard', 'todo', model && model.kind !== 'scorecard-lr' ? 'a scorecard needs a scorecard-lr model' : 'build the scorecard (points, cut-offs)'));

  const usedCard = card ?? anyCard;
  const strategy = usedCard ? newest(f.strategies.filter((s) => s.scorecardIds.includes(usedCard.id)), (s) => s.createdAt) : null;
  const anyStrategy = newest(f.strategies, (s) => s.createdAt);
  if (strategy && card) steps.push(step('strategy', 'done', `strategy ${strategy.id} '${strategy.name}'`, strategy.createdAt));
  else if (strategy || anyStrategy) { const s = (strategy ?? anyStrategy)!; steps.push(step('strategy', 'stale', `strategy ${s.id} uses an older scorecard`, s.createdAt, 'scorecard')); }
  else steps.push(step('strategy', 'todo', 'set a cut-off or a bid matrix'));

  const exported = model ? newest(f.exports.filter((e) => e.model === model.id), (e) => e.at) : null;
  const anyExport = newest(f.exports, (e) => e.at);
  if (exported) {
    const because = changedSince(exported.at, [['scorecard', card?.createdAt ?? null], ['strategy', strategy?.createdAt ?? null]]);
    steps.push(step('export', because ? 'stale' : 'done', `bundle ${exported.out}`, exported.at, because));
  } else if (anyExport) steps.push(step('export', 'stale', `bundle ${anyExport.out} is of an older model`, anyExport.at, 'model'));
  else steps.push(step('export', 'todo', 'export the bundle for the RTA service'));
  return steps;
}
