import type { Service } from '../service/create-service';
import type { BinningAction, BinningRef, BinningSet, VariableBinning } from '../service/contract';
import type { BinningMethod, MonotonicTrend } from '../types/binning';
import { checkKnown, one, required, UsageError, type ParsedArgs } from './args';
import { num, table } from './format';

type Print = (value: unknown, text: () => string) => void;
type WithJob = <T>(run: (jobId: string) => Promise<T>) => Promise<T>;

/** The stable JSON of one variable: `name, type, party, iv, ks, trend, edited, tuning?, bins[label, kind, count, share, events, nonEvents, eventRate, woe, iv]`. */
export function variableJson(v: VariableBinning) {
  return {
    name: v.name, type: v.type, party: v.party, iv: v.table.iv, ks: v.table.ks, trend: v.table.trend, edited: v.edited,
    ...(v.tuning ? { tuning: v.tuning } : {}),
    bins: v.table.bins.map((b) => ({ label: b.label, kind: b.kind, count: b.count, share: b.share, events: b.events, nonEvents: b.nonEvents, eventRate: b.eventRate, woe: b.woe, iv: b.iv })),
  };
}

function setJson(s: BinningSet, variables = s.variables) {
  return { dataset: s.dataset, target: s.target, event: s.event, sample: s.sample, options: s.options, seconds: s.seconds, outcomesLeftOut: s.outcomesLeftOut ?? [], variables: variables.map(variableJson) };
}

export function binTable(v: VariableBinning): string {
  const t = v.table;
  const rows = t.bins.map((b, i) => [b.kind === 'bin' ? i : '', b.label, b.count, `${(b.share * 100).toFixed(1)}%`, b.events, b.nonEvents, `${(b.eventRate * 100).toFixed(2)}%`, num(b.woe), num(b.iv)]);
  rows.push(['', 'Total', t.totals.count, '100.0%', t.totals.events, t.totals.nonEvents, `${(t.totals.eventRate * 100).toFixed(2)}%`, '', num(t.iv)]);
  return `${v.name} (${v.type}${v.party ? `, ${v.party}` : ''}): IV ${num(t.iv)}, KS ${num(t.ks)}, trend ${t.trend}${v.edited ? ', edited' : ''}\n${table(['#', 'bin', 'count', 'share', 'events', 'non-events', 'event rate', 'WOE', 'IV'], rows)}`;
}

function ivRanking(s: BinningSet): string {
  const vs = [...s.variables].sort((a, b) => b.table.iv - a.table.iv);
  return `${s.dataset}: ${vs.length} variables binned against ${s.target} = ${s.event} on sample ${s.sample}\n${table(['variable', 'party', 'type', 'IV', 'KS', 'bins', 'trend', 'chosen by CV'], vs.map((v) => [v.name, v.party ?? '', v.type, num(v.table.iv), num(v.table.ks), v.table.bins.filter((b) => b.kind === 'bin').length, v.table.trend + (v.edited ? ' (edited)' : ''), v.tuning ? `${v.type === 'categorical' ? 'grouped by event rate' : v.tuning.chosen.trend === 'none' ? 'free' : v.tuning.chosen.trend}, min share ${v.tuning.chosen.minBinShare}` : '']))}${s.outcomesLeftOut?.length ? `\nOutcome columns left out: ${s.outcomesLeftOut.join(', ')}.` : ''}`;
}

function numbers(text: string, flag: string): number[] {
  return text.split(',').filter((x) => x.trim() !== '').map((x) => {
    const v = Number(x);
    if (!Number.isFinite(v)) throw new UsageError(`--${flag} takes numbers separated by commas; '${x}' is not a number`);
    return v;
  });
}

function ref(args: ParsedArgs): BinningRef & { workspace: string } {
  const event = one(args, 'event'), sample = one(args, 'sample');
  return { workspace: required(args, 'workspace'), dataset: required(args, 'dataset'), target: required(args, 'target'), ...(event !== undefined ? { event } : {}), ...(sample !== undefined ? { sample } : {}) };
}

function editAction(args: ParsedArgs): BinningAction {
  const cuts = one(args, 'cuts'), merge = one(args, 'merge'), split = one(args, 'split'), move = one(args, 'move'), refit = one(args, 'refit');
  const flags = [cuts !== undefined, merge !== undefined, split !== undefined, move !== undefined, refit !== undefined, args.booleans.has('undo'), args.booleans.has('redo'), args.booleans.has('reset')].filter(Boolean).length;
  if (flags !== 1) throw new UsageError('bin edit takes exactly one of --cuts, --merge, --split, --move, --refit, --undo, --redo, --reset');
  if (refit !== undefined) return { op: 'refit', monotonic: refit as MonotonicTrend };
  if (cuts !== undefined) return { op: 'cuts', cuts: numbers(cuts, 'cuts') };
  if (merge !== undefined) return { op: 'merge', bin: Number(merge) };
  if (split !== undefined) return { op: 'split', value: numbers(split, 'split')[0]! };
  if (move !== undefined) { const to = required(args, 'to'); return { op: 'move', category: move, toGroup: to === 'new' ? 'new' : Number(to) }; }
  return { op: args.booleans.has('undo') ? 'undo' : args.booleans.has('redo') ? 'redo' : 'reset' };
}

/** `jointscore bin`, `bin list`, `bin show`, `bin edit`, `bin woe`. */
export async function binCommand(service: Service, args: ParsedArgs, print: Print, withJob: WithJob): Promise<void> {
  const sub = args.positionals[1];
  if (sub === 'edit') {
    checkKnown(args, ['workspace', 'dataset', 'target', 'event', 'sample', 'var', 'cuts', 'merge', 'split', 'move', 'to', 'refit', 'undo', 'redo', 'reset']);
    const r = await service.call('binning.edit', { ...ref(args), variable: required(args, 'var'), action: editAction(args) });
    print({ variables: [variableJson(r.variable)], milliseconds: r.milliseconds }, () => binTable(r.variable));
    return;
  }
  if (sub === 'show') {
    checkKnown(args, ['workspace', 'dataset', 'target', 'event', 'sample', 'var']);
    const s = await service.call('binning.get', ref(args));
    const name = one(args, 'var');
    const picked = name === undefined ? s.variables : s.variables.filter((v) => v.name === name);
    if (name !== undefined && picked.length === 0) throw new UsageError(`the binning has no variable '${name}'`);
    print(setJson(s, picked), () => (name === undefined ? ivRanking(s) : binTable(picked[0]!)));
    return;
  }
  if (sub === 'list') {
    checkKnown(args, ['workspace', 'dataset']);
    const list = await service.call('binning.list', { workspace: required(args, 'workspace'), dataset: required(args, 'dataset') });
    print(list, () => (list.length === 0 ? 'No binnings yet: run `jointscore bin`.' : table(['target', 'event', 'sample', 'variables', 'updated', ''], list.map((b) => [b.target, b.event, b.sample, b.variables, b.updatedAt, b.stale ? 'stale: fitted on every row before the split; re-bin on train' : '']))));
    return;
  }
  if (sub === 'delete') {
    checkKnown(args, ['workspace', 'dataset', 'target', 'event', 'sample']);
    const list = await service.call('binning.delete', { workspace: required(args, 'workspace'), dataset: required(args, 'dataset'), target: required(args, 'target'), event: required(args, 'event'), sample: required(args, 'sample') });
    print(list, () => `Deleted. ${list.length} binning${list.length === 1 ? '' : 's'} left.`);
    return;
  }
  if (sub === 'woe') {
    checkKnown(args, ['workspace', 'dataset', 'target', 'event', 'sample', 'apply-to', 'name', 'vars']);
    const applyTo = one(args, 'apply-to');
    const vars = one(args, 'vars')?.split(',').map((v) => v.trim()).filter(Boolean);
    const { workspace, ...r } = ref(args);
    const w = await withJob((jobId) => service.call('binning.woe', { workspace, ...r, name: required(args, 'name'), jobId, ...(applyTo !== undefined ? { applyTo } : {}), ...(vars ? { vars } : {}) }));
    print(w, () => `Wrote '${w.dataset}': ${w.rows.toLocaleString('en')} rows, ${w.columns.length} columns (${w.columns.filter((c) => c.endsWith('_woe')).length} WOE variables) from the binning of ${w.binning.dataset} against ${w.binning.target} = ${w.binning.event} (sample ${w.binning.sample}).`);
    return;
  }
  if (sub !== undefined) throw new UsageError(`unknown bin subcommand '${sub}' (bin, bin list, bin show, bin edit, bin woe, bin delete)`);
  checkKnown(args, ['workspace', 'dataset', 'target', 'event', 'sample', 'method', 'monotonic', 'max-bins', 'min-bin-share', 'min-bin-events', 'max-prebins', 'special', 'vars']);
  const o = (k: string) => one(args, k);
  const numberOf = (k: string) => { const v = o(k); if (v === undefined) return undefined; const n = Number(v); if (!Number.isFinite(n)) throw new UsageError(`--${k} takes a number; got '${v}'`); return n; };
  const options = {
    ...(o('method') !== undefined ? { method: o('method') as BinningMethod } : {}),
    ...(o('monotonic') !== undefined ? { monotonic: o('monotonic') as MonotonicTrend } : {}),
    ...(numberOf('max-bins') !== undefined ? { maxBins: numberOf('max-bins')! } : {}),
    ...(numberOf('min-bin-share') !== undefined ? { minBinShare: numberOf('min-bin-share')! } : {}),
    ...(numberOf('min-bin-events') !== undefined ? { minBinEvents: numberOf('min-bin-events')!, minBinNonEvents: numberOf('min-bin-events')! } : {}),
    ...(numberOf('max-prebins') !== undefined ? { maxPrebins: numberOf('max-prebins')! } : {}),
    ...(o('special') !== undefined ? { special: numbers(o('special')!, 'special') } : {}),
  };
  const vars = o('vars')?.split(',').map((v) => v.trim()).filter(Boolean);
  const { workspace, ...r } = ref(args);
  const s = await withJob((jobId) => service.call('binning.run', { workspace, ...r, options, ...(vars ? { vars } : {}), jobId }));
  print(setJson(s), () => `${ivRanking(s)}\n(${s.seconds.toFixed(2)} s; \`jointscore bin show … --var V\` shows one variable's bins)`);
}
