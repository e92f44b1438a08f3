import type { InferResult } from '../service/contract';
import { INFERENCE_METHODS, type InferenceMethod } from '../types/inference';
import { checkKnown, number, one, opt, required, UsageError } from './args';
import { num, percent, table } from './format';
import { metricsTable } from './model-commands';
import { requiredRef } from './refs';
import type { Shell } from './shell';
import { headers } from './words';
import { codeWord } from '../i18n/code-word';
import type { Translator } from '../i18n/translate';

const rate = (x: number | null) => (x === null ? '' : percent(x));

function calibrationText(c: NonNullable<InferResult['report']['calibration']>, tr: Translator): string {
  const t = c.train;
  const measured = tr.t('cli.infer.calibrated', { rows: t.rows, column: c.column, observed: percent(t.observed), kgb: percent(t.kgb), factor: num(t.factor, 3), lower: num(t.lower, 3), upper: num(t.upper, 3) });
  return c.check ? `${measured}\n${tr.t('cli.infer.check', { rows: c.check.rows, observed: percent(c.check.observed), kgb: percent(c.check.kgb), inferred: percent(c.check.inferred) })}` : measured;
}

function inferText(r: InferResult, tr: Translator): string {
  const p = r.report;
  const lines = [
    tr.t('cli.infer.head', { id: r.modelId, name: r.name, method: codeWord(tr, 'infer.method', p.method), factor: num(p.factor, 3), kgb: p.kgbModel, known: p.trainKnown, unlabelled: p.trainUnlabelled, rate: percent(p.inferredBadRate), seconds: r.seconds.toFixed(2) }),
    ...(p.calibration ? [calibrationText(p.calibration, tr)] : []),
    ...(p.cutoff !== null ? [tr.t('cli.infer.cutoff', { cutoff: num(p.cutoff, 4) })] : []),
    ...(p.iterations > 1 || !p.converged ? [tr.t(p.converged ? 'cli.infer.converged' : 'cli.infer.notConverged', { iterations: p.iterations })] : []),
    tr.t('cli.infer.shift', { knownRows: p.known.rows, observed: percent(p.known.observed), knownKgb: percent(p.known.kgb), knownInferred: percent(p.known.inferred), unlabelledRows: p.unlabelled.rows, unlabelledKgb: percent(p.unlabelled.kgb), unlabelledInferred: percent(p.unlabelled.inferred), psi: num(p.psi, 4) }),
    table(headers(tr, ['#', 'score range', 'known', 'known bad rate', 'unlabelled', 'known-good-bad', 'inferred']), p.bands.map((b, k) => [k + 1, `${num(b.lower, 4)}–${num(b.upper, 4)}`, b.known, rate(b.knownBadRate), b.unlabelled, rate(b.kgbRate), rate(b.inferredRate)])),
    metricsTable(r.metrics, tr),
  ];
  return lines.join('\n');
}

/** `jointscore infer`: reject inference from a known-good-bad model. */
export async function inferCommand(sh: Shell): Promise<void> {
  const { service, args, print, withJob, tr } = sh;
  checkKnown(args, ['workspace', 'model', 'population', 'method', 'factor', 'calibrate', 'cutoff', 'bands', 'iterate', 'name', 'seed']);
  const workspace = required(args, 'workspace');
  const method = one(args, 'method');
  if (method !== undefined && !(INFERENCE_METHODS as readonly string[]).includes(method)) throw new UsageError(`--method is ${INFERENCE_METHODS.join(', ')}; got '${method}'`);
  const model = await requiredRef(service, args, workspace, 'model', 'model', 'the known-good-bad model');
  const r = await withJob((jobId) => service.call('model.infer', {
    workspace, model, jobId, ...opt('population', one(args, 'population')), ...opt('method', method as InferenceMethod | undefined), ...opt('factor', number(args, 'factor')), ...opt('calibrate', one(args, 'calibrate')),
    ...opt('cutoff', number(args, 'cutoff')), ...opt('bands', number(args, 'bands')), ...opt('name', one(args, 'name')), ...opt('seed', number(args, 'seed')),
    ...(args.booleans.has('iterate') ? { iterate: true } : {}),
  }));
  print(r, () => inferText(r, tr));
}
