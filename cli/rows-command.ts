import type { Service } from '../service/create-service';
import type { FilterOp, RowView } from '../service/contract';
import { checkKnown, list, number, one, required, UsageError, type ParsedArgs } from './args';
import { table } from './format';

type Print = (value: unknown, text: () => string) => void;
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
export async function rowsCommand(service: Service, args: ParsedArgs, print: Print): Promise<void> {
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
  print(w, () => `${table(['row', ...w.columns], Array.from({ length: w.rows }, (_, i) => [(w.rowNumbers?.[i] ?? w.offset + i) + 1, ...w.values.map((col) => col[i] ?? '∅')]))}\n${w.rows ? `Rows ${w.offset + 1}–${w.offset + w.rows} of ${w.total.toLocaleString('en')}` : `No rows (of ${w.total.toLocaleString('en')})`}${filter ? ' passing the filter' : ''}.`);
}
