import { createHash } from 'node:crypto';
import { said } from '../../types/said';
import type { Locale } from '../../i18n/locales';
import { translator } from '../../i18n/translate';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { appendAudit, lastAuditWhere } from '../../data/store/audit-log';
import { findArtifact, findArtifactById, listArtifactsOfKind } from '../../data/store/artifacts';
import { getDataset } from '../../data/store/datasets';
import { JOIN_REPORT, type JoinResult } from '../../data/join/join-datasets';
import { zipArchive } from '../../data/zip/zip-archive';
import { reportHtml, type ReportModel } from '../../models/export/report-html';
import { bundleScorecard, scorecardDocument } from '../../models/export/scorecard-document';
import { scorecardPmml } from '../../models/export/scorecard-pmml';
import schema from '../../models/export/scorecard.schema.json';
import { scorecardSql } from '../../models/export/scorecard-sql';
import { scorerSource } from '../../models/export/scorer-source';
import { BUNDLE_FORMAT_VERSION, type BundleCharacteristic, type BundleInput, type BundleManifest, type BundleScorecard, type StrategyDocument } from '../../types/bundle';
import { AppError } from '../../types/errors';
import type { StoredModel } from '../../types/model';
import type { Scorecard } from '../../types/scorecard';
import { strategyAxes, type Strategy } from '../../types/strategy';
import { loadStrategy } from '../modeling/bid-strategy';
import { SIGNATURE_FILE, signManifest } from '../../data/bundle/bundle-signature';
import { processAlive } from '../../data/compute/process-alive';
import { SCORECARD } from '../modeling/build-scorecard';
import { evaluateModel, loadModel } from '../modeling/evaluate-model';
import { VERSION } from '../version';
import { portableOfModel, smallModelParts } from './portable-of-card';
import { splitCard } from '../../models/export/split-card';
import { withDevelopment } from './development-baseline';

export const DEFAULT_MIN_BIN_ROWS = 20;

export interface ExportRequest {
  model: number;
  strategy?: number;
  /** The bundle folder (must not exist or be empty); the zip is written beside it as `<out>.zip`. */
  out: string;
  /** Every bin must hold at least this many training rows (or none). */
  minBinRows?: number;
  /** The workbench's signing key (PKCS#8 PEM file), set by the service: manifest.sig is signed with it. */
  signingKeyFile?: string;
  /** report.html's language (default English); the rest of the bundle is language-neutral. */
  lang?: Locale;
  /** Split deployment: this party's characteristics go to a partner bundle (`partnerOut`, default `<out>-<party>`); the lender's bundle reads its partial points. */
  splitByParty?: string;
  partnerOut?: string;
}

export interface ExportResult {
  out: string;
  zip: string;
  manifest: BundleManifest;
  /** Who signed it: the key `rta serve --trust` must be given (null: unsigned). */
  signature: { keyId: string; publicKey: string } | null;
  /** A split export's partner bundle (its scorer writes the partial points per id). */
  partner?: { party: string; out: string; zip: string; manifest: BundleManifest; columns: string[] };
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** The model's newest scorecard. */
function latestScorecardOf(db: Database, modelId: number): { id: number; card: Scorecard; createdAt: string } {
  const a = listArtifactsOfKind(db, SCORECARD).find((x) => x.name === `model=${modelId}`);
  if (!a) throw new AppError('NOT_FOUND', `Model ${modelId} has no scorecard yet: build its scorecard first.`, { option: 'model', expected: 'a scorecard of the model' });
  return { id: a.id, card: findArtifactById<Scorecard>(db, a.id)!.body, createdAt: a.createdAt };
}

function scorecardById(db: Database, id: number): { id: number; card: Scorecard; createdAt: string } {
  const a = findArtifactById<Scorecard>(db, id);
  if (!a || a.kind !== SCORECARD) throw new AppError('NOT_FOUND', `The strategy's scorecard ${id} is no longer in the workspace.`, { got: String(id) });
  return { id, card: a.body, createdAt: a.createdAt };
}

/** Bins holding fewer than `k` training rows (but some): each would describe too few people. */
export function smallBins(cards: readonly BundleScorecard[], k: number): string[] {
  const out: string[] = [];
  for (const card of cards) for (const c of card.characteristics) for (const a of c.attributes) {
    if (a.count > 0 && a.count < k) out.push(`${card.key} scorecard: ${c.name} ${a.label} (${a.count} rows)`);
  }
  return out;
}

/** strategy.json: the strategy without its workspace provenance; figures of cells under `k` rows are left out (the decision stays). */
function strategyDocument(s: Strategy, k: number): StrategyDocument {
  const { schemaVersion: _v, dataset: _d, ...rest } = s;
  return {
    format: 'jointscore-strategy', formatVersion: BUNDLE_FORMAT_VERSION, ...rest,
    cells: s.cells.map((row) => row.map((cell) => (cell.rows > 0 && cell.rows < k
      ? { t: cell.t, c: cell.c, rows: 0, responseKnown: 0, responders: 0, responseRate: null, outcomeKnown: 0, bads: 0, badRate: null, expectedValue: null, decision: cell.decision, suppressed: true }
      : cell))),
  };
}

/** A challenger card's inputs as characteristics (their bins: WOE inputs' own, trees' thresholds, levels) for the input list. */
function modelInputs(card: BundleScorecard): BundleCharacteristic[] {
  const m = card.model;
  if (!m) return [];
  const cutsOf = (k: number) => (m.kind === 'gbdt' ? [...new Set(m.trees.flatMap((t) => t.filter((n) => n.f === k && n.t !== undefined && n.t < Number.MAX_VALUE).map((n) => n.t!)))].sort((a, b) => a - b) : []);
  return m.encodings.map((e, k): BundleCharacteristic => {
    if (e.kind === 'woe') return e.bins;
    const base = { name: e.name, party: e.party, reasonCode: '', baselinePoints: 0, unseenPoints: 0 };
    if (e.kind === 'category' || e.kind === 'onehot') return { ...base, type: 'categorical', attributes: [{ label: '', kind: 'bin', categories: e.levels, points: 0, woe: 0, count: 0 }] };
    const cuts = e.kind === 'ple' ? e.edges : cutsOf(k);
    return { ...base, type: 'numeric', attributes: cuts.map((c) => ({ label: '', kind: 'bin', lower: c, upper: null, points: 0, woe: 0, count: 0 })) };
  });
}

/** The inputs the RTA service must supply, in card order, with what each card distinguishes. */
export function inputsOf(cards: readonly BundleScorecard[]): BundleInput[] {
  const byName = new Map<string, BundleInput>();
  for (const card of cards) for (const c of [...card.characteristics, ...modelInputs(card)]) {
    const seen = byName.get(c.name);
    if (seen) { if (!seen.usedBy.includes(card.key)) seen.usedBy.push(card.key); continue; }
    const input: BundleInput = { name: c.name, type: c.type, party: c.party, missingAllowed: true, usedBy: [card.key] };
    if (c.type === 'numeric') {
      input.cuts = c.attributes.filter((a) => a.kind === 'bin' && a.lower !== null && a.lower !== undefined).map((a) => a.lower!);
      input.specials = c.attributes.filter((a) => a.kind === 'special').map((a) => a.value!);
    } else {
      input.allowedValues = c.attributes.flatMap((a) => a.categories ?? []);
    }
    byName.set(c.name, input);
  }
  return [...byName.values()];
}

async function reportModel(db: Database, card: BundleScorecard, model: StoredModel): Promise<ReportModel> {
  const e = await evaluateModel(db, card.modelId);
  return {
    card, kind: model.kind, population: model.population,
    samples: e.samples.map((s) => ({ sample: s.sample, rows: s.metrics.rows, events: s.metrics.events, auc: s.metrics.auc, aucLower: s.metrics.aucLower, aucUpper: s.metrics.aucUpper, ks: s.metrics.ks, gini: s.metrics.gini, psi: s.psi, curves: s.curves })),
    // A partner's part shows its own characteristics' coefficients only.
    coefficients: (model.logistic?.coefficients ?? []).filter((c) => !card.partial || card.characteristics.some((x) => x.name === c.name)).map((c) => ({ name: c.name, coefficient: c.coefficient, standardError: c.standardError, pValue: c.pValue })),
    iv: Object.fromEntries(model.features.map((f) => [f.name, f.kind === 'woe' ? f.table.iv : NaN])),
    ...(card.model ? { challenger: model.features.map((f, k) => {
      const imp = model.gbdt?.importance.find((x) => x.feature === f.name);
      return { feature: f.name, reasonCode: card.reasonCodes![k]!, share: imp?.share ?? null, splits: imp?.splits ?? null, meanAbsShap: imp?.meanAbsShap ?? null, monotone: model.gbdt?.model.monotone[k] ?? 0 };
    }) } : {}),
    ...(model.featureSource ? { why: whyOf(model) } : {}),
  };
}

/** The model's "why these settings", as sentences for the report. */
function whyOf(model: StoredModel): NonNullable<ReportModel['why']> {
  const s = model.featureSource!;
  const p = model.settings?.penalty;
  return {
    featureSource: s.kind === 'selection' ? said('report.sourceSelection', { id: s.selectionId, at: s.createdAt }) : s.kind === 'request' ? said('report.sourceRequest') : said('report.sourceDefault', { inputs: s.rule }),
    outcomesLeftOut: model.leakage?.outcomesLeftOut ?? [],
    keptDespiteLeakage: (model.leakage?.evidence ?? []).map((e) => ({ column: e.column, ...(e.said ? { said: e.said } : {}), detail: e.detail })),
    penalty: p ? { l2: p.chosen.l2, inputs: p.chosen.inputs, folds: p.folds, rows: p.rows, ...(p.said ? { said: p.said } : {}), reason: p.reason } : null,
    binning: model.settings?.binning.map((b) => ({ variable: b.variable, trend: b.trend, minBinShare: b.minBinShare })) ?? [],
  };
}

/** Writes files into a fresh folder next to `dir` and renames it into place: no half-written bundle. */
/** Removes `<target>.partial-PID` leftovers of exports whose process is gone (a kill -9 mid-export). */
export function cleanStalePartials(target: string): void {
  const dir = path.dirname(target), base = `${path.basename(target)}.partial-`;
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith(base)) continue;
    const pid = Number(name.slice(base.length));
    if (!Number.isInteger(pid) || pid === process.pid || processAlive(pid)) continue;
    fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

/**
 * Writes the folder and the zip beside their final names, then — in one transaction with the
 * audit entry — moves both into place: the bundle appears whole, with its audit entry, or not
 * at all (a failure or a kill leaves only `.partial-PID` files, cleaned on the next export).
 */
function writeBundle(db: Database, dir: string, zip: string, files: readonly { path: string; data: Buffer }[], mtime: Date, audit: () => void): void {
  if (fs.existsSync(dir) && (!fs.statSync(dir).isDirectory() || fs.readdirSync(dir).length > 0)) {
    throw new AppError('ALREADY_EXISTS', `${dir} already exists and is not an empty folder; an export never overwrites.`, { file: dir, expected: 'a new or empty folder' });
  }
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  cleanStalePartials(dir);
  cleanStalePartials(zip);
  const tmp = `${dir}.partial-${process.pid}`, tmpZip = `${zip}.partial-${process.pid}`;
  const removeTemps = () => { fs.rmSync(tmp, { recursive: true, force: true }); fs.rmSync(tmpZip, { force: true }); };
  removeTemps();
  try {
    fs.mkdirSync(tmp);
    for (const f of files) fs.writeFileSync(path.join(tmp, f.path), f.data);
    fs.writeFileSync(tmpZip, zipArchive(files, mtime));
    db.transaction(() => {
      audit();
      if (fs.existsSync(dir)) fs.rmdirSync(dir);
      fs.renameSync(tmp, dir);
      try { fs.renameSync(tmpZip, zip); } catch (e) { fs.renameSync(dir, tmp); throw e; }
    })();
  } catch (e) {
    removeTemps();
    throw e;
  }
}

/**
 * The export bundle of a model's scorecard (and a strategy's second card and decisions):
 * manifest.json, scorecard.json (+ its JSON Schema), scorecard.pmml, scorecard.sql, scorer.mjs,
 * strategy.json, report.html, as a folder and the same files as `<out>.zip`. Stops, naming
 * them, if any bin holds fewer than `minBinRows` training rows. The same inputs give the same
 * bytes: created-at is the newest creation time of what is exported.
 */
export async function exportBundle(db: Database, req: ExportRequest): Promise<ExportResult> {
  const k = req.minBinRows ?? DEFAULT_MIN_BIN_ROWS;
  if (!Number.isInteger(k) || k < 1) throw new AppError('INVALID_ARGUMENT', `The privacy threshold must be a whole number ≥ 1; got ${k}.`, { expected: 'a whole number ≥ 1', got: String(k) });
  const model = loadModel(db, req.model);
  const out = path.resolve(req.out);

  let strategy: { strategy: Strategy; createdAt: string } | null = null;
  let cards: { id: number; card: Scorecard; createdAt: string }[];
  if (req.strategy !== undefined) {
    strategy = loadStrategy(db, req.strategy);
    const s = strategy.strategy;
    const axes = strategyAxes(s);
    if (!axes.some((a) => a.modelId === req.model)) {
      throw new AppError('INVALID_ARGUMENT', `Strategy ${req.strategy} is built on model${axes.length > 1 ? 's' : ''} ${axes.map((a) => a.modelId).join(' and ')}, not on model ${req.model}.`, { expected: 'a strategy that uses the model', got: String(req.strategy) });
    }
    const used = axes.map((a) => scorecardById(db, a.scorecardId));
    cards = used[0]!.card.modelId === req.model ? used : [used[1]!, used[0]!];
  } else {
    cards = [latestScorecardOf(db, req.model)];
  }
  const bundled = await Promise.all(cards.map((c) => withDevelopment(db, bundleScorecard(c.card, c.id, c.card.scaled ? portableOfModel(db, loadModel(db, c.card.modelId)) : undefined), k)));
  const small = [...smallBins(bundled, k), ...smallModelParts(bundled, k)];
  if (small.length > 0) {
    throw new AppError('PRIVACY_THRESHOLD', `${small.length} bin${small.length > 1 ? 's hold' : ' holds'} fewer than ${k} training rows, so the bundle could describe too few people: ${small.join('; ')}. Merge them in the binning (or lower the minimum rows per bin) and rebuild the scorecard.`, { option: 'minBinRows', expected: `every bin with 0 or at least ${k} rows`, bins: small });
  }
  const strategyDoc = strategy ? strategyDocument(strategy.strategy, k) : null;
  const createdAt = [...cards.map((c) => c.createdAt), ...(strategy ? [strategy.createdAt] : [])].sort().at(-1)!;
  const write = (set: readonly BundleScorecard[], sdoc: StrategyDocument | null, dir: string, role: string | null) => writeCards(db, req, { model, bundled: set, strategyDoc: sdoc, createdAt, k, out: dir, role });
  if (!req.splitByParty) return write(bundled, strategyDoc, out, null);
  const party = req.splitByParty;
  // Cards using the party's characteristics are split; a card without any stays whole with the lender (none at all: refused, naming the parties).
  const usesParty = (b: BundleScorecard) => b.characteristics.some((c) => c.party === party);
  // No card uses the party: splitting the first one throws the error that names the parties it has.
  if (!bundled.some(usesParty)) splitCard(bundled[0]!, party);
  const split = bundled.map((b) => (usesParty(b) ? splitCard(b, party) : { lender: b, partner: null }));
  const parts = split.flatMap((x) => (x.partner ? [x.partner] : []));
  const partnerDir = path.resolve(req.partnerOut ?? `${out}-${party}`);
  const theirs = await write(parts, null, partnerDir, party);
  try {
    const ours = await write(split.map((x) => x.lender), strategyDoc, out, 'lender');
    return { ...ours, partner: { party, out: theirs.out, zip: theirs.zip, manifest: theirs.manifest, columns: parts.map((x) => x.partial!.column) } };
  } catch (e) {
    fs.rmSync(theirs.out, { recursive: true, force: true });
    fs.rmSync(theirs.zip, { force: true });
    throw e;
  }
}

interface CardSet {
  model: StoredModel;
  bundled: readonly BundleScorecard[];
  strategyDoc: StrategyDocument | null;
  createdAt: string;
  k: number;
  out: string;
  /** A split export's side ('lender' or the partner's party), recorded in the audit entry; null for a whole bundle. */
  role: string | null;
}

/** Assembles one bundle's files (documents, report, manifest, signature) and writes the folder and zip. */
async function writeCards(db: Database, req: ExportRequest, set: CardSet): Promise<ExportResult> {
  const { model, bundled, strategyDoc, createdAt, k, out } = set;
  const doc = scorecardDocument(bundled[0]!, bundled.slice(1));

  const models = bundled.map((card) => ({ card, model: loadModel(db, card.modelId) }));
  const cardIds = new Set(bundled.map((b) => b.scorecardId));
  const ds = getDataset(db, model.dataset);
  const split = model.sampleColumn ?? '';
  const fingerprint = sha256(JSON.stringify({ dataset: ds.name, sourceSha256: ds.sourceSha256, rows: ds.rows, sampleColumn: split }));
  const manifestBase: Omit<BundleManifest, 'files'> = {
    format: 'jointscore-bundle', formatVersion: BUNDLE_FORMAT_VERSION, tool: { name: 'jointscore', version: VERSION }, createdAt,
    models: models.map(({ card, model: m }) => ({ key: card.key, modelId: card.modelId, scorecardId: card.scorecardId, name: m.name, kind: m.kind, target: m.target, event: m.event, population: m.population })),
    strategyId: strategyDoc ? req.strategy ?? null : null,
    inputs: inputsOf(bundled),
    trainingData: { dataset: ds.name, rows: ds.rows, fingerprint },
    metrics: Object.fromEntries(models.map(({ card, model: m }) => [card.key, Object.fromEntries(Object.entries(m.metrics).map(([s, v]) => [s, { auc: v.auc, ks: v.ks, gini: v.gini, rows: v.rows }]))])),
    privacy: { minBinRows: k },
    audit: lastAuditWhere(db, (action, params) => (action === 'scorecard' && cardIds.has(Number(params.scorecard)))
      || (req.strategy !== undefined && (action === 'strategy' || action === 'strategy.decide') && Number(params.strategy) === req.strategy)),
  };
  const join = findArtifact<JoinResult>(db, JOIN_REPORT, ds.id, ds.name)?.body ?? null;
  const header = `Jointscore ${VERSION} ${set.role && set.role !== 'lender' ? `${set.role} part of the ` : ''}bundle of model ${req.model}${strategyDoc && req.strategy !== undefined ? ` with strategy ${req.strategy}` : ''}, ${createdAt}`;
  const report = reportHtml({
    title: translator(req.lang ?? 'en').t('html.title', { name: model.name }), manifest: manifestBase, lang: req.lang ?? 'en',
    dataset: { name: ds.name, rows: ds.rows, columns: ds.columnCount, party: ds.party },
    match: join ? { leftRows: join.leftRows, rightRows: join.rightRows, matched: join.matched, matchRate: join.matchRateLeft } : null,
    models: await Promise.all(models.map(({ card, model: m }) => reportModel(db, card, m))),
    strategy: strategyDoc,
  });
  const text = (s: string) => Buffer.from(s, 'utf8');
  const files: { path: string; data: Buffer }[] = [
    { path: 'scorecard.json', data: text(`${JSON.stringify(doc, null, 2)}\n`) },
    { path: 'scorecard.schema.json', data: text(`${JSON.stringify(schema, null, 2)}\n`) },
    { path: 'scorecard.pmml', data: text(scorecardPmml(doc, { version: VERSION }, header)) },
    { path: 'scorecard.sql', data: text(scorecardSql(doc, header)) },
    { path: 'scorer.mjs', data: text(scorerSource(doc, strategyDoc, header)) },
    ...(strategyDoc ? [{ path: 'strategy.json', data: text(`${JSON.stringify(strategyDoc, null, 2)}\n`) }] : []),
    { path: 'report.html', data: text(report) },
  ];
  const manifest: BundleManifest = { ...manifestBase, files: files.map((f) => ({ path: f.path, sha256: sha256(f.data), bytes: f.data.length })) };
  const manifestBytes = text(`${JSON.stringify(manifest, null, 2)}\n`);
  const signature = req.signingKeyFile ? signManifest(manifestBytes, fs.readFileSync(req.signingKeyFile, 'utf8')) : null;
  const all = [{ path: 'manifest.json', data: manifestBytes }, ...(signature ? [{ path: SIGNATURE_FILE, data: text(`${JSON.stringify(signature, null, 2)}\n`) }] : []), ...files];
  const zip = `${out}.zip`;
  if (fs.existsSync(zip)) throw new AppError('ALREADY_EXISTS', `${zip} already exists; an export never overwrites.`, { file: zip, expected: 'a new file' });
  writeBundle(db, out, zip, all, new Date(createdAt), () => appendAudit(db, 'export', { model: req.model, strategy: strategyDoc ? req.strategy ?? null : null, out, zip, files: manifest.files, minBinRows: k, signedBy: signature?.keyId ?? null, ...(set.role ? { split: set.role } : {}) }));
  return { out, zip, manifest, signature: signature ? { keyId: signature.keyId, publicKey: signature.publicKey } : null };
}
