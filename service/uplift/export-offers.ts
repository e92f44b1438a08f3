import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { appendAudit } from '../../data/store/audit-log';
import { findArtifactById } from '../../data/store/artifacts';
import { portablePart } from '../../models/export/portable-model';
import { offersSource } from '../../models/export/offers-source';
import { AppError } from '../../types/errors';
import type { PortableModel } from '../../types/portable-model';
import type { OffersDocument, StoredUplift, UpliftPart } from '../../types/uplift';
import { DEFAULT_MIN_BIN_ROWS } from '../export/export-bundle';
import { VERSION } from '../version';
import { UPLIFT } from './fit-uplift';

export interface OffersExportRequest { uplift: number; out: string; minBinRows?: number }
export interface OffersExportResult { out: string; files: { path: string; sha256: string; bytes: number }[]; arms: string[]; inputs: string[] }

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const portable = (p: UpliftPart) => portablePart(p.features, p.coefficients, p.gbdt);

/** WOE bins and tree leaves that hold fewer than `k` training rows (but some): they would describe too few people. */
function smallParts(name: string, m: PortableModel, k: number): string[] {
  const out: string[] = [];
  for (const e of m.encodings) if (e.kind === 'woe') for (const a of e.bins.attributes) if (a.count > 0 && a.count < k) out.push(`${name}: ${e.name} ${a.label} (${a.count} rows)`);
  if (m.kind === 'gbdt') m.trees.forEach((tree, t) => tree.forEach((n, j) => { if (n.f < 0 && n.n > 0 && n.n < k) out.push(`${name}: tree ${t + 1} leaf ${j} (${n.n} rows)`); }));
  return out;
}

/**
 * Exports an uplift model as a folder: `offers.json` (the arms, costs, tier rules and every part as
 * a portable model), `offers.mjs` (a dependency-free module: `recommend(record)` gives each arm's
 * uplift, the tier and the offer worth most) and `manifest.json` (each file's SHA-256). Refused,
 * naming them, when a bin or leaf holds fewer than `minBinRows` training rows; the folder appears
 * only when complete and never replaces one.
 */
export function exportOffers(db: Database, req: OffersExportRequest): OffersExportResult {
  const k = req.minBinRows ?? DEFAULT_MIN_BIN_ROWS;
  if (!Number.isInteger(k) || k < 1) throw new AppError('INVALID_ARGUMENT', `The privacy threshold must be a whole number ≥ 1; got ${k}.`, { option: 'minBinRows', expected: 'a whole number ≥ 1', got: String(k) });
  const a = findArtifactById<StoredUplift>(db, req.uplift);
  if (!a || a.kind !== UPLIFT) throw new AppError('NOT_FOUND', `The workspace has no uplift model ${req.uplift}.`, { option: 'uplift', got: String(req.uplift), expected: 'an uplift model id' });
  const u = a.body;
  const out = path.resolve(req.out);
  if (fs.existsSync(out)) throw new AppError('ALREADY_EXISTS', `${out} already exists; an export never replaces a folder.`, { file: out, expected: 'a new folder' });
  const doc: OffersDocument = {
    formatVersion: 1, tool: { name: 'jointscore', version: VERSION }, createdAt: u.createdAt, upliftId: a.id, name: u.name, target: u.target, event: u.event,
    treatment: u.treatment, control: u.control, channel: u.channel, method: u.method, learner: u.learner, inputs: u.inputs, valuePerResponse: u.valuePerResponse,
    thresholds: u.thresholds, privacy: { minBinRows: k }, controlModel: portable(u.controlModel),
    arms: u.arms.map((x) => ({ key: x.key, treatment: x.treatment, channel: x.channel, offerCost: x.offerCost, contactCost: x.contactCost, model: portable(x.model) })),
  };
  const small = [...smallParts('control', doc.controlModel, k), ...doc.arms.flatMap((x) => smallParts(x.key, x.model, k))];
  if (small.length > 0) {
    throw new AppError('PRIVACY_THRESHOLD', `${small.length} bin${small.length > 1 ? 's or leaves hold' : ' or leaf holds'} fewer than ${k} training rows, so the export could describe too few people: ${small.slice(0, 8).join('; ')}${small.length > 8 ? '; …' : ''}. Fit with larger leaves or bins (or lower the minimum rows per bin).`, { option: 'minBinRows', expected: `every bin and leaf with 0 or at least ${k} rows`, bins: small });
  }
  const files = [
    { path: 'offers.json', data: `${JSON.stringify(doc, null, 2)}\n` },
    { path: 'offers.mjs', data: offersSource(doc, `Jointscore ${VERSION} — offers of uplift model ${a.id} '${u.name}'`) },
  ];
  const manifest = { formatVersion: 1, kind: 'offers', tool: doc.tool, createdAt: u.createdAt, upliftId: a.id, inputs: u.inputs, files: files.map((f) => ({ path: f.path, sha256: sha256(f.data), bytes: Buffer.byteLength(f.data) })) };
  const tmp = `${out}.partial-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  try {
    for (const f of files) fs.writeFileSync(path.join(tmp, f.path), f.data);
    fs.writeFileSync(path.join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    fs.renameSync(tmp, out);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  appendAudit(db, 'uplift.export', { uplift: a.id, name: u.name, out, files: manifest.files, minBinRows: k });
  return { out, files: manifest.files, arms: doc.arms.map((x) => x.key), inputs: u.inputs };
}
