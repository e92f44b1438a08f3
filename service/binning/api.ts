import path from 'node:path';
import { deleteArtifact, listArtifacts } from '../../data/store/artifacts';
import { appendAudit } from '../../data/store/audit-log';
import { BINNING, findBinning, parseBinningName } from '../../data/store/binnings';
import { getDataset } from '../../data/store/datasets';
import { AppError } from '../../types/errors';
import type { BinningSummary } from '../contract';
import { writer, type Handlers, type ServiceContext } from '../service-context';
import { str } from '../validate-args';
import { BinningStatsCache, editBinning, isStaleBinning, locateBinning, prepareBinningEdit } from './edit-binning';

type BinningMethods = 'binning.run' | 'binning.list' | 'binning.get' | 'binning.delete' | 'binning.edit' | 'binning.prepare' | 'binning.woe';

/** Binning variables against a target, editing bins by hand, and writing WOE datasets. */
export function binningApi(ctx: ServiceContext): Pick<Handlers, BinningMethods> {
  const stats = new BinningStatsCache();
  const list = (workspace: string, dataset: string): BinningSummary[] => {
    const d = ctx.db(workspace);
    const ds = getDataset(d, str(dataset, 'dataset'));
    return listArtifacts(d, BINNING, ds.id).map((a) => {
      const { target, event, sample } = parseBinningName(a.name);
      const { set } = findBinning(d, ds, target, event, sample)!;
      return { dataset: ds.name, target: set.target, event: set.event, sample: set.sample, variables: set.variables.length, createdAt: set.createdAt, updatedAt: set.updatedAt, stale: isStaleBinning(ds, set.sample) };
    });
  };
  return {
    'binning.run': ({ workspace, jobId, ...request }) => ctx.workspaceJob('bin', workspace, { ...request, dataset: str(request.dataset, 'dataset'), target: str(request.target, 'target') }, jobId),
    'binning.list': ({ workspace, dataset }) => list(workspace, dataset),
    'binning.delete': writer(({ workspace, dataset, target, event, sample }) => {
      const d = ctx.db(workspace);
      const ds = getDataset(d, str(dataset, 'dataset'));
      const found = findBinning(d, ds, str(target, 'target'), str(event, 'event'), str(sample, 'sample'));
      if (!found) throw new AppError('NOT_FOUND', `Dataset '${ds.name}' has no binning of '${target}' = ${event} on sample ${sample}.`, { column: target, expected: 'a stored binning', got: `${event} / ${sample}` });
      d.transaction(() => {
        deleteArtifact(d, found.id);
        appendAudit(d, 'binning.delete', { dataset: ds.name, target, event, sample });
      })();
      ctx.changed(workspace);
      return list(workspace, dataset);
    }),
    'binning.get': ({ workspace, ...ref }) => locateBinning(ctx.db(workspace), { ...ref, dataset: str(ref.dataset, 'dataset'), target: str(ref.target, 'target') }).set,
    'binning.edit': writer(({ workspace, ...req }) => {
      const result = editBinning(ctx.db(workspace), path.resolve(workspace), { ...req, dataset: str(req.dataset, 'dataset'), target: str(req.target, 'target'), variable: str(req.variable, 'variable') }, stats);
      ctx.changed(workspace);
      return result;
    }),
    'binning.prepare': ({ workspace, ...req }) => prepareBinningEdit(ctx.db(workspace), path.resolve(workspace), { ...req, dataset: str(req.dataset, 'dataset'), target: str(req.target, 'target'), variable: str(req.variable, 'variable') }, stats),
    'binning.woe': ({ workspace, jobId, ...request }) => ctx.workspaceJob('woe', workspace, { ...request, dataset: str(request.dataset, 'dataset'), target: str(request.target, 'target'), name: str(request.name, 'name') }, jobId),
  };
}
