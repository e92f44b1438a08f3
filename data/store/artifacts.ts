import type { Database } from 'better-sqlite3';

/** A stored result with its kind and schema version, linked to the dataset it describes. */
export interface Artifact<T> {
  id: number;
  kind: string;
  schemaVersion: number;
  datasetId: number | null;
  name: string;
  body: T;
  createdAt: string;
}

export function saveArtifact(db: Database, a: Omit<Artifact<unknown>, 'id'>): number {
  return Number(db.prepare('INSERT INTO artifacts (kind, schema_version, dataset_id, name, body_json, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(a.kind, a.schemaVersion, a.datasetId, a.name, JSON.stringify(a.body), a.createdAt).lastInsertRowid);
}

/** The newest artifact of `kind` for a dataset, if its schema version is one this build reads. */
export function latestArtifact<T>(db: Database, kind: string, datasetId: number, schemaVersion: number): Artifact<T> | null {
  const r = db.prepare('SELECT id, kind, schema_version, dataset_id, name, body_json, created_at FROM artifacts WHERE kind = ? AND dataset_id = ? ORDER BY id DESC LIMIT 1').get(kind, datasetId) as
    | { id: number; kind: string; schema_version: number; dataset_id: number; name: string; body_json: string; created_at: string }
    | undefined;
  if (!r || r.schema_version !== schemaVersion) return null;
  return { id: r.id, kind: r.kind, schemaVersion: r.schema_version, datasetId: r.dataset_id, name: r.name, body: JSON.parse(r.body_json) as T, createdAt: r.created_at };
}
