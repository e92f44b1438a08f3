import type { ArgsOf, AuditEntry, Method, ResultOf } from '../contract';
import { strategyAxes } from '../../types/strategy';
import { pipelineSteps, type PipelineStep } from './pipeline-steps';

type Call = <M extends Method>(method: M, args: ArgsOf<M>) => Promise<ResultOf<M>>;

export interface PipelineStatus {
  dataset: string;
  target: string;
  steps: PipelineStep[];
}

/**
 * Gathers the facts of one dataset and target through the service's own calls and turns them into
 * steps. `auditEntries` reads the raw log (the export entries are all it needs: no sentences).
 */
export async function pipelineStatus(call: Call, auditEntries: () => AuditEntry[], workspace: string, dataset: string, target: string): Promise<PipelineStatus> {
  const ds = (await call('datasets.list', { workspace })).find((d) => d.name === dataset);
  const detail = await call('datasets.get', { workspace, dataset });
  const splits = await call('split.list', { workspace, dataset });
  const binnings = (await call('binning.list', { workspace, dataset })).filter((b) => b.target === target);
  const selection = await call('select.latest', { workspace, dataset, target }).catch(() => null);
  const models = (await call('model.list', { workspace, dataset })).filter((m) => m.target === target);
  const modelIds = new Set(models.map((m) => m.id));
  const cards = (await call('scorecard.list', { workspace })).filter((c) => modelIds.has(c.modelId));
  const cardIds = new Set(cards.map((c) => c.id));
  const strategies = [];
  for (const s of await call('strategy.list', { workspace })) {
    const body = await call('strategy.get', { workspace, strategy: s.id });
    const ids = strategyAxes(body).map((a) => a.scorecardId);
    if (ids.some((id) => cardIds.has(id))) strategies.push({ id: s.id, name: s.name, scorecardIds: ids, createdAt: s.createdAt });
  }
  const exports = auditEntries().filter((e) => e.action === 'export').flatMap((e) => {
    const p = e.params as { model?: number; strategy?: number | null; out?: string };
    return typeof p.model === 'number' && modelIds.has(p.model) ? [{ model: p.model, strategy: p.strategy ?? null, out: p.out ?? '', at: e.at }] : [];
  });
  const split = splits[0];
  const steps = pipelineSteps({
    dataset: { name: dataset, rows: detail.rows, columns: detail.columns.length, createdAt: ds?.createdAt ?? '' },
    split: split ? { createdAt: split.createdAt, counts: split.counts.map((c) => ({ sample: c.sample, rows: c.rows })) } : null,
    binnings: binnings.map((b) => ({ sample: b.sample, event: b.event, variables: b.variables, createdAt: b.createdAt, updatedAt: b.updatedAt, stale: b.stale })),
    selection: selection ? { createdAt: selection.createdAt, selected: selection.selected.length } : null,
    models: models.map((m) => ({ id: m.id, name: m.name, kind: m.kind, createdAt: m.createdAt, testAuc: m.metrics.test?.auc ?? null })),
    cards: cards.map((c) => ({ id: c.id, modelId: c.modelId, createdAt: c.createdAt })),
    strategies,
    exports,
  });
  return { dataset, target, steps };
}
