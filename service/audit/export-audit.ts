import type { Database } from 'better-sqlite3';
import type { Locale } from '../../i18n/locales';
import fs from 'node:fs';
import path from 'node:path';
import { canonicalJson, listAudit, verifyAudit, type AuditVerification } from '../../data/store/audit-log';
import { csvField } from '../../data/pseudonymize/csv-writer';
import { EncodedText, outputEncoding, type OutputEncoding } from '../../data/export/output-encoding';
import { AppError } from '../../types/errors';
import { describeAudit } from './describe-audit';

export interface AuditExportRequest {
  out: string;
  /** csv (one row per entry) or json (the entries and the chain's verification); default from the file's extension, else csv. */
  format?: 'csv' | 'json';
  /** The CSV's encoding: UTF-8 with BOM (default, for Excel), UTF-8, or GBK (JSON is always UTF-8). */
  encoding?: OutputEncoding;
  /** The summaries' language (default English); parameters and hashes are language-neutral. */
  lang?: Locale;
}

export interface AuditExportResult {
  out: string;
  format: 'csv' | 'json';
  entries: number;
  verification: AuditVerification;
}

function formatOf(req: AuditExportRequest): 'csv' | 'json' {
  const f = req.format ?? (path.extname(req.out).toLowerCase() === '.json' ? 'json' : 'csv');
  if (f !== 'csv' && f !== 'json') throw new AppError('INVALID_ARGUMENT', `The audit export format must be csv or json; got '${String(f)}'.`, { option: 'format', expected: 'csv | json', got: String(f) });
  return f;
}

/**
 * Writes the workspace's audit log for a risk committee or an auditor: every entry with its time,
 * action, a sentence saying what changed, its parameters (canonical JSON, as hashed) and its hash
 * link, so the chain can be re-verified outside the app. Refuses to overwrite; appears whole or not at all.
 */
export function exportAudit(db: Database, req: AuditExportRequest): AuditExportResult {
  const format = formatOf(req);
  const out = path.resolve(req.out);
  if (fs.existsSync(out)) throw new AppError('ALREADY_EXISTS', `${out} already exists; the audit export does not overwrite files.`, { file: out, expected: 'a new file name' });
  if (!fs.existsSync(path.dirname(out))) throw new AppError('FILE_NOT_FOUND', `The folder ${path.dirname(out)} does not exist.`, { file: path.dirname(out) });
  const entries = listAudit(db);
  const verification = verifyAudit(db);
  const body = format === 'json'
    ? `${JSON.stringify({ format: 'jointscore-audit', verification, entries: entries.map((e) => ({ seq: e.seq, at: e.at, action: e.action, summary: describeAudit(e, req.lang ?? 'en'), params: e.params, prevHash: e.prevHash, hash: e.hash })) }, null, 2)}\n`
    : `${['seq', 'at', 'action', 'summary', 'params_json', 'prev_hash', 'hash'].join(',')}\n${entries.map((e) => [String(e.seq), e.at, e.action, describeAudit(e, req.lang ?? 'en'), canonicalJson(e.params), e.prevHash, e.hash].map(csvField).join(',')).join('\n')}\n`;
  const tmp = `${out}.partial-${process.pid}`;
  try {
    fs.writeFileSync(tmp, format === 'json' ? body : new EncodedText(outputEncoding(req.encoding)).encode(body), { flag: 'wx' });
    fs.renameSync(tmp, out);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  return { out, format, entries: entries.length, verification };
}
