import { AppError } from '../../types/errors';
import type { Handlers, ServiceContext } from '../service-context';
import { num, str } from '../validate-args';
import { sendTrialRequest, TrialServers } from './trial-servers';

type RtaMethods = 'rta.start' | 'rta.request' | 'rta.stop' | 'rta.list';

/** Trying a bundle with the reference RTA server on this machine. */
export function rtaApi(ctx: ServiceContext, servers: TrialServers): Pick<Handlers, RtaMethods> {
  return {
    'rta.start': ({ bundle, features, port }) => servers.start(str(bundle, 'bundle'), str(features, 'features'), port === undefined ? 0 : num(port, 'port')),
    'rta.request': (request) => {
      const port = num(request.port, 'port');
      // The app (browser mode, Electron) may only talk to the servers it started; the CLI names any server on purpose.
      if (ctx.options.mode !== 'cli' && ((request.host !== undefined && request.host !== '127.0.0.1') || !servers.serves(port))) {
        throw new AppError('INVALID_ARGUMENT', `The app sends bid requests only to the RTA servers it started (${servers.list().map((s) => s.port).join(', ') || 'none yet'}).`, { option: 'port', expected: 'the port of a server started here', got: `${request.host ?? '127.0.0.1'}:${String(request.port)}` });
      }
      return sendTrialRequest({ ...request, port });
    },
    'rta.stop': ({ server }) => servers.stop(str(server, 'server')),
    'rta.list': () => servers.list(),
  };
}
