import type { Service } from '../service/create-service';
import type { Evaluation, SplitResult, TrainRequest, TrainResult } from '../service/contract';
import type { MlpConfig, ModelKind, ModelPurpose, SampleMetrics, StoredModel } from '../types/model';
import type { Scorecard } from '../types/scorecard';
import { checkKnown, list, number, one, opt, required, UsageError, type ParsedArgs } from './args';
import { num, percent, table } from './format';
import { requiredRef } from './refs';

type Print = (value: unknown, text: () => string) => void;
type WithJob = <T>(run: (jobId: string) => Promise<T>) => Promise<T>;

const pct = (x: number | null) => percent(x, 2);

function metricsTable(metrics: Partial<Record<string, SampleMetrics>>): string {
  const rows = Object.entries(metrics).map(([s, m]) => [s, m!.rows, m!.events, num(m!.auc), `${num(m!.aucLower, 3)}–${num(m!.aucUpper, 3)}`, num(m!.ks), num(m!.gini), num(m!.logLoss), num(m!.brier)]);
  return table(['sample', 'rows', 'events', 'AUC', 'AUC 95% CI', 'KS', 'Gini', 'log-loss', 'Brier'], rows);
}

/** `jointscore split`. */
export async function splitCommand(service: Service, args: ParsedArgs, print: Print): Promise<void> {
  checkKnown(args, ['workspace', 'dataset', 'random', 'seed', 'stratify', 'time', 'oot-from', 'test-from', 'by-column', 'name', 'target', 'event']);
  const r: SplitResult = await service.call('split.run', {
    workspace: required(args, 'workspace'), dataset: required(args, 'dataset'),
    ...opt('random', number(args, 'random')), ...opt('seed', number(args, 'seed')), ...opt('stratify', one(args, 'stratify')),
    ...opt('time', one(args, 'time')), ...opt('ootFrom', one(args, 'oot-from')), ...opt('testFrom', one(args, 'test-from')),
    ...opt('byColumn', one(args, 'by-column')), ...opt('name', one(args, 'name')), ...opt('target', one(args, 'target')), ...opt('event', one(args, 'event')),
  });
  print(r, () => `Sample column '${r.column}' of '${r.dataset}' (${r.method}${r.params.stratify ? `, stratified by ${String(r.params.stratify)}` : ''}):\n${table(['sample', 'rows', 'events', 'event rate'], r.counts.map((c) => [c.sample, c.rows, c.events ?? '', pct(c.eventRate)]))}${r.unassigned ? `\n${r.unassigned} rows without a time value are in no sample.` : ''}`);
}

/** `jointscore select`. */
export async function selectCommand(service: Service, args: ParsedArgs, print: Print, withJob: WithJob): Promise<void> {
  if (args.positionals[1] === 'show') {
    checkKnown(args, ['workspace', 'dataset', 'target', 'event', 'population']);
    const s = await service.call('select.latest', { workspace: required(args, 'workspace'), dataset: required(args, 'dataset'), target: required(args, 'target'), ...opt('event', one(args, 'event')), ...opt('population', one(args, 'population')) });
    print(s, () => (s ? `Selection ${s.selectionId} (${s.createdAt}), used by train by default: ${s.selected.join(', ')}` : 'No stored selection for this dataset, target and population: train uses the defaults.'));
    return;
  }
  checkKnown(args, ['workspace', 'dataset', 'target', 'event', 'population', 'binning-sample', 'min-iv', 'max-psi', 'max-corr', 'max-vif', 'stepwise', 'criterion', 'include', 'exclude']);
  const stepwise = one(args, 'stepwise');
  if (stepwise !== undefined && !['forward', 'backward', 'both', 'none'].includes(stepwise)) throw new UsageError('--stepwise is forward, backward, both or none');
  const criterion = one(args, 'criterion');
  if (criterion !== undefined && !['aic', 'bic', 'p'].includes(criterion)) throw new UsageError('--criterion is aic, bic or p');
  const r = await withJob((jobId) => service.call('select.run', {
    workspace: required(args, 'workspace'), dataset: required(args, 'dataset'), target: required(args, 'target'), jobId,
    ...opt('event', one(args, 'event')), ...opt('population', one(args, 'population')), ...opt('binningSample', one(args, 'binning-sample')),
    ...opt('minIv', number(args, 'min-iv')), ...opt('maxPsi', number(args, 'max-psi')), ...opt('maxCorrelation', number(args, 'max-corr')), ...opt('maxVif', number(args, 'max-vif')),
    ...opt('stepwise', stepwise as 'forward' | 'backward' | 'both' | 'none' | undefined), ...opt('criterion', criterion as 'aic' | 'bic' | 'p' | undefined),
    ...opt('include', list(one(args, 'include'))), ...opt('exclude', list(one(args, 'exclude'))),
  }));
  print(r, () => [
    `Selected ${r.selected.length} of ${r.variables.length} variables for ${r.target} = ${r.event}: ${r.selected.join(', ')}`,
    table(['step', 'variable', 'action', 'reason'], r.steps.map((s) => [s.step, s.variable, s.action, s.reason])),
  ].join('\n'));
}

function sourceText(s: TrainResult['featureSource']): string {
  return s.kind === 'selection' ? `selection ${s.selectionId} (${s.createdAt})` : s.kind === 'request' ? 'the request' : `the defaults (${s.rule})`;
}

function trainText(r: TrainResult): string {
  const lines = [`Model ${r.modelId} '${r.name}' (${r.kind}, ${r.purpose}) trained on ${r.rows.train.toLocaleString('en')} rows in ${r.seconds.toFixed(2)} s, TensorFlow.js backend ${r.backend}.`];
  lines.push(`Inputs (${r.features.length}) from ${sourceText(r.featureSource)}: ${r.features.join(', ')}`);
  if (r.settings.penalty) lines.push(`Why these settings: ${r.settings.penalty.chosen.inputs === 'selection' || r.settings.penalty.chosen.inputs === 'request' ? '' : `inputs '${r.settings.penalty.chosen.inputs}', `}L2 penalty ${r.settings.penalty.chosen.l2} — ${r.settings.penalty.reason}.`);
  if (r.settings.binning.length) lines.push(`Binning chosen by cross-validation: ${r.settings.binning.map((b) => `${b.variable} ${b.trend}/${b.minBinShare}`).join(', ')}.`);
  if (r.coefficients.length) lines.push(table(['term', 'party', 'coefficient', 'std. error', 'z', 'p-value'], r.coefficients.map((c) => [c.name, c.party ?? '', num(c.coefficient, 6), num(c.standardError, 6), num(c.z, 3), c.pValue < 1e-4 ? c.pValue.toExponential(2) : num(c.pValue)])));
  lines.push(metricsTable(r.metrics));
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}

/** `jointscore train`. */
export async function trainCommand(service: Service, args: ParsedArgs, print: Print, withJob: WithJob): Promise<void> {
  checkKnown(args, ['workspace', 'dataset', 'target', 'event', 'purpose', 'population', 'model', 'features', 'binning-sample', 'woe', 'split', 'l2', 'l1', 'solver', 'min-iv', 'name', 'hidden', 'dropout', 'epochs', 'batch-size', 'learning-rate', 'patience', 'class-weight', 'seed', 'allow', 'no-selection']);
  const model = required(args, 'model') as ModelKind;
  const hidden = one(args, 'hidden');
  const classWeight = one(args, 'class-weight');
  if (classWeight !== undefined && classWeight !== 'balanced' && classWeight !== 'none') throw new UsageError('--class-weight is balanced or none');
  const mlp: Partial<MlpConfig> = {
    ...opt('hiddenLayers', hidden === undefined ? undefined : hidden === '' ? [] : hidden.split(',').map(Number)), ...opt('dropout', number(args, 'dropout')), ...opt('epochs', number(args, 'epochs')),
    ...opt('batchSize', number(args, 'batch-size')), ...opt('learningRate', number(args, 'learning-rate')), ...opt('patience', number(args, 'patience')),
    ...opt('classWeight', classWeight as MlpConfig['classWeight'] | undefined), ...opt('seed', number(args, 'seed')),
  };
  const woe = one(args, 'woe');
  const solver = one(args, 'solver');
  if (solver !== undefined && solver !== 'newton' && solver !== 'adam') throw new UsageError('--solver is newton or adam');
  const request: TrainRequest = {
    dataset: required(args, 'dataset'), target: required(args, 'target'), model,
    ...opt('event', one(args, 'event')), ...opt('purpose', one(args, 'purpose') as ModelPurpose | undefined), ...opt('population', one(args, 'population')),
    ...opt('features', list(one(args, 'features'))), ...opt('binningSample', one(args, 'binning-sample')), ...opt('split', one(args, 'split')),
    ...opt('l2', number(args, 'l2')), ...opt('l1', number(args, 'l1')), ...opt('solver', one(args, 'solver') as 'newton' | 'adam' | undefined), ...opt('minIv', number(args, 'min-iv')), ...opt('name', one(args, 'name')),
    ...(woe === 'true' || woe === '1' ? { woe: true } : {}), ...(Object.keys(mlp).length ? { mlp } : {}),
    ...opt('allow', list(args.flags.get('allow')?.join(','))), ...(args.booleans.has('no-selection') ? { useSelection: false } : {}),
  };
  const r = await withJob((jobId) => service.call('model.train', { workspace: required(args, 'workspace'), ...request, jobId }));
  print(r, () => trainText(r));
}

function evaluationText(e: Evaluation): string {
  const lines = [`Model ${e.modelId} '${e.model}' on '${e.dataset}':`, metricsTable(Object.fromEntries(e.samples.map((s) => [s.sample, s.metrics])))];
  const psis = e.samples.filter((s) => s.psi !== null).map((s) => `${s.sample} ${num(s.psi, 4)}`);
  if (psis.length) lines.push(`Score PSI against train: ${psis.join(', ')}`);
  for (const s of e.samples) {
    lines.push(`Deciles, ${s.sample} (highest scores first):`);
    lines.push(table(['band', 'min score', 'max score', 'rows', 'events', 'event rate', 'cum. events', 'lift'], s.bands.map((b) => [b.band, num(b.minScore), num(b.maxScore), b.rows, b.events, pct(b.eventRate), pct(b.cumulativeEvents), num(b.lift, 2)])));
  }
  return lines.join('\n');
}

/** A stored model for a terminal: what it is, where its inputs came from, why its settings, its metrics. */
function modelText(m: StoredModel & { id: number }): string {
  const lines = [`Model ${m.id} '${m.name}' (${m.kind}, ${m.purpose}): ${m.target} = ${m.event}${m.population ? ` on ${m.population}` : ''}, dataset '${m.dataset}', trained ${m.createdAt}.`];
  lines.push(`Inputs (${m.features.length})${m.featureSource ? ` from ${sourceText(m.featureSource)}` : ''}: ${m.features.map((f) => f.name).join(', ')}`);
  if (m.leakage?.outcomesLeftOut.length) lines.push(`Outcome columns left out: ${m.leakage.outcomesLeftOut.join(', ')}.`);
  if (m.leakage?.allowed.length) lines.push(`Kept despite the leakage guard: ${m.leakage.evidence.map((e) => `${e.column} (${e.detail})`).join('; ')}.`);
  if (m.settings?.penalty) lines.push(`Why these settings: L2 penalty ${m.settings.penalty.chosen.l2}, inputs '${m.settings.penalty.chosen.inputs}' — ${m.settings.penalty.reason}.`);
  lines.push(metricsTable(m.metrics));
  return lines.join('\n');
}

/** `jointscore evaluate`. */
export async function evaluateCommand(service: Service, args: ParsedArgs, print: Print, withJob: WithJob): Promise<void> {
  checkKnown(args, ['workspace', 'model', 'dataset']);
  const id = await requiredRef(service, args, required(args, 'workspace'), 'model', 'model', 'see jointscore models');
  const e = await withJob((jobId) => service.call('model.evaluate', { workspace: required(args, 'workspace'), model: id, jobId, ...opt('dataset', one(args, 'dataset')) }));
  print(e, () => evaluationText(e));
}

/** `jointscore models`, `models delete`. */
export async function modelsCommand(service: Service, args: ParsedArgs, print: Print): Promise<void> {
  let ms;
  if (args.positionals[1] === 'show') {
    checkKnown(args, ['workspace', 'model']);
    const id = await requiredRef(service, args, required(args, 'workspace'), 'model', 'model', 'see jointscore models');
    const m = await service.call('model.get', { workspace: required(args, 'workspace'), model: id });
    print(m, () => modelText(m));
    return;
  }
  if (args.positionals[1] === 'rename') {
    checkKnown(args, ['workspace', 'model', 'name']);
    const id = await requiredRef(service, args, required(args, 'workspace'), 'model', 'model', 'see jointscore models');
    const m = await service.call('model.rename', { workspace: required(args, 'workspace'), model: id, name: required(args, 'name') });
    print(m, () => `Model ${m.id} is now '${m.name}'.`);
    return;
  }
  if (args.positionals[1] === 'delete') {
    checkKnown(args, ['workspace', 'model']);
    const id = await requiredRef(service, args, required(args, 'workspace'), 'model', 'model', 'see jointscore models');
    ms = await service.call('model.delete', { workspace: required(args, 'workspace'), model: id });
  } else {
    if (args.positionals[1] !== undefined) throw new UsageError(`unknown models subcommand '${args.positionals[1]}' (models, models show, models rename, models delete)`);
    checkKnown(args, ['workspace', 'dataset']);
    ms = await service.call('model.list', { workspace: required(args, 'workspace'), ...opt('dataset', one(args, 'dataset')) });
  }
  print(ms, () => (ms.length === 0 ? 'No models yet: run `jointscore train`.' : table(['id', 'name', 'kind', 'purpose', 'target', 'population', 'features', 'backend', 'AUC train', 'AUC test', 'AUC oot'],
    ms.map((m) => [m.id, m.name, m.kind, m.purpose, m.target, m.population ?? '', m.features, m.backend, num(m.metrics.train?.auc), num(m.metrics.test?.auc), num(m.metrics.oot?.auc)]))));
}

function scorecardText(r: { scorecardId: number; scorecard: Scorecard; samples: { sample: string; rows: number; auc: number }[] }): string {
  const c = r.scorecard;
  const lines = [
    `Scorecard ${r.scorecardId} of model ${c.modelId} '${c.modelName}': ${c.scaling.baseScore} points at odds ${c.scaling.baseOdds}:1, ${c.scaling.pdo} points to double the odds, ${c.scaling.orientation}${c.scaling.round ? ', rounded' : ''}; scores ${c.scoreRange.min}–${c.scoreRange.max}.`,
    `base points: ${num(c.basePoints, 2)}`,
  ];
  for (const ch of c.characteristics) {
    lines.push(`${ch.name}${ch.party ? ` (${ch.party})` : ''}, ${ch.reasonCode}: points ${num(ch.minPoints, 2)} to ${num(ch.maxPoints, 2)}`);
    lines.push(table(['attribute', 'WOE', 'points', 'rows'], ch.attributes.map((a) => [a.label, num(a.woe), num(a.points, 2), a.count])));
  }
  if (r.samples.length) lines.push(table(['sample', 'rows', 'AUC of the score'], r.samples.map((s) => [s.sample, s.rows, num(s.auc)])));
  return lines.join('\n');
}

/** `jointscore scorecard`, `scorecard show`. */
export async function scorecardCommand(service: Service, args: ParsedArgs, print: Print): Promise<void> {
  if (args.positionals[1] === 'show') {
    checkKnown(args, ['workspace', 'id']);
    const id = await requiredRef(service, args, required(args, 'workspace'), 'id', 'scorecard', 'a scorecard id, or its model\'s name');
    const c = await service.call('scorecard.get', { workspace: required(args, 'workspace'), scorecard: id });
    print(c, () => scorecardText({ scorecardId: c.id, scorecard: c, samples: [] }));
    return;
  }
  if (args.positionals[1] === 'delete') {
    checkKnown(args, ['workspace', 'id']);
    const id = await requiredRef(service, args, required(args, 'workspace'), 'id', 'scorecard', 'a scorecard id, or its model\'s name');
    const r = await service.call('scorecard.delete', { workspace: required(args, 'workspace'), scorecard: id });
    print(r, () => `Deleted scorecard ${r.deleted}.`);
    return;
  }
  checkKnown(args, ['workspace', 'model', 'pdo', 'base-score', 'base-odds', 'orientation', 'reason-codes', 'no-round']);
  const model = await requiredRef(service, args, required(args, 'workspace'), 'model', 'model', 'a scorecard-lr model; see jointscore models');
  const orientation = one(args, 'orientation');
  if (orientation !== undefined && orientation !== 'higher-is-better' && orientation !== 'higher-is-riskier') throw new UsageError('--orientation is higher-is-better or higher-is-riskier');
  const r = await service.call('scorecard.build', {
    workspace: required(args, 'workspace'), model,
    scaling: {
      ...opt('pdo', number(args, 'pdo')), ...opt('baseScore', number(args, 'base-score')), ...opt('baseOdds', number(args, 'base-odds')),
      ...opt('orientation', orientation as 'higher-is-better' | 'higher-is-riskier' | undefined), ...opt('reasonCodes', number(args, 'reason-codes')),
      ...(args.booleans.has('no-round') ? { round: false } : {}),
    },
  });
  print(r, () => scorecardText(r));
}

/** `jointscore funnel`. */
export async function funnelCommand(service: Service, args: ParsedArgs, print: Print): Promise<void> {
  checkKnown(args, ['workspace', 'dataset', 'stages', 'by', 'population']);
  const stages = list(required(args, 'stages')) ?? [];
  const r = await service.call('strategy.funnel', { workspace: required(args, 'workspace'), dataset: required(args, 'dataset'), stages, ...opt('by', one(args, 'by')), ...opt('population', one(args, 'population')) });
  const rows = (s: typeof r.overall) => s.map((x) => [x.stage, x.count, pct(x.conversion), pct(x.dropOff), pct(x.overall)]);
  print(r, () => [
    `Funnel of '${r.dataset}':`,
    table(['stage', 'rows', 'conversion', 'drop-off', 'of exposed'], rows(r.overall)),
    ...r.segments.flatMap((g) => [`${r.by} = ${g.segment}:`, table(['stage', 'rows', 'conversion', 'drop-off', 'of exposed'], rows(g.stages))]),
  ].join('\n'));
}
