import type { UpliftResult } from '../service/contract';
import { UPLIFT_LEARNERS, UPLIFT_METHODS, type UpliftLearner, type UpliftMethod } from '../types/uplift';
import { checkKnown, list, number, one, opt, required, UsageError, type ParsedArgs } from './args';
import { num, percent, table } from './format';
import type { Shell } from './shell';
import { headers } from './words';
import { codeWord } from '../i18n/code-word';
import type { Translator } from '../i18n/translate';
import { phraseSaid } from '../i18n/phrase-said';

const signed = (x: number | null) => (x === null ? '' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} pt`);

export function upliftText(r: UpliftResult, tr: Translator): string {
  const arms = table(headers(tr, ['arm', 'treated rate', 'control rate', 'uplift', 'Qini', 'top decile']), r.arms.map((a) => [a.key, percent(a.treatedRate), percent(a.controlRate), signed(a.treatedRate - a.controlRate), num(a.qini, 5), signed(a.deciles[0]?.uplift ?? null)]));
  const tiers = table(headers(tr, ['tier', 'customers', 'share', 'control rate', 'uplift', 'recommended']), r.tiers.map((t) => [codeWord(tr, 'uplift.tier', t.tier), t.customers, percent(t.share), percent(t.meanControlRate), signed(t.meanUplift), t.recommended.slice(0, 2).map((x) => `${x.arm === 'none' ? tr.t('cli.uplift.none') : x.arm} ${percent(x.share, 0)}`).join(', ')]));
  const offers = table(headers(tr, ['offer', 'customers', 'share', 'value per customer']), r.recommendations.map((x) => [x.arm === 'none' ? tr.t('cli.uplift.none') : x.arm, x.customers, percent(x.share), num(x.incrementalValue, 2)]));
  return [
    tr.t('cli.uplift.head', { id: r.upliftId, name: r.name, arms: r.arms.length, method: codeWord(tr, 'uplift.method', r.method), learner: r.learner, sample: codeWord(tr, 'sample', r.evaluation), seconds: r.seconds.toFixed(1) }),
    arms,
    tr.t('cli.uplift.tiers', { threshold: (r.thresholds.uplift * 100).toFixed(1), rate: percent(r.thresholds.controlRate) }),
    tiers,
    tr.t('cli.uplift.offers', { value: num(r.valuePerResponse, 2) }),
    offers,
    ...(r.notes ?? []).map((w) => tr.t('cli.warning', { text: phraseSaid(w, tr) })),
  ].join('\n');
}

/** `--offer-cost coupon=30,price_cut=60` (or the flag repeated): amounts by name. */
function costs(args: ParsedArgs, flag: string): Record<string, number> {
  return Object.fromEntries((args.flags.get(flag) ?? []).flatMap((v) => v.split(',')).map((p) => {
    const eq = p.lastIndexOf('='), n = Number(p.slice(eq + 1));
    if (eq <= 0 || !Number.isFinite(n) || n < 0) throw new UsageError(`--${flag} takes NAME=AMOUNT with an amount ≥ 0; got '${p}'`);
    return [p.slice(0, eq).trim(), n];
  }));
}

/** `jointscore uplift`, `uplift list`, `uplift show`. */
export async function upliftCommand(sh: Shell): Promise<void> {
  const { service, args, print, withJob, tr } = sh;
  const sub = args.positionals[1];
  if (sub === 'list') {
    checkKnown(args, ['workspace', 'dataset']);
    const l = await service.call('uplift.list', { workspace: required(args, 'workspace'), ...opt('dataset', one(args, 'dataset')) });
    print(l, () => (l.length === 0 ? tr.t('cli.uplift.empty') : table(headers(tr, ['id', 'name', 'arms', 'best Qini', 'created']), l.map((u) => [u.upliftId, u.name, u.arms, num(u.bestQini, 5), u.createdAt]))));
    return;
  }
  if (sub === 'show') {
    checkKnown(args, ['workspace', 'id']);
    const r = await service.call('uplift.get', { workspace: required(args, 'workspace'), uplift: Number(required(args, 'id')) });
    print(r, () => upliftText(r, tr));
    return;
  }
  if (sub === 'export') {
    checkKnown(args, ['workspace', 'id', 'out', 'min-bin-rows']);
    const r = await service.call('uplift.export', { workspace: required(args, 'workspace'), uplift: Number(required(args, 'id')), out: required(args, 'out'), ...opt('minBinRows', number(args, 'min-bin-rows')) });
    print(r, () => `${tr.t('cli.uplift.exported', { out: r.out, arms: r.arms.join(', ') })}\n${table(headers(tr, ['file', 'bytes', 'sha256']), r.files.map((f) => [f.path, f.bytes, f.sha256]))}`);
    return;
  }
  if (sub !== undefined) throw new UsageError(`unknown uplift subcommand '${sub}' (uplift, uplift list, uplift show, uplift export)`);
  checkKnown(args, ['workspace', 'dataset', 'target', 'event', 'treatment', 'control', 'channel', 'method', 'learner', 'features', 'value', 'value-per-response', 'offer-cost', 'contact-cost', 'tier-threshold', 'l2', 'trees', 'allow', 'name']);
  const method = one(args, 'method'), learner = one(args, 'learner');
  if (method !== undefined && !(UPLIFT_METHODS as readonly string[]).includes(method)) throw new UsageError(`--method is ${UPLIFT_METHODS.join(' or ')}; got '${method}'`);
  if (learner !== undefined && !(UPLIFT_LEARNERS as readonly string[]).includes(learner)) throw new UsageError(`--learner is ${UPLIFT_LEARNERS.join(' or ')}; got '${learner}'`);
  if (one(args, 'value') !== undefined && one(args, 'value-per-response') !== undefined) throw new UsageError('--value and --value-per-response exclude each other');
  const trees = number(args, 'trees');
  const r = await withJob((jobId) => service.call('uplift.run', {
    workspace: required(args, 'workspace'), dataset: required(args, 'dataset'), target: required(args, 'target'), treatment: required(args, 'treatment'), jobId,
    ...opt('event', one(args, 'event')), ...opt('control', one(args, 'control')), ...opt('channel', one(args, 'channel')),
    ...opt('method', method as UpliftMethod | undefined), ...opt('learner', learner as UpliftLearner | undefined), ...opt('features', list(one(args, 'features'))),
    ...opt('value', one(args, 'value')), ...opt('valuePerResponse', number(args, 'value-per-response')),
    ...(args.flags.has('offer-cost') ? { offerCost: costs(args, 'offer-cost') } : {}),
    ...(args.flags.has('contact-cost') ? { contactCost: costs(args, 'contact-cost') } : {}),
    ...opt('tierThreshold', number(args, 'tier-threshold')), ...opt('l2', number(args, 'l2')), ...(trees !== undefined ? { gbdt: { maxIter: trees } } : {}),
    ...opt('allow', list(args.flags.get('allow')?.join(','))), ...opt('name', one(args, 'name')),
  }));
  print(r, () => upliftText(r, tr));
}
