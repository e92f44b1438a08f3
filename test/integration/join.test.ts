import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { JoinResult } from '../../service/contract';
import type { DatasetDetail } from '../../types/dataset';
import type { WireError } from '../../types/errors';
import { createService } from '../../service/create-service';
import { json, runCli } from '../helpers/cli';
import { tempDir, write } from '../helpers/temp';
import { openWorkspaceDb } from '../../data/workspace/open-workspace';
import { getDataset } from '../../data/store/datasets';
import { loadProfile } from '../../data/store/profiles';
import { profileDataset } from '../../data/profile/profile-dataset';

/** Lender: 40 phones (ids 0–39); partner: ids 20–59 — exactly 20 shared people, known in advance. */
const phone = (i: number) => `139${String(10000000 + i * 7919).slice(-8)}`;

describe('CLI: join two parties on pseudonymized keys', () => {
  const dir = tempDir();
  const ws = path.join(dir, 'joint.jsw');
  const secret = write(dir, 'secret', 'same-secret-for-both', 0o600);
  const other = write(dir, 'other', 'other-secret-for-both', 0o600);
  const lender = write(dir, 'lender.csv', `phone,month,bad\n${Array.from({ length: 40 }, (_, i) => `${phone(i)},2026-0${1 + (i % 6)},${i % 3 === 0 ? 1 : 0}`).join('\n')}\n`);
  const partner = write(dir, 'partner.csv', `mobile,usage_min,city_tier\n${Array.from({ length: 40 }, (_, k) => `+86 ${phone(k + 20)},${(k * 13) % 300},${(k % 4) + 1}`).join('\n')}\n`);
  const err = (stderr: string) => (JSON.parse(stderr) as { error: WireError }).error;
  const pseudo = async (file: string, key: string, secretFile: string, out: string, hash = 'hmac-sha256') =>
    json(await runCli(['pseudonymize', file, '--key', key, '--key-kind', 'phone', '--hash', hash, '--secret-file', secretFile, '--out', path.join(dir, out), '--json'], dir));
  const imp = async (file: string, name: string, party: string) => json(await runCli(['import', path.join(dir, file), '--workspace', ws, '--name', name, '--party', party, '--json'], dir));
  const join = (...args: string[]) => runCli(['join', '--workspace', ws, '--json', ...args], dir);

  before(async () => {
    json(await runCli(['workspace', 'create', ws, '--json'], dir));
    await pseudo(lender, 'phone', secret, 'lender.h.csv');
    await pseudo(partner, 'mobile', secret, 'partner.h.csv');
    await pseudo(partner, 'mobile', other, 'partner.other.csv');
    await pseudo(partner, 'mobile', secret, 'partner.md5.csv', 'md5');
    json(await runCli(['pseudonymize', partner, '--key', 'mobile', '--key-kind', 'phone', '--secret-file', secret, '--upper', '--out', path.join(dir, 'partner.upper.csv'), '--json'], dir));
    await imp('lender.h.csv', 'lender', 'lender');
    await imp('partner.h.csv', 'partner', 'partner');
    await imp('partner.other.csv', 'partner_other', 'partner');
    await imp('partner.md5.csv', 'partner_md5', 'partner');
    await imp('partner.upper.csv', 'partner_upper', 'partner');
  });

  it('matches upper-case hex keys to lower-case ones', async () => {
    const r = json<JoinResult>(await join('--left', 'lender', '--right', 'partner_upper', '--on', 'phone_hmac_sha256', '--right-on', 'mobile_hmac_sha256', '--name', 'joined_upper'));
    assert.equal(r.matched, 20);
  });

  it('matches exactly the people both parties have, and reports the match', async () => {
    const r = json<JoinResult>(await join('--left', 'lender', '--right', 'partner', '--on', 'phone_hmac_sha256', '--right-on', 'mobile_hmac_sha256', '--name', 'joined'));
    assert.deepEqual(
      { rows: r.rows, leftRows: r.leftRows, rightRows: r.rightRows, matched: r.matched, matchRateLeft: r.matchRateLeft, matchRateRight: r.matchRateRight, duplicateKeysLeft: r.duplicateKeysLeft, duplicateKeysRight: r.duplicateKeysRight },
      { rows: 20, leftRows: 40, rightRows: 40, matched: 20, matchRateLeft: 0.5, matchRateRight: 0.5, duplicateKeysLeft: 0, duplicateKeysRight: 0 },
    );
  });

  it('keeps every column’s party, and the partner’s features line up with the lender’s rows', async () => {
    const s = createService({ mode: 'cli', settingsDir: dir });
    try {
      const d: DatasetDetail = await s.call('datasets.get', { workspace: ws, dataset: 'joined' });
      assert.deepEqual(d.columns.map((c) => [c.name, c.party]), [['phone_hmac_sha256', 'lender'], ['month', 'lender'], ['bad', 'lender'], ['usage_min', 'partner'], ['city_tier', 'partner']]);
      assert.equal(d.party, 'joint');
      const w = await s.call('datasets.rows', { workspace: ws, dataset: 'joined', offset: 0, limit: 20, columns: ['usage_min'] });
      // lender rows 20..39 are partner rows 0..19, in the lender's order
      assert.deepEqual(w.values[0], Array.from({ length: 20 }, (_, k) => (k * 13) % 300));
    } finally { s.close(); }
  });

  it('a left join shows its matched rows first when asked (datasets rows --matched-first), each with its place in the dataset', async () => {
    json<JoinResult>(await join('--left', 'lender', '--right', 'partner', '--on', 'phone_hmac_sha256', '--right-on', 'mobile_hmac_sha256', '--how', 'left', '--name', 'joined_left_view'));
    const w = json<{ rows: number; total: number; values: (number | null)[][]; rowNumbers: number[] }>(await runCli(['datasets', 'rows', '--workspace', ws, '--dataset', 'joined_left_view', '--columns', 'usage_min', '--limit', '40', '--matched-first', '--json'], dir));
    assert.deepEqual([w.rows, w.total], [40, 40]);
    // Lender rows 20..39 matched: first, in the lender's order; then rows 0..19 without a partner.
    assert.deepEqual(w.rowNumbers, [...Array.from({ length: 20 }, (_, k) => 20 + k), ...Array.from({ length: 20 }, (_, k) => k)]);
    assert.deepEqual(w.values[0], [...Array.from({ length: 20 }, (_, k) => (k * 13) % 300), ...new Array(20).fill(null)]);
  });

  it('renames a party; columns joined in from the other party keep theirs', async () => {
    const d = json<DatasetDetail>(await runCli(['datasets', 'set-party', '--workspace', ws, '--dataset', 'joined', '--party', 'joint session', '--json'], dir));
    assert.equal(d.party, 'joint session');
    assert.deepEqual(d.columns.map((c) => c.party), ['lender', 'lender', 'lender', 'partner', 'partner']);
    const p = json<DatasetDetail>(await runCli(['datasets', 'set-party', '--workspace', ws, '--dataset', 'partner', '--party', 'douyin', '--json'], dir));
    assert.ok(p.columns.every((c) => c.party === 'douyin'));
    const one = json<DatasetDetail>(await runCli(['datasets', 'set-party', '--workspace', ws, '--dataset', 'joined', '--column', 'usage_min', '--party', 'douyin', '--json'], dir));
    assert.equal(one.columns.find((c) => c.name === 'usage_min')!.party, 'douyin');
  });

  it('a left join keeps every lender row, with missing partner features', async () => {
    const r = json<JoinResult>(await join('--left', 'lender', '--right', 'partner', '--on', 'phone_hmac_sha256', '--right-on', 'mobile_hmac_sha256', '--how', 'left', '--name', 'joined_left'));
    assert.deepEqual([r.rows, r.matched], [40, 20]);
    // The lender's columns, copied as they are, keep the lender's profile: the same as profiling them again.
    const db = openWorkspaceDb(ws);
    try {
      const stored = loadProfile(db, getDataset(db, 'joined_left').id, null)!;
      const again = await profileDataset(db, 'joined_left', {}, { signal: { aborted: false }, onProgress: () => {} });
      assert.deepEqual(stored.columns, again.columns);
      assert.deepEqual(stored.columns.slice(0, 3).map((c) => c.name), ['phone_hmac_sha256', 'month', 'bad']);
    } finally {
      db.close();
    }
  });

  it('refuses keys hashed with different secrets: a join that matches nothing', async () => {
    const r = await join('--left', 'lender', '--right', 'partner_other', '--on', 'phone_hmac_sha256', '--right-on', 'mobile_hmac_sha256', '--name', 'nothing');
    assert.equal(r.code, 1);
    assert.equal(err(r.stderr).code, 'NO_MATCH');
    assert.match(err(r.stderr).message, /same secret/);
  });

  it('refuses MD5 keys against SHA-256 keys', async () => {
    const r = await join('--left', 'lender', '--right', 'partner_md5', '--on', 'phone_hmac_sha256', '--right-on', 'mobile_md5', '--name', 'mixed');
    assert.equal(err(r.stderr).code, 'HASH_MISMATCH');
    assert.match(err(r.stderr).message, /md5 \(32 hex digits\)/);
  });

  it('names a missing key column, and leaves no dataset behind on any error', async () => {
    const r = await join('--left', 'lender', '--right', 'partner', '--on', 'nope', '--name', 'bad');
    assert.equal(err(r.stderr).code, 'NOT_FOUND');
    assert.match(err(r.stderr).message, /has no key column 'nope'/);
    const names = json<{ name: string }[]>(await runCli(['datasets', '--workspace', ws, '--json'], dir)).map((d) => d.name);
    assert.deepEqual(names, ['lender', 'partner', 'partner_other', 'partner_md5', 'partner_upper', 'joined_upper', 'joined', 'joined_left_view', 'joined_left']);
  });

  it('counts duplicate keys and applies the policy', async () => {
    const dupFile = write(dir, 'dup.csv', `k,x\n${['a', 'b', 'b', 'c'].map((k, i) => `${k},${i}`).join('\n')}\n`);
    const keysFile = write(dir, 'keys.csv', 'k,y\na,1\nb,2\nd,3\n');
    await runCli(['import', dupFile, '--workspace', ws, '--name', 'dup', '--type', 'k=key', '--json'], dir);
    await runCli(['import', keysFile, '--workspace', ws, '--name', 'keys', '--type', 'k=key', '--json'], dir);
    const refused = await join('--left', 'dup', '--right', 'keys', '--on', 'k', '--name', 'd1');
    assert.match(err(refused.stderr).message, /1 duplicate keys/);
    const first = json<JoinResult>(await join('--left', 'dup', '--right', 'keys', '--on', 'k', '--duplicates', 'first', '--name', 'd2'));
    assert.deepEqual([first.rows, first.matched, first.duplicateKeysLeft, first.duplicateKeysRight], [2, 2, 1, 0]);
  });
});
