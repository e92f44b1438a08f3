import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { matchKeys, matchKeysOnTwoThreads, type KeyColumn } from '../../data/join/key-column';
import { joinDatasets, type JoinRequest } from '../../data/join/join-datasets';
import type { ColumnGatherer } from '../../data/join/gather-column';
import { importDataset } from '../../data/import/import-dataset';
import { readColumn } from '../../data/store/column-chunks';
import { getDataset } from '../../data/store/datasets';
import { loadProfile } from '../../data/store/profiles';
import { openWorkspaceDb } from '../../data/workspace/open-workspace';
import { AppError } from '../../types/errors';
import { mulberry32 } from '../../models/stats/random';
import { matchHexPart, OTHER_PART } from '../../data/join/match-hex-part';
import { startComputeHelper } from '../../service/jobs/compute-helper';
import { REPO, tempDir, write } from '../helpers/temp';

const helper = startComputeHelper(path.join(REPO, 'service', 'jobs', 'worker-entry.ts'));
after(() => helper.stop());

/** Right: n random keys; left: m keys, every third one of the right's (shuffled), the rest new. */
type HexKeys = Extract<KeyColumn, { kind: 'hex' }>;

function keys(n: number, m: number, width: number): { left: HexKeys; right: HexKeys } {
  const right = new Uint8Array(randomBytes(n * width));
  const left = new Uint8Array(m * width);
  for (let c = 0; c < m; c++) {
    if (c % 3 === 0) { const j = (c * 7919) % n; left.set(right.subarray(j * width, (j + 1) * width), c * width); } else left.set(randomBytes(width), c * width);
  }
  const column = (bytes: Uint8Array, count: number): HexKeys => ({ kind: 'hex', codes: new Int32Array(0), count, width, bytes });
  return { left: column(left, m), right: column(right, n) };
}

describe('matching hashed keys on two threads', () => {
  it('finds what one thread finds: each half on its own thread (the helper\'s from shared memory), put together', async () => {
    for (const [n, m, width] of [[150_000, 90_000, 32], [120_000, 130_000, 16]] as const) {
      const { left, right } = keys(n, m, width);
      const one = matchKeys(left, right);
      const two = await matchKeysOnTwoThreads(left, right, helper.keyMatcher);
      assert.deepEqual(two, one, `${n} x ${m} keys of ${width} bytes`);
      assert.ok(one.filter((x) => x >= 0).length >= m / 3 - 1, 'every third left key matched');
    }
  });

  it('answers for one half only, marking the other half\'s keys, and the halves cover every key', () => {
    const { left, right } = keys(20_000, 20_000, 32);
    const halves = [0, 1].map((part) => matchHexPart(left, right, part));
    const one = matchKeys(left, right);
    for (let c = 0; c < one.length; c++) {
      const mine = halves.filter((h) => h[c] !== OTHER_PART);
      assert.equal(mine.length, 1, `key ${c} in exactly one half`);
      assert.equal(mine[0]![c], one[c]);
    }
  });

  it('gathers, packs and profiles the right columns of numbers on both threads to exactly what one thread stores, and keeps nothing when the helper fails', async () => {
    const dir = tempDir();
    const rnd = mulberry32(41);
    const hex = () => randomBytes(32).toString('hex');
    const keysRight = Array.from({ length: 3000 }, hex);
    const lender = ['phone_hmac_sha256,bad,amount', ...Array.from({ length: 2500 }, (_, i) => `${i % 2 === 0 ? keysRight[(i * 7) % 3000] : hex()},${rnd() < 0.1 ? 1 : 0},${Math.floor(rnd() * 9000)}`)];
    // Numbers of every packing: small integers, decimals, wide values, missing ones.
    const partner = ['phone_hmac_sha256,os,video_min,night_ratio,wide,sparse', ...keysRight.map((k) => `${k},${rnd() < 0.5 ? 'ios' : 'android'},${Math.floor(rnd() * 200)},${rnd().toFixed(3)},${Math.floor(rnd() * 1e12)},${rnd() < 0.7 ? '' : (rnd() * 50).toFixed(1)}`)];
    const files = { lender: write(dir, 'lender.csv', lender.join('\n') + '\n'), partner: write(dir, 'partner.csv', partner.join('\n') + '\n') };
    const controls = { signal: { aborted: false }, onProgress: () => {} };
    const req: JoinRequest = { left: 'lender', right: 'partner', on: 'phone_hmac_sha256', how: 'left', name: 'joint' };
    const joined = async (file: string, gatherer?: ColumnGatherer) => {
      const db = openWorkspaceDb(path.join(dir, file), { create: true });
      try {
        await importDataset(db, { file: files.lender, name: 'lender' }, controls);
        await importDataset(db, { file: files.partner, name: 'partner', party: 'partner' }, controls);
        await joinDatasets(db, req, controls, gatherer ? helper.profiler : undefined, undefined, gatherer);
        const ds = getDataset(db, 'joint');
        const columns = ds.columns.map((c) => { const col = readColumn(db, ds, c.name); return col.kind === 'f64' ? Array.from(col.values) : { codes: Array.from(col.codes), dictionary: col.dictionary }; });
        return { columns, profile: { ...loadProfile(db, ds.id, null), computedAt: null } };
      } finally {
        db.close();
      }
    };
    const one = await joined('one.jsw');
    let gathered = 0;
    const counting: ColumnGatherer = async (task) => { gathered++; return helper.gatherer(task); };
    assert.deepEqual(await joined('two.jsw', counting), one);
    assert.ok(gathered >= 2, `the helper gathered ${gathered} columns`);
    // An inner join keeps only matched left rows: the left columns of numbers are gathered too.
    req.how = 'inner';
    req.name = 'inner';
    const inner = async (file: string, gatherer?: ColumnGatherer) => {
      const db = openWorkspaceDb(path.join(dir, file), { create: false });
      try {
        await joinDatasets(db, req, controls, gatherer ? helper.profiler : undefined, undefined, gatherer);
        const ds = getDataset(db, 'inner');
        return { columns: ds.columns.map((c) => { const col = readColumn(db, ds, c.name); return col.kind === 'f64' ? Array.from(col.values) : Array.from(col.codes); }), profile: { ...loadProfile(db, ds.id, null), computedAt: null } };
      } finally {
        db.close();
      }
    };
    gathered = 0;
    assert.deepEqual(await inner('two.jsw', counting), await inner('one.jsw'));
    assert.ok(gathered >= 3, `the helper gathered ${gathered} columns of the inner join`);
    const failing: ColumnGatherer = async () => { throw new AppError('INTERNAL', 'the helper thread stopped'); };
    await assert.rejects(joined('failing.jsw', failing), /the helper thread stopped/);
    const db = openWorkspaceDb(path.join(dir, 'failing.jsw'), { create: false });
    try {
      assert.equal(db.prepare("SELECT COUNT(*) FROM datasets WHERE name = 'joint'").pluck().get(), 0, 'no joined dataset kept');
    } finally {
      db.close();
    }
  });

  it('fails, not half-matches, when the helper fails matching its half', async () => {
    const { left, right } = keys(150_000, 90_000, 32);
    await assert.rejects(matchKeysOnTwoThreads(left, right, async () => { throw new Error('the helper thread stopped'); }), /the helper thread stopped/);
  });
});
