import type { ArgsOf, Method, ResultOf, ServiceEvent, ServiceEventName, ServiceEvents } from '../../service/contract';
import { AppError } from '../../types/errors';
import type { Transport } from './transport';

/** The typed client every screen uses: `call('datasets.list', { workspace })` is checked against the contract. */
export interface Client {
  readonly transport: Transport;
  call<M extends Method>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>>;
  on<E extends ServiceEventName>(event: E, cb: (payload: ServiceEvents[E]) => void): () => void;
}

export function createClient(transport: Transport): Client {
  return {
    transport,
    async call(method, args) {
      const r = await transport.call(method, args);
      if (!r.ok) throw AppError.fromWire(r.error);
      return r.value as never;
    },
    on(event, cb) {
      return transport.subscribe((e: ServiceEvent) => { if (e.event === event) cb(e.payload as never); });
    },
  };
}
