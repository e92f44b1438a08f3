import path from 'node:path';
import { previewImport } from '../../data/import/import-dataset';
import { JOIN_REPORT, type JoinResult } from '../../data/join/join-datasets';
import { latestArtifact } from '../../data/store/artifacts';
import { appendAudit } from '../../data/store/audit-log';
import { deleteDataset, getDataset, listDatasets, setParty, updateColumnRole } from '../../data/store/datasets';
import { loadProfile } from '../../data/store/profiles';
import { COLUMN_ROLES } from '../../types/columns';
import { AppError } from '../../types/errors';
import { pseudonymizeRequest } from '../pseudonymize-args';
import { RowViews } from '../rows-window';
import { writer, type Handlers, type ServiceContext } from '../service-context';
import { oneOf, str } from '../validate-args';

type DatasetMethods =
  | 'datasets.list' | 'datasets.get' | 'datasets.rows' | 'datasets.setRole' | 'datasets.delete' | 'datasets.setParty'
  | 'import.preview' | 'import.run' | 'profile.get' | 'pseudonymize.run' | 'join.run' | 'join.report';

/** Bringing data in (pseudonymize, import, join) and looking at it (rows, profiles, roles, parties). */
export function datasetsApi(ctx: ServiceContext): Pick<Handlers, DatasetMethods> {
  const rowViews = new RowViews();
  const detail = (workspace: string, dataset: string) => {
    const { chunkRows: _c, columnIds: _i, ...rest } = getDataset(ctx.db(workspace), str(dataset, 'dataset'));
    return rest;
  };
  return {
    'datasets.list': ({ workspace }) => listDatasets(ctx.db(workspace)),
    'datasets.get': ({ workspace, dataset }) => detail(workspace, dataset),
    'datasets.rows': ({ workspace, dataset, offset, limit, columns, view }) => rowViews.read(ctx.db(workspace), getDataset(ctx.db(workspace), str(dataset, 'dataset')), offset, limit, columns, view),
    'datasets.setRole': writer(({ workspace, dataset, column, role }) => {
      const r = oneOf(role, COLUMN_ROLES, 'role', 'The role')!;
      const d = ctx.db(workspace);
      d.transaction(() => { updateColumnRole(d, dataset, column, r); appendAudit(d, 'dataset.setRole', { dataset, column, role: r }); })();
      ctx.changed(workspace);
      return detail(workspace, dataset);
    }),
    'datasets.delete': writer(({ workspace, dataset }) => {
      const d = ctx.db(workspace);
      d.transaction(() => { deleteDataset(d, dataset); appendAudit(d, 'dataset.delete', { dataset }); })();
      ctx.changed(workspace);
      return listDatasets(d);
    }),
    'datasets.setParty': writer(({ workspace, dataset, party, column }) => {
      const name = str(party, 'party').trim();
      if (!name) throw new AppError('INVALID_ARGUMENT', 'The party name is empty.', { option: 'party', expected: 'a name such as lender or partner' });
      const d = ctx.db(workspace);
      d.transaction(() => {
        setParty(d, str(dataset, 'dataset'), name, column);
        appendAudit(d, 'dataset.setParty', { dataset, party: name, ...(column !== undefined ? { column } : {}) });
      })();
      ctx.changed(workspace);
      return detail(workspace, dataset);
    }),
    'import.preview': (args) => previewImport({ ...args, file: str(args.file, 'file') }),
    'import.run': ({ workspace, jobId, ...request }) => ctx.workspaceJob('import', workspace, { ...request, file: str(request.file, 'file') }, jobId),
    'profile.get': ({ workspace, dataset, target, event, jobId }) => {
      const d = ctx.db(workspace);
      const ds = getDataset(d, str(dataset, 'dataset'));
      const stored = loadProfile(d, ds.id, target ?? null);
      // Roles can change after profiling: a stored profile shows the current ones.
      const roles = new Map(ds.columns.map((c) => [c.name, c.role]));
      if (stored && (event === undefined || stored.event === event)) return { ...stored, columns: stored.columns.map((c) => ({ ...c, role: roles.get(c.name) ?? c.role })) };
      return ctx.runJob('profile', workspace, { dataset, target: target ?? null, ...(event !== undefined ? { event } : {}) }, jobId);
    },
    'pseudonymize.run': async ({ jobId, workspace, ...args }) => {
      const audit = workspace ? ctx.db(workspace) : null;
      const request = pseudonymizeRequest(args);
      const r = await ctx.runJob('pseudonymize', request.output, request, jobId);
      if (audit && workspace) {
        audit.transaction(() => appendAudit(audit, 'pseudonymize', {
          input: path.basename(r.input), inputSha256: r.inputSha256, output: path.basename(r.output), outputSha256: r.outputSha256,
          key: request.key, keyKind: r.keyKind, hash: r.hash, keyColumn: r.keyColumn, rows: r.rows, written: r.written, rejected: r.rejected, dropped: r.dropped, notPii: request.notPii ?? [],
        }))();
        ctx.changed(workspace);
      }
      return r;
    },
    'join.run': async ({ workspace, jobId, ...request }) => {
      const how = oneOf(request.how, ['inner', 'left'] as const, 'how', 'The join');
      const duplicates = oneOf(request.duplicates, ['refuse', 'first', 'last'] as const, 'duplicates', 'The duplicate-key policy');
      return ctx.workspaceJob('join', workspace, {
        ...request, ...(how ? { how } : {}), ...(duplicates ? { duplicates } : {}),
        left: str(request.left, 'left'), right: str(request.right, 'right'), on: str(request.on, 'on'), name: str(request.name, 'name'),
      }, jobId);
    },
    'join.report': ({ workspace, dataset }) => {
      const d = ctx.db(workspace);
      return latestArtifact<JoinResult>(d, JOIN_REPORT, getDataset(d, str(dataset, 'dataset')).id, 1)?.body ?? null;
    },
  };
}
