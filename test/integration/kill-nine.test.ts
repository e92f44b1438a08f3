import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { json, runCli } from '../helpers/cli';
import { REPO, tempDir } from '../helpers/temp';

/** Starts the CLI and kills it with SIGKILL after `ms`; resolves with whether it had already finished. */
function killAfter(args: string[], settingsDir: string, ms: number): Promise<{ finished: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO, 'bin', 'jointscore.cjs'), ...args], { env: { ...process.env, JOINTSCORE_SETTINGS_DIR: settingsDir }, stdio: 'ignore' });
    let finished = false;
    child.on('exit', (code, signal) => { finished = signal === null && code !== null; resolve({ finished }); });
    setTimeout(() => { if (!finished) child.kill('SIGKILL'); }, ms);
  });
}

describe('kill -9 at any moment leaves the workspace whole: it opens, passes integrity_check, its audit verifies, nothing half-written', () => {
  const dir = tempDir();
  const ws = path.join(dir, 'k.jsw');
  const csv = path.join(dir, 'rows.csv');
  const cli = (...args: string[]) => runCli(args, dir);

  const checkWhole = async (what: string) => {
    const db = new Database(ws, { readonly: true });
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok', `${what}: integrity_check`);
      for (const d of db.prepare('SELECT id, name, row_count AS rows FROM datasets').all() as { id: number; name: string; rows: number }[]) {
        const stored = db.prepare('SELECT COALESCE(SUM(c.row_count), 0) FROM column_chunks c JOIN columns k ON k.id = c.column_id WHERE k.dataset_id = ? AND k.position = 0').pluck().get(d.id) as number;
        assert.equal(stored, d.rows, `${what}: dataset '${d.name}' holds all its rows or is not there`);
      }
    } finally {
      db.close();
    }
    assert.equal(json<{ ok: boolean }>(await cli('audit', 'verify', '--workspace', ws, '--json')).ok, true, `${what}: audit verifies`);
  };

  before(async () => {
    const n = 200_000;
    const lines = ['id,x1,x2,x3,grade,bad'];
    for (let i = 0; i < n; i++) lines.push(`u${i},${(i * 7919) % 1000},${(i * 104729) % 97 / 7},${i % 13},${'ABCDE'[i % 5]},${(i % 13) / 3 + (i % 5) / 2 + ((i * 2654435761) % 1000) / 100 > 10 ? 1 : 0}`);
    fs.writeFileSync(csv, `${lines.join('\n')}\n`);
    json(await cli('workspace', 'create', ws, '--json'));
    json(await cli('import', csv, '--workspace', ws, '--name', 'base', '--json'));
    json(await cli('split', '--workspace', ws, '--dataset', 'base', '--random', '0.7', '--seed', '1', '--target', 'bad', '--json'));
    const partner = path.join(dir, 'partner.csv');
    fs.writeFileSync(partner, `id,usage\n${Array.from({ length: n }, (_, i) => `u${(i * 7) % n},${i % 97}`).join('\n')}\n`);
    json(await cli('import', partner, '--workspace', ws, '--name', 'partner', '--party', 'partner', '--json'));
  });

  it('import, bin, train, join and export killed at several moments', async () => {
    const steps: [string, string[]][] = [
      ['import', ['import', csv, '--workspace', ws, '--name', 'again']],
      ['bin', ['bin', '--workspace', ws, '--dataset', 'base', '--target', 'bad']],
      ['train', ['train', '--workspace', ws, '--dataset', 'base', '--target', 'bad', '--model', 'scorecard-lr', '--features', 'x1,x3,grade', '--no-selection']],
      ['join', ['join', '--workspace', ws, '--left', 'base', '--right', 'partner', '--on', 'id', '--how', 'left', '--name', 'joined']],
    ];
    let interrupted = 0;
    for (const [name, args] of steps) {
      for (const ms of [150, 600, 1500]) {
        if (!(await killAfter(args, dir, ms)).finished) interrupted++;
        await checkWhole(`${name} killed after ${ms} ms`);
      }
    }
    assert.ok(interrupted >= 8, `most kills landed before the command finished (${interrupted} of 12)`);
    // Each command, left alone, succeeds: the kills interrupted real work.
    assert.equal(json<{ matched: number }>(await cli('join', '--workspace', ws, '--left', 'base', '--right', 'partner', '--on', 'id', '--how', 'left', '--name', 'joined_whole', '--json')).matched, 200_000);
    // An export killed part-way leaves at most `.partial-PID` leftovers, which the next export clears.
    json(await cli('bin', '--workspace', ws, '--dataset', 'base', '--target', 'bad', '--json'));
    const model = json<{ modelId: number }>(await cli('train', '--workspace', ws, '--dataset', 'base', '--target', 'bad', '--model', 'scorecard-lr', '--features', 'x1,x3,grade', '--no-selection', '--json')).modelId;
    json(await cli('scorecard', '--workspace', ws, '--model', String(model), '--json'));
    for (const ms of [300, 700, 1200]) {
      const out = path.join(dir, `bundle-${ms}`);
      const r = await killAfter(['export', '--workspace', ws, '--model', String(model), '--out', out, '--min-bin-rows', '1'], dir, ms);
      await checkWhole(`export killed after ${ms} ms`);
      // Whole (folder, zip and audit entry) or absent.
      const exported = fs.existsSync(path.join(out, 'manifest.json'));
      assert.equal(fs.existsSync(`${out}.zip`), exported, `export after ${ms} ms: folder and zip together (finished: ${r.finished})`);
    }
    json(await cli('export', '--workspace', ws, '--model', String(model), '--out', path.join(dir, 'bundle-final'), '--min-bin-rows', '1', '--json'));
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('.partial-')), [], 'no debris after the next export');
    await checkWhole('after all');
  });
});
