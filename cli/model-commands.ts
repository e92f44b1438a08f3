import type { Evaluation, SplitResult, TrainRequest, TrainResult } from '../service/contract';
import type { MlpConfig, ModelKind, ModelPurpose, SampleMetrics, StoredModel } from '../types/model';
import type { Scorecard } from '../types/scorecard';
import { checkKnown, list, number, one, opt, pairs, required, truth, UsageError, weightOption } from './args';
import type { Shell } from './shell';
import { num, percent, table } from './format';
import { headers } from './words';
import { codeWord } from '../i18n/code-word';
import { binLabel } from '../i18n/bin-label';
import { phraseParam, phraseSaid } from '../i18n/phrase-said';
import type { Translator } from '../i18n/translate';
import { requiredRef } from './refs';


const pct = (x: number | null) => percent(x, 2);

export function metricsTable(metrics: Partial<Record<string, SampleMetrics>>, tr: Translator): string {
  const rows = Object.entries(metrics).map(([s, m]) => [codeWord(tr, 'sample', s), m!.rows, m!.events, num(m!.auc), `${num(m!.aucLower, 3)}–${num(m!.aucUpper, 3)}`, num(m!.ks), num(m!.gini), num(m!.logLoss), num(m!.brier)]);
  return table(headers(tr, ['sample', 'rows', 'events', 'AUC', 'AUC 95% CI', 'KS', 'Gini', 'log-loss', 'Brier']), rows);
}

/** `jointscore split`. */
export async function splitCommand(sh: Shell): Promise<void> {
  const { service, args, print, tr } = sh;
  checkKnown(args, ['workspace', 'dataset', 'random', 'seed', 'stratify', 'time', 'oot-from', 'test-from', 'by-column', 'name', 'target', 'event']);
  const r: SplitResult = await service.call('split.run', {
    workspace: required(args, 'workspace'), dataset: required(args, 'dataset'),
    ...opt('random', number(args, 'random')), ...opt('seed', number(args, 'seed')), ...opt('stratify', one(args, 'stratify')),
    ...opt('time', one(args, 'time')), ...opt('ootFrom', one(args, 'oot-from')), ...opt('testFrom', one(args, 'test-from')),
    ...opt('byColumn', one(args, 'by-column')), ...opt('name', one(args, 'name')), ...opt('target', one(args, 'target')), ...opt('event', one(args, 'event')),
  });
  const head = tr.t('cli.split.head', { column: r.column, dataset: r.dataset, method: codeWord(tr, 'audit.d.method', r.method), stratify: r.params.stratify ? tr.t('cli.split.stratified', { column: String(r.params.stratify) }) : '' });
  const counts = table(headers(tr, ['sample', 'rows', 'events', 'event rate']), r.counts.map((c) => [codeWord(tr, 'sample', c.sample), c.rows, c.events ?? '', pct(c.eventRate)]));
  print(r, () => `${head}\n${counts}${r.unassigned ? `\n${tr.t('cli.split.unassigned', { rows: r.unassigned })}` : ''}`);
}

/** `jointscore select`. */
export async function selectCommand(sh: Shell): Promise<void> {
  const { service, args, print, withJob, tr } = sh;
  if (args.positionals[1] === 'show') {
    checkKnown(args, ['workspace', 'dataset', 'target', 'event', 'population']);
    const s = await service.call('select.latest', { workspace: required(args, 'workspace'), dataset: required(args, 'dataset'), target: required(args, 'target'), ...opt('event', one(args, 'event')), ...opt('population', one(args, 'population')) });
    print(s, () => (s ? tr.t('cli.select.stored', { id: s.selectionId, at: s.createdAt, names: s.selected.join(', ') }) : tr.t('cli.select.none')));
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
    tr.t('cli.select.selected', { selected: r.selected.length, variables: r.variables.length, target: r.target, event: r.event, names: r.selected.join(', ') }),
    table(headers(tr, ['step', 'variable', 'action', 'reason']), r.steps.map((s) => [tr.t(`sel.stepName.${s.step}`), s.variable, tr.t(`sel.actionName.${s.action}`), phraseSaid(s.said, tr)])),
  ].join('\n'));
}

function sourceText(s: TrainResult['featureSource'], tr: Translator): string {
  return s.kind === 'selection' ? tr.t('cli.source.selection', { id: s.selectionId, at: s.createdAt }) : s.kind === 'request' ? tr.t('cli.source.request') : tr.t('cli.source.default', { rule: phraseParam('inputs', s.rule, tr) });
}

/** Why the penalty: the inputs (unless named by the user), the L2 chosen and cross-validation's reason. */
function penaltyText(p: NonNullable<TrainResult['settings']['penalty']>, tr: Translator): string {
  const named = p.chosen.inputs === 'selection' || p.chosen.inputs === 'request';
  return tr.t('cli.why.penalty', { inputs: named ? '' : tr.t('cli.why.inputs', { inputs: phraseParam('inputs', p.chosen.inputs, tr) }), l2: p.chosen.l2, reason: p.said ? phraseSaid(p.said, tr) : p.reason });
}

function trainText(r: TrainResult, tr: Translator): string {
  const lines = [tr.t('cli.train.head', { id: r.modelId, name: r.name, kind: r.kind, purpose: codeWord(tr, 'purpose', r.purpose), rows: r.rows.train, seconds: r.seconds.toFixed(2), backend: r.backend })];
  lines.push(tr.t('cli.train.inputs', { count: r.features.length, source: sourceText(r.featureSource, tr), names: r.features.join(', ') }));
  if (r.settings.penalty) lines.push(penaltyText(r.settings.penalty, tr));
  if (r.settings.binning.length) lines.push(tr.t('cli.train.binningCv', { list: r.settings.binning.map((b) => `${b.variable} ${b.trend}/${b.minBinShare}`).join(', ') }));
  if (r.coefficients.length) lines.push(table(headers(tr, ['term', 'party', 'coefficient', 'std. error', 'z', 'p-value']), r.coefficients.map((c) => [c.name === '(intercept)' ? tr.t('cli.intercept') : c.name, codeWord(tr, 'party', c.party), num(c.coefficient, 6), num(c.standardError, 6), num(c.z, 3), c.pValue < 1e-4 ? c.pValue.toExponential(2) : num(c.pValue)])));
  lines.push(metricsTable(r.metrics, tr));
  for (const w of r.notes) lines.push(tr.t('cli.warning', { text: phraseSaid(w, tr) }));
  return lines.join('\n');
}

/** `jointscore train`. */
export async function trainCommand(sh: Shell): Promise<void> {
  const { service, args, print, withJob, tr } = sh;
  checkKnown(args, ['workspace', 'dataset', 'target', 'event', 'purpose', 'population', 'model', 'features', 'binning-sample', 'woe', 'split', 'l2', 'l1', 'solver', 'min-iv', 'name', 'hidden', 'dropout', 'epochs', 'batch-size', 'learning-rate', 'patience', 'class-weight', 'seed', 'allow', 'no-selection', 'trees', 'max-leaves', 'max-depth', 'min-leaf', 'subsample', 'colsample', 'early-stopping', 'monotone', 'weight', 'no-weight']);
  const model = required(args, 'model') as ModelKind;
  const hidden = one(args, 'hidden');
  const classWeight = one(args, 'class-weight');
  if (classWeight !== undefined && classWeight !== 'balanced' && classWeight !== 'none') throw new UsageError('--class-weight is balanced or none');
  const mlp: Partial<MlpConfig> = {
    ...opt('hiddenLayers', hidden === undefined ? undefined : hidden === '' ? [] : hidden.split(',').map(Number)), ...opt('dropout', number(args, 'dropout')), ...opt('epochs', number(args, 'epochs')),
    ...opt('batchSize', number(args, 'batch-size')), ...opt('learningRate', number(args, 'learning-rate')), ...opt('patience', number(args, 'patience')),
    ...opt('classWeight', classWeight as MlpConfig['classWeight'] | undefined), ...opt('seed', number(args, 'seed')),
  };
  const early = one(args, 'early-stopping');
  if (early !== undefined && !['auto', 'on', 'off'].includes(early)) throw new UsageError('--early-stopping is auto, on or off');
  const monotone = Object.fromEntries(Object.entries(pairs(args, 'monotone')).map(([c, v]) => {
    const sign = v === '+1' || v === '1' || v === 'increasing' ? 1 : v === '-1' || v === 'decreasing' ? -1 : NaN;
    if (Number.isNaN(sign)) throw new UsageError(`--monotone takes COLUMN=+1 or COLUMN=-1; got '${c}=${v}'`);
    return [c, sign];
  }));
  const gbdt: TrainRequest['gbdt'] = model !== 'gbdt' ? undefined : {
    ...opt('maxIter', number(args, 'trees')), ...opt('maxLeafNodes', number(args, 'max-leaves')), ...opt('maxDepth', number(args, 'max-depth')), ...opt('minSamplesLeaf', number(args, 'min-leaf')),
    ...opt('learningRate', number(args, 'learning-rate')), ...opt('l2', number(args, 'l2')), ...opt('subsample', number(args, 'subsample')), ...opt('colsample', number(args, 'colsample')),
    ...opt('seed', number(args, 'seed')), ...opt('classWeight', classWeight as 'balanced' | 'none' | undefined),
    ...(early !== undefined ? { earlyStopping: early === 'auto' ? 'auto' as const : early === 'on' } : {}), ...(Object.keys(monotone).length ? { monotone } : {}),
  };
  const woe = truth(args, 'woe');
  const solver = one(args, 'solver');
  if (solver !== undefined && solver !== 'newton' && solver !== 'adam') throw new UsageError('--solver is newton or adam');
  const request: TrainRequest = {
    dataset: required(args, 'dataset'), target: required(args, 'target'), model,
    ...opt('event', one(args, 'event')), ...opt('purpose', one(args, 'purpose') as ModelPurpose | undefined), ...opt('population', one(args, 'population')),
    ...opt('features', list(one(args, 'features'))), ...opt('binningSample', one(args, 'binning-sample')), ...opt('split', one(args, 'split')),
    ...opt('l2', model === 'gbdt' ? undefined : number(args, 'l2')), ...opt('l1', number(args, 'l1')), ...opt('solver', one(args, 'solver') as 'newton' | 'adam' | undefined), ...opt('minIv', number(args, 'min-iv')), ...opt('name', one(args, 'name')),
    ...(woe ? { woe: true } : {}), ...(model !== 'gbdt' && Object.keys(mlp).length ? { mlp } : {}), ...(gbdt ? { gbdt } : {}),
    ...opt('allow', list(args.flags.get('allow')?.join(','))), ...(args.booleans.has('no-selection') ? { useSelection: false } : {}), ...weightOption(args),
  };
  const r = await withJob((jobId) => service.call('model.train', { workspace: required(args, 'workspace'), ...request, jobId }));
  print(r, () => trainText(r, tr));
}

function evaluationText(e: Evaluation, tr: Translator): string {
  const lines = [tr.t('cli.evaluate.head', { id: e.modelId, model: e.model, dataset: e.dataset }), metricsTable(Object.fromEntries(e.samples.map((s) => [s.sample, s.metrics])), tr)];
  const psis = e.samples.filter((s) => s.psi !== null).map((s) => `${codeWord(tr, 'sample', s.sample)} ${num(s.psi, 4)}`);
  if (psis.length) lines.push(tr.t('cli.evaluate.psi', { list: psis.join(', ') }));
  for (const s of e.samples) {
    lines.push(tr.t('cli.evaluate.deciles', { sample: codeWord(tr, 'sample', s.sample) }));
    lines.push(table(headers(tr, ['band', 'min score', 'max score', 'rows', 'events', 'event rate', 'cum. events', 'lift']), s.bands.map((b) => [b.band, num(b.minScore), num(b.maxScore), b.rows, b.events, pct(b.eventRate), pct(b.cumulativeEvents), num(b.lift, 2)])));
  }
  return lines.join('\n');
}

/** A stored model for a terminal: what it is, where its inputs came from, why its settings, its metrics. */
function modelText(m: StoredModel & { id: number }, tr: Translator): string {
  const lines = [tr.t('cli.model.head', { id: m.id, name: m.name, kind: m.kind, purpose: codeWord(tr, 'purpose', m.purpose), target: m.target, event: m.event, population: m.population ? tr.t('cli.model.population', { population: m.population }) : '', dataset: m.dataset, at: m.createdAt })];
  lines.push(m.featureSource ? tr.t('cli.train.inputs', { count: m.features.length, source: sourceText(m.featureSource, tr), names: m.features.map((f) => f.name).join(', ') }) : tr.t('cli.model.inputs', { count: m.features.length, names: m.features.map((f) => f.name).join(', ') }));
  if (m.leakage?.outcomesLeftOut.length) lines.push(tr.t('cli.bin.outcomesLeftOut', { columns: m.leakage.outcomesLeftOut.join(', ') }));
  if (m.leakage?.allowed.length) lines.push(tr.t('cli.model.keptDespite', { evidence: m.leakage.evidence.map((e) => `${e.column} (${e.said ? phraseSaid(e.said, tr) : e.detail})`).join('; ') }));
  if (m.settings?.penalty) lines.push(penaltyText(m.settings.penalty, tr));
  lines.push(metricsTable(m.metrics, tr));
  return lines.join('\n');
}

/** `jointscore evaluate`. */
export async function evaluateCommand(sh: Shell): Promise<void> {
  const { service, args, print, withJob, tr } = sh;
  checkKnown(args, ['workspace', 'model', 'dataset']);
  const id = await requiredRef(service, args, required(args, 'workspace'), 'model', 'model', 'see jointscore models');
  const e = await withJob((jobId) => service.call('model.evaluate', { workspace: required(args, 'workspace'), model: id, jobId, ...opt('dataset', one(args, 'dataset')) }));
  print(e, () => evaluationText(e, tr));
}

/** `jointscore models`, `models delete`. */
export async function modelsCommand(sh: Shell): Promise<void> {
  const { service, args, print, tr } = sh;
  let ms;
  if (args.positionals[1] === 'show') {
    checkKnown(args, ['workspace', 'model']);
    const id = await requiredRef(service, args, required(args, 'workspace'), 'model', 'model', 'see jointscore models');
    const m = await service.call('model.get', { workspace: required(args, 'workspace'), model: id });
    print(m, () => modelText(m, tr));
    return;
  }
  if (args.positionals[1] === 'rename') {
    checkKnown(args, ['workspace', 'model', 'name']);
    const id = await requiredRef(service, args, required(args, 'workspace'), 'model', 'model', 'see jointscore models');
    const m = await service.call('model.rename', { workspace: required(args, 'workspace'), model: id, name: required(args, 'name') });
    print(m, () => tr.t('cli.model.renamed', { id: m.id, name: m.name }));
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
  print(ms, () => (ms.length === 0 ? tr.t('cli.model.none') : table(headers(tr, ['id', 'name', 'kind', 'purpose', 'target', 'population', 'features', 'backend', 'AUC train', 'AUC test', 'AUC oot']),
    ms.map((m) => [m.id, m.name, m.kind, codeWord(tr, 'purpose', m.purpose), m.target, m.population ?? '', m.features, m.backend, num(m.metrics.train?.auc), num(m.metrics.test?.auc), num(m.metrics.oot?.auc)]))));
}

function scorecardText(r: { scorecardId: number; scorecard: Scorecard; samples: { sample: string; rows: number; auc: number }[] }, tr: Translator): string {
  const c = r.scorecard;
  const s = c.scaling;
  const lines = [
    tr.t('cli.scorecard.head', { id: r.scorecardId, model: c.modelId, name: c.modelName, base: s.baseScore, odds: s.baseOdds, pdo: s.pdo, orientation: codeWord(tr, 'cli.orient', s.orientation), rounded: s.round ? 'yes' : 'no', min: c.scoreRange.min, max: c.scoreRange.max }),
    c.scaled ? tr.t('cli.scorecard.scaled', { offset: num(c.offset, 4), sign: c.scaling.orientation === 'higher-is-better' ? '-' : '+', factor: num(c.factor, 4) }) : tr.t('cli.scorecard.base', { points: num(c.basePoints, 2) }),
  ];
  for (const ch of c.characteristics) {
    lines.push(tr.t('cli.scorecard.characteristic', { name: ch.name, party: ch.party ? ` (${codeWord(tr, 'party', ch.party)})` : '', code: ch.reasonCode, min: num(ch.minPoints, 2), max: num(ch.maxPoints, 2) }));
    lines.push(table(headers(tr, ['attribute', 'WOE', 'points', 'rows']), ch.attributes.map((a) => [binLabel(a, tr.t), num(a.woe), num(a.points, 2), a.count])));
  }
  if (r.samples.length) lines.push(table(headers(tr, ['sample', 'rows', 'AUC of the score']), r.samples.map((x) => [codeWord(tr, 'sample', x.sample), x.rows, num(x.auc)])));
  return lines.join('\n');
}

/** `jointscore scorecard`, `scorecard show`. */
export async function scorecardCommand(sh: Shell): Promise<void> {
  const { service, args, print, tr } = sh;
  if (args.positionals[1] === 'show') {
    checkKnown(args, ['workspace', 'id']);
    const id = await requiredRef(service, args, required(args, 'workspace'), 'id', 'scorecard', 'a scorecard id, or its model\'s name');
    const c = await service.call('scorecard.get', { workspace: required(args, 'workspace'), scorecard: id });
    print(c, () => scorecardText({ scorecardId: c.id, scorecard: c, samples: [] }, tr));
    return;
  }
  if (args.positionals[1] === 'delete') {
    checkKnown(args, ['workspace', 'id']);
    const id = await requiredRef(service, args, required(args, 'workspace'), 'id', 'scorecard', 'a scorecard id, or its model\'s name');
    const r = await service.call('scorecard.delete', { workspace: required(args, 'workspace'), scorecard: id });
    print(r, () => tr.t('cli.scorecard.deleted', { id: r.deleted }));
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
  print(r, () => scorecardText(r, tr));
}

/** `jointscore funnel`. */
export async function funnelCommand(sh: Shell): Promise<void> {
  const { service, args, print, tr } = sh;
  checkKnown(args, ['workspace', 'dataset', 'stages', 'by', 'population']);
  const stages = list(required(args, 'stages')) ?? [];
  const r = await service.call('strategy.funnel', { workspace: required(args, 'workspace'), dataset: required(args, 'dataset'), stages, ...opt('by', one(args, 'by')), ...opt('population', one(args, 'population')) });
  const rows = (s: typeof r.overall) => s.map((x) => [x.stage === 'exposed' ? tr.t('funnel.exposed') : x.stage, x.count, pct(x.conversion), pct(x.dropOff), pct(x.overall)]);
  const heads = headers(tr, ['stage', 'rows', 'conversion', 'drop-off', 'of exposed']);
  print(r, () => [
    tr.t('cli.funnel', { dataset: r.dataset }),
    table(heads, rows(r.overall)),
    ...r.segments.flatMap((g) => [`${r.by} = ${g.segment}:`, table(heads, rows(g.stages))]),
  ].join('\n'));
}

/** `jointscore dependence`: the partial dependence of a model's log-odds on one input. */
export async function dependenceCommand(sh: Shell): Promise<void> {
  const { service, args, print, tr } = sh;
  checkKnown(args, ['workspace', 'model', 'feature', 'points', 'rows']);
  const id = await requiredRef(service, args, required(args, 'workspace'), 'model', 'model', 'see jointscore models');
  const d = await service.call('model.dependence', { workspace: required(args, 'workspace'), model: id, feature: required(args, 'feature'), ...opt('points', number(args, 'points')), ...opt('rows', number(args, 'rows')) });
  print(d, () => [
    tr.t('cli.dependence.head', { feature: d.feature, id: d.modelId, model: d.model, rows: d.rows }),
    table(headers(tr, [d.feature, 'mean log-odds']), [...d.grid.map((g, k) => [typeof g === 'number' ? num(g, 4) : g, num(d.logOdds[k]!, 4)]), [tr.t('binLabel.missing'), num(d.missing, 4)]]),
  ].join('\n'));
}

/** `jointscore explain`: why rows scored as they did (TreeSHAP contributions and the top adverse reasons). */
export async function explainCommand(sh: Shell): Promise<void> {
  const { service, args, print, tr } = sh;
  checkKnown(args, ['workspace', 'model', 'dataset', 'rows', 'top']);
  const rows = (list(required(args, 'rows')) ?? []).map((x) => {
    const n = Number(x);
    if (!Number.isInteger(n)) throw new UsageError(`--rows takes row numbers separated by commas; got '${x}'`);
    return n;
  });
  const id = await requiredRef(service, args, required(args, 'workspace'), 'model', 'model', 'see jointscore models');
  const e = await service.call('model.explain', { workspace: required(args, 'workspace'), model: id, rows, ...opt('dataset', one(args, 'dataset')), ...opt('top', number(args, 'top')) });
  const show = (c: { input: string; value: string | number | null; contribution: number }) => `${c.input}=${c.value ?? tr.t('binLabel.missing')} (${c.contribution >= 0 ? '+' : ''}${num(c.contribution, 3)})`;
  print(e, () => [
    tr.t(e.method === 'tree-shap' ? 'cli.explain.head' : 'cli.explain.headIg', { id: e.modelId, model: e.model, dataset: e.dataset }),
    ...e.rows.map((r) => tr.t('cli.explain.row', { row: r.row, probability: num(r.probability, 4), logOdds: num(r.logOdds, 4), expected: num(r.expected, 4), reasons: r.reasons.map(show).join('; ') || tr.t('cli.rta.none') })),
  ].join('\n'));
}
