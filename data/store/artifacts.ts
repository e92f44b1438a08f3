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

/** The newest artifact of `kind` and `name` for a dataset. */
export function findArtifact<T>(db: Database, kind: string, datasetId: number, name: string): Artifact<T> | null {
  const r = db.prepare('SELECT id, kind, schema_version, dataset_id, name, body_json, created_at FROM artifacts WHERE kind = ? AND dataset_id = ? AND name = ? ORDER BY id DESC LIMIT 1').get(kind, datasetId, name) as
    | { id: number; kind: string; schema_version: number; dataset_id: number; name: string; body_json: string; created_at: string }
    | undefined;
  if (!r) return null;
  return { id: r.id, kind: r.kind, schemaVersion: r.schema_version, datasetId: r.dataset_id, name: r.name, body: JSON.parse(r.body_json) as T, createdAt: r.created_at };
}

/** The artifact with this id, whatever its kind. */
export function findArtifactById<T>(db: Database, id: number): Artifact<T> | null {
  const r = db.prepare('SELECT id, kind, schema_version, dataset_id, name, body_json, created_at FROM artifacts WHERE id = ?').get(id) as
    | { id: number; kind: string; schema_version: number; dataset_id: number | null; name: string; body_json: string; created_at: string }
    | undefined;
  if (!r) return null;
  return { id: r.id, kind: r.kind, schemaVersion: r.schema_version, datasetId: r.dataset_id, name: r.name, body: JSON.parse(r.body_json) as T, createdAt: r.created_at };
}

/** Every artifact of `kind` in the workspace (without bodies), newest first. */
export function listArtifactsOfKind(db: Database, kind: string): Omit<Artifact<never>, 'body'>[] {
  return (db.prepare('SELECT id, kind, schema_version, dataset_id, name, created_at FROM artifacts WHERE kind = ? ORDER BY id DESC').all(kind) as
    { id: number; kind: string; schema_version: number; dataset_id: number | null; name: string; created_at: string }[])
    .map((r) => ({ id: r.id, kind: r.kind, schemaVersion: r.schema_version, datasetId: r.dataset_id, name: r.name, createdAt: r.created_at }));
}

/** All artifacts of `kind` for a dataset (without their bodies), newest first. */
export function listArtifacts(db: Database, kind: string, datasetId: number): Omit<Artifact<never>, 'body'>[] {
  return (db.prepare('SELECT id, kind, schema_version, dataset_id, name, created_at FROM artifacts WHERE kind = ? AND dataset_id = ? ORDER BY id DESC').all(kind, datasetId) as
    { id: number; kind: string; schema_version: number; dataset_id: number; name: string; created_at: string }[])
    .map((r) => ({ id: r.id, kind: r.kind, schemaVersion: r.schema_version, datasetId: r.dataset_id, name: r.name, createdAt: r.created_at }));
}

/** Replaces an artifact's body (e.g. a binning after a manual edit). */
export function updateArtifactBody(db: Database, id: number, body: unknown): void {
  db.prepare('UPDATE artifacts SET body_json = ? WHERE id = ?').run(JSON.stringify(body), id);
}

export function deleteArtifact(db: Database, id: number): void {
  db.prepare('DELETE FROM artifacts WHERE id = ?').run(id);
}

/** Renames an artifact (the body keeps its own copy of the name where it has one: the caller updates it). */
export function renameArtifact(db: Database, id: number, name: string): void {
  db.prepare('UPDATE artifacts SET name = ? WHERE id = ?').run(name, id);
}
