import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { DatasetDetail, DatasetInfo } from '../../types/dataset';
import type { WireError } from '../../types/errors';
import { json, runCli } from '../helpers/cli';
import { SHARED_DATA, tempDir } from '../helpers/temp';

describe('CLI: change a column role, delete a dataset, make a session secret', () => {
  const dir = tempDir();
  const ws = path.join(dir, 'edit.jsw');
  const err = (stderr: string) => (JSON.parse(stderr) as { error: WireError }).error;
  before(async () => {
    json(await runCli(['workspace', 'create', ws, '--json'], dir));
    json(await runCli(['import', path.join(SHARED_DATA, 'hmeq.csv'), '--workspace', ws, '--json'], dir));
    json(await runCli(['import', path.join(SHARED_DATA, 'germancredit.csv'), '--workspace', ws, '--json'], dir));
  });

  it('sets a role, and refuses an unknown role or column without changing anything', async () => {
    const d = json<DatasetDetail>(await runCli(['datasets', 'set-role', '--workspace', ws, '--dataset', 'hmeq', '--column', 'JOB', '--role', 'exclude', '--json'], dir));
    assert.equal(d.columns.find((c) => c.name === 'JOB')!.role, 'exclude');
    const profile = json<{ columns: { name: string; role: string }[] }>(await runCli(['profile', '--workspace', ws, '--dataset', 'hmeq', '--json'], dir));
    assert.equal(profile.columns.find((c) => c.name === 'JOB')!.role, 'exclude', 'a stored profile shows the current role');
    const bad = await runCli(['datasets', 'set-role', '--workspace', ws, '--dataset', 'hmeq', '--column', 'JOB', '--role', 'weird', '--json'], dir);
    assert.equal(err(bad.stderr).code, 'INVALID_ARGUMENT');
    const missing = await runCli(['datasets', 'set-role', '--workspace', ws, '--dataset', 'hmeq', '--column', 'nope', '--role', 'feature', '--json'], dir);
    assert.match(err(missing.stderr).message, /no column 'nope'/);
  });

  it('deletes a dataset and all its columns; an unknown name is an error', async () => {
    const left = json<DatasetInfo[]>(await runCli(['datasets', 'delete', '--workspace', ws, '--dataset', 'germancredit', '--json'], dir));
    assert.deepEqual(left.map((d) => d.name), ['hmeq']);
    const again = await runCli(['datasets', 'delete', '--workspace', ws, '--dataset', 'germancredit', '--json'], dir);
    assert.equal(err(again.stderr).code, 'NOT_FOUND');
    const audit = json<{ action: string }[]>(await runCli(['audit', 'list', '--workspace', ws, '--json'], dir));
    assert.deepEqual(audit.map((a) => a.action).slice(-2), ['dataset.setRole', 'dataset.delete']);
  });

  it('writes a new 256-bit secret readable by its owner only, and never overwrites one', async () => {
    const file = path.join(dir, 'secret.txt');
    const r = json<{ path: string }>(await runCli(['secret', 'generate', file, '--json'], dir));
    assert.equal(r.path, file);
    assert.match(fs.readFileSync(file, 'utf8'), /^[0-9a-f]{64}\n$/);
    assert.equal(fs.statSync(file).mode & 0o077, 0);
    const before = fs.readFileSync(file, 'utf8');
    const again = await runCli(['secret', 'generate', file, '--json'], dir);
    assert.equal(err(again.stderr).code, 'ALREADY_EXISTS');
    assert.equal(fs.readFileSync(file, 'utf8'), before);
  });
});
