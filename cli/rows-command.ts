import type { FilterOp, RowView } from '../service/contract';
import { checkKnown, list, number, one, required, UsageError } from './args';
import type { Shell } from './shell';
import { table } from './format';

const OPS: Record<string, FilterOp> = { '=': 'eq', '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', '~': 'contains' };

/** `--filter "age >= 30"`, `"purpose ~ car"`, `"DEBTINC missing"`, `"DEBTINC present"`. */
export function parseFilter(text: string): NonNullable<RowView['filter']> {
  const m = /^\s*(.+?)\s+(missing|present)\s*$/.exec(text);
  if (m) return { column: m[1]!, op: m[2] as FilterOp };
  const c = /^\s*(.+?)\s*(==|!=|<=|>=|=|<|>|~)\s*(.*?)\s*$/.exec(text);
  if (!c || !c[3]) throw new UsageError(`--filter expects "COLUMN OP VALUE" (OP one of = != < <= > >= ~) or "COLUMN missing|present"; got '${text}'`);
  return { column: c[1]!, op: OPS[c[2]!]!, value: c[3] };
}

/** `jointscore datasets rows`: a window of rows, filtered and sorted as the data grid shows them. */
export async function rowsCommand(sh: Shell): Promise<void> {
  const { service, args, print, tr } = sh;
  checkKnown(args, ['workspace', 'dataset', 'offset', 'limit', 'columns', 'sort', 'filter', 'matched-first']);
  const sort = one(args, 'sort');
  const filter = one(args, 'filter');
  const view: RowView = {
    ...(filter ? { filter: parseFilter(filter) } : {}),
    ...(sort ? { sort: { column: sort.replace(/:(asc|desc)$/, ''), descending: sort.endsWith(':desc') } } : {}),
    ...(args.booleans.has('matched-first') ? { matchedFirst: true } : {}),
  };
  const columns = list(one(args, 'columns'));
  const w = await service.call('datasets.rows', {
    workspace: required(args, 'workspace'), dataset: required(args, 'dataset'),
    offset: number(args, 'offset') ?? 0, limit: number(args, 'limit') ?? 20, ...(columns ? { columns } : {}), view,
  });
  const grid = table([tr.t('cli.h.row'), ...w.columns], Array.from({ length: w.rows }, (_, i) => [(w.rowNumbers?.[i] ?? w.offset + i) + 1, ...w.values.map((col) => col[i] ?? '∅')]));
  const counted = w.rows ? tr.t(filter ? 'cli.rows.windowFiltered' : 'cli.rows.window', { first: w.offset + 1, last: w.offset + w.rows, total: w.total }) : tr.t(filter ? 'cli.rows.noneFiltered' : 'cli.rows.none', { total: w.total });
  print(w, () => `${grid}\n${counted}`);
}
