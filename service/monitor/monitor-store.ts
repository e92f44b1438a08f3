import type { Database } from 'better-sqlite3';
import { findArtifactById, listArtifactsOfKind, saveArtifact } from '../../data/store/artifacts';
import { appendAudit, listAudit } from '../../data/store/audit-log';
import { badThreshold, DEFAULT_THRESHOLDS, type MonitorThresholds } from '../../models/monitor/thresholds';
import { AppError } from '../../types/errors';
import type { MonitorResult } from './run-monitor';
import fs from 'node:fs';

export const MONITOR_THRESHOLDS = 'monitor-thresholds';
export const MONITOR_RUN = 'monitor-run';

/** The workspace's monitoring thresholds (the defaults until the user sets them). */
export function savedThresholds(db: Database): MonitorThresholds & { saved: boolean } {
  const a = listArtifactsOfKind(db, MONITOR_THRESHOLDS)[0];
  if (!a) return { ...DEFAULT_THRESHOLDS, saved: false };
  return { ...DEFAULT_THRESHOLDS, ...findArtifactById<MonitorThresholds>(db, a.id)!.body, saved: true };
}

/** Checks thresholds (numbers ≥ 0, each warn at most its alert), naming the one that is not. */
export function checkThresholds(t: Partial<MonitorThresholds>, base: MonitorThresholds = DEFAULT_THRESHOLDS): MonitorThresholds {
  const merged = { ...base, ...Object.fromEntries(Object.entries(t).filter(([k, v]) => (k in DEFAULT_THRESHOLDS || k === 'funnelBands') && v !== undefined)) } as MonitorThresholds;
  const bad = badThreshold(merged);
  if (bad) throw new AppError('INVALID_ARGUMENT', `The monitoring threshold ${bad.key} must be ${bad.reason}; got ${JSON.stringify(merged[bad.key])}.`, { option: bad.key, expected: bad.reason, got: JSON.stringify(merged[bad.key]) });
  return merged;
}

/** Saves the workspace's thresholds (audited: they decide which months turn red). */
export function saveThresholds(db: Database, t: Partial<MonitorThresholds>): MonitorThresholds & { saved: boolean } {
  const merged = checkThresholds(t, savedThresholds(db));
  db.transaction(() => {
    saveArtifact(db, { kind: MONITOR_THRESHOLDS, schemaVersion: 1, datasetId: null, name: 'thresholds', body: merged, createdAt: new Date().toISOString() });
    appendAudit(db, 'monitor.thresholds', merged);
  })();
  return { ...merged, saved: true };
}

/** Keeps a monitoring run's result with the workspace: the Monitoring tab shows the latest. */
export function saveRun(db: Database, r: MonitorResult): number {
  return saveArtifact(db, { kind: MONITOR_RUN, schemaVersion: 1, datasetId: null, name: r.source, body: r, createdAt: new Date().toISOString() });
}

export function lastRun(db: Database): (MonitorResult & { id: number; createdAt: string }) | null {
  const a = listArtifactsOfKind(db, MONITOR_RUN).find((x) => x.schemaVersion === 1);
  if (!a) return null;
  const r = findArtifactById<MonitorResult>(db, a.id)!;
  return { ...r.body, id: r.id, createdAt: r.createdAt };
}

/** Bundles exported from this workspace that are still on disk, newest first. */
export function exportedBundles(db: Database): { out: string; model: number; at: string }[] {
  const seen = new Set<string>();
  return listAudit(db).filter((e) => e.action === 'export').reverse().flatMap((e) => {
    const p = e.params as { out?: string; model?: number; split?: string };
    if (!p.out || seen.has(p.out) || (p.split && p.split !== 'lender') || !fs.existsSync(`${p.out}/manifest.json`)) return [];
    seen.add(p.out);
    return [{ out: p.out, model: Number(p.model), at: e.at }];
  });
}
