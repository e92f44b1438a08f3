import path from 'node:path';
import type { Handlers, ServiceContext } from '../service-context';
import { signingKey } from '../signing/signing-key';
import { id, oneOf, str } from '../validate-args';
import { LOCALES } from '../../i18n/locales';

type ExportMethods = 'export.bundle' | 'export.score';

/** The signed bundle the RTA service runs, and scoring a file with one. */
export function exportApi(ctx: ServiceContext): Pick<Handlers, ExportMethods> {
  return {
    'export.bundle': async ({ workspace, ...request }) => {
      const key = signingKey(ctx.options.settingsDir);
      return ctx.workspaceJob('export', workspace, {
        ...request, model: id(request.model, 'model'), ...(request.strategy !== undefined ? { strategy: id(request.strategy, 'strategy') } : {}),
        out: path.resolve(str(request.out, 'out')), ...(request.partnerOut !== undefined ? { partnerOut: path.resolve(str(request.partnerOut, 'partnerOut')) } : {}), signingKeyFile: key.file, ...(request.lang !== undefined ? { lang: oneOf(request.lang, LOCALES, 'lang', 'The report language')! } : {}),
      });
    },
    'export.score': ({ jobId, ...request }) => {
      const out = path.resolve(str(request.out, 'out'));
      return ctx.runJob('score', out, { ...request, bundle: path.resolve(str(request.bundle, 'bundle')), input: path.resolve(str(request.input, 'input')), out }, jobId);
    },
  };
}
