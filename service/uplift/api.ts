import { findArtifactById, listArtifacts, listArtifactsOfKind } from '../../data/store/artifacts';
import { getDataset } from '../../data/store/datasets';
import { AppError } from '../../types/errors';
import type { StoredUplift, UpliftSummary } from '../../types/uplift';
import { writer, type Handlers, type ServiceContext } from '../service-context';
import { exportOffers } from './export-offers';
import { id, str } from '../validate-args';
import { UPLIFT } from './fit-uplift';

type UpliftMethods = 'uplift.run' | 'uplift.list' | 'uplift.get' | 'uplift.export';

/** Uplift models of stock-customer campaigns: fitted as a job, listed, read back. */
export function upliftApi(ctx: ServiceContext): Pick<Handlers, UpliftMethods> {
  const stored = (workspace: string, upliftId: unknown): StoredUplift & { upliftId: number } => {
    const a = findArtifactById<StoredUplift>(ctx.db(workspace), id(upliftId, 'uplift'));
    if (!a || a.kind !== UPLIFT) throw new AppError('NOT_FOUND', `The workspace has no uplift model ${String(upliftId)}.`, { option: 'uplift', got: String(upliftId), expected: 'an uplift model id (jointscore uplift list)' });
    return { ...a.body, upliftId: a.id };
  };
  return {
    'uplift.run': ({ workspace, jobId, ...request }) => ctx.workspaceJob('uplift', workspace, { ...request, dataset: str(request.dataset, 'dataset'), target: str(request.target, 'target'), treatment: str(request.treatment, 'treatment') }, jobId),
    'uplift.list': ({ workspace, dataset }) => {
      const d = ctx.db(workspace);
      const rows = dataset ? listArtifacts(d, UPLIFT, getDataset(d, dataset).id) : listArtifactsOfKind(d, UPLIFT);
      return rows.map((a): UpliftSummary => {
        const u = findArtifactById<StoredUplift>(d, a.id)!.body;
        return { upliftId: a.id, name: u.name, dataset: u.dataset, target: u.target, treatment: u.treatment, channel: u.channel, method: u.method, learner: u.learner, arms: u.arms.length, createdAt: u.createdAt, bestQini: Math.max(...u.arms.map((x) => x.qini)) };
      });
    },
    'uplift.get': ({ workspace, uplift }) => stored(workspace, uplift),
    'uplift.export': writer(({ workspace, uplift, out, minBinRows }) => exportOffers(ctx.db(workspace), { uplift: stored(workspace, uplift).upliftId, out: str(out, 'out'), ...(minBinRows !== undefined ? { minBinRows } : {}) })),
  };
}
