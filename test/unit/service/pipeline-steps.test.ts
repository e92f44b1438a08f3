import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pipelineSteps, type PipelineFacts } from '../../../service/pipeline/pipeline-steps';

const t = (minute: number) => `2026-11-30T10:${String(minute).padStart(2, '0')}:00.000Z`;
const base: PipelineFacts = {
  dataset: { name: 'g', rows: 1000, columns: 21, createdAt: t(0) },
  split: null, binnings: [], selection: null, models: [], cards: [], strategies: [], exports: [],
};
const states = (f: PipelineFacts) => pipelineSteps(f).map((s) => `${s.id}:${s.state}${s.staleBecause ? `<${s.staleBecause}` : ''}`).join(' ');

describe('pipeline steps', () => {
  it('a fresh dataset has only its data done', () => {
    assert.equal(states(base), 'data:done samples:todo binning:todo selection:todo model:todo scorecard:todo strategy:todo export:todo');
  });

  it('marks each step stale when an earlier one changed after it, naming which', () => {
    const done: PipelineFacts = {
      ...base,
      split: { createdAt: t(1), counts: [{ sample: 'train', rows: 700 }, { sample: 'test', rows: 300 }] },
      binnings: [{ sample: 'train', event: '1', variables: 20, createdAt: t(2), updatedAt: t(2), stale: false }],
      selection: { createdAt: t(3), selected: 8 },
      models: [{ id: 5, name: 'm', kind: 'scorecard-lr', createdAt: t(4), testAuc: 0.8 }],
      cards: [{ id: 6, modelId: 5, createdAt: t(5) }],
      strategies: [{ id: 7, name: 's', scorecardIds: [6], createdAt: t(6) }],
      exports: [{ model: 5, strategy: 7, out: '/b', at: t(7) }],
    };
    assert.equal(states(done), 'data:done samples:done binning:done selection:done model:done scorecard:done strategy:done export:done');
    // An edited binning makes the selection and the model stale (and nothing before it).
    const edited = { ...done, binnings: [{ ...done.binnings[0]!, updatedAt: t(8) }] };
    assert.equal(states(edited), 'data:done samples:done binning:done selection:stale<binning model:stale<binning scorecard:done strategy:done export:done');
    // A new split after the binning: binning of every row of the old design is stale.
    const resplit = { ...done, split: { ...done.split!, createdAt: t(9) } };
    assert.match(states(resplit), /binning:stale<samples selection:stale<samples model:stale<samples/);
    // A newer model without a card: the old card is stale, so are the strategy and export that use it.
    const retrained = { ...done, models: [...done.models, { id: 9, name: 'm2', kind: 'scorecard-lr', createdAt: t(9), testAuc: 0.81 }] };
    assert.match(states(retrained), /scorecard:stale<model strategy:stale<scorecard export:stale<model/);
    // A rebuilt card after the export: export stale.
    const recarded = { ...done, cards: [...done.cards, { id: 10, modelId: 5, createdAt: t(9) }] };
    assert.match(states(recarded), /strategy:stale<scorecard export:stale<scorecard/);
  });

  it('a binning of every row fitted before the split counts as stale even when it is the only one', () => {
    const f = { ...base, split: { createdAt: t(1), counts: [] }, binnings: [{ sample: 'all', event: '1', variables: 3, createdAt: t(0), updatedAt: t(0), stale: true }] };
    assert.match(states(f), /binning:stale<samples/);
  });
});
