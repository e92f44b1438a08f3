import type { Database } from 'better-sqlite3';
import { appendAudit } from '../../data/store/audit-log';
import { saveArtifact } from '../../data/store/artifacts';
import { readColumn } from '../../data/store/column-chunks';
import { getDataset, type StoredDataset } from '../../data/store/datasets';
import { binaryTarget } from '../../data/profile/target';
import type { GbdtConfig } from '../../models/gbdt/train-gbdt';
import { qini, upliftByDecile } from '../../models/uplift/qini';
import { bestArm, tierOf, type ArmCost } from '../../models/uplift/recommend';
import type { ColumnData } from '../../types/columns';
import { AppError } from '../../types/errors';
import type { JobControls } from '../../types/progress';
import { UPLIFT_LEARNERS, UPLIFT_METHODS, UPLIFT_TIERS, type StoredUplift, type UpliftArm, type UpliftLearner, type UpliftMethod, type UpliftTierSummary } from '../../types/uplift';
import { guardAgainstLeakage } from '../modeling/leakage-guard';
import { said, type Said } from '../../types/said';
import { saidInEnglish } from '../../i18n/phrase-said';
import { statsOf } from '../../models/binning/bin-variable';
import { leakageEvidence } from '../../models/selection/leakage';
import { sampleCodes } from '../modeling/model-inputs';
import { loadTfBackend } from '../tf/load-backend';
import { fitPart, predictPart, woeEncodings, type FeatureSourceOf, type PartSettings } from './uplift-parts';

export const UPLIFT = 'uplift';

/** Trees for uplift parts: an uplift is a small difference of two responses, so each part's trees are kept small, slow and well fed. */
export const UPLIFT_GBDT: Partial<GbdtConfig> = { maxIter: 100, learningRate: 0.05, maxLeafNodes: 8, minSamplesLeaf: 100 };

export interface UpliftRequest {
  dataset: string;
  /** The response (e.g. drew down within 30 days) and its event value. */
  target: string;
  event?: string;
  /** The column naming each customer's offer; `control` its value for no offer (default `none`, else `0`, `control`). */
  treatment: string;
  control?: string;
  /** A column naming the channel of the contact: arms are then offer × channel. */
  channel?: string;
  method?: UpliftMethod;
  learner?: UpliftLearner;
  features?: string[];
  /** Value of one response: a column (its mean over the control group's responders) or a number (default 1). */
  value?: string;
  valuePerResponse?: number;
  /** Take-up cost per offer and contact cost per channel, e.g. { coupon: 30 } and { call: 2 }. */
  offerCost?: Record<string, number>;
  contactCost?: Record<string, number>;
  /** Tier rule: mean uplift over the arms at least this (points as a share, default 0.02) is persuadable, at most its negative do-not-disturb. */
  tierThreshold?: number;
  l2?: number;
  gbdt?: Partial<GbdtConfig>;
  allow?: string[];
  name?: string;
}

export type UpliftResult = StoredUplift & { upliftId: number };

const SKIP_ROLES = new Set(['key', 'target', 'outcome', 'time', 'sample', 'weight', 'treatment', 'exclude']);

function column(db: Database, ds: StoredDataset, name: string, option: string): ColumnData {
  if (!ds.columns.some((c) => c.name === name)) throw new AppError('NOT_FOUND', `Dataset '${ds.name}' has no column '${name}'.`, { option, column: name, expected: 'a column of the dataset' });
  return readColumn(db, ds, name);
}

/** Each row's arm label (treatment, or treatment/channel) or null for control or missing, and whether it is control. */
function armsOf(treatment: ColumnData, channel: ColumnData | null, control: string): { label: (string | null)[]; isControl: Uint8Array } {
  const text = (c: ColumnData, i: number): string | null => (c.kind === 'f64' ? (Number.isNaN(c.values[i]!) ? null : String(c.values[i])) : c.codes[i]! < 0 ? null : c.dictionary[c.codes[i]!]!);
  const n = treatment.kind === 'f64' ? treatment.values.length : treatment.codes.length;
  const label: (string | null)[] = new Array(n).fill(null);
  const isControl = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const t = text(treatment, i);
    if (t === null) continue;
    if (t === control) { isControl[i] = 1; continue; }
    const ch = channel ? text(channel, i) : null;
    if (channel && ch === null) continue;
    label[i] = ch ? `${t}/${ch}` : t;
  }
  return { label, isControl };
}

function controlValueOf(treatment: ColumnData, given: string | undefined): string {
  const values = treatment.kind === 'i32' ? treatment.dictionary : ['0', '1'];
  const control = given ?? ['none', '0', 'control', 'no_offer'].find((v) => values.includes(v));
  if (control === undefined || !values.includes(control)) throw new AppError('INVALID_ARGUMENT', `The treatment column has no control value${given ? ` '${given}'` : ' (none, 0, control)'}; name it with control.`, { option: 'control', expected: values.slice(0, 10).join(' | '), got: given ?? '' });
  return control;
}

function defaultInputs(ds: StoredDataset, exclude: readonly string[]): string[] {
  return ds.columns.filter((c) => !SKIP_ROLES.has(c.role) && c.role === 'feature' && (c.type === 'numeric' || c.type === 'categorical') && !exclude.includes(c.name)).map((c) => c.name);
}

/**
 * Uplift models from a randomized campaign: per arm (offer, or offer × channel) the change in the
 * response an offer brings against the control group, by two models (the arm's response less the
 * control's) or by class transformation (one model of Z = response if treated, else non-response,
 * the arm and control reweighted to equal size: uplift = 2·P(Z) − 1), on WOE logistic regression
 * or trees; Qini and uplift by decile on the evaluation sample; each customer's tier and the arm
 * worth most given the value of a response and the costs.
 */
export async function fitUplift(db: Database, req: UpliftRequest, controls: JobControls): Promise<UpliftResult> {
  const started = performance.now();
  await loadTfBackend();
  const method = req.method ?? 'two-model', learner = req.learner ?? 'scorecard-lr';
  if (!UPLIFT_METHODS.includes(method)) throw new AppError('INVALID_ARGUMENT', `The uplift method must be ${UPLIFT_METHODS.join(' or ')}; got '${String(method)}'.`, { option: 'method', expected: UPLIFT_METHODS.join(' | '), got: String(method) });
  if (!UPLIFT_LEARNERS.includes(learner)) throw new AppError('INVALID_ARGUMENT', `The uplift learner must be ${UPLIFT_LEARNERS.join(' or ')}; got '${String(learner)}'.`, { option: 'learner', expected: UPLIFT_LEARNERS.join(' | '), got: String(learner) });
  const threshold = req.tierThreshold ?? 0.02;
  if (!(threshold > 0 && threshold < 1)) throw new AppError('INVALID_ARGUMENT', `The tier threshold is an uplift in (0, 1); got ${String(req.tierThreshold)}.`, { option: 'tierThreshold', expected: 'a share such as 0.02', got: String(req.tierThreshold) });
  const ds = getDataset(db, req.dataset);
  const cache = new Map<string, ColumnData>();
  const columnOf = (n: string) => { let c = cache.get(n); if (!c) { c = column(db, ds, n, 'features'); cache.set(n, c); } return c; };
  const target = binaryTarget(req.target, column(db, ds, req.target, 'target'), req.event);
  const treatment = column(db, ds, req.treatment, 'treatment');
  const control = controlValueOf(treatment, req.control);
  const arms = armsOf(treatment, req.channel ? column(db, ds, req.channel, 'channel') : null, control);
  const { codes } = sampleCodes(db, ds);
  const evaluationCode = codes.some((c) => c === 1) ? 1 : 0;
  const notes: Said[] = evaluationCode === 0 ? [said('warn.upliftOnTrain')] : [];
  const warnings = notes.map(saidInEnglish);
  const inputs = req.features?.length ? req.features : defaultInputs(ds, [req.target, req.treatment, req.channel ?? '', req.value ?? '']);
  if (inputs.length === 0) throw new AppError('INVALID_ARGUMENT', `Dataset '${ds.name}' has no feature to model the uplift on; name the features.`, { option: 'features', expected: 'features' });
  const known = (i: number) => target.flags[i] !== 255;
  const trainControl = Uint8Array.from(arms.isControl, (c, i) => (c === 1 && codes[i] === 0 && known(i) ? 1 : 0));
  guardAgainstLeakage(ds, inputs, columnOf, target, trainControl, req.allow ?? []);
  guardTreatmentBalance(inputs, columnOf, arms, codes, req.allow ?? []);
  const sources: FeatureSourceOf[] = inputs.map((name) => ({ name, party: ds.columns.find((c) => c.name === name)?.party ?? null, column: columnOf(name) }));
  const settings: PartSettings = { learner, l2: req.l2 ?? 1, gbdt: { ...UPLIFT_GBDT, ...req.gbdt }, minIv: 0.02 };
  const indices = (keep: (i: number) => boolean) => { const out: number[] = []; for (let i = 0; i < codes.length; i++) if (keep(i)) out.push(i); return Int32Array.from(out); };

  // Two WOE models: the inputs binned once on every training row's response, so the arm and the control differ by their coefficients, not by their bins' noise.
  if (learner === 'scorecard-lr' && method === 'two-model') {
    const pooled = indices((i) => codes[i] === 0 && known(i) && (arms.isControl[i] === 1 || arms.label[i] !== null));
    settings.encodings = woeEncodings(sources, { rows: pooled, flags: Uint8Array.from(pooled, (i) => target.flags[i]!), weights: null }, settings.minIv);
  }
  const controlRows = indices((i) => trainControl[i] === 1);
  const controlModel = fitPart(sources, columnOf, { rows: controlRows, flags: Uint8Array.from(controlRows, (i) => target.flags[i]!), weights: null }, settings, controls.signal);
  const p0 = predictPart(controlModel, columnOf);
  let controlRate = 0;
  for (const i of controlRows) controlRate += target.flags[i]!;
  controlRate /= Math.max(1, controlRows.length);

  const labels = [...new Set(arms.label.filter((l): l is string => l !== null))].sort();
  if (labels.length === 0) throw new AppError('INVALID_ARGUMENT', `No row of '${ds.name}' has an offer other than '${control}' in '${req.treatment}'.`, { option: 'treatment', column: req.treatment, expected: 'treated and control rows' });
  const valuePerResponse = req.value !== undefined ? meanValue(column(db, ds, req.value, 'value'), controlRows, target.flags) : req.valuePerResponse ?? 1;
  const fitted: { arm: UpliftArm; uplift: Float64Array }[] = [];
  for (const [k, label] of labels.entries()) {
    if (controls.signal.aborted) throw new AppError('CANCELLED', 'Uplift modeling was cancelled.');
    controls.onProgress({ phase: 'uplift', done: k, total: labels.length, message: `arm ${label}` });
    fitted.push(fitArm(label, { req, method, settings, sources, columnOf, target: target.flags, arms, codes, evaluationCode, p0, signal: controls.signal }));
  }
  const costs: ArmCost[] = fitted.map((f) => f.arm);
  const evaluation = indices((i) => codes[i] === evaluationCode && (arms.isControl[i] === 1 || arms.label[i] !== null));
  const { tiers, recommendations } = assign(evaluation, fitted.map((f) => f.uplift), p0, labels, costs, valuePerResponse, { uplift: threshold, controlRate });
  const createdAt = new Date().toISOString();
  const body: StoredUplift = {
    schemaVersion: 1, name: req.name ?? `uplift ${req.target} by ${req.treatment}${req.channel ? ` × ${req.channel}` : ''} (${method}, ${learner})`, dataset: ds.name, target: req.target, event: target.event,
    treatment: req.treatment, control, channel: req.channel ?? null, method, learner, inputs, valuePerResponse, valueSource: req.value ?? (req.valuePerResponse !== undefined ? 'given' : 'default'),
    thresholds: { uplift: threshold, controlRate }, evaluation: evaluationCode === 1 ? 'test' : 'train', controlModel, arms: fitted.map((f) => f.arm), tiers, recommendations, notes, warnings, createdAt, seconds: (performance.now() - started) / 1000,
  };
  let upliftId = 0;
  db.transaction(() => {
    upliftId = saveArtifact(db, { kind: UPLIFT, schemaVersion: 1, datasetId: ds.id, name: body.name, body, createdAt });
    appendAudit(db, 'uplift', { uplift: upliftId, name: body.name, dataset: ds.name, target: req.target, treatment: req.treatment, channel: req.channel ?? null, method, learner, arms: labels, inputs }, createdAt);
  })();
  return { ...body, upliftId };
}

/**
 * In a randomized campaign every input known before the offer is balanced between treated and
 * control customers; an input that tells them apart (a group of its training rows almost all one
 * side, or a single-input AUC ≥ 0.9 for being treated — e.g. the channel, empty for the control) was
 * recorded after the offer and would leak it. Refused as LEAKAGE_SUSPECTED unless kept by name.
 */
function guardTreatmentBalance(inputs: readonly string[], columnOf: (n: string) => ColumnData, arms: ReturnType<typeof armsOf>, codes: Uint8Array, allow: readonly string[]): void {
  const flags = Uint8Array.from(arms.isControl, (c, i) => (codes[i] !== 0 ? 255 : c === 1 ? 0 : arms.label[i] !== null ? 1 : 255));
  const evidence = inputs.filter((n) => !allow.includes(n)).flatMap((name) => leakageEvidence(name, statsOf({ name, party: null, column: columnOf(name), flags, mask: null }, { special: [] })));
  if (evidence.length === 0) return;
  const columns = [...new Set(evidence.map((e) => e.column))];
  const lines = evidence.map((e) => `'${e.column}': ${e.detail}`);
  throw new AppError('LEAKAGE_SUSPECTED', `${columns.length > 1 ? 'Inputs tell' : 'An input tells'} treated customers from the control, so ${columns.length > 1 ? 'they were' : 'it was'} recorded after the offer: ${lines.join('; ')} (the event here is being treated). Leave ${columns.length > 1 ? 'them' : 'it'} out, or keep ${columns.length > 1 ? 'them' : 'it'} explicitly.`, {
    option: 'features', column: columns[0]!, columns, evidence, expected: 'inputs balanced between treated and control customers', got: lines[0]!,
  });
}

/** The mean of a value column over the control group's responders: what one response is worth without an offer's cost. */
function meanValue(c: ColumnData, controlRows: Int32Array, flags: Uint8Array): number {
  if (c.kind !== 'f64') throw new AppError('INVALID_ARGUMENT', 'The value column holds text, not amounts.', { option: 'value', expected: 'numbers' });
  let s = 0, n = 0;
  for (const i of controlRows) if (flags[i] === 1 && !Number.isNaN(c.values[i]!)) { s += c.values[i]!; n++; }
  if (n === 0) throw new AppError('INVALID_ARGUMENT', 'No responder of the control group has a value: the value of a response cannot be measured.', { option: 'value', expected: 'values of responders' });
  return s / n;
}

interface ArmContext {
  req: UpliftRequest; method: UpliftMethod; settings: PartSettings; sources: FeatureSourceOf[]; columnOf: (n: string) => ColumnData;
  target: Uint8Array; arms: ReturnType<typeof armsOf>; codes: Uint8Array; evaluationCode: number; p0: Float64Array; signal: JobControls['signal'];
}

/** One arm: its model (two-model: the arm's response; class transformation: Z reweighted), every row's predicted uplift, and its figures on the evaluation rows. */
function fitArm(label: string, c: ArmContext): { arm: UpliftArm; uplift: Float64Array } {
  const [offer, channel = null] = label.split('/') as [string, string?];
  const inArm = (i: number) => c.arms.label[i] === label;
  const rowsOf = (code: number, withControl: boolean) => { const out: number[] = []; for (let i = 0; i < c.codes.length; i++) if (c.codes[i] === code && c.target[i] !== 255 && (inArm(i) || (withControl && c.arms.isControl[i] === 1))) out.push(i); return Int32Array.from(out); };
  let uplift: Float64Array;
  let model;
  if (c.method === 'two-model') {
    const rows = rowsOf(0, false);
    model = fitPart(c.sources, c.columnOf, { rows, flags: Uint8Array.from(rows, (i) => c.target[i]!), weights: null }, c.settings, c.signal);
    const p = predictPart(model, c.columnOf);
    uplift = Float64Array.from(p, (x, i) => x - c.p0[i]!);
  } else {
    const rows = rowsOf(0, true);
    let nt = 0;
    for (const i of rows) nt += inArm(i) ? 1 : 0;
    const e = nt / rows.length;
    // Z = 1 for a treated responder or a control non-responder; each side weighted to half the total.
    const flags = Uint8Array.from(rows, (i) => (inArm(i) ? c.target[i]! : 1 - c.target[i]!));
    const weights = Float64Array.from(rows, (i) => (inArm(i) ? 0.5 / e : 0.5 / (1 - e)));
    model = fitPart(c.sources, c.columnOf, { rows, flags, weights }, c.settings, c.signal);
    uplift = Float64Array.from(predictPart(model, c.columnOf), (q) => 2 * q - 1);
  }
  const evaluation = rowsOf(c.evaluationCode, true);
  const rows = { uplift: Float64Array.from(evaluation, (i) => uplift[i]!), treated: Uint8Array.from(evaluation, (i) => (inArm(i) ? 1 : 0)), response: Uint8Array.from(evaluation, (i) => c.target[i]!) };
  let yt = 0, nt = 0, yc = 0, nc = 0;
  rows.treated.forEach((t, k) => { if (t) { nt++; yt += rows.response[k]!; } else { nc++; yc += rows.response[k]!; } });
  const q = qini(rows);
  return {
    uplift,
    arm: {
      key: label, treatment: offer, channel, offerCost: c.req.offerCost?.[offer] ?? 0, contactCost: channel ? c.req.contactCost?.[channel] ?? 0 : 0,
      rows: { train: model.rows, evaluation: evaluation.length }, model, treatedRate: nt ? yt / nt : 0, controlRate: nc ? yc / nc : 0,
      qini: q.coefficient, curve: q.curve, deciles: upliftByDecile(rows),
    },
  };
}

/** Every evaluation customer's tier and best arm: the tiers' sizes and offers, and each arm's share and value. */
function assign(rows: Int32Array, uplifts: Float64Array[], p0: Float64Array, labels: string[], costs: ArmCost[], value: number, thresholds: StoredUplift['thresholds']) {
  const tierCount = new Map(UPLIFT_TIERS.map((t) => [t, { n: 0, p0: 0, u: 0, arms: new Map<string, number>() }]));
  const armCount = new Map<string, { n: number; v: number }>();
  for (const i of rows) {
    const u = uplifts.map((x) => x[i]!);
    const mean = u.reduce((a, b) => a + b, 0) / u.length;
    const tier = tierOf(mean, p0[i]!, thresholds);
    const best = bestArm(u, p0[i]!, value, costs);
    const arm = best.arm < 0 ? 'none' : labels[best.arm]!;
    const t = tierCount.get(tier)!;
    t.n++; t.p0 += p0[i]!; t.u += mean; t.arms.set(arm, (t.arms.get(arm) ?? 0) + 1);
    const a = armCount.get(arm) ?? { n: 0, v: 0 };
    a.n++; a.v += best.value; armCount.set(arm, a);
  }
  const n = Math.max(1, rows.length);
  const tiers: UpliftTierSummary[] = UPLIFT_TIERS.map((tier) => {
    const t = tierCount.get(tier)!;
    const recommended = [...t.arms].map(([arm, k]) => ({ arm, share: k / Math.max(1, t.n) })).sort((a, b) => b.share - a.share);
    return { tier, customers: t.n, share: t.n / n, meanControlRate: t.n ? t.p0 / t.n : 0, meanUplift: t.n ? t.u / t.n : 0, recommended };
  });
  const recommendations = [...armCount].map(([arm, a]) => ({ arm, customers: a.n, share: a.n / n, incrementalValue: a.n ? a.v / a.n : 0 })).sort((a, b) => b.customers - a.customers);
  return { tiers, recommendations };
}
