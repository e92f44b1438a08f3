import type { AuditEntry } from '../../data/store/audit-log';

type Params = Record<string, unknown>;
const s = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
const n = (v: unknown) => (typeof v === 'number' ? v.toLocaleString('en') : s(v));
const list = (v: unknown, max = 6) => {
  if (!Array.isArray(v)) return s(v);
  const names = v.map(s);
  return names.length > max ? `${names.slice(0, max).join(', ')} and ${names.length - max} more` : names.join(', ');
};
const binning = (p: Params) => `'${s(p.dataset)}' → ${s(p.target)} = ${s(p.event)} (${s(p.sample)} sample)`;

/** A manual bin edit in words: merge bin 2, split at 35, cuts 20, 40, move 'A43' to group 1, undo. */
function binEdit(a: unknown): string {
  if (!a || typeof a !== 'object') return s(a);
  const e = a as Params;
  switch (e.op) {
    case 'merge': return `merge bin ${s(e.bin)} with the next`;
    case 'split': return `split at ${s(e.value)}`;
    case 'cuts': return `cuts ${list(e.cuts, 12)}`;
    case 'move': return `move '${s(e.category)}' to ${e.toGroup === 'new' ? 'a new group' : `group ${s(e.toGroup)}`}`;
    case 'groups': return `${Array.isArray(e.groups) ? e.groups.length : 0} category groups`;
    case 'refit': return `refit${e.method ? ` (${s(e.method)})` : ''}`;
    default: return s(e.op);
  }
}

/** One sentence per kind of entry: what changed — which dataset, variable, model, strategy or file. */
const DESCRIBE: Record<string, (p: Params) => string> = {
  'workspace.create': (p) => `Created workspace ${s(p.name)} (schema v${s(p.version)})`,
  import: (p) => `Imported ${s(p.file)} (sha256 ${s(p.sha256).slice(0, 12)}…) as '${s(p.dataset)}': ${n(p.rows)} rows, party ${s(p.party)}${Array.isArray(p.dropped) && p.dropped.length ? `; dropped ${list(p.dropped)}` : ''}${Array.isArray(p.hashed) && p.hashed.length ? `; hashed ${list(p.hashed)}` : ''}`,
  'dataset.setRole': (p) => `Set the role of ${s(p.column)} in '${s(p.dataset)}' to ${s(p.role)}${p.reason ? ` (${s(p.reason)})` : ''}`,
  'dataset.setParty': (p) => `Set the party of ${p.column ? `${s(p.column)} in ` : ''}'${s(p.dataset)}' to ${s(p.party)}`,
  'dataset.delete': (p) => `Deleted dataset '${s(p.dataset)}'`,
  pseudonymize: (p) => `Pseudonymized ${s(p.input)} → ${s(p.output)} (key ${s(p.key)}, ${s(p.keyKind)}${p.rows !== undefined ? `, ${n(p.rows)} rows` : ''})`,
  join: (p) => `Joined '${s(p.left)}' and '${s(p.right)}' on ${s(p.on)} (${s(p.how)}) into '${s(p.name)}': ${n(p.matched)} of ${n(p.rows)} rows matched`,
  split: (p) => `Designed samples of '${s(p.dataset)}' (${s(p.method)}) in column ${s(p.column)}: ${Array.isArray(p.counts) ? (p.counts as [string, number][]).filter(([, c]) => c > 0).map(([k, c]) => `${k} ${n(c)}`).join(', ') : ''}`,
  bin: (p) => `Binned ${n(p.variables)} variables of ${binning(p)}`,
  'bin.edit': (p) => `Edited the bins of ${s(p.variable)} (${binEdit(p.action)}) in the binning of ${binning(p)}`,
  'binning.delete': (p) => `Deleted the binning of ${binning(p)}`,
  woe: (p) => `Wrote the WOE of ${n(p.variables)} variables as dataset '${s(p.name)}' from the binning of ${binning(p.binning as Params)}`,
  select: (p) => `Selected ${Array.isArray(p.selected) ? p.selected.length : 0} variables of '${s(p.dataset)}' for ${s(p.target)} (${n(p.dropped)} dropped): ${list(p.selected)}`,
  train: (p) => `Trained model ${s(p.model)} '${s(p.name)}' (${s(p.kind)}, ${s(p.purpose)}) on '${s(p.dataset)}' → ${s(p.target)} = ${s(p.event)}${p.population ? ` where ${s(p.population)}` : ''}, ${Array.isArray(p.features) ? p.features.length : 0} inputs${Array.isArray(p.allowedDespiteLeakage) && p.allowedDespiteLeakage.length ? `; kept despite a leakage warning: ${list(p.allowedDespiteLeakage)}` : ''}`,
  'model.delete': (p) => `Deleted model ${s(p.model)} '${s(p.name)}'`,
  'model.rename': (p) => `Renamed model ${s(p.model)} from '${s(p.from)}' to '${s(p.to)}'`,
  'scorecard.delete': (p) => `Deleted scorecard ${s(p.scorecard)} of model ${s(p.model)}`,
  'strategy.rename': (p) => `Renamed strategy ${s(p.strategy)} from '${s(p.from)}' to '${s(p.to)}'`,
  'strategy.delete': (p) => `Deleted strategy ${s(p.strategy)} '${s(p.name)}'`,
  scorecard: (p) => `Built scorecard ${s(p.scorecard)} of model ${s(p.model)}${p.scoreRange && typeof p.scoreRange === 'object' ? `: scores ${Math.round(Number((p.scoreRange as Params).min))}–${Math.round(Number((p.scoreRange as Params).max))}` : ''}`,
  strategy: (p) => (p.kind === 'cutoff'
    ? `Built cut-off strategy ${s(p.strategy)} '${s(p.name)}' on scorecard ${s(p.scorecard)}: pass ${p.pass === 'above' ? '≥' : '<'} ${s(p.cutoff)} (${s(p.sample)} sample)`
    : `Built strategy ${s(p.strategy)}${p.name ? ` '${s(p.name)}'` : ''}: targeting scorecard ${s(p.targeting)} × credit scorecard ${s(p.credit)} (${s(p.sample)} sample)`),
  'strategy.decide': (p) => `Changed strategy ${s(p.strategy)}: ${Array.isArray(p.cells) ? (p.cells as Params[]).map((c) => `cell ${s(c.t)},${s(c.c)} ${s(c.action)}${c.action === 'bid' && c.coefficient !== undefined ? ` ×${s(c.coefficient)}` : ''}`).join('; ') : ''}${p.defaultDecision ? `${Array.isArray(p.cells) && p.cells.length ? '; ' : ''}unscored users ${s((p.defaultDecision as Params).action)}` : ''}`,
  export: (p) => `Exported model ${s(p.model)}${p.strategy !== null && p.strategy !== undefined ? ` with strategy ${s(p.strategy)}` : ''} to ${s(p.out)} (${Array.isArray(p.files) ? p.files.length : 0} files; bins of at least ${s(p.minBinRows)} rows)`,
};

/** What an audit entry changed, in one sentence; an unknown kind of entry names its action and parameters. */
export function describeAudit(e: Pick<AuditEntry, 'action' | 'params'>): string {
  const p = (e.params && typeof e.params === 'object' ? e.params : {}) as Params;
  const describe = DESCRIBE[e.action];
  if (describe) {
    try { return describe(p); } catch { /* a malformed entry falls through to its raw form */ }
  }
  return `${e.action} ${JSON.stringify(e.params)}`.slice(0, 300);
}

/** The actions that have a sentence of their own. */
export const DESCRIBED_ACTIONS: readonly string[] = Object.keys(DESCRIBE);
