import path from 'node:path';
import type { Handlers, ServiceContext } from '../service-context';
import { writer } from '../service-context';
import { oneOf, str } from '../validate-args';
import { LOCALES } from '../../i18n/locales';
import { PERIOD_KINDS } from '../../models/monitor/periods';
import { checkThresholds, exportedBundles, lastRun, savedThresholds, saveThresholds } from './monitor-store';
import type { MonitorRequest } from './run-monitor';
import { AppError } from '../../types/errors';

type MonitorMethods = 'monitor.run' | 'monitor.compare' | 'monitor.thresholds' | 'monitor.setThresholds' | 'monitor.last' | 'monitor.bundles';

/** The request as the job takes it: paths resolved, options checked. */
function checkedRequest(a: MonitorRequest): MonitorRequest {
  if ((a.input === undefined) === (a.dataset === undefined)) throw new AppError('INVALID_ARGUMENT', 'Monitoring reads either a file (input) or a dataset of the workspace (dataset), one of the two.', { option: 'input', expected: 'a CSV file or WORKSPACE#DATASET' });
  return {
    bundle: path.resolve(str(a.bundle, 'bundle')), time: str(a.time, 'time'),
    ...(a.input !== undefined ? { input: path.resolve(str(a.input, 'input')) } : { dataset: str(a.dataset, 'dataset') }),
    ...(a.target !== undefined ? { target: str(a.target, 'target') } : {}), ...(a.event !== undefined ? { event: String(a.event) } : {}),
    ...(a.period !== undefined ? { period: oneOf(a.period, PERIOD_KINDS, 'period', 'The period')! } : {}),
    ...(a.baseline !== undefined && a.baseline !== 'train' ? { baseline: path.resolve(str(a.baseline, 'baseline')) } : {}),
    ...(a.report !== undefined ? { report: path.resolve(str(a.report, 'report')) } : {}),
    ...(a.lang !== undefined ? { lang: oneOf(a.lang, LOCALES, 'lang', 'The report language')! } : {}),
    ...(a.funnel !== undefined && a.funnel.length > 0 ? { funnel: a.funnel.map((s, k) => str(s, `funnel[${k}]`)) } : {}),
    ...(a.segment !== undefined && a.segment !== '' ? { segment: str(a.segment, 'segment') } : {}),
  };
}

/** Monitoring after go-live: a run per bundle and new rows (a job), the workspace's thresholds, its last run and its exported bundles. */
export function monitorApi(ctx: ServiceContext): Pick<Handlers, MonitorMethods> {
  return {
    'monitor.run': async ({ jobId, workspace, thresholds, ...a }) => {
      const req = checkedRequest(a);
      if (workspace === undefined) {
        if (req.dataset !== undefined) throw new AppError('INVALID_ARGUMENT', `A dataset ('${req.dataset}') is read from a workspace: give the workspace.`, { option: 'workspace', expected: 'a workspace file' });
        return ctx.runJob('monitor', req.report ?? req.input!, { ...req, thresholds: checkThresholds(thresholds ?? {}) }, jobId);
      }
      const base = savedThresholds(ctx.db(workspace));
      return ctx.workspaceJob('monitor', workspace, { ...req, thresholds: checkThresholds(thresholds ?? {}, base), save: true }, jobId);
    },
    'monitor.compare': ({ jobId, ...a }) => {
      const decisions = path.resolve(str(a.decisions, 'decisions'));
      return ctx.runJob('compare', decisions, {
        decisions, outcomes: path.resolve(str(a.outcomes, 'outcomes')),
        ...(a.id !== undefined ? { id: str(a.id, 'id') } : {}), ...(a.response !== undefined ? { response: str(a.response, 'response') } : {}),
        ...(a.bad !== undefined ? { bad: str(a.bad, 'bad') } : {}), ...(a.value !== undefined ? { value: str(a.value, 'value') } : {}),
      }, jobId);
    },
    'monitor.thresholds': ({ workspace }) => savedThresholds(ctx.db(workspace)),
    'monitor.setThresholds': writer(({ workspace, thresholds }) => {
      const r = saveThresholds(ctx.db(workspace), thresholds);
      ctx.changed(workspace);
      return r;
    }),
    'monitor.last': ({ workspace }) => lastRun(ctx.db(workspace)),
    'monitor.bundles': ({ workspace }) => exportedBundles(ctx.db(workspace)),
  };
}
