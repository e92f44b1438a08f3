import { listAudit, verifyAudit } from '../../data/store/audit-log';
import { pipelineStatus } from '../pipeline/pipeline-status';
import type { Handlers, ServiceContext } from '../service-context';
import { oneOf, str } from '../validate-args';
import { LOCALES } from '../../i18n/locales';
import { describeAudit } from './describe-audit';
import { exportAudit } from './export-audit';

type AuditMethods = 'audit.list' | 'audit.export' | 'audit.verify' | 'pipeline.status';

/** What was done to a workspace: the audit log, its export and verification, and the pipeline steps it implies. */
export function auditApi(ctx: ServiceContext): Pick<Handlers, AuditMethods> {
  return {
    'audit.list': ({ workspace, lang }) => {
      const l = oneOf(lang, LOCALES, 'lang', 'The language') ?? 'en';
      return listAudit(ctx.db(workspace)).map((e) => ({ ...e, summary: describeAudit(e, l) }));
    },
    'audit.export': ({ workspace, ...request }) => exportAudit(ctx.db(workspace), { ...request, out: str(request.out, 'out') }),
    'audit.verify': ({ workspace, anchor }) => verifyAudit(ctx.db(workspace), anchor),
    'pipeline.status': ({ workspace, dataset, target }) => pipelineStatus(ctx.call, () => listAudit(ctx.db(workspace)), workspace, str(dataset, 'dataset'), str(target, 'target')),
  };
}
