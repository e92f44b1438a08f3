import path from 'node:path';
import { explainRows } from './explain-model';
import { modelDependence } from './model-dependence';
import { deleteArtifact, findArtifactById, listArtifacts, listArtifactsOfKind } from '../../data/store/artifacts';
import { appendAudit } from '../../data/store/audit-log';
import { getDataset } from '../../data/store/datasets';
import { AppError } from '../../types/errors';
import type { ModelSummary, StoredModel } from '../../types/model';
import { targetOf } from '../binning/binning-inputs';
import { writer, type Handlers, type ServiceContext } from '../service-context';
import { id, oneOf, str } from '../validate-args';
import type { Evaluation } from './evaluate-model';
import { renameModel } from './manage-artifacts';
import { latestSelection } from './select-features';
import { SPLIT, type SplitResult } from './split-dataset';
import { MODEL } from './train-model';
import { INFERENCE_METHODS } from '../../types/inference';

type ModelingMethods =
  | 'split.run' | 'split.list' | 'select.run' | 'select.latest'
  | 'model.train' | 'model.infer' | 'model.evaluate' | 'model.get' | 'model.list' | 'model.delete' | 'model.rename' | 'model.explain' | 'model.dependence';

export const MODEL_KINDS = ['scorecard-lr', 'logistic', 'mlp', 'gbdt'] as const;
export const PURPOSES = ['targeting', 'credit'] as const;

/** Samples, feature selection, training and evaluating models. */
export function modelingApi(ctx: ServiceContext): Pick<Handlers, ModelingMethods> {
  // A stored model scored on an unchanged dataset gives the same evaluation: comparing models reuses it.
  const evaluations = new Map<string, Evaluation>();
  const stored = (workspace: string, model: unknown): StoredModel & { id: number } => {
    const a = findArtifactById<StoredModel>(ctx.db(workspace), id(model, 'model'));
    if (!a || a.kind !== MODEL) throw new AppError('NOT_FOUND', `The workspace has no model ${String(model)}.`, { option: 'model', got: String(model), expected: 'a model id (jointscore models)' });
    return { ...a.body, id: a.id };
  };
  const list = (workspace: string, dataset?: string): ModelSummary[] => {
    const d = ctx.db(workspace);
    const onlyDataset = dataset ? getDataset(d, dataset).id : null;
    return listArtifactsOfKind(d, MODEL).filter((a) => onlyDataset === null || a.datasetId === onlyDataset).map((a): ModelSummary => {
      const m = findArtifactById<StoredModel>(d, a.id)!.body;
      return { id: a.id, name: m.name, dataset: m.dataset, purpose: m.purpose, kind: m.kind, target: m.target, population: m.population, backend: m.backend, features: m.features.length, createdAt: m.createdAt, metrics: m.metrics };
    });
  };
  return {
    'split.run': ({ workspace, jobId, ...request }) => ctx.workspaceJob('split', workspace, { ...request, dataset: str(request.dataset, 'dataset') }, jobId),
    'split.list': ({ workspace, dataset }) => {
      const d = ctx.db(workspace);
      const ds = getDataset(d, str(dataset, 'dataset'));
      return listArtifacts(d, SPLIT, ds.id).map((a) => {
        const body = findArtifactById<Omit<SplitResult, 'dataset' | 'column' | 'splitId'>>(d, a.id)!.body;
        return { ...body, dataset: ds.name, column: a.name, splitId: a.id, createdAt: a.createdAt };
      });
    },
    'select.latest': ({ workspace, dataset, target, event, population }) => {
      const d = ctx.db(workspace);
      const ds = getDataset(d, str(dataset, 'dataset'));
      const e = targetOf(d, ds, str(target, 'target'), event).event;
      const found = latestSelection(d, ds.id, target, e, population);
      return found ? { selectionId: found.id, selected: found.selected, createdAt: found.createdAt, event: e } : null;
    },
    'select.run': ({ workspace, jobId, ...request }) => ctx.workspaceJob('select', workspace, { ...request, dataset: str(request.dataset, 'dataset'), target: str(request.target, 'target') }, jobId),
    'model.train': async ({ workspace, jobId, ...request }) => {
      const model = oneOf(request.model, MODEL_KINDS, 'model', 'The model kind')!;
      const purpose = oneOf(request.purpose, PURPOSES, 'purpose', 'The purpose');
      return ctx.workspaceJob('train', workspace, { ...request, model, ...(purpose ? { purpose } : {}), dataset: str(request.dataset, 'dataset'), target: str(request.target, 'target') }, jobId);
    },
    'model.infer': ({ workspace, jobId, ...request }) => {
      const method = oneOf(request.method, INFERENCE_METHODS, 'method', 'The inference method');
      return ctx.workspaceJob('infer', workspace, { ...request, model: stored(workspace, request.model).id, ...(method ? { method } : {}) }, jobId);
    },
    'model.evaluate': async ({ workspace, jobId, model, dataset }) => {
      const m = stored(workspace, model);
      const ds = getDataset(ctx.db(workspace), dataset ?? m.dataset);
      const key = `${path.resolve(workspace)}|${m.id}|${m.createdAt}|${ds.id}|${ds.columns.map((c) => `${c.name}:${c.role}`).join(',')}`;
      const hit = evaluations.get(key);
      if (hit) return hit;
      const result = await ctx.runJob('evaluate', workspace, { model: m.id, ...(dataset ? { dataset } : {}) }, jobId);
      evaluations.set(key, result);
      if (evaluations.size > 32) evaluations.delete(evaluations.keys().next().value!);
      return result;
    },
    'model.get': ({ workspace, model }) => stored(workspace, model),
    'model.explain': ({ workspace, model, dataset, rows, top }) => {
      if (!Array.isArray(rows)) throw new AppError('INVALID_ARGUMENT', 'rows must be a list of row numbers.', { option: 'rows', expected: 'row numbers (from 1)', got: typeof rows });
      return explainRows(ctx.db(workspace), { model: stored(workspace, model).id, rows, ...(dataset !== undefined ? { dataset: str(dataset, 'dataset') } : {}), ...(top !== undefined ? { top } : {}) });
    },
    'model.dependence': ({ workspace, model, feature, points, rows }) => modelDependence(ctx.db(workspace), { model: stored(workspace, model).id, feature: str(feature, 'feature'), ...(points !== undefined ? { points } : {}), ...(rows !== undefined ? { rows } : {}) }),
    'model.list': ({ workspace, dataset }) => list(workspace, dataset),
    'model.delete': writer(({ workspace, model }) => {
      const m = stored(workspace, model);
      const d = ctx.db(workspace);
      const artifactName = findArtifactById<StoredModel>(d, m.id)!.name;
      d.transaction(() => { deleteArtifact(d, m.id); appendAudit(d, 'model.delete', { model: m.id, name: artifactName }); })();
      ctx.changed(workspace);
      return list(workspace);
    }),
    'model.rename': writer(({ workspace, model, name }) => { const r = renameModel(ctx.db(workspace), id(model, 'model'), name); ctx.changed(workspace); return r; }),
  };
}
