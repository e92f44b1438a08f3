import type { Database } from 'better-sqlite3';
import { appendAudit } from '../../data/store/audit-log';
import { deleteArtifact, findArtifactById, listArtifactsOfKind, renameArtifact, updateArtifactBody } from '../../data/store/artifacts';
import { AppError } from '../../types/errors';
import type { StoredModel } from '../../types/model';
import type { Scorecard } from '../../types/scorecard';
import { strategyAxes, type Strategy } from '../../types/strategy';
import { MODEL } from './train-model';
import { SCORECARD } from './build-scorecard';
import { STRATEGY } from './bid-strategy';

const MAX_NAME = 80;

function checkName(name: unknown, kind: string): string {
  const n = typeof name === 'string' ? name.trim() : '';
  if (n === '' || n.length > MAX_NAME || /^\d+$/.test(n)) {
    throw new AppError('INVALID_ARGUMENT', `A ${kind} name must be 1–${MAX_NAME} characters and not a bare number (numbers name ids); got '${String(name)}'.`, { option: 'name', expected: `1–${MAX_NAME} characters, not only digits`, got: String(name) });
  }
  return n;
}

function artifact<T>(db: Database, kind: string, id: number, what: string) {
  const a = findArtifactById<T>(db, id);
  if (!a || a.kind !== kind) throw new AppError('NOT_FOUND', `The workspace has no ${what} ${id}.`, { option: what, got: String(id) });
  return a;
}

function refuseTaken(db: Database, kind: string, id: number, name: string, what: string): void {
  if (listArtifactsOfKind(db, kind).some((a) => a.id !== id && a.name === name)) {
    throw new AppError('ALREADY_EXISTS', `Another ${what} is already named '${name}'; names pick one on the command line, so they stay unique.`, { option: 'name', expected: 'a name no other one has', got: name });
  }
}

/**
 * Renames a named artifact (its row and the copy of the name in its body) in one transaction
 * with `alsoDo` and the audit entry `<what>.rename`.
 */
function renameNamed<T extends { name: string }>(db: Database, kind: string, what: 'model' | 'strategy', id: number, name: string, alsoDo: (to: string) => void): T & { id: number } {
  const to = checkName(name, what);
  const a = artifact<T>(db, kind, id, what);
  refuseTaken(db, kind, id, to, what);
  db.transaction(() => {
    renameArtifact(db, id, to);
    updateArtifactBody(db, id, { ...a.body, name: to });
    alsoDo(to);
    appendAudit(db, `${what}.rename`, { [what]: id, from: a.name, to });
  })();
  return { ...a.body, name: to, id };
}

/** Renames a model (and the name its scorecards show); audited. */
export function renameModel(db: Database, id: number, name: string): StoredModel & { id: number } {
  return renameNamed<StoredModel>(db, MODEL, 'model', id, name, (to) => {
    for (const c of listArtifactsOfKind(db, SCORECARD)) {
      const card = findArtifactById<Scorecard>(db, c.id)!;
      if (card.body.modelId === id) updateArtifactBody(db, c.id, { ...card.body, modelName: to });
    }
  });
}

/** Renames a strategy; audited. */
export function renameStrategy(db: Database, id: number, name: string): Strategy & { id: number } {
  return renameNamed<Strategy>(db, STRATEGY, 'strategy', id, name, () => {});
}

/** Deletes a strategy; audited. */
export function deleteStrategy(db: Database, id: number): void {
  const a = artifact<Strategy>(db, STRATEGY, id, 'strategy');
  db.transaction(() => { deleteArtifact(db, id); appendAudit(db, 'strategy.delete', { strategy: id, name: a.name }); })();
}

/** Deletes a scorecard unless a strategy uses it (naming them); audited. */
export function deleteScorecard(db: Database, id: number): void {
  const a = artifact<Scorecard>(db, SCORECARD, id, 'scorecard');
  const users = listArtifactsOfKind(db, STRATEGY).filter((s) => strategyAxes(findArtifactById<Strategy>(db, s.id)!.body).some((x) => x.scorecardId === id));
  if (users.length > 0) {
    throw new AppError('INVALID_ARGUMENT', `Scorecard ${id} is used by strateg${users.length > 1 ? 'ies' : 'y'} ${users.map((s) => `${s.id} '${s.name}'`).join(', ')}; delete ${users.length > 1 ? 'them' : 'it'} first.`, { option: 'scorecard', expected: 'a scorecard no strategy uses', got: String(id) });
  }
  db.transaction(() => { deleteArtifact(db, id); appendAudit(db, 'scorecard.delete', { scorecard: id, model: a.body.modelId }); })();
}
