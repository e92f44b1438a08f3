import { buildCutoffStrategy, buildStrategy, decideStrategy, intentTiersReport, listStrategies, loadStrategy } from '../modeling/bid-strategy';
import { analyzeCutoffs } from '../modeling/cutoff-analysis';
import { funnelReport } from '../modeling/funnel-report';
import { deleteStrategy, renameStrategy } from '../modeling/manage-artifacts';
import { writer, type Handlers, type ServiceContext } from '../service-context';
import { id, num, str } from '../validate-args';

type StrategyMethods =
  | 'strategy.cutoffs' | 'strategy.funnel' | 'strategy.matrix' | 'strategy.cutoff' | 'strategy.decide'
  | 'strategy.get' | 'strategy.list' | 'strategy.rename' | 'strategy.delete' | 'strategy.tiers';

/** From scores to decisions: cut-offs, the funnel, the bid matrix, intent tiers. */
export function strategyApi(ctx: ServiceContext): Pick<Handlers, StrategyMethods> {
  const changed = <T>(workspace: string, result: T): T => { ctx.changed(workspace); return result; };
  return {
    'strategy.cutoffs': ({ workspace, ...request }) => analyzeCutoffs(ctx.db(workspace), { ...request, scorecard: id(request.scorecard, 'scorecard') }),
    'strategy.funnel': ({ workspace, ...request }) => funnelReport(ctx.db(workspace), { ...request, dataset: str(request.dataset, 'dataset'), stages: Array.isArray(request.stages) ? request.stages : [] }),
    'strategy.matrix': writer(({ workspace, ...request }) => changed(workspace, buildStrategy(ctx.db(workspace), { ...request, targeting: id(request.targeting, 'targeting'), credit: id(request.credit, 'credit') }))),
    'strategy.cutoff': writer(({ workspace, ...request }) => changed(workspace, buildCutoffStrategy(ctx.db(workspace), { ...request, scorecard: id(request.scorecard, 'scorecard'), cutoff: num(request.cutoff, 'cutoff') }))),
    'strategy.decide': writer(({ workspace, ...request }) => {
      const strategy = decideStrategy(ctx.db(workspace), { ...request, strategy: id(request.strategy, 'strategy') });
      return changed(workspace, { ...strategy, id: Number(request.strategy) });
    }),
    'strategy.get': ({ workspace, strategy }) => ({ ...loadStrategy(ctx.db(workspace), id(strategy, 'strategy')).strategy, id: Number(strategy) }),
    'strategy.list': ({ workspace }) => listStrategies(ctx.db(workspace)),
    'strategy.rename': writer(({ workspace, strategy, name }) => changed(workspace, renameStrategy(ctx.db(workspace), id(strategy, 'strategy'), name))),
    'strategy.delete': writer(({ workspace, strategy }) => { deleteStrategy(ctx.db(workspace), id(strategy, 'strategy')); return changed(workspace, { deleted: Number(strategy) }); }),
    'strategy.tiers': ({ workspace, ...request }) => intentTiersReport(ctx.db(workspace), { ...request, scorecard: id(request.scorecard, 'scorecard') }),
  };
}
