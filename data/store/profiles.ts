import type { Database } from 'better-sqlite3';
import type { DatasetProfile } from '../../types/dataset';

/** Stores a profile under (dataset, target); '' is the key of the profile without target. */
export function saveProfile(db: Database, datasetId: number, profile: DatasetProfile): void {
  db.prepare('INSERT OR REPLACE INTO profiles (dataset_id, target, body_json, created_at) VALUES (?, ?, ?, ?)').run(
    datasetId, profile.target ?? '', JSON.stringify(profile), profile.computedAt,
  );
}

export function loadProfile(db: Database, datasetId: number, target: string | null): DatasetProfile | null {
  const row = db.prepare('SELECT body_json FROM profiles WHERE dataset_id = ? AND target = ?').pluck().get(datasetId, target ?? '') as string | undefined;
  if (row === undefined) return null;
  const body = JSON.parse(row) as DatasetProfile;
  return body.schemaVersion === 1 ? body : null;
}
