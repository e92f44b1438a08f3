import type { Database } from 'better-sqlite3';
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  seq: number;
  at: string;
  action: string;
  params: unknown;
  prevHash: string;
  hash: string;
}

/** Canonical JSON: keys sorted at every level, so the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** sha256 over the previous hash and this entry's fields; the chain makes any edit visible. */
export function entryHash(prevHash: string, seq: number, at: string, action: string, paramsJson: string): string {
  return createHash('sha256').update(`${prevHash}\n${seq}\n${at}\n${action}\n${paramsJson}`).digest('hex');
}

/** Appends an entry; call inside the transaction that does the work it records. */
export function appendAudit(db: Database, action: string, params: unknown, at: string = new Date().toISOString()): AuditEntry {
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
    | { seq: number; hash: string }
    | undefined;
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const paramsJson = canonicalJson(params);
  const hash = entryHash(prevHash, seq, at, action, paramsJson);
  db.prepare('INSERT INTO audit_log (seq, at, action, params_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)').run(
    seq, at, action, paramsJson, prevHash, hash,
  );
  // The chain's head, kept apart from the chain: removing its last entries no longer verifies.
  db.prepare("INSERT INTO meta (key, value) VALUES ('audit_head', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(JSON.stringify({ seq, hash }));
  return { seq, at, action, params, prevHash, hash };
}

/** Where the chain ended at some moment: an export manifest and an audit export carry one. */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

function storedHead(db: Database): AuditAnchor | null {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'audit_head'").get() as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as AuditAnchor) : null;
}

/** The chain's newest entry as an anchor (null for an empty log). */
export function auditHead(db: Database): AuditAnchor | null {
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as AuditAnchor | undefined;
  return last ?? null;
}

/** The newest entry that `match`es, as an anchor (null when none does). */
export function lastAuditWhere(db: Database, match: (action: string, params: Record<string, unknown>) => boolean): AuditAnchor | null {
  const rows = db.prepare('SELECT seq, action, params_json, hash FROM audit_log ORDER BY seq DESC').iterate() as Iterable<{ seq: number; action: string; params_json: string; hash: string }>;
  for (const r of rows) if (match(r.action, JSON.parse(r.params_json) as Record<string, unknown>)) return { seq: r.seq, hash: r.hash };
  return null;
}

export function listAudit(db: Database): AuditEntry[] {
  const rows = db.prepare('SELECT seq, at, action, params_json, prev_hash, hash FROM audit_log ORDER BY seq').all() as {
    seq: number; at: string; action: string; params_json: string; prev_hash: string; hash: string;
  }[];
  return rows.map((r) => ({ seq: r.seq, at: r.at, action: r.action, params: JSON.parse(r.params_json), prevHash: r.prev_hash, hash: r.hash }));
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** The first entry whose hash or link does not match — or, for a log cut short, the first one missing — when `ok` is false. */
  firstBroken: number | null;
  /** The log ends before its recorded head, or before an anchor it was checked against: entries were removed. */
  truncated: boolean;
  /** The head the workspace recorded (null in workspaces older than the anchor). */
  head: AuditAnchor | null;
}

/**
 * Re-hashes the whole chain, checks each link, and checks that it ends at the head the workspace
 * recorded — and, when given, that it holds an anchor taken earlier (from a bundle's manifest or
 * an audit export) with the same hash.
 */
export function verifyAudit(db: Database, anchor?: AuditAnchor): AuditVerification {
  const rows = db.prepare('SELECT seq, at, action, params_json, prev_hash, hash FROM audit_log ORDER BY seq').all() as {
    seq: number; at: string; action: string; params_json: string; prev_hash: string; hash: string;
  }[];
  const head = storedHead(db);
  const result = (ok: boolean, firstBroken: number | null, truncated = false): AuditVerification => ({ ok, entries: rows.length, firstBroken, truncated, head });
  let prev = GENESIS_HASH;
  for (const r of rows) {
    if (r.prev_hash !== prev || entryHash(prev, r.seq, r.at, r.action, r.params_json) !== r.hash) return result(false, r.seq);
    prev = r.hash;
  }
  const last = rows.at(-1);
  for (const a of [head, anchor]) {
    if (!a) continue;
    const at = rows.find((r) => r.seq === a.seq);
    if (!at) return result(false, (last?.seq ?? 0) + 1, true);
    if (at.hash !== a.hash) return result(false, a.seq);
  }
  if (head && last && last.seq !== head.seq) return result(false, head.seq + 1);
  return result(true, null);
}
