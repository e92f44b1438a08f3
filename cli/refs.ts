import type { Service } from '../service/create-service';
import { AppError } from '../types/errors';
import { one, UsageError, type ParsedArgs } from './args';

/**
 * Models, scorecards and strategies are named on the command line by id or by name: a model by
 * its name, a scorecard by its own id or by its model's name (that model's newest card), a
 * strategy by its name. The newest of several with one name wins.
 */
type Kind = 'model' | 'scorecard' | 'strategy';

async function candidates(service: Service, workspace: string, kind: Kind): Promise<{ id: number; name: string }[]> {
  if (kind === 'model') return (await service.call('model.list', { workspace })).map((m) => ({ id: m.id, name: m.name }));
  if (kind === 'scorecard') return (await service.call('scorecard.list', { workspace })).map((s) => ({ id: s.id, name: s.modelName }));
  return (await service.call('strategy.list', { workspace })).map((s) => ({ id: s.id, name: s.name }));
}

/** The id that `--flag` names (an id, or a name resolved in the workspace); undefined when the flag is absent. */
export async function optionalRef(service: Service, args: ParsedArgs, workspace: string, flag: string, kind: Kind): Promise<number | undefined> {
  const v = one(args, flag);
  if (v === undefined) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v);
  const all = await candidates(service, workspace, kind);
  const hit = all.find((c) => c.name === v);
  if (!hit) {
    const names = [...new Set(all.map((c) => c.name))];
    throw new AppError('NOT_FOUND', `No ${kind} named '${v}' in this workspace${names.length ? ` (${kind === 'scorecard' ? 'scorecards of the models' : `${kind}s`}: ${names.slice(0, 12).join(', ')})` : ''}.`, { option: flag, expected: `a ${kind} id or name`, got: v });
  }
  return hit.id;
}

/** As `optionalRef`, for a flag that must be given. */
export async function requiredRef(service: Service, args: ParsedArgs, workspace: string, flag: string, kind: Kind, what: string): Promise<number> {
  const id = await optionalRef(service, args, workspace, flag, kind);
  if (id === undefined) throw new UsageError(`--${flag} ID|NAME is required (${what})`);
  return id;
}
