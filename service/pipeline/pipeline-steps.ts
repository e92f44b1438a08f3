/**
 * The modeling pipeline of one dataset and target, as steps a modeler walks through: each step's
 * state (not done, done, or stale because an earlier step changed after it) and what it was
 * fitted on. Pure: the facts come from the stored artifacts; times are ISO strings.
 */
import { said, type Said } from '../../types/said';
import { saidInEnglish } from '../../i18n/phrase-said';

export type StepId = 'data' | 'samples' | 'binning' | 'selection' | 'model' | 'scorecard' | 'strategy' | 'export';
export type StepState = 'todo' | 'done' | 'stale';

export interface PipelineStep {
  id: StepId;
  state: StepState;
  /** What the step holds now, or what to do: as a code and parameters, and in English. */
  said: Said;
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
const step = (id: StepId, state: StepState, s: Said, at: string | null = null, staleBecause: StepId | null = null): PipelineStep => ({ id, state, said: s, detail: saidInEnglish(s), at, staleBecause });
const sampleRows = (counts: { sample: string; rows: number }[], name: string) => counts.find((c) => c.sample === name)?.rows ?? 0;

/** The first earlier step that changed after `at`, if any. */
function changedSince(at: string, earlier: [StepId, string | null][]): StepId | null {
  for (const [id, t] of earlier) if (t !== null && t > at) return id;
  return null;
}

export function pipelineSteps(f: PipelineFacts): PipelineStep[] {
  const steps: PipelineStep[] = [step('data', 'done', said('pipeline.data', { rows: f.dataset.rows, columns: f.dataset.columns }), f.dataset.createdAt)];
  const splitAt = f.split?.createdAt ?? null;
  steps.push(f.split ? step('samples', 'done', said('pipeline.samples', { train: sampleRows(f.split.counts, 'train'), test: sampleRows(f.split.counts, 'test'), oot: sampleRows(f.split.counts, 'oot') }), splitAt) : step('samples', 'todo', said('pipeline.samplesTodo')));

  const fitted = f.binnings.filter((b) => !b.stale);
  const bin = newest(fitted.length ? fitted : f.binnings, (b) => b.updatedAt);
  const binAt = bin?.updatedAt ?? null;
  if (!bin) steps.push(step('binning', 'todo', said('pipeline.binningTodo')));
  else {
    const because = bin.stale ? 'samples' : changedSince(bin.createdAt, [['samples', splitAt]]);
    steps.push(step('binning', because ? 'stale' : 'done', said('pipeline.binning', { variables: bin.variables, sample: bin.sample, event: bin.event }), binAt, because));
  }

  const selAt = f.selection?.createdAt ?? null;
  if (!f.selection) steps.push(step('selection', 'todo', said('pipeline.selectionTodo')));
  else {
    const because = changedSince(f.selection.createdAt, [['samples', splitAt], ['binning', binAt]]);
    steps.push(step('selection', because ? 'stale' : 'done', said('pipeline.selection', { selected: f.selection.selected }), selAt, because));
  }

  const model = newest(f.models, (m) => m.createdAt);
  if (!model) steps.push(step('model', 'todo', said('pipeline.modelTodo')));
  else {
    const because = changedSince(model.createdAt, [['samples', splitAt], ['binning', binAt], ['selection', selAt]]);
    steps.push(step('model', because ? 'stale' : 'done', model.testAuc !== null ? said('pipeline.modelAuc', { id: model.id, name: model.name, kind: model.kind, auc: model.testAuc.toFixed(4) }) : said('pipeline.model', { id: model.id, name: model.name, kind: model.kind }), model.createdAt, because));
  }

  const card = model ? newest(f.cards.filter((c) => c.modelId === model.id), (c) => c.createdAt) : null;
  const anyCard = newest(f.cards, (c) => c.createdAt);
  if (card) steps.push(step('scorecard', 'done', said('pipeline.scorecard', { id: card.id, model: model!.id }), card.createdAt));
  else if (anyCard) steps.push(step('scorecard', 'stale', said('pipeline.scorecardOlder', { id: anyCard.id, model: anyCard.modelId }), anyCard.createdAt, 'model'));
  else steps.push(step('scorecard', 'todo', said('pipeline.scorecardTodo')));

  const usedCard = card ?? anyCard;
  const strategy = usedCard ? newest(f.strategies.filter((s) => s.scorecardIds.includes(usedCard.id)), (s) => s.createdAt) : null;
  const anyStrategy = newest(f.strategies, (s) => s.createdAt);
  if (strategy && card) steps.push(step('strategy', 'done', said('pipeline.strategy', { id: strategy.id, name: strategy.name }), strategy.createdAt));
  else if (strategy || anyStrategy) { const s = (strategy ?? anyStrategy)!; steps.push(step('strategy', 'stale', said('pipeline.strategyOlder', { id: s.id }), s.createdAt, 'scorecard')); }
  else steps.push(step('strategy', 'todo', said('pipeline.strategyTodo')));

  const exported = model ? newest(f.exports.filter((e) => e.model === model.id), (e) => e.at) : null;
  const anyExport = newest(f.exports, (e) => e.at);
  if (exported) {
    const because = changedSince(exported.at, [['scorecard', card?.createdAt ?? null], ['strategy', strategy?.createdAt ?? null]]);
    steps.push(step('export', because ? 'stale' : 'done', said('pipeline.export', { out: exported.out }), exported.at, because));
  } else if (anyExport) steps.push(step('export', 'stale', said('pipeline.exportOlder', { out: anyExport.out }), anyExport.at, 'model'));
  else steps.push(step('export', 'todo', said('pipeline.exportTodo')));
  return steps;
}
