import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

describe('monitor --decisions: bad input is refused by name', () => {
  const dir = tempDir();
  const log = path.join(dir, 'rta.jsonl');
  const decision = (user: string, model: string) => JSON.stringify({ event: 'request', outcome: 'bid', bid: true, model, user });
  fs.writeFileSync(log, `${decision('u1', 'champion')}\n${decision('u2', 'challenger')}\n`);
  const run = (args: string[]) => runCli(['monitor', ...args, '--json'], dir);
  const error = (stderr: string) => (JSON.parse(stderr) as { error: { code: string; message: string; details: Record<string, unknown> } }).error;

  it('an outcome other than 0, 1 or empty, naming the file, row and column', async () => {
    const outcomes = path.join(dir, 'outcomes.csv');
    fs.writeFileSync(outcomes, 'user,responded\nu1,1\nu2,yes\n');
    const r = await run(['--decisions', log, '--outcomes', outcomes, '--response', 'responded']);
    assert.equal(r.code, 1);
    const e = error(r.stderr);
    assert.equal(e.code, 'INVALID_ARGUMENT');
    assert.deepEqual([e.details.file, e.details.row, e.details.column, e.details.expected], [outcomes, 2, 'responded', '0, 1 or empty']);
  });

  it('a log without decisions that name their model, a line that is not JSON, a missing outcome column, no outcome named', async () => {
    const empty = path.join(dir, 'empty.jsonl');
    fs.writeFileSync(empty, `${JSON.stringify({ event: 'listening', port: 1 })}\n`);
    const outcomes = path.join(dir, 'ok.csv');
    fs.writeFileSync(outcomes, 'user,responded\nu1,1\n');
    let r = await run(['--decisions', empty, '--outcomes', outcomes, '--response', 'responded']);
    assert.match(error(r.stderr).message, /holds no logged decision naming its model and user: serve with --log-sample/);
    const broken = path.join(dir, 'broken.jsonl');
    fs.writeFileSync(broken, `${decision('u1', 'champion')}\n{"event":"request",\n`);
    r = await run(['--decisions', broken, '--outcomes', outcomes, '--response', 'responded']);
    assert.deepEqual([error(r.stderr).code, error(r.stderr).details.line], ['UNSUPPORTED_FORMAT', 2]);
    r = await run(['--decisions', log, '--outcomes', outcomes, '--response', 'clicked']);
    assert.deepEqual([error(r.stderr).details.column, r.code], ['clicked', 1]);
    r = await run(['--decisions', log, '--outcomes', outcomes]);
    assert.match(error(r.stderr).message, /at least one outcome column/);
  });
});
