import type { Database } from 'better-sqlite3';
import { saidInEnglish } from '../../i18n/phrase-said';
import { said } from '../../types/said';
import { appendAudit } from '../../data/store/audit-log';
import type { BinaryTarget } from '../../data/profile/target';
import { updateColumnRole, type StoredDataset } from '../../data/store/datasets';
import { statsOf } from '../../models/binning/bin-variable';
import { leakageEvidence, type LeakageEvidence } from '../../models/selection/leakage';
import type { ColumnData } from '../../types/columns';
import { AppError } from '../../types/errors';

/** What the leakage guard decided before a training: stored with the model and in the audit log. */
export interface LeakageReport {
  /** Columns with role outcome (or target) left out of the default inputs. */
  outcomesLeftOut: string[];
  /** Columns the user kept although they are outcomes or the detector flagged them. */
  allowed: string[];
  /** The detector's evidence on the inputs that were kept by the user's choice. */
  evidence: LeakageEvidence[];
}

const POST_OUTCOME = new Set(['outcome', 'target']);

/** Columns of the dataset that are outcomes (or other targets) and that a default input list leaves out. */
export function outcomeColumns(ds: StoredDataset, target: string): string[] {
  return ds.columns.filter((c) => POST_OUTCOME.has(c.role) && c.name !== target).map((c) => c.name);
}

/**
 * Refuses inputs that would leak the target, unless the user keeps them by name (`allow`): a
 * column whose role is outcome or target, and any input whose training statistics are implausible
 * for something known before the decision (`leakageEvidence`). The error is LEAKAGE_SUSPECTED with
 * every suspect column and its evidence.
 */
export function guardAgainstLeakage(ds: StoredDataset, inputs: readonly string[], columnOf: (name: string) => ColumnData, target: BinaryTarget, trainMask: Uint8Array, allow: readonly string[]): LeakageEvidence[] {
  const allowed = new Set(allow);
  const role = new Map(ds.columns.map((c) => [c.name, c.role]));
  const evidence: LeakageEvidence[] = [];
  for (const name of inputs) {
    const stats = statsOf({ name, party: null, column: columnOf(name), flags: target.flags, mask: trainMask }, { special: [] });
    const found = leakageEvidence(name, stats);
    if (POST_OUTCOME.has(role.get(name) ?? '')) { const why = said('leak.outcomeRole', { role: role.get(name) ?? '' }); found.unshift({ column: name, kind: 'outcome-role', value: 1, group: null, rows: 0, baseRate: 0, said: why, detail: saidInEnglish(why) }); }
    evidence.push(...found);
  }
  const suspects = [...new Set(evidence.map((e) => e.column))].filter((c) => !allowed.has(c));
  if (suspects.length > 0) {
    const lines = evidence.filter((e) => suspects.includes(e.column)).map((e) => `'${e.column}': ${e.detail}`);
    throw new AppError('LEAKAGE_SUSPECTED', `Target leakage suspected for ${target.name} = ${target.event}: ${lines.join('; ')}. Leave ${suspects.length > 1 ? 'them' : 'it'} out, or keep ${suspects.length > 1 ? 'them' : 'it'} explicitly.`, {
      column: suspects[0]!, columns: suspects, evidence: evidence.filter((e) => suspects.includes(e.column)), expected: 'inputs known before the decision being modeled', got: lines[0]!,
    });
  }
  return evidence;
}

/** A column used as a target is an outcome for every other model of the dataset (recorded in the audit log). */
export function markUsedAsTarget(db: Database, ds: StoredDataset, target: string, at: string): void {
  const col = ds.columns.find((c) => c.name === target);
  if (!col || col.role !== 'feature') return;
  updateColumnRole(db, ds.name, target, 'outcome');
  appendAudit(db, 'dataset.setRole', { dataset: ds.name, column: target, role: 'outcome', reason: 'used as a target' }, at);
}
