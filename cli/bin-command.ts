import type { BinningAction, BinningRef, BinningSet, VariableBinning } from '../service/contract';
import type { BinningMethod, MonotonicTrend, TunedSetting } from '../types/binning';
import { checkKnown, one, required, UsageError, weightOption, type ParsedArgs } from './args';
import type { Shell } from './shell';
import { num, table } from './format';
import { headers } from './words';
import { codeWord } from '../i18n/code-word';
import { binLabel } from '../i18n/bin-label';
import type { Translator } from '../i18n/translate';


/** The stable JSON of one variable: `name, type, party, iv, ks, trend, edited, tuning?, bins[label, kind, count, share, events, nonEvents, eventRate, woe, iv]`. */
export function variableJson(v: VariableBinning) {
  return {
    name: v.name, type: v.type, party: v.party, iv: v.table.iv, ks: v.table.ks, trend: v.table.trend, edited: v.edited,
    ...(v.tuning ? { tuning: v.tuning } : {}),
    bins: v.table.bins.map((b) => ({ label: b.label, kind: b.kind, count: b.count, ...(b.weight !== undefined ? { weight: b.weight } : {}), share: b.share, events: b.events, nonEvents: b.nonEvents, eventRate: b.eventRate, woe: b.woe, iv: b.iv })),
  };
}

function setJson(s: BinningSet, variables = s.variables) {
  return { dataset: s.dataset, target: s.target, event: s.event, sample: s.sample, weight: s.weight ?? null, options: s.options, seconds: s.seconds, outcomesLeftOut: s.outcomesLeftOut ?? [], variables: variables.map(variableJson) };
}

export function binTable(v: VariableBinning, tr: Translator): string {
  const t = v.table;
  // Weighted events and non-events are sums of weights: two decimals.
  const w = (x: number) => (Number.isInteger(x) ? x : x.toFixed(2));
  const rows = t.bins.map((b, i) => [b.kind === 'bin' ? i : '', binLabel(b, tr.t), b.count, `${(b.share * 100).toFixed(1)}%`, w(b.events), w(b.nonEvents), `${(b.eventRate * 100).toFixed(2)}%`, num(b.woe), num(b.iv)]);
  rows.push(['', tr.t('cli.bin.total'), t.totals.count, '100.0%', w(t.totals.events), w(t.totals.nonEvents), `${(t.totals.eventRate * 100).toFixed(2)}%`, '', num(t.iv)]);
  const head = tr.t('cli.bin.head', { name: v.name, type: codeWord(tr, 'type', v.type), party: v.party ? `, ${codeWord(tr, 'party', v.party)}` : '', iv: num(t.iv), ks: num(t.ks), trend: codeWord(tr, 'edit.trend', t.trend), edited: v.edited ? 'yes' : 'no' });
  return `${head}\n${table(headers(tr, ['#', 'bin', 'count', 'share', 'events', 'non-events', 'event rate', 'WOE', 'IV']), rows)}`;
}

const trendWord = (tr: Translator, trend: string) => (trend === 'none' ? tr.t('iv.free') : codeWord(tr, 'edit.trend', trend));

function ivRanking(s: BinningSet, tr: Translator): string {
  const vs = [...s.variables].sort((a, b) => b.table.iv - a.table.iv);
  const cv = (v: VariableBinning) => (v.tuning ? tr.t('cli.bin.cv', { shape: v.type === 'categorical' ? tr.t('cli.bin.grouped') : trendWord(tr, v.tuning.chosen.trend), share: v.tuning.chosen.minBinShare }) : '');
  const rows = vs.map((v) => [v.name, codeWord(tr, 'party', v.party), codeWord(tr, 'type', v.type), num(v.table.iv), num(v.table.ks), v.table.bins.filter((b) => b.kind === 'bin').length, codeWord(tr, 'edit.trend', v.table.trend) + (v.edited ? tr.t('cli.bin.edited') : ''), cv(v)]);
  const head = tr.t('cli.bin.ranking', { dataset: s.dataset, count: vs.length, target: s.target, event: s.event, sample: codeWord(tr, 'sample', s.sample) });
  const left = s.outcomesLeftOut?.length ? `\n${tr.t('cli.bin.outcomesLeftOut', { columns: s.outcomesLeftOut.join(', ') })}` : '';
  return `${head}\n${table(headers(tr, ['variable', 'party', 'type', 'IV', 'KS', 'bins', 'trend', 'chosen by CV']), rows)}${left}`;
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
export async function binCommand(sh: Shell): Promise<void> {
  const { service, args, print, withJob, tr } = sh;
  const sub = args.positionals[1];
  if (sub === 'edit') {
    checkKnown(args, ['workspace', 'dataset', 'target', 'event', 'sample', 'var', 'cuts', 'merge', 'split', 'move', 'to', 'refit', 'undo', 'redo', 'reset']);
    const r = await service.call('binning.edit', { ...ref(args), variable: required(args, 'var'), action: editAction(args) });
    print({ variables: [variableJson(r.variable)], milliseconds: r.milliseconds }, () => binTable(r.variable, tr));
    return;
  }
  if (sub === 'show') {
    checkKnown(args, ['workspace', 'dataset', 'target', 'event', 'sample', 'var']);
    const s = await service.call('binning.get', ref(args));
    const name = one(args, 'var');
    const picked = name === undefined ? s.variables : s.variables.filter((v) => v.name === name);
    if (name !== undefined && picked.length === 0) throw new UsageError(`the binning has no variable '${name}'`);
    print(setJson(s, picked), () => (name === undefined ? ivRanking(s, tr) : binTable(picked[0]!, tr)));
    return;
  }
  if (sub === 'list') {
    checkKnown(args, ['workspace', 'dataset']);
    const list = await service.call('binning.list', { workspace: required(args, 'workspace'), dataset: required(args, 'dataset') });
    print(list, () => (list.length === 0 ? tr.t('cli.bin.none') : table(headers(tr, ['target', 'event', 'sample', 'variables', 'updated', '']), list.map((b) => [b.target, b.event, codeWord(tr, 'sample', b.sample), b.variables, b.updatedAt, b.stale ? tr.t('cli.bin.stale') : '']))));
    return;
  }
  if (sub === 'delete') {
    checkKnown(args, ['workspace', 'dataset', 'target', 'event', 'sample']);
    const list = await service.call('binning.delete', { workspace: required(args, 'workspace'), dataset: required(args, 'dataset'), target: required(args, 'target'), event: required(args, 'event'), sample: required(args, 'sample') });
    print(list, () => tr.t('cli.bin.deleted', { count: list.length }));
    return;
  }
  if (sub === 'woe') {
    checkKnown(args, ['workspace', 'dataset', 'target', 'event', 'sample', 'apply-to', 'name', 'vars']);
    const applyTo = one(args, 'apply-to');
    const vars = one(args, 'vars')?.split(',').map((v) => v.trim()).filter(Boolean);
    const { workspace, ...r } = ref(args);
    const w = await withJob((jobId) => service.call('binning.woe', { workspace, ...r, name: required(args, 'name'), jobId, ...(applyTo !== undefined ? { applyTo } : {}), ...(vars ? { vars } : {}) }));
    print(w, () => tr.t('cli.bin.woe', { dataset: w.dataset, rows: w.rows, columns: w.columns.length, woe: w.columns.filter((c) => c.endsWith('_woe')).length, source: w.binning.dataset, target: w.binning.target, event: w.binning.event, sample: codeWord(tr, 'sample', w.binning.sample) }));
    return;
  }
  if (sub !== undefined) throw new UsageError(`unknown bin subcommand '${sub}' (bin, bin list, bin show, bin edit, bin woe, bin delete)`);
  checkKnown(args, ['workspace', 'dataset', 'target', 'event', 'sample', 'method', 'monotonic', 'max-bins', 'min-bin-share', 'min-bin-events', 'max-prebins', 'special', 'vars', 'weight', 'no-weight', 'tune']);
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
    ...(o('tune') !== undefined ? { tune: o('tune') === 'none' ? [] : o('tune')!.split(',').map((t) => t.trim()) as TunedSetting[] } : {}),
  };
  const vars = o('vars')?.split(',').map((v) => v.trim()).filter(Boolean);
  const { workspace, ...r } = ref(args);
  const s = await withJob((jobId) => service.call('binning.run', { workspace, ...r, options, ...(vars ? { vars } : {}), ...weightOption(args), jobId }));
  print(setJson(s), () => `${ivRanking(s, tr)}\n${tr.t('cli.bin.seconds', { seconds: s.seconds.toFixed(2) })}`);
}
