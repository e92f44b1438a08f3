import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ChunkWriter, readDictionary, shareDictionary } from '../../../../data/store/column-chunks';
import { deleteDataset, insertColumns, insertDataset } from '../../../../data/store/datasets';
import { openWorkspaceDb } from '../../../../data/workspace/open-workspace';
import { tempDir } from '../../../helpers/temp';

const dir = tempDir();

function dataset(db: ReturnType<typeof openWorkspaceDb>, name: string): number {
  const id = insertDataset(db, { name, party: 'lender', chunkRows: 65536, sourceFile: name, sourceSha256: '', format: 'csv', options: {}, createdAt: new Date().toISOString() });
  return insertColumns(db, id, [{ name: 'k', type: 'key', role: 'key', storage: 'i32' }])[0]!;
}

describe('dictionaries shared between datasets', () => {
  it('reads a shared dictionary through every borrower, and keeps it when its owner is deleted, whichever goes first', () => {
    const db = openWorkspaceDb(path.join(dir, 'w.jsw'), { create: true });
    const keys = ['a1', 'b2', 'c3'];
    const a = dataset(db, 'a'), b = dataset(db, 'b'), c = dataset(db, 'c');
    new ChunkWriter(db).writeDictionary(a, keys);
    shareDictionary(db, a, b);
    shareDictionary(db, b, c); // sharing a borrower's dictionary shares the owner's
    assert.deepEqual([readDictionary(db, b), readDictionary(db, c)], [keys, keys]);
    assert.equal(db.prepare('SELECT COUNT(*) FROM dictionary_chunks').pluck().get(), 1, 'stored once');
    deleteDataset(db, 'a');
    assert.deepEqual([readDictionary(db, b), readDictionary(db, c)], [keys, keys]);
    deleteDataset(db, 'b');
    assert.deepEqual(readDictionary(db, c), keys);
    deleteDataset(db, 'c');
    assert.equal(db.prepare('SELECT COUNT(*) FROM dictionary_chunks').pluck().get(), 0, 'nothing left behind');
    db.close();
  });
});
