import { findArtifactById, listArtifactsOfKind } from '../../data/store/artifacts';
import type { Scorecard } from '../../types/scorecard';
import { loadScorecard, SCORECARD } from '../modeling/build-scorecard';
import { deleteScorecard } from '../modeling/manage-artifacts';
import { writer, type Handlers, type ServiceContext } from '../service-context';
import { id } from '../validate-args';

type ScorecardMethods = 'scorecard.build' | 'scorecard.get' | 'scorecard.list' | 'scorecard.delete';

/** Scorecards: points from a scorecard-LR model (a job), and the stored cards. */
export function scorecardApi(ctx: ServiceContext): Pick<Handlers, ScorecardMethods> {
  return {
    'scorecard.build': ({ workspace, jobId, ...request }) => ctx.workspaceJob('scorecard', workspace, { ...request, model: id(request.model, 'model') }, jobId),
    'scorecard.get': ({ workspace, scorecard }) => {
      const a = loadScorecard(ctx.db(workspace), id(scorecard, 'scorecard'));
      return { ...a.body, id: a.id };
    },
    'scorecard.list': ({ workspace }) => {
      const d = ctx.db(workspace);
      return listArtifactsOfKind(d, SCORECARD).map((a) => {
        const c = findArtifactById<Scorecard>(d, a.id)!.body;
        return { id: a.id, modelId: c.modelId, modelName: c.modelName, purpose: c.purpose, dataset: c.dataset, createdAt: a.createdAt };
      });
    },
    'scorecard.delete': writer(({ workspace, scorecard }) => { deleteScorecard(ctx.db(workspace), id(scorecard, 'scorecard')); ctx.changed(workspace); return { deleted: Number(scorecard) }; }),
  };
}
