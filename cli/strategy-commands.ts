import type { CellEdit } from '../service/modeling/bid-strategy';
import { axisLabels, type ScoreAxis, type Strategy } from '../types/strategy';
import { checkKnown, list, number, one, opt, required, UsageError, type ParsedArgs } from './args';
import type { Shell } from './shell';
import { num, percent, table } from './format';
import { headers } from './words';
import { codeWord } from '../i18n/code-word';
import type { Translator } from '../i18n/translate';
import { requiredRef } from './refs';

const pct = (x: number | null) => (x === null ? '–' : percent(x, 1));

function cuts(args: ParsedArgs, flag: string): number[] | undefined {
  const v = list(one(args, flag));
  if (!v) return undefined;
  return v.map((x) => { const n = Number(x); if (!Number.isFinite(n)) throw new UsageError(`--${flag} takes numbers separated by commas; got '${x}'`); return n; });
}

/** `T,C=bid:1.2` or `T,C=no-bid` → a cell edit. */
function cellEdit(text: string): CellEdit {
  const m = /^(\d+),(\d+)=(bid|no-bid)(?::([0-9.]+))?$/.exec(text.trim());
  if (!m) throw new UsageError(`--cell expects T,C=bid[:COEFFICIENT] or T,C=no-bid (bands from 0); got '${text}'`);
  return { t: Number(m[1]), c: Number(m[2]), action: m[3] as CellEdit['action'], ...(m[4] !== undefined ? { coefficient: Number(m[4]) } : {}) };
}

function axisText(what: 'targeting' | 'credit', a: ScoreAxis | null, tr: Translator): string {
  return a ? tr.t(`cli.strategy.axis.${what}`, { scorecard: a.scorecardId, model: a.modelId }) : tr.t(`cli.strategy.noAxis.${what}`);
}

export function strategyText(id: number, s: Strategy, tr: Translator): string {
  const decision = (d: Strategy['defaultDecision']) => (d.action === 'bid' ? tr.t('cli.rta.bidCoefficient', { coefficient: d.coefficient }) : tr.t('cli.rta.noBid'));
  const head = [tr.t('cli.strategy.corner'), ...axisLabels(s.credit).map((l, c) => `${c}: ${l}`)];
  const rows = s.cells.map((row, t) => [`${t}: ${axisLabels(s.targeting)[t]}`, ...row.map((cell) => tr.t('cli.strategy.cell', { decision: decision(cell.decision), rows: cell.rows, response: pct(cell.responseRate), bad: pct(cell.badRate), ev: num(cell.expectedValue ?? NaN, 1) }))]);
  const cutoff = s.cutoff ? tr.t('cli.strategy.cutoff', { score: s.cutoff.score, op: s.cutoff.pass === 'above' ? '≥' : '<' }) : '';
  return [
    tr.t('cli.strategy.head', { id, name: s.name, sample: codeWord(tr, 'sample', s.sample), dataset: s.dataset, rows: s.totals.rows, response: pct(s.totals.responseRate), bad: pct(s.totals.badRate) }),
    `${axisText('targeting', s.targeting, tr)}; ${axisText('credit', s.credit, tr)}.${cutoff} ${tr.t('cli.strategy.legend')}`,
    table(head, rows),
    tr.t('cli.strategy.value', { unscored: decision(s.defaultDecision), revenue: s.value.revenuePerGood, loss: s.value.lossPerBad, cost: s.value.costPerBid }),
  ].join('\n');
}

/** `jointscore strategy cutoffs | matrix | decide | show | list | tiers`. */
export async function strategyCommand(sh: Shell): Promise<void> {
  const { service, args, print, tr } = sh;
  const sub = args.positionals[1];
  const workspace = () => required(args, 'workspace');
  const id = (flag: string, what: string) => requiredRef(service, args, workspace(), flag, flag === 'strategy' || flag === 'id' ? 'strategy' : 'scorecard', what);
  if (sub === 'cutoffs') {
    checkKnown(args, ['workspace', 'scorecard', 'sample', 'step']);
    const r = await service.call('strategy.cutoffs', { workspace: workspace(), scorecard: await id('scorecard', 'see jointscore scorecard'), ...opt('sample', one(args, 'sample')), ...opt('step', number(args, 'step')) });
    print(r, () => `${tr.t('cli.strategy.cutoffs', { scorecard: r.scorecard, sample: codeWord(tr, 'sample', r.sample), rows: r.rows, op: r.pass === 'above' ? '≥' : '<' })}\n${table(headers(tr, ['cut-off', 'pass', 'pass rate', 'event rate of passed', 'events avoided']), r.table.map((c) => [c.cutoff, c.passed, pct(c.passRate), pct(c.passedEventRate), pct(c.eventsAvoided)]))}`);
    return;
  }
  if (sub === 'matrix') {
    checkKnown(args, ['workspace', 'targeting', 'credit', 'bands', 'targeting-cuts', 'credit-cuts', 'sample', 'revenue-per-good', 'loss-per-bad', 'cost-per-bid', 'name']);
    const r = await service.call('strategy.matrix', {
      workspace: workspace(), targeting: await id('targeting', "a targeting model's scorecard"), credit: await id('credit', "a credit model's scorecard"),
      ...opt('bands', number(args, 'bands')), ...opt('targetingCuts', cuts(args, 'targeting-cuts')), ...opt('creditCuts', cuts(args, 'credit-cuts')),
      ...opt('sample', one(args, 'sample')), ...opt('name', one(args, 'name')),
      value: { ...opt('revenuePerGood', number(args, 'revenue-per-good')), ...opt('lossPerBad', number(args, 'loss-per-bad')), ...opt('costPerBid', number(args, 'cost-per-bid')) },
    });
    print(r, () => strategyText(r.strategyId, r.strategy, tr));
    return;
  }
  if (sub === 'cutoff') {
    checkKnown(args, ['workspace', 'scorecard', 'cutoff', 'coefficient', 'sample', 'revenue-per-good', 'loss-per-bad', 'cost-per-bid', 'name']);
    const cutoff = number(args, 'cutoff');
    if (cutoff === undefined) throw new UsageError('strategy cutoff needs --cutoff SCORE (see jointscore strategy cutoffs for the pass rate and event rate at each score)');
    const r = await service.call('strategy.cutoff', {
      workspace: workspace(), scorecard: await id('scorecard', 'see jointscore scorecard'), cutoff,
      ...opt('coefficient', number(args, 'coefficient')), ...opt('sample', one(args, 'sample')), ...opt('name', one(args, 'name')),
      value: { ...opt('revenuePerGood', number(args, 'revenue-per-good')), ...opt('lossPerBad', number(args, 'loss-per-bad')), ...opt('costPerBid', number(args, 'cost-per-bid')) },
    });
    print(r, () => strategyText(r.strategyId, r.strategy, tr));
    return;
  }
  if (sub === 'decide') {
    checkKnown(args, ['workspace', 'strategy', 'cell', 'default']);
    const def = one(args, 'default');
    const defaultDecision = def === undefined ? undefined : (() => { const e = cellEdit(`0,0=${def}`); return { action: e.action, ...opt('coefficient', e.coefficient) }; })();
    const r = await service.call('strategy.decide', { workspace: workspace(), strategy: await id('strategy', 'see jointscore strategy list'), cells: (args.flags.get('cell') ?? []).map(cellEdit), ...opt('defaultDecision', defaultDecision) });
    print(r, () => strategyText(r.id, r, tr));
    return;
  }
  if (sub === 'rename') {
    checkKnown(args, ['workspace', 'id', 'name']);
    const r = await service.call('strategy.rename', { workspace: workspace(), strategy: await id('id', 'see jointscore strategy list'), name: required(args, 'name') });
    print(r, () => tr.t('cli.strategy.renamed', { id: r.id, name: r.name }));
    return;
  }
  if (sub === 'delete') {
    checkKnown(args, ['workspace', 'id']);
    const r = await service.call('strategy.delete', { workspace: workspace(), strategy: await id('id', 'see jointscore strategy list') });
    print(r, () => tr.t('cli.strategy.deleted', { id: r.deleted }));
    return;
  }
  if (sub === 'show') {
    checkKnown(args, ['workspace', 'id']);
    const r = await service.call('strategy.get', { workspace: workspace(), strategy: await id('id', 'see jointscore strategy list') });
    print(r, () => strategyText(r.id, r, tr));
    return;
  }
  if (sub === 'list') {
    checkKnown(args, ['workspace']);
    const r = await service.call('strategy.list', { workspace: workspace() });
    print(r, () => (r.length ? table(headers(tr, ['id', 'name', 'created']), r.map((s) => [s.id, s.name, s.createdAt])) : tr.t('cli.strategy.none')));
    return;
  }
  if (sub === 'tiers') {
    checkKnown(args, ['workspace', 'scorecard', 'sample', 'shares']);
    const shares = cuts(args, 'shares');
    if (shares && shares.length !== 2) throw new UsageError('--shares takes two numbers: the high and mid tiers\' shares, e.g. 0.2,0.3');
    const r = await service.call('strategy.tiers', { workspace: workspace(), scorecard: await id('scorecard', "a targeting model's scorecard"), ...opt('sample', one(args, 'sample')), ...opt('shares', shares as [number, number] | undefined) });
    print(r, () => `${tr.t('cli.strategy.tiers', { scorecard: r.scorecard, sample: codeWord(tr, 'sample', r.sample), rows: r.rows })}\n${table(headers(tr, ['tier', 'scores', 'rows', 'share', 'response rate', 'of responders']), r.tiers.map((t) => [t.tier, `${t.minScore ?? '–'}–${t.maxScore ?? '–'}`, t.rows, pct(t.share), pct(t.responseRate), pct(t.capture)]))}`);
    return;
  }
  throw new UsageError('strategy takes a subcommand: cutoffs, matrix, decide, show, list or tiers');
}
