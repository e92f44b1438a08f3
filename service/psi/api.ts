import path from 'node:path';
import { keyKindOf } from '../../data/psi/read-ids';
import type { Handlers, ServiceContext } from '../service-context';
import { str } from '../validate-args';

type PsiMethods = 'psi.start' | 'psi.respond' | 'psi.finish' | 'psi.apply';

/** Where a step keeps its secret unless told: beside its output, `<out>.key`. */
const stateBeside = (out: string, given: string | undefined) => path.resolve(given ?? `${out}.key`);

/**
 * Private set intersection by exchanged files (ECDH over X25519): each step is a job writing its
 * files all or nothing; the job worker's helper thread blinds half of the elements.
 */
export function psiApi(ctx: ServiceContext): Pick<Handlers, PsiMethods> {
  return {
    'psi.start': ({ jobId, ...a }) => {
      const out = path.resolve(str(a.out, 'out'));
      return ctx.runJob('psi', out, { step: 'start', input: path.resolve(str(a.input, 'input')), key: str(a.key, 'key'), keyKind: keyKindOf(str(a.keyKind, 'keyKind')), out, secretOut: stateBeside(out, a.secretOut) }, jobId);
    },
    'psi.respond': ({ jobId, ...a }) => {
      const out = path.resolve(str(a.out, 'out'));
      return ctx.runJob('psi', out, { step: 'respond', request: path.resolve(str(a.request, 'request')), input: path.resolve(str(a.input, 'input')), key: str(a.key, 'key'), keyKind: keyKindOf(str(a.keyKind, 'keyKind')), out, secretOut: stateBeside(out, a.secretOut) }, jobId);
    },
    'psi.finish': ({ jobId, ...a }) => {
      const out = path.resolve(str(a.out, 'out'));
      return ctx.runJob('psi', out, { step: 'finish', state: path.resolve(str(a.state, 'state')), response: path.resolve(str(a.response, 'response')), out, ...(a.revealOut ? { revealOut: path.resolve(a.revealOut) } : {}) }, jobId);
    },
    'psi.apply': ({ jobId, ...a }) => {
      const out = path.resolve(str(a.out, 'out'));
      return ctx.runJob('psi', out, {
        step: 'apply', state: path.resolve(str(a.state, 'state')), input: path.resolve(str(a.input, 'input')), out,
        ...(a.matches ? { matches: path.resolve(a.matches) } : {}), ...(a.reveal ? { reveal: path.resolve(a.reveal) } : {}), ...(a.tokenColumn ? { tokenColumn: a.tokenColumn } : {}), ...(a.allRows ? { allRows: true } : {}),
      }, jobId);
    },
  };
}
