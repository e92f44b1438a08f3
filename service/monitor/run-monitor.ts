import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { loadBundleScorer } from '../../data/bundle/read-bundle';
import { quantileCuts, bandOf } from '../../models/metrics/psi';
import { monitorPeriods, type MonitoredCard, type MonitoredInput, type PeriodReport } from '../../models/monitor/monitor-periods';
import { periodColumn, type PeriodKind } from '../../models/monitor/periods';
import { DEFAULT_THRESHOLDS, type Light, type MonitorThresholds } from '../../models/monitor/thresholds';
import { binaryTarget } from '../../data/profile/target';
import { monitorHtml } from '../../models/export/monitor-html';
import type { BundleManifest, BundleScorecard, ScorecardDocument } from '../../types/bundle';
import { AppError } from '../../types/errors';
import { cancelled } from '../../data/import/cancel';
import { funnelPeriods, type FunnelMonitor } from '../../models/monitor/funnel-periods';
import type { ColumnData } from '../../types/columns';
import type { JobControls } from '../../types/progress';
import type { Locale } from '../../i18n/locales';
import { cardColumns, eventProbability, type CardColumns } from '../../models/monitor/card-scores';
import { readCsvColumns, readDatasetColumns, type ColumnNeed, type CsvPartReader, type MonitorColumns } from './read-monitor-columns';

export interface MonitorRequest {
  bundle: string;
  /** A CSV file, or a dataset of the job's workspace (`dataset`). */
  input?: string;
  dataset?: string;
  time: string;
  target?: string;
  event?: string;
  period?: PeriodKind;
  /** `train` (the bundle's development distribution, default) or a CSV file scored as the baseline. */
  baseline?: string;
  thresholds?: MonitorThresholds;
  /** Where the HTML report goes (default: monitoring-<first>_<last>.html in the bundle's folder; replaced when it exists). */
  report?: string;
  lang?: Locale;
  /** The funnel's stage flag columns after exposure, in order (e.g. reached, applied, prescreen_passed, approved, drew_down, repurchased). */
  funnel?: string[];
  /** The funnel also per value of this column (e.g. channel). */
  segment?: string;
  /** Keep the result with the job's workspace (the Monitoring tab shows the latest). */
  save?: boolean;
}

export interface MonitorAlert {
  period: string;
  /** The card (psi, csi, auc), or the funnel's segment ('all' or a value of the segment column). */
  card: string;
  metric: 'psi' | 'csi' | 'auc' | 'funnel';
  /** The characteristic (csi), the stage (funnel), else null. */
  subject: string | null;
  value: number;
  light: Exclude<Light, 'ok'>;
}

export interface MonitorResult {
  bundle: string;
  source: string;
  time: string;
  /** The outcome column named for every card (--target) and its event; null: each card's own target, where the rows carry it. */
  target: string | null;
  event: string | null;
  period: PeriodKind;
  baseline: { kind: 'train' | 'file'; source: string; rows: number };
  thresholds: MonitorThresholds;
  rows: number;
  /** Rows left out because their time is missing or not a date, with the first such value. */
  unreadableTime: { rows: number; first: { row: number; value: string } | null };
  invalidValues: Record<string, number>;
  /** Each card, with the outcome its figures were computed on (null: none in the rows). */
  cards: { key: string; modelName: string; kind: string; referenceAuc: number | null; characteristics: string[]; target: string | null; event: string | null }[];
  periods: PeriodReport[];
  /** The funnel by period (and segment) with its bands, when stages were given. */
  funnel: FunnelMonitor | null;
  alerts: MonitorAlert[];
  report: string;
}

/** The columns the bundle's cards read: each card's characteristics, or its model's inputs. */
function inputNeeds(manifest: BundleManifest, doc: ScorecardDocument): ColumnNeed[] {
  const needs = new Map<string, ColumnNeed>();
  for (const card of doc.scorecards) {
    const list = card.model ? card.model.encodings.map((e) => ({ name: e.name, type: manifest.inputs.find((i) => i.name === e.name)?.type ?? 'numeric' })) : card.characteristics;
    for (const c of list) if (!needs.has(c.name)) needs.set(c.name, { name: c.name, kind: c.type === 'numeric' ? 'f64' : 'i32', why: `an input of the bundle's ${card.key} card` });
  }
  return [...needs.values()];
}

async function readColumns(db: (() => Database) | null, source: { file?: string; dataset?: string }, needs: ColumnNeed[], controls: JobControls | null, helper: CsvPartReader | null): Promise<MonitorColumns> {
  if (source.dataset !== undefined) {
    if (!db) throw new AppError('INVALID_ARGUMENT', `A dataset ('${source.dataset}') is read from a workspace: give the workspace.`, { option: 'workspace', expected: 'a workspace file' });
    return readDatasetColumns(db(), source.dataset, needs);
  }
  return readCsvColumns(source.file!, needs, controls, helper);
}

const shares = (counts: ArrayLike<number>) => { let t = 0; for (let i = 0; i < counts.length; i++) t += counts[i]!; return Array.from(counts, (c) => (t > 0 ? c / t : 0)); };

/** The baseline of one card: the bundle's development distribution and attribute counts, or a scored baseline file. */
function baselineOf(card: BundleScorecard, file: { scored: CardColumns } | null, bundle: string): Pick<MonitoredCard, 'baseline' | 'attributeShares'> {
  if (file) {
    const cuts = quantileCuts(file.scored.scores, 10);
    const counts = new Float64Array(cuts.length + 1);
    for (const s of file.scored.scores) counts[bandOf(s, cuts)]!++;
    const attributeShares = file.scored.attributes ? file.scored.attributes.map((attr, k) => {
      const c = new Float64Array(card.characteristics[k]!.attributes.length + 1);
      for (const a of attr) c[a]!++;
      return shares(c);
    }) : null;
    return { baseline: { cuts, shares: shares(counts) }, attributeShares };
  }
  if (!card.development) {
    throw new AppError('INVALID_ARGUMENT', `The bundle ${bundle} has no development score distribution for its ${card.key} card (it was exported by an earlier version). Export it again, or give a baseline file.`, { option: 'baseline', expected: 'a bundle exported by this version, or --baseline FILE' });
  }
  return {
    baseline: { cuts: card.development.cuts, shares: shares(card.development.counts) },
    attributeShares: card.model ? null : card.characteristics.map((c) => shares([...c.attributes.map((a) => a.count), 0])),
  };
}

/** Each bundle input's state per row: missing, never seen by the bundle, or known. */
function inputStates(manifest: BundleManifest, doc: ScorecardDocument, columns: MonitorColumns, scored: CardColumns[]): MonitoredInput[] {
  return manifest.inputs.map((input) => {
    const state = new Uint8Array(columns.rows);
    const k = doc.scorecards.findIndex((c) => !c.model && c.characteristics.some((x) => x.name === input.name));
    if (k >= 0) {
      const card = doc.scorecards[k]!, j = card.characteristics.findIndex((x) => x.name === input.name), c = card.characteristics[j]!;
      const attr = scored[k]!.attributes![j]!, missing = c.attributes.findIndex((a) => a.kind === 'missing'), unseen = c.attributes.length;
      for (let i = 0; i < state.length; i++) state[i] = attr[i] === unseen ? 2 : attr[i] === missing ? 1 : 0;
      return { name: input.name, state };
    }
    const col = columns.columns.get(input.name)!;
    if (col.kind === 'f64') { for (let i = 0; i < state.length; i++) state[i] = Number.isNaN(col.values[i]!) ? 1 : 0; }
    else {
      const allowed = new Set(input.allowedValues ?? []);
      const known = col.dictionary.map((s) => (input.allowedValues ? allowed.has(s) : true));
      for (let i = 0; i < state.length; i++) { const c = col.codes[i]!; state[i] = c < 0 ? 1 : known[c] ? 0 : 2; }
    }
    return { name: input.name, state };
  });
}

function alertsOf(periods: PeriodReport[]): MonitorAlert[] {
  const out: MonitorAlert[] = [];
  for (const p of periods) for (const c of p.cards) {
    if (c.psiLight !== 'ok') out.push({ period: p.period, card: c.key, metric: 'psi', subject: null, value: c.psi, light: c.psiLight });
    for (const x of c.characteristics) if (x.light !== 'ok') out.push({ period: p.period, card: c.key, metric: 'csi', subject: x.name, value: x.csi, light: x.light });
    if (c.outcome.light !== 'ok') out.push({ period: p.period, card: c.key, metric: 'auc', subject: null, value: c.outcome.aucDrop!, light: c.outcome.light });
  }
  return out;
}

const REACHED = /^(1|1\.0|true|yes|y)$/i;

/** A stage flag per row: 1 where the column says the row reached it (1, true, yes), else 0. */
function stageFlags(col: ColumnData): Uint8Array {
  if (col.kind === 'f64') return Uint8Array.from(col.values, (v) => (v === 1 ? 1 : 0));
  const yes = col.dictionary.map((s) => REACHED.test(s.trim()));
  return Uint8Array.from(col.codes, (c) => (c >= 0 && yes[c] ? 1 : 0));
}

function segmentOf(name: string, col: ColumnData): { name: string; codes: Int32Array; labels: string[] } {
  if (col.kind === 'i32') return { name, codes: col.codes, labels: col.dictionary };
  const labels = [...new Set(Array.from(col.values).filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
  const at = new Map(labels.map((v, k) => [v, k]));
  return { name, codes: Int32Array.from(col.values, (v) => at.get(v) ?? -1), labels: labels.map(String) };
}

/** Writes a file through a temporary beside it: the old report stays whole until the new one is. */
function writeWhole(file: string, text: string): void {
  const tmp = `${file}.partial-${process.pid}`;
  try { fs.writeFileSync(tmp, text); fs.renameSync(tmp, file); } catch (e) { fs.rmSync(tmp, { force: true }); throw e; }
}

/**
 * Monitors a bundle on new rows, period by period: volume, the score's PSI and distribution, each
 * characteristic's CSI, outcome figures where outcomes are known, reason codes and input quality,
 * with traffic lights; writes the HTML report.
 */
export async function runMonitor(req: MonitorRequest, db: (() => Database) | null, controls: JobControls | null, helper: CsvPartReader | null = null): Promise<MonitorResult> {
  const { manifest, scorer } = await loadBundleScorer(req.bundle);
  const doc = JSON.parse(fs.readFileSync(path.join(req.bundle, 'scorecard.json'), 'utf8')) as ScorecardDocument;
  const kind = req.period ?? 'month';
  const thresholds = req.thresholds ?? DEFAULT_THRESHOLDS;
  const needs = inputNeeds(manifest, doc);
  // Each card's own outcome (its target) when the rows carry it; --target names one for every card.
  const targets = doc.scorecards.map((c) => req.target ?? c.target);
  const extra: ColumnNeed[] = [
    { name: req.time, kind: 'i32', why: 'the time column' },
    ...(req.target ? [{ name: req.target, kind: 'i32' as const, why: 'the target' }] : [...new Set(targets)].map((name) => ({ name, kind: 'i32' as const, why: 'a card\'s target', optional: true }))),
    ...(req.funnel ?? []).map((s) => ({ name: s, kind: 'i32' as const, why: 'a funnel stage' })), ...(req.segment ? [{ name: req.segment, kind: 'i32' as const, why: 'the funnel segment' }] : []),
  ];
  const own = needs.filter((n) => !extra.some((e) => e.name === n.name));
  controls?.onProgress({ phase: 'read', done: 0, total: 3, message: `reading ${req.input ?? req.dataset ?? ''}` });
  const columns = await readColumns(db, { file: req.input, dataset: req.dataset }, [...own, ...extra.filter((e, k) => extra.findIndex((x) => x.name === e.name) === k)], controls, helper);
  if (controls?.signal.aborted) throw cancelled();
  const columnOf = (n: string) => columns.columns.get(n)!;
  const scorerFns = scorer as unknown as Record<string, unknown>;
  const scored = doc.scorecards.map((card) => cardColumns(card, columnOf, columns.rows, scorerFns));
  controls?.onProgress({ phase: 'score', done: 1, total: 3, message: `scored ${columns.rows} rows` });
  let baselineFile: { columns: MonitorColumns; scored: CardColumns[] } | null = null;
  if (req.baseline && req.baseline !== 'train') {
    const b = await readCsvColumns(req.baseline, own, controls, helper);
    baselineFile = { columns: b, scored: doc.scorecards.map((card) => cardColumns(card, (n) => b.columns.get(n)!, b.rows, scorerFns)) };
  }
  const periods = periodColumn(columnOf(req.time), kind, columns.dates.has(req.time));
  if (periods.labels.length === 0) {
    const f = periods.firstUnreadable;
    throw new AppError('INVALID_ARGUMENT', `No value of the time column '${req.time}' in ${columns.source} reads as a date${f ? ` (row ${f.row}: '${f.value}')` : ''}.`, { file: columns.source, column: req.time, row: f?.row, expected: 'dates such as 2025-03, 2025-03-17 or 20250317', got: f?.value ?? 'no values' });
  }
  const outcomes = doc.scorecards.map((c, k) => {
    const col = columns.columns.get(targets[k]!);
    return col ? binaryTarget(targets[k]!, col, req.event ?? (req.target ? undefined : c.event)) : null;
  });
  const cards: MonitoredCard[] = doc.scorecards.map((card, k) => {
    const metrics = manifest.metrics[card.key];
    return {
      card, scores: scored[k]!.scores, attributes: scored[k]!.attributes,
      ...baselineOf(card, baselineFile ? { scored: baselineFile.scored[k]! } : null, req.bundle),
      referenceAuc: metrics?.test?.auc ?? metrics?.train?.auc ?? null,
      probability: (s: number) => eventProbability(card, s), target: outcomes[k]?.flags ?? null,
    };
  });
  if (controls?.signal.aborted) throw cancelled();
  controls?.onProgress({ phase: 'score', done: 2, total: 3, message: `figures of ${periods.labels.length} periods` });
  const reports = monitorPeriods({ rows: columns.rows, period: periods.codes, periods: periods.labels, cards, inputs: inputStates(manifest, doc, columns, scored) }, thresholds);
  const funnel = req.funnel?.length ? funnelPeriods(req.funnel, req.funnel.map((s) => stageFlags(columnOf(s))), periods.codes, periods.labels, thresholds.funnelBands ?? {}, req.segment ? segmentOf(req.segment, columnOf(req.segment)) : undefined) : null;
  const result: MonitorResult = {
    bundle: path.resolve(req.bundle), source: columns.source, time: req.time, target: req.target ?? null, event: req.event ?? null, period: kind,
    baseline: baselineFile ? { kind: 'file', source: path.resolve(req.baseline!), rows: baselineFile.columns.rows } : { kind: 'train', source: manifest.trainingData.dataset, rows: doc.scorecards[0]!.development?.rows ?? 0 },
    thresholds, rows: columns.rows, unreadableTime: { rows: periods.unreadable, first: periods.firstUnreadable }, invalidValues: columns.invalid,
    cards: doc.scorecards.map((card, k) => ({ key: card.key, modelName: card.modelName, kind: manifest.models.find((m) => m.key === card.key)?.kind ?? '', referenceAuc: cards[k]!.referenceAuc, characteristics: card.characteristics.map((c) => c.name), target: outcomes[k] ? targets[k]! : null, event: outcomes[k]?.event ?? null })),
    periods: reports, funnel, alerts: [...alertsOf(reports), ...(funnel?.alerts ?? []).filter((a) => a.light === 'alert').map((a): MonitorAlert => ({ period: a.period, card: a.segment, metric: 'funnel', subject: a.stage, value: a.conversion, light: a.light }))],
    report: path.resolve(req.report ?? path.join(req.bundle, `monitoring-${periods.labels[0]}_${periods.labels.at(-1)}.html`)),
  };
  writeWhole(result.report, monitorHtml(result, req.lang ?? 'en'));
  return result;
}
