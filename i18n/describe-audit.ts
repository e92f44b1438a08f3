import type { MessageKey, Translator } from './translate';
import { codeWord } from './code-word';

type Params = Record<string, unknown>;
type T = Translator['t'];

const s = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/**
 * What an audit entry changed, in one sentence of the reader's language: which dataset, variable,
 * model, strategy or file. The entry holds codes and parameters; the sentence is made here, at the
 * edge, for the screen, the CLI or an export.
 */
export function describeAuditEntry(e: { action: string; params: unknown }, tr: Translator): string {
  const p = (e.params && typeof e.params === 'object' ? e.params : {}) as Params;
  const describe = DESCRIBE[e.action];
  if (describe) {
    try { return describe(p, tr); } catch { /* a malformed entry falls through to its raw form */ }
  }
  return `${e.action} ${JSON.stringify(e.params)}`.slice(0, 300);
}

const list = (tr: Translator, v: unknown, max = 6) => {
  if (!Array.isArray(v)) return s(v);
  const names = v.map(s);
  return names.length > max ? tr.t('audit.d.more', { names: names.slice(0, max).join(', '), more: names.length - max }) : names.join(', ');
};
const num = (tr: Translator, v: unknown) => (typeof v === 'number' ? tr.num(v) : s(v));
/** A sample's name in the reader's language (train, test, oot, all), else as stored. */
const sample = (v: unknown, t: T) => { const x = s(v); return x === 'train' || x === 'test' || x === 'oot' || x === 'all' ? t(`sample.${x}`) : x; };
const binning = (p: Params, t: T) => t('audit.d.binning', { dataset: s(p.dataset), target: s(p.target), event: s(p.event), sample: sample(p.sample, t) });

/** A manual bin edit in words: merge bin 2, split at 35, cuts 20, 40, move 'A43' to group 1. */
function binEdit(a: unknown, tr: Translator): string {
  if (!a || typeof a !== 'object') return s(a);
  const e = a as Params;
  const t = tr.t;
  switch (e.op) {
    case 'merge': return t('audit.d.merge', { bin: s(e.bin) });
    case 'split': return t('audit.d.split', { value: s(e.value) });
    case 'cuts': return t('audit.d.cuts', { cuts: list(tr, e.cuts, 12) });
    case 'move': return t('audit.d.move', { category: s(e.category), group: e.toGroup === 'new' ? t('audit.d.newGroup') : t('audit.d.group', { group: s(e.toGroup) }) });
    case 'groups': return t('audit.d.groups', { count: Array.isArray(e.groups) ? e.groups.length : 0 });
    case 'refit': return e.method ? t('audit.d.refitMethod', { method: s(e.method) }) : t('audit.d.refit');
    default: return s(e.op);
  }
}

const when = (cond: unknown, t: T, key: MessageKey, values: Record<string, string | number>) => (cond ? t(key, values) : '');

const DESCRIBE: Record<string, (p: Params, tr: Translator) => string> = {
  'workspace.create': (p, { t }) => t('audit.d.workspaceCreate', { name: s(p.name), version: s(p.version) }),
  import: (p, tr) => tr.t('audit.d.import', { file: s(p.file), sha: s(p.sha256).slice(0, 12), dataset: s(p.dataset), rows: num(tr, p.rows), party: codeWord(tr, 'party', s(p.party)) })
    + when(Array.isArray(p.dropped) && p.dropped.length, tr.t, 'audit.d.dropped', { columns: list(tr, p.dropped) })
    + when(Array.isArray(p.hashed) && p.hashed.length, tr.t, 'audit.d.hashed', { columns: list(tr, p.hashed) }),
  'dataset.setRole': (p, tr) => tr.t('audit.d.setRole', { column: s(p.column), dataset: s(p.dataset), role: codeWord(tr, 'role', s(p.role)) }) + when(p.reason, tr.t, 'audit.d.reason', { reason: s(p.reason) }),
  'dataset.setParty': (p, tr) => (p.column ? tr.t('audit.d.setPartyColumn', { column: s(p.column), dataset: s(p.dataset), party: codeWord(tr, 'party', s(p.party)) }) : tr.t('audit.d.setParty', { dataset: s(p.dataset), party: codeWord(tr, 'party', s(p.party)) })),
  'dataset.delete': (p, { t }) => t('audit.d.datasetDelete', { dataset: s(p.dataset) }),
  pseudonymize: (p, tr) => tr.t('audit.d.pseudonymize', { input: s(p.input), output: s(p.output), key: s(p.key), kind: s(p.keyKind), rows: p.rows !== undefined ? tr.t('audit.d.rows', { rows: num(tr, p.rows) }) : '' }),
  join: (p, tr) => tr.t('audit.d.join', { left: s(p.left), right: s(p.right), on: s(p.on), how: codeWord(tr, 'join.how', s(p.how)), name: s(p.name), matched: num(tr, p.matched), rows: num(tr, p.rows) }),
  split: (p, tr) => tr.t('audit.d.splitDesign', { dataset: s(p.dataset), method: p.method === 'random' || p.method === 'time' || p.method === 'column' ? tr.t(`audit.d.method.${p.method}`) : s(p.method), column: s(p.column), counts: Array.isArray(p.counts) ? (p.counts as [string, number][]).filter(([, c]) => c > 0).map(([k, c]) => `${sample(k, tr.t)} ${num(tr, c)}`).join(', ') : '' }),
  bin: (p, tr) => tr.t('audit.d.bin', { count: num(tr, p.variables), binning: binning(p, tr.t) }),
  'bin.edit': (p, tr) => tr.t('audit.d.binEdit', { variable: s(p.variable), edit: binEdit(p.action, tr), binning: binning(p, tr.t) }),
  'binning.delete': (p, { t }) => t('audit.d.binningDelete', { binning: binning(p, t) }),
  woe: (p, tr) => tr.t('audit.d.woe', { count: num(tr, p.variables), name: s(p.name), binning: binning(p.binning as Params, tr.t) }),
  select: (p, tr) => tr.t('audit.d.select', { count: Array.isArray(p.selected) ? p.selected.length : 0, dataset: s(p.dataset), target: s(p.target), dropped: num(tr, p.dropped), names: list(tr, p.selected) }),
  train: (p, tr) => tr.t('audit.d.train', { model: s(p.model), name: s(p.name), kind: s(p.kind), purpose: s(p.purpose), dataset: s(p.dataset), target: s(p.target), event: s(p.event), inputs: Array.isArray(p.features) ? p.features.length : 0, where: p.population ? tr.t('audit.d.where', { population: s(p.population) }) : '' })
    + when(Array.isArray(p.allowedDespiteLeakage) && p.allowedDespiteLeakage.length, tr.t, 'audit.d.keptDespite', { columns: list(tr, p.allowedDespiteLeakage) }),
  infer: (p, tr) => tr.t('audit.d.infer', { model: s(p.model), name: s(p.name), from: s(p.from), method: codeWord(tr, 'infer.method', s(p.method)), factor: typeof p.factor === 'number' ? p.factor.toFixed(3) : s(p.factor), unlabelled: num(tr, p.unlabelled), known: num(tr, p.known) })
    + when(typeof p.calibrate === 'string', tr.t, 'audit.d.inferCalibrated', { column: s(p.calibrate) }),
  uplift: (p, tr) => tr.t('audit.d.uplift', { uplift: s(p.uplift), name: s(p.name), dataset: s(p.dataset), target: s(p.target), treatment: s(p.treatment), method: codeWord(tr, 'uplift.method', s(p.method)), arms: list(tr, p.arms) }),
  'uplift.export': (p, tr) => tr.t('audit.d.upliftExport', { uplift: s(p.uplift), name: s(p.name), out: s(p.out), rows: num(tr, p.minBinRows) }),
  'model.delete': (p, { t }) => t('audit.d.modelDelete', { model: s(p.model), name: s(p.name) }),
  'model.rename': (p, { t }) => t('audit.d.modelRename', { model: s(p.model), from: s(p.from), to: s(p.to) }),
  'scorecard.delete': (p, { t }) => t('audit.d.scorecardDelete', { scorecard: s(p.scorecard), model: s(p.model) }),
  'strategy.rename': (p, { t }) => t('audit.d.strategyRename', { strategy: s(p.strategy), from: s(p.from), to: s(p.to) }),
  'strategy.delete': (p, { t }) => t('audit.d.strategyDelete', { strategy: s(p.strategy), name: s(p.name) }),
  scorecard: (p, { t }) => t('audit.d.scorecard', { scorecard: s(p.scorecard), model: s(p.model) })
    + when(p.scoreRange && typeof p.scoreRange === 'object', t, 'audit.d.scores', { min: Math.round(Number((p.scoreRange as Params | undefined)?.min)), max: Math.round(Number((p.scoreRange as Params | undefined)?.max)) }),
  strategy: (p, { t }) => (p.kind === 'cutoff'
    ? t('audit.d.cutoffStrategy', { strategy: s(p.strategy), name: s(p.name), scorecard: s(p.scorecard), op: p.pass === 'above' ? '≥' : '<', cutoff: s(p.cutoff), sample: sample(p.sample, t) })
    : t('audit.d.matrixStrategy', { strategy: s(p.strategy), name: p.name ? ` '${s(p.name)}'` : '', targeting: s(p.targeting), credit: s(p.credit), sample: sample(p.sample, t) })),
  'strategy.decide': (p, { t }) => {
    const cells = Array.isArray(p.cells) ? (p.cells as Params[]).map((c) => t('audit.d.cell', { t: s(c.t), c: s(c.c), action: s(c.action), coefficient: c.action === 'bid' && c.coefficient !== undefined ? ` ×${s(c.coefficient)}` : '' })) : [];
    const unscored = p.defaultDecision ? [t('audit.d.unscored', { action: s((p.defaultDecision as Params).action) })] : [];
    return t('audit.d.decide', { strategy: s(p.strategy), changes: [...cells, ...unscored].join('; ') });
  },
  'monitor.thresholds': (p, { t }) => t('audit.d.monitorThresholds', { psiWarn: s(p.psiWarn), psiAlert: s(p.psiAlert), csiWarn: s(p.csiWarn), csiAlert: s(p.csiAlert), aucWarn: s(p.aucDropWarn), aucAlert: s(p.aucDropAlert) }),
  export: (p, { t }) => t('audit.d.export', { model: s(p.model), strategy: p.strategy !== null && p.strategy !== undefined ? t('audit.d.withStrategy', { strategy: s(p.strategy) }) : '', out: s(p.out), files: Array.isArray(p.files) ? p.files.length : 0, rows: s(p.minBinRows) }),
};

/** The actions that have a sentence of their own. */
export const DESCRIBED_ACTIONS: readonly string[] = Object.keys(DESCRIBE);
